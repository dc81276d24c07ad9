"""Service figures as SVG, drawn at build time: readable without JavaScript, each chart with a
title and a description for screen readers (the numbers are also in tables beside it).

Phone first: every chart is drawn WIDTH units wide, the width of a 360 px phone's column, and the
stylesheet never shows it narrower there, so text drawn TEXT units high is at least TEXT px on
the screen. A label that would not fit its column moves to a second row (or a shorter CLDR name
is taken); names and numbers are the page's language's, through Babel; right-to-left languages
draw the months and weekdays from right to left."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from html import escape

from ..content.languages import LANGUAGES, labels
from ..content.metrics import Figures
from ..i18n.dates import Context, Width, month, month_names, weekday
from ..i18n.dates import clock as clock_of_day
from ..i18n.numbers import decimal

WIDTH = 320  # user units: the column of a 360 px phone is 328 px
TEXT = 12  # the size of every text, in user units
LINE = 15  # one row of text
PAD = 8  # room at each side, so an end label centred on its bar stays inside the drawing
BARS = 90  # the height of the bars' area


def text_width(text: str) -> float:
    """How wide `text` is drawn at TEXT units, on the generous side (no font is known at build
    time): thin marks a third of the size, M and W nine tenths, joined Arabic-script letters
    half, the last letter of an Arabic-script word (its wide final form) a whole size, combining
    marks and joiners nothing, anything else two thirds."""
    width = 0.0
    for i, char in enumerate(text):
        if unicodedata.combining(char) or unicodedata.category(char) == "Cf":
            continue
        if "\u0600" <= char <= "\u06ff" and char.isalpha():
            after = text[i + 1:i + 2]
            width += 0.5 if after and after.isalpha() else 1.0
        elif char in " .,:;'’ilI!|٫٬()":
            width += 0.33
        else:
            width += 0.9 if char in "MWmw" else 0.66
    return width * TEXT


@dataclass
class Axis:
    """Where things go along a row of `count` columns, mirrored for a right-to-left language."""

    count: int
    start: float  # where the first column begins, from the inline-start edge
    end: float  # where the last one ends, likewise
    rtl: bool

    @property
    def step(self) -> float:
        return (self.end - self.start) / max(self.count, 1)

    def left(self, i: int, width: float) -> float:
        """The left edge of a box `width` wide at the start of column i."""
        x = self.start + i * self.step
        return WIDTH - x - width if self.rtl else x

    def centre(self, i: int) -> float:
        x = self.start + (i + 0.5) * self.step
        return WIDTH - x if self.rtl else x


def _label(text: str, x: float, y: float, css: str) -> str:
    """A label centred on x, moved in from the edge where it would cross it."""
    half = text_width(text) / 2
    x = min(max(x, half + 1), WIDTH - half - 1)
    return f'<text class="{css}" x="{x:.1f}" y="{y:.1f}" text-anchor="middle">{escape(text)}</text>'


def _labels(texts: list[str], axis: Axis, baseline: float, css: str, rows: int) -> list[str]:
    """A row of labels centred on their columns; with rows=2 every other one a line lower, so
    each has two columns of room."""
    return [_label(text, axis.centre(i), baseline + LINE * (i % rows), css) for i, text in enumerate(texts)]


def _rows(texts: list[str], room: float) -> int | None:
    """1 if every label fits its column, 2 if each fits two, None if not even that."""
    widest = max((text_width(t) for t in texts), default=0)
    return 1 if widest <= room - 2 else 2 if widest <= 2 * room - 2 else None


# The months' names under the bars, longest first: what stands alone, what stands in a date
# (shorter in Vietnamese: 'thg 12' for 'Tháng 12'), then one letter.
MONTH_FORMS: tuple[tuple[Width, Context], ...] = (("abbreviated", "stand-alone"), ("abbreviated", "format"),
                                                  ("narrow", "stand-alone"))


def month_labels(months: list[str], lang: str, room: float) -> tuple[list[str], int]:
    """The months' names under their bars, the longest CLDR form that fits (one row, else two)."""
    numbers = [int(m[5:7]) for m in months]
    names: list[str] = []
    for width, context in MONTH_FORMS:
        names = [month_names(lang, width, context)[n] for n in numbers]
        rows = _rows(names, room)
        if rows is not None:
            return names, rows
    return names, 2


def day_labels(lang: str, room: float) -> list[str]:
    """The weekdays' names over their columns, Monday first: the longest CLDR form that fits."""
    names: list[str] = []
    for form in ("abbreviated", "short", "narrow"):
        names = [weekday(d, lang, form) for d in range(7)]
        if _rows(names, room) == 1:
            return names
    return names


def hours_text(value: float, lang: str) -> str:
    """Hours on a bar: one decimal under ten, whole hours from ten on ('3.5', '24', '۳٫۵')."""
    return decimal(value, lang, "0.0" if value < 10 else "#,##0")


