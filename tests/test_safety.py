"""Raw HTML in Markdown is limited to a safe allow-list, checked with file and line."""

from __future__ import annotations

import pytest

SOP = "content/teams/it/sops/outage.md"
FRONT = "---\ntitle: Outage\nreviewed: 2026-10-01\n---\n\nFirst line.\n"  # the body's first line is line 6


@pytest.mark.parametrize("body, expected", [
    ("<script>alert(1)</script>\n",
     "content/teams/it/sops/outage.md:7:1: error[unsafe-html]: the HTML tag <script> is not allowed"),
    ("Text <style>p {}</style>\n",
     "content/teams/it/sops/outage.md:7:6: error[unsafe-html]: the HTML tag <style> is not allowed"),
    ('<img src="x.png" onerror="steal()">\n',
     "content/teams/it/sops/outage.md:7:1: error[unsafe-html]: the event handler onerror= on <img> is not allowed"),
    ('<a href="javascript:steal()">Click</a>\n',
     "content/teams/it/sops/outage.md:7:1: error[unsafe-html]: a javascript: address in a link is not allowed"),
    ("[Click](javascript:steal())\n",
     "content/teams/it/sops/outage.md:7:9: error[unsafe-html]: a javascript: address in a link is not allowed"),
    ('<img src="data:image/svg+xml;base64,AAAA">\n',
     "content/teams/it/sops/outage.md:7:1: error[unsafe-html]: a data: address in src= is not allowed"),
    ('<form action="https://evil.example.com"><input name="password"></form>\n',
     "content/teams/it/sops/outage.md:7:1: error[unsafe-html]: the HTML tag <form> is not allowed"),
    ('<iframe src="https://tracker.example.com/x"></iframe>\n',
     "content/teams/it/sops/outage.md:7:1: error[unsafe-html]: an <iframe> from 'https://tracker.example.com/x' "
     "is not allowed (allowed origins: https://videos.example.com)"),
])
def test_unsafe_html_is_an_error_with_its_line(org, run, body, expected):
    org.write({"content/portal.yml": "organisation: Test Org\nhelp_desk: it\nlocations: []\n"
                                     "embeds: [https://videos.example.com]\n",
               SOP: FRONT + body})
    code, output = run("check")
    assert code == 1
    assert output.splitlines()[0] == expected


def test_safe_html_code_and_allowed_embeds_pass(org, run):
    org.write({"content/portal.yml": "organisation: Test Org\nhelp_desk: it\nlocations: []\n"
                                     "embeds: [https://videos.example.com]\n",
               SOP: FRONT + '<details><summary>More</summary><p>Plain <strong>HTML</strong>.</p></details>\n\n'
                            '<iframe src="https://videos.example.com/embed/42" title="How to"></iframe>\n\n'
                            "Write `<script>` in code, or:\n\n```html\n<script>shown, not run</script>\n```\n"})
    assert run("check", "--strict") == (0, "")


def test_unsafe_html_in_a_yaml_answer_names_its_line(org, run):
    org.write({"content/teams/it/faq.yml": "questions:\n  - id: a\n    question: A?\n    answer: |\n"
                                           "      Fine.\n      <script>x()</script>\n"})
    code, output = run("check")
    assert code == 1
    assert output.splitlines()[0] == (
        "content/teams/it/faq.yml:6:7: error[unsafe-html]: the HTML tag <script> is not allowed")
