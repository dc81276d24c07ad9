"""Dates and weekdays as each language writes them: CLDR's conventions, through Babel (which
Material for MkDocs already depends on). '5 October 2026', '5. lokakuuta 2026', '5 октября 2026 г.'."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date, get_day_names

from ..content.languages import LANGUAGES


def _locale(lang: str) -> str:
    return LANGUAGES[lang].locale or lang


def long_date(day: date, lang: str = "en") -> str:
    return format_date(day, "long", locale=_locale(lang))


def weekday(number: int, lang: str = "en") -> str:
    """The weekday's name on its own, as in an office-hours table: 0 is Monday."""
    return get_day_names("wide", context="stand-alone", locale=_locale(lang))[number]
