"""`portal import`: an existing Markdown handbook as portal content, and a report of the move.

The pipeline, top to bottom:
1. read the handbook (layouts.py): its layout, pages, front matter, files and order;
2. map folders to teams: one team per top-level folder, or a mapping file; the pages outside
   every folder go to a team of their own, whose id no folder's team has;
3. place each page: pages/<slug>.md of its team, its title from front matter, its first
   heading or its file name; front matter mapped where the portal has the field;
4. convert other generators' constructs (convert.py), and GitHub's Markdown where Python-Markdown
   reads it otherwise;
5. rewrite links to the pages' and files' new places, heading anchors and the handbook's old
   addresses included (links.py); copy the files pages link to; a link that leads nowhere is
   kept as written and reported;
6. make what the portal would not publish into what it does (html.py);
7. the handbook's folders and order become each team's nav.yml (structure.py);
8. write everything at once, or nothing when a file would be overwritten; then the report
   (report.py), which names the source file and line of everything changed, left out or left
   as it is.

The same handbook gives the same content, byte for byte: pages, files and report entries are
in a stable order and nothing depends on the time of the import.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

from ..checks.attachments import refused
from ..checks.sanitise import policy, removed
from ..content.markdown import Reader, escape_markdown
from ..diagnostics import Diagnostic, PortalError, Severity
from ..engine.mkdocs import markdown_settings
from ..render.urls import href, page_url
from ..writer import safe_join
from . import report as reporting
from .convert import HUGO_REF, convert
from .edits import Edit, Note, Text
from .html import SITE_FORM, VOID, Fixer, balance
from .html import Page as HtmlPage
from .layouts import Handbook, OutsideHandbook, SourcePage, read
from .links import Linker, NoHeading, Target, absolute, copy_of, old_site, page_anchors, relative
from .names import humanise, slug
from .structure import Order, Section, tree

ROOT_TEAMS = ("handbook", "home", "general")  # ids for the pages outside every folder, the first free one
OVERVIEW = "overview"  # the slug of a team folder's own page
SUMMARY_LENGTH = 200
ROOT_PAGES = ("index.md", "README.md", "readme.md", "_index.md")


# --- 2. folders to teams --------------------------------------------------------------------

@dataclass
class Mapping:
    """Which source folders become which teams (a mapping file, or one team per top-level folder)."""

    folders: dict[str, str] = field(default_factory=dict)  # source folder -> team id
    names: dict[str, str] = field(default_factory=dict)  # team id -> name
    root: str | None = None  # the team of pages outside every folder; None: the first free of ROOT_TEAMS

    @classmethod
    def load(cls, path: Path) -> Mapping:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise PortalError(f"{path}: the mapping file could not be read ({str(exc).splitlines()[0]})") from None
        problems = []
        if not isinstance(data, dict) or set(data) - {"teams", "names", "root"}:
            problems.append("it holds teams: (source folder: team id), names: (team id: name) and root: (a team id)")
        else:
            for folder, team in (data.get("teams") or {}).items():
                if not isinstance(team, str) or slug(team) != team:
                    problems.append(f"teams: {folder}: '{team}' is not a team id (lower-case letters, digits, hyphens)")
        if problems:
            raise PortalError(f"{path}: not a mapping file: " + "; ".join(problems))
        return cls({str(k).strip("/"): v for k, v in (data.get("teams") or {}).items()},
                   {str(k): str(v) for k, v in (data.get("names") or {}).items()}, data.get("root") or None)

    def team_folder(self, path: str) -> tuple[str, str]:
        """(team id, the source folder it comes from) for a file of the handbook."""
        parts = path.split("/")[:-1]
        for size in range(len(parts), 0, -1):
            folder = "/".join(parts[:size])
            if folder in self.folders:
                return self.folders[folder], folder
        if parts and slug(parts[0]):  # not mapped: one team per top-level folder
            return slug(parts[0]), parts[0]
        return self.root or ROOT_TEAMS[0], ""

    def choose_root(self, handbook: Handbook) -> None:
        """The root team's id: the mapping's, else the first that no folder's team has taken (a
        handbook with a handbook/ folder keeps that folder's team to itself)."""
        if self.root:
            return
        taken = {self.team_folder(p)[0] for p in [*handbook.pages, *handbook.files] if "/" in p}
        self.root = next((t for t in ROOT_TEAMS if t not in taken),
                         next(f"{ROOT_TEAMS[0]}-{n}" for n in range(2, 10_000) if f"{ROOT_TEAMS[0]}-{n}" not in taken))


