"""Translations of every owner text, entry by entry: their checks, their place on every page of
their language, and when each entry's translation is out of date (by commit, per entry)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import date

import pytest
from conftest import BASE, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fuzz import one_wrong, well_formed
from test_schemas import data_of, validator_for

from generator.checks.rules import check
from generator.content.load import load
from generator.i18n.translations import localise, status
from generator.pipeline import THEME_DIR
from generator.render.site import render

PORTAL = "content/portal.yml"
TEAM = "content/teams/it/team.yml"
TEAM_FI = "content/teams/it/team.fi.yml"
FAQ = "content/teams/it/faq.yml"
FAQ_FI = "content/teams/it/faq.fi.yml"
BENEFITS = "content/teams/it/benefits.yml"
BENEFITS_FI = "content/teams/it/benefits.fi.yml"

# A team with one of every kind of text an employee reads on its page.
FULL_TEAM = """\
    name: IT help desk
    summary: Laptops and passwords.
    owners: ["@org/it"]
    channels:
      - type: form
        value: https://help.example.com/it
        label: IT request portal
        description: Anything that needs a record.
        categories: [New hardware, Something else]
      - type: email
        value: techsupport@example.com
        description: Becomes a ticket.
    office_hours:
      timezone: Europe/Helsinki
      schedule:
        - days: mon-fri
          hours: 09:00-17:00
      closed:
        - date: 2026-12-24
          until: 2026-12-26
          name: Christmas
      notes: Closed on public holidays.
    after_hours:
      description: Outages only.
      channels:
        - type: phone
          value: "+358 9 4242 0000"
          label: On-call engineer
          description: Around the clock.
    response_targets:
      - priority: P1 Critical
        description: Many people cannot work.
        first_response: 30 minutes
      - priority: P3 Normal
        description: Something is broken.
        first_response: 1 business day
    services:
      - id: new-hardware
        name: New hardware
        description: A laptop or a monitor.
        category: New hardware
        include: [Who it is for]
      - id: broken-device
        name: Broken laptop
        description: A laptop that does not start.
        category: Something else
        include: [The asset tag]
    escalation: Ask the IT manager.
    """

FULL_TEAM_FI = """\
    name: IT-tuki
    summary: Läppärit ja salasanat.
    escalation: Kysy IT-päälliköltä.
    channels:
      - value: https://help.example.com/it
        label: IT-pyyntöportaali
        description: Kaikki, mistä tarvitaan kirjaus.
        categories: [Uusi laite, Jokin muu]
      - value: techsupport@example.com
        description: Sähköpostista tulee tiketti.
    office_hours:
      notes: Suljettu arkipyhinä.
      closed:
        - date: 2026-12-24
          name: Joulu
    after_hours:
      description: Vain häiriöt.
      channels:
        - value: "+358 9 4242 0000"
          label: Päivystävä asiantuntija
          description: Ympäri vuorokauden.
    response_targets:
      - priority: P1 Critical
        description: Moni ei pysty tekemään töitä.
      - priority: P3 Normal
        description: Jokin on rikki.
    services:  # in another order than team.yml's: each is named by its id
      - id: broken-device
        name: Rikkinäinen kannettava
        description: Kannettava, joka ei käynnisty.
        category: Jokin muu
        include: [Laitteen inventaarionumero]
      - id: new-hardware
        name: Uusi laite
        description: Kannettava tai näyttö.
        category: Uusi laite
        include: [Kenelle laite tulee]
    """

BENEFITS_EN = """\
    benefits:
      - id: learning-budget
        name: Learning budget
        category: Learning
        summary: Money for courses.
        eligibility:
          employment_types: [permanent]
          notes: Ask your manager first.
        how_to_claim: |
          Claim it as an expense.
      - id: bike-leasing
        name: Bike leasing
        category: Perks
        summary: A bike through your salary.
        how_to_claim: |
          Ask HR.
    """

BENEFITS_FI_TEXT = """\
    benefits:
      - id: learning-budget
        name: Koulutusbudjetti
        category: Oppiminen
        summary: Rahaa kursseihin.
        eligibility:
          notes: Kysy ensin esihenkilöltäsi.
        how_to_claim: |
          Hae se kulukorvauksena.
    """

FINNISH = textwrap.dedent(BASE[PORTAL]) + "languages: [en, fi]\n"


def finnish_team(org, **more: str) -> None:
    org.write({PORTAL: FINNISH, TEAM: FULL_TEAM, TEAM_FI: FULL_TEAM_FI, **more})


# --- checks ----------------------------------------------------------------------------------

CASES = {
    "a translation that changes an address": (
        {TEAM_FI: "name: IT-tuki\nchannels:\n  - value: techsupport@example.com\n    type: phone\n"},
        "content/teams/it/team.fi.yml:4:5: error[not-translatable]: channels[0].type: 'type' is not text: every "
        "language shows the original's\n"
        "  hint: remove it from the translation; to change it, change it in team.yml, for every language",
    ),
    "a translation that changes the hours": (
        {TEAM_FI: "office_hours:\n  timezone: Europe/London\n"},
        "content/teams/it/team.fi.yml:2:3: error[not-translatable]: office_hours.timezone: 'timezone' is not text: "
        "every language shows the original's\n"
        "  hint: remove it from the translation; to change it, change it in team.yml, for every language",
    ),
    "a benefits translation that changes who is eligible": (
        {BENEFITS: BENEFITS_EN,
         BENEFITS_FI: "benefits:\n  - id: learning-budget\n    eligibility:\n      waiting_period: 1 month\n"},
        "content/teams/it/benefits.fi.yml:4:7: error[not-translatable]: benefits[0].eligibility.waiting_period: "
        "'waiting_period' is not text: every language shows the original's\n"
        "  hint: remove it from the translation; to change it, change it in benefits.yml, for every language",
    ),
    "a translation of the wrong shape": (
        {TEAM_FI: "services:\n  id: new-hardware\n  name: Uusi laite\n"},
        "content/teams/it/team.fi.yml:2:3: error[wrong-type]: services: expected a list, found a mapping\n"
        "  hint: write a list: one item per line, each starting with '- '",
    ),
    "a translation of a service that does not exist": (
        {TEAM_FI: "services:\n  - id: new-hardwar\n    name: Uusi laite\n"},
        "content/teams/it/team.fi.yml:2:9: error[orphan-translation]: services[0].id: team.yml has no service "
        "'new-hardwar' to translate\n"
        "  hint: use the id of the service this translates: broken-device, new-hardware",
    ),
    "a translation of a closure that does not exist": (
        {TEAM_FI: "office_hours:\n  closed:\n    - date: 2026-12-25\n      name: Joulupäivä\n"},
        "content/teams/it/team.fi.yml:3:13: error[orphan-translation]: office_hours.closed[0].date: team.yml has no "
        "closure '2026-12-25' to translate\n"
        "  hint: use the date of the closure this translates: 2026-12-24",
    ),
    "a translation of a channel that does not exist": (
        {TEAM_FI: "channels:\n  - value: techsupport@exampel.com\n    description: Tiketti.\n"},
        "content/teams/it/team.fi.yml:2:12: error[orphan-translation]: channels[0].value: team.yml has no channel "
        "'techsupport@exampel.com' to translate\n"
        "  hint: use the value of the channel this translates: https://help.example.com/it, techsupport@example.com",
    ),
    "a translation of a text the original leaves out": (
        {TEAM_FI: "channels:\n  - value: techsupport@example.com\n    label: Tukiosoite\n"},
        "content/teams/it/team.fi.yml:3:12: error[orphan-translation]: channels[0].label: team.yml has no label here "
        "to translate\n"
        "  hint: remove it, or write label in team.yml first: a translation gives only text its original has",
    ),
    "a form's categories in another number": (
        {TEAM_FI: "channels:\n  - value: https://help.example.com/it\n    categories: [Uusi laite]\n"},
        "content/teams/it/team.fi.yml:3:17: error[translation-shape]: channels[0].categories: 1 categories where "
        "team.yml has 2\n"
        "  hint: translate each of the original's, in its order: New hardware; Something else",
    ),
    "a translated service category the translated form does not offer": (
        {TEAM_FI: "channels:\n  - value: https://help.example.com/it\n    categories: [Uusi laite, Jokin muu]\n"
                  "services:\n  - id: new-hardware\n    category: Uusi kone\n"},
        "content/teams/it/team.fi.yml:6:15: error[unknown-category]: services[0].category: the translated request "
        "form has no category 'Uusi kone'\n"
        "  hint: use one of the form's translated categories: Uusi laite, Jokin muu",
    ),
    "an entry translated twice": (
        {TEAM_FI: "services:\n  - id: new-hardware\n    name: Uusi laite\n  - id: new-hardware\n    name: Laite\n"},
        "content/teams/it/team.fi.yml:4:9: error[duplicate-id]: services[1].id: the service 'new-hardware' is "
        "translated twice\n"
        "  hint: first translated at line 2; keep one of the two",
    ),
    "a benefit that does not exist": (
        {BENEFITS: BENEFITS_EN, BENEFITS_FI: "benefits:\n  - id: learning\n    name: Koulutus\n"},
        "content/teams/it/benefits.fi.yml:2:9: error[orphan-translation]: benefits[0].id: benefits.yml has no benefit "
        "'learning' to translate\n"
        "  hint: use the id of the benefit this translates: bike-leasing, learning-budget",
    ),
    "benefits translated without benefits.yml": (
        {BENEFITS_FI: BENEFITS_FI_TEXT},
        "content/teams/it/benefits.fi.yml:1:1: error[orphan-translation]: this translates benefits.yml, which does not "
        "exist\n"
        "  hint: translations sit beside their original: add benefits.yml, or rename this file after it",
    ),
    "benefits translated into a language not configured": (
        {BENEFITS: BENEFITS_EN, "content/teams/it/benefits.de.yml": BENEFITS_FI_TEXT},
        "content/teams/it/benefits.de.yml:1:1: error[unknown-language]: 'de' is not one of the portal's languages\n"
        "  hint: add de to languages: in portal.yml (now en, fi), or rename the file",
    ),
    "an office the portal does not have": (
        {"content/portal.fi.yml": "locations:\n  - id: helsinky\n    name: Helsinki\n"},
        "content/portal.fi.yml:2:9: error[orphan-translation]: locations[0].id: portal.yml has no office 'helsinky' to "
        "translate\n"
        "  hint: use the id of the office this translates: helsinki",
    ),
}


@pytest.mark.parametrize("files, expected", CASES.values(), ids=CASES.keys())
def test_each_translation_problem_has_its_exact_diagnostic(org, run, files, expected):
    org.write({PORTAL: FINNISH, TEAM: FULL_TEAM, **files})
    code, output = run("check")
    assert output == f"{expected}\n1 error, 0 warnings\n"
    assert code == 1


SCHEMA_REJECTS = ["a translation that changes an address", "a translation that changes the hours",
                  "a benefits translation that changes who is eligible", "a translation of the wrong shape"]


@pytest.mark.parametrize("case", SCHEMA_REJECTS)
def test_editors_schemas_reject_what_is_not_text_or_of_the_wrong_shape(tmp_path, case):
    files, _ = CASES[case]
    for rel, text in files.items():
        if rel == BENEFITS:
            continue
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(textwrap.dedent(text), encoding="utf-8")
        validator = validator_for(rel)
        assert validator is not None, rel
        assert list(validator.iter_errors(data_of(tmp_path / rel))), rel


def test_editors_schemas_accept_a_complete_translation(tmp_path):
    for rel, text in {TEAM_FI: FULL_TEAM_FI, BENEFITS_FI: BENEFITS_FI_TEXT}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(textwrap.dedent(text), encoding="utf-8")
        assert [e.message for e in validator_for(rel).iter_errors(data_of(tmp_path / rel))] == []


# --- every page of the language shows the translations ----------------------------------------

def test_each_translated_entry_takes_its_originals_place_on_the_team_page(org, run):
    finnish_team(org)
    assert run("build", "--strict")[0] == 0
    page = org.html("fi/teams/it")
    card = page.select_one(".portal-card")
    assert card.select_one(".portal-card__title").get_text() == "Ota yhteyttä: IT-tuki"
    channels = card.select(".portal-channels")[0].select(".portal-channel")
    assert [c.select_one(".portal-channel__for").get_text() for c in channels] == [
        "Kaikki, mistä tarvitaan kirjaus.", "Sähköpostista tulee tiketti."]
    assert channels[0].select_one(".portal-channel__link").get_text() == "IT-pyyntöportaali"
    assert [li.get_text() for li in channels[0].select(".portal-categories li")] == ["Uusi laite", "Jokin muu"]
    # Addresses stay as written.
    assert channels[1].select_one("a")["href"] == "mailto:techsupport@example.com"
    assert "Suljettu arkipyhinä." in card.select_one(".portal-hours__zone").get_text()
    assert json.loads(card.select_one(".portal-open")["data-portal-open"])["closed"] == [
        ["2026-12-24", "2026-12-26", "Joulu"]]
    after = card.select_one(".portal-after-hours")
    assert after.select_one("p").get_text() == "Vain häiriöt."
    assert after.select_one(".portal-channel__name").get_text() == "Päivystävä asiantuntija:"
    assert after.select_one(".portal-channel__for").get_text() == "Ympäri vuorokauden."
    assert [s.get_text() for s in card.select(".portal-targets__table small")] == [
        "Moni ei pysty tekemään töitä.", "Jokin on rikki."]
    assert card.select_one(".portal-escalation").get_text(" ", strip=True).endswith("Kysy IT-päälliköltä.")
    services = page.select(".portal-service")
    assert [s.select_one("h3").get_text() for s in services] == ["Uusi laite", "Rikkinäinen kannettava"]
    assert services[0].select_one(".portal-service__category").get_text() == "Uusi laite"
    assert [li.get_text() for li in services[1].select(".portal-service__include li")] == ["Laitteen inventaarionumero"]
    # Nothing is marked out of date without history, and the original's page is untouched.
    assert page.select(".portal-outdated, .portal-translation") == []
    assert org.html("teams/it").select_one(".portal-service h3").get_text() == "New hardware"
    # The directory and the search index read the same localised content.
    assert "Uusi laite" in org.html("fi/teams").select_one(".portal-directory").get_text()


def heading(element) -> str:
    """A heading's text without the permalink MkDocs adds."""
    return element.get_text(strip=True).removesuffix("¶")


