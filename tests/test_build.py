"""`portal build`: tiny organisations built for real, the HTML read through selectors."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

TEAM = """\
name: IT help desk
summary: Laptops and passwords.
owners: ["@org/it"]
channels:
  - type: form
    value: https://help.example.com/it/new
    label: IT request portal
    description: Anything that needs a record.
    categories: [Laptop broken, New hardware]
  - type: chat
    value: https://chat.example.com/channels/it-help
    label: "#it-help"
  - type: email
    value: techsupport@example.com
  - type: phone
    value: "+358 9 4242 0000"
  - type: walk-in
    value: Tech bar, 3rd floor
    location: helsinki
office_hours:
  timezone: Europe/Helsinki
  schedule:
    - days: mon-fri
      hours: 09:00-17:00
    - days: sat
      hours: 10:00-12:00, 13:00-14:00
after_hours:
  description: Outages only.
  channels:
    - type: phone
      value: "+358 40 123 4567"
      label: On-call
response_targets:
  - priority: P1 Critical
    first_response: 30 minutes
    resolution: 4 hours
  - priority: P3 Normal
    first_response: 1 business day
services:
  - id: broken-laptop
    name: Broken laptop
    description: A laptop that does not start.
    category: Laptop broken
    include: [The asset tag, What happens]
    priorities: [P3 Normal]
    keywords: [repair]
