"""The store of owner texts' readings (build/cache/markdown.json): a warm check says exactly what a
cold one says, reads nothing it need not, and no stored entry can make an unsafe text pass."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import BASE, ROOT, TODAY

from generator.content import cache
from generator.content.markdown import Reader
from generator.content.source import parse_markdown

SOP = "content/teams/it/sops/outage.md"
FAQ = "content/teams/it/faq.yml"
FRONT = "---\ntitle: Outage\nreviewed: 2026-10-01\n---\n\n"
CLEAN = "# Outage\n\nRestart the router, then [read the FAQ](../faq.md#vpn).\n\n## Steps\n\nWait.\n"
UNSAFE = CLEAN + "\n<img src=x onerror=alert(1)>\n"
ANSWER = "questions:\n  - id: vpn\n    question: VPN?\n    answer: |\n      Open the client.\n\n      ## Details\n\n      Log in.\n"


def organisation(root: Path, body: str = CLEAN, extra: dict[str, str] | None = None) -> Path:
    for rel, text in {**BASE, SOP: FRONT + body, FAQ: ANSWER, **(extra or {})}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if rel in BASE else text, encoding="utf-8")
    config = root / "mkdocs.yml"
    if not config.exists():
        config.write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    return root


def check(root: Path, keys: Path, *args: str) -> subprocess.CompletedProcess:
    """`portal check` in its own process, with the signing key kept in keys (the user's cache folder)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(keys),
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "generator", "check", "--today", TODAY, *args], cwd=root, env=env,
                          capture_output=True, text=True)


def stored(root: Path) -> tuple[bytes, dict, dict]:
    """The store's signature, entries and larger parts."""
    signature, _, rest = (root / "build/cache/markdown.json").read_bytes().partition(b"\n")
    body, _, heavy = rest.partition(b"\n")
    return signature, json.loads(body), json.loads(heavy)


def sign(keys: Path, entries: dict, heavy: dict) -> bytes:
    """A store file as the portal writes it, signed with the key in keys: what someone who holds
    that key (or thinks the key does not matter) would plant."""
    key = bytes.fromhex((keys / "knowledge-portal/cache-key").read_text())
    body = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode()
    for name, (_, text) in heavy.items():
        heavy[name] = [cache._sign(key, entries["context"].encode(), name.encode(), text.encode()), text]
    return (cache._sign(key, body).encode() + b"\n" + body + b"\n"
            + json.dumps(heavy, ensure_ascii=False, separators=(",", ":")).encode())


def parse_key(body: str) -> str:
    """The store's key of the SOP's body as the check reads it (the text after the front matter)."""
    return cache.ReadingStore.key(parse_markdown(FRONT + body, SOP)[0].body, "Outage")


def valid(root: Path, keys: Path) -> bool:
    signature, _, rest = (root / "build/cache/markdown.json").read_bytes().partition(b"\n")
    key = bytes.fromhex((keys / "knowledge-portal/cache-key").read_text())
    return signature.decode() == cache._sign(key, rest.partition(b"\n")[0])


def line_of(needle: str, text: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_an_edited_text_is_read_again(tmp_path):
    root, keys = organisation(tmp_path / "org"), tmp_path / "keys"
    first = check(root, keys)
    assert first.returncode == 0, first.stdout + first.stderr
    assert (root / "build/cache/markdown.json").is_file()
    (root / SOP).write_text(FRONT + UNSAFE, encoding="utf-8")
    second = check(root, keys)
    assert second.returncode == 1
    line = line_of("<img", FRONT + UNSAFE)
    assert f"{SOP}:{line}:1: error[unsafe-html]: the event handler onerror= on <img> is not allowed" in second.stdout


@pytest.mark.parametrize(("body", "found"), [
    (UNSAFE + "<a href=\"javascript:alert(1)\">x</a>\n", "error[unsafe-html]"),
    (CLEAN + "\nSee [nothing](../pages/none.md) and [no anchor](../faq.md#nowhere).\n", "warning[broken-link]"),
])
def test_warm_check_says_what_the_cold_one_says(tmp_path, body, found):
    root, keys = organisation(tmp_path / "org", body), tmp_path / "keys"
    cold = check(root, keys, "--strict")
    warm = check(root, keys, "--strict")
    assert cold.returncode == warm.returncode == 1
    assert cold.stdout.count(found) == 2, cold.stdout
    assert warm.stdout == cold.stdout and warm.stderr == cold.stderr


def test_a_warm_check_parses_nothing(tmp_path, monkeypatch, capsys):
    root = organisation(tmp_path / "org", UNSAFE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "keys"))
    monkeypatch.chdir(root)
    from generator.cli import main

    assert main(["check", "--today", TODAY]) == 1
    cold = capsys.readouterr().out

    def parse(*args):
        raise AssertionError("a text was parsed again")

    monkeypatch.setattr(Reader, "_parse_anew", parse)
    assert main(["check", "--today", TODAY]) == 1
    assert capsys.readouterr().out == cold


