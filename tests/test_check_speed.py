"""What makes `portal check` fast keeps it saying the same: the YAML kept between runs
(build/cache/yaml.json) is used only for the very text it was read from, with its values' types,
and texts (and the pages links point into) read ahead in several processes give what one
process gives, in the same order."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TODAY
from test_check_cache import FAQ, SOP, check, organisation

from generator.content import load as loading

# A title YAML reads as a date: the schema wants text, and says what it found (a date, not a string).
DATED = "---\ntitle: 2026-10-01\nreviewed: 2026-10-01\n---\n\n# Outage\n\nWait.\n"
# The same file with its error moved down two lines, and its title made a number.
MOVED = "---\n# a comment\n# another\ntitle: 42\nreviewed: 2026-10-01\n---\n\n# Outage\n\nWait.\n"


def lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("content/")]


def test_a_warm_check_reports_a_changed_front_matter_at_its_line(tmp_path):
    root, keys = organisation(tmp_path / "org"), tmp_path / "keys"
    assert check(root, keys).returncode == 0
    assert (root / "build/cache/yaml.json").is_file()
    (root / SOP).write_text(DATED, encoding="utf-8")
    first = check(root, keys)
    assert first.returncode == 1
    assert f"{SOP}:2:8: error[wrong-type]: title: expected text, found the date 2026-10-01" in lines(first)
    (root / SOP).write_text(MOVED, encoding="utf-8")
    second = check(root, keys)
    assert f"{SOP}:4:8: error[wrong-type]: title: expected text, found the number 42" in lines(second)
    assert not any("2026-10-01" in line for line in lines(second))


def test_warm_and_cold_checks_agree_on_yaml_values(tmp_path):
    """Dates, numbers, booleans and nesting come back from the store as YAML made them."""
    faq = ("questions:\n  - id: vpn\n    question: 2026-01-02\n    answer: 7\n    tags: [true, 1.5, x]\n"
           "  - id: vpn\n    question: Twice?\n    answer: Yes.\n  - id: vpn\n    question: Thrice?\n    answer: Yes.\n")
    root, keys = organisation(tmp_path / "org", extra={FAQ: faq, SOP: DATED}), tmp_path / "keys"
    cold = check(root, keys, "--jobs", "1")
    assert (root / "build/cache/yaml.json").is_file()
    warm = check(root, keys, "--jobs", "1")
    assert cold.returncode == warm.returncode == 1
    assert "found the date 2026-01-02" in cold.stdout and "found the date 2026-10-01" in cold.stdout
    for found in ("the number 7", "'true'", "the number 1.5"):
        assert f"expected text, found {found}" in cold.stdout
    assert "faq.yml:9:9: error[duplicate-id]" in cold.stdout
    assert warm.stdout == cold.stdout and warm.stderr == cold.stderr


def test_a_stored_document_is_used_only_for_its_own_text(tmp_path, monkeypatch):
    """The same front matter in two files is read twice (each names its own file); an unchanged
    file is not parsed again; a file changed by a byte is."""
    root = organisation(tmp_path / "org")
    other = root / "content/teams/it/sops/restart.md"
    other.write_text((root / SOP).read_text(encoding="utf-8"), encoding="utf-8")
    parsed: list[str] = []
    original = loading.parse_yaml

    def counted(text, display, line_offset=0):
        parsed.append(display)
        return original(text, display, line_offset)

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "keys"))
    monkeypatch.setattr(loading, "parse_yaml", counted)
    cache_dir = root / "build/cache"
    loading.load(root / "content", cache_dir)
    assert f"{other.relative_to(root)}" in parsed and SOP in parsed
    parsed.clear()
    content, diagnostics = loading.load(root / "content", cache_dir)
    assert parsed == [] and diagnostics == []
    articles = content.teams["it"].sops
    assert sorted(a.meta.doc.path for a in articles) == sorted([SOP, str(other.relative_to(root))])
    other.write_text(other.read_text(encoding="utf-8").replace("Outage", "Outagf", 1), encoding="utf-8")
    loading.load(root / "content", cache_dir)
    assert parsed == [str(other.relative_to(root))]


MANY = 80  # texts enough for two processes' shares (checks.ahead.MIN_SHARE each)


def many_pages(root: Path) -> Path:
    """An organisation of MANY procedures, every fifth with HTML the sanitiser would take out."""
    extra = {}
    for n in range(MANY):
        body = f"# Step {n}\n\nDo [this](../faq.md#vpn).\n"
        if n % 5 == 0:
            body += f"\n<img src=x{n} onerror=alert({n})>\n\n<div>open\n"
        extra[f"content/teams/it/sops/step-{n:02d}.md"] = f"---\ntitle: Step {n}\nreviewed: 2026-10-01\n---\n\n{body}"
    return organisation(root, extra=extra)


def test_a_parallel_cold_check_prints_what_one_process_prints(tmp_path):
    one = check(many_pages(tmp_path / "one"), tmp_path / "keys", "--jobs", "1")
    two = check(many_pages(tmp_path / "two"), tmp_path / "keys", "--jobs", "2")
    assert one.returncode == two.returncode == 1
    assert sum("error[unsafe-html]" in line for line in lines(one)) == MANY // 5 * 2  # the tag and the open <div>
    assert two.stdout == one.stdout and two.stderr == one.stderr
    warm = check(tmp_path / "two", tmp_path / "keys", "--jobs", "2")
    assert warm.stdout == one.stdout


def checked_in_two(root: Path, keys: Path, monkeypatch):
    """root's organisation checked in this process with two jobs, as `portal check --jobs 2` (the
    signing key kept in keys)."""
    from datetime import date

    from generator.pipeline import Options, check_content

    monkeypatch.setenv("XDG_CACHE_HOME", str(keys))
    monkeypatch.chdir(root)
    return check_content(Options(today=date.fromisoformat(TODAY), jobs=2), history=False, publish=False)


@pytest.fixture
def even_parses(monkeypatch, parses) -> Iterator[list[tuple[str, str | None]]]:
    """parses, each made to take 10 ms more, in every process: the processes then take their
    runs of texts at the same pace whatever else the machine runs, so each parses about its
    share (on a busy machine this one could otherwise read most before the others start).
    What a process hands over must be only what it read: nothing the store knew already."""
    from generator.checks import ahead
    from generator.content.cache import ReadingStore
    from generator.content.markdown import Reader

    counted = Reader._parse_anew

    def slowed(self, source, title):
        time.sleep(0.01)
        return counted(self, source, title)

    monkeypatch.setattr(Reader, "_parse_anew", slowed)
    merge, known = ReadingStore.merge, []

    def merged(self, entries):
        known.extend(key for key in entries["parses"] if self.known(key))
        merge(self, entries)

    monkeypatch.setattr(ReadingStore, "merge", merged)
    # Runs of two: a process that starts a little late still takes about its share.
    monkeypatch.setattr(ahead, "CHUNK", 2)
    yield parses
    assert not known, f"processes handed over {len(known)} parses the store held already"


def test_a_parallel_check_shares_the_reading_out(tmp_path, monkeypatch, even_parses):
    """This process parses only its own share; the others' parses reach its store."""
    checked = checked_in_two(many_pages(tmp_path / "org"), tmp_path / "keys", monkeypatch)
    assert sum("step-" in d.path for d in checked.diagnostics) == MANY // 5 * 2  # the tag and the open <div>
    assert MANY // 3 < len(even_parses) < MANY * 2 // 3


