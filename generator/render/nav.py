"""The navigation of a language's site: the top level, the teams with their pages, What's new."""

from __future__ import annotations

from ..content.model import Content, TeamContent
from ..content.schema import NavEntry
from ..escape import html_text
from .urls import team_path


def navigation(content: Content, pages: dict[str, str], t: dict) -> list:
    """The nav of the MkDocs config; Material prints its titles as they are, so escaped here."""
    e = html_text
    teams: list[str | dict[str, list]] = ["teams/index.md"]
    for team in sorted(content.teams.values(), key=lambda t: t.name.casefold()):
        section: list = [team_path(team, "index.md")]
        if team.faq:
            section.append({e(t["faq"]): team_path(team, "faq.md")})
        section += team_pages(team, pages)
        teams.append({e(team.name): section})
    nav: list = [{e(t["home"]): "index.md"}, {e(t["teams"]): teams}]
    if "benefits.md" in pages:
        nav.append({e(t["benefits"]): "benefits.md"})
    nav.append({e(t["whats_new"]): ["news/index.md"] + [f"news/{i.article.slug}.md" for i in content.news]})
    return nav


def team_pages(team: TeamContent, pages: dict[str, str]) -> list:
    """A team's procedures and pages in the order and sections of its nav.yml, then those it does
    not list, by title. Pages this site does not publish (another audience's) are left out, and
    sections left empty with them."""
    e = html_text
    titles = {f"{folder}/{a.slug}.md": a.meta.value.title for folder, articles in team.articles() for a in articles}
    listed: set[str] = set()

    def page(file: str) -> list:
        path = team_path(team, file)
        if file not in titles or file in listed or path not in pages:
            return []
        listed.add(file)
        return [{e(titles[file]): path}]

    def entries(items: list[NavEntry]) -> list:
        out: list = []
        for item in items:
            own = page(item.page) if item.page else []
            if item.title is None:
                out += own
            elif children := own + entries(item.nav):
                out.append({e(item.title): children})
        return out

    found = entries(team.nav.value.nav) if team.nav else []
    for folder, articles in team.articles():
        for article in sorted(articles, key=lambda a: a.meta.value.title.casefold()):
            found += page(f"{folder}/{article.slug}.md")
    return found
