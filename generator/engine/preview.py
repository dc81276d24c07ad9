"""MkDocs kept warm for the preview: one built site's engine state (its loaded configuration,
files, navigation, Jinja environment and pages), held between edits, so that an edit which
changes only what some pages say rebuilds those pages with MkDocs' own functions instead of
the whole site.

The state is read from the generated configuration and docs tree as a full build left them:
the configuration loaded, the files gathered, the navigation made and every page's source read
(its title, which the navigation of every other page shows), as `mkdocs build` does before it
renders. A page rebuilt here goes through the same steps `mkdocs build` takes for each page
(`_populate_page`, then `_build_page`), so it is the same bytes a full build writes.
Pages are not rendered when the state is made: a rebuilt page's links to anchors in pages
never rendered are left to the portal's own link check, which reads every content file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..diagnostics import Diagnostic, PortalError
from ..render.site import Site
from ..writer import safe_join, write_file
from .mkdocs import engine_run
from .parallel_mkdocs import prepare


class WarmSite:
    """One language's site as MkDocs knows it between builds. Pages rebuilt here are written
    into stage_dir (emptied first), at the place a full build puts them in the site."""

    def __init__(self, config_file: Path, stage_dir: Path, site: Site, project: Path) -> None:
        from mkdocs.config import load_config
        from mkdocs.structure.pages import Page

        self.config_file, self.stage_dir, self.project = config_file, stage_dir, project
        found: list[Diagnostic] = []
        with engine_run(site, config_file, project, found):
            # The first half of mkdocs.commands.build.build, up to the rendering of the pages.
            config, files, env, nav = prepare(load_config(config_file=str(config_file), site_dir=str(stage_dir)),
                                              clean=False)
            for file in files.documentation_pages():
                if file.page is None:
                    Page(None, file, config)
                assert file.page is not None
                file.page.read_source(config)
            env = config.plugins.on_env(env, config=config, files=files)
        self.config, self.files, self.nav, self.env = config, files, nav, env
        self.docs_dir = Path(config.docs_dir)

    def rebuild(self, site: Site, changed: list[str]) -> list[Diagnostic]:
        """Write the changed files of site's docs tree (pages and generated files that are there
        already) and build them into stage_dir; MkDocs' warnings about them as diagnostics."""
        from mkdocs.commands.build import _build_page, _populate_page

        shutil.rmtree(self.stage_dir, ignore_errors=True)
        self.stage_dir.mkdir(parents=True)
        found: list[Diagnostic] = []
        config, files = self.config, self.files
        with engine_run(site, self.config_file, self.project, found):
            pages = []
            for path in changed:
                file = files.get_file_from_path(path)
                if file is None:
                    raise PortalError(f"the preview has no file {path} to rebuild")
                write_file(safe_join(self.docs_dir, path), _docs_bytes(site, path))
                if file.page is None:
                    file.copy_file()
                else:
                    pages.append(file.page)
            for page in pages:
                _populate_page(page, config, files)
            doc_files = files.documentation_pages(inclusion=_included())
            for page in pages:
                _build_page(page, config, doc_files, self.nav, self.env)
            for page in pages:
                page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        return found


def _docs_bytes(site: Site, path: str) -> bytes:
    """A file of the docs tree as write_docs writes it: a page, another generated text, or a copy."""
    text = site.pages.get(path, site.texts.get(path))
    return site.files[path].read_bytes() if text is None else text.encode("utf-8")


def page_title(markdown: str) -> str | None:
    """The title MkDocs gives a generated page (its front matter's): the navigation of every
    page shows it, so a page whose title changes is no change of that page alone."""
    from mkdocs.utils.meta import get_data

    title = get_data(markdown)[1].get("title")
    return None if title is None else str(title)


def _included():
    from mkdocs.structure.files import InclusionLevel

    return InclusionLevel.is_included
