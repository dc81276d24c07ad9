"""Which process does what in a build: the search index beside MkDocs' processes in one process of
its own, another language built alone reading the original's documents there (not before the
build's processes start), and a forked step stopped when its work is no longer wanted."""

from __future__ import annotations

import errno
import json
import os
import time
from pathlib import Path

from test_assemble import LANGUAGES

from generator import pipeline, workers
from generator.search import index


def recorded(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def record_into(path: Path, what: str, **more) -> None:
    # Appended by whichever process it happens in (workers are forked: no answer comes back).
    with path.open("a") as f:
        f.write(json.dumps({"what": what, "pid": os.getpid(), **more}) + "\n")


def test_a_build_indexes_in_one_process_while_mkdocs_processes_build_the_pages(org, run, monkeypatch, tmp_path):
    forks = tmp_path / "forks.jsonl"
    made = workers.Forked.__init__

    def recording(self, fn, what):
        record_into(forks, what)
        made(self, fn, what)

    monkeypatch.setattr(workers.Forked, "__init__", recording)
    org.write({"content/teams/it/faq.yml": """\
        questions:
          - id: reset-password
            question: How do I reset my password?
            answer: Use the **password page**.
        """})
    code, out = run("build", "--strict", "--jobs", "2")
    assert code == 0, out
    assert (org.root / "site/search/portal/manifest.json.gz").is_file()
    # Nothing a build publishes reads Whoosh's index, the lexicon or the cards: they are
    # `portal search`'s, made by its first run.
    assert not (org.root / "build/search").exists()
    # A process for each step; every core is MkDocs' and the index's already: no process reads
    # half the Markdown or writes Whoosh's index beside the index's.
    assert sorted(r["what"] for r in recorded(forks)) == ["the index step", "the site step"]
    forks.unlink()

    # `portal search` indexing alone, with the cores to itself, does use them.
    monkeypatch.setenv(workers.JOBS_VARIABLE, "2")
    code, out = run("search", "--build-dir", "build-search", "password")
    assert code == 0, out
    assert "writing the search index" in {r["what"] for r in recorded(forks)}


def test_another_language_built_alone_reads_the_originals_documents_in_its_index_process(org, run, monkeypatch,
                                                                                         tmp_path):
    calls = tmp_path / "documents.jsonl"
    read = index.documents

    def recording(content, lang=None, in_two=False):
        found = read(content, lang, in_two)
        record_into(calls, "documents", lang=lang, units=[d.unit for d in found])
        return found

    monkeypatch.setattr(index, "documents", recording)
    org.write(LANGUAGES)
    org.write({"content/portal.yml": (org.root / "content/portal.yml").read_text() + "languages: [en, fi]\n"})
    code, out = run("build", "--strict", "--jobs", "2", "--language", "fi")
    assert code == 0, out
    originals = [r for r in recorded(calls) if r["lang"] is None]
    assert len(originals) == 1  # read once, for the Finnish index to know which originals it covers
    assert originals[0]["pid"] != os.getpid()  # in the index's process, beside MkDocs', not before them
    assert "faq:it#vpn" in originals[0]["units"]
    assert (org.root / "part-site-fi/search/portal/manifest.json.gz").is_file()  # the part's own search files


def test_a_forked_step_stopped_ends_at_once(tmp_path):
    started = tmp_path / "started"
    step = workers.Forked(lambda: (started.touch(), time.sleep(60)), "waiting")
    while not started.exists():
        time.sleep(0.01)
    began = time.perf_counter()
    step.stop()
    assert time.perf_counter() - began < 5
    assert not step.process.is_alive() and step.process.exitcode is not None


def test_a_forked_steps_answer_and_failure_come_back():
    assert workers.Forked(lambda: sum(range(10)), "adding").result() == 45
    failing = workers.Forked(lambda: pipeline.Options(jobs=int("many")), "parsing")
    try:
        failing.result()
    except ValueError as exc:  # as it was raised there: a full disk's OSError keeps its errno
        assert "many" in str(exc)
    else:
        raise AssertionError("a failure in the forked process must be raised here")
    full = workers.Forked(lambda: Path("/dev/full").write_text("x" * 10**6), "filling")
    try:
        full.result()
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    else:
        raise AssertionError("a full disk in the forked process must be raised here")



def test_each_step_of_a_pool_runs_in_a_process_of_its_own_that_ends_with_it():
    with workers.Pool(2, {"pid": os.getpid, "fail": lambda: pipeline.language_options(
            pipeline.Options(), "xx", [])}) as pool:
        runs = [pool.submit("pid") for _ in range(3)]
        failed = pool.submit("fail")
        pids = [workers.unwrap(run.result()) for run in runs]
        try:
            failed.result()
        except IndexError:  # not a PortalError: raised as it was raised, when its result is asked for
            pass
        else:
            raise AssertionError("a step's failure must be raised by its result()")
    assert len(set(pids)) == 3 and os.getpid() not in pids
    for pid in pids:  # what each held is given back: none waits for another step
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        raise AssertionError(f"the process {pid} outlived its step")
