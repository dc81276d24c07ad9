"""Every kind of page of the built sample stays inside its layout on phones, a tablet and a
laptop, in every language: nothing scrolls sideways, nothing visible leaves the viewport, no
text is smaller than 12 px, and what a finger taps is big enough.

One browser, one page per width; each case loads one address and runs one function in the page
(AUDIT) that returns every violation with a selector and its text, so a failure names what is
wrong. The charts' own tests (text size as drawn, labels inside the SVG, right-to-left order)
and the search on a phone are at the end."""

from __future__ import annotations

import pytest

LANGUAGES = ("en", "fi", "pl", "ru", "vi", "fa")
WIDTHS = (360, 390, 768, 1280)
HEIGHT = 800

# Each kind of page the portal makes, at its address in the sample. 'search' is the home page
# with the search open and answering; 'numbers' is a team page with its service figures' tables
# opened.
PAGES = {
    "home": "",
    "teams directory": "teams/",
    "team": "teams/it/",
    "faq": "teams/it/faq/",
    "sop": "teams/hr/sops/onboard-a-new-hire/",
    "free page": "teams/payroll-finance/pages/pay-calendar/",
    "benefits": "benefits/",
    "what's new": "news/",
    "search": "",
    "numbers": "teams/it/",
}
QUERY = "vpn"  # finds pages and the IT help desk's keyword card in every language of the sample

