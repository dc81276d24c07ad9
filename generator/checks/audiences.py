"""Restricted audiences: which content a build may publish, and links that would leak it.

Content marked `audience: managers` is published only by `portal build --audience managers`.
The default build gets a copy of the model without it, taken before anything is rendered or
indexed, so no later stage (pages, navigation, search, feed, sitemap) can show what it never saw.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..content.model import Content, texts


def shown(audience: str | None, audiences: Iterable[str]) -> bool:
    return audience is None or audience in audiences


@dataclass
class Restricted:
    """What is restricted, by the docs path (and anchor) a link would use to reach it."""

    pages: dict[str, str]  # docs path -> audience
    anchors: dict[tuple[str, str], str]  # (docs path, anchor) -> audience

    def audience_of(self, target: str) -> str | None:
        """The audience of what a link leads to, however it names a page: its file, the file of a
        translation, or its address (pay/ for pay.md)."""
        path, _, anchor = target.partition("#")
        for candidate in (path, f"{path}.md", f"{path}/index.md"):
            found = self.pages.get(candidate) or self.anchors.get((candidate, anchor))
            if found:
                return found
        return None


def restricted(content: Content) -> Restricted:
    pages, anchors = {}, {}
    for team in content.team_folders().values():
        for kind, articles in team.articles():
            for article in articles:
                if article.meta.value.audience:
                    for lang in ["", *article.translations]:
                        suffix = f".{lang}.md" if lang else ".md"
                        pages[f"teams/{team.id}/{kind}/{article.slug}{suffix}"] = article.meta.value.audience
        for faq in team.faq:
            if faq.value.audience:
                anchors[(f"teams/{team.id}/faq.md", faq.value.id)] = faq.value.audience
        for benefit in team.benefits:
            if benefit.value.audience:
                anchors[("benefits.md", benefit.value.id)] = benefit.value.audience
    for item in content.news:
        if item.article.meta.value.audience:
            pages[f"news/{item.article.slug}.md"] = item.article.meta.value.audience
    return Restricted(pages, anchors)


_ATTACHMENT = re.compile(r"^teams/[^/]+/files/")


def for_audiences(content: Content, audiences: Iterable[str]) -> tuple[Content, set[str]]:
    """The content a build for these audiences publishes (public content is always in), and the
    content files it leaves out entirely.

    An attachment under files/ that only restricted texts link to is left out too: a public
    build has no page that could lead to it.
    """
    audiences = frozenset(audiences)
    keep = lambda audience: shown(audience, audiences)  # noqa: E731
    visible_links: set[str] = set()
    hidden_links: set[str] = set()
    for text in texts(content):
        bucket = visible_links if keep(text.audience) else hidden_links
        bucket.update(link.resolved.partition("#")[0] for link in text.links())
    hidden_only = {t for t in hidden_links - visible_links if _ATTACHMENT.match(t)}
    hidden_files: set[str] = set()

    def articles(items):
        hidden_files.update(a.source for a in items if not keep(a.meta.value.audience))
        return [a for a in items if keep(a.meta.value.audience)]

    teams = {}
    for team_id, team in content.teams.items():
        folder = f"teams/{team_id}/"
        files = [(disk, rel) for disk, rel in team.files if folder + rel not in hidden_only]
        hidden_files.update(f"{posixpath.dirname(team.team.doc.path)}/{rel}" for disk, rel in team.files
                            if folder + rel in hidden_only)
        teams[team_id] = dataclasses.replace(
            team, faq=[e for e in team.faq if keep(e.value.audience)],
            benefits=[e for e in team.benefits if keep(e.value.audience)],
            sops=articles(team.sops), pages=articles(team.pages), files=files)
    news = [item for item in content.news if keep(item.article.meta.value.audience)]
    hidden_files.update(item.article.source for item in content.news if item not in news)
    return dataclasses.replace(content, teams=teams, news=news), hidden_files
