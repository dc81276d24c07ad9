"""Benchmark: the portal's search against Material's built-in search and Pagefind, in one run.

    python3 tests/bench/bench_search.py [--pages 2000 10000] [--seed 7] [--index-only]

On seeded synthetic organisations (tests/bench/synthetic.py), for each engine on the same pages:
- bytes the browser downloads for search from page load until the first result is shown,
  for one-word and three-word queries, and the time to that first result, timed by the page's
  own clock, in headless Chromium (a fresh browser context each time: nothing cached): from the
  page's load event, the engine loaded and the query asked at once (a link with the query in
  it), and on a settled page, only the query, asked a second after the engine was loaded at the
  load event (a reader typing; Pagefind's module and init() loaded then); for the portal and Pagefind the
  medians over --queries queries of each kind (the first the historical pair, the others drawn
  from the synthetic vocabulary's frequency bands), each run --runs times in turns, with the
  load average beside them (the machine may be shared); --files lists what the first query of
  each kind fetches, file by file; --server nginx serves the sites with nginx over HTTP/2 and TLS
  (Debian's nginx and openssl) instead of Python's HTTP/1.0 server, which opens a connection for
  each request; the protocol the browser used is printed;
- index build time (the site's search files, as a build makes them; and the Whoosh index
  `portal search` makes besides) and index size on disk;
- `portal search` latency: the command's wall time and the search itself in-process.

Material: the same generated docs tree built with Material's own templates and search plugin
(its whole search_index.json is what its search downloads). Pagefind: PyPI `pagefind` (its
bundled binary) indexing the portal's built site, queried through its JS API as documented.
"""

from __future__ import annotations

import argparse
import functools
import getpass
import gzip
import http.server
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate, vocabulary

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-22"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def files_in(path: Path) -> int:
    return sum(1 for p in path.rglob("*") if p.is_file())


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, env=env)
    return time.perf_counter() - started


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """A static server as sites are hosted (GitHub Pages, nginx's gzip, a CDN): text files gzipped
    on the way when the browser accepts it, for every engine alike; files stored compressed
    (the portal's .json.gz, Pagefind's .pf_* and its wasm) go as they are."""

    COMPRESSED_TYPES = (".js", ".mjs", ".css", ".json", ".html", ".svg", ".txt", ".xml")

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if (not path.is_file() or not path.name.endswith(self.COMPRESSED_TYPES)
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


# nginx serving a static site over HTTP/2 and TLS: one connection carries every request (HTTP/1
# has six at once, and Python's server a new one for each), text files gzipped on the way as
# _Quiet does, files stored compressed as they are.
NGINX_CONF = """
daemon on; worker_processes 1; pid {work}/nginx.pid; error_log {work}/error.log; user {user};
events {{ worker_connections 512; }}
http {{
  include /etc/nginx/mime.types; access_log off; sendfile on; tcp_nodelay on;
  gzip on; gzip_comp_level 6; gzip_types application/javascript text/css application/json image/svg+xml text/plain
  application/xml;
  client_body_temp_path {work}; proxy_temp_path {work}; fastcgi_temp_path {work}; uwsgi_temp_path {work};
  scgi_temp_path {work};
  server {{ listen 127.0.0.1:{port} ssl http2; ssl_certificate {work}/cert.pem; ssl_certificate_key {work}/key.pem;
           root {root}; index index.html; }}
}}
"""


class _Nginx:
    """directory served by nginx (NGINX_CONF), with a self-signed certificate the browser is
    launched to accept (--ignore-certificate-errors)."""

    def __init__(self, directory: Path):
        self.nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(self.nginx).exists() or not shutil.which("openssl"):
            raise SystemExit("--server nginx needs nginx and openssl (Debian: apt-get install nginx openssl)")
        self.work = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
        self.conf = self.work / "nginx.conf"
        try:
            self._run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                      "-keyout", str(self.work / "key.pem"), "-out", str(self.work / "cert.pem"))
            # A free port, found by binding one and letting it go: nginx cannot be given port 0.
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                self.port = probe.getsockname()[1]
            # Its worker runs as this user (as root, nginx would take another), who can read the site.
            self.conf.write_text(NGINX_CONF.format(work=self.work, port=self.port, root=directory.resolve(),
                                                   user=getpass.getuser()))
            self._run(self.nginx, "-c", str(self.conf), "-e", str(self.work / "error.log"))
        except BaseException:
            shutil.rmtree(self.work, ignore_errors=True)
            raise

    def _run(self, *command: str) -> None:
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            log = self.work / "error.log"
            raise SystemExit(f"{' '.join(command)} failed: {result.stderr}"
                             + (log.read_text() if log.exists() else ""))

    def shutdown(self) -> None:
        """Stop nginx, wait until it has gone (it removes its pid file), and remove its folder."""
        subprocess.run([self.nginx, "-c", str(self.conf), "-e", str(self.work / "error.log"), "-s", "stop"],
                       capture_output=True)
        for _ in range(100):
            if not (self.work / "nginx.pid").exists():
                break
            time.sleep(0.05)
        shutil.rmtree(self.work, ignore_errors=True)


