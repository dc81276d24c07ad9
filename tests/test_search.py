"""Search on the sample organisation: relevance, and one ranking in the terminal and the browser."""

from __future__ import annotations

import gzip
import json

import pytest

from conftest import TODAY
from generator.cli import main

# Queries as employees type them, and the answer that must be among the first three.
RELEVANCE = {
    "how many vacation days do I get": "teams/hr/faq/#annual-leave-days",
    "PTO": "teams/hr/faq/#annual-leave-days",
    "holiday booking": "teams/hr/faq/#book-leave",
    "request time off": "teams/hr/faq/#book-leave",
    "maternity leave": "teams/hr/faq/#parental-leave",
    "paternity leave": "teams/hr/sops/request-parental-leave/",
    "laptop broken": "teams/it/faq/#laptop-broken",
    "my notebook computer is broken": "teams/it/faq/#laptop-broken",
    "forgot password": "teams/it/faq/#reset-password",
    "pasword reset": "teams/it/faq/#reset-password",  # a typo
    "reset my passw": "teams/it/faq/#reset-password",  # still typing
    "payslip": "teams/payroll-finance/faq/#where-is-my-payslip",
    "salary slip": "teams/payroll-finance/faq/#where-is-my-payslip",
    "when is payday": "teams/payroll-finance/faq/#payday",
    "expenses": "teams/payroll-finance/faq/#submit-expenses",
    "reimbursement": "teams/payroll-finance/sops/submit-an-expense-claim/",
    "lost receipt": "teams/payroll-finance/faq/#lost-receipt",
    "lost my access card": "teams/facilities/faq/#lost-badge",
    "book a meeting room": "teams/facilities/faq/#book-meeting-room",
    "too cold at my desk": "teams/facilities/faq/#too-cold",
    "parking": "teams/facilities/faq/#parking",
    "clicked link in scam email": "teams/it/faq/#phishing-email",
    "outage": "teams/it/sops/report-an-outage/",
    "new starter first day": "teams/hr/sops/onboard-a-new-hire/",
    "vpn not connecting": "teams/it/faq/#vpn-not-connecting",
    "wifi for visitors": "teams/it/faq/#wifi-guest",
    "sent personal data to the wrong person": "teams/legal/faq/#data-breach",
    "data breach": "teams/legal/sops/report-a-data-breach/",
    "nda": "teams/legal/faq/#nda",
    "report wrongdoing anonymously": "teams/legal/faq/#raise-concern",
    "learning budget": "benefits/#learning-budget",
    "employee of the month": "benefits/#recognition-programme",
    "staff hotel discount": "benefits/#staff-hotel-rate",
    "health insurance": "benefits/#health-cover",
    "employment letter for visa": "teams/hr/faq/#employment-letter",
    "company credit card": "teams/payroll-finance/faq/#corporate-card",
    "feedback to another department": "teams/comms/faq/#feedback-other-team",
    "announce something to everyone": "teams/comms/faq/#announce-something",
    "sick day": "teams/hr/faq/#sick-leave",
    "pension": "benefits/#pension",
}
# Filtered queries, for the parity test too.
FILTERED = [("leave", {"team": "hr"}), ("card", {"kind": "faq"}), ("laptop", {"kind": "sop"}),
            ("office", {"team": "facilities", "kind": "page"})]



def cli_search(root, capsys, monkeypatch, query: str, **filters) -> dict:
    monkeypatch.chdir(root)
    args = ["search", query, "--json", "--today", TODAY]
    for name, value in filters.items():
        args += [f"--{name}", value]
    assert main(args) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("query, expected", RELEVANCE.items(), ids=RELEVANCE.keys())
def test_relevance(sample, capsys, monkeypatch, query, expected):
    site, _ = sample
    top = [hit["url"] for hit in cli_search(site.parent, capsys, monkeypatch, query)["results"][:3]]
    assert expected in top


def test_terminal_and_browser_rank_alike(sample, browser, site_url, capsys, monkeypatch):
    site, _ = sample
    page = browser.new_page()
    page.goto(f"{site_url}/")
    cases = [(q, {}) for q in RELEVANCE] + FILTERED
    assert len(cases) >= 30
    compared = 0
    for query, filters in cases:
        cli = cli_search(site.parent, capsys, monkeypatch, query, **filters)
        web = page.evaluate("([q, f]) => portalSearch(q, f)", [query, filters])
        assert [h["doc"] for h in cli["results"]] == [h["doc"] for h in web["hits"]], query
        for ours, theirs in zip(cli["results"], web["hits"], strict=True):
            assert abs(ours["score"] - theirs["score"]) <= 1e-6, (query, ours, theirs)
            compared += 1
        assert cli["total"] == web["total"], query
        assert cli["facets"]["kind"] == web["counts"]["kind"], query
        assert [c["id"] for c in cli["cards"]] == web["cards"], query
    assert compared > 200
    page.close()


def test_cli_text_output_and_fallback(sample, capsys, monkeypatch):
    site, _ = sample
    monkeypatch.chdir(site.parent)
    assert main(["search", "parental leave", "--limit", "2", "--today", TODAY]) == 0
    out = capsys.readouterr().out.splitlines()
    # A card shows the same channels in the terminal as in the browser (search_rules.CARD_CHANNELS).
    assert out[0] == ("» People and Culture (HR) — Email: hr@aurora-journeys.example; "
                      "Request form: HR request form; Chat: #ask-hr; Phone: +358 9 4242 0100")
    assert out[2] == " 1. Request parental leave  [sop, People and Culture (HR)]"
    assert out[3].startswith("    /teams/hr/sops/request-parental-leave/   score ")
    assert main(["search", "xyzzy mortgage", "--today", TODAY]) == 0
    assert capsys.readouterr().out.splitlines() == [
        'Nothing found for "xyzzy mortgage". Ask a person:',
        "  IT help desk — Request form: IT request portal; Chat: #it-help; Email: techsupport@aurora-journeys.example; "
        "Phone: +44 20 7946 0321",
    ]
    result = cli_search(site.parent, capsys, monkeypatch, "parking fines")
    assert result["results"][0]["url"] == "teams/facilities/faq/#parking"
    # Nothing found: the help desk, and the teams whose keywords come closest ('training').
    result = cli_search(site.parent, capsys, monkeypatch, "train strike")
    assert result["results"] == []
    assert result["fallback"]["help"]["id"] == "it"
    assert [team["id"] for team in result["fallback"]["teams"]] == ["hr"]


def test_every_result_lands_on_an_anchor_that_exists(sample):
    from bs4 import BeautifulSoup

    site, _ = sample
    def read(name: str):
        return json.loads(gzip.decompress((site / f"search/portal/{name}.json.gz").read_bytes()))

    manifest = read("manifest")
    pages: dict[str, BeautifulSoup] = {}
    for n in range(manifest["docs"]):
        doc = read(f"doc/{n}")
        path, _, anchor = doc["u"].partition("#")
        if path not in pages:
            pages[path] = BeautifulSoup((site / path / "index.html").read_text(), "html.parser")
        if anchor:
            assert pages[path].find(id=anchor) is not None, doc["u"]