# --- 3. pages -------------------------------------------------------------------------------

@dataclass
class Page:
    source: SourcePage
    team: str
    team_folder: str
    slug: str
    title: str
    summary: str | None
    tags: list[str]
    text: Text  # the body as it is being changed
    top: str  # the text of the heading that became the title, if one did
    top_line: int = 0  # the handbook file's line of that heading (0: none did)
    notes: list[Note] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # front matter keys the portal has no field for

    @property
    def target(self) -> str:
        return f"teams/{self.team}/pages/{self.slug}.md"

    @property
    def root(self) -> bool:
        """The handbook's root page: its top folder's own page."""
        return self.source.path in ROOT_PAGES


# Front matter the import carries over (title, summary, tags), or acts on (draft, weight, order).
MAPPED_FRONT_MATTER = {"title", "summary", "description", "tags", "keywords", "categories", "draft", "weight",
                       "nav_order", "sidebar_position", "order"}


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [str(v).strip() for v in value if isinstance(v, str | int | float) and str(v).strip()]
    return []


def _place(page: SourcePage, mapping: Mapping, handbook: Handbook) -> tuple[str, str, str]:
    """(team, team folder, slug) of a page. A folder's own page (or a Hugo bundle) is placed as
    its folder: hr/_index.md is hr's overview, hr/leave/index.md is hr's page 'leave'."""
    section = page.section or handbook.bundle(page)
    if section:
        own = page.folder
        team, folder = mapping.team_folder(f"{own}/_" if own else "_")
    else:
        own = page.path.rsplit(".", 1)[0]
        team, folder = mapping.team_folder(page.path)
    inside = own[len(folder):].strip("/") if folder and own.startswith(folder) else own
    # A name with no Latin letters or digits ('مرخصی.md') still needs a file name: numbered if taken.
    return team, folder, slug(inside.replace("/", "-")) or (OVERVIEW if section and not inside else "page")


_HEADING_LINE = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
# A '#' that opens a line's text without a space after it: text on GitHub and in Hugo (CommonMark),
# a heading to Python-Markdown. Only lines the reading says are headings are looked at.
_HASH_WORD = re.compile(r"^((?:[ \t]*(?:>|[-*+]|\d+[.)]))*[ \t]*)(#{1,6})(?=[^\s#])")


def _commonmark_headings(reader: Reader, text: Text) -> list[Edit]:
    """'#channel' at the start of a line is text for CommonMark: kept as text."""
    edits = []
    rows = text.text.split("\n")
    starts = [0]
    for row in rows[:-1]:
        starts.append(starts[-1] + len(row) + 1)
    for heading in reader.read(text.text).headings:
        row = rows[heading.line - 1] if heading.line <= len(rows) else ""
        match = _HASH_WORD.match(row)
        if match and heading.text and row[match.end():].lstrip("#").startswith(heading.text.split()[0][:1]):
            at = starts[heading.line - 1] + match.end(1)
            edits.append(Edit(at, at, "\\", Note(text.line_of(heading.line), "converted",
                                                 f"'{match.group(2)}{heading.text.split()[0]}' opens a line without a "
                                                 "space: text on GitHub, a heading here; kept as text")))
    return edits


