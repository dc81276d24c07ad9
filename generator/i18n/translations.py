"""What is translated into each language, and which translations are out of date.

A translation is out of date when its original changed (by the repository's history) after
the translation last did: the reader is told, and `portal report` lists it for its owners.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from ..content.model import Article, Content, Entry


@dataclass(frozen=True)
class Unit:
    """One thing a reader sees translated or not: a page, or one FAQ question."""

    kind: str  # home, team, faq, sop, page, news
    title: str
    team: str  # the team's name, or "" for the organisation's own
    original: str  # content file
    translation: str | None  # content file, None when untranslated
    outdated: bool


def is_outdated(original: str, translation: str | None, changed: dict[str, date]) -> bool:
    if translation is None or original not in changed or translation not in changed:
        return False
    return changed[original] > changed[translation]


def units(content: Content, lang: str, changed: dict[str, date]) -> list[Unit]:
    found: list[Unit] = []

    def unit(kind: str, title: str, team: str, original: str, translation: str | None) -> None:
        found.append(Unit(kind, title, team, original, translation, is_outdated(original, translation, changed)))

    settings = content.settings
    if settings.value.tagline or settings.value.welcome:
        home = content.translations.get(lang)
        unit("home", "Home", "", settings.doc.path, home.doc.path if home else None)
    for team in content.teams.values():
        translated = team.translations.get(lang)
        unit("team", team.name, team.name, team.team.doc.path, translated.doc.path if translated else None)
        questions = {faq.value.id: faq for faq in team.faq_translations.get(lang, [])}
        for faq in team.faq:
            match = questions.get(faq.value.id)
            unit("faq", faq.value.question, team.name, faq.doc.path, match.doc.path if match else None)
        for kind, articles in (("sop", team.sops), ("page", team.pages)):
            for article in articles:
                translation = article.translations.get(lang)
                unit(kind, article.meta.value.title, team.name, article.source, translation.source if translation else None)
    for item in content.news:
        news = item.article.translations.get(lang)
        unit("news", item.article.meta.value.title, "", item.article.source, news.source if news else None)
    return found


def localise(content: Content, lang: str) -> Content:
    """The content as a reader in lang sees it: every translation in its original's place (a
    translated article knows its original's file), the rest as written."""
    if lang == content.settings.value.languages[0]:
        return content

    def article(a: Article) -> Article:
        t = a.translations.get(lang)
        return dataclasses.replace(t, original=a.source) if t else a

    def overlay(entry: Entry, translation: Entry | None, names: tuple[str, ...]) -> Entry:
        if translation is None:
            return entry
        update = {n: getattr(translation.value, n) for n in names if n in translation.value.model_fields_set}
        return dataclasses.replace(entry, value=entry.value.model_copy(update=update))

    teams = {}
    for team_id, team in content.teams.items():
        questions = {q.value.id: q for q in team.faq_translations.get(lang, [])}
        teams[team_id] = dataclasses.replace(
            team, team=overlay(team.team, team.translations.get(lang), ("name", "summary", "keywords")),
            faq=[overlay(q, questions.get(q.value.id), ("question", "answer", "tags")) for q in team.faq],
            sops=[article(a) for a in team.sops], pages=[article(a) for a in team.pages])
    news = [dataclasses.replace(item, article=article(item.article)) for item in content.news]
    settings = overlay(content.settings, content.translations.get(lang), ("tagline", "welcome"))
    return dataclasses.replace(content, settings=settings, teams=teams, news=news)
