"""The query plan on a lexicon small enough to read: what each kind of word turns into."""

from __future__ import annotations

from generator.search.rank import COMPLETIONS, Lexicon, plan, shard_keys, shard_of

FORMS = {
    # surface form: [term, document frequency]: the words the content uses, for typos and completion
    "bakes": ["bake", 3], "faker": ["faker", 9], "bake": ["bake", 3],
    "laptop": ["laptop", 5], "parental": ["parent", 4], "leave": ["leav", 8], "resignation": ["resign", 2],
    **{f"pass{c}": [f"pass{c}", n] for n, c in enumerate("abcdefg", start=1)},
    "passw": ["passw", 20],
}
PHRASES = {("parent", "leav"): "~parental-leave"}
INDEXED = sorted({term for term, _ in FORMS.values()} | {"~parental-leave"})
# Each team's keywords (and name, and id) as terms.
KEYWORDS = {"facilities": [["desk"], ["access", "card"], ["facil"]], "hr": [["leav"], ["~parental-leave"], ["hr"]],
            "it": [["laptop"], ["help", "desk"], ["it"]]}


def lexicon(keys=("ba", "fa", "la", "pa", "re")) -> Lexicon:
    return Lexicon(dict(FORMS), dict(PHRASES), list(keys), indexed=INDEXED, keywords=KEYWORDS)


def test_words_map_to_their_stems_and_name_their_teams():
    p = plan("Laptop", lexicon())
    assert (p.terms, p.cards) == (["laptop"], ["it"])
    assert plan("laptop leave", lexicon()).terms == ["laptop", "leav"]


def test_a_form_the_content_never_uses_finds_the_term_by_its_stem():
    assert "resigning" not in FORMS and plan("resigning ", lexicon()).terms == ["resign"]
    assert plan("resigns laptops ", lexicon()).concepts == [["resign"], ["laptop"]]


def test_stop_words_and_one_letter_words_are_left_out():
    assert plan("the laptop a ", lexicon()).terms == ["laptop"]
    assert plan("the for ", lexicon()).terms == []
    assert plan("laptop b", lexicon()).terms == ["laptop"]  # 'b' is not the last word being typed: it is no word


def test_a_typo_of_five_letters_or_more_maps_to_the_words_one_edit_away_in_its_shard():
    # 'baker' is one edit from 'bakes' (shard ba) and 'faker' (shard fa): only its own shard counts.
    assert plan("baker ", lexicon()).terms == ["bake"]
    # With one shard for both, both, the more frequent first.
    assert plan("baker ", lexicon(keys=("",))).terms == ["faker", "bake"]
    assert plan("bakr ", lexicon()).terms == []  # four letters: too short to guess


def test_the_last_word_while_typing_completes_to_the_most_frequent_words_it_starts():
    terms = plan("pass", lexicon()).terms
    assert terms == ["passw", "passg", "passf", "passe", "passd"] and len(terms) == COMPLETIONS
    assert plan("pass ", lexicon()).terms == []  # a space after it: the word is finished
    # Only the last word completes; a known word is not its own completion.
    assert plan("pass laptop", lexicon()).terms == ["laptop"]
    assert plan("laptop passw", lexicon()).terms[:2] == ["laptop", "passw"]
    assert plan("laptop passw", lexicon()).terms.count("passw") == 1
    # The word and its completions are one concept.
    assert plan("laptop pass", lexicon()).concepts == [["laptop"], ["passw", "passg", "passf", "passe", "passd"]]


def test_consecutive_terms_of_a_phrase_become_its_group():
    assert plan("parental leave ", lexicon()).terms == ["~parental-leave"]
    assert plan("parental leave ", lexicon()).concepts == [["~parental-leave"]]
    assert plan("leave parental ", lexicon()).terms == ["leav", "parent"]


def test_words_that_match_nothing_are_named():
    p = plan("laptop xyzzy bakr ", lexicon())
    assert (p.concepts, p.unmatched) == ([["laptop"], [], []], ["xyzzy", "bakr"])
    assert plan("baker ", lexicon()).unmatched == []  # a typo that found something matched
    assert plan("pass", lexicon()).unmatched == []  # completed
    assert plan("pass ", lexicon()).unmatched == ["pass"]


def test_cards_fire_on_whole_keywords_names_and_ids_only():
    assert plan("access ", lexicon()).cards == []  # one word of 'access card'
    assert plan("card access ", lexicon()).cards == ["facilities"]  # all of it, in any order
    assert plan("desk ", lexicon()).cards == ["facilities"]
    assert plan("help desk ", lexicon()).cards == ["it"]  # 'desk' within 'help desk': IT's alone
    assert plan("hr ", lexicon()).cards == ["hr"] and plan("facilities ", lexicon()).cards == ["facilities"]
    assert plan("it ", lexicon()).cards == []  # a stop word names nothing
    # The one covering more words first, then the one named first; at most two.
    assert plan("leave laptop access card ", lexicon()).cards == ["facilities", "hr"]
    assert plan("laptop leave ", lexicon()).cards == ["it", "hr"]
    assert plan("parental leave ", lexicon()).cards == ["hr"]  # a synonym group's keyword, and one of its words


def test_shards_split_by_a_longer_prefix_and_words_find_the_longest():
    words = ["pa", "pas", "pass", "pat", "pay", "lap"]
    keys = shard_keys(words, 2)
    assert keys == sorted(keys) and "la" in keys and "pa" in keys and len(keys) > 2
    assert shard_of("password", keys) == max((k for k in keys if "password".startswith(k)), key=len)
    assert shard_of("zebra", keys) is None


def test_postings_shards_are_split_until_none_holds_too_many_postings():
    from generator.search.export import _weighted_keys

    weights = {"aab": 5, "aac": 5, "aad": 5, "ab": 1, "aa": 2}
    keys = _weighted_keys(weights, 8)
    load: dict[str, int] = {}
    for term, weight in weights.items():
        key = shard_of(term, keys)
        load[key] = load.get(key, 0) + weight
    assert set(load) <= set(keys) and max(load.values()) <= 8, (keys, load)