def checked_organisation(tmp_path: Path, monkeypatch) -> tuple:
    """The organisation checked in this process, as a build checks it: (what the check gave, options)."""
    from generator.pipeline import Options, check_content

    root = organisation(tmp_path / "org")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "keys"))
    monkeypatch.chdir(root)
    options = Options(today=__import__("datetime").date.fromisoformat(TODAY))
    checked = check_content(options, history=False)
    assert checked.content is not None
    return checked, options


def test_a_build_parses_each_text_once(tmp_path, monkeypatch, parses):
    """The check and the search index read the same parse, though they read a YAML answer at
    different places (its line in faq.yml, and as a text of its own)."""
    from generator.pipeline import index_content

    checked, options = checked_organisation(tmp_path, monkeypatch)
    index_content(checked.content, options)
    assert ("Open the client.\n\n## Details\n\nLog in.\n", None) in parses
    assert len(parses) == len(set(parses)), [p for p in parses if parses.count(p) > 1]


def test_the_index_places_no_text(tmp_path, monkeypatch):
    """The search index needs a text's words and headings, not where its constructs are written:
    it places nothing (placing was a third of a cold build's index), and so adds nothing to the
    store the check saved."""
    from generator.pipeline import index_content

    checked, options = checked_organisation(tmp_path, monkeypatch)
    root = Path.cwd()
    placed: list[str] = []
    place = Reader._place
    monkeypatch.setattr(Reader, "_place", lambda self, parsed, source, *rest: placed.append(source)
                        or place(self, parsed, source, *rest))
    saved = (root / "build/cache/markdown.json").read_bytes()
    docs, _ = index_content(checked.content, options, searchable=False)
    assert placed == []
    assert (root / "build/cache/markdown.json").read_bytes() == saved
    answer = next(d for d in docs if d.kind == "faq" and d.team == "it")
    assert "Open the client." in answer.body and "Log in." in answer.body
    outage = {d.title: d for d in docs if d.url.startswith(("teams/it/sops/outage", "/teams/it/sops/outage"))}
    assert outage["Steps"].body == "Wait.", outage


def test_a_build_reads_from_the_saved_store_what_it_let_go_of(tmp_path, monkeypatch, parses):
    """Once the check has saved its readings, a build lets go of them (a cold build's largest
    part of memory) before its steps: the index reads them from the file, parsing nothing again."""
    from generator.pipeline import Options, build

    root = organisation(tmp_path / "org")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "keys"))
    monkeypatch.chdir(root)
    held: list[int] = []
    release = cache.ReadingStore.release

    def released(self):
        release(self)
        held.append(len(self.heavy))

    monkeypatch.setattr(cache.ReadingStore, "release", released)
    outcome = build(Options(today=__import__("datetime").date.fromisoformat(TODAY), jobs=1))
    assert not outcome.failed(True), outcome.diagnostics
    assert held and set(held) == {0}  # after the check, and in the index once its documents are made
    assert ("Open the client.\n\n## Details\n\nLog in.\n", None) in parses
    assert len(parses) == len(set(parses)), [p for p in parses if parses.count(p) > 1]


def test_a_store_keeps_in_memory_what_it_has_not_saved_yet(tmp_path):
    """release() lets go only of the larger parts the file holds: one read since the last save
    is still saved."""
    store = cache.ReadingStore(tmp_path / "cache", "context", key=b"k" * 32)
    store.put_parse("saved", {"n": 1}, {"html": "<p>one</p>"})
    store.save()
    store.put_parse("new", {"n": 2}, {"html": "<p>two</p>"})
    store.release()
    assert set(store.heavy) == {"new"}
    store.save()
    again = cache.ReadingStore(tmp_path / "cache", "context", key=b"k" * 32)
    assert {key: again.parse(key)[1]() for key in ("saved", "new")} == {"saved": {"html": "<p>one</p>"},
                                                                      "new": {"html": "<p>two</p>"}}


