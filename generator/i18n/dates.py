"""Dates and weekdays as each language writes them: CLDR's conventions, through Babel (which
Material for MkDocs already depends on). '5 October 2026', '5. lokakuuta 2026', '5 октября 2026 г.'."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_datetime, format_skeleton, format_time, get_datetime_format, get_day_names

from ..content.languages import LANGUAGES


def _locale(lang: str) -> str:
    return LANGUAGES[lang].locale or lang


def long_date(day: date, lang: str = "en") -> str:
    return format_date(day, "long", locale=_locale(lang))


def weekday(number: int, lang: str = "en") -> str:
    """The weekday's name on its own, as in an office-hours table: 0 is Monday."""
    return get_day_names("wide", context="stand-alone", locale=_locale(lang))[number]


def moment(when: datetime, lang: str = "en") -> str:
    """A day and time with its time zone, as the language writes them: 'Dec 1, 18:00 (Greenwich
    Mean Time)', '1.12. 18.00 (Greenwichin normaaliaika)'. when must know its zone."""
    locale = _locale(lang)
    both = str(get_datetime_format("medium", locale=locale))
    text = both.replace("{1}", format_skeleton("MMMd", when, tzinfo=when.tzinfo, locale=locale)).replace(
        "{0}", format_time(when, "short", tzinfo=when.tzinfo, locale=locale))
    return f"{text} ({format_datetime(when, 'zzzz', tzinfo=when.tzinfo, locale=locale)})"
