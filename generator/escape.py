"""Owners' plain text (titles, names, summaries, labels) made safe for where it lands.

Plain text is never markup: each output context gets it escaped its own way. Control characters
and lone surrogates have no place in any of them (they make XML invalid, start vCard
properties, move a terminal's cursor), so they are dropped first.
"""

from __future__ import annotations

import html
import re

# C0 and C1 controls, DEL, lone surrogates, and the bidirectional overrides that can make text
# read differently from how it is stored.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """Plain text as one line: runs of white space (line breaks included) become one space,
    other control characters are dropped."""
    return _INVISIBLE.sub("", " ".join(str(text).split()))


def html_text(text: str) -> str:
    """For HTML element text and attribute values alike (quotes escaped too): for MkDocs' and
    Material's templates, which print what they are given as it is."""
    return html.escape(one_line(text), quote=True)


def terminal(text: str) -> str:
    """For a terminal: control characters shown as escapes, so none can act on the screen."""
    return _INVISIBLE.sub(lambda m: m.group(0).encode("unicode_escape", "backslashreplace").decode("ascii"), str(text))
