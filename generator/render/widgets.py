"""The widgets: the data each partial of theme/partials shows (contact card, services, service
figures, article lists, the profile form, the directory's open-now data) and its rendering
into the docs tree, where a blank line would end Markdown's raw HTML block."""

from __future__ import annotations

import contextlib
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from ..content import metrics
from ..content.model import TeamContent
from ..content.schema import Channel, PortalSettings, minutes_of_day, parse_days, parse_hours
from ..i18n.dates import clock_range, month, time_zone, weekday
from ..i18n.numbers import duration, listing, number
from . import charts
from .urls import href, team_path

if TYPE_CHECKING:
    import jinja2


_RENDERED: dict[str, str] = {}  # what a partial rendered, by theme, language, template and data


def plain(value: object) -> bool:
    """Whether value is made of the types whose repr tells them apart (so equal reprs are equal values)."""
    if value is None or type(value) in (str, int, float, bool, date):
        return True
    if type(value) in (list, tuple):
        return all(plain(v) for v in value)  # type: ignore[attr-defined]
    if type(value) is dict:
        return all(type(k) is str and plain(v) for k, v in value.items())  # type: ignore[attr-defined]
    return False


def open_now_data(hours) -> dict:
    """What the browser needs to say whether the team is open now: minutes since midnight per
    weekday (0 is Monday), and the closed days, all in the team's time zone."""
    schedule: dict[int, list[list[int]]] = {}
    for entry in hours.schedule:
        spans = [[minutes_of_day(a), minutes_of_day(b)] for a, b in parse_hours(entry.hours)]
        for day in parse_days(entry.days):
            schedule[day] = spans
    closed = [[c.date.isoformat(), (c.until or c.date).isoformat(), c.name] for c in hours.closed]
    return {"timezone": hours.timezone, "schedule": {str(d): spans for d, spans in sorted(schedule.items())},
            "closed": sorted(closed)}


def day_ranges(days: list[int], lang: str = "en") -> str:
    """[0, 1, 2, 3, 4] -> 'Monday–Friday'; [0, 2] -> 'Monday, Wednesday'."""
    parts = []
    for _, run in groupby(enumerate(days), key=lambda pair: pair[1] - pair[0]):
        consecutive = [day for _, day in run]
        first, last = consecutive[0], consecutive[-1]
        parts.append(weekday(first, lang) if len(consecutive) == 1 else f"{weekday(first, lang)}–{weekday(last, lang)}")
    return ", ".join(parts)


