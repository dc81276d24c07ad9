"""The sample in its six languages: one site per language, the switcher, notices, right to left."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup

from generator.content.languages import labels


def html(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_every_language_has_every_page_in_its_own_site(sample):
    site = sample[0]
    original = {p.relative_to(site).as_posix() for p in site.glob("teams/**/index.html")}
    for lang in ("fi", "pl", "ru", "vi", "fa"):
        assert {p.relative_to(site / lang).as_posix() for p in (site / lang).glob("teams/**/index.html")} == original
        page = html(site, f"{lang}/teams/it")
        assert page.html["lang"] == lang
        assert (site / lang / "search/portal/manifest.json.gz").is_file()


def test_persian_pages_are_right_to_left_with_translated_navigation(sample):
    page = html(sample[0], "fa/teams/it")
    assert page.body["dir"] == "rtl"
    assert page.select_one("h1").get_text().startswith("پشتیبانی فناوری اطلاعات")
    assert "خانه" in [a.get_text(strip=True) for a in page.select(".md-nav__link")]
    assert html(sample[0], "teams/it").body["dir"] == "ltr"


def test_untranslated_and_translated_pages_say_which_they_are(sample):
    site = sample[0]
    legal = html(site, "fi/teams/legal").select_one(".portal-translation--untranslated")
    assert legal.get_text().startswith("Tätä sivua ei ole vielä käännetty suomeksi.")
    original = legal.select_one("a")
    assert original["hreflang"] == "en" and original["href"] == "../../../teams/legal/"
    assert html(site, "fi/teams/it/sops/report-phishing").select_one(".portal-translation") is None
    assert html(site, "fi/teams/it/sops/report-phishing").select_one("h1").get_text().startswith("Ilmoita")


def test_switcher_keeps_the_page_and_the_choice_is_remembered(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}/teams/it/sops/report-phishing/")
    page.hover(".md-header__option .md-select")  # Material opens the switcher on hover
    page.click(".md-header__option .md-select__inner a[hreflang=fa]")
    page.wait_for_url(f"{site_url}/fa/**")
    assert page.url == f"{site_url}/fa/teams/it/sops/report-phishing/"
    assert page.locator("body").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text().startswith("گزارش ایمیل فیشینگ")
    box = page.locator(".md-content h1").bounding_box()
    assert box["x"] + box["width"] > 640  # laid out from the right
    # An untranslated page in the chosen language offers the original.
    page.goto(f"{site_url}/fa/teams/legal/")
    assert page.locator(".portal-translation--untranslated a[hreflang=en]").is_visible()
    # Arriving later at an English address (a bookmark) lands on the Persian page.
    other = context.new_page()
    other.goto(f"{site_url}/teams/it/")
    other.wait_for_url(f"{site_url}/fa/teams/it/")
    assert other.locator("html").get_attribute("lang") == "fa"
    context.close()


WIDGETS = ".portal-card, .portal-sop-header, .portal-feedback, .portal-profile, .portal-eligibility, .portal-services"


def test_interface_words_and_dates_are_in_the_pages_language(sample):
    site = sample[0]
    sop = html(site, "fi/teams/it/sops/report-phishing")
    assert [dt.get_text() for dt in sop.select(".portal-sop-header dt")] == [
        "Vastuussa", "Tarkistettu viimeksi", "Seuraava tarkistus"]
    assert sop.select_one(".portal-sop-header__reviewed").get_text() == "5. lokakuuta 2026"
    assert sop.select_one(".portal-feedback__question").get_text() == "Oliko tästä apua?"
    assert html(site, "ru/teams/it/sops/report-phishing").select_one(".portal-sop-header__reviewed").get_text() == \
        "5 октября 2026\u202fг."  # CLDR puts a narrow no-break space before г.
    card = html(site, "fa/teams/it").select_one(".portal-card")
    assert card.select_one("h2").get_text() == "تماس با پشتیبانی فناوری اطلاعات"
    assert card.select_one(".portal-hours__table th").get_text() == "دوشنبه–جمعه"
    assert html(site, "pl/teams/it").select_one(".portal-card h3").get_text() == "Godziny pracy"
    # No interface word of the English site is left in another language's widgets.
    english = [text for text in labels("en").values() if isinstance(text, str) and "{" not in text and len(text) > 6]
    for lang in ("fi", "pl", "ru", "vi", "fa"):
        for path in ("teams/it", "teams/hr", "teams/it/sops/report-phishing", "benefits", ""):
            text = " ".join(w.get_text(" ") for w in html(site, f"{lang}/{path}".rstrip("/")).select(WIDGETS))
            assert text and not [word for word in english if word in text], (lang, path)


def test_open_now_and_profile_speak_the_pages_language(browser, site_url):
    context = browser.new_context(timezone_id="Europe/London")
    page = context.new_page()
    page.clock.set_fixed_time(datetime(2026, 11, 24, 18, 0, tzinfo=ZoneInfo("Europe/London")))
    page.goto(f"{site_url}/fi/teams/it/")
    assert page.locator(".portal-open").inner_text() == "Suljettu · avautuu keskiviikko klo 9.00"  # CLDR: H.mm
    page.goto(f"{site_url}/pl/benefits/")
    page.select_option(".portal-profile select[name=office]", "warsaw")
    assert page.locator(".portal-not-mine__badge").first.inner_text() == "Nie dla Twojego biura"
    assert page.locator(".portal-not-mine__toggle").first.inner_text().startswith("Pokaż pozostałe (")
    context.close()


def test_each_language_gets_its_own_address_in_sitemap_and_canonical_links(org, run):
    org.write({"content/portal.yml": (org.root / "content/portal.yml").read_text() + "languages: [en, fi]\n"})
    mkdocs = org.root / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text() + "\nsite_url: https://intranet.example/help/\n")
    assert run("build")[0] == 0
    finnish = (org.root / "site/fi/sitemap.xml").read_text()
    assert "<loc>https://intranet.example/help/fi/teams/it/</loc>" in finnish
    assert "<loc>https://intranet.example/help/teams/it/</loc>" in (org.root / "site/sitemap.xml").read_text()
    assert org.html("fi/teams/it").select_one("link[rel=canonical]")["href"] == "https://intranet.example/help/fi/teams/it/"



def switch(page, lang: str) -> None:
    """Pick lang in the switcher and wait until the page has changed."""
    before = page.url
    page.hover(".md-header__option .md-select")  # Material opens the switcher on hover
    page.click(f".md-header__option .md-select__inner a[hreflang={lang}]")
    page.wait_for_url(lambda url: url != before, timeout=10000)
    page.wait_for_load_state("load")


def test_switcher_keeps_the_page_whichever_sitemap_loads_first(browser, site_url):
    # Material's own switcher script looks the page up in the sitemaps of the language sites as
    # they load, and sends the reader to a language's home when its sitemap (which lists no page
    # without a configured site address) has come in before the original language's one.
    # Hold the original language's sitemap back, so that order is certain.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    held = []
    context.route(f"{site_url}/sitemap.xml", lambda route: held.append(route))
    page = context.new_page()
    for start, lang, expected in [("teams/it/", "fi", "fi/teams/it/"), ("fi/teams/hr/faq/", "pl", "pl/teams/hr/faq/"),
                                  ("pl/benefits/#pension", "en", "benefits/#pension")]:
        target_sitemap = f"{site_url}/{'' if lang == 'en' else lang + '/'}sitemap.xml"
        others = f"{site_url}/{'fi' if lang == 'en' else lang}/sitemap.xml"
        with page.expect_response(others if lang == "en" else target_sitemap):
            page.goto(f"{site_url}/{start}")
        page.wait_for_timeout(200)  # the sitemap is read
        switch(page, lang)
        assert page.url == f"{site_url}/{expected}"
    context.close()


def test_switcher_falls_back_to_the_languages_home_only_without_the_page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    context.route(f"{site_url}/vi/teams/legal/", lambda route: route.fulfill(status=404, body="Not found"))
    page.goto(f"{site_url}/teams/legal/")
    switch(page, "vi")
    assert page.url == f"{site_url}/vi/"
    context.close()


def test_a_phone_number_reads_left_to_right_in_persian(browser, site_url):
    """In a right-to-left page the number keeps its order: '+' is drawn left of the last digit,
    and the e-mail address's user name left of its domain."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{site_url}/fa/teams/hr/")
    order = page.evaluate("""() => {
      const place = (a, index) => { const r = document.createRange(); const t = a.firstChild;
        r.setStart(t, index); r.setEnd(t, index + 1); return r.getBoundingClientRect().left; };
      const phone = document.querySelector('#contact a[href^="tel:"]');
      const mail = document.querySelector('#contact a[href^="mailto:"]');
      return [place(phone, 0), place(phone, phone.textContent.length - 1),
              place(mail, 0), place(mail, mail.textContent.length - 1)];
    }""")
    assert order[0] < order[1], order
    assert order[2] < order[3], order
    page.close()


