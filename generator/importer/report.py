"""The import's report: what moved where, what changed, what was left out or left as it was, and
what the owners must do. Every entry about a page names its handbook file and line.

Kinds of entries about pages:
- converted: changed into the portal's equivalent (a shortcode into an admonition, a frame into
  a link, a link to the handbook's old address into a link to the page here);
- left_out: taken out (an attribute the portal does not allow, a <script> element);
- not_converted: left as it was, though the portal shows it otherwise or portal check reports it
  (a template token, a construct with no equivalent);
- external: an image or medium another site served, now a link to it or the handbook's copy:
  for the owners to bring in-house.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

from .layouts import Handbook

if TYPE_CHECKING:
    from .run import Importer, Page

KINDS = ("converted", "left_out", "not_converted", "external")


def build(handbook: Handbook, pages: list[Page], teams: list[dict], importer: Importer, skipped: list[dict]) -> dict:
    notes: dict[str, list[dict]] = {kind: [] for kind in KINDS}
    # A link written for its target's new place, and nothing else, is counted, not listed.
    rewritten = sum(1 for page in pages for note in page.notes if note.kind == "link")
    for page in pages:
        for note in sorted({n for n in page.notes if n.kind in notes}, key=lambda n: (n.line, n.kind, n.what)):
            entry = {"file": page.source.path, "line": note.line, "what": note.what}
            if note.kind == "external":
                entry["url"] = note.url
            notes[note.kind].append(entry)
    notes["not_converted"] += [{"file": s.path, "line": 1, "what": s.problem}
                               for s in handbook.pages.values() if s.problem]
    report: dict = {
        "layout": handbook.layout,
        "pages": [{"source": p.source.path, "target": p.target, "team": p.team, "title": p.title} for p in pages],
        "teams": teams,
        **notes,
        "front_matter_not_mapped": [{"file": p.source.path, "keys": p.dropped} for p in pages if p.dropped],
        "links_rewritten": rewritten,
        "unresolved_links": [asdict(u) for u in importer.unresolved],
        "old_addresses": importer.old.bases,
        "files": [{"source": rel, "target": target} for target, rel in sorted(importer.copied.items())],
        "files_refused": [{"file": rel, "reason": why, "hint": hint} for rel, (why, hint) in sorted(importer.refused.items())],
        "files_not_copied": sorted(set(handbook.files) - set(importer.copied.values()) - set(importer.refused)),
        "skipped": skipped,
    }
    report["counts"] = counts(report)
    return report


def counts(report: dict) -> dict[str, int]:
    """How many of each: what the CLI prints and the benchmark compares."""
    return {"pages": len(report["pages"]), "teams": len(report["teams"]), "files": len(report["files"]),
            "links_rewritten": report["links_rewritten"],
            **{kind: len(report[kind]) for kind in KINDS},
            "unresolved_links": len(report["unresolved_links"]), "files_refused": len(report["files_refused"]),
            "skipped": len(report["skipped"])}


def _entries(items: list[dict]) -> list[str]:
    return [f"- {n['file']}:{n['line']}: {n['what']}" for n in items] or ["None."]


def markdown(report: dict, source: str) -> str:
    """The import report for people: what moved, what changed, what the owners must do."""
    c = report["counts"]
    out = [f"# Import of {source}", "",
           f"Layout: {report['layout']}. {c['pages']} pages into {c['teams']} teams, {c['files']} files copied, "
           f"{c['links_rewritten']} links written for their targets' new places (and those under Converted), "
           f"{c['unresolved_links']} links that lead nowhere, {c['external']} images or media from other sites, "
           f"{c['converted']} constructs converted, {c['left_out']} left out, {c['not_converted']} not converted.", "",
           "## What the owners must fill in", ""]
    for team in report["teams"]:
        out.append(f"- `content/teams/{team['id']}/team.yml` ({team['name']}, {team['pages']} pages): "
                   + ", ".join(team["to_fill_in"]))
    out += ["", "## Links that lead nowhere", "",
            "Each leads where the handbook's link led (to the page, when only its heading is missing), and "
            "`portal check` warns about it: point it at the right place, or remove it.", ""]
    out += [f"- {u['file']}:{u['line']}: `{u['target']}`: {u['reason']}"
            + (f" (the link now reads `{u['now']}`)" if u["now"] != u["target"] else "")
            for u in report["unresolved_links"]] or ["None."]
    out += ["", "## Images and media from other sites", "",
            "The portal loads nothing from other sites. Each is now a link to it (or the handbook's own copy, where it "
            "holds one): download it into the team's `files/` and show it from there.", ""]
    out += _entries(report["external"])
    out += ["", "## Not converted", "", "Left as the handbook wrote it: the portal shows it otherwise, or has no "
            "equivalent.", ""]
    out += _entries(report["not_converted"])
    out += ["", "## Left out", "", "Taken out: the portal does not publish it.", ""]
    out += _entries(report["left_out"])
    out += ["", "## Converted", ""]
    out += _entries(report["converted"])
    if report["old_addresses"]:
        out += ["", "## The handbook's old addresses", "", "Links to pages through these addresses now lead to the pages "
                "here:", ""] + [f"- {a}" for a in report["old_addresses"]]
    out += ["", "## Front matter the portal has no field for", ""]
    out += [f"- {f['file']}: {', '.join(f['keys'])}" for f in report["front_matter_not_mapped"]] or ["None."]
    if report["skipped"]:
        out += ["", "## Skipped", ""] + [f"- {s['file']}: {s['reason']}" for s in report["skipped"]]
    if report["files_refused"]:
        out += ["", "## Files the portal does not publish (not copied)", ""]
        out += [f"- {f['file']}: {f['reason']}; {f['hint']}" for f in report["files_refused"]]
    if report["files_not_copied"]:
        out += ["", "## Files no page links to (not copied)", ""] + [f"- {f}" for f in report["files_not_copied"]]
    out += ["", "## Pages", "", "| Source | Now | Title |", "|---|---|---|"]
    out += ["| {} | {} | {} |".format(p["source"], p["target"], p["title"].replace("|", "\\|")) for p in report["pages"]]
    return "\n".join(out) + "\n"

