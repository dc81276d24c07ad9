"""Dates, weekdays, months and numbers as each language writes them: CLDR's conventions, through
Babel (which Material for MkDocs already depends on). '5 October 2026', '5. lokakuuta 2026',
'5 октября 2026 г.'; '3.5', '3,5', '۳٫۵'."""

from __future__ import annotations

from datetime import date
from typing import Literal

from babel import Locale
from babel.dates import format_date, format_skeleton, get_day_names, get_month_names
from babel.numbers import format_decimal

from ..content.languages import LANGUAGES

# The first digit of each numbering system CLDR names as a language's default (fa: arabext).
# Babel formats with that system's symbols ('٫' for the decimal point) but writes ASCII digits,
# and CLDR's digits of a system are ten code points in a row from its zero.
ZEROS = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0"}


def _locale(lang: str) -> str:
    return LANGUAGES[lang].locale or lang


def digits(text: str, lang: str) -> str:
    """ASCII digits in text as the language's own digits (Persian: ۰۱۲۳۴۵۶۷۸۹)."""
    zero = ZEROS.get(Locale.parse(_locale(lang)).default_numbering_system, "0")
    return text.translate({ord("0") + i: ord(zero) + i for i in range(10)})


def number(value: float, lang: str = "en", pattern: str = "#,##0.#") -> str:
    """A number in the language's digits and symbols: 3.5, 3,5, ۳٫۵."""
    return digits(format_decimal(value, pattern, locale=_locale(lang), numbering_system="default"), lang)


def long_date(day: date, lang: str = "en") -> str:
    return format_date(day, "long", locale=_locale(lang))


def month_year(day: date, lang: str = "en") -> str:
    """The month and year: 'Dec 2025', 'joulu 2025', 'دسامبر ۲۰۲۵'."""
    return digits(format_skeleton("yMMM", day, locale=_locale(lang)), lang)


Width = Literal["abbreviated", "narrow", "wide"]
Context = Literal["format", "stand-alone"]


def month_names(lang: str = "en", width: Width = "abbreviated", context: Context = "stand-alone") -> dict[int, str]:
    """The months' names (1 is January), on their own as under a chart's bars by default."""
    return dict(get_month_names(width, context=context, locale=_locale(lang)))


def weekday(number: int, lang: str = "en", width: Literal["abbreviated", "narrow", "short", "wide"] = "wide") -> str:
    """The weekday's name on its own, as in an office-hours table: 0 is Monday."""
    return get_day_names(width, context="stand-alone", locale=_locale(lang))[number]
