"""What every page context shares: links, the site-wide part and each page's head.

Owns `Links`, the one place names and races become hrefs under the site's base path, `SiteContext` (the header
and navigation every page shows) and `Head` (its title, address, metadata for search engines and feeds, and any
JSON-LD). Must not compute stats or render.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from markupsafe import Markup

from .. import urls
from ..model import Race, SiteConfig, Story
from ..names import slugify
from ..search import search_box
from ..stats.index import SlugTable


class Link(NamedTuple):
    text: str
    href: str


def race_slug(race: Race) -> str:
    """'06-echopark-250': the round and the race name; '06-2-feature-race' for a round's second race."""
    return _slug(race.round, race.number, race.name)


def _slug(round_: int, number: int, name: str) -> str:
    return f"{round_:02d}-{f'{number}-' if number > 1 else ''}{slugify(name)}"


def race_path(race: Race) -> str:
    return urls.race(race.series, race.season, race_slug(race))


def race_path_of(series: str, season: int, round_: int, number: int, name: str) -> str:
    """A race's page from what names it (as `race_path`)."""
    return urls.race(series, season, _slug(round_, number, name))


def story_path(race: Race, story: Story) -> str:
    return urls.story(race_path(race), story.slug)


class Links:
    """Names and races to `Link`s under the site's base path. A name's link is made once and shared."""

    def __init__(self, config: SiteConfig, drivers: SlugTable, tracks: SlugTable, teams: SlugTable,
                 makes: SlugTable) -> None:
        self.config = config
        self.base = config.base_path
        self.tables = {"driver": (drivers, urls.driver), "track": (tracks, urls.track), "team": (teams, urls.team),
                       "make": (makes, urls.make)}
        self.made: dict[tuple[str, str], Link] = {}
        self.races: dict[tuple[str, int, int, int, str], str] = {}  # a race's href, once per race

    def href(self, path: str) -> str:
        return self.base + path

    def race(self, race: Race, text: str | None = None) -> Link:
        key = (race.series, race.season, race.round, race.number, race.name)
        href = self.races.get(key)
        if href is None:
            href = self.races[key] = self.href(race_path(race))
        return Link(text or race.name, href)

    def named(self, kind: str, name: str) -> Link:
        """A driver's, track's, team's or make's link."""
        link = self.made.get((kind, name))
        if link is None:
            table, to_path = self.tables[kind]
            link = self.made[(kind, name)] = Link(name, self.href(to_path(table[name])))
        return link

    def driver(self, name: str) -> Link:
        return self.named("driver", name)

    def track(self, name: str) -> Link:
        return self.named("track", name)

    def team(self, name: str | None) -> Link | None:
        return self.named("team", name) if name else None

    def make(self, name: str | None) -> Link | None:
        return self.named("make", name) if name else None

    def slug(self, kind: str, name: str) -> str:
        return self.tables[kind][0][name]

    def series(self, slug: str, short: bool = False) -> Link:
        key = ("short series" if short else "series", slug)
        link = self.made.get(key)
        if link is None:
            series = self.config.series_by_slug(slug)
            assert series is not None
            link = self.made[key] = Link(series.short_name if short else series.name, self.href(urls.series(slug)))
        return link

    def season(self, slug: str, year: int, text: str | None = None) -> Link:
        return Link(text or str(year), self.href(urls.season(slug, year)))


@dataclass(frozen=True)
class SiteContext:
    title: str
    language: str
    description: str
    base: str  # base path, ending in '/'
    nav: tuple[Link, ...]
    home: str
    search: Markup  # the search form every page's header shows


def site_context(config: SiteConfig) -> SiteContext:
    nav = [Link(s.short_name, config.base_path + urls.series(s.slug)) for s in config.series]
    listed = (("drivers", "Drivers"), ("tracks", "Tracks"), ("teams", "Teams"), ("leaders", "Leaders"),
              ("records", "Records"), ("data", "Data"))
    nav += [Link(label, config.base_path + urls.listing(kind)) for kind, label in listed]
    return SiteContext(config.title, config.language, config.description, config.base_path, tuple(nav),
                       config.base_path, search_box(config.base_path))


class FeedLink(NamedTuple):
    title: str
    href: str


@dataclass(frozen=True)
class Head:
    """What base.html puts in a page's head besides the site's own title and styles."""

    title: str
    path: str  # inside the site; '' for the home page
    url: str | None  # absolute URL (og:url); None when the site's address is not known
    type: str  # og:type: "article" for stories and race reports, "website" otherwise
    description: str  # the page's meta description and og:description: never empty
    robots: str | None  # "noindex" for drafts and the 404 page
    feeds: tuple[FeedLink, ...]  # Atom feeds: the site's, then this page's series or driver
    jsonld: Markup | None = None


def feed_title(config: SiteConfig, subject: str | None = None) -> str:
    return f"{config.title}: {subject}" if subject else config.title


def head(config: SiteConfig, path: str, title: str, *, kind: str = "website", description: str = "",
         robots: str | None = None, feeds: tuple[FeedLink, ...] = (), jsonld: Markup | None = None) -> Head:
    """A page's head: the site's feed is always offered first, then `feeds`. A page given no `description` is
    described by its title and the site's (every page has a description of its own, for search engines)."""
    root = urls.root_url(config)
    site_feed = FeedLink(feed_title(config), config.base_path + urls.SITE_FEED)
    return Head(title, path, root + path if root and path != urls.NOT_FOUND else None, kind,
                description or default_description(config, title), robots, (site_feed, *feeds), jsonld)


def default_description(config: SiteConfig, title: str) -> str:
    """'2021 NASCAR Xfinity Series standings after round 6, on Racing Stats.'"""
    if title == config.title:
        return config.description or config.title
    return f"{title}, on {config.title}."


def series_feed_link(config: SiteConfig, slug: str) -> FeedLink:
    series = config.series_by_slug(slug)
    assert series is not None
    return FeedLink(feed_title(config, series.name), config.base_path + urls.series_feed(slug))