def test_translated_benefits_and_names_reach_the_catalogue_and_search(org, run, capsys):
    finnish_team(org, **{BENEFITS: BENEFITS_EN, BENEFITS_FI: BENEFITS_FI_TEXT,
                         "content/portal.fi.yml": "employment_types:\n  - id: permanent\n    name: Vakituinen\n"})
    assert run("build", "--strict")[0] == 0
    catalogue = org.html("fi/benefits")
    learning = catalogue.select_one("#learning-budget").find_parent("section")
    assert heading(learning.select_one("h3")) == "Koulutusbudjetti"
    assert "Rahaa kursseihin." in learning.get_text()
    assert learning.select_one(".portal-eligibility__employment").get_text() == "Vakituinen"
    assert "Kysy ensin esihenkilöltäsi." in learning.select_one(".portal-eligibility").get_text()
    assert "Hae se kulukorvauksena." in learning.get_text()
    assert [heading(h) for h in catalogue.select("article h2")][:2] == ["Oppiminen", "Perks"]
    # Not translated yet: shown as written.
    assert heading(catalogue.select_one("#bike-leasing")) == "Bike leasing"
    assert "Vakituinen" in [o.get_text() for o in catalogue.select("select option")]
    code, output = run("search", "--language", "fi", "--json", "kulukorvauksena")
    assert code == 0
    hits = json.loads(output)["results"]
    assert hits[0]["url"].endswith("benefits/#learning-budget")
    assert hits[0]["title"] == "Koulutusbudjetti"


