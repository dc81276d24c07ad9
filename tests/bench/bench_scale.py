"""Benchmark: a large organisation's build, its time and its memory, against MkDocs alone.

    python3 tests/bench/bench_scale.py [--pages 10000] [--seed 7]

On a seeded synthetic organisation (tests/bench/synthetic.py), in one run:
- `portal build` (one process per core), cold (a fresh clone's: no build/ and no site) and again
  with the readings the first kept (a rebuild: build/cache/ kept, the old site replaced), and
  `mkdocs build` of the docs tree the portal generated (Material with navigation.prune and the
  portal's theme) into an empty folder, wall time and ratio;
- the peak memory of each, as the largest sum of the proportional memory (PSS) of the command and
  all its processes at one moment (sampled every 20 ms from /proc; pages forked workers share are
  counted once), and of the portal's search indexing alone (`portal search`, which
  checks the content and indexes it, no site), so the portal's peak can be set against MkDocs'
  peak plus the index's.

Times and peaks come from separate runs of each command: reading a large process's memory map
every 20 ms takes most of a core, which a build using every core pays and MkDocs' one process
does not.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-22"


def _tree(pid: int) -> list[int]:
    """pid and every process below it."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                queue += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _resident(pid: int) -> int:
    """A process's proportional share of memory (PSS): pages shared by forked processes are
    divided among them, so a tree's sum is what it takes together."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def timed(cmd: list[str], cwd: Path, before: tuple[Path, ...]) -> float:
    """Wall seconds of the command, the paths in before removed first; fails loudly if it fails."""
    for path in before:
        shutil.rmtree(path, ignore_errors=True)
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stdout.decode()}{result.stderr.decode()}")
    return time.perf_counter() - started


def measured(cmd: list[str], cwd: Path, before: tuple[Path, ...] = ()) -> tuple[float, int]:
    """(wall seconds of a run not sampled, peak bytes resident in the command's processes together
    in a second run), the paths in before removed before each."""
    wall = timed(cmd, cwd, before)
    for path in before:
        shutil.rmtree(path, ignore_errors=True)
    peak = 0
    process = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, sum(_resident(p) for p in _tree(process.pid)))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    out, err = process.communicate()
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out.decode()}{err.decode()}")
    return wall, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
        teams = generate(root, pages=args.pages, seed=args.seed)
        portal = [sys.executable, "-m", "generator"]
        build = measured([*portal, "build", "--strict", "--today", TODAY], root, (root / "build", root / "site"))
        # Again with the readings the build before kept (build/cache/): a CI runner that keeps them.
        warm = measured([*portal, "build", "--strict", "--today", TODAY], root)
        mkdocs = measured([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "build/mkdocs.yml", "-d",
                           str(root / "site-mkdocs")], root, (root / "site-mkdocs",))
        index = measured([*portal, "search", "--today", TODAY, "--build-dir", "build-index", "leave"], root,
                         (root / "build-index",))
        pages = sum(1 for _ in (root / "site").rglob("index.html"))
    mb = 2 ** 20
    print(f"synthetic organisation: {pages} pages, {teams} teams, seed {args.seed}")
    print(f"{'':34} {'wall s':>8} {'peak MB':>8}")
    print(f"{'portal build':34} {build[0]:8.1f} {build[1] / mb:8.0f}")
    print(f"{'portal build, readings kept':34} {warm[0]:8.1f} {warm[1] / mb:8.0f}")
    print(f"{'mkdocs build (same tree)':34} {mkdocs[0]:8.1f} {mkdocs[1] / mb:8.0f}")
    print(f"{'portal search, indexing first':34} {index[0]:8.1f} {index[1] / mb:8.0f}")
    print(f"build / mkdocs: {build[0] / mkdocs[0]:.2f}x time, {warm[0] / mkdocs[0]:.2f}x with the readings kept; peak {build[1] / mb:.0f} MB against "
          f"mkdocs + index {(mkdocs[1] + index[1]) / mb:.0f} MB ({build[1] / (mkdocs[1] + index[1]):.2f}x)")


if __name__ == "__main__":
    main()
