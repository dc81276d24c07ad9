"""When each content file last changed, from the repository's history (not file times, which a
checkout resets). One `git log` for the whole folder, however many files."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path


def last_changed(content_dir: Path) -> dict[str, date]:
    """'content/teams/it/team.yml' -> the date of the last commit that changed it. Empty when
    the folder is not in a git repository (or git is not installed)."""
    if shutil.which("git") is None:
        return {}
    folder = content_dir.resolve()
    try:
        top = subprocess.run(["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, check=True).stdout.strip()
        log = subprocess.run(["git", "-C", top, "log", "--format=%x00%cs", "--name-only", "--no-renames", "--",
                              str(folder)], capture_output=True, text=True, check=True).stdout
    except (subprocess.CalledProcessError, OSError):
        return {}
    prefix = folder.relative_to(Path(top).resolve())
    changed: dict[str, date] = {}
    day = None
    for line in log.splitlines():
        if line.startswith("\0"):
            day = date.fromisoformat(line[1:])
        elif line and day is not None:
            path = Path(line)
            if path.is_relative_to(prefix):
                display = (Path(content_dir.name) / path.relative_to(prefix)).as_posix()
                changed.setdefault(display, day)  # the log is newest first
    return changed
