"""Languages built side by side in worker processes: the same site as one after another, and a
language that fails there fails the build as it would in one process."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from conftest import ROOT, cli


def digests(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_sample_built_in_parallel_is_the_same_bytes_as_built_serially(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    sites = {}
    for jobs in ("1", "3"):
        result = cli(tmp_path, "build", "--strict", "--jobs", jobs, "--site-dir", f"site-{jobs}",
                     "--build-dir", f"build-{jobs}")
        assert result.returncode == 0, result.stdout + result.stderr
        sites[jobs] = digests(tmp_path / f"site-{jobs}")
    languages = {path.split("/")[0] for path in sites["1"] if path.endswith("search/portal/manifest.json.gz")}
    assert {"search", "fi", "pl", "ru", "vi", "fa"} <= languages  # every language's site and search files
    assert sites["1"] == sites["3"]


# A hook in the organisation's mkdocs.yml that fails MkDocs' run for one language only, or warns there.
HOOK = """\
from mkdocs.exceptions import PluginError
import logging

def on_config(config):
    if config.theme["language"] == "fi":
        raise PluginError("the Finnish glossary is missing")

def on_page_markdown(markdown, page, config, files):
    if config.theme["language"] == "pl":
        logging.getLogger("mkdocs.hooks").warning("Polish spelling is not checked")
    return markdown
"""


def test_a_language_that_fails_in_a_worker_is_reported_and_leaves_the_site_as_it_was(org):
    portal = (org.root / "content/portal.yml").read_text() + "languages: [en, fi, pl]\n"
    org.write({"content/portal.yml": portal})
    assert cli(org.root, "build", "--jobs", "2").returncode == 0
    published = digests(org.root / "site")
    assert {"index.html", "fi/index.html", "pl/index.html"} <= set(published)

    org.write({"hooks.py": HOOK})
    with (org.root / "mkdocs.yml").open("a") as config:
        config.write(f"\nhooks:\n  - {org.root / 'hooks.py'}\n")
    failed = cli(org.root, "build", "--jobs", "2")
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1
    assert "MkDocs could not build the site" in output and "the Finnish glossary is missing" in output
    assert "Traceback" not in output and "internal error" not in output
    assert digests(org.root / "site") == published
    assert not [p.name for p in org.root.iterdir() if p.name.startswith(".site-")]  # nothing half-built left

    # Only a warning in Polish: a strict build stops on it, named as MkDocs said it.
    org.write({"hooks.py": HOOK.replace('"fi"', '"xx"')})
    warned = cli(org.root, "build", "--jobs", "2", "--strict")
    output = warned.stdout + warned.stderr
    assert warned.returncode == 1
    assert "Polish spelling is not checked" in output and "Traceback" not in output
    assert digests(org.root / "site") == published
    published_anyway = cli(org.root, "build", "--jobs", "2")  # a warning alone publishes, without --strict
    assert published_anyway.returncode == 0 and "Polish spelling is not checked" in published_anyway.stdout
