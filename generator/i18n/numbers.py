"""Numbers, quantities with their units and lists as each language writes them: CLDR's
conventions through Babel, in the language's own digits (Persian: ۱۲٫۵), as the browser's Intl
writes them in the same page (generator/i18n/dates.py has the locale both use)."""

from __future__ import annotations

from typing import Literal

from babel import Locale
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.units import format_unit

from ..content.schema import DURATION
from .dates import locale_of, localised_digits, numbering


def number(value: float, lang: str = "en", digits: int = 0) -> str:
    """1234.5 -> '1,234.5' (en), '1 234,5' (fi), '۱٬۲۳۴٫۵' (fa), with exactly `digits` decimals."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return localised_digits(format_decimal(value, pattern, locale=locale_of(lang), numbering_system=numbering(lang)), lang)


def decimal(value: float, lang: str = "en", pattern: str = "#,##0") -> str:
    """A number in a CLDR pattern ('00', '0.0', '#,##0'), in lang's symbols and digits."""
    return localised_digits(format_decimal(value, pattern, locale=locale_of(lang), numbering_system=numbering(lang)), lang)


def quantity(value: float, unit: str, lang: str = "en", digits: int = 0) -> str:
    """A number with its unit, the unit where the language puts it: (2.5, 'duration-hour') ->
    '2.5 hr' (en), '2,5 t' (fi), '۲٫۵ ساعت' (fa)."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    text = format_unit(value, unit, "short", format=pattern, locale=locale_of(lang), numbering_system=numbering(lang))
    return localised_digits(text, lang)


# CLDR's units for the durations owners write (schema.DURATION). A business day is not a CLDR
# unit: its words are labels, one per plural category the language has (business_day_one, …).
_UNITS = {"minute": "duration-minute", "hour": "duration-hour", "day": "duration-day", "week": "duration-week",
          "month": "duration-month", "year": "duration-year"}


def duration(text: str, lang: str, labels: dict) -> str:
    """A duration as owners write it ('30 minutes', '1 business day') in lang's words, number
    and order: '30 minuuttia', '۳۰ دقیقه', '2 рабочих дня'."""
    found = DURATION.match(text)
    if found is None:
        return text
    count, unit = int(found.group(1)), found.group(2)
    if unit in _UNITS:
        return localised_digits(format_unit(count, _UNITS[unit], "long", locale=locale_of(lang),
                                            numbering_system=numbering(lang)), lang)
    # labels.yml has every category's key in every language (the other forms stand in).
    pattern = labels[f"business_day_{Locale.parse(locale_of(lang)).plural_form(count)}"]
    return pattern.replace("{n}", number(count, lang))


def listing(items: list[str], lang: str = "en", style: Literal["standard", "unit-short"] = "standard") -> str:
    """['London', 'Helsinki', 'Warsaw'] -> 'London, Helsinki and Warsaw', 'London, Helsinki ja Warsaw';
    style 'unit-short' for a list of quantities or spans ('9.00–12.00, 13.00–17.00')."""
    return format_list(items, style=style, locale=locale_of(lang)) if items else ""
