"""The browser's search as one script, written beside each language's search files.

    search/portal/search.js   the language's manifest (window.portalSearchManifest), its
                              Snowball stemmer (if it has one), then portal-search-core.js, then
                              portal-search.js, without comments

Every page loads it (theme/main.html), so a query waits on no script and no manifest: no fetch of
the manifest to unpack once the page has loaded (which the browser hands to the script only after
the page's own work at its load event), no module import of the stemmer after it. The sources stay as they
are in theme/assets/javascripts/ (node's tests load them as they are); here their whole-line
comments and indentation go, which is about a third of their compressed bytes, and the
stemmer's ES module turns into a class the page finds by name (window.portalStemmers), its base
class without the methods that language's stemmer never calls.

Only whole lines are dropped, never a part of one, so nothing inside a string or a regular
expression is touched; a template literal over several lines would be, and is refused.
"""

from __future__ import annotations

import re

from ..resources import THEME_DIR

JAVASCRIPTS = THEME_DIR / "assets/javascripts"
SOURCES = ("portal-search-core.js", "portal-search.js")


def strip_comments(source: str, name: str = "script") -> str:
    """The script without its whole-line comments (// ..., /* ... */ on lines of their own), blank
    lines and indentation."""
    out: list[str] = []
    in_block = False
    for number, line in enumerate(source.splitlines(), 1):
        if line.count("`") % 2:
            raise ValueError(f"{name}:{number}: a template literal over several lines cannot be stripped line by line")
        text = line.strip()
        if in_block:
            if "*/" in text:
                in_block = False
                text = text.split("*/", 1)[1].strip()
            else:
                continue
        if text.startswith("/*"):
            if "*/" not in text:
                in_block = True
                continue
            text = text.split("*/", 1)[1].strip()
        if text and not text.startswith("//"):
            out.append(text)
    return "\n".join(out) + "\n"


def _stemmer(name: str) -> str:
    """The Snowball stemmer's ES modules (snowball/base-stemmer.js and <name>-stemmer.js) as a
    classic script's block registering the class under its name."""
    modules = {"base": (JAVASCRIPTS / "snowball/base-stemmer.js").read_text(encoding="utf-8"),
               "own": (JAVASCRIPTS / f"snowball/{name}-stemmer.js").read_text(encoding="utf-8")}
    for module, before, after in (("base", "export default class BaseStemmer", "class BaseStemmer"),
                                  ("own", "import B from './base-stemmer.js'", "const B = BaseStemmer;"),
                                  ("own", "export default class extends B", "const Stemmer = class extends B")):
        if modules[module].count(before) != 1:
            raise ValueError(f"snowball/{name}-stemmer.js: expected '{before}' once, as the Snowball compiler writes it")
        modules[module] = modules[module].replace(before, after)
    base, own = _used_methods(modules["base"], modules["own"]), modules["own"]
    # The class expression ends in "}": the semicolon keeps the next line from calling it.
    return ("{\n" + strip_comments(base, "base-stemmer.js") + strip_comments(own, f"{name}-stemmer.js")
            + f";\n(window.portalStemmers ??= {{}})[{name!r}] = Stemmer;\n}}\n")


# A method of the base class as the Snowball compiler writes it: four spaces in, on lines of its
# own from its name to its closing brace.
_METHOD = re.compile(r"^    (#?\w+)\(.*\) *\{$")


def _used_methods(base: str, own: str) -> str:
    """The base class without the methods the language's stemmer never calls (directly or through
    the methods it calls): a stemmer uses some of the base's helpers, not all, and every page
    downloads what search.js holds."""
    lines = base.splitlines(keepends=True)
    spans: dict[str, tuple[int, int]] = {}
    for number, line in enumerate(lines):
        found = _METHOD.match(line.rstrip("\n"))
        if found:
            end = next(n for n in range(number + 1, len(lines)) if lines[n].rstrip("\n") == "    }")
            spans[found[1]] = (number, end)
    kept, reached = {"constructor"}, own
    while True:
        more = {name for name in spans if name not in kept and f".{name}(" in reached}
        if not more:
            break
        kept |= more
        reached = own + "".join("".join(lines[a:b + 1]) for name, (a, b) in spans.items() if name in kept)
    dropped = {n for name, (a, b) in spans.items() if name not in kept for n in range(a, b + 1)}
    return "".join(line for n, line in enumerate(lines) if n not in dropped)


def search_script(stemmer: str | None, manifest: str = "null") -> str:
    """search.js for a language whose index stems with this Snowball stemmer (or none), with its
    manifest (JSON, which is JavaScript)."""
    parts = [f"window.portalSearchManifest = {manifest}"]
    parts += [_stemmer(stemmer)] if stemmer else []
    parts += [strip_comments((JAVASCRIPTS / name).read_text(encoding="utf-8"), name) for name in SOURCES]
    return ";\n".join(parts)  # each file a statement of its own, whatever its last line
