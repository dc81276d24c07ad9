"""Benchmark: Lighthouse's accessibility and best-practices scores of the built sample.

    python3 tests/bench/bench_lighthouse.py [--site DIR] [--tools DIR] [--desktop] [--dark]

Builds the sample organisation (or takes a built site with --site), serves it on loopback and
runs Lighthouse (the npm package, at the version pinned below, installed with npm into --tools,
a temporary folder unless given) in the system's headless Chromium on the home page, a team's
page, a procedure (SOP) and the search box open with results. The pages go through the
`lighthouse` command; the search view through Lighthouse's Node API in snapshot mode (the
command cannot type a query), in the same Chromium driven by puppeteer-core, which Lighthouse
brings. Prints each view's two scores and every audit that costs points. The goal is 98 or more
for each.

Lighthouse's default is a phone (412 px, throttled); --desktop uses its desktop preset. --dark
starts Chromium with a dark system setting (--force-dark-mode), so the portal shows its dark palette.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# The repository's own code and the tests' helpers, wherever the command is run from.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import ROOT, TODAY, serve_directory

LIGHTHOUSE = "12.8.2"  # the newest release that runs on Node.js 20 (13 needs 22)
CATEGORIES = ["accessibility", "best-practices"]
GOAL = 98
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = {"home": "", "team": "teams/it/", "procedure (SOP)": "teams/hr/sops/onboard-a-new-hire/"}
SEARCH = ("search results", "", "vpn")

# The search view: open the page, type into the search box, and let Lighthouse take a snapshot.
SNAPSHOT_JS = """\
import puppeteer from "puppeteer-core";
import { desktopConfig, snapshot } from "lighthouse";

const [url, query, chromium, flags, desktop, categories] = process.argv.slice(2);
const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: JSON.parse(flags) });
const page = await browser.newPage();
const isDesktop = desktop === "1";
await page.setViewport(isDesktop ? { width: 1350, height: 940 } : { width: 412, height: 823, isMobile: true, hasTouch: true, deviceScaleFactor: 1.75 });
await page.goto(url, { waitUntil: "networkidle0" });
await page.keyboard.press("/");
await page.keyboard.type(query);
await page.waitForSelector(".md-search-result__item", { visible: true });
await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"));
const config = isDesktop ? desktopConfig : { extends: "lighthouse:default" };
const flow = await snapshot(page, { config, flags: { onlyCategories: JSON.parse(categories) } });
const scheme = await page.evaluate(() => document.body.dataset.mdColorScheme);
process.stdout.write(JSON.stringify({ lhr: flow.lhr, scheme }));
await browser.close();
"""


def install(tools: Path) -> None:
    if (tools / "node_modules" / "lighthouse" / "package.json").is_file():
        return
    tools.mkdir(parents=True, exist_ok=True)
    (tools / "package.json").write_text(json.dumps({"private": True, "type": "module"}))
    subprocess.run(["npm", "install", "--no-save", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error",
                    f"lighthouse@{LIGHTHOUSE}"], cwd=tools, check=True)


def run_cli(tools: Path, chromium: str, flags: list[str], url: str, desktop: bool) -> dict:
    cli = tools / "node_modules" / "lighthouse" / "cli" / "index.js"
    cmd = ["node", str(cli), url, f"--only-categories={','.join(CATEGORIES)}", "--output=json", "--output-path=stdout",
           f"--chrome-flags={' '.join(flags)}", "--no-enable-error-reporting", "--quiet"]
    if desktop:
        cmd.append("--preset=desktop")
    result = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": chromium})
    if result.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr}")
    return json.loads(result.stdout)


def run_snapshot(tools: Path, chromium: str, flags: list[str], url: str, query: str, desktop: bool) -> tuple[dict, str]:
    """Lighthouse's report of the search view, and the palette the page showed (Material's scheme)."""
    script = tools / "snapshot.mjs"
    script.write_text(SNAPSHOT_JS)
    flags = [f for f in flags if not f.startswith("--headless")]  # puppeteer's own
    result = subprocess.run(["node", str(script), url, query, chromium, json.dumps(flags), "1" if desktop else "0",
                             json.dumps(CATEGORIES)],
                            cwd=tools, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"lighthouse (snapshot) failed on {url}:\n{result.stderr}")
    answer = json.loads(result.stdout)
    return answer["lhr"], answer["scheme"]


def losses(report: dict) -> list[str]:
    """Each audit that costs points: its category, id, score and what it found."""
    lines = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                items = (audit.get("details") or {}).get("items") or []
                where = [str((i.get("node") or {}).get("snippet") or i.get("url") or i.get("description") or "")[:110]
                         for i in items[:3]]
                lines.append(f"    {category['id']}: {audit['id']} ({audit['score']}): {audit['title']}")
                lines += [f"        {w}" for w in where if w]
    return lines


def build_sample(into: Path) -> Path:
    shutil.copytree(ROOT / "content", into / "content")
    shutil.copy(ROOT / "mkdocs.yml", into / "mkdocs.yml")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    subprocess.run([sys.executable, "-m", "generator", "build", "--today", TODAY], cwd=into, env=env, check=True,
                   capture_output=True)
    return into / "site"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="a built site (default: build the sample)")
    parser.add_argument("--tools", type=Path, help="where to install Lighthouse (default: a temporary folder)")
    parser.add_argument("--desktop", action="store_true", help="Lighthouse's desktop preset instead of a phone")
    parser.add_argument("--dark", action="store_true", help="a dark system setting: the portal's dark palette")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium or not shutil.which("npm"):
        raise SystemExit("needs chromium and npm (Debian: apt-get install chromium nodejs npm)")
    with tempfile.TemporaryDirectory() as scratch, contextlib.ExitStack() as stack:
        tools = args.tools or Path(scratch) / "tools"
        install(tools)
        site = args.site or build_sample(Path(scratch))
        url = stack.enter_context(serve_directory(site))
        flags = [*CHROMIUM_FLAGS, "--force-dark-mode"] if args.dark else CHROMIUM_FLAGS
        rows = []
        for name, path in PAGES.items():
            rows.append((name, run_cli(tools, chromium, flags, f"{url}/{path}", args.desktop)))
        name, path, query = SEARCH
        report, scheme = run_snapshot(tools, chromium, flags, f"{url}/{path}", query, args.desktop)
        rows.append((f"{name} ('{query}')", report))
    print(f"Lighthouse {LIGHTHOUSE}, {'desktop' if args.desktop else 'phone'}, {'dark' if args.dark else 'light'}; "
          f"goal {GOAL} or more; the search view showed Material's {scheme!r} scheme")
    print(f"{'view':<28}" + "".join(f"{c:>16}" for c in CATEGORIES))
    below = False
    for name, report in rows:
        scores = [round(100 * report["categories"][c]["score"]) for c in CATEGORIES]
        below |= any(s < GOAL for s in scores)
        print(f"{name:<28}" + "".join(f"{s:>16}" for s in scores))
        for line in losses(report):
            print(line)
    if below:
        print(f"below {GOAL}: see the audits above")


if __name__ == "__main__":
    main()
