"""The organisation's own Matomo: what the pages hand its tracker, and `portal report
--analytics` on its visit log (Live.getLastVisitsDetails, as Matomo's Reporting API gives it)."""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import BASE, ROOT, Org, cli, serve_directory

FILES = {
    **BASE,
    "content/teams/it/faq.yml": textwrap.dedent("""\
        questions:
          - id: reset-password
            question: How do I reset my password?
            answer: Use the password page.
          - id: vpn
            question: How do I connect to the VPN?
            answer: Open the VPN app and sign in.
        """),
    "content/teams/hr/team.yml": "name: HR\nsummary: People.\nowners: ['@org/hr']\n"
                                 "channels:\n  - type: email\n    value: hr@example.com\n",
    "content/teams/hr/sops/leave-the-company.md": "---\ntitle: Leave the company\nowner: '@org/hr'\nreviewed: 2026-11-01\n"
                                                  "---\n\n## Resignation\n\nWrite your resignation letter.\n",
}
MATOMO = "\nanalytics:\n  matomo:\n    url: http://127.0.0.1:9/stats/\n    site_id: 4\n"


def org(tmp_path: Path, files: dict[str, str] = FILES) -> Path:
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def search(query: str, count: int, lang: str = "en") -> dict:
    return {"type": "search", "siteSearchKeyword": query, "siteSearchCategory": lang, "siteSearchCount": count}


def event(category: str, action: str, name: str, value=None) -> dict:
    return {"type": "event", "eventCategory": category, "eventAction": action, "eventName": name,
            **({"eventValue": value} if value is not None else {})}


def page(path: str) -> dict:
    return {"type": "action", "url": f"https://intranet.example{path}"}


VISITS = [
    # Nothing for "quitting" (no form of it is written), then "resignation" finds the procedure,
    # which is opened.
    {"actionDetails": [page("/"), search("quitting", 0), search("resignation", 3),
                       event("Search result", "resignation", "/teams/hr/sops/leave-the-company/", 1),
                       page("/teams/hr/sops/leave-the-company/")]},
    {"actionDetails": [search("Quitting", 0), page("/teams/hr/sops/leave-the-company/"),
                       event("Feedback: hr", "not helpful", "/teams/hr/sops/leave-the-company/")]},
    # Nothing for a word no one has written yet, and nothing opened after it: nobody's yet.
    {"actionDetails": [search("@boss zzqx", 0), page("/")]},
    # Nothing found then, found today: fixed since, not reported ("resigning" by its stem).
    {"actionDetails": [search("vpn", 0)]},
    {"actionDetails": [search("resigning", 0)]},
    {"actionDetails": [search("password", 2), event("Search result", "password", "/teams/it/faq/#reset-password", 2),
                       event("Feedback: it", "helpful", "/teams/it/faq/#reset-password"),
                       event("Search result", "password", "/teams/it/faq/#reset-password", 1)]},
]


def report(tmp_path: Path, visits, *args: str) -> subprocess.CompletedProcess:
    (tmp_path / "visits.json").write_text(json.dumps(visits), encoding="utf-8")
    return cli(tmp_path, "report", "--analytics", "visits.json", *args)


