"""`portal report --analytics EXPORT`: what employees could not find, from the organisation's own
Matomo, per team.

The export is Matomo's visit log as its Reporting API gives it (Live.getLastVisitsDetails,
format=JSON): each visit with its actions in order. What the portal's pages send Matomo
(theme/assets/javascripts/portal-analytics.js) is in there: site searches with their number of
results (category: the site's language), "Search result" events (action: the query, name: the
page opened, value: its rank) and "Feedback: <team id>" events (action: helpful or not helpful,
name: the page).

From that, per team:
- searches that found nothing, grouped by the words that still find nothing in today's content
  (so a word fixed since drops out), each with what the same employee searched next and found
  (a proposed synonyms.yml entry) and the page they then opened (the page that should have
  answered, which also says whose the search was);
- pages voted not helpful;
- the answers opened most from search, with their average rank.

Employees' queries are untrusted text: the Markdown shows them as code, so none becomes a link,
a mention or formatting in a pull-request comment.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..content.markdown import escape_markdown
from ..content.model import Content
from ..escape import one_line
from ..search.analysis import stop_words, surface_words

SEARCH_RESULT = "Search result"
FEEDBACK = "Feedback: "
NO_TEAM = ""


class ExportError(ValueError):
    """The file is not a Matomo visit log; the message says what to give instead."""


def read_export(path: Path) -> list[list[dict]]:
    """Each visit's actions, in order, from Live.getLastVisitsDetails as JSON."""
    how = ("export the visit log with Matomo's Reporting API: index.php?module=API&method=Live.getLastVisitsDetails"
           "&idSite=ID&period=month&date=today&format=JSON&filter_limit=-1&token_auth=TOKEN")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExportError(f"{path}: not JSON ({exc}); {how}") from None
    if isinstance(data, dict) and data.get("result") == "error":
        raise ExportError(f"{path}: Matomo answered with an error: {one_line(data.get('message', ''))}; {how}")
    if not isinstance(data, list) or not all(isinstance(v, dict) and isinstance(v.get("actionDetails"), list)
                                             for v in data):
        raise ExportError(f"{path}: not a Matomo visit log (a list of visits with actionDetails); {how}")
    return [[a for a in visit["actionDetails"] if isinstance(a, dict)] for visit in data]


def page_team(path: str, teams: set[str]) -> str:
    """The team whose page an address is: /teams/<id>/… in any language's site, under any base."""
    parts = [p for p in path.split("#")[0].split("?")[0].split("/") if p]
    for i, part in enumerate(parts[:-1]):
        if part == "teams" and parts[i + 1] in teams:
            return parts[i + 1]
    return NO_TEAM


@dataclass
class _Failed:
    words: tuple[str, ...]
    searches: int = 0
    queries: Counter = field(default_factory=Counter)
    next_found: Counter = field(default_factory=Counter)  # what the employee searched next and found
    opened: Counter = field(default_factory=Counter)  # the page they opened after it


