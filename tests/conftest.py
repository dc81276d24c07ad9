"""Fixtures: tiny organisations written into temporary directories, and the real CLI."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import textwrap
import threading
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

    def write(self, files: dict[str, str]) -> Org:
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


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    """The real command in its own process, as a user runs it: what it prints (a traceback too,
    were it to crash) and its exit code. The in-process `run` cannot show either: an exception
    there goes to pytest, never into the output."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "generator", *args, "--today", TODAY], cwd=root, env=env,
                          capture_output=True, text=True)


@pytest.fixture
def org(tmp_path: Path) -> Org:
    return Org(tmp_path).write(BASE)


@pytest.fixture
def run(org: Org, capsys, monkeypatch):
    """run('check') -> (exit code, everything printed)."""

    def _run(*args: str) -> tuple[int, str]:
        return org.run(*args, capsys=capsys, monkeypatch=monkeypatch)

    return _run


@pytest.fixture
def parses(monkeypatch) -> list[tuple[str, str | None]]:
    """(source, title) of every owner text this process parses anew (not read from a store)."""
    from generator.content.markdown import Reader

    parsed: list[tuple[str, str | None]] = []
    anew = Reader._parse_anew

    def counted(self, source, title):
        parsed.append((source, title))
        return anew(self, source, title)

    monkeypatch.setattr(Reader, "_parse_anew", counted)
    return parsed


@pytest.fixture(scope="session")
def sample(tmp_path_factory) -> tuple[Path, str]:
    """The sample organisation built by the real command: (site directory, what it printed)."""
    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--strict", "--today", TODAY],
                            cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site", result.stdout + result.stderr


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # A browser that closes a page mid-download breaks the pipe; the server's thread would
        # print that to stderr, inside whichever test is capturing output at the time.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_directory(directory: Path):
    """Any static file server will do; this is the standard library's, on a free loopback port."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(sample):
    """The built sample organisation, served over HTTP on loopback."""
    site, _ = sample
    with serve_directory(site) as url:
        yield url


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def require(found, what: str, under_ci: str, elsewhere: str) -> None:
    """A tool some tests need. Under CI (CI set to any non-empty value: GitHub's 'true', GitLab's,
    a plain '1') its absence fails the test; elsewhere the test is skipped."""
    if found:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is not installed; {under_ci}", pytrace=False)
    pytest.skip(f"{what} is not installed ({elsewhere})")


@pytest.fixture(scope="session")
def git() -> str:
    """The git command, for tests of dates and changes from the repository's history."""
    found = shutil.which("git")
    require(found, "git", "the CI image must have git", "apt-get install git")
    return found


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from the system. Under CI a missing browser fails; elsewhere it skips."""
    require(CHROMIUM, "Chromium", ".ci/run installs Debian's chromium package", "apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            # Without these Chromium phones home at start-up, which a closed network refuses.
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield instance
        instance.close()
