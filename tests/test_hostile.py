"""No input crashes the build or half-writes the site: each gets a diagnostic naming its file,
and an existing site/ stays exactly as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import conftest
import pytest
from conftest import cli
from test_build import tree_digest

# The tree under test: as the command line gives it, else this checkout.
ENV = {"PYTHONPATH": str(Path(__file__).resolve().parent.parent), **os.environ}
BUILD = [sys.executable, "-m", "generator", "build", "--today", conftest.TODAY]

BOMB = ("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n")


def invalid_utf8(root):
    (root / "content/teams/it/faq.yml").write_bytes(b"questions:\n  - id: caf\xe9\n")


def alias_bomb(root):
    (root / "content/teams/it/faq.yml").write_text(BOMB)


def deep_nesting(root):
    (root / "content/teams/it/faq.yml").write_text("a: " + "[" * 5000 + "]" * 5000 + "\n")


def fifty_megabytes(root):
    (root / "content/teams/it/sops").mkdir()
    with open(root / "content/teams/it/sops/huge.md", "wb") as f:
        f.write(b"---\ntitle: Huge\nreviewed: 2026-01-01\n---\n")
        f.write(b"word " * (10 * 1024 * 1024))


def symlink_out(root):
    outside = root.parent / f"{root.name}-secret.md"
    outside.write_text("---\ntitle: Salaries\nreviewed: 2026-01-01\n---\nsecret\n")
    (root / "content/teams/it/sops").mkdir()
    os.symlink(outside, root / "content/teams/it/sops/salaries.md")


def case_collision(root):
    (root / "content/teams/it/files").mkdir()
    (root / "content/teams/it/files/Guide.pdf").write_bytes(b"one")
    (root / "content/teams/it/files/guide.pdf").write_bytes(b"two")


def empty_team(root):
    (root / "content/teams/it/team.yml").write_text("")


CASES = {
    "invalid UTF-8": (invalid_utf8, "content/teams/it/faq.yml:2:12: error[invalid-encoding]"),
    "alias bomb": (alias_bomb, "content/teams/it/faq.yml:1:32: error[yaml-too-large]"),
    "deep nesting": (deep_nesting, "content/teams/it/faq.yml:1:1: error[yaml-too-deep]"),
    "50 MB file": (fifty_megabytes, "content/teams/it/sops/huge.md:1:1: error[file-too-large]"),
    "symlink out of content": (symlink_out, "content/teams/it/sops/salaries.md:1:1: error[symlink]"),
    "names that differ in case": (case_collision, "content/teams/it/files/guide.pdf:1:1: error[duplicate-url]"),
    "empty team file": (empty_team, "content/teams/it/team.yml:1:1: error[missing-field]"),
}


@pytest.mark.parametrize("make, expected", CASES.values(), ids=CASES.keys())
def test_hostile_input_is_refused_and_the_site_kept(org, run, make, expected):
    assert run("build")[0] == 0
    before = tree_digest(org.root / "site")
    make(org.root)
    # The real command, whose output would show a traceback: in process, pytest would catch it.
    built = cli(org.root, "build")
    code, output = built.returncode, built.stdout + built.stderr
    assert code == 1, output
    assert expected in output
    assert "Traceback" not in output, output
    assert tree_digest(org.root / "site") == before
    assert not any(p.name.startswith(".site-") for p in org.root.iterdir())


# Inputs that used to end in a traceback. Each is written into a copy of a built organisation and
# built by the CLI in a subprocess; the first line of output is the diagnostic, and site/ is kept.

TEAM_WITH_TARGETS = ("name: IT help desk\nsummary: Laptops and passwords.\nowners: ['@org/it']\nchannels:\n"
                     "  - type: email\n    value: techsupport@example.com\nresponse_targets:\n"
                     "  - priority: P1\n    first_response: 1 hour\n")
METRICS_HEADER = "ticket,priority,created,first_response,resolved,satisfaction\n"


def question(value: str) -> dict[str, str]:
    return {"content/teams/it/faq.yml": f"questions:\n  - id: a\n    question: {value}\n    answer: b\n"}


def metrics(row: str) -> dict[str, str]:
    return {"content/teams/it/team.yml": TEAM_WITH_TARGETS, "content/teams/it/metrics.csv": METRICS_HEADER + row + "\n"}


def settings(extra: str) -> dict[str, str]:
    return {"content/portal.yml": textwrap.dedent(conftest.BASE["content/portal.yml"]) + extra}


def many_questions(count: int) -> dict[str, str]:
    return {"content/teams/it/faq.yml": "questions:\n" + "".join(
        f"  - id: q{i}\n    question: Question {i}?\n    answer: Answer {i}.\n" for i in range(count))}


EDIT_HINT = "  hint: use {url}, {branch} and {path}, e.g. {url}/-/edit/{branch}/{path}; write a brace itself as {{ or }}"
INPUTS = {
    "!!bool maybe": (question("!!bool maybe"), "content/teams/it/faq.yml:3:15: error[yaml-syntax]: 'maybe' cannot be "
                     "read as !!bool\n  hint: remove the tag !!bool and write the value plainly, or quote it as text"),
    "!!timestamp x": (question("!!timestamp x"), "content/teams/it/faq.yml:3:15: error[yaml-syntax]: 'x' cannot be "
                      "read as !!timestamp\n  hint: remove the tag !!timestamp and write the value plainly, or quote "
                      "it as text"),
    "!!int ''": (question("!!int ''"), "content/teams/it/faq.yml:3:15: error[yaml-syntax]: '' cannot be read as "
                 "!!int\n  hint: remove the tag !!int and write the value plainly, or quote it as text"),
    "!!float ''": (question("!!float ''"), "content/teams/it/faq.yml:3:15: error[yaml-syntax]: '' cannot be read as "
                   "!!float\n  hint: remove the tag !!float and write the value plainly, or quote it as text"),
    "a number of 5,000 digits": (question("9" * 5000), "content/teams/it/faq.yml:3:15: error[yaml-syntax]: '"
                                 + "9" * 40 + "…' cannot be read as !!int\n  hint: put the value in quotes to keep "
                                 "it as text"),
    "escaped surrogate pair": (question('"\\ud83d\\ude00"'), "content/teams/it/faq.yml:3:15: error[yaml-syntax]: the "
                               "text holds an escaped UTF-16 surrogate (\\ud83d), which is not a character\n  hint: "
                               "write the character itself (😀) or one escape for it: \\U0001F600"),
    "lone escaped surrogate": (question('"\\ud800"'), "content/teams/it/faq.yml:3:15: error[yaml-syntax]: the text "
                               "holds an escaped UTF-16 surrogate (\\ud800), which is not a character\n  hint: remove "
                               "the escape, or write the character itself"),
    "review every 10000 years": (
        {"content/teams/it/sops/a.md": "---\ntitle: A\nreviewed: 2026-01-01\nreview_every: 10000 years\n---\nText.\n"},
        "content/teams/it/sops/a.md:4:15: error[invalid-duration]: review_every: '10000 years' is longer than 100 "
        "years\n  hint: write a shorter period, e.g. 12 months or 2 years"),
    "a target of 10**20 minutes": (
        {"content/teams/it/team.yml": TEAM_WITH_TARGETS.replace("1 hour", "99999999999999999999 minutes")},
        "content/teams/it/team.yml:9:21: error[invalid-duration]: response_targets[0].first_response: "
        "'99999999999999999999 minutes' is longer than 100 years\n  hint: write a shorter period, e.g. 12 months or "
        "2 years"),
    "rating ²": (metrics("A,P1,2026-03-02T09:14,,,²"), "content/teams/it/metrics.csv:2:1: error[invalid-value]: "
                 "satisfaction: '²' is not a rating from 1 to 5\n  hint: write a whole number from 1 to 5, or leave "
                 "it empty"),
    "year 1 with an offset": (metrics("A,P1,0001-01-01T00:00+05:00,,,"), "content/teams/it/metrics.csv:2:1: "
                              "error[invalid-date]: created: '0001-01-01T00:00+05:00' is not between the years 1900 "
                              "and 9998\n  hint: check the export: a request's times are recent dates, e.g. "
                              "2026-03-02T09:14"),
    "year 9999 with an offset": (metrics("A,P1,2026-03-02T09:14,9999-12-31T23:59-05:00,,"),
                                 "content/teams/it/metrics.csv:2:1: error[invalid-date]: first_response: "
                                 "'9999-12-31T23:59-05:00' is not between the years 1900 and 9998\n  hint: check "
                                 "the export: a request's times are recent dates, e.g. 2026-03-02T09:14"),
    "a cell of 140,000 characters": (metrics("A,P1," + "x" * 140_000), "content/teams/it/metrics.csv:2:1: "
                                     "error[invalid-value]: a cell holds more than 131,072 characters\n  hint: check "
                                     "the export: each cell holds one value, and a quoted cell closes its quote"),
    "languages: []": (settings("languages: []\n"), "content/portal.yml:11:12: error[invalid-value]: languages: no "
                      "language is listed\n  hint: list the language originals are written in first, e.g. languages: "
                      "[en], or leave languages out for English"),
    "edit link {file}": (settings("repository:\n  url: https://git.example.com/a/b\n  edit: '{url}/{file}'\n"),
                         "content/portal.yml:13:9: error[invalid-url]: repository.edit: {file} is not a place the "
                         "portal fills in\n" + EDIT_HINT),
    "edit link {0}": (settings("repository:\n  url: https://git.example.com/a/b\n  edit: '{0}'\n"),
                      "content/portal.yml:13:9: error[invalid-url]: repository.edit: {0} is not a place the portal "
                      "fills in\n" + EDIT_HINT),
    "edit link with a stray brace": (settings("repository:\n  url: https://git.example.com/a/b\n  edit: '{url}/{'\n"),
                                     "content/portal.yml:13:9: error[invalid-url]: repository.edit: '{url}/{' has a "
                                     "brace that opens or closes nothing\n" + EDIT_HINT),
    "100,000 questions": (many_questions(100_000), "content/teams/it/faq.yml:85716:5: error[yaml-too-large]: the "
                          "file holds more than 200,000 values\n  hint: split it: content files are read whole, and "
                          "one this size is best divided (another team's file, or pages)"),
}


@pytest.fixture(scope="module")
def built_org(tmp_path_factory):
    root = tmp_path_factory.mktemp("built")
    conftest.Org(root).write(conftest.BASE)
    result = subprocess.run(BUILD, cwd=root, env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.mark.parametrize("files, expected", INPUTS.values(), ids=INPUTS.keys())
def test_input_that_crashed_is_one_diagnostic_in_a_subprocess(built_org, tmp_path, files, expected):
    root = tmp_path / "org"
    shutil.copytree(built_org, root)
    before = tree_digest(root / "site")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    result = subprocess.run(BUILD, cwd=root, env=ENV, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stderr) == (1, "Not built: fix the problems above; site was left as it was.\n")
    assert result.stdout == expected + "\n1 error, 0 warnings\n"
    assert tree_digest(root / "site") == before
