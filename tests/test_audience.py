"""Restricted audiences: the default site holds nothing marked for one, the audience's site all of it."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TODAY

# Words that occur only in the sample's content for managers (a procedure, its attachment, a
# FAQ answer, a benefit, an announcement), and the addresses and titles of that content. Markers
# are matched by their first letters, case-insensitively, so stemmed index terms count too.
MARKERS = ["quorvanth", "velmorrow", "ostravell", "brimblewick", "maravell"]
ADDRESSES = ["handle-a-performance-concern", "performance-improvement-plan-template", "approve-overtime",
             "manager-coaching", "calibration-window-opens", "coaching for new managers",
             "year-end calibration", "handle a performance concern"]


def every_byte(site: Path) -> dict[str, bytes]:
    """Every file of the site as lower-case bytes, gzip members unpacked as the browser unpacks them."""
    files = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            files[path.relative_to(site).as_posix()] = data.lower()
    return files


@pytest.fixture(scope="session")
def managers(sample) -> Path:
    root = sample[0].parent
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--audience", "managers", "--strict",
                             "--today", TODAY], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "into site-managers" in result.stdout
    return root / "site-managers"


def test_default_build_leaks_nothing_restricted(sample, managers):
    public = every_byte(sample[0])
    assert len(public) > 100 and any(name.endswith(".gz") for name in public)
    for needle in MARKERS + ADDRESSES:
        leaked = [name for name, data in public.items() if needle.encode() in data]
        assert not leaked, f"{needle!r} is in {leaked}"


def test_audience_build_holds_every_restricted_marker_in_pages_and_search(managers):
    restricted = every_byte(managers)
    search = {name: data for name, data in restricted.items() if name.startswith("search/portal/")}
    for needle in set(MARKERS) - {"velmorrow"}:  # the attachment's marker: search does not read attachments
        assert any(needle.encode() in data for data in search.values()), needle
    for needle in MARKERS + ADDRESSES:
        assert any(needle.encode() in data for data in restricted.values()), needle
    assert "teams/hr/files/performance-improvement-plan-template.txt" in restricted
    assert b"for <bdi>people managers</bdi> only" in restricted["teams/hr/sops/handle-a-performance-concern/index.html"]
    assert b"calibration-window-opens" in restricted["feed.xml"]


def test_public_search_from_the_terminal_finds_no_restricted_content(sample, managers, capsys, monkeypatch):
    from generator.cli import main

    monkeypatch.chdir(sample[0].parent)
    assert main(["search", "Quorvanthe rubric approve overtime", "--json", "--today", TODAY]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert results and not any("performance" in r["url"] or "approve-overtime" in r["url"] for r in results)


def test_unknown_audience_on_the_command_line_builds_nothing(org, run):
    code, output = run("build", "--audience", "managers")
    assert code == 1
    assert output.startswith("content/portal.yml:1:1: error[unknown-audience]: --audience managers: "
                             "portal.yml declares no audience 'managers'\n"
                             "  hint: use one of: none declared yet; add audiences: to portal.yml\n")
    assert not (org.root / "site-managers").exists()


def test_restricted_attachment_is_published_when_public_text_links_it_too(org, run):
    org.write({
        "content/portal.yml": (org.root / "content/portal.yml").read_text()
        + "audiences:\n  - id: managers\n    name: People managers\n",
        "content/teams/it/files/form.txt": "the form\n",
        "content/teams/it/files/secret.txt": "the secret form\n",
        "content/teams/it/pages/pay.md": "---\ntitle: Pay\naudience: managers\n---\n\n"
                                         "[form](../files/form.txt) [secret](../files/secret.txt)\n",
        "content/teams/it/pages/vpn.md": "---\ntitle: VPN\n---\n\n[form](../files/form.txt)\n",
    })
    mkdocs = org.root / "mkdocs.yml"  # with an address, MkDocs lists every page in the sitemap
    mkdocs.write_text(mkdocs.read_text() + "\nsite_url: https://intranet.example/\n")
    assert run("build")[0] == 0
    assert run("build", "--audience", "managers")[0] == 0
    sitemaps = [(org.root / site / "sitemap.xml").read_text() for site in ("site", "site-managers")]
    assert "/teams/it/pages/vpn/" in sitemaps[0] and "pages/pay" not in sitemaps[0]
    assert "/teams/it/pages/pay/" in sitemaps[1]
    public, restricted = org.root / "site/teams/it", org.root / "site-managers/teams/it"
    assert (public / "files/form.txt").is_file() and not (public / "files/secret.txt").exists()
    assert not (public / "pages/pay").exists()
    assert (restricted / "files/secret.txt").is_file() and (restricted / "pages/pay/index.html").is_file()


# --- links written in other ways than [text](target) ----------------------------------------

AUDIENCES = "audiences:\n  - id: managers\n    name: People managers\n"

# How restricted text links an attachment: (name, file, the Markdown, from teams/it/pages/).
ATTACHMENT_LINKS = {
    "HTML a": ("secret.pdf", '<a href="../files/secret.pdf">the plan</a>'),
    "HTML img": ("secret.png", '<img src="../files/secret.png" alt="the plan">'),
    "reference definition": ("secret.pdf", "See [the plan][plan].\n\n[plan]: ../files/secret.pdf"),
    "reference image": ("secret.png", "![the plan][plan]\n\n[plan]: ../files/secret.png"),
}


@pytest.mark.parametrize("where", ["restricted page", "restricted FAQ answer"])
@pytest.mark.parametrize("kind", ATTACHMENT_LINKS)
def test_attachment_linked_only_from_restricted_text_stays_out_however_linked(org, run, kind, where):
    name, link = ATTACHMENT_LINKS[kind]
    files = {
        "content/portal.yml": (org.root / "content/portal.yml").read_text() + AUDIENCES,
        f"content/teams/it/files/{name}": "the improvement plan\n",
        "content/teams/it/files/public.txt": "for everyone\n",
        "content/teams/it/pages/vpn.md": "---\ntitle: VPN\n---\n\n[form](../files/public.txt)\n",
    }
    if where == "restricted page":
        files["content/teams/it/pages/pay.md"] = f"---\ntitle: Pay\naudience: managers\n---\n\n{link}\n"
    else:
        answer = link.replace("../files/", "files/").replace("\n", "\n      ")
        files["content/teams/it/faq.yml"] = ("questions:\n  - id: raise\n    question: Raise?\n"
                                             f"    audience: managers\n    answer: |\n      {answer}\n")
    org.write(files)
    code, output = run("build")
    assert code == 0, output
    public = org.root / "site/teams/it/files"
    assert (public / "public.txt").is_file()
    assert not (public / name).exists(), f"{name}, linked only from restricted text by {kind}, is public"
    leaked = [n for n, data in every_byte(org.root / "site").items() if b"the improvement plan" in data]
    assert not leaked, leaked
    code, output = run("build", "--audience", "managers")
    assert code == 0, output
    assert (org.root / "site-managers/teams/it/files" / name).is_file()


# How public text links restricted content: lines of the public page's body (from line 5).
RESTRICTED_LINKS = {
    "HTML a to a page": ['See <a href="pay.md">the pay review</a>.'],
    "HTML a to a question": ['See <a href="../faq.md#raise">raises</a>.'],
    "reference link to a page": ["See [the pay review][pay].", "", "[pay]: pay.md"],
    "reference link to a question": ["See [raises][r].", "", "[r]: ../faq.md#raise"],
    "image of a page": ["![the pay review](pay.md)"],
    "HTML img of a page": ['<img src="pay.md" alt="the pay review">'],
    "inline link with a title": ['See [the pay review](pay.md "Pay").'],
    "inline link in angle brackets": ["See [the pay review](<pay.md>)."],
}


@pytest.mark.parametrize("kind", RESTRICTED_LINKS)
def test_public_text_linking_restricted_content_is_an_error_however_linked(org, run, kind):
    lines = RESTRICTED_LINKS[kind]
    org.write({
        "content/portal.yml": (org.root / "content/portal.yml").read_text() + AUDIENCES,
        "content/teams/it/pages/pay.md": "---\ntitle: Pay review\naudience: managers\n---\n\nSecret.\n",
        "content/teams/it/faq.yml": "questions:\n  - id: raise\n    question: Raise?\n    audience: managers\n"
                                    "    answer: Ask.\n",
        "content/teams/it/pages/vpn.md": "---\ntitle: VPN\n---\n\n" + "\n".join(lines) + "\n",
    })
    code, output = run("check")
    assert code == 1, output
    span = range(5, 5 + len(lines))
    found = [(int(m[1]), int(m[2])) for m in
             re.finditer(r"^content/teams/it/pages/vpn\.md:(\d+):(\d+): error\[restricted-link\]", output, re.M)]
    assert any(line in span and column >= 1 for line, column in found), output
    assert run("build")[0] == 1


# Restricted content of every kind, and how a page under teams/it/pages/ links it.
RESTRICTED_TARGETS = {
    "page": ("content/teams/it/pages/pay.md", "---\ntitle: Pay review\naudience: managers\n---\n\nSecret.\n",
             "pay.md"),
    "procedure": ("content/teams/it/sops/pay-review.md",
                  "---\ntitle: Run the pay review\nreviewed: 2026-11-01\naudience: managers\n---\n\nSecret.\n", "../sops/pay-review.md"),
    "FAQ answer": ("content/teams/it/faq.yml", "questions:\n  - id: raise\n    question: Raise?\n"
                   "    audience: managers\n    answer: Ask.\n", "../faq.md#raise"),
    "benefit": ("content/teams/it/benefits.yml", "benefits:\n  - id: car-allowance\n    name: Car allowance\n"
                "    category: Perks\n    summary: A car.\n    how_to_claim: Ask.\n    audience: managers\n",
                "../../../benefits.md#car-allowance"),
    "news": ("content/news/2026-11-01-calibration.md", "---\ntitle: Calibration opens\nsummary: Ratings.\nteam: it\n"
             "audience: managers\n---\n\nSecret.\n", "../../../news/2026-11-01-calibration.md"),
}
TWO_AUDIENCES = AUDIENCES + "  - id: contractors\n    name: Contractors\n"


@pytest.mark.parametrize("reader", ["everyone", "contractors", "managers"])
@pytest.mark.parametrize("kind", RESTRICTED_TARGETS)
def test_text_linking_content_its_readers_cannot_see_is_an_error(org, run, kind, reader):
    """Whatever the restricted content is, a link to it from text that readers outside its
    audience see (everyone, or another audience) is an error; from its own audience's text, not."""
    path, text, target = RESTRICTED_TARGETS[kind]
    audience = "" if reader == "everyone" else f"audience: {reader}\n"
    org.write({
        "content/portal.yml": (org.root / "content/portal.yml").read_text() + TWO_AUDIENCES,
        path: text,
        "content/teams/it/pages/vpn.md": f"---\ntitle: VPN\n{audience}---\n\nSee [this]({target}).\n",
    })
    code, output = run("check")
    line = {"everyone": 5, "contractors": 6, "managers": 6}[reader]
    found = re.findall(rf"^content/teams/it/pages/vpn\.md:{line}:\d+: error\[restricted-link\]: this links to (\S+), "
                       r"which is for People managers only, but (.+) can read this text$", output, re.M)
    if reader == "managers":
        assert (code, output) == (0, ""), output
    else:
        assert code == 1 and len(found) == 1, output
        assert found[0][1] == {"everyone": "everyone", "contractors": "Contractors"}[reader], output
