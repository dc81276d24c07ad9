"""The test suite itself: under CI a missing browser or git fails the tests that need them,
whatever CI is set to; they are skipped only outside CI."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ROOT, require

NEEDS_TOOLS = ["tests/test_history.py::test_without_history_no_date_is_shown",
               "tests/test_browser.py::test_contact_card_links_work_as_links"]


@pytest.mark.parametrize("ci", ["true", "1", "yes", "True", "gitlab"])
def test_a_missing_tool_fails_under_ci_whatever_ci_says(monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="git is not installed"):
        require(None, "git", "install it", "apt-get install git")


@pytest.mark.parametrize("ci", [None, ""])
def test_a_missing_tool_skips_outside_ci(monkeypatch, ci):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception):
        require(None, "git", "install it", "apt-get install git")
    require("/usr/bin/git", "git", "install it", "apt-get install git")  # found: nothing happens


def _run_without_tools(tmp_path, ci: str | None) -> str:
    """The history and browser tests, run by pytest with neither git nor Chromium on PATH."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(PATH=str(tmp_path), PYTHONPATH=str(ROOT))
    if ci is not None:
        env["CI"] = ci
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfs", *NEEDS_TOOLS],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    return result.stdout + result.stderr


def test_history_and_browser_tests_fail_under_ci_without_their_tools(tmp_path):
    output = _run_without_tools(tmp_path, "1")
    assert "2 errors" in output, output  # at set-up: the fixture fails them
    assert "git is not installed" in output and "Chromium is not installed" in output, output
    output = _run_without_tools(tmp_path, None)
    assert "2 skipped" in output, output
