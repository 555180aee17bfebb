"""Site-wide pages: home (and the site's feed), the leaders and index listings, and the 404 page.

Declares what each shows and makes their typed contexts from that alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from .. import urls
from ..feeds import FEED_ENTRIES, atom_feed
from ..model import Series, Site
from ..stats import Stats
from ..stats.records import Table
from ..stats.rules import winner
from . import describe
from .items import Item, feed_entry, items, published
from .kinds import Env, Output, Page, PageKey, RawFile, Reuse
from .lines import LeaderView, leader_view
from .links import Head, Link, SiteContext, feed_title, head, site_context


@dataclass(frozen=True)
class HomeInputs:
    latest: tuple[Item, ...]  # newest first, drafts too (only the preview has them)
    feed: tuple[Item, ...]
    races: int  # races on the site, for its description


@dataclass(frozen=True)
class Card:
    label: str  # what it is: "Recap", "Qualifying report", ... or "Results" for a race with no story
    story: Link  # the story's title (or the race's name), linking to its page
    date: dt.date  # the story's publish date (the race's date for a race with no story)
    series: Link
    track: Link
    summary: str
    draft: bool
    winner: Link | None  # on a recap, or a race with no story, once the race has results


@dataclass(frozen=True)
class HomePage:
    site: SiteContext
    head: Head
    stories: tuple[Card, ...]  # newest first by publish date


class HomePages:
    name = "home"
    heavy = False
    templates = ("home.html",)

    def pages(self, site: Site, stats: Stats, reuse: Reuse) -> Iterator[tuple[PageKey, HomeInputs]]:
        found = items(site.races, site.stories, {race.key: race for race in site.races})
        yield PageKey("home"), HomeInputs(tuple(found[:site.config.latest]), published(found, FEED_ENTRIES),
                                          len(site.races))

    def make(self, inputs: HomeInputs, env: Env) -> list[Output]:
        links, config = env.links, env.config
        cards = tuple(Card(item.label, Link(item.title, links.href(item.path)), item.date,
                           links.series(item.race.series, short=True), links.track(item.race.track), item.summary,
                           item.draft, links.driver(w.driver) if item.tells_result and (w := winner(item.race))
                           else None)
                      for item in inputs.latest)
        names = {s.slug: s.name for s in config.series}
        entries = [feed_entry(item, names.get(item.race.series), item.story.author if item.story else None)
                   for item in inputs.feed]
        page_head = head(config, urls.HOME, config.title, description=describe.home(config, inputs.races))
        return [Page(urls.HOME, "home.html", HomePage(site_context(config), page_head, cards)),
                RawFile(urls.SITE_FEED, atom_feed(config, urls.SITE_FEED, urls.HOME, feed_title(config), entries))]


@dataclass(frozen=True)
class LeadersInputs:
    leaders: tuple[tuple[Series, tuple[Table, ...]], ...]  # each series with drivers


@dataclass(frozen=True)
class ListingInputs:
    names: tuple[tuple[str, tuple[str, ...]], ...]  # (kind, names in display order)


@dataclass(frozen=True)
class LeadersSection:
    series: Link
    tables: tuple[LeaderView, ...]


@dataclass(frozen=True)
class LeadersPage:
    site: SiteContext
    head: Head
    sections: tuple[LeadersSection, ...]
    records: tuple[Link, ...]  # each series' records page


@dataclass(frozen=True)
class ListingPage:
    site: SiteContext
    head: Head
    entries: tuple[Link, ...]


LISTED = (("drivers", "driver"), ("tracks", "track"), ("teams", "team"), ("makes", "make"))


class LeadersPages:
    """The all-time leaders page (apart from the A-to-Z lists: a results edit changes the leaders, seldom a
    name)."""

    name = "leaders"
    heavy = False
    templates = ("leaders.html",)

    def pages(self, site: Site, stats: Stats, reuse: Reuse) -> Iterator[tuple[PageKey, LeadersInputs]]:
        leaders = tuple((s, stats.leaders[s.slug]) for s in site.config.series if stats.careers.by_series.get(s.slug))
        yield PageKey("leaders"), LeadersInputs(leaders)

    def make(self, inputs: LeadersInputs, env: Env) -> list[Output]:
        links, config = env.links, env.config
        path = urls.listing("leaders")
        sections = tuple(LeadersSection(links.series(s.slug), tuple(leader_view(t, links.driver) for t in tables))
                         for s, tables in inputs.leaders)
        description = (f"All-time leaders of {config.title}, series by series: wins, poles, top 5s, top 10s, laps "
                       "led, starts and average finish.")
        return [Page(path, "leaders.html", LeadersPage(
            site_context(config), head(config, path, "All-time leaders", description=description), sections,
            tuple(Link(f"{s.name} records", links.href(urls.records(s.slug))) for s, _ in inputs.leaders)))]


class ListingPages:
    """The A-to-Z lists of drivers, tracks, teams and makes."""

    name = "listings"
    heavy = False
    templates = ("listing.html",)

    def pages(self, site: Site, stats: Stats, reuse: Reuse) -> Iterator[tuple[PageKey, ListingInputs]]:
        index = stats.index
        tables = {"drivers": index.drivers, "tracks": index.tracks, "teams": index.teams, "makes": index.makes}
        names = tuple((kind, tuple(sorted(tables[kind].slugs, key=lambda n: (n.casefold(), n)))) for kind, _ in LISTED)
        yield PageKey("listings"), ListingInputs(names)

    def make(self, inputs: ListingInputs, env: Env) -> list[Output]:
        links, config = env.links, env.config
        kinds = dict(LISTED)
        out: list[Output] = []
        for kind, names in inputs.names:
            here = urls.listing(kind)
            entries = tuple(links.named(kinds[kind], name) for name in names)
            description = f"Every {kinds[kind]} on {config.title}, A to Z: {len(names):,} " \
                          f"{kinds[kind] if len(names) == 1 else kind}."
            out.append(Page(here, "listing.html", ListingPage(site_context(config), head(
                config, here, kind.capitalize(), description=description), entries)))
        return out


@dataclass(frozen=True)
class NotFoundInputs:
    pass


@dataclass(frozen=True)
class NotFoundPage:
    site: SiteContext
    head: Head


class NotFoundPages:
    """The page GitHub Pages serves for any missing address: every link in it is absolute under the base path."""

    name = "404"
    heavy = False
    templates = ("404.html",)

    def pages(self, site: Site, stats: Stats, reuse: Reuse) -> Iterator[tuple[PageKey, NotFoundInputs]]:
        yield PageKey("404"), NotFoundInputs()

    def make(self, inputs: NotFoundInputs, env: Env) -> list[Output]:
        config = env.config
        return [Page(urls.NOT_FOUND, "404.html", NotFoundPage(
            site_context(config), head(config, urls.NOT_FOUND, "Page not found", robots="noindex",
                                       description=f"There is no page at this address on {config.title}.")))]
