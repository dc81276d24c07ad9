"""Reading owner texts ahead, on every core: what a check with nothing stored spends its time on.

The check reads every owner text and judges its HTML (rules.safe_html), one text after another;
on a fresh checkout (CI, a new clone) that is nearly all of its time. Beforehand, the texts the
store of readings (content.cache) does not hold are shared out over forked processes, each
reading and judging its share as the check would; what they read is merged into this process's
store. The check itself then runs as always and finds every text stored, so its diagnostics are
those of a check in one process, in the same order.
"""

from __future__ import annotations

import contextlib
from functools import partial

from ..content.model import Content, Text, texts
from ..workers import Forked
from .sanitise import Policy, unsafe

MIN_SHARE = 32  # texts worth a process of their own: fewer are read sooner than a process starts


def read_ahead(content: Content, policy: Policy, jobs: int) -> None:
    """Read and judge, in up to jobs processes, the texts content's store does not hold yet."""
    reader = content.markdown
    store = reader.store
    if jobs <= 1 or store is None or store.secret is None:
        return
    missing, seen = [], set()
    for text in texts(content):
        key = store.parse_key(text.markdown, text.title)
        if not store.known(key) and key not in seen:
            seen.add(key)
            missing.append(text)
    count = min(jobs, len(missing) // MIN_SHARE)
    if count <= 1:
        return
    # Contiguous shares: a team's texts stay together, and so do the parses they have in common.
    bounds = [len(missing) * n // count for n in range(count + 1)]
    shares = [missing[bounds[n]:bounds[n + 1]] for n in range(count)]
    forked = [Forked(partial(_read, share, policy), "reading texts ahead") for share in shares[1:]]
    _judge(shares[0], policy)  # this process's own share, straight into its store
    for one in forked:
        # Whatever a process did not hand over (it failed, or was killed), the check reads itself,
        # and so meets any problem in those texts exactly as a check in one process does.
        with contextlib.suppress(Exception):
            store.merge(one.result())


def _judge(share: list[Text], policy: Policy) -> None:
    for text in share:
        unsafe(text.reader, text.reading(), policy)


def _read(share: list[Text], policy: Policy) -> dict[str, dict]:
    _judge(share, policy)
    assert share[0].reader.store is not None
    return share[0].reader.store.added_entries()
