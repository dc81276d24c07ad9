"""`portal import` of a handbook written for GitHub (tests/fixtures/handbooks/github): what real
handbooks hold beyond the three layouts' basics, each case asserted in the imported files, in
the report (file and line of the handbook) and in the built site, and the content checks clean.

The fixture has: a root index.md that opens with a link above its heading, beside a handbook/
folder; footnotes; headings holding code; links to a page's top heading, with a label over two
lines, by reference, under a stray backtick, by another spelling of the anchor, and through the
handbook's old address on GitHub; a '#channel' line; a video frame in a styled wrapper; template
tokens; images from other sites (one the handbook holds a copy of); a diagram in <object>;
e-mail and web autolinks; a placeholder in angle brackets; folders ordered by weight and .pages.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, TODAY

HANDBOOK = ROOT / "tests" / "fixtures" / "handbooks" / "github"


def portal(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("github")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    result = portal(root, "import", str(HANDBOOK))
    assert result.returncode == 0, result.stdout + result.stderr
    build = portal(root, "build", "--today", TODAY)
    assert build.returncode == 0, build.stdout + build.stderr
    return root


def report(project: Path) -> dict:
    return json.loads((project / "import-report.json").read_text(encoding="utf-8"))


def content(project: Path, rel: str) -> str:
    return (project / "content" / rel).read_text(encoding="utf-8")


def html(project: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((project / "site" / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def lands(project: Path, page_url: str, href: str) -> tuple[str, str]:
    """(the <h1> of the page a link leads to, its anchor when the page has that id)."""
    parts = urlsplit(href)
    target = (project / "site" / page_url / unquote(parts.path)).resolve()
    page = BeautifulSoup((target / "index.html").read_text(encoding="utf-8"), "html.parser")
    title = page.select_one("article h1").get_text(strip=True).rstrip("¶")
    return title, parts.fragment if not parts.fragment or page.find(id=parts.fragment) else "MISSING"


def link(page: BeautifulSoup, text: str) -> str:
    found = [a for a in page.select("article a[href]") if " ".join(a.get_text().split()) == text]
    assert found, text
    return found[0]["href"]


def test_the_content_checks_clean(project):
    out = portal(project, "check", "--today", TODAY).stdout
    codes = {line.split("[", 1)[1].split("]", 1)[0] for line in out.splitlines() if "warning[" in line or "error[" in line}
    assert codes == {"no-owners", "no-channels"}, out
    assert out.splitlines()[-1] == "0 errors, 6 warnings"


def test_the_organisation_and_home_come_from_the_root_page_not_a_folders(project):
    settings = yaml.safe_load(content(project, "portal.yml"))
    assert settings["organisation"] == "Globex handbook"
    assert settings["welcome"] == ("How Globex works, written down so nobody has to ask twice.\n\n"
                                   "[Globex handbook](teams/home/pages/overview.md)\n")
    # handbook/ keeps its own team; the pages outside every folder take the next free id.
    assert yaml.safe_load(content(project, "teams/handbook/team.yml"))["name"] == "Using this handbook"
    assert yaml.safe_load(content(project, "teams/home/team.yml"))["name"] == "Globex handbook"
    where = {p["source"]: p["target"] for p in report(project)["pages"]}
    assert where["index.md"] == "teams/home/pages/overview.md"
    assert where["handbook/index.md"] == "teams/handbook/pages/overview.md"
    home = content(project, "teams/home/pages/overview.md")
    assert home.startswith("---\ntitle: Globex handbook\n---\n\n[Read it on the intranet](https://intranet.globex.example/handbook)\n\nHow")
    site = html(project, "")
    assert site.select_one("article h1").get_text(strip=True).rstrip("¶") == "Globex handbook"
    assert site.select_one('article a[href="teams/home/pages/overview/"]').get_text() == "Globex handbook"


EXPECTED = {
    "converted": [
        ("index.md", 3, "the first heading 'Globex handbook': the page's title, the text above it now follows the title"),
        ("index.md", 7, "the link https://github.com/globex/handbook/blob/main/people/onboarding/first-day.md to the "
                        "handbook's old address leads to the page here"),
        ("index.md", 8, "the link https://github.com/globex/handbook/blob/main/handbook/editing.md#small-changes to the "
                        "handbook's old address leads to the page here"),
        ("index.md", 12, "a link in raw HTML: written in Markdown, which MkDocs rewrites for the site's addresses"),
        ("index.md", 15, "a link in raw HTML, which MkDocs does not rewrite: its address is the built page's"),
        ("people/leave.md", 4, "'#people-help' opens a line without a space: text on GitHub, a heading here; kept as text"),
        ("people/leave.md", 13, "a frame showing https://videos.globex.example/embed/leave-howto: now a link to it (to "
                                "embed it again, list its site under embeds: in portal.yml)"),
        ("people/leave.md", 23, "an <object> showing images/leave-flow.svg: now an image"),
        ("people/leave.md", 25, "<your-manager…> is no HTML element, so it was meant as text: shown as text"),
        ("people/onboarding/first-day.md", 10, "the link ../leave.md#The_PTO_Command names a heading of people/leave.md "
                                              "in another spelling: now #the-pto-command"),
    ],
    "left_out": [
        ("people/leave.md", 12, "style= on <div> is not allowed: taken out"),
        ("people/leave.md", 25, "the HTML tag <center> (what it holds is kept)"),
    ],
    "not_converted": [
        ("index.md", 9, "the link https://github.com/globex/handbook/blob/main/wiki/home.md goes to the handbook's old "
                        "address, where no page of this handbook is: left as it is"),
        ("people/leave.md", 17, "{{generator:leave_table}} is a template token the handbook's own site filled in: the "
                                "portal shows it as written; write out what it stood for"),
    ],
    "external": [
        ("index.md", 16, "an image from https://cdn.globex.example/icons/leave.svg (a link's content): left out, its "
                         "words kept, for the owners to bring it in-house"),
        ("people/leave.md", 19, "an image from https://cdn.globex.example/org-chart.png: now a link to it, for the owners "
                                "to bring in-house"),
        ("people/leave.md", 21, "an image from https://raw.githubusercontent.com/globex/handbook/main/people/images/logo.png: "
                                "now the handbook's own copy"),
    ],
}


@pytest.mark.parametrize("kind", EXPECTED)
def test_the_report_names_each_change_at_its_place(project, kind):
    found = [(n["file"], n["line"], n["what"]) for n in report(project)[kind] if "first heading" not in n["what"]
             or n["file"] == "index.md"]
    assert found == EXPECTED[kind]


def test_nothing_is_reported_that_did_not_happen(project):
    """Autolinks and e-mail autolinks are left as they are and not reported; every left-out
    attribute is gone from the page; the report's line is the construct's line in the handbook."""
    everything = json.dumps(report(project))
    assert "status.globex" not in everything and "help@globex" not in everything
    assert "<https://status.globex.example>" in content(project, "teams/home/pages/overview.md")
    assert "<help@globex.example>" in content(project, "teams/home/pages/overview.md")
    leave = content(project, "teams/people/pages/leave.md")
    assert "style=" not in leave and "<iframe" not in leave and "<center>" not in leave and "<object" not in leave
    source = (HANDBOOK / "people/leave.md").read_text(encoding="utf-8").splitlines()
    written = {4: "#people-help", 12: "<div style=", 13: "<iframe", 17: "{{generator:leave_table}}", 19: "![Org chart]",
               21: "![Logo]", 23: "<object", 25: "<center>"}
    lines = {n["line"] for kind in EXPECTED for n in report(project)[kind] if n["file"] == "people/leave.md"} - {1}
    assert lines == set(written)
    for line, construct in written.items():
        assert construct in source[line - 1], (line, construct)


def test_links_to_headings_survive(project):
    first_day = html(project, "teams/people/pages/onboarding-first-day")
    assert lands(project, "teams/people/pages/onboarding-first-day", link(first_day, "leave page's top")) == \
        ("Taking leave", "")
    # a label over two lines, to a heading that holds code, named in another spelling
    assert lands(project, "teams/people/pages/onboarding-first-day", link(first_day, "the pto command")) == \
        ("Taking leave", "the-pto-command")
    onboarding = html(project, "teams/people/pages/onboarding")
    assert lands(project, "teams/people/pages/onboarding", link(onboarding, "leave rules")) == \
        ("Taking leave", "the-pto-command")  # a reference link
    assert lands(project, "teams/people/pages/onboarding", link(onboarding, "first day")) == \
        ("Your first day", "before-you-arrive")  # a label over two lines
    first_week = html(project, "teams/people/pages/onboarding-first-week")
    assert lands(project, "teams/people/pages/onboarding-first-week", link(first_week, "the pto command")) == \
        ("Taking leave", "the-pto-command")  # after a stray backtick
    home = html(project, "teams/home/pages/overview")
    assert lands(project, "teams/home/pages/overview", link(home, "your first day")) == ("Your first day", "")
    assert lands(project, "teams/home/pages/overview", link(home, "Editing this handbook")) == ("Editing", "small-changes")
    assert link(home, "The old wiki") == "https://github.com/globex/handbook/blob/main/wiki/home.md"
    # Raw HTML links: in a paragraph written in Markdown; in a raw block, with the built page's address.
    assert lands(project, "teams/home/pages/overview", link(home, "the leave page")) == ("Taking leave", "")
    assert lands(project, "teams/home/pages/overview", link(home, "Leave in short")) == ("Taking leave", "the-pto-command")
    assert report(project)["unresolved_links"] == []
    # Six links only needed their new places' paths: counted; the rest are listed under converted.
    assert report(project)["counts"]["links_rewritten"] == 6


def test_footnotes_and_channel_names_read_as_the_handbook_meant(project):
    leave = content(project, "teams/people/pages/leave.md")
    assert "Book it early.[^1] Ask in\n\\#people-help on chat first.\n\n[^1]: This can vary by country.\n" in leave
    page = html(project, "teams/people/pages/leave")
    assert page.select_one("article .footnote li").get_text(" ", strip=True).startswith("This can vary by country.")
    assert "#people-help on chat first." in page.select_one("article p").get_text()
    assert [h.get_text(strip=True).rstrip("¶") for h in page.select("article h1")] == ["Taking leave"]


def test_what_the_portal_does_not_publish_becomes_what_it_does(project):
    page = html(project, "teams/people/pages/leave")
    article = page.select_one("article")
    assert article.select("iframe, object, [style], center") == []
    assert link(page, "How to book leave") == "https://videos.globex.example/embed/leave-howto"
    assert link(page, "Org chart") == "https://cdn.globex.example/org-chart.png"
    images = {img["alt"]: img["src"] for img in article.select("img")}
    assert set(images) == {"Logo", "The leave flow"}
    for src in images.values():
        assert (project / "site/teams/people/pages/leave" / src).resolve().is_file(), src
    assert "Ask <your-manager> or the people team." in article.get_text()
    assert "{{generator:leave_table}}" in article.get_text()


def test_the_handbooks_folders_and_order_become_the_teams_navigation(project):
    nav = yaml.safe_load(content(project, "teams/people/nav.yml"))["nav"]
    assert nav == [
        "pages/overview.md",
        {"title": "Perks and benefits", "nav": ["pages/benefits-pension.md", "pages/benefits-health.md"]},
        "pages/leave.md",
        {"title": "Your first weeks", "page": "pages/onboarding.md",
         "nav": ["pages/onboarding-first-week.md", "pages/onboarding-first-day.md"]},
    ]
    def sidebar(url: str) -> list[str]:
        nav = html(project, url).select_one("nav.md-nav--primary")
        labels = [" ".join(x.get_text().split()) for x in nav.select("li.md-nav__item > .md-nav__link")]
        return labels[labels.index("People team"):labels.index("What's new")]

    # Each page's navigation holds its own section open (the page with its headings), the others closed.
    assert sidebar("teams/people/pages/onboarding-first-day") == [
        "People team", "People team", "Perks and benefits", "Taking leave", "Your first weeks", "Your first weeks",
        "Your first week", "Your first day", "Your first day", "Before you arrive"]
    assert sidebar("teams/people/pages/benefits-health") == [
        "People team", "People team", "Perks and benefits", "Pension", "Health cover", "Taking leave", "Your first weeks"]


def test_footnotes_without_the_extension_are_reported_and_left_intact(tmp_path):
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("  - footnotes\n", "")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = portal(tmp_path, "import", str(HANDBOOK))
    assert result.returncode == 0, result.stderr
    found = report(tmp_path)
    assert {"file": "people/leave.md", "line": 3, "what": "footnotes ([^…]) need the footnotes extension: add footnotes "
            "to markdown_extensions in mkdocs.yml; until then they show as written"} in found["not_converted"]
    assert found["unresolved_links"] == []
    assert "\n[^1]: This can vary by country.\n" in content(tmp_path, "teams/people/pages/leave.md")
