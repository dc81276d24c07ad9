"""The shipped CI files call portal with commands and options that exist."""

from __future__ import annotations

import re
import shlex

import pytest
import yaml
from conftest import ROOT

from generator.cli import _parser

FILES = [".github/workflows/pull-request.yml", ".github/workflows/publish.yml", ".pre-commit-config.yaml", ".gitlab-ci.yml"]


def portal_commands() -> list[tuple[str, list[str]]]:
    found = []
    for name in FILES:
        data = yaml.safe_load((ROOT / name).read_text())
        # GitLab's jobs are the top-level mappings with a script.
        for job in [j for j in data.values() if isinstance(j, dict) and "script" in j]:
            found += [(name, shlex.split(line)) for line in job["script"] if line.startswith("portal ")]
        for job in (data.get("jobs") or {}).values():
            found += [(name, shlex.split(step["run"])) for step in job["steps"] if "run" in step
                      and step["run"].startswith("portal ")]
        for repo in data.get("repos", []):
            # The linter's and type checker's hooks are the portal's own code's, not portal commands.
            found += [(name, shlex.split(hook["entry"])) for hook in repo["hooks"] if hook["entry"].startswith("portal ")]
    readme = (ROOT / "README.md").read_text()
    found += [("README.md", shlex.split(line)) for line in re.findall(r"^\s+- (portal [^\n]+)$", readme, re.M)]
    return found


@pytest.mark.parametrize("where, command", portal_commands(), ids=lambda v: " ".join(v) if isinstance(v, list) else v)
def test_portal_commands_in_ci_files_parse(where, command):
    assert command[0] == "portal"
    command = command[:command.index(">")] if ">" in command else command  # what the shell sends to a file
    _parser().parse_args(command[1:])  # exits with 2 on an unknown command or option


def test_every_ci_file_is_covered():
    assert {where for where, _ in portal_commands()} >= set(FILES)
