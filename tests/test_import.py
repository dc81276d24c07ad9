"""`portal import` on handbooks shaped like the three common layouts (tests/fixtures/handbooks):
after the import, `portal check` has no errors, `portal build` succeeds, every link of the
source that led to a page or file still leads there in the built site, and search finds pages
by words of their bodies. The same handbook imports to the same bytes."""

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

HANDBOOKS = ROOT / "tests" / "fixtures" / "handbooks"

# Per layout: (source page, link text) -> (the page it must land on, by its <h1>, and the
# anchor, if any) in the built site. Every link of the fixtures that leads to a page or file.
LINKS = {
    "plain": {
        ("README.md", "holidays and leave"): ("Holidays and leave", ""),
        ("README.md", "VPN from home"): ("VPN", "connecting-from-home"),
        ("README.md", "expenses"): ("Expenses", ""),
        ("people/holidays.md", "expenses, with receipts"): ("Expenses", "receipts"),
        ("people/holidays.md", "team overview"): ("People team", ""),
        ("people/onboarding/first-week.md", "booking time off"): ("Holidays and leave", "booking-time-off"),
        ("people/onboarding/first-week.md", "handbook's home"): ("Acme handbook", ""),
        ("people/onboarding/first-week.md", "the VPN guide"): ("VPN", ""),
        ("it/vpn.md", "your first week"): ("Your first week", ""),
        ("it/vpn.md", "setup guide"): ("file:VPN setup guide", ""),
        ("finance/expenses.md", "VPN"): ("VPN", ""),
    },
    "mkdocs": {
        ("index.md", "how leave works"): ("Annual leave", ""),
        ("index.md", "IT"): ("IT", ""),
        ("hr/leave.md", "returning a laptop"): ("Your laptop", "returning-a-laptop"),
        ("it/laptop.md", "carry-over rules"): ("Annual leave", "carry-over"),
        ("it/laptop.md", "IT overview"): ("IT", ""),
        ("it/index.md", "old leave page"): ("Annual leave", ""),  # through site_url, the old address
        ("hr/away/parental.md", "annual leave"): ("Annual leave", "entitlement"),
    },
    "hugo": {
        ("_index.md", "benefits"): ("Benefits", ""),
        ("_index.md", "on-call"): ("On-call", ""),
        ("people/benefits.md", "parental leave"): ("Parental leave", ""),
        ("people/benefits.md", "paging"): ("On-call", "paging"),
        ("people/parental-leave/index.md", "request form"): ("file:Parental leave request form", ""),
        ("people/parental-leave/index.md", "benefits"): ("Benefits", ""),
        ("engineering/oncall.md", "people operations"): ("People operations", ""),
        ("engineering/oncall.md", "benefits"): ("Benefits", "health-cover"),
        ("engineering/runbooks/database.md", "paging"): ("On-call", "paging"),
    },
}
# A word only one page's body holds, and that page.
BODY_WORDS = {"plain": ("zeppelin", "teams/it/pages/vpn/"), "mkdocs": ("walrus", "teams/it/pages/laptop/"),
              "hugo": ("flamingo", "teams/people/pages/benefits/")}


def portal(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)


