"""The records pages: one per series (records/<series>/), and records/ listing them.

A series' page shows, beyond the leader tables, its records as `stats.records` counted them: most wins in a
season, wins from the pole and from furthest back, youngest and oldest winners (where driver files give birth
dates), longest winning streaks, most different winners in a season and most laps led in a race, each linked to
its race (or season). Declares what they show (`RecordsInputs`, `RecordsIndexInputs`). Must not compute stats.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from .. import urls
from ..model import Series, Site
from ..stats import Stats
from ..stats.records import AgedWin, SeriesRecords
from ..stats.rules import winner
from .kinds import Env, Output, Page, PageKey, Reuse
from .links import Head, Link, SiteContext, head, site_context


@dataclass(frozen=True)
class RecordsInputs:
    series: Series
    records: SeriesRecords


@dataclass(frozen=True)
class RecordsIndexInputs:
    series: tuple[Series, ...]  # those with records: a race with results


@dataclass(frozen=True)
class SeasonRow:
    driver: Link
    season: Link
    wins: int
    races: int


@dataclass(frozen=True)
class CountRow:
    driver: Link
    count: int


@dataclass(frozen=True)
class RaceRow:
    driver: Link
    value: int  # a starting position, laps led
    race: Link
    date: dt.date


@dataclass(frozen=True)
class AgeRow:
    driver: Link
    years: int
    days: int
    total: int  # the age in days (what the column sorts by)
    race: Link
    date: dt.date


@dataclass(frozen=True)
class StreakRow:
    driver: Link
    wins: int
    first: Link
    first_date: dt.date
    last: Link
    last_date: dt.date


@dataclass(frozen=True)
class WinnersRow:
    season: Link
    winners: int


@dataclass(frozen=True)
class RecordsView:
    name: str
    season_wins: tuple[SeasonRow, ...]
    from_pole: tuple[CountRow, ...]
    furthest_back: tuple[RaceRow, ...]
    youngest: tuple[AgeRow, ...]
    oldest: tuple[AgeRow, ...]
    births_known: int  # winners whose birth date is known
    streaks: tuple[StreakRow, ...]
    different_winners: tuple[WinnersRow, ...]
    laps_led: tuple[RaceRow, ...]
    leaders: Link  # the all-time leader tables


@dataclass(frozen=True)
class RecordsPage:
    site: SiteContext
    head: Head
    records: RecordsView


@dataclass(frozen=True)
class RecordsIndexPage:
    site: SiteContext
    head: Head
    series: tuple[Link, ...]


class RecordsPages:
    name = "records"
    heavy = False
    templates = ("records.html", "records-index.html")

    def pages(self, site: Site, stats: Stats,
              reuse: Reuse) -> Iterator[tuple[PageKey, RecordsInputs | RecordsIndexInputs]]:
        shown = tuple(s for s in site.config.series if s.slug in stats.records)
        yield PageKey("records"), RecordsIndexInputs(shown)
        for series in shown:
            yield PageKey("records", (series.slug,)), RecordsInputs(series, stats.records[series.slug])

    def make(self, inputs: RecordsInputs | RecordsIndexInputs, env: Env) -> list[Output]:
        links, config = env.links, env.config
        if isinstance(inputs, RecordsIndexInputs):
            path = urls.records()
            shown = tuple(Link(f"{s.name} records", links.href(urls.records(s.slug))) for s in inputs.series)
            return [Page(path, "records-index.html", RecordsIndexPage(site_context(config), head(
                config, path, "Records", description=f"Records of {config.title}, series by series: most wins in "
                "a season, wins from the pole and from furthest back, youngest and oldest winners, winning "
                "streaks, most laps led in a race."), shown))]
        records, series = inputs.records, inputs.series
        slug = series.slug
        view = RecordsView(
            name=series.name,
            season_wins=tuple(SeasonRow(links.driver(w.driver), links.season(slug, w.season), w.wins, w.races)
                              for w in records.season_wins),
            from_pole=tuple(CountRow(links.driver(r.name), int(r.value)) for r in records.wins_from_pole),
            furthest_back=tuple(RaceRow(links.driver(w.driver), w.st or 0, links.race(race), race.date)
                                for race in records.furthest_back if (w := winner(race)) is not None),
            youngest=tuple(_age_row(a, env) for a in records.youngest),
            oldest=tuple(_age_row(a, env) for a in records.oldest),
            births_known=records.births_known,
            streaks=tuple(StreakRow(links.driver(s.driver), s.wins, links.race(s.first), s.first.date,
                                    links.race(s.last), s.last.date) for s in records.streaks),
            different_winners=tuple(WinnersRow(links.season(slug, season), n)
                                    for season, n in records.different_winners),
            laps_led=tuple(RaceRow(links.driver(r.driver), r.led, links.race(r.race), r.race.date)
                           for r in records.laps_led),
            leaders=Link("All-time leaders", links.href(urls.listing("leaders"))))
        path = urls.records(slug)
        description = (f"{series.name} records: most wins in a season, wins from the pole and from furthest back, "
                       "youngest and oldest winners, longest winning streaks, most different winners in a season "
                       "and most laps led in a race, each linked to its race.")
        return [Page(path, "records.html", RecordsPage(site_context(config), head(
            config, path, f"{series.name} records", description=description), view))]


def _age_row(win: AgedWin, env: Env) -> AgeRow:
    links = env.links
    return AgeRow(links.driver(win.driver), win.age.years, win.age.days, win.age.total,
                  links.race(win.race), win.race.date)
