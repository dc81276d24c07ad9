"""Search: the lexicon, the query plan, and ranking.

The browser client (theme/assets/javascripts/portal-search-core.js) implements the same plan
over the exported lexicon shards and sums the exported impacts; `portal search` runs the
same plan over the Whoosh index and sums the same impacts (generator/search/score.py, BM25F
from the index's statistics). The two therefore rank alike, which tests check.

A plan turns the query's words, analysed as the index was (normalised, stop words left out,
stemmed where the language has a stemmer), into concepts, each a set of index terms:
- consecutive words that spell a synonym ('annual leave', 'PTO') are one concept, their
  group's term, as the index's analyzer makes it; any other word is one concept, its stem
  ('resigning' is 'resign', however the content writes it);
- a word whose term the index does not hold, of TYPO_MIN_LENGTH letters or more, stands for
  the words one edit away in its lexicon shard (one typo);
- the last word, while the user is still typing it, also stands for up to COMPLETIONS words
  that start with it, most frequent first.
A concept that no term of the index answers is a word that matched nothing: the results say
so, and offer the query without it.

Documents that match more of the query's concepts come first; among those that match as many,
the higher score, the sum over the plan's distinct terms of each term's impact; then the
earlier document. Keyword cards: a team whose keyword (or name, or id) the query holds whole,
every word of it in any form the analysis maps to its terms; at most CARDS, those covering more
of the query first. The constants of these rules are declared once, in
generator/search/rules.py, which the manifest carries to the browser.

In a language other than the originals', a query searches that language's index, then the
original language's for what is not translated yet: those results come after the
language's own, each index ranked on its own.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index

from ..content.model import Content
from .analysis import SYNONYM_PREFIX, TOKEN_PATTERN, analysis_of, stems, stop_words, surface_words, synonym_phrases
from .index import Indexed, synonym_groups
from .rules import (
    CARDS,
    COMPLETIONS,
    HIGHLIGHT_SLACK,
    MIN_WORD_LENGTH,
    RESULTS,
    SNIPPET_LEAD,
    SNIPPET_WIDTH,
    TIE_DIGITS,
    TYPO_MIN_LENGTH,
)
from .score import Scorer, counted_impacts

LEXICON_SHARD_MAX = 300  # surface forms per lexicon shard before it is split by a longer prefix
# The lexicon file's format (build/search/lexicon.json): `portal search` indexes again rather than
# misread one written by another version of the portal.
LEXICON_FORMAT = 2


def one_edit(a: str, b: str) -> bool:
    """True if b is a, with one letter inserted, deleted, replaced, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]


def shard_keys(words: list[str], limit: int, min_length: int = 2) -> list[str]:
    """Prefixes that split words into shards of at most `limit` (a longer prefix where needed)."""
    keys: list[str] = []

    def split(prefix: str, group: list[str]) -> None:
        longer = [w for w in group if len(w) > len(prefix)]
        if len(group) <= limit or not longer:
            keys.append(prefix)
            return
        if len(longer) < len(group):
            keys.append(prefix)  # the words that are the prefix itself stay here
        by_next: dict[str, list[str]] = defaultdict(list)
        for w in longer:
            by_next[w[: len(prefix) + 1]].append(w)
        for sub in sorted(by_next):
            split(sub, by_next[sub])

    first: dict[str, list[str]] = defaultdict(list)
    for w in words:
        first[w[:min_length]].append(w)
    for prefix in sorted(first):
        split(prefix, first[prefix])
    return sorted(keys)


def shard_of(word: str, keys, longest: int | None = None) -> str | None:
    """The longest key that starts the word. longest is the length of the longest key: looking
    only at prefixes that short keeps a very long word linear (pass it when calling in a loop)."""
    if longest is None:
        longest = max(map(len, keys), default=0)
    best = None
    for size in range(min(len(word), longest), 0, -1):
        candidate = word[:size]
        if candidate in keys:
            best = candidate
            break
    return best


