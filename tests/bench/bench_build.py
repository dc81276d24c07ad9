"""Benchmark: `portal check` and `portal build` against a plain `mkdocs build` of the same docs tree.

    python3 tests/bench/bench_build.py [--pages 2000] [--check-pages 10000] [--runs 3] [--seed 7]

Measures, on the sample content and on a seeded synthetic organisation, in one run:
- wall time of `portal check`, `portal build` (its languages in parallel, one process per core,
  and with --jobs 1, one after another) and `mkdocs build -f build/mkdocs.yml` (the generated
  tree of the original language, Material with navigation.prune, so the ratio is what the
  portal adds on top of MkDocs), and the peak memory of a build (its largest process); for an
  organisation of several languages, also every language's generated tree built by a plain
  `mkdocs build` one after another, which is the work the portal's build does in all;
- wall time of `portal check` alone on a larger synthetic organisation (--check-pages), the
  pre-commit hook's case;
- every `portal check` twice: cold (no stored readings: build/cache/ removed before each run) and
  warm (the readings of the run before kept, nothing changed since); the builds likewise: warm
  after the checks, with the readings they stored, and cold (a fresh CI runner's case);
- the floor under a cold check: Python-Markdown's conversion of every owner text with the
  extensions of mkdocs.yml, in CPU seconds of one process, shared out over the cores; the check
  reads Markdown with the parser that renders it, so no cold check can be faster than this on
  the machine, even if it started in no time and did nothing else;
- the median size of a page's HTML, as the portal builds it and, for comparison, with
  Material's default templates and navigation, which put every page's link into every page;
- a synthetic organisation a tenth the size with the same team size, to show that page
  weight follows a team's size, not the organisation's.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-22"


def timed(cmd: list[str], cwd: Path, runs: int, before=None) -> float:
    """Median wall time of a command, in seconds (before, if given, runs untimed before each run);
    fails loudly if it fails."""
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stdout}{result.stderr}")
    return statistics.median(times)


def peak_memory(cmd: list[str], cwd: Path) -> int:
    """The peak resident memory of the command's largest process (it or a worker), in bytes:
    measured in a process of its own, whose only children are the command's."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    result = subprocess.run([sys.executable, "-c", probe, *cmd], cwd=cwd, capture_output=True, text=True, check=True)
    return int(result.stdout) * 1024  # kilobytes on Linux


def page_sizes(site: Path) -> tuple[int, int, int]:
    """(median bytes of a page's HTML, number of pages, total bytes of the site)."""
    sizes = [p.stat().st_size for p in site.rglob("index.html")]
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return int(statistics.median(sizes)), len(sizes), total


def material_default_site(root: Path) -> Path:
    """The same generated docs tree built with Material's own templates and navigation: no
    portal theme, no pruning, so every page carries every page's link."""
    config = yaml.safe_load((root / "build/mkdocs.yml").read_text())
    inherited = yaml.safe_load((root / "mkdocs.yml").read_text())
    config["theme"] = {"name": "material", "font": False,
                       "features": [f for f in inherited["theme"]["features"] if f != "navigation.prune"]}
    (root / "build/material-default.yml").write_text(yaml.safe_dump(config))
    site = root / "site-material-default"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "build/material-default.yml", "-d", str(site)],
                   cwd=root, check=True, capture_output=True)
    return site


def check_times(root: Path, runs: int) -> tuple[float, float]:
    """`portal check`, cold (no stored readings) and warm (the run before's kept), in seconds."""
    cmd = [sys.executable, "-m", "generator", "check", "--strict", "--today", TODAY]
    cold = timed(cmd, root, runs, before=lambda: shutil.rmtree(root / "build" / "cache", ignore_errors=True))
    timed(cmd, root, 1)  # stores what the next runs find
    return cold, timed(cmd, root, runs)


def conversion() -> None:
    """In an organisation's folder (`bench_build.py --conversion`): Python-Markdown alone over
    every text the check reads, each once (a page's body under its title, as the check reads
    it), with the extensions of mkdocs.yml, in CPU seconds of this one process; printed as JSON."""
    from generator.content.load import load
    from generator.content.markdown import titled
    from generator.content.model import texts
    from generator.engine.mkdocs import markdown_settings
    from generator.workers import cores

    content, _ = load(Path("content"))
    assert content is not None, "the organisation's content does not load"
    converter = markdown_settings(Path("mkdocs.yml"))[0].converter()
    sources = {(t.markdown, t.title) for t in texts(content)}
    started = time.process_time()
    for markdown, title in sources:
        converter.reset().convert(titled(markdown, title))
    print(json.dumps({"convert": time.process_time() - started, "cores": cores(), "texts": len(sources)}))


def check_floor(root: Path) -> dict:
    """The least a cold `portal check` of root can take on this machine, reading Markdown with
    the parser that renders it: the conversion of every text (CPU seconds in one process) shared
    out over the cores, as if nothing else had to be done (no start-up, no file read, no check)."""
    found = subprocess.run([sys.executable, __file__, "--conversion"], cwd=root, capture_output=True, text=True,
                           check=True)
    floor = json.loads(found.stdout)
    return {**floor, "floor": floor["convert"] / floor["cores"]}


