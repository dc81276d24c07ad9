"""The browser's search files of a larger organisation (tests/bench/synthetic.py): few files,
documents in chunks, and common terms' tails that change nothing the browser ranks.

The organisation is exported three times from one index: as the site exports it; with short
heads (so that at this size many terms have tails of several blocks, as common terms have at
10,000 pages); and with every term's whole postings in its shard (heads too large for any tail).
The browser's core (run by node through tests/js/rank-files.js) must answer alike from the last
two.
"""

from __future__ import annotations

import gzip
import json
import math
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests/bench"))
from synthetic import generate, vocabulary

from generator.search.export import DOC_CHUNK_BYTES, _digits, _facets, _front_coded

PAGES = 400
EXPORT = """\
import datetime, sys
from pathlib import Path
from generator.pipeline import Options, check_content, index_content
from generator.search.export import export
options = Options(today=datetime.date(2026, 11, 22))
content = check_content(options).content
docs, exported = index_content(content, options)
export(content, docs, exported, Path("tiered"))
export(content, docs, exported, Path("whole"), head_size=10**9)
export(content, docs, exported, Path("heads"), head_size=64, block_size=256)
"""


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synthetic")
    generate(root, pages=PAGES, seed=7)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", EXPORT], cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return root


def _rank(directory: Path, queries: list[str], want: int = 10) -> list[dict]:
    node = shutil.which("node")
    if not node:
        if os.environ.get("CI") == "true":
            pytest.fail("node is not installed; .ci/run installs Debian's nodejs package")
        pytest.skip("node is not installed (apt-get install nodejs)")
    result = subprocess.run([node, str(ROOT / "tests/js/rank-files.js"), str(directory), str(want), json.dumps(queries)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def _first_read(read: list[str], kind: str) -> int:
    return next(n for n, file in enumerate(read) if file.startswith(kind))


def _manifest(directory: Path) -> dict:
    return json.loads(gzip.decompress((directory / "manifest.json.gz").read_bytes()))


def test_a_larger_organisation_has_a_file_per_chunk_of_documents_not_per_document(exported):
    tiered = exported / "tiered"
    manifest = _manifest(tiered)
    files = [p for p in tiered.rglob("*") if p.is_file()]
    chunks = sorted((tiered / "doc").iterdir())
    # Every document in a chunk of about DOC_CHUNK_BYTES compressed, the last one perhaps smaller.
    assert manifest["docChunk"] >= 10 and len(chunks) == math.ceil(manifest["docs"] / manifest["docChunk"])
    assert all(p.stat().st_size < 2 * DOC_CHUNK_BYTES for p in chunks)
    assert sum(p.stat().st_size for p in chunks[:-1]) / (len(chunks) - 1) > DOC_CHUNK_BYTES / 2
    # Many documents to a file (a tenth of a file each here, a twentieth at 10,000 pages, where
    # tests/bench/bench_search.py counts them: under 2,000), not one file each.
    assert len(files) <= manifest["docs"] / 8, (len(files), manifest["docs"])
    assert len(list((tiered / "team").iterdir())) < len(manifest["teams"])


def test_queries_rank_from_heads_and_tails_as_from_the_whole_postings(exported):
    words, _ = vocabulary(random.Random(7))
    rng = random.Random(1)
    # Common, middling and rare words together (as the benchmark's three-word query), common
    # words alone and in pairs: the totals and the facet counts too are those of the whole postings.
    queries = [f"{words[10]} {words[100]} {words[1000]}", words[30], words[3], f"{words[1]} {words[2]}",
               *(f"{words[rng.randint(0, 50)]} {words[rng.randint(0, 500)]} {words[rng.randint(0, 3000)]}" for _ in range(6))]
    tails = {f"tail/{p.name.removesuffix('.json.gz')}" for p in (exported / "heads/tail").iterdir()}
    assert len(tails) > 20 and not (exported / "whole/tail").exists()
    for want in (10, 3):
        tiered, whole = _rank(exported / "heads", queries, want), _rank(exported / "whole", queries, want)
        for got, full in zip(tiered, whole, strict=True):
            assert got["hits"] == full["hits"] and len(got["hits"]) == min(want, full["total"]), got["query"]
            assert (got["total"], got["counts"]) == (full["total"], full["counts"]), got["query"]
        # Some queries needed blocks of the tails, none all of them, and some common word none.
        used = [set(got["read"]) & tails for got in tiered]
        assert any(used) and all(u < tails for u in used) and not all(used)
        # A query waiting on blocks asks for the chunk of its likeliest first result with them, not
        # after them: the first result's, as a rule (a query may guess another, then reads both).
        docs = _manifest(exported / "heads")["docChunk"]
        guessed = [(_first_read(got["read"], "doc/") < _first_read(got["read"], "tail/"),
                    f"doc/{got['hits'][0][0] // docs}" == next(f for f in got["read"] if f.startswith("doc/")))
                   for got, u in zip(tiered, used, strict=True) if u]
        assert all(early for early, _ in guessed) and sum(right for _, right in guessed) > len(guessed) * 2 / 3, (want, guessed)


def test_columns_of_numbers_and_keys_read_back_in_the_browser():
    """export.py writes postings' columns as strings of base-32 digits, facets as their zigzag
    differences and shard keys front-coded; the browser's core reads back the same numbers (at
    each digit's edges and far beyond), facets and keys."""
    node = shutil.which("node")
    if not node:
        if os.environ.get("CI"):
            pytest.fail("node is not installed; .ci/run installs Debian's nodejs package")
        pytest.skip("node is not installed (apt-get install nodejs)")
    values = [0, 1, 31, 32, 33, 1023, 1024, 32767, 32768, 45452, 2**31 - 1, 2**40 + 5, *random.Random(3).choices(range(100_000), k=500)]
    text = _digits(values)
    # Into 32-bit integers as the ranking reads postings: every value a document number can take.
    small = [v for v in values if v < 2**31]
    assert len(text) < len(json.dumps(values, separators=(",", ":"))) * 0.7
    core = ROOT / "theme/assets/javascripts/portal-search-core.js"
    facets = [3, 3, 0, 7, 7, 2, 40, 39, 39, 0]  # up and down: differences of either sign
    # Shard keys: digits, letters beyond one UTF-16 unit, one key within the next, long shared starts.
    keys = sorted(["00", "01", "1", "a", "ab", "abc", "abd", "b", "ĳ", "ж", "жи", "𝔞𝔟", "𝔞𝔠", "x" * 70, "x" * 71 + "y"])
    script = (f"const core = require({str(core)!r}); console.log(JSON.stringify([Array.from(core.numbers({json.dumps(text)})), "
              f"Array.from(core.numbers({json.dumps(_digits(small))}, Int32Array)), "
              f"Array.from(core.facets({json.dumps(_facets(facets))}, Int32Array)), core.frontCoded({json.dumps(_front_coded(keys))}), "
              f"core.frontCoded({json.dumps(_front_coded([]))})]));")
    result = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [values, small, facets, keys, []]
