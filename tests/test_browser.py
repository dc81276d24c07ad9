"""The built sample site in a real headless Chromium."""

from __future__ import annotations

from urllib.parse import urlsplit

PAGES = ["", "teams/", "teams/it/", "teams/it/faq/", "teams/hr/sops/onboard-a-new-hire/", "benefits/", "news/"]



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


def type_query(page, text: str) -> None:
    page.keyboard.press("/")  # Material's shortcut focuses the search box
    page.keyboard.type(text)


def test_typing_shows_results_with_kind_team_and_highlighted_snippet(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site_url}/")
    type_query(page, "parental leave")
    # Results show while the query is typed: wait for those of the whole query.
    total = page.evaluate("async () => (await portalSearch('parental leave')).total")
    page.wait_for_function(f"document.querySelector('.md-search-result__meta').textContent === '{total} results'")
    first = page.locator(".md-search-result__item").first
    assert first.locator("h1").inner_text() == "Request parental leave"
    assert first.locator(".portal-search__kind").inner_text() == "SOP"
    assert first.locator(".portal-search__team").inner_text() == "People and Culture (HR)"
    assert [m.lower() for m in first.locator("mark").all_inner_texts()][:2] == ["parental", "leave"]
    assert page.locator(".md-search-result__meta").inner_text() == "7 results"
    page.close()


def test_a_facet_narrows_the_results(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site_url}/")
    type_query(page, "leave")
    page.locator(".md-search-result__item").first.wait_for()
    before = page.locator(".md-search-result__meta").inner_text()
    faq = page.locator('.portal-search__facet[data-facet="kind"] button[data-value="faq"]')
    expected = int(faq.inner_text().rsplit("(", 1)[1].rstrip(")"))
    faq.click()
    page.wait_for_function("document.querySelector('.portal-search__facet button[aria-pressed=true]') !== null")
    after = page.locator(".md-search-result__meta").inner_text()
    assert after == f"{expected} results" and after != before
    kinds = page.locator(".md-search-result__item .portal-search__kind").all_inner_texts()
    assert kinds and set(kinds) == {"FAQ"}
    page.close()


def test_keyword_card_appears_above_the_results(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site_url}/")
    type_query(page, "laptop broken")
    card = page.locator('.portal-search__card[data-team="it"]')
    card.wait_for()
    assert card.locator(".portal-search__card-name").inner_text() == "IT help desk"
    assert card.locator('a[href="mailto:techsupport@aurora-journeys.example"]').count() == 1
    first = page.locator(".md-search-result__item").first
    first.wait_for()  # the card can be drawn before the results' list
    box_card = card.bounding_box()
    box_first = first.bounding_box()
    assert box_card["y"] < box_first["y"]
    page.close()


def test_no_result_shows_how_to_reach_a_person(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site_url}/")
    type_query(page, "trainspotting strike")
    fallback = page.locator(".portal-search__fallback")
    # Typing goes through 'trai' (which finds 'training') before the whole query finds nothing.
    page.wait_for_function("document.querySelector('.portal-search__fallback:not([hidden]) p')"
                           "?.textContent === 'Nothing found for “trainspotting strike”. Ask a person:'")
    fallback.locator('.portal-search__card[data-team="it"]').wait_for()
    assert fallback.locator('a[href="tel:+442079460321"]').count() == 1
    assert fallback.locator('.portal-search__card[data-team="hr"]').count() == 1
    assert page.locator(".md-search-result__item").count() == 0
    page.close()


