"""How long `portal serve` takes to show an edit, on a seeded synthetic organisation.

Starts `portal serve` in its own process on an organisation of about --pages pages (2,000 by
default) and, in one run:

- edits one FAQ answer, then one procedure's body (each --runs times), and measures the time from
  the file's write to the new HTML served (polled over HTTP) and to the page reloaded by the
  live-reload script in headless Chromium (the system's `chromium`, through Playwright), and
  when the search files served have followed the edit;
- changes a procedure's title (the navigation of every page shows it) and measures the same:
  that is the whole site rebuilt, the alternative every edit took before;
- prints the time `portal serve` took to start (a full build) and `check_content` alone, the
  part of every edit that reads and checks all content, and the preview's own account of each
  update (what it rebuilt, and how long the check took).

    python3 tests/bench/bench_serve.py [--pages 2000] [--runs 3] [--no-browser]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate  # noqa: E402

TODAY = "2026-11-22"
ACCOUNT = re.compile(r"Updated \d+ files? in ([0-9.]+) s \(the check took ([0-9.]+) s\)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def served(url: str, marker: str, timeout: float = 600) -> float:
    """Poll url until its body holds marker; the monotonic time it first did."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if marker in urllib.request.urlopen(url, timeout=timeout).read().decode():
                return time.monotonic()
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.02)
    raise SystemExit(f"{url} never showed {marker!r}")


class Output(threading.Thread):
    """The preview's terminal, kept (its lines about each update)."""

    def __init__(self, process: subprocess.Popen) -> None:
        super().__init__(daemon=True)
        self.process, self.lines = process, list[str]()

    def run(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip())

    def next_update(self, after: int, timeout: float = 600) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[after:]:
                if line.startswith(("Updated ", "Rebuilt ", "No page changed", "Not updated")):
                    return line
            time.sleep(0.05)
        return "(nothing said)"


