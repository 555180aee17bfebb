"""The live preview: the real livereload server, rebuilding on every save and never dying.

Owns watching content and templates, rebuilding (drafts included, base URL
'/') incrementally into the preview folder with a cache beside it, keeping
the build plan's `Cache` between saves (its file hashes and parsed files stay
in memory), and showing problems as an overlay on every page: errors while
the content is broken, warnings below them. The overlay is put into pages as
they are served, never written into them: the folder keeps the last good
build. Must not contain build logic: it calls `pipeline.build`.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from livereload.handlers import StaticFileHandler

from .errors import BuildError, SourceError
from .output import write_site
from .pipeline import DEFAULT_TEMPLATES, BuildReport, build
from .plan import Cache

log = logging.getLogger("racesite.serve")

OVERLAY_ID = "racesite-errors"
_BODY = re.compile(rb"<body[^>]*>", re.IGNORECASE)
NO_BUILD_YET = (b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Build failed</title></head>'
                b"<body></body></html>\n")


def overlay(problems: list[SourceError]) -> bytes:
    """The error box shown on top of every page while the content is broken."""
    items = "".join(f"<li>{html.escape(p.format())}</li>" for p in problems)
    errors = sum(1 for p in problems if p.severity == "error")
    return (
        f'<div id="{OVERLAY_ID}" role="alert" style="position:fixed;inset:0 0 auto 0;z-index:99999;max-height:70vh;'
        "overflow:auto;background:#2b0b0b;color:#ffe9e7;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;"
        'padding:1rem 1.25rem;border-bottom:4px solid #e5484d;box-shadow:0 4px 16px rgba(0,0,0,.4)">'
        f'<strong style="font-size:16px">Build failed: {errors} error(s).</strong> '
        "Showing the last good build; fix the content and save to rebuild."
        f'<ul style="margin:.5rem 0 0;padding-left:1.2rem">{items}</ul></div>'
    ).encode()


def with_overlay(page: bytes, box: bytes) -> bytes:
    """An HTML page with the error box inserted right after `<body>`."""
    match = _BODY.search(page)
    at = match.end() if match else 0
    return page[:at] + box + page[at:]


class Preview:
    """Rebuilds the preview folder; while the content is broken, `box()` is the error box to show."""

    def __init__(self, content: Path, out: Path, templates: Path = DEFAULT_TEMPLATES,
                 echo: Callable[[str], None] = print, cache_dir: Path | None = None) -> None:
        self.content, self.out, self.templates, self.echo = content, out, templates, echo
        self.cache_dir = cache_dir or out.with_name(f"{out.name}-cache")
        self.cache = Cache(self.cache_dir, content, out)
        self.problems: list[SourceError] = []
        self.broken = False
        self.shown: list[str] = []  # the warnings last printed
        self.report: BuildReport | None = None  # the last good build's

    def rebuild(self) -> bool:
        """Build once; returns whether the content built. Never raises for a content problem."""
        started = time.perf_counter()
        try:
            report = build(self.content, self.out, templates=self.templates, base_url="/", drafts=True,
                           cache_dir=self.cache_dir, cache=self.cache)
        except BuildError as exc:
            self.problems = exc.problems
        except Exception as exc:  # a bug, not the writer's fault: show it in the page and keep serving
            log.error("build crashed:\n%s", traceback.format_exc())
            self.problems = [SourceError("racesite", None, "", f"internal error: {type(exc).__name__}: {exc}")]
            self.cache = Cache(self.cache_dir, self.content, self.out)  # afresh, rather than trust what it kept
        else:
            self.problems, self.broken, self.report = report.warnings, False, report
            done = "nothing changed" if report.unchanged else \
                f"{report.rendered} file(s) made, {report.reused} unchanged"
            warnings = [warning.format() for warning in report.warnings]
            same = warnings == self.shown
            self.echo(f"Built {report.races} races in {time.perf_counter() - started:.2f} s: {done} "
                      f"({len(warnings)} warning(s){', as before' if same and warnings else ''}).")
            if not same:  # a long history's warnings are not repeated on every save
                for line in warnings:
                    self.echo(line)
                self.shown = warnings
            return True
        self.broken, self.shown = True, []
        for problem in self.problems:
            self.echo(problem.format())
        if not (self.out / "index.html").is_file():  # no good build to show yet: a page to carry the errors
            write_site({"index.html": NO_BUILD_YET}, self.out)
        return False

    def box(self) -> bytes | None:
        """The error box while the content is broken, else None."""
        return overlay(self.problems) if self.broken else None


class PreviewFiles(StaticFileHandler):
    """The preview folder as served: while the content is broken, every HTML page carries the error box."""

    preview: Preview  # set on a subclass per server

    async def get(self, path: str, include_body: bool = True) -> None:
        box = self.preview.box()
        if box is not None:
            self.path = self.parse_url_path(path)
            found = self.validate_absolute_path(self.root, self.get_absolute_path(self.root, self.path))
            if found is None:  # redirected: a folder's address without its slash
                return
            if found.endswith(".html"):
                self.absolute_path = found
                with open(found, "rb") as handle:
                    page = with_overlay(handle.read(), box)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.set_header("Cache-Control", "no-store")
                # The page's own tag, not its file's: a browser holding the good page must not get a 304.
                self.set_header("Etag", f'"{hashlib.blake2b(page, digest_size=16).hexdigest()}"')
                self.finish(page if include_body else b"")
                return
        await super().get(path, include_body)


def serve(content: Path, out: Path, *, host: str = "127.0.0.1", port: int = 8000, liveport: int | None = None,
          templates: Path = DEFAULT_TEMPLATES) -> None:
    """Serve the preview until interrupted."""
    from livereload import Server
    from livereload.handlers import LiveReloadHandler

    # livereload 2.7.1 drops a reload within 3 s of the last one unless this is 0.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
    liveport = liveport or (port + 1 if port != 35729 else 35730)
    if liveport == port:
        raise ValueError("the live-reload port must differ from the page port")
    preview = Preview(content, out, templates, echo=lambda line: print(line, file=sys.stderr, flush=True))
    preview.rebuild()
    server = Server()
    server.SFH = type("Files", (PreviewFiles,), {"preview": preview})
    for folder in (content, templates):
        server.watch(str(folder), preview.rebuild)
    print(f"Serving {content} at http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
    server.serve(host=host, port=port, liveport=liveport, root=str(out), restart_delay=0)
