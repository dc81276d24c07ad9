"""MkDocs' build with its pages shared out over forked processes.

MkDocs builds one page after another: each page's Markdown is converted, then its template is
rendered with the whole navigation, all in one process. Pages are independent once the
navigation and every page's title are known, so a site's pages are dealt out to `shares`
processes forked after MkDocs has read its configuration, files and navigation:

1. each process converts its own pages' Markdown (with one converter reset between pages, where
   the extensions allow) and sends back their titles (a page's title may come from its first
   heading, which only its conversion knows) and front matter;
2. with every title known, each renders and writes its own pages (the first process also
   MkDocs' static files and theme templates), and hands back what it saw: warnings, each
   page's anchors and links to anchors, and whatever `look` found in the pages it wrote;
3. this process checks links to anchors across all pages and runs the end-of-build plugin
   events, as MkDocs would.

The output is the bytes MkDocs' own build writes (tests/test_parallel.py compares them). Only
plugins known to keep nothing across pages that this would split are allowed; with any other,
MkDocs builds as it always does.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection, Pipe
from pathlib import Path
from typing import Any

from ..workers import die_with_parent

# Plugins whose state a split build keeps whole: Material's search plugin collects each page's
# entries as the page is written; each process sends its pages' entries back, and they are put
# together in the pages' order before the plugin writes its index.
SPLITTABLE_PLUGINS = frozenset({"material/search"})

def splittable(config) -> bool:
    return set(config.plugins) <= SPLITTABLE_PLUGINS


# Markdown extensions whose reset() leaves a converter as a new one would be: with only these,
# each process converts all its pages with one converter. MkDocs makes a converter per page, and
# making one (every extension built and registered anew) was a fifth of a page's conversion.
# Not abbr: before Python-Markdown 3.7 each abbreviation stays registered in the converter.
RESETTABLE_EXTENSIONS = frozenset({"admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html",
                                   "tables", "toc", "pymdownx.details", "pymdownx.superfences"})


def reusable_converter(config) -> bool:
    """Whether one Markdown converter, reset between pages, converts them as MkDocs' own converter
    per page does."""
    names = config["markdown_extensions"]
    if not all(isinstance(name, str) and name.removeprefix("markdown.extensions.") in RESETTABLE_EXTENSIONS
               for name in names):
        return False
    # Asked for ids unique to each conversion, footnotes counts its conversions: a reused
    # converter would number the second page's footnotes as a new one numbers a first page's.
    configs = config["mdx_configs"] or {}
    return not any((configs.get(name) or {}).get("UNIQUE_IDS") for name in ("footnotes", "markdown.extensions.footnotes"))


class _OneConverter:
    """The markdown module as MkDocs' pages module uses it, whose Markdown() gives one converter,
    reset, for every page (MkDocs registers its own processors for each page by their names,
    which replace the page before's)."""

    def __init__(self, module) -> None:
        self.module = module
        self.made: tuple[dict, Any] | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.module, name)

    def Markdown(self, **settings) -> Any:  # the name MkDocs calls
        if self.made is None or self.made[0] != settings:
            self.made = (settings, self.module.Markdown(**settings))
        return self.made[1].reset()


class _Records(logging.Handler):
    """A process's MkDocs warnings as (phase, page number, level, message), so that warnings
    from several processes come back in the order a serial build gives them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.where = (0, 0)
        self.records: list[tuple[int, int, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((*self.where, record.levelno, record.getMessage()))


def prepare(config, clean: bool) -> tuple[Any, Any, Any, Any]:
    """The first steps of mkdocs.commands.build.build, up to its pages: the plugins' config and
    pre-build events, the site folder emptied (clean), the files with the theme's, the exclusions
    and the navigation. (config, files, env, nav), as the later steps take them."""
    from mkdocs import utils
    from mkdocs.structure.files import get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation

    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    if clean:
        utils.clean_directory(config.site_dir)
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    return config, files, env, nav


def build(config, shares: int, look: Callable[[list[Path]], list[str]]) -> tuple[list[logging.LogRecord], list[str]]:
    """Build the site of a loaded MkDocs config in `shares` processes; MkDocs' warnings as log
    records, in a serial build's order, and what `look` found in every HTML file written.
    MkDocs' exceptions are raised here as MkDocs raises them."""
    from mkdocs.exceptions import Abort
    from mkdocs.structure.files import InclusionLevel
    from mkdocs.structure.pages import Page

    config, files, env, nav = prepare(config, clean=True)
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    for file in doc_files:
        if file.page is None and file.inclusion.is_not_in_nav():
            Page(None, file, config)

    state = _State(config, files, env, nav, doc_files, look)
    pipes, children, finished = [], [], False
    try:
        for share in range(shares):
            ours, theirs = Pipe()
            pid = os.fork()
            if pid == 0:  # the child: it never returns from here
                ours.close()
                _child(state, share, shares, theirs)
            theirs.close()
            pipes.append(ours)
            children.append(pid)
        titles: dict[str, tuple[str | None, dict]] = {}
        for pipe in pipes:
            titles.update(_received(pipe))
        for pipe in pipes:
            pipe.send(("ok", titles))
        results = [_received(pipe) for pipe in pipes]
        finished = True
    finally:
        for pid in children:
            _reap(pid, finished)
        for pipe in pipes:
            pipe.close()

    records = sorted((r for result in results for r in result["records"]), key=lambda r: r[:2])
    found = [f for result in results for f in result["found"]]
    by_uri = {file.src_uri: file for file in doc_files}
    for result in results:
        for uri, (anchors, links) in result["anchors"].items():
            page = by_uri[uri].page
            page.present_anchor_ids = anchors
            page.links_to_anchors = {by_uri[target]: found_links for target, found_links in links.items()}
    capture = _Records()
    capture.where = (4, 0)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    try:
        for file in doc_files:
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    finally:
        logger.removeHandler(capture)
    records += capture.records
    written = {Path(file.abs_dest_path) for file in doc_files}
    found += look(sorted(p for p in Path(config.site_dir).rglob("*.html") if p not in written))
    indexes = _search_indexes(config)
    entries = {n: added for result in results for n, added in result["entries"].items()}
    for i, index in enumerate(indexes):
        index.entries = [entry for n in sorted(entries) for entry in entries[n][i]]
    config.plugins.on_post_build(config=config)
    made = [logging.makeLogRecord({"name": "mkdocs", "levelno": level, "levelname": logging.getLevelName(level),
                                   "msg": message}) for _, _, level, message in records]
    if config.strict and made:
        raise Abort(f"Aborted with {len(made)} warnings in strict mode!")
    return made, found


