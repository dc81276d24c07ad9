"""`portal check`: one minimal bad input per check, and the exact diagnostic it must print."""

from __future__ import annotations

import json
import os
import re
import shutil
import textwrap

import pytest
from conftest import BASE

TEAM = "content/teams/it/team.yml"
FAQ = "content/teams/it/faq.yml"
SOP = "content/teams/it/sops/reset-password.md"


def team_with(extra: str) -> dict[str, str]:
    """The base team file with lines added at the end (line 7 onwards)."""
    return {TEAM: textwrap.dedent(BASE[TEAM]) + extra}


def channel(type_: str, value: str) -> dict[str, str]:
    """A second channel, its value on line 8."""
    return team_with(f"  - type: {type_}\n    value: {value}\n")


CASES = {
    "yaml syntax": (
        {TEAM: "name: IT help desk\nsummary: [unclosed\nowners: []\n"},
        "content/teams/it/team.yml:3:7: error[yaml-syntax]: YAML syntax error: expected ',' or ']', but got ':'\n"
        "  hint: check indentation and quoting; values containing ': ' or starting with a special character need quotes",
    ),
    "duplicate key": (
        {TEAM: "name: IT help desk\nsummary: One.\nsummary: Two.\n"},
        "content/teams/it/team.yml:3:1: error[yaml-syntax]: YAML syntax error: the key 'summary' appears twice in the same mapping\n"
        "  hint: check indentation and quoting; values containing ': ' or starting with a special character need quotes",
    ),
    "missing required field": (
        {TEAM: "name: IT help desk\nowners: ['@org/it']\nchannels:\n  - type: email\n    value: it@example.com\n"},
        "content/teams/it/team.yml:1:1: error[missing-field]: summary: required field 'summary' is missing\n"
        "  hint: add 'summary:' here: One or two sentences: what the team helps employees with.",
    ),
    "missing field in a list item": (
        team_with("  - type: phone\n"),
        "content/teams/it/team.yml:7:5: error[missing-field]: channels[1].value: required field 'value' is missing\n"
        "  hint: add 'value:' here: The address: an email address, an international phone number (+358 …), "
        "the chat channel's or form's web address, or for walk-in where to find the desk.",
    ),
    "wrong type: list expected": (
        team_with("keywords: laptop\n"),
        "content/teams/it/team.yml:7:11: error[wrong-type]: keywords: expected a list, found the text 'laptop'\n"
        "  hint: write a list: one item per line, each starting with '- '",
    ),
    "wrong type: text expected": (
        channel("phone", "+358942420000"),
        "content/teams/it/team.yml:8:12: error[wrong-type]: channels[1].value: expected text, found the number 358942420000\n"
        "  hint: put the value in quotes: \"358942420000\"",
    ),
    "unknown key, near miss": (
        team_with("sumary: Also laptops.\n"),
        "content/teams/it/team.yml:7:1: error[unknown-key]: sumary: unknown key 'sumary'\n"
        "  hint: did you mean 'summary'?",
    ),
    "unknown key that is a channel type": (
        team_with("  - emial: it@example.com\n"),
        "content/teams/it/team.yml:7:5: error[missing-field]: channels[1].type: required field 'type' is missing\n"
        "  hint: add 'type:' here: How to reach the team: email, phone, chat, form (a request form) or walk-in (a desk in an office).\n"
        "content/teams/it/team.yml:7:5: error[missing-field]: channels[1].value: required field 'value' is missing\n"
        "  hint: add 'value:' here: The address: an email address, an international phone number (+358 …), "
        "the chat channel's or form's web address, or for walk-in where to find the desk.\n"
        "content/teams/it/team.yml:7:5: error[unknown-key]: channels[1].emial: unknown key 'emial'\n"
        "  hint: did you mean 'type: email' with the address in 'value:'?",
    ),
    "value not among choices": (
        channel("emial", "it@example.com"),
        "content/teams/it/team.yml:7:11: error[invalid-value]: channels[1].type: the text 'emial' is not one of: "
        "email, phone, chat, form, walk-in\n"
        "  hint: did you mean 'email'?",
    ),
    "email": (
        channel("email", "techsupport@"),
        "content/teams/it/team.yml:8:12: error[invalid-email]: channels[1].value: 'techsupport@' is not an email address\n"
        "  hint: write the full address, e.g. techsupport@example.com",
    ),
    "phone without country code": (
        channel("phone", '"09 4242 0000"'),
        "content/teams/it/team.yml:8:12: error[invalid-phone]: channels[1].value: '09 4242 0000' is not a dialable "
        "international phone number\n"
        "  hint: start with + and the country code, e.g. +358 9 4242 0000",
    ),
    "phone that cannot exist": (
        channel("phone", '"+1 555 0100"'),
        "content/teams/it/team.yml:8:12: error[invalid-phone]: channels[1].value: '+1 555 0100' is not a dialable "
        "international phone number\n"
        "  hint: start with + and the country code, e.g. +358 9 4242 0000",
    ),
    "url": (
        channel("form", "help.example.com/it"),
        "content/teams/it/team.yml:8:12: error[invalid-url]: channels[1].value: 'help.example.com/it' is not an address "
        "a reader can follow\n"
        "  hint: write a full web address (https://…), a page of the site (/…), an e-mail address (mailto:…) or a phone "
        "number (tel:+…)",
    ),
    "categories on a channel that is not a form": (
        team_with("  - type: chat\n    value: https://chat.example.com/it\n    categories: [Broken]\n"),
        "content/teams/it/team.yml:9:17: error[invalid-value]: channels[1].categories: only a channel of type form has categories\n"
        "  hint: remove categories, or change the type to form",
    ),
    "impossible hour": (
        team_with("office_hours:\n  timezone: Europe/Helsinki\n  schedule:\n    - days: mon-fri\n      hours: 09:00-25:00\n"),
        "content/teams/it/team.yml:11:14: error[invalid-hours]: office_hours.schedule[0].hours: '09:00-25:00' is not a time of day\n"
        "  hint: hours run from 00 to 23 (24:00 for midnight at closing), minutes from 00 to 59",
    ),
    "closing before opening": (
        team_with("office_hours:\n  timezone: Europe/Helsinki\n  schedule:\n    - days: mon-fri\n      hours: 17:00-09:00\n"),
        "content/teams/it/team.yml:11:14: error[invalid-hours]: office_hours.schedule[0].hours: '17:00-09:00' closes before it opens\n"
        "  hint: for hours past midnight write two entries, e.g. 22:00-24:00 and 00:00-06:00 the next day",
    ),
    "unknown day": (
        team_with("office_hours:\n  timezone: Europe/Helsinki\n  schedule:\n    - days: monday-friday\n      hours: 09:00-17:00\n"),
        "content/teams/it/team.yml:10:13: error[invalid-hours]: office_hours.schedule[0].days: 'monday-friday' is not a day or range of days\n"
        "  hint: write days as mon, tue, wed, thu, fri, sat, sun; ranges as mon-fri; lists as mon, wed",
    ),
    "a day listed twice": (
        team_with("office_hours:\n  timezone: Europe/Helsinki\n  schedule:\n    - days: mon-fri\n      hours: 09:00-17:00\n"
                  "    - days: fri\n      hours: 18:00-20:00\n"),
        "content/teams/it/team.yml:10:5: error[invalid-hours]: office_hours.schedule: Friday is listed in entries 0 and 1\n"
        "  hint: give each day its hours in one entry; several ranges go in one entry, separated by commas",
    ),
    "unknown time zone": (
        team_with("office_hours:\n  timezone: Europe/Helsinky\n  schedule: []\n"),
        "content/teams/it/team.yml:8:13: error[unknown-timezone]: office_hours.timezone: 'Europe/Helsinky' is not a time zone\n"
        "  hint: use a time zone name such as Europe/Helsinki or America/New_York",
    ),
    "duration": (
        team_with("response_targets:\n  - priority: P1\n    first_response: soon\n"),
        "content/teams/it/team.yml:9:21: error[invalid-duration]: response_targets[0].first_response: 'soon' is not a duration\n"
        "  hint: write a number and a unit, e.g. 30 minutes, 4 hours, 2 business days, 12 months",
    ),
    "resolution sooner than first response": (
        team_with("response_targets:\n  - priority: P1\n    first_response: 1 business day\n    resolution: 4 hours\n"),
        "content/teams/it/team.yml:10:17: error[invalid-duration]: response_targets[0].resolution: the resolution target "
        "(4 hours) is sooner than the first response (1 business day)\n"
        "  hint: a request is answered before it is resolved; check both",
    ),
    "owner handle": (
        {TEAM: "name: IT help desk\nsummary: Laptops.\nowners: [it-team]\nchannels:\n  - type: email\n    value: it@example.com\n"},
        "content/teams/it/team.yml:3:10: error[invalid-owner]: owners[0]: 'it-team' is not a repository handle\n"
        "  hint: write a user or team handle such as @maria-virtanen or @aurora/hr-team",
    ),
    "duplicate FAQ id": (
        {FAQ: "questions:\n  - id: reset-password\n    question: How do I reset my password?\n    answer: Go to the password page.\n"
              "  - id: reset-password\n    question: I forgot my password.\n    answer: Same as above.\n"},
        "content/teams/it/faq.yml:5:9: error[duplicate-id]: questions[1].id: the question id 'reset-password' is already used\n"
        "  hint: first used at content/teams/it/faq.yml:2; give each question its own id",
    ),
    "invalid id": (
        {FAQ: "questions:\n  - id: Reset Password\n    question: How?\n    answer: Like this.\n"},
        "content/teams/it/faq.yml:2:9: error[invalid-id]: questions[0].id: 'Reset Password' is not a valid id\n"
        "  hint: use lower-case letters, digits and single hyphens, e.g. reset-password",
    ),
    "reference to a team that does not exist": (
        {"content/teams/it/benefits.yml": "benefits:\n  - id: laptop-loan\n    name: Laptop loan\n    category: Perks\n"
                                           "    summary: A loan laptop.\n    how_to_claim: Ask.\n    contact: itt\n"},
        "content/teams/it/benefits.yml:7:14: error[unknown-team]: benefits[0].contact: there is no team 'itt'\n"
        "  hint: use the name of a folder under content/teams/: it",
    ),
    "reference to a location that does not exist": (
        {"content/teams/it/benefits.yml": "benefits:\n  - id: laptop-loan\n    name: Laptop loan\n    category: Perks\n"
                                           "    summary: A loan laptop.\n    how_to_claim: Ask.\n"
                                           "    eligibility:\n      locations: [helsinki, paris]\n"},
        "content/teams/it/benefits.yml:8:29: error[unknown-location]: benefits[0].eligibility.locations[1]: there is no location 'paris'\n"
        "  hint: use a location id from portal.yml: helsinki",
    ),
    "reference to an employment type that does not exist": (
        {"content/teams/it/benefits.yml": "benefits:\n  - id: laptop-loan\n    name: Laptop loan\n    category: Perks\n"
                                           "    summary: A loan laptop.\n    how_to_claim: Ask.\n"
                                           "    eligibility:\n      employment_types: [contractor]\n"},
        "content/teams/it/benefits.yml:8:26: error[unknown-employment-type]: benefits[0].eligibility.employment_types[0]: "
        "there is no employment type 'contractor'\n"
        "  hint: use an employment type id from portal.yml: permanent",
    ),
    "last reviewed in the future": (
        {SOP: "---\ntitle: Reset a password\nreviewed: 2027-01-10\n---\n\nSteps.\n"},
        "content/teams/it/sops/reset-password.md:3:11: error[reviewed-in-future]: reviewed: the review date 2027-01-10 is in the future\n"
        "  hint: write the date the content was last checked, today (2026-11-22) at the latest",
    ),
    "date that is not a date": (
        {SOP: "---\ntitle: Reset a password\nreviewed: 2026-02-30\n---\n\nSteps.\n"},
        "content/teams/it/sops/reset-password.md:3:11: error[wrong-type]: reviewed: expected a date (YYYY-MM-DD), found the text '2026-02-30'\n"
        "  hint: write the date as YYYY-MM-DD, e.g. 2026-03-01",
    ),
    "no front matter": (
        {SOP: "# Reset a password\n\nSteps.\n"},
        "content/teams/it/sops/reset-password.md:1:1: error[front-matter]: the file has no front matter\n"
        "  hint: start the file with a '---' line, then title: …, reviewed: …, then another '---' line",
    ),
    "file name that cannot be a link": (
        {"content/teams/it/sops/Reset Password.md": "---\ntitle: Reset\nreviewed: 2026-01-10\n---\n"},
        "content/teams/it/sops/Reset Password.md:1:1: error[invalid-id]: the file name 'Reset Password.md' cannot be used in a link\n"
        "  hint: rename the file using lower-case letters, digits and hyphens, e.g. report-an-outage.md",
    ),
    "team folder without team.yml": (
        {"content/teams/hr/faq.yml": "questions: []\n"},
        "content/teams/hr/team.yml:1:1: error[missing-file]: the team folder has no team.yml\n"
        "  hint: add team.yml with at least the team's name and summary",
    ),
    "country code": (
        {"content/portal.yml": "organisation: Test Org\nlocations:\n  - id: helsinki\n    name: Helsinki\n    country: Finland\n"
                               "    timezone: Europe/Helsinki\n"},
        "content/portal.yml:5:14: error[invalid-country]: locations[0].country: 'Finland' is not a country code\n"
        "  hint: use the two-letter ISO 3166 code in capitals, e.g. FI, PL, GB",
    ),
    "help desk that is not a team": (
        {"content/portal.yml": "organisation: Test Org\nhelp_desk: service-desk\nlocations: []\n"},
        "content/portal.yml:2:12: error[unknown-team]: help_desk: there is no team 'service-desk'\n"
        "  hint: use the name of a folder under content/teams/: it",
    ),
    "unknown audience": (
        {"content/teams/it/pages/vpn.md": "---\ntitle: VPN\naudience: managers\n---\n\nText.\n"},
        "content/teams/it/pages/vpn.md:3:11: error[unknown-audience]: audience: there is no audience 'managers'\n"
        "  hint: use an audience id from audiences: in portal.yml: none declared yet; add audiences: there",
    ),
    "link from public text to restricted content": (
        {"content/portal.yml": textwrap.dedent(BASE["content/portal.yml"]) + "audiences:\n  - id: managers\n    name: People managers\n",
         "content/teams/it/pages/pay.md": "---\ntitle: Pay review\naudience: managers\n---\n\nSecret.\n",
         "content/teams/it/pages/vpn.md": "---\ntitle: VPN\n---\n\nSee also\nthe [pay review](pay.md#when).\n",
         FAQ: "questions:\n  - id: raise\n    question: Raise?\n    audience: managers\n    answer: Ask.\n"
              "  - id: vpn\n    question: VPN?\n    answer: |\n      Read [this](faq.md#raise).\n"},
        "content/teams/it/faq.yml:9:19: error[restricted-link]: this links to teams/it/faq.md#raise, which is for People "
        "managers only, but everyone can read this text\n"
        "  hint: remove the link, or mark this text audience: managers too\n"
        "content/teams/it/pages/vpn.md:6:18: error[restricted-link]: this links to teams/it/pages/pay.md#when, which is "
        "for People managers only, but everyone can read this text\n"
        "  hint: remove the link, or mark this text audience: managers too",
    ),
    "translation into an undeclared language": (
        {"content/teams/it/pages/vpn.md": "---\ntitle: VPN\n---\n\nText.\n",
         "content/teams/it/pages/vpn.de.md": "---\ntitle: VPN\n---\n\nText.\n"},
        "content/teams/it/pages/vpn.de.md:1:1: error[unknown-language]: 'de' is not one of the portal's languages\n"
        "  hint: add de to languages: in portal.yml (now en), or rename the file",
    ),
    "translation of nothing": (
        {"content/portal.yml": textwrap.dedent(BASE["content/portal.yml"]) + "languages: [en, fi]\n",
         "content/teams/it/pages/vpn.fi.md": "---\ntitle: VPN-yhteys\n---\n\nTeksti.\n"},
        "content/teams/it/pages/vpn.fi.md:1:1: error[orphan-translation]: this translates vpn.md, which does not exist\n"
        "  hint: translations sit beside their original: add vpn.md, or rename this file after it",
    ),
    "FAQ translation with an id the original does not have": (
        {"content/portal.yml": textwrap.dedent(BASE["content/portal.yml"]) + "languages: [en, fi]\n",
         FAQ: "questions:\n  - id: vpn\n    question: VPN?\n    answer: Use it.\n",
         "content/teams/it/faq.fi.yml": "questions:\n  - id: vpm\n    question: VPN?\n    answer: Käytä sitä.\n"},
        "content/teams/it/faq.fi.yml:2:9: error[orphan-translation]: questions[0].id: faq.yml has no question 'vpm' to translate\n"
        "  hint: use the id of the question this translates: vpn",
    ),
    "alias bomb": (
        {FAQ: "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
              "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
              "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"},
        "content/teams/it/faq.yml:1:32: error[yaml-too-large]: the YAML's aliases expand to more than 200,000 values\n"
        "  hint: write the values out plainly instead of nesting or repeating aliases",
    ),
}


