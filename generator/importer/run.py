"""`portal import`: an existing Markdown handbook as portal content, and a report of the move.

The pipeline, top to bottom:
1. read the handbook (handbook.py): its layout, pages, front matter and files;
2. map folders to teams: one team per top-level folder, or a mapping file;
3. place each page: pages/<slug>.md of its team, its title from front matter, its first
   heading or its file name; front matter mapped where the portal has the field;
4. convert other generators' constructs (convert.py);
5. rewrite links to the pages' and files' new places, headings' anchors included; copy the
   files pages link to; a link that leads nowhere becomes its text and is reported;
6. write everything at once, or nothing when a file would be overwritten; then the report.

The same handbook gives the same content, byte for byte: pages, files and report entries are
in a stable order and nothing depends on the time of the import.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import unicodedata
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from ..checks.sanitise import policy, removed
from ..content.markdown import Reader
from ..diagnostics import Diagnostic, PortalError, Severity
from ..engine.mkdocs import markdown_settings
from ..writer import safe_join
from .convert import HUGO_REF, Note, convert
from .layouts import Handbook, OutsideHandbook, SourcePage, read

ROOT_TEAM = "handbook"  # the team of pages outside every mapped folder
OVERVIEW = "overview"  # the slug of a team folder's own page
SUMMARY_LENGTH = 200


# --- 2. folders to teams --------------------------------------------------------------------

def slug(text: str) -> str:
    """'Human Resources' -> 'human-resources'; 'Työterveys' -> 'tyoterveys'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def humanise(name: str) -> str:
    """'first-week_checklist' -> 'First week checklist'; 'hr' -> 'HR' (two letters: an abbreviation)."""
    words = re.sub(r"[-_]+", " ", name).strip()
    if len(words) == 2:
        return words.upper()
    return words[:1].upper() + words[1:] if words else name


@dataclass
class Mapping:
    """Which source folders become which teams (a mapping file, or one team per top-level folder)."""

    folders: dict[str, str] = field(default_factory=dict)  # source folder -> team id
    names: dict[str, str] = field(default_factory=dict)  # team id -> name
    root: str = ROOT_TEAM

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
                   {str(k): str(v) for k, v in (data.get("names") or {}).items()}, data.get("root") or ROOT_TEAM)

    def team_folder(self, path: str) -> tuple[str, str]:
        """(team id, the source folder it comes from) for a file of the handbook."""
        parts = path.split("/")[:-1]
        for size in range(len(parts), 0, -1):
            folder = "/".join(parts[:size])
            if folder in self.folders:
                return self.folders[folder], folder
        if parts:  # not mapped: one team per top-level folder
            return slug(parts[0]) or self.root, parts[0]
        return self.root, ""


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
    body: str
    first_line: int  # the line of the source file the body now starts on
    notes: list[Note] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # front matter keys the portal has no field for

    @property
    def target(self) -> str:
        return f"teams/{self.team}/pages/{self.slug}.md"


MAPPED_FRONT_MATTER = {"title", "summary", "description", "tags", "keywords", "categories"}


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


def _first_heading(reader: Reader, body: str) -> tuple[str, int] | None:
    """The text of the h1 the body opens with, and the lines it takes (2 for an underlined one)."""
    reading = reader.read(body)
    if not reading.elements or reading.elements[0].tag != "h1" or not reading.headings:
        return None
    heading = reading.headings[0]
    lines = body.split("\n")
    first = heading.line - 1
    if first >= len(lines) or any(line.strip() for line in lines[:first]):
        return None
    return heading.text, 1 if lines[first].lstrip().startswith("#") else 2


