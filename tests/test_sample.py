"""The sample organisation in content/, built end to end by the real command."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT

# Elements whose attribute makes the browser fetch something when the page loads.
LOADED = [("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"), ("video", "src"),
          ("audio", "src"), ("embed", "src"), ("object", "data"), ("track", "src"), ("input", "src")]
LOADED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch", "preconnect",
                    "dns-prefetch", "apple-touch-icon", "mask-icon"}


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html"))


def test_sample_builds_with_no_warnings_under_strict(sample):
    _site, output = sample
    assert re.fullmatch(r"Built \d+ pages into site in \d+\.\d s\.\n", output), output


def test_sample_is_a_realistic_organisation(sample):
    site, _ = sample
    assert len(pages(site)) >= 40
    teams = sorted(p.name for p in (ROOT / "content/teams").iterdir())
    assert len(teams) >= 6
    for team in teams:
        card = BeautifulSoup((site / "teams" / team / "index.html").read_text(), "html.parser").select_one("#contact")
        assert card.select(".portal-channel"), team
    busiest = {team: len(yaml.safe_load((ROOT / f"content/teams/{team}/faq.yml").read_text())["questions"])
               for team in ("it", "hr")}
    assert min(busiest.values()) >= 10, busiest
    it_hours = yaml.safe_load((ROOT / "content/teams/it/team.yml").read_text())["office_hours"]["schedule"]
    assert it_hours == [{"days": "mon-fri", "hours": "09:00-17:00"}]


def test_sample_loads_nothing_from_another_origin(sample):
    site, _ = sample
    offenders = []
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        urls = [tag[attr] for name, attr in LOADED for tag in soup.find_all(name) if tag.get(attr)]
        urls += [tag["href"] for tag in soup.find_all("link", href=True)
                 if LOADED_LINK_RELS & set(tag.get("rel", []))]
        urls += [src.split()[0] for tag in soup.find_all(srcset=True) for src in tag["srcset"].split(",")]
        urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", " ".join(tag.get_text() for tag in soup.find_all("style")))
        urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", " ".join(tag["style"] for tag in soup.find_all(style=True)))
        offenders += [(str(page.relative_to(site)), url) for url in urls if urlsplit(url).netloc or url.startswith("//")]
    for css in site.rglob("*.css"):
        for url in re.findall(r"(?:url\(|@import\s+)\s*['\"]?([^'\")\s;]+)", css.read_text()):
            if urlsplit(url).netloc:
                offenders.append((str(css.relative_to(site)), url))
    assert offenders == []


def test_sample_pages_carry_only_their_own_team_in_the_navigation(sample):
    site, _ = sample
    checked = 0
    for page in pages(site):
        if page.parent == site / "teams":
            continue  # the directory of teams
        url = page.parent.relative_to(site).as_posix() + "/"
        own_team = url.split("/")[1] if url.startswith("teams/") else None
        nav = BeautifulSoup(page.read_text(), "html.parser").select_one("nav.md-nav--primary")
        for a in nav.select("a[href]"):
            target = urljoin(f"http://site/{url}", a["href"])[len("http://site/"):].split("#")[0]
            parts = target.split("/")
            # A team's page links to no other team: the list of teams is on the Teams page.
            if parts[0] == "teams" and len(parts) > 2 and parts[1] != own_team:
                pytest.fail(f"{url} links to {target} in its navigation")
            checked += 1
    assert checked > 100


def test_two_builds_of_the_same_content_are_the_same_bytes(tmp_path):
    """No dates from the clock: the sitemap and every other file come out identical."""
    import hashlib
    import shutil
    import subprocess
    import sys
    import time

    from conftest import TODAY

    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    digests = []
    for name in ("one", "two"):
        subprocess.run([sys.executable, "-m", "generator", "build", "--today", TODAY, "--site-dir", name,
                        "--build-dir", f"build-{name}"], cwd=tmp_path, check=True, capture_output=True)
        site = tmp_path / name
        digests.append({str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
                        for p in sorted(site.rglob("*")) if p.is_file()})
        time.sleep(1.1)  # a gzip header or a timestamp would now differ
    assert len(digests[0]) > 100
    assert digests[0] == digests[1]


def test_who_do_i_contact_lists_each_topic_of_a_team_once(sample):
    site, _ = sample
    page = BeautifulSoup((site / "teams/index.html").read_text(), "html.parser")
    topics = [(li.select_one(".portal-topics__topic").get_text().casefold(), li.a.get_text())
              for li in page.select(".portal-topics li")]
    assert len(topics) == len(set(topics)) > 50
    parental = [li.a["href"] for li in page.select(".portal-topics li")
                if li.select_one(".portal-topics__topic").get_text().casefold() == "parental leave"]
    assert parental == ["hr/#parental-leave-request"]  # the service, not just the contact card
