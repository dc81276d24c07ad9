"""An existing Markdown handbook, read as it is: which layout it has, its pages with their
front matter, and its other files (images, attachments).

Three layouts are recognised:
- mkdocs: a folder with mkdocs.yml; pages in its docs_dir (docs/ by default), index.md or
  README.md is a folder's own page;
- hugo: a folder with hugo.toml / config.toml (or .yaml, .json) and content/; _index.md is a
  folder's own page, a folder with index.md is one page with its files beside it (a bundle),
  and site-absolute links to images reach static/;
- plain: any folder of Markdown, README.md or index.md being a folder's own page.
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


class _TolerantLoader(yaml.SafeLoader):
    """A safe loader that reads any tag as its plain value instead of refusing the file."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def detect(path: Path) -> tuple[str, Path, str | None, Path | None]:
    """(layout, pages folder, site name, Hugo static folder) of the handbook at path."""
    if (path / "mkdocs.yml").is_file():
        config = _config(path / "mkdocs.yml")
        return "mkdocs", path / str(config.get("docs_dir") or "docs"), config.get("site_name"), None
    for name in HUGO_CONFIGS:
        if (path / name).is_file() and (path / "content").is_dir():
            config = _config(path / name)
            static = path / "static"
            return "hugo", path / "content", config.get("title"), static if static.is_dir() else None
    if any(p.name == "_index.md" for p in path.rglob("_index.md")):
        return "hugo", path, None, None
    return "plain", path, None, None


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
    found, root, name, static = detect(path)
    if layout and layout != found:
        root, static = (path / "content" if layout == "hugo" and (path / "content").is_dir() else
                        path / "docs" if layout == "mkdocs" and (path / "docs").is_dir() else path), None
    top = path.resolve()
    for folder in filter(None, (root, static)):
        if folder.is_symlink() or not folder.resolve().is_relative_to(top):
            raise OutsideHandbook(f"{folder} is outside the handbook {path} (or a symbolic link)")
    handbook = Handbook(root, layout or found, name, static=static)
    sections = SECTION_NAMES[handbook.layout]
    files, links = _walk(root, {p.resolve() for p in skip})
    handbook.links = [link.relative_to(root).as_posix() for link in links]
    for file in files:
        rel = file.relative_to(root).as_posix()
        if file.suffix.lower() not in MARKDOWN:
            handbook.files.append(rel)
            continue
        text = file.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        front, body, line, problem = split_front_matter(text)
        handbook.pages[rel] = SourcePage(rel, front, body, line, file.name in sections, problem)
    return handbook
