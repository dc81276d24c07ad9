"""`portal report`: content health for owners, as Markdown (a pull-request comment) or JSON.

- reviews: procedures and pages past their review date or due within 30 days, by team and owner;
- pages with no owner;
- broken links between pages, including to a FAQ question or heading that does not exist;
- per language beyond the original and per entry (a page, a question, a benefit, a service, a
  closure, the team's own text…): what is not translated yet, or only in part, and the
  translations whose original's text changed after them (by commit, i18n/translations.py).

Nothing can be unreachable: every team's navigation lists its procedures and pages, and its
page lists every question, so the report has no section for orphans.
"""

from __future__ import annotations

from datetime import date

from ..checks.links import broken_links
from ..content.languages import LANGUAGES
from ..content.markdown import escape_markdown
from ..content.model import Content
from ..escape import one_line
from ..i18n.translations import Then, status
from ..render.site import Site
from .reviews import due_reviews


def report(content: Content, site: Site, today: date, then: Then | None = None) -> dict:
    no_owner = [{"file": a.source, "title": a.meta.value.title, "team": team.name}
                for team in content.teams.values() for a in team.sops + team.pages if a.meta.value.owner is None]
    broken = [{"file": b.text.path, "line": b.line, "link": b.target, "problem": b.problem}
              for b in broken_links(content, site)]
    reviews = [{"file": r.file, "title": r.title, "team": r.team, "owner": r.owner, "due": r.due.isoformat(),
                "status": "overdue" if r.overdue else "due soon"} for r in due_reviews(content, today)]
    languages = {}
    for lang in content.settings.value.languages[1:]:
        found = status(content, lang, then)
        languages[lang] = {
            "missing": [{"kind": u.kind, "title": u.title, "team": u.team, "entry": u.entry, "fields": list(u.missing),
                         "file": u.original, "translation": u.translation} for u in found if u.missing],
            "outdated": [{"kind": u.kind, "title": u.title, "team": u.team, "entry": u.entry, "file": u.translation,
                          "original": u.original} for u in found if u.outdated]}
    return {"date": today.isoformat(), "reviews": reviews, "no_owner": sorted(no_owner, key=lambda r: r["file"]),
            "broken_links": sorted(broken, key=lambda r: (r["file"], r["line"])), "translations": languages}


def markdown(data: dict) -> str:
    """The report as Markdown for a pull-request comment: owners' titles and names as text."""
    data = _as_text(data)
    out = [f"# Content health, {data['date']}", ""]
    out += ["## Reviews due", ""]
    if data["reviews"]:
        team = owner = None
        for r in data["reviews"]:
            if (r["team"], r["owner"]) != (team, owner):
                team, owner = r["team"], r["owner"]
                out += ([""] if out[-1] else []) + [f"**{team}**, {owner or 'no owner'}", ""]
            out.append(f"- {r['status']}: [{r['title']}]({r['file']}), due {r['due']}")
    else:
        out.append("Nothing is due within 30 days.")
    sections = [("Pages with no owner", "no_owner", lambda r: f"- [{r['title']}]({r['file']}) ({r['team']})"),
                ("Broken links", "broken_links", lambda r: f"- {r['file']}:{r['line']}: `{r['link']}`: {r['problem']}")]
    for title, key, line in sections:
        out += ["", f"## {title}", ""]
        out += [line(r) for r in data[key]] or ["None."]
    for lang, found in data["translations"].items():
        out += ["", f"## Translations: {LANGUAGES[lang].name} ({lang})", ""]
        out += [f"{len(found['missing'])} not translated, {len(found['outdated'])} out of date.", ""]
        out += [f"- out of date: [{r['title']}]({r['file']}){_entry(r)}, its original {r['original']} changed since"
                for r in found["outdated"]]
        out += [f"- not translated: {r['kind']} [{r['title']}]({r['file']}){_entry(r)}"
                + (f" ({r['team']})" if r["team"] else "") + f": {', '.join(r['fields'])} (goes in {r['translation']})"
                for r in found["missing"]]
    return "\n".join(out) + "\n"


def _entry(row: dict) -> str:
    return f" `{row['entry']}`" if row["entry"] else ""


def _as_text(data, key: str = ""):
    """data with owners' words (titles, team names, owners, links as written) escaped for
    Markdown: none can become a link, an image from another site or a mention. The JSON report
    keeps them as written."""
    if isinstance(data, dict):
        return {k: _as_text(v, k) for k, v in data.items()}
    if isinstance(data, list):
        return [_as_text(v, key) for v in data]
    if key in ("link", "entry"):
        return one_line(data).replace("`", "'")  # shown in a code span
    return escape_markdown(data) if key in ("title", "team", "owner") else data
