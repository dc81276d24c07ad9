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


def test_pages_of_no_team_send_feedback_to_the_help_desk(sample):
    from bs4 import BeautifulSoup

    site, _ = sample
    box = BeautifulSoup((site / "benefits/index.html").read_text(), "html.parser").select_one(".portal-feedback")
    assert box["data-to"] == "techsupport@aurora-journeys.example"
    assert box.select_one(".portal-feedback__team").get_text() == "Goes to IT help desk."


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