@dataclass
class Lexicon:
    """What the planner needs: surface forms and their terms, the index's terms, synonym
    phrases, keywords, shard keys."""

    # normalised surface form -> [the term a query makes of it, its document frequency]
    forms: dict[str, list] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)
    language: str = "en"
    # In a language other than the originals': the original index's documents that this
    # language's translations stand in for, which its results leave out.
    covers: list[int] = field(default_factory=list)
    # Every term with postings: what the browser finds out by looking a term up in its shard.
    indexed: list[str] = field(default_factory=list)
    # team -> its keywords, name and id, each as the terms a query makes of it
    keywords: dict[str, list[list[str]]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"format": LEXICON_FORMAT, "forms": self.forms, "phrases": [[list(p), t] for p, t in sorted(self.phrases.items())],
                "keys": self.keys, "language": self.language, "covers": self.covers, "indexed": self.indexed,
                "keywords": self.keywords}

    @classmethod
    def from_json(cls, data: dict) -> Lexicon:
        return cls(data["forms"], {tuple(p): t for p, t in data["phrases"]}, data["keys"], data["language"],
                   data["covers"], data["indexed"], data["keywords"])

    def __post_init__(self) -> None:
        self.key_set = set(self.keys)
        self.longest_key = max(map(len, self.keys), default=0)
        self.indexed_set = set(self.indexed)
        self.longest_phrase = max(map(len, self.phrases), default=0)

    def shard(self, word: str) -> str | None:
        return shard_of(word, self.key_set, self.longest_key)


def word_term(word: str, lang: str) -> str:
    """The term a surface word (normalised, not a stop word, long enough) is on its own."""
    return stems(word, lang)[0]


def group_terms(terms: list[str], phrases: dict[tuple[str, ...], str], longest: int) -> list[tuple[int, int, str]]:
    """(start, size, term) over the words' own terms: a run of them that spells a synonym becomes
    its group's term, the longest run first, as the index's synonym filter makes a query's terms."""
    out, i = [], 0
    while i < len(terms):
        for size in range(min(longest, len(terms) - i), 0, -1):
            canonical = phrases.get(tuple(terms[i:i + size]))
            if canonical:
                out.append((i, size, canonical))
                i += size
                break
        else:
            out.append((i, 1, terms[i]))
            i += 1
    return out


@dataclass
class Plan:
    words: list[str]  # the query's words that count (normalised, no stop words)
    concepts: list[list[str]]  # each concept's index terms, any of which matches it
    terms: list[str]  # every concept's terms, distinct, in order: what is ranked and highlighted
    unmatched: list[str]  # words whose concept no term of the index answers
    cards: list[str]  # teams whose keywords the query holds whole, the strongest first


def plan(query: str, lexicon: Lexicon) -> Plan:
    """The concepts a query searches for (see the module docstring)."""
    lang = lexicon.language
    stop = stop_words(lang)
    words = [w for w in surface_words(query, lang) if w not in stop and len(w) >= MIN_WORD_LENGTH]
    typing = bool(words) and bool(re.search(f"(?:{TOKEN_PATTERN})\\Z", query))
    own = [word_term(w, lang) for w in words]
    groups = group_terms(own, lexicon.phrases, lexicon.longest_phrase)
    concepts: list[list[str]] = []
    unmatched: list[str] = []
    for start, size, term in groups:
        terms = [term] if term in lexicon.indexed_set else []
        word = words[start]
        if not terms and size == 1 and len(word) >= TYPO_MIN_LENGTH:
            key = lexicon.shard(word)
            near = sorted((f for f in lexicon.forms if one_edit(word, f) and lexicon.shard(f) == key),
                          key=lambda f: (-lexicon.forms[f][1], f))
            terms += [lexicon.forms[f][0] for f in near]
        if typing and start + size == len(words):
            last = words[-1]
            starts = sorted((f for f in lexicon.forms if f.startswith(last) and f != last),
                            key=lambda f: (-lexicon.forms[f][1], f))
            terms += [lexicon.forms[f][0] for f in starts[:COMPLETIONS]]
        terms = list(dict.fromkeys(terms))
        concepts.append(terms)
        if not terms:
            unmatched += words[start:start + size]
    return Plan(words, concepts, list(dict.fromkeys(t for c in concepts for t in c)), list(dict.fromkeys(unmatched)),
                cards(own, groups, lexicon.keywords))


