"""Search: the lexicon, the query plan, and ranking with Whoosh.

The browser client (theme/assets/javascripts/portal-search-core.js) implements the same plan
over the exported lexicon shards and sums the exported impacts; `portal search` runs the
same plan through Whoosh's BM25F. The two therefore rank alike, which tests check.

A plan turns each query word, normalised as its language's analysis says, into index terms:
- a word the lexicon knows maps to its term (synonyms to their group's term);
- a word it does not know, in a language whose stemmer the browser has too (Finnish,
  Russian), maps to its stem if the index holds that: an inflection the content never uses;
- otherwise a word of TYPO_MIN_LENGTH letters or more maps to the words one edit away in
  the same lexicon shard (one typo);
- the last word, while the user is still typing it, also maps to up to COMPLETIONS words
  that start with it, most frequent first;
- consecutive terms that spell a multi-word synonym become its group's term.
A document's score is the sum, over the plan's distinct terms, of its BM25F impact.
The constants of these rules are declared once, in generator/search/rules.py, which the
manifest carries to the browser.

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

from whoosh import index, scoring
from whoosh.query import Or, Term

from ..content.model import Content
from .analysis import SYNONYM_PREFIX, TOKEN_PATTERN, analysis_of, analyzer, stems, stop_words, surface_words, synonym_phrases
from .index import FIELD_BOOSTS, SearchDoc, synonym_groups
from .rules import (
    COMPLETIONS,
    HIGHLIGHT_SLACK,
    MIN_WORD_LENGTH,
    RESULTS,
    SNIPPET_LEAD,
    SNIPPET_WIDTH,
    TIE_DIGITS,
    TYPO_MIN_LENGTH,
)

LEXICON_SHARD_MAX = 300  # surface forms per lexicon shard before it is split by a longer prefix
IMPACT_DIGITS = 9  # significant digits of an exported impact


def weighting() -> scoring.WeightingModel:
    return scoring.BM25F(B=0.75, K1=1.2)


def round_impact(value: float) -> float:
    return float(f"{value:.{IMPACT_DIGITS}g}")


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
    """What the planner needs: surface forms and their terms, synonym phrases, shard keys."""

    # normalised surface form -> [term, document frequency, (teams whose keywords it names)]
    forms: dict[str, list] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)
    language: str = "en"
    # In a language other than the originals': the original index's documents that this
    # language's translations stand in for, which its results leave out.
    covers: list[int] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"forms": self.forms, "phrases": [[list(p), t] for p, t in sorted(self.phrases.items())],
                "keys": self.keys, "language": self.language, "covers": self.covers}

    @classmethod
    def from_json(cls, data: dict) -> Lexicon:
        return cls(data["forms"], {tuple(p): t for p, t in data["phrases"]}, data["keys"], data["language"],
                   data["covers"])

    def __post_init__(self) -> None:
        self.key_set = set(self.keys)
        self.longest_key = max(map(len, self.keys), default=0)
        # Terms with postings: what the browser finds out by looking a term up in its shard.
        self.indexed = {entry[0] for entry in self.forms.values() if entry[1]}

    def shard(self, word: str) -> str | None:
        return shard_of(word, self.key_set, self.longest_key)


@dataclass
class Plan:
    terms: list[str]  # distinct, in the order found
    cards: list[str]  # teams whose keywords the query's words name


def plan(query: str, lexicon: Lexicon) -> Plan:
    """The index terms a query searches for (see the module docstring)."""
    lang = lexicon.language
    stop = stop_words(lang)
    words = [w for w in surface_words(query, lang) if w not in stop and len(w) >= MIN_WORD_LENGTH]
    typing = bool(words) and bool(re.search(f"(?:{TOKEN_PATTERN})\\Z", query))
    browser_stems = analysis_of(lang).browser_stems
    exact: list[str] = []
    extra: list[str] = []
    cards: list[str] = []
    for i, word in enumerate(words):
        stem = stems(word, lang) if browser_stems and word not in lexicon.forms else ()
        if word in lexicon.forms:
            exact.append(lexicon.forms[word][0])
            cards += lexicon.forms[word][2] if len(lexicon.forms[word]) > 2 else []
        elif len(stem) == 1 and stem[0] in lexicon.indexed:
            exact.append(stem[0])
        elif len(word) >= TYPO_MIN_LENGTH:
            key = lexicon.shard(word)
            near = sorted((f for f in lexicon.forms if one_edit(word, f) and lexicon.shard(f) == key),
                          key=lambda f: (-lexicon.forms[f][1], f))
            extra += [lexicon.forms[f][0] for f in near]
        if typing and i == len(words) - 1:
            starts = sorted((f for f in lexicon.forms if f.startswith(word) and f != word),
                            key=lambda f: (-lexicon.forms[f][1], f))
            extra += [lexicon.forms[f][0] for f in starts[:COMPLETIONS]]
    exact = _merge_phrases(exact, lexicon.phrases)
    terms = list(dict.fromkeys(exact + extra))
    return Plan(terms, list(dict.fromkeys(cards)))


def _merge_phrases(terms: list[str], phrases: dict[tuple[str, ...], str]) -> list[str]:
    longest = max((len(p) for p in phrases), default=0)
    out, i = [], 0
    while i < len(terms):
        for size in range(min(longest, len(terms) - i), 1, -1):
            if tuple(terms[i:i + size]) in phrases:
                out.append(phrases[tuple(terms[i:i + size])])
                i += size
                break
        else:
            out.append(terms[i])
            i += 1
    return out


# --- building -------------------------------------------------------------------------------

@dataclass
class Exported:
    """Everything the browser's files are made of, computed once from the Whoosh index."""

    lexicon: Lexicon
    impacts: dict[str, dict[int, float]]  # term -> document number -> impact


