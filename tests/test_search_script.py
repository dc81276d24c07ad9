"""The page's search script (generator/search/script.py): the theme's search sources and the
language's Snowball stemmer as one script without comments, written beside the search files."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess

import pytest

from generator.search.script import JAVASCRIPTS, SOURCES, search_script, strip_comments


def test_whole_line_comments_and_indentation_go_code_stays():
    source = ('/* A block\n * over lines */\nconst a = "// not a comment";  // kept: not a whole line\n'
              "  // gone\n    const b = /\\/*x/;\n/* one line */ const c = 1;\n\n")
    assert strip_comments(source) == ('const a = "// not a comment";  // kept: not a whole line\n'
                                      "const b = /\\/*x/;\nconst c = 1;\n")


def test_a_template_literal_over_lines_is_refused():
    with pytest.raises(ValueError, match=r"x\.js:2: a template literal"):
        strip_comments("const a = 1;\nconst b = `one\n// two`;\n", "x.js")


def _node():
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed (apt-get install nodejs)")
    return node


@pytest.mark.parametrize("stemmer, word, stem", [("english", "generously", "generous"), ("finnish", "salasanalla", "salasan"),
                                                 ("russian", "паролями", "парол")])
def test_the_script_registers_the_language_stemmer_and_the_core(tmp_path, stemmer, word, stem):
    """Run as a classic script (as the page runs it): the stemmer class under its name, the core
    global, and the page's part stops where there is no search box."""
    script = search_script(stemmer)
    (tmp_path / "search.js").write_text(script, encoding="utf-8")
    check = (
        "const vm = require('node:vm'); const fs = require('node:fs');"
        "const document = { querySelector: () => null, getElementById: () => ({ textContent: '{}' }) };"
        "const context = vm.createContext({ document }); context.window = context;"
        f"vm.runInContext(fs.readFileSync({str(tmp_path / 'search.js')!r}, 'utf8'), context);"
        f"const s = new context.portalStemmers[{stemmer!r}]();"
        f"console.log(JSON.stringify([s.stemWord({word!r}), typeof context.portalSearchCore.rank]));")
    result = subprocess.run([_node(), "-e", check], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f'["{stem}","function"]'


@pytest.mark.parametrize("stemmer", ["english", "finnish", "russian"])
def test_the_stemmer_keeps_the_base_methods_it_calls_and_no_other(stemmer):
    """The base class's methods the language's stemmer calls, and those they call, stay; a method
    nothing calls goes (copy_from: no stemmer copies another)."""
    script = search_script(stemmer)
    own = (JAVASCRIPTS / f"snowball/{stemmer}-stemmer.js").read_text(encoding="utf-8")
    base = (JAVASCRIPTS / "snowball/base-stemmer.js").read_text(encoding="utf-8")
    methods = set(re.findall(r"^    (#?\w+)\(.*\) *\{$", base, flags=re.MULTILINE))
    called = {name for name in methods if f".{name}(" in own}
    assert called and all(f"{name}(" in script for name in called)
    assert "#replace_s(" in script  # called by slice_from, not by the stemmer itself
    assert "copy_from(" not in script and "copy_from(" in base
    assert len(script) < len(search_script(None)) + len(strip_comments(base)) + len(strip_comments(own))


def test_the_script_is_smaller_than_its_sources():
    sources = [*(JAVASCRIPTS / name for name in SOURCES), JAVASCRIPTS / "snowball/base-stemmer.js",
               JAVASCRIPTS / "snowball/english-stemmer.js"]
    before = sum(len(gzip.compress(p.read_bytes(), 6)) for p in sources)
    after = len(gzip.compress(search_script("english").encode("utf-8"), 6))
    assert after < before * 0.75, (after, before)


def test_a_built_site_loads_its_languages_script(sample):
    site, _ = sample
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'src="search/portal/search.js"' in home and "portal-search-core.js" not in home
    for folder, stemmer in (site, "english"), (site / "fi", "finnish"):
        manifest = gzip.decompress((folder / "search/portal/manifest.json.gz").read_bytes()).decode("utf-8")
        assert (folder / "search/portal/search.js").read_text(encoding="utf-8") == search_script(stemmer, manifest)
    assert 'src="search/portal/search.js"' in (site / "fi/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang, query", [("", "password"), ("fi/", "salasana")])
def test_a_query_fetches_neither_script_nor_manifest_of_its_own(browser, site_url, lang, query):
    """The page's language's stemmer and manifest came with search.js: a query fetches only its
    postings and documents (a translated page the original's manifest and stemmer too)."""
    page = browser.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{site_url}/{lang}")
    loaded = len(fetched)
    total = page.evaluate("async (q) => { const found = await portalSearch(q); await found.hits[0].data(); return found.total; }", query)
    page.close()
    assert total > 0
    during = [url.removeprefix(site_url) for url in fetched[loaded:]]
    assert any("/search/portal/post/" in url for url in during) and any("/search/portal/doc/" in url for url in during)
    assert f"{site_url}/{lang}search/portal/manifest.json.gz" not in fetched  # not even while the page loads
    scripts = [url for url in during if url.endswith(".js")]
    assert scripts == ([] if not lang else ["/fi/assets/javascripts/snowball/english-stemmer.js",
                                            "/fi/assets/javascripts/snowball/base-stemmer.js"]), during
