"""The live preview: the real livereload server, rebuilding on every save and never dying.

Owns watching content and templates, rebuilding (drafts included, base URL
'/') incrementally into the preview folder with a cache beside it (the search
index and the downloads deferred: `deferred` makes them after the pages, in
the background), keeping the build plan's `Cache` between saves (its file
hashes and parsed files stay in memory), and showing problems as an overlay on every page: errors while
the content is broken, warnings below them. The overlay is put into pages as
they are served, never written into them: the folder keeps the last good
build. Must not contain build logic: it calls `pipeline.build`.
"""

from __future__ import annotations

import html
import logging
import mimetypes
import re
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .deferred import DEFERRED, Background
from .errors import BuildError, SourceError
from .output import write_site
from .pipeline import DEFAULT_TEMPLATES, BuildReport, build
from .plan import Cache

log = logging.getLogger("racesite.serve")

OVERLAY_ID = "racesite-errors"
_BODY = re.compile(rb"<body[^>]*>", re.IGNORECASE)
NO_BUILD_YET = (b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Build failed</title></head>'
                b"<body></body></html>\n")


def overlay(errors: list[SourceError], warnings: list[SourceError]) -> bytes:
    """The box shown on every page: errors first (the build failed; the last good build is shown), warnings below
    them, folded away; warnings alone make a small box in a corner, folded, that opens on a click."""
    def listing(problems: list[SourceError]) -> str:
        return '<ul style="margin:.5rem 0 0;padding-left:1.2rem">' + \
            "".join(f"<li>{html.escape(p.format())}{quoted(p)}</li>" for p in problems) + "</ul>"

    def quoted(problem: SourceError) -> str:  # the sentence a prose warning is about
        return f'<q style="display:block;margin:.2rem 0 .4rem;opacity:.8">{html.escape(problem.quote)}</q>' \
            if problem.quote else ""

    folded = ""
    if warnings:
        count = f"{len(warnings)} warning{'' if len(warnings) == 1 else 's'}"
        folded = (f'<details style="margin-top:.5rem"{" open" if not errors and len(warnings) <= 3 else ""}>'
                  f'<summary style="cursor:pointer;font-weight:600">{count}</summary>{listing(warnings)}</details>')
    font = "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;"
    if errors:
        return (
            f'<div id="{OVERLAY_ID}" role="alert" style="position:fixed;inset:0 0 auto 0;z-index:99999;'
            f"max-height:70vh;overflow:auto;background:#2b0b0b;color:#ffe9e7;{font}"
            'padding:1rem 1.25rem;border-bottom:4px solid #e5484d;box-shadow:0 4px 16px rgba(0,0,0,.4)">'
            f'<strong style="font-size:16px">Build failed: {len(errors)} error{"" if len(errors) == 1 else "s"}, '
            f'{len(warnings)} warning{"" if len(warnings) == 1 else "s"}.</strong> '
            f"Showing the last good build; fix the content and save to rebuild.{listing(errors)}{folded}</div>"
        ).encode()
    return (
        f'<div id="{OVERLAY_ID}" role="status" style="position:fixed;right:1rem;bottom:1rem;z-index:99999;'
        f"max-width:min(48rem,calc(100vw - 2rem));max-height:60vh;overflow:auto;background:#2b2205;color:#fff3c4;"
        f'{font}padding:.6rem 1rem;border-left:4px solid #f5a524;border-radius:4px;'
        f'box-shadow:0 4px 16px rgba(0,0,0,.4)">{folded}</div>'
    ).encode()


def with_overlay(page: bytes, box: bytes) -> bytes:
    """An HTML page with the box inserted right after `<body>`."""
    match = _BODY.search(page)
    at = match.end() if match else 0
    return page[:at] + box + page[at:]


