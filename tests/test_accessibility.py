"""Accessibility of the built sample: axe-core in Chromium over every kind of view, in every
language, at a phone's and a laptop's width, in the light and the dark palette.

axe-core comes from npm (package.json pins it; `npm ci` installs it, as .ci/run does). Every
view is checked once, with every rule axe has; the test fails on what axe rates serious or
critical, and names each: the rule, the elements, and what is wrong with them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from portal_views import LANGUAGES, SCHEMES, VIEWS, settled, visit

from generator.content.languages import labels

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = [390, 1280]
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        message = f"axe-core is not installed ({AXE.relative_to(ROOT)} is missing): run `npm ci` in the repository"
        if os.environ.get("CI"):
            pytest.fail(message + "; .ci/run must do it", pytrace=False)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def report(view: str, violations: list[dict]) -> list[str]:
    lines = []
    for v in violations:
        lines.append(f"{view}: {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:8]:
            summary = " ".join(node["failureSummary"].split())
            lines.append(f"    {' > '.join(map(str, node['target']))}: {summary}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more elements")
    return lines


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_view_has_no_serious_accessibility_violation(browser, site_url, axe_source, lang):
    problems: list[str] = []
    checked = 0
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.add_init_script(axe_source)
        page = context.new_page()
        for view in VIEWS:
            page.emulate_media(color_scheme="light")
            visit(page, view, site_url, lang)
            settled(page, SCHEMES["light"])
            if view.act:
                view.act(page)
            # Then the reader's system turns dark, and the page follows (Material's automatic palette).
            for system, scheme in SCHEMES.items():
                page.emulate_media(color_scheme=system)
                settled(page, scheme)
                # Every rule, violations only (collecting passes is most of axe's time).
                result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
                serious = [v for v in result["violations"] if v["impact"] in SERIOUS]
                problems += report(f"{lang} {view.name} at {width} px, {system}", serious)
                checked += 1
        context.close()
    assert checked == len(WIDTHS) * len(SCHEMES) * len(VIEWS)
    assert not problems, f"{len(problems)} lines of serious or critical violations:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_dark_system_setting_gives_the_dark_palette_and_the_toggle_speaks_the_page_s_language(browser, site_url, lang):
    words = labels(lang)
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(f"{site_url}/{'' if lang == LANGUAGES[0] else lang + '/'}teams/it/")
    settled(page, SCHEMES["dark"])
    # Dark indeed, not only named so: the page's background is Material's dark one.
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")  # rgb(30, 33, 41)
    assert sum(map(int, re.findall(r"\d+", background)[:3])) < 3 * 64, background
    # The toggle shown is the automatic entry's: it offers light next, then dark, then the system's
    # setting again, each named in the page's language.
    titles = []
    for scheme in ["default", "slate", "slate"]:
        toggle = page.locator("form[data-md-component=palette] label:not([hidden])")
        titles.append(toggle.get_attribute("title"))
        assert toggle.locator("xpath=preceding-sibling::input[1]").get_attribute("aria-label") == titles[-1]
        toggle.click()
        settled(page, scheme)
    assert titles == [words["palette_to_light"], words["palette_to_dark"], words["palette_to_system"]]
    context.close()


def test_an_organisation_s_own_palette_gets_its_toggles_named_in_each_language(org, run):
    """Two entries, light and dark (no automatic one), one with a name of the organisation's own:
    each toggle is named for the entry it leads to, in the site's language."""
    mkdocs = org.root / "mkdocs.yml"
    config = mkdocs.read_text()
    palette = config[config.index("  palette:\n"):config.index("\nmarkdown_extensions:")]
    mkdocs.write_text(config.replace(palette, """  palette:
    - scheme: default
      toggle: {icon: material/weather-night, name: Dark, please}
    - scheme: slate
      primary: teal
      toggle: {icon: material/weather-sunny}
"""))
    org.write({"content/portal.yml": (org.root / "content/portal.yml").read_text() + "languages: [en, fi]\n"})
    assert run("build")[0] == 0
    for lang, path in [("en", ""), ("fi", "fi")]:
        form = org.html(path).select_one("form[data-md-component=palette]")
        names = [label["title"] for label in form.select("label")]
        assert names == [labels(lang)["palette_to_dark"], labels(lang)["palette_to_light"]], lang
        assert [i["data-md-color-primary"] for i in form.select("input")] == ["indigo", "teal"]