def _search_indexes(config) -> list:
    """The search indexes of the search plugins, whose entries pages add as they are written."""
    return [plugin.search_index for name, plugin in config.plugins.items() if name in SPLITTABLE_PLUGINS]


class _State:
    def __init__(self, config, files, env, nav, doc_files, look) -> None:
        self.config, self.files, self.env, self.nav, self.doc_files, self.look = config, files, env, nav, doc_files, look


def _child(state: _State, share: int, shares: int, pipe: Connection) -> None:
    """One share of the pages, in a forked process: converted, titles exchanged, written."""
    from mkdocs.commands.build import _build_extra_template, _build_page, _build_theme_template, _populate_page
    from mkdocs.structure.files import InclusionLevel

    status, records = 0, _Records()
    try:
        die_with_parent(os.getppid())  # and the cycle collector leaves what it inherited alone
        config, files, doc_files = state.config, state.files, state.doc_files
        logging.getLogger("mkdocs").handlers = [records]
        logging.getLogger("mkdocs").propagate = False
        mine = [n for n in range(len(doc_files)) if n % shares == share]
        if reusable_converter(config):
            import mkdocs.structure.pages

            mkdocs.structure.pages.markdown = _OneConverter(mkdocs.structure.pages.markdown)  # this process's only
        for n in mine:
            records.where = (0, n)
            _populate_page(doc_files[n].page, config, files)
        # Each page's title and front matter go to the others, whose navigation shows them: a
        # process reading every other page's source again parsed all their front matter anew.
        pipe.send(("ok", {doc_files[n].src_uri: (doc_files[n].page.title, doc_files[n].page.meta) for n in mine}))
        titles = _received(pipe)
        for n, file in enumerate(doc_files):
            if n % shares != share:
                title, file.page.meta = titles[file.src_uri]
                file.page.markdown = ""  # read, as far as the navigation can tell; its text is another's
                file.page.title = title
        env = config.plugins.on_env(state.env, config=config, files=files)
        if share == 0:
            records.where = (1, 0)
            files.copy_static_files(inclusion=InclusionLevel.is_included)
            for template in config.theme.static_templates:
                _build_theme_template(template, env, files, config, state.nav)
            for template in config.extra_templates:
                _build_extra_template(template, files, config, state.nav)
        indexes = _search_indexes(config)
        entries: dict[int, list[list[dict]]] = {}
        for n in mine:
            records.where = (2, n)
            page = doc_files[n].page
            before = [len(index.entries) for index in indexes]
            _build_page(page, config, doc_files, state.nav, env, excluded=doc_files[n].inclusion.is_excluded())
            entries[n] = [index.entries[start:] for index, start in zip(indexes, before, strict=True)]
        found = state.look([Path(doc_files[n].abs_dest_path) for n in mine])
        anchors = {doc_files[n].src_uri: (doc_files[n].page.present_anchor_ids,
                                          {f.src_uri: links for f, links in (doc_files[n].page.links_to_anchors or {}).items()})
                   for n in mine}
        pipe.send(("ok", {"records": records.records, "found": found, "anchors": anchors, "entries": entries}))
    except BaseException as exc:  # whatever it is, the parent raises it as a serial build would
        status = 1
        try:
            pipe.send(("error", (exc, records.records)))
        except (pickle.PicklingError, TypeError, AttributeError, OSError):
            with contextlib.suppress(OSError):
                pipe.send(("error", (RuntimeError(f"{type(exc).__name__}: {exc}"), records.records)))
    finally:
        os._exit(status)


def _received(pipe: Connection) -> Any:
    """The next message from the other side; a child's failure raised here, after the warnings
    it logged on the way (MkDocs logs an error before it raises)."""
    try:
        status, value = pipe.recv()
    except EOFError:
        raise RuntimeError("a process building the site's pages ended without a word") from None
    if status == "error":
        exc, records = value
        for _, _, level, message in records:
            logging.getLogger("mkdocs").log(level, message)
        raise exc
    return value


def _reap(pid: int, finished: bool) -> None:
    """Wait for a child, which ends by itself once it has sent its results; after a failure
    elsewhere, one still running is stopped."""
    try:
        if not finished:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass
