"""How text becomes index terms, for Whoosh and (through the export) for the browser.

The chain is Whoosh's stemming analyzer with a synonym filter after the stemmer. Synonym
groups from content/synonyms.yml ('PTO', 'vacation', 'annual leave') get one canonical
term. Indexing keeps a phrase's own words and adds the canonical term, so 'leave' still
finds 'annual leave'; a query replaces a phrase by the canonical term, so 'PTO' finds
every member of its group.

The browser does not run this chain: the export gives it, per surface form, the term a
query maps it to. TOKEN_PATTERN and STOP_WORDS are the parts it shares with this module.
"""

from __future__ import annotations

import re

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter

# Whoosh's default word pattern; the browser's tokenizer is the same expression.
TOKEN_PATTERN = r"\w+(?:\.?\w+)*"
# Whoosh's English stop words, and the words of questions ('how do I …') that would otherwise
# make every query fetch the postings of almost every document.
STOP_WORDS = frozenset("""
a about all also am an and any are as at be been but by can could did do does for from get has
had have he her his how i if in into is it its me my of on or our she should so than that the
their them then there they this to us was we were what when where which who why will with would
yet you your tbd may not
""".split())
SYNONYM_PREFIX = "~"  # canonical terms start with a character the tokenizer never produces


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


def base_chain():
    """Tokenize, lower-case, drop stop words, stem: the words before synonyms apply."""
    return (RegexTokenizer(expression=re.compile(TOKEN_PATTERN)) | LowercaseFilter()
            | StopFilter(stoplist=STOP_WORDS, minsize=2) | StemFilter())


def stems(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in base_chain()(text, mode="query"))


def synonym_phrases(groups: list[list[str]]) -> dict[tuple[str, ...], str]:
    """Each member's stemmed words -> the group's canonical term ('~' + its first member)."""
    phrases: dict[tuple[str, ...], str] = {}
    for group in groups:
        canonical = SYNONYM_PREFIX + " ".join(stems(group[0]))
        for member in group:
            words = stems(member)
            if words:
                phrases[words] = canonical
    return phrases


def analyzer(phrases: dict[tuple[str, ...], str]):
    return base_chain() | SynonymFilter(phrases)


def surface_words(text: str) -> list[str]:
    """The words of text as the tokenizer and lower-casing see them (before stop words)."""
    return [m.group(0).lower() for m in re.finditer(TOKEN_PATTERN, text)]

