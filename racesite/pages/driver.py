"""The driver page (career, seasons, best track, wins, every race) and the driver's feed.

The career table is what is on this site; when a driver file's `before` figures make a story say "his 15th
career win", the whole career the facts count from is shown above it, labelled, so the two never disagree.

Declares what a driver page shows (`DriverInputs`) and makes its typed context and feed from that alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

from markupsafe import Markup

from .. import charts, urls
from ..feeds import FEED_ENTRIES, atom_feed
from ..model import EntityInfo, Race, RaceKey, Site
from ..stats import Stats
from ..stats.career import Line
from ..stats.chartdata import ChartRound, career_tallies, chart_season, field_size, season_finishes, season_rounds
from ..stats.entities import BestTrack, Entry, best_track, wins
from ..stats.facts import KnownCareer
from ..stats.index import newest_first
from . import describe
from .items import Item, feed_entry, items, published
from .kinds import Env, Output, Page, PageKey, RawFile, Reuse
from .lines import About, EntryRow, LineRow, about, entry_row, line_row
from .links import FeedLink, Head, Link, SiteContext, feed_title, head, site_context


@dataclass(frozen=True)
class DriverInputs:
    name: str
    info: EntityInfo | None
    careers: tuple[tuple[str, Line], ...]  # (series, career line), in series order
    seasons: tuple[tuple[str, int, Line], ...]  # (series, season, line)
    entries: tuple[Entry, ...]  # every start, newest first
    known: tuple[tuple[str, KnownCareer], ...]  # (series, whole career as far as known), from `before` figures
    upcoming: tuple[Race, ...]  # races not run yet that he is entered in (qualified for)
    feed: tuple[Item, ...]  # the stories (or storyless races) of his newest races, for his feed
    chart: tuple[str, int] | None  # the (series, season) his finishes are charted for (`chart_season`)
    rounds: tuple[ChartRound, ...]  # that season's rounds with results


class WholeCareerRow(NamedTuple):
    """A series' whole career: the driver file's `before` figures plus this site's races, through `through`."""

    series: Link
    starts: int | None  # None: the driver file gives no such figure
    wins: int | None
    poles: int | None
    through: Link
    date: dt.date


class UpcomingRow(NamedTuple):
    race: Link
    date: dt.date
    track: Link


@dataclass(frozen=True)
class SeasonsBlock:
    series: Link
    rows: tuple[LineRow, ...]
    chart: Markup | None  # wins and top 5s per season (the table's numbers), with two seasons or more


@dataclass(frozen=True)
class SeasonChart:
    heading: str  # '2023 Xfinity season'
    chart: Markup  # his finish in each round


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
    whole_careers: tuple[WholeCareerRow, ...]  # only with `before` figures: what the facts count from
    careers: tuple[LineRow, ...]  # this site's races
    seasons: tuple[SeasonsBlock, ...]
    best_track: BestTrackView | None
    wins: tuple[WinView, ...]
    races: tuple[EntryRow, ...]
    upcoming: tuple[UpcomingRow, ...]
    season_chart: SeasonChart | None


@dataclass(frozen=True)
class DriverPage:
    site: SiteContext
    head: Head
    driver: DriverView