class Preview:
    """Rebuilds the preview folder; while the content is broken, `box()` is the error box to show."""

    def __init__(self, content: Path, out: Path, templates: Path = DEFAULT_TEMPLATES,
                 echo: Callable[[str], None] = print, cache_dir: Path | None = None) -> None:
        self.content, self.out, self.templates, self.echo = content, out, templates, echo
        self.cache_dir = cache_dir or out.with_name(f"{out.name}-cache")
        self.cache = self._cache()
        self.later = Background(out, self.cache_dir / "later", templates)  # the search index and the downloads
        self.problems: list[SourceError] = []
        self.broken = False
        self.shown: list[str] = []  # the warnings last printed
        self.report: BuildReport | None = None  # the last good build's

    def _cache(self) -> Cache:
        """What the preview keeps between saves; the prose check's tools made at once, so that the first story
        written (on an imported history, say) is read without making them."""
        return Cache(self.cache_dir, self.content, self.out, prose_ready=True)

    def rebuild(self) -> bool:
        """Build once; returns whether the content built. Never raises for a content problem."""
        started = time.perf_counter()
        self.later.poll()
        try:
            report = build(self.content, self.out, templates=self.templates, base_url="/", drafts=True,
                           cache_dir=self.cache_dir, cache=self.cache, defer=DEFERRED)
        except BuildError as exc:
            self.problems = exc.problems
        except Exception as exc:  # a bug, not the writer's fault: show it in the page and keep serving
            log.error("build crashed:\n%s", traceback.format_exc())
            self.problems = [SourceError("racesite", None, "", f"internal error: {type(exc).__name__}: {exc}")]
            self.cache = self._cache()  # afresh, rather than trust what it kept
        else:
            self.problems, self.broken, self.report = report.warnings, False, report
            self.later.update(report.deferred, report.env)
            done = "nothing changed" if report.unchanged else \
                f"{report.rendered} file(s) made, {report.reused} unchanged"
            warnings = [warning.format() for warning in report.warnings]
            same = warnings == self.shown
            races = f"{report.races} race{'' if report.races == 1 else 's'}"
            self.echo(f"Built {races} in {time.perf_counter() - started:.2f} s: {done} "
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
        """The box to show on every page: the errors while the content is broken, the warnings in any case;
        None when there is nothing to say."""
        errors = [p for p in self.problems if p.severity == "error"]
        warnings = [p for p in self.problems if p.severity != "error"]
        return overlay(errors, warnings) if errors or warnings else None


def preview_app(preview: Preview) -> Callable[[dict[str, Any], Callable[..., Any]], list[bytes]]:
    """A WSGI app serving the preview folder, every HTML page with `preview.box()` in it (given to livereload's
    `Server(app)`, which adds its reload script). Never serves a file outside the folder."""
    root = preview.out.resolve()

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        path = environ.get("PATH_INFO", "/") or "/"
        target = (root / path.lstrip("/")).resolve()
        if target != root and root not in target.parents:
            return _reply(start_response, "404 Not Found", root / "404.html", preview)
        if target.is_dir():
            if not path.endswith("/"):  # a folder's address without its slash: where its links resolve
                start_response("301 Moved Permanently", [("Location", path + "/")])
                return [b""]
            target = target / "index.html"
        if not target.is_file():
            return _reply(start_response, "404 Not Found", root / "404.html", preview)
        return _reply(start_response, "200 OK", target, preview)

    return app


def _reply(start_response: Callable[..., Any], status: str, file: Path, preview: Preview) -> list[bytes]:
    body = file.read_bytes() if file.is_file() else b"Not found\n"
    kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    box = preview.box()
    if kind == "text/html" and box is not None:
        body = with_overlay(body, box)
    if kind.startswith("text/") or kind in ("application/javascript", "application/json", "application/xml"):
        kind += "; charset=utf-8"
    start_response(status, [("Content-Type", kind), ("Cache-Control", "no-store")])
    return [body]


def serve(content: Path, out: Path, *, host: str = "127.0.0.1", port: int = 8000, liveport: int | None = None,
          templates: Path = DEFAULT_TEMPLATES) -> None:
    """Serve the preview until interrupted."""
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import PeriodicCallback

    # livereload 2.7.1 drops a reload within 3 s of the last one unless this is 0.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
    liveport = liveport or (port + 1 if port != 35729 else 35730)
    if liveport == port:
        raise ValueError("the live-reload port must differ from the page port")
    preview = Preview(content, out, templates, echo=lambda line: print(line, file=sys.stderr, flush=True))
    preview.rebuild()
    server = Server(preview_app(preview))

    def poll_later() -> None:  # the search index and the downloads, made in the background
        preview.later.poll()

    PeriodicCallback(poll_later, 250).start()
    for folder in (content, templates):
        server.watch(str(folder), preview.rebuild)
    print(f"Serving {content} at http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
    server.serve(host=host, port=port, liveport=liveport, root=str(out), restart_delay=0, debug=False)
