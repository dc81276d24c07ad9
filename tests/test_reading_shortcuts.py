"""A text read for the first time skips the passes whose result it already has: the sanitiser's
HTML is parsed only when it differs from the canonical form the reader parsed, the rendering
only when it is not its own canonical form, schemes are found from the colons, and nh3's
sanitisers are built once rather than for every call. Each shortcut gives exactly what the full
pass gives, on hostile text above all."""

from __future__ import annotations

import html
import itertools
import random
import re
from dataclasses import replace

import nh3
from conftest import ROOT
from test_markdown_reading import VALID
from test_owner_text import ALL_MARKDOWN, EMBED

from generator.checks import sanitise
from generator.checks.sanitise import _found, _sanitised_tags, contained, policy
from generator.content import markdown
from generator.content.markdown import ELEMENTS, Reader, _schemes, canonical, start_tags, typed_tags
from generator.engine.mkdocs import markdown_settings

SETTINGS = markdown_settings(ROOT / "mkdocs.yml")[0]
POLICY = policy((EMBED,), ("https://media.example.com",))

# HTML that reaches beyond its own text, or reads differently inside an element.
UNCONTAINED = {
    "an open div": "<div>\n\nText.\n",
    "a stray end tag": "Text.\n\n</div>\n\nMore.\n",
    "an open table cell": "<table><tr><td>x\n",
    "an open comment": "Text <!-- hidden\n",
    "an open textarea": "<textarea>\n\nText.\n",
    "plaintext": "<plaintext>\n",
    "an open link": '<a href="https://example.com/">x\n',
    "style inside svg": "<svg><style>x</style></svg>\n",
    "noscript with a tag in a title": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>\n',
    "template": "<template><div>x</div></template>\n",
    "nested links": "[a [b](https://example.com/b) c](https://example.com/a)\n",
}
# What owners write every day: the shortcuts must be taken for them, or they save nothing.
ORDINARY = {
    "paragraphs": "Plain *text*, [a link](https://example.com/) and `code`.\n\nA second paragraph.\n",
    "headings and a list": "## First\n\n- one\n- two\n\n### Second\n\n1. three\n",
    "an aligned table": "| a | b |\n|:--|--:|\n| 1 | 2 |\n",
    "an image of the site": "![Diagram](../files/diagram.png)\n",
    "an entity": "Fish &amp; chips, 5 &lt; 6.\n",
    "an admonition": "!!! note\n    Read this first.\n",
}
TEXTS = ({name: "\n".join(lines) + "\n" for name, lines in ALL_MARKDOWN.items()}
         | UNCONTAINED | ORDINARY | VALID)


def test_the_sanitiser_s_tags_are_the_reader_s_only_when_its_html_is_the_canonical_form():
    reader = Reader(SETTINGS)
    shortcuts = 0
    for name, text in TEXTS.items():
        for title in (None, "Outage"):
            reading = reader.read(text, first_line=3, title=title)
            assert reading.canonical is not None and reading.canonical_tags is not None
            full = replace(reading, canonical=None, canonical_tags=None)  # as a stored reading is judged
            assert _found(reading, POLICY) == _found(full, POLICY), (name, title)
            assert contained(reading) == contained(full), (name, title)
            shortcuts += _sanitised_tags(reading, POLICY) is reading.canonical_tags
    assert 0 < shortcuts < 2 * len(TEXTS)


def test_a_rendering_is_parsed_again_only_when_it_is_not_its_own_canonical_form():
    reader = Reader(SETTINGS)
    passed_over = 0
    for name, text in TEXTS.items():
        for title in ("", "# Outage\n\n"):
            rendered = reader.render(title + text)
            form = canonical(rendered)
            read = start_tags(form)
            typed = typed_tags(rendered, form, read)
            assert typed == start_tags(rendered), name
            passed_over += typed is read
    assert 0 < passed_over < 2 * len(TEXTS)


# Pieces of HTML around the permalink sign: in text, attributes, comments, end tags, raw text.
PIECES = ["\u00b6", "\u00b6", "&para;", "text", " ", "<a title=\"", "<a title=", "<img alt='", "\"", "'", ">",
          "</a>", "<!--", "-->", "<script>", "</script", "<textarea>", "</textarea>", "</a", "<p>", "=", "<",
          "<h2 id=\"x\">", "</h2>", "<a class=\"headerlink\" href=\"#x\">", "/>", "&amp;", "<svg><title>"]