# --- out of date, by commit and per entry ----------------------------------------------------

def commit(root, when: str, message: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_AUTHOR_NAME": "Owner", "GIT_AUTHOR_EMAIL": "owner@example.com",
           "GIT_COMMITTER_NAME": "Owner", "GIT_COMMITTER_EMAIL": "owner@example.com"}
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=root, check=True, env=env)


def outdated_services(org) -> list[str]:
    return [s["id"] for s in org.html("fi/teams/it").select(".portal-service") if s.select_one(".portal-outdated")]


def outdated_report(run) -> list[tuple[str, str]]:
    code, output = run("report", "--format", "json")
    assert code == 0
    return [(r["file"], r["entry"]) for r in json.loads(output)["translations"]["fi"]["outdated"]]


@pytest.mark.usefixtures("git")
def test_a_change_the_same_day_marks_only_the_entry_that_changed(org, run):
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=org.root, check=True)
    finnish_team(org)
    commit(org.root, "2026-05-04T09:00:00+00:00", "IT team and its Finnish translation")
    org.write({TEAM: FULL_TEAM.replace("A laptop or a monitor.", "A laptop, a monitor or a headset.")})
    commit(org.root, "2026-05-04T09:05:00+00:00", "Headsets too")  # five minutes later, the same day
    assert run("build", "--strict")[0] == 0
    assert outdated_services(org) == ["new-hardware"]
    page = org.html("fi/teams/it")
    assert len(page.select(".portal-outdated")) == 1
    notice = page.select_one(".portal-translation--outdated")
    assert notice.select_one("a")["hreflang"] == "en"
    assert outdated_report(run) == [(TEAM_FI, "services[new-hardware]")]


