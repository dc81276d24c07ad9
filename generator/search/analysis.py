"""How text becomes index terms, for Whoosh and (through the export) for the browser.

Each language has its own analysis (ANALYSES): a normalisation applied to the text before
it is split into words, its stop words and its stemmer. Normalisation makes a word match
however people type it: Polish and Vietnamese with or without diacritics, Persian with the
Arabic or Persian forms of ye and kaf, with or without the zero-width non-joiner, with
Persian, Arabic or ASCII digits; Russian with ё or е.

The chain is tokenizer (on normalised text), lower-case, stop words, stemmer, and a synonym
filter after the stemmer. Synonym
groups from content/synonyms.yml ('PTO', 'vacation', 'annual leave') get one canonical
term. Indexing keeps a phrase's own words and adds the canonical term, so 'leave' still
finds 'annual leave'; a query replaces a phrase by the canonical term, so 'PTO' finds
every member of its group.

The browser runs the same analysis on query words: the manifest gives it the normalisation
rules, the stop words, the synonym phrases and the name of the language's stemmer. English,
Finnish and Russian are stemmed with the official Snowball algorithms on both sides: here the
`snowballstemmer` package, in the browser the JavaScript the same Snowball compiler generates
from the same algorithms, of the same version (SNOWBALL_VERSION), vendored in
theme/assets/javascripts/snowball/ and served from the site itself. So a word the content never
uses ('resigning') becomes the index's term ('resign') alike in the terminal and the browser;
tests check the two word by word. TOKEN_PATTERN goes to the browser in the manifest, written
for JavaScript (BROWSER_TOKEN_PATTERN).
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang import stopwords_for_language

from .rules import MIN_WORD_LENGTH

# Whoosh's default word pattern; the browser's tokenizer is the same expression, written for
# JavaScript (BROWSER_TOKEN_PATTERN, in the manifest's "pattern").
TOKEN_PATTERN = r"\w+(?:\.?\w+)*"
# Python's \w in a str pattern is a letter, a number or the underscore: in JavaScript (with the
# u flag) that is [\p{L}\p{N}_], as JavaScript's own \w is ASCII only.
BROWSER_TOKEN_PATTERN = TOKEN_PATTERN.replace(r"\w", r"[\p{L}\p{N}_]")
# Whoosh's English stop words, and the words of questions ('how do I …') that would otherwise
# make every query fetch the postings of almost every document.
STOP_WORDS = frozenset("""
a about all also am an and any are as at be been but by can could did do does for from get has
had have he her his how i if in into is it its me my of on or our she should so than that the
their them then there they this to us was we were what when where which who why will with would
yet you your tbd may not
""".split())
SYNONYM_PREFIX = "~"  # canonical terms start with a character the tokenizer never produces
# The Snowball release the browser's stemmers were generated from (their first line says so);
# pyproject.toml pins snowballstemmer to the same release.
SNOWBALL_VERSION = "3.1.1"


@dataclass(frozen=True)
class Analysis:
    """How one language's text becomes terms."""

    # The Snowball algorithm ('english': theme/assets/javascripts/snowball/english-stemmer.js),
    # or None for a language the search does not stem.
    stemmer: str | None = None
    # Only words with a letter of the language's own alphabet are stemmed: an English word in a
    # Russian page keeps its form, to be matched as the English pages write it.
    stems_words_with: str = ""
    fold_marks: bool = False  # drop diacritics (combining marks after canonical decomposition)
    chars: dict[str, str] = field(default_factory=dict)  # then one character -> another (or none)
    stop_words: frozenset[str] = frozenset()  # besides the English ones: pages quote English terms

    def normalise(self, text: str) -> str:
        """Lower-case, then the language's folding; the browser does the same (portal-search.js)."""
        text = text.lower()
        if self.fold_marks:
            text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
        if self.chars:
            text = text.translate(self._table)
        return unicodedata.normalize("NFC", text)

    @cached_property
    def _table(self) -> dict[int, str]:  # built once: normalise runs for every text indexed
        return {ord(k): v for k, v in self.chars.items()}


