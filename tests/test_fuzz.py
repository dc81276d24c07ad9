"""Whatever an owner commits, loading and checking yield diagnostics, never an exception."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.check import check
from generator.diagnostics import Diagnostic
from generator.load import load

# YAML-ish text: structure characters, keys the schemas know, values of every kind.
KEYS = ["name", "summary", "owners", "channels", "type", "value", "office_hours", "timezone", "schedule",
        "days", "hours", "questions", "id", "question", "answer", "benefits", "title", "reviewed", "closed",
        "response_targets", "priority", "first_response", "services", "<<", "&a", "*a", "!!python/object"]
PIECES = st.sampled_from(KEYS + [": ", "\n", "  ", "- ", "[", "]", "{", "}", ",", "'", '"', "|", ">", "#", "---",
                                 "email", "+358 9 4242 0000", "mon-fri", "09:00-17:00", "2026-02-30", "true",
                                 "\t", "\x00", "é", "\ufeff", "\r\n", "<script>", "javascript:", "%"])
YAML_TEXT = st.lists(PIECES, max_size=60).map("".join) | st.text(max_size=300)

BASE = {"content/portal.yml": "organisation: Test\nhelp_desk: it\nlocations: []\n",
        "content/teams/it/team.yml": "name: IT\nsummary: S.\nowners: ['@o/it']\n"
                                     "channels:\n  - type: email\n    value: it@example.com\n"}


def run_pipeline(files: dict[str, str]) -> list[Diagnostic]:
    root = Path(tempfile.mkdtemp())
    try:
        for rel, text in {**BASE, **files}.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(text.encode("utf-8", "surrogatepass"))
        content, diagnostics = load(root / "content")
        if content is not None:
            diagnostics += check(content, date(2026, 11, 22))
        return diagnostics
    finally:
        shutil.rmtree(root)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(team=YAML_TEXT, faq=YAML_TEXT)
def test_any_yaml_gives_only_diagnostics(team, faq):
    diagnostics = run_pipeline({"content/teams/it/team.yml": team, "content/teams/it/faq.yml": faq})
    assert all(isinstance(d, Diagnostic) and d.path.startswith("content/") and d.line >= 1 for d in diagnostics)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front=YAML_TEXT, body=st.text(max_size=400))
def test_any_markdown_gives_only_diagnostics(front, body):
    diagnostics = run_pipeline({"content/teams/it/sops/x.md": f"---\n{front}\n---\n{body}"})
    assert all(isinstance(d, Diagnostic) and d.line >= 1 for d in diagnostics)
