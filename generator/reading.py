"""The one reading of owners' Markdown.

Every owner text is converted once by Python-Markdown with the extensions and options of the
organisation's `mkdocs.yml` (what MkDocs itself will render), and everything the portal needs
to know about the text comes from that rendering: the addresses it links and loads (Markdown
links, reference definitions, autolinks, raw HTML alike), its headings with the anchors the
configured `toc` gives them, and the HTML the sanitiser judges. No consumer reads Markdown
structure with an expression of its own, so what the checks see is what readers get.

Python-Markdown keeps no source positions. A construct's line and column are found by looking
for its own text (an address as written, a tag as written) in the source, in document order;
what cannot be found is placed at the text's first line.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import markdown

# The attributes through which an element links or loads an address.
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "formaction", "poster", "cite", "background",
                            "data", "xlink:href", "longdesc", "codebase", "ping", "manifest"})
# Elements whose address the browser loads into the page (rather than follows when clicked).
LOADS = frozenset({"img", "iframe", "video", "audio", "source", "track", "embed", "object", "input", "script",
                   "link", "frame", "image"})
# A scheme as a browser reads it: letters first, then letters, digits, + - .
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


@dataclass(frozen=True)
class MarkdownSettings:
    """The Markdown dialect of the organisation: its extensions and their options, as in mkdocs.yml."""

    extensions: tuple = ("toc", "tables", "fenced_code")
    configs: dict = field(default_factory=dict, hash=False, compare=False)

    def converter(self) -> markdown.Markdown:
        return markdown.Markdown(extensions=list(self.extensions), extension_configs=self.configs)


def clean_url(value: str) -> str:
    """An address as a browser acts on it: entities decoded, ASCII tab and newlines removed
    anywhere, control characters and spaces trimmed from both ends (WHATWG URL parsing)."""
    value = html.unescape(value)
    value = value.replace("\t", "").replace("\n", "").replace("\r", "")
    return value.strip("".join(chr(c) for c in range(0x21)))


def scheme(value: str) -> str | None:
    """The scheme of an address as a browser reads it ('javascript' for 'jav&#x61;script:'), lower case."""
    match = _SCHEME.match(clean_url(value))
    return match.group(1).lower() if match else None


def is_relative(value: str) -> bool:
    """A link to another file of the site, relative to the text: not an anchor on the page, a
    site path, a protocol-relative address or an address with a scheme."""
    value = clean_url(value)
    return not (value.startswith(("#", "/", "\\")) or scheme(value))


@dataclass(frozen=True)
class Url:
    """An address in a text: the element and attribute it is in, its value as the browser reads
    it, and where it was written."""

    tag: str
    attribute: str
    value: str
    line: int
    column: int
    span: tuple[int, int] | None = None  # where the address is written in the source, when found

    @property
    def loaded(self) -> bool:
        """The browser loads it into the page (an image, a frame) rather than following it."""
        return self.tag in LOADS


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    text: str  # as readers see it
    line: int


@dataclass(frozen=True)
class Element:
    """A start tag of the rendered text: what the sanitiser judges."""

    tag: str
    attributes: tuple[tuple[str, str | None], ...]
    line: int
    column: int


@dataclass
class Reading:
    """What one owner text is, read by the parser that renders it."""

    html: str
    elements: list[Element]
    urls: list[Url]
    headings: list[Heading]
    ids: set[str]
    blocks: list[tuple[Heading | None, str]]  # the text readers see, split at h2 and h3: (heading, words)


class _Walker(HTMLParser):
    """Walks rendered HTML: its start tags, addresses, headings and visible text."""

    def __init__(self, skip_title: bool):
        super().__init__(convert_charrefs=True)
        self.skip_title = skip_title  # the first h1 is the page's title, not the text's
        self.title_end = 0  # elements before this one are the title's
        self.elements: list[tuple[str, list, str]] = []  # (tag, attributes, start tag as written)
        self.headings: list[tuple[int, str, str]] = []  # (level, id, text)
        self.blocks: list[list] = [[None, []]]  # [heading index or None, words]
        self._heading: list | None = None
        self._skip = 0  # inside a headerlink (the permalink sign) or a script/style

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs, self.get_starttag_text() or ""))
        attributes = dict(attrs)
        if tag in ("script", "style") or "headerlink" in (attributes.get("class") or "").split():
            self._skip += 1
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = [int(tag[1]), attributes.get("id") or "", []]
        if tag in ("br", "p", "li", "td", "th", "div", "tr", "dt", "dd", "pre", "blockquote"):
            self._text(" ")

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs, self.get_starttag_text() or ""))

    def handle_endtag(self, tag):
        if self._skip and tag in ("a", "script", "style"):
            self._skip -= 1
            return
        if self._heading is not None and tag == f"h{self._heading[0]}":
            level, anchor, words = self._heading
            self._heading = None
            text = " ".join("".join(words).split())
            if self.skip_title:
                self.skip_title = False
                self.title_end = len(self.elements)
                return
            self.headings.append((level, anchor, text))
            if level in (2, 3):
                self.blocks.append([len(self.headings) - 1, []])
            else:
                self.blocks[-1][1].append(f" {text} ")

    def handle_data(self, data):
        if self._skip:
            return
        if self._heading is not None:
            self._heading[2].append(data)
        else:
            self._text(data)

    def _text(self, data: str) -> None:
        self.blocks[-1][1].append(data)


class _Locator:
    """Finds where constructs were written in the source, moving forward through it."""

    def __init__(self, source: str, first_line: int, indent: int):
        self.source, self.first_line, self.indent = source, first_line, indent
        self.cursor = 0

    def find(self, *needles: str) -> tuple[int, int]:
        at, _ = self.span(*needles)
        return self.place(at) if at >= 0 else (self.first_line, 1 + self.indent)

    def span(self, *needles: str, start: int | None = None) -> tuple[int, int]:
        """Where the first of needles that occurs is, from start (else the cursor) on, else
        anywhere; (-1, -1) when none does."""
        start = self.cursor if start is None else start
        for needle in filter(None, needles):
            at = self.source.find(needle, start)
            if at < 0:
                at = self.source.find(needle)
            if at >= 0:
                self.cursor = at + 1
                return at, at + len(needle)
        return -1, -1

    def place(self, offset: int) -> tuple[int, int]:
        before = self.source[:offset]
        line = before.count("\n")
        return self.first_line + line, offset - (before.rfind("\n") + 1) + 1 + self.indent


class Reader:
    """Reads owner texts in the organisation's Markdown dialect, each text once."""

    def __init__(self, settings: MarkdownSettings | None = None):
        self.settings = settings or MarkdownSettings()
        self._md = self.settings.converter()
        self._cache: dict[tuple, Reading] = {}

    def render(self, source: str) -> str:
        return self._md.reset().convert(source)

    def read(self, source: str, first_line: int = 1, indent: int = 0, title: str | None = None) -> Reading:
        """source's reading; lines and columns count from first_line and indent (a YAML block
        scalar's). With title, the text is read as the body of a page with that title, so its
        headings' anchors are unique beside the title's, as on the page."""
        key = (source, first_line, indent, title)
        if key not in self._cache:
            self._cache[key] = self._read(source, first_line, indent, title)
        return self._cache[key]

    def _read(self, source: str, first_line: int, indent: int, title: str | None) -> Reading:
        prefix = f"# {escape_markdown(title)}\n\n" if title is not None else ""
        rendered = self.render(prefix + source)
        walker = _Walker(skip_title=title is not None)
        walker.feed(rendered)
        walker.close()
        locate = _Locator(source, first_line, indent)
        elements, urls, ids = [], [], set()
        for n, (tag, attrs, written) in enumerate(walker.elements):
            ids.update(v for name, v in attrs if name in ("id", "name") and v)
            if n < walker.title_end:
                continue
            raw = _raw_values(written)
            at, _ = locate.span(*_needles(attrs, written, raw))
            line, column = locate.place(at) if at >= 0 else (first_line, 1 + indent)
            elements.append(Element(tag, tuple(attrs), line, column))
            for name, value in attrs:
                if name in URL_ATTRIBUTES and value:
                    begin, end = locate.span(raw.get(name, ""), value, start=max(at, 0))
                    line, column = locate.place(begin) if begin >= 0 else (line, column)
                    urls.append(Url(tag, name, value, line, column, (begin, end) if begin >= 0 else None))
        locate.cursor = 0
        headings = [Heading(level, anchor, text, locate.find(text)[0]) for level, anchor, text in walker.headings]
        blocks = [(headings[i] if i is not None else None, " ".join("".join(words).split()))
                  for i, words in walker.blocks]
        return Reading(rendered, elements, urls, headings, ids, blocks)