def _digits(*starts: int) -> dict[str, str]:
    return {chr(start + n): str(n) for start in starts for n in range(10)}


ANALYSES: dict[str, Analysis] = {
    "en": Analysis(stemmer="english", stems_words_with="[a-z]"),
    "fi": Analysis(stemmer="finnish", stems_words_with="[a-zåäö]",
                   stop_words=frozenset(stopwords_for_language("fi")) | frozenset(
                       "miten kuinka missä milloin mikä mitkä voinko saanko pitääkö täytyy".split())),
    "ru": Analysis(stemmer="russian", stems_words_with="[а-я]", chars={"ё": "е"},
                   stop_words=frozenset(stopwords_for_language("ru")) | frozenset(
                       "мне можно нужно ли".split())),
    # Not stemmed: diacritics are folded first, which Snowball's Polish stemmer does not expect;
    # completion and one-typo matching help.
    "pl": Analysis(fold_marks=True, chars={"ł": "l"}, stop_words=frozenset(
        "a albo ale czy co do dla gdzie i jak jest jestem kiedy lub mi mnie mój moja moje na nie o od po się "
        "to w we z za ze że".split())),
    # đ is a letter of its own, not d with a mark, so it needs its own rule.
    "vi": Analysis(fold_marks=True, chars={"đ": "d"}, stop_words=frozenset(
        "và của là các những cho được trong với để tôi thế nào".split())),
    # Arabic ye, alef maksura and kaf as Persian ye and kaf; Uyghur ae as heh (what is left of
    # heh with ye above); no tatweel; no zero-width non-joiner, so می‌خواهم and میخواهم are one
    # word; Persian and Arabic digits as ASCII.
    "fa": Analysis(fold_marks=True, chars={"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9",
                                           "\u06d5": "\u0647", "\u0640": "", "\u200c": "",
                                           **_digits(0x06F0, 0x0660)},
                   stop_words=frozenset("و در به از که این را با است برای آن یک تا چگونه چطور من ما".split())),
}


def analysis_of(lang: str) -> Analysis:
    """A declared language's analysis (schema.LanguageCode limits languages to ANALYSES)."""
    return ANALYSES[lang]


@cache
def stop_words(lang: str) -> frozenset[str]:
    """Normalised, so a stop word matches however it is typed."""
    a = analysis_of(lang)
    return frozenset(a.normalise(w) for w in STOP_WORDS | a.stop_words)


class NormalisingTokenizer(RegexTokenizer):
    """Whoosh's regex tokenizer on normalised text: the zero-width non-joiner has to go before
    words are split, or می‌خواهم would be two words and میخواهم one."""

    def __init__(self, lang: str):
        super().__init__(expression=re.compile(TOKEN_PATTERN))
        self.lang = lang

    def __call__(self, value, **kwargs):
        return super().__call__(analysis_of(self.lang).normalise(value), **kwargs)


class SynonymFilter(Filter):
    """Gives each synonym group one canonical term (see the module docstring)."""

    def __init__(self, phrases: dict[tuple[str, ...], str]):
        self.phrases = phrases  # stemmed words of a group member -> canonical term
        self.longest = max((len(p) for p in phrases), default=0)

    def __eq__(self, other) -> bool:
        return isinstance(other, SynonymFilter) and self.phrases == other.phrases

    def __call__(self, tokens):
        if not self.phrases:
            yield from tokens
            return
        buffered = [t.copy() for t in tokens]
        i = 0
        while i < len(buffered):
            token = buffered[i]
            match = None
            for size in range(min(self.longest, len(buffered) - i), 0, -1):
                words = tuple(t.text for t in buffered[i:i + size])
                if words in self.phrases:
                    match = (size, self.phrases[words])
                    break
            if match is None:
                yield token
                i += 1
                continue
            size, canonical = match
            if token.mode == "query":
                token.text = canonical
                yield token
            else:
                yield from buffered[i:i + size]
                extra = token.copy()
                extra.text = canonical
                yield extra
            i += size


