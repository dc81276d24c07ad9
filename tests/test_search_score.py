"""Scoring (generator/search/score.py): a common word in a short title does not outweigh a rare word
that names what was asked, and documents matching more of the query come first."""

from __future__ import annotations

import json

# Twelve answers say 'day'; a section is titled 'Day 1'; one answer names the odometer.
FAQ = "questions:\n" + "".join(f"""
  - id: q{n}
    question: Question {n} about the office
    answer: Read this on any working day, then ask the team.
""" for n in range(12)) + """
  - id: mileage
    question: How do I claim mileage?
    answer: Photograph the odometer before and after the trip and claim the distance as an expense.
  - id: odometer-day
    question: Which day do I send the photos?
    answer: Any day of the month; keep the odometer photos until the claim is paid.
"""
PAGE = """\
---
title: First week
summary: What happens in your first week.
owner: "@org/it"
reviewed: 2026-09-01
review_every: 12 months
---

## Day 1

Your laptop is ready at the tech bar.

## Day 2

Meet your buddy.
"""


def ranked(org, run, query: str) -> list[str]:
    code, out = run("search", query, "--json")
    assert code == 0, out
    return [hit["url"] for hit in json.loads(out)["results"]]


def test_a_rare_word_outweighs_a_common_word_in_a_short_title(org, run):
    org.write({"content/teams/it/faq.yml": FAQ, "content/teams/it/pages/first-week.md": PAGE})
    urls = ranked(org, run, "odometer day")
    # Both of the query's words first; then the rare one, however short the title holding the other.
    assert urls[0] == "teams/it/faq/#odometer-day"
    assert urls[1] == "teams/it/faq/#mileage", urls
    assert urls.index("teams/it/faq/#mileage") < urls.index("teams/it/pages/first-week/#day-1"), urls