def test_a_run_that_adds_no_larger_part_saves_without_decoding_them(tmp_path, monkeypatch):
    """A run that read known texts at new places (the index of a cold build) writes its entries
    and keeps the file's larger parts as they are, undecoded; they still read back."""
    store = cache.ReadingStore(tmp_path / "cache", "context", key=b"k" * 32)
    store.put_parse("text", {"n": 1}, {"html": "<p>one</p>"})
    store.save()
    third = (tmp_path / "cache" / cache.FILE).read_bytes().split(b"\n", 2)[2]
    later = cache.ReadingStore(tmp_path / "cache", "context", key=b"k" * 32)
    assert later.parse("text") is not None
    later.put_placement("place", "text", {"line": 3})
    decoded: list[bytes] = []
    json_dict = cache._json_dict
    monkeypatch.setattr(cache, "_json_dict", lambda text: decoded.append(text) or json_dict(text))
    later.save()
    assert decoded == []
    assert (tmp_path / "cache" / cache.FILE).read_bytes().split(b"\n", 2)[2] == third
    monkeypatch.undo()
    again = cache.ReadingStore(tmp_path / "cache", "context", key=b"k" * 32)
    assert again.placement("place") == {"line": 3} and again.parse("text")[1]() == {"html": "<p>one</p>"}


def test_a_changed_markdown_setting_is_read_anew(tmp_path):
    attribute = "# Outage\n\n[Help](https://example.com){onclick=\"alert(1)\"}\n"
    root, keys = organisation(tmp_path / "org", attribute), tmp_path / "keys"
    (root / "mkdocs.yml").write_text("site_name: Test\nmarkdown_extensions:\n  - toc\n", encoding="utf-8")
    assert check(root, keys).returncode == 0  # without attr_list the braces are text
    (root / "mkdocs.yml").write_text("site_name: Test\nmarkdown_extensions:\n  - toc\n  - attr_list\n",
                                     encoding="utf-8")
    result = check(root, keys)
    assert result.returncode == 1
    assert re.search(rf"{SOP}:8:\d+: error\[unsafe-html\]: the event handler onclick= on <a> is not allowed",
                     result.stdout), result.stdout


def test_a_changed_policy_is_judged_anew(tmp_path):
    frame = "# Outage\n\n<iframe src=\"https://video.example.com/embed/1\"></iframe>\n"
    settings = textwrap.dedent(BASE["content/portal.yml"])
    root, keys = organisation(tmp_path / "org", frame, {"content/portal.yml": settings
                                                       + "embeds:\n  - https://video.example.com\n"}), tmp_path / "keys"
    assert check(root, keys).returncode == 0
    (root / "content/portal.yml").write_text(settings, encoding="utf-8")
    result = check(root, keys)
    assert result.returncode == 1
    assert "error[unsafe-html]: an <iframe> from 'https://video.example.com/embed/1' is not allowed" in result.stdout


def forged(root: Path) -> tuple[dict, dict]:
    """The store's entries with every verdict made clean: what an attacker would plant."""
    _, entries, heavy = stored(root)
    for entry in entries["parses"].values():
        entry["notes"] = {name: [] for name in entry["notes"]}
    return entries, heavy


def test_a_planted_store_cannot_make_an_unsafe_text_pass(tmp_path):
    root = organisation(tmp_path / "org", UNSAFE)
    attacker, victim = tmp_path / "attacker", tmp_path / "victim"
    assert check(root, attacker).returncode == 1
    planted = sign(attacker, *forged(root))
    (root / "build/cache/markdown.json").write_bytes(planted)
    # The forgery is well made: under the key it was signed with, the store believes it.
    assert check(root, attacker).returncode == 0
    (root / "build/cache/markdown.json").write_bytes(planted)
    result = check(root, victim)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "error[unsafe-html]: the event handler onerror= on <img> is not allowed" in result.stdout


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "an address not text", "places missing",
                                    "headings not a list", "wrong larger parts"])
