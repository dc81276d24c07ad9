"""Every English interface word the portal can produce, read from where it is written, and the
text a reader sees (or hears) on a built page.

Where the words come from:

- theme/labels.yml: every English value (placeholders such as {team} cut the text into phrases).
- Templates (theme/main.html, theme/partials/*.html): Jinja's own parser reads each template; its
  literal HTML, with a marker where an expression is output, goes through an HTML parser, which
  gives the text nodes and the title, aria-label, placeholder and alt attributes as a browser sees
  them. String constants of Jinja expressions (`{% set subjects = {...} %}`, `x or "None"`) count
  too, unless compared with (`css == "yes"`) or used as a key.
- Scripts (theme/assets/javascripts/*.js): tree-sitter's JavaScript grammar parses each file; every
  string and template literal counts, except object keys, subscripts and the operands of
  comparisons and what is thrown, which are never shown.
- The generator (generator/render/*.py): Python's own parser; every string constant and constant
  part of an f-string counts, except docstrings, keys, subscripts, comparisons and what goes to
  owners in diagnostics (they read English in the terminal, as every check does).

A literal counts as words when, with markup, placeholders and expressions cut out, a phrase in it
reads as prose: two words with a space between them, or a capitalised word. Identifiers, class
names, selectors, keys and paths (`portal-card__title`, `select.language`, `en-GB`) do not.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jinja2
import tree_sitter_javascript
import yaml
from bs4 import BeautifulSoup, Comment, NavigableString
from jinja2 import nodes
from tree_sitter import Language, Parser

ROOT = Path(__file__).resolve().parent.parent
THEME = ROOT / "theme"
HOLE = "\ue000"  # where a template outputs an expression, or a script a ${...}
# Someone else's: the service figures and their charts are localised on their own.
NOT_OURS = {"service-figures.html"}
SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "aria-description", "aria-roledescription")

_PLACEHOLDER = re.compile(r"\{[a-z_]+\}|\{\{[^}]*\}\}|\{#[^}]*\}")
_TAG = re.compile(r"<[^<>]*(>|$)|^[^<>]*>")
_AROUND = " :;,.()[]\"'“”«»—–-·"
_WORDS = re.compile(r"[^\W\d_]{2,}")


def phrases(text: str) -> list[str]:
    """The phrases of a literal that read as prose, markup and placeholders cut out."""
    text = _PLACEHOLDER.sub(HOLE, text)
    text = _TAG.sub(HOLE, text)
    text = text.replace("**", HOLE).replace("](", HOLE)
    found = []
    for part in re.split(rf"{HOLE}|\n|\[|\]|\(|\)", text):
        part = part.strip(" \t\r\n:;,.·—–-*_#→›|\"'“”«»")
        if is_prose(part):
            found.append(part)
    return found


def is_prose(part: str) -> bool:
    words = _WORDS.findall(part)
    if not words or re.search(r"[=<>{}$@\\/]|__|\w\.\w|\w-\w+-\w|\w_\w", part):
        return False
    two_words = len(words) >= 2 and re.search(r"[^\W\d_]+\s+[^\W\d_]+", part) is not None
    capitalised = re.match(r"^[A-Z][a-z]", words[0]) is not None
    return two_words or capitalised


# --- labels ----------------------------------------------------------------------------------

def label_phrases() -> set[str]:
    table = yaml.safe_load((THEME / "labels.yml").read_text(encoding="utf-8"))
    found: set[str] = set()
    for texts in table.values():
        english = texts["en"]
        for text in english.values() if isinstance(english, dict) else [english]:
            for part in re.split(r"\{[a-z_]+\}|\]\([^)]*\)|\[", text):
                part = part.strip(" :;,.·()—–-\"'“”")
                if is_prose(part):
                    found.add(part)
    return found


# --- templates -------------------------------------------------------------------------------

class _Shown(HTMLParser):
    """Text nodes and shown attributes of a template's literal HTML; HOLE marks expressions."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        self.texts += [value for name, value in attrs if name in SHOWN_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.texts.append(data)


def _template_stream(node: nodes.Node) -> Iterator[str]:
    """The template's literal HTML in source order, HOLE for each output expression."""
    if isinstance(node, nodes.TemplateData):
        yield node.data
    elif isinstance(node, nodes.Output):
        for child in node.nodes:
            yield from _template_stream(child) if isinstance(child, nodes.TemplateData) else [HOLE]
    else:
        for child in node.iter_child_nodes():
            yield from _template_stream(child)


def _template_constants(node: nodes.Node, shown: bool = True) -> Iterator[str]:
    """String constants of the template's expressions that can reach the page."""
    if isinstance(node, nodes.Const) and isinstance(node.value, str) and shown:
        yield node.value
    for name in node.fields:
        child = getattr(node, name, None)
        hidden = (isinstance(node, nodes.Compare | nodes.Operand) or (isinstance(node, nodes.Getitem) and name == "arg")
                  or (isinstance(node, nodes.Pair) and name == "key") or isinstance(node, nodes.Include | nodes.Extends | nodes.Import))
        for item in child if isinstance(child, list) else [child]:
            if isinstance(item, nodes.Node) and not isinstance(item, nodes.TemplateData):
                yield from _template_constants(item, shown and not hidden)


