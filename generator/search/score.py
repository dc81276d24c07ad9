"""Each term's impact on each document: BM25F over the Whoosh index's own statistics.

BM25F as Robertson and Zaragoza define it ("The Probabilistic Relevance Framework: BM25 and
Beyond", 2009): a term's frequencies in a document's fields are weighted and length-normalised
first, then saturate once, and its rarity is counted over whole documents:

    tf~    = sum over fields f of  WEIGHT[f] * tf_f / (1 - B[f] + B[f] * length_f / average length_f)
    impact = idf * tf~ * (K1 + 1) / (K1 + tf~),   idf = ln(1 + (N - df + 0.5) / (df + 0.5))

where df is the number of documents holding the term in any field. Whoosh's own BM25F scores
each field on its own and adds them up, with a rarity counted per field: a common word in a few
short titles ('Day 1') then scored as rare in titles and, with the title's weight on top,
outweighed the rare word that names what was asked. Here a title makes a word count more, never
more than saturation allows, and a common word stays common whichever field it is in.

The impacts are exported rounded (round_impact) and summed by the browser; `portal search` sums
the same rounded impacts, in the same order, so both rank alike to the last digit.
"""

from __future__ import annotations

import math
from collections import Counter

from whoosh.util.numeric import byte_to_length, length_to_byte

# How much a word in each field counts (before saturation), and how much a field's length
# normalises it: titles and tags are short by nature, so their length says less.
WEIGHTS = {"title": 2.5, "tags": 1.5, "body": 1.0}
B = {"title": 0.3, "tags": 0.3, "body": 0.75}
K1 = 1.2
IMPACT_DIGITS = 9  # significant digits of an exported impact


def round_impact(value: float) -> float:
    return float(f"{value:.{IMPACT_DIGITS}g}")


def part(field: str, frequency: float, length: int, average: float) -> float:
    """One field's share of a term's tf~ in a document."""
    b = B[field]
    return WEIGHTS[field] * frequency / (1 - b + b * length / average)


def saturate(weighted: dict[int, float], documents: int) -> dict[int, float]:
    """Document number -> impact (rounded as exported), from each document's tf~."""
    df = len(weighted)
    idf = math.log(1 + (documents - df + 0.5) / (df + 0.5))
    impacts: dict[int, float] = {}
    known: dict[float, float] = {}  # a term's documents share few tf~ values: round each once
    for doc, tf in sorted(weighted.items()):
        impact = known.get(tf)
        if impact is None:
            impact = known[tf] = round_impact(idf * tf * (K1 + 1) / (K1 + tf))
        impacts[doc] = impact
    return impacts


def average_length(total: int, documents: int) -> float:
    return (total / documents if documents else 0.0) or 1.0


def stored_length(length: int) -> int:
    """A field's length as the Whoosh index keeps it: one byte, exact for short fields and
    approximate beyond (52 for 50), so what is counted here scores as the index does."""
    return byte_to_length(length_to_byte(length))


class Scorer:
    """Impacts from one open Whoosh reader: the field statistics are read once."""

    def __init__(self, reader):
        self.reader = reader
        self.documents = reader.doc_count_all()
        self.average = {f: average_length(reader.field_length(f), self.documents) for f in WEIGHTS}

    def impacts(self, term: str) -> dict[int, float]:
        """Document number -> the term's impact there (rounded as exported), for every document
        holding it."""
        weighted: dict[int, float] = {}
        for field in WEIGHTS:
            if (field, term) not in self.reader:
                continue
            average = self.average[field]
            postings = self.reader.postings(field, term)
            while postings.is_active():
                doc = postings.id()
                length = self.reader.doc_field_length(doc, field, 0)
                weighted[doc] = weighted.get(doc, 0.0) + part(field, postings.weight(), length, average)
                postings.next()
        return saturate(weighted, self.documents)

    def terms(self) -> set[str]:
        """Every term of every field."""
        return {text for field in WEIGHTS for text in self.reader.field_terms(field)}


def counted_impacts(counts: dict[str, list[Counter[str]]]) -> dict[str, dict[int, float]]:
    """Every term's impacts (terms in order) from the analysis' own counts, field -> each
    document's term frequencies (consumed: counts is empty afterwards): the numbers Scorer reads
    back from the index built of the same terms, summed field by field in the same order, so
    equal to the last digit, without reading every term's postings back through Whoosh."""
    documents = len(next(iter(counts.values()), []))
    weighted: dict[str, dict[int, float]] = {}
    for field in WEIGHTS:
        # Each field's counts are taken out of counts as they are read: kept beside the impacts,
        # they were a tenth of a large site's build at its largest moment.
        per_document = counts.pop(field, [])
        lengths = [sum(terms.values()) for terms in per_document]
        average = average_length(sum(lengths), documents)
        for doc, terms in enumerate(per_document):
            length = stored_length(lengths[doc])
            for term, frequency in terms.items():
                found = weighted.setdefault(term, {})
                found[doc] = found.get(doc, 0.0) + part(field, float(frequency), length, average)
    # Each term's tf~ given back as its impacts are made: at 10,000 pages the two together would
    # be the index's largest moment.
    return {term: saturate(weighted.pop(term), documents) for term in sorted(weighted)}
