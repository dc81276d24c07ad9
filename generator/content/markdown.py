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

import bisect
import functools
import html
import posixpath
import re
import urllib.parse
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import markdown
import nh3

if TYPE_CHECKING:
    from .cache import ReadingStore

# The attributes through which an element links or loads an address.
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "formaction", "poster", "cite", "background",
                            "data", "xlink:href", "longdesc", "codebase", "ping", "manifest"})
# Elements whose address the browser loads into the page (rather than follows when clicked).
LOADS = frozenset({"img", "iframe", "video", "audio", "source", "track", "embed", "object", "input", "script",
                   "link", "frame", "image"})
# A scheme as a browser reads it: letters first, then letters, digits, + - .
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


# Every element name of HTML, SVG and MathML a browser builds; canonical() keeps any other name
# the text itself spells too.
ELEMENTS = frozenset("""
a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col
colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure footer form frame
frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link main map
mark menu meta meter nav noscript object ol optgroup option output p param picture pre progress q rp rt ruby s
samp script search section select slot small source span strong style sub summary sup table tbody td template
textarea tfoot th thead time title tr track u ul var video wbr xmp plaintext listing noembed marquee blink
svg math g path circle rect line polyline polygon text tspan foreignobject use image defs symbol animate set
animatetransform animatemotion mglyph malignmark mi mo mn ms mtext annotation-xml
""".split())
_NAMED = re.compile(r"<\s*([A-Za-z][^\s/>\x00]*)")  # element names the text could make
# The characters of a scheme, read backwards from a colon (matched in the reversed text).
_SCHEME_RUN = re.compile(r"[A-Za-z0-9+.\-]*")


def _schemes(text: str) -> set[str]:
    """Every scheme text could give an address: for each colon, the scheme characters just
    before it, from the first letter among them (what the expression [A-Za-z][A-Za-z0-9+.-]*:
    finds), lower case. Found from the colons backwards: a pattern tried at every letter of
    every word costs most of canonical()."""
    found = set()
    backwards = text[::-1]
    at = text.find(":")
    while at >= 0:
        run = _SCHEME_RUN.match(backwards, len(text) - at)  # matches always, perhaps nothing
        name = run.group()[::-1].lstrip("0123456789+.-") if run else ""
        if name:
            found.add(name.lower())
        at = text.find(":", at + 1)
    return found


def canonical(html_text: str) -> str:
    """html_text as a browser's parser builds it, serialised without ambiguity: html5ever (the
    parser of nh3, from Servo) with nothing removed. Comments, CDATA, foreign content and
    entities then read the same to Python's HTML parser as to a browser."""
    names = frozenset(m.lower() for m in _NAMED.findall(html_text)) - ELEMENTS
    decoded = html.unescape(html_text).replace("\t", "").replace("\n", "").replace("\r", "")
    schemes = frozenset(_schemes(decoded) | {"http", "https"})
    return _keeping(names, schemes).clean(html_text)


@functools.lru_cache(maxsize=64)
def _keeping(names: frozenset[str], schemes: frozenset[str]) -> nh3.Cleaner:
    """The sanitiser that keeps every element named and every address with one of schemes. Most
    texts name no element of their own and write the same schemes: it is built once for them all
    (nh3.clean builds the same Cleaner again for every call)."""
    return nh3.Cleaner(tags=set(ELEMENTS | names), clean_content_tags=set(), generic_attribute_prefixes={""},
                       url_schemes=set(schemes), strip_comments=False, link_rel=None)


@dataclass(frozen=True)
class MarkdownSettings:
    """The Markdown dialect of the organisation: its extensions and their options, as in mkdocs.yml."""

    extensions: tuple = ("toc", "tables", "fenced_code")
    configs: dict = field(default_factory=dict, hash=False, compare=False)

    def converter(self) -> markdown.Markdown:
        return markdown.Markdown(extensions=list(self.extensions), extension_configs=self.configs)


_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


