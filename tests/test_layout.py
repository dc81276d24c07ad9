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
    """Wait for transitions to end: Material slides the search in, and an element caught in the
    middle of its slide is not where it will stay."""
    page.wait_for_function("document.getAnimations().every((a) => a.playState !== 'running')")


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
@pytest.mark.parametrize("width", WIDTHS)
def test_page_stays_inside_its_layout(tabs, site_url, width, lang, kind):
    page = tabs(width)
    prefix = "" if lang == "en" else f"{lang}/"
    page.goto(f"{site_url}/{prefix}{PAGES[kind]}", wait_until="load")
    scope = "body"
    if kind == "search":
        open_search(page, QUERY)
        scope = ".md-search__inner"
    elif kind == "numbers":
        open_numbers(page)
    settle(page)
    violations = page.evaluate(AUDIT, scope)
    assert not violations, f"{kind} in {lang} at {width} px:\n" + describe(violations)
