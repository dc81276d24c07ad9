"""`portal serve` rebuilds what an edit touches: an edited answer or page body rebuilds those
pages alone, the same bytes a full build writes, and the search files follow; a change to the
navigation (a new page, a title) rebuilds the whole site; a broken edit keeps the last good
pages with the problem on top."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, TODAY, cli
from test_serve import fetch_until, free_port

FILES = {
    "content/portal.yml": """\
        organisation: Test Org
        help_desk: it
        languages: [en, fi]
        locations:
          - id: helsinki
            name: Helsinki
            country: FI
            timezone: Europe/Helsinki
        employment_types:
          - id: permanent
            name: Permanent
        """,
    "content/teams/it/faq.yml": """\
        questions:
          - id: reset-password
            question: How do I reset my password?
            answer: Use the **password page**.
          - id: vpn
            question: Why does the VPN not connect?
            answer: See [the VPN page](pages/vpn.md).
        """,
    "content/teams/it/sops/report-an-outage.md": """\
        ---
        title: Report an IT outage
        owner: "@tomasz"
        reviewed: 2026-09-14
        ---

        ## Call us

        Call the help desk.
        """,
    "content/teams/it/pages/vpn.md": """\
        ---
        title: Connect to the VPN
        ---

        Open the client. Questions: [FAQ](../faq.md#vpn).
        """,
    "content/teams/it/files/vpn-setup.txt": "Version 1\n",
    "content/news/2026-11-02-new-laptops.md": "---\ntitle: New laptops for everyone\nteam: it\n---\n\nSoon.\n",
    "content/news/2026-11-09-printers.md": "---\ntitle: Printers moved\nteam: it\n---\n\nFloor 2.\n",
}


class Preview:
    """`portal serve` in its own process, its preview folder (under the test's temporary folder)
    visible to the test."""

    def __init__(self, root: Path) -> None:
        self.root, self.port = root, free_port()
        temp = root / "tmp"
        temp.mkdir()
        env = {**os.environ, "TMPDIR": str(temp),
               "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{self.port}", "--today", TODAY],
            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.temp = temp

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    @property
    def site(self) -> Path:
        return next(self.temp.glob("portal-preview-*")) / "site"

    def times(self) -> dict[str, int]:
        """Each served file but the search files (replaced on their own, after the pages) and when
        it was last written."""
        found = {}
        for folder, folders, files in os.walk(self.site):
            folders[:] = [f for f in folders if f != "search"]
            for name in files:
                path = Path(folder, name)
                found[path.relative_to(self.site).as_posix()] = path.stat().st_mtime_ns
        return found

    def stop(self) -> str:
        self.process.terminate()
        output, _ = self.process.communicate(timeout=30)
        return output


def full_build(root: Path) -> Path:
    """The same content built by `portal build`, into a folder of its own."""
    result = cli(root, "build", "--site-dir", "full-site", "--build-dir", "full-build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "full-site"


def search_files(site: Path) -> dict[str, bytes]:
    """The search files served, each language's; empty while they are being replaced."""
    try:
        return {p.relative_to(site).as_posix(): p.read_bytes() for folder in (site / "search/portal",
                site / "fi/search/portal") for p in folder.rglob("*") if p.is_file()}
    except OSError:
        return {}


def search_follows(site: Path, full: Path) -> None:
    """Wait until the search files served are those of the full build."""
    wanted = search_files(full)
    deadline = time.monotonic() + 120
    while search_files(site) != wanted and time.monotonic() < deadline:
        time.sleep(0.5)
    assert search_files(site) == wanted


def test_an_edited_answer_or_page_rebuilds_those_pages_alone_as_a_full_build_would(org):
    org.write(FILES)
    preview = Preview(org.root)
    try:
        faq = preview.url("teams/it/faq/")
        fetch_until(faq, "Use the <strong>password page</strong>.")
        before = preview.times()

        answers = org.root / "content/teams/it/faq.yml"
        answers.write_text(answers.read_text().replace("Use the **password page**.", "Use the **new password page**."))
        fetch_until(faq, "Use the <strong>new password page</strong>.")
        # The Finnish site shows the untranslated answer as written, so its page is rebuilt too.
        fetch_until(preview.url("fi/teams/it/faq/"), "Use the <strong>new password page</strong>.")
        after = preview.times()
        rewritten = {path for path in before if after.get(path) != before[path]}
        # Only the pages that show the answer: the FAQ page in both languages (search files follow later).
        assert rewritten == {"teams/it/faq/index.html", "fi/teams/it/faq/index.html"}

        procedure = org.root / "content/teams/it/sops/report-an-outage.md"
        procedure.write_text(procedure.read_text().replace("Call the help desk.", "Call the help desk at once."))
        fetch_until(preview.url("teams/it/sops/report-an-outage/"), "Call the help desk at once.")
        again = preview.times()
        assert {p for p in after if again.get(p) != after[p]} == {
            "teams/it/sops/report-an-outage/index.html", "fi/teams/it/sops/report-an-outage/index.html"}

        # A file the team publishes as it is: copied again, and no page rebuilt.
        (org.root / "content/teams/it/files/vpn-setup.txt").write_text("Version 2\n")
        fetch_until(preview.url("teams/it/files/vpn-setup.txt"), "Version 2")
        assert {p for p in again if preview.times().get(p) != again[p]} == {
            "teams/it/files/vpn-setup.txt", "fi/teams/it/files/vpn-setup.txt"}

        # What the preview serves is what `portal build` makes of the same content, byte for byte,
        # the search files included once they have followed the edits.
        full = full_build(org.root)
        for page in ("teams/it/faq/index.html", "fi/teams/it/faq/index.html", "teams/it/sops/report-an-outage/index.html",
                     "index.html", "teams/it/index.html"):
            assert (preview.site / page).read_bytes() == (full / page).read_bytes(), page
        search_follows(preview.site, full)

        # A change no page shows (synonyms only the search reads): no page is rewritten, the search follows.
        quiet = preview.times()
        org.write({"content/synonyms.yml": "synonyms:\n  - [password, passcode]\n"})
        search_follows(preview.site, full_build(org.root))
        assert not {p for p in quiet if preview.times().get(p) != quiet[p]}

        # A broken edit: every page keeps its last good version, with the problem on top.
        good = answers.read_text()
        answers.write_text(good.replace("id: vpn", "id: Bad Id"))
        body = fetch_until(faq, 'id="portal-preview-problem"')
        assert "Use the <strong>new password page</strong>." in body
        assert 'id="portal-preview-problem"' in fetch_until(preview.url("teams/it/sops/report-an-outage/"),
                                                             "Call the help desk at once.")
        # Mended with another edit of the answer: that edit shows, and the notice leaves every page.
        answers.write_text(good.replace("new password page", "newest password page"))
        fetch_until(faq, "Use the <strong>newest password page</strong>.", absent="portal-preview-problem")
        assert not [p for p in preview.site.rglob("*.html") if "portal-preview-problem" in p.read_text()]
    finally:
        output = preview.stop()
    assert "Traceback" not in output
    assert "error[" in output and "Bad Id" in output


def test_a_change_to_the_navigation_rebuilds_the_whole_site(org):
    org.write(FILES)
    preview = Preview(org.root)
    try:
        fetch_until(preview.url("teams/it/faq/"), "Use the <strong>password page</strong>.")
        before = preview.times()
        # A new page: every page's navigation lists it.
        org.write({"content/teams/it/pages/printers.md": "---\ntitle: Printers on every floor\n---\n\nPrint.\n"})
        fetch_until(preview.url("teams/it/pages/printers/"), "Print.")
        body = fetch_until(preview.url("teams/it/faq/"), "Printers on every floor")
        assert "Use the <strong>password page</strong>." in body
        after = preview.times()
        assert all(after.get(path) != written for path, written in before.items() if path.endswith(".html"))
        # A page's title: the navigation of the other pages shows the new one, whether the
        # navigation names the page (a team's pages) or takes the title from it (news).
        vpn = org.root / "content/teams/it/pages/vpn.md"
        vpn.write_text(vpn.read_text().replace("title: Connect to the VPN", "title: Connect to the company VPN"))
        fetch_until(preview.url("teams/it/sops/report-an-outage/"), "Connect to the company VPN")
        news = org.root / "content/news/2026-11-02-new-laptops.md"
        news.write_text(news.read_text().replace("New laptops for everyone", "New laptops for all of us"))
        fetch_until(preview.url("news/2026-11-09-printers/"), "New laptops for all of us")
        full = full_build(org.root)
        for page in ("teams/it/faq/index.html", "fi/teams/it/faq/index.html", "teams/it/pages/printers/index.html",
                     "index.html", "news/2026-11-09-printers/index.html"):
            assert (preview.site / page).read_bytes() == (full / page).read_bytes(), page
    finally:
        output = preview.stop()
    assert "Traceback" not in output