# An attribute of a rendered start tag, to find its value as written (not to read HTML: the
# parser has read it already).
_RAW_VALUE = re.compile(r"""([^\s"'=<>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def _raw_values(written: str) -> dict[str, str]:
    return {m.group(1).lower(): next((g for g in m.groups()[1:] if g is not None), "")
            for m in _RAW_VALUE.finditer(written)}


def _needles(attrs: list, written: str, raw: dict[str, str]) -> list[str]:
    """What to look for in the source to find a start tag: the tag as written (raw HTML keeps
    it); else its addresses as the rendered tag writes them (Markdown keeps entities as typed),
    decoded, and an e-mail autolink's address; else its other attributes' values, longest first
    (a short one like alt="i" would be found anywhere)."""
    urls = [n for n, v in attrs if n in URL_ATTRIBUTES and v]
    values = [v for n, v in attrs if n in URL_ATTRIBUTES and v]
    mail = [v.split(":", 1)[1] for v in values if scheme(v) in ("mailto", "tel")]
    others = sorted((v for n, v in raw.items() if n not in urls and v), key=len, reverse=True)
    return [written, *(raw[n] for n in urls if n in raw), *values, *mail, *others]


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|!])")


def escape_markdown(text: str) -> str:
    """Plain owner text made literal inside Markdown (a heading, link text, emphasis): no
    Markdown or HTML in it takes effect, and it stays on one line."""
    text = " ".join(text.split())
    return _MD_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;").replace("<", "&lt;")


def resolve(folder: str, target: str) -> str:
    """A relative link's docs path (with its anchor), resolved from the folder of the text."""
    path, hash_, anchor = clean_url(target).partition("#")
    path = path.partition("?")[0]
    resolved = posixpath.normpath(posixpath.join(folder, path)) if path else ""
    return resolved + hash_ + anchor
