"""The languages the portal can be written and read in.

Each needs Material's interface translation (theme.language), a direction, the name the
switcher shows (the language's own name), and the portal's own labels (theme/labels.yml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from ..resources import LABELS_FILE


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47, as Material and <html lang> use it
    name: str  # in the language itself, as the switcher lists it
    direction: str = "ltr"
    locale: str = ""  # CLDR's, for dates and weekdays (generator/i18n/dates.py); the code if empty


LANGUAGES: dict[str, Language] = {lang.code: lang for lang in (
    Language("en", "English", locale="en_GB"),  # 5 October 2026, as the sample organisation writes
    Language("fi", "Suomi"),
    Language("pl", "Polski"),
    Language("ru", "Русский"),
    Language("vi", "Tiếng Việt"),
    Language("fa", "فارسی", "rtl"),
)}

# A translation sits beside its original with the language before the extension:
# expenses.fi.md, faq.fa.yml.
TRANSLATION = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2,3})\.(?P<ext>md|yml)$")




@cache
def labels(lang: str) -> dict:
    """The portal's interface words in lang: key -> text."""
    # libyaml where PyYAML has it: the file holds every word in every language, read on each run.
    table = yaml.load(LABELS_FILE.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {key: texts[lang] for key, texts in table.items()}
