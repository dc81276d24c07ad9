"""The navigation of a language's site: the top level, the teams with their pages, What's new."""

from __future__ import annotations

from ..content.model import Content
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
        for folder, articles in team.articles():
            for article in sorted(articles, key=lambda a: a.meta.value.title.casefold()):
                path = team_path(team, folder, article.slug + ".md")
                if path in pages:
                    section.append({e(article.meta.value.title): path})
        teams.append({e(team.name): section})
    nav: list = [{e(t["home"]): "index.md"}, {e(t["teams"]): teams}]
    if "benefits.md" in pages:
        nav.append({e(t["benefits"]): "benefits.md"})
    nav.append({e(t["whats_new"]): ["news/index.md"] + [f"news/{i.article.slug}.md" for i in content.news]})
    return nav
