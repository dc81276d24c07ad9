"""Service figures from a team's metrics.csv: checks with file and line, charts and tables."""

from __future__ import annotations

import textwrap

import pytest
from bs4 import BeautifulSoup
from conftest import BASE

TEAM = textwrap.dedent(BASE["content/teams/it/team.yml"]) + """\
office_hours:
  timezone: Europe/Helsinki
  schedule:
    - days: mon-fri
      hours: 09:00-17:00
response_targets:
  - priority: P1
    first_response: 1 hour
    resolution: 4 hours
  - priority: P2
    first_response: 1 business day
"""
HEADER = "ticket,priority,created,first_response,resolved,satisfaction\n"
CSV = "content/teams/it/metrics.csv"


@pytest.mark.parametrize("csv, expected", [
    ("ticket,priority,created,first_respons,resolved\n",
     "content/teams/it/metrics.csv:1:25: error[unknown-column]: unknown column 'first_respons'\n"
     "  hint: did you mean 'first_response'?"),
    ("ticket,created\n",
     "content/teams/it/metrics.csv:1:1: error[missing-column]: the column 'priority' is missing\n"
     "  hint: add a column 'priority': its priority, named as in the team's response_targets"),
    (HEADER + "IT-1,P1,2026-13-02T09:00,,,\n",
     "content/teams/it/metrics.csv:2:1: error[invalid-date]: created: '2026-13-02T09:00' is not a date and time\n"
     "  hint: write it as YYYY-MM-DDTHH:MM, e.g. 2026-03-02T09:14"),
    (HEADER + "IT-1,P1,2026-03-02T09:00,2026-03-02T08:00,,\n",
     "content/teams/it/metrics.csv:2:1: error[invalid-duration]: first_response: 2026-03-02T08:00 is before the "
     "request was made (2026-03-02T09:00)\n"
     "  hint: check the export: a request is answered after it is made"),
    (HEADER + "IT-1,P3,2026-03-02T09:00,,,\n",
     "content/teams/it/metrics.csv:2:1: error[unknown-priority]: priority: the team has no target for 'P3'\n"
     "  hint: add it to response_targets in team.yml, or use one of: P1, P2"),
    (HEADER + "IT-1,P1,2026-03-02T09:00,,,7\n",
     "content/teams/it/metrics.csv:2:1: error[invalid-value]: satisfaction: '7' is not a rating from 1 to 5\n"
     "  hint: write a whole number from 1 to 5, or leave it empty"),
])
def test_metrics_problems(org, run, csv, expected):
    org.write({"content/teams/it/team.yml": TEAM, CSV: csv})
    code, output = run("check")
    assert code == 1
    assert output == expected + "\n1 error, 0 warnings\n"


def test_every_bad_row_is_reported(org, run):
    org.write({"content/teams/it/team.yml": TEAM,
               CSV: HEADER + "IT-1,P3,2026-03-02T09:00,,,\nIT-2,P1,2026-03-02T09:00,,,\nIT-3,P1,yesterday,,,\n"})
    _code, output = run("check")
    lines = [line for line in output.splitlines() if not line.startswith("  hint")]
    assert lines[:-1] == [
        "content/teams/it/metrics.csv:2:1: error[unknown-priority]: priority: the team has no target for 'P3'",
        "content/teams/it/metrics.csv:4:1: error[invalid-date]: created: 'yesterday' is not a date and time",
    ]


