"""`portal serve`: a live preview for owners.

The preview is built by the same pipeline as `portal build`, into a private folder that
MkDocs' live-reload server serves. The server polls content/, the organisation's mkdocs.yml
and the theme, so only changes count (created, modified, deleted, moved files), never an
editor or a rebuild merely reading them. An edit that changes only what some pages say
rebuilds those pages alone (session.py); any other change rebuilds the whole site. A rebuild
that fails, for invalid content or for any other reason, is reported in the terminal and on
top of every page of the last good version; the next good edit replaces both.
"""

from __future__ import annotations

import dataclasses
import html
import re
import shutil
import signal
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..diagnostics import PortalError, report, sort_key
from ..engine.mkdocs import live_server
from ..pipeline import THEME_DIR, Options, Outcome, build
from .session import Session

NOTICE_START, NOTICE_END = "<!--portal-preview-problem-->", "<!--/portal-preview-problem-->"
_NOTICE = re.compile(re.escape(NOTICE_START) + ".*?" + re.escape(NOTICE_END), re.S)
_BODY = re.compile(r"<body\b[^>]*>")


def rebuild(options: Options, update: Callable[[], Outcome] | None = None) -> str | None:
    """Build the preview (the whole site, or as update rebuilds it) and report what went wrong in
    the terminal; None when it was built, else the problem as the page shows it. Never raises:
    the server must outlive any failure."""
    try:
        outcome = update() if update is not None else build(options)
    except PortalError as exc:
        report(exc.diagnostics)
        problems = [d.format() for d in sorted(exc.diagnostics, key=sort_key)] + [str(exc)]
    except OSError as exc:
        from ..diagnostics import os_failure

        problems = [os_failure(exc)]
    except Exception as exc:
        problems = [f"the rebuild failed: {type(exc).__name__}: {exc}"]
    else:
        report(outcome.diagnostics)
        if not outcome.failed(options.strict):
            return None
        return "\n".join(d.format() for d in sorted(outcome.diagnostics, key=sort_key)
                         if d.is_error or options.strict)
    print(f"portal serve: {problems[-1]}", flush=True)
    return "\n".join(problems)


def show_problem(site_dir: Path, problem: str | None) -> None:
    """Put the problem on top of every page of the site (or take the last one away); pages that
    already say so are left as they are."""
    notice = "" if problem is None else (
        f'{NOTICE_START}<div role="alert" id="portal-preview-problem" style="position:sticky;top:0;z-index:1000;'
        'margin:0;padding:1em;background:#fde8e8;color:#7a1111;border-bottom:3px solid #b91c1c;font:14px/1.4 '
        'monospace;white-space:pre-wrap"><strong>Not updated: fix these problems; the preview shows the last good '
        f"version, if there is one.</strong>\n{html.escape(problem)}</div>{NOTICE_END}")
    for page in site_dir.rglob("*.html"):
        was = page.read_text(encoding="utf-8")
        text = _NOTICE.sub("", was)
        if notice:
            text = _BODY.sub(lambda m: m[0] + notice, text, count=1)
        if text != was:
            page.write_text(text, encoding="utf-8")


def serve(options: Options, dev_addr: str) -> int:
    host, _, port = dev_addr.rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit():
        raise PortalError(f"--dev-addr {dev_addr} is not an address like 127.0.0.1:8000")
    preview = Path(tempfile.mkdtemp(prefix="portal-preview-"))
    # Rebuilt in this process unless --jobs says otherwise: it keeps MkDocs, the theme and the
    # index warm from one rebuild to the next, where fresh workers would load them every time.
    options = dataclasses.replace(options, site_dir=preview / "site", jobs=options.jobs or 1)
    session = Session(options, preview / "session")
    try:
        problem = rebuild(options, session.update)
        shown = problem is not None
        if problem is not None:
            # Nothing good to show yet: a page with the problems, until the first good edit.
            print("Not built yet: fix the problems above; the preview shows them until then.", flush=True)
            for name in ("index.html", "404.html"):
                page = options.site_dir / name
                page.parent.mkdir(parents=True, exist_ok=True)
                page.write_text("<!doctype html><html><head><meta charset=\"utf-8\"><title>Not built yet</title>"
                                "</head><body></body></html>", encoding="utf-8")
            show_problem(options.site_dir, problem)

        def builder() -> None:
            nonlocal shown
            problem = rebuild(options, session.update)
            if problem is not None:
                print("Not updated: fix the problems above; the preview shows the last good version, "
                      "with them on top.", flush=True)
            else:
                print(session.done, flush=True)
            try:
                if problem is not None or shown:  # else no page carries a notice
                    show_problem(options.site_dir, problem)
                shown = problem is not None
            except OSError as exc:  # the server's thread must outlive this too
                from ..diagnostics import os_failure

                print(f"portal serve: the pages could not show the problems: {os_failure(exc)}", flush=True)

        server = live_server(builder, host, int(port), options.site_dir,
                             [options.content_dir, options.config_file, THEME_DIR])
        print(f"Previewing on http://{dev_addr}/ (Ctrl+C to stop); edits under {options.content_dir}, to "
              f"{options.config_file} and to the theme rebuild it.", flush=True)
        # A terminated preview (SIGTERM) cleans up as Ctrl+C does.
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
        return 0
    finally:
        session.close()
        shutil.rmtree(preview, ignore_errors=True)


def _interrupt(*_) -> None:
    raise KeyboardInterrupt
