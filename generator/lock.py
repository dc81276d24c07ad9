"""One build at a time: the kernel's advisory lock (flock) on the build directory and on the
folder that holds the site, held while a build reads content and writes the docs tree, the
search index and the site.

Two builds that share a build directory would otherwise interleave their writes to the same
Whoosh index (one fails, or a site ships one version's pages with the other's search), and two
that publish into one folder would clean up each other's half-built sites. The lock is taken
on the directories themselves, so no lock file is left behind, and a killed build releases it
by dying.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

if sys.platform == "win32":  # Windows has no fcntl: builds are not serialised there
    fcntl = None
else:
    import fcntl


@contextlib.contextmanager
def held(directories: list[Path]):
    """Hold the lock on each directory (created if missing) for the block; while another build
    holds one, say so and wait for it."""
    if fcntl is None:
        yield
        return
    descriptors = []
    try:
        # One order for every build, so two never wait for each other; each directory once, as a
        # second lock on the same directory from this process would wait for the first.
        for directory in sorted({d.resolve() for d in directories}):
            directory.mkdir(parents=True, exist_ok=True)
            fd = os.open(directory, os.O_RDONLY)
            descriptors.append(fd)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                print(f"Another portal command is building in {directory}; waiting for it to finish.",
                      file=sys.stderr, flush=True)
                fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        for fd in descriptors:
            os.close(fd)  # closing releases the lock
