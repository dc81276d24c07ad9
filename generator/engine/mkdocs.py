"""The engine adapter: everything the portal asks of MkDocs (and Material), in one module, so
another engine (Zensical reads mkdocs.yml and Material's overrides) is another module here.

- the organisation's Markdown dialect, read with MkDocs' own configuration machinery (its
  `INHERIT`, `!ENV` and extension syntax), so the portal's reading of owner text and the
  engine's rendering of it can never be configured apart;
- the generated configuration that inherits the organisation's, and the engine's run, its
  warnings pointed back at the content files they are about;
- the live-reload server of the preview.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, datetime
from datetime import time as time_of_day
from functools import lru_cache
from pathlib import Path

import yaml

from ..content.markdown import MarkdownSettings
from ..diagnostics import Diagnostic, PortalError, Severity
from ..escape import html_text
from ..render.site import Site
from ..writer import write_file, write_tree


@lru_cache(maxsize=8)
def _settings(config_file: str, mtime: float) -> tuple[MarkdownSettings, tuple[Diagnostic, ...]]:
    from mkdocs.config import base
    from mkdocs.config import config_options as c
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils import yaml_load

    class _Markdown(base.Config):
        # As mkdocs.config.defaults.MkDocsConfig declares them.
        markdown_extensions = c.MarkdownExtensions(builtins=["toc", "tables", "fenced_code"], configkey="mdx_configs")
        mdx_configs = c.Private[dict[str, dict]]()

    def problem(message: str, line: int = 1, column: int = 1,
                hint: str = "fix markdown_extensions: in mkdocs.yml") -> tuple[MarkdownSettings, tuple[Diagnostic, ...]]:
        return MarkdownSettings(), (Diagnostic(config_file, line, column, Severity.ERROR, "mkdocs", message, hint=hint),)

    try:
        with open(config_file, encoding="utf-8") as f:
            raw = yaml_load(f) or {}
    except (yaml.YAMLError, ConfigurationError) as exc:
        # MkDocs wraps the YAML error: its mark says where.
        cause = exc if isinstance(exc, yaml.YAMLError) else exc.__cause__ or exc.__context__ or exc
        mark = getattr(cause, "problem_mark", None)
        return problem("the MkDocs configuration is not valid YAML: " + " ".join(str(cause).split()),
                       mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                       "fix mkdocs.yml at that place: usually indentation, or a bracket or quote left open")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return problem(f"the MkDocs configuration cannot be read: {exc}", hint="check mkdocs.yml")
    if not isinstance(raw, dict):
        return problem("the MkDocs configuration is not a mapping of settings")
    config = _Markdown(config_file_path=config_file)
    config.load_dict({"markdown_extensions": raw.get("markdown_extensions", [])})
    errors, _ = config.validate()
    if errors:
        return problem("; ".join(f"{key}: {error}" for key, error in errors))
    settings = MarkdownSettings(tuple(config["markdown_extensions"]), dict(config["mdx_configs"] or {}))
    try:
        settings.converter()
    except Exception as exc:  # an extension's own failure, whatever its type: said, not raised
        return problem(f"a Markdown extension cannot be loaded: {exc}")
    return settings, ()


def markdown_settings(config_file: Path) -> tuple[MarkdownSettings, list[Diagnostic]]:
    """The organisation's Markdown extensions and options; MkDocs' defaults (and a diagnostic)
    when mkdocs.yml cannot say. A missing mkdocs.yml is reported by the build, not here."""
    try:
        mtime = config_file.stat().st_mtime
    except OSError:
        return MarkdownSettings(), []
    settings, problems = _settings(str(config_file), mtime)
    return settings, list(problems)


def write_docs(site: Site, build_dir: Path, config_file: Path, theme_dir: Path, lang: str, extra: dict,
               site_url: str | None, words: dict[str, str]) -> Path:
    """Write the generated docs tree and the MkDocs config that inherits the organisation's own
    (config_file), with the portal's theme, lang's words (Material's, and the portal's words in
    Material's palette toggle) and direction, extra for the templates, and the site's own address
    when it is not the organisation's."""
    build_dir = build_dir.resolve()
    docs_dir = build_dir / "docs"
    write_tree(docs_dir, site.pages | site.texts, site.files)
    theme: dict = {"name": "material", "custom_dir": str(theme_dir)}
    toggles = palette(config_file, words)
    if toggles is not None:
        theme["palette"] = toggles  # a list: MkDocs' inheritance replaces the organisation's whole
    config = {
        "INHERIT": str(config_file.resolve()),
        "site_name": html_text(site.site_name),  # Material prints it as it is
        "docs_dir": str(docs_dir),
        "use_directory_urls": True,  # FAQ links are …/faq/#id
        "theme": theme,
        "nav": site.nav,
    }
    if lang:
        theme["language"] = lang  # Material's own words, and the page's direction
    if site_url:
        config["site_url"] = site_url
    config["extra"] = extra
    generated = build_dir / "mkdocs.yml"
    write_file(generated, yaml.safe_dump(config, allow_unicode=True, sort_keys=False).encode("utf-8"))
    return generated


def _organisation(config_file: Path) -> dict:
    """The organisation's configuration, read as MkDocs reads it (its !ENV tags and INHERIT);
    empty when it cannot be read, which MkDocs itself then reports."""
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils import yaml_load

    try:
        with config_file.open(encoding="utf-8") as f:
            config = yaml_load(f) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ConfigurationError):
        return {}
    return config if isinstance(config, dict) else {}


def site_url(config_file: Path) -> str | None:
    """The organisation's site_url."""
    return _organisation(config_file).get("site_url")


