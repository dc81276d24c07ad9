"""Stage 1: read every content file into the model, collecting every problem on the way.

The layout is fixed (see content/README.md); anything the loader does not recognise is
reported rather than silently ignored, so a misnamed file never just disappears.
"""

from __future__ import annotations

import contextlib
import os
import re
from datetime import date
from importlib import metadata
from pathlib import Path

import pydantic
import yaml

from ..diagnostics import Diagnostic, Severity
from . import metrics
from .cache import ReadingStore
from .languages import TRANSLATION
from .model import Article, Content, Entry, NewsItem, S, TeamContent, TeamFiles, Translation
from .schema import (
    SLUG,
    Benefit,
    BenefitsFile,
    FaqEntry,
    FaqFile,
    NewsMeta,
    PageMeta,
    PortalSettings,
    Schema,
    SopMeta,
    SynonymsFile,
    Team,
    TeamNav,
    TranslatedArticle,
    TranslatedBenefitsFile,
    TranslatedFaqFile,
    TranslatedPortal,
    TranslatedTeam,
    TranslationSchema,
)
from .source import Document, decode_document, encode_document, parse_markdown, parse_yaml, read_text
from .validate import validate

IGNORED = {"README.md", ".gitkeep", ".DS_Store", "Thumbs.db"}
NEWS_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)\.md$")
DOCUMENTS = "yaml.json"  # the YAML documents kept between runs, beside the readings of Markdown


def document_store(cache_dir: Path) -> ReadingStore:
    """The YAML documents (files and front matter) read in earlier runs, in cache_dir: a file whose
    text is unchanged is not parsed again. Valid for the generator's code and the YAML reader."""
    try:
        version = metadata.version("PyYAML")
    except metadata.PackageNotFoundError:
        version = "-"
    return ReadingStore(cache_dir, ["yaml", version, hasattr(yaml, "CSafeLoader")], name=DOCUMENTS)


