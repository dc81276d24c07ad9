"""A team's nav.yml orders its pages in the navigation and groups them in sections; pages it
does not list follow by title; a page it names that the team lacks, or names twice, is an error
at its line."""

from __future__ import annotations

import pytest

PAGES = {f"content/teams/it/pages/{slug}.md": f"---\ntitle: {title}\n---\n\nText.\n" for slug, title in [
    ("overview", "IT overview"), ("laptops", "Laptops"), ("laptop-returns", "Returning a laptop"),
    ("vpn", "VPN"), ("zebra", "Zebra printers"), ("apple", "Apple devices")]}
NAV = """\
nav:
  - pages/overview.md
  - title: Hardware
    page: pages/laptops.md
    nav:
      - pages/laptop-returns.md
      - title: Printers
        nav: [pages/zebra.md]
  - pages/vpn.md
"""


def entries(nav) -> list:
    """The nav's items as (depth, label) in document order: sections by their label, pages by
    their link text."""
    found = []
    for item in nav.select("li.md-nav__item"):
        depth = len(item.find_parents("li", class_="md-nav__item"))
        label = item.find(["a", "label"], class_="md-nav__link", recursive=True)
        found.append((depth, label.get_text(" ", strip=True)))
    return found


def test_sections_and_order_come_from_nav_yml(org, run):
    org.write({**PAGES, "content/teams/it/nav.yml": NAV})
    code, out = run("build")
    assert code == 0, out
    nav = org.html("teams/it/pages/zebra").select_one("nav.md-nav--primary")
    team = [label for depth, label in entries(nav) if depth >= 1]
    assert team == ["IT overview", "Hardware", "Laptops", "Returning a laptop", "Printers", "Zebra printers", "VPN",
                    "Apple devices"]
    depths = {label: depth for depth, label in entries(nav)}
    assert depths["Zebra printers"] == depths["Printers"] + 1 == depths["Returning a laptop"] + 1
    assert depths["Hardware"] == depths["VPN"] == depths["Apple devices"]


def test_without_nav_yml_pages_are_listed_by_title(org, run):
    org.write(PAGES)
    code, out = run("build")
    assert code == 0, out
    nav = org.html("teams/it/pages/zebra").select_one("nav.md-nav--primary")
    team = [label for depth, label in entries(nav) if depth >= 1]
    assert team == ["Apple devices", "IT overview", "Laptops", "Returning a laptop", "VPN", "Zebra printers"]


@pytest.mark.parametrize("nav, expected", [
    ("nav:\n  - pages/overview.md\n  - title: Hardware\n    nav: [pages/laptop.md]\n",
     "content/teams/it/nav.yml:4:11: error[nav-entry]: nav[1].nav[0]: the team has no pages/laptop.md\n"
     "  hint: list the path of one of the team's pages, e.g. pages/apple.md, pages/laptop-returns.md, pages/laptops.md"),
    ("nav:\n  - pages/vpn.md\n  - title: Again\n    page: pages/vpn.md\n",
     "content/teams/it/nav.yml:4:11: error[nav-entry]: nav[1].page: pages/vpn.md is listed already\n"
     "  hint: first listed at line 2; list each page once"),
    ("nav:\n  - Pages/VPN.md\n",
     "content/teams/it/nav.yml:2:5: error[invalid-value]: nav[0].page: 'Pages/VPN.md' is not the path of a page or "
     "procedure of the team\n  hint: write its path below the team folder, e.g. pages/holidays.md or "
     "sops/report-an-outage.md"),
    ("nav:\n  - nav: [pages/vpn.md]\n",
     "content/teams/it/nav.yml:2:5: error[missing-field]: nav[0]: a section without a title\n"
     "  hint: add title: with the section's name above its nav:"),
])
def test_a_wrong_entry_is_an_error_at_its_line(org, run, nav, expected):
    org.write({**PAGES, "content/teams/it/nav.yml": nav})
    code, out = run("check")
    assert code == 1
    assert out == expected + "\n1 error, 0 warnings\n"
