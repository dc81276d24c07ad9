"""No interface word in code: every word the portal shows a reader comes from theme/labels.yml in
the page's language. The English ones, collected from labels, templates, scripts and the
generator (tests/interface_words.py says how), must show nowhere in the translated sample
sites, except in owner text not translated yet."""

from __future__ import annotations

import pytest
from interface_words import (
    english_phrases,
    feed_texts,
    leaks,
    owner_texts,
    phrase_pattern,
    shown_texts,
)

from generator.content.languages import labels
from generator.content.load import load

TRANSLATED = ("fi", "pl", "ru", "vi", "fa")


def own_words(lang: str) -> str:
    values = labels(lang).values()
    return "\n".join(t for v in values for t in (v.values() if isinstance(v, dict) else [v]))


@pytest.fixture(scope="module")
def english():
    return english_phrases()


@pytest.fixture(scope="module")
def owner(sample):
    content, _ = load(sample[0].parent / "content")
    return owner_texts(content)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_english_interface_word_on_a_translated_page(sample, english, owner, lang):
    site = sample[0] / lang
    pattern = phrase_pattern(english, own_words(lang))
    found: dict[str, list[str]] = {}
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        for phrase in leaks(shown_texts(page.read_text(encoding="utf-8"), lang), pattern, owner):
            found.setdefault(f"{phrase!r} ({english[phrase]})", []).append(page.relative_to(site).as_posix())
    for phrase in leaks(feed_texts((site / "feed.xml").read_text(encoding="utf-8")), pattern, owner):
        found.setdefault(f"{phrase!r} ({english[phrase]})", []).append("feed.xml")
    report = {k: (len(v), v[:3]) for k, v in sorted(found.items())}
    assert not found, f"{sum(len(v) for v in found.values())} English words on {lang} pages: {report}"