@pytest.mark.usefixtures("git")
def test_what_is_not_text_and_a_later_translation_leave_no_entry_outdated(org, run):
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=org.root, check=True)
    finnish_team(org)
    commit(org.root, "2026-05-04T09:00:00+00:00", "IT team and its Finnish translation")
    # Hours, targets and an address change for every language at once: no text to translate again.
    org.write({TEAM: FULL_TEAM.replace("09:00-17:00", "08:00-16:00").replace("30 minutes", "1 hour")})
    commit(org.root, "2026-05-05T09:00:00+00:00", "New hours")
    assert run("build", "--strict")[0] == 0
    assert org.html("fi/teams/it").select(".portal-outdated") == []
    # A text changes, then the translation catches up in a later commit (an earlier time of
    # day, even): the order of commits decides, not their dates.
    changed = FULL_TEAM.replace("Outages only.", "Outages and security incidents only.")
    org.write({TEAM: changed})
    commit(org.root, "2026-05-06T15:00:00+00:00", "Security incidents too")
    assert outdated_report(run) == [(TEAM_FI, "after_hours")]
    org.write({TEAM_FI: FULL_TEAM_FI.replace("Vain häiriöt.", "Vain häiriöt ja tietoturvapoikkeamat.")})
    commit(org.root, "2026-05-06T08:00:00+00:00", "Finnish: security incidents too")
    assert outdated_report(run) == []
    # A translation being edited (not committed yet) is as new as anything.
    org.write({TEAM: changed.replace("Ask the IT manager.", "Ask the service manager.")})
    commit(org.root, "2026-05-07T09:00:00+00:00", "Another escalation")
    assert outdated_report(run) == [(TEAM_FI, "")]
    org.write({TEAM_FI: FULL_TEAM_FI.replace("Kysy IT-päälliköltä.", "Kysy palvelupäälliköltä.")})
    assert outdated_report(run) == []


