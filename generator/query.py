"""`portal search`: the portal's search in a terminal, or as JSON for programs (a chat bot).

It uses the index of the last `portal build`, and indexes the content again when a content
file is newer than that index.
"""

from __future__ import annotations

import json

from .analysis import STOP_WORDS, surface_words
from .build import Options, check_content, index_content
from .diagnostics import report
from .search import highlight_stems, load_lexicon, one_edit, search, snippet


def closest_teams(query: str, keywords: dict[str, list[str]], limit: int = 3) -> list[str]:
    """Teams whose keywords come closest to the query's words: one edit away, or a shared start
    of four letters. The browser's fallback applies the same rule."""
    words = [w for w in surface_words(query) if w not in STOP_WORDS and len(w) >= 3]
    scored = []
    for team, team_keywords in keywords.items():
        keyword_words = {k for phrase in team_keywords for k in surface_words(phrase)}
        score = sum(1 for w in words if any(k == w or one_edit(w, k) or (len(w) >= 4 and len(k) >= 4 and k[:4] == w[:4])
                                            for k in keyword_words))
        if score:
            scored.append((-score, team))
    return [team for _, team in sorted(scored)[:limit]]


def _fresh(options: Options) -> bool:
    lexicon = options.build_dir / "search" / "lexicon.json"
    teams = options.build_dir / "search" / "teams.json"
    if not lexicon.is_file() or not teams.is_file():
        return False
    built = lexicon.stat().st_mtime
    return all(p.stat().st_mtime <= built for p in options.content_dir.rglob("*") if p.is_file())


def run_search(options: Options, query: str, limit: int, team: str | None, kind: str | None, as_json: bool) -> int:
    search_dir = options.build_dir / "search"
    if not _fresh(options):
        checked = check_content(options, history=False)
        if checked.content is None:
            report(checked.diagnostics)
            print("Cannot search: fix the problems above.")
            return 1
        index_content(checked.content, options)
    lexicon = load_lexicon(search_dir / "lexicon.json")
    teams = json.loads((search_dir / "teams.json").read_text(encoding="utf-8"))
    results = search(search_dir / "index", lexicon, query, limit, team, kind)
    stems = highlight_stems(results.terms, lexicon.phrases)
    hits = []
    for rank, hit in enumerate(results.hits, 1):
        text, spans = snippet(hit.text, stems)
        hits.append({"rank": rank, "score": round(hit.score, 6), "doc": hit.doc, "title": hit.title,
                     "page": hit.page, "url": hit.url, "team": hit.team,
                     "team_name": teams["cards"].get(hit.team, {}).get("name", ""),
                     "kind": hit.kind, "snippet": text, "highlights": spans})
    fallback = None
    if not hits:
        fallback = {"help": teams["cards"].get(teams["help"]),
                    "teams": [teams["cards"][t] for t in closest_teams(query, teams["keywords"])]}
    out = {"query": query, "total": results.total, "results": hits, "facets": results.facets,
           "cards": [teams["cards"][t] for t in results.cards], "fallback": fallback}
    if as_json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    _print_text(out)
    return 0


def _card_line(card: dict) -> str:
    return f"{card['name']} — " + "; ".join(f"{c['type']}: {c['text']}" for c in card["channels"][:3])


def _print_text(out: dict) -> None:
    for card in out["cards"]:
        print(f"» {_card_line(card)}\n")
    for hit in out["results"]:
        text = hit["snippet"]
        for start, end in reversed(hit["highlights"]):
            text = text[:start] + "*" + text[start:end] + "*" + text[end:]
        where = f"{hit['page']} › " if hit["page"] else ""
        print(f"{hit['rank']:2}. {where}{hit['title']}  [{hit['kind']}, {hit['team_name'] or 'organisation'}]")
        print(f"    /{hit['url']}   score {hit['score']:.6f}")
        print(f"    {text}\n")
    if out["fallback"]:
        print(f"Nothing found for \"{out['query']}\". Ask a person:")
        for card in [out["fallback"]["help"], *out["fallback"]["teams"]]:
            if card:
                print(f"  {_card_line(card)}")
    else:
        print(f"{out['total']} result{'s' * (out['total'] != 1)}")
