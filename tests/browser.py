"""Headless Chromium for tests that look at a built site the way a person would.

Debian's Chromium is used as it is (never `playwright install`: nothing is
downloaded). Reuse from any test module::

    from tests.browser import chromium, serve, skip_reason

    pytestmark = pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")

    @pytest.fixture(scope="module")
    def browser():
        with chromium() as b:
            yield b

`serve(folder)` serves a folder over HTTP on 127.0.0.1 (a free port) and
yields its base URL; it is a plain context manager so a live-reload test can
point it, or its own server, at any folder.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import importlib.util
import os
import threading
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = os.environ.get("RACESITE_CHROMIUM", "/usr/bin/chromium")

# Flags that make Debian's Chromium start quickly and quietly in a sandboxed,
# offline container: no GPU, no sandbox (we run as root), no network chatter.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def skip_reason() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (`make test` installs it from requirements-dev.txt)"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing (`make test` installs Debian's chromium)"
    return None


def launch(playwright, **options):
    """Launch Debian's Chromium headless from a started `sync_playwright()`."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, **options)


@contextlib.contextmanager
def chromium(**options) -> Iterator:
    """One headless Chromium browser for the duration of the block."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p, **options)
        try:
            yield browser
        finally:
            browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep test output clean
        pass


@contextlib.contextmanager
def serve(folder: str | os.PathLike) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (a free port) in a thread; yields 'http://127.0.0.1:PORT/'."""
    handler = functools.partial(_QuietHandler, directory=str(Path(folder)))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