@pytest.mark.usefixtures("git")
def test_translated_faq_pages_mark_the_question_whose_original_changed(org, run):
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=org.root, check=True)
    questions = ("questions:\n  - id: vpn\n    question: How do I use the VPN?\n    answer: Open the app.\n"
                 "  - id: wifi\n    question: Which Wi-Fi?\n    answer: Aurora.\n")
    org.write({PORTAL: FINNISH, FAQ: questions,
               FAQ_FI: "questions:\n  - id: vpn\n    question: Miten käytän VPN:ää?\n    answer: Avaa sovellus.\n"
                       "  - id: wifi\n    question: Mikä Wi-Fi?\n    answer: Aurora.\n"})
    commit(org.root, "2026-05-04T09:00:00+00:00", "FAQ and its Finnish translation")
    org.write({FAQ: questions.replace("Open the app.", "Open the app and sign in.")})
    commit(org.root, "2026-05-04T09:30:00+00:00", "Sign in too")
    assert run("build", "--strict")[0] == 0
    page = org.html("fi/teams/it/faq")
    assert page.select_one(".portal-translation--outdated") is not None
    marked = [h["id"] for h in page.select("article h2")
              if h.find_next_sibling().get("class") == ["portal-outdated"]]
    assert marked == ["vpn"]
    assert outdated_report(run) == [(FAQ_FI, "questions[vpn]")]


