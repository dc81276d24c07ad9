"""Dates from the repository's history, edit links to the source, and overdue reviews."""

from __future__ import annotations

import os
import subprocess

import pytest

# Without git these fail under CI and are skipped elsewhere (conftest.require).
pytestmark = pytest.mark.usefixtures("git")

SOP = "content/teams/it/sops/reset-password.md"


def commit(root, when: str, message: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_AUTHOR_NAME": "Owner", "GIT_AUTHOR_EMAIL": "owner@example.com",
           "GIT_COMMITTER_NAME": "Owner", "GIT_COMMITTER_EMAIL": "owner@example.com"}
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=root, check=True, env=env)


def test_last_changed_comes_from_history_and_edit_links_lead_to_the_source(org, run):
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=org.root, check=True)
    org.write({"content/portal.yml": "organisation: Test Org\nhelp_desk: it\nlocations: []\nrepository:\n"
                                     "  url: https://git.example.com/org/portal\n",
               SOP: "---\ntitle: Reset a password\nreviewed: 2026-01-10\n---\n\n## Steps\n\nDo it.\n"})
    commit(org.root, "2026-02-03T10:00:00+00:00", "Add content")
    org.write({"content/teams/it/team.yml": "name: IT help desk\nsummary: Laptops, phones and passwords.\n"
                                            "owners: ['@org/it']\nchannels:\n  - type: email\n"
                                            "    value: techsupport@example.com\n"})
    commit(org.root, "2026-05-20T10:00:00+00:00", "Reword the IT summary")
    os.utime(org.root / SOP)  # a checkout's file times mean nothing: history decides
    assert run("build")[0] == 0
    sop = org.html("teams/it/sops/reset-password").select_one(".portal-page-facts")
    assert sop.select_one("time")["datetime"] == "2026-02-03"
    assert sop.select_one(".portal-page-facts__edit")["href"] == (
        "https://git.example.com/org/portal/edit/main/content/teams/it/sops/reset-password.md")
    team = org.html("teams/it").select_one(".portal-page-facts")
    assert team.select_one("time")["datetime"] == "2026-05-20"
    assert team.select_one(".portal-page-facts__edit")["href"].endswith("/edit/main/content/teams/it/team.yml")
    # Pages made from several files have no single source to edit.
    assert org.html("teams").select_one(".portal-page-facts__edit") is None


def test_without_history_no_date_is_shown(org, run):
    assert run("build")[0] == 0
    assert org.html("teams/it").select_one(".portal-page-facts time") is None


def test_overdue_review_shows_a_badge(org, run):
    org.write({SOP: "---\ntitle: Reset a password\nreviewed: 2025-01-10\nreview_every: 6 months\n---\n\nDo it.\n"})
    assert run("build")[0] == 0  # a warning, not an error
    header = org.html("teams/it/sops/reset-password").select_one(".portal-sop-header")
    assert header.select_one(".portal-badge--overdue").get_text() == "Review overdue"
    org.write({SOP: "---\ntitle: Reset a password\nreviewed: 2026-10-10\nreview_every: 6 months\n---\n\nDo it.\n"})
    assert run("build")[0] == 0
    assert org.html("teams/it/sops/reset-password").select_one(".portal-badge--overdue") is None