def serve(directory: Path, server: str = "python"):
    """directory served on a port of its own: (something to shutdown(), its address)."""
    if server == "nginx":
        nginx = _Nginx(directory)
        return nginx, f"https://127.0.0.1:{nginx.port}"
    python = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=python.serve_forever, daemon=True).start()
    return python, f"http://127.0.0.1:{python.server_address[1]}"


# Each engine's JS API as a page uses it: what loads the engine (Pagefind's module and its
# init(); the portal's search.js is in every page already), then one query up to the first
# result's data.
ENGINE_JS = {
    "pagefind": ("async () => { window.__pagefind = await import('/pagefind/pagefind.js'); await window.__pagefind.init(); }",
                 "async (q) => { const found = await window.__pagefind.search(q); await found.results[0].data(); }"),
    "portal": ("async () => {}",
               "async (q) => { const found = await portalSearch(q); await found.hits[0].data(); }"),
}
# Run in the page from its load event (an init script), timed by the page's own clock, so no
# round trip of the driver's is counted. At load: the engine loaded and the query asked at
# once, as a link with the query in it does. Settled: the engine loaded at the load event,
# untimed, and the query asked a second later, as a reader typing does; only the query is timed.
# The driver awaits the result once (page.evaluate of the promise): waiting by polling would run
# the driver's own script in the page, on the main thread the search needs.
TIMED_QUERY = """([q, prepare, query, settle]) => {
    window.__searched = new Promise((resolve, reject) => addEventListener('load', () => {
        const [ready, ask] = [(0, eval)(prepare), (0, eval)(query)];
        const timed = async (work) => { const started = performance.now(); await work(); return performance.now() - started; };
        const done = settle === null
            ? timed(async () => { await ready(); await ask(q); })
            : ready().then(() => new Promise((wake) => setTimeout(wake, settle))).then(() => timed(() => ask(q)));
        done.then(resolve, (error) => reject(String(error)));
    }));
}"""
SETTLE_MS = 1000


def measure_in_browser(browser, url: str, query: str, engine: str, search_url: re.Pattern,
                       files: list | None = None, settled: bool = False) -> tuple[int, float]:
    """(search bytes downloaded until the first result's data is there, seconds the query took).

    Pagefind and the portal through their JS APIs (ENGINE_JS), timed in the page from its load
    event, or only the query on a settled page (TIMED_QUERY); Material, which has no API,
    through its search box (typing, then its first result, timed from here). files, if given,
    gets each search file's (path, gzipped bytes)."""
    context = browser.new_context()
    page = context.new_page()
    sizes: list[int] = []

    def finished(request) -> None:
        if search_url.search(request.url):
            sizes.append(request.sizes()["responseBodySize"])
            if files is not None:
                files.append((request.url.split("/", 3)[-1], sizes[-1]))

    page.on("requestfinished", finished)
    if engine in ENGINE_JS:
        arguments = [query, *ENGINE_JS[engine], SETTLE_MS if settled else None]
        page.add_init_script(f"({TIMED_QUERY})({json.dumps(arguments)})")
        page.goto(url, wait_until="load", timeout=600_000)
        try:
            seconds = page.evaluate("window.__searched") / 1000
        except Exception as error:
            raise RuntimeError(f"{engine} '{query}': {error}") from error
    else:
        page.goto(url, wait_until="load", timeout=600_000)
        started = time.perf_counter()
        page.fill(".md-search__input", query)
        page.wait_for_selector(".md-search-result__item", timeout=600_000)
        seconds = time.perf_counter() - started
    page.wait_for_timeout(200)  # let the last responses of the first result be counted
    context.close()
    return sum(sizes), seconds


