"""Urgent notices: a banner on every page of every language until the notice ends, hidden by the
reader's browser once the end has passed even without a rebuild, and first in the feed."""

from __future__ import annotations

import shutil
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import BASE, ROOT, cli, serve_directory

OUTAGE = "---\ntitle: VPN outage\nteam: it\nurgent: true\nends: 2026-11-25 18:00\n---\n\nThe VPN is down.\n"
FILES = {
    **BASE,
    "content/portal.yml": textwrap.dedent(BASE["content/portal.yml"]) + "languages: [en, fi]\n",
    "content/news/2026-11-20-vpn-outage.md": OUTAGE,
    "content/news/2026-11-20-vpn-outage.fi.md": "---\ntitle: VPN-katko\n---\n\nVPN ei toimi.\n",
    "content/news/2026-11-21-new-printers.md": "---\ntitle: New printers\nteam: it\n---\n\nNew printers.\n",
    "content/news/2026-11-01-old-closure.md": "---\ntitle: Office closed\nurgent: true\nends: 2026-11-02\n---\n\nClosed.\n",
}


def org(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = org(tmp_path_factory.mktemp("urgent"), FILES)
    result = cli(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def banner(site: Path, page: str) -> list[tuple[str, str, str]]:
    soup = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
    return [(p.strong.get_text(), p.a.get_text(), p["data-ends"]) for p in soup.select(".md-banner .portal-urgent")]


@pytest.mark.parametrize("page", ["", "teams/it", "news", "news/2026-11-21-new-printers"])
def test_the_notice_is_on_every_page_of_every_language_until_it_ends(site, page):
    # 18:00 in the first office's zone (Helsinki, +02:00 in November); the closure ended before the build.
    assert banner(site, page) == [("Urgent:", "VPN outage", "2026-11-25T18:00:00+02:00")]
    assert banner(site, f"fi/{page}") == [("Tärkeä tiedote:", "VPN-katko", "2026-11-25T18:00:00+02:00")]


def test_the_banner_says_until_when_in_the_page_s_language(site):
    soup = BeautifulSoup((site / "fi/index.html").read_text(encoding="utf-8"), "html.parser")
    until = soup.select_one(".portal-urgent__until").get_text()
    assert until.startswith("voimassa ") and "18.00" in until and until.endswith("asti")


def test_the_browser_hides_the_notice_once_its_end_has_passed(browser, site):
    with serve_directory(site) as url:
        seen = {}
        for label, moment in (("before", datetime(2026, 11, 25, 15, 59, tzinfo=UTC)),
                              ("after", datetime(2026, 11, 25, 16, 1, tzinfo=UTC))):
            context = browser.new_context()
            tab = context.new_page()
            tab.clock.install(time=moment)
            tab.goto(f"{url}/fi/teams/it/")
            tab.wait_for_load_state("load")
            seen[label] = tab.locator(".md-banner").is_visible()
            context.close()
        # And on a page left open across the end.
        context = browser.new_context()
        tab = context.new_page()
        tab.clock.install(time=datetime(2026, 11, 25, 15, 59, tzinfo=UTC))
        tab.goto(f"{url}/")
        tab.wait_for_load_state("load")
        assert tab.locator(".md-banner").is_visible()
        tab.clock.run_for("02:00")
        seen["left open"] = tab.locator(".md-banner").is_visible()
        context.close()
    assert seen == {"before": True, "after": False, "left open": False}


def test_urgent_notices_come_first_in_the_feed_and_what_s_new(site):
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert feed.index("VPN outage") < feed.index("New printers")  # older, but urgent
    news = (site / "news/index.html").read_text(encoding="utf-8")
    assert news.index("VPN outage") < news.index("New printers")


def test_an_urgent_notice_without_an_end_is_refused_at_its_line(tmp_path):
    org(tmp_path, {**BASE, "content/news/2026-11-20-outage.md": "---\ntitle: Outage\nurgent: true\n---\n\nDown.\n"})
    result = cli(tmp_path, "check")
    assert result.returncode == 1
    assert "content/news/2026-11-20-outage.md:3:" in result.stdout
    assert "missing-field" in result.stdout and "ends:" in result.stdout


def test_a_site_with_no_urgent_notice_has_no_banner(sample):
    site, _ = sample
    assert 'class="md-banner' not in (site / "index.html").read_text(encoding="utf-8")
