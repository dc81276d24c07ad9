"""The portal installs like any Python tool: a wheel built from the repository, installed into a
fresh virtual environment, builds an organisation's site from a folder that holds only its
content/ and mkdocs.yml (no checkout of this repository anywhere near)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, TODAY


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with the portal installed from its wheel; its bin folder."""
    tmp = tmp_path_factory.mktemp("install")
    wheels = tmp / "wheels"
    # A copy of the repository's tracked files, so the build sees what a clone holds (not a
    # developer's build/ or site/ folders).
    source = tmp / "source"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for rel in filter(None, files.decode().split("\0")):
        if (ROOT / rel).is_file():
            (source / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, source / rel)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    wheel = next(wheels.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/theme/main.html" in names and "generator/theme/labels.yml" in names, names
    assert any(n.startswith("generator/theme/partials/") for n in names)
    assert any(n.startswith("generator/theme/assets/javascripts/") for n in names)
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / "bin"
    done = subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return bin_dir


def test_the_wheel_builds_a_site_from_a_folder_of_content_alone(installed, tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    theme = subprocess.run([str(installed / "python"), "-c", "from generator.resources import THEME_DIR; print(THEME_DIR)"],
                           cwd=tmp_path, capture_output=True, text=True, env=env)
    assert theme.returncode == 0, theme.stderr
    # The theme comes from the installed package, not from this repository.
    assert Path(theme.stdout.strip()).is_relative_to(installed.parent), theme.stdout
    result = subprocess.run([str(installed / "portal"), "build", "--today", TODAY], cwd=tmp_path,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    home = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert "assets/stylesheets/portal.css" in home and "search/portal/search.js" in home
    assert "portalSearchCore" in (tmp_path / "site/search/portal/search.js").read_text(encoding="utf-8")
    assert (tmp_path / "site/fi/index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "content", "mkdocs.yml", "site"]
