"""A page's text as the import changes it, step by step, still knowing which line of the
handbook's file each of its lines came from: so every note of the report names the source
file's line, whatever was changed above it.

Each step reads the text (through the one reading of Markdown) and proposes edits: a span of
the text, what replaces it, and the note that says so. Edits that would overlap an edit
already taken are refused, and their notes dropped with them: the report says only what
happened.
"""

from __future__ import annotations

import bisect
import difflib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Note:
    """One entry of the report about a page: the handbook file's line, and what happened there."""

    line: int  # of the handbook's file
    kind: str  # converted | left_out | not_converted | external (see report.py)
    what: str
    url: str = ""  # for an image or medium from another site: its address


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    new: str
    note: Note | None = None


@dataclass
class Text:
    """A page's text and, for each of its lines, the line of the handbook file it came from."""

    text: str
    lines: list[int] = field(default_factory=list)

    @classmethod
    def at(cls, text: str, first_line: int) -> Text:
        """text as it stands in the handbook file from first_line on."""
        return cls(text, list(range(first_line, first_line + text.count("\n") + 1)))

    @classmethod
    def changed(cls, before: Text, after: str) -> Text:
        """after, a rewriting of before by other means (other generators' constructs converted):
        lines kept as they were keep their place, a changed line takes the place of the first
        line it replaced."""
        old, new = before.text.split("\n"), after.split("\n")
        lines: list[int] = []
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                lines += before.lines[i1:i2]
            else:
                lines += [before.lines[min(i1, len(before.lines) - 1)]] * (j2 - j1)
        return cls(after, lines)

    def line_of(self, line: int) -> int:
        """The handbook file's line of a line of this text (counted from 1)."""
        return self.lines[min(max(line, 1), len(self.lines)) - 1]

    def line_at(self, offset: int) -> int:
        """The handbook file's line of a place in this text."""
        return self.line_of(self.text.count("\n", 0, offset) + 1)

    def apply(self, edits: list[Edit]) -> list[Note]:
        """Make the edits that do not overlap one taken before them (in the order given); the
        notes of those made."""
        taken: list[Edit] = []
        starts: list[int] = []
        for edit in edits:
            i = bisect.bisect_right(starts, edit.start)
            before = taken[i - 1] if i else None
            after = taken[i] if i < len(taken) else None
            if (before and before.end > edit.start) or (after and after.start < edit.end) \
                    or (before and before.start == edit.start and edit.start == edit.end):
                continue
            taken.insert(i, edit)
            starts.insert(i, edit.start)
        if not taken:
            return []
        newlines = [i for i, c in enumerate(self.text) if c == "\n"]

        def old_line(offset: int) -> int:
            return self.lines[min(bisect.bisect_left(newlines, offset), len(self.lines) - 1)]

        # The new text in pieces, each with where its characters come from: a kept piece from its
        # own place, an edit's new text from where the edit starts.
        pieces: list[tuple[str, int, bool]] = []  # (text, old offset, kept)
        at = 0
        for edit in taken:
            pieces += [(self.text[at:edit.start], at, True), (edit.new, edit.start, False)]
            at = edit.end
        pieces.append((self.text[at:], at, True))
        lines: list[int] = []
        starts_line = True
        for piece, base, kept in pieces:
            i = 0
            while i < len(piece):
                if starts_line:
                    lines.append(old_line(base + i if kept else base))
                    starts_line = False
                j = piece.find("\n", i)
                if j < 0:
                    break
                starts_line, i = True, j + 1
        if starts_line:  # the text ends with a line break, or is empty: its last, empty line
            lines.append(old_line(at if at < len(self.text) else len(self.text)))
        self.text = "".join(piece for piece, _, _ in pieces)
        self.lines = lines
        return [edit.note for edit in taken if edit.note is not None]