def queries(seed: int, n: int) -> tuple[list[str], list[str]]:
    """n one-word and n three-word queries from the synthetic vocabulary: the first of each the
    benchmark's historical pair, the others drawn (seeded) from its frequency bands, each word
    one the content holds."""
    words, _ = vocabulary(random.Random(seed))
    rng = random.Random(seed + 1)
    one = [words[30], *(words[rng.randrange(5, 300)] for _ in range(n - 1))]
    three = [f"{words[10]} {words[100]} {words[1000]}",
             *(f"{words[rng.randrange(0, 50)]} {words[rng.randrange(50, 500)]} {words[rng.randrange(500, 1500)]}"
               for _ in range(n - 1))]
    return one, three


def measure_queries(browser, url: str, engine: str, search_url: re.Pattern, row: dict, prefix: str,
                    batch: tuple[list[str], list[str]], runs: int) -> None:
    """Each query `runs` times at load and `runs` times on a settled page, in turns (so a burst
    of load on the machine spreads over all); the row gets the medians, bytes and seconds, of
    the one-word and the three-word queries."""
    for label, chosen in zip(("one", "three"), batch, strict=True):
        sizes, seconds, settled = [], [], []
        for _ in range(runs):
            for query in chosen:
                size, took = measure_in_browser(browser, url, query, engine, search_url)
                sizes.append(size)
                seconds.append(took)
                settled.append(measure_in_browser(browser, url, query, engine, search_url, settled=True)[1])
        row[f"{prefix}_{label}_bytes"] = statistics.median(sizes)
        row[f"{prefix}_{label}_s"] = statistics.median(seconds)
        row[f"{prefix}_{label}_spread"] = (min(seconds), max(seconds))
        row[f"{prefix}_{label}_settled_s"] = statistics.median(settled)


def protocol(browser, url: str) -> str:
    """The protocol the browser used for url's page (h2, http/1.0, ...), as it reports it."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="load")
    used = page.evaluate("performance.getEntriesByType('navigation')[0].nextHopProtocol")
    context.close()
    return used


def measure_search_box(browser, url: str, query: str) -> float:
    """Seconds from page load until the search box shows its first result, timed in the page
    (typing the query at once, as a paste), for the engines with a search box."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="load", timeout=600_000)
    ms = page.evaluate("""async (q) => {
        const started = performance.now();
        const input = document.querySelector('.md-search__input');
        input.focus();
        input.value = q;
        for (const type of ['input', 'keyup']) input.dispatchEvent(new Event(type, { bubbles: true }));
        await new Promise((resolve) => {
            const check = () => document.querySelector('.md-search-result__item') ? resolve() : setTimeout(check, 5);
            check();
        });
        return performance.now() - started;
    }""", query)
    context.close()
    return ms / 1000


def material_site(root: Path) -> tuple[Path, float]:
    """The generated docs tree with Material's templates and its search indexing every page."""
    docs = root / "material-docs"
    shutil.copytree(root / "build/docs", docs)
    for md in docs.rglob("*.md"):
        text = md.read_text()
        md.write_text(text.replace("search:\n  exclude: true\n", "", 1))
    config = yaml.safe_load((root / "build/mkdocs.yml").read_text())
    config["docs_dir"] = str(docs)
    # Pruned navigation keeps 10,000 pages from writing gigabytes; the search index is the same.
    config["theme"] = {"name": "material", "font": False,
                       "features": ["navigation.tabs", "navigation.indexes", "navigation.prune"]}
    (root / "material.yml").write_text(yaml.safe_dump(config))
    site = root / "site-material"
    seconds = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "material.yml", "-d", str(site)], root)
    return site, seconds


# Indexing as the portal's build does it (index_content without the index `portal search` reads:
# counting, impacts, the search files), timed in-process after phase one; then what `portal
# search` makes besides (Whoosh's index, the lexicon), each as the seconds of wall time and of
# processor time (this process and any child).
INDEX_TIMES = """
import json, os, shutil, sys, time
from datetime import date
from pathlib import Path
from generator.pipeline import Options, check_content, index_content
o = Options(today=date(2026, 11, 22))
c = check_content(o).content
found = {}
for label, searchable in (("site", False), ("search_command", True)):
    shutil.rmtree("search-export", ignore_errors=True)
    cpu, wall = os.times(), time.perf_counter()
    index_content(c, o, export_into=None if searchable else Path("search-export"), searchable=searchable)
    after = os.times()
    found[label] = [time.perf_counter() - wall, sum(after[:4]) - sum(cpu[:4])]
print(json.dumps(found))
"""


