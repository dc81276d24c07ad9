"""No interface word in code: every word the portal shows a reader comes from theme/labels.yml in
the page's language. The English ones, collected from labels, templates, scripts and the
generator (tests/interface_words.py says how), must show nowhere in the translated sample
sites, except in owner text not translated yet."""

from __future__ import annotations

import re

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


# --- in the browser: what the scripts write, beside what the generator wrote ----------------------

# Every character of the element's text with the middle of its drawn box (x), after scripts ran.
DRAWN = """(element) => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const nodes = []; let text = "";
  while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }
  const x = (i) => {
    const [node, start] = nodes.filter(([, s]) => s <= i).pop();
    const range = document.createRange(); range.setStart(node, i - start); range.setEnd(node, i - start + 1);
    const box = range.getBoundingClientRect(); return box.left + box.width / 2;
  };
  return [text, [...Array(text.length).keys()].map(x)];
}"""


def _team_page(browser, site_url: str, lang: str):
    """The IT team's page in lang, on a Tuesday evening in London seen from Helsinki: the badge
    says when it opens (in the team's time and the reader's), the hours in the reader's time show."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    context = browser.new_context(timezone_id="Europe/Helsinki", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.clock.set_fixed_time(datetime(2026, 11, 24, 18, 0, tzinfo=ZoneInfo("Europe/London")))
    page.goto(f"{site_url}/{'' if lang == 'en' else lang + '/'}teams/it/")
    page.locator(".portal-hours__yours:not([hidden])").wait_for()
    return context, page


@pytest.mark.parametrize("lang", ["en", *TRANSLATED])
def test_a_team_page_writes_numbers_and_times_one_way(browser, site_url, lang):
    """The office hours and dates the generator wrote, and the open-now badge and the hours in the
    reader's time the browser wrote: one numbering system (the language's own digits, Persian
    ۰–۹) and one time format (CLDR's short time: 09:00 in English, 9.00 in Finnish), on one page."""
    import unicodedata

    from babel import Locale

    from generator.i18n.dates import locale_of, localised_digits

    context, page = _team_page(browser, site_url, lang)
    server = page.locator(".portal-hours__table td, .portal-page-facts time").all_inner_texts()
    script = page.locator(".portal-card .portal-open, .portal-hours__yours").all_inner_texts()
    context.close()
    assert server and len(script) == 2
    digits = set(localised_digits("0123456789", lang))
    for text in server + script:
        assert {c for c in text if unicodedata.category(c) == "Nd"} <= digits, (lang, text)
    # Each time as written: its hour (padded or not), the separator, its minutes.
    pattern = Locale.parse(locale_of(lang)).time_formats["short"].pattern  # 'HH:mm', 'H.mm', 'H:mm'
    nine = localised_digits("09" if pattern.startswith("HH") else "9", lang)
    separator = pattern.lstrip("Hh")[0]
    times = {part: [m.groups() for t in texts for m in re.finditer(r"(?<!\d)(\d{1,2})(\D)(\d\d)(?!\d)", t)]
             for part, texts in (("server", server), ("script", script))}
    for part, found in times.items():
        assert found, (lang, part)
        assert {sep for _, sep, _ in found} == {separator}, (lang, part, found)
        assert any(hour == nine for hour, _, _ in found), (lang, part, found)  # 9 o'clock, as the language pads it
        assert all(len(hour) == len(nine) or int("".join(str(unicodedata.digit(c)) for c in hour)) >= 10
                   for hour, _, _ in found), (lang, part, found)


def _first_strong_is_rtl(text: str) -> bool:
    import unicodedata

    return next((unicodedata.bidirectional(c) in ("R", "AL") for c in text if unicodedata.bidirectional(c) in ("L", "R", "AL")),
                False)


def test_runs_keep_their_reading_order_in_persian(browser, site_url):
    """In a right-to-left page a run keeps the order its reader reads it in, from the characters'
    drawn boxes: a response target (a time with its unit: '30 minutes' as the owner wrote it, or
    '۳۰ دقیقه' once translated) has its number before its unit in its own direction; a chat
    channel's name ('#it-help') starts with its '#'; an office-hours span reads from its start
    (right, in Persian) to its end, each time's digits left to right."""
    import unicodedata

    context, page = _team_page(browser, site_url, "fa")
    target, (text, xs) = None, ("", [])
    for cell in page.locator(".portal-targets__table td").all():
        text, xs = cell.evaluate(DRAWN)
        if any(c.isdigit() for c in text) and any(c.isalpha() for c in text):
            target = cell
            break
    assert target is not None
    number = next(i for i, c in enumerate(text) if c.isdigit())
    unit = next(i for i, c in enumerate(text) if c.isalpha() and i > number)
    assert (xs[number] > xs[unit]) == _first_strong_is_rtl(text), (text, xs[number], xs[unit])

    chat, chat_xs = page.locator('#contact .portal-channel--chat a').first.evaluate(DRAWN)
    assert chat.startswith("#") and chat_xs[0] < chat_xs[-1], (chat, chat_xs)

    span, span_xs = page.locator(".portal-hours__table td").first.evaluate(DRAWN)
    context.close()
    times = [m.span() for m in re.finditer(r"\d{1,2}\D\d\d", span)]
    assert len(times) == 2 and all(unicodedata.digit(span[a]) is not None for a, _ in times), span
    (first, first_end), (second, _) = times
    assert span_xs[first] > span_xs[second], (span, span_xs)  # from right to left: the span starts on the right
    assert span_xs[first] < span_xs[first_end - 1], (span, span_xs)  # a time's digits: left to right


@pytest.mark.parametrize("lang", TRANSLATED)
def test_what_the_scripts_write_is_in_the_pages_language(browser, site_url, english, owner, lang):
    """The same check on pages after their scripts ran: open-now badges, the profile's marks and
    button, search results, counts and the no-result fallback, feedback links with the page's address."""
    pattern = phrase_pattern(english, own_words(lang))
    context, page = _team_page(browser, site_url, lang)
    found = set(leaks(shown_texts(page.content(), lang), pattern, owner))
    page.goto(f"{site_url}/{lang}/benefits/")
    page.select_option(".portal-profile select[name=office]", "warsaw")
    page.locator(".portal-not-mine__toggle").first.wait_for()
    found |= leaks(shown_texts(page.content(), lang), pattern, owner)
    for query in ("password", "zzzyqx"):
        page.fill(".md-search__input", query)
        page.wait_for_function("document.querySelector('.md-search-result__item, .portal-search__fallback:not([hidden]) p')")
        found |= leaks(shown_texts(page.content(), lang), pattern, owner)
    context.close()
    assert not found, (lang, found)
