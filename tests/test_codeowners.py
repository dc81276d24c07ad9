"""CODEOWNERS follows the owners declared in the team files."""

from __future__ import annotations

from conftest import ROOT

from generator.cli import main


def test_codeowners_is_written_and_checked(org, run):
    assert run("codeowners", "--check")[0] == 1  # not written yet
    assert run("codeowners") == (0, "wrote .github/CODEOWNERS\n")
    assert (org.root / ".github/CODEOWNERS").read_text().splitlines()[2:] == ["/content/teams/it/ @org/it"]
    assert run("codeowners", "--check") == (0, "")
    team = org.root / "content/teams/it/team.yml"
    team.write_text(team.read_text().replace('owners: ["@org/it"]', 'owners: ["@org/it", "@maria"]'))
    assert run("codeowners", "--check") == (
        1, ".github/CODEOWNERS is out of date with the owners in the team files; run 'portal codeowners'\n")
    assert run("codeowners")[0] == 0
    assert run("codeowners", "--check") == (0, "")
    assert (org.root / ".github/CODEOWNERS").read_text().splitlines()[2:] == ["/content/teams/it/ @org/it @maria"]


def test_the_repository_codeowners_is_up_to_date(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["codeowners", "--check", "--today", "2026-11-22"]) == 0, capsys.readouterr().out