def make_page(reader: Reader, page: SourcePage, mapping: Mapping, handbook: Handbook) -> Page:
    team, folder, page_slug = _place(page, mapping, handbook)
    front = page.front
    body, notes = convert(page.body)
    title = str(front.get("title") or "").strip()
    removed = ""  # what the title took from the top of the body
    if not title:
        heading = _first_heading(reader, body)
        if heading:
            title, taken = heading
            lines = body.split("\n")
            end = next(i for i, line in enumerate(lines) if line.strip()) + taken
            removed, body = "\n".join(lines[:end]) + "\n", "\n".join(lines[end:])
            notes.append(Note(1, True, "first heading: the page's title"))
    removed += body[:len(body) - len(body.lstrip("\n"))]
    if not title:
        name = page.folder.rsplit("/", 1)[-1] if page.section or handbook.bundle(page) else \
            page.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        title = humanise(name or "Home")
    summary = str(front.get("summary") or front.get("description") or "").strip() or None
    tags = list(dict.fromkeys(_strings(front.get("tags")) + _strings(front.get("keywords"))
                              + _strings(front.get("categories"))))
    dropped = sorted(str(k) for k in front if str(k) not in MAPPED_FRONT_MATTER)
    return Page(page, team, folder, page_slug, title, summary, tags, body.strip("\n") + "\n",
                page.body_line + removed.count("\n"), notes, dropped)


# --- 5. links and anchors -------------------------------------------------------------------

_SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


def github_anchor(text: str) -> str:
    """How GitHub and Hugo name a heading's anchor: lower case, punctuation dropped, spaces to '-'."""
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def anchors(reader: Reader, page: Page) -> dict[str, str]:
    """Every anchor the source may have used for the page's headings -> the portal page's anchor
    (as the organisation's toc makes it on the page, beside the page title's)."""
    found: dict[str, str] = {}
    theirs: dict[str, int] = {}
    for heading in reader.read(page.body, title=page.title).headings:
        github = github_anchor(heading.text)
        count = theirs.get(github, 0)
        theirs[github] = count + 1
        for name in (f"{github}-{count}" if count else github, heading.anchor):
            found.setdefault(name, heading.anchor)
    return found


@dataclass
class Unresolved:
    file: str
    line: int
    target: str
    reason: str


