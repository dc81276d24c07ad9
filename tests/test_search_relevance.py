"""The relevance suite on the sample organisation: every answer is a real search result, the suite
is large and mostly written blind, and the portal's hit@3 does not fall below the level it reached.
tests/bench/bench_relevance.py measures Material's search and Pagefind on the same suite."""

from __future__ import annotations

import gzip
import json

from relevance import first_answer, floor, load, measures
from test_search import cli_search


def test_the_suite_is_large_and_half_of_it_written_blind():
    cases = load()
    assert len(cases) >= 120 and sum(c.source == "blind" for c in cases) >= len(cases) / 2
    assert all(c.answers and c.source in ("blind", "seen") for c in cases)


def test_every_answer_is_a_search_result_of_the_sample(sample):
    site, _ = sample
    portal = site / "search/portal"
    urls = {doc["u"] for chunk in (portal / "doc").glob("*.json.gz") for doc in json.loads(gzip.decompress(chunk.read_bytes()))}
    missing = sorted({a for c in load() for a in c.answers} - urls)
    assert not missing, missing


def test_the_portal_keeps_its_level_on_the_suite(sample, capsys, monkeypatch):
    site, _ = sample
    cases = load()
    ranks = [first_answer(c, [hit["url"] for hit in cli_search(site.parent, capsys, monkeypatch, c.query)["results"]])
             for c in cases]
    reached = measures(ranks)
    missed = [(c.query, r) for c, r in zip(cases, ranks, strict=True) if r is None or r > 3]
    for name, level in floor().items():
        assert reached[name] >= level, (name, reached, missed)
