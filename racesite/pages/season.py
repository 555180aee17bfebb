"""A season's page, its standings after every round, and its standings data file; and each series' page.

Declares what they show (`SeasonInputs`, `SeriesInputs`) and makes their typed contexts from that alone; the
standings come from `stats.standings`, the leaders from `stats.records`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from .. import urls
from ..feeds import FEED_ENTRIES, atom_feed
from ..model import PointsSystem, Race, Series, Site
from ..stats import Stats
from ..stats.career import Line
from ..stats.records import SeriesRecords, Table, leader_tables
from ..stats.rules import pole_winner, winner
from ..stats.standings import RoundStandings, final_standings, season_standings
from .data import standings_file
from .items import Item, feed_entry, items, published
from .kinds import Env, Output, Page, PageKey, RawFile
from .lines import LeaderView, leader_view
from .links import Head, Link, SiteContext, head, series_feed_link, site_context


@dataclass(frozen=True)
class SeasonInputs:
    series: Series
    year: int
    races: tuple[Race, ...]  # in round order, upcoming ones too
    systems: tuple[PointsSystem, ...]
    complete: bool  # a later season is on the site: the standings are final
    lines: tuple[tuple[str, Line], ...]  # each driver's season line, for the season's leader tables




@dataclass(frozen=True)
class ScheduleView:
    round: int
    date: dt.date
    race: Link
    track: Link
    winner: Link | None
    pole: Link | None
    standings: str | None  # the standings after it, once it has results
    upcoming: bool  # not run yet: no results


class StandingRow(NamedTuple):
    pos: int
    new: bool  # new to the table this round
    up: bool  # gained places since the previous round
    down: bool
    moved: int  # how many places
    driver: Link
    points: float
    gap: float
    starts: int
    wins: int
    top5: int
    top10: int
    poles: int
    laps_led: int
    avg_finish: float | None


@dataclass(frozen=True)
class SeasonView:
    year: int
    series: Link
    schedule: tuple[ScheduleView, ...]
    champion: Link | None
    complete: bool
    standings: tuple[StandingRow, ...]
    after: Link | None
    leaders: tuple[LeaderView, ...]


@dataclass(frozen=True)
class SeasonPage:
    site: SiteContext
    head: Head
    season: SeasonView


@dataclass(frozen=True)
class StandingsView:
    season: Link
    round: int
    race: Link
    rows: tuple[StandingRow, ...]
    previous: str | None
    next: str | None


@dataclass(frozen=True)
class StandingsPage:
    site: SiteContext
    head: Head
    standings: StandingsView


class SeasonPages:
    name = "season"
    templates = ("season.html", "standings.html")

    def pages(self, site: Site, stats: Stats) -> Iterator[tuple[PageKey, SeasonInputs]]:
        for series in site.config.series:
            years = sorted({season for (slug, season) in stats.index.seasons if slug == series.slug}, reverse=True)
            for year in years:
                yield PageKey("season", (series.slug, year)), SeasonInputs(
                    series, year, stats.index.seasons[(series.slug, year)], site.config.points,
                    (series.slug, year) in stats.complete,
                    tuple(stats.careers.by_season.get((series.slug, year), ())))

    def make(self, inputs: SeasonInputs, env: Env) -> list[Output]:
        links, config, slug, year = env.links, env.config, inputs.series.slug, inputs.year
        run = [race for race in inputs.races if race.results]
        rounds = season_standings(run, inputs.systems)
        final = rounds[-1] if rounds else None
        title = f"{year} {inputs.series.name}"
        view = SeasonView(
            year, links.series(slug),
            tuple(ScheduleView(r.round, r.date, links.race(r, r.name), links.track(r.track),
                               links.driver(w.driver) if (w := winner(r)) else None,
                               links.driver(p) if (p := pole_winner(r)) else None,
                               links.href(urls.standings(slug, year, r.round)) if r.results else None,
                               not r.results)
                  for r in inputs.races),
            links.driver(final.rows[0].driver) if final and final.rows and inputs.complete else None,
            inputs.complete, _rows(final, links.driver) if final else (), links.race(final.race) if final else None,
            tuple(leader_view(t, links.driver) for t in leader_tables(inputs.lines)))
        path = urls.season(slug, year)
        feeds = (series_feed_link(config, slug),)
        out: list[Output] = [Page(path, "season.html", SeasonPage(site_context(config),
                                                                  head(config, path, title, feeds=feeds), view))]
        for at, table in enumerate(rounds):
            race = table.race
            here = urls.standings(slug, year, race.round)
            standings = StandingsView(
                links.season(slug, year, title), race.round, links.race(race), _rows(table, links.driver),
                links.href(urls.standings(slug, year, rounds[at - 1].race.round)) if at > 0 else None,
                links.href(urls.standings(slug, year, rounds[at + 1].race.round)) if at + 1 < len(rounds) else None)
            out.append(Page(here, "standings.html", StandingsPage(
                site_context(config), head(config, here, f"{title} standings after round {race.round}", feeds=feeds),
                standings)))
        out.append(standings_file(slug, year, rounds))
        return out


def _rows(table: RoundStandings, link: Callable[[str], Link]) -> tuple[StandingRow, ...]:
    return tuple(StandingRow(s.pos, s.trend == "new", s.trend == "up", s.trend == "down", s.moved, link(s.driver),
                             s.points, s.gap, s.starts, s.wins, s.top5, s.top10, s.poles, s.laps_led, s.avg_finish)
                 for s in table.rows)


@dataclass(frozen=True)
class SeasonSummary:
    year: int
    races: tuple[Race, ...]  # in round order, upcoming ones too (its final table is computed from them)
    run: int  # how many have results
    winners: int
    complete: bool


@dataclass(frozen=True)
class SeriesInputs:
    series: Series
    systems: tuple[PointsSystem, ...]
    seasons: tuple[SeasonSummary, ...]  # newest first
    leaders: tuple[Table, ...]
    records: SeriesRecords | None
    feed: tuple[Item, ...]


@dataclass(frozen=True)
class SeasonRow:
    season: Link
    races: int
    winners: int
    champion: Link | None
    leader: Link | None


@dataclass(frozen=True)
class FromPoleRow:
    name: Link
    value: float


@dataclass(frozen=True)
class FurthestBackRow:
    driver: Link
    start: int | None
    race: Link
    date: dt.date


@dataclass(frozen=True)
class WinnersRow:
    season: Link
    winners: int


@dataclass(frozen=True)
class RecordsView:
    wins_from_pole: tuple[FromPoleRow, ...]
    furthest_back: tuple[FurthestBackRow, ...]
    different_winners: tuple[WinnersRow, ...]


@dataclass(frozen=True)
class SeriesView:
    name: str
    short_name: str
    seasons: tuple[SeasonRow, ...]
    leaders: tuple[LeaderView, ...]
    records: RecordsView | None


@dataclass(frozen=True)
class SeriesPage:
    site: SiteContext
    head: Head
    series: SeriesView


class SeriesPages:
    name = "series"
    templates = ("series.html",)

    def pages(self, site: Site, stats: Stats) -> Iterator[tuple[PageKey, SeriesInputs]]:
        by_key = {race.key: race for race in site.races}
        for series in site.config.series:
            slug = series.slug
            years = sorted({season for (s, season) in stats.index.seasons if s == slug}, reverse=True)
            seasons = tuple(SeasonSummary(year, stats.index.seasons[(slug, year)],
                                          stats.run[(slug, year)],
                                          stats.winners[(slug, year)],
                                          (slug, year) in stats.complete) for year in years)
            races = [race for race in site.races if race.series == slug]
            stories = [story for story in site.stories if story.race.series == slug]
            yield PageKey("series", (slug,)), SeriesInputs(
                series, site.config.points, seasons, stats.leaders[slug], stats.records.get(slug),
                published(items(races, stories, by_key), FEED_ENTRIES))

    def make(self, inputs: SeriesInputs, env: Env) -> list[Output]:
        links, config, series = env.links, env.config, inputs.series
        records = inputs.records
        rows = []
        for s in inputs.seasons:
            final = final_standings(s.races, inputs.systems)
            leader = final.rows[0].driver if final is not None and final.rows else None
            rows.append(SeasonRow(links.season(series.slug, s.year, str(s.year)), s.run, s.winners,
                                  links.driver(leader) if leader and s.complete else None,
                                  links.driver(leader) if leader else None))
        view = SeriesView(
            series.name, series.short_name, tuple(rows),
            tuple(leader_view(t, links.driver) for t in inputs.leaders),
            RecordsView(tuple(FromPoleRow(links.driver(r.name), r.value) for r in records.wins_from_pole),
                        tuple(FurthestBackRow(links.driver(w.driver), w.st, links.race(r), r.date)
                              for r in records.furthest_back if (w := winner(r))),
                        tuple(WinnersRow(links.season(records.series, season), n)
                              for season, n in records.different_winners)) if records else None)
        path = urls.series(series.slug)
        feed_path = urls.series_feed(series.slug)
        entries = [feed_entry(item, series.name, item.story.author if item.story else None) for item in inputs.feed]
        return [Page(path, "series.html", SeriesPage(site_context(config), head(
                    config, path, series.name, feeds=(series_feed_link(config, series.slug),)), view)),
                RawFile(feed_path, atom_feed(config, feed_path, path, f"{config.title}: {series.name}", entries))]
