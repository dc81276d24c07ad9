"""Mutation run: plant one small bug at a time and see whether the tests catch it.

    python3 tests/bench/mutants.py                 # the mutants below, each against its tests
    python3 tests/bench/mutants.py --planted       # the ten bugs that once survived the suite
    python3 tests/bench/mutants.py --planted --tests-from 813c850   # ... against an older suite
    python3 tests/bench/mutants.py --only search --only audience   # names containing either

Each mutant is an exact text replacement in one file (it must occur exactly once). The work
happens in a temporary copy of the repository, so the working tree is never changed. A mutant
is killed when pytest (with -x, on the mutant's own test selection, not the whole suite)
fails. Not collected by pytest: the file name has no test_ prefix.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SEARCH = ["tests/test_search_plan.py", "tests/test_search.py"]
EXPORT = ["tests/test_search_plan.py", "tests/test_search.py", "-k", "terminal_and_browser or anchor or shards"]
AUDIENCE = ["tests/test_audience.py"]
AUDIENCE_ORG = ["tests/test_audience.py", "-k", "not default_build and not audience_build and not public_search"]
CHECK = ["tests/test_check.py", *AUDIENCE_ORG]
BROWSER = ["tests/test_search.py", "-k", "terminal_and_browser"]

# name: (file, text, replacement, tests)
S, X, A, C = "generator/search/rank.py", "generator/search/export.py", "generator/checks/audiences.py", "generator/checks/rules.py"
R, M = "generator/search/rules.py", "generator/content/model.py"  # the plan's constants; the review cycle
JS = "theme/assets/javascripts/portal-search-core.js"  # planning and ranking, no DOM
PAGE = "theme/assets/javascripts/portal-search.js"  # what the page shows

PLANTED = {
    "one_edit: swap half-checked": (S, "and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])",
                                    "and a[diff[0]] == b[diff[1]])", ["tests/test_search.py", "-k", "one_edit"]),
    "restricted: benefits": (A, "        for benefit in team.benefits:\n            if benefit.value.audience:",
                             "        for benefit in team.benefits:\n            if False:", AUDIENCE_ORG),
    "restricted: news": (A, "        if item.article.meta.value.audience:", "        if False:", AUDIENCE_ORG),
    "audience to other audience": (C, "if audience is None or audience == text.audience:",
                                   "if audience is None or text.audience is not None:", AUDIENCE_ORG),
    "team locations unchecked": (C, '        self.location_refs(entry, ("locations",), team.locations)\n', "",
                                 ["tests/test_check.py"]),
    "after-hours unchecked": (C, "        if team.after_hours:\n", "        if False:\n", ["tests/test_check.py"]),
    "review due today overdue": (C, "due is not None and due < self.today", "due is not None and due <= self.today",
                                 ["tests/test_check.py"]),
    "js: completes after a space": (JS, "const typing = found.length > 0 && m.endsInWord.test(query);",
                                    "const typing = found.length > 0;", BROWSER),
    "js: count of shown results": (PAGE, 'count("search_results", hits.length)', 'count("search_results", found.length)',
                                   BROWSER),
    "js: stop words in suggestions": (JS, 'const found = queryWords(query, m, rules.fallbackMinLength);',
                                      'const found = words(query, m).filter((w) => length(w) >= rules.fallbackMinLength);', BROWSER),
}
SUITES = {  # the old suite's files for each planted bug, for --tests-from
    S: ["tests/test_search.py"], A: AUDIENCE, C: ["tests/test_check.py", *AUDIENCE],
    PAGE: ["tests/test_search.py", "tests/test_browser.py"], JS: ["tests/test_search.py", "tests/test_browser.py"],
}

MUTANTS = {
    # search.py
    # Two of these are equivalent: one_edit is False for words two letters apart in length, or
    # equal, through its later tests too.
    "search: one_edit length gap > 2": (S, "abs(len(a) - len(b)) > 1", "abs(len(a) - len(b)) > 2", SEARCH),
    "search: one_edit equal words": (S, "if a == b or abs", "if abs", SEARCH),
    "search: one_edit two replacements": (S, "return len(diff) == 1 or", "return len(diff) <= 2 or", SEARCH),
    "search: one_edit swap not adjacent": (S, "diff[1] == diff[0] + 1", "diff[1] >= diff[0] + 1", SEARCH),
    "search: one_edit insertion tail": (S, "return short[i:] == long_[i + 1:]", "return short[i + 1:] == long_[i + 2:]",
                                        SEARCH),
    "search: typo minimum 4": (R, "TYPO_MIN_LENGTH = 5", "TYPO_MIN_LENGTH = 4", SEARCH),
    "search: typo minimum 6": (R, "TYPO_MIN_LENGTH = 5", "TYPO_MIN_LENGTH = 6", SEARCH),
    "search: completions 1": (R, "COMPLETIONS = 5", "COMPLETIONS = 1", SEARCH),
    "search: one-letter words kept": (S, "if w not in stop and len(w) >= MIN_WORD_LENGTH]", "if w not in stop and len(w) >= 1]",
                                      SEARCH),
    "search: stop words kept": (S, "if w not in stop and len(w) >= MIN_WORD_LENGTH]", "if len(w) >= MIN_WORD_LENGTH]", SEARCH),
    "search: typo across shards": (S, "if one_edit(word, f) and lexicon.shard(f) == key)", "if one_edit(word, f))",
                                   SEARCH),
    "search: completions for every word": (S, "if typing and i == len(words) - 1:", "if typing:", SEARCH),
    "search: completion includes the word": (S, "if f.startswith(word) and f != word)", "if f.startswith(word))",
                                             SEARCH),
    "search: completions by rarity": (S, "(-lexicon.forms[f][1], f))\n            extra += [lexicon.forms[f][0] for f in starts",
                                      "(lexicon.forms[f][1], f))\n            extra += [lexicon.forms[f][0] for f in starts",
                                      SEARCH),
    "search: phrases not merged": (S, "    exact = _merge_phrases(exact, lexicon.phrases)\n", "", SEARCH),
    "search: ties to later document": (S, "selected.sort(key=lambda hit: (-round(hit[1], TIE_DIGITS), hit[0]))",
                                       "selected.sort(key=lambda hit: (-round(hit[1], TIE_DIGITS), -hit[0]))", SEARCH),
    "search: kind filter ignored": (S, "and (kind is None or facet_of[d][1] == kind)", "", SEARCH),
    "search: shard_of shortest key": (S, "for size in range(min(len(word), longest), 0, -1):",
                                      "for size in range(1, min(len(word), longest) + 1):", SEARCH),
    # export.py
    "export: posting gaps": (X, '"d": [b - a for a, b in zip([0, *docs], docs, strict=False)]', '"d": docs', EXPORT),
    "export: facet without team offset": (X, "team_number.get(d.team, 0) * len(kinds) + kind_number[d.kind]",
                                          "team_number.get(d.team, 0) + kind_number[d.kind]", EXPORT),
    "export: teams numbered from 0": (X, "team_number = {t: n + 1 for", "team_number = {t: n for", EXPORT),
    "export: impacts unrounded order": (X, "values = sorted(set(rounded))", "values = sorted(set(rounded), reverse=True)",
                                        EXPORT),
    "export: typo length off by one": (R, '"typoMinLength": TYPO_MIN_LENGTH,', '"typoMinLength": TYPO_MIN_LENGTH + 1,',
                                       EXPORT),
    "export: completions off by one": (R, '"completions": COMPLETIONS,', '"completions": COMPLETIONS - 1,', EXPORT),
    "export: no help desk": (X, "if settings.help_desk in content.teams else None", "if False else None", EXPORT),
    "export: shard limit ignored": (X, "if load[key] > limit and longer:", "if load[key] > limit and not longer:",
                                    EXPORT),
    # audience.py
    "audience: restricted shown": (A, "return audience is None or audience in audiences",
                                   "return audience is None or audience not in audiences", AUDIENCE),
    "audience: anchor path": (A, "found = self.pages.get(candidate) or self.anchors.get((candidate, anchor))",
                              "found = self.pages.get(candidate)", AUDIENCE),
    "audience: sops not restricted": (A, 'for kind, articles in (("sops", team.sops), ("pages", team.pages)):',
                                      'for kind, articles in (("pages", team.pages),):', AUDIENCE),
    "audience: faq anchors": (A, "            if faq.value.audience:\n", "            if not faq.value.audience:\n",
                              AUDIENCE),
    "audience: attachments of hidden text": (A, "hidden_only = {t for t in hidden_links - visible_links",
                                             "hidden_only = {t for t in hidden_links", AUDIENCE),
    "audience: restricted faq published": (A, "faq=[e for e in team.faq if keep(e.value.audience)]", "faq=team.faq",
                                           AUDIENCE),
    "audience: restricted benefits published": (A, "benefits=[e for e in team.benefits if keep(e.value.audience)]",
                                                "benefits=team.benefits", AUDIENCE),
    "audience: restricted news published": (A, "news = [item for item in content.news if keep(item.article.meta.value.audience)]",
                                            "news = list(content.news)", AUDIENCE),
    # check.py
    "check: next_review with no cycle": (M, "if meta.reviewed is None or meta.review_every is None:",
                                         "if meta.reviewed is None and meta.review_every is None:", CHECK),
    "check: unknown team accepted": (C, "if team_id is not None and team_id not in self.content.teams:",
                                     "if team_id is not None and team_id in self.content.teams:", CHECK),
    "check: unknown audience accepted": (C, "if audience is not None and audience not in self.audiences:",
                                         "if audience is None and audience not in self.audiences:", CHECK),
    "check: first duplicate reported": (C, "            else:\n                first[ident] = entry",
                                        "            first[ident] = entry", CHECK),
    "check: form without address": (C, 'if settings.feedback.via == "form" and settings.feedback.form is None:',
                                    'if settings.feedback.via == "form" or settings.feedback.form is None:', CHECK),
    "check: no owners silent": (C, "        if not team.owners:\n", "        if False:\n", CHECK),
    "check: resolution before response": (C, "< duration_minutes(target.first_response)",
                                          "> duration_minutes(target.first_response)", CHECK),
    "check: unknown priority accepted": (C, "if priority not in priorities:", "if priority in priorities:", CHECK),
    "check: category with own form": (C, "if service.category and service.form is None and",
                                      "if service.category and", CHECK),
    "check: orphan translation": (C, "if faq.value.id not in originals:", "if faq.value.id in originals:", CHECK),
    "check: employment types unchecked": (C, "if kind not in self.employment_types:", "if False:", CHECK),
    "check: review in the future allowed": (C, "if meta.reviewed > self.today:", "if meta.reviewed > self.today + "
                                            "__import__('datetime').timedelta(days=1):", CHECK),
    "check: news team unchecked": (C, '            self.team_ref(item.article.meta, ("team",), item.article.meta.value.team)\n',
                                   "", CHECK),
    "check: synonyms case-sensitive": (C, "key = word.casefold().strip()", "key = word.strip()", CHECK),
}


def copy_tree(tests_from: str | None) -> Path:
    work = Path(tempfile.mkdtemp(prefix="mutants-"))
    for name in ["generator", "theme", "content", "schemas", "tests", "mkdocs.yml", "pyproject.toml", ".github",
                 ".pre-commit-config.yaml", "README.md"]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, work / name, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
        elif source.exists():
            shutil.copy(source, work / name)
    if tests_from:
        shutil.rmtree(work / "tests")
        archive = subprocess.run(["git", "archive", tests_from, "tests"], cwd=ROOT, check=True, capture_output=True)
        subprocess.run(["tar", "-x"], cwd=work, input=archive.stdout, check=True)
    return work


def run(mutants: dict, work: Path, tests_from: str | None) -> list[tuple[str, str, bool, float]]:
    env = {**os.environ, "PYTHONPATH": str(work), "PYTHONDONTWRITEBYTECODE": "1"}
    results = []
    for name, (rel, old, new, tests) in mutants.items():
        path = work / rel
        original = path.read_text(encoding="utf-8")
        assert original.count(old) == 1, f"{name}: the text to change occurs {original.count(old)} times in {rel}"
        if tests_from:
            tests = SUITES[rel]
        path.write_text(original.replace(old, new), encoding="utf-8")
        start = time.monotonic()
        try:
            done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                                  cwd=work, env=env, capture_output=True, text=True)
        finally:
            path.write_text(original, encoding="utf-8")
        if done.returncode not in (0, 1):
            raise SystemExit(f"{name}: pytest could not run ({done.returncode}):\n{done.stdout[-2000:]}")
        killed = done.returncode == 1
        seconds = time.monotonic() - start
        results.append((name, rel, killed, seconds))
        why = next((line for line in done.stdout.splitlines() if line.startswith("FAILED ")), "")
        print(f"{'killed  ' if killed else 'SURVIVED'} {seconds:6.1f} s  {name}  {why[7:120]}", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--planted", action="store_true", help="the ten bugs that once survived the suite")
    parser.add_argument("--only", action="append", default=[], help="only mutants whose name contains this (repeatable)")
    parser.add_argument("--tests-from", help="run the planted bugs against the tests of this git revision")
    args = parser.parse_args()
    chosen = {n: m for n, m in (PLANTED if args.planted else MUTANTS).items()
              if not args.only or any(part in n for part in args.only)}
    work = copy_tree(args.tests_from)
    try:
        results = run(chosen, work, args.tests_from)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    for rel in sorted({r[1] for r in results}):
        mine = [r for r in results if r[1] == rel]
        print(f"{rel}: {sum(r[2] for r in mine)} killed of {len(mine)}")
    print(f"all: {sum(r[2] for r in results)} killed of {len(results)}")
    survivors = [r[0] for r in results if not r[2]]
    if survivors:
        print("survived: " + "; ".join(survivors))


if __name__ == "__main__":
    main()
