"""Writing generated trees: only inside the target, only what changed, nothing stale left behind."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from .diagnostics import PortalError


def safe_join(root: Path, rel: str) -> Path:
    """root/rel, refusing any path that would land outside root."""
    parts = PurePosixPath(rel).parts
    if not parts or PurePosixPath(rel).is_absolute() or any(p in ("..", ".", "") for p in parts):
        raise PortalError(f"refusing to write '{rel}' outside {root}")
    return root.joinpath(*parts)


def write_tree(root: Path, texts: dict[str, str], copies: dict[str, Path] | None = None,
               binary: dict[str, bytes] | None = None) -> None:
    """Make root hold exactly these files (texts, copies of files, bytes). Unchanged files are
    not touched, so a watcher (the preview server) sees only real changes."""
    wanted: dict[Path, bytes] = {safe_join(root, rel): text.encode("utf-8") for rel, text in texts.items()}
    for rel, source in (copies or {}).items():
        wanted[safe_join(root, rel)] = source.read_bytes()
    for rel, data in (binary or {}).items():
        wanted[safe_join(root, rel)] = data
    if root.exists():
        for path in sorted(root.rglob("*"), reverse=True):
            if path.is_symlink() or (path.is_file() and path not in wanted):
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    for path, data in sorted(wanted.items()):
        write_file(path, data)


def write_file(path: Path, data: bytes) -> None:
    """Write data to path unless it already holds exactly that."""
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def replace_dir(target: Path, build) -> None:
    """Run build(tmp) into a fresh directory beside target, then put it in target's place.

    If build raises, target is left exactly as it was: a failed build never leaves a
    half-written site.
    """
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        build(tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    os.chmod(tmp, 0o755)  # mkdtemp makes it private; a published site is not
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        os.rename(target, old / target.name)
    os.rename(tmp, target)
    if old:
        shutil.rmtree(old, ignore_errors=True)