class Widgets:
    """Renders the widget partials in one language."""

    def __init__(self, theme_dir: Path, t: dict, lang: str, settings: PortalSettings):
        self.t, self.lang, self.settings = t, lang, settings
        self.locations = {loc.id: loc.name for loc in settings.locations}
        self.theme_dir = theme_dir
        self._templates: jinja2.Environment | None = None
        self._stamp: tuple | None = None

    @property
    def theme_stamp(self) -> tuple:
        """The theme's files as they are now (name, size, time of change): a partial rendered
        before an edit of the theme is not the partial after it."""
        if self._stamp is None:
            found = []
            for path in sorted(self.theme_dir.rglob("*")):
                with contextlib.suppress(OSError):
                    stat = path.stat()
                    found.append((str(path), stat.st_size, stat.st_mtime_ns))
            self._stamp = (str(self.theme_dir), *found)
        return self._stamp

    @property
    def templates(self) -> jinja2.Environment:
        # Made when a partial is first rendered: `portal check` renders few or none, and Jinja's
        # import is a tenth of its start.
        if self._templates is None:
            import jinja2

            self._templates = jinja2.Environment(
                # partials/ first; the theme itself too, so partials import one another as MkDocs finds them.
                loader=jinja2.FileSystemLoader([self.theme_dir / "partials", self.theme_dir]),
                autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
            )
        return self._templates

    def render(self, template: str, **context) -> str:
        # A partial is rendered once for the same words and data: the preview renders every page
        # after each edit, most with what they showed before.
        key = repr((self.theme_stamp, self.lang, template, sorted(context.items()))) if plain(context) else None
        if key is not None and key in _RENDERED:
            return _RENDERED[key]
        html = self._render(template, **context)
        if key is not None:
            if len(_RENDERED) >= 20_000:
                _RENDERED.clear()
            _RENDERED[key] = html
        return html

    def _render(self, template: str, **context) -> str:
        html = self.templates.get_template(template).render(t=self.t, **context)
        # A blank line would end Markdown's raw HTML block early.
        return "\n".join(line for line in html.splitlines() if line.strip())

    def channel(self, channel: Channel, outdated: bool = False) -> dict:
        """outdated: in a translated page, the channel's original text changed since it was translated."""
        place = self.locations.get(channel.location) if channel.location else None
        return {"type": channel.type, "type_label": self.t["channel_types"][channel.type], "href": channel.href,
                "name": channel.label if channel.shows_address else None, "text": channel.text,
                "place": place, "description": channel.description, "categories": channel.categories,
                "outdated": outdated}

    def figures(self, team: TeamContent) -> str:
        value = team.team.value
        lang, t = self.lang, self.t
        priorities = [tgt.priority for tgt in value.response_targets]
        found = metrics.figures(team.tickets, value.timezone, priorities)
        targets = {tgt.priority: metrics.target_hours(tgt.first_response) for tgt in value.response_targets}
        months = {m: month(date(int(m[:4]), int(m[5:7]), 1), lang) for m in found.months}

        def hours(x: float | None) -> str:
            return "—" if x is None else number(x, lang, digits=1)

        def target(duration: str | None) -> str:
            hours = metrics.target_hours(duration)
            return "—" if hours is None else t["figures_hours"].format(n=number(hours, lang))

        monthly = [{"caption": t["figures_targets"].format(priority=tgt.shown, first=target(tgt.first_response),
                                                          resolution=target(tgt.resolution)),
                    "rows": [[months[m], number(found.by_priority[tgt.priority][m][2], lang),
                              hours(found.by_priority[tgt.priority][m][0]), hours(found.by_priority[tgt.priority][m][1])]
                             for m in found.months]}
                   for tgt in value.response_targets]
        overall = [[months[m], number(sum(found.by_priority[p][m][2] for p in priorities), lang),
                    "—" if m not in found.satisfaction else number(found.satisfaction[m], lang, digits=1)]
                   for m in found.months]
        # The table's weekdays as the chart names them: short enough for seven columns on a phone.
        short = charts.day_labels(lang, charts.WIDTH / 8)
        days = [{"short": short[d], "name": weekday(d, lang)} for d in range(7)]
        busy = [{"hour": charts.clock(h, lang),
                 "counts": [number(found.busy[d][h], lang) for d in range(7)]} for h in range(24)]
        names = {tgt.priority: tgt.shown for tgt in value.response_targets}
        return self.render("service-figures.html", panels=charts.response_panels(found, targets, lang, names),
                           busy_svg=charts.busy_chart(found, value.name, lang), monthly=monthly, overall=overall,
                           days=days, busy=busy, peak=number(max((n for row in found.busy for n in row), default=0), lang))

    def durations(self, target) -> dict:
        """A response target with its durations in the page's words ('30 minuuttia', '۳۰ دقیقه')."""
        return {**target.model_dump(), "first_response": duration(target.first_response, self.lang, self.t),
                "resolution": duration(target.resolution, self.lang, self.t) if target.resolution else None}

    def services(self, team: TeamContent) -> list[dict]:
        value = team.team.value
        form = next((c for c in value.channels if c.type == "form"), None)
        out = []
        for i, service in enumerate(value.services):
            use: dict[str, str] | None
            if service.form:
                use = {"href": service.form, "label": self.t["request_form"]}
            else:
                use = {"href": form.value, "label": form.label or self.t["request_form"]} if form else None
            targets = [{**self.durations(t), "name": t.shown} for t in value.response_targets
                       if not service.priorities or t.priority in service.priorities]
            out.append({"id": service.id, "name": service.name, "description": service.description, "form": use,
                        "category": service.category, "include": service.include, "targets": targets,
                        "outdated": team.team.is_outdated("services", i)})
        return out

    def card(self, team: TeamContent) -> dict:
        value = team.team.value
        # In a translated page: the parts whose original changed since they were translated.
        outdated = team.team.is_outdated
        hours = None
        if value.office_hours:
            rows = [{"days": day_ranges(parse_days(entry.days), self.lang),
                     "hours": listing([clock_range(minutes_of_day(a), minutes_of_day(b), self.lang)
                                       for a, b in parse_hours(entry.hours)], self.lang, "unit-short")}
                    for entry in value.office_hours.schedule]
            zone = value.office_hours.timezone
            hours = {"timezone": zone, "zone": time_zone(zone, self.lang), "rows": rows, "notes": value.office_hours.notes,
                     "open": open_now_data(value.office_hours),
                     "outdated": outdated("office_hours") or any(
                         outdated("office_hours", "closed", i) for i in range(len(value.office_hours.closed)))}
        after = None
        if value.after_hours:
            after = {"description": value.after_hours.description, "outdated": outdated("after_hours"),
                     "channels": [self.channel(c, outdated("after_hours", "channels", i))
                                  for i, c in enumerate(value.after_hours.channels)]}
        return {"id": team.id, "name": value.name, "vcard": "contact.vcf",
                "channels": [self.channel(c, outdated("channels", i)) for i, c in enumerate(value.channels)],
                "hours": hours, "after_hours": after, "escalation": value.escalation, "escalation_outdated": outdated(),
                "targets": [{**self.durations(t), "name": t.shown, "outdated": outdated("response_targets", i)}
                            for i, t in enumerate(value.response_targets)]}

    def article_list(self, path: str, team: TeamContent, folder: str, summaries: bool) -> str:
        articles = sorted(getattr(team, folder), key=lambda a: a.meta.value.title.casefold())
        return self.render("article-list.html", articles=[
            {"title": a.meta.value.title, "summary": a.meta.value.summary if summaries else None,
             "href": href(path, team_path(team, folder, a.slug + ".md")),
             "locations": " ".join(a.meta.value.locations)} for a in articles])

    def profile(self) -> str:
        return self.render("profile.html", locations=self.settings.locations,
                           employment_types=self.settings.employment_types)
