"""`portal report`: reviews due by team and owner, pages without owner, broken links."""

from __future__ import annotations

import json

FILES = {
    "content/teams/it/sops/old.md": "---\ntitle: Old procedure\nowner: '@alice'\nreviewed: 2025-01-10\n---\n\nSee "
                                    "[the new one](new.md) and [a question](../faq.md#no-such-question).\n",
    "content/teams/it/sops/new.md": "---\ntitle: New procedure\nreviewed: 2026-11-01\nreview_every: 1 month\n---\n\n"
                                    "Also see [gone](../pages/gone.md).\n",
    "content/teams/it/faq.yml": "questions:\n  - id: vpn\n    question: VPN?\n    answer: |\n      Read\n"
                                "      [the steps](sops/new.md#steps).\n",
}


def test_report_as_json(org, run):
    org.write(FILES)
    code, output = run("report", "--format", "json")
    assert code == 0
    assert json.loads(output) == {
        "date": "2026-11-22",
        "reviews": [
            {"file": "content/teams/it/sops/new.md", "title": "New procedure", "team": "IT help desk", "owner": "",
             "due": "2026-12-01", "status": "due soon"},
            {"file": "content/teams/it/sops/old.md", "title": "Old procedure", "team": "IT help desk", "owner": "@alice",
             "due": "2026-01-10", "status": "overdue"},
        ],
        "no_owner": [{"file": "content/teams/it/sops/new.md", "title": "New procedure", "team": "IT help desk"}],
        "broken_links": [
            {"file": "content/teams/it/faq.yml", "line": 6, "link": "sops/new.md#steps",
             "problem": "no question or heading 'steps' on that page"},
            {"file": "content/teams/it/sops/new.md", "line": 7, "link": "../pages/gone.md", "problem": "no such page or file"},
            {"file": "content/teams/it/sops/old.md", "line": 7, "link": "../faq.md#no-such-question",
             "problem": "no question or heading 'no-such-question' on that page"},
        ],
        "translations": {},
    }


def test_report_as_markdown_for_a_pull_request(org, run):
    org.write(FILES)
    code, output = run("report")
    assert code == 0
    assert output.splitlines()[:8] == [
        "# Content health, 2026-11-22", "", "## Reviews due", "",
        "**IT help desk**, no owner", "",
        "- due soon: [New procedure](content/teams/it/sops/new.md), due 2026-12-01", "",
    ]
    assert "- content/teams/it/sops/new.md:7: `../pages/gone.md`: no such page or file" in output.splitlines()


def test_links_to_attachments_and_translations_are_followed(org, run):
    org.write({
        "content/portal.yml": (org.root / "content/portal.yml").read_text() + "languages: [en, fi]\n",
        "content/teams/it/files/form.txt": "the form\n",
        "content/teams/it/pages/vpn.md": "---\ntitle: VPN\n---\n\n[The form](../files/form.txt).\n",
        "content/teams/it/pages/vpn.fi.md": "---\ntitle: VPN\n---\n\n[Lomake](../files/form.txt), [poistettu](gone.md).\n",
    })
    code, output = run("report", "--format", "json")
    assert code == 0
    assert json.loads(output)["broken_links"] == [
        {"file": "content/teams/it/pages/vpn.fi.md", "line": 5, "link": "gone.md", "problem": "no such page or file"}]
