"""Fixtures: tiny organisations written into temporary directories, and the real CLI."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-22"

# The smallest valid organisation; tests replace or add files to make one thing wrong.
BASE = {
    "content/portal.yml": """\
        organisation: Test Org
        help_desk: it
        locations:
          - id: helsinki
            name: Helsinki
            country: FI
            timezone: Europe/Helsinki
        employment_types:
          - id: permanent
            name: Permanent
        """,
    "content/teams/it/team.yml": """\
        name: IT help desk
        summary: Laptops and passwords.
        owners: ["@org/it"]
        channels:
          - type: email
            value: techsupport@example.com
        """,
}


class Org:
    """A content tree in a temporary directory, with the commands run inside it."""

    def __init__(self, root: Path):
        self.root = root
        shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")

    def write(self, files: dict[str, str]) -> "Org":
        for rel, text in files.items():
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return self

    def run(self, *args: str, capsys, monkeypatch) -> tuple[int, str]:
        monkeypatch.chdir(self.root)
        code = main([*args, "--today", TODAY] if args[0] != "--help" else list(args))
        out = capsys.readouterr()
        return code, out.out + out.err

    def html(self, url_path: str) -> BeautifulSoup:
        path = self.root / "site" / url_path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def org(tmp_path: Path) -> Org:
    return Org(tmp_path).write(BASE)


@pytest.fixture
def run(org: Org, capsys, monkeypatch):
    """run('check') -> (exit code, everything printed)."""

    def _run(*args: str) -> tuple[int, str]:
        return org.run(*args, capsys=capsys, monkeypatch=monkeypatch)

    return _run
