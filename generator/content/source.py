"""Reading content files: text, YAML with the position of every key and value, front matter.

PyYAML's own constructor forgets where a value came from; we build the Python data from
the composed node tree ourselves so that every later diagnostic can name file:line:column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from ..diagnostics import Diagnostic, Severity

# Keys are paths into the data: ('channels', 1, 'value').
Loc = tuple


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Document:
    """Parsed YAML plus where each value and each key stands in the file."""

    path: str
    data: object = None
    values: dict[Loc, Mark] = field(default_factory=dict)
    keys: dict[Loc, Mark] = field(default_factory=dict)
    line_offset: int = 0  # front matter starts below the opening '---'
    lines: list[str] = field(default_factory=list)  # the source, to place text inside block scalars

    def mark(self, loc: Loc, *, key: bool = False) -> Mark:
        """Position of the value at loc (or of its key), else of the nearest enclosing value."""
        if key and loc in self.keys:
            return self.keys[loc]
        loc = tuple(loc)
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), Mark(1 + self.line_offset, 1))


class _YamlLoader(yaml.SafeLoader):
    """YAML as owners expect it: 'no' and 'on' stay words, 17:00 stays a time, not 1020.

    PyYAML implements YAML 1.1, whose implicit booleans (yes/no/on/off) and base-60
    integers silently turn office hours and country codes into other values.
    """

    composed = 0
    line_offset = 0

    def compose_node(self, parent, index):
        # Counted while composing, before anything is built, so a file of millions of values is
        # refused after MAX_NODES of them, in bounded time and memory. Aliases are not composed
        # again, so this counts what the file writes out; _construct counts what aliases expand to.
        node = super().compose_node(parent, index)
        self.composed += 1
        if self.composed > MAX_NODES:
            raise _Refused("yaml-too-large", f"the file holds more than {MAX_NODES:,} values", _mark(node, self.line_offset),
                           "split it: content files are read whole, and one this size is best divided "
                           "(another team's file, or pages)")
        return node


_YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789")
)
_YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."),
)

# Guards against hostile files: aliases that expand exponentially, nesting that exhausts the stack.
MAX_NODES = 200_000
MAX_DEPTH = 60


ALIAS_HINT = "write the values out plainly instead of nesting or repeating aliases"


class _Refused(Exception):
    """A file the reader will not build values from: too large, too deep, or a value YAML cannot hold."""

    def __init__(self, code: str, message: str, mark: Mark, hint: str = ALIAS_HINT):
        self.code, self.message, self.mark, self.hint = code, message, mark, hint


def _mark(node: yaml.Node, offset: int) -> Mark:
    return Mark(node.start_mark.line + 1 + offset, node.start_mark.column + 1)


def _position(text: str | bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column of an offset into text (or bytes)."""
    if isinstance(text, bytes):
        return text.count(b"\n", 0, offset) + 1, offset - (text.rfind(b"\n", 0, offset) + 1) + 1
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


MAX_FILE_BYTES = 10 * 1024 * 1024  # a year of a large team's tickets fits; a 50 MB paste does not