def _title_heading(reader: Reader, text: Text, title: str | None) -> tuple[str, Edit] | None:
    """The body's first heading when it is an h1 that can be the page's title (or repeats the
    title the front matter gives): its text, and the edit that takes its line(s) out."""
    reading = reader.read(text.text)
    if not reading.headings or reading.headings[0].level != 1:
        return None
    heading = reading.headings[0]
    if title is not None and heading.text.casefold() != title.casefold():
        return None
    rows = text.text.split("\n")
    first = heading.line - 1
    if first >= len(rows):
        return None
    start = sum(len(r) + 1 for r in rows[:first])
    if _HEADING_LINE.match(rows[first]):
        end = start + len(rows[first])
    elif first + 1 < len(rows) and rows[first].strip() and set(rows[first + 1].strip()) == {"="}:
        end = start + len(rows[first]) + 1 + len(rows[first + 1])
    else:
        return None
    above = any(r.strip() for r in rows[:first])
    # The heading's line goes with one blank line around it, so no gap is left where it was.
    if start == 0 or text.text[:start].endswith("\n\n"):
        end += 2 if text.text.startswith("\n\n", end) else 1 if text.text.startswith("\n", end) else 0
    what = f"the first heading '{heading.text}': the page's title" + (
        ", the text above it now follows the title" if above else "")
    return heading.text, Edit(start, end, "", Note(text.line_of(heading.line), "converted", what))


def make_page(reader: Reader, page: SourcePage, mapping: Mapping, handbook: Handbook) -> Page:
    team, folder, page_slug = _place(page, mapping, handbook)
    front = page.front
    converted, convert_notes = convert(page.body)
    source = Text.at(page.body, page.body_line)
    text = Text.changed(source, converted) if converted != page.body else source
    notes = [Note(source.line_of(n.line), "converted" if n.converted else "not_converted", n.what)
             for n in convert_notes]
    if handbook.layout != "mkdocs":  # MkDocs handbooks were written for Python-Markdown already
        notes += text.apply(_commonmark_headings(reader, text))
    title = str(front.get("title") or "").strip() or None
    top, top_line = "", 0
    heading = _title_heading(reader, text, title)
    if heading:
        top, edit = heading
        title = title or top
        top_line = text.line_at(edit.start)
        notes += text.apply([edit])
    if not title:
        name = page.folder.rsplit("/", 1)[-1] if page.section or handbook.bundle(page) else \
            page.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        title = humanise(name or "Home")
    summary = str(front.get("summary") or front.get("description") or "").strip() or None
    tags = list(dict.fromkeys(_strings(front.get("tags")) + _strings(front.get("keywords"))
                              + _strings(front.get("categories"))))
    dropped = sorted(str(k) for k in front if str(k) not in MAPPED_FRONT_MATTER)
    return Page(page, team, folder, page_slug, title, summary, tags, text, top or title, top_line, notes, dropped)


# --- 5 and 6: links, and what the portal would not publish -----------------------------------

@dataclass
class Unresolved:
    file: str
    line: int
    target: str  # as the handbook wrote it
    reason: str
    now: str  # as the imported page has it


