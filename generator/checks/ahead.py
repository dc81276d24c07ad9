"""Reading Markdown ahead, on every core: what a check with nothing stored spends its time on.

The check reads every owner text and judges its HTML (rules.safe_html), one text after another;
the link check reads every page a link's anchor points into, as the site renders it (links.py).
On a fresh checkout (CI, a new clone) that is nearly all of its time. Beforehand, what the store
of readings (content.cache) does not hold is shared out over forked processes, each reading its
share as the check would (and judging a text's HTML); what they read is merged into this
process's store. The check itself then runs as always and finds everything stored, so its
diagnostics are those of a check in one process, in the same order.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Generic, TypeVar

from ..content.cache import ReadingStore
from ..content.markdown import Reader
from ..content.model import Content, Text, texts
from ..workers import Forked
from .sanitise import Policy, unsafe

MIN_SHARE = 32  # texts worth a process of their own: fewer are read sooner than a process starts
CHUNK = 8  # texts a process takes at a time
LOCK_WAIT = 10  # seconds a process waits to take the next run before it leaves the rest

Item = TypeVar("Item")


def read_ahead(content: Content, policy: Policy, jobs: int) -> None:
    """Read and judge, in up to jobs processes, the texts content's store does not hold yet."""
    _ahead(content.markdown.store, [(text, text.markdown, text.title) for text in texts(content)],
           partial(_judge, policy=policy), "reading texts ahead", jobs)


def parse_ahead(reader: Reader, pages: Iterable[str], jobs: int) -> None:
    """Parse, in up to jobs processes, the whole pages (Markdown as the site renders it) reader's
    store does not hold yet: the link check reads their anchors."""
    _ahead(reader.store, [(page, page, None) for page in pages],
           partial(_parse, reader=reader), "reading pages ahead", jobs)


def _ahead(store: ReadingStore | None, items: list[tuple[Item, str, str | None]],
           work: Callable[[list[Item]], None], what: str, jobs: int) -> None:
    """work() on the items (item, its Markdown, its title) whose parse store does not hold, in
    chunks shared out between this process and up to jobs - 1 forked ones, merging what those read
    into the store."""
    if jobs <= 1 or store is None or store.secret is None:
        return
    missing, seen = [], set()
    for item, source, title in items:
        key = store.parse_key(source, title)
        if not store.known(key) and key not in seen:
            seen.add(key)
            missing.append(item)
    count = min(jobs, len(missing) // MIN_SHARE)
    if count <= 1:
        return
    chunks: _Chunks[Item] = _Chunks(missing)
    forked = [Forked(partial(_added, store, work, chunks), what) for _ in range(count - 1)]
    for chunk in chunks:  # this process's own chunks, straight into its store
        work(chunk)
    for one in forked:
        # Whatever a process did not hand over (it failed, or was killed), the check reads itself,
        # and so meets any problem there exactly as a check in one process does.
        with contextlib.suppress(Exception):
            store.merge(one.result())


class _Chunks(Generic[Item]):
    """Items in runs of CHUNK, each taken by whichever process is free next (a counter the
    forked processes share): what a text costs to read varies too much for shares fixed
    beforehand (a page of highlighted code against a line of prose), and a real handbook's
    check waited a second or two on one process after the other was done."""

    def __init__(self, items: list[Item]):
        self.runs = [items[n:n + CHUNK] for n in range(0, len(items), CHUNK)]
        self.taken = multiprocessing.get_context("fork").Value("i", 0)

    def __iter__(self) -> Iterator[list[Item]]:
        lock = self.taken.get_lock()
        while True:
            # A process killed while it held the lock would hold it for ever: the runs not taken
            # by then are left to the check, which reads whatever is not stored.
            if not lock.acquire(timeout=LOCK_WAIT):
                return
            try:
                n = self.taken.value
                self.taken.value += 1
            finally:
                lock.release()
            if n >= len(self.runs):
                return
            yield self.runs[n]


def _judge(share: list[Text], policy: Policy) -> None:
    for text in share:
        unsafe(text.reader, text.reading(), policy)


def _parse(share: list[str], reader: Reader) -> None:
    for page in share:
        reader.ids(page)


def _added(store: ReadingStore, work: Callable[[list[Item]], None], chunks: _Chunks[Item]) -> dict[str, dict]:
    store.forked()  # hand over only what this process reads, not what was read before the fork
    for chunk in chunks:
        work(chunk)
    return store.added_entries()
