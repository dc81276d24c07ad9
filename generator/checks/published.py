"""The last look before a site is published: nothing in it runs script from its markup or loads
from another origin.

The check keeps unsafe owner text out of the build, and templates escape plain text; this is the
safety net under both. Each built HTML page is parsed as a browser parses it (lexbor, a WHATWG
HTML parser: entities decoded, duplicate attributes dropped, comments, CDATA and foreign content
read as a browser reads them): an inline event handler, a `javascript:`/`vbscript:`/`data:`
address, a `srcdoc` frame or a load from an origin portal.yml does not allow stops the build, so
the published site stays the previous one.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from ..content.markdown import URL_ATTRIBUTES, scheme
from .sanitise import Policy

_SITE_ONLY = Policy()
BAD_SCHEMES = frozenset({"javascript", "vbscript", "data"})
# <link> relations whose address the browser fetches.
LOADING_LINKS = frozenset({"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch",
                           "apple-touch-icon", "shortcut"})
LOADING_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data"})

# Elements that change the whole page (its base address, its refresh, its styles, its scripts),
# never part of what a page shows in its <article>.
NOT_IN_ARTICLE = frozenset({"script", "style", "base", "meta", "link", "object", "embed", "applet", "frame",
                            "frameset", "portal", "noscript", "template"})
_IN_ARTICLE = ", ".join(f"article {tag}" for tag in sorted(NOT_IN_ARTICLE))

_scheme = lru_cache(maxsize=65536)(scheme)


def problems(page: str | bytes, policy: Policy) -> list[str]:
    """What one HTML page holds that a published page must not, each problem once, in page order."""
    tree = LexborHTMLParser(page)
    found: list[str] = []
    for node in tree.css(_IN_ARTICLE):
        if not (node.tag == "script" and node.attributes.get("type") == "application/json"
                and "src" not in node.attributes):
            found.append(f"the page's content holds a <{node.tag}> element")
    judged: dict[tuple, list[str]] = _judged.setdefault(policy, {})
    for node in tree.root.traverse(include_text=False) if tree.root else ():
        attributes = node.attributes
        if attributes:
            key = (node.tag, *attributes.items())
            if key not in judged:
                if len(judged) > 200_000:
                    judged.clear()
                judged[key] = _attribute_problems(node.tag or "", attributes, policy)
            found += judged[key]
    return list(dict.fromkeys(found))


# Elements seen before, judged: a site's pages repeat most of their elements whole.
_judged: dict[Policy, dict[tuple, list[str]]] = {}


def _attribute_problems(tag: str, attributes: dict[str, str | None], policy: Policy) -> list[str]:
    found: list[str] = []
    for name, value in attributes.items():
        if name.startswith("on"):
            found.append(f"<{tag}> has the inline handler {name}=")
        elif name == "srcdoc":
            found.append(f"<{tag}> has srcdoc=")
        elif value and name in URL_ATTRIBUTES and _scheme(value) in BAD_SCHEMES:
            found.append(f"<{tag}> has a {_scheme(value)}: address in {name}=")
    for name in ("action", "formaction"):
        target = attributes.get(name)
        if (target and _scheme(target)) or (target or "").startswith("//"):
            found.append(f"<{tag}> sends a form to '{target}'")
    if tag == "link" and not LOADING_LINKS & set((attributes.get("rel") or "").lower().split()):
        return found
    # Scripts and styles only ever from the site itself; frames and media as portal.yml allows.
    own = tag in ("script", "link")
    for name, value in attributes.items():
        loads = name in LOADING_ATTRIBUTES or (name == "href" and tag == "link")
        if value and loads and not (_SITE_ONLY if own else policy).allows(
                "img" if own else tag, "src" if name == "href" else name, value):
            found.append(f"<{tag}> loads '{value}' from another origin")
    return found


def unsafe_pages(site_dir: Path, policy: Policy, pages: list[Path] | None = None) -> list[str]:
    """'page: problem' for every problem in the HTML pages under site_dir (or those of them given)."""
    found = []
    for path in sorted(site_dir.rglob("*.html") if pages is None else pages):
        found += [f"{path.relative_to(site_dir).as_posix()}: {problem}" for problem in problems(path.read_bytes(), policy)]
    return found
