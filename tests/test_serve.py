"""`portal serve`: the preview rebuilds when a file under content/ changes."""

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


def fetch_until(url: str, wanted: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            body = urllib.request.urlopen(url, timeout=5).read().decode()
            if wanted in body:
                return body
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {wanted!r}; last body: {body[:300]!r}")


def test_preview_rebuilds_on_content_change_and_keeps_last_good_version(org):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}", "--today", TODAY],
        cwd=org.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
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
        time.sleep(3)
        assert "Laptops, phones and passwords." in fetch_until(url, "techsupport@example.com")
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    assert "Previewing on http://127.0.0.1:" in output
    assert "error[invalid-email]: channels[0].value: 'techsupport@' is not an email address" in output
    assert "Not updated: fix the problems above" in output
