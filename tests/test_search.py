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


# Queries whose answer turns on one detail of the plan or of what the page shows: a trailing
# space (the last word is finished: no completions), two letters with many completions, more
# than ten results (the count is of every match, not of those shown), and nothing found with a
# stop word that is, or is one edit from, a team's keyword ('all' in 'all staff email', 'may'
# and 'pay').
EDGES = ["reset my passw ", "passw ", "passw", "pa", "re", "co", "leave", "password", "xyzzy all", "may qwxyz",
         "all may zzqqy", "the for"]


def shown(page, query: str, filters: dict | None = None) -> dict:
    """What the search box shows for a query typed at once (and facet buttons pressed): results
    in order (document, score, link, the language of an untranslated original), the count above
    them, the facet buttons, the keyword cards, and the people to ask when nothing is found."""
    box = page.locator(".md-search__input")
    box.fill("")  # an empty query clears everything at once: what follows is this query's
    box.fill(query)
    page.wait_for_function("""() => {
        const meta = document.querySelector('.md-search-result__meta');
        const fallback = document.querySelector('.portal-search__fallback');
        return meta.textContent !== meta.dataset.placeholder
            && (document.querySelector('.md-search-result__item') !== null
                || (!fallback.hidden && fallback.querySelector('p') !== null));
    }""")
    for name, value in (filters or {}).items():
        page.locator(f'.portal-search__facet[data-facet="{name}"] button[data-value="{value}"]').click()
        page.wait_for_selector(f'.portal-search__facet[data-facet="{name}"] button[data-value="{value}"]'
                               '[aria-pressed="true"]')
    return page.evaluate("""() => {
        const all = (selector, f) => [...document.querySelectorAll(selector)].map(f);
        const fallback = document.querySelector('.portal-search__fallback');
        // A count as the page writes it, in the language's own digits (Persian ۰–۹ too).
        const number = (text) => Number([...text].map((c) => [0x30, 0x660, 0x6f0]
            .map((zero) => c.codePointAt(0) - zero).find((d) => d >= 0 && d <= 9)).join(''));
        return {
            hits: all('.md-search-result__item', (li) => [Number(li.dataset.doc), Number(li.dataset.score),
                                                          li.querySelector('a').getAttribute('href'),
                                                          li.dataset.original || null]),
            meta: document.querySelector('.md-search-result__meta').textContent,
            facets: Object.fromEntries(all('.portal-search__facet', (group) => [group.dataset.facet,
                Object.fromEntries(all(`.portal-search__facet[data-facet="${group.dataset.facet}"] button`,
                    (b) => [b.dataset.value, number(b.textContent.match(/\\((\\p{Nd}+)\\)$/u)[1])]))])),
            cards: all('.portal-search__cards .portal-search__card', (c) => c.dataset.team),
            fallback: fallback.hidden ? null : all('.portal-search__fallback .portal-search__card', (c) => c.dataset.team),
        };
    }""")


def test_terminal_and_browser_rank_alike(sample, browser, site_url, capsys, monkeypatch):
    """What the page shows, read from the page: the same results in the same order with the same
    scores, the count of every match, facet counts, keyword cards, and the people to ask."""
    site, _ = sample
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site_url}/")
    cases = [(q, {}) for q in [*RELEVANCE, *EDGES]] + FILTERED
    compared, many, nothing = 0, 0, 0
    for query, filters in cases:
        cli = cli_search(site.parent, capsys, monkeypatch, query, **filters)
        web = shown(page, query, filters)
        assert [h["doc"] for h in cli["results"]] == [doc for doc, _, _, _ in web["hits"]], query
        for ours, (_, score, href, _) in zip(cli["results"], web["hits"], strict=True):
            assert abs(ours["score"] - score) <= 1e-6, (query, ours, score)
            assert href == f"{site_url}/{ours['url']}", query
            compared += 1
        total = cli["total"]
        assert web["meta"] == (f"{total} result{'s' * (total != 1)}" if total else "No results"), query
        for name in ("kind", "team"):
            if len(cli["facets"][name]) >= 2 or name in filters:
                assert web["facets"][name] == cli["facets"][name], (query, name)
            else:
                assert name not in web["facets"], (query, name)
        assert [c["id"] for c in cli["cards"]] == web["cards"], query
        if cli["fallback"]:
            fallback = [cli["fallback"]["help"]["id"], *(t["id"] for t in cli["fallback"]["teams"])]
            assert web["fallback"] == fallback, query
            nothing += 1
        else:
            assert web["fallback"] is None, query
        many += total > 10
    assert compared > 200 and many >= 3 and nothing >= 4
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
        "No match for: xyzzy, mortgage.", "",
        'Nothing found for "xyzzy mortgage". Ask a person:',
        "  IT help desk — Request form: IT request portal; Chat: #it-help; Email: techsupport@aurora-journeys.example; "
        "Phone: +44 20 7946 0321",
    ]
    # Some words matched nothing: named, and the query without them offered.
    assert main(["search", "gym xyzzy membership", "--limit", "1", "--today", TODAY]) == 0
    assert 'No match for: xyzzy. Search for "gym membership" instead.' in capsys.readouterr().out.splitlines()
    result = cli_search(site.parent, capsys, monkeypatch, "parking fines")
    assert result["results"][0]["url"] == "teams/facilities/faq/#parking"
    # Nothing found: the help desk, and the teams whose keywords come closest ('training').
    result = cli_search(site.parent, capsys, monkeypatch, "trainspotting strike")
    assert result["results"] == []
    assert result["fallback"]["help"]["id"] == "it"
    assert [team["id"] for team in result["fallback"]["teams"]] == ["hr"]


