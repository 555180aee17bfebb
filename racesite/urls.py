"""Where each page lives: one function per page kind, giving its path inside the output folder.

Paths are built only from slugs (a-z, 0-9, dashes) and numbers, so no name in
the content can point outside the output folder. Must not know about Jinja
or the base URL: `render` prefixes the site's base path.
"""

from __future__ import annotations

HOME = ""


def race(series: str, season: int, slug: str) -> str:
    return f"races/{series}/{season}/{slug}/"


def driver(slug: str) -> str:
    return f"drivers/{slug}/"


def track(slug: str) -> str:
    return f"tracks/{slug}/"


def team(slug: str) -> str:
    return f"teams/{slug}/"


def make(slug: str) -> str:
    return f"makes/{slug}/"


def series(slug: str) -> str:
    return f"series/{slug}/"


def season(series_slug: str, year: int) -> str:
    return f"series/{series_slug}/{year}/"


def standings(series_slug: str, year: int, round_: int) -> str:
    return f"series/{series_slug}/{year}/standings/{round_:02d}/"


def listing(kind: str) -> str:
    """Index pages: drivers/, tracks/, teams/, makes/, leaders/."""
    return f"{kind}/"


def file_for(url_path: str) -> str:
    """The file that serves a page path: 'drivers/x/' -> 'drivers/x/index.html'."""
    return url_path + "index.html" if url_path == "" or url_path.endswith("/") else url_path
