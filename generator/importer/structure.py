"""The handbook's structure, carried over: its folders become sections of a team's navigation
(the team's nav.yml), in the handbook's own order, titled as the handbook titles them.

Order, first what is said, then what the layout does by itself:
- MkDocs' nav: lists pages (and sections) in order; what it lists comes first, in its order;
- a folder's .pages (the awesome-pages plugin): nav: names its entries in order, '...' standing
  for the rest; order: desc reverses the rest;
- weight in a page's front matter (Hugo, and the plugins that took it from Hugo): lighter first,
  pages without one after;
- then the layout's own: Hugo by title, MkDocs and plain folders by file name.

A section's title: the nav: section that holds only that folder's pages, else the folder's
.pages title:, else the title of the folder's own page (index.md, README.md, _index.md), else
the folder's name made readable.
"""

from __future__ import annotations

import math
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field

from .layouts import Handbook
from .names import humanise

WEIGHTS = ("weight", "nav_order", "sidebar_position", "order")  # front matter that orders pages


@dataclass
class Folder:
    path: str  # relative to the handbook's root; "" for the root
    own: str | None = None  # the folder's own page (its source path)
    pages: list[str] = field(default_factory=list)  # other pages directly in it (source paths)
    folders: dict[str, Folder] = field(default_factory=dict)  # name -> sub-folder

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    def all_pages(self) -> list[str]:
        found = ([self.own] if self.own else []) + self.pages
        for sub in self.folders.values():
            found += sub.all_pages()
        return found


@dataclass
class Section:
    """A section of a team's navigation: its title, own page and entries (pages or sections)."""

    title: str
    own: str | None
    entries: list[str | Section]


def _mkdocs_nav(nav: list | None) -> tuple[dict[str, int], dict[str, str]]:
    """(page -> its place in nav:, folder -> the title of the nav: section holding just its pages)."""
    order: dict[str, int] = {}
    titles: dict[str, str] = {}

    def walk(items: object) -> list[str]:
        pages: list[str] = []
        for item in items if isinstance(items, list) else [items]:
            target: str | None
            if isinstance(item, str):
                target, children, title = item, None, None
            elif isinstance(item, dict) and len(item) == 1:
                title, value = next(iter(item.items()))
                target = value if isinstance(value, str) else None
                children = value if isinstance(value, list) else None
            else:
                continue
            if children is not None:
                inner = walk(children)
                folders = {posixpath.dirname(p) for p in inner}
                if len(folders) == 1 and isinstance(title, str):
                    titles.setdefault(folders.pop(), title)
                pages += inner
            elif target and "://" not in target:
                path = posixpath.normpath(target.lstrip("/"))
                order.setdefault(path, len(order))
                pages.append(path)
        return pages

    walk(nav or [])
    return order, titles


def tree(handbook: Handbook, pages: list[str]) -> Folder:
    """The folders of the handbook holding the given pages (a Hugo bundle is a page of its parent)."""
    root = Folder("")
    for path in pages:
        source = handbook.pages[path]
        bundle = handbook.bundle(source)
        folder_path = posixpath.dirname(posixpath.dirname(path)) if bundle else posixpath.dirname(path)
        node = root
        for part in filter(None, folder_path.split("/")):
            node = node.folders.setdefault(part, Folder(f"{node.path}/{part}".lstrip("/")))
        if source.section and not bundle:
            node.own = path
        else:
            node.pages.append(path)
    return root


class Order:
    """How the handbook orders the entries of a folder and titles its sections."""

    def __init__(self, handbook: Handbook, title_of: Callable[[str], str]):
        self.handbook, self.title_of = handbook, title_of
        self.nav_order, self.nav_titles = _mkdocs_nav(handbook.nav)

    def _weight(self, path: str) -> float:
        front = self.handbook.pages[path].front
        for key in WEIGHTS:
            value = front.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                return float(value)
        return math.inf

    def title(self, folder: Folder) -> str:
        settings = self.handbook.folder_files.get(folder.path, {})
        for title in (self.nav_titles.get(folder.path), settings.get("title")):
            if isinstance(title, str) and title.strip():
                return title.strip()
        return self.title_of(folder.own) if folder.own else humanise(folder.name)

    def entries(self, folder: Folder, keep: Callable[[str], bool]) -> list[str | Section]:
        """The folder's pages and sections in the handbook's order; keep says which pages are
        this team's (a sub-folder mapped to another team is left out)."""
        items: list[tuple[str, str | Folder]] = [(posixpath.basename(posixpath.dirname(p)) if self.handbook.bundle(
            self.handbook.pages[p]) else posixpath.basename(p), p) for p in folder.pages if keep(p)]
        items += [(name, sub) for name, sub in folder.folders.items() if any(keep(p) for p in sub.all_pages())]
        settings = self.handbook.folder_files.get(folder.path, {})
        listed = settings.get("nav") if isinstance(settings.get("nav"), list) else None
        reverse = str(settings.get("order", "")).lower() == "desc"

        def pages_of(item: str | Folder) -> list[str]:
            return [item] if isinstance(item, str) else [p for p in item.all_pages() if keep(p)]

        def default(entry: tuple[str, str | Folder]) -> tuple:
            name, item = entry
            first = min((self.nav_order.get(p, math.inf) for p in pages_of(item)), default=math.inf)
            weight = self._weight(item) if isinstance(item, str) else \
                self._weight(item.own) if item.own else math.inf
            words = self.title_of(item).casefold() if isinstance(item, str) and self.handbook.layout == "hugo" \
                else name.casefold()
            return first, weight, words

        # What is said first (nav:, weight), then the layout's own order, reversed by order: desc.
        items.sort(key=lambda e: default(e)[2], reverse=reverse)
        items.sort(key=lambda e: default(e)[:2])
        if listed is not None:
            names = [self._listed_name(entry) for entry in listed]
            rest = [e for e in items if e[0] not in names]
            ordered: list[tuple[str, str | Folder]] = []
            for name in names:
                if name == "...":
                    ordered += rest
                else:
                    ordered += [e for e in items if e[0] == name]
            if "..." not in names:
                ordered += rest
            items = ordered
        out: list[str | Section] = []
        for _, item in items:
            if isinstance(item, str):
                out.append(item)
            else:
                own = item.own if item.own and keep(item.own) else None
                out.append(Section(self.title(item), own, self.entries(item, keep)))
        return out

    @staticmethod
    def _listed_name(entry: object) -> str:
        """An entry of .pages' nav: as the name of a file or folder ('...' for the rest)."""
        if isinstance(entry, dict) and len(entry) == 1:
            entry = next(iter(entry.values()))
        return str(entry).strip().rstrip("/") if isinstance(entry, str) else ""