def test_figures_are_drawn_and_tabled(org, run):
    org.write({"content/teams/it/team.yml": TEAM, CSV: HEADER
               + "IT-1,P1,2026-03-02T09:00,2026-03-02T09:30,2026-03-02T11:00,5\n"  # Monday: 0.5 h, 2 h
               + "IT-2,P1,2026-03-02T10:00,2026-03-02T11:30,2026-03-02T13:00,3\n"  # Monday: 1.5 h, 3 h
               + "IT-3,P1,2026-03-03T10:15,2026-03-03T11:15,,\n"                    # Tuesday: 1 h, unsolved
               + "IT-4,P2,2026-04-06T09:00,2026-04-06T21:00,2026-04-08T09:00,4\n"})  # April: 12 h, 48 h
    assert run("build", "--strict")[0] == 0
    page = org.html("teams/it")
    figures = page.select_one(".portal-figures")
    titles = [svg.title.get_text() for svg in figures.select("svg")]
    assert titles == ["P1: median hours to a first response, per month",
                      "P2: median hours to a first response, per month",
                      "IT help desk: requests per weekday and hour"]
    assert [p.get_text() for p in figures.select(".portal-figures__panel-title")] == ["P1 · target 1 h", "P2 · target 8 h"]
    assert all(svg.desc.get_text() for svg in figures.select("svg"))
    assert {svg["role"] for svg in figures.select("svg")} == {"img"}
    # The values are written on the bars; a month without a response has none.
    assert [v.get_text() for v in figures.select("svg")[0].select(".portal-chart__value")] == ["1.0", "–"]
    assert [v.get_text() for v in figures.select("svg")[1].select(".portal-chart__value")] == ["–", "12"]

    def rows(table) -> list[list[str]]:
        return [[c.get_text() for c in tr.select("th, td")] for tr in table.select("tbody tr")]

    monthly = figures.select(".portal-figures__monthly")
    assert [t.caption.get_text() for t in monthly] == [
        "P1: first response target 1 h, resolution target 4 h", "P2: first response target 8 h, resolution target —"]
    assert rows(monthly[0]) == [["Mar 2026", "3", "1.0", "2.5"], ["Apr 2026", "0", "—", "—"]]
    assert rows(monthly[1]) == [["Mar 2026", "0", "—", "—"], ["Apr 2026", "1", "12.0", "48.0"]]
    assert rows(figures.select_one(".portal-figures__overall")) == [["Mar 2026", "3", "4.0"], ["Apr 2026", "1", "4.0"]]
    busy = {row[0]: [int(n) for n in row[1:]] for row in rows(figures.select_one(".portal-figures__busy"))}
    assert busy["09:00"][0] == 2 and busy["10:00"][0] == 1  # 09:00 and 10:00 on Mondays
    assert busy["10:00"][1] == 1 and sum(map(sum, busy.values())) == 4
    # The April P2 bar is over its target (one business day = 8 h): it is marked.
    assert len(figures.select("rect.portal-chart__bar--over")) == 1


def test_figures_speak_the_page_s_language(org, run):
    """In Persian the charts' and tables' words are Persian, months and weekdays CLDR's, and the
    numbers written in Persian digits, as the browser's Intl writes them."""
    org.write({"content/portal.yml": textwrap.dedent(BASE["content/portal.yml"]) + "languages: [en, fa]\n",
               "content/teams/it/team.yml": TEAM, CSV: HEADER
               + "IT-1,P1,2026-03-02T09:00,2026-03-02T09:30,2026-03-02T11:00,5\n"
               + "IT-2,P2,2026-04-06T09:00,2026-04-06T21:00,2026-04-08T09:00,4\n"})
    assert run("build", "--strict")[0] == 0
    figures = org.html("fa/teams/it").select_one(".portal-figures")
    assert [v.get_text() for v in figures.select("svg")[0].select(".portal-chart__value")] == ["۰٫۵", "–"]
    assert [m.get_text() for m in figures.select("svg")[0].select(".portal-chart__tick")] == ["مارس", "آوریل"]
    assert figures.select_one(".portal-figures__monthly caption").get_text() == "P1: هدف نخستین پاسخ ۱ ساعت، هدف حل مشکل ۴ ساعت"
    assert figures.select_one(".portal-figures__monthly tbody th").get_text() == "مارس ۲۰۲۶"
    assert figures.select_one(".portal-figures__numbers summary").get_text() == "اعداد: درخواست‌ها، زمان پاسخ و حل مشکل در هر ماه"
    assert "میانهٔ ساعت‌های تا نخستین پاسخ" in figures.select_one(".portal-legend").get_text()


def test_sample_it_and_hr_pages_show_a_year_of_figures(sample):
    site, _ = sample
    for team in ("it", "hr"):
        page = BeautifulSoup((site / f"teams/{team}/index.html").read_text(), "html.parser")
        rows = page.select(".portal-figures__overall tbody tr")
        assert len(rows) == 12, team
        assert len(page.select(".portal-figures__panel svg")) >= 2, team