def clean_url(value: str) -> str:
    """An address as a browser acts on it: entities decoded, ASCII tab and newlines removed
    anywhere, control characters and spaces trimmed from both ends (WHATWG URL parsing)."""
    value = html.unescape(value)
    value = value.replace("\t", "").replace("\n", "").replace("\r", "")
    return value.strip(_C0_AND_SPACE)


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
    raw: bool = False  # in raw HTML written as typed: MkDocs leaves it as it is, so the browser resolves it

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
    written: str = field(default="", compare=False)  # the start tag as the rendering writes it (raw HTML: as typed)


@dataclass
class Reading:
    """What one owner text is, read by the parser that renders it."""

    html: str
    elements: list[Element]
    urls: list[Url]
    headings: list[Heading]
    ids: set[str]
    paragraphs: list[str]  # the words of its own paragraphs (not in lists, quotes, tables, notes)
    title_elements: int = 0  # the start tags of the title the text was read under, first in html
    # html's canonical form and its start tags as the parser read them (name, attributes), when
    # this process parsed the text (the store keeps neither): the sanitiser's checks start from
    # them rather than compute and parse them again.
    canonical: str | None = field(default=None, repr=False, compare=False)
    canonical_tags: list[tuple[str, list[tuple[str, str | None]]]] | None = field(default=None, repr=False,
                                                                                 compare=False)


