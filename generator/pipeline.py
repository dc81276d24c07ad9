"""The pipeline: load -> check -> render -> MkDocs, in two phases.

Phase one reads and checks everything and stops there if anything is wrong. Only then does
phase two write: the generated docs tree and config into the build directory, the site
into a fresh directory that replaces site/ only when MkDocs has succeeded.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from . import assemble, workers
from .checks.audiences import for_audiences
from .checks.links import broken_links
from .checks.published import unsafe_pages
from .checks.rules import check
from .checks.sanitise import policy
from .content.cache import ReadingStore
from .content.history import last_changed, originals_then
from .content.languages import LANGUAGES, labels
from .content.load import load
from .content.markdown import Reader
from .content.model import Content
from .diagnostics import Diagnostic, PortalError, Severity
from .engine.mkdocs import markdown_settings, run_mkdocs
from .engine.mkdocs import site_url as engine_site_url
from .engine.mkdocs import write_docs as write_engine_config
from .i18n.dates import browser_locale
from .i18n.translations import localise, translation_files
from .lock import held
from .render.site import Site, render
from .resources import THEME_DIR
from .writer import replace_dir

if TYPE_CHECKING:
    from .search.rank import Exported



SOURCES = "sources.json"  # beside each search index: sources() as the content was read for it


@dataclass
class Options:
    content_dir: Path = Path("content")
    config_file: Path = Path("mkdocs.yml")
    site_dir: Path = Path("site")
    build_dir: Path = Path("build")
    strict: bool = False
    today: date = field(default_factory=date.today)
    # The restricted audiences whose content is published besides everyone's; None renders all
    # content whatever its audience, for checks and reports that never publish.
    audiences: frozenset[str] | None = frozenset()
    # Processes the languages are built in: None for one per core (or PORTAL_JOBS), 1 for this one only.
    jobs: int | None = None
    language: str | None = None  # build only this language's part of the site (see assemble.py)


@dataclass
class Outcome:
    diagnostics: list[Diagnostic]
    pages: int = 0
    seconds: float = 0.0
    checked: Checked | None = None  # what a build read and rendered, for the preview to start from

    @property
    def errors(self) -> int:
        return sum(d.is_error for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors

    def failed(self, strict: bool) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)


@dataclass
class Checked:
    """Phase one's result: content and its rendering when there are no errors, and every diagnostic."""

    content: Content | None
    site: Site | None
    diagnostics: list[Diagnostic]
    changed: dict[str, date] = field(default_factory=dict)  # content file -> its last commit's date
    # translation file -> its original as of the translation's last commit (i18n.translations.Then)
    then: dict[str, str | None] = field(default_factory=dict)
    sources: dict[str, list[int]] = field(default_factory=dict)  # what was read: see sources()


def sources(options: Options) -> dict[str, list[int]]:
    """Every file the content is read from (the content files and the MkDocs configuration,
    whose Markdown settings the reading follows), with its size and time of change: a file
    added, changed or deleted since changes it, so `portal search` knows its index is stale."""
    found: dict[str, list[int]] = {}
    files = [(p, p.relative_to(options.content_dir).as_posix()) for p in options.content_dir.rglob("*")]
    for path, name in [*files, (options.config_file, "../" + options.config_file.name)]:
        try:
            stat = path.stat()
        except OSError:
            continue
        if path.is_file():
            found[name] = [stat.st_size, stat.st_mtime_ns]
    return dict(sorted(found.items()))


def check_content(options: Options, history: bool = True, publish: bool = True) -> Checked:
    """Load, check and render. Without history, pages carry no last-changed dates: `portal check`
    throws the rendering away, and a pre-commit hook should not wait for git. Without publish, the
    pages are rendered only as far as the link check reads them (render's whole)."""
    # Phase one makes millions of objects that live to its end (the content, its readings, the
    # rendering): the cycle collector's passes over them cost a third of a warm check and free
    # nothing, so it waits until phase one is over (a build, the preview and the check alike).
    paused = gc.isenabled()
    gc.disable()
    try:
        return _check_content(options, history, publish)
    finally:
        if paused:
            gc.enable()


