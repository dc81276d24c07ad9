"""Every content field is documented: a docstring in its schema, and the same words in content/README.md."""

from __future__ import annotations

import pytest
from conftest import ROOT

from generator.tools.reference import all_schemas, field_reference

README = (ROOT / "content/README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("cls", all_schemas(), ids=lambda c: c.__name__)
def test_every_field_has_a_docstring(cls):
    undocumented = [name for name, field in cls.model_fields.items() if not field.description]
    assert undocumented == []


def test_owners_guide_reference_matches_the_schemas():
    assert field_reference() in README, "run: python -m generator.tools.reference content/README.md"


def test_owners_guide_explains_every_check_code():
    from generator.tools.reference import code_reference

    assert code_reference() in README, "run: python -m generator.tools.reference content/README.md"
