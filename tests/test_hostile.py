"""No input crashes the build or half-writes the site: each gets a diagnostic naming its file,
and an existing site/ stays exactly as it was."""

from __future__ import annotations

import os

import pytest

from conftest import cli
from test_build import tree_digest

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
