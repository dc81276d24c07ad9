"""What the repository's history says about content (not file times, which a checkout resets):
when each file last changed (one `git log` for the whole folder, however many files), and what
each translation's original said when the translation last changed (one `git log` and one
`git cat-file` for all of them)."""

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


def originals_then(content_dir: Path, pairs: dict[str, str]) -> dict[str, str | None]:
    """For each translation file (pairs: translation -> its original, both as content paths like
    'content/teams/it/team.fi.yml'), the text of its original as of the last commit that changed
    the translation; None when the original did not exist then.

    By commit, not by date: a change to the original made later the same day counts. Left out:
    translations that are not committed as they are (being written now, so as new as anything),
    and everything when the folder is not in a git repository."""
    if shutil.which("git") is None or not pairs:
        return {}
    folder = content_dir.resolve()
    try:
        top = Path(subprocess.run(["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
                                  capture_output=True, text=True, check=True).stdout.strip()).resolve()
    except (subprocess.CalledProcessError, OSError):
        return {}
    prefix = folder.relative_to(top)

    def in_repo(display: str) -> str:
        return (prefix / Path(display).relative_to(content_dir.name)).as_posix()

    translations = {in_repo(t): t for t in pairs}
    try:
        log = subprocess.run(["git", "-C", str(top), "-c", "core.quotePath=false", "log", "--format=%x00%H",
                              "--name-only", "--no-renames", "--",
                              *translations], capture_output=True, text=True, check=True).stdout
        status = subprocess.run(["git", "-C", str(top), "status", "--porcelain=v1", "-z", "--untracked-files=all", "--",
                                 *translations], capture_output=True, text=True, check=True).stdout
    except (subprocess.CalledProcessError, OSError):
        return {}
    # Entries are 'XY path'; a rename's is followed by its old path, which names nothing here.
    pending = {entry[3:] for entry in status.split("\0") if len(entry) > 3}
    commit: dict[str, str] = {}
    current = None
    for line in log.splitlines():
        if line.startswith("\0"):
            current = line[1:]
        elif line in translations and current is not None:
            commit.setdefault(line, current)  # the log is newest first
    wanted = [(translations[path], f"{sha}:{in_repo(pairs[translations[path]])}")
              for path, sha in commit.items() if path not in pending]
    texts = _blobs(top, [name for _, name in wanted])
    return {translation: texts.get(name) for translation, name in wanted}


def _blobs(top: Path, names: list[str]) -> dict[str, str]:
    """'<commit>:<path>' -> that file's text then, for those that existed; one git process for all."""
    if not names:
        return {}
    try:
        out = subprocess.run(["git", "-C", str(top), "cat-file", "--batch"], input="".join(f"{n}\n" for n in names).encode(),
                             capture_output=True, check=True).stdout
    except (subprocess.CalledProcessError, OSError):
        return {}
    found: dict[str, str] = {}
    at = 0
    for name in names:
        end = out.find(b"\n", at)
        if end < 0:  # fewer answers than questions: what is missing is unknown, so left out
            break
        header = out[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] == b"blob" and header[2].isdigit():
            size = int(header[2])
            found[name] = out[at:at + size].decode("utf-8", errors="replace")
            at += size + 1
    return found
