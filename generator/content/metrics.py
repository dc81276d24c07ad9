"""A team's service figures: the ticket export in content/teams/<id>/metrics.csv.

One row per request, as ticket systems export them:

    ticket,priority,created,first_response,resolved,satisfaction
    IT-10412,P3 Normal,2026-03-02T09:14,2026-03-02T10:02,2026-03-04T15:40,5

Times are in the team's time zone unless they carry an offset. From these rows the build
draws, per month, the median first response and resolution against the team's targets, the
requests per weekday and hour, and satisfaction; every problem is a diagnostic with its line.
"""

from __future__ import annotations

import csv
import difflib
import io
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from ..diagnostics import Diagnostic, Severity
from .schema import duration_minutes

# The columns, declared once: name -> (required, what it holds).
COLUMNS = {
    "ticket": (True, "the request's id in the ticket system"),
    "priority": (True, "its priority, named as in the team's response_targets"),
    "created": (True, "when it was made (YYYY-MM-DDTHH:MM)"),
    "first_response": (False, "when the team first answered; empty if not yet"),
    "resolved": (False, "when it was solved; empty if not yet"),
    "satisfaction": (False, "the requester's rating from 1 to 5; empty if none"),
}


@dataclass
class Ticket:
    priority: str
    created: datetime
    first_response: datetime | None
    resolved: datetime | None
    satisfaction: int | None


@dataclass
class Figures:
    """What the charts and tables show."""

    months: list[str] = field(default_factory=list)  # YYYY-MM, oldest first
    # priority -> month -> (median first response hours, median resolution hours, requests)
    by_priority: dict[str, dict[str, tuple[float | None, float | None, int]]] = field(default_factory=dict)
    busy: list[list[int]] = field(default_factory=list)  # weekday (Monday 0) x hour -> requests
    satisfaction: dict[str, float] = field(default_factory=dict)  # month -> average rating


def read(text: str, path: str, timezone: str, priorities: list[str]) -> tuple[list[Ticket], list[Diagnostic]]:
    """The tickets of a metrics CSV, and a diagnostic for every problem in it."""
    problems: list[Diagnostic] = []

    def problem(line: int, column: int, code: str, message: str, hint: str, key: str = "") -> None:
        problems.append(Diagnostic(path, line, column, Severity.ERROR, code, message, key=key, hint=hint))

    reader = csv.reader(io.StringIO(text))
    rows, starts_at = [], []  # each row, and the line it starts on (a quoted cell may hold line breaks)
    try:
        while True:
            first = reader.line_num + 1
            row = next(reader, None)
            if row is None:
                break
            rows.append(row)
            starts_at.append(first)
    except csv.Error as exc:  # a cell over the csv module's limit, or a quote never closed
        too_long = "field limit" in str(exc)
        problem(reader.line_num, 1, "invalid-value",
                f"a cell holds more than {csv.field_size_limit():,} characters" if too_long
                else f"the file cannot be read as CSV: {exc}",
                "check the export: each cell holds one value, and a quoted cell closes its quote")
        return [], problems
    if not rows:
        problem(1, 1, "missing-column", "the file is empty", "start with the header: " + ",".join(COLUMNS))
        return [], problems
    header = [h.strip() for h in rows[0]]
    starts = _column_starts(text.split("\n", 1)[0])
    for i, name in enumerate(header):
        if name not in COLUMNS:
            near = difflib.get_close_matches(name, list(COLUMNS), n=1)
            problem(1, starts[i] if i < len(starts) else 1, "unknown-column", f"unknown column '{name}'",
                    f"did you mean '{near[0]}'?" if near else "the columns are: " + ", ".join(COLUMNS))
    for name, (required, meaning) in COLUMNS.items():
        if required and name not in header:
            problem(1, 1, "missing-column", f"the column '{name}' is missing", f"add a column '{name}': {meaning}")
    if problems:
        return [], problems
    zone = ZoneInfo(timezone)
    tickets = []
    for line, row in zip(starts_at[1:], rows[1:], strict=True):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(header, (c.strip() for c in row), strict=False))
        times: dict[str, datetime | None] = {}
        for name in ("created", "first_response", "resolved"):
            value = cells.get(name, "")
            if not value:
                times[name] = None
                continue
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                problem(line, 1, "invalid-date", f"'{value}' is not a date and time",
                        "write it as YYYY-MM-DDTHH:MM, e.g. 2026-03-02T09:14", key=name)
                times[name] = None
                continue
            moment = moment if moment.tzinfo else moment.replace(tzinfo=zone)
            if not _chartable(moment, zone):
                problem(line, 1, "invalid-date", f"'{value}' is not between the years {FIRST_YEAR} and {LAST_YEAR}",
                        "check the export: a request's times are recent dates, e.g. 2026-03-02T09:14", key=name)
                times[name] = None
                continue
            times[name] = moment
        created = times["created"]
        if created is None:
            if not cells.get("created"):
                problem(line, 1, "missing-field", "the row has no creation time",
                        "every request needs the time it was made", key="created")
            continue
        for name in ("first_response", "resolved"):
            later = times[name]
            if later is not None and later < created:
                problem(line, 1, "invalid-duration", f"{cells[name]} is before the request was made "
                        f"({cells['created']})", "check the export: a request is answered after it is made", key=name)
                times[name] = None
        priority = cells.get("priority", "")
        if priority not in priorities:
            problem(line, 1, "unknown-priority", f"the team has no target for '{priority}'",
                    "add it to response_targets in team.yml, or use one of: " + (", ".join(priorities) or "none yet"),
                    key="priority")
            continue
        rating = cells.get("satisfaction", "")
        if rating and rating not in RATINGS:  # not isdigit(): '²' is a digit to Python, but no rating
            problem(line, 1, "invalid-value", f"'{rating}' is not a rating from 1 to 5",
                    "write a whole number from 1 to 5, or leave it empty", key="satisfaction")
            rating = ""
        tickets.append(Ticket(priority, created, times["first_response"], times["resolved"],
                              int(rating) if rating else None))
    return tickets, problems


