"""An existing Markdown handbook, read as it is: which layout it has, its pages with their
front matter, and its other files (images, attachments).

Three layouts are recognised:
- mkdocs: a folder with mkdocs.yml; pages in its docs_dir (docs/ by default), index.md or
  README.md is a folder's own page;
- hugo: a folder with hugo.toml / config.toml (or .yaml, .json) and content/; _index.md is a
  folder's own page, a folder with index.md is one page with its files beside it (a bundle),
  and site-absolute links to images reach static/;
- plain: any folder of Markdown, README.md or index.md being a folder's own page.

Besides pages and files, what says how the handbook is ordered: MkDocs' nav:, the awesome-pages
plugin's .pages files (a folder's title and order), and weight in front matter (structure.py
reads them).
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

LAYOUTS = ("plain", "mkdocs", "hugo")
HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml",
                "config.json")
SECTION_NAMES = {"plain": ("index.md", "README.md", "readme.md"), "mkdocs": ("index.md", "README.md", "readme.md"),
                 "hugo": ("_index.md",)}
MARKDOWN = (".md", ".markdown")


@dataclass
class SourcePage:
    path: str  # relative to the handbook's root, e.g. hr/leave.md
    front: dict  # its front matter, as written
    body: str
    body_line: int  # the line of the file the body starts on
    section: bool  # a folder's own page (index.md, README.md, _index.md)
    problem: str = ""  # front matter that could not be read

    @property
    def folder(self) -> str:
        """The folder the page stands for: its own for a section page or a Hugo bundle, else its parent."""
        parent = self.path.rsplit("/", 1)[0] if "/" in self.path else ""
        return parent


@dataclass
class Handbook:
    root: Path  # the folder the pages are in
    layout: str
    name: str | None  # the site's name, from its configuration
    pages: dict[str, SourcePage] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)  # other files under root
    static: Path | None = None  # Hugo's static/: site-absolute links to files resolve there too
    links: list[str] = field(default_factory=list)  # symbolic links met, not followed (relative to root)
    addresses: list[str] = field(default_factory=list)  # where its configuration says it was published
    nav: list | None = None  # MkDocs' nav: as configured, when it is
    folder_files: dict[str, dict] = field(default_factory=dict)  # folder -> its .pages (title, nav, order)

    def inside(self, folder: Path, rel: str) -> Path | None:
        """folder/rel when it is a real file inside folder (no symbolic link on the way, no
        step out of it), else None: the import never reads outside the handbook."""
        path = folder.joinpath(*[p for p in rel.split("/") if p])
        try:
            if not path.resolve(strict=True).is_relative_to(folder.resolve()):
                return None
        except (OSError, RuntimeError):
            return None
        steps, here = rel.split("/"), folder
        for step in filter(None, steps):
            here = here / step
            if here.is_symlink():
                return None
        return path if path.is_file() else None

    def bundle(self, page: SourcePage) -> bool:
        """A Hugo leaf bundle: folder/index.md is one page, its folder's files are its own."""
        return self.layout == "hugo" and page.path.endswith("/index.md")


_YAML_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.S)
_TOML_FRONT = re.compile(r"\A\+\+\+[ \t]*\n(.*?\n)?\+\+\+[ \t]*\n", re.S)


def split_front_matter(text: str) -> tuple[dict, str, int, str]:
    """(front matter, body, body's first line, problem) for YAML (---) or TOML (+++) front matter."""
    for pattern, parse in ((_YAML_FRONT, yaml.safe_load), (_TOML_FRONT, tomllib.loads)):
        match = pattern.match(text)
        if not match:
            continue
        body = text[match.end():]
        line = text[:match.end()].count("\n") + 1
        try:
            front = parse(match.group(1) or "") or {}
        except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
            return {}, body, line, f"front matter could not be read ({str(exc).splitlines()[0]})"
        if not isinstance(front, dict):
            return {}, body, line, "front matter is not a mapping of fields"
        return front, body, line, ""
    return {}, text, 1, ""