def response_panel(figures: Figures, priority: str, target: float | None, lang: str, ident: str,
                   name: str | None = None) -> str:
    """One priority's median hours to a first response per month, as bars with their values, and
    the target as a dashed line; bars over the target are marked."""
    t = labels(lang)
    rtl = LANGUAGES[lang].direction == "rtl"
    values = [figures.by_priority[priority][m][0] for m in figures.months]
    axis = Axis(len(figures.months), PAD, WIDTH - PAD, rtl)
    texts = [hours_text(v, lang) if v is not None else "–" for v in values]
    value_rows = _rows(texts, axis.step) or 2
    months, month_rows = month_labels(figures.months, lang, axis.step)
    top = value_rows * LINE + 2  # the tallest bar's value sits above it
    base = top + BARS
    height = base + month_rows * LINE + 5
    scale = max([v for v in values if v is not None] + [target or 0]) or 1
    first, last = (date(int(m[:4]), int(m[5:7]), 1) for m in (figures.months[0], figures.months[-1]))
    desc = t["figures_response_desc"].format(first=month(first, lang), last=month(last, lang))
    parts = [f'<svg class="portal-chart" role="img" viewBox="0 0 {WIDTH} {height}" font-size="{TEXT}" '
             f'xmlns="http://www.w3.org/2000/svg" aria-labelledby="{ident}-title {ident}-desc">',
             f'<title id="{ident}-title">{escape(t["figures_response_panel"].format(priority=name or priority))}</title>',
             f'<desc id="{ident}-desc">{escape(desc)}</desc>',
             f'<line class="portal-chart__axis" x1="0" y1="{base}" x2="{WIDTH}" y2="{base}"/>']
    bar = axis.step - 6
    for i, value in enumerate(values):
        if value is None:
            continue
        h = BARS * value / scale
        over = target is not None and value > target
        parts.append(f'<rect class="portal-chart__bar{" portal-chart__bar--over" if over else ""}" '
                     f'x="{axis.left(i, axis.step) + 3:.1f}" y="{base - h:.1f}" width="{bar:.1f}" '
                     f'height="{h:.1f}"><title>{escape(months[i])}: {escape(texts[i])}</title></rect>')
    if target is not None:
        y = base - BARS * target / scale
        parts.append(f'<line class="portal-chart__target" x1="0" y1="{y:.1f}" x2="{WIDTH}" y2="{y:.1f}"/>')
    # Each value just over its bar (staggered in two rows when they would not fit side by side).
    for i, (value, text) in enumerate(zip(values, texts, strict=True)):
        over = value is not None and target is not None and value > target
        y = base - (BARS * value / scale if value is not None else 0) - 4 - LINE * (i % value_rows)
        parts.append(_label(text, axis.centre(i), y, "portal-chart__value" + (" portal-chart__value--over" if over else "")))
    parts += _labels(months, axis, base + LINE - 2, "portal-chart__tick", month_rows)
    parts.append("</svg>")
    return "".join(parts)


def response_panels(figures: Figures, targets: dict[str, float | None], lang: str,
                    names: dict[str, str] | None = None) -> list[dict]:
    """A panel per priority that has a first response in the months shown: its name (as employees
    see it, translated: names), its target in words, and its chart."""
    t = labels(lang)
    panels: list[dict] = []
    for priority, months in figures.by_priority.items():
        if not any(v[2] for v in months.values()):
            continue
        target = targets.get(priority)
        ident = f"chart-response-{len(panels) + 1}"
        words = (t["figures_target"].format(hours=t["figures_hours"].format(n=decimal(target, lang)))
                 if target is not None else t["figures_no_target"])
        name = (names or {}).get(priority, priority)
        panels.append({"priority": name, "target": words,
                       "svg": response_panel(figures, priority, target, lang, ident, name)})
    return panels


def clock(hour: int, lang: str) -> str:
    """The start of an hour: '09:00', '۰۹:۰۰'."""
    return clock_of_day(hour * 60, lang)


def busy_chart(figures: Figures, team: str, lang: str = "en") -> str:
    """Requests per weekday (columns, Monday first) and hour (rows): the stronger a cell's colour, the busier
    (the colour is the palette's: light cells on a dark page, so the description never says darker)."""
    t = labels(lang)
    rtl = LANGUAGES[lang].direction == "rtl"
    hour_room = max(text_width(decimal(h, lang, "00")) for h in range(24)) + 8
    days = Axis(7, hour_room, WIDTH, rtl)
    names = day_labels(lang, days.step)
    head, row = LINE + 5, 13
    height = head + 24 * row + 2
    peak = max((n for counts in figures.busy for n in counts), default=0) or 1
    quiet = min(((n, d, h) for d, counts in enumerate(figures.busy) for h, n in enumerate(counts) if d < 5 and 9 <= h < 17),
                default=(0, 0, 9))
    desc = t["figures_busy_desc"].format(months=decimal(len(figures.months), lang), peak=decimal(peak, lang),
                                         quiet=f"{weekday(quiet[1], lang)} {clock(quiet[2], lang)}")
    parts = [f'<svg class="portal-chart" role="img" viewBox="0 0 {WIDTH} {height}" font-size="{TEXT}" '
             f'xmlns="http://www.w3.org/2000/svg" aria-labelledby="chart-busy-title chart-busy-desc">',
             f'<title id="chart-busy-title">{escape(t["figures_busy_title"].format(team=team))}</title>',
             f'<desc id="chart-busy-desc">{escape(desc)}</desc>']
    parts += _labels(names, days, LINE - 2, "portal-chart__tick", 1)
    hour_x = WIDTH - hour_room / 2 if rtl else hour_room / 2
    for hour in range(0, 24, 3):
        parts.append(f'<text class="portal-chart__tick" x="{hour_x:.1f}" y="{head + hour * row + row / 2 + 4:.1f}" '
                     f'text-anchor="middle">{decimal(hour, lang, "00")}</text>')
    for day, counts in enumerate(figures.busy):
        for hour, n in enumerate(counts):
            parts.append(f'<rect class="portal-chart__cell" x="{days.left(day, days.step) + 1:.1f}" y="{head + hour * row}" '
                         f'width="{days.step - 2:.1f}" height="{row - 2}" fill-opacity="{0.05 + 0.95 * n / peak:.2f}">'
                         f'<title>{escape(weekday(day, lang))} {clock(hour, lang)}: '
                         f'{decimal(n, lang)}</title></rect>')
    parts.append("</svg>")
    return "".join(parts)