def index_times(root: Path, row: dict) -> None:
    found = json.loads(subprocess.run([sys.executable, "-c", INDEX_TIMES], cwd=root, check=True,
                                      capture_output=True, text=True).stdout)
    row["portal_index_s"], row["portal_index_cpu_s"] = found["site"]
    row["portal_whoosh_s"], row["portal_whoosh_cpu_s"] = found["search_command"]


def pagefind_times(root: Path, row: dict) -> None:
    shutil.rmtree(root / "site/pagefind", ignore_errors=True)
    before, wall = os.times(), time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", "site"], cwd=root, check=True, capture_output=True)
    after = os.times()
    row["pagefind_index_s"] = time.perf_counter() - wall
    row["pagefind_index_cpu_s"] = sum(after[:4]) - sum(before[:4])


def index_only(pages: int, seed: int, tmp: Path) -> None:
    """Indexing alone, the portal's beside Pagefind's on the same pages (a site is built once,
    for Pagefind to read), in turns, with the load average beside the figures."""
    root = tmp / f"org-{pages}"
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    generate(root, pages=pages, seed=seed)
    subprocess.run([sys.executable, "-m", "generator", "build", "--today", TODAY], cwd=root, check=True,
                   capture_output=True)
    print(f"\n{pages} pages: seconds, wall / processor (load average before each)")
    for turn in range(2):
        row: dict = {}
        load = os.getloadavg()[0]
        index_times(root, row)
        load_pagefind = os.getloadavg()[0]
        pagefind_times(root, row)
        print(f"turn {turn + 1}: portal {row['portal_index_s']:.1f} / {row['portal_index_cpu_s']:.1f} "
              f"(load {load:.1f}); Pagefind {row['pagefind_index_s']:.1f} / {row['pagefind_index_cpu_s']:.1f} "
              f"(load {load_pagefind:.1f}); portal / Pagefind wall {row['portal_index_s'] / row['pagefind_index_s']:.2f}; "
              f"`portal search`'s Whoosh index and lexicon {row['portal_whoosh_s']:.1f} / {row['portal_whoosh_cpu_s']:.1f}",
              flush=True)


