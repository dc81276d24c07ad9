"""The browser's search files, exported from the Whoosh index into the site.

    search/portal/manifest.json.gz   the plan's rules (rules.py), shard keys, the language's
                                     analysis (its stemmer's name), synonym phrases, the teams'
                                     keywords as terms, teams, kinds, help desk, where the
                                     original language's index is
    search/portal/lex/<n>.json.gz    surface form -> [term, document frequency] (typos, completion)
    search/portal/post/<n>.json.gz   term -> {d: document number gaps, v: distinct impacts,
                                              i: each posting's impact (index into v), f: team and kind}
    search/portal/doc/<n>.json.gz    what a result shows: url, title, page, team, kind, text
    search/portal/team/<id>.json.gz  a team's contact card, for keyword cards and the fallback
    search/portal/keywords.json.gz   every team's keywords, fetched only when nothing matches

A query fetches the manifest, the language's stemmer (theme/assets/javascripts/snowball/), one
postings shard per term, a lexicon shard only for a word the index does not hold or the word
being typed, and the documents it shows: never the whole index. Files are gzipped here (as a static server
may not compress) and unpacked by the browser; the same bytes for the same content.
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from pathlib import Path

from ..content.languages import labels
from ..content.model import Content
from ..writer import write_tree
from .analysis import BROWSER_TOKEN_PATTERN, SYNONYM_PREFIX, analysis_of, stop_words
from .index import KINDS, SNIPPET_SOURCE, SearchDoc
from .rank import Exported, shard_keys, shard_of
from .rules import rules
from .score import round_impact

# The manifest's format; portal-search-core.js refuses an index of another (its FORMAT).
FORMAT = 3
POSTINGS_SHARD_MAX = 6000  # postings per shard before it is split by a longer prefix


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _postings(postings: dict[int, float], facet: list[int]) -> dict:
    """A term's postings in columns, which compress far better than a list of triples."""
    docs = sorted(postings)
    rounded = [round_impact(postings[d]) for d in docs]
    values = sorted(set(rounded))
    index = {v: n for n, v in enumerate(values)}
    return {"d": [b - a for a, b in zip([0, *docs], docs, strict=False)], "v": values,
            "i": [index[v] for v in rounded], "f": [facet[d] for d in docs]}


def team_card(content: Content, team_id: str, lang: str = "en") -> dict:
    team = content.teams[team_id]
    value = team.team.value
    types = labels(lang)["channel_types"]
    channels = [{"type": types[c.type], "text": c.text, "href": c.href, "for": c.description}
                for c in value.channels]
    return {"id": team_id, "name": value.name, "url": f"teams/{team_id}/", "channels": channels}


