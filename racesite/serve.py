"""The live preview: the real livereload server, rebuilding on every save and never dying.

Owns watching content and templates, rebuilding (drafts included, base URL
'/'), keeping the last good site, and showing build errors in every page as
an overlay until the next good build. Must not contain build logic: it calls
`pipeline.render_site` and `output.write_site`.
"""

from __future__ import annotations

import html
import logging
import re
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from .errors import BuildError, SourceError
from .output import write_site
from .pipeline import DEFAULT_TEMPLATES, render_site

log = logging.getLogger("racesite.serve")

OVERLAY_ID = "racesite-errors"
_BODY = re.compile(rb"<body[^>]*>", re.IGNORECASE)


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


def with_overlay(files: dict[str, bytes], box: bytes) -> dict[str, bytes]:
    """Every HTML page with the error box inserted right after `<body>`."""
    out = {}
    for path, data in files.items():
        if path.endswith(".html"):
            match = _BODY.search(data)
            at = match.end() if match else 0
            data = data[:at] + box + data[at:]
        out[path] = data
    return out


def error_page(box: bytes) -> dict[str, bytes]:
    page = b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Build failed</title></head><body>'
    return {"index.html": page + box + b"</body></html>\n"}


class Preview:
    """Rebuilds the preview folder; on failure, shows the errors over the last good pages."""

    def __init__(self, content: Path, out: Path, templates: Path = DEFAULT_TEMPLATES,
                 echo: Callable[[str], None] = print) -> None:
        self.content, self.out, self.templates, self.echo = content, out, templates, echo
        self.last_good: dict[str, bytes] | None = None
        self.problems: list[SourceError] = []

    def rebuild(self) -> bool:
        """Build once; returns whether the content built. Never raises for a content problem."""
        try:
            rendered = render_site(self.content, templates=self.templates, base_url="/", drafts=True)
        except BuildError as exc:
            self.problems = exc.problems
        except Exception as exc:  # a bug, not the writer's fault: show it in the page and keep serving
            log.error("build crashed:\n%s", traceback.format_exc())
            self.problems = [SourceError("racesite", None, "", f"internal error: {type(exc).__name__}: {exc}")]
        else:
            self.problems = rendered.warnings
            self.last_good = rendered.files
            write_site(rendered.files, self.out, static=self.templates / "static")
            self.echo(f"Built {rendered.races} races ({len(rendered.warnings)} warning(s)).")
            for warning in rendered.warnings:
                self.echo(warning.format())
            return True
        for problem in self.problems:
            self.echo(problem.format())
        box = overlay(self.problems)
        files = with_overlay(self.last_good, box) if self.last_good else error_page(box)
        write_site(files, self.out, static=self.templates / "static")
        return False


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
    for folder in (content, templates):
        server.watch(str(folder), preview.rebuild)
    print(f"Serving {content} at http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
    server.serve(host=host, port=port, liveport=liveport, root=str(out), restart_delay=0)