def test_result_link_lands_on_the_answer(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{site_url}/benefits/")
    type_query(page, "lost my access card")
    first = page.locator(".md-search-result__item a").first
    first.wait_for()
    first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{site_url}/teams/facilities/faq/#lost-badge"
    assert 0 <= page.locator("h2#lost-badge").bounding_box()["y"] < 400
    page.close()


def benefit_order(page, category_anchor: str) -> list[tuple[str, bool, str]]:
    """The benefits under a category heading, in page order: (id, visible, its 'not for you' mark)."""
    rows = page.eval_on_selector(
        f"h2#{category_anchor} + .portal-benefits",
        """list => [...list.querySelectorAll(':scope > section')].map(s => [s.querySelector('h3').id, !s.hidden,
               (s.querySelector('.portal-not-mine__badge') || {}).textContent || ''])""")
    return [tuple(row) for row in rows]


def test_office_and_contract_reorder_and_mark_the_benefits_catalogue(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site_url}/benefits/")
    assert benefit_order(page, "health") == [("occupational-health", True, ""), ("health-cover", True, "")]
    assert page.locator(".portal-not-mine").count() == 0

    form = page.locator("form[data-portal-profile]")
    form.locator("select[name=office]").select_option("warsaw")
    form.locator("select[name=contract]").select_option("permanent")
    # Helsinki's occupational health moves below the cover a Warsaw employee has, behind a button.
    assert benefit_order(page, "health") == [("health-cover", True, ""),
                                             ("occupational-health", False, "Not for your office")]
    toggle = page.locator("h2#health + .portal-benefits > .portal-not-mine__toggle")
    assert toggle.inner_text() == "Show 1 more, not for your office or contract"
    toggle.click()
    assert benefit_order(page, "health")[1] == ("occupational-health", True, "Not for your office")

    form.locator("select[name=contract]").select_option("intern")
    marks = {i: m for i, _, m in benefit_order(page, "perks") + benefit_order(page, "learning")}
    assert marks["cycle-to-work"] == "Not for your office or contract"
    assert marks["learning-budget"] == "Not for your contract"
    assert marks["staff-travel-discount"] == ""

    # Remembered in this browser: another page, and this one reloaded, are tailored too.
    page.goto(f"{site_url}/teams/facilities/")
    guides = page.eval_on_selector_all("#more-from-the-team + .portal-articles > li", "items => items.map(li => "
                                       "[li.querySelector('a').textContent, !li.hidden])")
    assert guides[0] == ["Warsaw office guide", True]
    others = [visible for title, visible in guides if title.endswith("office guide") and "Warsaw" not in title]
    assert others == [False, False, False]
    page.goto(f"{site_url}/benefits/")
    assert form.locator("select[name=office]").input_value() == "warsaw"
    assert benefit_order(page, "health") == [("occupational-health", False, "Not for your office"),
                                             ("health-cover", False, "Not for your contract")]
    page.close()


def test_search_results_for_my_office_come_first_and_the_rest_are_marked(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site_url}/")
    page.locator("form[data-portal-profile] select[name=office]").select_option("warsaw")
    type_query(page, "office guide")
    page.wait_for_selector(".md-search-result__item")
    results = page.eval_on_selector_all(".md-search-result__item", "items => items.map(li => "
                                        "[li.querySelector('h1').textContent, (li.querySelector('.portal-not-mine__badge') || {}).textContent || ''])")
    marked = [mark for _, mark in results]
    assert results[0][0].startswith("Warsaw office guide") and results[0][1] == ""
    assert "Not for your office" in marked
    assert marked == sorted(marked, key=bool)  # every result for Warsaw before every one that is not
    page.close()


def test_contact_card_uses_the_phone_s_width(browser, site_url):
    """On a phone the card is one column: a channel's description is not squeezed beside its
    kind's label, and the page does not scroll sideways."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{site_url}/teams/it/")
    card = page.locator("#contact").bounding_box()
    widths = page.eval_on_selector_all(".portal-card .portal-channel__for", "els => els.map(e => e.getBoundingClientRect().width)")
    assert widths and min(widths) > 0.8 * (card["width"] - 40), (widths, card)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.close()


def test_home_team_grid_is_a_grid_on_a_laptop(browser, site_url):
    """The teams on the home page sit side by side, not in one indented column."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site_url}/")
    tops = page.eval_on_selector_all(".portal-team-grid__item", "els => els.map(e => Math.round(e.getBoundingClientRect().top))")
    assert len(tops) >= 2 and tops[0] == tops[1], tops


# What has focus: 'result|<its address>', 'facet|<its value>', or another element's tag.
ACTIVE = """(() => { const a = document.activeElement;
  if (a.classList.contains('md-search-result__link')) return 'result|' + a.href;
  if (a.closest('.portal-search__facets')) return 'facet|' + a.dataset.value;
  return a.tagName.toLowerCase(); })()"""


def result_hrefs(page) -> list[str]:
    return page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")