class Linker:
    """Finds where a source link leads and writes it for the page's new place."""

    def __init__(self, reader: Reader, handbook: Handbook, pages: dict[str, Page], mapping: Mapping):
        self.reader, self.handbook, self.pages, self.mapping = reader, handbook, pages, mapping
        self.by_name: dict[str, list[str]] = {}
        for path in pages:
            self.by_name.setdefault(path.rsplit("/", 1)[-1], []).append(path)
        self.files = set(handbook.files)
        self.teams = {page.team for page in pages.values()}
        self.copies: dict[str, Path] = {}  # content path -> the file to copy there
        self.copied: dict[str, str] = {}  # content path -> the file's path in the handbook (static/… for Hugo's)
        self.anchors = {path: anchors(reader, page) for path, page in pages.items()}

    def _page(self, path: str) -> str | None:
        path = path.strip("/")
        for candidate in (path, f"{path}.md", f"{path}/index.md", f"{path}/_index.md", f"{path}/README.md",
                          re.sub(r"\.html?$", ".md", path), re.sub(r"(/index)?\.html?$", "/index.md", path)):
            if candidate in self.pages:
                return candidate
        return None

    def _file_target(self, rel: str, source: Path) -> str:
        """A file goes to its folder's team; a file of a folder without pages (images/, Hugo's
        static/) to the top level's team."""
        team, folder = self.mapping.team_folder(rel)
        if team not in self.teams:
            team, folder = self.mapping.root, ""
        inside = rel[len(folder):].strip("/") if folder else rel
        target = f"teams/{team}/files/{inside}"
        self.copies[target], self.copied[target] = source, rel
        return target

    def resolve(self, raw: str, page: Page) -> tuple[str | None, str]:
        """(content path with anchor, '') for a page or file, (None, reason) when it leads nowhere,
        (raw, '') for an address outside the handbook."""
        hugo_ref = raw.startswith(HUGO_REF)
        target = raw[len(HUGO_REF):] if hugo_ref else raw
        if not hugo_ref and (_SCHEME.match(target) or not target):
            return raw, ""
        path, _, anchor = target.partition("#")
        path = urllib.parse.unquote(path.split("?", 1)[0])
        here = page.source.path.rsplit("/", 1)[0] if "/" in page.source.path else ""
        found: str | None
        if not path:
            found = page.source.path
        else:
            bases = [""] if path.startswith("/") else [here]
            if not path.startswith("/"):
                # Hugo resolves a relative link from the page's own address (leave.md is /leave/).
                bases.append(page.source.path.rsplit(".", 1)[0])
            if hugo_ref:
                bases.append("")
            found = None
            for base in bases:
                joined = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
                if joined.startswith(".."):
                    continue
                found = self._page(joined) or (joined if joined in self.files else None)
                if found:
                    break
            if found is None and hugo_ref:
                matches = self.by_name.get(path.rsplit("/", 1)[-1]) or self.by_name.get(path.rsplit("/", 1)[-1] + ".md")
                found = matches[0] if matches and len(matches) == 1 else None
            if found is None and path.startswith("/") and self.handbook.static:
                rel = posixpath.normpath(path.lstrip("/"))
                static = None if rel.startswith("..") else self.handbook.inside(self.handbook.static, rel)
                if static is not None:
                    return self._file_target("static/" + rel, static) + (f"#{anchor}" if anchor else ""), ""
            if found is None:
                return None, "no such page or file in the handbook"
        if found in self.pages:
            if not anchor:
                return self.pages[found].target, ""
            ours = self.anchors[found].get(anchor) or self.anchors[found].get(anchor.lower())
            if ours is None:
                return None, f"the page has no heading #{anchor}"
            return f"{self.pages[found].target}#{ours}", ""
        return self._file_target(found, self.handbook.root / found) + (f"#{anchor}" if anchor else ""), ""

    def rewrite(self, page: Page, unresolved: list[Unresolved]) -> str:
        """The page's body with every link to the handbook (Markdown, reference or HTML link,
        image) pointing at its new place. A link that leads nowhere stays as it was, reported."""
        body = page.body
        folder = posixpath.dirname(page.target)

        def relative(content_path: str) -> str:
            path, _, anchor = content_path.partition("#")
            if path == page.target:
                return f"#{anchor}" if anchor else posixpath.basename(path)
            link = posixpath.relpath(path, folder)
            return urllib.parse.quote(link, safe="/-._~") + (f"#{anchor}" if anchor else "")

        changes: list[tuple[int, int, str]] = []
        for url in self.reader.read(body, page.first_line).urls:
            if url.span is None:
                continue
            found, reason = self.resolve(url.value, page)
            if found is None:
                unresolved.append(Unresolved(page.source.path, url.line, url.value.replace(HUGO_REF, ""), reason))
                if url.value.startswith(HUGO_REF):
                    changes.append((*url.span, url.value[len(HUGO_REF):]))
            elif found != url.value:
                changes.append((*url.span, relative(found)))
        for start, end, new in sorted(changes, reverse=True):
            body = body[:start] + new + body[end:]
        return body


def make_safe(reader: Reader, page: Page) -> str:
    """Raw HTML the portal does not allow, shown as text instead (and noted); what Markdown
    itself made unsafe is noted and left for the check to report."""
    body = page.body
    lines = body.split("\n")
    escaped = set()
    for problem in removed(reader.read(body), policy((), ())):
        # Notes count lines from the source's body; this one's from the body without its title.
        line = problem.line + page.first_line - page.source.body_line
        row = lines[problem.line - 1] if problem.line <= len(lines) else ""
        if row[problem.column - 1:problem.column] == "<" and (problem.line, problem.column) not in escaped:
            escaped.add((problem.line, problem.column))
            lines[problem.line - 1] = row[:problem.column - 1] + "&lt;" + row[problem.column:]
            page.notes.append(Note(line, False, f"{problem.problem}: shown as text"))
        elif "<" not in row[problem.column - 1:problem.column]:
            page.notes.append(Note(line, False, f"{problem.problem}: not converted, portal check reports it"))
    return "\n".join(lines)


