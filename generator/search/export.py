"""The browser's search files, exported from the Whoosh index into the site.

    search/portal/manifest.json.gz   the plan's rules (rules.py), shard keys, the language's
                                     analysis (its stemmer's name), synonym phrases, the teams'
                                     keywords as terms, teams, kinds, help desk, where the
                                     original language's index is
    search/portal/lex/<n>.json.gz    surface form -> [term, document frequency] (typos, completion)
    search/portal/post/<n>.json.gz   {p: term -> {d: document number gaps, v: distinct impacts,
                                              i: each posting's impact (1 + index into v, 0 for
                                              one in the tail), f: team and kind, each as its
                                              difference from the posting's before (zigzag),
                                              t: the tail's blocks},
                                          k: term -> [[team, keyword as terms], ...]}
    search/portal/tail/<n>.json.gz   one block of a common term's weaker impacts: {v, i}

The columns of numbers (d, i, f) are strings of base-32 digits (_digits), not JSON lists: a
posting's numbers take a character or two and no comma, a sixth fewer bytes once compressed.
    search/portal/doc/<n>.json.gz    a chunk of consecutive documents (manifest "docChunk" each),
                                     each what a result shows: url, title, page, team, kind, text
    search/portal/team/<n>.json.gz   a chunk of teams' contact cards ("teamChunk" each, in the
                                     manifest's order of teams), for keyword cards and the fallback
    search/portal/keywords.json.gz   every team's keywords, fetched only when nothing matches
    search/portal/search.js          the page's search script with the language's stemmer and
                                     manifest (script.py), plain JavaScript every page loads

A team's keyword (its name and id too, as the terms a query makes of them) sits in the postings
shard of one of its terms, the one in fewest documents: a query that holds the keyword whole holds
that term, and so fetches that shard anyway (keyword cards). Only a keyword none of whose terms has
a shard stays in the manifest; the manifest no longer grows with the number of teams' keywords.

A query fetches (its script, stemmer and manifest came with the page) one
postings shard per term, a lexicon shard only for a word the index does not hold or the word
being typed, and the chunks of the documents it shows: never the whole index.

A common term's postings keep every document (so the number of matches, the concepts each
document matches and the facet counts are exact from the shards alone) but only its strongest
impacts, those of its HEAD_POSTINGS best documents; the weaker ones (the tail, all below the
head's weakest) wait in blocks of TAIL_BLOCK postings by document number, each block's strongest
impact beside its place in the shard. The browser fetches a block only while a document in it
could still enter the results it shows: their ranking is the one the whole postings give.

Documents and team cards are grouped into chunks of consecutive numbers, sized by compressed
bytes (DOC_CHUNK_BYTES, TEAM_CHUNK_BYTES), so a site of 10,000 pages stays within a couple of
thousand files, which static hosts and their uploads handle well; documents of one page and one
team are neighbours, so the results of a query often share a chunk. Files are gzipped here (as a static server
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
from .script import search_script

# The manifest's format; portal-search-core.js refuses an index of another (its FORMAT).
FORMAT = 8
POSTINGS_SHARD_MAX = 6000  # postings per shard before it is split by a longer prefix
HEAD_POSTINGS = 2048  # a term with more postings keeps the impacts of only this many best in its shard
TAIL_BLOCK = 4096  # a tail's postings per file
DOC_CHUNK_BYTES = 6000  # compressed bytes a chunk of documents aims at
DOC_CHUNKS_MAX = 800  # and never more chunks than this: larger chunks instead
TEAM_CHUNK_BYTES = 4000


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _postings(postings: dict[int, float], facet: list[int], tails: list[dict], head_size: int, block_size: int) -> dict:
    """A term's postings in columns, which compress far better than a list of triples; a
    common term's weaker impacts appended to tails, one block a file."""
    docs = sorted(postings)
    rounded = [round_impact(postings[d]) for d in docs]
    head = set(rounded)
    if len(docs) > head_size:
        # Impacts equal to the head's weakest stay in the head: every tail impact is weaker.
        weakest = sorted(rounded, reverse=True)[head_size - 1]
        head = {v for v in head if v >= weakest}
    values = sorted(head)
    index = {v: n for n, v in enumerate(values)}
    column: dict[str, list | str] = {"d": _digits(_gaps(docs)), "v": values,
                                     "i": _digits([index.get(v, -1) + 1 for v in rounded]),
                                     "f": _facets([facet[d] for d in docs])}
    tail = [(d, v) for d, v in zip(docs, rounded, strict=True) if v not in index]
    blocks: list[list] = []  # each: its first document, its file, its strongest impact
    for start in range(0, len(tail), block_size):
        block = tail[start:start + block_size]
        block_values = sorted({v for _, v in block})
        block_index = {v: n for n, v in enumerate(block_values)}
        blocks.append([block[0][0], len(tails), block_values[-1]])
        tails.append({"v": block_values, "i": _digits([block_index[v] for _, v in block])})
    if blocks:
        column["t"] = blocks
    return column


DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _digit_string(number: int) -> str:
    digits = [number & 31]
    number >>= 5
    while number:
        digits.append((number & 31) | 32)
        number >>= 5
    return "".join(DIGITS[d] for d in reversed(digits))


# The numbers of a column are mostly small (gaps between documents, a value's place): each below
# this is looked up, not worked out, which made the columns a third of the export's time.
_SMALL = [_digit_string(n) for n in range(1 << 10)]


def _digits(numbers: list[int]) -> str:
    """Numbers (0 or more) as one string: each in base 32, most significant digit first, every
    digit but its last one marked by 32 more (portal-search-core.js `numbers` reads it)."""
    small = _SMALL
    return "".join([small[n] if n < 1024 else _digit_string(n) for n in numbers])


def _facets(values: list[int]) -> str:
    """Facets as _digits of their differences, zigzag: a difference may be negative (a team's
    documents need not come kind by kind)."""
    return _digits([2 * g if g >= 0 else -2 * g - 1 for g in _gaps(values)])


def _front_coded(keys: list[str]) -> str:
    """Sorted keys as one string, a line each: how many letters it shares with the key before it
    (one of DIGITS), then its other letters. Neighbours share most of their letters; a third of
    the bytes compressed."""
    lines, before = [], ""
    for key in keys:
        shared = 0
        while shared < min(len(key), len(before), len(DIGITS) - 1) and key[shared] == before[shared]:
            shared += 1
        lines.append(DIGITS[shared] + key[shared:])
        before = key
    return "\n".join(lines)


def _gaps(values: list[int]) -> list[int]:
    """Each value as its difference from the one before: documents are numbered team by team, so a
    term's facets mostly repeat and their differences are mostly 0, which compresses well."""
    return [b - a for a, b in zip([0, *values], values, strict=False)]


