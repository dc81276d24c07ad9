"""`portal`: parses arguments and calls the pipeline. Exit 0 clean, 1 on errors, 2 on usage errors."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from datetime import date
from pathlib import Path

from .diagnostics import PortalError, os_failure, report
from .escape import terminal
from .importer.layouts import LAYOUTS
from .lock import held
from .pipeline import Options, Outcome, build, check_content
from .search.rules import RESULTS
from .tools.scaffold import KINDS


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-03-01") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="portal", description="Check and build the knowledge portal.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
        sub.add_argument("--strict", action="store_true", help="fail on warnings too")
        sub.add_argument("--today", type=_date, default=date.today(),
                         help="judge review dates as of this day (YYYY-MM-DD; default: today)")
        return sub

    check = command("check", "Check all content and report every problem.")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="text for people, github for workflow annotations on a pull request")
    check.add_argument("--jobs", type=int, metavar="N", help="read the content in up to N processes (default: "
                       "one per core, or the PORTAL_JOBS variable; 1 reads it in this one)")
    for name, help_text in (("build", "Check all content, then build the site."),
                            ("serve", "Preview the site on localhost, rebuilding when content changes.")):
        sub = command(name, help_text)
        sub.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the organisation's MkDocs config")
        sub.add_argument("--build-dir", type=Path, default=Path("build"), help="where the generated docs tree goes")
        sub.add_argument("--audience", action="append", default=[], metavar="ID",
                         help="also publish content for this restricted audience (an id from portal.yml; repeatable)")
        sub.add_argument("--jobs", type=int, metavar="N", help="build the languages in up to N processes (default: "
                         "one per core, or the PORTAL_JOBS variable; 1 builds one language after another)")
        if name == "build":
            sub.add_argument("--language", metavar="CODE", help="build only this language's part of the site, "
                             "for one CI job per language; put the parts together with portal assemble")
            sub.add_argument("--site-dir", type=Path, help="where the site goes (default: site, or site-<audience> "
                             "with --audience, so a restricted site never lands where the public one is published)")
        else:
            sub.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    parts = commands.add_parser("assemble", help="Put a site built in parts (portal build --language) together.",
                                description="Put the parts of a site, one language each as portal build --language "
                                            "built them, together into one site: the same as building it whole.")
    parts.add_argument("parts", nargs="+", type=Path, metavar="PART", help="the parts' folders, every language once")
    parts.add_argument("--site-dir", type=Path, default=Path("site"), help="where the site goes (default: site)")
    schema = commands.add_parser("schema", help="Write the content files' JSON Schemas for editors.",
                                 description="Write schemas/*.schema.json and map them in .vscode/settings.json.")
    schema.add_argument("--check", action="store_true", help="only report whether they are up to date (exit 1 if not)")
    scaffold = command("new", "Create a content file with every field present and explained.")
    scaffold.add_argument("kind", choices=KINDS, help="what to create")
    scaffold.add_argument("team", help="the team's id (its folder name under content/teams/)")
    scaffold.add_argument("id", nargs="?", help="the new item's id: file name of a sop or page, id of a faq or benefit")
    health = command("report", "Report content health: reviews due, pages without owner, broken links.")
    health.add_argument("--format", choices=("markdown", "json"), default="markdown",
                        help="markdown for a pull-request comment, json for tools")
    health.add_argument("--analytics", type=Path, metavar="EXPORT",
                        help="instead, what employees could not find, per team: from the organisation's Matomo visit "
                             "log (Live.getLastVisitsDetails as JSON)")
    health.add_argument("--build-dir", type=Path, default=Path("build"), help="where the search index is kept")
    reviews = command("reviews", "Plan the review issues: one open issue per team with reviews due (for a scheduled "
                      "workflow), as JSON actions: create, edit, close.")
    reviews.add_argument("--open-issues", type=Path, help="the review issues open now, as JSON: a list of {number, "
                         "body} (gh issue list --json number,body) or {iid, description} (GitLab's API)")
    reviews.add_argument("--forge", choices=("github", "gitlab"), default="github", help="where the issues live")
    reviews.add_argument("--link-base", default="", help="where the repository shows its files, e.g. "
                         "https://github.com/org/repo/blob/main/, to link each page")
    owners = command("codeowners", "Write CODEOWNERS from the owners in each team's file.")
    owners.add_argument("--output", type=Path, default=Path(".github/CODEOWNERS"), help="default: .github/CODEOWNERS")
    owners.add_argument("--check", action="store_true", help="only report whether it is up to date (exit 1 if not)")
    handbook = commands.add_parser(
        "import", help="Import an existing Markdown handbook as content: teams, pages, files and a report.",
        description="Import an existing Markdown handbook (a plain folder, an MkDocs project or a Hugo site) as "
                    "content: one team per top-level folder (or as --map says), every page with its links rewritten, "
                    "the files they link to copied, and a report of what to fill in.")
    handbook.add_argument("path", type=Path, help="the handbook's folder")
    handbook.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    handbook.add_argument("--map", type=Path, help="a YAML file: teams: {source folder: team id}, names: {team id: "
                          "name}, root: the team id of pages outside every mapped folder")
    handbook.add_argument("--layout", choices=LAYOUTS, help="the handbook's layout, when its configuration does not say")
    handbook.add_argument("--old-url", action="append", default=[], metavar="URL",
                          help="an address the handbook was published at (its site, or its repository's files): "
                               "links to pages through it lead to the imported pages; may be given again")
    handbook.add_argument("--report", type=Path, default=Path("import-report"),
                          help="the report's path without extension: writes .md and .json (default: import-report)")
    search = command("search", "Search the portal as employees do, from the terminal.")
    search.add_argument("query", help="what to search for, e.g. \"parental leave\"")
    search.add_argument("--json", action="store_true", help="print the results as JSON, for programs")
    search.add_argument("--limit", type=int, default=RESULTS, help=f"how many results (default: {RESULTS})")
    search.add_argument("--team", help="only results of this team (a team id)")
    search.add_argument("--kind", help="only results of this kind: team, faq, sop, page, benefit, news")
    search.add_argument("--language", help="search as that language's site does, e.g. fi: its translations "
                        "first, then the originals not translated yet")
    search.add_argument("--build-dir", type=Path, default=Path("build"), help="where the index is kept")
    return parser


def _health(options: Options, fmt: str) -> int:
    import json

    from .tools import health

    checked = check_content(options)
    if checked.site is None or checked.content is None:
        report(checked.diagnostics)
        print("No report: fix the problems above.")
        return 1
    data = health.report(checked.content, checked.site, options.today, checked.then)
    print(json.dumps(data, indent=2, ensure_ascii=False) if fmt == "json"
          else "\n".join(terminal(line) for line in health.markdown(data).split("\n")), end="")
    return 0


def _analytics(options: Options, export: Path, fmt: str) -> int:
    import json

    from .search.rank import search
    from .tools import analytics
    from .tools.query import open_search

    try:
        visits = analytics.read_export(export)
    except analytics.ExportError as exc:
        print(exc, file=sys.stderr)
        return 1
    checked = check_content(options, history=False)
    if checked.content is None or Outcome(checked.diagnostics).failed(False):
        report(checked.diagnostics)
        print("No report: fix the problems above.", file=sys.stderr)
        return 1
    original = checked.content.settings.value.languages[0]
    opened: dict[str, tuple] = {}

    def hits(query: str, lang: str) -> int:
        """Results for the query on lang's site today, as `portal search --language` finds them."""
        if lang not in opened:
            found = open_search(options, None if lang == original else lang, checked)
            if found is None:
                raise PortalError("the search index could not be built")
            opened[lang] = found
        search_dir, lexicon, extra = opened[lang]
        return search(search_dir / "index", lexicon, query, 1, original=extra).total

    with held([options.build_dir]):
        data = analytics.summarise(visits, checked.content, hits)
    print(json.dumps(data, indent=2, ensure_ascii=False) if fmt == "json"
          else "\n".join(terminal(line) for line in analytics.markdown(data).split("\n")), end="")
    return 0


