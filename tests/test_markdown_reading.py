"""Owner Markdown is read as Markdown reads it: valid Markdown is not refused, code is shown and
not judged, heading anchors are the ones the site has, and links are checked where they are."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import textwrap

import pytest
from bs4 import BeautifulSoup
from conftest import BASE, ROOT, TODAY

SOP = "content/teams/it/sops/outage.md"
FRONT = "---\ntitle: Outage\nreviewed: 2026-10-01\n---\n\n"

VALID = {
    "URL autolink": "Go to <https://example.com/help>.\n",
    "e-mail autolink": "Write to <someone@example.com>.\n",
    "mailto and tel links": "[Mail us](mailto:someone@example.com) or [call](tel:+358942420100).\n",
    "javascript: in link text only": "[javascript: a primer](https://example.com/js) is a good read.\n",
    "script link in a fenced block": "Do not write this:\n\n```markdown\n[link](javascript:x)\n```\n",
    "script link in a tilde fence": "~~~\n[link](javascript:x)\n<img src=x onerror=alert(1)>\n~~~\n",
    "script link in a code span": "Never write `[link](javascript:x)` in a page.\n",
    "script tag in a code span": "The tag `<script>` runs code; `<script>alert(1)</script>` is an example.\n",
    "script tag in a double-backtick span": "Write ``a ` and <script>alert(1)</script>`` like this.\n",
    "script tag in an indented block": "Example:\n\n    <script>alert(1)</script>\n    [x](javascript:x)\n\nDone.\n",
    "handler in a fenced HTML example": "```html\n<img src=\"x.png\" onerror=\"alert(1)\">\n```\n",
    "image from the site itself": "![Diagram](../files/diagram.png)\n",
    "a body that opens with a heading of its own": "# Before you start\n\nCheck the [VPN](https://example.com/vpn).\n",
    "link to another site": '<a href="https://example.com/">Example</a> and [another](https://example.org/a_(b)).\n',
}


@pytest.mark.parametrize("body", VALID.values(), ids=VALID.keys())
def test_valid_markdown_checks_clean(org, run, body):
    org.write({SOP: FRONT + body, "content/teams/it/files/diagram.png": "png"})
    assert run("check", "--strict") == (0, "")


def test_valid_markdown_checks_clean_in_a_yaml_answer(org, run):
    answer = "".join("      " + line + "\n" if line else "\n"
                     for body in VALID.values() if "diagram" not in body for line in body.splitlines())
    org.write({"content/teams/it/faq.yml": "questions:\n  - id: a\n    question: A?\n    answer: |\n" + answer})
    assert run("check", "--strict") == (0, "")


# --- heading anchors with the organisation's own slugify ----------------------------------

HEADINGS = """\
## Ärger & Über

Wenn es Ärger gibt, zuerst hier lesen: Quittungsärger.

## Große Straße

Die Straße entlang gehen: Straßenbahnärger.

## Ärger & Über

Noch einmal Quittungsärger, zweiter Abschnitt.

## Use `sudo` *carefully*

Administrator rights: Quittungsärger again.

## Explicit {#chosen-anchor}

