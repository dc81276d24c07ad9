"""Links between content files that lead nowhere: to a page, file or anchor the site does not have.

Links are taken from each text's one reading (Markdown, reference and HTML links, images), and
a target page's anchors from the reading of the page as the site renders it, so a heading's
anchor is the one the organisation's `toc` settings give it. Each link is judged once, in the
file where it is written, whatever the number of language sites. A link in a page's raw HTML,
which MkDocs leaves as it is, leads somewhere also when the browser finds its target from the
page's address (../leave/ from a page at teams/hr/pages/holidays/).
"""

from __future__ import annotations

import posixpath
import urllib.parse
from dataclasses import dataclass

from ..content.markdown import clean_url
from ..content.model import Content, Text, texts
from ..diagnostics import Diagnostic, Severity
from ..render.site import Site
from ..render.urls import page_url
from .ahead import parse_ahead

HINT = "link to another content file by its relative path, e.g. ../sops/report-an-outage.md, or fix the anchor after #"


@dataclass(frozen=True)
class Broken:
    text: Text
    target: str  # as written
    line: int
    column: int
    problem: str

    def diagnostic(self) -> Diagnostic:
        return Diagnostic(self.text.path, self.line, self.column, Severity.WARNING, "broken-link",
                          f"the link to '{self.target}' leads nowhere: {self.problem}", hint=HINT)


def _body(page: str) -> str:
    """A generated page without its front matter (MkDocs reads that as metadata, not text)."""
    return page.split("---\n", 2)[2] if page.startswith("---\n") else page


def _from_address(page: str, target: str) -> str:
    """A relative address as the browser resolves it on a page of the site (directory URLs)."""
    path = urllib.parse.unquote(clean_url(target).partition("#")[0].partition("?")[0])
    joined = posixpath.normpath(posixpath.join(page_url(page) or ".", path))
    return "" if joined == "." else joined + ("/" if path.endswith("/") and joined else "")


def broken_links(content: Content, site: Site, jobs: int = 1) -> list[Broken]:
    """The links that lead nowhere; the pages their anchors point into are read in up to jobs
    processes first (on a fresh checkout, a handbook's links into other pages' sections made
    those pages' parsing a third of its check)."""
    addresses = {page_url(path): path for path in site.pages}
    links = []
    for text in texts(content):
        for link in text.links():
            path, _, anchor = link.resolved.partition("#")
            if link.raw and text.page and not (path in site.pages or path in site.files or path in site.texts):
                # Raw HTML reaches the browser as written, which resolves it from the page's address.
                address = _from_address(text.page, link.target)
                path = addresses.get(address) or (address if address in site.files or address in site.texts else path)
            links.append((text, link, path, anchor))

    # The pages anchors point into, each read once: whole, as the site renders it.
    anchored = {path: _body(site.pages[path]) for *_, path, anchor in links if anchor and path in site.pages}
    parse_ahead(content.markdown, anchored.values(), jobs)
    ids = {path: content.markdown.ids(page) for path, page in anchored.items()}
    found = []
    for text, link, path, anchor in links:
        problem = None
        if not path or not (path in site.pages or path in site.files or path in site.texts):
            problem = "no such page or file"
        elif anchor and path in site.pages and anchor not in ids[path]:
            problem = f"no question or heading '{anchor}' on that page"
        if problem:
            found.append(Broken(text, link.target, link.line, link.column, problem))
    return found
