"""The built sample site in a real headless Chromium."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import serve_directory

PAGES = ["", "teams/", "teams/it/", "teams/it/faq/", "teams/hr/sops/onboard-a-new-hire/", "benefits/", "news/"]


@pytest.fixture(scope="module")
def site_url(sample):
    site, _ = sample
    with serve_directory(site) as url:
        yield url


def test_pages_request_nothing_from_another_origin(browser, site_url):
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in PAGES:
        page.goto(f"{site_url}/{path}")
        page.wait_for_load_state("networkidle")
    # Searching starts Material's search worker, which loads its index: from the site too.
    page.keyboard.press("/")
    page.keyboard.type("password")
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_load_state("networkidle")
    origins = {urlsplit(url).netloc for url in requested if not url.startswith(("data:", "blob:"))}
    assert origins == {urlsplit(site_url).netloc}
    assert any(url.endswith("/teams/it/") for url in requested)
    page.close()


def test_faq_link_lands_on_the_question(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{site_url}/")
    page.click("text=How do I reset my password?")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{site_url}/teams/it/faq/#reset-password"
    box = page.locator("h2#reset-password").bounding_box()
    assert 0 <= box["y"] < 400  # scrolled to the question, not left at the top of the page
    assert page.locator("h2#reset-password + p").inner_text().startswith("Go to the password page")
    page.close()


def test_contact_card_links_work_as_links(browser, site_url):
    page = browser.new_page()
    page.goto(f"{site_url}/teams/it/")
    card = page.locator("#contact")
    assert card.locator("a[href='mailto:techsupport@aurora-journeys.example']").is_visible()
    assert card.locator("a[href='tel:+442079460321']").inner_text() == "+44 20 7946 0321"
    assert card.locator(".portal-channel--form .portal-categories li").count() == 6
    page.close()