Straßenbahnärger, with an anchor of its own.
"""


def test_search_anchors_exist_with_a_custom_slugify(tmp_path):
    pytest.importorskip("pymdownx.slugs")
    root = tmp_path
    for rel, text in BASE.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    (root / SOP).parent.mkdir(parents=True, exist_ok=True)
    (root / SOP).write_text(FRONT + HEADINGS, encoding="utf-8")
    (root / "content/teams/it/faq.yml").write_text(
        "questions:\n  - id: receipts\n    question: Quittungsärger?\n    answer: Ask.\n", encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text()
    custom = ("  - toc:\n      permalink: true\n"
              "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n")
    assert "  - toc:\n      permalink: true\n" in config
    (root / "mkdocs.yml").write_text(config.replace("  - toc:\n      permalink: true\n", custom))
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--today", TODAY], cwd=root,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "site"
    page = BeautifulSoup((site / "teams/it/sops/outage/index.html").read_text(encoding="utf-8"), "html.parser")
    ids = {h.get("id") for h in page.find_all(["h2"])}
    assert "ärger--über" in ids and "große-straße" in ids  # the custom slugify is in force

    docs = [doc for p in sorted((site / "search/portal/doc").glob("*.gz")) for doc in json.loads(gzip.decompress(p.read_bytes()))]
    anchored = [d["u"] for d in docs if "#" in d["u"]]
    assert len([u for u in anchored if u.startswith("teams/it/sops/outage/")]) >= 5, anchored
    missing = []
    for url in anchored:
        path, anchor = url.split("#", 1)
        target = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")
        if target.find(id=anchor) is None:
            missing.append(url)
    assert not missing, f"search results whose anchor the page does not have: {missing}"


# --- broken links, found by check ---------------------------------------------------------

def test_check_reports_each_broken_link_once_at_its_place(org, run):
    org.write({
        "content/portal.yml": textwrap.dedent(BASE["content/portal.yml"]) + "languages: [en, fi]\n",
        "content/teams/it/team.fi.yml": "name: IT-tuki\nsummary: Kannettavat ja salasanat.\n",
        "content/teams/it/faq.yml": "questions:\n  - id: vpn\n    question: VPN?\n    answer: |\n"
                                    "      Read the [VPN guide](pages/vpn.md#nowhere).\n",
        "content/teams/it/pages/vpn.md": "---\ntitle: VPN\n---\n\nIntro line.\n"
                                         "Read [the missing page](missing.md) first.\n"
                                         "Then see [the question](../faq.md#nope).\n",
    })
    _code, output = run("check")
    assert "Traceback" not in output
    found = re.findall(r"^(\S+?):(\d+):(\d+): (?:error|warning)\[broken-link\]", output, re.M)
    places = [(path, int(line), int(column)) for path, line, column in found]
    expected = {  # the link's opening bracket, or its target
        "missing page": ("content/teams/it/pages/vpn.md", 6, {6, 25}),
        "missing anchor": ("content/teams/it/pages/vpn.md", 7, {10, 25}),
        "missing anchor from YAML": ("content/teams/it/faq.yml", 5, {16, 28}),
    }
    for what, (path, line, columns) in expected.items():
        at = [p for p in places if p[0] == path and p[1] == line]
        assert len(at) == 1, f"{what}: reported {len(at)} times at {path}:{line}\n{output}"
        assert at[0][2] in columns, f"{what}: column {at[0][2]}, expected one of {columns}\n{output}"
    assert len(places) == 3, output


# --- where links are written ---------------------------------------------------------------

def test_each_link_is_placed_where_it_is_written_when_one_address_begins_another():
    """An address that begins a later one (vpn.md, then vpn.md#setup), a label over two lines,
    a reference definition: each is found at its own place, whole, so rewriting it touches
    nothing else."""
    from generator.content.markdown import Reader

    text = ("A [wrapped\nlabel](vpn.md) here.\n\n"
            "* an [item\n  over two lines](vpn.md#setup)\n\n"
            "See [the guide][g] and <https://example.com/a>, <https://example.com/a/b>.\n\n"
            "[g]: vpn.md#guide\n")
    urls = Reader().read(text, first_line=5).urls
    assert [(u.value, u.line, text[u.span[0]:u.span[1]]) for u in urls if u.span] == [
        ("vpn.md", 6, "vpn.md"), ("vpn.md#setup", 9, "vpn.md#setup"),
        ("vpn.md#guide", 13, "vpn.md#guide"),
        ("https://example.com/a", 11, "https://example.com/a"), ("https://example.com/a/b", 11, "https://example.com/a/b")]
    assert len({u.span for u in urls}) == len(urls)


def test_a_raw_html_link_may_be_written_as_the_browser_resolves_it(org, run):
    """MkDocs leaves raw HTML as it is, so on a page at teams/it/pages/printers/ the browser finds
    ../vpn/ at teams/it/pages/vpn/: such a link leads somewhere; one that leads nowhere either way
    is still reported."""
    org.write({
        "content/teams/it/pages/vpn.md": "---\ntitle: VPN\n---\n\n## Setup\n\nInstall it.\n",
        "content/teams/it/files/map.png": "png",
        "content/teams/it/pages/printers.md": "---\ntitle: Printers\n---\n\n<div class=\"cards\">\n"
                                              '  <a href="../vpn/#setup">VPN <img src="../../files/map.png" alt=""></a>\n'
                                              '  <a href="../vpm/">Typo</a>\n</div>\n',
    })
    code, output = run("check")
    assert code == 0, output
    assert "Traceback" not in output
    broken = [line for line in output.splitlines() if "[broken-link]" in line]
    assert broken == ["content/teams/it/pages/printers.md:7:12: warning[broken-link]: the link to '../vpm/' leads "
                      "nowhere: no such page or file"], output


def test_headings_and_code_are_placed_where_they_are_written():
    """A code span is found between its backticks, not at the same words in a heading above; a
    heading on its own line with its #s, not at a longer heading or a paragraph that shares its
    words; a marked-up heading (**Jamf**) at its line."""
    from generator.content.markdown import Reader

    text = ("Jamf is the tool.\n\n# **Jamf**\n\n## Jamf Pro\n\nPress `Jamf Pro` and then [it](x.md).\n\n"
            "## The `run` command\n\nRun it.\n")
    reading = Reader().read(text)
    assert [(h.text, h.line) for h in reading.headings] == [("Jamf", 3), ("Jamf Pro", 5), ("The run command", 9)]
    assert [(u.value, u.line) for u in reading.urls] == [("x.md", 7)]
