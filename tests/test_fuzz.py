"""Whatever an owner commits, loading and checking yield diagnostics, never an exception."""

from __future__ import annotations

import copy
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.checks.rules import check
from generator.content import metrics
from generator.content.load import load
from generator.diagnostics import Diagnostic
from generator.pipeline import THEME_DIR
from generator.render import charts
from generator.render.site import render

# YAML-ish text: structure characters, keys the schemas know, values of every kind.
KEYS = ["name", "summary", "owners", "channels", "type", "value", "office_hours", "timezone", "schedule",
        "days", "hours", "questions", "id", "question", "answer", "benefits", "title", "reviewed", "closed",
        "response_targets", "priority", "first_response", "services", "<<", "&a", "*a", "!!python/object"]
PIECES = st.sampled_from([*KEYS, ": ", "\n", "  ", "- ", "[", "]", "{", "}", ",", "'", '"', "|", ">", "#", "---", "email", "+358 9 4242 0000", "mon-fri", "09:00-17:00", "2026-02-30", "true", "\t", "\x00", "é", "\ufeff", "\r\n", "<script>", "javascript:", "%"])
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


# Plausible but wrong: each file is a mapping of the keys its schema knows, with values of the
# wrong kind, YAML tags on values they cannot hold, escaped surrogates, numbers and durations
# past what dates hold, odd Unicode. Written as flow YAML, so every value keeps its tag.