def read_text(path: Path, display: str) -> tuple[str | None, list[Diagnostic]]:
    """The file's text with a BOM removed and line ends made '\\n'; a diagnostic if it is too
    large to be content (checked before reading, so memory stays bounded) or not UTF-8."""
    try:
        size = path.stat().st_size
        raw = path.read_bytes() if size <= MAX_FILE_BYTES else b""
    except OSError as exc:
        return None, [Diagnostic(display, 1, 1, Severity.ERROR, "unreadable-file",
                                 f"the file cannot be read: {(exc.strerror or str(exc)).lower()}",
                                 hint="make it readable to the account that runs the portal (chmod a+r)")]
    if size > MAX_FILE_BYTES:
        return None, [Diagnostic(display, 1, 1, Severity.ERROR, "file-too-large",
                                 f"the file has {size / 2**20:.0f} MB; content files may have {MAX_FILE_BYTES // 2**20} MB",
                                 hint="split it, or put large attachments under files/")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _position(raw, exc.start)
        return None, [
            Diagnostic(display, line, column, Severity.ERROR, "invalid-encoding",
                       f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                       hint="save the file as UTF-8 in your editor")
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


# libyaml's parser, where PyYAML was built with it, composes the same nodes with the same marks
# ten times as fast; the resolvers are ours. It is used for files too small to compose more than
# MAX_NODES nodes (a node takes a character at least), so composing need not be counted, and with
# few characters that can open a collection: PyYAML composes libyaml's events recursively in C,
# which no recursion limit stops (tens of thousands of levels overflow the stack). Whatever it
# cannot read is read again by the pure reader, whose diagnostics are the portal's.
_FastLoader: type | None = None
if hasattr(yaml, "CSafeLoader"):
    class _CLoader(yaml.CSafeLoader):
        yaml_implicit_resolvers = _YamlLoader.yaml_implicit_resolvers

    _FastLoader = _CLoader
FAST_CHARACTERS = 64 * 1024
FAST_OPENERS = 5_000  # nesting is at most this deep: libyaml's composer was tried to 10,000


def _fast(text: str, display: str, line_offset: int) -> Document | None:
    """text read by libyaml, or None when it was not read without a problem."""
    if _FastLoader is None or len(text) > FAST_CHARACTERS or sum(map(text.count, "[{-?:")) > FAST_OPENERS:
        return None
    doc = Document(display, line_offset=line_offset, lines=text.splitlines())
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            doc.data = _construct(loader, node, (), doc, [0], 0)
    except Exception:  # the pure reader reads it again and says what is wrong
        return None
    finally:
        loader.dispose()
    return doc


def parse_yaml(text: str, display: str, line_offset: int = 0) -> tuple[Document | None, list[Diagnostic]]:
    """Parse one YAML document, keeping positions; syntax errors come back as diagnostics."""
    fast = _fast(text, display, line_offset)
    if fast is not None:
        return fast, []
    doc = Document(display, line_offset=line_offset, lines=text.splitlines())
    try:
        loader = _YamlLoader(text)
        loader.line_offset = line_offset
        try:
            node = loader.get_single_node()
            if node is not None:
                counter = [0]
                doc.data = _construct(loader, node, (), doc, counter, 0)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
        column = (mark.column + 1) if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        return None, [
            Diagnostic(display, line, column, Severity.ERROR, "yaml-syntax", f"YAML syntax error: {problem}",
                       hint="check indentation and quoting; values containing ': ' or starting with a special "
                            "character need quotes")
        ]
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as NUL
        line, column = _position(text, exc.position)
        line += line_offset
        return None, [
            Diagnostic(display, line, column, Severity.ERROR, "yaml-syntax",
                       f"YAML syntax error: the character {exc.character!r} is not allowed",
                       hint="remove the character; it is often an invisible one pasted from elsewhere")
        ]
    except yaml.YAMLError as exc:  # anything else the reader refuses, without a position
        return None, [Diagnostic(display, 1 + line_offset, 1, Severity.ERROR, "yaml-syntax",
                                 f"YAML syntax error: {exc}", hint="check the file's YAML")]
    except _Refused as exc:
        return None, [Diagnostic(display, exc.mark.line, exc.mark.column, Severity.ERROR, exc.code, exc.message,
                                 hint=exc.hint)]
    except RecursionError:
        return None, [Diagnostic(display, 1 + line_offset, 1, Severity.ERROR, "yaml-too-deep",
                                 "the YAML is nested too deeply to read",
                                 hint=f"content files need at most {MAX_DEPTH} levels of nesting")]
    return doc, []


def _construct(loader: yaml.constructor.SafeConstructor, node: yaml.Node, loc: Loc, doc: Document, counter: list, depth: int):
    counter[0] += 1
    mark = _mark(node, doc.line_offset)
    if counter[0] > MAX_NODES:
        raise _Refused("yaml-too-large", f"the YAML's aliases expand to more than {MAX_NODES:,} values", mark)
    if depth > MAX_DEPTH:
        raise _Refused("yaml-too-deep", f"the YAML is nested more than {MAX_DEPTH} levels deep", mark)
    doc.values[loc] = mark
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolves '<<' merge keys
        result = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.MarkedYAMLError(problem="a key must be a plain word", problem_mark=key_node.start_mark)
            key = _scalar(loader, key_node, doc.line_offset)
            if not isinstance(key, (str, int, bool)) or isinstance(key, bool):
                key = str(key_node.value)
            if key in result:
                raise yaml.MarkedYAMLError(problem=f"the key '{key}' appears twice in the same mapping",
                                           problem_mark=key_node.start_mark)
            doc.keys[(*loc, key)] = _mark(key_node, doc.line_offset)
            result[key] = _construct(loader, value_node, (*loc, key), doc, counter, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item, (*loc, i), doc, counter, depth + 1) for i, item in enumerate(node.value)]
    return _scalar(loader, node, doc.line_offset)


TAG_PREFIX = "tag:yaml.org,2002:"
_TAGGED = re.compile(r"(?:&\S+\s+)?!")  # the node's text starts with a tag (after an anchor), not with its value


def _scalar(loader: yaml.constructor.SafeConstructor, node: yaml.Node, offset: int):
    """A scalar's value; a value its tag cannot hold (!!bool maybe, !!int '') or text holding
    escaped UTF-16 halves ("\\ud83d") is refused at its place."""
    try:
        value = loader.construct_object(node)
    except yaml.MarkedYAMLError:
        raise
    except Exception as exc:  # PyYAML's constructors index, look up and match without checking first
        if node.tag == TAG_PREFIX + "timestamp" and isinstance(exc, (ValueError, OverflowError)):
            # An impossible date such as 2026-02-30: keep the text, so the schema reports it as not a date.
            return node.value
        tag = node.tag.replace(TAG_PREFIX, "!!")
        shown = node.value if len(node.value) <= 40 else node.value[:40] + "…"
        start, end = node.start_mark, node.end_mark
        written = start.buffer is not None and bool(_TAGGED.match(start.buffer, start.pointer, end.pointer))
        raise _Refused("yaml-syntax", f"'{shown}' cannot be read as {tag}", _mark(node, offset),
                       f"remove the tag {tag} and write the value plainly, or quote it as text" if written
                       else "put the value in quotes to keep it as text") from None
    if isinstance(value, str) and (surrogate := _SURROGATE.search(value)):
        raise _Refused("yaml-syntax", "the text holds an escaped UTF-16 surrogate "
                       f"(\\u{ord(surrogate[0]):04x}), which is not a character",
                       _mark(node, offset), _surrogate_hint(value))
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


# A document as the store of readings keeps it (JSON, content.cache), and back: what parse_yaml
# made of a text, so an unchanged file is not parsed again. Only the types parse_yaml makes are
# kept, each tagged where JSON would confuse it (a mapping, a date); decoding checks every value,
# and a stored document that is not what this code writes is not used (the text is parsed again).

def encode_document(doc: Document) -> dict | None:
    """doc as JSON data; None when it holds a value JSON would not give back as it is."""
    try:
        data = _encode(doc.data)
    except TypeError:
        return None
    return {"data": data, "values": [[list(loc), m.line, m.column] for loc, m in doc.values.items()],
            "keys": [[list(loc), m.line, m.column] for loc, m in doc.keys.items()]}


def _encode(value: object) -> object:
    kind = type(value)
    if value is None or kind in (str, int, bool, float):
        return value
    if kind is date:
        return {"d": value.isoformat()}  # type: ignore[attr-defined]
    if kind is list:
        return [_encode(v) for v in value]  # type: ignore[attr-defined]
    if kind is dict:
        pairs = []
        for k, v in value.items():  # type: ignore[attr-defined]
            if type(k) not in (str, int):
                raise TypeError
            pairs.append([k, _encode(v)])
        return {"m": pairs}
    raise TypeError  # a datetime, bytes, …: not kept


def decode_document(stored: object, text: str, display: str, line_offset: int) -> Document | None:
    """The document stored for text (as encode_document wrote it), or None when it is not that."""
    if not (isinstance(stored, dict) and type(stored.get("values")) is list and type(stored.get("keys")) is list
            and "data" in stored):
        return None
    try:
        data = _decode(stored["data"])
    except (TypeError, ValueError, RecursionError):
        return None
    return _StoredDocument(display, data, stored["values"], stored["keys"], line_offset, text)


class _StoredDocument(Document):
    """A document from the store: its data at once, where its values stand (needed only for a
    diagnostic) and its lines decoded when first asked for."""

    def __init__(self, path: str, data: object, values: list, keys: list, line_offset: int, text: str) -> None:
        self.path, self.data, self.line_offset = path, data, line_offset
        self._stored, self._text = (values, keys), text

    def __getattr__(self, name: str):
        if name not in ("values", "keys", "lines") or "_stored" not in self.__dict__:
            raise AttributeError(name)
        try:
            self.values, self.keys = _marks(self._stored[0]), _marks(self._stored[1])
        except (TypeError, ValueError):  # not what encode_document wrote: the text's own marks
            fresh, _ = parse_yaml(self._text, self.path, self.line_offset)
            self.values, self.keys = (fresh.values, fresh.keys) if fresh is not None else ({}, {})
        self.lines = self._text.splitlines()
        del self._stored
        return self.__dict__[name]


def _decode(value: object) -> object:
    kind = type(value)
    if value is None or kind in (str, int, bool, float):
        return value
    if kind is list:
        return [_decode(v) for v in value]  # type: ignore[attr-defined]
    if kind is dict and len(value) == 1:  # type: ignore[arg-type]
        if "d" in value and type(value["d"]) is str:  # type: ignore[operator,index]
            return date.fromisoformat(value["d"])  # type: ignore[index]
        pairs = value.get("m")  # type: ignore[attr-defined]
        if type(pairs) is list:
            result = {}
            for pair in pairs:
                if type(pair) is not list or len(pair) != 2 or type(pair[0]) not in (str, int) or pair[0] in result:
                    raise TypeError
                result[pair[0]] = _decode(pair[1])
            return result
    raise TypeError


def _marks(stored: object) -> dict[Loc, Mark]:
    if type(stored) is not list:
        raise TypeError
    marks = {}
    for one in stored:
        if not (type(one) is list and len(one) == 3 and type(one[0]) is list and type(one[1]) is int
                and type(one[2]) is int and all(type(part) in (str, int) for part in one[0])):
            raise TypeError
        marks[tuple(one[0])] = Mark(one[1], one[2])
    return marks


def _surrogate_hint(value: str) -> str:
    pair = re.search("[\ud800-\udbff][\udc00-\udfff]", value)
    if pair:
        char = pair[0].encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        return f"write the character itself ({char}) or one escape for it: \\U{ord(char):08X}"
    return "remove the escape, or write the character itself"


@dataclass
class MarkdownFile:
    front: Document | None
    body: str
    body_line: int  # line of the body's first line in the file


_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


YamlParser = Callable[[str, str, int], tuple[Document | None, list[Diagnostic]]]


def parse_markdown(text: str, display: str, read_yaml: YamlParser | None = None) -> tuple[MarkdownFile, list[Diagnostic]]:
    """Split YAML front matter (between '---' lines at the top) from the Markdown body; the front
    matter is read by read_yaml (parse_yaml's equal, such as the loader's, which keeps readings)."""
    match = _FRONT.match(text)
    if not match:
        if text.startswith("---"):
            return MarkdownFile(None, text, 1), [
                Diagnostic(display, 1, 1, Severity.ERROR, "front-matter",
                           "the front matter is not closed",
                           hint="end the front matter with a line holding only '---'")
            ]
        return MarkdownFile(None, text, 1), []
    front_text = match.group(1) or ""
    doc, diags = (read_yaml or parse_yaml)(front_text, display, 1)
    body_line = text[: match.end()].count("\n") + 1
    if doc is not None and doc.data is None:
        doc.data = {}
    return MarkdownFile(doc, text[match.end():], body_line), diags
