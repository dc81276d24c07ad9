"""The loaded content: validated schema objects, each with the place it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Generic, TypeVar

from .diagnostics import Diagnostic, Severity, format_key
from .schema import Benefit, FaqEntry, NewsMeta, PageMeta, PortalSettings, Schema, SopMeta, SynonymsFile, Team
from .source import Document

S = TypeVar("S", bound=Schema)


@dataclass
class Entry(Generic[S]):
    """A validated value and where in which file it was written."""

    value: S
    doc: Document
    loc: tuple = ()

    def diagnostic(self, sub: tuple, severity: Severity, code: str, message: str, hint: str = "",
                   *, key: bool = False) -> Diagnostic:
        loc = self.loc + tuple(sub)
        mark = self.doc.mark(loc, key=key)
        return Diagnostic(self.doc.path, mark.line, mark.column, severity, code, message, key=format_key(loc), hint=hint)


@dataclass
class Article(Generic[S]):
    """A Markdown file: its front matter (validated) and its body."""

    slug: str
    meta: Entry[S]
    body: str
    body_line: int

    @property
    def source(self) -> str:
        return self.meta.doc.path


@dataclass
class TeamContent:
    id: str
    team: Entry[Team] | None  # None when team.yml did not validate (the build stops then)
    faq: list[Entry[FaqEntry]] = field(default_factory=list)
    benefits: list[Entry[Benefit]] = field(default_factory=list)
    sops: list[Article[SopMeta]] = field(default_factory=list)
    pages: list[Article[PageMeta]] = field(default_factory=list)
    files: list[tuple[Path, str]] = field(default_factory=list)  # (file on disk, path below the team folder)
    tickets: list = field(default_factory=list)  # metrics.csv, read (generator.metrics.Ticket)

    @property
    def name(self) -> str:
        return self.team.value.name


@dataclass
class NewsItem:
    date: date
    article: Article[NewsMeta]


@dataclass
class Content:
    settings: Entry[PortalSettings]
    teams: dict[str, TeamContent]  # sorted by id
    news: list[NewsItem]  # newest first
    synonyms: Entry[SynonymsFile] | None = None
