"""Shared test vectors: what `portal search` plans, ranks, highlights and falls back to for a
small organisation, checked again by node against portal-search-core.js.

The small organisation below is built with the real command. Its exported search files and the
Python side's answers are kept under tests/fixtures/search-vectors/ (site.json: each exported
file, unpacked, by its path; vectors.json: the answers);
this test builds it again and fails when either changed, so a change to the plan's rules shows
up here first. Rewrite them with PORTAL_UPDATE_SEARCH_VECTORS=1 and commit: node's test
(tests/js/search-core.test.js, run by the last test here) then checks the browser's core
against the new ones.
"""

from __future__ import annotations

import gzip
import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from generator.search.analysis import stems, stop_words, surface_words
from generator.search.rank import Index, highlight_stems, load_lexicon, plan, search, snippet
from generator.search.rules import COMPLETIONS, MIN_WORD_LENGTH, RESULTS
from generator.search.script import strip_comments
from generator.tools.query import closest_teams

VECTORS = ROOT / "tests/fixtures/search-vectors"
UPDATE = os.environ.get("PORTAL_UPDATE_SEARCH_VECTORS") == "1"

# English originals, and Finnish translations of some: the Finnish site searches its own
# index, then the English one for what is not translated yet.
CONTENT = {
    "content/portal.yml": """\
        organisation: Vector Org
        help_desk: it
        languages: [en, fi]
        locations:
          - id: helsinki
            name: Helsinki
            country: FI
            timezone: Europe/Helsinki
        employment_types:
          - id: permanent
            name: Permanent
        """,
    "content/synonyms.yml": """\
        synonyms:
          - [annual leave, vacation, holiday, PTO, time off]
          - [laptop, notebook computer, notebook]
          - [password, passcode, login details]
          - [tech bar, walk-in desk]
        """,
    "content/teams/it/team.yml": """\
        name: IT help desk
        summary: Laptops, passwords, printers and the VPN.
        owners: ["@org/it"]
        keywords: [laptop, password, printer, vpn, software, tech]
        channels:
          - type: form
            value: https://help.example.com/it
            label: IT request portal
          - type: chat
            value: https://chat.example.com/it-help
            label: "#it-help"
          - type: email
            value: techsupport@example.com
          - type: phone
            value: "+44 20 7946 0321"
          - type: email
            value: security@example.com
        """,
    "content/teams/it/team.fi.yml": """\
        name: IT-tuki
        summary: Kannettavat, salasanat, tulostimet ja VPN.
        keywords: [kannettava, salasana, tulostin, vpn, ohjelmisto]
        """,
    "content/teams/it/faq.yml": """\
        questions:
          - id: reset-password
            question: How do I reset my password?
            tags: [forgotten password, locked out]
            answer: |
              Go to the password page from any device, enter your work email and confirm with the
              authenticator app. The new password works everywhere within five minutes.
          - id: laptop-broken
            question: My laptop is broken. What do I do?
            tags: [notebook computer, broken screen]
            answer: |
              Open a request in the IT request portal. In Helsinki you can walk in to the tech bar
              and leave with a loan laptop the same day.
          - id: printer
            question: The printer does not print.
            tags: [printing, printers]
            answer: Check the paper tray, then restart the printer. Still stuck? Ask in #it-help.
          - id: software
            question: How do I install software?
            tags: [install, licence]
            answer: Open the software centre and pick the program. Licences that cost money need approval.
        """,
    "content/teams/it/faq.fi.yml": """\
        questions:
          - id: reset-password
            question: Miten vaihdan unohtuneen salasanan?
            tags: [salasanan vaihtaminen, unohtunut salasana]
            answer: |
              Salasanan vaihtaminen onnistuu millä tahansa laitteella salasanasivulla: anna
              työsähköpostiosoitteesi ja vahvista vaihto todennussovelluksella.
          - id: laptop-broken
            question: Kannettava tietokoneeni on rikki. Mitä teen?
            tags: [rikkinäinen näyttö]
            answer: Tee pyyntö IT-pyyntöportaalissa. Helsingissä saat lainakoneen samana päivänä.
        """,
    "content/teams/hr/team.yml": """\
        name: People and Culture
        summary: Contracts, leave, onboarding and training.
        owners: ["@org/hr"]
        keywords: [leave, holiday, contract, onboarding, training, wellbeing, first day, desk]
        channels:
          - type: email
            value: hr@example.com
        """,
    "content/teams/hr/faq.yml": """\
        questions:
          - id: annual-leave-days
            question: How many days of annual leave do I get?
            tags: [vacation, holiday]
            answer: |
              Everyone gets 25 days of annual leave a year, plus public holidays. Book time off in
              the leave system at least two weeks ahead.
          - id: sick-leave
            question: What do I do when I am ill?
            tags: [sick, illness]
            answer: Tell your manager before 10:00 on the first day, and book sick leave in the leave system.
          - id: parental-leave
            question: How much parental leave can I take?
            tags: [maternity, paternity]
            answer: Up to 16 weeks of paid parental leave, which you can split into blocks.
          - id: training-days
            question: Which training days are there?
            answer: Days for workers in every workplace, worldwide, worthwhile and wonderful, whatever the wording.
        """,
    "content/teams/hr/pages/onboarding.md": """\
        ---
        title: Onboarding a new hire
        summary: What happens in a new employee's first week.
        owner: "@org/hr"
        reviewed: 2026-09-01
        review_every: 12 months
        tags: [onboarding, first day]
        ---

        ## Before the first day

        The manager orders a laptop and asks IT for accounts a week ahead. The new hire gets a
        welcome email with the address, the time and whom to ask for.

        ## The first week

        Training on security and privacy, a tour of the office, and lunch with the team.
        """,
}