_CONTAINERS = frozenset({"li", "blockquote", "td", "th", "details", "dd", "dt", "figure", "aside", "div", "table"})


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
        # What is shown, not run: code's text and comments, in order, to find them in the source.
        self.shown: list[str] = []
        self._code: list[str] | None = None
        # The text's own paragraphs (not in a list, quote, table, note or other container).
        self.paragraphs: list[str] = []
        self._paragraph: list[str] | None = None
        self._containers = 0

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs, self.get_starttag_text() or ""))
        attributes = dict(attrs)
        if tag == "code" and self._code is None:
            self._code = []
        if tag in _CONTAINERS:
            self._containers += 1
        elif tag == "p" and not self._containers:
            self._paragraph = []
        if tag in ("script", "style") or "headerlink" in (attributes.get("class") or "").split():
            self._skip += 1
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = [int(tag[1]), attributes.get("id") or "", []]
        if tag in ("br", "p", "li", "td", "th", "div", "tr", "dt", "dd", "pre", "blockquote"):
            self._text(" ")

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs, self.get_starttag_text() or ""))

    def handle_comment(self, data):
        self.shown.append(f"<!--{data}")

    def handle_endtag(self, tag):
        if tag in _CONTAINERS and self._containers:
            self._containers -= 1
        elif tag == "p" and self._paragraph is not None:
            self.paragraphs.append(" ".join("".join(self._paragraph).split()))
            self._paragraph = None
        if tag == "code" and self._code is not None:
            self.shown.append("".join(self._code))
            self._code = None
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
        if self._code is not None:
            self._code.append(data)
        if self._paragraph is not None and not self._skip:
            self._paragraph.append(data)
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

    def __init__(self, source: str, first_line: int, indent: int, shown: Sequence[str] = ()):
        self.source, self.first_line, self.indent = source, first_line, indent
        self.newlines = [m.start() for m in _NEWLINE.finditer(source)]
        self.claimed: set[int] = set()  # where constructs' start tags were found
        # (exact, level, words) -> the offsets of the lines that could be that heading, in order
        self.heading_lines: dict[tuple[bool, int, str], list[int]] | None = None
        self.absent: set[tuple[str, str | None, int]] = set()  # needles not anywhere (unclaimed)
        self.occurs: dict[str, bool] = {}  # whether a needle is in the source at all
        self.cursor = 0
        # Code and comments in the source: an address or tag written there is only shown, so
        # the constructs the parser made are never placed inside them.
        self.excluded: list[tuple[int, int]] = []
        for text in shown:
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            if not lines:
                continue
            begin = -1
            if len(lines) == 1:  # a code span: its text between backticks, not the same words elsewhere
                at = self.source.find(lines[0], self.cursor)
                while at >= 0 and not self.source[max(at - 2, 0):at].rstrip(" ").endswith("`"):
                    at = self.source.find(lines[0], at + 1)
                begin = at
            if begin < 0:
                begin = self.source.find(lines[0], self.cursor)
            end = self.source.find(lines[-1], max(begin, 0)) if begin >= 0 else -1
            if begin >= 0 and end >= 0:
                self.excluded.append((begin, end + len(lines[-1])))
                self.cursor = end + len(lines[-1])
        self.starts = [begin for begin, _ in self.excluded]
        self.cursor = 0

    def _find(self, needle: str, start: int) -> int:
        at = self.source.find(needle, start)
        while at >= 0:
            # The last excluded region that starts at or before at: they are found one after the
            # other, so they are sorted and apart.
            n = bisect.bisect_right(self.starts, at) - 1
            if n < 0 or at >= self.excluded[n][1]:
                return at
            at = self.source.find(needle, self.excluded[n][1])
        return -1

    def heading(self, level: int, text: str) -> int:
        """The line of a heading: a line that is its #s and its words (or its words underlined),
        after the heading before it; else the first place its words are."""
        if self.heading_lines is None:
            # Every line that could be a heading, once, by its level and its words as written
            # (exact) or without markup, for # headings and underlined ones alike.
            self.heading_lines = {}
            for match in _HEADING_LINE.finditer(self.source):
                if match.group(1):
                    words = match.group(2)
                    level_of = len(match.group(1))
                else:
                    words = match.group(3)
                    level_of = 1 if match.group(4).startswith("=") else 2
                plain = " ".join(_MARKUP.sub("", words).split())
                self.heading_lines.setdefault((True, level_of, words.strip()), []).append(match.start())
                self.heading_lines.setdefault((False, level_of, plain), []).append(match.start())
        for exact in (True, False):
            offsets = self.heading_lines.get((exact, level, text), [])
            for start in (self.cursor, 0):
                for offset in offsets:
                    if offset < start:
                        continue
                    n = bisect.bisect_right(self.starts, offset) - 1
                    if n < 0 or offset >= self.excluded[n][1]:
                        self.cursor = offset + 1
                        return self.place(offset)[0]
        return self.find(text)[0]

    def find(self, *needles: str) -> tuple[int, int]:
        at, _ = self.span(*needles)
        return self.place(at) if at >= 0 else (self.first_line, 1 + self.indent)

    def span(self, *needles: str, start: int | None = None, claim: bool = False) -> tuple[int, int]:
        """Where the first of needles that occurs is, from start (else the cursor) on, else
        anywhere; (-1, -1) when none does. With claim (a construct's start tag), a place another
        construct claimed is passed over: two identical tags are two places."""
        start = self.cursor if start is None else start
        for needle in filter(None, needles):
            prefix, _, value = needle.rpartition(_CONTEXT) if _CONTEXT in needle else ("", "", needle)
            whole = prefix + value
            # Most needles (a tag as the canonical form writes it, an address in each context
            # Markdown could have written it in) are nowhere in the source: one scan says so.
            occurs = self.occurs.get(whole)
            if occurs is None:
                occurs = self.occurs[whole] = whole in self.source
            if not occurs:
                continue
            # The construct's own context may begin before start (start is where its value is).
            skip = len(prefix) if claim else -1
            at = self._whole(whole, max(start - len(prefix), 0), _ENDS.get(prefix), skip)
            if at < 0:
                at = self._whole(whole, 0, _ENDS.get(prefix), skip)
            if at >= 0:
                self.cursor = at + 1
                if claim:
                    self.claimed.add(at + len(prefix))
                return at + len(prefix), at + len(prefix) + len(value)
        return -1, -1

    def _whole(self, needle: str, start: int, ends: str | None, skip: int = -1) -> int:
        """Where needle is, from start on, followed by one of ends (or the end of the text) when
        ends is given: an address in context is found whole, not as the start of a longer one.
        With skip (the length of the needle's context), a place claimed already is passed over."""
        key = (needle, ends, skip)
        if key in self.absent:
            return -1
        at = self._find(needle, start)
        while at >= 0 and ((ends is not None and at + len(needle) < len(self.source)
                            and self.source[at + len(needle)] not in ends)
                           or (skip >= 0 and at + skip in self.claimed)):
            at = self._find(needle, at + 1)
        if at < 0 and start == 0:
            self.absent.add(key)  # claims only grow: it will not be found later either
        return at

    def place(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_left(self.newlines, offset)
        start = self.newlines[line - 1] + 1 if line else 0
        return self.first_line + line, offset - start + 1 + self.indent


@dataclass
class Heavy:
    """The larger part of a parse: what the sanitiser and the search index read, and the locator
    when a text is read at a new place."""

    html: str
    # Each start tag: (name, attributes, as the canonical form writes it, as the rendering wrote it);
    # a tag after the title also carries the addresses its typed form holds (see _raw_values).
    elements: list[tuple[str, list[tuple[str, str | None]], str, str]]
    blocks: list[tuple[int | None, str]]  # (index of the heading it follows, or None; its words)
    paragraphs: list[str]
    shown: list[str]  # code and comments in order: what the locator passes over
    # Kept in memory only (see Reading.canonical): None when the parse came from the store.
    canonical: str | None = None
    canonical_tags: list[tuple[str, list[tuple[str, str | None]]]] | None = None


@dataclass
class Parsed:
    """What a text is wherever it is written: its rendering, read by the browser's parser. The
    places of its constructs in a file are found from it (Reader._place). What the checks read of
    every text is here; the rest (heavy) is decoded from a store only when asked for."""

    title_end: int  # elements before this one are the title's
    headings: list[tuple[int, str, str]]  # (level, anchor, text)
    ids: set[str]
    count: int  # start tags
    heavy: Callable[[], Heavy]


class Reader:
    """Reads owner texts in the organisation's Markdown dialect, each text once.

    A text is parsed once however many places it is read at (a YAML answer at its line, an
    article's body after its front matter); with a store (content.cache), its parse and its places are
    kept between runs, and only texts not seen before are parsed."""

    def __init__(self, settings: MarkdownSettings | None = None, store: ReadingStore | None = None):
        self.settings = settings or MarkdownSettings()
        self.store = store
        self._converter: markdown.Markdown | None = None
        self._cache: dict[tuple, Reading] = {}
        self._parsed: dict[tuple[str, str | None], tuple[str, Parsed]] = {}
        self._keys: dict[int, str] = {}  # id of a Reading -> the store's key of its parse

    @property
    def _md(self) -> markdown.Markdown:
        if self._converter is None:  # made when a text must be parsed: a warm check parses none
            self._converter = self.settings.converter()
        return self._converter

    def render(self, source: str) -> str:
        return self._md.reset().convert(source)

    def read(self, source: str, first_line: int = 1, indent: int = 0, title: str | None = None,
             written: str | None = None) -> Reading:
        """source's reading; lines and columns count from first_line and indent (a YAML block
        scalar's). With title, the text is read as the body of a page with that title, so its
        headings' anchors are unique beside the title's, as on the page. Places are found in
        written, the file's own text, when it differs from the value read (a YAML block)."""
        key = (source, first_line, indent, title, written)
        if key not in self._cache:
            self._cache[key] = self._read(source, first_line, indent, title, written)
        return self._cache[key]

    def ids(self, source: str) -> frozenset[str]:
        """The ids source's rendering carries (headings' anchors, attr_list ids, names), from its
        parse alone: the link check asks it of whole generated pages, which it never places in a
        file (nothing it reports is written there)."""
        return frozenset(self._parse(source, None)[1].ids)

    def blocks(self, source: str, title: str | None = None) -> list[tuple[tuple[int, str, str] | None, str]]:
        """The text readers see of source (read as read() reads it), split at its h2 and h3:
        (the heading before, as (level, anchor, text), or None; the words). Nothing is placed in
        a file: the search index needs no lines, and placing a text the check read elsewhere
        was a third of the index's reading."""
        _, parsed = self._parse(source, title)
        return [(None if i is None else parsed.headings[i], words) for i, words in parsed.heavy().blocks]

    def remembered(self, reading: Reading, name: str) -> object | None:
        """What was noted of reading's text under name (a judgement of it), in this run or an
        earlier one; None if nothing was."""
        parse_key = self._keys.get(id(reading))
        return self.store.note(parse_key, name) if self.store and parse_key else None

    def remember(self, reading: Reading, name: str, value: object) -> None:
        """Note value (JSON data) of reading's text under name, for later runs."""
        parse_key = self._keys.get(id(reading))
        if self.store and parse_key:
            self.store.put_note(parse_key, name, value)

    def forget(self) -> None:
        """Let go of the readings this reader holds (the store keeps what it was given): a text
        read again is read from the store. For a process done with the texts (the index, once
        its documents are made), whose later steps then reuse that memory."""
        self._cache.clear()
        self._parsed.clear()
        self._keys.clear()

    def let_go(self) -> None:
        """forget(), and let the store go of the larger parts its file holds too: for a process
        whose later steps need little or nothing more of the texts."""
        self.forget()
        if self.store:
            self.store.release()

    def save(self) -> None:
        """Keep what this run read for the next (nothing without a store)."""
        if self.store:
            self.store.save()

    def _read(self, source: str, first_line: int, indent: int, title: str | None, written: str | None) -> Reading:
        parse_key, parsed = self._parse(source, title)
        place_key = ""
        reading: Reading | None = None
        if self.store:
            place_key = self.store.key(source, title, first_line, indent, written)
            reading = _stored_reading(parsed, self.store.placement(place_key))
        if reading is None:
            reading = self._place(parsed, source, first_line, indent, written)
            if self.store:
                self.store.put_placement(place_key, parse_key, _encode_placement(reading))
        self._keys[id(reading)] = parse_key
        return reading

    def _parse(self, source: str, title: str | None) -> tuple[str, Parsed]:
        memo = (source, title)
        if memo in self._parsed:
            return self._parsed[memo]
        parse_key = self.store.parse_key(source, title) if self.store else ""
        parsed = None
        if self.store:
            stored = self.store.parse(parse_key)
            if stored is not None:
                light, heavy = stored

                def anew() -> Heavy:
                    # The stored larger part is not what this code wrote for this text: read it again.
                    fresh = self._parse_anew(source, title)
                    self.store.put_parse(parse_key, *_encode_parsed(fresh))  # type: ignore[union-attr]
                    return fresh.heavy()

                parsed = _decode_parsed(light, heavy, anew)
        if parsed is None:
            parsed = self._parse_anew(source, title)
            if self.store:
                self.store.put_parse(parse_key, *_encode_parsed(parsed))
        self._parsed[memo] = (parse_key, parsed)
        return self._parsed[memo]

    def _parse_anew(self, source: str, title: str | None) -> Parsed:
        rendered = self.render(titled(source, title))
        walker = _Walker(skip_title=title is not None)
        canonical_form = canonical(rendered)
        walker.feed(canonical_form)
        walker.close()
        # The start tags as Markdown wrote them: their values as typed are what the source holds
        # (the canonical form has decoded them). Each canonical tag is paired with the first
        # unused one of the same name, the same attributes first.
        typed = typed_tags(rendered, canonical_form, walker.elements)
        # The typed tags are the canonical ones: the pairing would pair each tag with itself.
        itself = typed is walker.elements
        used: set[int] = set()
        # The unused typed tags by name, and by name and attributes, each in document order: a
        # pairing takes the first that is not used yet (indexed, so a long text reads in linear time).
        by_tag: dict[str, deque[int]] = {}
        by_key: dict[tuple, deque[int]] = {}
        for i, (t, a, _) in enumerate(() if itself else typed):
            by_tag.setdefault(t, deque()).append(i)
            by_key.setdefault((t, *sorted((n, v or "") for n, v in a)), deque()).append(i)

        def first_unused(queue: deque[int] | None) -> int | None:
            while queue and queue[0] in used:
                queue.popleft()
            return queue[0] if queue else None

        def as_written(tag: str, attrs: list, written: str) -> str:
            found = first_unused(by_key.get((tag, *sorted((n, v or "") for n, v in attrs))))
            if found is None:
                found = first_unused(by_tag.get(tag))
            if found is None:
                return written
            used.add(found)
            return typed[found][2]

        elements = []
        ids: set[str] = set()
        for n, (tag, attrs, written) in enumerate(walker.elements):
            ids.update(v for name, v in attrs if name in ("id", "name") and v)
            as_typed = written if itself else as_written(tag, attrs, written)
            if n >= walker.title_end:
                # An address the browser's parser cannot read is dropped from the canonical form,
                # but the page carries it as typed: it is judged as typed.
                attrs = attrs + [(name, html.unescape(value)) for name, value in _raw_values(as_typed).items()
                                 if name in URL_ATTRIBUTES and name not in dict(attrs)]
            elements.append((tag, attrs, written, as_typed))
        blocks = [(i, " ".join("".join(words).split())) for i, words in walker.blocks]
        heavy = Heavy(rendered, elements, blocks, walker.paragraphs, walker.shown, canonical_form,
                      [(tag, attrs) for tag, attrs, _ in walker.elements])
        return Parsed(walker.title_end, walker.headings, ids, len(elements), lambda: heavy)

    def _place(self, parsed: Parsed, source: str, first_line: int, indent: int, written: str | None) -> Reading:
        heavy = parsed.heavy()
        locate = _Locator(written or source, first_line, indent, heavy.shown)
        elements, urls = [], []
        for tag, attrs, canonical_tag, as_typed in heavy.elements[parsed.title_end:]:
            raw = _raw_values(as_typed)
            at, _ = locate.span(*_needles(attrs, as_typed, raw), canonical_tag, claim=True)
            line, column = locate.place(at) if at >= 0 else (first_line, 1 + indent)
            elements.append(Element(tag, tuple(attrs), line, column, as_typed))
            # Raw HTML found as typed: its addresses are inside its own tag, not in a later link.
            tag_end = at + len(as_typed) if at >= 0 and locate.source.startswith(as_typed, at) else -1
            for name, value in attrs:
                if name not in URL_ATTRIBUTES or not value:
                    continue
                # srcset holds several addresses, each with its width or density
                written_values = _candidates(raw.get(name, "")) if name == "srcset" else [raw.get(name, "")]
                values = _candidates(value) if name == "srcset" else [value]
                for typed_value, one in zip(written_values + [""] * len(values), values, strict=False):
                    begin, end = -1, -1
                    if tag_end >= 0 and typed_value:
                        begin, end = locate.span(*(f"{c}{_CONTEXT}{typed_value}" for c in ('="', "='", "=")), start=at)
                        if not at <= begin < tag_end:
                            begin, end = -1, -1
                    if begin < 0:
                        begin, end = locate.span(*_in_context(typed_value), *_in_context(one), start=max(at, 0))
                    place = locate.place(begin) if begin >= 0 else (line, column)
                    urls.append(Url(tag, name, one, *place, (begin, end) if begin >= 0 else None, tag_end >= 0))
        locate.cursor = 0
        headings = [Heading(level, anchor, text, locate.heading(level, text)) for level, anchor, text in parsed.headings]
        return Reading(heavy.html, elements, urls, headings, set(parsed.ids), list(heavy.paragraphs),
                       parsed.title_end, heavy.canonical, heavy.canonical_tags)


_HEAVY = frozenset({"html", "elements", "paragraphs", "canonical", "canonical_tags"})


class _StoredReading(Reading):
    """A reading from the store: its addresses, headings and ids at once (what the checks read of
    every text), its HTML, elements and paragraphs decoded when first asked for."""

    def __init__(self, parsed: Parsed, places: list[tuple[int, int]], urls: list[Url], headings: list[Heading]):
        self.urls, self.headings, self.ids, self.title_elements = urls, headings, set(parsed.ids), parsed.title_end
        self._parsed, self._places = parsed, places

    def __getattr__(self, name: str):
        if name not in _HEAVY or "_parsed" not in self.__dict__:
            raise AttributeError(name)
        heavy = self._parsed.heavy()
        own = heavy.elements[self.title_elements:]
        self.html = heavy.html
        self.elements = [Element(tag, tuple(attrs), line, column, typed)
                         for (tag, attrs, _, typed), (line, column) in zip(own, self._places, strict=True)]
        self.paragraphs = list(heavy.paragraphs)
        self.canonical, self.canonical_tags = heavy.canonical, heavy.canonical_tags
        return self.__dict__[name]


# A parse and a placement as the store keeps them (JSON), and back. Decoding checks every value's
# type: a stored value that is not what this code wrote is not used, and the text is read again.

def _encode_parsed(parsed: Parsed) -> tuple[dict, dict]:
    heavy = parsed.heavy()
    light = {"title_end": parsed.title_end, "headings": [list(h) for h in parsed.headings], "ids": sorted(parsed.ids),
             "count": parsed.count}
    return light, {"html": heavy.html,
                   "elements": [[t, [[n, v] for n, v in a], w, typed] for t, a, w, typed in heavy.elements],
                   "blocks": [list(b) for b in heavy.blocks], "paragraphs": heavy.paragraphs, "shown": heavy.shown}


def _strs(value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError
    return value


def _int(value: object) -> int:
    if type(value) is not int:
        raise TypeError
    return value


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError
    return value


def _decode_parsed(light: object, heavy: Callable[[], object], anew: Callable[[], Heavy]) -> Parsed | None:
    try:
        assert isinstance(light, dict)
        headings = [(_int(level), _str(anchor), _str(text)) for level, anchor, text in light["headings"]]
        title_end, count = _int(light["title_end"]), _int(light["count"])
        if not 0 <= title_end <= count:
            return None
        ids = set(_strs(light["ids"]))
    except (AssertionError, KeyError, TypeError, ValueError):
        return None
    decoded: list[Heavy] = []

    def complete() -> Heavy:
        if not decoded:
            found = _decode_heavy(heavy(), count, len(headings))
            decoded.append(found if found is not None else anew())
        return decoded[0]

    return Parsed(title_end, headings, ids, count, complete)


def _decode_heavy(data: object, count: int, headings: int) -> Heavy | None:
    try:
        assert isinstance(data, dict)
        elements = []
        for tag, attrs, written, typed in data["elements"]:
            pairs = [(_str(n), None if v is None else _str(v)) for n, v in attrs]
            elements.append((_str(tag), pairs, _str(written), _str(typed)))
        blocks = [(None if i is None else _int(i), _str(words)) for i, words in data["blocks"]]
        if len(elements) != count or any(i is not None and not 0 <= i < headings for i, _ in blocks):
            return None
        return Heavy(_str(data["html"]), elements, blocks, _strs(data["paragraphs"]), _strs(data["shown"]))
    except (AssertionError, KeyError, TypeError, ValueError):
        return None


def _encode_placement(reading: Reading) -> dict:
    return {"elements": [[e.line, e.column] for e in reading.elements],
            "urls": [[u.tag, u.attribute, u.value, u.line, u.column, list(u.span) if u.span else None, u.raw]
                     for u in reading.urls],
            "headings": [h.line for h in reading.headings]}


def _stored_reading(parsed: Parsed, data: object) -> Reading | None:
    if data is None:
        return None
    try:
        assert isinstance(data, dict)
        places = [(_int(line), _int(column)) for line, column in data["elements"]]
        lines = [_int(line) for line in data["headings"]]
        if len(places) != parsed.count - parsed.title_end or len(lines) != len(parsed.headings):
            return None
        urls = []
        for tag, attribute, value, line, column, span, raw in data["urls"]:
            if span is not None:
                begin, end = span
                span = (_int(begin), _int(end))
            if not isinstance(raw, bool):
                raise TypeError
            urls.append(Url(_str(tag), _str(attribute), _str(value), _int(line), _int(column), span, raw))
        headings = [Heading(*h, line) for h, line in zip(parsed.headings, lines, strict=True)]
        return _StoredReading(parsed, places, urls, headings)
    except (AssertionError, KeyError, TypeError, ValueError):
        return None


# An attribute of a rendered start tag, to find its value as written (not to read HTML: the
# parser has read it already).
_RAW_VALUE = re.compile(r"""([^\s"'=<>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


@functools.lru_cache(maxsize=4096)  # a text's tags are read twice (parse, place), and most are alike
def _raw_values(written: str) -> Mapping[str, str]:
    return {m.group(1).lower(): next((g for g in m.groups()[1:] if g is not None), "")
            for m in _RAW_VALUE.finditer(written)}


_NEWLINE = re.compile("\n")
# A line that may be a heading: #s and words, or words over a line of = or -.
_HEADING_LINE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*(?:#+[ \t]*)?$|^ {0,3}(\S.*?)[ \t]*\n {0,3}(=+|-+)[ \t]*$", re.M)
_MARKUP = re.compile(r"\]\([^)]*\)|<[^>]*>|[*_`~\\\[\]]")  # what a heading's line holds besides its words
_CONTEXT = "\x00"  # between a needle's context and the part whose place is wanted


# What may follow an address written in each context: Markdown's ](…) ends at ) or a title,
# ]: … at the end of the line or a title, <…> at >, an attribute at its quote or a space.
_ENDS = {"](": ") \t\n", "](<": ">", "]: ": " \t\n", "]:": " \t\n", "<": ">", '="': '"', "='": "'", "=": " \t\n>"}


def _in_context(value: str) -> list[str]:
    """An address as a needle, first with what writes it as a link (Markdown's ](…) and ]: …,
    <…>, an attribute's quotes), so the address itself is found, not the same text elsewhere."""
    if not value:
        return []
    return [f"{c}{_CONTEXT}{value}" for c in ("](", "](<", "]: ", "]:", "<", '="', "='", "=")] + [value]


def _candidates(srcset: str) -> list[str]:
    """The addresses of a srcset, without their widths and densities."""
    return [part.split()[0] for part in srcset.split(",") if part.split()]


def start_tags(html_text: str) -> list[tuple[str, list, str]]:
    """The start tags of html_text in order: (name, attributes, the tag as written)."""
    walker = _Walker(skip_title=False)
    walker.feed(html_text)
    walker.close()
    return walker.elements


# The permalink sign toc puts in every heading: Markdown writes it as an entity, the canonical form
# as the character.
_PERMALINK, _PERMALINK_SIGN = "&para;", "\u00b6"


def typed_tags(rendered: str, canonical_form: str, read: list[tuple[str, list, str]]) -> list[tuple[str, list, str]]:
    """start_tags(rendered), given its canonical form and read, the start tags of that form. A
    rendering that is, character for character, its own canonical form is the string the parser
    has read already: it is not parsed again. Nor is one that differs from it only where it writes
    a permalink sign as &para;, if no start tag of the form holds the sign: each such entity is
    then outside every start tag, and neither spelling holds a character that begins or ends a
    construct to the parser (< > / ! - quotes, spaces, letters after <), so the parser cuts both
    strings into the same tags, written alike, and only the text between them differs."""
    if rendered == canonical_form:
        return read
    if (rendered.replace(_PERMALINK, _PERMALINK_SIGN) == canonical_form
            and not any(_PERMALINK_SIGN in written for _, _, written in read)):
        return read
    return start_tags(rendered)


def _needles(attrs: list, written: str, raw: Mapping[str, str]) -> list[str]:
    """What to look for in the source to find a start tag: the tag as written (raw HTML keeps
    it); else its addresses as the rendered tag writes them (Markdown keeps entities as typed),
    decoded, and an e-mail autolink's address; else its other attributes' values, longest first
    (a short one like alt="i" would be found anywhere)."""
    urls = [n for n, v in attrs if n in URL_ATTRIBUTES and v]
    values = [v for n, v in attrs if n in URL_ATTRIBUTES and v]
    mail = [v.split(":", 1)[1] for v in values if scheme(v) in ("mailto", "tel")]
    others = sorted((v for n, v in raw.items() if n not in urls and v), key=len, reverse=True)
    return [written, *(c for n in urls if n in raw for c in _in_context(raw[n])), *values, *mail, *others]


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|!])")


def titled(source: str, title: str | None) -> str:
    """source as the check reads a page's body: under its page's title (when it has one), so its
    headings' anchors are unique beside the title's, as on the page."""
    return source if title is None else f"# {escape_markdown(title)}\n\n{source}"


def escape_markdown(text: str) -> str:
    """Plain owner text made literal inside Markdown (a heading, link text, emphasis): no
    Markdown or HTML in it takes effect, and it stays on one line."""
    text = " ".join(text.split())
    return _MD_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;").replace("<", "&lt;")


def resolve(folder: str, target: str) -> str:
    """A relative link's docs path (with its anchor), resolved from the folder of the text."""
    path, hash_, anchor = clean_url(target).partition("#")
    path = urllib.parse.unquote(path.partition("?")[0])  # as MkDocs and the browser find the file
    resolved = posixpath.normpath(posixpath.join(folder, path)) if path else ""
    return resolved + hash_ + anchor
