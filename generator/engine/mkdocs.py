"""What the portal takes from MkDocs' configuration of the organisation (mkdocs.yml).

The Markdown dialect is read here with MkDocs' own configuration machinery (its `INHERIT`,
`!ENV` and extension syntax), so the portal's reading of owner text and MkDocs' rendering of
it can never be configured apart.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from ..content.markdown import MarkdownSettings
from ..diagnostics import Diagnostic, Severity


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
