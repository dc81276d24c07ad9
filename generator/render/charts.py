"""Service figures as SVG, drawn at build time: readable without JavaScript, each chart with a
title and a description for screen readers (the numbers are also in a table beside it)."""

from __future__ import annotations

from html import escape

from ..content.metrics import Figures

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _month(label: str) -> str:
    return MONTHS[int(label[5:7]) - 1]


def response_chart(figures: Figures, targets: dict[str, float | None], team: str) -> str:
    """Per priority, the median hours to a first response each month, and the target as a line."""
    width, panel, left, top = 640, 110, 120, 10
    bar_area = width - left - 10
    step = bar_area / max(len(figures.months), 1)
    priorities = [p for p in figures.by_priority if any(v[2] for v in figures.by_priority[p].values())]
    height = top + panel * len(priorities) + 20
    parts = [f'<svg class="portal-chart" role="img" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" '
             f'aria-labelledby="chart-response-title chart-response-desc">',
             f'<title id="chart-response-title">{escape(team)}: first response against target, per month</title>',
             f'<desc id="chart-response-desc">For each priority, bars show the median hours to a first response in each '
             f'of the months {escape(", ".join(figures.months))}; a dashed line shows the target. '
             f'The same numbers are in the table below.</desc>']
    for row, priority in enumerate(priorities):
        y0 = top + row * panel
        values = [figures.by_priority[priority][m][0] for m in figures.months]
        target = targets.get(priority)
        scale = max([v for v in values if v is not None] + [target or 0, 0.1]) * 1.15
        base = y0 + panel - 25
        parts.append(f'<text class="portal-chart__label" x="0" y="{y0 + 20}">{escape(priority)}</text>')
        parts.append(f'<line class="portal-chart__axis" x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}"/>')
        for i, (month, value) in enumerate(zip(figures.months, values, strict=True)):
            x = left + i * step
            if value is not None:
                h = (panel - 35) * value / scale
                over = target is not None and value > target
                parts.append(f'<rect class="portal-chart__bar{" portal-chart__bar--over" if over else ""}" '
                             f'x="{x + 3:.1f}" y="{base - h:.1f}" width="{step - 6:.1f}" height="{h:.1f}">'
                             f'<title>{escape(month)}: {value:.1f} h</title></rect>')
            parts.append(f'<text class="portal-chart__tick" x="{x + step / 2:.1f}" y="{base + 14}" '
                         f'text-anchor="middle">{_month(month)}</text>')
        if target is not None:
            y = base - (panel - 35) * target / scale
            parts.append(f'<line class="portal-chart__target" x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}"/>')
            parts.append(f'<text class="portal-chart__tick" x="0" y="{y0 + 38}">target {target:g} h</text>')
    parts.append("</svg>")
    return "".join(parts)


def busy_chart(figures: Figures, team: str) -> str:
    """Requests per weekday and hour: darker is busier."""
    cell, left, top = 24, 40, 20
    width, height = left + 24 * cell + 4, top + 7 * cell + 4
    peak = max((n for row in figures.busy for n in row), default=0) or 1
    quiet = min(((n, d, h) for d, row in enumerate(figures.busy) for h, n in enumerate(row) if d < 5 and 9 <= h < 17),
                default=(0, 0, 9))
    parts = [f'<svg class="portal-chart" role="img" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" '
             f'aria-labelledby="chart-busy-title chart-busy-desc">',
             f'<title id="chart-busy-title">{escape(team)}: requests per weekday and hour</title>',
             f'<desc id="chart-busy-desc">Darker cells had more requests over the last {len(figures.months)} months; '
             f'the busiest hour had {peak}. A quiet working hour: {DAYS[quiet[1]]} {quiet[2]:02d}:00. '
             f'The same numbers are in the table below.</desc>']
    for hour in range(0, 24, 3):
        parts.append(f'<text class="portal-chart__tick" x="{left + hour * cell + cell / 2}" y="{top - 6}" '
                     f'text-anchor="middle">{hour:02d}</text>')
    for day, row in enumerate(figures.busy):
        y = top + day * cell
        parts.append(f'<text class="portal-chart__tick" x="0" y="{y + cell * 0.7:.1f}">{DAYS[day]}</text>')
        for hour, n in enumerate(row):
            parts.append(f'<rect class="portal-chart__cell" x="{left + hour * cell}" y="{y}" width="{cell - 2}" '
                         f'height="{cell - 2}" fill-opacity="{0.05 + 0.95 * n / peak:.2f}">'
                         f'<title>{DAYS[day]} {hour:02d}:00: {n} requests</title></rect>')
    parts.append("</svg>")
    return "".join(parts)
