"""Scoring (generator/search/score.py): a common word in a short title does not outweigh a rare word
that names what was asked, and documents matching more of the query come first. The impacts the
export counts while indexing are those `portal search` reads from the Whoosh index."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import pytest
from whoosh import index

from generator.pipeline import Options, check_content, index_content
from generator.search import index as search_index
from generator.search.score import Scorer

# Twelve answers say 'day'; a section is titled 'Day 1'; one answer names the odometer.
FAQ = "questions:\n" + "".join(f"""
  - id: q{n}
    question: Question {n} about the office
    answer: Read this on any working day, then ask the team.
""" for n in range(12)) + """
  - id: mileage
    question: How do I claim mileage?
    answer: Photograph the odometer before and after the trip and claim the distance as an expense.
  - id: odometer-day
    question: Which day do I send the photos?
    answer: Any day of the month; keep the odometer photos until the claim is paid.
"""
PAGE = """\
---
title: First week
summary: What happens in your first week.
owner: "@org/it"
reviewed: 2026-09-01
review_every: 12 months
---

## Day 1

Your laptop is ready at the tech bar.

## Day 2

Meet your buddy.
"""


def ranked(org, run, query: str) -> list[str]:
    code, out = run("search", query, "--json")
    assert code == 0, out
    return [hit["url"] for hit in json.loads(out)["results"]]


def test_a_rare_word_outweighs_a_common_word_in_a_short_title(org, run):
    org.write({"content/teams/it/faq.yml": FAQ, "content/teams/it/pages/first-week.md": PAGE})
    urls = ranked(org, run, "odometer day")
    # Both of the query's words first; then the rare one, however short the title holding the other.
    assert urls[0] == "teams/it/faq/#odometer-day"
    assert urls[1] == "teams/it/faq/#mileage", urls
    assert urls.index("teams/it/faq/#mileage") < urls.index("teams/it/pages/first-week/#day-1"), urls


# A page longer than the Whoosh index keeps lengths exactly (it keeps 52 for 50 words), with
# synonyms among its words, and words in its title and tags too.
LONG_PAGE = """\
---
title: Travel and laptop expenses
summary: Claiming travel, mileage and a notebook computer.
owner: "@org/it"
reviewed: 2026-09-01
review_every: 12 months
tags: [travel, laptop]
---

""" + "\n\n".join(f"## Part {n}\n\n" + " ".join(
    f"Claim the travel mileage and the notebook computer expense {w} before the month ends."
    for w in ("early", "late", "today", "again", "online", "twice")[:n + 1]) for n in range(6))


def test_impacts_counted_while_indexing_equal_those_read_back_from_the_index(org, monkeypatch):
    org.write({"content/teams/it/pages/travel.md": LONG_PAGE,
               "content/synonyms.yml": "synonyms:\n  - [laptop, notebook computer]\n  - [expense claim, expense]\n"})
    monkeypatch.chdir(org.root)
    options = Options(today=date(2026, 11, 22))
    docs, exported = index_content(check_content(options).content, options)
    with index.open_dir("build/search/index").reader() as reader:
        scorer = Scorer(reader)
        read_back = {term: scorer.impacts(term) for term in sorted(scorer.terms())}
        # The page is long enough for the index to keep its body's length approximately.
        assert any(reader.doc_field_length(n, "body") > 50 for n in range(len(docs)))
    assert any(term.startswith("~") for term in read_back)
    assert list(exported.impacts) == list(read_back)
    assert exported.impacts == read_back


def test_an_index_written_beside_the_export_is_the_one_written_alone(org, monkeypatch):
    """Whoosh writes in a second process while the export goes on: the index is whole when
    index_content returns, and scores as one written in this process."""
    write = search_index._write

    def slow(*args):  # Whoosh still writing when the export is done
        time.sleep(1)
        write(*args)

    org.write({"content/teams/it/pages/travel.md": LONG_PAGE})
    monkeypatch.chdir(org.root)
    monkeypatch.setattr(search_index, "_write", slow)
    found = []
    for jobs, build in ((1, "alone"), (2, "beside")):
        options = Options(today=date(2026, 11, 22), build_dir=org.root / build, jobs=jobs)
        content = check_content(options).content
        _, exported = index_content(content, options, export_into=org.root / build / "portal")
        with index.open_dir(str(org.root / build / "search/index")).reader() as reader:
            scorer = Scorer(reader)
            found.append(({term: scorer.impacts(term) for term in sorted(scorer.terms())},
                          [reader.stored_fields(n)["url"] for n in range(reader.doc_count_all())]))
        assert found[-1][0] == exported.impacts
    assert found[0] == found[1]
    files = [sorted(p.relative_to(org.root / b / "portal") for p in (org.root / b / "portal").rglob("*")) for b in ("alone", "beside")]
    assert files[0] == files[1] and files[0]


def test_a_failure_writing_the_index_beside_the_export_is_reported(org, monkeypatch):
    def broken(*args):
        raise OSError("No space left on device")

    monkeypatch.chdir(org.root)
    monkeypatch.setattr(search_index, "_write", broken)  # the forked child inherits it
    options = Options(today=date(2026, 11, 22), jobs=2)
    with pytest.raises(OSError, match="No space left on device"):
        index_content(check_content(options).content, options)
    assert not (org.root / "build/search/lexicon.json").exists()  # so `portal search` indexes again


def test_documents_read_in_two_processes_are_those_read_in_one(tmp_path, monkeypatch):
    """The sample organisation's documents (six teams, news, every language), half of them read
    in a forked process: the same documents in the same order, so the same numbers."""
    import shutil

    from generator.i18n.translations import localise
    from generator.search.index import documents

    root = Path(__file__).resolve().parents[1]
    shutil.copytree(root / "content", tmp_path / "content")
    shutil.copy(root / "mkdocs.yml", tmp_path / "mkdocs.yml")
    monkeypatch.chdir(tmp_path)
    checked = check_content(Options(today=date(2026, 11, 22)))
    languages = checked.content.settings.value.languages
    assert len(languages) > 1 and checked.content.news
    for lang in languages:
        content = checked.content if lang == languages[0] else localise(checked.content, lang, checked.then)
        one = documents(content, lang)
        assert documents(content, lang, in_two=True) == one and one
