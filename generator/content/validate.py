"""Validating parsed YAML against a schema, with diagnostics an owner can act on.

pydantic knows what is wrong and at which key path; the Document knows the line and column
of that path. This module joins the two and words the message for people who are not
developers.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable
from datetime import date
from pathlib import PurePosixPath
from typing import TypeVar

import pydantic
from pydantic_core import ErrorDetails

from ..diagnostics import Diagnostic, Severity, format_key
from .languages import TRANSLATION
from .schema import Schema, TranslationSchema
from .source import Document

S = TypeVar("S", bound=Schema)

EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of keys and values",
    "model_type": "a mapping of keys and values",
    "model_attributes_type": "a mapping of keys and values",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date (YYYY-MM-DD) without a time",
}


def describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    return type(value).__name__


def _hint_for_type(kind: str, value: object) -> str:
    if EXPECTED.get(kind) == "text" and isinstance(value, (int, float, bool, date)):
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        return f"put the value in quotes: \"{shown}\""
    if kind == "list_type":
        return "write a list: one item per line, each starting with '- '"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "write 'key: value' lines indented below this key"
    if kind.startswith("date"):
        return "write the date as YYYY-MM-DD, e.g. 2026-03-01"
    if kind.startswith("bool"):
        return "write true or false"
    return ""


def _model_at(schema: type[Schema], loc: tuple) -> type[Schema] | None:
    """The schema class that describes the mapping at loc, following list items and optionals."""
    cls: type[Schema] | None = schema
    for part in loc:
        if isinstance(part, int):
            continue
        if cls is None or part not in getattr(cls, "model_fields", {}):
            return None
        cls = _inner_model(cls.model_fields[part].annotation)
    return cls


def _inner_model(annotation) -> type[Schema] | None:
    if isinstance(annotation, type) and issubclass(annotation, Schema):
        return annotation
    if typing.get_origin(annotation) in (list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found:
                return found
    return None


def _suggest(word: object, choices: Iterable[object]) -> str:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return close[0] if close else ""


def _diagnostic(schema: type[Schema], doc: Document, error: ErrorDetails) -> Diagnostic:
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        name = loc[-1]
        owner = _model_at(schema, loc[:-1])
        field = owner.model_fields.get(name) if owner and isinstance(name, str) else None
        code, message = "missing-field", f"required field '{name}' is missing"
        hint = f"add '{name}:' here" + (f": {field.description}" if field and field.description else "")
        mark = doc.mark(loc[:-1])
    elif kind == "extra_forbidden":
        name = loc[-1]
        owner = _model_at(schema, loc[:-1])
        allowed = list(owner.model_fields) if owner else []
        near = _suggest(name, allowed)
        kinds = typing.get_args(owner.model_fields["type"].annotation) if owner and "type" in owner.model_fields else ()
        near_kind = _suggest(name, kinds)
        code, message = "unknown-key", f"unknown key '{name}'"
        if owner is not None and issubclass(owner, TranslationSchema) and name in owner.original.model_fields:
            # A translation holds only text: what is not text is the original's, in every language.
            code, message = "not-translatable", f"'{name}' is not text: every language shows the original's"
            written = TRANSLATION.match(PurePosixPath(doc.path).name)
            original = f"{written['stem']}.{written['ext']}" if written else "the original"
            hint = f"remove it from the translation; to change it, change it in {original}, for every language"
        elif near:
            hint = f"did you mean '{near}'?"
        elif near_kind:  # 'email: x' where the schema wants 'type: email' and 'value: x'
            hint = f"did you mean 'type: {near_kind}' with the address in 'value:'?"
        else:
            hint = "allowed keys: " + ", ".join(allowed) if allowed else "remove it"
        mark = doc.mark(loc, key=True)
    elif kind == "literal_error":
        choices = [c.strip().strip("'") for c in ctx.get("expected", "").replace(" or ", ", ").split(",")]
        near = _suggest(value, choices)
        code = "invalid-value"
        message = f"{describe(value)} is not one of: {', '.join(choices)}"
        hint = f"did you mean '{near}'?" if near else f"use one of: {', '.join(choices)}"
        mark = doc.mark(loc)
    elif kind in EXPECTED:
        code = "wrong-type"
        message = f"expected {EXPECTED[kind]}, found {describe(value)}"
        hint = _hint_for_type(kind, value)
        mark = doc.mark(loc)
    elif "message" in ctx:  # one of our own problems, raised by a schema validator
        code, message, hint = kind, ctx["message"], ctx.get("hint", "")
        mark = doc.mark(loc)
    else:
        code, message, hint = "invalid-value", error["msg"], ""
        mark = doc.mark(loc)
    return Diagnostic(doc.path, mark.line, mark.column, Severity.ERROR, code, message, key=format_key(loc), hint=hint)


def validate(schema: type[S], doc: Document) -> tuple[S | None, list[Diagnostic]]:
    """The document's data as a schema object, or None and every problem pydantic found."""
    data = doc.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        mark = doc.mark(())
        return None, [Diagnostic(doc.path, mark.line, mark.column, Severity.ERROR, "wrong-type",
                                 f"expected a mapping of keys and values, found {describe(data)}",
                                 hint=f"start the file with the keys of {schema.__name__}: "
                                      + ", ".join(schema.model_fields))]
    try:
        return schema.model_validate(data), []
    except pydantic.ValidationError as exc:
        return None, [_diagnostic(schema, doc, error) for error in exc.errors(include_url=False)]
