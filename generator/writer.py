"""Writing generated trees: only inside the target, only what changed, nothing stale left behind."""

from __future__ import annotations

import ctypes
import errno
import glob
import os
import shutil
import sys
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
    half-written site. The swap is one atomic exchange where the kernel offers it, so there is
    no moment without a site; leftovers of builds killed earlier are removed first. Callers hold
    the build lock (lock.py), so no other build is using those leftovers.
    """
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(target)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        build(tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    os.chmod(tmp, 0o755)  # mkdtemp makes it private; a published site is not
    if not target.exists():
        os.rename(tmp, target)
    elif exchange(tmp, target):
        shutil.rmtree(tmp, ignore_errors=True)  # it now holds the old site
    else:
        # Two renames: a build killed between them leaves the old site in .<name>-old-*, which
        # clean_leftovers puts back.
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        os.rename(target, old / target.name)
        os.rename(tmp, target)
        shutil.rmtree(old, ignore_errors=True)


def leftovers(target: Path) -> list[Path]:
    """What builds of target killed midway left beside it."""
    return sorted(p for p in target.parent.glob(f".{glob.escape(target.name)}-*-*")
                  if p.name.startswith((f".{target.name}-new-", f".{target.name}-old-")))


def clean_leftovers(target: Path) -> None:
    """Remove what killed builds left; if one was killed mid-swap, first put the old site back."""
    for path in leftovers(target):
        kept = path / target.name
        if not target.exists() and path.name.startswith(f".{target.name}-old-") and kept.is_dir():
            os.rename(kept, target)
        shutil.rmtree(path, ignore_errors=True)


RENAME_EXCHANGE = 2  # from <linux/fs.h>
AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step (Linux renameat2 with RENAME_EXCHANGE). False where
    the kernel, the C library or the file system does not offer it."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # a C library older than glibc 2.28
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), str(b))