def test_arrow_keys_move_through_the_results_and_enter_opens_one(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 600})
    page.goto(f"{site_url}/")
    type_query(page, "leave")
    page.wait_for_function("document.querySelectorAll('.md-search-result__link').length >= 4")
    hrefs = result_hrefs(page)
    page.keyboard.press("ArrowDown")
    assert page.evaluate(ACTIVE) == f"result|{hrefs[0]}"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(ACTIVE) == f"result|{hrefs[2]}"
    # The active result is marked (Material's focus colour) and in sight within the results' pane.
    page.wait_for_function("!['rgba(0, 0, 0, 0)', 'transparent'].includes(getComputedStyle(document.activeElement).backgroundColor)",
                           timeout=3000)
    assert page.evaluate("""(() => { const r = document.activeElement.getBoundingClientRect();
        const w = document.querySelector('.md-search__scrollwrap').getBoundingClientRect();
        return r.top >= w.top - 1 && r.bottom <= w.bottom + 1; })()""")
    page.keyboard.press("ArrowUp")
    assert page.evaluate(ACTIVE) == f"result|{hrefs[1]}"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")  # back up into the search box
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == hrefs[1]
    page.close()


def test_enter_in_the_search_box_opens_the_first_result(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{site_url}/benefits/")
    type_query(page, "lost my access card")
    page.locator(".md-search-result__link").first.wait_for()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{site_url}/teams/facilities/faq/#lost-badge"
    page.close()


def test_escape_closes_the_search_from_the_box_and_from_a_result(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{site_url}/")
    output = page.locator(".md-search__output")
    for steps in ([], ["ArrowDown"]):
        type_query(page, "leave")
        page.locator(".md-search-result__link").first.wait_for()
        assert output.is_visible() and page.is_checked("#__search")
        for key in steps:
            page.keyboard.press(key)
        page.keyboard.press("Escape")
        assert not page.is_checked("#__search")
        page.wait_for_function("getComputedStyle(document.querySelector('.md-search__output')).opacity === '0'"
                               " || !document.querySelector('.md-search__output').checkVisibility()")
        assert not page.evaluate("document.querySelector('.md-search').contains(document.activeElement)")
        page.locator(".md-search__input").fill("")
    page.close()


def test_pressing_a_facet_from_the_keyboard_keeps_focus_on_the_facets(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site_url}/")
    type_query(page, "leave")
    page.locator(".md-search-result__item").first.wait_for()
    faq = page.locator('.portal-search__facet[data-facet="kind"] button[data-value="faq"]')
    faq.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.portal-search__facet button[aria-pressed=true]') !== null")
    assert page.evaluate(ACTIVE) == "facet|faq"
    assert page.evaluate("document.activeElement.getAttribute('aria-pressed')") == "true"
    page.keyboard.press("Space")  # and off again
    page.wait_for_function("document.querySelector('.portal-search__facet button[aria-pressed=true]') === null")
    assert page.evaluate(ACTIVE) == "facet|faq"
    assert page.evaluate("document.activeElement.closest('.portal-search__facets') !== null")
    page.close()


def test_few_tab_stops_between_the_search_box_and_the_first_result(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site_url}/")
    type_query(page, "leave")
    page.locator(".md-search-result__link").first.wait_for()
    first = result_hrefs(page)[0]
    presses = 0
    while page.evaluate(ACTIVE) != f"result|{first}" and presses < 40:
        page.keyboard.press("Tab")
        presses += 1
    assert presses <= 3
    page.close()


def test_a_facet_count_is_what_pressing_it_shows_with_the_other_facet_chosen(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site_url}/")
    type_query(page, "leave")
    page.locator(".md-search-result__item").first.wait_for()
    page.locator('.portal-search__facet[data-facet="kind"] button[data-value="faq"]').click()
    page.wait_for_selector('.portal-search__facet[data-facet="kind"] button[aria-pressed=true]')
    teams = page.eval_on_selector_all('.portal-search__facet[data-facet="team"] button',
                                      "bs => bs.map(b => [b.dataset.value, b.textContent])")
    assert teams
    for value, text in teams:
        expected = int(text.rsplit("(", 1)[1].rstrip(")"))
        button = page.locator(f'.portal-search__facet[data-facet="team"] button[data-value="{value}"]')
        button.click()
        page.wait_for_selector(f'.portal-search__facet[data-facet="team"] button[data-value="{value}"][aria-pressed=true]')
        shown = page.locator(".md-search-result__meta").inner_text()
        assert shown in (f"{expected} results", f"{expected} result"), value
        assert page.locator(".portal-search__fallback").is_hidden()
        button.click()  # off again, the FAQ kind still chosen
        page.wait_for_selector('.portal-search__facet[data-facet="team"] button[aria-pressed=true]', state="detached")
    page.close()
