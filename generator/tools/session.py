"""The preview's session: what an edit touches, and only that, rebuilt.

Between edits the session keeps the last good rendering of each language's site (the docs tree
`render` made) and MkDocs' state of it (engine/preview.py). After an edit it checks all content
again, renders each language, and compares the docs trees: when only what some pages say has
changed (the same pages and files, the same navigation, titles, notices and date), MkDocs builds
those pages alone, the pages are scanned as a build scans a site, and they replace their old
versions in the served folder; the search files follow in a process of their own. Anything
else (a new page, a title, team.yml's name, portal.yml, mkdocs.yml, the theme) rebuilds the
whole site with the pipeline, as `portal build` does.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import time
from pathlib import Path

from .. import workers
from ..checks.published import unsafe_pages
from ..checks.sanitise import policy
from ..content.model import Content
from ..diagnostics import Diagnostic, PortalError
from ..engine.preview import WarmSite, page_title
from ..i18n.translations import localise
from ..lock import held
from ..pipeline import THEME_DIR, Checked, Options, Outcome, build, check_content, index_content, language_options, write_docs
from ..render.site import Site, render
from ..writer import replace_dir

Stamps = dict[str, tuple[int, int]]


def stamps(files: dict[str, Path]) -> Stamps:
    """Size and time of change of each file (by its name): what tells an edited file."""
    found: Stamps = {}
    for name, path in files.items():
        try:
            stat = path.stat()
        except OSError:
            continue
        found[name] = (stat.st_size, stat.st_mtime_ns)
    return found


def touched(before: Site, after: Site, copies_before: Stamps, copies_after: Stamps) -> list[str] | None:
    """The files of a language's docs tree whose text changed from before to after, when that is
    all that changed; None when the change reaches every page of the site (its navigation, a
    page's title, the pages and files there are, the site's name, urgent notices, analytics, date)."""
    same = (before.site_name, before.nav, before.urgent, before.analytics, before.date, before.pages.keys(),
            before.texts.keys(), before.files.keys()) == (after.site_name, after.nav, after.urgent, after.analytics,
                                                         after.date, after.pages.keys(), after.texts.keys(),
                                                         after.files.keys())
    if not same:
        return None
    pages = [path for path, text in after.pages.items() if text != before.pages[path]]
    if any(page_title(before.pages[path]) != page_title(after.pages[path]) for path in pages):
        return None
    texts = [path for path, text in after.texts.items() if text != before.texts[path]]
    copies = [path for path in after.files if copies_before.get(path) != copies_after.get(path)]
    return sorted(pages + texts + copies)


@dataclasses.dataclass
class _Good:
    """The last good preview of one language: its rendering, its copied files' stamps, MkDocs' state."""

    site: Site
    copies: Stamps
    warm: WarmSite


class Session:
    """Rebuilds of one preview: `update` after each change, in the server's main thread."""

    def __init__(self, options: Options, workspace: Path) -> None:
        self.options = options
        self.workspace = workspace  # private to this preview: stages and the background index
        self.good: list[_Good] | None = None  # None: the next update rebuilds the whole site
        self.languages: list[str] = []
        self.config_read: list[int] | None = None
        self.read: dict[str, list[int]] = {}  # the files the last good version was read from (pipeline.sources)
        self.theme: Stamps = {}
        self.indexing: workers.Forked | None = None
        self.done = ""  # what the last good update did, for the terminal

    def update(self) -> Outcome:
        """Check, and rebuild what changed (or the whole site); the outcome as `build` gives it."""
        started = time.perf_counter()
        theme = _theme_stamps()
        if self.good is None or theme != self.theme or not self.options.config_file.is_file():
            return self._full(theme)
        checked = check_content(self.options)
        checked_in = time.perf_counter() - started
        outcome = Outcome(checked.diagnostics, checked=checked)
        if checked.content is None or checked.site is None or outcome.failed(self.options.strict):
            return outcome  # the last good version stays, and so does what the session knows of it
        config = "../" + self.options.config_file.name
        languages = list(checked.content.settings.value.languages)
        if checked.sources.get(config) != self.config_read or languages != self.languages:
            return self._full(theme)
        sites, rendered = self._render(checked)
        outcome.diagnostics += rendered
        if outcome.failed(self.options.strict):
            return outcome  # a language's rendering failed: nothing is written
        copies = [stamps(site.files) for site in sites]
        changes = [touched(good.site, site, good.copies, stamped)
                   for good, site, stamped in zip(self.good, sites, copies, strict=True)]
        if any(change is None for change in changes):
            return self._full(theme)
        try:
            self._rebuild_pages(checked.content, sites, changes, outcome)
        except BaseException:
            self.good = None  # the docs tree and MkDocs' pages may be part new, part old
            raise
        if outcome.failed(self.options.strict):
            self.good = None
            return outcome
        for good, site, stamped in zip(self.good, sites, copies, strict=True):
            good.site, good.copies = site, stamped
        # Whatever was read anew may change the search (synonyms.yml changes no page at all).
        search = checked.sources != self.read
        if search:
            self._index_later(checked)
        self.read = checked.sources
        outcome.pages = sum(len(paths or []) for paths in changes)
        outcome.seconds = time.perf_counter() - started
        files = f"{outcome.pages} file" + ("s" if outcome.pages > 1 else "")
        self.done = (f"Updated {files} in {outcome.seconds:.2f} s (the check took {checked_in:.2f} s)"
                     if outcome.pages else "No page changed") + ("; the search follows." if search else ".")
        return outcome

    def close(self) -> None:
        self._stop_indexing()

    # --- the whole site ----------------------------------------------------------------------

    def _full(self, theme: Stamps) -> Outcome:
        """The whole site rebuilt by the pipeline; then MkDocs' state of it, for the next edit."""
        self._stop_indexing()  # the build writes the search files itself
        self.good = None
        started = time.perf_counter()
        outcome = build(self.options)
        checked = outcome.checked
        if outcome.failed(self.options.strict) or checked is None or checked.content is None:
            return outcome
        languages = list(checked.content.settings.value.languages)
        sites, _ = self._render(checked)  # the build reported the renderings' diagnostics
        project = self.options.content_dir.resolve().parent
        good = []
        with held([self.options.build_dir, self.options.site_dir.parent]):
            for n, (lang, site) in enumerate(zip(languages, sites, strict=True)):
                # The docs tree as the build wrote it (nothing is rewritten), and where its configuration is.
                config = write_docs(site, language_options(self.options, lang, languages), lang, languages)
                warm = WarmSite(config, self.workspace / "stage" / str(n), site, project)
                # One page built now loads and compiles the theme's templates, which the first edit would wait for.
                warm.rebuild(site, [next(iter(site.pages))])
                good.append(_Good(site, stamps(site.files), warm))
        self.good, self.languages, self.theme = good, languages, theme
        self.config_read = checked.sources.get("../" + self.options.config_file.name)
        self.read = checked.sources
        self.done = f"Rebuilt the whole site in {time.perf_counter() - started:.2f} s."
        return outcome

    def _render(self, checked: Checked) -> tuple[list[Site], list[Diagnostic]]:
        """Each language's docs tree, as the build renders it (the original's comes checked)."""
        assert checked.content is not None and checked.site is not None
        languages = list(checked.content.settings.value.languages)
        sites, diagnostics = [checked.site], list[Diagnostic]()
        for lang in languages[1:]:
            site, more = render(localise(checked.content, lang, checked.then), THEME_DIR, self.options.today,
                                checked.changed, lang)
            sites.append(site)
            diagnostics += more
        return sites, diagnostics

    # --- some pages --------------------------------------------------------------------------

    def _rebuild_pages(self, content: Content, sites: list[Site], changes: list, outcome: Outcome) -> None:
        """Build the changed files of each language and, unless MkDocs' warnings fail the preview or
        a page holds what a published page must not, put them in the served folder."""
        assert self.good is not None
        site_dir = self.options.site_dir
        settings = content.settings.value
        allowed = policy(tuple(settings.embeds), tuple(settings.media))
        with held([self.options.build_dir, site_dir.parent]):
            found: list[Diagnostic] = []
            unsafe: list[str] = []
            for n, paths in enumerate(changes):
                if paths:
                    found += self.good[n].warm.rebuild(sites[n], paths)
                    prefix = "" if n == 0 else f"{self.languages[n]}/"
                    unsafe += [prefix + place for place in unsafe_pages(self.good[n].warm.stage_dir, allowed)]
            outcome.diagnostics += not_reported(outcome.diagnostics, found)
            if outcome.failed(self.options.strict):
                return
            if unsafe:
                raise PortalError(f"the built site holds what it must not ({len(unsafe)} times), so it was not "
                                  "published: " + "; ".join(unsafe[:5]) + ("; …" if len(unsafe) > 5 else ""))
            for n, paths in enumerate(changes):
                if paths:
                    stage = self.good[n].warm.stage_dir
                    target = site_dir if n == 0 else site_dir / self.languages[n]
                    for built in sorted(p for p in stage.rglob("*") if p.is_file()):
                        destination = target / built.relative_to(stage)
                        destination.parent.mkdir(parents=True, exist_ok=True)
                        os.replace(built, destination)

    # --- search, after the pages -------------------------------------------------------------

    def _index_later(self, checked: Checked) -> None:
        """Index and export the search files again in a process of its own, which replaces the
        served ones when it is done; an edit before then starts it again with the newer content."""
        self._stop_indexing()
        options = dataclasses.replace(self.options, build_dir=self.workspace / "index")
        self.indexing = workers.Forked(functools.partial(_reindex, checked, self.languages, options, self.options.site_dir),
                                       "indexing the search")

    def _stop_indexing(self) -> None:
        if self.indexing is not None:
            self.indexing.stop()
            self.indexing = None