def test_whats_new_and_its_feed_lead_with_news_then_changes_newest_first(org, run):
    from xml.etree import ElementTree

    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=org.root, check=True)
    org.write({SOP: "---\ntitle: Reset a password\nreviewed: 2026-01-10\n---\n\nDo it.\n"})
    commit(org.root, "2026-03-01T09:00:00+00:00", "Add the procedure")
    org.write({"content/news/2026-04-15-new-vpn.md": "---\ntitle: A new VPN\nteam: it\n---\n\nFaster.\n"})
    commit(org.root, "2026-04-15T09:00:00+00:00", "Announce the VPN")
    org.write({"content/teams/it/team.yml": "name: IT help desk\nsummary: Laptops.\nowners: ['@org/it']\n"
                                            "channels:\n  - type: email\n    value: it@example.com\n"})
    commit(org.root, "2026-05-02T09:00:00+00:00", "Shorter summary")
    assert run("build", "--strict")[0] == 0
    items = [li.get_text(" ", strip=True) for li in org.html("news").select("article ul li")]
    assert items[0].startswith("15 April 2026, news from IT help desk: A new VPN")
    assert items[1].startswith("2 May 2026, updated from IT help desk: IT help desk")
    assert items[2].startswith("1 March 2026, updated from IT help desk: Reset a password")
    feed = ElementTree.parse(org.root / "site/feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.find("a:updated", ns).text == "2026-05-02T00:00:00Z"
    entries = [(e.find("a:title", ns).text, e.find("a:link", ns).get("href"), e.find("a:author/a:name", ns).text)
               for e in feed.findall("a:entry", ns)]
    assert entries[:3] == [("News: A new VPN", "news/2026-04-15-new-vpn/", "IT help desk"),
                           ("Updated: IT help desk", "teams/it/", "IT help desk"),
                           ("Updated: Reset a password", "teams/it/sops/reset-password/", "IT help desk")]
    head = org.html("").select_one('link[rel="alternate"][type="application/atom+xml"]')
    assert head["href"] == "feed.xml"


def test_whats_new_keeps_every_announcement_ahead_of_many_recent_changes(org, run):
    from xml.etree import ElementTree

    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=org.root, check=True)
    org.write({"content/news/2026-01-05-old.md": "---\ntitle: An older announcement\nteam: it\n---\n\nOld.\n",
               "content/news/2026-02-10-newer.md": "---\ntitle: A newer announcement\nteam: it\n---\n\nNew.\n"})
    commit(org.root, "2026-02-10T09:00:00+00:00", "Announce")
    for n in range(25):
        org.write({f"content/teams/it/pages/page-{n:02}.md": f"---\ntitle: Page {n:02}\n---\n\nText.\n"})
        commit(org.root, f"2026-05-{n + 1:02}T09:00:00+00:00", f"Page {n}")
    assert run("build", "--strict")[0] == 0
    items = [li.get_text(" ", strip=True) for li in org.html("news").select("article ul li")]
    assert items[0].startswith("10 February 2026, news from IT help desk: A newer announcement")
    assert items[1].startswith("5 January 2026, news from IT help desk: An older announcement")
    assert items[2].startswith("25 May 2026, updated from IT help desk: Page 24")
    assert len(items) == 2 + 20
    feed = ElementTree.parse(org.root / "site/feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.find("a:title", ns).text for e in feed.findall("a:entry", ns)]
    assert titles[:3] == ["News: A newer announcement", "News: An older announcement", "Updated: Page 24"]


def test_report_lists_untranslated_and_outdated_translations_per_language(org, run):
    import json

    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=org.root, check=True)
    org.write({"content/portal.yml": (org.root / "content/portal.yml").read_text() + "languages: [en, fi, pl]\n",
               SOP: "---\ntitle: Reset a password\nreviewed: 2026-01-10\n---\n\n## Steps\n\nDo it.\n",
               "content/teams/it/faq.yml": "questions:\n  - id: vpn\n    question: How do I use the VPN?\n"
                                           "    answer: Open it.\n",
               "content/teams/it/team.fi.yml": "name: IT-tuki\nsummary: Tietokoneet ja salasanat.\n",
               "content/teams/it/sops/reset-password.fi.md": "---\ntitle: Salasanan vaihtaminen\n---\n\n## Vaiheet\n\nTee se.\n"})
    commit(org.root, "2026-02-03T10:00:00+00:00", "Add content and its Finnish translation")
    org.write({SOP: "---\ntitle: Reset a password\nreviewed: 2026-03-01\n---\n\n## Steps\n\nDo it now.\n"})
    commit(org.root, "2026-03-01T10:00:00+00:00", "Reword the procedure")
    code, output = run("report", "--format", "json")
    assert code == 0
    languages = json.loads(output)["translations"]
    assert list(languages) == ["fi", "pl"]
    assert languages["fi"] == {
        "missing": [{"kind": "home", "title": "Helsinki", "team": "", "entry": "locations[helsinki]", "fields": ["name"],
                     "file": "content/portal.yml", "translation": "content/portal.fi.yml"},
                    {"kind": "home", "title": "Permanent", "team": "", "entry": "employment_types[permanent]",
                     "fields": ["name"], "file": "content/portal.yml", "translation": "content/portal.fi.yml"},
                    {"kind": "faq", "title": "How do I use the VPN?", "team": "IT help desk", "entry": "questions[vpn]",
                     "fields": ["question", "answer"], "file": "content/teams/it/faq.yml",
                     "translation": "content/teams/it/faq.fi.yml"}],
        "outdated": [{"kind": "sop", "title": "Reset a password", "team": "IT help desk", "entry": "",
                      "file": "content/teams/it/sops/reset-password.fi.md",
                      "original": "content/teams/it/sops/reset-password.md"}]}
    assert [u["kind"] for u in languages["pl"]["missing"]] == ["home", "home", "team", "faq", "sop"]
    assert languages["pl"]["outdated"] == []
    code, output = run("report")
    assert "## Translations: Suomi (fi)\n\n3 not translated, 1 out of date.\n\n" \
           "- out of date: [Reset a password](content/teams/it/sops/reset-password.fi.md), " \
           "its original content/teams/it/sops/reset-password.md changed since\n" in output