def _check_content(options: Options, history: bool, publish: bool) -> Checked:
    # Taken before reading: a file changed while it is read leaves the index stale, never fresh.
    # Only what is published is indexed: `portal check` needs none of it.
    read = sources(options) if publish and options.content_dir.is_dir() else {}
    content, diagnostics = load(options.content_dir, options.build_dir / "cache")
    if content is None:
        return Checked(None, None, diagnostics, sources=read)
    settings, problems = markdown_settings(options.config_file)
    # The readings of earlier runs (build/cache/): only texts that changed are parsed again.
    content.markdown = Reader(settings, ReadingStore(options.build_dir / "cache", [settings.extensions, settings.configs]))
    diagnostics += problems + check(content, options.today, workers.jobs(options.jobs))
    declared = {a.id for a in content.settings.value.audiences}
    for audience in sorted((options.audiences or set()) - declared):
        diagnostics.append(content.settings.diagnostic(
            ("audiences",) if declared else (), Severity.ERROR, "unknown-audience",
            f"--audience {audience}: portal.yml declares no audience '{audience}'",
            "use one of: " + (", ".join(sorted(declared)) or "none declared yet; add audiences: to portal.yml")))
    if any(d.is_error for d in diagnostics):
        content.markdown.save()
        return Checked(None, None, diagnostics, sources=read)
    changed = last_changed(options.content_dir) if history else {}
    then = originals_then(options.content_dir, translation_files(content)) if history else {}
    if options.audiences is not None:
        content, hidden = for_audiences(content, options.audiences)
        changed = {path: day for path, day in changed.items() if path not in hidden}
    site, more = render(content, THEME_DIR, options.today, changed, whole=publish)
    more += [broken.diagnostic() for broken in broken_links(content, site, workers.jobs(options.jobs))]
    content.markdown.save()
    return Checked(content, site, diagnostics + more, changed, then, read)


def index_content(content: Content, options: Options, lang: str | None = None,
                  original_units: list[str] | None = None, read: dict[str, list[int]] | None = None,
                  export_into: Path | None = None, background: bool | None = None,
                  searchable: bool = True) -> tuple[list, Exported]:
    """Index lang's content (localised into it) with Whoosh in the build directory and compute
    what the site exports (and export it into export_into, if given). Another language than the
    originals' needs the units of the original's documents, to know which of them its
    translations stand in for. read (sources() as the content was read) is kept beside the index,
    for `portal search` to tell whether it is stale. background: whether to read half the Markdown
    and write Whoosh's index in processes of their own (by default, when there is more than one
    core); a build, whose MkDocs processes keep every core busy meanwhile, indexes in one.

    Without searchable, only what the site's search files need is made: no Whoosh index, lexicon
    or cards in the build directory. The site's search reads none of them; they are what
    `portal search` reads, and it makes them when it finds them missing or stale. Whoosh's
    writing was half of a build's indexing, and nothing a build publishes used it."""
    # Imported here: `portal check` needs none of search, and start-up time is its cost.
    from .search.export import export, team_card
    from .search.index import build_index
    from .search.rank import compute, save_lexicon

    languages = content.settings.value.languages
    lang = lang or languages[0]
    search_dir = options.build_dir.resolve() / "search"
    # With a second process to spare, Whoosh writes its index there while this one computes
    # the impacts and exports: the export needs nothing read back from the index.
    if background is None:
        background = workers.jobs(options.jobs) > 1
    indexed = build_index(content, search_dir / "index" if searchable else None, lang, background=background)
    try:
        docs = indexed.docs
        units = {d.unit for d in docs}
        covers = [n for n, unit in enumerate(original_units or []) if unit in units]
        exported = compute(content, indexed, lang, covers)
        # What indexing counted is in the impacts now: given back before the export, which needs
        # as much again (a hundred megabytes at 10,000 pages).
        indexed.counts, indexed.words = {}, set()
        if searchable:
            # What `portal search` shows besides results: contact cards, and keywords for its fallback.
            (search_dir / "teams.json").write_text(json.dumps({
                "cards": {t: team_card(content, t, lang) for t in content.teams},
                "keywords": {t: content.teams[t].team.value.keywords for t in content.teams},
                "help": content.settings.value.help_desk}, ensure_ascii=False, sort_keys=True), encoding="utf-8")
            (search_dir / SOURCES).write_text(json.dumps(read or {}, sort_keys=True), encoding="utf-8")
        if export_into is not None:
            export(content, docs, exported, export_into, lang != languages[0])
    finally:
        indexed.wait()
    if searchable:
        save_lexicon(exported.lexicon, search_dir / "lexicon.json")  # last: an index without it is stale
    content.markdown.save()  # what indexing read (a worker's, in a parallel build) for the next run
    return docs, exported


