"""Owner text is untrusted: a hostile corpus in every Markdown context and every plain-text field.

Markdown that would run script, fetch from another origin, or take over the page is a check
error at its file and line, however it is spelled. Plain text that looks like markup is just
text: it builds, and every page of the built site, opened in a real browser, shows it as
text, runs nothing and fetches nothing from elsewhere.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

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


# --- plain text: legitimate text that looks like markup ---------------------------------------

VCARD_BREAK = "\r\nEMAIL;TYPE=work:spy@evil.example\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:injected"


def hostile(marker: str, vcard: bool = False, comment: bool = False) -> str:
    """A plain text that breaks out of every context it could land in, if not escaped for it."""
    text = (f"{marker} x\"><img src=x onerror=alert('{marker}')> x'><svg onload=alert('{marker}')> "
            f"</title></textarea></script><script>alert('{marker}')</script> "
            f"[pwn](javascript:alert('{marker}')) ![p](https://evil.example/{marker}.png) "
            f"<https://evil.example/{marker}> {{{{ 7*7 }}}} {{% if 1 %}}49{{% endif %}} ]]>{'<!--' if comment else ''} "
            f"&amp; &lt;b&gt; &cc=spy@evil.example&bcc=spy@evil.example {{: onclick=\"alert('{marker}')\" }}")
    return text + (VCARD_BREAK if vcard else "")


# Address fields refuse quotes and angle brackets (test_a_web_address_with_quotes_… and the
# invalid-url tests below); what they accept still carries what HTML and URLs give meaning to:
# a single quote, & and entities, = and ;.
BRANCH = "release/ZQbranch"
EDIT = "{url}/-/edit/{branch}/{path}?x='onmouseover=alert('ZQedit')'&amp;y=&#39;ZQedit"
FORM = "https://forms.example.com/f?page={url}&title={title}&x='onmouseover=alert('ZQform')'&lt;svg&gt;"


def q(text: str) -> str:
    """A YAML scalar holding exactly text (JSON strings are YAML double-quoted scalars)."""
    return json.dumps(text)


def hostile_org(root: Path, via: str) -> dict[str, str]:
    """An organisation whose every plain-text field is hostile; returns the texts by field."""
    # A comment opener swallows the rest of a page: only in texts that come late in a page, so
    # the others are tried too.
    t = {name: hostile("ZQ" + name.replace("_", ""), vcard=name in ("organisation", "team_name", "team_summary"),
                       comment=name in ("escalation", "eligibility", "include"))
         for name in ["organisation", "tagline", "location", "address", "employment", "team_name", "team_summary",
                      "keyword", "email_description", "chat_label", "form_label", "category", "phone_label",
                      "walk_in", "closure", "hours_notes", "after_hours", "priority", "priority_description",
                      "service", "service_description", "include", "escalation", "question", "tag",
                      "benefit", "benefit_category", "benefit_summary", "eligibility", "sop_title", "sop_summary",
                      "page_title", "page_summary", "news_title", "news_summary",
                      "fi_tagline", "fi_team_name", "fi_team_summary", "fi_sop_title", "fi_sop_summary"]}
    feedback = (f"feedback:\n  via: form\n  form: {q(FORM)}\n" if via == "form" else "")
    files = {
        "content/portal.yml": f"""\
organisation: {q(t['organisation'])}
tagline: {q(t['tagline'])}
help_desk: it
languages: [en, fi]
locations:
  - id: helsinki
    name: {q(t['location'])}
    country: FI
    timezone: Europe/Helsinki
    address: {q(t['address'])}
employment_types:
  - id: permanent
    name: {q(t['employment'])}
repository:
  url: https://git.example.com/org/portal
  branch: {q(BRANCH)}
  edit: {q(EDIT)}
{feedback}""",
        "content/teams/it/team.yml": f"""\
name: {q(t['team_name'])}
summary: {q(t['team_summary'])}
owners: ["@org/it"]
keywords: [laptop, {q(t['keyword'])}]
channels:
  - type: email
    value: techsupport@example.com
    description: {q(t['email_description'])}
  - type: chat
    value: https://chat.example.com/it
    label: {q(t['chat_label'])}
  - type: form
    value: https://forms.example.com/it
    label: {q(t['form_label'])}
    categories: [{q(t['category'])}]
  - type: phone
    value: "+358 9 4242 0100"
    label: {q(t['phone_label'])}
  - type: walk-in
    value: {q(t['walk_in'])}
    location: helsinki
