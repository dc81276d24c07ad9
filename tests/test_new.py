"""`portal new`: files in the right place, every field explained, valid as created."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("args, path", [
    (("team", "travel-desk"), "content/teams/travel-desk/team.yml"),
    (("sop", "it", "book-a-trip"), "content/teams/it/sops/book-a-trip.md"),
    (("page", "it", "visa-letters"), "content/teams/it/pages/visa-letters.md"),
    (("faq", "it", "trip-insurance"), "content/teams/it/faq.yml"),
    (("benefit", "it", "travel-insurance"), "content/teams/it/benefits.yml"),
])
def test_each_kind_passes_strict_check_as_created(org, run, args, path):
    code, output = run("new", *args)
    assert (code, output) == (0, f"created {path}; fill it in, then run 'portal check'\n")
    text = (org.root / path).read_text()
    assert text.count("\n# ") + text.count("\n    # ") >= 5  # every field with its explanation
    assert run("check", "--strict") == (0, "")


def test_entries_are_added_to_an_existing_file_and_ids_stay_unique(org, run):
    assert run("new", "faq", "it", "first")[0] == 0
    assert run("new", "faq", "it", "second")[0] == 0
    assert run("check", "--strict") == (0, "")
    code, output = run("new", "faq", "it", "second")
    assert code == 1 and "has an entry 'second' already" in output


def test_new_refuses_to_overwrite_or_to_guess(org, run):
    code, output = run("new", "team", "it")
    assert code == 1 and "content/teams/it/team.yml exists already" in output
    code, output = run("new", "sop", "hr", "leave")
    assert code == 1 and "there is no team 'hr'" in output
    code, output = run("new", "sop", "it", "Bad Name")
    assert code == 1 and "'Bad Name' is not a valid id" in output
