"""`portal import` reads only the handbook it is given and writes only into content/: symbolic
links are reported and not followed, a pages folder configured elsewhere is refused, every
destination is confined, and a refused import writes nothing. The CLI runs in a subprocess."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

SECRET = "root:x:0:0:the secret outside the handbook\n"


def portal(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)


def digest(path: Path) -> dict[str, str]:
    """Every file under path (links as links) and what it holds."""
    out = {}
    for p in sorted(path.rglob("*")):
        if p.is_symlink():
            out[str(p.relative_to(path))] = "-> " + os.readlink(p)
        elif p.is_file():
            out[str(p.relative_to(path))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(outside folder with a secret, the handbook, the project importing it)."""
    outside, handbook, project = tmp_path / "outside", tmp_path / "handbook", tmp_path / "project"
    write(outside, {"secret.txt": SECRET, "secret.md": "# Salaries\n\n" + SECRET})
    project.mkdir()
    return outside, handbook, project


def everything_in_content(project: Path) -> str:
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in (project / "content").rglob("*")
                   if p.is_file())


def test_symbolic_links_in_the_handbook_are_reported_not_followed(tmp_path):
    outside, handbook, project = setup(tmp_path)
    write(handbook, {"it/vpn.md": "# VPN\n\nSee [the file](secret.txt) and [pay](salaries.md).\n"})
    os.symlink(outside / "secret.txt", handbook / "it/secret.txt")
    os.symlink(outside / "secret.md", handbook / "it/salaries.md")
    os.symlink(outside, handbook / "it/more")
    before = digest(outside)
    result = portal(project, "import", str(handbook))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "the secret outside" not in everything_in_content(project)
    report = (project / "import-report.md").read_text(encoding="utf-8")
    for link in ("it/secret.txt", "it/salaries.md", "it/more"):
        assert f"- {link}: a symbolic link: not followed" in report, report
    assert digest(outside) == before


def test_a_pages_folder_outside_the_handbook_is_refused_and_nothing_is_written(tmp_path):
    outside, handbook, project = setup(tmp_path)
    for docs_dir in (str(outside), "../outside"):
        write(handbook, {"mkdocs.yml": f"site_name: Handbook\ndocs_dir: {docs_dir}\n", "docs/index.md": "# Home\n"})
        result = portal(project, "import", str(handbook))
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        assert "nothing imported" in result.stderr and "outside the handbook" in result.stderr, result.stderr
        assert sorted(p.name for p in project.iterdir()) == []


def test_a_hugo_static_link_through_a_symbolic_link_reads_and_writes_nothing_outside(tmp_path):
    outside, handbook, project = setup(tmp_path)
    write(handbook, {"hugo.toml": "title = 'Handbook'\n",
                     "content/_index.md": "---\ntitle: Home\n---\n\n![x](/deep/../../outside/secret.txt) "
                                          "[y](/deep/secret.txt) [z](/../outside/secret.txt)\n",
                     "static/logo.png": "png"})
    os.symlink("../../outside", handbook / "static/deep")
    before_outside, before_tmp = digest(outside), sorted(p.name for p in tmp_path.iterdir())
    result = portal(project, "import", str(handbook))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "the secret outside" not in everything_in_content(project)
    assert digest(outside) == before_outside
    assert sorted(p.name for p in tmp_path.iterdir()) == before_tmp


def test_a_symbolic_link_in_the_content_folder_cannot_carry_the_import_outside(tmp_path):
    outside, handbook, project = setup(tmp_path)
    write(handbook, {"it/vpn.md": "# VPN\n\nConnect.\n"})
    (project / "content").mkdir()
    os.symlink(outside, project / "content/teams")
    before = digest(outside)
    result = portal(project, "import", str(handbook))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "nothing imported" in result.stderr and "outside" in result.stderr, result.stderr
    assert digest(outside) == before
    assert digest(project / "content") == {"teams": "-> " + str(outside)}


def test_importing_the_folder_that_holds_the_content_folder_leaves_that_folder_out(tmp_path):
    """portal import . where the handbook's pages sit beside content/ (and beside the report,
    on a second run): neither is read as part of the handbook, so nothing is copied onto itself."""
    project = tmp_path / "project"
    write(project, {"it/vpn.md": "# VPN\n\nConnect.\n", "it/guide.pdf": "pdf",
                    "content/teams/hr/pages/leave.md": "---\ntitle: Leave\n---\n\nAsk.\n"})
    result = portal(project, "import", ".")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    teams = sorted(p.name for p in (project / "content/teams").iterdir())
    assert "content" not in teams and "it" in teams, teams
    assert (project / "content/teams/hr/pages/leave.md").read_text(encoding="utf-8").startswith("---\ntitle: Leave")