# --- 6. writing, and the report -------------------------------------------------------------

@dataclass
class Prepared:
    texts: dict[str, str]  # content path -> text
    copies: dict[str, Path]  # content path -> source file
    report: dict


def _team_file(team: str, name: str, summary: str, folder: str, inferred: bool) -> str:
    value = yaml.safe_dump({"name": name, "summary": summary}, allow_unicode=True, sort_keys=False, width=100)
    gap = "" if inferred else "# To fill in: a summary in your own words (this one was made up by the import).\n"
    return (f"# Imported from {folder or 'the handbook’s top level'}/. To fill in: owners (who reviews changes to\n"
            "# this folder) and channels (how employees reach the team); portal check warns until then.\n"
            + gap + value + "owners: []\nchannels: []\n")


def _first_paragraph(reader: Reader, body: str) -> str:
    """The words of the body's first paragraph of its own (not in a list, quote or table)."""
    plain = next((p for p in reader.read(body).paragraphs if p), "")
    return plain if len(plain) <= SUMMARY_LENGTH else plain[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + "…"


def prepare(reader: Reader, handbook: Handbook, mapping: Mapping, organisation: str | None) -> Prepared:
    """Everything the import writes, and its report, without writing anything."""
    pages: dict[str, Page] = {}
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
    linker = Linker(reader, handbook, pages, mapping)
    unresolved: list[Unresolved] = []
    for page in pages.values():
        page.body = linker.rewrite(page, unresolved)
        page.body = make_safe(reader, page)

    texts: dict[str, str] = {}
    for page in pages.values():
        meta: dict[str, str | list[str]] = {"title": page.title}
        if page.summary:
            meta["summary"] = page.summary
        if page.tags:
            meta["tags"] = page.tags
        texts[f"teams/{page.team}/pages/{page.slug}.md"] = (
            "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100) + "---\n\n" + page.body)

    teams = []
    for team in sorted({p.team for p in pages.values()} | {k.split("/")[1] for k in linker.copies}):
        own = [p for p in pages.values() if p.team == team]
        overview = next((p for p in own if p.slug == OVERVIEW), None)
        folder = own[0].team_folder if own else ""
        name = mapping.names.get(team) or (overview.title if overview else None) \
            or (humanise(folder.rsplit("/", 1)[-1]) if folder else organisation or "Handbook")
        summary = (overview.summary or _first_paragraph(reader, overview.body)) if overview else ""
        inferred = bool(summary)
        summary = summary or f"Pages imported from the handbook's {folder or 'top level'}."
        texts[f"teams/{team}/team.yml"] = _team_file(team, name, summary, folder, inferred)
        gaps = ["owners", "channels"] + ([] if inferred else ["summary"])
        teams.append({"id": team, "name": name, "folder": folder, "pages": len(own), "to_fill_in": gaps})

    report = {
        "layout": handbook.layout,
        "pages": [{"source": p.source.path, "target": p.target, "team": p.team, "title": p.title}
                  for p in pages.values()],
        "teams": teams,
        "converted": [{"file": p.source.path, "line": p.source.body_line + n.line - 1, "what": n.what}
                      for p in pages.values() for n in p.notes if n.converted],
        "not_converted": [{"file": p.source.path, "line": p.source.body_line + n.line - 1, "what": n.what}
                          for p in pages.values() for n in p.notes if not n.converted]
        + [{"file": s.path, "line": 1, "what": s.problem} for s in handbook.pages.values() if s.problem],
        "front_matter_not_mapped": [{"file": p.source.path, "keys": p.dropped} for p in pages.values() if p.dropped],
        "unresolved_links": [asdict(u) for u in unresolved],
        "files": [{"source": rel, "target": target} for target, rel in sorted(linker.copied.items())],
        "files_not_copied": sorted(set(handbook.files) - set(linker.copied.values())),
        "skipped": skipped,
    }
    return Prepared(texts, dict(sorted(linker.copies.items())), report)


def markdown_report(report: dict, source: str) -> str:
    """The import report for people: what moved, what changed, what the owners must do."""
    out = [f"# Import of {source}", "",
           f"Layout: {report['layout']}. {len(report['pages'])} pages into {len(report['teams'])} teams, "
           f"{len(report['files'])} files copied, {len(report['unresolved_links'])} links that lead nowhere.", "",
           "## What the owners must fill in", ""]
    for team in report["teams"]:
        out.append(f"- `content/teams/{team['id']}/team.yml` ({team['name']}, {team['pages']} pages): "
                   + ", ".join(team["to_fill_in"]))
    out += ["", "## Links that lead nowhere", "",
            "Their text is kept without the link. Point them at the right page, or remove them.", ""]
    out += [f"- {u['file']}:{u['line']}: `{u['target']}`: {u['reason']}" for u in report["unresolved_links"]] or ["None."]
    out += ["", "## Not converted", "", "Constructs the portal has no equivalent for.", ""]
    out += [f"- {n['file']}:{n['line']}: {n['what']}" for n in report["not_converted"]] or ["None."]
    out += ["", "## Converted", ""]
    out += [f"- {n['file']}:{n['line']}: {n['what']}" for n in report["converted"]] or ["None."]
    out += ["", "## Front matter the portal has no field for", ""]
    out += [f"- {f['file']}: {', '.join(f['keys'])}" for f in report["front_matter_not_mapped"]] or ["None."]
    if report["skipped"]:
        out += ["", "## Skipped", ""] + [f"- {s['file']}: {s['reason']}" for s in report["skipped"]]
    if report["files_not_copied"]:
        out += ["", "## Files no page links to (not copied)", ""] + [f"- {f}" for f in report["files_not_copied"]]
    out += ["", "## Pages", "", "| Source | Now | Title |", "|---|---|---|"]
    out += ["| {} | {} | {} |".format(p["source"], p["target"], p["title"].replace("|", "\\|")) for p in report["pages"]]
    return "\n".join(out) + "\n"


def run_import(source: Path, content_dir: Path, report_stem: Path, map_file: Path | None = None,
               layout: str | None = None) -> dict:
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
    handbook.files = [f for f in handbook.files if (handbook.root / f).resolve() not in
                      {report_stem.with_suffix(".md").resolve(), report_stem.with_suffix(".json").resolve()}]
    handbook.pages = {p: page for p, page in handbook.pages.items() if (handbook.root / p).resolve() not in
                      {report_stem.with_suffix(".md").resolve()}}
    if not handbook.pages:
        raise PortalError(f"{source}: no Markdown pages found under {handbook.root}")
    # Read as the project's MkDocs will render it: the mkdocs.yml beside the content folder.
    reader = Reader(markdown_settings(content_dir.parent / "mkdocs.yml")[0])
    prepared = prepare(reader, handbook, mapping, handbook.name)
    if not (content_dir / "portal.yml").exists():
        home = next((p["title"] for p in prepared.report["pages"]
                     if p["target"] == f"teams/{mapping.root}/pages/{OVERVIEW}.md"), None)
        organisation = handbook.name or home or humanise(source.resolve().name)
        prepared.texts["portal.yml"] = (
            "# Written by portal import. To fill in: locations (the offices, for office hours and\n"
            "# tailoring) and help_desk (the team to ask when nothing else answers).\n"
            + yaml.safe_dump({"organisation": organisation}, allow_unicode=True) + "locations: []\n")
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
    report_stem.with_suffix(".md").write_text(markdown_report(report, source.as_posix()), encoding="utf-8")
    return report
