"""Translations laid over their originals, entry by entry, and what is missing or out of date.

A translation file has its original's shape with only its text (content/schema.py derives its
schema from the fields marked Translated); each entry of a list is named by its identity (a
service by its id, a closure by its date, a channel by its value). One walk pairs an original
with its translation, part by part, and everything here reads it:

- check: a translation of an entry or a text the original does not have, an entry translated
  twice, a request form's categories in another number (diagnostics at the translation's line);
- localise: the content as a language's site shows it, every translated text in its original's
  place, and the parts whose translation is out of date marked for the reader;
- status: per part, what is not translated yet and what is out of date, for `portal report`.

A part's translation is out of date when the part's text in the original is not what it was
at the commit where the translation file last changed (content/history.originals_then): by
commit, not by day, so a change made the day of the translation counts; per part, so a change
to one service marks that service only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..content.model import Article, Content, Entry, TeamContent
from ..content.schema import (
    TRANSLATED,
    ArticleMeta,
    BenefitsFile,
    FaqFile,
    PortalSettings,
    Schema,
    Team,
    Translated,
    nested_translatable,
    translated_fields,
)
from ..content.source import parse_markdown, parse_yaml
from ..diagnostics import Diagnostic, Severity

# A translation file -> its original's text as of the translation's last commit (None: the
# original did not exist then). A translation not in it has no history to judge it by.
Then = dict[str, str | None]

# A Markdown page's text: its front matter's translated fields and its body.
ARTICLE_FIELDS = {**translated_fields(ArticleMeta), "body": TRANSLATED}


def _get(node: object, name: str) -> object:
    if isinstance(node, dict):
        return node.get(name)
    return getattr(node, name, None) if isinstance(node, Schema) else None


def _given(node: object) -> set[str]:
    if isinstance(node, Schema):
        return set(node.model_fields_set)
    return set(node) if isinstance(node, dict) else set()


def _present(value: object) -> bool:
    return value is not None and value != "" and value != []


def _identity(cls: type[Schema], node: object) -> str:
    return str(_get(node, cls.identity or ""))


def _texts(fields: dict[str, Translated], node: object) -> dict[str, object]:
    """The node's text in those fields (or what readers see instead of a field left out),
    comparable between versions (lists as tuples)."""
    found = {}
    for name, marker in fields.items():
        value = _get(node, name)
        if not _present(value) and marker.instead:
            value = _get(node, marker.instead)
        if _present(value):
            found[name] = tuple(value) if isinstance(value, list) else value
    return found


@dataclass(frozen=True)
class Part:
    """One entry of an original with its own text (the entries nested in it are parts of their
    own: a service is not part of its team's text), and its translation if it has one."""

    fields: dict[str, Translated]  # the texts such an entry may have
    where: tuple  # its place in the original, by position: ("services", 2)
    key: tuple  # its place by identity, the same in every version of the file: ("services", "new-hardware")
    label: str  # key as an owner reads it: services[new-hardware]; "" for the file's own text
    texts: dict[str, object]  # field -> its text in the original, for the fields it has
    translation: object | None  # the translation's entry, None when there is none
    at: tuple  # the translation entry's place in its file

    @property
    def given(self) -> dict[str, object]:
        """The texts the translation gives: field -> text."""
        return {name: _get(self.translation, name) for name in self.fields
                if name in _given(self.translation) and _present(_get(self.translation, name))}

    @property
    def missing(self) -> list[str]:
        given = self.given
        return [name for name in self.texts if name not in given]

    @property
    def title(self) -> str:
        """What a reader knows the entry by: its name, question, title or label, else its identity."""
        for name in ("name", "question", "title", "label"):
            if isinstance(self.texts.get(name), str):
                return str(self.texts[name])
        return str(self.key[-1]) if self.key else ""


def walk(cls: type[Schema], original: object, translation: object | None,
         where: tuple = (), key: tuple = (), label: str = "", at: tuple = ()) -> Iterator[Part]:
    """The parts of an original (a schema object, or the plain data of an older version) with
    their translations, the original's order."""
    yield Part(translated_fields(cls), where, key, label, _texts(translated_fields(cls), original), translation, at)
    for name, inner, many in nested_translatable(cls):
        value, translated = _get(original, name), _get(translation, name)
        inner_label = f"{label}.{name}" if label else name
        if not many:
            if value is not None:
                yield from walk(inner, value, translated, (*where, name), (*key, name), inner_label, (*at, name))
            continue
        translations = translated if isinstance(translated, list) else []
        index: dict[str, int] = {}
        for j, item in enumerate(translations):
            index.setdefault(_identity(inner, item), j)
        for i, item in enumerate(value if isinstance(value, list) else []):
            ident = _identity(inner, item)
            found = index.get(ident)
            yield from walk(inner, item, translations[found] if found is not None else None, (*where, name, i),
                            (*key, name, ident), f"{inner_label}[{ident}]", (*at, name, found) if found is not None else ())


def _article_part(meta: object, body: str, translation: Article | None = None) -> Part:
    texts = _texts(ARTICLE_FIELDS, {"body": body.strip()}) | _texts(translated_fields(ArticleMeta), meta)
    written = None
    if translation is not None:
        front = translation.meta.doc.data if isinstance(translation.meta.doc.data, dict) else {}
        written = {**front, "body": translation.body.strip()}
    return Part(ARTICLE_FIELDS, (), (), "", texts, written, ())


# --- out of date -----------------------------------------------------------------------------

def _before(cls: type[Schema], translation_file: str | None, then: Then) -> list[Part] | None:
    """The parts of the original as it was when the translation last changed; None when that is
    not known (no history, or the translation is new)."""
    if translation_file is None or translation_file not in then:
        return None
    text = then[translation_file]
    doc = parse_yaml(text, translation_file)[0] if text is not None else None
    return list(walk(cls, doc.data, None)) if doc is not None else []


def _stale(parts: list[Part], before: list[Part] | None) -> set[tuple]:
    """The keys of the translated parts whose text in the original is not what it was."""
    if before is None:
        return set()
    old = {part.key: part.texts for part in before}
    return {part.key for part in parts if part.given and old.get(part.key) != part.texts}


def _article_stale(article: Article, translation: Article, then: Then) -> bool:
    if translation.source not in then:
        return False
    text = then[translation.source]
    if text is None:
        return True
    parsed, problems = parse_markdown(text, article.source)
    if problems or parsed.front is None:
        return True
    return _article_part(parsed.front.data, parsed.body).texts != _article_part(article.meta.value, article.body).texts


# --- the files of a language -----------------------------------------------------------------

def _sibling(original: str, lang: str) -> str:
    """Where original's translation into lang is (or goes): teams/it/team.yml -> teams/it/team.fi.yml."""
    path = PurePosixPath(original)
    return str(path.with_name(f"{path.stem}.{lang}{path.suffix}"))


@dataclass
class _File:
    """An original YAML file and its translation into one language, walked together."""

    kind: str  # home, team, faq, benefit
    title: str
    team: str
    original: str
    translation: str | None  # the translation file, when there is one
    cls: type[Schema]
    parts: list[Part]
    stale: set[tuple]

    @classmethod
    def of(cls, kind: str, title: str, team: str, original: str, translation: str | None,
           schema: type[Schema], value: object, translated: object | None, then: Then) -> _File:
        parts = list(walk(schema, value, translated))
        return cls(kind, title, team, original, translation, schema, parts,
                   _stale(parts, _before(schema, translation, then)))


def _list_file(kind: str, team: TeamContent, name: str, schema: type[Schema], entries: list[Entry],
               translations: list[Entry] | None, lang: str, then: Then) -> _File:
    key = nested_translatable(schema)[0][0]
    original = entries[0].doc.path if entries else str(PurePosixPath(team.team.doc.path).with_name(name))
    translation = translations[0].doc.path if translations else None
    return _File.of(kind, team.name, team.name, original, translation, schema, {key: [e.value for e in entries]},
                    {key: [t.value for t in translations]} if translations else None, then)


def _team_files(team: TeamContent, lang: str, then: Then) -> tuple[_File, _File, _File]:
    translated = team.translations.get(lang)
    return (_File.of("team", team.name, team.name, team.team.doc.path, translated.doc.path if translated else None,
                     Team, team.team.value, translated.value if translated else None, then),
            _list_file("faq", team, "faq.yml", FaqFile, team.faq, team.faq_translations.get(lang), lang, then),
            _list_file("benefit", team, "benefits.yml", BenefitsFile, team.benefits, team.benefit_translations.get(lang),
                       lang, then))


def _portal_file(content: Content, lang: str, then: Then) -> _File:
    translated = content.translations.get(lang)
    return _File.of("home", "Home", "", content.settings.doc.path, translated.doc.path if translated else None,
                    PortalSettings, content.settings.value, translated.value if translated else None, then)


def translation_files(content: Content) -> dict[str, str]:
    """Every translation file -> its original, for content/history.originals_then."""
    found = {portal.doc.path: content.settings.doc.path for portal in content.translations.values()}
    for team in content.teams.values():
        found |= {t.doc.path: team.team.doc.path for t in team.translations.values()}
        for originals, languages in ((team.faq, team.faq_translations), (team.benefits, team.benefit_translations)):
            if originals:
                found |= {entries[0].doc.path: originals[0].doc.path for entries in languages.values() if entries}
        for _, articles in team.articles():
            found |= {t.source: a.source for a in articles for t in a.translations.values()}
    found |= {t.source: item.article.source for item in content.news for t in item.article.translations.values()}
    return found


# --- what each language's readers see --------------------------------------------------------

def _overlay(cls: type[Schema], value: Schema, parts: list[Part], base: int = 0) -> Schema:
    """value with each part's translated text in its place (parts' places below base)."""
    data = value.model_dump()
    translated = False
    for part in parts:
        given = part.given
        if given:
            node = data
            for step in part.where[base:]:
                node = node[step]
            node.update({name: list(text) if isinstance(text, tuple) else text for name, text in given.items()})
            translated = True
    return cls.model_validate(data) if translated else value


def _localised_entry(entry: Entry, file: _File) -> Entry:
    return dataclasses.replace(entry, value=_overlay(file.cls, entry.value, file.parts),
                               outdated=frozenset(p.where for p in file.parts if p.key in file.stale))


def _localised_entries(entries: list[Entry], file: _File) -> list[Entry]:
    """Each entry of a list file (a question, a benefit) with its translation in place."""
    if not entries:
        return entries
    _, item_cls, _ = nested_translatable(file.cls)[0]
    result = []
    for entry in entries:
        parts = [p for p in file.parts if p.where[:2] == entry.loc]
        result.append(dataclasses.replace(
            entry, value=_overlay(item_cls, entry.value, parts, base=2),
            outdated=frozenset(p.where[2:] for p in parts if p.key in file.stale)))
    return result


def _localised_article(article: Article, lang: str, then: Then) -> Article:
    translation = article.translations.get(lang)
    if translation is None:
        return article
    return dataclasses.replace(translation, original=article.source,
                               outdated=_article_stale(article, translation, then))


def localise(content: Content, lang: str, then: Then | None = None) -> Content:
    """The content as a reader in lang sees it: every translated text in its original's place
    (a translated article knows its original's file), the rest as written; the parts whose
    translation is out of date (by then: content/history.originals_then) say so."""
    if lang == content.settings.value.languages[0]:
        return content
    then = then or {}
    teams = {}
    for team_id, team in content.teams.items():
        card, faq, benefits = _team_files(team, lang, then)
        teams[team_id] = dataclasses.replace(
            team, team=_localised_entry(team.team, card), faq=_localised_entries(team.faq, faq),
            benefits=_localised_entries(team.benefits, benefits),
            sops=[_localised_article(a, lang, then) for a in team.sops],
            pages=[_localised_article(a, lang, then) for a in team.pages])
    news = [dataclasses.replace(item, article=_localised_article(item.article, lang, then)) for item in content.news]
    settings = _localised_entry(content.settings, _portal_file(content, lang, then))
    return dataclasses.replace(content, settings=settings, teams=teams, news=news)


# --- what is missing or out of date, for portal report ---------------------------------------

@dataclass(frozen=True)
class Unit:
    """One part an owner translates: a file's own text, or one entry of it (a service, a closure,
    a question, a benefit), or a Markdown page."""

    kind: str  # home, team, faq, benefit, sop, page, news
    title: str  # what readers know it by
    team: str  # the team's name, or "" for the organisation's own
    entry: str  # which entry of the file: services[new-hardware]; "" for the file's own text or a page
    original: str  # content file
    translation: str  # the translation file it is in, or would go in
    missing: tuple[str, ...]  # the original's texts the translation does not give
    outdated: bool  # the original's text changed since the translation last did


def status(content: Content, lang: str, then: Then | None = None) -> list[Unit]:
    """Every part with text of the content, with what its translation into lang lacks and
    whether it is out of date."""
    then = then or {}
    found: list[Unit] = []

    def add(file: _File) -> None:
        translation = file.translation or _sibling(file.original, lang)
        found.extend(Unit(file.kind, part.title or file.title, file.team, part.label, file.original, translation,
                          tuple(part.missing), part.key in file.stale) for part in file.parts if part.texts)

    add(_portal_file(content, lang, then))
    for team in content.teams.values():
        for file in _team_files(team, lang, then):
            add(file)
        for kind, articles in (("sop", team.sops), ("page", team.pages)):
            found.extend(_article_unit(kind, team.name, a, lang, then) for a in articles)
    found.extend(_article_unit("news", "", item.article, lang, then) for item in content.news)
    return found


def _article_unit(kind: str, team: str, article: Article, lang: str, then: Then) -> Unit:
    translation = article.translations.get(lang)
    part = _article_part(article.meta.value, article.body, translation)
    return Unit(kind, article.meta.value.title, team, "", article.source,
                translation.source if translation else _sibling(article.source, lang), tuple(part.missing),
                translation is not None and _article_stale(article, translation, then))


# --- checks ----------------------------------------------------------------------------------

def check(content: Content) -> list[Diagnostic]:
    """What a translation names that its original does not have, entries translated twice, and
    paired lists (a form's categories) of another length: an error at the translation's line."""
    found: list[Diagnostic] = []

    def problems(cls: type[Schema], original: object, translation: Entry, translated: object, original_file: str) -> None:
        for at, code, message, hint in _problems(cls, original, translated, (), PurePosixPath(original_file).name,
                                                 translation):
            found.append(translation.diagnostic(at, Severity.ERROR, code, message, hint))

    for portal in content.translations.values():
        problems(PortalSettings, content.settings.value, portal, portal.value, content.settings.doc.path)
    for team in content.team_folders().values():
        for schema, name, originals, languages in ((FaqFile, "faq.yml", team.faq, team.faq_translations),
                                                   (BenefitsFile, "benefits.yml", team.benefits, team.benefit_translations)):
            key = nested_translatable(schema)[0][0]
            for entries in languages.values():
                if entries:
                    whole = Entry(entries[0].value, entries[0].doc)
                    problems(schema, {key: [e.value for e in originals]}, whole, {key: [e.value for e in entries]},
                             name)
        if isinstance(team, TeamContent):
            for translated in team.translations.values():
                problems(Team, team.team.value, translated, translated.value, team.team.doc.path)
                found.extend(_categories(team, translated))
    return found


def _problems(cls: type[Schema], original: object, translation: object, at: tuple, file: str,
              entry: Entry) -> Iterator[tuple[tuple, str, str, str]]:
    """(place in the translation, code, message, hint) for each thing the translation gives that
    its original does not have to translate."""
    given = _given(translation)
    for name, marker in translated_fields(cls).items():
        text, theirs = _get(translation, name), _get(original, name)
        if name not in given or not _present(text):
            continue
        if not _present(theirs) and marker.instead:
            theirs = _get(original, marker.instead)
        if not _present(theirs):
            yield ((*at, name), "orphan-translation", f"{file} has no {name} here to translate",
                   f"remove it, or write {name} in {file} first: a translation gives only text its original has")
        elif marker.paired and isinstance(text, list) and isinstance(theirs, list) and len(text) != len(theirs):
            yield ((*at, name), "translation-shape", f"{len(text)} {name} where {file} has {len(theirs)}",
                   "translate each of the original's, in its order: " + "; ".join(map(str, theirs)))
    for name, inner, many in nested_translatable(cls):
        value, translated = _get(original, name), _get(translation, name)
        if not many:
            if translated is not None and value is None:
                yield ((*at, name), "orphan-translation", f"{file} has no {name} to translate",
                       f"remove it, or write {name} in {file} first")
            elif translated is not None:
                yield from _problems(inner, value, translated, (*at, name), file, entry)
            continue
        originals = {_identity(inner, item): item for item in (value if isinstance(value, list) else [])}
        first: dict[str, int] = {}
        for j, item in enumerate(translated if isinstance(translated, list) else []):
            ident, place = _identity(inner, item), (*at, name, j)
            if ident in first:
                line = entry.doc.mark((*entry.loc, *at, name, first[ident])).line
                yield ((*place, inner.identity), "duplicate-id", f"the {inner.called} '{ident}' is translated twice",
                       f"first translated at line {line}; keep one of the two")
                continue
            first[ident] = j
            if ident not in originals:
                yield ((*place, inner.identity), "orphan-translation", f"{file} has no {inner.called} '{ident}' to translate",
                       f"use the {inner.identity} of the {inner.called} this translates: "
                       + (", ".join(sorted(originals)) or f"{file} has none yet"))
            else:
                yield from _problems(inner, originals[ident], item, place, file, entry)


def _categories(team: TeamContent, translated: Entry) -> list[Diagnostic]:
    """A translated service names a category its translated request form offers, as the
    original's does (checks/rules.py): the reader picks it there."""
    value = team.team.value
    by_value = {_identity(type(c), c): c for c in value.channels}
    offered = [category for channel in translated.value.channels
               if (form := by_value.get(channel.value)) is not None and form.type == "form"
               for category in (channel.categories or [])]
    services = {s.id: s for s in value.services}
    found = []
    for j, service in enumerate(translated.value.services):
        original = services.get(service.id)
        if not offered or original is None or original.form is not None or not service.category:
            continue
        if service.category not in offered:
            found.append(translated.diagnostic(
                ("services", j, "category"), Severity.ERROR, "unknown-category",
                f"the translated request form has no category '{service.category}'",
                "use one of the form's translated categories: " + ", ".join(offered)))
    return found
