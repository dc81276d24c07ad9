"""Benchmark: importing a handbook and building the portal, against MkDocs building the same
handbook as it is, in one run.

    python3 tests/bench/bench_import.py [--pages 1000] [--seed 7]

A seeded synthetic MkDocs handbook (docs/ with 20 top-level folders, nested folders, front
matter, three sections per page, links to other pages and their headings, admonitions, an
image on every tenth page) is
- imported with `portal import` (wall time, as a user runs it),
- built with `portal build` (the whole portal: check, pages, search index and export),
- built as it is with `mkdocs build` and Material, the alternative a team has today;
and the figures are printed with their ratios. Each command runs in its own process.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import vocabulary

ROOT = Path(__file__).resolve().parents[2]
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478"
                    "9c63f8ffff3f0005fe02fea73581840000000049454e44ae426082")


def handbook(root: Path, pages: int, seed: int) -> list[str]:
    """Write the handbook; its page paths."""
    rng = random.Random(seed)
    words, weights = vocabulary(rng)

    def sentence(n: int = 12) -> str:
        return " ".join(rng.choices(words, weights, k=n)).capitalize() + "."

    docs = root / "docs"
    folders = [f"team-{n:02d}" for n in range(20)]
    paths = []
    for n in range(pages):
        folder = folders[n % len(folders)]
        sub = f"/topic-{n % 3}" if n % 4 == 0 else ""
        paths.append(f"{folder}{sub}/page-{n:04d}.md")
    for folder in folders:
        paths.append(f"{folder}/index.md")
    headings = ["Before you start", "Steps", "Questions"]
    for n, path in enumerate(paths):
        file = docs / path
        file.parent.mkdir(parents=True, exist_ok=True)
        links = []
        for other in rng.sample(paths, 3):
            rel = Path(other).relative_to(Path(path).parent) if other.startswith(str(Path(path).parent) + "/") \
                else Path("../" * path.count("/") + other)
            anchor = "#" + rng.choice(headings).lower().replace(" ", "-") if not other.endswith("index.md") else ""
            links.append(f"[{sentence(3)[:-1]}]({rel.as_posix()}{anchor})")
        body = [f"---\ntitle: {sentence(4)[:-1]}\ndescription: {sentence(10)}\ntags: [{', '.join(rng.choices(words, k=3))}]\n---", ""]
        if path.endswith("index.md"):
            body += [sentence(20), ""]
        else:
            for heading in headings:
                body += [f"## {heading}", "", " ".join(sentence() for _ in range(5)), ""]
            body += ['!!! note "Remember"', f"    {sentence()}", "", "See " + ", ".join(links) + ".", ""]
            if n % 10 == 0:
                image = file.parent / f"diagram-{n}.png"
                image.write_bytes(PNG)
                body += [f"![Diagram]({image.name})", ""]
        file.write_text("\n".join(body), encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: Synthetic handbook\ntheme:\n  name: material\n"
                                     "markdown_extensions:\n  - admonition\n  - attr_list\n", encoding="utf-8")
    return paths


def timed(args: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source, portal_root = Path(tmp) / "handbook", Path(tmp) / "portal"
        paths = handbook(source, args.pages, args.seed)
        portal_root.mkdir()
        shutil.copy(ROOT / "mkdocs.yml", portal_root / "mkdocs.yml")
        python = [sys.executable, "-m", "generator"]
        imported = timed([*python, "import", str(source)], portal_root)
        report = json.loads((portal_root / "import-report.json").read_text(encoding="utf-8"))
        built = timed([*python, "build"], portal_root)
        mkdocs = timed([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(Path(tmp) / "mkdocs-site")],
                       source)
        print(f"handbook: {len(paths)} pages, {sum(1 for p in paths if not p.endswith('index.md')) // 10} images "
              f"(seed {args.seed})")
        print(f"imported: {len(report['pages'])} pages into {len(report['teams'])} teams, {len(report['files'])} files, "
              f"{len(report['unresolved_links'])} links leading nowhere")
        print()
        print(f"{'step':<46}{'seconds':>9}{'vs mkdocs build':>17}")
        for name, seconds in (("portal import", imported), ("portal build (pages, search index, export)", built),
                              ("portal import + portal build", imported + built),
                              ("mkdocs build of the handbook as it is", mkdocs)):
            print(f"{name:<46}{seconds:>9.2f}{seconds / mkdocs:>16.2f}x")


if __name__ == "__main__":
    main()