# Queries as typed: each rule of the plan (exact words, stems of forms the content never uses,
# synonyms and their phrases, typos, completion of the last word, stop words, words too short,
# words that match nothing and the query offered without them, keyword cards: whole keywords,
# team names and ids, one within another's), with filters.
QUERIES = {
    "en": [
        "password", "PTO", "annual leave", "time off", "notebook computer", "laptop broken",
        "how do I reset my password", "pasword", "printre", "brokn laptop", "passw", "reset my passw",
        "lap", "a", "I", "xyzzy", "trainee strike", "leave", "Leave ", "onboarding first day",
        "soft", "the", "licences", "16 weeks", "e.g. printer", "training", "pa", "le", "wo", "leaky", "lapto",
        "restarting the printers ", "installing licenced software ", "vacations ", "broken xyzzy screen ",
        "xyzzy qwerty ", "first ", "first day ", "day first ", "help desk ", "desk ", "hr ", "people and culture ",
        "help desk leave ", "tech bar ", "annual leave passwords ", "password printer ", "laptop week ", "password laptop week ",
        ("leave", {"team": "hr"}), ("password", {"kind": "faq"}), ("laptop", {"kind": "page"}),
    ],
    "fi": [
        "salasana", "salasanaa", "salasanan vaihtaminen", "kannettava", "rikki", "password", "laptop",
        "annual leave", "salasa", "tulostin", "vaihtamisesta", "lainakonetta", "xyzzy", "salasanoista xyzzy ",
        "tulostimella ", "it-tuki ",
    ],
}
# Words whose term, as a word the lexicon does not hold, the browser computes itself.
TERMS = {
    "en": ["Password", "passwords", "a", "I", "x1", "e.g", "naïve", "ŁÓDŹ", "co-operate", "resigning", "nominating",
           "generously", "Ёлка"],
    "fi": ["salasanaa", "salasanalla", "kannettavalla", "tietokoneella", "vaihtamisesta", "Päivänä",
           "aurora", "vpn", "x", "ja"],
}
# Texts to split into words as the tokenizer does.
WORDS = ["Reset the VPN, then e.g. log in again.", "a.b.c 3.14 _x_ don't", "Ёлка ПАРОЛЬ", "café naïve ŁÓDŹ",
         "می‌خواهم ۱۶", "tab\tnew\nline", "ends with a dot."]
# Snippets of texts that need a window, with the stems highlighted.
LONG = ("Word " * 40 + "target " + "filler " * 40).strip()
SNIPPETS = [
    (LONG, ["target"]),
    (LONG, ["nothing"]),
    ("x" * 159 + " " + "y" * 10 + " target", ["target"]),
    ("x" * 10 + " " + "y" * 149 + " " + "z" * 20, ["nothing"]),  # a space right at the width
    ("a " * 79 + "target " + "b " * 79, ["target"]),
    ("short text about policies", ["polici"]),
    ("the policy and the police", ["polici"]),
    ("Passwords and passcodes", ["password", "passcod"]),
    # The first match a third of the width in, and a letter before that.
    (("w" * 53 + " target " + "z " * 100), ["target"]),
    (("w" * 52 + " target " + "z " * 100), ["target"]),
]


def _all_queries(lang: str):
    for q in QUERIES[lang]:
        yield (q, {}) if isinstance(q, str) else q


def _site_files(portal: Path) -> dict[str, object]:
    """The exported search files, unpacked: path without .json.gz -> data."""
    return {str(p.relative_to(portal)).removesuffix(".json.gz"): json.loads(gzip.decompress(p.read_bytes()))
            for p in sorted(portal.rglob("*.json.gz"))}


