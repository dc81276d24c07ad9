"""The pieces the terminal and the browser must agree on: analysis, shard keys, the plan."""

from __future__ import annotations

import pytest

from generator.search.analysis import analyzer, synonym_phrases
from generator.search.rank import Lexicon, one_edit, plan, shard_keys, shard_of

GROUPS = [["annual leave", "vacation", "PTO"], ["laptop", "notebook computer"]]


def terms(text: str, mode: str) -> list[str]:
    return [t.text for t in analyzer(synonym_phrases(GROUPS))(text, mode=mode)]


def test_indexing_keeps_a_phrase_and_adds_its_group():
    assert terms("Book annual leave early", "index") == ["book", "annual", "leav", "~annual leav", "earli"]
    assert terms("Vacations and notebook computers", "index") == ["vacat", "~annual leav", "notebook", "comput", "~laptop"]


def test_english_is_stemmed_with_snowball_english():
    # Porter2: forms the content may not use meet the ones it does.
    assert terms("resigning resignation nominating nominate generously", "query") == [
        "resign", "resign", "nomin", "nomin", "generous"]


def test_the_browsers_stemmers_are_the_release_the_index_uses():
    """The vendored JavaScript says which Snowball release generated it: the Python package's."""
    from importlib.metadata import version
    from pathlib import Path

    from generator.search.analysis import ANALYSES, SNOWBALL_VERSION

    folder = Path(__file__).resolve().parent.parent / "theme/assets/javascripts/snowball"
    assert version("snowballstemmer") == SNOWBALL_VERSION
    for name in sorted({a.stemmer for a in ANALYSES.values() if a.stemmer}):
        first = (folder / f"{name}-stemmer.js").read_text(encoding="utf-8").splitlines()[0]
        assert first == f"// Generated from {name}.sbl by Snowball {SNOWBALL_VERSION} - https://snowballstem.org/", name
    assert (folder / "COPYING").is_file() and (folder / "base-stemmer.js").is_file()


def test_a_query_replaces_a_synonym_by_its_group():
    assert terms("PTO", "query") == ["~annual leav"]
    assert terms("annual leave", "query") == ["~annual leav"]
    assert terms("how do I get a notebook computer", "query") == ["~laptop"]
    assert terms("leave", "query") == ["leav"]  # one word of a phrase is only itself


@pytest.mark.parametrize("a, b, expected", [
    ("password", "pasword", True), ("password", "passwrod", True), ("password", "passwords", True),
    ("password", "passward", True), ("password", "password", False), ("password", "pasward", False),
    ("laptop", "lpatop", True), ("leave", "leaves", True), ("leave", "leaving", False),
])
def test_one_edit(a, b, expected):
    assert one_edit(a, b) is expected
    assert one_edit(b, a) is expected


def test_shard_keys_split_long_groups_and_every_word_has_one_shard():
    words = sorted({"pa", "paid", "pass", "passport", "password", "pay", "payday", "payslip", "pension", "policy"})
    keys = shard_keys(words, limit=3)
    assert keys == ["pa", "pai", "pas", "pay", "pe", "po"]
    assert {w: shard_of(w, set(keys)) for w in ["pa", "passport", "payday", "pension"]} == {
        "pa": "pa", "passport": "pas", "payday": "pay", "pension": "pe"}


LEXICON = Lexicon(
    forms={"password": ["password", 9], "passport": ["passport", 2], "passwords": ["password", 9],
           "pay": ["pay", 5], "payslip": ["payslip", 4], "reset": ["reset", 3],
           "annual": ["annual", 4], "leave": ["leav", 7], "vacation": ["~annual leav", 6]},
    phrases={("annual", "leav"): "~annual leav", ("vacat",): "~annual leav"},
    keys=["an", "le", "pa", "pay", "re", "va"],
    indexed=["annual", "leav", "passport", "password", "pay", "payslip", "reset", "~annual leav"],
    keywords={"hr": [["~annual leav"]]})


def test_plan_maps_known_words_and_merges_phrases():
    assert plan("annual leave ", LEXICON).terms == ["~annual leav"]
    assert plan("vacation ", LEXICON).cards == ["hr"]


def test_plan_tolerates_one_typo_only_in_longer_words():
    assert plan("pasword reset", LEXICON).terms == ["password", "reset"]  # in the query's order
    assert plan("rest ", LEXICON).terms == []  # four letters: too short to guess


def test_plan_completes_the_word_being_typed_but_not_a_finished_one():
    assert plan("reset pass", LEXICON).terms == ["reset", "password", "passport"]
    assert plan("pass reset", LEXICON).terms == ["reset"]
    assert plan("reset pass ", LEXICON).terms == ["reset"]


# Words of every language's alphabet, with their forms, marks, joiners and digits, and the
# synonym groups' members, for the index terms computed on strings to meet Whoosh's chain.
ANALYSED_WORDS = ["Book", "annual", "leave", "Vacations", "PTO", "notebook", "computers", "laptop", "the", "a", "I",
                  "résumé", "Łódź", "zażółć", "Tiếng", "Việt", "đường", "ёлка", "Ёжик", "отпуска", "отпуск", "и",
                  "lomaa", "lomat", "ja", "ي", "كتاب", "می\u200cخواهم", "میخواهم", "۱۲۳", "١٢٣", "x.y", "e.g.", "3.5",
                  "snake_case", "ΣΟΦΟΣ", "İstanbul", "ß", "ﬁle", "re-sign", "-", ".", "\u200c", "\u0301", "a\u0301"]
ANALYSED_GROUPS = [["annual leave", "vacation", "PTO"], ["laptop", "notebook computer"], ["отпуск", "ёлка"],
                   ["lomaa"], ["كتاب", "می\u200cخواهم"], ["Łódź"], ["đường việt"]]


@pytest.mark.parametrize("lang", ["en", "fi", "pl", "ru", "vi", "fa"])
def test_index_terms_are_the_analyzer_s(lang):
    """IndexTerms (what indexing uses) gives the terms Whoosh's chain gives in index mode, and
    the words surface_words gives, on texts mixing every language's words."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from generator.search.analysis import IndexTerms, surface_words

    phrases = synonym_phrases(ANALYSED_GROUPS, lang)
    chain, fast = analyzer(phrases, lang), IndexTerms(phrases, lang)

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(ANALYSED_WORDS), max_size=12), st.lists(st.sampled_from([" ", "  ", ", ", "\n", ""]),
                                                                           min_size=12, max_size=12))
    def agree(words: list[str], gaps: list[str]) -> None:
        text = "".join(w + g for w, g in zip(words, gaps, strict=False))
        assert fast(text) == (surface_words(text, lang), [t.text for t in chain(text, mode="index")])

    agree()
    assert any(term.startswith("~") for term in fast("Book annual leave")[1])  # the groups do apply