"""

FILES = {
    "content/teams/it/team.yml": TEAM,
    "content/teams/it/faq.yml": """\
        questions:
          - id: reset-password
            question: How do I reset my password?
            answer: Use the **password page**.
            featured: true
          - id: vpn
            question: Why does the VPN not connect?
            answer: See [the VPN page](pages/vpn.md).
        """,
    "content/teams/it/sops/report-an-outage.md": """\
        ---
        title: Report an IT outage
        owner: "@tomasz"
        reviewed: 2026-09-14
        review_every: 6 months
        ---

        ## Call us

        Call the help desk.
        """,
    "content/teams/it/pages/vpn.md": """\
        ---
        title: Connect to the VPN
        ---

        Open the client. Questions: [FAQ](../faq.md#vpn).
        """,
    "content/teams/hr/team.yml": """\
        name: People and Culture
        summary: Leave and benefits.
        owners: ["@org/hr"]
        channels:
          - type: email
            value: hr@example.com
        """,
    "content/teams/hr/benefits.yml": """\
        benefits:
          - id: parental-leave
            name: Parental leave
            category: Leave
            summary: 16 weeks at full pay.
            eligibility:
              locations: [helsinki]
              employment_types: [permanent]
              waiting_period: 6 months
            how_to_claim: Tell your manager two months ahead.
          - id: laptop-discount
            name: Laptop discount
            category: Perks
            summary: Buy your old laptop cheaply.
            how_to_claim: Ask IT; first [connect to the VPN](../it/pages/vpn.md).
            contact: it
        """,
}


@pytest.fixture
def built(org, run):
    org.write(FILES)
    code, output = run("build", "--strict")
    assert code == 0, output
    return org


def test_team_page_contact_card(built):
    card = built.html("teams/it").select_one(".portal-card#contact")
    links = {a["href"]: a.get_text(strip=True) for a in card.select(".portal-channels a.portal-channel__link")}
    assert links == {
        "https://help.example.com/it/new": "IT request portal",
        "https://chat.example.com/channels/it-help": "#it-help",
        "mailto:techsupport@example.com": "techsupport@example.com",
        "tel:+358942420000": "+358 9 4242 0000",
        "tel:+358401234567": "+358 40 123 4567",
    }
    form = card.select_one(".portal-channel--form")
    assert [li.get_text() for li in form.select(".portal-categories li")] == ["Laptop broken", "New hardware"]
    walk_in = card.select_one(".portal-channel--walk-in")
    assert walk_in.select_one(".portal-channel__link").get_text() == "Tech bar, 3rd floor"
    assert walk_in.select_one(".portal-channel__place").get_text() == "(Helsinki office)"
    rows = [(tr.th.get_text(), tr.td.get_text()) for tr in card.select(".portal-hours__table tr")]
    assert rows == [("Monday–Friday", "09:00–17:00"), ("Saturday", "10:00–12:00, 13:00–14:00")]
    assert card.select_one(".portal-hours__timezone").get_text() == "Helsinki"  # CLDR's name of Europe/Helsinki
    after = card.select_one(".portal-after-hours")
    assert after.p.get_text() == "Outages only."
    assert after.select_one(".portal-channel__name").get_text() == "On-call:"
    targets = [[cell.get_text(" ", strip=True) for cell in tr.select("th, td")]
               for tr in card.select(".portal-targets__table tbody tr")]
    assert targets == [["P1 Critical", "30 minutes", "4 hours"], ["P3 Normal", "1 business day", "—"]]


def test_most_asked_answers_stand_beside_the_contact_card(built):
    page = built.html("teams/it")
    box = page.select_one(".portal-card#contact").find_next_sibling("div")
    assert "portal-before" in box["class"]
    assert [a["href"] for a in box.select("a")] == ["faq/#reset-password", "faq/#vpn", "sops/report-an-outage/"]


def test_team_page_lists_its_services(built):
    service = built.html("teams/it").select_one("section.portal-service#broken-laptop")
    assert service.h3.get_text() == "Broken laptop"
    form = service.select_one(".portal-service__form")
    assert (form.a["href"], form.a.get_text()) == ("https://help.example.com/it/new", "IT request portal")
    assert form.select_one(".portal-service__category").get_text() == "Laptop broken"
    assert [li.get_text() for li in service.select(".portal-service__include li")] == ["The asset tag", "What happens"]
    rows = [[c.get_text() for c in tr.select("th, td")] for tr in service.select(".portal-service__targets tbody tr")]
    assert rows == [["P3 Normal", "1 business day", "—"]]
    # The service is a topic of 'Who do I contact?', leading to it.
    topics = {li.select_one(".portal-topics__topic").get_text(): li.a["href"]
              for li in built.html("teams").select(".portal-topics li")}
    assert topics["Broken laptop"] == "it/#broken-laptop"
    assert topics["repair"] == "it/#broken-laptop"


def test_team_page_lists_sops_faq_benefits_and_pages(built):
    page = built.html("teams/it")
    content = page.select_one("article.md-content__inner")
    sections = {h2["id"]: h2.find_next("ul") for h2 in content.select("h2[id]") if h2["id"] not in ("contact", "services")}
    hrefs = {key: [a["href"] for a in ul.select("a")] for key, ul in sections.items()}
    assert hrefs == {
        "procedures": ["sops/report-an-outage/"],
        "frequently-asked-questions": ["faq/#reset-password", "faq/#vpn"],
        "benefits": ["../../benefits/#laptop-discount"],
        "more-from-the-team": ["pages/vpn/"],
    }


def test_sop_header(built):
    header = built.html("teams/it/sops/report-an-outage").select_one(".portal-sop-header")
    team = header.select_one("a.portal-sop-header__team")
    assert (team.get_text(), team["href"]) == ("IT help desk", "../../")
    assert header.select_one(".portal-sop-header__owner").get_text() == "(@tomasz)"
    reviewed = header.select_one("time.portal-sop-header__reviewed")
    due = header.select_one("time.portal-sop-header__due")
    assert (reviewed["datetime"], reviewed.get_text()) == ("2026-09-14", "14 September 2026")
    assert (due["datetime"], due.get_text()) == ("2027-03-14", "14 March 2027")


def test_faq_questions_have_their_own_anchors(built):
    page = built.html("teams/it/faq")
    questions = {h2["id"]: h2.get_text(strip=True).rstrip("¶") for h2 in page.select("article h2[id]")}
    assert questions == {"reset-password": "How do I reset my password?", "vpn": "Why does the VPN not connect?"}
    answer = page.select_one("h2#reset-password").find_next_sibling("p")
    assert answer.strong.get_text() == "password page"
    # A link in an answer is relative to the team folder, and MkDocs resolved it.
    assert page.select_one("h2#vpn").find_next_sibling("p").a["href"] == "../pages/vpn/"
    assert built.html("teams/it/pages/vpn").select_one("article p a")["href"] == "../../faq/#vpn"


def test_benefits_catalogue(built):
    page = built.html("benefits")
    assert [h2.get_text(strip=True).rstrip("¶") for h2 in page.select("article h2")] == ["Leave", "Perks"]
    leave = page.select_one("h3#parental-leave")
    assert leave.find_next_sibling("p").get_text() == "16 weeks at full pay."
    eligibility = page.select_one('dl.portal-eligibility[data-benefit="parental-leave"]')
    assert eligibility.select_one(".portal-eligibility__locations").get_text() == "Helsinki"
    assert eligibility.select_one(".portal-eligibility__employment").get_text() == "Permanent"
    assert eligibility.select_one(".portal-eligibility__waiting").get_text() == "6 months"
    contact = eligibility.select_one("a.portal-eligibility__contact")
    assert (contact.get_text(), contact["href"]) == ("People and Culture", "../teams/hr/#contact")
    discount = page.select_one('dl.portal-eligibility[data-benefit="laptop-discount"]')
    assert discount.select_one(".portal-eligibility__locations").get_text() == "All offices"
    assert discount.select_one("a.portal-eligibility__contact")["href"] == "../teams/it/#contact"
    claim = eligibility.find_next_sibling("p")
    assert claim.get_text() == "How to claim"
    # Links in a benefit resolve from its benefits.yml, though the catalogue is a page at the top.
    how = discount.find_next_sibling("p").find_next_sibling("p")
    assert how.a["href"] == "../teams/it/pages/vpn/"


def test_home_page_leads_to_teams_benefits_and_most_asked(built):
    page = built.html("")
    teams = [a["href"] for a in page.select(".portal-team-grid a")]
    assert teams == ["teams/it/", "teams/hr/"]
    asked = [a["href"] for a in page.select("h2#most-asked-questions + ul a")]
    assert asked == ["teams/it/faq/#reset-password"]
    assert page.select_one('article a[href="benefits/"]') is not None
    assert page.select_one('article a[href="teams/it/#contact"]').get_text() == "contact IT help desk"
    assert page.select_one('article a[href="teams/"]').get_text() == "who to contact for what"


def test_navigation_carries_own_team_and_top_level_only(built):
    nav = built.html("teams/hr").select_one("nav.md-nav--primary")
    titles = [a.get_text(" ", strip=True) for a in nav.select("a.md-nav__link")]
    assert titles == ["Home", "People and Culture", "Benefits", "What's new"]
    it_nav = built.html("teams/it/sops/report-an-outage").select_one("nav.md-nav--primary")
    hrefs = [a["href"] for a in it_nav.select("a.md-nav__link")]
    assert hrefs[:2] == ["../../../..", "../../"]  # Home, then the team's own page
    assert {"../../faq/", "../../pages/vpn/", "../../../../benefits/"} <= set(hrefs)
    assert not any("/hr/" in h for h in hrefs)
    # The list of every team stays on the Teams page.
    teams_nav = built.html("teams").select_one("nav.md-nav--primary")
    assert {"hr/", "it/"} <= {a["href"] for a in teams_nav.select("a")}


def tree_digest(path: Path) -> dict[str, str]:
    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file()}


def test_failed_build_leaves_previous_site_unchanged(built, run):
    before = tree_digest(built.root / "site")
    built.write({"content/teams/it/faq.yml": "questions:\n  - id: Bad Id\n    question: Q\n    answer: A\n"})
    code, output = run("build")
    assert code == 1
    assert "error[invalid-id]" in output
    assert tree_digest(built.root / "site") == before
    assert [p.name for p in built.root.iterdir() if p.name.startswith(".site")] == []


def test_broken_link_fails_strict_build_and_names_the_source_line(built, run):
    before = tree_digest(built.root / "site")
    built.write({"content/teams/it/pages/vpn.md": "---\ntitle: VPN\n---\n\nIntro.\n\nSee [gone](../sops/missing.md).\n"})
    code, output = run("build", "--strict")
    assert code == 1
    assert output.splitlines()[0] == (
        "content/teams/it/pages/vpn.md:7:12: warning[broken-link]: the link to '../sops/missing.md' leads nowhere: "
        "no such page or file")
    assert tree_digest(built.root / "site") == before
    # Without --strict the warning is shown, once (not again from MkDocs), and the site is built.
    code, output = run("build")
    assert code == 0
    assert output.count("missing.md") == 1, output
    assert (built.root / "site/teams/it/pages/vpn/index.html").read_text().count("gone") == 1


def test_broken_link_in_a_benefit_names_its_own_file(built, run):
    built.write({"content/teams/it/benefits.yml": """\
        benefits:
          - id: loan-laptop
            name: Loan laptop
            category: Perks
            summary: A laptop while yours is repaired.
            how_to_claim: |
              Ask at the tech bar.
              See [the guide](pages/loan-guide.md).
        """})
    code, output = run("build", "--strict")
    assert code == 1
    assert output.splitlines()[0] == (
        "content/teams/it/benefits.yml:8:23: warning[broken-link]: the link to 'pages/loan-guide.md' leads nowhere: "
        "no such page or file")
    code, output = run("build")  # MkDocs' own warning of the rebased link is not said again
    assert code == 0 and output.count("loan-guide.md") == 1, output


def test_two_files_claiming_one_url(org, run):
    org.write(FILES)
    org.write({"content/teams/it/files/Guide.pdf": "a", "content/teams/it/files/guide.pdf": "b"})
    code, output = run("build")
    assert code == 1
    assert "content/teams/it/files/guide.pdf:1:1: error[duplicate-url]: this file would be published at " \
           "teams/it/files/guide.pdf, which content/teams/it/files/Guide.pdf already uses" in output


def test_attachments_are_published(built, run):
    built.write({"content/teams/it/files/vpn-guide.txt": "steps\n"})
    assert run("build", "--strict")[0] == 0
    assert (built.root / "site/teams/it/files/vpn-guide.txt").read_text() == "steps\n"


def test_site_dir_that_would_swallow_the_project_is_refused(built, run):
    code, output = run("build", "--site-dir", ".")
    assert code == 1
    assert "choose another --site-dir" in output
    assert (built.root / "content/portal.yml").is_file()


def test_missing_mkdocs_config_is_a_diagnostic(org, run):
    (org.root / "mkdocs.yml").unlink()
    assert run("build") == (1, "mkdocs.yml:1:1: error[missing-file]: the organisation's MkDocs configuration is missing\n"
                               "  hint: keep mkdocs.yml beside content/ (the repository has one), or pass --config\n"
                               "1 error, 0 warnings\n"
                               "Not built: fix the problems above; site was left as it was.\n")