def _reviews(options: Options, args) -> int:
    import json

    from .content.load import load
    from .tools.reviews import plan, team_issues

    open_issues = []
    if args.open_issues:
        try:
            open_issues = json.loads(args.open_issues.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            print(f"{args.open_issues}: not a JSON list of issues ({exc}); give what "
                  "'gh issue list --json number,body' prints", file=sys.stderr)
            return 1
        if not isinstance(open_issues, list) or not all(isinstance(i, dict) for i in open_issues):
            print(f"{args.open_issues}: not a JSON list of issues; give what 'gh issue list --json number,body' prints",
                  file=sys.stderr)
            return 1
    content, diagnostics = load(options.content_dir)
    if content is None or any(d.is_error for d in diagnostics):
        report(diagnostics)
        print("No review plan: fix the problems above.", file=sys.stderr)
        return 1
    issues = team_issues(content, options.today, args.forge, args.link_base)
    print(json.dumps(plan(issues, open_issues), indent=2, ensure_ascii=False))
    return 0


def _codeowners(options: Options, output: Path, check: bool) -> int:
    from .content.load import load
    from .tools.codeowners import codeowners

    content, diagnostics = load(options.content_dir)
    if content is None or any(d.is_error for d in diagnostics):
        report(diagnostics)
        print("CODEOWNERS not written: fix the problems above.")
        return 1
    text = codeowners(content, options.content_dir.as_posix())
    current = output.read_text(encoding="utf-8") if output.is_file() else None
    if check:
        if current != text:
            print(f"{output} is out of date with the owners in the team files; run 'portal codeowners'")
            return 1
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output}")
    return 0


def _import(args) -> int:
    from .importer.run import run_import

    try:
        result = run_import(args.path, args.content, args.report, args.map, args.layout, args.old_url)
    except PortalError as exc:
        report(exc.diagnostics)
        print(f"portal import: {exc}", file=sys.stderr)
        return 1
    c = result["counts"]
    print(f"Imported {c['pages']} pages into {c['teams']} teams in {args.content}, {c['files']} files copied; "
          f"{c['unresolved_links']} links lead nowhere, {c['external']} images or media from other sites, "
          f"{c['converted']} constructs converted, {c['left_out']} left out, {c['not_converted']} not converted.")
    print(f"Report: {args.report.with_suffix('.md')} (and .json). Next: fill in owners and channels, then run "
          "'portal check'.")
    return 0


