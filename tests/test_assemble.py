"""A site built in parts, one language per CI job, then assembled: the same bytes as built whole."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, cli
from test_parallel import digests


def assemble(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`portal assemble` in its own process, as a CI job runs it (it takes no --today)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "generator", "assemble", *args], cwd=root, env=env,
                          capture_output=True, text=True)

LANGUAGES = {
    "content/teams/it/faq.yml": """\
        questions:
          - id: reset-password
            question: How do I reset my password?
            answer: Use the **password page**.
          - id: vpn
            question: Why does the VPN not connect?
            answer: Restart it.
        """,
    "content/teams/it/faq.fi.yml": """\
        questions:
          - id: reset-password
            question: Miten vaihdan salasanan?
            answer: Käytä **salasanasivua**.
        """,
}


def test_parts_built_one_language_each_assemble_into_the_site_built_whole(org):
    org.write(LANGUAGES)
    portal = (org.root / "content/portal.yml").read_text() + "languages: [en, fi, fa]\n"
    org.write({"content/portal.yml": portal})
    assert cli(org.root, "build", "--site-dir", "whole").returncode == 0
    for lang in ("fa", "en", "fi"):
        result = cli(org.root, "build", "--language", lang, "--site-dir", f"part-{lang}")
        assert result.returncode == 0, result.stdout + result.stderr
    assert "fi/index.html" not in digests(org.root / "part-en")  # each part holds its language only
    assembled = assemble(org.root, "part-fi", "part-en", "part-fa", "--site-dir", "site")
    assert assembled.returncode == 0, assembled.stdout + assembled.stderr
    whole = digests(org.root / "whole")
    assert {"index.html", "fi/index.html", "fa/index.html", "fi/search/portal/manifest.json.gz"} <= set(whole)
    assert digests(org.root / "site") == whole

    # A part missing, or given twice: refused, and the assembled site stays as it was.
    for parts in (["part-en", "part-fi"], ["part-en", "part-fi", "part-fi", "part-fa"]):
        refused = assemble(org.root, *parts, "--site-dir", "site")
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert digests(org.root / "site") == whole
    assert "no part for fa" in assemble(org.root, "part-en", "part-fi").stderr
    assert "not a part of a site" in assemble(org.root, "whole", "part-fi", "--site-dir", "other").stderr