def base_chain(lang: str = "en"):
    """Tokenize, lower-case, drop stop words, stem: the words before synonyms apply."""
    analysis = analysis_of(lang)
    chain = NormalisingTokenizer(lang) | LowercaseFilter() | StopFilter(stoplist=stop_words(lang), minsize=MIN_WORD_LENGTH)
    if analysis.stemmer:
        return chain | StemFilter(stemfn=OwnWordsStemmer(analysis.stemmer, analysis.stems_words_with))
    return chain


class OwnWordsStemmer:
    """A Snowball stemmer for the words with a letter of its alphabet (the index keeps it, so
    it is a picklable object rather than a closure)."""

    def __init__(self, language: str, letters: str):
        self.language, self.letters = language, re.compile(letters)

    def __call__(self, word: str) -> str:
        return snowball(self.language)(word) if self.letters.search(word) else word


@cache
def snowball(algorithm: str):
    """The official Snowball stemmer, word -> stem. Taken from its own module: the package's
    `stemmer()` would hand over to PyStemmer where that is installed, whose release may differ
    from the browser's."""
    module = importlib.import_module(f"snowballstemmer.{algorithm}_stemmer")
    # Each word once per process: indexing stems every word, then the lexicon each form again.
    return lru_cache(maxsize=None)(getattr(module, f"{algorithm.title().replace('_', '')}Stemmer")().stemWord)


def stems(text: str, lang: str = "en") -> tuple[str, ...]:
    return tuple(t.text for t in base_chain(lang)(text, mode="query"))


def synonym_phrases(groups: list[list[str]], lang: str = "en") -> dict[tuple[str, ...], str]:
    """Each member's stemmed words -> the group's canonical term ('~' + its first member)."""
    phrases: dict[tuple[str, ...], str] = {}
    for group in groups:
        canonical = SYNONYM_PREFIX + " ".join(stems(group[0], lang))
        for member in group:
            words = stems(member, lang)
            if words:
                phrases[words] = canonical
    return phrases


def analyzer(phrases: dict[tuple[str, ...], str], lang: str = "en"):
    return base_chain(lang) | SynonymFilter(phrases)


class IndexTerms:
    """analyzer(phrases, lang)'s index terms of a text, with the text's surface words, computed on
    plain strings: indexing analyses every text once, and Whoosh's chain makes a token object
    pass through five generators for each word, three times slower. The chain stays what the
    index declares and what analyses queries; tests check the two agree, language by language."""

    def __init__(self, phrases: dict[tuple[str, ...], str], lang: str = "en"):
        analysis = analysis_of(lang)
        self.normalise = analysis.normalise
        self.pattern = re.compile(TOKEN_PATTERN)
        self.stop = stop_words(lang)
        self.stemmer = OwnWordsStemmer(analysis.stemmer, analysis.stems_words_with) if analysis.stemmer else None
        self.stems: dict[str, str] = {}
        self.phrases = phrases
        self.longest = max((len(p) for p in phrases), default=0)

    def __call__(self, text: str) -> tuple[list[str], list[str]]:
        """(surface words, index terms)."""
        words = self.pattern.findall(self.normalise(text))
        stop, stems, stemmer = self.stop, self.stems, self.stemmer
        base: list[str] = []
        for word in words:  # lower-case already: normalise leaves LowercaseFilter nothing to do
            if len(word) < MIN_WORD_LENGTH or word in stop:
                continue
            if stemmer is not None:
                stem = stems.get(word)
                if stem is None:
                    stem = stems[word] = stemmer(word)
                word = stem
            base.append(word)
        if not self.phrases:
            return words, base
        terms: list[str] = []
        i = 0
        while i < len(base):  # as SynonymFilter in index mode: a phrase's words, then its term
            for size in range(min(self.longest, len(base) - i), 0, -1):
                canonical = self.phrases.get(tuple(base[i:i + size]))
                if canonical:
                    terms += base[i:i + size]
                    terms.append(canonical)
                    i += size
                    break
            else:
                terms.append(base[i])
                i += 1
        return words, terms


def surface_words(text: str, lang: str = "en") -> list[str]:
    """The words of text as the tokenizer sees them after normalisation (before stop words)."""
    return re.findall(TOKEN_PATTERN, analysis_of(lang).normalise(text))