def test_a_permalink_sign_written_as_an_entity_is_passed_over_only_outside_tags():
    """A rendering that differs from its canonical form only in &para; for the sign: its tags are
    the form's only when no tag holds the sign. Each rendering here is a canonical form with some
    of its signs written as the entity, wherever they are, inside tags too."""
    rng = random.Random(11)
    passed_over = 0
    for _ in range(3000):
        form = canonical("".join(rng.choice(PIECES) for _ in range(rng.randint(1, 14))))
        signs = form.split("\u00b6")
        rendered = signs[0] + "".join(rng.choice(("\u00b6", "&para;")) + part for part in signs[1:])
        read = start_tags(canonical(rendered))
        assert typed_tags(rendered, canonical(rendered), read) == start_tags(rendered), rendered
        passed_over += rendered != canonical(rendered) and typed_tags(rendered, canonical(rendered), read) is read
    assert passed_over > 100


def test_schemes_are_the_ones_the_expression_over_the_whole_text_finds():
    expression = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
    rng = random.Random(7)
    samples = [html.unescape(text) for text in TEXTS.values()]
    samples += ["".join(rng.choice("aZq09+.-:: \n&;é/'") for _ in range(rng.randint(0, 40))) for _ in range(20000)]
    for sample in samples:
        assert _schemes(sample) == {m.lower() for m in expression.findall(sample)}, sample


SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def test_a_reused_sanitiser_is_the_one_each_text_calls_for():
    """Each text, read after all the others (their sanitisers built and kept), comes out as the
    sanitiser built for it alone leaves it: nh3.clean with the text's own options."""
    reader = Reader(SETTINGS)
    rendered = [reader.render(text) for text in TEXTS.values()]
    attacks = [text for text in TEXTS.values() if "<" in text]  # raw HTML as typed, not as Markdown left it
    for text in itertools.chain(rendered, attacks, reversed(rendered), reversed(attacks)):
        names = {m.lower() for m in re.findall(r"<\s*([A-Za-z][^\s/>\x00]*)", text)}
        decoded = html.unescape(text).replace("\t", "").replace("\n", "").replace("\r", "")
        schemes = {m.lower() for m in SCHEME.findall(decoded)} | {"http", "https"}
        assert canonical(text) == nh3.clean(
            text, tags=set(ELEMENTS | names), clean_content_tags=set(), generic_attribute_prefixes={""},
            url_schemes=schemes, strip_comments=False, link_rel=None), text
        for judged in (POLICY, policy((), ())):
            def keep(tag, attribute, value, judged=judged):
                return value if judged.allows(tag, attribute, value) else None
            assert judged.clean(text) == nh3.clean(
                text, tags=set(sanitise.TAGS), attributes={k: set(v) for k, v in sanitise.ATTRIBUTES.items()},
                tag_attribute_values={k: {a: set(v) for a, v in d.items()} for k, d in sanitise.VALUES.items()},
                url_schemes=set(sanitise.SCHEMES), attribute_filter=keep, link_rel=None,
                filter_style_properties=set(sanitise.STYLE_PROPERTIES), strip_comments=False,
                clean_content_tags={"script", "style"}), text


def test_a_reading_through_the_shortcuts_is_the_reading_through_every_pass(monkeypatch):
    """Whole readings: each text read as it is, and read again with every rendering parsed anew
    (its tags then paired with the canonical ones one by one), are the same in every part."""
    def read_all() -> list:
        reader = Reader(SETTINGS)
        readings = []
        for text in TEXTS.values():
            for title in (None, "Outage"):
                reading = reader.read(text, first_line=3, indent=2, title=title)
                readings.append((reading, [e.written for e in reading.elements], reading.canonical_tags,
                                 _found(reading, POLICY)))
        return readings

    shortcut = read_all()
    monkeypatch.setattr(markdown, "typed_tags", lambda rendered, form, read: start_tags(rendered))
    assert read_all() == shortcut


def test_each_tag_is_read_as_the_rendering_typed_it():
    """What the shortcuts must not lose: a tag's typed form (raw HTML as the owner wrote it, an
    image as Markdown writes it) is one the rendering holds, not the canonical form's."""
    reader = Reader(SETTINGS)
    checked = 0
    for name, text in TEXTS.items():
        for title in (None, "Outage"):
            reading = reader.read(text, first_line=3, title=title)
            typed = start_tags(reader.render(("# Outage\n\n" if title else "") + text))
            forms, names = {w for _, _, w in typed}, {t for t, _, _ in typed}
            assert reading.canonical is not None
            canonical_forms = {w for _, _, w in start_tags(reading.canonical)}
            for element in reading.elements:
                if element.tag in names:
                    assert element.written in forms, (name, element.written)
                    checked += element.written not in canonical_forms
    assert checked > 10  # tags whose typed form is not the canonical one