def not_reported(diagnostics: list[Diagnostic], found: list[Diagnostic]) -> list[Diagnostic]:
    """MkDocs' warnings but the broken links the portal's check has reported already (MkDocs
    names a link as it reaches the page, so the last part of the target is what both name alike)."""
    reported = {(d.path, d.message.split("'")[1].rsplit("/", 1)[-1])
                for d in diagnostics if d.code == "broken-link" and "'" in d.message}
    return [d for d in found if not (d.code == "broken-link" and any(
        f"/{name}'" in d.message or f"'{name}'" in d.message for path, name in reported if path == d.path))]


def _theme_stamps() -> Stamps:
    return stamps({p.relative_to(THEME_DIR).as_posix(): p for p in THEME_DIR.rglob("*") if p.is_file()})


def _reindex(checked: Checked, languages: list[str], options: Options, site_dir: Path) -> None:
    """In the indexing process: each language's index and search files, as the build makes them,
    each put in place of the served ones in one step."""
    from ..search.export import export

    os.nice(10)  # behind the preview's own work: the next edit's check and pages come first
    content = checked.content
    assert content is not None
    units: list[str] | None = None
    for n, lang in enumerate(languages):
        localised = content if n == 0 else localise(content, lang, checked.then)
        docs, exported = index_content(localised, language_options(options, lang, languages), lang, units,
                                       checked.sources, searchable=False)
        if n == 0:
            units = [d.unit for d in docs]
        target = (site_dir if n == 0 else site_dir / lang) / "search" / "portal"
        replace_dir(target, lambda into, c=localised, d=docs, e=exported, t=n != 0: export(c, d, e, into, t))
