"""Benchmark: a real handbook, checked out on this machine, imported, checked and built.

    python3 tests/bench/bench_import_handbook.py PATH [--layout plain|mkdocs|hugo] [--old-url URL]
                                                 [--keep DIR] [--no-build] [--before DIR [--runs N]]

PATH is the handbook's folder as `portal import` takes it (a plain tree of Markdown, an MkDocs
project or a Hugo site); nothing is fetched. In a fresh project beside the repository's
mkdocs.yml, each step runs as a user runs it, in its own process:
- `portal import PATH`: wall time, and the report's counts (pages, teams, files, what was
  converted, left out, not converted, images from other sites, links that lead nowhere);
- `portal check`: wall time, errors and warnings by code (the import's promise: no errors);
- `portal build`: wall time and pages built (skipped with --no-build);
- with --before DIR, `portal check` by DIR's generator beside this one's, in turns, each with
  nothing stored and then again: medians, their ratios, and whether both report the same.
It exits non-zero when a step fails, the check finds an error, or the two checks differ.
--keep keeps the project.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], cwd: Path, code: Path | None = None) -> tuple[float, subprocess.CompletedProcess]:
    """A portal command's wall time and result, by this checkout's generator or code's."""
    env = {**os.environ, "PYTHONPATH": str(code)} if code else None
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, env=env)
    return time.perf_counter() - started, result


def checks_side_by_side(project: Path, before: Path, runs: int) -> bool:
    """`portal check` by before's generator and by this one's, in turns, each with nothing stored
    (a fresh checkout, CI) and then again (everything stored, a pre-commit hook's case); prints
    the medians and their ratios, and whether both report the same. True when they do."""
    times: dict[str, dict[str, list[float]]] = {who: {"cold": [], "warm": []} for who in ("before", "this")}
    said: dict[str, set[str]] = {"before": set(), "this": set()}
    for _ in range(runs):
        for who, code in (("before", before), ("this", None)):
            shutil.rmtree(project / "build" / "cache", ignore_errors=True)
            for state in ("cold", "warm"):
                seconds, result = run(["check"], project, code)
                times[who][state].append(seconds)
                said[who].add(result.stdout)
    shutil.rmtree(project / "build" / "cache", ignore_errors=True)
    for state in ("cold", "warm"):
        this, other = (statistics.median(times[who][state]) for who in ("this", "before"))
        print(f"{'check ' + state:<16}{this:>8.1f} s   before {other:.1f} s: {this / other:.2f}x (medians of {runs})")
    same = len(said["this"] | said["before"]) == 1
    print(f"{'':<16}{'':>10}   " + ("the same diagnostics" if same else "the diagnostics DIFFER between the two"))
    return same


def bench(handbook: Path, project: Path, layout: str | None, old_urls: list[str], build: bool,
          before: Path | None = None, runs: int = 3) -> int:
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    extra = (["--layout", layout] if layout else []) + [a for url in old_urls for a in ("--old-url", url)]
    seconds, result = run(["import", str(handbook.resolve()), *extra], project)
    if result.returncode != 0:
        print(f"portal import failed:\n{result.stdout}{result.stderr}")
        return 1
    report = json.loads((project / "import-report.json").read_text(encoding="utf-8"))
    counts = report["counts"]
    print(f"handbook: {handbook} ({report['layout']})")
    print(f"{'portal import':<16}{seconds:>8.1f} s   " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items()))
    if report["old_addresses"]:
        print(f"{'':<16}{'':>10}   old addresses: {', '.join(report['old_addresses'])}")

    seconds, result = run(["check"], project)
    codes = Counter(m.group(1) + "[" + m.group(2) + "]"
                    for m in re.finditer(r"^\S+:\d+:\d+: (error|warning)\[([a-z-]+)\]", result.stdout, re.M))
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    print(f"{'portal check':<16}{seconds:>8.1f} s   {summary}: " + ", ".join(f"{c} {n}" for c, n in sorted(codes.items())))
    failed = result.returncode != 0
    if before is not None:
        failed |= not checks_side_by_side(project, before, runs)
    if build:
        seconds, result = run(["build"], project)
        built = re.search(r"Built (\d+) pages", result.stdout)
        print(f"{'portal build':<16}{seconds:>8.1f} s   " + (f"{built.group(1)} pages" if built and result.returncode == 0
                                                             else "failed:\n" + result.stdout[-2000:] + result.stderr))
        failed |= result.returncode != 0
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path, help="the checked-out handbook's folder")
    parser.add_argument("--layout", choices=("plain", "mkdocs", "hugo"))
    parser.add_argument("--old-url", action="append", default=[], help="an address the handbook was published at")
    parser.add_argument("--keep", type=Path, help="build the project in this (empty) folder and keep it")
    parser.add_argument("--no-build", action="store_true", help="import and check only")
    parser.add_argument("--before", type=Path, help="another checkout (say, a worktree of main): its `portal check` "
                        "is timed beside this one's on the imported handbook, cold and warm")
    parser.add_argument("--runs", type=int, default=3, help="checks of each kind with --before; figures are medians")
    args = parser.parse_args()
    if not args.path.is_dir():
        parser.error(f"{args.path}: no such folder")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return bench(args.path, args.keep, args.layout, args.old_url, not args.no_build, args.before, args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        return bench(args.path, Path(tmp), args.layout, args.old_url, not args.no_build, args.before, args.runs)


if __name__ == "__main__":
    sys.exit(main())
