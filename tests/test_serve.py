"""`portal serve`: the preview rebuilds when content, configuration or theme change, shows a failed
rebuild on the page and in the terminal, and rests when nothing changes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from conftest import TODAY


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch_until(url: str, wanted: str, seconds: float = 60, absent: str | None = None) -> str:
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            body = urllib.request.urlopen(url, timeout=5).read().decode()
            if wanted in body and (absent is None or absent not in body):
                return body
        except (urllib.error.URLError, ConnectionError, TimeoutError):  # the server answers once a rebuild is done
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {wanted!r}; last body: {body[:300]!r}")


def preview(root) -> tuple[int, subprocess.Popen]:
    """`portal serve` started in root on a free port, in its own process, as an owner starts it."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}", "--today", TODAY],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return port, process


def test_preview_rebuilds_on_content_change_and_keeps_last_good_version(org):
    port, process = preview(org.root)
    try:
        url = f"http://127.0.0.1:{port}/teams/it/"
        fetch_until(url, "Laptops and passwords.")
        # The preview's search box has its files.
        manifest = urllib.request.urlopen(f"http://127.0.0.1:{port}/search/portal/manifest.json.gz", timeout=5)
        assert manifest.read(2) == b"\x1f\x8b"
        team = org.root / "content/teams/it/team.yml"
        team.write_text(team.read_text().replace("Laptops and passwords.", "Laptops, phones and passwords."))
        fetch_until(url, "Laptops, phones and passwords.")
        # A broken edit is reported; the preview keeps the last good version.
        team.write_text(team.read_text().replace("techsupport@example.com", "techsupport@"))
        # Only once the failed rebuild has happened (its notice is on the page) does the page
        # tell whether the last good version stayed.
        body = fetch_until(url, 'id="portal-preview-problem"')
        assert "Laptops, phones and passwords." in body and "mailto:techsupport@example.com" in body
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    assert "Previewing on http://127.0.0.1:" in output
    assert "error[invalid-email]: channels[0].value: 'techsupport@' is not an email address" in output
    assert "Not updated: fix the problems above" in output


def epoch(port: int) -> int:
    """The live-reload server's count of finished rebuilds (the version browsers last reloaded to)."""
    return int(urllib.request.urlopen(f"http://127.0.0.1:{port}/livereload/0/0", timeout=70).read())


def test_preview_shows_a_broken_edit_on_the_page_and_recovers_and_rests(org):
    port, process = preview(org.root)
    try:
        url = f"http://127.0.0.1:{port}/teams/it/"
        fetch_until(url, "Laptops and passwords.")
        team = org.root / "content/teams/it/team.yml"
        # Broken content: the page keeps the last good version, with the problem on top.
        team.write_text(team.read_text().replace("techsupport@example.com", "techsupport@"))
        body = fetch_until(url, 'id="portal-preview-problem"')
        assert "Laptops and passwords." in body
        assert ("content/teams/it/team.yml:6:12: error[invalid-email]: channels[0].value: &#x27;techsupport@&#x27; "
                "is not an email address") in body
        # Mended: the notice goes, the edit shows.
        team.write_text(team.read_text().replace("techsupport@", "help@example.com")
                        .replace("Laptops and passwords.", "Laptops, phones and passwords."))
        body = fetch_until(url, "Laptops, phones and passwords.")
        assert "portal-preview-problem" not in body
        # A broken configuration: a diagnostic at its place, shown the same way; then mended.
        config = org.root / "mkdocs.yml"
        good = config.read_text()
        config.write_text(good + "\nfoo: [unclosed\n")
        body = fetch_until(url, 'id="portal-preview-problem"')
        assert "error[mkdocs]: the MkDocs configuration is not valid YAML" in body
        config.write_text(good)
        fetch_until(url, "Laptops, phones and passwords.", absent="portal-preview-problem")
        # At rest: reading files, as editors and rebuilds do, rebuilds nothing.
        settled = epoch(port)
        for path in org.root.rglob("*"):
            if path.is_file() and "site" not in path.parts:
                path.read_bytes()
        time.sleep(3)
        assert epoch(port) == settled
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    assert "Traceback" not in output
    assert "Not updated: fix the problems above; the preview shows the last good version, with them on top." in output
    assert "mkdocs.yml:" in output and "error[mkdocs]: the MkDocs configuration is not valid YAML" in output


def test_any_exception_in_a_rebuild_becomes_a_notice_on_every_page(tmp_path, monkeypatch, capsys):
    from generator.pipeline import Options
    from generator.tools import serve

    def broken(options):
        raise RuntimeError("the index is gone")

    monkeypatch.setattr(serve, "build", broken)
    problem = serve.rebuild(Options())
    assert problem == "the rebuild failed: RuntimeError: the index is gone"
    assert capsys.readouterr().out == "portal serve: the rebuild failed: RuntimeError: the index is gone\n"
    page = tmp_path / "a/index.html"
    page.parent.mkdir()
    page.write_text('<html><body class="x"><p>last good</p></body></html>')
    serve.show_problem(tmp_path, problem + " <script>")
    assert "the index is gone &lt;script&gt;</div>" in page.read_text()
    serve.show_problem(tmp_path, problem)  # a second failure replaces the first notice
    text = page.read_text()
    assert text.count('id="portal-preview-problem"') == 1 and "&lt;script&gt;" not in text
    assert text.index("portal-preview-problem") < text.index("last good")
    serve.show_problem(tmp_path, None)
    assert page.read_text() == '<html><body class="x"><p>last good</p></body></html>'


def test_preview_of_content_broken_from_the_start_shows_the_problem_until_mended(org):
    team = org.root / "content/teams/it/team.yml"
    team.write_text(team.read_text().replace("techsupport@example.com", "techsupport@"))
    port, process = preview(org.root)
    try:
        body = fetch_until(f"http://127.0.0.1:{port}/", 'id="portal-preview-problem"')
        assert "error[invalid-email]: channels[0].value: &#x27;techsupport@&#x27; is not an email address" in body
        team.write_text(team.read_text().replace("techsupport@", "techsupport@example.com"))
        fetch_until(f"http://127.0.0.1:{port}/teams/it/", "Laptops and passwords.", absent="portal-preview-problem")
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    assert "Not built yet: fix the problems above; the preview shows them until then." in output
    assert "Traceback" not in output
