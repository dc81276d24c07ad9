"""`portal search`: the portal's search in a terminal, or as JSON for programs (a chat bot).

It uses the index of the last `portal build`, and indexes the content again when a content
file was added, changed or deleted since (synonyms.yml too), or mkdocs.yml changed. With
--language, it searches as that language's site does: its translations first, then the
originals not translated yet.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..content.languages import LANGUAGES
from ..diagnostics import PortalError, report
from ..escape import terminal
from ..lock import held
from ..pipeline import SOURCES, Checked, Options, reindex, sources
from ..search.analysis import stop_words, surface_words
from ..search.rank import Index, Lexicon, highlight_stems, lexicon_is_current, load_lexicon, one_edit, search, snippet
from ..search.rules import CARD_CHANNELS, FALLBACK_MIN_LENGTH, FALLBACK_PREFIX, FALLBACK_TEAMS


def closest_teams(query: str, keywords: dict[str, list[str]], limit: int = FALLBACK_TEAMS, lang: str = "en") -> list[str]:
    """Teams whose keywords come closest to the query's words: one edit away, or a shared start
    of FALLBACK_PREFIX letters. The browser's fallback applies the same rule."""
    stop = stop_words(lang)
    words = [w for w in surface_words(query, lang) if w not in stop and len(w) >= FALLBACK_MIN_LENGTH]
    n = FALLBACK_PREFIX
    scored = []
    for team, team_keywords in keywords.items():
        keyword_words = {k for phrase in team_keywords for k in surface_words(phrase, lang)}
        score = sum(1 for w in words if any(k == w or one_edit(w, k) or (len(w) >= n and len(k) >= n and k[:n] == w[:n])
                                            for k in keyword_words))
        if score:
            scored.append((-score, team))
    return [team for _, team in sorted(scored)[:limit]]


def _fresh(search_dir: Path, options: Options) -> bool:
    """Whether the index was built from the content as it is now: the same files (none added or
    deleted, synonyms.yml included), each of the same size and time of change."""
    if not all((search_dir / name).is_file() for name in ("lexicon.json", "teams.json", SOURCES)):
        return False
    if not lexicon_is_current(search_dir / "lexicon.json"):
        return False  # one an earlier version of the portal wrote
    try:
        read = json.loads((search_dir / SOURCES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(read) and read == sources(options)


def _search_dirs(options: Options, lang: str | None) -> list[Path]:
    """The index directories a query in lang searches: its own, then the original language's."""
    original = options.build_dir / "search"
    if lang is None:
        return [original]
    try:
        first = json.loads((original / "lexicon.json").read_text(encoding="utf-8"))["language"]
    except (OSError, ValueError, KeyError):
        first = None
    if lang == first:
        return [original]
    return [options.build_dir / "lang" / lang / "search", original]


def _reindex(options: Options, lang: str | None, checked: Checked | None) -> bool:
    try:
        checked = reindex(options, lang, checked)
    except PortalError as exc:
        print(f"portal search: {exc}", file=sys.stderr)
        return False
    if checked.content is None:
        report(checked.diagnostics)
        print("Cannot search: fix the problems above.")
        return False
    return True


def run_search(options: Options, query: str, limit: int, team: str | None, kind: str | None, as_json: bool,
               lang: str | None = None) -> int:
    # A build rewrites the index this reads (and this may rewrite it): one at a time.
    with held([options.build_dir]):
        return _run_search(options, query, limit, team, kind, as_json, lang)


def open_search(options: Options, lang: str | None,
                checked: Checked | None = None) -> tuple[Path, Lexicon, Index | None] | None:
    """What a query in lang searches: its index directory and lexicon, and the original
    language's index after it (see _search_dirs), indexed again first when content changed
    (from checked, phase one's result, when the caller has it already); None, with the problems
    printed, when the content cannot be indexed."""
    dirs = _search_dirs(options, lang)
    if not all(_fresh(d, options) for d in dirs):
        if not _reindex(options, lang, checked):
            return None
        dirs = _search_dirs(options, lang)
    original = Index(dirs[1] / "index", load_lexicon(dirs[1] / "lexicon.json")) if len(dirs) > 1 else None
    return dirs[0], load_lexicon(dirs[0] / "lexicon.json"), original


def _run_search(options: Options, query: str, limit: int, team: str | None, kind: str | None, as_json: bool,
                lang: str | None) -> int:
    opened = open_search(options, lang)
    if opened is None:
        return 1
    search_dir, lexicon, original = opened
    teams = json.loads((search_dir / "teams.json").read_text(encoding="utf-8"))
    results = search(search_dir / "index", lexicon, query, limit, team, kind, original)
    stems = highlight_stems(results.terms, lexicon.phrases)
    original_stems = highlight_stems(results.original_terms, original.lexicon.phrases) if original else []
    hits = []
    for rank, hit in enumerate(results.hits, 1):
        language = original.lexicon.language if hit.original and original else lexicon.language
        text, spans = snippet(hit.text, original_stems if hit.original else stems, language)
        hits.append({"rank": rank, "score": round(hit.score, 6), "doc": hit.doc, "title": hit.title,
                     "page": hit.page, "url": hit.url, "team": hit.team,
                     "team_name": teams["cards"].get(hit.team, {}).get("name", ""),
                     "kind": hit.kind, "snippet": text, "highlights": spans, "language": language})
    fallback = None
    if not hits:
        fallback = {"help": teams["cards"].get(teams["help"]),
                    "teams": [teams["cards"][t] for t in closest_teams(query, teams["keywords"], lang=lexicon.language)]}
    out = {"query": query, "language": lexicon.language, "total": results.total, "results": hits, "facets": results.facets,
           "cards": [teams["cards"][t] for t in results.cards], "fallback": fallback,
           "unmatched": results.unmatched, "offer": results.offer}
    if as_json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    _print_text(out)
    return 0


def _card_line(card: dict) -> str:
    return terminal(f"{card['name']} — " + "; ".join(f"{c['type']}: {c['text']}" for c in card["channels"][:CARD_CHANNELS]))


def _print_text(out: dict) -> None:
    for card in out["cards"]:
        print(f"» {_card_line(card)}\n")
    if out["unmatched"]:
        # The browser says the same in the page's language (theme/labels.yml search_unmatched).
        offer = f" Search for \"{out['offer']}\" instead." if out["offer"] else ""
        print(terminal(f"No match for: {', '.join(out['unmatched'])}.{offer}") + "\n")
    for hit in out["results"]:
        text = hit["snippet"]
        for start, end in reversed(hit["highlights"]):
            text = text[:start] + "*" + text[start:end] + "*" + text[end:]
        where = f"{hit['page']} › " if hit["page"] else ""
        # An original not translated yet says which language it is in.
        untranslated = f", {LANGUAGES[hit['language']].name}" if hit["language"] != out["language"] else ""
        print(terminal(f"{hit['rank']:2}. {where}{hit['title']}  "
                       f"[{hit['kind']}, {hit['team_name'] or 'organisation'}{untranslated}]"))
        print(terminal(f"    /{hit['url']}   score {hit['score']:.6f}"))
        print(terminal(f"    {text}") + "\n")
    if out["fallback"]:
        print(terminal(f"Nothing found for \"{out['query']}\". Ask a person:"))
        for card in [out["fallback"]["help"], *out["fallback"]["teams"]]:
            if card:
                print(f"  {_card_line(card)}")
    else:
        print(f"{out['total']} result{'s' * (out['total'] != 1)}")