def template_phrases(source: str) -> set[str]:
    tree = jinja2.Environment().parse(source)
    parser = _Shown()
    parser.feed("".join(_template_stream(tree)))
    parser.close()
    found = {p for text in parser.texts for p in phrases(text)}
    return found | {p for text in _template_constants(tree) for p in phrases(text)}


def templates() -> list[Path]:
    return [THEME / "main.html", *sorted(p for p in (THEME / "partials").glob("*.html") if p.name not in NOT_OURS)]


# --- scripts ---------------------------------------------------------------------------------

_JS = Parser(Language(tree_sitter_javascript.language()))
_COMPARISONS = {"===", "!==", "==", "!=", "in", "instanceof"}


def _js_hidden(node) -> bool:
    parent = node.parent
    if parent is None:
        return False
    if parent.type == "pair" and parent.child_by_field_name("key") == node:
        return True
    if parent.type == "subscript_expression" and parent.child_by_field_name("index") == node:
        return True
    if parent.type == "binary_expression":
        operator = parent.child_by_field_name("operator")
        return operator is not None and operator.text.decode() in _COMPARISONS
    if parent.type == "expression_statement":
        return True  # "use strict"
    while parent is not None:  # an error's message is for the console, not the reader
        if parent.type == "throw_statement":
            return True
        parent = parent.parent
    return False


def _unescape(text: str) -> str:
    """A literal's escape sequence as the character it stands for (\\n a line break)."""
    if not text.startswith("\\"):
        return text
    return {"n": "\n", "t": "\t", "r": "\r"}.get(text[1:], json.loads(f'"{text}"') if text[1] == "u" else text[1:])


def script_literals(source: bytes) -> list[str]:
    """Every string and template literal's text that a script can show, HOLE for ${...}."""
    tree = _JS.parse(source)
    assert not tree.root_node.has_error, "the script does not parse"
    found = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type in ("string", "template_string"):
            if not _js_hidden(node):
                found.append("".join(HOLE if c.type == "template_substitution" else _unescape(c.text.decode())
                                     for c in node.named_children))
            stack += [c for c in node.named_children if c.type == "template_substitution"]
        else:
            stack += node.children
    return found


def script_phrases(source: bytes) -> set[str]:
    return {p for text in script_literals(source) for p in phrases(text)}


def scripts() -> list[Path]:
    return sorted((THEME / "assets/javascripts").glob("portal-*.js"))


# --- the generator ---------------------------------------------------------------------------

_FOR_OWNERS = {"Diagnostic", "PortalError", "print"}


def generator_literals(source: str) -> list[str]:
    tree = ast.parse(source)
    hidden: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            hidden.add(id(body[0].value))  # a docstring
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in _FOR_OWNERS:
            hidden |= {id(n) for n in ast.walk(node)}
        if isinstance(node, ast.Dict):
            hidden |= {id(n) for k in node.keys if k is not None for n in ast.walk(k)}
        if isinstance(node, ast.Subscript):
            hidden |= {id(n) for n in ast.walk(node.slice)}
        if isinstance(node, ast.Compare):
            hidden |= {id(n) for n in ast.walk(node)}
    texts = []
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        if isinstance(node, ast.JoinedStr):
            texts.append("".join(v.value if isinstance(v, ast.Constant) else HOLE for v in node.values))
            hidden |= {id(v) for v in node.values}
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            texts.append(node.value)
    return texts


def generator_sources() -> list[Path]:
    return [*sorted((ROOT / "generator/render").glob("*.py")), ROOT / "generator/i18n/dates.py", ROOT / "generator/i18n/numbers.py"]


def english_phrases() -> dict[str, str]:
    """Every English interface phrase -> where it is written."""
    found: dict[str, str] = {}
    sources: list[tuple[str, set[str]]] = [("theme/labels.yml", label_phrases())]
    sources += [(p.relative_to(ROOT).as_posix(), template_phrases(p.read_text(encoding="utf-8"))) for p in templates()]
    sources += [(p.relative_to(ROOT).as_posix(), script_phrases(p.read_bytes())) for p in scripts()]
    sources += [(p.relative_to(ROOT).as_posix(), {x for t in generator_literals(p.read_text(encoding="utf-8")) for x in phrases(t)})
                for p in generator_sources() if p.name not in ("charts.py",)]
    for where, found_here in sources:
        for phrase in found_here:
            found.setdefault(phrase, where)
    return found


# --- pages -----------------------------------------------------------------------------------