RATINGS = ("1", "2", "3", "4", "5")
# Times far from ours are mistakes in an export, and near years 1 and 9999 converting between
# time zones leaves the dates Python can hold.
FIRST_YEAR, LAST_YEAR = 1900, 9998


def _chartable(moment: datetime, zone: ZoneInfo) -> bool:
    try:
        return FIRST_YEAR <= moment.astimezone(zone).year <= LAST_YEAR and moment.astimezone(UTC).year >= FIRST_YEAR
    except (OverflowError, ValueError):
        return False


def _column_starts(header_line: str) -> list[int]:
    starts, position = [1], 1
    for char in header_line:
        position += 1
        if char == ",":
            starts.append(position)
    return starts


def figures(tickets: list[Ticket], timezone: str, priorities: list[str], months: int = 12) -> Figures:
    """The last `months` months of the tickets, as the charts show them."""
    zone = ZoneInfo(timezone)
    by_month: dict[str, list[Ticket]] = defaultdict(list)
    for ticket in tickets:
        by_month[ticket.created.astimezone(zone).strftime("%Y-%m")].append(ticket)
    shown = sorted(by_month)[-months:]
    result = Figures(months=shown, busy=[[0] * 24 for _ in range(7)])

    def hours(a: datetime, b: datetime | None) -> float | None:
        return None if b is None else (b - a).total_seconds() / 3600

    for priority in priorities:
        result.by_priority[priority] = {}
        for month in shown:
            group = [t for t in by_month[month] if t.priority == priority]
            first = [h for t in group if (h := hours(t.created, t.first_response)) is not None]
            solved = [h for t in group if (h := hours(t.created, t.resolved)) is not None]
            result.by_priority[priority][month] = (
                statistics.median(first) if first else None, statistics.median(solved) if solved else None, len(group))
    counts: Counter[tuple[int, int]] = Counter()
    for month in shown:
        for ticket in by_month[month]:
            local = ticket.created.astimezone(zone)
            counts[(local.weekday(), local.hour)] += 1
        ratings = [t.satisfaction for t in by_month[month] if t.satisfaction is not None]
        if ratings:
            result.satisfaction[month] = round(statistics.mean(ratings), 2)
    for (day, hour), n in counts.items():
        result.busy[day][hour] = n
    return result


def target_hours(duration: str | None) -> float | None:
    return None if duration is None else duration_minutes(duration) / 60
