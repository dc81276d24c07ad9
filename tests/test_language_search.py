"""Search in each language of the sample: relevance, the browser's analysis checked word by word
against Whoosh's analyzers, one ranking in the terminal and the browser, untranslated originals
after a language's own results, and results read right to left in Persian."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from conftest import TODAY
from test_search import shown

from generator.cli import main
from generator.content.languages import LANGUAGES
from generator.content.load import load
from generator.i18n.translations import localise
from generator.search.analysis import ANALYSES, stems, surface_words
from generator.search.index import documents

# Queries as employees type them in each language, and the answer that must be among the first
# three, in that language's own index. Forms the content does not use on purpose: inflections
# (fi, ru), no diacritics (pl, vi), Arabic ye and kaf, no zero-width non-joiner, digits (fa).
RELEVANCE = {
    "fi": {
        "salasanan vaihtaminen": "teams/it/faq/#reset-password",
        "salasanaa": "teams/it/faq/#reset-password",
        "perhevapaasta": "teams/hr/sops/request-parental-leave/",
        "sairauslomalla": "teams/hr/faq/#sick-leave",
        "tietojenkalastelusta": "teams/it/sops/report-phishing/",
        "työtodistuksen": "teams/hr/faq/#employment-letter",
    },
    "ru": {
        "пароля": "teams/it/faq/#reset-password",
        "отпуском по уходу за ребенком": "teams/hr/sops/request-parental-leave/",
        "справку с места работы": "teams/hr/faq/#employment-letter",
        "больничном": "teams/hr/faq/#sick-leave",
        "фишинговых": "teams/it/sops/report-phishing/",
        "расчетный листок": "teams/hr/faq/#payslip",
    },
    "pl": {
        "haslo": "teams/it/faq/#reset-password",
        "urlop rodzicielski": "teams/hr/sops/request-parental-leave/",
        "zaswiadczenie o zatrudnieniu": "teams/hr/faq/#employment-letter",
        "zwolnienie lekarskie": "teams/hr/faq/#sick-leave",
        "pasek wyplaty": "teams/hr/faq/#payslip",
        "zglos phishing": "teams/it/sops/report-phishing/",
    },
    "vi": {
        "khach hang noi bo": "teams/it/",
        "mat khau": "teams/it/faq/#reset-password",
        "nghi phep cho cha me": "teams/hr/sops/request-parental-leave/",
        "giay xac nhan cong tac": "teams/hr/faq/#employment-letter",
        "phieu luong": "teams/hr/faq/#payslip",
        "nghỉ ốm": "teams/hr/faq/#sick-leave",
    },
    "fa": {
        "مرخصي والدين": "teams/hr/sops/request-parental-leave/",  # Arabic ye
        "فيش حقوقي": "teams/hr/faq/#payslip",  # Arabic ye
        "گذرواژهام": "teams/it/faq/#reset-password",  # without the non-joiner
        "16 هفته": "teams/hr/faq/#parental-leave",  # ASCII digits for ۱۶
        "گواهی اشتغال": "teams/hr/faq/#employment-letter",
        "ايميل فيشينگ": "teams/it/sops/report-phishing/",
        "كارمند": "benefits/#recognition-programme",  # Arabic kaf, as in «کارمند نمونهٔ ماه»
    },
}


def cli_search(root: Path, capsys, monkeypatch, query: str, lang: str) -> dict:
    monkeypatch.chdir(root)
    assert main(["search", query, "--language", lang, "--json", "--limit", "10", "--today", TODAY]) == 0
    return json.loads(capsys.readouterr().out)


CASES = [(lang, query, url) for lang, queries in RELEVANCE.items() for query, url in queries.items()]


@pytest.mark.parametrize("lang, query, expected", CASES, ids=[f"{lang}:{query}" for lang, query, _ in CASES])
def test_relevance_per_language(sample, capsys, monkeypatch, lang, query, expected):
    results = cli_search(sample[0].parent, capsys, monkeypatch, query, lang)["results"]
    top = [(hit["url"], hit["language"]) for hit in results[:3]]
    assert (expected, lang) in top, top


def test_each_language_has_at_least_five_relevance_queries():
    assert {lang for lang in LANGUAGES if lang != "en"} == set(RELEVANCE)
    assert all(len(queries) >= 5 for queries in RELEVANCE.values())


def test_untranslated_originals_come_after_the_languages_own_results(sample, capsys, monkeypatch):
    root = sample[0].parent
    results = cli_search(root, capsys, monkeypatch, "learning budget koulutusbudjetti", "fi")["results"]
    languages = [hit["language"] for hit in results]
    assert languages[0] == "fi" and "en" in languages
    assert languages == sorted(languages, key=lambda lang: lang != "fi")  # every fi before every en
    urls = [hit["url"] for hit in results if hit["language"] == "en"]
    # The English benefit has a Finnish translation: only that is listed.
    assert "benefits/#learning-budget" not in urls
    assert "teams/hr/faq/#learning-budget" in urls  # this answer is not translated
    # Nothing in Finnish: the originals answer, marked as such in the terminal.
    monkeypatch.chdir(root)
    assert main(["search", "expenses", "--language", "fi", "--limit", "1", "--today", TODAY]) == 0
    first = next(line for line in capsys.readouterr().out.splitlines() if line.startswith(" 1. "))
    assert first.endswith(", English]"), first


def test_an_undeclared_language_is_refused(sample, capsys, monkeypatch):
    monkeypatch.chdir(sample[0].parent)
    assert main(["search", "loma", "--language", "de", "--today", TODAY]) == 1
    assert "--language de: portal.yml declares no such language; use one of: en, fi, pl, ru, vi, fa" in capsys.readouterr().err


def _raw_words(text: str) -> set[str]:
    """Words as a reader would copy them from the page: with marks, non-joiners, capitals."""
    edges = "\"'«»„“”‘’…—–()[]*:;,.!?؟،/#_`"
    return {w.strip(edges) for w in text.split()} - {""}


def _typed_variants(word: str, lang: str) -> set[str]:
    """The ways people type the word that the issue names: without diacritics, with Arabic ye
    and kaf, without the non-joiner, with other digits, with ё as е, capitalised."""
    out = {word, word.upper(), word.capitalize()}
    if lang in ("pl", "vi"):
        out.add("".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn"))
    if lang == "fa":
        out.add(word.replace("ی", "ي").replace("ک", "ك"))
        out.add(word.replace("\u200c", ""))
        out.add(word.translate({0x06F0 + n: chr(0x0660 + n) for n in range(10)}))
    if lang == "ru":
        out.add(word.replace("е", "ё"))
    return out


# Inflections of the sample's words that its text never uses: only a stemmer can match them.
INFLECTIONS = {
    "en": ["resigning", "nominating", "reimbursing", "relocating", "onboarded", "bereaved", "invoicing", "printers",
           "allowances", "contractors", "laptops", "approvals", "holidays", "payslips", "signatures", "commuting"],
    "fi": ["salasanaa", "salasanalla", "perhevapaasta", "perhevapaalle", "sairauslomalla", "lomasta",
           "tietokoneella", "esihenkilölleni", "palkkalaskelmasta", "vaihtamisesta"],
    "ru": ["пароля", "паролем", "отпуском", "больничном", "справкой", "письмами", "ноутбуком",
           "руководителем", "сотрудникам", "фишинговых"],
}


def vectors(content, lang: str) -> dict[str, str | None]:
    """Surface form -> the one term Whoosh's analyzer makes of it (None for a stop word)."""
    localised = localise(content, lang)
    words: set[str] = set(INFLECTIONS.get(lang, []))
    for doc in documents(localised, lang):
        words |= _raw_words(f"{doc.title} {doc.tags} {doc.body}")
    out: dict[str, str | None] = {}
    for word in sorted(words):
        for form in _typed_variants(word, lang):
            if len(surface_words(form, lang)) == 1:
                terms = stems(form, lang)
                out[form] = terms[0] if terms else None
    return out