def export(content: Content, docs: list[SearchDoc], exported: Exported, target: Path, translated: bool = False) -> None:
    """Write the search files under target (site/search/portal, or site/<lang>/search/portal
    for a translated site, whose manifest points to the original's index)."""
    lexicon = exported.lexicon
    analysis = analysis_of(lexicon.language)
    teams = sorted(content.teams)
    kinds = list(KINDS)
    files: dict[str, str] = {}

    # A form no shard key starts (shard_of gives None) is in no shard.
    lex_shards: dict[str | None, dict] = defaultdict(dict)
    lex_keys = set(lexicon.keys)
    lex_longest = max(map(len, lex_keys), default=0)
    for form, entry in lexicon.forms.items():
        lex_shards[shard_of(form, lex_keys, lex_longest)][form] = entry
    for n, key in enumerate(lexicon.keys):
        files[f"lex/{n}.json"] = _json(lex_shards.get(key, {}))

    # Each posting carries its document's team and kind, so facets count without more fetches.
    team_number = {t: n + 1 for n, t in enumerate(teams)}  # 0 is the organisation's own pages
    kind_number = {k: n for n, k in enumerate(kinds)}
    facet = [team_number.get(d.team, 0) * len(kinds) + kind_number[d.kind] for d in docs]
    weights = {term: len(postings) for term, postings in exported.impacts.items()}
    post_keys = _weighted_keys(weights, POSTINGS_SHARD_MAX)
    post_key_set = set(post_keys)
    post_longest = max(map(len, post_keys), default=0)
    post_shards: dict[str | None, dict] = defaultdict(dict)
    for term, postings in exported.impacts.items():
        post_shards[shard_of(term, post_key_set, post_longest)][term] = _postings(postings, facet)
    for n, key in enumerate(post_keys):
        files[f"post/{n}.json"] = _json(post_shards.get(key, {}))

    for n, doc in enumerate(docs):
        data: dict[str, str | list[str]] = {"u": doc.url, "t": doc.title, "p": doc.page_title, "m": doc.team, "k": doc.kind,
                "x": doc.body[:SNIPPET_SOURCE]}
        if doc.locations:
            data["o"] = list(doc.locations)
        if doc.contracts:
            data["c"] = list(doc.contracts)
        files[f"doc/{n}.json"] = _json(data)
    for team_id in teams:
        files[f"team/{team_id}.json"] = _json(team_card(content, team_id, lexicon.language))
    files["keywords.json"] = _json({t: content.teams[t].team.value.keywords for t in teams})

    settings = content.settings.value
    files["manifest.json"] = _json({
        "version": FORMAT,
        "docs": len(docs),
        # The plan's rules and constants (generator/search/rules.py): the browser has no copy.
        "rules": rules(),
        # The tokenizer's expression (analysis.TOKEN_PATTERN), written for JavaScript.
        "pattern": BROWSER_TOKEN_PATTERN,
        "synonymPrefix": SYNONYM_PREFIX,
        "language": lexicon.language,
        # portal-search.js normalises as analysis.Analysis.normalise does, and stems with the
        # Snowball algorithm of this name (snowball/<name>-stemmer.js), or not at all.
        "fold": analysis.fold_marks,
        "chars": analysis.chars,
        "stemmer": analysis.stemmer,
        "stemsWordsWith": analysis.stems_words_with,
        "stop": sorted(stop_words(lexicon.language)),
        # Relative to this directory: site/<lang>/search/portal/ -> site/search/portal/.
        "original": {"index": "../../../search/portal/", "covers": lexicon.covers} if translated else None,
        "phrases": [[list(p), t] for p, t in sorted(lexicon.phrases.items())],
        # Each team's keywords, name and id, as the terms a query makes of them: keyword cards.
        "keywords": lexicon.keywords,
        "lex": lexicon.keys,
        "post": post_keys,
        "teams": [[t, content.teams[t].name] for t in teams],
        "kinds": [[k, labels(lexicon.language)["kinds"][k]] for k in kinds],
        "help": team_card(content, settings.help_desk, lexicon.language) if settings.help_desk in content.teams else None,
    })
    write_tree(target, {}, binary={f"{name}.gz": gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)
                                   for name, text in files.items()})


def _weighted_keys(weights: dict[str, int], limit: int) -> list[str]:
    """Shard keys for terms so that no shard holds more than `limit` postings, where it can be split."""
    keys = shard_keys(sorted(weights), limit)
    # shard_keys splits by the number of words; split again where postings are heavier.
    changed = True
    while changed:
        changed = False
        key_set = set(keys)
        longest = max(map(len, keys), default=0)
        load: dict[str | None, int] = defaultdict(int)
        members: dict[str | None, list[str]] = defaultdict(list)
        for term, weight in weights.items():
            key = shard_of(term, key_set, longest)
            load[key] += weight
            members[key].append(term)
        for key in list(keys):
            longer = [t for t in members[key] if len(t) > len(key)]
            if load[key] > limit and longer:
                extra = {t[: len(key) + 1] for t in longer}
                keys = sorted(set(keys) | extra)
                changed = True
    return keys