def run(pages: int, seed: int, browser, tmp: Path, before: Path | None = None, n_queries: int = 4, runs: int = 3,
        show_files: bool = False, server: str = "python") -> dict:
    root = tmp / f"org-{pages}"
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    teams = generate(root, pages=pages, seed=seed)
    batch = queries(seed, n_queries)
    one_word, three_words = batch[0][0], batch[1][0]
    row: dict = {"pages": pages, "teams": teams, "one": one_word, "three": three_words, "batch": batch, "runs": runs,
                 "server": server}

    # The portal: build (MkDocs and the search export), then the search export on its own.
    row["portal_build"] = timed([sys.executable, "-m", "generator", "build", "--today", TODAY], root)
    index_times(root, row)
    row["portal_index_bytes"] = size_of(root / "site/search/portal")
    row["portal_files"] = files_in(root / "site/search/portal")
    row["portal_whoosh_bytes"] = size_of(root / "build/search")

    material, row["material_build_s"] = material_site(root)
    row["material_index_bytes"] = size_of(material / "search")
    row["pagefind_index_s"] = timed([sys.executable, "-m", "pagefind", "--site", "site"], root)
    row["pagefind_index_bytes"] = size_of(root / "site/pagefind")
    row["pagefind_files"] = files_in(root / "site/pagefind")
    row["material_files"] = files_in(material / "search")

    engines = {
        "portal": (root / "site", re.compile(r"/search/portal/|portal-search(-core)?\.js|/snowball/")),
        "material": (material, re.compile(r"/search/|workers/search")),
        "pagefind": (root / "site", re.compile(r"/pagefind/")),
    }
    for engine, (site, pattern) in engines.items():
        host, url = serve(site, server)
        try:
            if "protocol" not in row:  # every engine's site is served alike: asked once
                row["protocol"] = protocol(browser, f"{url}/teams/team-001/")
            row[f"{engine}_load"] = os.getloadavg()[0]
            if engine == "material":  # its search box alone, the historical pair once
                for label, query in (("one", one_word), ("three", three_words)):
                    row[f"{engine}_{label}_bytes"], row[f"{engine}_{label}_s"] = measure_in_browser(
                        browser, f"{url}/teams/team-001/", query, engine, pattern)
            else:
                measure_queries(browser, f"{url}/teams/team-001/", engine, pattern, row, engine, batch, runs)
            if show_files:
                for label, query in (("one", one_word), ("three", three_words)):
                    files: list = []
                    measure_in_browser(browser, f"{url}/teams/team-001/", query, engine, pattern, files)
                    row[f"{engine}_{label}_files"] = files
            if engine != "pagefind":
                for label, query in (("one", one_word), ("three", three_words)):
                    row[f"{engine}_{label}_box_s"] = measure_search_box(browser, f"{url}/teams/team-001/", query)
        finally:
            host.shutdown()

    if before is not None:
        # The same content built by another checkout's generator (say, main's), its portal
        # search measured the same way, so both read side by side against the same Pagefind.
        other = tmp / f"org-{pages}-before"
        shutil.copytree(root / "content", other / "content")
        shutil.copy(ROOT / "mkdocs.yml", other / "mkdocs.yml")
        env = {**os.environ, "PYTHONPATH": str(before)}
        timed([sys.executable, "-m", "generator", "build", "--today", TODAY], other, env)
        row["before_files"] = files_in(other / "site/search/portal")
        host, url = serve(other / "site", server)
        try:
            row["before_load"] = os.getloadavg()[0]
            measure_queries(browser, f"{url}/teams/team-001/", "portal", engines["portal"][1], row, "before", batch, runs)
            if show_files:
                for label, query in (("one", one_word), ("three", three_words)):
                    files = []
                    measure_in_browser(browser, f"{url}/teams/team-001/", query, "portal", engines["portal"][1], files)
                    row[f"before_{label}_files"] = files
        finally:
            host.shutdown()

    cli = [timed([sys.executable, "-m", "generator", "search", one_word, "--json"], root) for _ in range(5)]
    row["cli_s"] = statistics.median(cli)
    inproc = subprocess.run([sys.executable, "-c", (
        "import time, statistics; from pathlib import Path; from generator.search.rank import load_lexicon, search;"
        "lex = load_lexicon(Path('build/search/lexicon.json')); t = [];"
        f"queries = [{one_word!r}, {three_words!r}] * 10\n"
        "for q in queries:\n"
        "    s = time.perf_counter(); search(Path('build/search/index'), lex, q); t.append(time.perf_counter() - s)\n"
        "print(statistics.median(t))")], cwd=root, check=True, capture_output=True, text=True)
    row["search_s"] = float(inproc.stdout.strip())
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--before", type=Path, help="another checkout (say, a worktree of main) whose portal search "
                        "is measured beside this one's on the same content")
    parser.add_argument("--queries", type=int, default=4, help="queries of each kind (one word, three words)")
    parser.add_argument("--runs", type=int, default=3, help="times each query is run; figures are medians")
    parser.add_argument("--files", action="store_true", help="list the files the first query of each kind fetches")
    parser.add_argument("--server", choices=("python", "nginx"), default="python",
                        help="what serves the sites: Python's HTTP/1.0 server, or nginx over HTTP/2 and TLS")
    parser.add_argument("--index-only", action="store_true",
                        help="time indexing alone, the portal's and Pagefind's, without a browser")
    args = parser.parse_args()
    if args.index_only:
        with tempfile.TemporaryDirectory() as tmp:
            for pages in args.pages:
                index_only(pages, args.seed, Path(tmp))
        return
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        extra = ["--ignore-certificate-errors"] if args.server == "nginx" else []
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS + extra)
        for pages in args.pages:
            rows.append(run(pages, args.seed, browser, Path(tmp), args.before, args.queries, args.runs, args.files,
                            args.server))
            print_row(rows[-1], flush=True)
        browser.close()


