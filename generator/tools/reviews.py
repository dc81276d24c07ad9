"""Reviews that are due, and the one open issue per team that keeps its owners reminded.

`portal reviews` is what the scheduled workflow runs: given the review issues that are open now
(as the forge's own CLI or API lists them), it prints the plan: create an issue for a team with
reviews due and none open, update the open one when what is due changed, close it when nothing
is due any more. The workflow only carries the plan out, so everything it decides is tested here.

An issue belongs to its team by a marker in its body, not by its title, so an owner may retitle
it; the marker names the team by id, which does not change when the team is renamed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote

from ..content.markdown import escape_markdown
from ..content.model import Content, next_review
from ..escape import one_line

DUE_SOON = timedelta(days=30)
LABEL = "content-review"
_MARKER = "<!-- portal-reviews: {} -->"
_MARKED = re.compile(r"<!-- portal-reviews: ([a-z0-9][a-z0-9-]*) -->")
# Only people can be assigned an issue: '@org/team' handles and e-mail owners are mentioned instead.
_USER = re.compile(r"^@([A-Za-z0-9][A-Za-z0-9-]*)$")


@dataclass(frozen=True)
class Review:
    file: str
    title: str
    team_id: str
    team: str
    owner: str  # as written in the page, or ""
    due: date
    overdue: bool


def due_reviews(content: Content, today: date) -> list[Review]:
    """Procedures and pages past their review date or due within 30 days, by team, owner, date."""
    found = []
    for team_id, team in content.teams.items():
        for article in team.sops + team.pages:
            meta = article.meta.value
            due = next_review(meta)
            if due is not None and due <= today + DUE_SOON:
                found.append(Review(article.source, meta.title, team_id, team.name, meta.owner or "", due, due < today))
    return sorted(found, key=lambda r: (r.team, r.owner, r.due, r.file))


@dataclass(frozen=True)
class TeamIssue:
    team_id: str
    title: str
    body: str
    assignees: tuple[str, ...]  # user names without '@'


def team_issues(content: Content, today: date, forge: str = "github", link_base: str = "") -> list[TeamIssue]:
    """One issue per team that has reviews due. On GitLab, whose API assigns by numeric id, the
    body assigns its people with a quick action, which GitLab carries out when it saves the body.
    link_base is where the repository shows its files (e.g. https://github.com/org/repo/blob/main/);
    without it files are named, not linked."""
    by_team: dict[str, list[Review]] = {}
    for review in due_reviews(content, today):
        by_team.setdefault(review.team_id, []).append(review)
    issues = []
    for team_id, reviews in by_team.items():
        team = content.teams[team_id]
        handles = list(dict.fromkeys([*team.team.value.owners, *(r.owner for r in reviews if r.owner)]))
        users = tuple(m.group(1) for h in handles if (m := _USER.match(h)))
        lines = [_MARKER.format(team_id), "",
                 # No date of the day in the body: the body changes, and the issue is edited, only
                 # when what is due changes, not every day the workflow runs.
                 f"Reviews of {_text(team.name)} that are overdue or due within {DUE_SOON.days} days. Review each page, "
                 "then set its `reviewed:` date; this issue updates itself when what is due changes and "
                 "closes when nothing is due.", ""]
        for overdue, heading in ((True, "Overdue"), (False, f"Due within {DUE_SOON.days} days")):
            group = sorted((r for r in reviews if r.overdue == overdue), key=lambda r: (r.due, r.file))
            if group:
                lines += [f"## {heading}", ""]
                lines += [f"- [ ] {_page(r, link_base)}, due {r.due.isoformat()}"
                          + (f", owner {_handle(r.owner)}" if r.owner else ", no owner") for r in group]
                lines.append("")
        lines.append("Owners: " + ", ".join(_handle(h) for h in handles) if handles else "This team has no owners.")
        if forge == "gitlab" and users:
            lines += ["", "/assign " + " ".join(f"@{u}" for u in users)]
        issues.append(TeamIssue(team_id, f"Content reviews due: {one_line(team.name)}", "\n".join(lines) + "\n", users))
    return issues


def plan(issues: list[TeamIssue], open_issues: list[dict]) -> list[dict]:
    """What to do so that exactly the teams with reviews due have one open issue, up to date.
    open_issues as GitHub's CLI lists them ({number, body}) or GitLab's API ({iid, description})."""
    wanted = {issue.team_id: issue for issue in issues}
    actions: list[dict] = []
    seen: set[str] = set()
    for existing in sorted(open_issues, key=_number):
        body = existing.get("body", existing.get("description")) or ""
        marker = _MARKED.search(body)
        if marker is None:
            continue  # labelled by hand, not ours to close
        team_id = marker.group(1)
        issue = wanted.get(team_id)
        if issue is None or team_id in seen:  # nothing due, or a second issue for the same team
            actions.append({"action": "close", "number": _number(existing), "team": team_id})
            continue
        seen.add(team_id)
        if body.strip() != issue.body.strip():
            actions.append({"action": "edit", "number": _number(existing), "team": team_id, "title": issue.title,
                            "body": issue.body, "assignees": list(issue.assignees)})
    actions += [{"action": "create", "team": i.team_id, "title": i.title, "body": i.body, "assignees": list(i.assignees)}
                for i in issues if i.team_id not in seen]
    return actions


def _number(issue: dict) -> int:
    return int(issue.get("number", issue.get("iid", 0)))


def _text(value: str) -> str:
    return escape_markdown(one_line(value))


def _handle(value: str) -> str:
    """A repository handle as a mention, so the team or person is notified; the schema allows
    only '@name', '@org/team' or an e-mail address, and an address is written as text."""
    return value if value.startswith("@") else _text(value)


def _page(review: Review, link_base: str) -> str:
    if not link_base:
        return f"{_text(review.title)} (`{review.file}`)"
    return f"[{_text(review.title)}]({link_base.rstrip('/')}/{quote(review.file)})"
