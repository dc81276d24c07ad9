"""The last look before a site is published: nothing in it runs script from its markup or loads
from another origin.

The check keeps unsafe owner text out of the build, and templates escape plain text; this is the
safety net under both. Each built HTML page is read as a browser would tokenise it: an inline
event handler, a `javascript:`/`vbscript:`/`data:` address, a `srcdoc` frame or a load from an
origin portal.yml does not allow stops the build, so the published site stays the previous one.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from ..content.markdown import URL_ATTRIBUTES, canonical, scheme
from .sanitise import Policy

_SITE_ONLY = Policy()
BAD_SCHEMES = frozenset({"javascript", "vbscript", "data"})
# <link> relations whose address the browser fetches.
LOADING_LINKS = frozenset({"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch",
                           "apple-touch-icon", "shortcut"})


# Elements that change the whole page (its base address, its refresh, its styles, its scripts),
# never part of what a page shows in its <article>.
NOT_IN_ARTICLE = frozenset({"script", "style", "base", "meta", "link", "object", "embed", "applet", "frame",
                            "frameset", "portal", "noscript", "template"})


class _Page(HTMLParser):
    def __init__(self, policy: Policy):
        super().__init__(convert_charrefs=True)
        self.policy = policy
        self.problems: list[str] = []
        self.in_article = 0

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.in_article:
            self.in_article -= 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes: dict[str, str | None] = {}
        for name, value in attrs:
            attributes.setdefault(name, value)  # a browser keeps the first of two
        if tag == "article":
            self.in_article += 1
        elif self.in_article and tag in NOT_IN_ARTICLE and not (
                tag == "script" and attributes.get("type") == "application/json" and "src" not in attributes):
            self.problems.append(f"the page's content holds a <{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag}> has the inline handler {name}=")
            elif name == "srcdoc":
                self.problems.append(f"<{tag}> has srcdoc=")
            elif name in URL_ATTRIBUTES and value and scheme(value) in BAD_SCHEMES:
                self.problems.append(f"<{tag}> has a {scheme(value)}: address in {name}=")
        for name in ("action", "formaction"):
            target = attributes.get(name)
            if (target and scheme(target)) or (target or "").startswith("//"):
                self.problems.append(f"<{tag}> sends a form to '{target}'")
        if tag == "link" and not LOADING_LINKS & set((attributes.get("rel") or "").lower().split()):
            return
        # Scripts and styles only ever from the site itself; frames and media as portal.yml allows.
        policy = _SITE_ONLY if tag in ("script", "link") else self.policy
        for name, value in attrs:
            loads = name in ("src", "srcset", "poster", "data", "href") and (name != "href" or tag == "link")
            if value and loads and not policy.allows("img" if tag in ("script", "link") else tag,
                                                     "src" if name == "href" else name, value):
                self.problems.append(f"<{tag}> loads '{value}' from another origin")

    handle_startendtag = handle_starttag


def _as_parsed(text: str) -> str:
    """The page as a browser parses it where owners' text is (Material's <article>): comments,
    CDATA and foreign content there hide nothing from the scan. The rest of the page is the
    theme's, with owner text only as escaped values, and is scanned as it is."""
    start, end = text.find("<article"), text.rfind("</article>")
    if start < 0 or end < start:
        return canonical(text)
    return text[:start] + canonical(text[start:end]) + text[end:]


def unsafe_pages(site_dir: Path, policy: Policy) -> list[str]:
    """'page: problem' for every problem in the HTML pages under site_dir."""
    found = []
    for path in sorted(site_dir.rglob("*.html")):
        page = _Page(policy)
        page.feed(_as_parsed(path.read_text(encoding="utf-8", errors="replace")))
        page.close()
        found += [f"{path.relative_to(site_dir).as_posix()}: {problem}" for problem in dict.fromkeys(page.problems)]
    return found