@pytest.mark.parametrize("files, expected", CASES.values(), ids=CASES.keys())
def test_each_problem_has_its_exact_diagnostic(org, run, files, expected):
    org.write(files)
    code, output = run("check")
    errors = expected.count(": error[")
    assert output == f"{expected}\n{errors} error{'s' * (errors != 1)}, 0 warnings\n"
    assert code == 1


def test_invalid_utf8_is_reported_with_its_line(org, run):
    (org.root / FAQ).write_bytes(b"questions:\n  - id: caf\xe9\n")
    code, output = run("check")
    assert output.splitlines()[0] == (
        "content/teams/it/faq.yml:2:12: error[invalid-encoding]: the file is not valid UTF-8 (byte 0xe9)")
    assert code == 1


def test_byte_order_mark_and_crlf_line_ends_are_read(org, run):
    (org.root / TEAM).write_bytes(b"\xef\xbb\xbfname: IT\r\nsummary: Laptops.\r\nowners: ['@org/it']\r\n"
                                  b"channels:\r\n  - type: email\r\n    value: it@example.com\r\n")
    assert run("check") == (0, "")


def test_overdue_review_is_a_warning_that_fails_only_under_strict(org, run):
    org.write({SOP: "---\ntitle: Reset a password\nreviewed: 2025-06-01\nreview_every: 6 months\n---\n\nSteps.\n"})
    expected = ("content/teams/it/sops/reset-password.md:3:11: warning[review-overdue]: reviewed: the review was due on "
                "2025-12-01 (6 months after 2025-06-01)\n"
                "  hint: check the content is still right, then set reviewed: to today's date\n"
                "0 errors, 1 warning\n")
    assert run("check") == (0, expected)
    assert run("check", "--strict") == (1, expected)