def cards(own: list[str], groups: list[tuple[int, int, str]], keywords: dict[str, list[list[str]]]) -> list[str]:
    """Teams one of whose keywords the query holds whole: every term of it is a word's own term
    or its synonym group's. A team covers the query's words its keywords hold; one that covers
    only part of what another covers is left out ('desk' within 'help desk'); the rest, those
    covering more words first, then the one whose first covered word comes first."""
    stands_for = [{term} for term in own]
    for start, size, term in groups:
        for i in range(start, start + size):
            stands_for[i].add(term)
    found: list[tuple[str, frozenset[int]]] = []
    for team in sorted(keywords):
        covered: set[int] = set()
        for keyword in keywords[team]:
            held = [{i for i, terms in enumerate(stands_for) if term in terms} for term in keyword]
            if keyword and all(held):
                covered.update(*held)
        if covered:
            found.append((team, frozenset(covered)))
    kept = [(team, covered) for team, covered in found if not any(covered < other for _, other in found)]
    kept.sort(key=lambda c: (-len(c[1]), min(c[1])))  # stable: team order breaks the last ties
    return [team for team, _ in kept[:CARDS]]


def name_keywords(name: str) -> list[str]:
    """A team's name as keywords: the name, and apart from it what it gives in brackets, its short
    name ('People and Culture (HR)': 'People and Culture', 'HR')."""
    return [re.sub(r"\([^()]*\)", " ", name), *re.findall(r"\(([^()]*)\)", name)]


def keyword_terms(text: str, lang: str, phrases: dict[tuple[str, ...], str], longest: int) -> list[str]:
    """A keyword (or a team's name) as the terms a query makes of it."""
    stop = stop_words(lang)
    words = [w for w in surface_words(text, lang) if w not in stop and len(w) >= MIN_WORD_LENGTH]
    return list(dict.fromkeys(term for _, _, term in group_terms([word_term(w, lang) for w in words], phrases, longest)))


# --- building -------------------------------------------------------------------------------

@dataclass
class Exported:
    """Everything the browser's files are made of, computed once from the Whoosh index."""

    lexicon: Lexicon
    impacts: dict[str, dict[int, float]]  # term -> document number -> impact


def compute(content: Content, indexed: Indexed, lang: str, covers: list[int] | None = None) -> Exported:
    """Every term's impacts (score.py, from what indexing counted), the lexicon of surface forms
    and the keywords' terms."""
    impacts = counted_impacts(indexed.counts)
    phrases = synonym_phrases(synonym_groups(content), lang)
    longest = max(map(len, phrases), default=0)
    stop = stop_words(lang)

    def term_of(word: str) -> str:
        return group_terms([word_term(word, lang)], phrases, longest)[0][2]

    keywords: dict[str, list[list[str]]] = {}
    for team_id in sorted(content.teams):
        value = content.teams[team_id].team.value
        terms = [keyword_terms(k, lang, phrases, longest) for k in [*value.keywords, *name_keywords(value.name), team_id]]
        keywords[team_id] = [list(t) for t in dict.fromkeys(tuple(t) for t in terms if t)]
    words = set(indexed.words)
    for group in synonym_groups(content):
        for member in group:
            words.update(surface_words(member, lang))
    forms: dict[str, list] = {}
    for word in sorted(words):
        if word in stop or len(word) < MIN_WORD_LENGTH:
            continue
        term = term_of(word)
        if term in impacts:
            forms[word] = [term, len(impacts[term])]
    lexicon = Lexicon(forms, phrases, shard_keys(sorted(forms), LEXICON_SHARD_MAX), lang, covers or [],
                      sorted(impacts), keywords)
    return Exported(lexicon, impacts)