def _vectors(root: Path) -> dict:
    """What the Python side answers, per language."""
    out: dict = {"results": RESULTS, "languages": {}}
    for lang in ("en", "fi"):
        own_dir = root / "build/search" if lang == "en" else root / "build/lang/fi/search"
        lexicon = load_lexicon(own_dir / "lexicon.json")
        original = None if lang == "en" else Index(root / "build/search/index", load_lexicon(root / "build/search/lexicon.json"))
        teams = json.loads((own_dir / "teams.json").read_text(encoding="utf-8"))
        searches = []
        for query, filters in _all_queries(lang):
            results = search(own_dir / "index", lexicon, query, RESULTS, filters.get("team"), filters.get("kind"), original)
            own_stems = highlight_stems(results.terms, lexicon.phrases)
            original_stems = highlight_stems(results.original_terms, original.lexicon.phrases) if original else []
            hits = []
            for hit in results.hits:
                text, spans = snippet(hit.text, original_stems if hit.original else own_stems,
                                      original.lexicon.language if hit.original else lang)
                hits.append({"doc": hit.doc, "score": hit.score, "original": hit.original, "snippet": text,
                             "highlights": [list(s) for s in spans]})
            searches.append({"query": query, "filters": filters, "terms": results.terms,
                             "concepts": plan(query, lexicon).concepts, "unmatched": results.unmatched,
                             "offer": results.offer,
                             "original_terms": results.original_terms, "cards": results.cards, "total": results.total,
                             "facets": results.facets, "hits": hits,
                             "fallback": [] if results.hits else closest_teams(query, teams["keywords"], lang=lang)})
        out["languages"][lang] = {
            "searches": searches,
            "terms": {word: _term(word, lang) for word in TERMS[lang]},
            "words": {text: surface_words(text, lang) for text in WORDS},
            "snippets": [_snippet(text, s, lang) for text, s in SNIPPETS],
        }
    return out


def _snippet(text: str, stems_: list[str], lang: str) -> dict:
    window, spans = snippet(text, stems_, lang)
    return {"text": text, "stems": stems_, "snippet": window, "highlights": [list(x) for x in spans]}


def _term(word: str, lang: str) -> str | None:
    """The term a word is on its own: its first word, normalised, stemmed where the language is;
    None for a stop word or a word too short."""
    words = surface_words(word, lang)
    if not words or words[0] in stop_words(lang) or len(words[0]) < MIN_WORD_LENGTH:
        return None
    return stems(words[0], lang)[0]


def _same(a, b, path="") -> list[str]:
    """Where a and b differ, with floats equal to a billionth (another machine's last digit)."""
    if isinstance(a, float) or isinstance(b, float):
        ok = isinstance(a, int | float) and isinstance(b, int | float) and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
        return [] if ok else [f"{path}: {a!r} != {b!r}"]
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [f"{path}: keys {sorted(a.keys() ^ b.keys())[:5]}"]
        return [d for k in a for d in _same(a[k], b[k], f"{path}/{k}")]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items != {len(b)}"]
        return [d for n, (x, y) in enumerate(zip(a, b, strict=True)) for d in _same(x, y, f"{path}[{n}]")]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def _write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def test_the_shared_vectors_are_what_the_python_side_answers(org, run):
    org.write(CONTENT)
    code, out = run("build", "--strict")
    assert code == 0, out
    site = _site_files(org.root / "site/search/portal")
    site.update({f"fi/{name}": data for name, data in _site_files(org.root / "site/fi/search/portal").items()})
    # The Python side's indexes, the original's and the Finnish one's, as `portal search` makes them.
    code, out = run("search", "--language", "fi", "laptop")
    assert code == 0, out
    vectors = _vectors(org.root)
    searches = {(s["query"], json.dumps(s["filters"])): s for lang in vectors["languages"].values() for s in lang["searches"]}
    # The vectors exercise every rule: an empty plan, typos, completions, cards, filters, the
    # fallback, a synonym phrase, originals after a translation's own results.
    assert searches[("a", "{}")]["terms"] == [] and searches[("trainee strike", "{}")]["fallback"] == ["hr"]
    assert searches[("pasword", "{}")]["hits"] and searches[("passw", "{}")]["terms"]
    assert searches[("laptop broken", "{}")]["cards"] == ["it"]
    # Cards on whole keywords, names and ids; none within another's; the stronger first.
    assert searches[("first ", "{}")]["cards"] == [] and searches[("first day ", "{}")]["cards"] == ["hr"]
    assert searches[("day first ", "{}")]["cards"] == ["hr"]
    assert searches[("help desk ", "{}")]["cards"] == ["it"] and searches[("hr ", "{}")]["cards"] == ["hr"]
    assert searches[("help desk leave ", "{}")]["cards"] == ["it", "hr"] and searches[("desk ", "{}")]["cards"] == ["hr"]
    # A keyword that is one word of a synonym phrase the query spells (its own term, not the group's).
    assert searches[("tech bar ", "{}")]["cards"] == ["it"]
    # Documents matching more concepts first, where the score alone would order them otherwise.
    assert any(s["hits"] != sorted(s["hits"], key=lambda h: -h["score"]) for s in searches.values())
    # Forms the content never uses, by their stems; words that match nothing, and the offer.
    assert searches[("restarting the printers ", "{}")]["hits"] and not searches[("restarting the printers ", "{}")]["unmatched"]
    assert searches[("broken xyzzy screen ", "{}")]["unmatched"] == ["xyzzy"]
    assert searches[("broken xyzzy screen ", "{}")]["offer"] == "broken screen"
    assert searches[("xyzzy qwerty ", "{}")]["unmatched"] == ["xyzzy", "qwerty"] and searches[("xyzzy qwerty ", "{}")]["offer"] == ""
    assert len(searches[("wo", "{}")]["terms"]) == COMPLETIONS  # more words start with it
    # Nothing found, and only three first letters in common with the keyword "leave": no team.
    assert searches[("leaky", "{}")]["hits"] == [] and searches[("leaky", "{}")]["fallback"] == []
    assert searches[("notebook computer", "{}")]["terms"][0].startswith("~")
    assert any(h["original"] for s in vectors["languages"]["fi"]["searches"] for h in s["hits"])
    assert sum(len(s["hits"]) for lang in vectors["languages"].values() for s in lang["searches"]) > 60
    if UPDATE:
        _write_json(VECTORS / "site.json", site)
        _write_json(VECTORS / "vectors.json", vectors)
    committed_site = json.loads((VECTORS / "site.json").read_text(encoding="utf-8"))
    committed_vectors = json.loads((VECTORS / "vectors.json").read_text(encoding="utf-8"))
    hint = "the search files or answers changed: rerun with PORTAL_UPDATE_SEARCH_VECTORS=1 and commit the vectors"
    differences = _same(committed_site, site, "site") + _same(committed_vectors, vectors, "vectors")
    assert not differences, (hint, differences[:10])