def test_the_browser_analyses_every_word_as_whoosh_does(sample, browser, site_url):
    """Every word of each language's indexed text, and inflections the text never uses, in the
    forms people type, against the term the browser computes for it with its own Snowball stemmer
    (English, Finnish, Russian) or normalisation alone."""
    content, _ = load(sample[0].parent / "content")
    page = browser.new_page()
    checked = {}
    for lang in ("en", "fi", "ru", "pl", "vi", "fa"):
        expected = vectors(content, lang)
        page.goto(f"{site_url}/{lang}/" if lang != "en" else f"{site_url}/")
        forms = list(expected)
        got = page.evaluate("forms => Promise.all(forms.map((w) => portalSearch.term(w)))", forms)
        wrong = {f: (expected[f], g) for f, g in zip(forms, got, strict=True) if expected[f] != g}
        assert not wrong, (lang, list(wrong.items())[:10])
        changed = sum(1 for f in forms if expected[f] is not None and expected[f] != f.lower())
        checked[lang] = (len(forms), changed)
    page.close()
    # Enough words, and enough of them changed by stemming or folding, to mean something.
    assert all(total > 300 and changed > 100 for total, changed in checked.values()), checked
    assert {lang for lang, a in ANALYSES.items() if a.stemmer} == {"en", "fi", "ru"}