def test_a_process_that_dies_holding_the_counter_leaves_the_texts_to_the_check(tmp_path, monkeypatch, parses):
    """The runs of texts are taken under a lock the processes share; one held for ever (by a
    process that ended inside it, as one killed there would) makes every process leave the rest,
    which the check then reads itself, the same. A process that waited for ever would hang the
    check: the alarm fails the test instead."""
    import multiprocessing
    import signal

    from generator.checks import ahead

    made, counters = ahead._Chunks.__init__, []

    def held(self, items):
        made(self, items)
        holder = multiprocessing.get_context("fork").Process(target=self.taken.get_lock().acquire)
        holder.start()
        holder.join()
        counters.append(self.taken)

    def waited(signum, frame):
        raise TimeoutError("a process waited for ever on the counter's lock")

    monkeypatch.setattr(ahead._Chunks, "__init__", held)
    monkeypatch.setattr(ahead, "LOCK_WAIT", 0.05)
    before = signal.signal(signal.SIGALRM, waited)
    signal.alarm(60)
    try:
        checked = checked_in_two(many_pages(tmp_path / "org"), tmp_path / "keys", monkeypatch)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
    assert counters and all(counter.get_obj().value == 0 for counter in counters)  # no run was taken
    assert sum("step-" in d.path for d in checked.diagnostics) == MANY // 5 * 2
    assert sum("Do [this]" in source for source, _ in parses) == MANY  # every procedure, by this process


def anchored_pages(root: Path) -> Path:
    """An organisation of MANY procedures, each linking into the next one's section, every
    seventh also to a section the next one does not have."""
    extra = {}
    for n in range(MANY):
        following = (n + 1) % MANY
        body = f"Start here.\n\n## Part {n}\n\nThen [the next](step-{following:02d}.md#part-{following}).\n"
        if n % 7 == 0:
            body += f"\nOr [this](step-{following:02d}.md#part-{n}).\n"
        extra[f"content/teams/it/sops/step-{n:02d}.md"] = f"---\ntitle: Step {n}\nreviewed: 2026-10-01\n---\n\n{body}"
    return organisation(root, extra=extra)


