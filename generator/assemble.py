"""A site built in parts, one language each (one CI job each), put together.

`portal build --language fi --site-dir part-fi` builds what the whole build puts in site/fi/
(the original language's part is the top of the site) and marks the folder as a part: which
language, of which languages, for which audiences. `portal assemble part-* --site-dir site`
checks that the parts make one whole site and copies them into place, the same bytes as a
build on one machine. Each part was checked and scanned for unsafe pages when it was built.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .diagnostics import PortalError
from .writer import replace_dir

MARK = ".portal-part.json"


def mark(part: Path, language: str, languages: list[str], audiences: list[str]) -> None:
    (part / MARK).write_text(json.dumps({"language": language, "languages": languages, "audiences": audiences}),
                             encoding="utf-8")


def _read_mark(part: Path) -> dict:
    try:
        data = json.loads((part / MARK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise PortalError(f"{part} is not a part of a site: build one with 'portal build --language <code> "
                          f"--site-dir {part}'") from None
    if not isinstance(data, dict) or not {"language", "languages", "audiences"} <= data.keys():
        raise PortalError(f"{part} holds a {MARK} this portal does not know: build the part again")
    return data


def assemble(parts: list[Path], site_dir: Path) -> list[str]:
    """Put the parts together into site_dir (replaced whole, as a build replaces it); the
    languages, the original's first. Refused unless every language is there exactly once, all
    built from the same languages for the same audiences."""
    marks = [(part, _read_mark(part)) for part in parts]
    languages, audiences = marks[0][1]["languages"], marks[0][1]["audiences"]
    for part, data in marks:
        if data["languages"] != languages or data["audiences"] != audiences:
            raise PortalError(f"{part} was built for languages {', '.join(data['languages'])} and audiences "
                              f"{', '.join(data['audiences']) or 'everyone only'}, {marks[0][0]} for "
                              f"{', '.join(languages)} and {', '.join(audiences) or 'everyone only'}: build all "
                              "parts from the same commit with the same --audience")
    by_language: dict[str, Path] = {}
    for part, data in marks:
        if data["language"] in by_language:
            raise PortalError(f"{by_language[data['language']]} and {part} are both the {data['language']} part: "
                              "give each language once")
        by_language[data["language"]] = part
    missing = [lang for lang in languages if lang not in by_language]
    if missing:
        raise PortalError(f"no part for {', '.join(missing)}: build it with 'portal build --language "
                          f"{missing[0]}' and give it too")

    def copy(tmp: Path) -> None:
        for lang in languages:  # the original's first, as the build puts the others in its <code>/
            target = tmp if lang == languages[0] else tmp / lang
            shutil.copytree(by_language[lang], target, dirs_exist_ok=True, symlinks=True,
                            ignore=lambda folder, names, top=by_language[lang]: [MARK] if Path(folder) == top else [])

    replace_dir(site_dir, copy)
    return languages
