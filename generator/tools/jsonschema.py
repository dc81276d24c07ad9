"""JSON Schemas of the content files, for editors: autocomplete and inline errors while typing.

`portal schema` writes them to schemas/ and maps them to the files in .vscode/settings.json
(the YAML language server reads it; other editors take the `# yaml-language-server: $schema=`
line that `portal new` writes). They come from the same classes that validate the content.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..content.schema import (
    BenefitsFile,
    FaqFile,
    NewsMeta,
    PageMeta,
    PortalSettings,
    Schema,
    SopMeta,
    SynonymsFile,
    Team,
    TeamNav,
    TranslatedArticle,
    TranslatedBenefitsFile,
    TranslatedFaqFile,
    TranslatedPortal,
    TranslatedTeam,
)

# schema file -> (class, the content files it describes)
FILES: dict[str, tuple[type[Schema], str]] = {
    # Translations first: name.<lang>.md would match its original's pattern too.
    "portal-translation.schema.json": (TranslatedPortal, "content/portal.*.yml"),
    "team-translation.schema.json": (TranslatedTeam, "content/teams/*/team.*.yml"),
    "faq-translation.schema.json": (TranslatedFaqFile, "content/teams/*/faq.*.yml"),
    "benefits-translation.schema.json": (TranslatedBenefitsFile, "content/teams/*/benefits.*.yml"),
    "translation.schema.json": (TranslatedArticle, "content/**/*.*.md"),
    "portal.schema.json": (PortalSettings, "content/portal.yml"),
    "synonyms.schema.json": (SynonymsFile, "content/synonyms.yml"),
    "team.schema.json": (Team, "content/teams/*/team.yml"),
    "faq.schema.json": (FaqFile, "content/teams/*/faq.yml"),
    "benefits.schema.json": (BenefitsFile, "content/teams/*/benefits.yml"),
    "nav.schema.json": (TeamNav, "content/teams/*/nav.yml"),
    # Markdown front matter: editors that validate it take these; the YAML files' mapping is above.
    "sop.schema.json": (SopMeta, "content/teams/*/sops/*.md"),
    "page.schema.json": (PageMeta, "content/teams/*/pages/*.md"),
    "news.schema.json": (NewsMeta, "content/news/*.md"),
}


def schemas() -> dict[str, str]:
    """Schema file name -> its JSON text (stable, so a check can compare)."""
    out = {}
    for name, (cls, _) in FILES.items():
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **cls.model_json_schema()}
        out[name] = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return out


def vscode_settings(existing: dict) -> str:
    """.vscode/settings.json with the YAML files mapped to their schemas (other settings kept)."""
    mapping = {f"schemas/{name}": pattern for name, (_, pattern) in FILES.items() if pattern.endswith(".yml")}
    return json.dumps({**existing, "yaml.schemas": mapping}, indent=2, sort_keys=True) + "\n"


def write(root: Path, check: bool) -> list[str]:
    """Write (or, with check, compare) schemas/ and .vscode/settings.json; the stale files' names."""
    settings_file = root / ".vscode" / "settings.json"
    existing = json.loads(settings_file.read_text(encoding="utf-8")) if settings_file.is_file() else {}
    wanted = {root / "schemas" / name: text for name, text in schemas().items()}
    wanted[settings_file] = vscode_settings(existing)
    stale = [str(path.relative_to(root)) for path, text in wanted.items()
             if not path.is_file() or path.read_text(encoding="utf-8") != text]
    if not check:
        for path, text in wanted.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return stale