def _node_tests(env: dict | None = None) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if not node:
        if os.environ.get("CI") == "true":
            pytest.fail("node is not installed; .ci/run installs Debian's nodejs package")
        pytest.skip("node is not installed (apt-get install nodejs)")
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests/js").glob("*.test.js"))
    assert files
    # The test finds Material's stemmers through this Python's mkdocs-material.
    env = {**os.environ, "PYTHON": sys.executable, **(env or {})}
    return subprocess.run([node, "--test", *files], cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)


def test_the_javascript_core_answers_as_the_vectors_say():
    """node's test runner on tests/js/: the browser's core against the same vectors."""
    result = _node_tests()
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]


def test_the_core_stripped_for_the_page_answers_as_the_vectors_say(tmp_path):
    """The core as the page's search.js carries it (generator/search/script.py drops its comment
    lines and indentation) answers every vector as the source does."""
    source = (ROOT / "theme/assets/javascripts/portal-search-core.js").read_text(encoding="utf-8")
    stripped = strip_comments(source)
    assert len(stripped) < len(source) * 0.8 and "//" not in stripped.splitlines()[0]
    (tmp_path / "core.js").write_text(stripped, encoding="utf-8")
    result = _node_tests({"PORTAL_SEARCH_CORE": str(tmp_path / "core.js")})
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]


def test_tails_fetched_on_demand_rank_as_the_whole_postings(org, run, tmp_path):
    """The same organisation exported with heads of one posting, tails in blocks of two and
    tiny chunks of documents: nearly every score then waits on a block, and the browser's core
    must still answer every query of the vectors (ranking, scores, totals, facets) as `portal
    search` does over the whole postings, for a page of results and for fewer (more documents
    then wait below the last one shown)."""
    from generator.pipeline import Options, check_content, index_content
    from generator.search.export import export

    org.write(CONTENT)
    code, out = run("build", "--strict")
    assert code == 0, out
    content = check_content(Options()).content
    docs, exported = index_content(content, Options())
    export(content, docs, exported, tmp_path / "tails", head_size=1, block_size=2, doc_chunk_bytes=300)
    tails = _site_files(tmp_path / "tails")
    assert sum(name.startswith("tail/") for name in tails) > 8 and tails["manifest"]["docChunk"] < 5
    committed = json.loads((VECTORS / "site.json").read_text(encoding="utf-8"))
    site = {**{k: v for k, v in committed.items() if k.startswith("fi/")}, **tails}
    _write_json(tmp_path / "site.json", site)
    for want in ("10", "3", "1"):
        result = _node_tests({"PORTAL_SEARCH_VECTORS_SITE": str(tmp_path / "site.json"), "PORTAL_SEARCH_VECTORS_TAILS": "1",
                              "PORTAL_SEARCH_VECTORS_WANT": want})
        assert result.returncode == 0, (want, result.stdout[-6000:] + result.stderr[-3000:])
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