# The audit of one page, in the page. `scope` is the part a reader can reach: the whole page,
# or with the search open the search dialog (Material lays its overlay over the rest of the page;
# the page itself is audited without the search).
#
# Target size is WCAG 2.2 SC 2.5.8 (Target Size, Minimum, level AA): a target is at least
# 24 x 24 CSS px, or undersized but spaced (a 24 px circle centred on it meets no other target
# and no other undersized target's circle), or inline (a link in a line of text: text outside
# the link shares its line box, so the line height of that text sets its size).
AUDIT = """(scope) => {
  const MIN_FONT = 12, MIN_TARGET = 24;
  const html = document.documentElement;
  const vw = html.clientWidth;
  const found = [];
  const name = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      if (e.id) { parts.unshift(e.localName + "#" + e.id); break; }
      const classes = [...e.classList].filter((c) => !c.startsWith("md-typeset")).slice(0, 2);
      parts.unshift(e.localName + classes.map((c) => "." + c).join(""));
    }
    return parts.join(" > ");
  };
  const words = (el) => (el.textContent || el.getAttribute("aria-label") || el.value || "").replace(/\\s+/g, " ").trim().slice(0, 60);
  const report = (rule, el, detail) => found.push({ rule, selector: name(el), text: words(el), detail });

  if (html.scrollWidth > vw) found.push({ rule: "scrolls sideways", selector: "html", text: "", detail: `${html.scrollWidth} px wide in ${vw}` });

  // The part of the page an element may show through: cut by each ancestor that clips it
  // (overflow hidden or clip; a scroller cuts only across, since one scrolls to what is below),
  // null when nothing is left. A fixed box starts afresh: ancestors do not clip it.
  const clips = new Map();
  const clipOf = (el) => {
    if (clips.has(el)) return clips.get(el);
    const style = getComputedStyle(el);
    let box;
    if (style.position === "fixed") box = { left: -Infinity, right: Infinity, top: -Infinity, bottom: Infinity, fixed: true };
    else box = el.parentElement && el.parentElement !== html ? clipOf(el.parentElement) : { left: -Infinity, right: Infinity, top: -Infinity, bottom: Infinity, fixed: false };
    if (box && el !== document.body) {
      const rect = el.getBoundingClientRect();
      // Visually hidden (for screen readers only): a clip or clip-path down to a pixel.
      if ((style.clip !== "auto" || style.clipPath !== "none") && (rect.width <= 1 || rect.height <= 1)) box = null;
      const across = style.overflowX !== "visible", down = style.overflowY === "hidden" || style.overflowY === "clip";
      if (box && (across || down)) {
        box = { ...box };
        if (across) { box.left = Math.max(box.left, rect.left); box.right = Math.min(box.right, rect.right); }
        if (down) { box.top = Math.max(box.top, rect.top); box.bottom = Math.min(box.bottom, rect.bottom); }
        if (box.left >= box.right || box.top >= box.bottom) box = null;
      }
    }
    clips.set(el, box);
    return box;
  };
  const shown = (el, rect, clip) => {
    if (!clip) return null;
    const left = Math.max(rect.left, clip.left), right = Math.min(rect.right, clip.right);
    const top = Math.max(rect.top, clip.top), bottom = Math.min(rect.bottom, clip.bottom);
    if (left >= right || top >= bottom) return null;
    // Off-canvas by design: a fixed box parked wholly beside the viewport, where no scrolling
    // brings it (Material's navigation drawer on small screens, until the menu opens it).
    if (clip.fixed && (right <= 0 || left >= vw)) return null;
    return { left, right, top, bottom };
  };

  const targets = [];
  const root = document.querySelector(scope);
  for (const el of root.querySelectorAll("*")) {
    // An SVG's shapes are not text or targets; its text is, at the size it is drawn.
    if (el instanceof SVGElement && el.localName !== "text" && el.localName !== "svg") continue;
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    const box = shown(el, rect, clipOf(el));
    if (!box) continue;
    if (box.left < -0.5 || box.right > vw + 0.5) report("outside the viewport", el, `${Math.round(box.left)}..${Math.round(box.right)} px of ${vw}`);
    const texts = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim());
    if (texts.length) {
      let size = parseFloat(getComputedStyle(el).fontSize);
      if (el instanceof SVGElement) { const m = el.getScreenCTM(); size *= Math.hypot(m.a, m.b); }
      if (size < MIN_FONT - 0.01) report("text under 12 px", el, `${size.toFixed(1)} px`);
      // Text can run out of a box that does not clip it (a long word, an address).
      for (const node of texts) {
        const range = document.createRange();
        range.selectNodeContents(node);
        const r = shown(el, range.getBoundingClientRect(), clipOf(el));
        if (r && (r.left < -0.5 || r.right > vw + 0.5)) report("text outside the viewport", el, `${Math.round(r.left)}..${Math.round(r.right)} px of ${vw}`);
      }
    }
    if (el.matches("a[href], button, input:not([type=hidden]), select, textarea, summary")) targets.push({ el, rect });
  }

  const inline = (el) => {
    if (el.localName !== "a" || !getComputedStyle(el).display.startsWith("inline")) return false;
    let block = el.parentElement;
    while (getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
    const lines = [...el.getClientRects()];
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (el.contains(node) || !/[\\p{L}\\p{N}]/u.test(node.textContent)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (lines.some((l) => r.top < l.bottom && l.top < r.bottom)) return true;
    }
    return false;
  };
  const small = new Set(targets.filter((t) => t.rect.width < MIN_TARGET - 0.01 || t.rect.height < MIN_TARGET - 0.01));
  const centre = (r) => [(r.left + r.right) / 2, (r.top + r.bottom) / 2];
  const reach = ([x, y], r) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  for (const t of small) {
    if (inline(t.el)) continue;
    const c = centre(t.rect);
    const near = targets.find((o) => o !== t && !o.el.contains(t.el) && !t.el.contains(o.el) && (reach(c, o.rect) < MIN_TARGET / 2
      || (small.has(o) && Math.hypot(c[0] - centre(o.rect)[0], c[1] - centre(o.rect)[1]) < MIN_TARGET)));
    if (near) report("tap target under 24 px", t.el, `${Math.round(t.rect.width)}x${Math.round(t.rect.height)} px, `
      + `${Math.round(reach(c, near.rect))} px from ${name(near.el)} "${words(near.el).slice(0, 30)}"`);
  }
  return found;
}"""


