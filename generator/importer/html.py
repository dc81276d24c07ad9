"""What the portal would not publish as the handbook wrote it, made into what it does publish.

The sanitiser (checks/sanitise.py) says what of a page it would take out, element by element.
For each, the import makes the nearest thing the portal allows, and notes it:
- a frame (a video, a form, a slide deck from another site): a link to what it showed;
- an image or medium loaded from another site: the handbook's own copy of it when it holds one,
  else a link to it (listed for the owners to bring it in-house);
- an <object> or <embed> (a diagram): an image, or a link to the file;
- an attribute the portal does not allow (style=, a reserved id, a handler): taken out;
- an element the portal does not allow: <script>, <style> and the like taken out with what they
  hold, others (<center>, <font>) taken out around their text, which is kept; a name that is no
  HTML element (<your-name>) was meant as text, and is shown as text.

Only raw HTML found exactly where the reading places it is rewritten, and only Markdown links and
images found whole; anything else is left for `portal check` to report, and the report says so.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from ..checks.sanitise import Removed
from ..content.markdown import ELEMENTS, Element, Reading, Url, start_tags
from .edits import Edit, Note, Text

# Elements taken out with everything they hold: their content is code or a template, not text.
WHOLE = frozenset({"script", "style", "template", "noscript", "xmp", "plaintext", "noembed", "noframes", "title",
                   "head", "meta", "link", "base", "textarea", "select", "option", "optgroup", "datalist"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                  "track", "wbr", "frame", "image"})
MEDIA = frozenset({"video", "audio"})
SITE_FORM = "a link in raw HTML, which MkDocs does not rewrite: its address is the built page's"
# Elements HTML no longer defines but browsers still build: markup, not text meant literally.
OBSOLETE = frozenset({"center", "font", "big", "tt", "strike", "nobr", "acronym", "applet", "basefont", "bgsound",
                      "dir", "isindex", "keygen", "menuitem", "multicol", "nextid", "spacer", "rb", "rtc"})
IMAGE_FILES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp", ".ico")


@dataclass
class Page:
    """What the fixing needs of a page: its text, where it now is, and how its addresses change."""

    text: Text
    reading: Reading
    changes: dict[tuple[int, int], str]  # an address's span -> its new value (links rewritten)
    copy_of: Callable[[str], str | None]  # another site's file -> the link to the handbook's copy, if any
    site_form: Callable[[str], str] = lambda address: address  # a file's link -> the built page's link


def _offsets(text: str) -> list[int]:
    starts = [0]
    for match in re.finditer("\n", text):
        starts.append(match.end())
    return starts


def _name(url: str) -> str:
    return urllib.parse.unquote(urllib.parse.urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]) or url


def _link(url: str, text: str) -> str:
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(text)}</a>'


def _markdown_text(text: str) -> str:
    """Words as a Markdown link's or image's text: brackets and backslashes made literal."""
    return re.sub(r"([\\\[\]])", r"\\\1", text)


def _markdown_address(address: str) -> str:
    """An address as a Markdown link's target: in angle brackets when it holds a space or a bracket."""
    return f"<{address}>" if re.search(r"[\s()<>]", address) else address


def _tag(name: str, attrs: list[tuple[str, str | None]], closed: bool) -> str:
    parts = [name] + [a if v is None else f'{a}="{html.escape(v, quote=True)}"' for a, v in attrs]
    return "<" + " ".join(parts) + (" />" if closed else ">")