ODD_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
SCALARS = st.one_of(
    st.sampled_from(["!!bool maybe", "!!bool yes", "!!timestamp x", "!!timestamp 2026-02-30", "!!int ''",
                     "!!int 0x", "!!float ''", "!!float 1e9999", "!!binary '???'", "!!null x", "!!str 12",
                     "!!python/object:os.system x", "!foo bar", '"\\ud83d\\ude00"', '"\\ud800"', '"\\udfff x"',
                     '"\\U0010FFFF"', '"\\x00"', "''", "~", "[]", "{}", ".nan", "-.inf", "9999-12-31",
                     "0001-01-01", "2026-02-29", "24:00-00:00", "mon-sun", "sun-mon", "+358", "a@b", "@",
                     "{url}/{", "{0}", "{url.__class__}", "'{path!r}'", "https://", "javascript:x", "Europe/Nowhere"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["minute", "hour", "business day", "day", "week", "month", "year"]).flatmap(
        lambda unit: st.integers(min_value=0, max_value=10**25).map(lambda n: f"{n} {unit}s")),
    ODD_TEXT.map(lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"'),
    st.sampled_from(["9" * 4301, "1" + "0" * 5000]),  # past the 4,300 digits int() reads
)


def flow(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return value


def documents(keys: list[str]):
    values = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(st.sampled_from(keys), inner, max_size=4), max_leaves=12)
    return st.dictionaries(st.sampled_from(keys), values, max_size=len(keys)).map(lambda d: flow(d) + "\n")


TEAM_KEYS = ["name", "summary", "owners", "keywords", "locations", "channels", "type", "value", "label", "categories",
             "location", "office_hours", "timezone", "schedule", "days", "hours", "closed", "date", "until",
             "response_targets", "priority", "first_response", "resolution", "services", "id", "priorities"]
PORTAL_KEYS = ["organisation", "help_desk", "locations", "id", "name", "country", "timezone", "languages",
               "audiences", "feedback", "via", "form", "repository", "url", "branch", "edit", "embeds",
               "employment_types"]
FAQ_KEYS = ["questions", "id", "question", "answer", "tags", "featured", "locations", "audience"]
SOP_KEYS = ["title", "summary", "owner", "tags", "locations", "audience", "reviewed", "review_every"]
VALID_PORTAL = "organisation: Test\nhelp_desk: it\nlocations: []\n"


def well_formed(diagnostics: list[Diagnostic]) -> bool:
    # Each must print, as the CLI prints it (a surrogate would fail here, on encoding).
    return all(isinstance(d, Diagnostic) and d.line >= 1 and d.format().encode("utf-8") for d in diagnostics)


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(team=documents(TEAM_KEYS), faq=documents(FAQ_KEYS))
def test_wrong_values_in_team_files_give_only_diagnostics(team, faq):
    assert well_formed(run_pipeline({"content/teams/it/team.yml": team, "content/teams/it/faq.yml": faq}))


@FUZZ
@given(portal=documents(PORTAL_KEYS))
def test_wrong_values_in_portal_settings_give_only_diagnostics(portal):
    assert well_formed(run_pipeline({"content/portal.yml": portal}))


@FUZZ
@given(front=documents(SOP_KEYS))
def test_wrong_values_in_front_matter_give_only_diagnostics(front):
    assert well_formed(run_pipeline({"content/teams/it/sops/x.md": f"---\n{front}---\nText.\n"}))


TIMES = st.one_of(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(
    lambda t: t.isoformat(timespec="minutes")), st.sampled_from(["", "x", "2026-02-30T10:00", "9999-12-31T23:59-05:00",
                                                                 "0001-01-01T00:00+14:00", "2026-03-02T25:00"]))
CELLS = st.one_of(TIMES, ODD_TEXT, st.sampled_from(["1", "5", "0", "6", "²", "٣", "P1", "P2", '"', '"x', "x" * 140_000]))


@FUZZ
@given(rows=st.lists(st.tuples(CELLS, st.sampled_from(["P1", "P2", ""]), TIMES, TIMES, TIMES, CELLS), max_size=5))
def test_wrong_metrics_give_only_diagnostics(rows):
    team = ("name: IT\nsummary: S.\nowners: ['@o/it']\nchannels:\n  - type: email\n    value: it@example.com\n"
            "response_targets:\n  - priority: P1\n    first_response: 1 hour\n")
    csv = "ticket,priority,created,first_response,resolved,satisfaction\n" + "".join(
        ",".join(row) + "\n" for row in rows)
    diagnostics = run_pipeline({"content/teams/it/team.yml": team, "content/teams/it/metrics.csv": csv})
    assert well_formed(diagnostics)
    # What was accepted is charted as the build charts it (year 1 once failed only here).
    tickets, _ = metrics.read(csv, "metrics.csv", "Europe/Helsinki", ["P1"])
    found = metrics.figures(tickets, "Europe/Helsinki", ["P1"])
    charts.response_panels(found, {"P1": 1.0}, "fa")
    charts.busy_chart(found, "IT", "fa")


# A valid organisation with one or two values made wrong, loaded, checked and, when it passes,
# rendered: what the schemas accept must not crash the pages (a year-1 ticket once did).
TEAM = {
    "name": '"IT"', "summary": '"S."', "owners": ['"@o/it"'], "keywords": ['"laptop"'],
    "channels": [{"type": "email", "value": '"it@example.com"'},
                 {"type": "form", "value": '"https://f.example.com/x"', "categories": ['"A"']},
                 {"type": "phone", "value": '"+358 9 4242 0000"'},
                 {"type": "walk-in", "value": '"Desk"', "location": "helsinki"}],
    "office_hours": {"timezone": "Europe/Helsinki", "schedule": [{"days": "mon-fri", "hours": '"09:00-17:00"'}],
                     "closed": [{"date": "2026-12-24", "until": "2026-12-26", "name": "Holidays"}]},
    "response_targets": [{"priority": "P1", "first_response": '"1 hour"', "resolution": '"2 days"'}],
    "services": [{"id": "s", "name": "S", "description": "D", "category": '"A"', "priorities": ["P1"]}],
}
PORTAL = {
    "organisation": "Test", "help_desk": "it", "tagline": '"T"', "welcome": '"W"',
    "locations": [{"id": "helsinki", "name": "H", "country": "FI", "timezone": "Europe/Helsinki"}],
    "employment_types": [{"id": "p", "name": "P"}], "languages": ["en", "fi"],
    "audiences": [{"id": "managers", "name": "M"}],
    "feedback": {"via": "form", "form": '"https://f.example.com/?u={url}"'},
    "repository": {"url": '"https://g.example.com/a"', "branch": "main", "edit": '"{url}/e/{branch}/{path}"'},
    "embeds": ['"https://v.example.com"'],
}
SOP = {"title": '"T"', "summary": '"S"', "owner": '"@x"', "tags": ['"a"'], "locations": ["helsinki"],
       "reviewed": "2026-01-01", "review_every": '"6 months"'}
FAQ = {"questions": [{"id": "a", "question": '"Q?"', "answer": '"A [x](../faq.md#a)"', "tags": ['"t"'],
                      "featured": "true", "locations": ["helsinki"]}]}


def places(value, prefix: tuple = ()) -> list[tuple]:
    """The key paths of every value in a nested document."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    found = []
    for key, inner in items:
        found += [(*prefix, key), *places(inner, (*prefix, key))]
    return found


def one_wrong(base: dict):
    """base as flow YAML with one or two of its values replaced by wrong ones."""
    return st.lists(st.tuples(st.sampled_from(places(base)), SCALARS), min_size=1, max_size=2).map(
        lambda changes: flow(replaced(base, changes)) + "\n")


def replaced(base: dict, changes) -> dict:
    document = copy.deepcopy(base)
    for place, value in changes:
        inner = document
        try:
            for key in place[:-1]:
                inner = inner[key]
            inner[place[-1]] = value
        except (KeyError, IndexError, TypeError):  # an earlier change replaced what held this place
            pass
    return document


VALID = {"content/portal.yml": flow(PORTAL) + "\n", "content/teams/it/team.yml": flow(TEAM) + "\n",
         "content/teams/it/faq.yml": flow(FAQ) + "\n", "content/teams/it/sops/x.md": f"---\n{flow(SOP)}\n---\nText.\n",
         "content/teams/it/faq.fi.yml": "questions: [{id: a, question: K, answer: V}]\n"}


def render_pipeline(files: dict[str, str]) -> bool:
    """Whether the organisation, VALID with files instead, rendered (False: it had errors)."""
    root = Path(tempfile.mkdtemp())
    try:
        for rel, text in {**VALID, **files}.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(text.encode("utf-8", "surrogatepass"))
        content, diagnostics = load(root / "content")
        if content is not None:
            diagnostics += check(content, date(2026, 11, 22))
        assert well_formed(diagnostics)
        if content is None or any(d.is_error for d in diagnostics):
            return False
        render(content, THEME_DIR, date(2026, 11, 22), {})
        return True
    finally:
        shutil.rmtree(root)


def test_the_valid_organisation_renders():
    assert render_pipeline({})


RENDER = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FILES = {"content/portal.yml": (PORTAL, "{}"), "content/teams/it/team.yml": (TEAM, "{}"),
         "content/teams/it/faq.yml": (FAQ, "{}"), "content/teams/it/sops/x.md": (SOP, "---\n{}---\nText.\n")}


@RENDER
@given(data=st.data(), path=st.sampled_from(sorted(FILES)))
def test_one_wrong_value_in_a_valid_organisation_gives_diagnostics_or_pages(data, path):
    base, template = FILES[path]
    render_pipeline({path: template.format(data.draw(one_wrong(base)))})