def describe(violations: list[dict]) -> str:
    """The violations by rule, each distinct one on a line (where, its text, what was measured)."""
    by_rule: dict[str, list[str]] = {}
    for v in violations:
        line = f'  {v["selector"]} "{v["text"]}" ({v["detail"]})'
        lines = by_rule.setdefault(v["rule"], [])
        if line not in lines:
            lines.append(line)
    return "\n".join(f"{rule} ({len(lines)}):\n" + "\n".join(lines[:8]) + ("\n  ..." if len(lines) > 8 else "")
                     for rule, lines in by_rule.items())


def settle(page) -> None:
    """Wait for the transitions that move or size things to end: Material slides the search in,
    and an element caught in the middle of its slide is not where it will stay. (Colours and
    shadows fade without moving anything: the header's shadow is not waited for.)"""
    page.wait_for_function("""document.getAnimations().every((a) => a.playState !== 'running'
        || /^(box-shadow|color|background-color|border-color|fill|stroke)$/.test(a.transitionProperty))""")


@pytest.fixture(scope="module")
def tabs(browser):
    """One page per width, opened when first needed and reused by every case of that width."""
    pages: dict[int, object] = {}

    def get(width: int):
        if width not in pages:
            pages[width] = browser.new_page(viewport={"width": width, "height": HEIGHT})
        return pages[width]

    yield get
    for page in pages.values():
        page.close()


def open_search(page, query: str) -> None:
    page.keyboard.press("/")  # the portal's shortcut opens the search, on a phone too
    page.keyboard.type(query)
    page.locator(".md-search-result__item").first.wait_for()
    page.locator(".portal-search__card").first.wait_for()


def open_numbers(page) -> None:
    page.evaluate("""() => { const all = document.querySelectorAll('.portal-figures__numbers');
        all.forEach((d) => { d.open = true; }); all[0].scrollIntoView(); }""")