class _ContentLoader:
    def __init__(self, content_dir: Path, store: ReadingStore | None = None):
        self.root = content_dir
        self.diagnostics: list[Diagnostic] = []
        self.languages: list[str] = ["en"]  # portal.yml's, once read
        self.store = store
        self._prefix = str(content_dir) + os.sep  # display() names files under it by their text

    def translation(self, path: Path) -> tuple[str, str] | None:
        """(original's file name, language) when path is a translation into a declared language;
        None when it is not a translation. A translation into an undeclared language is reported."""
        match = TRANSLATION.match(path.name)
        if not match:
            return None
        lang = match["lang"]
        if lang not in self.languages[1:]:
            original = f"{match['stem']}.{match['ext']}"
            if lang == self.languages[0]:
                hint = f"originals are written in {lang}: name the file {original}"
            else:
                hint = (f"add {lang} to languages: in portal.yml (now {', '.join(self.languages)}), "
                        "or rename the file")
            self.problem(path, "unknown-language", f"'{lang}' is not one of the portal's languages", hint)
            return ("", lang)
        return f"{match['stem']}.{match['ext']}", lang

    def orphan(self, path: Path, original: str) -> None:
        self.problem(path, "orphan-translation", f"this translates {original}, which does not exist",
                     f"translations sit beside their original: add {original}, or rename this file after it")

    def display(self, path: Path) -> str:
        text = str(path)
        if text.startswith(self._prefix) and self.root.name:  # the loader's own paths: no Path arithmetic
            return self.root.name + "/" + text[len(self._prefix):].replace(os.sep, "/")
        return (Path(self.root.name) / path.relative_to(self.root)).as_posix()

    def parse_yaml(self, text: str, display: str, line_offset: int = 0) -> tuple[Document | None, list[Diagnostic]]:
        """parse_yaml(text), from the store when this text was read as this file before. A text
        with problems is not kept: its diagnostics come from reading it again."""
        if self.store is None:
            return parse_yaml(text, display, line_offset)
        key = self.store.key(text, display, line_offset)
        stored = self.store.parse(key)
        if stored is not None:
            doc = decode_document(stored[0], text, display, line_offset)
            if doc is not None:
                return doc, []
        doc, diags = parse_yaml(text, display, line_offset)
        if doc is not None and not diags:
            encoded = encode_document(doc)
            if encoded is not None:
                self.store.put_parse(key, encoded, {})
        return doc, diags

    def problem(self, path: Path, code: str, message: str, hint: str = "",
                severity: Severity = Severity.ERROR, line: int = 1) -> None:
        self.diagnostics.append(Diagnostic(self.display(path), line, 1, severity, code, message, hint=hint))

    def usable(self, path: Path) -> bool:
        """Whether to read the file: links are refused, so nothing outside content/ gets in."""
        if path.is_symlink():
            self.problem(path, "symlink", "symbolic links are not followed",
                         "replace the link by the file itself")
            return False
        return True

    # --- files -------------------------------------------------------------------------------

    def yaml(self, path: Path) -> Document | None:
        text, diags = read_text(path, self.display(path))
        self.diagnostics += diags
        if text is None:
            return None
        doc, diags = self.parse_yaml(text, self.display(path))
        self.diagnostics += diags
        return doc

    def validated(self, schema: type[S], path: Path) -> tuple[Entry[S] | None, Document | None]:
        """The file's value with its document, or None where it did not validate; the document
        when it could be read at all."""
        doc = self.yaml(path)
        if doc is None:
            return None, None
        value, diags = validate(schema, doc)
        self.diagnostics += diags
        return (Entry(value, doc) if value is not None else None), doc

    def items(self, schema: type[Schema], item_schema: type[S], key: str, path: Path) -> list[Entry[S]]:
        """The entries of a file holding one list (questions, benefits).

        When the file is invalid its problems are reported, and the entries that are valid on
        their own are still returned, so that checks across entries (duplicate ids) run too.
        """
        entry, doc = self.validated(schema, path)
        if entry is not None:
            return [Entry(item, entry.doc, (key, i)) for i, item in enumerate(getattr(entry.value, key))]
        if doc is None or not isinstance(doc.data, dict):
            return []
        raw = doc.data.get(key)
        entries: list[Entry[S]] = []
        for i, data in enumerate(raw if isinstance(raw, list) else []):
            with contextlib.suppress(pydantic.ValidationError):  # already reported for the whole file
                entries.append(Entry(item_schema.model_validate(data), doc, (key, i)))
        return entries

    def translated_items(self, schema: type[TranslationSchema], key: str, path: Path) -> list[Entry]:
        """The entries of a translation file holding one list (questions, benefits). A translation
        that does not validate is reported and left out whole: its entries are matched to the
        original's, and checked, only once the file is right."""
        entry, _ = self.validated(schema, path)
        if entry is None:
            return []
        return [Entry(item, entry.doc, (key, i)) for i, item in enumerate(getattr(entry.value, key))]

    def article(self, schema: type[Schema], path: Path, slug: str) -> Article | None:
        text, diags = read_text(path, self.display(path))
        self.diagnostics += diags
        if text is None:
            return None
        parsed, diags = parse_markdown(text, self.display(path), self.parse_yaml)
        self.diagnostics += diags
        if diags:
            return None
        if parsed.front is None:
            fields = [name for name, f in schema.model_fields.items() if f.is_required()] or list(schema.model_fields)[:1]
            self.problem(path, "front-matter", "the file has no front matter",
                         "start the file with a '---' line, then " + ", ".join(f"{f}: …" for f in fields)
                         + ", then another '---' line")
            return None
        meta, diags = validate(schema, parsed.front)
        self.diagnostics += diags
        if meta is None:
            return None
        return Article(slug, Entry(meta, parsed.front), parsed.body, parsed.body_line)

    def slug_of(self, path: Path) -> str | None:
        slug = path.stem
        if not SLUG.match(slug):
            self.problem(path, "invalid-id", f"the file name '{path.name}' cannot be used in a link",
                         "rename the file using lower-case letters, digits and hyphens, e.g. report-an-outage.md")
            return None
        return slug

    # --- folders -----------------------------------------------------------------------------

    def team(self, folder: Path) -> TeamContent | TeamFiles | None:
        """The team folder's content: a complete team, or when team.yml is invalid its other files
        alone, so that they are checked too; None when there is no team folder to read."""
        team_id = folder.name
        if not SLUG.match(team_id):
            self.problem(folder, "invalid-id", f"the team folder name '{team_id}' cannot be used in a link",
                         "rename the folder using lower-case letters, digits and hyphens, e.g. it-help-desk")
            return None
        team_file = folder / "team.yml"
        if not team_file.is_file():
            self.problem(team_file, "missing-file", "the team folder has no team.yml",
                         "add team.yml with at least the team's name and summary")
            return None
        team, _ = self.validated(Team, team_file)
        # Kept even when team.yml is invalid, so the folder's other files are checked too.
        result = TeamContent(team_id, team=team) if team else TeamFiles(team_id)

        for path in sorted(folder.iterdir()):
            if path.name in IGNORED or path.name == "team.yml" or not self.usable(path):
                continue
            translated = self.translation(path) if path.is_file() else None
            if translated:
                original, lang = translated
                if original == "team.yml":
                    translated_team, _ = self.validated(TranslatedTeam, path)
                    if translated_team is not None:
                        result.translations[lang] = translated_team
                elif original in ("faq.yml", "benefits.yml"):
                    if not (folder / original).is_file():
                        self.orphan(path, original)
                    elif original == "faq.yml":
                        result.faq_translations[lang] = self.translated_items(TranslatedFaqFile, "questions", path)
                    else:
                        result.benefit_translations[lang] = self.translated_items(TranslatedBenefitsFile, "benefits", path)
                elif original:
                    self.unknown(path)
                continue
            if path.name == "faq.yml":
                result.faq = self.items(FaqFile, FaqEntry, "questions", path)
            elif path.name == "benefits.yml":
                result.benefits = self.items(BenefitsFile, Benefit, "benefits", path)
            elif path.name in ("sops", "pages") and path.is_dir():
                schema = SopMeta if path.name == "sops" else PageMeta
                setattr(result, path.name, self.articles(path, schema))
            elif path.name == "nav.yml":
                result.nav, _ = self.validated(TeamNav, path)
            elif path.name == "metrics.csv":
                result.tickets = self.metrics(path, team.value if team else None)
            elif path.name == "files" and path.is_dir():
                for attachment in sorted(path.rglob("*")):
                    if self.usable(attachment) and attachment.is_file() and attachment.name not in IGNORED:
                        result.files.append((attachment, attachment.relative_to(folder).as_posix()))
            else:
                self.unknown(path)
        return result

    def articles(self, folder: Path, schema: type[Schema]) -> list[Article]:
        """The Markdown files of a folder, each with its translations (name.<lang>.md beside it)."""
        articles, translations = {}, []
        for md in sorted(folder.iterdir()):
            if md.name in IGNORED or not self.usable(md):
                continue
            if md.suffix != ".md" or not md.is_file():
                self.unknown(md)
                continue
            translated = self.translation(md)
            if translated:
                if translated[0]:
                    translations.append((md, *translated))
                continue
            slug = self.slug_of(md)
            article = self.article(schema, md, slug) if slug else None
            if article:
                articles[md.name] = article
        for md, original, lang in translations:
            self.attach(md, original, lang, articles.get(original), (folder / original).is_file())
        return list(articles.values())

    def attach(self, path: Path, original_name: str, lang: str, original: Article | None, exists: bool) -> None:
        """Read a translated Markdown file and attach it to its original."""
        if not exists:
            self.orphan(path, original_name)
            return
        translation = self.article(TranslatedArticle, path, original.slug if original else "")
        if translation is None or original is None:  # the original's own problems are reported already
            return
        meta = original.meta.value.model_copy(update=translation.meta.value.model_dump(exclude_unset=True))
        original.translations[lang] = Article(original.slug, Entry(meta, translation.meta.doc), translation.body,
                                              translation.body_line)

    def metrics(self, path: Path, team: Team | None) -> list:
        """The team's ticket export, checked against its time zone and priorities."""
        text, diags = read_text(path, self.display(path))
        self.diagnostics += diags
        if text is None or team is None:  # without a valid team.yml its priorities are unknown
            return []
        tickets, diags = metrics.read(text, self.display(path), team.timezone, [t.priority for t in team.response_targets])
        self.diagnostics += diags
        return tickets

    def unknown(self, path: Path) -> None:
        self.problem(path, "unknown-file", "this file is not part of the portal and is not published",
                     "team folders hold team.yml, faq.yml, benefits.yml, nav.yml, metrics.csv, sops/*.md, pages/*.md and files/; "
                     "move or rename the file", severity=Severity.WARNING)

    def news(self, folder: Path) -> list[NewsItem]:
        items, translations = [], []
        for path in sorted(folder.iterdir()):
            if path.name in IGNORED or not self.usable(path):
                continue
            translated = self.translation(path) if path.is_file() else None
            if translated:
                if translated[0]:
                    translations.append((path, *translated))
                continue
            match = NEWS_NAME.match(path.name)
            if not match or not path.is_file():
                self.problem(path, "invalid-id", f"the news file name '{path.name}' does not start with a date",
                             "name news files YYYY-MM-DD-short-title.md, e.g. 2026-03-01-new-expense-tool.md")
                continue
            try:
                day = date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                self.problem(path, "invalid-date", f"'{match[1]}-{match[2]}-{match[3]}' is not a date",
                             "use the announcement's date as YYYY-MM-DD")
                continue
            slug = path.stem
            if not SLUG.match(match[4]):
                self.problem(path, "invalid-id", f"the file name '{path.name}' cannot be used in a link",
                             "after the date use lower-case letters, digits and hyphens, e.g. 2026-03-01-new-expense-tool.md")
                continue
            article = self.article(NewsMeta, path, slug)
            if article:
                items.append(NewsItem(day, article))
        by_name = {f"{item.article.slug}.md": item.article for item in items}
        for path, original, lang in translations:
            self.attach(path, original, lang, by_name.get(original), (folder / original).is_file())
        return sorted(items, key=lambda item: (item.date, item.article.slug), reverse=True)

    def load(self) -> Content | None:
        if not self.root.is_dir():
            self.diagnostics.append(Diagnostic(self.root.name, 1, 1, Severity.ERROR, "missing-file",
                                               "the content folder does not exist",
                                               hint="run the command in the folder that holds content/, or pass --content"))
            return None
        settings_file = self.root / "portal.yml"
        settings = None
        if settings_file.is_file():
            settings, _ = self.validated(PortalSettings, settings_file)
            if settings is not None:
                self.languages = list(settings.value.languages)
        else:
            self.problem(settings_file, "missing-file", "there is no portal.yml",
                         "add content/portal.yml with the organisation's name and locations")
        teams: dict[str, TeamContent] = {}
        incomplete: dict[str, TeamFiles] = {}
        teams_dir = self.root / "teams"
        if teams_dir.is_dir():
            for folder in sorted(teams_dir.iterdir()):
                if folder.name in IGNORED or not self.usable(folder):
                    continue
                if not folder.is_dir():
                    self.unknown(folder)
                    continue
                team = self.team(folder)
                if isinstance(team, TeamContent):
                    teams[team.id] = team
                elif team:
                    incomplete[team.id] = team
        news = self.news(self.root / "news") if (self.root / "news").is_dir() else []
        synonyms = None
        if (self.root / "synonyms.yml").is_file():
            synonyms, _ = self.validated(SynonymsFile, self.root / "synonyms.yml")
        translations: dict[str, Translation] = {}
        for path in sorted(self.root.iterdir()):
            if path.name in IGNORED | {"portal.yml", "synonyms.yml", "teams", "news"}:
                continue
            translated = self.translation(path) if path.is_file() else None
            if translated and translated[0] == "portal.yml":
                portal, _ = self.validated(TranslatedPortal, path)
                if portal is not None:
                    translations[translated[1]] = portal
            elif not translated:
                self.unknown(path)
        if settings is None:
            return None
        return Content(settings, teams, news, synonyms, translations, incomplete=incomplete)


def load(content_dir: Path, cache_dir: Path | None = None) -> tuple[Content | None, list[Diagnostic]]:
    """Read and validate every file under content_dir. Content is None when nothing usable was found.
    With cache_dir, the YAML read in earlier runs is kept there (document_store), and used."""
    store = document_store(cache_dir) if cache_dir is not None else None
    loader = _ContentLoader(content_dir, store)
    content = loader.load()
    if store is not None:
        store.save()
    return content, loader.diagnostics