class DriverPages:
    name = "driver"
    heavy = False
    templates = ("driver.html",)

    def pages(self, site: Site, stats: Stats, reuse: Reuse) -> Iterator[tuple[PageKey, DriverInputs]]:
        info = {e.name: e for e in site.entities if e.kind == "driver"}
        careers = stats.careers
        by_key = {race.key: race for race in site.races}
        rounds: dict[tuple[str, int], tuple[ChartRound, ...]] = {}  # each charted season's, made once
        index = stats.index

        def gather(name: str, entries: tuple[Entry, ...], mine: Sequence[tuple[str, int, Line]],
                   known: tuple[tuple[str, KnownCareer], ...], charted: tuple[str, int] | None,
                   chart_rounds: tuple[ChartRound, ...]) -> DriverInputs:
            feed = published(feed_items(name, entries, stats, by_key), FEED_ENTRIES)
            return DriverInputs(
                name, info.get(name), careers.lines_of(name),
                tuple(mine), entries, known, index.driver_upcoming.get(name, ()), feed, charted, chart_rounds)

        for name in index.drivers.slugs:
            key = PageKey("driver", (name,))
            entries = index.driver_races.get(name, ())
            mine = careers.seasons_of.get(name, ())  # (his careers are the sums of these)
            known = tuple((s.slug, stats.known_careers[(name, s.slug)]) for s in site.config.series
                          if (name, s.slug) in stats.known_careers)
            before = reuse.gathered(key, (entries, mine))  # (the season charted follows from his entries alone)
            charted = before.chart if isinstance(before, DriverInputs) else chart_season(entries)
            if charted is not None and charted not in rounds:
                rounds[charted] = season_rounds(index.seasons[charted])
            chart_rounds = rounds[charted] if charted else ()
            # What his inputs are made from: his feed's races are among his entries and its stories are those
            # of his races (`Index.driver_stories`), so it follows from the two.
            yield key, reuse.inputs(key, (entries, mine),
                                    (info.get(name), known, index.driver_stories.get(name, ()),
                                     index.driver_upcoming.get(name, ()), chart_rounds),
                                    partial(gather, name, entries, mine, known, charted, chart_rounds))

    def make(self, inputs: DriverInputs, env: Env) -> list[Output]:
        links, config, name = env.links, env.config, inputs.name
        series_slugs = [s for s, _ in inputs.careers]
        view = DriverView(
            name=name, about=about(inputs.info),
            whole_careers=tuple(WholeCareerRow(links.series(s, short=True), known.starts, known.wins, known.poles,
                                               links.race(known.race), known.race.date)
                                for s, known in inputs.known),
            careers=tuple(line_row(line, links.series(s, short=True)) for s, line in inputs.careers),
            seasons=tuple(SeasonsBlock(links.series(s, short=True),
                                       tuple(line_row(line, links.season(s, year))
                                             for series, year, line in inputs.seasons if series == s),
                                       _career_chart(inputs, s, env))
                          for s in series_slugs),
            best_track=_best(best_track(inputs.entries), env),
            wins=tuple(WinView(links.race(race), links.track(race.track), race.date, result.st)
                       for race, result in wins(inputs.entries)),
            races=tuple(entry_row(entry, links) for entry in inputs.entries),
            upcoming=tuple(UpcomingRow(links.race(race), race.date, links.track(race.track))
                           for race in inputs.upcoming),
            season_chart=_season_chart(inputs, env))
        slug = links.slug("driver", name)
        path = urls.driver(slug)
        feed_path = urls.driver_feed(slug)
        feed = FeedLink(feed_title(config, name), config.base_path + feed_path)
        entries = [feed_entry(item, _series_name(env, item), item.story.author if item.story else None)
                   for item in inputs.feed]
        description = describe.career(name, config, inputs.careers, (year for _, year, _ in inputs.seasons), "driver")
        page_head = head(config, path, name, description=description, feeds=(feed,))
        return [Page(path, "driver.html", DriverPage(site_context(config), page_head, view)),
                RawFile(feed_path, atom_feed(config, feed_path, path, feed_title(config, name), entries))]


def feed_items(name: str, entries: tuple[Entry, ...], stats: Stats, by_key: Mapping[RaceKey, Race]) -> list[Item]:
    """The items a driver's feed can list: the newest stories of his races and his newest races without one, up
    to `FEED_ENTRIES` of each that are not drafts, and no race older than his `FEED_ENTRIES`th newest published
    story (the others can never be among the newest published items)."""
    stories = []
    published_ones = 0
    oldest: tuple[object, ...] | None = None  # the list order of his FEED_ENTRIES-th newest published story
    for story in stats.index.driver_stories.get(name, ()):  # (newest first)
        stories.append(story)
        published_ones += not story.draft
        if published_ones == FEED_ENTRIES:
            oldest = newest_first(story)
            break
    told = stats.index.stories
    newest: list[RaceKey] = []
    listed = 0
    for race, _ in entries:  # (newest first) his races without a story, until FEED_ENTRIES are not drafts
        if oldest is not None and (race.date, race.series, race.season, race.round, "") < oldest:
            break
        if race.key not in told and race.key not in newest[-2:]:  # (a shared drive lists a race twice, together)
            newest.append(race.key)
            listed += not race.draft
            if listed == FEED_ENTRIES:
                break
    return items([by_key[key] for key in newest], stories, by_key, told)


def _season_chart(inputs: DriverInputs, env: Env) -> SeasonChart | None:
    """His finish in each round of the charted season."""
    if inputs.chart is None:
        return None
    series, season = inputs.chart
    found = env.config.series_by_slug(series)
    label = f"{season} {found.short_name if found else series}"
    rounds = season_finishes(inputs.entries, series, season, inputs.rounds)
    chart = charts.finishing_positions(rounds, chart_id="season-finishes", title=f"{inputs.name}: finishing "
                                       f"position in each round of the {label} season",
                                       field_size=field_size(inputs.rounds))
    return SeasonChart(f"{label} season", chart)


def _career_chart(inputs: DriverInputs, series: str, env: Env) -> Markup | None:
    """Wins and top 5s in each of his seasons in a series (none below two seasons)."""
    tallies = career_tallies((year, line) for s, year, line in inputs.seasons if s == series)
    if not tallies:
        return None
    name = env.links.series(series).text
    return charts.wins_and_top5s(tallies, chart_id=f"career-{series}",
                                 title=f"{inputs.name}: wins and top 5s in each {name} season")


def _best(best: BestTrack | None, env: Env) -> BestTrackView | None:
    if best is None:
        return None
    return BestTrackView(env.links.track(best.track), best.why == "wins", best.value, best.starts)


def _series_name(env: Env, item: Item) -> str | None:
    series = env.config.series_by_slug(item.race.series)
    return series.name if series is not None else None
