"""Screenshots of the portal's main views, for a person to look at (a script, not a test: pytest
collects test_*.py only).

    python3 tests/screenshots.py OUT [--site DIR] [--languages en fa] [--widths 390 1280]

Builds the sample organisation (or takes a built site with --site), serves it on loopback and
writes one PNG per view, width, palette and language into OUT, named
<language>-<view>-<width>-<light|dark>.png: the whole page, or what the window shows where the
view is an open search box. Light and dark are the reader's system setting, which the portal's
palette follows. The views are tests/portal_views.py's; OUT is not part of the repository.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository's own code
sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import CHROMIUM, ROOT, TODAY, serve_directory
from portal_views import SCHEMES, VIEWS, settled, visit

BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def build_sample(into: Path) -> Path:
    shutil.copytree(ROOT / "content", into / "content")
    shutil.copy(ROOT / "mkdocs.yml", into / "mkdocs.yml")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--today", TODAY], cwd=into, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"the sample did not build:\n{result.stdout}{result.stderr}")
    return into / "site"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="the folder for the PNG files (created if missing)")
    parser.add_argument("--site", type=Path, help="a built site (default: build the sample)")
    parser.add_argument("--languages", nargs="+", default=["en", "fa"])
    parser.add_argument("--widths", nargs="+", type=int, default=[390, 1280])
    args = parser.parse_args()
    if not CHROMIUM:
        raise SystemExit("needs Chromium (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    started, written = time.perf_counter(), 0
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        site = args.site or build_sample(Path(scratch))
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        with serve_directory(site) as url:
            for width in args.widths:
                for system, scheme in SCHEMES.items():
                    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=system)
                    page = context.new_page()
                    for lang in args.languages:
                        for view in VIEWS:
                            visit(page, view, url, lang)
                            settled(page, scheme)
                            if view.act:
                                view.act(page)
                                settled(page, scheme)
                            page.screenshot(path=args.out / f"{lang}-{view.name}-{width}-{system}.png",
                                            full_page=view.whole_page)
                            written += 1
                    context.close()
        browser.close()
    print(f"{written} screenshots in {args.out} ({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
