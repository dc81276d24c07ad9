"""The JSON Schemas editors use agree with the portal: a standard validator accepts the sample
and rejects the bad inputs of the check tests."""

from __future__ import annotations

import fnmatch
import json
import textwrap
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import BASE, ROOT
from test_check import CASES

from generator.cli import main
from generator.content.source import parse_markdown
from generator.tools.jsonschema import FILES


def jsonable(value):
    """YAML as a JSON document: dates become the text an editor sees."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


def data_of(path: Path):
    if path.suffix == ".md":
        parsed, _ = parse_markdown(path.read_text(encoding="utf-8"), str(path))
        # No front matter: an editor validates an empty one, which must still lack what is required.
        return jsonable(parsed.front.data) if parsed.front is not None else {}
    return jsonable(yaml.safe_load(path.read_text(encoding="utf-8")))


def validator_for(relative: str):
    for name, (_, pattern) in FILES.items():
        if fnmatch.fnmatch(relative, pattern):
            schema = json.loads((ROOT / "schemas" / name).read_text())
            return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return None


def test_every_sample_file_validates():
    checked = 0
    for path in sorted((ROOT / "content").rglob("*")):
        relative = path.relative_to(ROOT).as_posix()
        validator = validator_for(relative)
        if validator is None or not path.is_file():
            continue
        errors = [e.message for e in validator.iter_errors(data_of(path))]
        assert errors == [], relative
        checked += 1
    assert checked > 40


# The check tests whose bad input a schema can express (not cross-file references or impossible times).
REJECTED = ["missing required field", "missing field in a list item", "wrong type: list expected",
            "wrong type: text expected", "unknown key, near miss", "unknown key that is a channel type",
            "value not among choices", "email", "phone without country code", "url", "unknown day",
            "duration", "owner handle", "invalid id", "country code", "no front matter"]


@pytest.mark.parametrize("case", REJECTED)
def test_bad_inputs_of_the_check_tests_are_rejected(tmp_path, case):
    files, _ = CASES[case]
    root = tmp_path
    for rel, text in {**BASE, **files}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    rejected = []
    for rel in files:
        validator = validator_for(rel)
        assert validator is not None, rel
        rejected.append(any(True for _ in validator.iter_errors(data_of(root / rel))))
    assert rejected and all(rejected)


def test_committed_schemas_are_up_to_date(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["schema", "--check"]) == 0, capsys.readouterr().out