def shown_count(meta: str, lang: str) -> int:
    """The number in 'N results' as the page writes it in the language (in Persian digits too)."""
    digits = "".join(str(unicodedata.digit(c)) for c in meta if unicodedata.digit(c, None) is not None)
    return int(digits) if digits else 0


def test_terminal_and_browser_rank_alike_in_every_language(sample, browser, site_url, capsys, monkeypatch):
    """Read from what each language's page shows: its own results, then untranslated originals
    marked as such, with the terminal's order, scores, count and facet counts."""
    root = sample[0].parent
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    compared = 0
    # Each language's own queries, and English ones that only untranslated originals answer.
    for lang, queries in RELEVANCE.items():
        page.goto(f"{site_url}/{lang}/")
        for query in [*queries, "expenses", "payslip", "leave"]:
            cli = cli_search(root, capsys, monkeypatch, query, lang)
            web = shown(page, query)
            ours = [(h["doc"], "en" if h["language"] != lang else None) for h in cli["results"]]
            assert ours == [(doc, original) for doc, _, _, original in web["hits"]], (lang, query)
            for hit, (_, score, href, _) in zip(cli["results"], web["hits"], strict=True):
                assert abs(hit["score"] - score) <= 1e-6, (lang, query)
                assert href == f"{site_url}/{lang}/{hit['url']}", (lang, query)
                compared += 1
            assert cli["total"] == shown_count(web["meta"], lang) > 0, (lang, query, web["meta"])
            if len(cli["facets"]["kind"]) >= 2:
                assert cli["facets"]["kind"] == web["facets"]["kind"], (lang, query)
            assert [c["id"] for c in cli["cards"]] == web["cards"], (lang, query)
    page.close()
    assert compared > 150


def assert_set_from_the_right(element) -> None:
    """The element's text ends at its box's right edge and leaves room on the left."""
    text, box = element.evaluate("""el => { const r = document.createRange(); r.selectNodeContents(el);
        const t = r.getBoundingClientRect(), b = el.getBoundingClientRect();
        return [[t.left, t.right], [b.left, b.right]]; }""")
    assert abs(text[1] - box[1]) < 24 and text[0] > box[0] + 24, (text, box)


def _first_result(page, query: str):
    page.fill(".md-search__input", query)
    first = page.locator(".md-search-result__item").first
    first.wait_for()
    return first


def test_searching_in_finnish_vietnamese_and_persian_in_the_browser(browser, site_url):
    page = browser.new_page()
    page.goto(f"{site_url}/fi/")
    first = _first_result(page, "salasanan vaihtaminen")
    assert first.locator("a").get_attribute("href") == f"{site_url}/fi/teams/it/faq/#reset-password"
    assert page.locator(".md-search-result__meta").inner_text().endswith("tulosta")

    page.goto(f"{site_url}/vi/")
    first = _first_result(page, "khach hang noi bo")
    assert first.locator("a").get_attribute("href") == f"{site_url}/vi/teams/it/"
    assert first.locator("h1").inner_text() == "Bộ phận hỗ trợ CNTT"

    page.goto(f"{site_url}/fa/")
    first = _first_result(page, "مرخصي والدين")  # Arabic ye, as many keyboards type it
    # The procedure and the benefit both answer, by a hair's breadth of score either way.
    assert first.locator("a").get_attribute("href") in (f"{site_url}/fa/teams/hr/sops/request-parental-leave/",
                                                        f"{site_url}/fa/benefits/#parental-leave")
    assert first.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert_set_from_the_right(first.locator("h1"))
    assert "مرخصی" in first.locator("mark").all_inner_texts()  # highlighted however it was typed
    page.close()


def test_untranslated_originals_in_browser_results_are_marked_and_in_their_own_direction(browser, site_url):
    page = browser.new_page()
    page.goto(f"{site_url}/fa/")
    page.fill(".md-search__input", "expenses")
    original = page.locator(".md-search-result__item[data-original=en]").first
    original.wait_for()
    assert original.locator(".portal-search__original").inner_text() == "هنوز ترجمه نشده"
    assert original.locator("h1").get_attribute("lang") == "en"
    assert original.locator("h1").evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert original.locator("a").get_attribute("href").startswith(f"{site_url}/fa/")  # stays in Persian
    page.close()


def test_persian_contact_card_reads_right_to_left(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site_url}/fa/teams/it/")
    card = page.locator(".portal-card").first
    assert card.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert_set_from_the_right(card.locator(".portal-card__title"))
    channel = card.locator(".portal-channel").first
    kind, line = channel.locator(".portal-channel__type").bounding_box(), channel.bounding_box()
    assert abs((kind["x"] + kind["width"]) - (line["x"] + line["width"])) < 24  # its label comes first, on the right
    page.close()
