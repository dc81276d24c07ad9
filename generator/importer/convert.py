"""Another site generator's Markdown constructs, turned into the portal's where it has one.

Hugo shortcodes (notices and hints, details, highlight, figure, ref and relref), MkDocs'
content tabs and snippets, GitHub's alert quotes and [TOC] markers. Each conversion, and each
construct with no equivalent (left out, its inner text kept), is noted with its line, for the
import report. Links are rewritten afterwards (importer.py); a ref or relref becomes a link
whose target says how Hugo resolves it.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

HUGO_REF = "hugo-ref:"  # a link target that came from {{< ref >}} or {{< relref >}}

# Admonition types of Material for MkDocs, by the words other generators use for them.
ADMONITIONS = {"note": "note", "info": "info", "information": "info", "tip": "tip", "hint": "tip", "success": "success",
               "warning": "warning", "caution": "warning", "warn": "warning", "danger": "danger", "error": "danger",
               "important": "important", "question": "question", "example": "example", "quote": "quote"}
NOTICE_SHORTCODES = {"notice", "hint", "alert", "callout", "admonition", "note", "tip", "warning", "info", "danger"}


@dataclass(frozen=True)
class Note:
    line: int  # in the page's body
    converted: bool  # False: no equivalent, left out
    what: str


def _a(word: str) -> str:
    """'a note', 'an important'."""
    return ("an " if word[:1] in "aeiou" else "a ") + word


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _args(raw: str) -> tuple[list[str], dict[str, str]]:
    """A shortcode's positional and named arguments: figure src="a.png" alt="A"."""
    try:
        parts = shlex.split(raw)
    except ValueError:
        parts = raw.split()
    named = dict(p.split("=", 1) for p in parts if "=" in p)
    return [p for p in parts if "=" not in p], named


def _indent(text: str) -> str:
    return "\n".join(("    " + line) if line.strip() else "" for line in text.strip("\n").splitlines())


# Hugo shortcodes and other generators' constructs are not Markdown, so Python-Markdown cannot
# find them; they are converted before the portal reads the page, leaving fenced code alone.
FENCE = re.compile(r"^( {0,3})(```|~~~).*?^\1\2[^\n]*$", re.M | re.S)
_PAIRED = re.compile(r"\{\{([<%])\s*([\w-]+)([^}]*?)\s*[>%]\}\}(.*?)\{\{[<%]\s*/\s*\2\s*[>%]\}\}", re.S)
_SINGLE = re.compile(r"\{\{([<%])\s*([\w-]+)([^}]*?)\s*/?\s*[>%]\}\}")
_REF = re.compile(r"\{\{[<%]\s*(?:rel)?ref\s+\"?([^\"}]*?)\"?\s*[>%]\}\}")
_TABS = re.compile(r"^=== \"([^\"]*)\"[ \t]*\n((?:(?:    |\t).*\n|[ \t]*\n)*)", re.M)
_SNIPPET = re.compile(r"^[ \t]*-{2,}8<-{2,}.*$\n?", re.M)
_TOC = re.compile(r"^[ \t]*\[TOC\][ \t]*$\n?", re.M | re.I)
_GITHUB_ALERT = re.compile(r"^> \[!(\w+)\][ \t]*\n((?:>.*\n?)*)", re.M)


def set_aside(pattern: re.Pattern, text: str):
    """text with pattern's matches (code) replaced by markers that keep their line count, and a
    function that puts them back: what is rewritten in between never touches code samples."""
    kept: list[str] = []

    def hide(match: re.Match) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}" + "\n" * match.group(0).count("\n") + "\x00"

    def restore(changed: str) -> str:
        return re.sub(r"\x00(\d+)\n*\x00", lambda m: kept[int(m.group(1))], changed)

    return pattern.sub(hide, text), restore