def _chunk_size(records: list[str], target: int, most: int) -> int:
    """How many records a chunk holds so that one compresses to about target bytes, and there
    are at most `most` chunks."""
    if not records:
        return 1
    packed = len(gzip.compress("".join(records).encode("utf-8"), compresslevel=6, mtime=0))
    by_bytes = max(1, round(target * len(records) / packed))
    return max(by_bytes, -(-len(records) // most))


def team_card(content: Content, team_id: str, lang: str = "en") -> dict:
    team = content.teams[team_id]
    value = team.team.value
    types = labels(lang)["channel_types"]
    channels = [{"type": types[c.type], "text": c.text, "href": c.href, "for": c.description}
                for c in value.channels]
    return {"id": team_id, "name": value.name, "url": f"teams/{team_id}/", "channels": channels}


def export(content: Content, docs: list[SearchDoc], exported: Exported, target: Path, translated: bool = False, *,
           head_size: int = HEAD_POSTINGS, block_size: int = TAIL_BLOCK, doc_chunk_bytes: int = DOC_CHUNK_BYTES) -> None:
    """Write the search files under target (site/search/portal, or site/<lang>/search/portal
    for a translated site, whose manifest points to the original's index). The sizes are the
    module's own but for tests, which make tails of a small organisation."""
    lexicon = exported.lexicon
    analysis = analysis_of(lexicon.language)
    teams = sorted(content.teams)
    kinds = list(KINDS)
    # Each file gzipped as it is made: a large site's files as text, all held to the end, were
    # the export's largest moment.
    packed: dict[str, bytes] = {}

    def pack(name: str, text: str) -> None:
        packed[f"{name}.gz"] = gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)

    # A form no shard key starts (shard_of gives None) is in no shard.
    lex_shards: dict[str | None, dict] = defaultdict(dict)
    lex_keys = set(lexicon.keys)
    lex_longest = max(map(len, lex_keys), default=0)
    for form, entry in lexicon.forms.items():
        lex_shards[shard_of(form, lex_keys, lex_longest)][form] = entry
    for n, key in enumerate(lexicon.keys):
        pack(f"lex/{n}.json", _json(lex_shards.get(key, {})))

    # Each posting carries its document's team and kind, so facets count without more fetches.
    team_number = {t: n + 1 for n, t in enumerate(teams)}  # 0 is the organisation's own pages
    kind_number = {k: n for n, k in enumerate(kinds)}
    facet = [team_number.get(d.team, 0) * len(kinds) + kind_number[d.kind] for d in docs]
    weights = {term: len(postings) for term, postings in exported.impacts.items()}
    post_keys = _weighted_keys(weights, POSTINGS_SHARD_MAX)
    post_key_set = set(post_keys)
    post_longest = max(map(len, post_keys), default=0)
    post_shards: dict[str | None, dict] = defaultdict(dict)
    tails: list[dict] = []
    for term, postings in exported.impacts.items():
        post_shards[shard_of(term, post_key_set, post_longest)][term] = _postings(postings, facet, tails, head_size, block_size)
    keyword_shards: dict[str | None, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    unsharded: dict[str, list[list[str]]] = {}
    for team, keywords in sorted(lexicon.keywords.items()):
        for keyword in keywords:
            held = [(weights.get(t, 0), t) for t in keyword if shard_of(t, post_key_set, post_longest) is not None]
            if held:
                term = min(held)[1]
                keyword_shards[shard_of(term, post_key_set, post_longest)][term].append([team, keyword])
            else:
                unsharded.setdefault(team, []).append(keyword)
    for n, key in enumerate(post_keys):
        pack(f"post/{n}.json", _json({"p": post_shards.get(key, {}), "k": keyword_shards.get(key, {})}))
    for n, block in enumerate(tails):
        pack(f"tail/{n}.json", _json(block))

    records = [_json(_doc_record(doc)) for doc in docs]
    doc_chunk = _chunk_size(records, doc_chunk_bytes, DOC_CHUNKS_MAX)
    for n in range(0, len(records), doc_chunk):
        pack(f"doc/{n // doc_chunk}.json", "[" + ",".join(records[n:n + doc_chunk]) + "]")
    cards = [_json(team_card(content, team_id, lexicon.language)) for team_id in teams]
    team_chunk = _chunk_size(cards, TEAM_CHUNK_BYTES, len(cards) or 1)
    for n in range(0, len(cards), team_chunk):
        pack(f"team/{n // team_chunk}.json", "[" + ",".join(cards[n:n + team_chunk]) + "]")
    pack("keywords.json", _json({t: content.teams[t].team.value.keywords for t in teams}))

    settings = content.settings.value
    manifest = _json({
        "version": FORMAT,
        "docs": len(docs),
        # Document n is item n % docChunk of doc/<n // docChunk>; team number n (in "teams")
        # item n % teamChunk of team/<n // teamChunk>.
        "docChunk": doc_chunk,
        "teamChunk": team_chunk,
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
        # The teams' keywords (names, ids) as terms that are in no postings shard (see above).
        "keywords": unsharded,
        # The shard keys, sorted, each after the one before it (_front_coded).
        "lex": _front_coded(lexicon.keys),
        "post": _front_coded(post_keys),
        "teams": [[t, content.teams[t].name] for t in teams],
        "kinds": [[k, labels(lexicon.language)["kinds"][k]] for k in kinds],
        "help": team_card(content, settings.help_desk, lexicon.language) if settings.help_desk in content.teams else None,
    })
    pack("manifest.json", manifest)
    write_tree(target, {"search.js": search_script(analysis.stemmer, manifest)}, binary=packed)


def _doc_record(doc: SearchDoc) -> dict:
    data: dict[str, str | list[str]] = {"u": doc.url, "t": doc.title, "p": doc.page_title, "m": doc.team, "k": doc.kind,
                                        "x": doc.body[:SNIPPET_SOURCE]}
    if doc.locations:
        data["o"] = list(doc.locations)
    if doc.contracts:
        data["c"] = list(doc.contracts)
    return data


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