class Fixer:
    def __init__(self, page: Page):
        self.page = page
        self.text = page.text.text
        self.starts = _offsets(self.text)

    def note(self, offset: int, kind: str, what: str, url: str = "") -> Note:
        return Note(self.page.text.line_at(offset), kind, what, url)

    # --- where things are ----------------------------------------------------------------------

    def raw_at(self, element: Element) -> int | None:
        """Where the element's start tag is written, when it is raw HTML found exactly there."""
        if not element.written or element.line > len(self.starts):
            return None
        at = self.starts[element.line - 1] + element.column - 1
        return at if self.text.startswith(element.written, at) else None

    def end_of(self, name: str, after: int) -> int | None:
        """Where the element opened just before after ends: after its end tag (same-named ones
        nested inside counted); None when it is not closed."""
        depth = 1
        pattern = re.compile(rf"<(/?)\s*{re.escape(name)}(?=[\s/>])[^>]*>", re.I)
        for match in pattern.finditer(self.text, after):
            if match.group(1):
                depth -= 1
                if depth == 0:
                    return match.end()
            elif not match.group(0).endswith("/>"):
                depth += 1
        return None

    def urls_in(self, start: int, end: int) -> list[Url]:
        return [u for u in self.page.reading.urls if u.span and start <= u.span[0] < end]

    def value(self, url: Url) -> str:
        """An address as the page will have it: rewritten to its new place, else as it was."""
        return self.page.changes.get(url.span, url.value) if url.span else url.value

    def markdown_construct(self, url: Url) -> tuple[int, int, int, int] | None:
        """(start, label start, label end, end) of the Markdown link or image whose address url
        is, written inline ([label](address "title")); None when it is not one."""
        if url.span is None:
            return None
        start, end = url.span
        text = self.text
        if text[max(start - 3, 0):start] == "](<":
            bracket, end = start - 3, (end + 1 if text[end:end + 1] == ">" else end)
        elif text[max(start - 2, 0):start] == "](":
            bracket = start - 2
        else:
            return None
        # The title, if any, then the closing parenthesis.
        at = end
        while at < len(text) and text[at] in " \t\n":
            at += 1
        if at < len(text) and text[at] in "\"'(":
            closing = ")" if text[at] == "(" else text[at]
            at = text.find(closing, at + 1)
            if at < 0:
                return None
            at += 1
            while at < len(text) and text[at] in " \t\n":
                at += 1
        if text[at:at + 1] != ")":
            return None
        depth, i = 0, bracket
        while i >= 0:
            c = text[i]
            escaped = i > 0 and text[i - 1] == "\\"
            if c == "]" and not escaped:
                depth += 1
            elif c == "[" and not escaped:
                depth -= 1
                if depth == 0:
                    return i, i + 1, bracket, at + 1
            i -= 1
        return None

    # --- what is made of each --------------------------------------------------------------------

    def edits(self, problems: list[Removed]) -> list[Edit]:
        by_element: dict[int, list[Removed]] = {}
        elements: dict[int, Element] = {}
        loose: list[Removed] = []
        for problem in problems:
            if problem.element is None:
                loose.append(problem)
            else:
                by_element.setdefault(id(problem.element), []).append(problem)
                elements[id(problem.element)] = problem.element
        # A medium whose source or captions another site serves is one link per source: the
        # <video> or <audio> is rewritten whole, its <source> and <track> with it.
        media: list[tuple[int, int, Element]] = []
        for element in self.page.reading.elements:
            at = self.raw_at(element) if element.tag in MEDIA else None
            if at is not None:
                media.append((at, self.end_of(element.tag, at + len(element.written)) or at, element))
        def around(element: Element) -> tuple[int, int, Element] | None:
            at = self.raw_at(element)
            return next((m for m in media if at is not None and m[0] <= at < m[1]), None)

        whole = {id(m[2]): m for key, element in elements.items() if (m := around(element))
                 and any(p.attribute in ("src", "srcset") and "another site" in p.problem for p in by_element[key])}
        edits: list[Edit] = [e for at, _, medium in whole.values()
                             for e in self.media(medium, at, at + len(medium.written), [])]
        for key, element in elements.items():
            m = around(element)
            if m and id(m[2]) in whole:
                continue
            at = self.raw_at(element)
            edits += self.raw(element, at, by_element[key]) if at is not None else self.markdown(element, by_element[key])
        return edits

    def raw(self, element: Element, at: int, problems: list[Removed]) -> list[Edit]:
        """Raw HTML: the element made into what the portal allows."""
        name = element.tag
        tag_end = at + len(element.written)
        whole = any(p.attribute is None for p in problems)
        attrs = start_tags(element.written)[0][1] if start_tags(element.written) else []
        if whole and name not in ELEMENTS | OBSOLETE:
            return [Edit(at, at + 1, "&lt;", self.note(at, "converted", f"<{name}…> is no HTML element, so it was "
                                                                        "meant as text: shown as text"))]
        if whole and name in ("object", "embed"):
            return self.embedded(element, at, tag_end, attrs)
        if whole and name in WHOLE:
            end = tag_end if name in VOID else self.end_of(name, tag_end)
            if end is None:
                return []
            return [Edit(at, end, "", self.note(at, "left_out", f"the <{name}> element and what it holds: the portal "
                                                                "publishes no scripts, styles or forms"))]
        if whole:
            edits = [Edit(at, tag_end, "", self.note(at, "left_out", f"the HTML tag <{name}> (what it holds is kept)"))]
            end = None if name in VOID else self.end_of(name, tag_end)
            if end is not None:
                close = self.text.rfind("<", tag_end, end)
                edits.append(Edit(close, end, ""))
            return edits
        loads = [p for p in problems if (p.attribute in ("src", "srcset", "poster", "data") and "another site" in p.problem)
                 or (name == "iframe" and p.attribute == "src")]
        if name == "iframe" and loads:
            return self.frame(element, at, tag_end, attrs)
        if name in MEDIA and loads:
            return self.media(element, at, tag_end, attrs)
        if name in ("img", "source", "track") and loads:
            found = self.outside(element, at, tag_end, attrs, [p.attribute for p in loads])
            if found is not None:
                return found
        return self.attributes(element, at, tag_end, attrs, problems)

    def attributes(self, element: Element, at: int, end: int, attrs: list, problems: list[Removed]) -> list[Edit]:
        """The start tag without the attributes the portal takes out, its addresses rewritten."""
        dropped = {p.attribute for p in problems if p.attribute}
        kept = [(n, self.rewritten(n, v, at, end)) for n, v in attrs if n not in dropped]
        closed = element.written.rstrip().endswith("/>")
        why = "; ".join(dict.fromkeys(p.problem for p in problems if p.attribute))
        return [Edit(at, end, _tag(element.tag, kept, closed), self.note(at, "left_out", f"{why}: taken out"))]

    def rewritten(self, name: str, value: str | None, start: int, end: int) -> str | None:
        """An attribute's value with its address rewritten, as the link rewriting says."""
        if value is None:
            return None
        for url in self.urls_in(start, end):
            if url.attribute == name and url.span in self.page.changes:
                return html.unescape(self.page.changes[url.span])
        return value

    def address(self, name: str, value: str, start: int, end: int) -> tuple[str, str]:
        """(the address as the page will have it, how it was reached): the handbook's copy of a
        file another site serves, a rewritten link, or the address as it is."""
        copy = self.page.copy_of(value) if value.lower().startswith(("http:", "https:", "//")) else None
        if copy:
            return copy, "copy"
        return self.rewritten(name, value, start, end) or value, ""

    def frame(self, element: Element, at: int, tag_end: int, attrs: list) -> list[Edit]:
        values = dict(attrs)
        src = values.get("src") or ""
        end = self.end_of("iframe", tag_end) or tag_end
        title = (values.get("title") or "").strip() or src
        link, _ = self.address("src", src, at, tag_end)
        return [Edit(at, end, _link(link, title),
                     self.note(at, "converted", f"a frame showing {src}: now a link to it (to embed it again, list its "
                                                "site under embeds: in portal.yml)", src))]

    def media(self, element: Element, at: int, tag_end: int, attrs: list) -> list[Edit]:
        end = self.end_of(element.tag, tag_end) or tag_end
        inner = [t for t in start_tags(self.text[at:end]) if t[0] in ("video", "audio", "source")]
        sources = [v for _, tag_attrs, _ in inner for n, v in tag_attrs if n == "src" and v]
        links = [_link(self.address("src", value, at, end)[0], _name(value)) for value in sources]
        shown = ", ".join(sources) or "another site"
        return [Edit(at, end, " ".join(links),
                     self.note(at, "external", f"a <{element.tag}> of {shown}: now a link to it, for the owners to "
                                               "bring in-house", sources[0] if sources else ""))]

    def outside(self, element: Element, at: int, tag_end: int, attrs: list, names: list) -> list[Edit] | None:
        """An image loaded from another site: the handbook's copy, else a link to it."""
        values = dict(attrs)
        src = values.get("src") or ""
        copy = self.page.copy_of(src) if src else None
        if copy and names == ["src"]:
            kept = [(n, copy if n == "src" else v) for n, v in attrs]
            return [Edit(at, tag_end, _tag(element.tag, kept, element.written.rstrip().endswith("/>")),
                         self.note(at, "external", f"an image from {src}: now the handbook's own copy", src))]
        if element.tag != "img" or not src:
            return None
        text = (values.get("alt") or "").strip() or _name(src)
        opened = max(self.text.rfind("<a ", 0, at), self.text.rfind("<a>", 0, at), self.text.rfind("<A ", 0, at))
        if opened > self.text.rfind("</a>", 0, at) and opened >= 0:
            # Inside a link already (a card, a badge): a link in a link is no HTML; its words stay.
            return [Edit(at, tag_end, html.escape(values.get("alt") or ""),
                         self.note(at, "external", f"an image from {src} (a link's content): left out, its words "
                                                   "kept, for the owners to bring it in-house", src))]
        return [Edit(at, tag_end, _link(src, text),
                     self.note(at, "external", f"an image from {src}: now a link to it, for the owners to bring "
                                               "in-house", src))]

    def embedded(self, element: Element, at: int, tag_end: int, attrs: list) -> list[Edit]:
        """<object data=…> and <embed src=…>: an image when it shows one, else a link."""
        values = dict(attrs)
        name = element.tag
        value = values.get("data") or values.get("src") or ""
        end = tag_end if name == "embed" else (self.end_of(name, tag_end) or tag_end)
        if not value:
            return [Edit(at, end, "", self.note(at, "left_out", f"an <{name}> with nothing to show"))]
        inner = re.sub(r"<[^>]*>", " ", self.text[tag_end:end]) if end > tag_end else ""
        words = " ".join(html.unescape(inner).split()) or values.get("title") or _name(value)
        link, how = self.address("data" if name == "object" else "src", value, at, tag_end)
        outside = value.lower().startswith(("http:", "https:", "//")) and how != "copy"
        kind = values.get("type") or ""
        image = kind.startswith("image/") or urllib.parse.urlsplit(value).path.lower().endswith(IMAGE_FILES)
        if image and not outside:
            shown = f"![{_markdown_text(words)}]({_markdown_address(link)})"
            return [Edit(at, end, shown, self.note(at, "converted", f"an <{name}> showing {value}: now an image"))]
        what = f"an <{name}> showing {value}: now a link to it"
        return [Edit(at, end, _link(link, words), self.note(at, "external" if outside else "converted", what + (
            ", for the owners to bring in-house" if outside else ""), value if outside else ""))]

    def in_markdown(self) -> list[tuple[Edit, str]]:
        """Raw <a> and <img> whose address the import rewrote, written as Markdown links and
        images: MkDocs rewrites those for the site's addresses, and leaves raw HTML as it is (a
        link to leave.md would lead nowhere there). Where Markdown is not read (inside a raw
        HTML block), importer.py puts the HTML back, with the site's address."""
        edits: list[tuple[Edit, str]] = []
        for element in self.page.reading.elements:
            if element.tag not in ("a", "img"):
                continue
            at = self.raw_at(element)
            if at is None:
                continue
            tag_end = at + len(element.written)
            attribute = "href" if element.tag == "a" else "src"
            changed = [u for u in self.urls_in(at, tag_end)
                       if u.attribute == attribute and u.span is not None and u.span in self.page.changes]
            if not changed:
                continue
            span = changed[0].span
            if span is None:
                continue
            address = self.page.changes[span]
            attrs = start_tags(element.written)[0][1] if start_tags(element.written) else []
            # Where Markdown is not read: the tag with the address the built page needs.
            site = _tag(element.tag, [(n, self.page.site_form(address) if n == attribute else v) for n, v in attrs],
                        element.written.rstrip().endswith("/>"))
            if element.tag == "img":
                words = dict(attrs).get("alt") or ""
                edits.append((Edit(at, tag_end, f"![{_markdown_text(words)}]({_markdown_address(address)})",
                                   self.note(at, "converted", "an image in raw HTML: written in Markdown, which "
                                                              "MkDocs rewrites for the site's addresses")), site))
                continue
            end = self.end_of("a", tag_end)
            close = self.text.rfind("<", tag_end, end) if end else -1
            inner = self.text[tag_end:close] if end else "<"
            if "<" in inner or close < 0 or "\n\n" in inner or end is None:
                # Not a link Markdown can write (it holds other HTML): raw, with the built page's address.
                edits.append((Edit(span[0], span[1], html.escape(self.page.site_form(address), quote=True),
                                   self.note(at, "converted", SITE_FORM)), ""))
                continue
            markdown = f"[{_markdown_text(' '.join(inner.split()))}]({_markdown_address(address)})"
            edits.append((Edit(at, end, markdown, self.note(at, "converted", "a link in raw HTML: written in Markdown, "
                                                                             "which MkDocs rewrites for the site's "
                                                                             "addresses")), site + inner + self.text[close:end]))
        return edits

    def markdown(self, element: Element, problems: list[Removed]) -> list[Edit]:
        """A Markdown image from another site, or a Markdown link to an address the portal does
        not allow; what Markdown's own attributes ({: … }) bring is left for the check."""
        edits: list[Edit] = []
        for problem in problems:
            value = dict(element.attributes).get(problem.attribute or "")
            same = [u for u in self.page.reading.urls if u.tag == element.tag and u.attribute == problem.attribute
                    and u.value == value and u.span]
            url = next((u for u in same if (u.line, u.column) == (element.line, element.column)), same[0] if same else None)
            construct = self.markdown_construct(url) if url else None
            if url is None or url.span is None or construct is None:
                continue
            start, label_start, label_end, end = construct
            label = self.text[label_start:label_end]
            if element.tag == "img" and start > 0 and self.text[start - 1] == "!":
                copy = self.page.copy_of(url.value)
                if copy:
                    note = self.note(start, "external", f"an image from {url.value}: now the handbook's own copy", url.value)
                    edits.append(Edit(url.span[0], url.span[1], copy, note))
                    continue
                shown = label.strip() or _name(url.value).replace("[", "").replace("]", "")
                linked = self.text[max(start - 2, 0):start - 1] == "[" and self.text[end:end + 2] == "]("
                if linked:  # an image that is a link's text: the link keeps the image's words
                    edits.append(Edit(start - 1, end, shown, self.note(start, "external", f"an image from {url.value} "
                                                                       "(a link's text): its words kept, for the owners "
                                                                       "to bring it in-house", url.value)))
                else:
                    edits.append(Edit(start - 1, label_end + 1, f"[{shown}]",
                                      self.note(start, "external", f"an image from {url.value}: now a link to it, for "
                                                                   "the owners to bring in-house", url.value)))
            elif element.tag == "a" and problem.attribute == "href":
                edits.append(Edit(start, end, label, self.note(start, "left_out", f"the link to {url.value} (an address "
                                                                                  "the portal does not link to); its "
                                                                                  "text is kept")))
        return edits