def test_response_times_and_waiting_periods_are_in_the_pages_words_and_numbers(sample):
    """Durations owners write ('30 minutes', '1 business day', '6 months') read as each language
    writes them: CLDR's units, and the language's plural form of a business day."""
    site, _ = sample
    expected = {"": ["30 minutes", "1 business day", "5 business days"],
                "fi/": ["30 minuuttia", "1 arkipäivä", "5 arkipäivää"],
                "pl/": ["30 minut", "1 dzień roboczy", "5 dni roboczych", "2 dni robocze"],
                "ru/": ["30 минут", "1 рабочий день", "5 рабочих дней", "2 рабочих дня"],
                "vi/": ["30 phút", "5 ngày làm việc"],
                "fa/": ["۳۰ دقیقه", "۵ روز کاری"]}
    for prefix, words in expected.items():
        card = BeautifulSoup((site / prefix / "teams/it/index.html").read_text(encoding="utf-8"), "html.parser")
        text = " ".join(card.select_one("#contact").get_text(" ").split())
        for word in words:
            assert word in text, (prefix, word)
        if prefix:
            assert "minutes" not in text and "business day" not in text, prefix
    benefits = BeautifulSoup((site / "fi/benefits/index.html").read_text(encoding="utf-8"), "html.parser")
    waiting = [dd.get_text() for dd in benefits.select(".portal-eligibility__waiting")]
    assert "1 kuukausi" in waiting and not any("month" in w for w in waiting)
