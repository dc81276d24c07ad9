"""Dates, weekdays, times of day and time zones as each language writes them: CLDR's conventions,
through Babel (which Material for MkDocs already depends on). '5 October 2026', '5. lokakuuta 2026',
'5 октября 2026 г.', '۵ اکتبر ۲۰۲۶'; '09:00', '9.00', '۹:۰۰'.

Each language writes its digits in its CLDR default numbering system (Persian: arabext, ۰–۹),
which Babel knows but does not apply to digits: `localised_digits` does. The browser's Intl gets
the same locale, numbering system and (Gregorian) calendar from `browser_locale`, so what a script
writes on a page matches what the generator wrote there.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import cache, lru_cache
from typing import Literal

from babel import Locale
from babel.dates import (
    format_date,
    format_datetime,
    format_interval,
    format_skeleton,
    format_time,
    get_datetime_format,
    get_day_names,
    get_month_names,
    get_timezone,
    get_timezone_location,
)

from ..content.languages import LANGUAGES

# The zero of each decimal numbering system a portal language may default to (CLDR
# numberingSystems); the other nine digits follow it in Unicode.
_ZERO = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0", "deva": "\u0966", "beng": "\u09e6", "thai": "\u0e50",
         "mymr": "\u1040"}


def locale_of(lang: str) -> str:
    """The CLDR locale Babel formats lang's pages in."""
    return LANGUAGES[lang].locale or lang


@cache
def numbering(lang: str) -> str:
    """lang's default numbering system in CLDR: 'latn', 'arabext' for Persian."""
    system = Locale.parse(locale_of(lang)).default_numbering_system
    return system if system in _ZERO else "latn"


@cache
def _digits(lang: str) -> dict[int, str]:
    zero = ord(_ZERO[numbering(lang)])
    return {ord("0") + n: chr(zero + n) for n in range(10)}


def localised_digits(text: str, lang: str) -> str:
    """Text Babel formatted for lang with lang's own digits: '5 اکتبر 2026' -> '۵ اکتبر ۲۰۲۶'."""
    return text.translate(_digits(lang))


def browser_locale(lang: str) -> str:
    """The locale the browser's Intl formats lang's pages in: the same CLDR locale, numbering
    system and calendar as Babel here ('fa-u-ca-gregory-nu-arabext', 'en-GB-u-ca-gregory-nu-latn')."""
    return f"{locale_of(lang).replace('_', '-')}-u-ca-gregory-nu-{numbering(lang)}"


@lru_cache(maxsize=4096)  # a site shows the same few hundred days on thousands of pages
def long_date(day: date, lang: str = "en") -> str:
    return localised_digits(format_date(day, "long", locale=locale_of(lang)), lang)


def month(day: date, lang: str = "en") -> str:
    """The month of a day, as a column of monthly figures names it: 'Nov 2026', 'marrask. 2026'."""
    return localised_digits(format_skeleton("yMMM", day, locale=locale_of(lang)), lang)


Width = Literal["abbreviated", "narrow", "wide"]
Context = Literal["format", "stand-alone"]


def month_names(lang: str = "en", width: Width = "abbreviated", context: Context = "stand-alone") -> dict[int, str]:
    """The months' names (1 is January), on their own as under a chart's bars by default."""
    return dict(get_month_names(width, context=context, locale=locale_of(lang)))


def weekday(number: int, lang: str = "en", width: Literal["abbreviated", "narrow", "short", "wide"] = "wide") -> str:
    """The weekday's name on its own, as in an office-hours table: 0 is Monday."""
    return get_day_names(width, context="stand-alone", locale=locale_of(lang))[number]


def clock(minutes: int, lang: str = "en") -> str:
    """A time of day (minutes since midnight; 1440 is the midnight that ends a day) in lang's
    CLDR short time format: '09:00' (en-GB), '9.00' (fi), '۹:۰۰' (fa)."""
    moment = time(minutes // 60 % 24, minutes % 60)
    return localised_digits(format_time(moment, "short", locale=locale_of(lang)), lang)


def clock_range(start: int, end: int, lang: str = "en") -> str:
    """From one time of day to another as lang writes a span: '09:00–17:00', '9.00–17.00', '۹:۰۰ تا ۱۷:۰۰'."""
    day = date(2000, 1, 3)
    first = datetime.combine(day, time(start // 60 % 24, start % 60))
    last = datetime.combine(day, time(end // 60 % 24, end % 60))
    skeleton = "Hm" if "H" in Locale.parse(locale_of(lang)).time_formats["short"].pattern else "hm"
    return localised_digits(format_interval(first, last, skeleton, locale=locale_of(lang)), lang)


def time_zone(zone: str, lang: str = "en") -> str:
    """An IANA time zone as lang names it, by its city: 'Europe/London' -> 'London', 'Lontoo', 'لندن'."""
    return get_timezone_location(get_timezone(zone), locale=locale_of(lang), return_city=True)


def moment(when: datetime, lang: str = "en") -> str:
    """A day and time with its time zone, as the language writes them: 'Dec 1, 18:00 (Greenwich
    Mean Time)', '1.12. 18.00 (Greenwichin normaaliaika)'. when must know its zone."""
    locale = locale_of(lang)
    both = str(get_datetime_format("medium", locale=locale))
    text = both.replace("{1}", format_skeleton("MMMd", when, tzinfo=when.tzinfo, locale=locale)).replace(
        "{0}", format_time(when, "short", tzinfo=when.tzinfo, locale=locale))
    return localised_digits(f"{text} ({format_datetime(when, 'zzzz', tzinfo=when.tzinfo, locale=locale)})", lang)