# --- portal report ---------------------------------------------------------------------------

def test_report_lists_what_each_entry_misses(org, run):
    org.write({PORTAL: FINNISH, TEAM: FULL_TEAM, BENEFITS: BENEFITS_EN, BENEFITS_FI: BENEFITS_FI_TEXT,
               TEAM_FI: "name: IT-tuki\nsummary: Läppärit.\nservices:\n  - id: new-hardware\n    name: Uusi laite\n"})
    code, output = run("report", "--format", "json")
    assert code == 0
    missing = {(r["file"], r["entry"]): r["fields"] for r in json.loads(output)["translations"]["fi"]["missing"]}
    assert missing[(TEAM, "")] == ["escalation"]
    assert missing[(TEAM, "services[new-hardware]")] == ["description", "category", "include"]
    assert missing[(TEAM, "services[broken-device]")] == ["name", "description", "category", "include"]
    assert missing[(TEAM, "office_hours.closed[2026-12-24]")] == ["name"]
    assert missing[(BENEFITS, "benefits[bike-leasing]")] == ["name", "category", "summary", "how_to_claim"]
    assert (BENEFITS, "benefits[learning-budget]") not in missing
    assert (BENEFITS, "benefits[learning-budget].eligibility") not in missing
    code, output = run("report")
    assert ("- not translated: team [New hardware](content/teams/it/team.yml) `services[new-hardware]` "
            "(IT help desk): description, category, include (goes in content/teams/it/team.fi.yml)\n") in output


def test_the_sample_translates_it_and_hr_completely():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "generator", "report", "--format", "json"], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True)
    languages = json.loads(result.stdout)["translations"]
    assert list(languages) == ["fi", "pl", "ru", "vi", "fa"]
    for lang, found in languages.items():
        left = [(r["file"], r["entry"], r["fields"]) for r in found["missing"]
                if r["file"].startswith(("content/teams/it/team", "content/teams/hr/team", "content/teams/hr/benefits"))]
        assert left == [], lang


def test_a_priority_shows_its_translated_name_and_keeps_its_own(org, run):
    finnish_team(org, **{TEAM_FI: FULL_TEAM_FI.replace("  - priority: P1 Critical\n",
                                                       "  - priority: P1 Critical\n        name: P1 Kriittinen\n")})
    assert run("build", "--strict")[0] == 0
    page = org.html("fi/teams/it")
    rows = [th.find(string=True, recursive=True).strip() for th in page.select(".portal-targets__table tbody th")]
    assert rows == ["P1 Kriittinen", "P3 Normal"]
    assert [th.get_text() for th in page.select(".portal-service__targets tbody th")][:1] == ["P1 Kriittinen"]
    original = org.html("teams/it").select_one(".portal-targets__table tbody th")
    assert original.find(string=True, recursive=True).strip() == "P1 Critical"


def test_links_in_translated_benefits_are_checked_where_they_are_written(org, run):
    finnish_team(org, **{BENEFITS: BENEFITS_EN, BENEFITS_FI: BENEFITS_FI_TEXT.replace(
        "Hae se kulukorvauksena.", "Katso [ohje](sops/missing.md).")})
    code, output = run("check")
    assert output.startswith("content/teams/it/benefits.fi.yml:9:20: warning[broken-link]: ")
    assert code == 0