@pytest.mark.parametrize("kind", PAGES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_stays_inside_its_layout(tabs, site_url, lang, kind):
    """The page at each width, in its own tab: the four load side by side (the browser has a
    process per tab), then each is audited."""
    prefix = "" if lang == "en" else f"{lang}/"
    pages = {width: tabs(width) for width in WIDTHS}
    for page in pages.values():
        page.goto(f"{site_url}/{prefix}{PAGES[kind]}", wait_until="commit")
    failures = []
    for width, page in pages.items():
        page.wait_for_load_state("load")
        scope = "body"
        if kind == "search":
            open_search(page, QUERY)
            scope = ".md-search__inner"
        elif kind == "numbers":
            open_numbers(page)
        settle(page)
        violations = page.evaluate(AUDIT, scope)
        if violations:
            failures.append(f"{kind} in {lang} at {width} px:\n" + describe(violations))
    assert not failures, "\n".join(failures)


def test_the_language_list_shows_every_language(tabs, site_url):
    """Opened on a phone, the header's language list shows all six languages without a scroll
    bar (Material's own limit hid the sixth, Persian, the one right-to-left readers look for)."""
    page = tabs(390)
    page.goto(f"{site_url}/fa/", wait_until="load")
    page.locator(".md-header .md-select").first.hover()
    settle(page)
    sizes = page.evaluate("""() => { const list = document.querySelector('.md-header .md-select__list');
        return [list.scrollHeight, list.clientHeight, list.querySelectorAll('a').length]; }""")
    assert sizes[2] == len(LANGUAGES) and sizes[0] <= sizes[1], sizes


# --- Charts ----------------------------------------------------------------------------------

# Every text of every chart: its size as drawn (the font size times the SVG's scale), its box
# and its SVG's box, and its class.
CHART_TEXTS = """() => [...document.querySelectorAll('svg.portal-chart')].map((svg) => {
  const frame = svg.getBoundingClientRect();
  return { frame: [frame.left, frame.top, frame.right, frame.bottom], texts: [...svg.querySelectorAll('text')].map((t) => {
    const m = t.getScreenCTM(), r = t.getBoundingClientRect();
    return { text: t.textContent, css: t.getAttribute('class'), size: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b),
             box: [r.left, r.top, r.right, r.bottom] };
  }) };
})"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_chart_text_is_readable_on_a_phone(tabs, site_url, lang):
    """At 360 px every text of the service figures is drawn at 12 px or more, inside its SVG, and
    no two labels of a row (months, values, weekdays) cover each other."""
    page = tabs(360)
    page.goto(f"{site_url}/{'' if lang == 'en' else lang + '/'}teams/it/", wait_until="load")
    charts = page.evaluate(CHART_TEXTS)
    assert len(charts) >= 3 and all(chart["texts"] for chart in charts)
    problems = []
    for n, chart in enumerate(charts):
        left, top, right, bottom = chart["frame"]
        for t in chart["texts"]:
            if t["size"] < 12 - 0.01:
                problems.append(f'chart {n}: "{t["text"]}" is {t["size"]:.1f} px')
            x0, y0, x1, y1 = t["box"]
            if x0 < left - 0.5 or x1 > right + 0.5 or y0 < top - 0.5 or y1 > bottom + 0.5:
                problems.append(f'chart {n}: "{t["text"]}" at {x0:.0f}..{x1:.0f} x {y0:.0f}..{y1:.0f} is outside '
                                f'{left:.0f}..{right:.0f} x {top:.0f}..{bottom:.0f}')
        for i, a in enumerate(chart["texts"]):
            for b in chart["texts"][i + 1:]:
                ax0, ay0, ax1, ay1 = a["box"]
                bx0, by0, bx1, by1 = b["box"]
                if a["css"] == b["css"] and ax0 < bx1 - 0.5 and bx0 < ax1 - 0.5 and ay0 < by1 - 0.5 and by0 < ay1 - 0.5:
                    problems.append(f'chart {n}: "{a["text"]}" and "{b["text"]}" overlap')
    assert not problems, "\n".join(problems[:20])


def month_places(page) -> list[float]:
    """The horizontal centres of the first chart's bars, in the order of their months."""
    return page.evaluate("""() => [...document.querySelector('.portal-figures__panel svg').querySelectorAll('.portal-chart__bar')]
        .map((bar) => { const r = bar.getBoundingClientRect(); return (r.left + r.right) / 2; })""")


def test_charts_run_right_to_left_in_persian(tabs, site_url):
    """In Persian the months run from right to left: the first month's bar and label are at the
    right; in English at the left."""
    page = tabs(360)
    for lang, ordered in (("en", lambda xs: xs == sorted(xs)), ("fa", lambda xs: xs == sorted(xs, reverse=True))):
        page.goto(f"{site_url}/{'' if lang == 'en' else lang + '/'}teams/it/", wait_until="load")
        bars = month_places(page)
        assert len(bars) == 12 and ordered(bars), (lang, bars)
        months = page.evaluate("""() => [...document.querySelector('.portal-figures__panel svg').querySelectorAll('.portal-chart__tick')]
            .map((t) => t.getBoundingClientRect().right)""")
        assert ordered(months), (lang, months)
        # And the week: Monday's column first, at the right in Persian.
        days = page.evaluate("""() => [...[...document.querySelectorAll('svg.portal-chart')].at(-1).querySelectorAll('text')]
            .slice(0, 7).map((t) => t.getBoundingClientRect().right)""")
        assert ordered(days), (lang, days)


@pytest.mark.parametrize("lang", ("en", "fa"))
def test_the_numbers_opened_on_a_phone_do_not_scroll_sideways(tabs, site_url, lang):
    page = tabs(360)
    page.goto(f"{site_url}/{'' if lang == 'en' else lang + '/'}teams/it/", wait_until="load")
    open_numbers(page)
    tables = page.evaluate("""() => [...document.querySelectorAll('.portal-figures__numbers table')]
        .map((t) => { const r = t.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.right)]; })""")
    assert len(tables) >= 3 and all(left >= 0 and right <= 360 for left, right in tables), tables
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


# --- Search on a phone -----------------------------------------------------------------------

# What an open on-screen keyboard leaves of a 390 x 844 phone's screen (the keyboard with its
# suggestion bar takes about 336 px), where the reader looks while typing.
ABOVE_KEYBOARD = 844 - 336


def test_first_result_is_on_the_first_screen_of_a_phone(tabs, site_url):
    """With two keyword cards above the results, the first result's title still shows on the
    first screen of a 390 x 844 phone, above the keyboard; each card's channels are one row of
    buttons a finger can tap, and the facets one row."""
    page = tabs(390)
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.goto(f"{site_url}/", wait_until="load")
        open_search(page, "password payslip")
        page.locator(".portal-search__card").nth(1).wait_for()
        settle(page)
        title = page.locator(".md-search-result__item h1").first.bounding_box()
        assert title["y"] >= 0 and title["y"] + title["height"] <= ABOVE_KEYBOARD, title
        cards = page.evaluate("""() => [...document.querySelectorAll('.portal-search__card')].map((card) =>
            [...card.querySelectorAll('.portal-search__channel')].map((a) => {
              const s = getComputedStyle(a), r = a.getBoundingClientRect();
              return { top: Math.round(r.top), height: r.height, border: parseFloat(s.borderTopWidth) }; }))""")
        assert len(cards) == 2 and all(cards), cards
        for channels in cards:
            assert len({c["top"] for c in channels}) == 1, channels
            assert all(c["height"] >= 24 and c["border"] > 0 for c in channels), channels
        tops = page.eval_on_selector_all(".portal-search__facet button", "bs => bs.map((b) => Math.round(b.getBoundingClientRect().top))")
        assert len(tops) >= 3 and len(set(tops)) == 1, tops
    finally:
        page.set_viewport_size({"width": 390, "height": HEIGHT})


@pytest.mark.parametrize("lang, names", [("en", {"kind": "Kind of page", "team": "Team"}),
                                         ("fa", {"kind": "نوع صفحه", "team": "تیم"})])
def test_facet_groups_are_named(tabs, site_url, lang, names):
    """Each group of facet buttons is a group named for what it narrows by, in the page's language."""
    page = tabs(1280)
    page.goto(f"{site_url}/{'' if lang == 'en' else lang + '/'}", wait_until="load")
    page.keyboard.press("/")
    page.keyboard.type("laptop")  # pages of several kinds from several teams
    page.locator('.portal-search__facet[data-facet="team"] button').first.wait_for()
    shown = page.eval_on_selector_all(".portal-search__facet", "groups => groups.map((g) => g.dataset.facet)")
    assert shown == ["kind", "team"], shown
    for facet in shown:
        group = page.get_by_role("group", name=names[facet], exact=True)
        assert group.count() == 1 and group.get_by_role("button").count() >= 2, facet


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_cards_row_of_channels_shows_that_it_goes_on(tabs, site_url, lang):
    """On a phone a keyword card's channels are one row that scrolls sideways: its first channel
    shows whole, and a second one peeks in at the row's end, in either direction of writing,
    however long the first's name and address are in that language."""
    page = tabs(390)
    prefix = "" if lang == "en" else f"{lang}/"
    page.goto(f"{site_url}/{prefix}", wait_until="load")
    open_search(page, QUERY)
    settle(page)
    rows = page.evaluate("""() => [...document.querySelectorAll('.portal-search__card ul')].map((ul) => {
        const box = ul.getBoundingClientRect();
        return { rtl: getComputedStyle(ul).direction === 'rtl', left: box.left, right: box.right,
                 channels: [...ul.querySelectorAll('.portal-search__channel')].map((a) => {
                   const r = a.getBoundingClientRect(); return { left: r.left, right: r.right }; }) }; })""")
    assert rows and any(len(row["channels"]) > 1 for row in rows), rows
    for row in rows:
        first, rest = row["channels"][0], row["channels"][1:]
        assert row["left"] - 0.5 <= first["left"] and first["right"] <= row["right"] + 0.5, row
        if rest:
            # the next channel's leading edge, at least 16 px of it inside the row
            shown = row["left"] - rest[0]["right"] if row["rtl"] else rest[0]["left"] - row["right"]
            assert shown <= -16, row