def compute(content: Content, docs: list[SearchDoc], index_dir: Path, lang: str,
            covers: list[int] | None = None) -> Exported:
    """Impacts exactly as Whoosh's BM25F scores each posting, and the lexicon of surface forms."""
    impacts: dict[str, dict[int, float]] = defaultdict(dict)
    ix = index.open_dir(str(index_dir))
    with ix.searcher(weighting=weighting()) as searcher:
        reader = searcher.reader()
        for fieldname, boost in FIELD_BOOSTS.items():
            for text in reader.field_terms(fieldname):
                postings = searcher.postings(fieldname, text)
                while postings.is_active():
                    doc = postings.id()
                    impacts[text][doc] = impacts[text].get(doc, 0.0) + boost * postings.score()
                    postings.next()
    groups = synonym_groups(content)
    phrases = synonym_phrases(groups, lang)
    query_analyzer = analyzer(phrases, lang)
    stop = stop_words(lang)

    def term_of(word: str) -> str | None:
        tokens = [t.text for t in query_analyzer(word, mode="query")]
        return tokens[0] if len(tokens) == 1 else None

    # Cards: a query word that is one of a team's keywords, or a synonym of one.
    by_word: dict[str, list[str]] = defaultdict(list)
    by_group: dict[str, list[str]] = defaultdict(list)
    for team in content.teams.values():
        for keyword in team.team.value.keywords:
            for word in surface_words(keyword, lang):
                if word not in stop and team.id not in by_word[word]:
                    by_word[word].append(team.id)
                term = term_of(word)
                if term and term.startswith(SYNONYM_PREFIX) and team.id not in by_group[term]:
                    by_group[term].append(team.id)
    words: set[str] = set(by_word)
    for doc in docs:
        words.update(surface_words(f"{doc.title} {doc.tags} {doc.body}", lang))
    for group in groups:
        for member in group:
            words.update(surface_words(member, lang))
    forms: dict[str, list] = {}
    for word in sorted(words):
        if word in stop or len(word) < MIN_WORD_LENGTH:
            continue
        term = term_of(word)
        teams = list(dict.fromkeys(by_word.get(word, []) + (by_group.get(term, []) if term else [])))
        if term and (term in impacts or teams):
            forms[word] = [term, len(impacts.get(term, {}))] + ([teams] if teams else [])
    lexicon = Lexicon(forms, phrases, shard_keys(sorted(forms), LEXICON_SHARD_MAX), lang, covers or [])
    return Exported(lexicon, dict(impacts))


# --- searching with Whoosh ------------------------------------------------------------------

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


@dataclass
class Index:
    directory: Path
    lexicon: Lexicon


def search(index_dir: Path, lexicon: Lexicon, query: str, limit: int = RESULTS, team: str | None = None,
           kind: str | None = None, original: Index | None = None) -> Results:
    """Rank with Whoosh: an OR of every planned term in every field, with the field boosts.

    With the original language's index, its matches that no translation covers follow."""
    own = _rank(Index(index_dir, lexicon), query, team, kind, set(), limit, False)
    parts = [own]
    if original is not None:
        parts.append(_rank(original, query, team, kind, set(lexicon.covers), limit - len(own.hits), True))
    facets: dict[str, Counter] = {"team": Counter(), "kind": Counter()}
    for ranked in parts:
        for name in facets:
            facets[name].update(ranked.facets[name])
    return Results(query, [hit for ranked in parts for hit in ranked.hits], sum(ranked.total for ranked in parts),
                   {n: dict(c) for n, c in facets.items()},
                   list(dict.fromkeys(c for ranked in parts for c in ranked.plan.cards)), own.plan.terms,
                   parts[1].plan.terms if original is not None else [])


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
    q = Or([Term(f, t, boost=b) for t in p.terms for f, b in FIELD_BOOSTS.items()])
    ix = index.open_dir(str(one.directory))
    with ix.searcher(weighting=weighting()) as searcher:
        found = searcher.search(q, limit=None)
        scored = [(docnum, score) for score, docnum in found.top_n if docnum not in skip]
        # Facets count every match; only the results shown need their stored fields.
        facet_of = {docnum: (team_name, kind_name) for docnum, team_name, kind_name in _facets(searcher, scored)}
        selected = [(d, s) for d, s in scored
                    if (team is None or facet_of[d][0] == team) and (kind is None or facet_of[d][1] == kind)]
        # Ties (to TIE_DIGITS decimals) go to the earlier document, exactly as in the browser.
        selected.sort(key=lambda hit: (-round(hit[1], TIE_DIGITS), hit[0]))
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

