"""Benchmark: what large inputs cost `portal build`, at growing sizes, to show that cost grows
linearly (or stops at a limit) rather than without bound.

    python3 tests/bench/bench_inputs.py

Each build runs in its own process on a fresh organisation holding one large input; printed are
the exit code (0 built, 1 refused with a diagnostic), wall time and peak resident memory
(getrusage of the child), beside a clean build in the same run. Inputs: one very long word in a
procedure (the search shards once matched it in quadratic time), FAQ files of many questions
(over 200,000 YAML values is refused while reading), a metrics.csv of many rows, and a file of
one long YAML string.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from conftest import BASE, TODAY  # noqa: E402

TEAM = textwrap.dedent(BASE["content/teams/it/team.yml"]) + (
    "response_targets:\n  - priority: P1\n    first_response: 1 hour\n"
    "office_hours:\n  timezone: Europe/Helsinki\n  schedule:\n    - days: mon-fri\n      hours: 09:00-17:00\n")


def long_word(size: int):
    def make(root: Path) -> None:
        write(root, "content/teams/it/sops/long.md", "---\ntitle: Long\nreviewed: 2026-01-01\n---\n" + "a" * size + "\n")
    return make


def questions(count: int):
    def make(root: Path) -> None:
        write(root, "content/teams/it/faq.yml", "questions:\n" + "".join(
            f"  - id: q{i}\n    question: How do I do thing {i}?\n    answer: Do thing {i} this way.\n"
            for i in range(count)))
    return make


def metrics_rows(count: int):
    def make(root: Path) -> None:
        write(root, "content/teams/it/team.yml", TEAM)
        rows = "".join(f"T{i},P1,2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d},,,{1 + i % 5}\n"
                       for i in range(count))
        write(root, "content/teams/it/metrics.csv", "ticket,priority,created,first_response,resolved,satisfaction\n"
              + rows)
    return make


def long_string(size: int):
    def make(root: Path) -> None:
        write(root, "content/teams/it/faq.yml", "questions:\n  - id: a\n    question: Long?\n    answer: "
              + "word " * (size // 5) + "\n")
    return make


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def measure(make, workdir: Path) -> tuple[int, float, float]:
    """Build a fresh organisation after make(root) in a child process: (exit code, seconds, peak MB)."""
    root = Path(tempfile.mkdtemp(dir=workdir))
    for rel, text in BASE.items():
        write(root, rel, textwrap.dedent(text))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    if make:
        make(root)
    script = ("import resource, subprocess, sys, time\n"
              "t = time.perf_counter()\n"
              "r = subprocess.run([sys.executable, '-m', 'generator', 'build', '--today', sys.argv[1]],"
              " capture_output=True)\n"
              "print(r.returncode, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    out = subprocess.run([sys.executable, "-c", script, TODAY], cwd=root, capture_output=True, text=True, check=True)
    code, seconds, kilobytes = out.stdout.split()
    shutil.rmtree(root)
    return int(code), float(seconds), int(kilobytes) / 1024


CASES = [
    ("clean organisation", None),
    ("one word of 0.6 MB", long_word(600_000)),
    ("one word of 3 MB", long_word(3_000_000)),
    ("one word of 9 MB", long_word(9_000_000)),
    ("5,000 FAQ questions", questions(5_000)),
    ("20,000 FAQ questions", questions(20_000)),
    ("100,000 FAQ questions", questions(100_000)),
    ("metrics.csv, 50,000 rows", metrics_rows(50_000)),
    ("metrics.csv, 100,000 rows", metrics_rows(100_000)),
    ("a 1 MB answer", long_string(1_000_000)),
    ("a 4 MB answer", long_string(4_000_000)),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'input':<28} {'exit':>4} {'seconds':>8} {'peak MB':>8}")
        for name, make in CASES:
            code, seconds, peak = measure(make, Path(tmp))
            print(f"{name:<28} {code:>4} {seconds:>8.1f} {peak:>8.1f}", flush=True)


if __name__ == "__main__":
    main()
