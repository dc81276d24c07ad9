"""The relevance suite (tests/fixtures/relevance/suite.yml) and its measures, for the test that
keeps the portal's level and for the benchmark against other engines (tests/bench/bench_relevance.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

SUITE = Path(__file__).resolve().parent / "fixtures/relevance/suite.yml"
DEPTH = 10  # results read per query: a first answer below this counts as missed


@dataclass(frozen=True)
class Case:
    query: str
    answers: tuple[str, ...]  # site-relative URLs, any of which answers the query
    source: str  # "blind" or "seen"


def load() -> list[Case]:
    return [Case(q["query"], tuple(q["answers"]), q["source"]) for q in yaml.safe_load(SUITE.read_text(encoding="utf-8"))["queries"]]


def floor() -> dict[str, float]:
    """The portal's level on the suite, which it must not fall below."""
    return yaml.safe_load(SUITE.read_text(encoding="utf-8"))["portal_floor"]


def first_answer(case: Case, ranked: list[str]) -> int | None:
    """The rank (from 1) of the first result that answers the case, within DEPTH."""
    return next((n for n, url in enumerate(ranked[:DEPTH], 1) if url in case.answers), None)


def measures(ranks: list[int | None]) -> dict[str, float]:
    """hit@1, hit@3 and mean reciprocal rank (0 for a query answered below DEPTH or not at all)."""
    n = len(ranks) or 1
    return {"hit@1": sum(r == 1 for r in ranks) / n,
            "hit@3": sum(r is not None and r <= 3 for r in ranks) / n,
            "mrr": sum(1 / r for r in ranks if r) / n}