# --- searching the Whoosh index -----------------------------------------------------------

@dataclass
class Hit:
    doc: int
    score: float
    url: str
    title: str
    page: str
    team: str
    kind: str
    text: str
    original: bool = False  # from the original language's index: not translated yet


@dataclass
class Results:
    query: str
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]]
    cards: list[str]  # teams whose keywords the query names
    terms: list[str]  # what the query was planned into, for highlighting
    original_terms: list[str] = field(default_factory=list)  # the same, in the original's index
    unmatched: list[str] = field(default_factory=list)  # words that matched nothing in any index
    offer: str = ""  # the query without them, when something is left


@dataclass
class Index:
    directory: Path
    lexicon: Lexicon


def search(index_dir: Path, lexicon: Lexicon, query: str, limit: int = RESULTS, team: str | None = None,
           kind: str | None = None, original: Index | None = None) -> Results:
    """The plan's matches ranked (see the module docstring); with the original language's
    index, its matches that no translation covers follow."""
    own = _rank(Index(index_dir, lexicon), query, team, kind, set(), limit, False)
    parts = [own]
    if original is not None:
        parts.append(_rank(original, query, team, kind, set(lexicon.covers), limit - len(own.hits), True))
    facets: dict[str, Counter] = {"team": Counter(), "kind": Counter()}
    for ranked in parts:
        for name in facets:
            facets[name].update(ranked.facets[name])
    unmatched = unmatched_words(own.plan, parts[1].plan if original is not None else None, lexicon.language)
    return Results(query, [hit for ranked in parts for hit in ranked.hits], sum(ranked.total for ranked in parts),
                   {n: dict(c) for n, c in facets.items()},
                   list(dict.fromkeys(c for ranked in parts for c in ranked.plan.cards)), own.plan.terms,
                   parts[1].plan.terms if original is not None else [], unmatched,
                   offer(query, unmatched, own.plan, lexicon.language))


def unmatched_words(own: Plan, original: Plan | None, lang: str) -> list[str]:
    """The words that matched nothing: in this language's index, nor (normalised this language's
    way) in the original's."""
    if original is None:
        return own.unmatched
    normalise = analysis_of(lang).normalise
    found = {normalise(w) for w in original.words if w not in original.unmatched}
    return [w for w in own.unmatched if w not in found]


def offer(query: str, unmatched: list[str], own: Plan, lang: str) -> str:
    """The query's words without those that matched nothing, when a word that did is left."""
    if not unmatched or all(w in unmatched for w in own.words):
        return ""
    return " ".join(w for w in surface_words(query, lang) if w not in unmatched)


@dataclass
class _Ranked:
    plan: Plan
    hits: list[Hit]  # the first ones, best first, after the filters
    total: int  # every match after the filters
    facets: dict[str, Counter]