def search_swapped(folder: Path, inode: int, since_wall: float, timeout: float = 600) -> float | None:
    """Seconds from the edit until the served search folder was replaced (it is swapped whole)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if folder.stat().st_ino != inode:
                return time.time() - since_wall
        except OSError:
            pass
        time.sleep(0.05)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        root = Path(tmp) / "org"
        root.mkdir()
        teams = generate(root, pages=args.pages, seed=args.seed)
        shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")

        from datetime import date

        from generator.pipeline import Options, check_content

        os.chdir(root)
        started = time.perf_counter()
        checked = check_content(Options(today=date.fromisoformat(TODAY)))
        check_seconds = time.perf_counter() - started
        pages = len(checked.site.pages) if checked.site else 0
        del checked

        temp = Path(tmp) / "tmp"
        temp.mkdir()
        port = free_port()
        env = {**os.environ, "TMPDIR": str(temp), "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}",
                                    "--today", TODAY], cwd=root, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
        output = Output(process)
        output.start()
        base = f"http://127.0.0.1:{port}/"
        team = "team-001"
        faq_url, sop_url = base + f"teams/{team}/faq/", base + f"teams/{team}/sops/item-001/"
        try:
            served(faq_url, "<h1", timeout=1200)
            startup = time.monotonic() - started
            site = next(temp.glob("portal-preview-*")) / "site"
            browser = None if args.no_browser else Browser()
            rows: list[tuple[str, list[float], list[float], list[float | None], list[str]]] = []

            def edit(what: str, path: Path, change, url: str, marker: str) -> None:
                http, shown, search, said = [], [], [], []
                for run in range(args.runs if what != "title" else 1):
                    tag = f"{marker}{run}x"
                    if browser:
                        browser.open(url)
                    inode = (site / "search/portal").stat().st_ino
                    lines = len(output.lines)
                    wall, start = time.time(), time.monotonic()
                    path.write_text(change(path.read_text(), tag))
                    http.append(served(url, tag) - start)
                    if browser:
                        shown.append(browser.reloaded_with(tag) - wall)
                    said.append(output.next_update(lines))
                    search.append(search_swapped(site / "search/portal", inode, wall, 300) if what != "title" else None)
                    time.sleep(1)
                rows.append((what, http, shown, search, said))

            faq = root / f"content/teams/{team}/faq.yml"

            def answer(text: str, tag: str) -> str:
                data = yaml.safe_load(text)
                data["questions"][0]["answer"] = f"Ask {tag} first. " + data["questions"][0]["answer"]
                return yaml.safe_dump(data)

            edit("FAQ answer", faq, answer, faq_url, "answer")
            sop = root / f"content/teams/{team}/sops/item-001.md"
            edit("page body", sop, lambda text, tag: text.rstrip() + f"\n\nCall {tag} first.\n", sop_url, "body")

            def title(text: str, tag: str) -> str:
                head, _, body = text.partition("\n---\n")
                lines = [f"title: Renamed {tag}" if line.startswith("title:") else line for line in head.splitlines()]
                return "\n".join(lines) + "\n---\n" + body

            edit("title", sop, title, faq_url, "Renamed title")
        finally:
            if not args.no_browser and "browser" in locals() and browser:
                browser.close()
            process.terminate()
            process.wait(timeout=60)

    def median(values: list) -> str:
        known = [v for v in values if v is not None]
        return f"{statistics.median(known):6.2f} s" if known else "     -  "

    print(f"\nportal serve on a synthetic organisation: {pages} pages per language, {teams} teams, seed {args.seed}")
    print(f"check_content alone (reads and checks all content, renders the docs tree): {check_seconds:.2f} s")
    print(f"start-up (a full build, then MkDocs' state kept): {startup:.2f} s")
    print(f"\n{'edit':<12} {'runs':>4}  {'-> served':>9}  {'-> reloaded':>11}  {'-> search':>9}")
    for what, http, shown, search, _ in rows:
        print(f"{what:<12} {len(http):>4}  {median(http)}  {median(shown) if shown else '     -  '}     "
              f"{median(search)}")
    full = next(statistics.median(http) for what, http, *_ in rows if what == "title")
    for what, http, *_ in rows:
        if what != "title":
            print(f"{what}: {full / statistics.median(http):.1f} times faster than the whole site rebuilt "
                  f"({statistics.median(http):.2f} s against {full:.2f} s)")
    for what, *_, said in rows:
        own = [float(m[1]) - float(m[2]) for line in said if (m := ACCOUNT.search(line))]
        if own:
            print(f"{what}: the preview's update but its check: {statistics.median(own):.2f} s "
                  f"(the check: {statistics.median([float(m[2]) for line in said if (m := ACCOUNT.search(line))]):.2f} s)")
    print("\nwhat the preview said:")
    for what, *_, said in rows:
        for line in said:
            print(f"  {what}: {line}")
    print(f"\nload: {os.getloadavg()}")


class Browser:
    """Headless Chromium from the system, with a page open on the preview."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if not chromium:
            raise SystemExit("no chromium on PATH (apt-get install chromium), or pass --no-browser")
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        self.page = self.browser.new_page()

    def open(self, url: str) -> None:
        self.page.goto(url, wait_until="load")

    def reloaded_with(self, marker: str) -> float:
        """The wall time at which the page, reloaded by the live-reload script, had loaded with marker.
        When the preview reloads it once more meanwhile (its search files followed), the time is
        that of the later load, which shows the marker too: never earlier than the truth."""
        from playwright.sync_api import Error

        while True:
            try:
                self.page.wait_for_function("m => document.body && document.body.innerText.includes(m)",
                                            arg=marker, timeout=600_000)
                self.page.wait_for_load_state("load")
                return self.page.evaluate("performance.timeOrigin + performance.getEntriesByType('navigation')[0]"
                                          ".loadEventEnd") / 1000
            except Error as error:
                if "context was destroyed" not in str(error):
                    raise

    def close(self) -> None:
        self.browser.close()
        self.playwright.stop()


if __name__ == "__main__":
    main()