def convert(body: str) -> tuple[str, list[Note]]:
    """The body with every construct it can convert converted, and a note for each."""
    notes: list[Note] = []
    # Code blocks are kept as they are: a shortcode in a code sample is an example.
    text, restore = set_aside(FENCE, body)

    def ref(match: re.Match) -> str:
        notes.append(Note(_line(text, match.start()), True, "Hugo ref/relref shortcode: a link to the page"))
        return HUGO_REF + match.group(1).strip()

    text = _REF.sub(ref, text)

    def paired(match: re.Match) -> str:
        name, raw, inner = match.group(2).lower(), match.group(3), match.group(4)
        line = _line(text, match.start())
        positional, named = _args(raw)
        if name in NOTICE_SHORTCODES:
            kind = ADMONITIONS.get((positional[0] if positional and name in ("notice", "hint", "alert", "callout",
                                                                             "admonition") else name).lower(), "note")
            title = named.get("title", "")
            notes.append(Note(line, True, f"Hugo {name} shortcode: {_a(kind)} admonition"))
            return f"!!! {kind}" + (f' "{title}"' if title else "") + "\n\n" + _indent(inner) + "\n"
        if name in ("details", "expand", "spoiler", "collapse"):
            title = named.get("title") or (positional[0] if positional else "Details")
            notes.append(Note(line, True, f"Hugo {name} shortcode: a collapsible note"))
            return f'??? note "{title}"\n\n' + _indent(inner) + "\n"
        if name in ("highlight", "code"):
            language = positional[0] if positional else ""
            notes.append(Note(line, True, f"Hugo {name} shortcode: a fenced code block"))
            return f"```{language}\n{inner.strip(chr(10))}\n```"
        notes.append(Note(line, False, f"Hugo shortcode {{{{< {name} >}}}} has no equivalent: its text is kept, "
                                       "the rest left out"))
        return inner

    text = _PAIRED.sub(paired, text)

    def single(match: re.Match) -> str:
        name, raw = match.group(2).lower(), match.group(3)
        line = _line(text, match.start())
        _positional, named = _args(raw)
        if name == "figure" and named.get("src"):
            caption = named.get("caption") or named.get("title") or ""
            notes.append(Note(line, True, "Hugo figure shortcode: an image" + (" with its caption" if caption else "")))
            image = f"![{named.get('alt') or caption}]({named['src']})"
            return image + (f"\n\n*{caption}*" if caption else "")
        notes.append(Note(line, False, f"Hugo shortcode {{{{< {name} >}}}} has no equivalent: left out"))
        return ""

    text = _SINGLE.sub(single, text)

    def tabs(match: re.Match) -> str:
        notes.append(Note(_line(text, match.start()), True, f"MkDocs content tab \"{match.group(1)}\": a bold heading "
                                                             "and its text"))
        inner = "\n".join(line[4:] if line.startswith("    ") else line.lstrip("\t") for line in match.group(2).splitlines())
        return f"**{match.group(1)}**\n\n{inner.strip()}\n\n"

    text = _TABS.sub(tabs, text)

    def snippet(match: re.Match) -> str:
        notes.append(Note(_line(text, match.start()), False, "MkDocs snippet (--8<--) has no equivalent: left out; "
                                                              "copy the text it included"))
        return ""

    text = _SNIPPET.sub(snippet, text)

    def toc(match: re.Match) -> str:
        notes.append(Note(_line(text, match.start()), True, "[TOC] marker: the page's table of contents shows anyway"))
        return ""

    text = _TOC.sub(toc, text)

    def alert(match: re.Match) -> str:
        kind = ADMONITIONS.get(match.group(1).lower(), "note")
        notes.append(Note(_line(text, match.start()), True, f"GitHub alert [!{match.group(1)}]: {_a(kind)} admonition"))
        inner = "\n".join(re.sub(r"^> ?", "", line) for line in match.group(2).splitlines())
        return f"!!! {kind}\n\n{_indent(inner)}\n"

    text = _GITHUB_ALERT.sub(alert, text)
    return restore(text), sorted(notes, key=lambda n: n.line)