def _rank(one: Index, query: str, team: str | None, kind: str | None, skip: set[int], want: int,
          is_original: bool) -> _Ranked:
    """One index's matches (leaving out skip), and the stored fields of the first `want`."""
    p = plan(query, one.lexicon)
    if not p.terms:
        return _Ranked(p, [], 0, {"team": Counter(), "kind": Counter()})
    ix = index.open_dir(str(one.directory))
    with ix.searcher() as searcher:
        scorer = Scorer(searcher.reader())
        # Summed term by term in the plan's order, as the browser sums: the same floating point.
        scores: dict[int, float] = {}
        postings = {term: scorer.impacts(term) for term in p.terms}
        for term in p.terms:
            for doc, impact in postings[term].items():
                scores[doc] = scores.get(doc, 0.0) + impact
        concepts: Counter[int] = Counter()
        for terms in p.concepts:
            concepts.update({doc for term in terms for doc in postings[term]})
        scored = [(docnum, score) for docnum, score in scores.items() if docnum not in skip]
        # Facets count every match; only the results shown need their stored fields.
        facet_of = {docnum: (team_name, kind_name) for docnum, team_name, kind_name in _facets(searcher, scored)}
        selected = [(d, s) for d, s in scored
                    if (team is None or facet_of[d][0] == team) and (kind is None or facet_of[d][1] == kind)]
        # More concepts first, then the score; ties (to TIE_DIGITS decimals) go to the earlier
        # document, exactly as in the browser.
        selected.sort(key=lambda hit: (-concepts[hit[0]], -round(hit[1], TIE_DIGITS), hit[0]))
        hits = []
        for d, score in selected[:max(want, 0)]:
            f = searcher.stored_fields(d)
            hits.append(Hit(d, score, f["url"], f["shown"]["title"], f["shown"]["page"], f["team"], f["kind"],
                            f["shown"]["text"], is_original))
    # Each facet's counts are the matches the other chosen facet lets through, so a button's
    # count is what pressing it shows (as in the browser).
    facets = {"team": Counter(t for t, k in facet_of.values() if t and (kind is None or k == kind)),
              "kind": Counter(k for t, k in facet_of.values() if team is None or t == team)}
    return _Ranked(p, hits, len(selected), facets)


def _facets(searcher, scored: list[tuple[int, float]]):
    """(document, team, kind) for each matched document, from the index's team and kind terms."""
    wanted = {d for d, _ in scored}
    found: dict[int, list[str]] = {d: ["", ""] for d in wanted}
    reader = searcher.reader()
    for position, fieldname in enumerate(("team", "kind")):
        for value in reader.field_terms(fieldname):
            postings = reader.postings(fieldname, value)
            for docnum in postings.all_ids():
                if docnum in wanted:
                    found[docnum][position] = value
    return [(d, t, k) for d, (t, k) in found.items()]


def _matches(word: str, stems: list[str], lang: str) -> bool:
    word = analysis_of(lang).normalise(word)
    return any(word.startswith(s) or (len(s) >= HIGHLIGHT_SLACK and word.startswith(s[:-1]) and len(word) <= len(s) + 1)
               for s in stems)


def highlight_stems(terms: list[str], phrases: dict[tuple[str, ...], str]) -> list[str]:
    """The stems a snippet highlights: each term's own, and every member's of a synonym group."""
    stems = [t for t in terms if not t.startswith(SYNONYM_PREFIX)]
    groups = {t for t in terms if t.startswith(SYNONYM_PREFIX)}
    stems += [w for words, canonical in phrases.items() if canonical in groups for w in words]
    return list(dict.fromkeys(stems))


def snippet(text: str, stems: list[str], lang: str = "en", width: int = SNIPPET_WIDTH) -> tuple[str, list[tuple[int, int]]]:
    """A window of text around the first matched word, and the spans of matched words in it.

    A word matches when, normalised, it starts with one of the stems (or, for stems of
    HIGHLIGHT_SLACK letters or more, with all but its last letter: 'policy' and 'polici').
    """
    first = next((m.start() for m in re.finditer(TOKEN_PATTERN, text) if _matches(m.group(0), stems, lang)), 0)
    lead = width // SNIPPET_LEAD
    start = 0 if first < lead else text.find(" ", first - lead) + 1
    end = len(text) if len(text) - start <= width else max(text.rfind(" ", start, start + width), start + 1)
    window = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    spans = [(m.start(), m.end()) for m in re.finditer(TOKEN_PATTERN, window) if _matches(m.group(0), stems, lang)]
    return window, spans


def save_lexicon(lexicon: Lexicon, path: Path) -> None:
    path.write_text(json.dumps(lexicon.to_json(), ensure_ascii=False, sort_keys=True), encoding="utf-8")


def load_lexicon(path: Path) -> Lexicon:
    return Lexicon.from_json(json.loads(path.read_text(encoding="utf-8")))


def lexicon_is_current(path: Path) -> bool:
    """Whether the lexicon file was written by this version's format."""
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("format") == LEXICON_FORMAT
    except (OSError, ValueError, AttributeError):
        return False