class Importer:
    """Everything the import writes, worked out page by page without writing anything."""

    def __init__(self, reader: Reader, handbook: Handbook, mapping: Mapping, addresses: list[str]):
        self.reader, self.handbook, self.mapping, self.addresses = reader, handbook, mapping, addresses
        self.copies: dict[str, Path] = {}  # content path -> the file to copy there
        self.copied: dict[str, str] = {}  # content path -> the file's path in the handbook
        self.refused: dict[str, tuple[str, str]] = {}  # handbook file -> (why the portal refuses it, hint)
        self.unresolved: list[Unresolved] = []
        settings = reader.settings.extensions
        self.footnotes = any(str(e).rsplit(".", 1)[-1] == "footnotes" for e in settings)
        self.policy = policy((), ())

    def read(self, page: Page):
        """The page's text read as the portal renders it, under its title: one reading serves
        its anchors, its links and its checks."""
        return self.reader.read(page.text.text, title=page.title)

    def file_target(self, rel: str, source: Path) -> str:
        """A file goes to its folder's team; a file of a folder without pages (images/, Hugo's
        static/) to the root team."""
        team, folder = self.mapping.team_folder(rel)
        if team not in self.teams:
            team, folder = self.mapping.root or ROOT_TEAMS[0], ""
        inside = rel[len(folder):].strip("/") if folder else rel
        target = f"teams/{team}/files/{inside}"
        why = refused(source, f"content/teams/{team}")
        if why:
            self.refused[rel] = why
            raise _Refused(rel, why[0])
        self.copies[target], self.copied[target] = source, rel
        return target

    def prepare(self, pages: dict[str, Page]) -> None:
        self.pages = pages
        self.teams = {page.team for page in pages.values()}
        targets = {path: Target(path, page.target, page_anchors(self.reader, page.text.text, page.title, page.top))
                   for path, page in pages.items()}
        urls = [u.value for page in pages.values() for u in self.read(page).urls]
        self.old = old_site(self.handbook, urls, self.addresses)
        self.linker = Linker(self.handbook, targets, self.file_target, self.old)

    def _footnote(self, text: str, start: int) -> bool:
        """Whether an address is a footnote's text, read as a reference definition because the
        footnotes extension is off: '[^1]: This …'."""
        line_start = text.rfind("\n", 0, start) + 1
        return re.match(r"^ {0,3}\[\^[^\]\n]+\]:[ \t]*$", text[line_start:start]) is not None

    def links(self, page: Page, reading) -> tuple[list[Edit], dict[tuple[int, int], str]]:
        edits: list[Edit] = []
        changes: dict[tuple[int, int], str] = {}
        text = page.text
        for url in reading.urls:
            span = url.span
            if span is None:
                if not absolute(url.value) and not url.value.startswith("#"):
                    page.notes.append(Note(text.line_of(url.line), "not_converted",
                                           f"the link {url.value}: not found where it is written, so left as it is"))
                continue
            if not self.footnotes and self._footnote(text.text, url.span[0]):
                continue
            line = text.line_of(url.line)
            try:
                found, reason, note = self.linker.resolve(url.value, page.source.path, line)
            except _Refused as exc:
                self.unresolved.append(Unresolved(page.source.path, line, url.value,
                                                  f"the portal does not publish {exc.path}: {exc.why}", url.value))
                continue
            except NoHeading as exc:
                new = relative(exc.target, page.target) if not absolute(url.value) else url.value
                self.unresolved.append(Unresolved(page.source.path, line, url.value, exc.reason, new))
                if new != url.value:  # the page is there: the link leads to it, its anchor as written
                    changes[span] = new
                    edits.append(Edit(span[0], span[1], new))
                continue
            if found is None:
                written = url.value.replace(HUGO_REF, "")
                self.unresolved.append(Unresolved(page.source.path, line, written, reason, written))
                if url.value.startswith(HUGO_REF):
                    edits.append(Edit(span[0], span[1], written))
                continue
            new = found if found == url.value or not found.startswith("teams/") else relative(found, page.target)
            if note and url.loaded and absolute(url.value) and new != url.value:
                # A picture the old site served, of which the handbook holds the copy: for the owners' list.
                what = "an image" if url.tag == "img" else f"a <{url.tag}>"
                note = Note(note.line, "external", f"{what} from {url.value}: now the handbook's own copy", url.value)
            if new != url.value:
                changes[span] = new
                # A plain rewrite is counted (kind 'link'), not listed: the pages table says where each went.
                edits.append(Edit(span[0], span[1], new, note or Note(line, "link", url.value)))
            elif note:
                page.notes.append(note)
        return edits, changes

    def copy_for(self, page: Page):
        def copy(url: str) -> str | None:
            found = copy_of(url, self.handbook, self.old)
            if not found:
                return None
            try:
                return relative(self.file_target(found, self.handbook.root / found), page.target)
            except _Refused:
                return None
        return copy

    def fix(self, page: Page) -> None:
        """The page's links rewritten, and what the portal would not publish made into what it does."""
        reading = self.read(page)
        link_edits, changes = self.links(page, reading)
        fixer = Fixer(HtmlPage(page.text, reading, changes, self.copy_for(page), self.site_form(page)))
        # An address the links rewrite (a Hugo ref) is judged as rewritten, by verify().
        rewritten = {u.value for u in reading.urls if u.span in changes}
        problems = [p for p in removed(reading, self.policy) if not (
            p.element and p.attribute and dict(p.element.attributes).get(p.attribute) in rewritten)]
        html_edits = fixer.edits(problems)
        markdown = fixer.in_markdown()
        # The rewritten elements carry their rewritten addresses; links inside them give way.
        page.notes += page.text.apply(html_edits + [edit for edit, _ in markdown] + link_edits)
        self.settle(page, markdown)
        self.verify(page)
        self.leftovers(page)

    def site_form(self, page: Page):
        """A link as Markdown writes it (to a file, relative to the page's file) -> as the built
        page needs it in raw HTML (relative to the page's address: MkDocs does not rewrite it)."""
        def form(address: str) -> str:
            path, hash_, anchor = address.partition("#")
            if not path:
                return address
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page.target), path))
            return href(page.target, target, anchor) if target.endswith(".md") else \
                posixpath.relpath(target, page_url(page.target) or ".") + hash_ + anchor
        return form

    def settle(self, page: Page, markdown: list[tuple[Edit, str]]) -> None:
        """Raw <a> and <img> written as Markdown stay so where Markdown reads them as a link or an
        image; inside a raw HTML block, where it does not, they are HTML again, with the address
        the built page needs."""
        if not markdown:
            return
        reading = self.read(page)
        edits: list[Edit] = []
        at = 0
        taken = set(page.notes)
        for edit, site in markdown:
            if not site:  # written in the built page's form already
                continue
            where = page.text.text.find(edit.new, at)
            if where < 0:
                continue
            at = where + len(edit.new)
            if not any(u.span and where <= u.span[0] < at for u in reading.urls):
                edits.append(Edit(where, at, site, Note(page.text.line_at(where), "converted", SITE_FORM)))
                if edit.note in taken:  # it is HTML after all: the note says what it is now
                    page.notes.remove(edit.note)
        page.notes += page.text.apply(edits)

    def verify(self, page: Page) -> None:
        """What the sanitiser would still take out: shown as text when it is raw HTML found where
        it is written, else left for portal check, and said so."""
        for _ in range(2):
            reading = self.read(page)
            problems = removed(reading, self.policy)
            if not problems:
                return
            fixer = Fixer(HtmlPage(page.text, reading, {}, lambda url: None))
            edits: list[Edit] = balance(page.text, reading) if any(p.element is None for p in problems) else []
            for problem in problems:
                element = problem.element
                at = fixer.raw_at(element) if element else None
                if element is None or at is None:
                    continue
                end_tag = fixer.end_of(element.tag, at + len(element.written)) if element.tag not in VOID else None
                edits.append(Edit(at, at + 1, "&lt;", Note(page.text.line_at(at), "converted",
                                                           f"{problem.problem}: shown as text")))
                if end_tag is not None:
                    close = page.text.text.rfind("<", at, end_tag)
                    edits.append(Edit(close, close + 1, "&lt;"))
            applied = page.text.apply(edits)
            page.notes += applied
            if not applied:
                break
        for problem in removed(self.read(page), self.policy):
            page.notes.append(Note(page.text.line_of(problem.line), "not_converted",
                                   f"{problem.problem}: not converted, portal check reports it"))

    def leftovers(self, page: Page) -> None:
        """What is shown as written but was not meant to be: template tokens the handbook's own
        site filled in, and footnotes without the footnotes extension."""
        words = _prose(self.read(page).html)
        at = 0
        for token in dict.fromkeys(re.findall(r"\{\{.*?\}\}|\{%.*?%\}", words)):
            where = page.text.text.find(token, at)
            line = page.text.line_at(where) if where >= 0 else page.text.lines[0]
            page.notes.append(Note(line, "not_converted", f"{token} is a template token the handbook's own site "
                                                          "filled in: the portal shows it as written; write out what "
                                                          "it stood for"))
        if not self.footnotes and "[^" in words:
            where = page.text.text.find("[^")
            page.notes.append(Note(page.text.line_at(max(where, 0)), "not_converted",
                                   "footnotes ([^…]) need the footnotes extension: add footnotes to "
                                   "markdown_extensions in mkdocs.yml; until then they show as written"))


