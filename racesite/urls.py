"""Where each page and file lives, and the site's addresses.

Paths are built only from slugs (a-z, 0-9, dashes) and numbers, so no name in the content can point outside the
output folder. `root_url`/`full_url` turn a path into the address feeds and metadata need: absolute when the
site's address is known (`base_url` with scheme and host, or a `domain`), else a path under the base path. Must
not know about Jinja or races.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .model import SiteConfig

HOME = ""
SITE_FEED = "feed.xml"
NOT_FOUND = "404.html"


def race(series: str, season: int, slug: str) -> str:
    return f"races/{series}/{season}/{slug}/"


def story(race_path: str, slug: str) -> str:
    return f"{race_path}{slug}/"


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


def standings(series_slug: str, year: int, round_: int, number: int = 1) -> str:
    """The standings after a race: '.../standings/06/', or '.../standings/06-2/' after a round's second race."""
    return f"series/{series_slug}/{year}/standings/{round_:02d}{f'-{number}' if number > 1 else ''}/"


def records(series_slug: str | None = None) -> str:
    """A series' records page, or the records page that lists them (records/)."""
    return f"records/{series_slug}/" if series_slug else "records/"


DOWNLOADS = "data/"  # the download page, beside the data files


def listing(kind: str) -> str:
    """Index pages: drivers/, tracks/, teams/, makes/, leaders/."""
    return f"{kind}/"


def series_feed(slug: str) -> str:
    return series(slug) + "feed.xml"


def driver_feed(slug: str) -> str:
    return driver(slug) + "feed.xml"


def standings_file(series_slug: str, year: int) -> str:
    return f"data/standings/{series_slug}/{year}.json"


def file_for(url_path: str) -> str:
    """The file that serves a page path: 'drivers/x/' -> 'drivers/x/index.html'."""
    return url_path + "index.html" if url_path == "" or url_path.endswith("/") else url_path


def domain_host(domain: str) -> str:
    """'example.com' from 'example.com', 'https://example.com/' or ' Example.com '."""
    domain = domain.strip()
    return (urlsplit(domain).hostname or "") if "://" in domain else domain.strip("/").lower()


def root_url(config: SiteConfig) -> str | None:
    """The site's absolute address ending in '/', or None when only its path is known."""
    if "://" in config.base_url:
        return config.base_url
    if config.domain and domain_host(config.domain):
        return f"https://{domain_host(config.domain)}{config.base_path}"
    return None


def full_url(config: SiteConfig, path: str) -> str:
    """A page path as an absolute URL when the site's address is known, else as a path under the base path."""
    return (root_url(config) or config.base_path) + path
