"""What owner HTML may hold: one allow-list, enforced by nh3 (the Rust ammonia sanitiser).

Owners' Markdown renders to HTML that every employee's browser runs. The sanitiser decides what
of it is safe: the elements, attributes and URL schemes below; frames only from the origins
`embeds` in portal.yml allows, and never with `srcdoc`; images and media only from the site
itself or an origin `media` allows. Whatever the sanitiser would take out of a text's rendering
is a check error at the construct's line, so owners learn of it in review and a site is only
built from text the sanitiser leaves as it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import nh3

from ..content.markdown import LOADS, URL_ATTRIBUTES, Element, Reader, Reading, canonical, clean_url, scheme, start_tags

TAGS = frozenset("""
a abbr aside b blockquote br caption code col colgroup dd del details dfn div dl dt em figcaption figure
h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp section small span strong sub summary sup
table tbody td tfoot th thead time tr u ul var wbr iframe video audio source track picture input label bdi bdo
""".split())
_ALL = {"id", "class", "title", "lang", "dir", "role", "aria-label", "aria-hidden", "aria-describedby"}
ATTRIBUTES = {
    "*": _ALL,
    "a": {"href", "hreflang", "name", "rel"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "source": {"src", "srcset", "type", "media", "sizes"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "video": {"src", "poster", "controls", "width", "height", "muted", "loop", "playsinline", "preload"},
    "audio": {"src", "controls", "loop", "muted", "preload"},
    # As video services give their embed code (frameborder is obsolete, and harmless).
    "iframe": {"src", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy", "frameborder",
               "title", "scrolling"},
    "td": {"colspan", "rowspan", "style", "align"},
    "th": {"colspan", "rowspan", "style", "align", "scope"},
    "col": {"span"}, "colgroup": {"span"},
    "ol": {"start", "type", "reversed"}, "li": {"value"},
    "time": {"datetime"}, "details": {"open"}, "q": {"cite"}, "blockquote": {"cite"},
    "del": {"datetime"}, "ins": {"datetime"},
    "input": {"checked", "disabled"},  # task lists' check boxes
    "label": {"for"},
}
VALUES = {"input": {"type": {"checkbox"}}, "a": {"target": {"_blank", "_self"}}}
SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Names the theme and its scripts use for their own elements (ids) and layout (classes).
RESERVED_PREFIXES = ("md-", "portal-", "__")
# Markdown's tables align columns with style="text-align: …"; no other style survives.
STYLE_PROPERTIES = frozenset({"text-align"})


def _origin(url: str) -> str | None:
    """scheme://host[:port] of an absolute address (or a protocol-relative one), else None."""
    url = clean_url(url)
    if url.startswith(("//", "\\\\", "/\\", "\\/")):
        url = "https:" + url.replace("\\", "/")
    if not scheme(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # https://[::1 — no browser loads it; no origin is allowed to be it
        return "invalid:"
    return f"{parts.scheme.lower()}://{(parts.netloc or '').lower()}"


@dataclass(frozen=True)
class Policy:
    """The origins an organisation lets owner text load from: frames (embeds) and media."""

    embeds: tuple[str, ...] = ()
    media: tuple[str, ...] = ()

    def allows(self, tag: str, attribute: str, value: str) -> bool:
        """Whether tag may load value (a frame, an image): only from the site or an allowed origin;
        and whether an id or class leaves the page's own alone."""
        if attribute in ("id", "name"):
            # The theme's scripts find their elements by id: an owner's must not stand in for them.
            return not value.lower().startswith(RESERVED_PREFIXES)
        if attribute == "class":
            # Material's and the portal's layout classes (overlays, dialogs, the header) would let a
            # text dress as the page around it; Material's buttons are for owners to use.
            return all(not c.lower().startswith(RESERVED_PREFIXES) or c.startswith("md-button")
                       for c in value.split())
        if tag not in LOADS or attribute not in URL_ATTRIBUTES:
            return True
        allowed = self.embeds if tag == "iframe" else self.media
        urls = [part.split()[0] for part in value.split(",") if part.split()] if attribute == "srcset" else [value]
        for url in urls:
            origin = _origin(url)
            if tag == "iframe" and origin is None:
                return False  # a frame shows another site by definition: its origin must be named
            if origin is not None and origin not in {_origin(o) for o in allowed}:
                return False
        return True

    def clean(self, html: str) -> str:
        """html as the sanitiser leaves it."""
        return _cleaner(self).clean(html)


@lru_cache(maxsize=16)
def _cleaner(policy: Policy) -> nh3.Cleaner:
    """policy's sanitiser, built once (nh3.clean would build the same one for every text)."""
    def keep(tag: str, attribute: str, value: str) -> str | None:
        return value if policy.allows(tag, attribute, value) else None

    return nh3.Cleaner(tags=set(TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                       tag_attribute_values={k: {a: set(v) for a, v in d.items()} for k, d in VALUES.items()},
                       url_schemes=set(SCHEMES), attribute_filter=keep, link_rel=None,
                       filter_style_properties=set(STYLE_PROPERTIES), strip_comments=False,
                       clean_content_tags={"script", "style"})


@lru_cache(maxsize=16)
def policy(embeds: tuple[str, ...], media: tuple[str, ...]) -> Policy:
    return Policy(embeds, media)


@dataclass(frozen=True)
class Removed:
    """What the sanitiser takes out of a text, and where the owner wrote it."""

    line: int
    column: int
    problem: str
    hint: str
    element: Element | None = None  # the start tag it is in (None: the text as a whole)
    attribute: str | None = None  # the attribute taken out of it (None: the whole element)


HINT_TAG = "remove it: owner text may use plain formatting HTML only (links, images, tables, details, …)"
HINT_URL = "link to a web page (https://…), an e-mail address (mailto:) or a phone number (tel:) instead"


def _attribute_problem(element: Element, name: str, value: str | None, policy: Policy) -> tuple[str, str]:
    tag = element.tag
    if name.startswith("on"):
        return f"the event handler {name}= on <{tag}> is not allowed", HINT_TAG
    if name in URL_ATTRIBUTES and value is not None:
        found = scheme(value)
        if found and found not in SCHEMES:
            where = "a link" if (tag, name) == ("a", "href") else f"{name}="
            return f"a {found}: address in {where} is not allowed", HINT_URL
        if _origin(value) == "invalid:":
            return f"'{value}' is not an address a browser can read", "write the address as the browser shows it"
        if not policy.allows(tag, name, value):
            if tag == "iframe":
                allowed = ", ".join(policy.embeds) or "none"
                return (f"an <iframe> from '{value}' is not allowed (allowed origins: {allowed})",
                        "embed only from an origin listed under embeds: in portal.yml")
            return (f"<{tag}> loads '{value}' from another site", "copy the file into the team's files/ folder "
                    "and link it there, or list its origin under media: in portal.yml")
    if name == "style":
        return f"style= on <{tag}> is not allowed", "remove the style: the site's theme styles every page"
    if name in ("id", "name") and value:
        return f"the {name} '{value}' is one the site's own scripts use", "choose another id"
    if name == "class" and value:
        return (f"the class '{value}' is the site's own layout", "remove it: the theme styles owner text "
                "(Material's md-button classes are allowed)")
    if name == "srcdoc":
        return f"srcdoc= on <{tag}> is not allowed", "embed a page by its address (src=) from an allowed origin"
    return f"the attribute {name}= on <{tag}> is not allowed", "remove the attribute"


def _same(name: str, value: str | None) -> str:
    """An attribute's value as both sides of the comparison write it: a bare attribute is an
    empty one; the sanitiser rewrites style declarations without spaces."""
    if name == "style":
        return ";".join(filter(None, ("".join(d.split()) for d in (value or "").split(";"))))
    return value or ""


_AFTER = "<p>\u2063</p>"  # what the page has after a text: it must stay where it is


def contained(reading: Reading) -> bool:
    """Whether the text's HTML closes what it opens and closes nothing else. The texts of a page
    are parts of one document: a text that leaves a <div> or a table open, or ends one it did not
    open, changes how the browser reads everything after it (the next answer's harmless code span
    becomes live HTML), though each text alone is safe. Judged by the browser's own parser: the
    text inside an element, with something after it, must read as the text alone does."""
    alone = reading.canonical if reading.canonical is not None else canonical(reading.html)
    return canonical(f"<div>{reading.html}</div>{_AFTER}") == f"<div>{alone}</div>{_AFTER}"


def removed(reading: Reading, policy: Policy) -> list[Removed]:
    """Every element and attribute of a text's rendering that the sanitiser would remove or
    change, and HTML that would reach beyond the text."""
    return _once(_found(reading, policy))


def unsafe(reader: Reader, reading: Reading, policy: Policy) -> list[Removed]:
    """removed(reading, policy), as reader remembers it of the text from an earlier run under
    this policy (content.cache), else judged now and remembered. What is remembered names the
    elements by their order, so it holds wherever the text is written."""
    name = "unsafe:" + json.dumps([policy.embeds, policy.media])
    stored = _decode(reader.remembered(reading, name), reading)
    if stored is not None:
        return _once(stored)
    found = _found(reading, policy)
    index = {id(e): n for n, e in enumerate(reading.elements)}
    last = len(reading.elements) - 1
    reader.remember(reading, name, [[index[id(r.element)] if r.element is not None else last, r.problem, r.hint,
                                     r.attribute, r.element is not None] for r in found])
    return _once(found)


def _decode(stored: object, reading: Reading) -> list[Removed] | None:
    if not isinstance(stored, list):
        return None
    found = []
    for one in stored:
        if not (isinstance(one, list) and len(one) == 5 and type(one[0]) is int and isinstance(one[1], str)
                and isinstance(one[2], str) and (one[3] is None or isinstance(one[3], str))
                and isinstance(one[4], bool) and -1 <= one[0] < len(reading.elements)):
            return None
        n, problem, hint, attribute, own = one
        if own and n < 0:
            return None
        element = reading.elements[n] if n >= 0 else None
        line, column = (element.line, element.column) if element else (1, 1)
        found.append(Removed(line, column, problem, hint, element if own else None, attribute))
    return found


def _sanitised_tags(reading: Reading, policy: Policy) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """The start tags of the sanitiser's rendering of the text (name, attributes). When the
    sanitiser's HTML is, character for character, the canonical form the reader parsed, its tags
    are the ones the reader read: the same string through the same parser. Otherwise (the
    sanitiser took something out, or the reading came from the store) its HTML is parsed."""
    cleaned = policy.clean(reading.html)
    if reading.canonical_tags is not None and cleaned == reading.canonical:
        return reading.canonical_tags
    return [(tag, attrs) for tag, attrs, _ in start_tags(cleaned)]


def _found(reading: Reading, policy: Policy) -> list[Removed]:
    after = [(tag, dict(attrs)) for tag, attrs in _sanitised_tags(reading, policy)]
    found: list[Removed] = []
    # Both sides are html5ever's tree of the same text, so the sanitiser's is the canonical one
    # with elements taken out (all of a tag, or none) and attributes dropped: one pass pairs them.
    # The title a page's body is read under comes first in the sanitiser's and is skipped (its
    # elements are allowed, so they are there): a body that opens with a heading of its own is
    # paired with that heading, not with the title's.
    j = reading.title_elements
    for element in reading.elements:
        while j < len(after) and after[j][0] != element.tag and element.tag in TAGS:
            j += 1
        if j < len(after) and after[j][0] == element.tag:
            kept = after[j][1]
            j += 1
            for name, value in element.attributes:
                if name not in kept or _same(name, kept[name]) != _same(name, value):
                    problem, hint = _attribute_problem(element, name, value, policy)
                    found.append(Removed(element.line, element.column, problem, hint, element, name))
        else:
            found.append(Removed(element.line, element.column, f"the HTML tag <{element.tag}> is not allowed", HINT_TAG,
                                 element))
    if not contained(reading):
        first = reading.elements[-1] if reading.elements else None
        line, column = (first.line, first.column) if first else (1, 1)
        found.append(Removed(line, column, "the HTML of this text leaves an element open or closes one it did not "
                                           "open, which would change the rest of the page",
                             "close every tag you open (<div> … </div>), and close none you did not open"))
    return found


def _once(found: Iterable[Removed]) -> list[Removed]:
    seen, out = set(), []
    for r in found:
        if (r.line, r.column, r.problem) not in seen:
            seen.add((r.line, r.column, r.problem))
            out.append(r)
    return out
