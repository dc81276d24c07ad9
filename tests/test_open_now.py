"""'Open now' on contact cards, in Chromium with the clock and time zone set by the test."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import vobject

LONDON = ZoneInfo("Europe/London")


def unisolated(text: str) -> str:
    """The text without the isolates that keep owner text and zone names in their own direction."""
    return text.replace("\u2068", "").replace("\u2069", "")



def badge(browser, site_url: str, moment: datetime, visitor_zone: str, team: str = "it") -> str:
    context = browser.new_context(timezone_id=visitor_zone)
    page = context.new_page()
    page.clock.set_fixed_time(moment)
    page.goto(f"{site_url}/teams/{team}/")
    text = unisolated(page.locator(".portal-open").inner_text())
    closed = "portal-card--closed" in (page.locator(".portal-card").get_attribute("class") or "")
    context.close()
    assert closed == text.startswith("Closed")
    return text


def test_open_at_ten_on_a_tuesday(browser, site_url):
    tuesday_ten = datetime(2026, 11, 24, 10, 0, tzinfo=LONDON)
    assert badge(browser, site_url, tuesday_ten, "Europe/London") == "Open now · until 17:00"


def test_closed_in_the_evening_and_says_when_it_opens(browser, site_url):
    tuesday_six = datetime(2026, 11, 24, 18, 0, tzinfo=LONDON)
    assert badge(browser, site_url, tuesday_six, "Europe/London") == "Closed · opens Wednesday 09:00"


def test_closed_on_a_holiday(browser, site_url):
    christmas = datetime(2026, 12, 25, 11, 0, tzinfo=LONDON)
    # Boxing Day is moved to Monday the 28th: the next opening is Tuesday.
    assert badge(browser, site_url, christmas, "Europe/London") == "Closed (Christmas Day) · opens Tuesday 09:00"


def test_a_visitor_in_another_time_zone_gets_the_right_answer(browser, site_url):
    # 05:00 in New York is 10:00 in London: open, until 17:00 London time, 12:00 the visitor's.
    early_new_york = datetime(2026, 11, 24, 5, 0, tzinfo=ZoneInfo("America/New_York"))
    assert badge(browser, site_url, early_new_york, "America/New_York") == "Open now · until 17:00 (12:00 your time)"
    # 19:30 in Helsinki on a Friday: HR (Helsinki hours) is closed until Monday 09:00,
    # which a visitor in Ho Chi Minh City reads as 14:00 on Monday.
    friday_evening = datetime(2026, 11, 27, 19, 30, tzinfo=ZoneInfo("Europe/Helsinki"))
    assert badge(browser, site_url, friday_evening, "Asia/Ho_Chi_Minh", team="hr") == (
        "Closed · opens Monday 09:00 (Monday 14:00 your time)")


def test_vcard_is_read_back_by_a_standard_parser(sample, browser, site_url):
    site, _ = sample
    page = browser.new_page()
    page.goto(f"{site_url}/teams/it/")
    link = page.locator(".portal-card__save a")
    assert link.get_attribute("download") is not None
    with page.expect_download() as download:
        link.click()
    text = Path(download.value.path()).read_bytes().decode("utf-8")  # keep the CRLF line ends
    page.close()
    assert text == (site / "teams/it/contact.vcf").read_bytes().decode("utf-8")
    card = vobject.readOne(text)
    assert card.version.value == "4.0"
    assert card.fn.value == "IT help desk"
    assert [e.value for e in card.contents["email"]] == ["techsupport@aurora-journeys.example"]
    assert [t.value for t in card.contents["tel"]] == ["tel:+442079460321", "tel:+442079460999"]
    assert card.note.value.startswith("Laptops, phones, accounts")
    lines = text.split("\r\n")
    assert lines[-1] == "" and "\n" not in "".join(lines)  # every line ends in CRLF
    assert all(len(line.encode()) <= 75 for line in lines)


def test_a_visitor_elsewhere_sees_the_hours_in_their_own_time(browser, site_url):
    context = browser.new_context(timezone_id="America/New_York")
    page = context.new_page()
    page.clock.set_fixed_time(datetime(2026, 11, 24, 5, 0, tzinfo=ZoneInfo("America/New_York")))
    page.goto(f"{site_url}/teams/it/")
    assert unisolated(page.locator(".portal-hours__yours").inner_text()) == "In your time (Eastern Time): Mon–Fri 04:00–12:00."
    page.goto(f"{site_url}/teams/hr/")  # Helsinki: Monday to Thursday 9 to 16, Friday 9 to 14
    assert unisolated(page.locator(".portal-hours__yours").inner_text()) == (
        "In your time (Eastern Time): Mon–Thu 02:00–09:00; Fri 02:00–07:00.")
    context.close()
    # In the team's own time zone there is nothing to convert.
    context = browser.new_context(timezone_id="Europe/London")
    page = context.new_page()
    page.goto(f"{site_url}/teams/it/")
    assert page.locator(".portal-hours__yours").is_hidden()
    context.close()


def test_who_do_i_contact_shows_each_team_open_or_closed(browser, site_url):
    context = browser.new_context(timezone_id="Europe/London")
    page = context.new_page()
    page.clock.set_fixed_time(datetime(2026, 11, 24, 16, 30, tzinfo=LONDON))  # Helsinki: 18:30
    page.goto(f"{site_url}/teams/")
    badges = {team.get_attribute("data-team"): team.locator(".portal-open").inner_text()
              for team in page.locator(".portal-directory__team").all()}
    context.close()
    assert badges["it"] == "Open now · until 17:00"
    assert badges["hr"] == "Closed · opens Wednesday 09:00 (Wednesday 07:00 your time)"
