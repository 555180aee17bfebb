"""Atom feeds: the whole site (`feed.xml`), each series and each driver, and the site's addresses.

Owns where feeds live, what an entry says, and turning page paths into the
addresses feeds and metadata need: absolute URLs when the site's address is
known (`base_url` with scheme and host, or a `domain`), otherwise `tag:` ids
and root-relative links. Entries are the published recaps only (never drafts),
newest first; `updated` is the race day at 00:00:00Z, so a date is never
shifted and two builds are byte-identical. Must not render HTML or write files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import partial
from urllib.parse import urlsplit

from . import urls
from .model import Race, Site, SiteConfig
from .names import slugify
from .pages.common import RawFile
from .stats import Stats
from .stats.index import race_slug

FEED_ENTRIES = 20  # the newest recaps in each feed
SITE_FEED = "feed.xml"
TAG_DATE = "2000"  # any fixed date makes a valid tag: id; fixing it keeps ids stable
NO_DATE = "1970-01-01T00:00:00Z"  # `updated` of a feed with no entries yet
ATOM = "http://www.w3.org/2005/Atom"

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def series_feed(slug: str) -> str:
    return urls.series(slug) + "feed.xml"


def driver_feed(slug: str) -> str:
    return urls.driver(slug) + "feed.xml"


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


def atom_id(config: SiteConfig, path: str) -> str:
    """A permanent id: the absolute URL, or `tag:<site-title-slug>,2000:<path>` when only a path is known."""
    root = root_url(config)
    return root + path if root else f"tag:{slugify(config.title)},{TAG_DATE}:/{path}"


def _text(value: str) -> str:
    """XML text or attribute value (what `xml.sax.saxutils.escape` gives, without its import of urllib)."""
    text = _NOT_XML.sub("", value)
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace('"', "&quot;")


def _updated(race: Race) -> str:
    return f"{race.date.isoformat()}T00:00:00Z"


def _summary(race: Race) -> str:
    if race.summary:
        return race.summary
    winner = race.winner
    return f"{winner.driver} won the {race.name} at {race.track}." if winner else f"{race.name} at {race.track}."


def _entry(race: Race, site: Site) -> list[str]:
    config = site.config
    path = urls.race(race.series, race.season, race_slug(race))
    series = config.series_by_slug(race.series)
    lines = ["<entry>",
             f"<id>{_text(atom_id(config, path))}</id>",
             f"<title>{_text(race.title)}</title>",
             f"<updated>{_updated(race)}</updated>",
             f'<link rel="alternate" type="text/html" href="{_text(full_url(config, path))}"/>']
    if race.author:
        lines.append(f"<author><name>{_text(race.author)}</name></author>")
    if series is not None:
        lines.append(f'<category term="{_text(series.slug)}" label="{_text(series.name)}"/>')
    lines += [f"<summary>{_text(_summary(race))}</summary>", "</entry>"]
    return lines


def atom_feed(site: Site, path: str, page: str, title: str, races: Iterable[Race]) -> bytes:
    """The Atom document at `path` for `races` (newest first, drafts left out), its HTML page at `page`."""
    config = site.config
    published = sorted((r for r in races if not r.draft), key=lambda r: (r.date, r.series, r.season, r.round),
                       reverse=True)[:FEED_ENTRIES]
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<feed xmlns="{ATOM}" xml:lang="{_text(config.language)}">',
             f"<id>{_text(atom_id(config, path))}</id>",
             f"<title>{_text(title)}</title>"]
    if config.description:
        lines.append(f"<subtitle>{_text(config.description)}</subtitle>")
    lines += [f"<updated>{_updated(published[0]) if published else NO_DATE}</updated>",
              f'<link rel="self" type="application/atom+xml" href="{_text(full_url(config, path))}"/>',
              f'<link rel="alternate" type="text/html" href="{_text(full_url(config, page))}"/>',
              f"<author><name>{_text(config.author or config.title)}</name></author>"]
    for race in published:
        lines += _entry(race, site)
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def feed_title(config: SiteConfig, subject: str | None = None) -> str:
    return f"{config.title}: {subject}" if subject else config.title


def feed_makers(site: Site, stats: Stats) -> dict[str, Callable[[], list[RawFile]]]:
    """The feeds keyed like the page makers whose pages they follow: the site feed with "home", each series'
    with "series:SLUG", each driver's with "driver:NAME" (so an incremental build remakes them together)."""
    config = site.config
    makers: dict[str, Callable[[], list[RawFile]]] = {
        "home": partial(_feed, site, SITE_FEED, urls.HOME, feed_title(config), lambda: site.races)}
    for series in config.series:
        makers[f"series:{series.slug}"] = partial(
            _feed, site, series_feed(series.slug), urls.series(series.slug), feed_title(config, series.name),
            partial(_series_races, site, series.slug))
    for name, slug in stats.index.drivers.slugs.items():
        makers[f"driver:{name}"] = partial(
            _feed, site, driver_feed(slug), urls.driver(slug), feed_title(config, name),
            partial(_driver_races, stats, name))
    return makers


def _feed(site: Site, path: str, page: str, title: str, races: Callable[[], Iterable[Race]]) -> list[RawFile]:
    return [RawFile(path, atom_feed(site, path, page, title, races()))]


def _series_races(site: Site, slug: str) -> Iterable[Race]:
    return (r for r in site.races if r.series == slug)


def _driver_races(stats: Stats, name: str) -> Iterable[Race]:
    return (race for race, _ in stats.index.driver_races.get(name, ()))
