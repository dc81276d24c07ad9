"""The loaded content: validated schema objects, each with the place it came from."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

from ..diagnostics import Diagnostic, Severity, format_key
from .markdown import Reader, Reading, is_relative, resolve
from .metrics import Ticket
from .schema import (
    Benefit,
    FaqEntry,
    NewsMeta,
    PageMeta,
    PortalSettings,
    Schema,
    SopMeta,
    SynonymsFile,
    Team,
    TeamNav,
    add_duration,
)
from .source import Document

S = TypeVar("S", bound=Schema)


@dataclass
class Entry(Generic[S]):
    """A validated value and where in which file it was written."""

    value: S
    doc: Document
    loc: tuple = ()
    # In a language's view of the content (i18n.translations.localise): the places, below loc, of
    # the parts whose translation is out of date: () is the entry's own text, ("services", 2) the
    # third service's.
    outdated: frozenset[tuple] = frozenset()

    def is_outdated(self, *where: object) -> bool:
        """Whether the translation of the part at where (the entry's own text by default) is out of date."""
        return tuple(where) in self.outdated

    def text_start(self, sub: tuple, text: str) -> tuple[int, int]:
        """Line and indent where the text of field sub starts: a block scalar starts below its key."""
        line = self.doc.mark(self.loc + tuple(sub)).line
        if not text.endswith("\n"):
            return line, 0
        line += 1
        index = line - 1 - self.doc.line_offset
        source = self.doc.lines[index] if index < len(self.doc.lines) else ""
        return line, len(source) - len(source.lstrip(" "))

    def written_from(self, line: int, indent: int) -> str:
        """The file's own text from line on, without the block's indentation: where the places of
        a YAML text's constructs are found (a folded block joins its lines; the file does not)."""
        first = line - 1 - self.doc.line_offset
        return "\n".join(row[indent:] if row[:indent].isspace() else row.lstrip(" ")
                         for row in self.doc.lines[max(first, 0):])

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
    # Language code -> the translation (its meta: the original's, with the translated title,
    # summary and tags; its doc: the translation's front matter, for diagnostics).
    translations: dict[str, Article[S]] = field(default_factory=dict)
    original: str | None = None  # for a translation shown in a language's site: its original's file
    outdated: bool = False  # for such a translation: its original's text changed since it was translated

    @property
    def source(self) -> str:
        return self.meta.doc.path


# An entry of a translation file: its schema is derived from its original's
# (schema.translation_of), so its fields are known when the program runs, not before.
Translation = Entry[Any]


# A team's procedure or other page: their front matter differs, their handling mostly not.
TeamArticle = Article[SopMeta] | Article[PageMeta]


@dataclass
class TeamFiles:
    """A team folder's files besides team.yml: what the checks read of every team folder, also
    of one whose team.yml did not validate."""

    id: str
    faq: list[Entry[FaqEntry]] = field(default_factory=list)
    benefits: list[Entry[Benefit]] = field(default_factory=list)
    sops: list[Article[SopMeta]] = field(default_factory=list)
    pages: list[Article[PageMeta]] = field(default_factory=list)
    files: list[tuple[Path, str]] = field(default_factory=list)  # (file on disk, path below the team folder)
    tickets: list[Ticket] = field(default_factory=list)  # metrics.csv, read
    translations: dict[str, Translation] = field(default_factory=dict)  # language -> team.<lang>.yml
    # language -> the entries of faq.<lang>.yml, of benefits.<lang>.yml
    faq_translations: dict[str, list[Translation]] = field(default_factory=dict)
    benefit_translations: dict[str, list[Translation]] = field(default_factory=dict)
    nav: Entry[TeamNav] | None = None  # nav.yml: the order and sections of the team's pages

    def articles(self) -> list[tuple[str, Sequence[TeamArticle]]]:
        """The team's Markdown files by the folder they are in: sops, then pages."""
        return [("sops", self.sops), ("pages", self.pages)]


@dataclass
class TeamContent(TeamFiles):
    """A complete team: its folder's files and its valid team.yml."""

    team: Entry[Team] = field(kw_only=True)

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
    teams: dict[str, TeamContent]  # the complete teams, sorted by id
    news: list[NewsItem]  # newest first
    synonyms: Entry[SynonymsFile] | None = None
    translations: dict[str, Translation] = field(default_factory=dict)  # language -> portal.<lang>.yml
    # Team folders whose team.yml did not validate, by id: that is an error, so the build stops
    # after checking; until then the checks still read their other files.
    incomplete: dict[str, TeamFiles] = field(default_factory=dict)
    # The organisation's Markdown, as mkdocs.yml configures it: every reading of owner text.
    markdown: Reader = field(default_factory=Reader, repr=False, compare=False)

    def team_folders(self) -> dict[str, TeamFiles]:
        """Every team folder that was read, complete or not, sorted by id: what the checks read."""
        return dict(sorted({**self.teams, **self.incomplete}.items()))


@dataclass
class Text:
    """Markdown as an owner wrote it: where, the docs folder its relative links resolve from,
    who may read it (an audience id; None is everyone), and for a page's body, the page's title."""

    path: str
    line: int
    indent: int  # columns to add on every line (a YAML block scalar's indentation)
    markdown: str
    folder: str
    audience: str | None = None
    reader: Reader = field(default_factory=Reader, repr=False, compare=False)
    title: str | None = None
    written: str | None = None  # the file's text where it stands, when the value differs (YAML)
    page: str | None = None  # the docs path of the page it is shown on, when it is one page's body

    def reading(self) -> Reading:
        return self.reader.read(self.markdown, self.line, self.indent, self.title, self.written)

    def links(self) -> Iterator[Link]:
        """The text's links and loads of other content files (Markdown, reference and HTML
        links, images), each resolved from the text's folder."""
        for url in self.reading().urls:
            if is_relative(url.value):
                yield Link(url.value, resolve(self.folder, url.value), url.line, url.column, url.raw)


def next_review(meta: SopMeta | PageMeta) -> date | None:
    """When a reviewed SOP or page is next due for review, if it has a review cycle."""
    if meta.reviewed is None or meta.review_every is None:
        return None
    return add_duration(meta.reviewed, meta.review_every)


def sop_due(meta: SopMeta) -> date:
    """When an SOP is next due for review: every SOP is reviewed on a cycle."""
    return add_duration(meta.reviewed, meta.review_every)


@dataclass(frozen=True)
class Link:
    target: str  # as written
    resolved: str  # the docs path it leads to, with its anchor: teams/it/faq.md#vpn
    line: int
    column: int
    raw: bool = False  # in raw HTML, which the browser resolves from the page's address


def texts(content: Content) -> list[Text]:
    """Every Markdown text in the content, for checks that read what owners wrote."""
    found: list[Text] = []

    def yaml_field(entry: Entry, sub: tuple, text: str | None, folder: str, audience: str | None) -> None:
        if text:
            line, indent = entry.text_start(sub, text)
            found.append(Text(entry.doc.path, line, indent, text, folder, audience, content.markdown,
                              written=entry.written_from(line, indent) if text.endswith("\n") else None))

    def article(a: Article, folder: str) -> None:
        for one in [a, *a.translations.values()]:
            found.append(Text(one.source, one.body_line, 0, one.body, folder, a.meta.value.audience, content.markdown,
                              one.meta.value.title, page=f"{folder}/{a.slug}.md"))

    yaml_field(content.settings, ("welcome",), content.settings.value.welcome, "", None)
    for portal in content.translations.values():
        yaml_field(portal, ("welcome",), portal.value.welcome, "", None)
    for team in content.team_folders().values():
        folder = f"teams/{team.id}"
        for kind, articles in team.articles():
            for a in articles:
                article(a, f"{folder}/{kind}")
        audience = {faq.value.id: faq.value.audience for faq in team.faq}
        for faq in team.faq:
            yaml_field(faq, ("answer",), faq.value.answer, folder, audience.get(faq.value.id))
        for translated in (e for entries in team.faq_translations.values() for e in entries):
            yaml_field(translated, ("answer",), translated.value.answer, folder, audience.get(translated.value.id))
        benefit_audience = {benefit.value.id: benefit.value.audience for benefit in team.benefits}
        for benefit in [*team.benefits, *(e for entries in team.benefit_translations.values() for e in entries)]:
            for name in ("how_to_claim", "details"):
                yaml_field(benefit, (name,), getattr(benefit.value, name), folder, benefit_audience.get(benefit.value.id))
    for item in content.news:
        article(item.article, "news")
    return found
