"""The driver page (career, seasons, best track, wins, every race) and the driver's feed.

Declares what a driver page shows (`DriverInputs`) and makes its typed context and feed from that alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .. import urls
from ..feeds import FEED_ENTRIES, atom_feed
from ..model import EntityInfo, Race, RaceKey, Site
from ..stats import Stats
from ..stats.career import Line
from ..stats.entities import BestTrack, Entry, best_track, wins
from .items import Item, feed_entry, items, published
from .kinds import Env, Output, Page, PageKey, RawFile
from .lines import About, EntryRow, LineRow, about, entry_row, line_row
from .links import FeedLink, Head, Link, SiteContext, feed_title, head, site_context


@dataclass(frozen=True)
class DriverInputs:
    name: str
    info: EntityInfo | None
    careers: tuple[tuple[str, Line], ...]  # (series, career line), in series order
    seasons: tuple[tuple[str, int, Line], ...]  # (series, season, line)
    entries: tuple[Entry, ...]  # every start, newest first
    feed: tuple[Item, ...]  # the stories (or storyless races) of his newest races, for his feed


@dataclass(frozen=True)
class SeasonsBlock:
    series: Link
    rows: tuple[LineRow, ...]


@dataclass(frozen=True)
class WinView:
    race: Link
    track: Link
    date: object
    st: int | None


@dataclass(frozen=True)
class BestTrackView:
    track: Link
    by_wins: bool  # the most wins; else the best average finish
    value: float
    starts: int


@dataclass(frozen=True)
class DriverView:
    name: str
    about: About
    careers: tuple[LineRow, ...]
    seasons: tuple[SeasonsBlock, ...]
    best_track: BestTrackView | None
    wins: tuple[WinView, ...]
    races: tuple[EntryRow, ...]


@dataclass(frozen=True)
class DriverPage:
    site: SiteContext
    head: Head
    driver: DriverView


class DriverPages:
    name = "driver"
    templates = ("driver.html",)

    def pages(self, site: Site, stats: Stats) -> Iterator[tuple[PageKey, DriverInputs]]:
        info = {e.name: e for e in site.entities if e.kind == "driver"}
        careers = stats.careers
        by_key = {race.key: race for race in site.races}
        for name in stats.index.drivers.slugs:
            entries = stats.index.driver_races.get(name, ())
            mine = careers.seasons_of.get(name, [])
            series = careers.series_of(name)
            feed = published(feed_items(name, entries, stats, by_key), FEED_ENTRIES)
            yield PageKey("driver", (name,)), DriverInputs(
                name, info.get(name), tuple((s, careers.career[(name, s)]) for s in series), tuple(mine), entries,
                feed)

    def make(self, inputs: DriverInputs, env: Env) -> list[Output]:
        links, config, name = env.links, env.config, inputs.name
        series_slugs = [s for s, _ in inputs.careers]
        view = DriverView(
            name=name, about=about(inputs.info),
            careers=tuple(line_row(line, links.series(s, short=True)) for s, line in inputs.careers),
            seasons=tuple(SeasonsBlock(links.series(s, short=True),
                                       tuple(line_row(line, links.season(s, year))
                                             for series, year, line in inputs.seasons if series == s))
                          for s in series_slugs),
            best_track=_best(best_track(inputs.entries), env),
            wins=tuple(WinView(links.race(race), links.track(race.track), race.date, result.st)
                       for race, result in wins(inputs.entries)),
            races=tuple(entry_row(entry, links) for entry in inputs.entries))
        slug = links.slug("driver", name)
        path = urls.driver(slug)
        feed_path = urls.driver_feed(slug)
        feed = FeedLink(feed_title(config, name), config.base_path + feed_path)
        entries = [feed_entry(item, _series_name(env, item), item.story.author if item.story else None)
                   for item in inputs.feed]
        return [Page(path, "driver.html", DriverPage(site_context(config), head(config, path, name, feeds=(feed,)),
                                                      view)),
                RawFile(feed_path, atom_feed(config, feed_path, path, feed_title(config, name), entries))]


def feed_items(name: str, entries: tuple[Entry, ...], stats: Stats, by_key: Mapping[RaceKey, Race]) -> list[Item]:
    """The items a driver's feed can list: the stories of all his races and his newest races (the others are
    older than those, so never among the newest)."""
    newest = list(dict.fromkeys(race.key for race, _ in entries[:FEED_ENTRIES * 3]))
    return items([by_key[key] for key in newest], stats.index.driver_stories.get(name, ()), by_key)


def _best(best: BestTrack | None, env: Env) -> BestTrackView | None:
    if best is None:
        return None
    return BestTrackView(env.links.track(best.track), best.why == "wins", best.value, best.starts)


def _series_name(env: Env, item: Item) -> str | None:
    series = env.config.series_by_slug(item.race.series)
    return series.name if series is not None else None
