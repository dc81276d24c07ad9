"""The field reference and the check codes in content/README.md, written from their declarations.

`python -m generator.tools.reference content/README.md` rewrites the part of the guide between
the reference markers; a test fails when the guide and the schemas disagree.
"""

from __future__ import annotations

import sys
import types
import typing
from datetime import date
from pathlib import Path

from ..content import schema
from ..content.validate import _inner_model
from ..diagnostics import CODES, WARNINGS

START = "<!-- field reference: generated from generator/content/schema.py -->"
END = "<!-- end of field reference -->"
CODES_START = "<!-- check codes: generated from generator/diagnostics.py -->"
CODES_END = "<!-- end of check codes -->"


def _type_name(annotation, metadata=()) -> str:
    # pydantic moves a field's own Annotated validators into metadata; nested ones stay in the annotation.
    for meta in metadata:
        if hasattr(meta, "func"):
            return _TYPE_NAMES[meta.func.__name__]
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0], args[1:])
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in args if a is not type(None))
    if origin is typing.Literal:
        return " / ".join(f"`{a}`" for a in args)
    if isinstance(annotation, type) and issubclass(annotation, schema.Schema):
        return annotation.__name__
    return {str: "text", bool: "true/false", int: "number", date: "date (YYYY-MM-DD)"}[annotation]


_TYPE_NAMES = {"check_slug": "id", "check_email": "email", "check_phone": "phone", "check_url": "web address",
               "check_link": "web, site, mailto: or tel: address",
               "check_timezone": "time zone", "check_country": "country code", "check_owner": "handle",
               "check_duration": "duration", "whole_day": "date and time", "check_team_file": "page path",
               "check_language": "language code (en, fi, pl, ru, vi, fa)"}


def all_schemas() -> list[type[schema.Schema]]:
    """Every schema owners write, the file-level ones first, then those nested in them."""
    seen: list[type[schema.Schema]] = []
    todo = list(schema.CONTENT_SCHEMAS)
    while todo:
        cls = todo.pop(0)
        if cls not in seen:
            seen.append(cls)
            todo += [inner for field in cls.model_fields.values() if (inner := _inner_model(field.annotation))]
    return seen


def field_reference() -> str:
    lines = [START, ""]
    for cls in all_schemas():
        title = (cls.__doc__ or "").strip().split("\n")[0] if cls in schema.CONTENT_SCHEMAS else ""
        lines += [f"### {cls.__name__}", ""]
        if title:
            lines += [title, ""]
        lines += ["| field | type | required | what it is |", "|---|---|---|---|"]
        for name, field in cls.model_fields.items():
            if field.is_required():
                required = "yes"
            elif field.default not in (None, [], False) and not isinstance(field.default, schema.Schema):
                required = f"no (default: {field.default})"
            else:
                required = "no"
            kind = _type_name(field.annotation, field.metadata)
            lines.append(f"| `{name}` | {kind} | {required} | {field.description} |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def code_reference() -> str:
    """The table of check codes, from the one declaration of them."""
    lines = [CODES_START, "| code | what it means |", "|---|---|"]
    lines += [f"| `{code}`{' (warning)' if code in WARNINGS else ''} | {meaning} |" for code, meaning in CODES.items()]
    return "\n".join([*lines, CODES_END])


def _replace(text: str, start: str, end: str, new: str) -> str:
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    return before + new + after


def rewrite(guide: Path) -> bool:
    """Put the current references into the guide; True if it changed."""
    text = guide.read_text(encoding="utf-8")
    new = _replace(_replace(text, START, END, field_reference()), CODES_START, CODES_END, code_reference())
    guide.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    rewrite(Path(sys.argv[1]))
