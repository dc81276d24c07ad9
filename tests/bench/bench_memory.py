"""Benchmark: peak memory of `portal build` on hostile input, against the same content without it.

    python3 tests/bench/bench_memory.py

Each build runs in its own process; its peak resident set size (getrusage's ru_maxrss of the
child) is printed beside the clean build's peak in the same run, with the ratio. The hostile
files are the ones tests/test_hostile.py refuses: a YAML alias bomb (seven levels of ten
aliases, 10^7 values once expanded) and a 50 MB Markdown file. Both are refused, so their peak
is what it costs to refuse them; the clean build's peak includes MkDocs and the search index.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from conftest import BASE, TODAY  # noqa: E402
from test_hostile import alias_bomb, fifty_megabytes  # noqa: E402


def peak_mb(make, workdir: Path) -> tuple[float, int]:
    """Build a fresh organisation after make(root) in a child process: (peak MB, exit code)."""
    root = Path(tempfile.mkdtemp(dir=workdir))
    for rel, text in BASE.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    if make:
        make(root)
    script = ("import resource, subprocess, sys\n"
              "r = subprocess.run([sys.executable, '-m', 'generator', 'build', '--today', sys.argv[1]],"
              " capture_output=True)\n"
              "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)\n")
    out = subprocess.run([sys.executable, "-c", script, TODAY], cwd=root, capture_output=True, text=True, check=True)
    kilobytes, code = out.stdout.split()
    return int(kilobytes) / 1024, int(code)


def main() -> None:
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        clean, code = peak_mb(None, work)
        assert code == 0, "the clean organisation must build"
        print(f"{'input':<28} {'exit':>4} {'peak MB':>8} {'/ clean':>8}")
        print(f"{'clean organisation':<28} {code:>4} {clean:>8.1f} {1:>8.2f}")
        for name, make in (("alias bomb (10^7 values)", alias_bomb), ("50 MB Markdown file", fifty_megabytes)):
            peak, code = peak_mb(make, work)
            print(f"{name:<28} {code:>4} {peak:>8.1f} {peak / clean:>8.2f}")


if __name__ == "__main__":
    main()