def test_the_report_groups_what_found_nothing_by_the_words_that_fail_today_and_gives_it_to_a_team(tmp_path):
    result = report(org(tmp_path), VISITS, "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert data["visits"] == 6
    hr = data["teams"]["hr"]
    assert hr["failed_searches"] == [{"words": ["quitting"], "searches": 2, "queries": ["quitting"],
                                      "synonym": ["resignation", "quitting"],
                                      "answer": "/teams/hr/sops/leave-the-company/"}]
    assert hr["unhelpful"] == [{"page": "/teams/hr/sops/leave-the-company/", "not_helpful": 1, "helpful": 0}]
    assert hr["opened"] == [{"page": "/teams/hr/sops/leave-the-company/", "opens": 1, "average_rank": 1.0}]
    it = data["teams"]["it"]
    assert it["failed_searches"] == [] and it["unhelpful"] == []  # "vpn" finds the question today
    assert it["opened"] == [{"page": "/teams/it/faq/#reset-password", "opens": 2, "average_rank": 1.5}]
    assert data["unplaced"] == [{"words": ["boss", "zzqx"], "searches": 1, "queries": ["@boss zzqx"],
                                 "synonym": None, "answer": None}]


def test_the_markdown_report_shows_employees_words_as_code_so_nothing_in_them_takes_effect(tmp_path):
    result = report(org(tmp_path), VISITS)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    hr = text.index("## HR")
    assert text.index("`quitting`: 2 searches found nothing", hr) > hr
    assert "add to synonyms.yml `- [resignation, quitting]`" in text
    assert "`@boss zzqx`" in text and " @boss" not in text.replace("`@boss", "")  # no mention outside code


@pytest.mark.parametrize("export", ["not json", '{"result": "error", "message": "token_auth is invalid"}',
                                    '[{"idVisit": 1}]'])
def test_an_export_that_is_not_a_visit_log_is_a_clear_error(tmp_path, export):
    org(tmp_path)
    (tmp_path / "visits.json").write_text(export, encoding="utf-8")
    result = cli(tmp_path, "report", "--analytics", "visits.json")
    assert result.returncode == 1
    assert "Live.getLastVisitsDetails" in result.stderr and "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def tracked_site(tmp_path_factory) -> Path:
    root = org(tmp_path_factory.mktemp("tracked"), {**FILES, "content/portal.yml": textwrap.dedent(
        BASE["content/portal.yml"]) + MATOMO})
    result = cli(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_searches_result_clicks_and_feedback_reach_matomo_s_queue(browser, tracked_site):
    with serve_directory(tracked_site) as url:
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        requested: list[str] = []
        tab.on("request", lambda request: requested.append(request.url))
        tab.goto(f"{url}/")
        tab.wait_for_load_state("networkidle")
        queue = lambda: tab.evaluate("window._paq.map((c) => [...c])")  # noqa: E731
        assert queue()[:4] == [["trackPageView"], ["enableLinkTracking"],
                               ["setTrackerUrl", "http://127.0.0.1:9/stats/matomo.php"], ["setSiteId", "4"]]
        tab.keyboard.press("/")
        tab.keyboard.type("zzqx")
        tab.wait_for_function("window._paq.some((c) => c[0] === 'trackSiteSearch')")
        tab.locator("#__search").evaluate("e => e.checked = true")
        tab.fill("input.md-search__input", "password")
        tab.locator(".md-search-result__item").first.wait_for()
        tab.wait_for_function("window._paq.filter((c) => c[0] === 'trackSiteSearch').length === 2")
        searches = [c for c in queue() if c[0] == "trackSiteSearch"]
        tab.locator(".md-search-result__link").first.click()
        tab.wait_for_load_state("networkidle")
        assert tab.url.startswith(f"{url}/teams/it/faq/")  # a new page, with a queue of its own
        tab.locator(".portal-feedback__no").first.click()
        events = [c for c in queue() if c[0] == "trackEvent"]
        assert events == [["trackEvent", "Feedback: it", "not helpful", "/teams/it/faq/"]]
        tab.close()
    assert searches == [["trackSiteSearch", "zzqx", "en", 0], ["trackSiteSearch", "password", "en", 2]]
    # Only the organisation's own Matomo, and only its script, is asked for beyond the site.
    foreign = {r for r in requested if urlsplit(r).netloc != urlsplit(url).netloc}
    assert foreign <= {"http://127.0.0.1:9/stats/matomo.js"}


def test_a_result_opened_from_search_is_an_event_with_its_query_and_rank(browser, tracked_site):
    with serve_directory(tracked_site) as url:
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.goto(f"{url}/")
        tab.keyboard.press("/")
        tab.keyboard.type("password")
        tab.locator(".md-search-result__item").first.wait_for()
        # Keep the page: record what the click hands the queue before the browser follows the link.
        tab.evaluate("document.addEventListener('click', (e) => e.preventDefault())")
        second = tab.locator(".md-search-result__link").nth(1)
        href = second.evaluate("(a) => new URL(a.href).pathname + new URL(a.href).hash")
        second.click()
        queue = tab.evaluate("window._paq.map((c) => [...c])")
        tab.close()
    assert [c for c in queue if c[0] == "trackSiteSearch"] == [["trackSiteSearch", "password", "en", 2]]
    opened = [c for c in queue if c[0] == "trackEvent"]
    assert len(opened) == 1
    assert opened[0][:2] == ["trackEvent", "Search result"] and opened[0][2] == "password" and opened[0][4] == 2
    assert opened[0][3] == href


def test_without_analytics_the_pages_carry_no_tracker(sample):
    site, _ = sample
    for page_file in [site / "index.html", site / "teams/it/index.html", site / "fi/index.html"]:
        html = page_file.read_text(encoding="utf-8")
        assert "portal-analytics" not in html and "_paq" not in html


def test_a_stale_index_is_rebuilt_from_the_report_s_own_check_of_the_content(tmp_path, capsys, monkeypatch):
    """No index yet (the report's case after a pull): the content is checked once, and the index
    built from that check, not checked a second time for the index."""
    import generator.cli
    import generator.pipeline


    calls = []
    check = generator.pipeline.check_content

    def counted(*args, **kwargs):
        calls.append(args)
        return check(*args, **kwargs)

    monkeypatch.setattr(generator.pipeline, "check_content", counted)
    monkeypatch.setattr(generator.cli, "check_content", counted)
    root = org(tmp_path)
    (root / "visits.json").write_text(json.dumps(VISITS), encoding="utf-8")
    assert not (root / "build").exists()
    code, out = Org(root).run("report", "--analytics", "visits.json", "--format", "json", capsys=capsys,
                              monkeypatch=monkeypatch)
    assert code == 0, out
    assert json.loads(out)["teams"]["hr"]["failed_searches"][0]["words"] == ["quitting"]
    assert len(calls) == 1, calls