# Keyword cards: a fragment of a keyword ('staff' of 'all staff email', 'access' of 'access card')
# shows none; a whole keyword in any form and order, a team's name or id does; a keyword within
# another team's ('desk' in 'help desk') gives way; at most two, the one covering more words first.
CARDS = {
    "staff": [], "access": [], "card": [], "email staff": ["comms"], "all-staff emails": ["comms"],
    "lost my access card": ["facilities"], "key card": ["facilities"], "desk": ["facilities"],
    "help desk": ["it"], "it help desk": ["it"], "hr": ["hr"], "people and culture": ["hr"],
    "payroll and finance": ["payroll-finance"], "legal": ["legal"], "comms": ["comms"],
    "maternity leave": ["hr"], "laptop for the new starter's first day": ["hr", "it"],
    "vpn payslip pension invoice parking": ["payroll-finance", "it"],
}


@pytest.mark.parametrize("query, teams", CARDS.items(), ids=CARDS.keys())
def test_keyword_cards_on_whole_keywords_names_and_ids(sample, capsys, monkeypatch, query, teams):
    site, _ = sample
    assert [card["id"] for card in cli_search(site.parent, capsys, monkeypatch, query)["cards"]] == teams


def test_the_browser_names_the_words_that_matched_nothing_and_offers_the_rest(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site_url}/")
    shown(page, "bereavement xyzzy leave")
    note = page.locator(".portal-search__unmatched")
    assert note.is_visible() and note.locator("p").inner_text().startswith("No match for xyzzy.")
    offer = note.locator("button.portal-search__offer")
    assert offer.inner_text() == "Search for “bereavement leave” instead"
    offer.click()
    page.wait_for_function("() => document.querySelector('.md-search__input').value === 'bereavement leave'")
    page.wait_for_selector(".portal-search__unmatched", state="hidden")
    assert page.locator(".md-search-result__item a").first.get_attribute("href").endswith("#bereavement-leave")
    # Nothing matched: every word is named, nothing is offered, and the people to ask are there.
    shown(page, "xyzzy qwertz")
    assert note.locator("p").inner_text() == "No match for xyzzy and qwertz."
    assert note.locator("button").count() == 0 and page.locator(".portal-search__fallback").is_visible()
    # In Finnish, in Finnish words.
    page.goto(f"{site_url}/fi/")
    shown(page, "salasana xyzzy ")
    assert note.locator("p").inner_text().startswith("Ei osumia: xyzzy.")
    assert note.locator("button").inner_text() == "Hae sen sijaan: ”salasana”"
    page.close()


def test_every_result_lands_on_an_anchor_that_exists(sample):
    from bs4 import BeautifulSoup

    site, _ = sample
    def read(name: str):
        return json.loads(gzip.decompress((site / f"search/portal/{name}.json.gz").read_bytes()))

    manifest = read("manifest")
    pages: dict[str, BeautifulSoup] = {}
    for n in range(manifest["docs"]):
        doc = read(f"doc/{n // manifest['docChunk']}")[n % manifest["docChunk"]]
        path, _, anchor = doc["u"].partition("#")
        if path not in pages:
            pages[path] = BeautifulSoup((site / path / "index.html").read_text(), "html.parser")
        if anchor:
            assert pages[path].find(id=anchor) is not None, doc["u"]


def _one_edit_away(a: str, alphabet: str) -> set[str]:
    """Every word one insertion, deletion, replacement or swap of two neighbours from a."""
    out = {a[:i] + a[i + 1:] for i in range(len(a))}
    out |= {a[:i] + c + a[i:] for i in range(len(a) + 1) for c in alphabet}
    out |= {a[:i] + c + a[i + 1:] for i in range(len(a)) for c in alphabet}
    out |= {a[:i] + a[i + 1] + a[i] + a[i + 2:] for i in range(len(a) - 1)}
    return out - {a}


def test_one_edit_agrees_with_every_edit_spelled_out():
    from itertools import product

    from generator.search.rank import one_edit

    alphabet = "abc"
    words = ["".join(p) for n in range(6) for p in product(alphabet, repeat=n)]
    wrong = [(a, b) for a in words for b in words if len(b) <= len(a) + 1
             and one_edit(a, b) != (b in _one_edit_away(a, alphabet))]
    assert not wrong, wrong[:10]
    # Typos as people make them, and what is two edits away.
    assert one_edit("pasword", "password") and one_edit("passwrod", "password") and one_edit("pssword", "pasword")
    assert not one_edit("psaswrod", "password") and not one_edit("abcd", "axbd") and not one_edit("abcd", "acxd")
    assert not one_edit("abcd", "dbca") and not one_edit("password", "password")


def test_search_indexes_again_over_a_lexicon_an_earlier_version_wrote(org, run):
    """A build directory from before an upgrade: `portal search` reads no stale format (a crash, in
    its own process), it indexes again."""
    from conftest import cli

    code, out = run("search", "laptops")
    assert code == 0, out
    lexicon = org.root / "build/search/lexicon.json"
    old = json.loads(lexicon.read_text(encoding="utf-8"))
    for key in ("format", "indexed", "keywords"):
        old.pop(key)
    lexicon.write_text(json.dumps(old), encoding="utf-8")
    result = cli(org.root, "search", "laptops", "--json")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert json.loads(result.stdout)["results"][0]["url"] == "teams/it/"
    assert json.loads(lexicon.read_text(encoding="utf-8"))["format"] == 2
