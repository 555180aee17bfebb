"""Site search: a Pagefind index of lean records, and the search box and search page that use it.

Owns `SearchRecord` (title, kind, URL, a short text), writing the index with Pagefind (`pagefind[bin]`: the
binary ships in the wheel, found with the `pagefind` package's public `get_executable()`), and the markup of the
search form (on every page) and of the search page. The site's pages are never crawled: each driver, race, track
and team is one short record, and only a story is indexed with its whole text. The browser side is
templates/static/search.js and search.css.

How: each record becomes a tiny HTML page (its title as the heading, its text) in a scratch folder beside the
index (so on the output's file system), named after its URL, and the Pagefind binary indexes that folder in one
run (`pagefind --site`), writing the bundle straight into the site. search.js turns a hit's file name back into the
page's URL under the site's base path (so the same index works at a domain's root and under a GitHub Pages project
subpath, "/repo/") and reads the hit's kind off that URL. Where the time goes on the full NASCAR history (12,304
records, 2 cores): writing the record pages ~0.3 s; Pagefind ~2 s of CPU, about half of it the kernel's (reading
12,304 files, writing one fragment file per record), start-up a few milliseconds. Metadata tags (`data-pagefind-meta`
for the kind and URL) cost it another ~0.4 s, so there are none. The Python API (`PagefindIndex`) costs more: its
service answers one message per 0.1 s, and its `add_directory` run wrote the same index in ~4 s.

Determinism: Pagefind numbers pages in the order it finds the files, which is the order the file system lists a
folder (it does not sort them): tmpfs lists them in the order they were made (records are written in URL order),
ext4 in an order hashed from their names with a seed of each file system's own. So two builds on the same file
system give the same bytes; on two different file systems the index can number the pages differently (the same
hits, in other files). No Pagefind filters are used (Pagefind 1.5.2 writes its filter file in a different order
on each run).

Must not compute stats, render templates or read content: callers hand it finished records.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from markupsafe import Markup, escape

Kind = Literal["driver", "race", "track", "team", "story"]

# In the order search.js lists hits whose title holds every word typed: people and places before events.
KIND_LABELS: dict[Kind, str] = {"driver": "Driver", "team": "Team", "track": "Track", "race": "Race",
                                "story": "Story"}
FOLDER = "pagefind"
SEARCH_PAGE = "search/"
_INDEXED = re.compile(r"Indexed (\d+) pages?")
_WORD = re.compile(r"[^\W_]")  # a letter or a digit: what Pagefind makes a word of


@dataclass(frozen=True)
class SearchRecord:
    """One search hit: a page's path inside the site ("drivers/x/"), its title, kind and text.

    `text` is what is searched besides the title: a line for drivers, races, tracks and teams (say, "Xfinity
    Series driver, 2008–2024, 23 wins"), a story's summary and whole text for a story.
    """

    url: str
    title: str
    kind: Kind
    text: str


@dataclass(frozen=True)
class IndexReport:
    """What writing the index did: records indexed, the files written (paths inside the index folder), bytes on
    disk, seconds taken."""

    records: int
    files: tuple[str, ...]
    bytes: int
    seconds: float


class SearchIndexError(RuntimeError):
    """Pagefind could not be run, or did not index every record."""


def check_record(record: SearchRecord) -> None:
    """Raise ValueError for a record with an unknown kind, an empty title or a URL outside the site."""
    if record.kind not in KIND_LABELS:
        raise ValueError(f"search record {record.url!r}: kind {record.kind!r} is not one of {sorted(KIND_LABELS)}")
    if record.url.startswith(("/", "http:", "https:")) or "//" in record.url or ".." in record.url.split("/") or \
            not record.url.endswith("/"):
        raise ValueError(f"search record {record.url!r}: the URL must be a path inside the site, like 'drivers/x/'")
    if "_" in record.url or "." in record.url:
        raise ValueError(f"search record {record.url!r}: a URL name must not hold '_' or '.'")
    if not record.title.strip():
        raise ValueError(f"search record {record.url!r}: the title is empty")


def record_page(record: SearchRecord, language: str) -> str:
    """A record as the smallest page Pagefind reads: the title as its heading (Pagefind's title for the hit, and
    weighed above text), then the text. Nothing else: every metadata tag costs Pagefind time on each of thousands of
    pages, and search.js reads the kind off the URL. Pagefind leaves out a page with no word in it, so a record
    whose title and text hold no letter or digit (a name such as "×") gets its kind's label as its text."""
    said = record.text if _WORD.search(record.title) or _WORD.search(record.text) else KIND_LABELS[record.kind]
    text = f"<p>{escape(said)}</p>" if said else ""
    return f'<html lang="{escape(language)}"><body><h1>{escape(record.title)}</h1>{text}</body></html>'


def record_file(record: SearchRecord) -> str:
    """The record page's file name: its URL with '/' as '_' ("drivers_x.html"; URL names never hold a '_'). Pagefind
    gives it as the hit's URL ("/drivers_x.html"), which search.js turns back into the page's ("/drivers/x/")."""
    return record.url.strip("/").replace("/", "_") + ".html"


def hit_url(found: str) -> str:
    """The page a hit's URL stands for, as search.js reads it: "/drivers_x.html" -> "drivers/x/"."""
    return found.strip("/").removesuffix(".html").replace("_", "/") + "/"


def ordered(records: Iterable[SearchRecord]) -> list[SearchRecord]:
    """The records in URL order, each checked (ValueError for a bad one)."""
    found = sorted(records, key=lambda r: (r.url, r.kind, r.title))
    for record in found:
        check_record(record)
    return found


def language_code(language: str) -> str:
    """Pagefind's language: the ISO 639-1 part of the site's ("en" for "en-US")."""
    return language.split("-")[0].lower() or "en"


def executable() -> Path:
    """The Pagefind binary (from the `pagefind[bin]` wheel)."""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise SearchIndexError("the Pagefind binary is missing: install pagefind[bin] (requirements.txt)")
    return found


def index_command(pages: Path, out: Path, language: str) -> list[str]:
    """The command that indexes a folder of record pages into `out`."""
    return [str(executable()), "--site", str(pages), "--output-path", str(out),
            "--force-language", language_code(language)]


def indexed_count(output: str) -> int | None:
    """How many pages Pagefind's report says it indexed."""
    found = _INDEXED.findall(output)
    return int(found[-1]) if found else None


def run_index(pages: Path, out: Path, language: str, expected: int) -> None:
    """Index the record pages in `pages` into `out`; raises SearchIndexError unless Pagefind indexed `expected`."""
    try:
        done = subprocess.run(index_command(pages, out, language), capture_output=True, text=True, check=False,
                              env={**os.environ, "NO_COLOR": "1"})
    except OSError as exc:
        raise SearchIndexError(f"Pagefind could not be run: {exc}") from exc
    if done.returncode != 0:
        raise SearchIndexError(f"Pagefind failed: {(done.stderr or done.stdout).strip()[-2000:]}")
    if indexed_count(done.stdout) != expected:
        raise SearchIndexError(f"Pagefind indexed {indexed_count(done.stdout)} of {expected} search records")


def write_records(records: Sequence[SearchRecord], pages: Path, language: str) -> None:
    """One page per record in `pages`, written in URL order (the order Pagefind finds them in)."""
    pages.mkdir(parents=True, exist_ok=True)
    for record in records:
        with open(pages / record_file(record), "w", encoding="utf-8") as file:
            file.write(record_page(record, language))


def bundle_files(out: Path) -> tuple[str, ...]:
    """Every file of an index folder, as paths inside it, sorted."""
    found = []
    for folder, _, names in os.walk(out):
        relative = os.path.relpath(folder, out)
        found += [name if relative == "." else f"{relative}/{name}" for name in names]
    return tuple(sorted(found))


def write_index(records: Iterable[SearchRecord], out: Path, *, language: str = "en") -> IndexReport:
    """Index `records` into the folder `out` (a site's pagefind/, replaced) and say what it cost. No record: no
    index (Pagefind refuses an empty site), and `out` is left empty.

    Raises ValueError for a bad record (before anything is written) and SearchIndexError when Pagefind fails."""
    started = time.perf_counter()
    found = ordered(records)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    if found:
        pages = Path(tempfile.mkdtemp(prefix=".search-records-", dir=out.parent))
        try:
            write_records(found, pages, language)
            run_index(pages, out, language, len(found))
        finally:
            shutil.rmtree(pages, ignore_errors=True)
    files = bundle_files(out)
    return IndexReport(len(found), files, sum((out / f).stat().st_size for f in files), time.perf_counter() - started)


def search_box(base: str) -> Markup:
    """The form for every page's header: a plain GET form to the search page. search.js lists the hits under it
    as the reader types (from the site's index at `base`pagefind/)."""
    b = escape(base)
    return Markup(
        f'<form class="site-search" role="search" action="{b}{SEARCH_PAGE}" method="get" '
        f'data-pagefind="{b}{FOLDER}/" data-base="{b}">'
        f'<label for="site-search-q">Search</label>'
        f'<input id="site-search-q" type="search" name="q" autocomplete="off" '
        f'placeholder="Driver, track, race" aria-describedby="site-search-hint">'
        f'<button type="submit">Go</button>'
        f'<span id="site-search-hint" hidden>Results appear below as you type; Enter opens the search page.</span>'
        f'</form>'
    )


def search_page(base: str, indexes: Iterable[tuple[str, str]] = ()) -> Markup:
    """The search page's main content: a form, a live results list, and what to do without JavaScript.

    `indexes` are (text, href) links to the site's index pages (drivers, tracks...), shown when the browser runs
    no JavaScript, since the search itself needs it.
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
