"""'Was this helpful?' and 'Report a problem with this page' reach the page's owning team."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest


def test_feedback_email_names_the_page_and_goes_to_its_team(browser, site_url):
    page = browser.new_page()
    page.goto(f"{site_url}/teams/hr/sops/request-parental-leave/#steps")
    links = {a.get_attribute("data-answer"): a.get_attribute("href")
             for a in page.locator(".portal-feedback a[data-answer]").all()}
    page.close()
    assert set(links) == {"yes", "no", "problem"}
    page_url = f"{site_url}/teams/hr/sops/request-parental-leave/"
    for answer, prefix in (("yes", "Helpful"), ("no", "Not helpful"), ("problem", "Problem with a page")):
        address = urlsplit(links[answer])
        assert (address.scheme, address.path) == ("mailto", "hr@aurora-journeys.example")
        subject = parse_qs(address.query)["subject"][0]
        assert subject == f"{prefix}: Request parental leave ({page_url})"
    assert "What is wrong" in unquote(parse_qs(urlsplit(links["problem"]).query)["body"][0])


@pytest.mark.parametrize("path", ["index.html", "teams/index.html", "news/index.html", "fi/index.html"])
def test_generated_pages_no_team_owns_send_feedback_to_the_help_desk(sample, path):
    from bs4 import BeautifulSoup

    site, _ = sample
    box = BeautifulSoup((site / path).read_text(), "html.parser").select_one(".portal-feedback")
    assert box["data-to"] == "techsupport@aurora-journeys.example"


@pytest.mark.parametrize("path, to", [
    ("teams/hr/index.html", "hr@aurora-journeys.example"),
    ("teams/hr/faq/index.html", "hr@aurora-journeys.example"),
    ("teams/payroll-finance/index.html", "payroll@aurora-journeys.example"),
    ("fi/teams/hr/faq/index.html", "hr@aurora-journeys.example"),
    ("news/2026-09-30-wellbeing-days/index.html", "hr@aurora-journeys.example"),
])
def test_team_pages_and_news_send_feedback_to_their_team(sample, path, to):
    from bs4 import BeautifulSoup

    site, _ = sample
    box = BeautifulSoup((site / path).read_text(), "html.parser").select_one(".portal-feedback")
    assert box["data-to"] == to


@pytest.mark.parametrize("path", ["benefits/index.html", "fi/benefits/index.html"])
def test_each_benefit_sends_feedback_to_the_team_whose_benefit_it_is(sample, path):
    from bs4 import BeautifulSoup

    site, _ = sample
    soup = BeautifulSoup((site / path).read_text(), "html.parser")
    boxes = {section.select_one("h3")["id"]: section.select_one(".portal-feedback")
             for section in soup.select("section.portal-benefit")}
    assert boxes["wellbeing-days"]["data-to"] == "hr@aurora-journeys.example"
    assert boxes["pension"]["data-to"] == "payroll@aurora-journeys.example"
    assert boxes["pension"]["data-anchor"] == "pension"
    if not path.startswith("fi/"):
        assert boxes["pension"].select_one(".portal-feedback__team").get_text() == "Goes to Payroll and finance."
    subject = parse_qs(urlsplit(boxes["pension"].select_one("a.portal-feedback__no")["href"]).query)["subject"][0]
    assert subject == ("Ei hyödyllinen: Henkilöstöedut: Pension (benefits/#pension)" if path.startswith("fi/")
                       else "Not helpful: Benefits: Pension (benefits/#pension)")
    # The page as a whole is made from several teams' benefits: no one team owns it.
    page_box = soup.select(".portal-feedback")[-1]
    assert page_box.find_parent("section") is None
    assert page_box["data-to"] == "techsupport@aurora-journeys.example"


def test_a_news_item_of_no_known_team_sends_feedback_to_the_help_desk(org, run):
    org.write({"content/news/2026-04-15-party.md": "---\ntitle: A party\n---\n\nCake.\n"})
    assert run("build")[0] == 0
    assert org.html("news/2026-04-15-party").select_one(".portal-feedback")["data-to"] == "techsupport@example.com"


def test_benefits_of_one_team_send_page_feedback_to_that_team(org, run):
    org.write({"content/portal.yml": "organisation: Test Org\nhelp_desk: it\nlocations: []\n",
               "content/teams/hr/team.yml": "name: People team\nsummary: People.\nowners: ['@org/hr']\n"
                                            "channels:\n  - type: email\n    value: people@example.com\n",
               "content/teams/hr/benefits.yml": "benefits:\n- id: gym\n  name: Gym\n  category: Health\n"
                                                "  summary: A gym.\n  eligibility: {}\n  how_to_claim: Ask.\n"})
    code, out = run("build")
    assert code == 0, out
    boxes = org.html("benefits").select(".portal-feedback")
    assert [b["data-to"] for b in boxes] == ["people@example.com", "people@example.com"]


def test_feedback_through_a_form_gets_the_page_as_parameters(org, run):
    org.write({"content/portal.yml": """\
        organisation: Test Org
        help_desk: it
        locations: []
        feedback:
          via: form
          form: https://forms.example.com/feedback?page={url}&title={title}
        """})
    assert run("build")[0] == 0
    box = org.html("teams/it").select_one(".portal-feedback")
    assert box.select_one("a.portal-feedback__problem")["href"] == (
        "https://forms.example.com/feedback?page=teams/it/&title=IT%20help%20desk")


@pytest.mark.parametrize("feedback, expected", [
    ("  via: form\n",
     "content/portal.yml:4:3: error[missing-field]: feedback: feedback via form needs the form's address\n"
     "  hint: add form: with the form's web address, or use via: email\n"),
    ("  via: form\n  form: https://forms.example.com/feedback\n",
     "content/portal.yml:5:9: error[invalid-url]: feedback.form: 'https://forms.example.com/feedback' does not say "
     "where the page's address goes\n"
     "  hint: put {url} (and {title} if the form takes it) where the form expects them\n"),
])
def test_feedback_settings_are_checked(org, run, feedback, expected):
    org.write({"content/portal.yml": "organisation: Test Org\nlocations: []\nfeedback:\n" + feedback})
    assert run("check") == (1, expected + "1 error, 0 warnings\n")


def test_yes_is_answered_in_the_page_without_a_mail_client(browser, site_url):
    page = browser.new_page()
    opened = []
    page.on("request", lambda request: opened.append(request.url) if request.url.startswith("mailto:") else None)
    page.goto(f"{site_url}/teams/hr/sops/request-parental-leave/")
    box = page.locator("article .portal-feedback").last
    assert box.locator(".portal-feedback__thanks").is_hidden()
    box.locator("a.portal-feedback__yes").click()
    assert box.locator(".portal-feedback__thanks").inner_text() == "Thank you for your answer."
    assert box.locator(".portal-feedback__next").is_hidden()
    assert box.locator("a.portal-feedback__yes").is_hidden() and box.locator("a.portal-feedback__no").is_hidden()
    assert page.url == f"{site_url}/teams/hr/sops/request-parental-leave/" and not opened
    page.close()


def test_no_says_what_to_do_next_and_how_to_tell_the_team(browser, site_url):
    page = browser.new_page()
    page.goto(f"{site_url}/teams/hr/sops/request-parental-leave/")
    box = page.locator("article .portal-feedback").last
    box.locator("a.portal-feedback__no").click()
    assert box.locator(".portal-feedback__thanks").is_visible()
    next_steps = box.locator(".portal-feedback__next")
    assert "Try the search with other words" in next_steps.inner_text()
    tell = next_steps.locator("a.portal-feedback__tell")
    assert tell.inner_text() == "Tell People and Culture (HR) what is missing"
    address = urlsplit(tell.get_attribute("href"))
    assert (address.scheme, address.path) == ("mailto", "hr@aurora-journeys.example")
    assert parse_qs(address.query)["subject"][0] == (
        f"Not helpful: Request parental leave ({site_url}/teams/hr/sops/request-parental-leave/)")
    page.close()


def test_the_answer_is_in_the_pages_language_and_only_in_the_box_pressed(browser, site_url):
    page = browser.new_page()
    page.goto(f"{site_url}/fi/benefits/")
    pension = page.locator("section.portal-benefit:has(#pension) .portal-feedback")
    pension.locator("a.portal-feedback__no").click()
    assert pension.locator(".portal-feedback__thanks").inner_text() == "Kiitos vastauksestasi."
    assert pension.locator(".portal-feedback__next p").inner_text().startswith("Harmi, ettei tästä ollut apua.")
    tell = pension.locator("a.portal-feedback__tell")
    assert urlsplit(tell.get_attribute("href")).path == "payroll@aurora-journeys.example"
    assert parse_qs(urlsplit(tell.get_attribute("href")).query)["subject"][0] == (
        f"Ei hyödyllinen: Henkilöstöedut: Pension ({site_url}/fi/benefits/#pension)")  # the page's language
    # The other boxes on the page are not answered.
    assert page.locator(".portal-feedback__thanks:visible").count() == 1
    page.close()
