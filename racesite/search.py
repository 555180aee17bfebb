"""Site search: a Pagefind index of lean records, and the search box and search page that use it.

Owns `SearchRecord` (title, kind, URL, a short text), writing the index into the site's `pagefind/`
folder through Pagefind's Python API (`pagefind[bin]`: the binary ships in the wheel), and the
markup of the search form (on every page) and of the search page. The site's pages are never
crawled: each driver, race, track and team is one short record, and only a story (a recap's prose)
is indexed in full. The browser side is templates/static/search.js and search.css.

Each record becomes a tiny page in a temporary folder that Pagefind indexes in one `add_directory`
call: `add_custom_record` would be the direct route, but Pagefind 1.5.2's Python service reads one
answer per 0.1 s, so 17,000 records one call each would take half an hour. The record's URL travels
as Pagefind's `url` metadata (its documented way to override a result's URL).

The form is progressive enhancement: without JavaScript it is a plain GET form to the search page,
which then links to the site's indexes. URLs are stored root-relative ("/drivers/x/") and search.js
puts the site's base path before them at run time, so the same index works at a domain's root and
under a GitHub Pages project subpath ("/repo/").

Determinism: records are added in URL order and no Pagefind filters are used (Pagefind 1.5.2 writes
its filter file in a different order on each run; without filters two runs give identical bytes).

Must not compute stats, render templates or read content: callers hand it finished records.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from markupsafe import Markup, escape
from pagefind.index import IndexConfig, PagefindIndex

Kind = Literal["driver", "race", "track", "team", "story"]

# In the order search.js lists hits whose title holds every word typed: people and places before events.
KIND_LABELS: dict[Kind, str] = {"driver": "Driver", "team": "Team", "track": "Track", "race": "Race",
                                "story": "Story"}
RANKS: dict[Kind, int] = {kind: rank for rank, kind in enumerate(KIND_LABELS)}
FOLDER = "pagefind"
SEARCH_PAGE = "search/"


@dataclass(frozen=True)
class SearchRecord:
    """One search hit: a page's path inside the site ("drivers/x/"), its title, kind and text.

    `text` is what is searched besides the title: a line or two for drivers, races, tracks and
    teams (say, "NASCAR Xfinity Series driver, 2008-2024, 23 wins"), a recap's whole prose for a story.
    """

    url: str
    title: str
    kind: Kind
    text: str


@dataclass(frozen=True)
class IndexReport:
    """What writing the index did: records indexed, files written, bytes on disk, seconds taken."""

    records: int
    files: int
    bytes: int
    seconds: float


def _check(record: SearchRecord) -> None:
    if record.kind not in KIND_LABELS:
        raise ValueError(f"search record {record.url!r}: kind {record.kind!r} is not one of {sorted(KIND_LABELS)}")
    if record.url.startswith(("/", "http:", "https:")) or "//" in record.url or ".." in record.url.split("/"):
        raise ValueError(f"search record {record.url!r}: the URL must be a path inside the site, like 'drivers/x/'")
    if not record.title.strip():
        raise ValueError(f"search record {record.url!r}: the title is empty")


def _page(record: SearchRecord, language: str) -> str:
    """A record as the smallest page Pagefind reads: the title as its heading (Pagefind weighs headings
    above text), its kind, rank and URL as metadata, its text as the body."""
    meta = "".join(f'<span data-pagefind-meta="{escape(key)}:{escape(value)}"></span>' for key, value in (
        ("kind", KIND_LABELS[record.kind]), ("rank", str(RANKS[record.kind])), ("url", "/" + record.url)))
    return (f'<!DOCTYPE html><html lang="{escape(language)}"><head><meta charset="utf-8"><title>'
            f'{escape(record.title)}</title></head><body data-pagefind-body>{meta}'
            f'<h1 data-pagefind-meta="title">{escape(record.title)}</h1><p>{escape(record.text)}</p></body></html>')


async def _write(pages: Path, out: Path, language: str) -> int:
    """Index the folder of record pages into `out`; returns how many pages Pagefind indexed."""
    config = IndexConfig(output_path=str(out), force_language=language)
    async with PagefindIndex(config=config) as index:
        indexed = await index.add_directory(str(pages))
    return indexed["page_count"]


def write_index(records: Iterable[SearchRecord], site: Path, *, language: str = "en") -> IndexReport:
    """Index `records` into `site`/pagefind/ (replacing what was there) and say what it cost.

    Raises ValueError for a record with an unknown kind, an empty title or a URL outside the site.
    """
    started = time.perf_counter()
    ordered = sorted(records, key=lambda r: (r.url, r.kind, r.title))
    for record in ordered:
        _check(record)
    out = (site / FOLDER).resolve()
    if out.exists():
        shutil.rmtree(out)
    with tempfile.TemporaryDirectory(prefix="racesite-search-") as tmp:
        pages = Path(tmp)
        width = len(str(len(ordered)))
        for number, record in enumerate(ordered):
            (pages / f"r{number:0{width}d}.html").write_text(_page(record, language), encoding="utf-8")
        # Pagefind's API is async; its own thread and event loop keep this callable from code that
        # already runs a loop (the live-reload server, Playwright's sync API).
        with ThreadPoolExecutor(max_workers=1) as pool:
            indexed = pool.submit(asyncio.run, _write(pages, out, language)).result()
    if indexed != len(ordered):
        raise RuntimeError(f"Pagefind indexed {indexed} of {len(ordered)} search records")
    files = [p for p in out.rglob("*") if p.is_file()]
    return IndexReport(len(ordered), len(files), sum(p.stat().st_size for p in files),
                       time.perf_counter() - started)


def search_box(base: str) -> Markup:
    """The form for every page's header: a plain GET form to the search page, where search.js runs."""
    b = escape(base)
    return Markup(
        f'<form class="site-search" role="search" action="{b}{SEARCH_PAGE}" method="get">'
        f'<label for="site-search-q">Search</label>'
        f'<input id="site-search-q" type="search" name="q" autocomplete="off" '
        f'placeholder="Driver, track, race">'
        f'<button type="submit">Go</button></form>'
    )


def search_page(base: str, indexes: Iterable[tuple[str, str]] = ()) -> Markup:
    """The search page's main content: a form, a live results list, and what to do without JavaScript.

    `indexes` are (text, href) links to the site's index pages (drivers, tracks...), shown when the
    browser runs no JavaScript, since the search itself needs it.
    """
    b = escape(base)
    links = "".join(f'<li><a href="{escape(href)}">{escape(text)}</a></li>' for text, href in indexes)
    fallback = f"<p>Search needs JavaScript. Browse instead:</p><ul>{links}</ul>" if links else (
        "<p>Search needs JavaScript.</p>")
    return Markup(
        f'<h1>Search</h1>\n'
        f'<form class="search-page" role="search" action="{b}{SEARCH_PAGE}" method="get" '
        f'data-pagefind="{b}{FOLDER}/" data-base="{b}">'
        f'<label for="search-q">Search drivers, races, tracks, teams and stories</label>'
        f'<input id="search-q" type="search" name="q" autocomplete="off">'
        f'<button type="submit">Search</button></form>\n'
        f'<p class="search-status" role="status" aria-live="polite"></p>\n'
        f'<ol class="search-results"></ol>\n'
        f'<noscript>{fallback}</noscript>\n'
    )