def _count(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def summarise(visits: list[list[dict]], content: Content, hits: Callable[[str, str], int]) -> dict:
    """The report as data. hits(query, language) is how many results today's index gives."""
    teams = set(content.teams)
    original = content.settings.value.languages[0]
    failed: dict[tuple[str, ...], _Failed] = {}
    votes: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))  # team -> page -> answer
    opened: Counter = Counter()
    ranks: dict[str, list[int]] = defaultdict(list)
    checked: dict[tuple[str, str], bool] = {}

    def fails(word: str, lang: str) -> bool:
        if (word, lang) not in checked:
            checked[word, lang] = hits(word, lang) == 0
        return checked[word, lang]

    for actions in visits:
        open_failures: list[tuple[_Failed, str]] = []  # this visit's failed searches not yet followed up
        for action in actions:
            kind = action.get("type")
            if kind == "search":
                query = one_line(action.get("siteSearchKeyword") or "").lower()
                lang = action.get("siteSearchCategory") or original
                lang = lang if lang in content.settings.value.languages else original
                found = _count(action.get("siteSearchCount"))
                if not query or found is None:
                    continue
                if found == 0:
                    stop = stop_words(lang)
                    words = [w for w in dict.fromkeys(surface_words(query, lang)) if w not in stop]
                    key = tuple(sorted(w for w in words if fails(w, lang)))
                    if not key:  # every word finds something today: fixed since, or only together
                        if hits(query, lang):
                            continue
                        key = (query,)
                    group = failed.setdefault(key, _Failed(key))
                    group.searches += 1
                    group.queries[query] += 1
                    open_failures.append((group, query))
                else:
                    for group, failed_query in open_failures:
                        new = [w for w in surface_words(query, lang) if w not in surface_words(failed_query, lang)]
                        if new:
                            group.next_found[" ".join(new)] += 1
            elif kind == "event":
                category, name = action.get("eventCategory") or "", one_line(action.get("eventName") or "")
                if category == SEARCH_RESULT and name:
                    opened[name] += 1
                    rank = _count(action.get("eventValue"))
                    if rank:
                        ranks[name].append(rank)
                    for group, _ in open_failures:
                        group.opened[name] += 1
                    open_failures = []
                elif category.startswith(FEEDBACK) and name:
                    team = category[len(FEEDBACK):]
                    votes[team if team in teams else page_team(name, teams)][name][action.get("eventAction") or ""] += 1
            elif kind == "action":
                url = action.get("url") or ""
                path = "/" + url.split("://", 1)[-1].partition("/")[2] if "://" in url else url
                if open_failures and page_team(path, teams):
                    for group, _ in open_failures:
                        group.opened[path] += 1
                    open_failures = []

    by_team: dict[str, dict] = {t: {"name": content.teams[t].name, "failed_searches": [], "unhelpful": [], "opened": []}
                                for t in sorted(teams)}
    unplaced: list[dict] = []
    for group in sorted(failed.values(), key=lambda g: (-g.searches, g.words)):
        answer = group.opened.most_common(1)[0][0] if group.opened else None
        synonym = None
        if group.next_found:
            found_words = group.next_found.most_common(1)[0][0]
            synonym = [found_words, *(w for w in group.words if " " not in w)] if group.words[0] != found_words else None
        entry = {"words": list(group.words), "searches": group.searches,
                 "queries": [q for q, _ in group.queries.most_common(5)],
                 "synonym": synonym, "answer": answer}
        team = page_team(answer, teams) if answer else NO_TEAM
        (by_team[team]["failed_searches"] if team else unplaced).append(entry)
    for team, pages in votes.items():
        voted = sorted(((-answers["not helpful"], page, answers["helpful"]) for page, answers in pages.items()
                        if answers["not helpful"]))
        rows = [{"page": page, "not_helpful": -minus, "helpful": helpful} for minus, page, helpful in voted]
        if team in by_team:
            by_team[team]["unhelpful"] = rows
    for page, count in sorted(opened.items(), key=lambda kv: (-kv[1], kv[0])):
        team = page_team(page, teams)
        if team:
            average = round(sum(ranks[page]) / len(ranks[page]), 1) if ranks[page] else None
            by_team[team]["opened"].append({"page": page, "opens": count, "average_rank": average})
    return {"visits": len(visits), "teams": {t: v for t, v in by_team.items()
                                             if v["failed_searches"] or v["unhelpful"] or v["opened"]},
            "unplaced": unplaced}


def markdown(data: dict, limit: int = 10) -> str:
    out = [f"# What employees looked for ({data['visits']} visits)", ""]

    def failed_lines(rows: list[dict]) -> list[str]:
        lines = []
        for r in rows[:limit]:
            words = ", ".join(_code(w) for w in r["words"])
            queries = "; ".join(_code(q) for q in r["queries"])
            line = f"- {words}: {r['searches']} searches found nothing ({queries})"
            if r["synonym"]:
                line += f"; then found with {_code(r['synonym'][0])}: add to synonyms.yml " + _code(
                    "- [" + ", ".join(r["synonym"]) + "]")
            if r["answer"]:
                line += f"; the page then opened: {_code(r['answer'])}"
            lines.append(line)
        return lines

    for team in data["teams"].values():
        out += [f"## {escape_markdown(team['name'])}", ""]
        sections = [("Searches that found nothing", failed_lines(team["failed_searches"])),
                    ("Pages voted not helpful", [f"- {_code(r['page'])}: {r['not_helpful']} not helpful, "
                                                 f"{r['helpful']} helpful" for r in team["unhelpful"][:limit]]),
                    ("Answers opened most from search", [
                        f"- {_code(r['page'])}: opened {r['opens']} times"
                        + (f", at rank {r['average_rank']} on average" if r["average_rank"] else "")
                        for r in team["opened"][:limit]])]
        for title, lines in sections:
            if lines:
                out += [f"**{title}**", "", *lines, ""]
    if data["unplaced"]:
        out += ["## Not yet any team's", "", "Searches that found nothing and after which no page was opened: "
                "decide whose they are.", "", *failed_lines(data["unplaced"]), ""]
    if not data["teams"] and not data["unplaced"]:
        out.append("Nothing to report: no searches or answers in this export.")
    return "\n".join(out).rstrip("\n") + "\n"


def _code(text: str) -> str:
    """Untrusted text as a code span: no Markdown, link or mention takes effect in it."""
    text = one_line(text).replace("`", "'")
    return f"`{text}`"
