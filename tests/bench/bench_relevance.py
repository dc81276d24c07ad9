"""Benchmark: how often each search engine puts the answer first and in the first three, on the
relevance suite (tests/fixtures/relevance/suite.yml), on the sample organisation's pages.

    python3 tests/bench/bench_relevance.py [--portal-code DIR] [--misses]

- portal: the sample built with `portal build`, queried in headless Chromium through the page's
  own search (window.portalSearch, what the search box shows; `portal search` ranks the same).
- Material: the same generated docs tree built with Material's templates and its built-in search
  plugin (lunr, as Material configures it), queried through Material's own search worker with its
  search_index.json: the results it ranks, best score first, at page and section level.
- Pagefind (`pip install "pagefind[extended]"`, the same binary as its npm package): indexing the
  portal's built pages, queried through its JS API; each page's sub-results (sections) in order of
  their matched words' weight, the page's own heading standing for the page.

Each engine's first ten results are read. Prints hit@1, hit@3 and MRR for the whole suite, the
queries written blind and the others. --portal-code builds the portal with another checkout's
generator (e.g. the main branch, for a before/after on the same content and suite); --misses lists
the queries whose answer is not in an engine's first three.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench_search import CHROMIUM_ARGS, TODAY, material_site, serve
from relevance import DEPTH, Case, first_answer, load, measures

ROOT = Path(__file__).resolve().parents[2]

# Each script takes [queries, depth] and returns each query's first `depth` result URLs.
PORTAL = """async ([queries, depth]) => {
    const out = [];
    for (const q of queries) {
        const found = await portalSearch(q, { limit: depth });
        out.push(await Promise.all(found.hits.map(async (hit) => (await hit.data()).u)));
    }
    return out;
}"""

# Material's search worker: SETUP (0) with its search_index.json and the options its search box
# gives (no suggestions, the default), READY (1), then QUERY (2) and RESULT (3) with the results
# grouped by page, each with its score. A group's page is added with score 0 when only its
# sections matched: that is not a result.
MATERIAL = """async ([queries, depth, worker]) => {
    const index = await (await fetch('search/search_index.json')).json();
    const search = new Worker(worker);
    const ask = (message) => new Promise((resolve) => {
        search.onmessage = (event) => resolve(event.data);
        search.postMessage(message);
    });
    await ask({ type: 0, data: { ...index, options: { suggest: false } } });
    const out = [];
    for (const q of queries) {
        const { data } = await ask({ type: 2, data: q });
        const items = data.items.flat().filter((item) => item.score > 0).sort((a, b) => b.score - a.score);
        out.push(items.slice(0, depth).map((item) => item.location));
    }
    return out;
}"""

PAGEFIND = """async ([queries, depth]) => {
    const pagefind = await import('/pagefind/pagefind.js');
    const weight = (sub) => (sub.weighted_locations || []).reduce((sum, w) => sum + (w.balanced_score ?? w.weight), 0);
    // The page's own heading (h1) is the page.
    const page = (data, url) => (data.anchors || []).some((a) => a.element === 'h1' && url.endsWith('#' + a.id)) ? data.url : url;
    const out = [];
    for (const q of queries) {
        const found = await pagefind.search(q);
        const urls = [];
        for (const result of found.results.slice(0, depth)) {
            const data = await result.data();
            const subs = [...(data.sub_results || [])].sort((a, b) => weight(b) - weight(a));
            for (const sub of subs.length ? subs : [data]) {
                const url = page(data, sub.url);
                if (!urls.includes(url)) urls.push(url);
            }
            if (urls.length >= depth) break;
        }
        out.push(urls.slice(0, depth).map((u) => u.replace(/^\\//, '')));
    }
    return out;
}"""


def run(cmd: list[str], cwd: Path, env: dict | None = None) -> None:
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"{' '.join(cmd)} failed:\n{result.stdout}{result.stderr}")


def rankings(browser, site: Path, script: str, argument, page_path: str = "") -> list[list[str]]:
    server, url = serve(site)
    try:
        page = browser.new_page()
        page.goto(f"{url}/{page_path}", wait_until="load")
        found = page.evaluate(script, argument)
        page.close()
        return found
    finally:
        server.shutdown()


def report(name: str, cases: list[Case], ranked: list[list[str]], misses: bool) -> dict:
    ranks = [first_answer(c, r) for c, r in zip(cases, ranked, strict=True)]
    row = {"all": measures(ranks),
           "blind": measures([r for c, r in zip(cases, ranks, strict=True) if c.source == "blind"]),
           "seen": measures([r for c, r in zip(cases, ranks, strict=True) if c.source == "seen"])}
    print(f"{name:10}" + "".join(f"  {row[part]['hit@1']:6.3f} {row[part]['hit@3']:6.3f} {row[part]['mrr']:6.3f}"
                                 for part in ("all", "blind", "seen")), flush=True)
    if misses:
        for c, r, got in zip(cases, ranks, ranked, strict=True):
            if r is None or r > 3:
                print(f"    miss ({c.source}) {c.query!r}: answer at {r}; first three {got[:3]}")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--portal-code", type=Path, default=ROOT, help="the checkout whose generator builds the portal")
    parser.add_argument("--misses", action="store_true", help="list each engine's misses")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    cases = load()
    queries = [c.query for c in cases]
    env = {**os.environ, "PYTHONPATH": str(args.portal_code.resolve())}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        root = Path(tmp)
        shutil.copytree(ROOT / "content", root / "content")
        shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
        run([sys.executable, "-m", "generator", "build", "--today", TODAY], root, env)
        material, _ = material_site(root)
        worker = next((material / "assets/javascripts/workers").glob("search.*.min.js")).name
        run([sys.executable, "-m", "pagefind", "--site", "site"], root)
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        print(f"{len(cases)} queries ({sum(c.source == 'blind' for c in cases)} written blind); "
              f"portal built by {args.portal_code.resolve()}")
        print(f"{'engine':10}  {'all: hit@1  hit@3    MRR':24}  {'blind: hit@1 hit@3   MRR':24}  {'seen: hit@1 hit@3    MRR':24}")
        rows = {
            "portal": report("portal", cases, rankings(browser, root / "site", PORTAL, [queries, DEPTH]), args.misses),
            "material": report("material", cases, rankings(browser, material, MATERIAL,
                                                           [queries, DEPTH, f"assets/javascripts/workers/{worker}"]), args.misses),
            "pagefind": report("pagefind", cases, rankings(browser, root / "site", PAGEFIND, [queries, DEPTH]), args.misses),
        }
        browser.close()
    for other in ("material", "pagefind"):
        print(f"portal / {other}: hit@3 {rows['portal']['all']['hit@3'] / max(rows[other]['all']['hit@3'], 1e-9):.2f}x, "
              f"MRR {rows['portal']['all']['mrr'] / max(rows[other]['all']['mrr'], 1e-9):.2f}x")


if __name__ == "__main__":
    main()
