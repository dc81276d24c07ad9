"""Owner text is untrusted: a hostile corpus in every Markdown context and every plain-text field.

Markdown that would run script, fetch from another origin, or take over the page is a check
error at its file and line, however it is spelled. Plain text that looks like markup is just
text: it builds, and every page of the built site, opened in a real browser, shows it as
text, runs nothing and fetches nothing from elsewhere.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
import yaml

from conftest import ROOT, TODAY, serve_directory
from site_scan import html_files, unsafe

EMBED = "https://videos.example.com"

# --- Markdown: each payload as the lines an owner writes ------------------------------------
# (lines, dangerous as Python-Markdown renders it). Every payload is on lines of its own; the
# error must name one of them.
MARKDOWN_PAYLOADS = {
    # attr_list puts any attribute on the element before it
    "attr_list handler on a paragraph": ['Hello', '{: onclick="alert(1)" }'],
    "attr_list handler on a heading": ['## Hello {: onmouseover="alert(1)" }'],
    "attr_list onerror on an image": ['![x](ok.png){: onerror="alert(1)" }'],
    "attr_list replaces a link's href": ['[x](https://ok.example/){: href="javascript:alert(1)" }'],
    "attr_list style overlay": ['Pay here', '{: style="position:fixed;top:0;left:0;width:100%;height:100%" }'],
    # links and images by reference
    "reference link to javascript:": ['[click][r]', '', '[r]: javascript:alert(1)'],
    "reference image from data:": ['![i][r]', '', '[r]: data:image/svg+xml,%3Csvg%20onload=alert(1)%3E'],
    # schemes the browser decodes or cleans before it judges them
    "entity in a link's scheme": ['[x](jav&#x61;script:alert(1))'],
    "named entity colon in a link": ['[x](javascript&colon;alert(1))'],
    "tab entity in a link's scheme": ['[x](java&#x09;script:alert(1))'],
    "mixed case scheme": ['[x](JaVaScRiPt:alert(1))'],
    "tab entity in an href": ['<a href="java&#x09;script:alert(1)">x</a>'],
    "newline entity in an href": ['<a href="java&#10;script:alert(1)">x</a>'],
    "control character before the scheme": ['<a href="&#x01;javascript:alert(1)">x</a>'],
    "decimal entity in an href": ['<a href="&#106;avascript:alert(1)">x</a>'],
    "data: link": ['[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    "vbscript: link": ['<a href="vbscript:msgbox(1)">x</a>'],
    # code that is not code: the check must read Markdown as Markdown reads it
    "escaped backticks around a script": [r'\`<script>alert(1)</script>\`'],
    "stray backticks around a script": ['Type ` to start.', '', '<script>alert(1)</script>', '', 'Then ` again.'],
    # embeds
    "iframe srcdoc on an allowed origin": [f'<iframe src="{EMBED}/embed/1" '
                                           'srcdoc="&lt;script&gt;parent.alert(1)&lt;/script&gt;"></iframe>'],
    "iframe with two src, the first elsewhere": [f'<iframe src="https://evil.example/x" src="{EMBED}/embed/1">'
                                                 '</iframe>'],
    "object": ['<object data="https://evil.example/x.swf"></object>'],
    "embed": ['<embed src="https://evil.example/x.swf">'],
    "svg onload": ['<svg onload="alert(1)"></svg>'],
    "math href": ['<math href="javascript:alert(1)">x</math>'],
    "base element": ['<base href="https://evil.example/">'],
    "meta refresh": ['<meta http-equiv="refresh" content="0;url=https://evil.example/">'],
    "comment closed by --!>": ['<!-- x --!><img src=x onerror=alert(1)> -->'],
    "md_in_html div with a handler": ['<div markdown="1" onclick="alert(1)">text</div>'],
    "details ontoggle": ['<details open ontoggle="alert(1)"><summary>x</summary>y</details>'],
    # overlays and requests elsewhere
    "style overlay": ['<a href="https://evil.example/login" style="position:fixed;inset:0;z-index:9">Sign in</a>'],
    "external image in Markdown": ['![pixel](https://evil.example/pixel.png)'],
    "external image in HTML": ['<img src="https://evil.example/pixel.png" alt="">'],
    "protocol-relative image": ['<img src="//evil.example/pixel.png" alt="">'],
    "external image in srcset": ['<img src="ok.png" srcset="https://evil.example/p.png 2x" alt="">'],
}
# Dangerous only to a sanitiser that re-serialises (mutation XSS), or a tracking request on a
# click: not found by rendering once, but off any allow-list.
NOT_RENDER_DANGEROUS = {
    "math mutation through mglyph and style": ['<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'],
    "ping to another origin": ['<a href="https://ok.example/" ping="https://evil.example/track">x</a>'],
}
ALL_MARKDOWN = MARKDOWN_PAYLOADS | NOT_RENDER_DANGEROUS

FRONT = "---\ntitle: {title}\n{second}\n---\n\nFirst line.\n\n"
PORTAL = f"organisation: Test Org\nhelp_desk: it\nlocations: []\nembeds: [{EMBED}]\n"


def _block(lines: list[str], indent: int) -> str:
    return "".join((" " * indent + line if line else "") + "\n" for line in lines)


def _in_article(path: str, title: str = "Outage", second: str = "reviewed: 2026-10-01"):
    def make(lines):
        text = FRONT.format(title=title, second=second) + "\n".join(lines) + "\n\nLast line.\n"
        return {path: text}, path, 8
    return make


def _faq(lines):
    text = "questions:\n  - id: a\n    question: A?\n    answer: |\n      Fine.\n" + _block(lines, 6)
    return {"content/teams/it/faq.yml": text}, "content/teams/it/faq.yml", 6


def _benefit(lines):
    text = ("benefits:\n  - id: gym\n    name: Gym\n    category: Health\n    summary: A gym.\n"
            "    how_to_claim: |\n      Fine.\n" + _block(lines, 6))
    return {"content/teams/it/benefits.yml": text}, "content/teams/it/benefits.yml", 8


def _welcome(lines):
    text = PORTAL + "welcome: |\n  Fine.\n" + _block(lines, 2)
    return {"content/portal.yml": text}, "content/portal.yml", 7


CONTEXTS = {
    "SOP body": _in_article("content/teams/it/sops/outage.md"),
    "page body": _in_article("content/teams/it/pages/guide.md", "Guide"),
    "news body": _in_article("content/news/2026-11-01-hello.md", "Hello", "summary: Hi."),
    "FAQ answer": _faq,
    "benefit how_to_claim": _benefit,
    "portal welcome": _welcome,
}


def diagnostics(output: str) -> list[tuple[str, int, int, str, str]]:
    """(path, line, column, severity, code) of every diagnostic printed."""
    return [(m[1], int(m[2]), int(m[3]), m[4], m[5])
            for m in re.finditer(r"^(\S+?):(\d+):(\d+): (error|warning)\[([a-z-]+)\]", output, re.M)]


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("payload", ALL_MARKDOWN)
def test_unsafe_markdown_is_an_error_at_its_line(org, run, payload, context):
    lines = ALL_MARKDOWN[payload]
    files, path, first = CONTEXTS[context](lines)
    org.write({"content/portal.yml": PORTAL, **files})
    code, output = run("check")
    assert "Traceback" not in output
    assert code == 1, output
    span = range(first, first + len(lines))
    errors = [(line, column) for p, line, column, severity, c in diagnostics(output)
              if p == path and severity == "error" and c == "unsafe-html"]
    assert any(line in span and column >= 1 for line, column in errors), (
        f"no error[unsafe-html] at {path}:{first}..{span[-1]}; printed:\n{output}")


@pytest.mark.parametrize("context", CONTEXTS)
def test_each_context_checks_clean_without_a_payload(org, run, context):
    files, _, _ = CONTEXTS[context](["Plain *text*, [a link](https://example.com/) and `code`."])
    org.write({"content/portal.yml": PORTAL, **files})
    assert run("check") == (0, "")


def test_the_corpus_is_dangerous_as_markdown_renders_it():
    """Each payload, rendered by Python-Markdown with the organisation's extensions and read by
    an HTML5 parser, does harm: so each test above asks for an error where one is due."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    extensions, configs = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        extensions.append(name)
        if options:
            configs[name] = options
    for name, lines in MARKDOWN_PAYLOADS.items():
        html = markdown.markdown("\n".join(lines), extensions=extensions, extension_configs=configs)
        assert unsafe(html, name, embeds=(EMBED,)), f"{name}: renders harmless: {html}"