def print_row(r: dict, flush: bool = False) -> None:
    kb = 1024
    print(f"\n{r['pages']} pages ({r['teams']} teams, served by {r['server']} over {r['protocol']}); "
          f"one word: {r['batch'][0]}, three words: {r['batch'][1]}")
    print(f"portal and Pagefind: medians over {len(r['batch'][0])} queries of each kind x {r['runs']} runs, timed in the "
          f"page from its load event (and on a settled page, below); load average before: portal {r['portal_load']:.1f}, Pagefind {r['pagefind_load']:.1f}"
          + (f", before {r['before_load']:.1f}" if "before_load" in r else ""))
    for engine in ("portal", "pagefind", "before"):
        for label in ("one", "three"):
            if f"{engine}_{label}_spread" in r:
                low, high = r[f"{engine}_{label}_spread"]
                print(f"  {engine} {label}: {low:.3f}-{high:.3f} s over the runs")
            for path, size in r.get(f"{engine}_{label}_files", []):
                print(f"    {engine} {label} '{r[label]}': {size:7d} B  {path}")
    print(f"{'engine':10} {'1-word kB':>10} {'1-word s':>9} {'3-word kB':>10} {'3-word s':>9} {'index s':>9} {'index MB':>9} {'files':>7}")
    index = {"portal": (r["portal_index_s"], r["portal_index_bytes"]),
             "material": (r["material_build_s"], r["material_index_bytes"]),
             "pagefind": (r["pagefind_index_s"], r["pagefind_index_bytes"])}
    for engine in ("portal", "material", "pagefind"):
        print(f"{engine:10} {r[f'{engine}_one_bytes'] / kb:10.1f} {r[f'{engine}_one_s']:9.3f} "
              f"{r[f'{engine}_three_bytes'] / kb:10.1f} {r[f'{engine}_three_s']:9.3f} "
              f"{index[engine][0]:9.1f} {index[engine][1] / 2**20:9.1f} {r[f'{engine}_files']:7d}")
    print("(portal and Pagefind through their JS APIs up to the first result's data; Material through its search box)")
    print(f"search box, load to first result shown: portal {r['portal_one_box_s']:.3f} s / {r['portal_three_box_s']:.3f} s, "
          f"Material {r['material_one_box_s']:.3f} s / {r['material_three_box_s']:.3f} s (one word / three words)")
    for other in ("pagefind", "material"):
        print(f"portal / {other}: bytes {r['portal_one_bytes'] / r[f'{other}_one_bytes']:.3f} (one word), "
              f"{r['portal_three_bytes'] / r[f'{other}_three_bytes']:.3f} (three words); "
              f"time {r['portal_one_s'] / r[f'{other}_one_s']:.3f} (one word), "
              f"{r['portal_three_s'] / r[f'{other}_three_s']:.3f} (three words)")
    settled = {e: (r[f"{e}_one_settled_s"], r[f"{e}_three_settled_s"]) for e in ("portal", "pagefind", "before")
               if f"{e}_one_settled_s" in r}
    print("on a settled page (the engine loaded at the load event, the query asked a second later), one word / three "
          "words: " + ", ".join(f"{e} {one:.3f} s / {three:.3f} s" for e, (one, three) in settled.items())
          + f"; portal / pagefind time {settled['portal'][0] / settled['pagefind'][0]:.3f} (one word), "
          f"{settled['portal'][1] / settled['pagefind'][1]:.3f} (three words)")
    if "before_files" in r:
        print(f"before (--before): {r['before_files']} files; 1-word {r['before_one_bytes'] / kb:.1f} kB "
              f"{r['before_one_s']:.3f} s, 3-word {r['before_three_bytes'] / kb:.1f} kB {r['before_three_s']:.3f} s; "
              f"before / pagefind: bytes {r['before_one_bytes'] / r['pagefind_one_bytes']:.3f} (one word), "
              f"{r['before_three_bytes'] / r['pagefind_three_bytes']:.3f} (three words); "
              f"time {r['before_one_s'] / r['pagefind_one_s']:.3f} (one word), "
              f"{r['before_three_s'] / r['pagefind_three_s']:.3f} (three words)")
    print(f"indexing, wall / processor seconds: portal {r['portal_index_s']:.1f} / {r['portal_index_cpu_s']:.1f} "
          f"(after phase one: index_content as a build runs it, with its export), Pagefind {r['pagefind_index_s']:.1f}; "
          f"`portal search`'s Whoosh index and lexicon {r['portal_whoosh_s']:.1f} / {r['portal_whoosh_cpu_s']:.1f}")
    print(f"portal whole build {r['portal_build']:.1f} s (MkDocs and search); Whoosh index {r['portal_whoosh_bytes'] / 2**20:.1f} MB; "
          f"Material's index time is inside its whole build ({r['material_build_s']:.1f} s)")
    print(f"portal search: command {r['cli_s'] * 1000:.0f} ms median wall time; search itself {r['search_s'] * 1000:.1f} ms median",
          flush=flush)


if __name__ == "__main__":
    main()
