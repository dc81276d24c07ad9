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
    assert titles == ["IT help desk: first response against target, per month",
                      "IT help desk: requests per weekday and hour"]
    assert all(svg.desc.get_text() for svg in figures.select("svg"))
    assert {svg["role"] for svg in figures.select("svg")} == {"img"}
    monthly = [[c.get_text() for c in tr.select("th, td")] for tr in figures.select(".portal-figures__monthly tbody tr")]
    assert monthly == [["2026-03", "3", "1.0", "2.5", "0", "—", "—", "4.0"],
                       ["2026-04", "0", "—", "—", "1", "12.0", "48.0", "4.0"]]
    busy = {tr.th.get_text(): [int(td.get_text()) for td in tr.select("td")]
            for tr in figures.select(".portal-figures__busy tbody tr")}
    assert busy["Mon"][9] == 2 and busy["Mon"][10] == 1  # 09:00 and 10:00 on Mondays
    assert busy["Tue"][10] == 1 and sum(map(sum, busy.values())) == 4
    # The April P2 bar is over its target (one business day = 8 h): it is marked.
    assert len(figures.select("rect.portal-chart__bar--over")) == 1


def test_sample_it_and_hr_pages_show_a_year_of_figures(sample):
    site, _ = sample
    for team in ("it", "hr"):
        page = BeautifulSoup((site / f"teams/{team}/index.html").read_text(), "html.parser")
        rows = page.select(".portal-figures__monthly tbody tr")
        assert len(rows) == 12, team
        assert len(page.select(".portal-figures svg")) == 2, team
