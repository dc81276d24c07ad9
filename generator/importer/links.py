"""Where a link of the handbook leads, and how it is written for the page's new place.

A link to a page or file of the handbook leads to its imported place, its heading anchor to
the anchor the portal gives that heading. The anchor a handbook used is the one its own site
made: GitHub's (and Hugo's, and most generators') or the page's own MkDocs one; a link to a
page's top heading (now its title) leads to the page; an anchor that matches one heading only
when letters and digits alone are compared ('#Step-1:-Apply' for 'Step 1: Apply') leads there,
and the report says so.

Links to the handbook's old address (its site, or its repository's files) lead to the
imported page too. The old addresses are the ones the handbook's configuration or --old-url
names, and any address through which links reach two or more of the handbook's pages.
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field

from ..content.markdown import Reader
from .convert import HUGO_REF
from .edits import Note
from .layouts import Handbook

_SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
PAGE_FORMS = (".md", ".markdown")


def absolute(value: str) -> bool:
    """An address with a scheme (https:, mailto:) or protocol-relative: outside the handbook."""
    return bool(_SCHEME.match(value))


def github_anchor(text: str) -> str:
    """How GitHub, Hugo and most generators name a heading's anchor: lower case, punctuation
    dropped, each space a hyphen."""
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def loose(anchor: str) -> str:
    """An anchor's letters and digits alone, in lower case."""
    return re.sub(r"[\W_]+", "", urllib.parse.unquote(anchor).casefold())


@dataclass
class Anchors:
    """A page's headings as links may name them -> the anchor the portal gives each."""

    exact: dict[str, str] = field(default_factory=dict)
    loose: dict[str, set[str]] = field(default_factory=dict)

    def find(self, anchor: str) -> tuple[str | None, str]:
        """(the portal's anchor, '' or 'loose' when found by letters and digits alone); None when
        the page has no such heading. The empty anchor is the page's top (its title)."""
        for name in (anchor, anchor.lower(), urllib.parse.unquote(anchor), urllib.parse.unquote(anchor).lower()):
            if name in self.exact:
                return self.exact[name], ""
        found = self.loose.get(loose(anchor), set())
        if loose(anchor) and len(found) == 1:
            return next(iter(found)), "loose"
        return None, ""


def page_anchors(reader: Reader, body: str, title: str, top: str) -> Anchors:
    """The anchors links may use for a page's headings; top is the text of its top heading (now
    the page's title, so a link to it leads to the page)."""
    found = Anchors()
    theirs: Counter[str] = Counter()
    for heading in reader.read(body, title=title).headings:
        github = github_anchor(heading.text)
        count = theirs[github]
        theirs[github] += 1
        for name in (f"{github}-{count}" if count else github, heading.anchor):
            found.exact.setdefault(name, heading.anchor)
        found.loose.setdefault(loose(heading.text), set()).add(heading.anchor)
    for text in {top, title}:
        found.exact.setdefault(github_anchor(text), "")
        found.loose.setdefault(loose(text), set()).add("")
    return found


@dataclass
class Target:
    """A page of the import as links reach it."""

    source: str  # its path in the handbook
    content: str  # its path in content/
    anchors: Anchors


def _forms(path: str) -> list[str]:
    """The addresses a site made of the handbook gives a page or file, without the site's own part:
    hr/leave.md, hr/leave, hr/leave.html, and for a folder's own page hr/ and hr."""
    forms = [path]
    stem = path
    for suffix in PAGE_FORMS:
        if path.endswith(suffix):
            stem = path[: -len(suffix)]
            forms += [stem, stem + ".html", stem + "/"]
    base = posixpath.basename(stem).lower()
    if base in ("index", "readme", "_index"):
        folder = posixpath.dirname(stem)
        forms += [folder, folder + "/"] if folder else [""]
    return forms