office_hours:
  timezone: Europe/Helsinki
  schedule:
    - days: mon-fri
      hours: 09:00-17:00
  closed:
    - date: 2026-12-24
      name: {q(t['closure'])}
  notes: {q(t['hours_notes'])}
after_hours:
  description: {q(t['after_hours'])}
response_targets:
  - priority: {q(t['priority'])}
    description: {q(t['priority_description'])}
    first_response: 1 hour
services:
  - id: laptops
    name: {q(t['service'])}
    description: {q(t['service_description'])}
    category: {q(t['category'])}
    include: [{q(t['include'])}]
    priorities: [{q(t['priority'])}]
escalation: {q(t['escalation'])}
""",
        "content/teams/it/faq.yml": f"""\
questions:
  - id: reset
    question: {q(t['question'])}
    answer: Go to the password page.
    tags: [{q(t['tag'])}]
    featured: true
""",
        "content/teams/it/benefits.yml": f"""\
benefits:
  - id: gym
    name: {q(t['benefit'])}
    category: {q(t['benefit_category'])}
    summary: {q(t['benefit_summary'])}
    eligibility:
      notes: {q(t['eligibility'])}
    how_to_claim: Ask the desk.
""",
        "content/teams/it/sops/outage.md": f"---\ntitle: {q(t['sop_title'])}\nsummary: {q(t['sop_summary'])}\n"
                                           "reviewed: 2026-10-01\n---\n\n## Steps\n\nCall us.\n",
        "content/teams/it/pages/guide.md": f"---\ntitle: {q(t['page_title'])}\nsummary: {q(t['page_summary'])}\n"
                                           "---\n\nRead this.\n",
        "content/portal.fi.yml": f"tagline: {q(t['fi_tagline'])}\n",
        "content/teams/it/team.fi.yml": f"name: {q(t['fi_team_name'])}\nsummary: {q(t['fi_team_summary'])}\n",
        "content/teams/it/sops/outage.fi.md": f"---\ntitle: {q(t['fi_sop_title'])}\n"
                                              f"summary: {q(t['fi_sop_summary'])}\n---\n\n## Vaiheet\n\nSoita.\n",
        "content/news/2026-11-01-hello.md": f"---\ntitle: {q(t['news_title'])}\nsummary: {q(t['news_summary'])}\n"
                                            "team: it\n---\n\nNews.\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return t


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "generator", *args, "--today", TODAY], cwd=root, env=env,
                          capture_output=True, text=True)


@pytest.fixture(scope="module", params=["email", "form"], ids=["feedback-by-email", "feedback-by-form"])
def hostile_site(request, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp(f"hostile-{request.param}")
    texts = hostile_org(root, request.param)
    result = cli(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site", texts


def squash(text: str) -> str:
    return " ".join(text.split())


SCAN_DOM = """() => {
  const found = [];
  const bad = v => /^(javascript|data|vbscript):/i.test(v.replace(/[\\t\\n\\r]/g, '').replace(/^[\\x00-\\x20]+/, ''));
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const n = a.name.toLowerCase();
      if (n.startsWith('on')) found.push(`<${el.localName} ${n}=${a.value.slice(0, 60)}>`);
      if (n === 'srcdoc') found.push(`<${el.localName} srcdoc>`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster'].includes(n) && bad(a.value))
        found.push(`<${el.localName} ${n}=${a.value.slice(0, 60)}>`);
    }
  }
  return found;
}"""


class Watch:
    """A browser page that records what a hostile text could make it do."""

    def __init__(self, browser, origin: str):
        self.origin = origin
        self.page = browser.new_page()
        self.events: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: m.type == "error" and "ZQ" in m.text and self.events.append(
            f"console error: {m.text[:120]}"))
        self.page.on("pageerror", lambda e: "ZQ" in str(e) and self.events.append(f"page error: {str(e)[:120]}"))
        self.page.route("**/*", self._route)

    def _dialog(self, dialog) -> None:
        self.events.append(f"{self.page.url}: {dialog.type}({dialog.message!r})")
        dialog.dismiss()

    def _route(self, route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or f"{parts.scheme}://{parts.netloc}" == self.origin:
            route.continue_()
        else:
            self.events.append(f"{self.page.url}: request to {url[:120]}")
            route.abort()

    def visit(self, url: str) -> list[str]:
        self.page.goto(url)
        self.page.wait_for_load_state("load")
        self.page.wait_for_timeout(50)
        return [f"{url}: {e}" for e in self.page.evaluate(SCAN_DOM)]


def test_hostile_plain_text_runs_nothing_on_any_page(browser, hostile_site):
    site, _texts = hostile_site
    pages = html_files(site)
    assert len(pages) >= 8
    with serve_directory(site) as origin:
        watch = Watch(browser, origin)
        dom = []
        for path in pages:
            url = f"{origin}/{path.relative_to(site).parent.as_posix()}/".replace("/./", "/")
            dom += watch.visit(url)
        # The site's search shows titles, team names and channel labels from its own files.
        watch.visit(f"{origin}/")
        searches = {"ZQsoptitle": ".md-search-result__item", "ZQquestion": ".md-search-result__item",
                    "laptop": ".portal-search__card", "qqqqzzzz nothing": ".portal-search__fallback .portal-search__card"}
        shown = {}
        for query, expected in searches.items():
            watch.page.keyboard.press("/")
            watch.page.keyboard.type(query)
            try:
                watch.page.wait_for_selector(expected, timeout=5000)
                shown[query] = True
            except Exception:
                shown[query] = False
            watch.page.wait_for_timeout(300)
            dom += [f"search {query!r}: {e}" for e in watch.page.evaluate(SCAN_DOM)]
            watch.page.goto(f"{origin}/")
        events = watch.events
        watch.page.close()
    markers = sorted(set(re.findall(r"ZQ[a-z]+", " ".join(events + dom))))
    assert not events, f"fields that ran or fetched: {markers}\n" + "\n".join(events[:30])
    assert not dom, f"fields that injected markup: {markers}\n" + "\n".join(dom[:30])
    # The search box was tried, not just typed into: each query showed what it shows.
    assert all(shown.values()), shown


def test_hostile_plain_text_has_no_markup_in_any_built_page(hostile_site):
    """The same, without a browser: every page as an HTML5 parser reads it."""
    site, _ = hostile_site
    found = [str(f) for path in html_files(site)
             for f in unsafe(path.read_text(encoding="utf-8"), path.relative_to(site).as_posix(), style=False)]
    markers = sorted(set(re.findall(r"ZQ[a-z]+", " ".join(found))))
    assert not found, f"fields that injected markup: {markers}\n" + "\n".join(found[:30])


def test_hostile_plain_text_shows_as_written(browser, hostile_site):
    site, texts = hostile_site
    with serve_directory(site) as origin:
        page = browser.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(origin) else r.abort())
        page.goto(f"{origin}/teams/it/")
        shown = squash(page.inner_text("body"))
        for field in ("team_name", "team_summary", "chat_label", "category", "service", "escalation"):
            assert squash(texts[field]) in shown, f"{field} is not shown as written on the team page"
        assert "{{ 7*7 }}" in shown and "{% if 1 %}" in shown
        page.goto(f"{origin}/teams/it/sops/outage/")
        assert squash(texts["sop_title"]) in squash(page.title())
        assert squash(texts["sop_title"]) in squash(page.inner_text("h1"))
        page.goto(f"{origin}/teams/it/faq/")
        assert squash(texts["question"]) in squash(page.inner_text("body"))
        page.close()


def test_feedback_and_edit_links_carry_the_title_as_one_value(hostile_site):
    """A title with &cc=… adds no recipient to a mailto: link and no parameter to a form's address."""
    site, _texts = hostile_site
    from bs4 import BeautifulSoup

    seen = 0
    for path in html_files(site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")
        for a in soup.find_all(href=True):
            href = a["href"]
            parts = urlsplit(href)
            if parts.scheme not in ("mailto", "http", "https"):
                continue
            if parts.scheme == "mailto":
                assert "evil" not in parts.path, href
                seen += 1
            names = [name.lower() for name, _ in parse_qsl(parts.query, keep_blank_values=True)]
            assert not {"cc", "bcc", "to"} & set(names), f"{path}: {href}"
            assert not any(name.startswith(("onerror", "<", '"')) for name in names), f"{path}: {href}"
    if "email" in site.parent.name:
        assert seen, "no mailto: link on any page: a title must have swallowed the page's markup"


def test_atom_feed_stays_well_formed_and_holds_the_text(hostile_site):
    site, texts = hostile_site
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{atom}feed"
    assert all(el.tag.startswith(atom) for el in feed.iter()), "an element outside Atom was injected"
    assert squash(texts["organisation"]) in squash(feed.find(f"{atom}title").text)
    entries = feed.findall(f"{atom}entry")
    titles = [squash(e.find(f"{atom}title").text) for e in entries]
    assert any(squash(texts["news_title"]) in title for title in titles), titles
    assert len(entries) == len({e.find(f"{atom}id").text for e in entries})


def test_vcard_stays_one_card_with_the_team_s_own_properties(hostile_site):
    import vobject

    site, texts = hostile_site
    raw = (site / "teams/it/contact.vcf").read_bytes().decode("utf-8")  # CR LF kept as written
    unfolded = re.sub(r"\r\n[ \t]", "", raw)
    lines = unfolded.split("\r\n")
    assert sum(line.upper().startswith("BEGIN:") for line in lines) == 1, raw
    assert not any("\r" in line or "\n" in line for line in lines), "a bare CR or LF inside a property"
    cards = list(vobject.readComponents(raw))
    assert len(cards) == 1
    card = cards[0]
    emails = [e.value for e in card.contents.get("email", [])]
    assert emails == ["techsupport@example.com"], emails
    assert "spy@evil.example" not in " ".join(str(u.value) for key in ("url", "tel") for u in card.contents.get(key, []))
    fn = card.fn.value
    assert squash(texts["team_name"]) == squash(fn), fn
    note = card.note.value
    assert squash(texts["team_summary"]) == squash(note), note
    org = card.org.value
    assert [squash(part) for part in org][:1] == [squash(texts["organisation"])], org


def test_the_browser_watch_sees_hand_made_injections(browser, tmp_path):
    """The detector itself: a page made bad by hand is caught, a clean one is not."""
    bad = {
        "dialog": "<a href=\"x\"><svg/onload=alert('ZQself')>\">x</a>",
        "request": '<img src="https://evil.example/ZQself.png" alt="">',
        "handler": '<p onclick="x()">x</p>',
        "script-url": '<a href="java&#x09;script:void(0)">x</a>',
        "srcdoc": '<iframe srcdoc="<p>x</p>"></iframe>',
        "clean": '<p><a href="https://elsewhere.example/">out</a> <img src="ok.png" alt=""></p>',
    }
    for name, body in bad.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(f"<!doctype html><title>t</title><body>{body}</body>")
    (tmp_path / "ok.png").write_bytes(b"")
    with serve_directory(tmp_path) as origin:
        watch = Watch(browser, origin)
        results = {}
        for name in bad:
            watch.events = []
            dom = watch.visit(f"{origin}/{name}/")
            results[name] = (list(watch.events), dom)
        watch.page.close()
    assert any("alert" in e for e in results["dialog"][0])
    assert any("evil.example" in e for e in results["request"][0])
    assert results["handler"][1] and results["script-url"][1] and results["srcdoc"][1]
    assert results["clean"] == ([], [])


# --- URLs in YAML -------------------------------------------------------------------------------

BAD_URLS = {
    "javascript:": "javascript:alert(1)//{url}",
    "mixed case": "JaVaScRiPt:alert(1)//{url}",
    "leading space": " javascript:alert(1)//{url}",
    "entity in the scheme": "jav&#x61;script:alert(1)//{url}",
    "named entity colon": "javascript&colon;alert(1)//{url}",
    "tab in the scheme": "java\tscript:alert(1)//{url}",
    "newline in the scheme": "java\nscript:alert(1)//{url}",
    "control character first": "\x01javascript:alert(1)//{url}",
    "data:": "data:text/html,<script>alert(1)</script>{url}",
    "vbscript:": "vbscript:msgbox(1)//{url}",
}


def _team_channel(kind: str):
    def make(value: str):
        text = ("name: IT\nsummary: Help.\nowners: ['@org/it']\nchannels:\n  - type: email\n"
                f"    value: techsupport@example.com\n  - type: {kind}\n    value: {q(value)}\n")
        return {"content/teams/it/team.yml": text}, "content/teams/it/team.yml", 8
    return make


def _service_form(value: str):
    text = ("name: IT\nsummary: Help.\nowners: ['@org/it']\nchannels:\n  - type: email\n"
            "    value: techsupport@example.com\nservices:\n  - id: laptops\n    name: Laptops\n"
            f"    description: New laptops.\n    form: {q(value)}\n")
    return {"content/teams/it/team.yml": text}, "content/teams/it/team.yml", 11


def _portal(key: str):
    def make(value: str):
        block = {"feedback.form": f"feedback:\n  via: form\n  form: {q(value)}\n",
                 "repository.url": f"repository:\n  url: {q(value)}\n",
                 "repository.edit": f"repository:\n  url: https://git.example.com/org/portal\n  edit: {q(value)}\n"}[key]
        text = "organisation: Test Org\nhelp_desk: it\nlocations: []\n" + block
        return {"content/portal.yml": text}, "content/portal.yml", 3 + block.count("\n")
    return make


URL_FIELDS = {
    "chat channel": _team_channel("chat"),
    "form channel": _team_channel("form"),
    "service form": _service_form,
    "feedback.form": _portal("feedback.form"),
    "repository.url": _portal("repository.url"),
    "repository.edit": _portal("repository.edit"),
}


@pytest.mark.parametrize("field", URL_FIELDS)
@pytest.mark.parametrize("value", BAD_URLS)
def test_a_script_address_in_a_url_field_is_an_error(org, run, field, value):
    files, path, line = URL_FIELDS[field](BAD_URLS[value])
    org.write(files)
    code, output = run("check")
    assert "Traceback" not in output
    assert code == 1, output
    assert (path, line, "error", "invalid-url") in [d[:2] + d[3:] for d in diagnostics(output)], output


def test_url_fields_accept_web_mail_phone_and_site_addresses(org, run):
    org.write({
        "content/portal.yml": "organisation: Test Org\nhelp_desk: it\nlocations: []\n"
                              "feedback:\n  via: form\n  form: /feedback/?page={url}&title={title}\n"
                              "repository:\n  url: https://git.example.com/org/portal\n"
                              "  edit: https://git.example.com/org/portal/-/edit/{branch}/{path}\n",
        "content/teams/it/team.yml": "name: IT\nsummary: Help.\nowners: ['@org/it']\nchannels:\n"
                                     "  - type: email\n    value: techsupport@example.com\n"
                                     "  - type: chat\n    value: https://chat.example.com/it\n"
                                     "  - type: form\n    value: /forms/it-request/\n"
                                     "services:\n  - id: laptops\n    name: Laptops\n    description: New.\n"
                                     "    form: mailto:laptops@example.com?subject=New%20laptop\n"
                                     "  - id: urgent\n    name: Urgent\n    description: Now.\n"
                                     "    form: tel:+358942420100\n",
    })
    assert run("check", "--strict") == (0, "")


def test_a_web_address_with_quotes_is_refused_or_stays_inside_its_attribute(browser, tmp_path):
    """A URL with quotes and angle brackets: either check refuses it (invalid-url at its line), or
    the site carries it as one attribute value: no page, and no search card, gains markup."""
    breakout = "\"><svg/onload=alert('ZQ{0}')>"
    org_files = {
        "content/portal.yml": "organisation: Test Org\nhelp_desk: it\nlocations: []\n"
                              f"repository:\n  url: {q('https://git.example.com/org/' + breakout.format('repo'))}\n",
        "content/teams/it/team.yml": "name: IT\nsummary: Help.\nowners: ['@org/it']\nkeywords: [laptop]\n"
                                     "channels:\n  - type: email\n    value: techsupport@example.com\n"
                                     f"  - type: chat\n    value: {q('https://chat.example.com/it?x=' + breakout.format('chat'))}\n"
                                     f"  - type: form\n    value: {q('https://forms.example.com/it?x=' + breakout.format('form'))}\n",
        "content/teams/it/sops/outage.md": "---\ntitle: Outage\nreviewed: 2026-10-01\n---\n\nCall us.\n",
    }
    for rel, text in org_files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    checked = cli(tmp_path, "check")
    if checked.returncode != 0:
        found = [(p, line, code) for p, line, _, _, code in diagnostics(checked.stdout + checked.stderr)]
        assert found and set(found) <= {("content/portal.yml", 5, "invalid-url"),
                                        ("content/teams/it/team.yml", 9, "invalid-url"),
                                        ("content/teams/it/team.yml", 11, "invalid-url")}, checked.stdout
        return
    built = cli(tmp_path, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    site = tmp_path / "site"
    found = [str(f) for path in html_files(site) for f in unsafe(path.read_text(encoding="utf-8"), str(path))]
    assert not found, "\n".join(found[:20])
    with serve_directory(site) as origin:
        watch = Watch(browser, origin)
        dom = watch.visit(f"{origin}/teams/it/")
        watch.visit(f"{origin}/")
        watch.page.keyboard.press("/")
        watch.page.keyboard.type("laptop")
        watch.page.wait_for_timeout(1500)
        dom += watch.page.evaluate(SCAN_DOM)
        events = watch.events
        watch.page.close()
    assert not events and not dom, events + dom


def test_control_characters_in_plain_text_are_refused_or_kept_out_of_xml(tmp_path):
    """XML cannot hold most C0 controls at all (not even as &#xC;): a title or organisation with
    one must be refused at its line, or left out of the feed, which stays well-formed."""
    files = {
        "content/portal.yml": 'organisation: "Test\\x0bOrg"\nhelp_desk: it\nlocations: []\n',
        "content/teams/it/team.yml": 'name: "IT\\x08desk"\nsummary: "Help\\x1b[31m."\nowners: ["@org/it"]\n'
                                     "channels:\n  - type: email\n    value: techsupport@example.com\n",
        "content/news/2026-11-01-hello.md": '---\ntitle: "Hello\\x0cthere"\nsummary: "Hi\\x00."\nteam: it\n---\n\nNews.\n',
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    built = cli(tmp_path, "build")
    output = built.stdout + built.stderr
    assert "Traceback" not in output
    if built.returncode != 0:
        found = {(p, line) for p, line, _, severity, _ in diagnostics(output) if severity == "error"}
        assert found <= {("content/portal.yml", 1), ("content/teams/it/team.yml", 1),
                         ("content/teams/it/team.yml", 2), ("content/news/2026-11-01-hello.md", 2),
                         ("content/news/2026-11-01-hello.md", 3)} and found, output
        return
    feed = ET.parse(tmp_path / "site/feed.xml").getroot()  # raises if not well-formed
    assert feed.tag.endswith("feed")
    import vobject

    card = list(vobject.readComponents((tmp_path / "site/teams/it/contact.vcf").read_text(encoding="utf-8")))
    assert len(card) == 1
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", (tmp_path / "site/teams/it/contact.vcf").read_text())


# --- owner text quoted in diagnostics: terminal and CI annotations ------------------------------

FORGED = "bad\ncontent/portal.yml:1:1: error[forged]: x\n::error file=content/portal.yml,line=1::forged\x1b[2J\x1b]0;pwned\x07"


@pytest.mark.parametrize("format", [[], ["--format", "github"]], ids=["terminal", "github"])
def test_a_diagnostic_quoting_owner_text_forges_no_line_and_sends_no_control_character(org, run, format):
    org.write({"content/teams/it/team.yml": "name: IT\nsummary: Help.\nowners: ['@org/it']\nchannels:\n"
                                            f"  - type: email\n    value: {q(FORGED)}\n"})
    code, output = run("check", *format)
    assert code == 1
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", output), repr(output)
    lines = output.splitlines()
    assert not any(line.startswith(("content/portal.yml", "::error file=content/portal.yml")) for line in lines), output
    if format:
        assert len([line for line in lines if line.startswith("::")]) == 1, output
    else:
        assert len(diagnostics(output)) == 1, output