def measure(name: str, root: Path, runs: int) -> dict:
    portal = [sys.executable, "-m", "generator"]
    check, check_warm = check_times(root, runs)
    floor = check_floor(root)
    build = timed([*portal, "build", "--strict", "--today", TODAY], root, runs)
    build_cold = timed([*portal, "build", "--strict", "--today", TODAY], root, runs,
                       before=lambda: shutil.rmtree(root / "build" / "cache", ignore_errors=True))
    serial = timed([*portal, "build", "--strict", "--today", TODAY, "--jobs", "1"], root, runs)
    memory = peak_memory([*portal, "build", "--strict", "--today", TODAY], root)
    mkdocs = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "build/mkdocs.yml", "-d", str(root / "site-mkdocs")],
                   root, runs)
    # Every language's generated tree, one plain MkDocs run each: what the portal builds in all.
    mkdocs_all = mkdocs + sum(
        timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(root / "site-mkdocs-lang")],
              root, runs) for config in sorted((root / "build" / "lang").glob("*/mkdocs.yml")))
    median, count, total = page_sizes(root / "site")
    row = {"name": name, "pages": count, "check": check, "check_warm": check_warm, "build": build, "build_cold": build_cold,
           "serial": serial, "memory": memory, "mkdocs": mkdocs, "mkdocs_all": mkdocs_all,
           "median_page": median, "site_bytes": total, "floor": floor}
    row["default_median_page"], _, row["default_site_bytes"] = page_sizes(material_default_site(root))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--check-pages", type=int, default=10000, help="a larger organisation, checked only")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--conversion", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.conversion:
        conversion()
        return

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample"
        shutil.copytree(ROOT / "content", sample / "content")
        shutil.copy(ROOT / "mkdocs.yml", sample / "mkdocs.yml")
        rows.append(measure("sample", sample, args.runs))
        # Same team size, ten times the teams: page weight must not follow the organisation.
        for pages in (args.pages // 10, args.pages):
            root = Path(tmp) / f"synthetic-{pages}"
            root.mkdir()
            shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
            teams = generate(root, pages=pages, seed=args.seed)
            rows.append(measure(f"synthetic ({teams} teams, seed {args.seed})", root, max(1, args.runs - 2)))
        root = Path(tmp) / f"synthetic-{args.check_pages}"
        root.mkdir()
        shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
        generate(root, pages=args.check_pages, seed=args.seed)
        large_check, large_warm = check_times(root, max(1, args.runs - 2))
        large_floor = check_floor(root)

    print("times in seconds; a warm run finds the Markdown readings an earlier run kept (build/cache), a cold one "
          "none; mkdocs: the original language's tree, all: every language's tree, one run each")
    print(f"{'content':30} {'pages':>6} {'check':>7} {'warm':>7} {'build':>7} {'cold':>7} {'--jobs 1':>8} {'mkdocs':>7} "
          f"{'all':>7} {'build/mkdocs':>12} {'cold/mkdocs':>11} {'build/all':>9} {'peak MB':>8}")
    for r in rows:
        print(f"{r['name']:30} {r['pages']:6d} {r['check']:7.2f} {r['check_warm']:7.2f} {r['build']:7.2f} "
              f"{r['build_cold']:7.2f} {r['serial']:8.2f} {r['mkdocs']:7.2f} {r['mkdocs_all']:7.2f} "
              f"{r['build'] / r['mkdocs']:12.2f} {r['build_cold'] / r['mkdocs']:11.2f} {r['build'] / r['mkdocs_all']:9.2f} "
              f"{r['memory'] / 2**20:8.0f}")
    print(f"\n{'content':30} {'median page':>12} {'site MB':>8} {'Material default page':>22} {'site MB':>8}")
    for r in rows:
        print(f"{r['name']:30} {r['median_page'] / 1024:9.1f} kB {r['site_bytes'] / 2**20:8.1f} "
              f"{r['default_median_page'] / 1024:19.1f} kB {r['default_site_bytes'] / 2**20:8.1f}")
    print(f"portal check of {args.check_pages} synthetic pages: {large_check:.2f} s cold, {large_warm:.2f} s warm")
    print("\nthe floor under a cold check: Python-Markdown alone over every text, shared out over the cores")
    for name, pages, check, floor in [*((r["name"], r["pages"], r["check"], r["floor"]) for r in rows),
                                      (f"synthetic ({args.check_pages})", args.check_pages, large_check, large_floor)]:
        print(f"{name:30} {pages:6d} pages, {floor['texts']:6d} texts: "
              f"{floor['convert']:.2f} CPU s / {floor['cores']} cores = {floor['floor']:.2f} s; "
              f"cold check {check:.2f} s ({check / floor['floor']:.2f}x the floor)")
    sample_row, small, large = rows
    print(f"median page, {large['pages']} pages / sample ({sample_row['pages']}): "
          f"{large['median_page'] / sample_row['median_page']:.2f}x; "
          f"/ {small['pages']} pages of the same team size: {large['median_page'] / small['median_page']:.2f}x "
          f"(Material default: {large['default_median_page'] / small['default_median_page']:.2f}x)")
    print(f"median page at {large['pages']} pages, portal / Material default: "
          f"{large['median_page'] / large['default_median_page']:.3f}")


if __name__ == "__main__":
    main()