def test_team_without_owners_or_channels_is_warned_not_failed(org, run):
    org.write({TEAM: "name: IT help desk\nsummary: Laptops.\n"})
    code, output = run("check")
    assert code == 0
    assert output.splitlines() == [
        "content/teams/it/team.yml:1:1: warning[no-channels]: the team has no channels, so employees cannot reach it",
        "  hint: add channels: with at least an email address or a request form",
        "content/teams/it/team.yml:1:1: warning[no-owners]: the team has no owners, so nobody reviews its changes",
        "  hint: add owners: with the repository handles of the people who keep this folder right",
        "0 errors, 2 warnings",
    ]


def test_unknown_file_is_a_warning(org, run):
    org.write({"content/teams/it/notes.txt": "todo\n"})
    code, output = run("check")
    assert code == 0
    assert output.splitlines()[0] == (
        "content/teams/it/notes.txt:1:1: warning[unknown-file]: this file is not part of the portal and is not published")


def test_symlink_out_of_content_is_refused(org, run, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.md"
    outside.write_text("---\ntitle: Secret\nreviewed: 2026-01-01\n---\nsalaries\n")
    os.symlink(outside, org.root / "content/teams/it/sops")
    code, output = run("check")
    assert code == 1
    assert output.splitlines()[0] == "content/teams/it/sops:1:1: error[symlink]: symbolic links are not followed"


def test_every_problem_in_every_file_is_reported_at_once(org, run):
    org.write(channel("email", "techsupport@"))
    org.write({FAQ: "questions:\n  - id: a\n    question: A?\n    answer: A.\n  - id: a\n    question: B?\n    answer: B.\n"
                    "  - id: c\n    question: C?\n    answer: C.\n    featured: maybe\n"})
    org.write({SOP: "---\ntitle: Reset\nreviewed: 2030-01-01\n---\n"})
    org.write({"content/teams/it/sops/old.md": "---\ntitle: Old\nreviewed: 2020-01-01\n---\n"})
    org.write({"content/portal.yml": "organisation: Test Org\nhelp_desk: itt\nlocations: []\n"})
    code, output = run("check")
    assert code == 1
    lines = [line for line in output.splitlines() if not line.startswith("  hint:")]
    assert lines == [
        "content/portal.yml:2:12: error[unknown-team]: help_desk: there is no team 'itt'",
        "content/teams/it/faq.yml:5:9: error[duplicate-id]: questions[1].id: the question id 'a' is already used",
        "content/teams/it/faq.yml:11:15: error[wrong-type]: questions[2].featured: expected true or false, found the text 'maybe'",
        "content/teams/it/sops/old.md:3:11: warning[review-overdue]: reviewed: the review was due on 2021-01-01 (12 months after 2020-01-01)",
        "content/teams/it/sops/reset-password.md:3:11: error[reviewed-in-future]: reviewed: the review date 2030-01-01 is in the future",
        "content/teams/it/team.yml:8:12: error[invalid-email]: channels[1].value: 'techsupport@' is not an email address",
        "5 errors, 1 warning",
    ]


def test_github_format_prints_workflow_commands(org, run):
    org.write(channel("email", "techsupport@"))
    code, output = run("check", "--format", "github")
    assert code == 1
    assert output == ("::error file=content/teams/it/team.yml,line=8,col=12,title=invalid-email::channels[1].value: "
                      "'techsupport@' is not an email address (write the full address, e.g. techsupport@example.com)\n")


def test_clean_content_exits_zero_silently(run):
    assert run("check", "--strict") == (0, "")


def test_usage_errors_exit_2(run, capsys):
    with pytest.raises(SystemExit) as exc:
        run("check", "--today", "yesterday")
    assert exc.value.code == 2
    assert "'yesterday' is not a date like 2026-03-01" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        run("publish")
    assert exc.value.code == 2


def test_missing_content_folder(org, run):
    shutil.rmtree(org.root / "content")
    assert run("check") == (1, "content:1:1: error[missing-file]: the content folder does not exist\n"
                               "  hint: run the command in the folder that holds content/, or pass --content\n"
                               "1 error, 0 warnings\n")


def test_synonym_word_in_two_groups(org, run):
    org.write({"content/synonyms.yml": "synonyms:\n  - [vacation, holiday]\n  - [holiday, public holiday]\n"})
    assert run("check") == (1, "content/synonyms.yml:3:6: error[duplicate-id]: synonyms[1][0]: 'holiday' is already in "
                               "another synonym group\n"
                               "  hint: first listed at line 2; merge the two groups or remove one of them\n"
                               "1 error, 0 warnings\n")


def test_synonym_group_of_one(org, run):
    org.write({"content/synonyms.yml": "synonyms:\n  - [vacation]\n"})
    assert run("check") == (1, "content/synonyms.yml:2:3: error[invalid-value]: synonyms: the group ['vacation'] has "
                               "fewer than two words\n"
                               "  hint: a group lists at least two words that mean the same; remove it or add a synonym\n"
                               "1 error, 0 warnings\n")


def test_closure_that_ends_before_it_starts(org, run):
    org.write(team_with("office_hours:\n  timezone: Europe/Helsinki\n  schedule: []\n  closed:\n"
                        "    - date: 2026-12-26\n      until: 2026-12-24\n      name: Christmas\n"))
    assert run("check") == (1, "content/teams/it/team.yml:12:14: error[invalid-date]: office_hours.closed[0].until: "
                               "the closure ends (2026-12-24) before it starts (2026-12-26)\n"
                               "  hint: until is the last closed day, on or after date\n"
                               "1 error, 0 warnings\n")


def test_service_with_unknown_priority_and_category(org, run):
    org.write(team_with("response_targets:\n  - priority: P1\n    first_response: 1 hour\n"
                        "services:\n  - id: repair\n    name: Repair\n    description: Fixing things.\n"
                        "    category: Broken\n    priorities: [P2]\n"))
    assert run("check") == (1, "content/teams/it/team.yml:14:15: error[unknown-category]: services[0].category: "
                               "the team's request form has no category 'Broken'\n"
                               "  hint: use one of the form's categories: the team has no form yet\n"
                               "content/teams/it/team.yml:15:18: error[unknown-priority]: services[0].priorities[0]: "
                               "there is no priority 'P2' in response_targets\n"
                               "  hint: use one of: P1\n"
                               "2 errors, 0 warnings\n")


AFTER_HOURS = "after_hours:\n  description: On call.\n  channels:\n    - type: walk-in\n      value: Reception\n"


@pytest.mark.parametrize("where, files", {
    "team's locations": team_with("locations: [helsinki, paris]\n"),
    "a channel": channel("walk-in", "Reception\n    location: paris"),
    "an after-hours channel": team_with(AFTER_HOURS + "      location: paris\n"),
}.items())
def test_an_unknown_office_on_a_team_is_an_error_wherever_it_is_named(org, run, where, files):
    org.write(files)
    code, output = run("check")
    assert code == 1, output
    found = re.findall(r"^content/teams/it/team\.yml:(\d+):\d+: error\[unknown-location\]: (\S+): "
                       r"there is no location 'paris'$", output, re.M)
    assert len(found) == 1, output
    if where == "an after-hours channel":
        assert found[0][1].startswith("after_hours.channels[0]"), output
    # The same offices, all known: clean.
    org.write({TEAM: (org.root / TEAM).read_text().replace("paris", "helsinki")})
    assert run("check") == (0, "")


@pytest.mark.parametrize("reviewed, overdue", [("2026-05-23", False), ("2026-05-22", False), ("2026-05-21", True)])
def test_a_review_is_overdue_only_the_day_after_it_falls_due(org, run, reviewed, overdue):
    """Six months after 2026-05-22 is today (2026-11-22): due today, not overdue yet."""
    org.write({SOP: f"---\ntitle: Reset a password\nreviewed: {reviewed}\nreview_every: 6 months\n---\n\nSteps.\n"})
    code, output = run("check")
    assert code == 0
    assert ("warning[review-overdue]" in output) == overdue, output


PAGE = "content/teams/it/pages/vpn.md"


def test_a_page_is_reviewed_on_a_cycle_only_when_it_has_both_a_date_and_a_cycle(org, run):
    org.write({PAGE: "---\ntitle: VPN\nreviewed: 2020-01-01\n---\n\nOld but without a cycle.\n",
               "content/teams/it/pages/wifi.md": "---\ntitle: Wi-Fi\nreview_every: 1 month\n---\n\nNever reviewed.\n"})
    assert run("check") == (0, "")
    code, output = run("report", "--format", "json")
    assert code == 0, output
    assert json.loads(output)["reviews"] == [], output


def test_a_review_date_of_today_is_fine_and_tomorrow_is_in_the_future(org, run):
    org.write({SOP: "---\ntitle: Reset a password\nreviewed: 2026-11-22\n---\n\nSteps.\n"})
    assert run("check") == (0, "")
    org.write({SOP: "---\ntitle: Reset a password\nreviewed: 2026-11-23\n---\n\nSteps.\n"})
    code, output = run("check")
    assert code == 1 and "error[reviewed-in-future]: reviewed: the review date 2026-11-23 is in the future" in output


def test_every_repeated_id_points_back_to_its_first_use(org, run):
    org.write({FAQ: "questions:\n" + "".join(f"  - id: vpn\n    question: VPN {n}?\n    answer: Yes.\n" for n in range(3))})
    code, output = run("check")
    assert code == 1
    assert re.findall(r"^content/teams/it/faq\.yml:(\d+):9: error\[duplicate-id\]", output, re.M) == ["5", "8"]
    assert output.count("hint: first used at content/teams/it/faq.yml:2;") == 2, output


def test_a_service_with_its_own_form_needs_no_category_on_the_team_form(org, run):
    org.write(team_with("services:\n  - id: repair\n    name: Repair\n    description: Fixing things.\n"
                        "    category: Broken\n    form: https://forms.example.com/repair\n"))
    assert run("check") == (0, "")


def test_news_from_a_team_that_does_not_exist_is_an_error(org, run):
    org.write({"content/news/2026-11-01-hello.md": "---\ntitle: Hello\nsummary: Hi.\nteam: itt\n---\n\nNews.\n"})
    code, output = run("check")
    assert code == 1
    assert "content/news/2026-11-01-hello.md:4:7: error[unknown-team]: team: there is no team 'itt'" in output, output


def test_a_synonym_in_two_groups_is_found_whatever_its_case(org, run):
    org.write({"content/synonyms.yml": "synonyms:\n  - [PTO, vacation]\n  - [pto, paid time off]\n"})
    code, output = run("check")
    assert code == 1 and "error[duplicate-id]: synonyms[1][0]: 'pto' is already in another synonym group" in output, output