def reindex(options: Options, lang: str | None = None, checked: Checked | None = None) -> Checked:
    """Phase one (unless the caller has run it: checked), then the indexes `portal search` reads
    (no site is built): the original language's, and lang's when it is another. Content is None
    when phase one failed."""
    if checked is None:
        checked = check_content(options, history=False)
    if checked.content is None:
        return checked
    languages = list(checked.content.settings.value.languages)
    if lang is not None and lang not in languages:
        raise PortalError(f"--language {lang}: portal.yml declares no such language; use one of: {', '.join(languages)}")
    original_docs, _ = index_content(checked.content, options, read=checked.sources)
    if lang is not None and lang != languages[0]:
        index_content(localise(checked.content, lang, checked.then), language_options(options, lang, languages), lang,
                      [d.unit for d in original_docs], checked.sources)
    return checked


def language_options(options: Options, lang: str, languages: list[str]) -> Options:
    """Where a language's docs tree and index go: the original language's in the build
    directory itself, each other's in build/lang/<code>."""
    if lang == languages[0]:
        return options
    return dataclasses.replace(options, build_dir=options.build_dir / "lang" / lang)


def alternates(lang: str, languages: list[str]) -> list[dict]:
    """The language switcher's entries: each language's site root, relative to this one's
    (the original language's site holds the others' in <code>/)."""
    prefix = "" if lang == languages[0] else "../"
    return [{"name": LANGUAGES[code].name, "lang": code,
             "link": "./" if code == lang else (prefix or "./") if code == languages[0] else f"{prefix}{code}/"}
            for code in languages]


def write_docs(site: Site, options: Options, lang: str = "", languages: list[str] | None = None) -> Path:
    """Write lang's docs tree and engine configuration: the portal's interface words for its
    templates and scripts, the language switcher, and each language's own site address."""
    code = lang or "en"
    extra: dict = {"portal_labels": labels(code), "portal_locale": browser_locale(code)}
    if site.urgent:
        extra["portal_urgent"] = site.urgent  # the banner on every page (theme/main.html)
    if site.analytics:  # only then does a page load anything from another origin: the organisation's own
        extra["portal_analytics"] = site.analytics
    site_url = None
    if languages and len(languages) > 1:
        extra["alternate"] = alternates(code, languages)
        original = engine_site_url(options.config_file)
        if original and lang != languages[0]:
            # A language's site is <code>/ of the original's: its sitemap and canonical links too.
            site_url = original.rstrip("/") + f"/{lang}/"
    return write_engine_config(site, options.build_dir, options.config_file, THEME_DIR, lang, extra, site_url, labels(code))


def site_dir_of(options: Options) -> Path:
    """Where the site goes, resolved; refused when building there would replace something
    that is not a site: the repository, content, configuration, a file, or .git."""
    given, site = options.site_dir, options.site_dir.resolve()

    def refuse(why: str, because: str = "building there would delete it") -> PortalError:
        return PortalError(f"the site directory {given} {why}: {because}; choose another --site-dir, e.g. site")

    if site.exists() and not site.is_dir():
        raise refuse("is a file")
    if ".git" in site.parts:
        raise refuse("is a repository's .git folder or inside one", "building there would break the repository")
    if (site / ".git").exists():
        raise refuse("holds a git repository")
    held = [("the content", options.content_dir), ("the build directory", options.build_dir),
            ("the MkDocs configuration", options.config_file), ("the folder you are in", Path.cwd()),
            ("the portal's theme", THEME_DIR)]
    repository = _repository_of(options.content_dir.resolve())
    if repository:
        held.append(("the repository", repository))
    for what, path in held:
        path = path.resolve()
        if site == path or site in path.parents:
            raise refuse(f"holds {what} ({path})")
    if options.content_dir.resolve() in site.parents:
        raise refuse("is inside the content", "the site would be read as content")
    return site