def imported(tmp: Path, layout: str) -> Path:
    root = tmp / layout
    root.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    result = portal(root, "import", str(HANDBOOKS / layout))
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Each fixture imported and built, as a user would: import, check, build."""
    tmp = tmp_path_factory.mktemp("imports")
    roots = {}
    for layout in LINKS:
        root = imported(tmp, layout)
        check = portal(root, "check", "--today", TODAY)
        assert check.returncode == 0, check.stdout + check.stderr
        build = portal(root, "build", "--today", TODAY)
        assert build.returncode == 0, build.stdout + build.stderr
        roots[layout] = root
    return roots


@pytest.mark.parametrize("layout", LINKS)
def test_check_reports_only_the_gaps_the_owners_must_fill(built, layout):
    out = portal(built[layout], "check", "--today", TODAY).stdout
    found = [line for line in out.splitlines() if "warning[" in line or "error[" in line]
    codes = {line.split("[", 1)[1].split("]", 1)[0] for line in found}
    assert codes <= {"no-owners", "no-channels", "broken-link"}, out
    assert out.splitlines()[-1].startswith("0 errors")
    # The links that lead nowhere stay as the handbook wrote them (to the page, when only the
    # heading is missing), so the check names each one; no other link is broken.
    report = json.loads((built[layout] / "import-report.json").read_text(encoding="utf-8"))
    broken = sorted(line.split("'")[1] for line in found if "[broken-link]" in line)
    assert broken == sorted(u["now"] for u in report["unresolved_links"]), out


def _page(site: Path, url: str) -> BeautifulSoup:
    path = site / url.lstrip("/")
    return BeautifulSoup((path / "index.html" if path.is_dir() else path).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("layout", LINKS)
def test_every_source_link_to_a_page_or_file_still_leads_there(built, layout):
    root = built[layout]
    site = root / "site"
    report = json.loads((root / "import-report.json").read_text(encoding="utf-8"))
    where = {p["source"]: p["target"] for p in report["pages"]}
    followed = 0
    for (source, text), (title, anchor) in LINKS[layout].items():
        url = "/" + where[source].removesuffix(".md") + "/"
        page = _page(site, url)
        links = [a for a in page.select("article a[href]") if a.get_text(strip=True) == text]
        assert links, (source, text)
        href = urlsplit(links[0]["href"])
        target = (site / url.lstrip("/") / unquote(href.path)).resolve()
        if title.startswith("file:"):
            assert target.is_file() and target.read_text().strip() == title[5:], (source, text, target)
        else:
            html = BeautifulSoup((target / "index.html").read_text(encoding="utf-8"), "html.parser")
            assert html.select_one("article h1").get_text(strip=True).rstrip("¶") == title, (source, text)
            if anchor:
                assert href.fragment == anchor and html.find(id=anchor), (source, text, href.fragment)
        followed += 1
    assert followed == len(LINKS[layout])
    # And no other link of an imported page is broken: every relative one leads to a file.
    for target in where.values():
        url = "/" + target.removesuffix(".md") + "/"
        for a in _page(site, url).select("article a[href]"):
            href = urlsplit(a["href"])
            if href.scheme or not href.path or any(a["href"] == u["target"] for u in report["unresolved_links"]):
                continue
            assert (site / url.lstrip("/") / unquote(href.path)).resolve().exists(), (target, a["href"])


def test_links_that_lead_nowhere_are_reported_with_file_and_line(built):
    report = json.loads((built["plain"] / "import-report.json").read_text(encoding="utf-8"))
    assert report["unresolved_links"] == [
        {"file": "people/onboarding/first-week.md", "line": 6, "target": "../intranet-archive.md",
         "reason": "no such page or file in the handbook", "now": "../intranet-archive.md"},
        {"file": "people/onboarding/first-week.md", "line": 6, "target": "../holidays.md#no-such-heading",
         "reason": "the page has no heading #no-such-heading", "now": "holidays.md#no-such-heading"}]
    text = (built["plain"] / "content/teams/people/pages/onboarding-first-week.md").read_text(encoding="utf-8")
    # Their text stays, and so do the links, for the owners to mend: the page that is there is linked.
    assert "(../intranet-archive.md)" in text and "(holidays.md#no-such-heading)" in text
    markdown = (built["plain"] / "import-report.md").read_text(encoding="utf-8")
    assert "- people/onboarding/first-week.md:6: `../intranet-archive.md`: no such page or file in the handbook\n" in markdown
    assert ("- people/onboarding/first-week.md:6: `../holidays.md#no-such-heading`: the page has no heading "
            "#no-such-heading (the link now reads `holidays.md#no-such-heading`)\n") in markdown
    assert "- `content/teams/people/team.yml` (People team, 3 pages): owners, channels" in markdown
    assert "- it/vpn.md:10: the HTML tag <blink> (what it holds is kept)" in markdown
    assert report["files_not_copied"] == ["people/images/unused.png"]
    assert report["front_matter_not_mapped"] == [{"file": "it/vpn.md", "keys": ["author"]}]


def test_other_generators_constructs_are_converted_or_reported(built):
    hugo = json.loads((built["hugo"] / "import-report.json").read_text(encoding="utf-8"))
    converted = {(n["file"], n["what"]) for n in hugo["converted"]}
    assert ("people/benefits.md", "Hugo notice shortcode: a warning admonition") in converted
    assert ("people/benefits.md", "Hugo figure shortcode: an image with its caption") in converted
    assert ("engineering/oncall.md", "Hugo highlight shortcode: a fenced code block") in converted
    assert ("engineering/oncall.md", "Hugo expand shortcode: a collapsible note") in converted
    assert hugo["not_converted"] == [{"file": "people/benefits.md", "line": 25,
                                      "what": "Hugo shortcode {{< youtube >}} has no equivalent: left out"}]
    assert hugo["skipped"] == [{"file": "engineering/draft-notes.md", "reason": "a draft (draft: true)"}]
    # draft: and weight: are acted on (a draft is skipped, weight orders the navigation)
    assert hugo["front_matter_not_mapped"] == []
    site = built["hugo"] / "site"
    benefits = _page(site, "teams/people/pages/benefits/")
    assert benefits.select_one(".admonition.warning").get_text(" ", strip=True).endswith("Enrol within your first 30 days.")
    assert benefits.select_one("article img")["alt"] == "Benefits at a glance"
    oncall = _page(site, "teams/engineering/pages/oncall/")
    assert "pager ack" in oncall.select_one("pre code").get_text()
    assert oncall.select_one("details summary").get_text(strip=True) == "Escalation details"
    assert "{{" not in benefits.get_text() + oncall.get_text()
    mkdocs = json.loads((built["mkdocs"] / "import-report.json").read_text(encoding="utf-8"))
    assert [n["what"] for n in mkdocs["not_converted"]] == [
        "MkDocs snippet (--8<--) has no equivalent: left out; copy the text it included"]
    leave = _page(built["mkdocs"] / "site", "teams/hr/pages/leave/")
    assert leave.select_one(".admonition.tip .admonition-title").get_text(strip=True) == "Plan early"
    assert [b.get_text() for b in leave.select("article p > strong")][:2] == ["Finland", "Poland"]
    team = (built["mkdocs"] / "content/teams/hr/team.yml").read_text(encoding="utf-8")
    assert "name: Human resources\nsummary: Leave, benefits and your contract.\nowners: []\nchannels: []\n" in team


@pytest.mark.parametrize("layout", LINKS)
def test_search_finds_imported_pages_by_words_of_their_bodies(built, layout):
    word, url = BODY_WORDS[layout]
    result = portal(built[layout], "search", word, "--json", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["results"][0]["url"].startswith(url)


def test_the_same_handbook_imports_to_the_same_bytes(tmp_path):
    def tree(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
                if p.is_file() and p.name != "mkdocs.yml"}

    for layout in LINKS:
        first, second = imported(tmp_path / "a", layout), imported(tmp_path / "b", layout)
        assert tree(first) == tree(second) and len(tree(first)) > 8


def test_an_import_that_would_overwrite_content_writes_nothing(tmp_path):
    root = imported(tmp_path, "plain")
    before = {p: p.read_bytes() for p in (root / "content").rglob("*") if p.is_file()}
    result = portal(root, "import", str(HANDBOOKS / "plain"))
    assert result.returncode == 1
    assert "content/teams/finance/pages/expenses.md:1:1: error[import-conflict]: this file exists already" in result.stdout
    assert "portal import: nothing imported: " in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in (root / "content").rglob("*") if p.is_file()} == before


def test_a_mapping_file_chooses_the_teams(tmp_path):
    (tmp_path / "map.yml").write_text("teams:\n  people: hr\n  people/onboarding: onboarding\n"
                                      "names:\n  hr: People and Culture\nroot: general\n", encoding="utf-8")
    result = portal(tmp_path, "import", str(HANDBOOKS / "plain"), "--map", "map.yml")
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "import-report.json").read_text(encoding="utf-8"))
    where = {p["source"]: p["target"] for p in report["pages"]}
    assert where["people/holidays.md"] == "teams/hr/pages/holidays.md"
    assert where["people/onboarding/first-week.md"] == "teams/onboarding/pages/first-week.md"
    assert where["README.md"] == "teams/general/pages/overview.md"
    assert where["it/vpn.md"] == "teams/it/pages/vpn.md"  # not mapped: its top-level folder's team
    assert "name: People and Culture\n" in (tmp_path / "content/teams/hr/team.yml").read_text(encoding="utf-8")
    (tmp_path / "bad.yml").write_text("teams:\n  people: Human Resources\n", encoding="utf-8")
    bad = portal(tmp_path / "content", "import", str(HANDBOOKS / "plain"), "--map", "../bad.yml")
    assert bad.returncode == 1 and "teams: people: 'Human Resources' is not a team id" in bad.stderr


def test_bad_input_gets_a_clear_error_or_a_report_line(tmp_path):
    missing = portal(tmp_path, "import", "nowhere")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert "portal import: nowhere: no such folder" in missing.stderr
    handbook = tmp_path / "book"
    (handbook / "ops").mkdir(parents=True)
    (handbook / "ops" / "broken.md").write_text("---\ntitle: [unclosed\n---\n\nThe body survives.\n", encoding="utf-8")
    result = portal(tmp_path, "import", "book")
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "import-report.json").read_text(encoding="utf-8"))
    assert report["not_converted"][0]["file"] == "ops/broken.md"
    assert report["not_converted"][0]["what"].startswith("front matter could not be read")
    page = (tmp_path / "content/teams/ops/pages/broken.md").read_text(encoding="utf-8")
    assert page.startswith("---\ntitle: Broken\n---\n") and "The body survives." in page
    assert portal(tmp_path, "check", "--today", TODAY).returncode == 0


# Per layout, each team's nav.yml: the handbook's folders as sections, in its order (MkDocs' nav:
# and its section titles; Hugo's weight and _index.md titles; plain folders by name), titled
# as the handbook titles them.
NAVS = {
    "plain": {"people": ["pages/overview.md", "pages/holidays.md",
                         {"title": "Onboarding", "nav": ["pages/onboarding-first-week.md"]}]},
    "mkdocs": {"hr": ["pages/overview.md", {"title": "Time away", "nav": ["pages/away-sick.md", "pages/away-parental.md"]},
                      "pages/leave.md"]},
    "hugo": {"engineering": ["pages/overview.md", {"title": "Runbooks", "page": "pages/runbooks.md",
                                                   "nav": ["pages/runbooks-database.md"]}, "pages/oncall.md"],
             "people": ["pages/overview.md", "pages/parental-leave.md", "pages/benefits.md"]},
}


@pytest.mark.parametrize("layout", NAVS)
def test_the_handbooks_folders_and_order_become_each_teams_navigation(built, layout):
    for team, nav in NAVS[layout].items():
        written = yaml.safe_load((built[layout] / f"content/teams/{team}/nav.yml").read_text(encoding="utf-8"))
        assert written == {"nav": nav}, team
    if layout == "mkdocs":  # and the built site shows them so
        sidebar = _page(built[layout] / "site", "/teams/hr/pages/away-sick/").select_one("nav.md-nav--primary")
        labels = [" ".join(x.get_text().split()) for x in sidebar.select("li.md-nav__item > .md-nav__link")]
        assert labels[labels.index("Human resources"):][:6] == [
            "Human resources", "Human resources", "Time away", "Sick leave", "Parental leave", "Annual leave"]


def test_the_organisation_is_named_after_the_root_page_even_below_a_line_above_its_heading(built):
    """plain/README.md opens with a link, then its # heading: the heading names the page, its
    team and the organisation, and the line above stays on the page."""
    root = built["plain"] / "content"
    assert yaml.safe_load((root / "portal.yml").read_text(encoding="utf-8"))["organisation"] == "Acme handbook"
    assert yaml.safe_load((root / "teams/handbook/team.yml").read_text(encoding="utf-8"))["name"] == "Acme handbook"
    page = (root / "teams/handbook/pages/overview.md").read_text(encoding="utf-8")
    assert page.startswith("---\ntitle: Acme handbook\n---\n\n[Read this on the old intranet]"
                           "(https://intranet.acme.example/handbook)\n\nHow we work at Acme.")
    report = json.loads((built["plain"] / "import-report.json").read_text(encoding="utf-8"))
    assert {"file": "README.md", "line": 3, "what": "the first heading 'Acme handbook': the page's title, the text "
            "above it now follows the title"} in report["converted"]