_BLOCKS = ("p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "summary", "title", "desc",
           "option", "label", "button", "a", "div", "section", "aside", "header", "footer", "nav", "body")


def shown_texts(html: str, lang: str) -> list[tuple[str, str]]:
    """What a reader sees or hears on a page, each text with the text of the block it stands in:
    text nodes (hidden ones too: scripts show them), the title, the shown attributes and what a
    mailto link puts in a message; not what is marked as owner text not translated yet: an
    element in another language (lang), the owner's text on a page whose notice says it is not
    translated. The service figures and their charts are left to their own test."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.select("script, style, template, .portal-figures"):
        element.decompose()
    for element in soup.select("[lang]"):
        if element.name != "html" and element.get("lang") != lang:
            element.decompose()
    # A page not translated yet says so on top: its text is the owner's, as written, except the
    # portal's own parts (its widgets and notices, each of class portal-…).
    if soup.select_one(".portal-translation--untranslated"):
        article = soup.select_one("article")
        for text in article.find_all(string=True) if article else []:
            if not any(any(c.startswith("portal-") for c in p.get("class") or []) for p in text.parents):
                text.extract()
    found = []
    for node in soup.find_all(string=True):
        if isinstance(node, NavigableString) and not isinstance(node, Comment) and node.strip():
            block = next((p for p in node.parents if p.name in _BLOCKS), None)
            found.append((_one_line(node), _one_line(block.get_text()) if block else _one_line(node)))
    for element in soup.find_all(True):
        texts = [element[name] for name in SHOWN_ATTRIBUTES if element.get(name)]
        href = element.get("href", "")
        if href.startswith("mailto:"):
            query = parse_qs(urlsplit(href).query)
            texts += query.get("subject", []) + query.get("body", [])
        found += [(_one_line(t), _one_line(t)) for t in texts if t.strip()]
    return found


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- owner text ------------------------------------------------------------------------------

def owner_texts(content) -> set[str]:
    """Every text owners wrote in the original language (the content as loaded, before any
    translation is laid over it): each value as written, and each text node of it read as
    Markdown. On a translated page, any of it that shows is owner text not translated yet."""
    import dataclasses

    from pydantic import BaseModel

    from generator.content.source import Document

    found: set[str] = set()
    seen: set[int] = set()
    stack: list[object] = [content]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, Document) or id(value) in seen:
            continue
        elif isinstance(value, BaseModel):
            seen.add(id(value))
            stack.append(value.model_dump())
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            seen.add(id(value))
            stack += [getattr(value, f.name) for f in dataclasses.fields(value) if f.name != "markdown"]
        elif isinstance(value, dict):
            stack += [*value.keys(), *value.values()]
        elif isinstance(value, list | tuple | set):
            stack += list(value)
    texts = set()
    for text in found:
        texts.add(" ".join(text.split()))
        if len(text) > 3:
            rendered = BeautifulSoup(content.markdown.render(text), "html.parser")
            texts |= {_one_line(s) for s in rendered.find_all(string=True)}
            texts |= {_one_line(b.get_text()) for b in rendered.find_all(_BLOCKS)}
    return {b for b in (t.strip(_AROUND) for t in texts) if len(b) >= 3}


def phrase_pattern(english, own_words: str) -> re.Pattern:
    """One pattern for the English phrases, whole words only; a phrase the language's own labels
    use (Chat, vCard) is a word of that language too."""
    kept = [p for p in english if not re.search(rf"(?<!\w){re.escape(p)}(?!\w)", own_words)]
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(p) for p in sorted(kept, key=len, reverse=True))})(?!\w)")


def leaks(texts: list[tuple[str, str]], english: re.Pattern, owner: set[str]) -> set[str]:
    """The English phrases in texts, owner text taken out: a text that is owner text (its
    punctuation aside), and any owner text of two words or more inside a text. A text that is an
    interface phrase and nothing else is owner text only inside a block of owner text (a word
    owners put in italics), never on its own (a heading)."""
    found = set()
    longer = [o for o in sorted(owner, key=len, reverse=True) if len(o.split()) >= 2]
    for text, block in texts:
        bare = text.strip(_AROUND)
        if english.fullmatch(bare):
            if not (block != text and block.strip(_AROUND) in owner):
                found.add(bare)
            continue
        if not english.search(text) or bare in owner:
            continue
        for written in (o for o in longer if o in text):
            text = text.replace(written, HOLE)
        found |= {p for p in english.findall(text) if p.strip(_AROUND) not in owner}
    return found


def feed_texts(xml: str) -> list[tuple[str, str]]:
    """What a feed reader shows of the Atom feed: titles, summaries, authors' names."""
    from xml.etree import ElementTree

    atom = "{http://www.w3.org/2005/Atom}"
    root = ElementTree.fromstring(xml)
    return [(_one_line(e.text or ""),) * 2 for tag in ("title", "summary", "name") for e in root.iter(atom + tag)]