@dataclass
class OldSite:
    """The handbook's old addresses, and the pages and files found through them."""

    bases: list[str]  # addresses ending in '/', longest first
    forms: dict[str, str]  # a page's or file's address below a base -> its path in the handbook

    def find(self, url: str) -> tuple[str, str] | None:
        """(path in the handbook, anchor) of an old address; None when it is not through a base."""
        parts = urllib.parse.urlsplit(url)
        plain = urllib.parse.urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, "", ""))
        for base in self.bases:
            if plain.startswith(base) or plain + "/" == base:
                rest = urllib.parse.unquote(plain[len(base):])
                found = self.forms.get(rest) or self.forms.get(rest.rstrip("/"))
                return (found or "", parts.fragment)
        return None


def old_site(handbook: Handbook, urls: list[str], configured: list[str]) -> OldSite:
    """The old addresses: those configured, and those through which links reach two or more
    pages or files of the handbook by the end of their path (a folder and the name at least, or
    a .md name), or one by three folders and its name."""
    forms: dict[str, str] = {}
    for path in sorted(handbook.pages) + sorted(handbook.files):
        for form in _forms(path):
            forms.setdefault(form, path)
    reached: dict[str, set[str]] = {}
    deep: set[str] = set()  # reached by three folders and a name or more: no coincidence
    for url in urls:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            continue
        path = urllib.parse.unquote(parts.path)
        segments = path.strip("/").split("/")
        for k in range(len(segments), 0, -1):
            tail = "/".join(segments[-k:])
            found = forms.get(tail) or forms.get(tail + "/")
            if found and (k >= 2 or tail.endswith(PAGE_FORMS)):
                prefix = path[: len(path.rstrip("/")) - len(tail)]
                base = f"{parts.scheme.lower()}://{parts.netloc.lower()}{prefix}"
                base = base if base.endswith("/") else base + "/"
                reached.setdefault(base, set()).add(found)
                if k >= 3:
                    deep.add(base)
                break
    configured_bases = set()
    for address in configured:
        parts = urllib.parse.urlsplit(address.strip())
        if parts.scheme.lower() in ("http", "https") and parts.netloc:
            path = parts.path if parts.path.endswith("/") else parts.path + "/"
            configured_bases.add(f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}")
    # Through a configured address (a repository's blob/main/docs/), one page is enough.
    bases = {b for b, pages in reached.items()
             if len(pages) >= 2 or b in deep or any(b.startswith(c) for c in configured_bases)}
    return OldSite(sorted(bases | configured_bases, key=len, reverse=True), forms)


