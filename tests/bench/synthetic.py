"""A seeded synthetic organisation: the same content for the same (pages, seed), for benchmarks."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

WORDS = ("access account address allowance application approval badge benefit booking budget calendar "
         "card claim colleague computer contract cost customer deadline delivery desk device document "
         "email employee equipment expense feedback form hardware holiday hours insurance invoice laptop "
         "leave licence manager meeting network office onboarding password payroll pension phone policy "
         "printer priority procedure receipt record request review room salary schedule security service "
         "software supplier system team ticket training travel update vacation visitor wellbeing").split()


SYLLABLES = "ba be bi bo ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri ro sa se si so ta te ti to va ve vi vo".split()


def vocabulary(rng: random.Random, size: int = 3000) -> tuple[list[str], list[float]]:
    """The domain words first, then made-up words, with Zipf weights: a few words are very
    common and most are rare, as in real text (so postings have realistic lengths)."""
    made_up: set[str] = set()
    while len(made_up) < size:
        made_up.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    words = list(WORDS) + sorted(made_up)
    rng.shuffle(words)
    return words, [1 / (rank + 1) ** 1.07 for rank in range(len(words))]


_VOCABULARY: dict[int, tuple[list[str], list[float]]] = {}


def _sentence(rng: random.Random, n: int = 12) -> str:
    words, weights = _VOCABULARY[id(rng)]
    return " ".join(rng.choices(words, weights, k=n)).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(3, 6)))


def generate(root: Path, pages: int = 2000, seed: int = 7, pages_per_team: int = 40) -> int:
    """Write content/ under root with about `pages` pages; returns the number of team folders."""
    rng = random.Random(seed)
    _VOCABULARY[id(rng)] = vocabulary(rng)
    content = root / "content"
    if content.exists():
        shutil.rmtree(content)
    (content / "teams").mkdir(parents=True)
    (content / "portal.yml").write_text(yaml.safe_dump({
        "organisation": "Synthetic Org",
        "help_desk": "team-000",
        "locations": [{"id": "helsinki", "name": "Helsinki", "country": "FI", "timezone": "Europe/Helsinki"}],
        "employment_types": [{"id": "permanent", "name": "Permanent"}],
    }))
    # Each team: its page, its FAQ page, and SOPs and pages for the rest.
    teams = max(1, round(pages / pages_per_team))
    for t in range(teams):
        folder = content / "teams" / f"team-{t:03d}"
        (folder / "sops").mkdir(parents=True)
        (folder / "pages").mkdir()
        (folder / "team.yml").write_text(yaml.safe_dump({
            "name": f"Team {t:03d} {rng.choice(WORDS)}",
            "summary": _sentence(rng),
            "owners": [f"@org/team-{t:03d}"],
            "keywords": rng.sample(WORDS, 5),
            "channels": [{"type": "email", "value": f"team{t:03d}@example.com"},
                         {"type": "phone", "value": "+358 9 4242 0000"},
                         {"type": "form", "value": f"https://help.example.com/{t}", "categories": ["A", "B"]}],
            "office_hours": {"timezone": "Europe/Helsinki", "schedule": [{"days": "mon-fri", "hours": "09:00-17:00"}]},
            "response_targets": [{"priority": "Normal", "first_response": "1 business day"}],
        }))
        (folder / "faq.yml").write_text(yaml.safe_dump({"questions": [
            {"id": f"q-{q}", "question": _sentence(rng, 7)[:-1] + "?", "answer": _paragraph(rng)} for q in range(10)]}))
        for p in range(pages_per_team - 2):
            kind = "sops" if p % 3 else "pages"
            body = "\n\n".join(f"## {_sentence(rng, 4)[:-1]}\n\n{_paragraph(rng)}" for _ in range(rng.randint(2, 5)))
            front = {"title": _sentence(rng, 5)[:-1], "summary": _sentence(rng, 10)}
            if kind == "sops":
                front["reviewed"] = "2026-06-01"
            text = "---\n" + yaml.safe_dump(front) + "---\n\n" + body + "\n"
            (folder / kind / f"item-{p:03d}.md").write_text(text)
    return teams