def _assemble(parts: list[Path], site_dir: Path) -> int:
    from .assemble import assemble
    from .pipeline import site_dir_of

    site = site_dir_of(Options(site_dir=site_dir))
    for part in parts:
        if part.resolve() == site or site in part.resolve().parents:
            raise PortalError(f"the site directory {site_dir} holds the part {part}: choose another --site-dir")
    with held([site.parent]):
        languages = assemble(parts, site)
    print(f"Assembled {len(languages)} languages ({', '.join(languages)}) into {site_dir}.")
    return 0


# What `portal check` read, kept to the process's end: see main.
_KEPT: list[object] = []


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    code = _main(args)
    if argv is None and _KEPT:
        # Run as the program, not called by other code: what the check read is millions of objects,
        # and freeing them one by one takes a tenth of a large check; the process's end frees them at once.
        with contextlib.suppress(OSError):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)
    _KEPT.clear()
    return code


def _main(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except PortalError as exc:
        report(exc.diagnostics)
        print(f"portal: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        kept = " Anything already published was left as it was." if args.command == "build" else ""
        print(f"portal {args.command}: {os_failure(exc)}.{kept}", file=sys.stderr)
        return 1
    except ImportError as exc:
        print(f"portal {args.command}: {exc.name or 'a module'} is not installed; install the portal with its "
              "dependencies: python3 -m pip install -e .", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: one sentence with its place, not a traceback, unless asked for
        if os.environ.get("PORTAL_DEBUG"):
            raise
        place = traceback.extract_tb(exc.__traceback__)[-1]
        print(f"portal {args.command}: internal error: {type(exc).__name__}: {exc} (at {Path(place.filename).name}:"
              f"{place.lineno}). This is a bug in the portal: please report it with the command you ran and the file "
              "you changed last; PORTAL_DEBUG=1 shows the details.", file=sys.stderr)
        return 1


def _run(args) -> int:
    if args.command == "schema":
        from .tools.jsonschema import write

        stale = write(Path.cwd(), check=args.check)
        for name in stale:
            print(f"{name}: out of date; run 'portal schema'" if args.check else f"wrote {name}")
        return 1 if args.check and stale else 0
    if args.command == "import":
        return _import(args)
    if args.command == "assemble":
        return _assemble(args.parts, args.site_dir)
    # check and report read every audience's content; build and serve publish one site.
    options = Options(content_dir=args.content, strict=args.strict, today=args.today, audiences=None)
    if args.command == "check":
        options.jobs = args.jobs
        checked = check_content(options, history=False, publish=False)
        _KEPT.append(checked)
        diagnostics = checked.diagnostics
        report(diagnostics, args.format)
        return 1 if Outcome(diagnostics).failed(options.strict) else 0
    if args.command == "new":
        from .tools.scaffold import new

        if args.kind != "team" and not args.id:
            print(f"portal new {args.kind}: give the new item's id, e.g. portal new {args.kind} {args.team} "
                  "reset-password", file=sys.stderr)
            return 2
        path = new(args.kind, options.content_dir, args.team, args.id, options.today)
        print(f"created {path}; fill it in, then run 'portal check'")
        return 0
    if args.command == "report":
        if args.analytics:
            options.build_dir, options.audiences = args.build_dir, frozenset()  # what the public site finds
            return _analytics(options, args.analytics, args.format)
        return _health(options, args.format)
    if args.command == "codeowners":
        return _codeowners(options, args.output, args.check)
    if args.command == "reviews":
        return _reviews(options, args)
    if args.command == "search":
        from .tools.query import run_search

        options.build_dir, options.audiences = args.build_dir, frozenset()  # what the public site finds
        return run_search(options, args.query, args.limit, args.team, args.kind, args.json, args.language)
    options.config_file, options.build_dir, options.jobs = args.config, args.build_dir, args.jobs
    options.audiences = frozenset(args.audience)
    if args.audience:
        # Its own docs tree and index, so the public build's and `portal search`'s stay public.
        suffix = "-".join(sorted(options.audiences))
        options.build_dir = options.build_dir / f"audience-{suffix}"
    if args.command == "build":
        options.language = args.language
        if args.language:
            # Its own docs tree and index too, so parts built side by side on one machine do not meet.
            options.build_dir = options.build_dir / f"part-{args.language}"
        default = f"site-{suffix}" if args.audience else "site"
        options.site_dir = args.site_dir or Path(f"part-{default}-{args.language}" if args.language else default)
        outcome = build(options)
        report(outcome.diagnostics)
        if outcome.failed(options.strict):
            print(f"Not built: fix the problems above; {options.site_dir} was left as it was.", file=sys.stderr)
            return 1
        print(f"Built {outcome.pages} pages into {options.site_dir} in {outcome.seconds:.1f} s.")
        return 0
    from .tools.serve import serve

    return serve(options, args.dev_addr)


if __name__ == "__main__":
    sys.exit(main())
