"""Raw HTML in owners' Markdown, limited to what cannot harm a reader.

Markdown lets owners write HTML, and it reaches every employee's screen as it is. A tag off
the allow-list, an event handler, a script URL or an embed from an origin the organisation has
not allowed is a check error with its file and line.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .diagnostics import Diagnostic, Severity

ALLOWED_TAGS = frozenset("""
a abbr aside b blockquote br caption code col colgroup dd del details div dl dt em figcaption figure
h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s section small span strong sub summary sup
table tbody td tfoot th thead time tr u ul iframe
""".split())
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "formaction", "poster", "cite", "background"})
BAD_SCHEMES = re.compile(r"^\s*(javascript|data|vbscript):", re.I)
FENCE = re.compile(r"^( {0,3})(```|~~~).*?^\1\2[^\n]*$", re.M | re.S)  # a fenced code block
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.S)
_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")
HINT = "remove it: the portal allows plain formatting HTML only (links, images, tables, details, …)"


def _blank(match: re.Match) -> str:
    """Code is shown, not run: blank it out, keeping line breaks so lines still count right."""
    return re.sub(r"[^\n]", " ", match.group(0))


class _Scanner(HTMLParser):
    def __init__(self, embeds: list[str]):
        super().__init__(convert_charrefs=True)
        self.embeds = embeds
        self.found: list[tuple[int, int, str]] = []  # (line, column, problem)

    def handle_starttag(self, tag, attrs):
        line, column = self.getpos()
        if tag not in ALLOWED_TAGS:
            self.found.append((line, column + 1, f"the HTML tag <{tag}> is not allowed"))
            return
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, column + 1, f"the event handler {name}= on <{tag}> is not allowed"))
            elif name in URL_ATTRIBUTES and value and BAD_SCHEMES.match(value):
                self.found.append((line, column + 1, f"a {value.split(':')[0].strip().lower()}: address in {name}= is not allowed"))
        if tag == "iframe":
            src = dict(attrs).get("src") or ""
            if not any(src.startswith(origin.rstrip("/") + "/") for origin in self.embeds):
                allowed = ", ".join(self.embeds) or "none"
                self.found.append((line, column + 1,
                                   f"an <iframe> from '{src}' is not allowed (allowed origins: {allowed})"))

    handle_startendtag = handle_starttag


def blank_code(markdown: str) -> str:
    """Markdown with its code blocks and code spans blanked out, lines and columns kept."""
    return _CODE_SPAN.sub(_blank, FENCE.sub(_blank, markdown))


def unsafe_html(markdown: str, path: str, first_line: int, embeds: list[str]) -> list[Diagnostic]:
    """Every unsafe construct in a Markdown text that starts at first_line of path."""
    text = blank_code(markdown)
    scanner = _Scanner(embeds)
    scanner.feed(text)
    scanner.close()
    found = list(scanner.found)
    for number, line in enumerate(text.splitlines(), 1):
        for match in _MD_LINK.finditer(line):
            if BAD_SCHEMES.match(match.group(1)):
                found.append((number, match.start(1) + 1,
                              f"a {match.group(1).split(':')[0].lower()}: address in a link is not allowed"))
    return [Diagnostic(path, first_line + line - 1, column, Severity.ERROR, "unsafe-html", problem,
                       hint="link to a web page (https://…) instead" if "address" in problem else HINT)
            for line, column, problem in sorted(found)]