@pytest.mark.usefixtures("git")
def test_a_page_is_outdated_when_its_text_changes_not_its_review_date(org, run):
    sop, sop_fi = "content/teams/it/sops/reset-password.md", "content/teams/it/sops/reset-password.fi.md"
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=org.root, check=True)
    org.write({PORTAL: FINNISH, sop: "---\ntitle: Reset a password\nreviewed: 2026-01-10\n---\n\nDo it.\n",
               sop_fi: "---\ntitle: Salasanan vaihtaminen\n---\n\nTee se.\n"})
    commit(org.root, "2026-05-04T09:00:00+00:00", "Procedure and its Finnish translation")
    org.write({sop: "---\ntitle: Reset a password\nreviewed: 2026-05-04\n---\n\nDo it.\n"})
    commit(org.root, "2026-05-04T09:10:00+00:00", "Reviewed")
    assert outdated_report(run) == []
    org.write({sop: "---\ntitle: Reset a password\nreviewed: 2026-05-04\n---\n\nDo it now.\n"})
    commit(org.root, "2026-05-04T09:20:00+00:00", "Sooner")
    assert outdated_report(run) == [(sop_fi, "")]
    assert run("build", "--strict")[0] == 0
    assert org.html("fi/teams/it/sops/reset-password").select_one(".portal-translation--outdated") is not None


@pytest.mark.usefixtures("git")
def test_the_contact_card_marks_each_part_whose_original_changed(org, run):
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=org.root, check=True)
    finnish_team(org)
    commit(org.root, "2026-05-04T09:00:00+00:00", "IT team and its Finnish translation")
    org.write({TEAM: FULL_TEAM.replace("Becomes a ticket.", "Becomes a ticket at once.")
               .replace("name: Christmas", "name: Christmas holidays")
               .replace("Something is broken.", "Something is broken, but you can work.")
               .replace("Around the clock.", "Around the clock, every day.")
               .replace("Outages only.", "Outages and incidents only.")})
    commit(org.root, "2026-05-04T09:01:00+00:00", "Rewordings")
    assert run("build", "--strict")[0] == 0
    card = org.html("fi/teams/it").select_one(".portal-card")

    def marked(selector: str) -> list[bool]:
        return [part.select_one(".portal-outdated") is not None for part in card.select(selector)]

    assert marked(".portal-channels > .portal-channel") == [False, True, True]  # the form, the email, on call
    assert marked(".portal-hours") == [True]  # a closure's name
    assert marked(".portal-targets__table tbody tr") == [False, True]
    assert card.select_one(".portal-after-hours > .portal-outdated") is not None
    assert card.select_one(".portal-escalation .portal-outdated") is None  # the team's own text is as it was
    assert org.html("teams/it").select(".portal-outdated") == []


# --- whatever a translation holds: diagnostics or pages, never an exception -------------------

TRANSLATION_FLOW = {
    "name": "IT-tuki", "escalation": "Kysy.",
    "channels": [{"value": "'https://help.example.com/it'", "label": "Portaali", "categories": ["Uusi", "Muu"]},
                 {"value": "techsupport@example.com", "description": "Tiketti."}],
    "office_hours": {"notes": "Suljettu.", "closed": [{"date": "2026-12-24", "name": "Joulu"}]},
    "after_hours": {"description": "Häiriöt.", "channels": [{"value": "'+358 9 4242 0000'", "label": "Päivystys"}]},
    "response_targets": [{"priority": "'P1 Critical'", "name": "Kriittinen", "description": "Moni."}],
    "services": [{"id": "new-hardware", "name": "Laite", "category": "Uusi", "include": ["Kuka"]}],
}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_one_wrong_value_in_a_translation_gives_diagnostics_or_pages(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("org")
    files = {PORTAL: FINNISH, TEAM: textwrap.dedent(FULL_TEAM), BENEFITS: textwrap.dedent(BENEFITS_EN),
             BENEFITS_FI: textwrap.dedent(BENEFITS_FI_TEXT), TEAM_FI: data.draw(one_wrong(TRANSLATION_FLOW))}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(text.encode("utf-8", "surrogatepass"))
    content, diagnostics = load(root / "content")
    assert content is not None
    diagnostics += check(content, date(2026, 11, 22))
    assert well_formed(diagnostics)
    if not any(d.is_error for d in diagnostics):
        status(content, "fi", {})
        render(localise(content, "fi", {TEAM_FI: textwrap.dedent(FULL_TEAM)}), THEME_DIR, date(2026, 11, 22), {}, "fi")