class Linker:
    """Finds where a source link leads and writes it for the page's new place."""

    def __init__(self, handbook: Handbook, targets: dict[str, Target], file_target, old: OldSite):
        self.handbook, self.targets, self.old = handbook, targets, old
        self.file_target = file_target  # (path in the handbook, file on disk) -> its content path
        self.by_name: dict[str, list[str]] = {}
        for path in targets:
            self.by_name.setdefault(path.rsplit("/", 1)[-1], []).append(path)
        self.files = set(handbook.files)

    def _page(self, path: str) -> str | None:
        path = path.strip("/")
        for candidate in (path, f"{path}.md", f"{path}/index.md", f"{path}/_index.md", f"{path}/README.md",
                          re.sub(r"\.html?$", ".md", path), re.sub(r"(/index)?\.html?$", "/index.md", path)):
            if candidate in self.targets:
                return candidate
        return None

    def _found(self, found: str, anchor: str, source: str, line: int, raw: str) -> tuple[str | None, str, Note | None]:
        """A page or file of the handbook, with an anchor: its content path, or why it leads nowhere."""
        if found in self.targets:
            target = self.targets[found]
            if not anchor:
                return target.content, "", None
            ours, how = target.anchors.find(anchor)
            if ours is None:
                # The page is there: the link leads to it, its anchor as written for the owners to mend.
                raise NoHeading(target.content + f"#{anchor}", f"the page has no heading #{anchor}")
            note = None
            if how == "loose":
                note = Note(line, "converted", f"the link {raw} names a heading of {found} in another spelling: "
                                               f"now #{ours}")
            return target.content + (f"#{ours}" if ours else ""), "", note
        return self.file_target(found, self.handbook.root / found) + (f"#{anchor}" if anchor else ""), "", None

    def resolve(self, raw: str, source: str, line: int) -> tuple[str | None, str, Note | None]:
        """(content path with anchor, '', note) for a page or file of the handbook, (None, reason,
        None) when it leads nowhere, (raw, '', None) for an address outside the handbook."""
        hugo_ref = raw.startswith(HUGO_REF)
        target = raw[len(HUGO_REF):] if hugo_ref else raw
        if not hugo_ref and _SCHEME.match(target):
            old = self.old.find(target) if target.lower().startswith(("http:", "https:")) else None
            if old is None:
                return raw, "", None
            path, anchor = old
            if not path:
                return raw, "", Note(line, "not_converted", f"the link {raw} goes to the handbook's old address, "
                                                            "where no page of this handbook is: left as it is")
            try:
                at, reason, note = self._found(path, anchor, source, line, raw)
            except NoHeading:  # the page is here; its heading is not: the page's top
                at, reason, note = self._found(path, "", source, line, raw)
            what = "page" if path in self.targets else "file"
            return at, reason, Note(line, "converted", f"the link {raw} to the handbook's old address leads "
                                                       f"to the {what} here") if at else note
        if not target:
            return raw, "", None
        path, _, anchor = target.partition("#")
        path = urllib.parse.unquote(path.split("?", 1)[0])
        here = source.rsplit("/", 1)[0] if "/" in source else ""
        if not path:
            return self._found(source, anchor, source, line, raw)
        bases = [""] if path.startswith("/") else [here]
        if not path.startswith("/"):
            # Hugo resolves a relative link from the page's own address (leave.md is /leave/).
            bases.append(source.rsplit(".", 1)[0])
        if hugo_ref:
            bases.append("")
        found = None
        for base in bases:
            joined = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
            if joined.startswith(".."):
                continue
            found = self._page(joined) or (joined if joined in self.files else None)
            if found:
                break
        if found is None and hugo_ref:
            matches = self.by_name.get(path.rsplit("/", 1)[-1]) or self.by_name.get(path.rsplit("/", 1)[-1] + ".md")
            found = matches[0] if matches and len(matches) == 1 else None
        if found is None and path.startswith("/") and self.handbook.static:
            rel = posixpath.normpath(path.lstrip("/"))
            static = None if rel.startswith("..") else self.handbook.inside(self.handbook.static, rel)
            if static is not None:
                return self.file_target("static/" + rel, static) + (f"#{anchor}" if anchor else ""), "", None
        if found is None:
            return None, "no such page or file in the handbook", None
        return self._found(found, anchor, source, line, raw)


class NoHeading(Exception):
    """A link to a page that is there, by a heading it does not have."""

    def __init__(self, target: str, reason: str):
        super().__init__(reason)
        self.target, self.reason = target, reason


def relative(content_path: str, from_target: str) -> str:
    """A content path (with its anchor) as a link from the page at from_target."""
    path, _, anchor = content_path.partition("#")
    if path == from_target:
        return f"#{anchor}" if anchor else posixpath.basename(path)
    link = posixpath.relpath(path, posixpath.dirname(from_target))
    return urllib.parse.quote(link, safe="/-._~") + (f"#{anchor}" if anchor else "")


def copy_of(url: str, handbook: Handbook, old: OldSite) -> str | None:
    """The handbook's own copy of a file another site serves: a file of the handbook whose path
    ends the address by at least its folder and name (by its name alone through an old address)."""
    found = old.find(url)
    if found and found[0] in handbook.files:
        return found[0]
    parts = urllib.parse.urlsplit(url)
    segments = urllib.parse.unquote(parts.path).strip("/").split("/")
    files = set(handbook.files)
    for k in range(len(segments), 1, -1):
        tail = "/".join(segments[-k:])
        matches = [f for f in files if f == tail or f.endswith("/" + tail)]
        if len(matches) == 1:
            return matches[0]
    return None


def file_name(url: str) -> str:
    """The last part of an address, for a link's text."""
    return urllib.parse.unquote(urllib.parse.urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]) or url

