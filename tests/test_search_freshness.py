"""`portal search` answers from the content as it is now: it indexes again when a content file
was added, changed or deleted since its index was built, synonyms.yml included."""

from __future__ import annotations

import json


def search(run, query: str) -> list[str]:
    code, out = run("search", query, "--json")
    assert code == 0, out
    return [hit["url"] for hit in json.loads(out)["results"]]


PAGE = "---\ntitle: Printer jams\n---\n\nOpen tray two and pull the zeppelin lever.\n"


def test_a_deleted_page_is_no_longer_found(org, run):
    org.write({"content/teams/it/pages/printers.md": PAGE})
    assert search(run, "zeppelin") == ["teams/it/pages/printers/"]
    (org.root / "content/teams/it/pages/printers.md").unlink()
    assert search(run, "zeppelin") == []


def test_an_added_or_changed_page_is_found(org, run):
    assert search(run, "zeppelin") == []
    org.write({"content/teams/it/pages/printers.md": PAGE})
    assert search(run, "zeppelin") == ["teams/it/pages/printers/"]
    org.write({"content/teams/it/pages/printers.md": PAGE.replace("zeppelin", "walrus")})
    assert search(run, "zeppelin") == [] and search(run, "walrus") == ["teams/it/pages/printers/"]


def test_a_deleted_synonyms_file_is_noticed(org, run):
    org.write({"content/teams/it/pages/printers.md": PAGE,
               "content/synonyms.yml": "synonyms:\n  - [zeppelin, airship]\n"})
    assert search(run, "airship") == ["teams/it/pages/printers/"]
    (org.root / "content/synonyms.yml").unlink()
    assert search(run, "airship") == []