def test_a_damaged_store_is_ignored_and_rebuilt(tmp_path, damage):
    root, keys = organisation(tmp_path / "org", UNSAFE), tmp_path / "keys"
    cold = check(root, keys)
    path = root / "build/cache/markdown.json"
    whole = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(os.urandom(5000))
    elif damage == "truncated":
        path.write_bytes(whole[: len(whole) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage in ("an address not text", "places missing", "headings not a list"):
        # Signed with the right key, so only the decoding stands guard.
        _, entries, heavy = stored(root)
        for entry in entries["placements"].values():
            if damage == "an address not text":
                entry["data"]["urls"] = [["a", "href", 5, 1, 1, None, False]]
            elif damage == "places missing":
                entry["data"]["elements"] = []
        for entry in entries["parses"].values():
            if damage == "headings not a list":
                entry["data"]["headings"] = {"not": "a list"}
        path.write_bytes(sign(keys, entries, heavy))
    else:
        _, entries, heavy = stored(root)
        heavy = {name: ["", json.dumps({"html": 7, "elements": "<script>"})] for name in heavy}
        for entry in entries["parses"].values():
            entry["notes"] = {}  # so the verdict must be made again, from the larger part
        path.write_bytes(sign(keys, entries, heavy))
    result = check(root, keys)
    assert "Traceback" not in result.stderr
    assert (result.returncode, result.stdout, result.stderr) == (cold.returncode, cold.stdout, cold.stderr)
    assert valid(root, keys)  # written anew, whole and signed
    assert check(root, keys).stdout == cold.stdout


def test_old_readings_are_dropped(tmp_path):
    root, keys = organisation(tmp_path / "org"), tmp_path / "keys"
    versions = [CLEAN + f"\nEdit number {n}.\n" for n in range(cache.KEEP_RUNS + 3)]
    counts = []
    for body in versions:
        (root / SOP).write_text(FRONT + body, encoding="utf-8")
        assert check(root, keys).returncode == 0
        counts.append(len(stored(root)[1]["parses"]))
    _, entries, heavy = stored(root)
    # The first versions of the page are gone; the last KEEP_RUNS runs' are kept.
    keys_of = [parse_key(body) for body in versions]
    assert not any(k in entries["parses"] for k in keys_of[:3])
    assert all(k in entries["parses"] for k in keys_of[-cache.KEEP_RUNS:])
    assert set(heavy) == set(entries["parses"])
    assert counts[-1] == counts[cache.KEEP_RUNS - 1], counts  # it stopped growing


def test_two_checks_at_once_keep_both_readings(tmp_path):
    """Two checks sharing a build directory save at the same time: the file stays whole and holds
    what both read."""
    root, keys = tmp_path / "org", tmp_path / "keys"
    organisation(root / "one")
    organisation(root / "two", CLEAN.replace("Restart", "Unplug"))
    (root / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(keys),
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    runs = [subprocess.Popen([sys.executable, "-m", "generator", "check", "--today", TODAY, "--content",
                              f"{name}/content"], cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for name in ("one", "two")]
    for run in runs:
        run.wait()
        assert run.returncode == 0, run.stderr.read()
    _, entries, _ = stored(root)
    assert valid(root, keys)
    for body in (CLEAN, CLEAN.replace("Restart", "Unplug")):
        assert parse_key(body) in entries["parses"]


def test_check_finds_the_anchors_of_pages_it_writes_only_when_read(tmp_path):
    """`portal check` writes a team's or article's page only when a link names one of its anchors:
    a heading of the text, a generated section's, and one that is not there."""
    answer = ("questions:\n  - id: vpn\n    question: VPN?\n    answer: See [steps](sops/outage.md#steps), "
              "[procedures](index.md#procedures) and [nothing](sops/outage.md#nope).\n")
    root, keys = organisation(tmp_path / "org", extra={FAQ: answer}), tmp_path / "keys"
    result = check(root, keys)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = [line for line in result.stdout.splitlines() if "warning[broken-link]" in line]
    assert broken == [f"{FAQ}:4:84: warning[broken-link]: the link to 'sops/outage.md#nope' leads nowhere: no "
                      "question or heading 'nope' on that page"], result.stdout