BROKEN_ANCHORS = len(range(0, MANY, 7))


def test_a_parallel_check_reads_the_pages_links_point_into_on_every_core(tmp_path, monkeypatch, even_parses):
    """The pages whose sections links point to are read whole (as the site renders them); this
    process reads only its share of them, and finds the same broken anchors."""
    from generator.checks.links import _body

    checked = checked_in_two(anchored_pages(tmp_path / "org"), tmp_path / "keys", monkeypatch)
    broken = [d for d in checked.diagnostics if d.code == "broken-link"]
    assert len(broken) == BROKEN_ANCHORS
    assert all("no question or heading 'part-" in d.message and d.path.endswith(".md") for d in broken)
    pages = {_body(checked.site.pages[f"teams/it/sops/step-{n:02d}.md"]) for n in range(MANY)}
    assert MANY // 3 < sum(source in pages for source, _ in even_parses) < MANY * 2 // 3


def test_a_parallel_check_finds_the_broken_anchors_one_process_finds(tmp_path):
    one = check(anchored_pages(tmp_path / "one"), tmp_path / "keys", "--jobs", "1")
    two = check(anchored_pages(tmp_path / "two"), tmp_path / "keys", "--jobs", "2")
    assert sum("warning[broken-link]" in line for line in lines(one)) == BROKEN_ANCHORS
    assert two.returncode == one.returncode == 0
    assert two.stdout == one.stdout and two.stderr == one.stderr
    warm = check(tmp_path / "two", tmp_path / "keys", "--jobs", "2")
    assert warm.stdout == one.stdout


def test_a_partial_follows_an_edit_of_the_theme(tmp_path):
    """Rendering keeps what a partial rendered for the same data (the preview renders every page
    after each edit), but not across an edit of the theme."""
    import shutil
    from datetime import date

    from generator.content.load import load
    from generator.render.site import render
    from generator.resources import THEME_DIR

    root, theme = organisation(tmp_path / "org"), tmp_path / "theme"
    shutil.copytree(THEME_DIR, theme)
    content, _ = load(root / "content")
    assert content is not None
    page, today = "teams/it/sops/outage.md", date.fromisoformat(TODAY)
    first, _ = render(content, theme, today)
    again, _ = render(content, theme, today)
    assert 'class="portal-sop-header"' in first.pages[page] and again.pages == first.pages
    header = theme / "partials/sop-header.html"
    header.write_text(header.read_text(encoding="utf-8").replace(
        'class="portal-sop-header"', 'class="portal-sop-header portal-edited"'), encoding="utf-8")
    edited, _ = render(content, theme, today)
    assert 'class="portal-sop-header portal-edited"' in edited.pages[page]


def plant(root: Path, keys: Path, change, signed: bool) -> None:
    """Change the entries of build/cache/yaml.json, signed again with the user's key or not."""
    import json

    from generator.content import cache

    path = root / "build/cache/yaml.json"
    signature, body, heavy = path.read_bytes().split(b"\n", 2)
    entries = json.loads(body)
    change(entries)
    body = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode()
    if signed:
        key = bytes.fromhex((keys / "knowledge-portal/cache-key").read_text())
        signature = cache._sign(key, body).encode()
    path.write_bytes(signature + b"\n" + body + b"\n" + heavy)


def retitle(value: object):
    """Every front matter's title in the stored entries made another value."""
    def change(entries: dict) -> None:
        for entry in entries["parses"].values():
            for pair in entry["data"]["data"].get("m", []):
                if pair[0] == "title":
                    pair[1] = value
    return change


def test_a_stored_document_not_signed_or_not_well_formed_is_not_used(tmp_path):
    root, keys = organisation(tmp_path / "org", extra={SOP: DATED}), tmp_path / "keys"
    cold = check(root, keys)
    assert f"{SOP}:2:8: error[wrong-type]: title: expected text, found the date 2026-10-01" in lines(cold)
    plant(root, keys, retitle("A fine title"), signed=False)  # what a commit could plant in build/
    assert check(root, keys).stdout == cold.stdout
    plant(root, keys, retitle({"d": 20261001}), signed=True)  # signed, but not what the store writes
    assert check(root, keys).stdout == cold.stdout
    # Signed with the user's key and well formed, it is used: the key is what keeps the store honest.
    plant(root, keys, retitle("A fine title"), signed=True)
    assert check(root, keys).returncode == 0
