"""Attachments (a team's files/) are published on the portal's own origin, as they are.

A browser opens an HTML, XML or SVG file from there as a page of the portal: a script in it runs
with the portal's origin, as the reader. Such files are refused unless they are plain pictures
(an SVG drawing with no script, handler, foreign content or script address). A Markdown file
there would be built into a page that no check reads, and is refused too.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from pathlib import Path

from ..content.markdown import scheme
from ..content.model import Content, TeamContent
from ..diagnostics import Diagnostic, Severity

PAGES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
DOCUMENTS = frozenset({".html", ".htm", ".xhtml", ".xht", ".xml", ".xsl", ".xslt", ".js", ".mjs", ".svgz", ".shtml",
                       ".mht", ".mhtml"})
SVG_LIMIT = 5 * 1024 * 1024


def _active_svg(path: Path) -> str | None:
    """What in an SVG drawing would run or load: None for a plain picture."""
    try:
        if path.stat().st_size > SVG_LIMIT:
            return "it is too large to check"
        root = ET.fromstring(path.read_bytes())
    except (OSError, ET.ParseError, ValueError) as exc:
        return f"it is not a well-formed SVG file ({exc})"
    for element in root.iter():
        name = str(element.tag).rsplit("}", 1)[-1].lower()
        if name in ("script", "foreignobject", "iframe", "embed", "object", "handler", "listener"):
            return f"it holds a <{name}> element"
        for attribute, value in element.attrib.items():
            attribute = attribute.rsplit("}", 1)[-1].lower()
            if attribute.startswith("on"):
                return f"it holds an event handler ({attribute}=)"
            if attribute in ("href", "src") and (scheme(value) or value.lstrip().startswith("//")) \
                    and scheme(value) not in ("http", "https", "mailto"):
                return f"it holds a {scheme(value) or 'protocol-relative'} address"
            if attribute in ("href", "src") and scheme(value) in ("http", "https"):
                return "it loads from another site"
    return None


def refused(disk: Path, folder: str) -> tuple[str, str] | None:
    """(what is wrong, how to fix it) when a file may not be published as an attachment (folder:
    the team folder, for the hint); None when it may."""
    suffix = disk.suffix.lower()
    if suffix in PAGES:
        return ("a Markdown file among the attachments would be published as a page no check reads",
                f"move it to {folder}/pages/ to make it a page of the team")
    if suffix in DOCUMENTS:
        return (f"a {suffix} file opens as a page of the portal's own site, where a script in it would act as the reader",
                "attach it as a PDF, or put its content in a page")
    if suffix == ".svg" and (why := _active_svg(disk)):
        return (f"this SVG drawing opens as a page of the portal's own site, and {why}",
                "export the drawing without scripts, links or embedded content, or attach it as PNG")
    return None


def unsafe_attachments(content: Content) -> list[Diagnostic]:
    found = []
    for team in content.team_folders().values():
        folder = posixpath.dirname(team.team.doc.path) if isinstance(team, TeamContent) else f"content/teams/{team.id}"
        for disk, rel in team.files:
            problem = refused(disk, folder)
            if problem:
                found.append(Diagnostic(f"{folder}/{rel}", 1, 1, Severity.ERROR, "unsafe-file", problem[0], hint=problem[1]))
    return found