def _palette_kind(entry: dict) -> str:
    """What choosing a palette entry gives: the system's setting, light or dark."""
    media = "".join(str(entry.get("media", "")).split())
    if media == "(prefers-color-scheme)":
        return "system"
    return "dark" if entry.get("scheme") == "slate" or media == "(prefers-color-scheme:dark)" else "light"


def palette(config_file: Path, words: dict[str, str]) -> list[dict] | None:
    """The organisation's palette entries (theme.palette in mkdocs.yml) with each toggle named in
    the site's language: Material shows the name as the toggle's title and label, and a click
    moves to the next entry, so the name says what that entry gives (palette_to_light, _dark,
    _system in theme/labels.yml). None when there is no toggle to name (no palette, or one)."""
    theme = _organisation(config_file).get("theme")
    entries = theme.get("palette") if isinstance(theme, dict) else None
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        return None
    named = []
    for index, entry in enumerate(entries):
        toggle = entry.get("toggle")
        if isinstance(toggle, dict):
            following = entries[(index + 1) % len(entries)]
            # Material prints the name into an attribute as it is.
            entry = {**entry, "toggle": {**toggle, "name": html_text(words[f"palette_to_{_palette_kind(following)}"])}}
        named.append(entry)
    return named


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


_QUOTED = re.compile(r"'([^']+)'")


def _locate(text: str, needle: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    return None


def _from_mkdocs(record: logging.LogRecord, site: Site, config_file: Path, project: Path) -> Diagnostic:
    """An MkDocs warning, pointed back at the content file (and line) it is about."""
    message = record.getMessage().strip()
    quoted = _QUOTED.findall(message)
    path, line = str(config_file), 1
    docs_path = next((q for q in quoted if q in site.sources), None)
    if docs_path:
        message = re.sub(r"^Doc file '[^']+' ", "", message)
        candidates = site.sources[docs_path]
        path = candidates[0]
        target = quoted[1] if len(quoted) > 1 else None
        # Links from benefits are rebased to the catalogue page, so the file name is the surer clue.
        needles = [target, target.split("#")[0].rsplit("/", 1)[-1]] if target else []
        for needle, candidate in ((n, c) for n in needles if n for c in candidates):
            try:
                found = _locate((project / candidate).read_text(encoding="utf-8"), needle)
            except (OSError, UnicodeDecodeError):
                found = None
            if found:
                path, line = candidate, found
                break
    code = "broken-link" if "link" in message else "mkdocs"
    severity = Severity.ERROR if record.levelno >= logging.ERROR else Severity.WARNING
    return Diagnostic(path, line, 1, severity, code, message,
                      hint="link to another content file by its relative path, e.g. ../sops/report-an-outage.md"
                      if code == "broken-link" else "")


def run_mkdocs(config_file: Path, site_dir: Path, site: Site, project: Path, shares: int = 1,
               look: Callable[[list[Path]], list[str]] = lambda pages: []) -> tuple[list[Diagnostic], list[str]]:
    """Build with MkDocs, its pages shared out over `shares` processes where the configuration
    allows (parallel_mkdocs.py); its warnings come back as diagnostics, its failures raise
    PortalError. look is given the HTML files built, each once, and what it finds comes back."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from . import parallel_mkdocs

    found: list[Diagnostic] = []
    with engine_run(site, config_file, project, found):
        config = load_config(config_file=str(config_file), site_dir=str(site_dir))
        if shares > 1 and parallel_mkdocs.splittable(config):
            # The shares' warnings, in a serial build's order (this process's capture has only its own).
            records, unsafe = parallel_mkdocs.build(config, shares, look)
            return [_from_mkdocs(r, site, config_file, project) for r in records], unsafe
        mkdocs_build(config)
        unsafe = look(sorted(site_dir.rglob("*.html")))
    return found, unsafe


@contextmanager
def engine_run(site: Site, config_file: Path, project: Path, found: list[Diagnostic]):
    """Around a run of MkDocs (a build, or the preview's steps): its warnings captured into found
    (pointed back at content files), the build's date pinned to the content's, so two builds of
    the same content are the same bytes (MkDocs dates the sitemap by the build), its failures
    raised as PortalError."""
    import jinja2
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    capture = _Capture()
    saved = logger.handlers[:], logger.propagate
    logger.handlers, logger.propagate = [capture], False
    epoch_was_set = "SOURCE_DATE_EPOCH" in os.environ
    if not epoch_was_set:
        os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime.combine(site.date, time_of_day.min, UTC).timestamp()))
    try:
        yield
    except MkDocsException as exc:
        details = [_from_mkdocs(r, site, config_file, project) for r in capture.records]
        raise PortalError(f"MkDocs could not build the site: {exc}", details) from None
    except jinja2.TemplateError as exc:
        where = f"{getattr(exc, 'filename', '')}:{getattr(exc, 'lineno', '')}"
        raise PortalError(f"a theme template is broken: {where}: {exc}") from None
    finally:
        logger.handlers, logger.propagate = saved
        if not epoch_was_set:
            del os.environ["SOURCE_DATE_EPOCH"]
    found += [_from_mkdocs(r, site, config_file, project) for r in capture.records]


def live_server(builder, host: str, port: int, site_dir: Path, watched: list[Path]):
    """MkDocs' live-reload server: it serves site_dir, polls the watched files and folders (real
    changes only) and calls builder after each, then reloads the open pages."""
    from mkdocs.livereload import LiveReloadServer

    # Polled every 0.2 s rather than MkDocs' 0.5 s: an edit shows sooner, and listing a large
    # content tree five times a second costs a few per cent of one core.
    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(site_dir), polling_interval=0.2)
    not_found = site_dir / "404.html"
    server.error_handler = lambda code: not_found.read_bytes() if code == 404 and not_found.is_file() else None
    for path in watched:
        server.watch(str(path))
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    return server
