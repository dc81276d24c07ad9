"""Paths in the generated docs tree and the URLs MkDocs gives them (directory URLs)."""

from __future__ import annotations

import posixpath
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..content.model import TeamContent


def page_url(docs_path: str) -> str:
    """'teams/it/faq.md' -> 'teams/it/faq/'; 'teams/it/index.md' -> 'teams/it/'; 'index.md' -> ''."""
    stem = docs_path[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@lru_cache(maxsize=65536)  # relpath asks the system for the working directory every time
def href(from_docs: str, to_docs: str, anchor: str = "") -> str:
    """A relative link from one generated page to another, for HTML that MkDocs does not rewrite."""
    rel = posixpath.relpath(page_url(to_docs) or ".", page_url(from_docs) or ".")
    link = "./" if rel == "." else rel + "/"
    return link + (f"#{anchor}" if anchor else "")


@lru_cache(maxsize=65536)
def md_link(from_docs: str, to_docs: str, anchor: str = "") -> str:
    """A relative link to a docs file, for Markdown: MkDocs rewrites and validates it."""
    rel = posixpath.relpath(to_docs, posixpath.dirname(from_docs) or ".")
    return rel + (f"#{anchor}" if anchor else "")


def team_path(team: TeamContent, *parts: str) -> str:
    """A team's docs path: teams/<id>/<parts>."""
    return "/".join(("teams", team.id, *parts))
