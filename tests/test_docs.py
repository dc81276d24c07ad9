"""Every content field is documented: in its schema and in content/README.md."""

from __future__ import annotations

import re

import pydantic
import pytest

from conftest import ROOT
from generator import schema
from generator.validate import _inner_model

README = (ROOT / "content/README.md").read_text(encoding="utf-8")


def all_schemas() -> list[type[pydantic.BaseModel]]:
    seen: list[type[pydantic.BaseModel]] = []
    todo = list(schema.CONTENT_SCHEMAS)
    while todo:
        cls = todo.pop(0)
        if cls in seen:
            continue
        seen.append(cls)
        todo += [inner for f in cls.model_fields.values() if (inner := _inner_model(f.annotation))]
    return seen


@pytest.mark.parametrize("cls", all_schemas(), ids=lambda c: c.__name__)
def test_every_field_has_a_docstring(cls):
    undocumented = [name for name, field in cls.model_fields.items() if not field.description]
    assert undocumented == []


@pytest.mark.parametrize("cls", all_schemas(), ids=lambda c: c.__name__)
def test_every_field_is_explained_in_the_owners_guide(cls):
    missing = [name for name in cls.model_fields if not re.search(rf"`{re.escape(name)}`", README)]
    assert missing == []


def test_owners_guide_reference_matches_the_schemas():
    from generator.reference import field_reference

    assert field_reference() in README, "run: python -m generator.reference content/README.md"