# End tags a browser never implies: an element of these left open swallows what follows it.
_NEEDS_END = frozenset({"div", "span", "table", "details", "summary", "section", "article", "aside", "a", "b", "i",
                        "u", "s", "em", "strong", "small", "sup", "sub", "mark", "code", "blockquote", "ul", "ol",
                        "dl", "figure", "figcaption", "center", "font", "del", "ins", "q", "abbr", "kbd", "var"})


class _Open(HTMLParser):
    """The elements rendered HTML leaves open, and the end tags it writes for none it opened."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.stray: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _NEEDS_END:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag not in _NEEDS_END:
            return
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass
        else:
            self.stray.append(tag)


def balance(text: Text, reading: Reading) -> list[Edit]:
    """Edits that close what the page's raw HTML leaves open (at the end of its HTML block, the
    next blank line) and take out end tags that close nothing it opened."""
    found = _Open()
    found.feed(reading.html)
    found.close()
    edits: list[Edit] = []
    fixer = Fixer(Page(text, reading, {}, lambda url: None))
    open_elements = [e for e in reading.elements if e.tag in found.stack and fixer.raw_at(e) is not None]
    for name in reversed(found.stack):
        element = next((e for e in reversed(open_elements) if e.tag == name), None)
        at = fixer.raw_at(element) if element else None
        if element is None or at is None:
            continue
        open_elements.remove(element)
        blank = text.text.find("\n\n", at)
        end = blank if blank >= 0 else len(text.text.rstrip("\n"))
        edits.append(Edit(end, end, f"\n</{name}>", Note(text.line_at(at), "converted",
                                                          f"the <{name}> opened here is never closed: closed where its "
                                                          "HTML ends")))
    for name in found.stray:
        depth, pattern = 0, re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])[^>]*>", re.I)
        for match in pattern.finditer(text.text):
            depth += -1 if match.group(1) else 1
            if depth < 0:
                edits.append(Edit(match.start(), match.end(), "", Note(text.line_at(match.start()), "left_out",
                                                                       f"the end tag </{name}>, which closes nothing "
                                                                       "opened before it")))
                break
    return edits