class _Prose(HTMLParser):
    """The words of rendered HTML outside code: what readers read as prose."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.code = 0

    def handle_starttag(self, tag, attrs):
        self.code += tag in ("code", "pre", "kbd", "samp")

    def handle_endtag(self, tag):
        self.code -= tag in ("code", "pre", "kbd", "samp") and self.code > 0

    def handle_data(self, data):
        if not self.code:
            self.words.append(data)


def _prose(rendered: str) -> str:
    parser = _Prose()
    parser.feed(rendered)
    parser.close()
    return " ".join(" ".join(parser.words).split())


class _Refused(Exception):
    def __init__(self, path: str, why: str):
        super().__init__(path)
        self.path, self.why = path, why


# --- 7 and 8: structure, writing, and the report --------------------------------------------

@dataclass
class Prepared:
    texts: dict[str, str]  # content path -> text
    copies: dict[str, Path]  # content path -> source file
    report: dict


def _team_file(name: str, summary: str, folder: str, inferred: bool) -> str:
    value = yaml.safe_dump({"name": name, "summary": summary}, allow_unicode=True, sort_keys=False, width=100)
    gap = "" if inferred else "# To fill in: a summary in your own words (this one was made up by the import).\n"
    return (f"# Imported from {folder or 'the handbook’s top level'}/. To fill in: owners (who reviews changes to\n"
            "# this folder) and channels (how employees reach the team); portal check warns until then.\n"
            + gap + value + "owners: []\nchannels: []\n")


def _lead(reader: Reader, page: Page) -> str:
    """The words of the page's first paragraph after its top heading (what the page opens with,
    not a line above its heading)."""
    rows = page.text.text.split("\n")
    first = next((i for i, line in enumerate(page.text.lines) if line >= page.top_line), 0) if page.top_line else 0
    plain = next((p for p in reader.read("\n".join(rows[first:])).paragraphs if p), "")
    return plain if len(plain) <= SUMMARY_LENGTH else plain[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + "…"


def _nav_file(entries: list, pages_by_source: dict[str, Page]) -> str:
    def entry(item) -> object:
        if isinstance(item, str):
            return f"pages/{pages_by_source[item].slug}.md"
        section: dict = {"title": item.title}
        if item.own:
            section["page"] = f"pages/{pages_by_source[item.own].slug}.md"
        if item.entries:
            section["nav"] = [entry(e) for e in item.entries]
        return section

    data = {"nav": [entry(e) for e in entries]}
    return ("# The order of the team's pages in the navigation, and its sections: the handbook's folders,\n"
            "# in the handbook's order, imported. Pages not listed here follow, by title.\n"
            + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100))


def _sections(entries: list) -> list:
    """Sections as the navigation shows them: a folder holding only its own page is that page, and
    one holding no page at all is left out."""
    out: list = []
    for item in entries:
        if isinstance(item, Section):
            inner = _sections(item.entries)
            if item.own and not inner:  # a folder of one page is that page
                out.append(item.own)
            elif item.own or inner:
                out.append(Section(item.title, item.own, inner))
        else:
            out.append(item)
    return out


def prepare(reader: Reader, handbook: Handbook, mapping: Mapping, addresses: list[str]) -> Prepared:
    """Everything the import writes, and its report, without writing anything."""
    pages: dict[str, Page] = {}
    mapping.choose_root(handbook)
    # A symbolic link may lead anywhere on the machine: none is followed, each is said.
    skipped = [{"file": link, "reason": "a symbolic link: not followed (copy the file into the handbook)"}
               for link in handbook.links]
    for path, source in handbook.pages.items():
        if source.front.get("draft") is True:
            skipped.append({"file": path, "reason": "a draft (draft: true)"})
            continue
        pages[path] = make_page(reader, source, mapping, handbook)
    # Two pages with the same slug in a team (a/b.md and a-b.md): the later one is numbered.
    taken: set[tuple[str, str]] = set()
    for page in pages.values():
        base, n = page.slug, 1
        while (page.team, page.slug) in taken:
            n += 1
            page.slug = f"{base}-{n}"
        taken.add((page.team, page.slug))
    importer = Importer(reader, handbook, mapping, addresses)
    importer.prepare(pages)
    for page in pages.values():
        importer.fix(page)

    texts: dict[str, str] = {}
    for page in pages.values():
        meta: dict[str, str | list[str]] = {"title": page.title}
        if page.summary:
            meta["summary"] = page.summary
        if page.tags:
            meta["tags"] = page.tags
        texts[page.target] = ("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
                              + "---\n\n" + page.text.text.strip("\n") + "\n")

    order = Order(handbook, lambda path: pages[path].title)
    folders = tree(handbook, list(pages))
    teams = []
    for team in sorted({p.team for p in pages.values()} | {k.split("/")[1] for k in importer.copies}):
        own = [p for p in pages.values() if p.team == team]
        folder = own[0].team_folder if own else ""
        overview = next((p for p in own if p.slug == OVERVIEW and p.source.section), None)
        name = mapping.names.get(team) or (overview.title if overview else None) \
            or (humanise(folder.rsplit("/", 1)[-1]) if folder else handbook.name or "Handbook")
        summary = (overview.summary or _lead(reader, overview)) if overview else ""
        inferred = bool(summary)
        summary = summary or f"Pages imported from the handbook's {folder or 'top level'}."
        texts[f"teams/{team}/team.yml"] = _team_file(name, summary, folder, inferred)
        node = folders
        for part in filter(None, folder.split("/")):  # the team's folder holds its pages, so it is in the tree
            node = node.folders[part]
        members = {p.source.path for p in own}
        entries = _sections(order.entries(node, members.__contains__))
        if node.own in members:
            entries.insert(0, node.own)
        if len(own) > 1:
            texts[f"teams/{team}/nav.yml"] = _nav_file(entries, pages)
        gaps = ["owners", "channels"] + ([] if inferred else ["summary"])
        teams.append({"id": team, "name": name, "folder": folder, "pages": len(own), "to_fill_in": gaps})

    root = next((p for p in pages.values() if p.root), None)
    report = reporting.build(handbook, list(pages.values()), teams, importer, skipped)
    report["root"] = {"source": root.source.path, "target": root.target, "title": root.title,
                      "lead": _lead(reader, root)} if root else None
    return Prepared(texts, dict(sorted(importer.copies.items())), report)


def portal_file(prepared: Prepared, handbook: Handbook, source: Path) -> str:
    """portal.yml: the organisation named as the handbook names itself (its configuration, else
    its root page's title), and the home page opening with the root page's first paragraph and a
    link to it."""
    root = prepared.report["root"]
    organisation = handbook.name or (root["title"] if root else None) or humanise(source.resolve().name)
    settings: dict = {"organisation": organisation}
    if root:
        first = root["lead"]
        link = f"[{escape_markdown(root['title'])}]({root['target']})"
        settings["welcome"] = (escape_markdown(first) + "\n\n" if first else "") + link + "\n"
    return ("# Written by portal import. To fill in: locations (the offices, for office hours and\n"
            "# tailoring) and help_desk (the team to ask when nothing else answers).\n"
            + yaml.dump(settings, Dumper=_Blocks, allow_unicode=True, sort_keys=False, width=100) + "locations: []\n")


class _Blocks(yaml.SafeDumper):
    """YAML with text of several lines as a block (|), as an owner would write it."""


_Blocks.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None))


def run_import(source: Path, content_dir: Path, report_stem: Path, map_file: Path | None = None,
               layout: str | None = None, addresses: list[str] | None = None) -> dict:
    """Import the handbook at source into content_dir; write the report (.md and .json). Nothing
    is written when a file of content_dir would be overwritten."""
    if not source.is_dir():
        raise PortalError(f"{source}: no such folder; give the handbook's folder (a plain tree, an MkDocs project "
                          "or a Hugo site)")
    mapping = Mapping.load(map_file) if map_file else Mapping()
    if source.resolve().is_relative_to(content_dir.resolve()):
        raise PortalError(f"{source} is inside {content_dir}: import a handbook from outside the content folder")
    try:
        # The content folder and the report may sit inside the handbook (portal import .): not pages.
        handbook = read(source, layout, skip=(content_dir,))
    except OutsideHandbook as exc:
        raise PortalError(f"nothing imported: {exc}; the import reads only the handbook's own folder") from None
    reports = {report_stem.with_suffix(".md").resolve(), report_stem.with_suffix(".json").resolve()}
    handbook.files = [f for f in handbook.files if (handbook.root / f).resolve() not in reports]
    handbook.pages = {p: page for p, page in handbook.pages.items() if (handbook.root / p).resolve() not in reports}
    if not handbook.pages:
        raise PortalError(f"{source}: no Markdown pages found under {handbook.root}")
    # Read as the project's MkDocs will render it: the mkdocs.yml beside the content folder.
    reader = Reader(markdown_settings(content_dir.parent / "mkdocs.yml")[0])
    prepared = prepare(reader, handbook, mapping, handbook.addresses + list(addresses or []))
    if not (content_dir / "portal.yml").exists():
        prepared.texts["portal.yml"] = portal_file(prepared, handbook, source)
    existing = [Diagnostic(str(content_dir / rel), 1, 1, Severity.ERROR, "import-conflict",
                           "this file exists already; the import does not overwrite content",
                           hint="import into an empty folder (--content), or map the folder to another team id (--map)")
                for rel in sorted(prepared.texts.keys() | prepared.copies.keys()) if (content_dir / rel).exists()]
    if existing:
        raise PortalError(f"nothing imported: {len(existing)} file(s) of {content_dir} would be overwritten", existing)
    # Every destination inside the content folder, through no symbolic link, before anything is written.
    top = content_dir.resolve()
    destinations = {rel: safe_join(content_dir, rel) for rel in sorted(prepared.texts.keys() | prepared.copies.keys())}
    outside = [rel for rel, path in destinations.items() if not path.resolve().is_relative_to(top)]
    if outside:
        raise PortalError(f"nothing imported: {outside[0]} would be written outside {content_dir} "
                          "(a symbolic link in the content folder?)")
    for rel, text in sorted(prepared.texts.items()):
        path = destinations[rel]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for rel, src in prepared.copies.items():
        destinations[rel].parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, destinations[rel], follow_symlinks=False)
    report = {"source": source.as_posix(), **prepared.report}
    report_stem.parent.mkdir(parents=True, exist_ok=True)
    report_stem.with_suffix(".json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n",
                                                encoding="utf-8")
    report_stem.with_suffix(".md").write_text(reporting.markdown(report, source.as_posix()), encoding="utf-8")
    return report