def _repository_of(folder: Path) -> Path | None:
    """The top of the git repository that holds folder, if any."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def build(options: Options) -> Outcome:
    """Check all content; if it is valid, build site_dir. A failed build leaves site_dir untouched.
    One build at a time per build directory and per site folder: a second waits for the first,
    then reads content as it is then."""
    started = time.perf_counter()
    site_dir = site_dir_of(options)
    with held([options.build_dir, site_dir.parent]):
        return _build(options, site_dir, started)


def _build(options: Options, site_dir: Path, started: float) -> Outcome:
    checked = check_content(options)
    site, checked_content, diagnostics = checked.site, checked.content, checked.diagnostics
    if not options.config_file.is_file():
        diagnostics.append(Diagnostic(str(options.config_file), 1, 1, Severity.ERROR, "missing-file",
                                      "the organisation's MkDocs configuration is missing",
                                      hint="keep mkdocs.yml beside content/ (the repository has one), or pass --config"))
    outcome = Outcome(diagnostics, checked=checked)
    if site is None or checked_content is None or outcome.failed(options.strict):
        return outcome
    # What the check read is saved; the steps below read what they need of it again.
    checked_content.markdown.let_go()
    languages = list(checked_content.settings.value.languages)
    project = options.content_dir.resolve().parent  # diagnostics name files relative to it
    settings = checked_content.settings.value
    allowed = policy(tuple(settings.embeds), tuple(settings.media))

    def localised(n: int) -> Content:
        return checked_content if n == 0 else localise(checked_content, languages[n], checked.then)

    def build_site(n: int, into: Path) -> _Built:
        """One language's site (the original language's at the top, each other's in <code>/):
        rendered, built by MkDocs into `into`, and scanned for what a published page must not hold."""
        lang, more = languages[n], list[Diagnostic]()
        one = site
        if n:
            one, more = render(localised(n), THEME_DIR, options.today, checked.changed, lang)
        config = write_docs(one, language_options(options, lang, languages), lang, languages)
        found, unsafe = run_mkdocs(config, into, one, project, shares, lambda pages: unsafe_pages(into, allowed, pages))
        return _Built(more, found, unsafe, len(one.pages))

    steps: dict[str, Callable] = {"site": build_site,
                                   "index": lambda n, into, units: _index_and_export(
                                       languages[n], localised(n), options, languages, into, units, checked.sources,
                                       checked_content)}

    if options.language is not None and options.language not in languages:
        raise PortalError(f"--language {options.language}: portal.yml declares no such language; use one of: "
                          f"{', '.join(languages)}")
    # The whole site, or one language's part of it (assemble.py puts the parts together).
    chosen = list(range(len(languages))) if options.language is None else [languages.index(options.language)]
    # Cores beyond one per language share out each language's pages (engine/parallel_mkdocs.py).
    shares = max(1, workers.jobs(options.jobs) // len(chosen))
    # Another language's index needs the units of the original's documents: the original's index
    # step hands them on; building another language alone, its own index step reads them.
    original_units = None

    def build_into(tmp: Path) -> None:
        # Each language's site and search files are built into a folder of their own, then
        # put together: MkDocs empties the folder it builds into.
        parts = Path(tempfile.mkdtemp(prefix=f"{tmp.name}-parts-", dir=tmp.parent))
        sites_in = {n: tmp if n == chosen[0] else parts / languages[n] for n in chosen}
        search_in = {n: parts / f"search-{languages[n]}" for n in chosen}
        try:
            size = min(workers.jobs(options.jobs), 2 * len(chosen))
            if size == 1:
                built = [workers.attempt(steps["site"], n, sites_in[n]) for n in chosen]
                units = original_units
                for n in chosen:
                    found = steps["index"](n, search_in[n], units if n else None)
                    units = found if n == 0 else units
            else:
                built = _in_parallel(steps, size, chosen, sites_in, search_in, original_units)
            prefixes = ["" if sites_in[n] == tmp else languages[n] for n in chosen]
            outcome.pages = _accept(built, outcome, options.strict, prefixes)
            for n in chosen:
                target = tmp if sites_in[n] == tmp else tmp / languages[n]
                if sites_in[n] != target:
                    _move_into(sites_in[n], target)
                _move_into(search_in[n], target / "search" / "portal")
            if options.language is not None:
                assemble.mark(tmp, options.language, languages, sorted(options.audiences or ()))
        finally:
            shutil.rmtree(parts, ignore_errors=True)

    try:
        replace_dir(site_dir, build_into)
    except _Rejected:
        return outcome
    outcome.seconds = time.perf_counter() - started
    return outcome


@dataclass
class _Built:
    """What building one language's site found: the rendering's diagnostics, MkDocs' warnings,
    the unsafe places in its pages, and how many pages it has."""

    rendered: list[Diagnostic]
    found: list[Diagnostic]
    unsafe: list[str]
    pages: int


def _accept(built: list, outcome: Outcome, strict: bool, prefixes: list[str]) -> int:
    """Take the languages' findings in language order, as a serial build takes them: every
    rendering's diagnostics, then MkDocs' warnings language by language; the first language
    MkDocs rejects (or fails) decides and the later ones are not heard. Raises when the site
    must not be published; else how many pages it has."""
    for result in built:
        if result[0] == "ok":
            outcome.diagnostics += result[1].rendered
    # MkDocs warns again of the links the portal's check has reported already, once per language.
    # MkDocs names a link as it reaches the page (benefits' links are rebased), so the last part
    # of the target is what both name alike.
    reported = {(d.path, d.message.split("'")[1].rsplit("/", 1)[-1])
                for d in outcome.diagnostics if d.code == "broken-link"}
    results: list[_Built] = []
    for result in built:
        one = workers.unwrap(result)  # a language MkDocs failed on raises in its turn
        results.append(one)
        outcome.diagnostics += [d for d in one.found if not (d.code == "broken-link" and any(
            f"/{name}'" in d.message or f"'{name}'" in d.message for path, name in reported if path == d.path))]
        if outcome.failed(strict):
            raise _Rejected()
    # In the order of the pages in the whole site, each page's problems in their own order.
    unsafe = sorted(((PurePosixPath(prefixes[n], place.split(": ", 1)[0]), place.split(": ", 1)[1])
                     for n, one in enumerate(results) for place in one.unsafe), key=lambda found: found[0])
    if unsafe:
        places = [f"{path}: {problem}" for path, problem in unsafe]
        raise PortalError(f"the built site holds what it must not ({len(places)} times), so it was not "
                          "published: " + "; ".join(places[:5]) + ("; …" if len(places) > 5 else ""))
    return sum(one.pages for one in results)


def _index_and_export(lang: str, content: Content, options: Options, languages: list[str], into: Path,
                      original_units: list[str] | None, read: dict[str, list[int]], original: Content) -> list[str]:
    """Index a language's content and export its search files into `into`; the units of its
    documents, which the other languages' indexes need of the original's (read here from the
    original content when not given: a build of another language alone). The build's MkDocs
    processes keep every core busy meanwhile, so the index is made in this one process."""
    if lang != languages[0] and original_units is None:
        from .search.index import documents

        original_units = [d.unit for d in documents(original)]
    docs, _ = index_content(content, language_options(options, lang, languages), lang, original_units, read, into,
                            background=False, searchable=False)
    return [d.unit for d in docs]


def _in_parallel(steps: dict, size: int, chosen: list[int], sites_in: dict[int, Path], search_in: dict[int, Path],
                 original_units: list[str] | None) -> list:
    """The chosen languages' sites and indexes in worker processes, the original's index first
    (the others' need its units); each site's result as the worker gave it, in language order."""
    with workers.Pool(size, steps) as pool:
        original_index = pool.submit("index", 0, search_in[0], None) if chosen[0] == 0 else None
        site_runs = [pool.submit("site", n, sites_in[n]) for n in chosen]
        units = workers.unwrap(original_index.result()) if original_index else original_units
        indexes = [pool.submit("index", n, search_in[n], units) for n in chosen if n]
        built = [run.result() for run in site_runs]
        for index in indexes:
            workers.unwrap(index.result())
    return built


def _move_into(source: Path, target: Path) -> None:
    """Put source's files at target: one rename, or file by file where target exists already."""
    if not source.exists():
        return
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(source, target)
        return
    for child in sorted(source.iterdir()):
        if child.is_dir() and not child.is_symlink():
            _move_into(child, target / child.name)
        else:
            os.replace(child, target / child.name)


class _Rejected(Exception):
    """MkDocs' warnings failed a strict build: the new site is thrown away."""
