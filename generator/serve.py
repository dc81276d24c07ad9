"""`portal serve`: a live preview for owners.

A watcher regenerates the docs tree whenever a file under content/ changes; MkDocs' own
live-reload server watches that tree, rebuilds and refreshes the browser. Content with
errors is reported and the preview keeps showing the last good version.
"""

from __future__ import annotations

import logging
import threading

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from .build import Options, check_content, index_content, write_docs
from .export import export
from .diagnostics import report


class _Changed(FileSystemEventHandler):
    def __init__(self, event: threading.Event):
        self.event = event

    def on_any_event(self, _event) -> None:
        self.event.set()


def _regenerate(options: Options) -> bool:
    checked = check_content(options)
    report(checked.diagnostics)
    if checked.site is None:
        print("Not updated: fix the problems above; the preview shows the last good version.", flush=True)
        return False
    write_docs(checked.site, options)
    # MkDocs serves the docs tree's other files as they are: the search files go there too.
    docs, exported = index_content(checked.content, options)
    export(checked.content, docs, exported, options.build_dir.resolve() / "docs" / "search" / "portal")
    return True


def _watch(options: Options, changed: threading.Event) -> None:
    while True:
        changed.wait()
        # Editors save in bursts (temporary file, rename); wait for the burst to end.
        while changed.wait(0.3):
            changed.clear()
        _regenerate(options)


def serve(options: Options, dev_addr: str) -> int:
    if not _regenerate(options):
        return 1
    from mkdocs.commands.serve import serve as mkdocs_serve

    changed = threading.Event()
    observer = Observer()
    observer.schedule(_Changed(changed), str(options.content_dir), recursive=True)
    observer.start()
    threading.Thread(target=_watch, args=(options, changed), daemon=True).start()
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    print(f"Previewing on http://{dev_addr}/ (Ctrl+C to stop); edits under {options.content_dir} rebuild it.",
          flush=True)
    try:
        mkdocs_serve(config_file=str(options.build_dir.resolve() / "mkdocs.yml"), livereload=True,
                     dev_addr=dev_addr)
    finally:
        observer.stop()
    return 0