def _config(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".toml":
            return tomllib.loads(text)
        if path.suffix == ".json":
            return json.loads(text)
        # mkdocs.yml may hold !ENV or !!python tags: only plain values are needed here.
        return yaml.load(text, Loader=_TolerantLoader) or {}
    except (OSError, ValueError, yaml.YAMLError, tomllib.TOMLDecodeError):
        return {}


def _yaml(path: Path) -> dict:
    """A small YAML file of settings (.pages), or nothing when it is not one."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


class _TolerantLoader(yaml.SafeLoader):
    """A safe loader that reads any tag as its plain value instead of refusing the file."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass
class Detected:
    layout: str
    root: Path  # the pages folder
    name: str | None = None  # the site's name
    static: Path | None = None  # Hugo's static/
    nav: list | None = None  # MkDocs' nav:
    addresses: list[str] = field(default_factory=list)  # where the site was published, its sources kept


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def detect(path: Path) -> Detected:
    """The layout of the handbook at path, and what its configuration says."""
    if (path / "mkdocs.yml").is_file():
        config = _config(path / "mkdocs.yml")
        nav = config.get("nav")
        addresses = [a for a in (_text(config.get("site_url")), _text(config.get("repo_url"))) if a]
        return Detected("mkdocs", path / str(config.get("docs_dir") or "docs"), _text(config.get("site_name")),
                        nav=nav if isinstance(nav, list) else None, addresses=addresses)
    for name in HUGO_CONFIGS:
        if (path / name).is_file() and (path / "content").is_dir():
            config = _config(path / name)
            static = path / "static"
            address = _text(config.get("baseURL") or config.get("baseurl"))
            return Detected("hugo", path / "content", _text(config.get("title")), static if static.is_dir() else None,
                            addresses=[address] if address else [])
    if any(p.name == "_index.md" for p in path.rglob("_index.md")):
        return Detected("hugo", path)
    return Detected("plain", path)


class OutsideHandbook(ValueError):
    """The handbook's configuration points outside the handbook."""


def _walk(root: Path, skip: set[Path]) -> tuple[list[Path], list[Path]]:
    """(files, symbolic links) under root in a stable order; links and hidden entries are not
    followed, and the folders in skip (the content being imported into) are left out."""
    files: list[Path] = []
    links: list[Path] = []
    for folder, dirs, names in os.walk(root, followlinks=False):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).resolve() not in skip)
        for d in list(dirs):
            if (here / d).is_symlink():
                links.append(here / d)
                dirs.remove(d)
        for name in sorted(names):
            if name.startswith("."):
                continue
            (links if (here / name).is_symlink() else files).append(here / name)
    return sorted(files), sorted(links)


def read(path: Path, layout: str | None = None, skip: tuple[Path, ...] = ()) -> Handbook:
    """The handbook at path, every page and file in a stable order (so imports are repeatable).
    Nothing outside path is read: a pages folder configured elsewhere is refused, symbolic links
    are listed and not followed, and the folders in skip are left out."""
    found = detect(path)
    root, static = found.root, found.static
    if layout and layout != found.layout:
        root, static = (path / "content" if layout == "hugo" and (path / "content").is_dir() else
                        path / "docs" if layout == "mkdocs" and (path / "docs").is_dir() else path), None
    top = path.resolve()
    for folder in filter(None, (root, static)):
        if folder.is_symlink() or not folder.resolve().is_relative_to(top):
            raise OutsideHandbook(f"{folder} is outside the handbook {path} (or a symbolic link)")
    handbook = Handbook(root, layout or found.layout, found.name, static=static,
                        nav=found.nav if (layout or found.layout) == "mkdocs" else None)
    handbook.addresses = found.addresses
    sections = SECTION_NAMES[handbook.layout]
    files, links = _walk(root, {p.resolve() for p in skip})
    handbook.links = [link.relative_to(root).as_posix() for link in links]
    # .pages is hidden, so not among the files: each folder's is read where it may be.
    for name in sorted({f.parent.relative_to(root).as_posix() for f in files} | {"."}):
        rel = "" if name == "." else name
        pages_file = handbook.inside(root, f"{rel}/.pages".lstrip("/"))
        settings = _yaml(pages_file) if pages_file is not None else {}
        if settings:
            handbook.folder_files[rel] = settings
    for file in files:
        rel = file.relative_to(root).as_posix()
        if file.suffix.lower() not in MARKDOWN:
            handbook.files.append(rel)
            continue
        text = file.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        front, body, line, problem = split_front_matter(text)
        handbook.pages[rel] = SourcePage(rel, front, body, line, file.name in sections, problem)
    return handbook
