"""`portal new`: a new content file in the right place, every field present and explained.

Each field's comment is its docstring from generator/content/schema.py; required fields get a value
that passes `portal check --strict`, optional ones are written commented out, ready to fill in.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..content.schema import SLUG, Benefit, BenefitsFile, FaqEntry, FaqFile, PageMeta, Schema, SopMeta, Team
from ..diagnostics import PortalError
from .jsonschema import FILES

KINDS = ("team", "sop", "page", "faq", "benefit")


def _fields(cls: type[Schema], values: dict[str, str], indent: str = "", first_prefix: str = "") -> list[str]:
    """'# docstring' and 'key: value' for every field; fields without a value are commented out."""
    lines = []
    for n, (name, field) in enumerate(cls.model_fields.items()):
        prefix = first_prefix if n == 0 else indent
        lines.append(f"{indent}# {field.description}")
        if name in values:
            lines.append(f"{prefix}{name}: {values[name]}")
        else:
            example = "[]" if "list" in str(field.annotation) else ""
            lines.append(f"{indent}# {name}: {example}".rstrip())
    return lines


def _schema_line(target: Path, content_dir: Path, cls: type[Schema]) -> str:
    """The editor hint naming the file's schema (as `portal schema` writes them)."""
    name = next(name for name, (schema, _) in FILES.items() if schema is cls)
    depth = len(target.relative_to(content_dir.parent).parts) - 1
    return f"# yaml-language-server: $schema={'../' * depth}schemas/{name}"


def new(kind: str, content_dir: Path, team: str, slug: str | None, today: date) -> Path:
    """Create the file; refuse to overwrite anything."""
    for value, what in ((team, "team id"), (slug, "id")):
        if value is not None and not SLUG.match(value):
            raise PortalError(f"'{value}' is not a valid {what}: use lower-case letters, digits and hyphens")
    folder = content_dir / "teams" / team
    if kind != "team" and not (folder / "team.yml").is_file():
        raise PortalError(f"there is no team '{team}' (no {folder / 'team.yml'}); create it with 'portal new team {team}'")
    if kind == "team":
        target = folder / "team.yml"
        if target.exists():
            raise PortalError(f"{target} exists already")
        values = {"name": team.replace("-", " ").capitalize(),
                  "summary": "What the team helps employees with, in a sentence or two.",
                  "owners": '["@your-org/your-team"]  # replace with the real handles',
                  "channels": "\n  - type: email\n    value: team@example.com  # replace with the team's shared mailbox"}
        text = "\n".join([_schema_line(target, content_dir, Team), *_fields(Team, values)]) + "\n"
        return _write(target, text)
    if slug is None:
        raise PortalError(f"give the new {kind}'s id, e.g. reset-password")
    cls: type[Schema]
    if kind in ("sop", "page"):
        target = folder / ("sops" if kind == "sop" else "pages") / f"{slug}.md"
        if target.exists():
            raise PortalError(f"{target} exists already")
        cls = SopMeta if kind == "sop" else PageMeta
        values = {"title": (slug or "").replace("-", " ").capitalize(), "reviewed": today.isoformat()}
        if kind == "sop":
            values["review_every"] = "12 months"
        front = _fields(cls, values)
        body = ("## When to use this\n\nSay who this is for and when.\n\n## Steps\n\n1. The first step.\n2. The next.\n"
                if kind == "sop" else "Write the page here. Start sections with `##`.\n")
        return _write(target, "---\n" + "\n".join(front) + "\n---\n\n" + body)
    # faq and benefit entries go at the end of their team's list.
    name, key, cls, file_cls = (("faq.yml", "questions", FaqEntry, FaqFile) if kind == "faq"
                                else ("benefits.yml", "benefits", Benefit, BenefitsFile))
    target = folder / name
    existing = target.read_text(encoding="utf-8") if target.exists() else None
    if existing is not None and f"id: {slug}\n" in existing:
        raise PortalError(f"{target} has an entry '{slug}' already")
    if kind == "faq":
        values = {"id": slug, "question": "What does an employee ask?",
                  "answer": "|\n      The answer, in Markdown."}
    else:
        values = {"id": slug, "name": (slug or "").replace("-", " ").capitalize(), "category": "Perks",
                  "summary": "What the employee gets.", "how_to_claim": "|\n      How to claim it, in Markdown."}
    entry = _fields(cls, values, indent="    ", first_prefix="  - ")
    head = (f"{_schema_line(target, content_dir, file_cls)}\n{key}:\n") if existing is None else existing.rstrip("\n") + "\n"
    return _write(target, head + "\n".join(entry) + "\n", overwrite=existing is not None)


def _write(target: Path, text: str, overwrite: bool = False) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w" if overwrite else "x", encoding="utf-8") as f:
        f.write(text)
    return target
