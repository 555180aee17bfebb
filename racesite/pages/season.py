"""A season's page, its standings after every race, and its standings data file; and each series' page.

Declares what they show (`SeasonInputs`, `SeriesInputs`) and makes their typed contexts from that alone: the
championship as decided (`stats.champ_site`: tables, marks, playoff rounds, dropped results, the champion when the
site holds the whole season), shown through `champ_views`; the leaders from `stats.records`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from .. import urls
from ..feeds import FEED_ENTRIES, atom_feed
from ..model import Race, Series, Site
from ..stats import Stats
from ..stats.career import Line
from ..stats.champ_site import Decided, progression
from ..stats.records import SeriesRecords, Table, leader_tables
from ..stats.rules import pole_winner, winner
from .champ_views import (
    CountedView,
    DeductionView,
    ExclusionView,
    ProgressionView,
    RoundView,
    TableView,
    counted_view,
    deduction_views,
    exclusion_views,
    progression_view,
    round_views,
    table_view,
)
from .data import standings_file
from .items import Item, feed_entry, items, published
from .kinds import Env, Output, Page, PageKey, RawFile, Reuse
from .lines import LeaderView, leader_view
from .links import Head, Link, SiteContext, head, series_feed_link, site_context
from .records import WinnersRow

SESSION_LABELS = {"sprint": "Sprint", "feature": "Feature", "heat": "Heat", "duel": "Duel",
                  "qualifying": "Qualifying race", "exhibition": "Exhibition"}


@dataclass(frozen=True)
class SeasonInputs:
    series: Series
    year: int
    races: tuple[Race, ...]  # in round order, upcoming ones too
    decided: Decided  # the championship (its digest stands for it in the build plan)
    lines: tuple[tuple[str, Line], ...]  # each driver's season line, for the season's leader tables


@dataclass(frozen=True)
class ScheduleView:
    round: int
    session: str  # "Sprint", "Feature"... ("" for a round's only race)
    date: dt.date
    race: Link
    track: Link
    winner: Link | None
    pole: Link | None
    standings: str | None  # the standings after it, once it has results (and pays points)
    upcoming: bool  # not run yet: no results


@dataclass(frozen=True)
class SeasonView:
    year: int
    series: Link
    format: str  # the championship's name, e.g. "NASCAR Playoffs (Xfinity)" ("" when the site declares none)
    schedule: tuple[ScheduleView, ...]
    sessions: bool  # some round holds several races: the schedule shows each one's session
    champion: Link | None  # only when the site holds the whole season
    why_not: str  # why no champion is named
    leader: Link | None
    leader_label: str  # "Regular-season points leader", "Points leader after round 6"
    official: str  # a note when the order shown is the sanctioning body's, not the computed one
    differences: tuple[str, ...]  # where the results and rules alone give something else
    note: str  # what the rules say this season's table cannot reproduce
    heading: str  # "Final standings", "Standings after round 6"
    after: Link | None
    table: TableView | None
    regular: TableView | None  # the regular season, with the playoff field marked (playoff formats)
    playoffs: tuple[RoundView, ...]
    counted: CountedView | None
    deductions: tuple[DeductionView, ...]
    exclusions: tuple[ExclusionView, ...]
    progression: ProgressionView | None
    leaders: tuple[LeaderView, ...]


@dataclass(frozen=True)
class SeasonPage:
    site: SiteContext
    head: Head
    season: SeasonView


@dataclass(frozen=True)
class StandingsView:
    season: Link
    heading: str  # "Standings after round 6", "Standings after round 6, race 2 (feature)"
    race: Link
    final: bool  # the season's last race, the season whole: the final table, champion first
    table: TableView
    counted: CountedView | None
    deductions: tuple[DeductionView, ...]  # those taken so far
    previous: str | None
    next: str | None


@dataclass(frozen=True)
class StandingsPage:
    site: SiteContext
    head: Head
    standings: StandingsView


def race_label(race: Race) -> str:
    """'round 6', or 'round 6, race 2 (feature)' for a race of a round holding several."""
    label = f"round {race.round}" + (f", race {race.number}" if race.number > 1 else "")
    return label + (f" ({race.session})" if race.session != "race" else "")


class SeasonPages:
    name = "season"
    heavy = False
    templates = ("season.html", "standings.html")

    def pages(self, site: Site, stats: Stats, reuse: Reuse) -> Iterator[tuple[PageKey, SeasonInputs]]:
        for series in site.config.series:
            years = sorted({season for (slug, season) in stats.index.seasons if slug == series.slug}, reverse=True)
            for year in years:
                yield PageKey("season", (series.slug, year)), SeasonInputs(
                    series, year, stats.index.seasons[(series.slug, year)], stats.championships[(series.slug, year)],
                    tuple(stats.careers.by_season.get((series.slug, year), ())))

    def make(self, inputs: SeasonInputs, env: Env) -> list[Output]:
        links, config, slug, year = env.links, env.config, inputs.series.slug, inputs.year
        decided = inputs.decided
        champ = decided.championship
        rules, tables = champ.rules, champ.tables
        facts = rules.facts(year) if rules is not None else None
        shown = champ.final if decided.whole else champ.computed
        last = shown.race if shown is not None else None
        title = f"{year} {inputs.series.name}"
        counted = {table.race.key for table in tables}
        several = len({(r.round, r.number) for r in inputs.races}) > len({r.round for r in inputs.races})
        playoffs = rules is not None and rules.playoffs is not None
        leader_label = ("Regular-season points leader" if playoffs else "Points leader") if decided.leader_final \
            else f"Points leader after {race_label(last)}" if last is not None else "Points leader"
        view = SeasonView(
            year, links.series(slug), rules.title or "" if rules is not None else "",
            tuple(ScheduleView(r.round, SESSION_LABELS.get(r.session, ""), r.date, links.race(r, r.name),
                               links.track(r.track), links.driver(w.driver) if (w := winner(r)) else None,
                               links.driver(p) if (p := pole_winner(r)) else None,
                               links.href(urls.standings(slug, year, r.round, r.number))
                               if r.key in counted else None, not r.results)
                  for r in inputs.races),
            several, links.driver(decided.champion) if decided.champion else None, decided.why_not,
            links.driver(decided.leader) if decided.leader else None, leader_label,
            "The final order is the sanctioning body's official one; the results and rules alone give another "
            "(listed below)." if decided.whole and champ.official else "",
            champ.differences if decided.whole else (), facts.note if facts is not None else "",
            "Final standings" if decided.whole else f"Standings after {race_label(last)}" if last else "Standings",
            links.race(last, f"{last.name}, {race_label(last)}") if last is not None else None,
            table_view(shown, links.driver, playoffs) if shown is not None else None,
            table_view(champ.regular_season, links.driver, playoffs) if playoffs and champ.regular_season else None,
            round_views(champ.playoffs, links.driver, decided.champion),
            counted_view(shown.counted, champ.units, links.driver) if shown is not None else None,
            deduction_views(champ.deductions, links.driver), exclusion_views(champ.exclusions, links.driver),
            progression_view(progression(champ, shown), links.driver, f"{title}: points after each race"),
            tuple(leader_view(t, links.driver) for t in leader_tables(inputs.lines)))
        path = urls.season(slug, year)
        feeds = (series_feed_link(config, slug),)
        out: list[Output] = [Page(path, "season.html", SeasonPage(site_context(config),
                                                                  head(config, path, title, feeds=feeds), view))]
        hrefs = [urls.standings(slug, year, t.race.round, t.race.number) for t in tables]
        for at, table in enumerate(tables):
            race, final = table.race, decided.whole and at == len(tables) - 1
            if final and champ.final is not None:
                table = champ.final
            heading = f"Standings after {race_label(race)}"
            standings = StandingsView(
                links.season(slug, year, title), heading, links.race(race), final,
                table_view(table, links.driver, playoffs),
                counted_view(table.counted, champ.units, links.driver),
                deduction_views(champ.deductions, links.driver, None if final else race.round),
                links.href(hrefs[at - 1]) if at > 0 else None,
                links.href(hrefs[at + 1]) if at + 1 < len(tables) else None)
            out.append(Page(hrefs[at], "standings.html", StandingsPage(
                site_context(config), head(config, hrefs[at], f"{title} standings after {race_label(race)}",
                                           feeds=feeds), standings)))
        out.append(standings_file(slug, year, decided, tables))
        return out


@dataclass(frozen=True)
class SeasonSummary:
    year: int
    run: int  # how many races have results
    winners: int
    champion: str | None  # named only when the site holds the whole season
    leader: str | None  # the regular-season points leader (so far)


@dataclass(frozen=True)
class SeriesInputs:
    series: Series
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
    heavy = False
    templates = ("series.html",)

    def pages(self, site: Site, stats: Stats, reuse: Reuse) -> Iterator[tuple[PageKey, SeriesInputs]]:
        by_key = {race.key: race for race in site.races}
        for series in site.config.series:
            slug = series.slug
            years = sorted({season for (s, season) in stats.index.seasons if s == slug}, reverse=True)
            seasons = tuple(SeasonSummary(year, stats.run[(slug, year)], stats.winners[(slug, year)],
                                          stats.championships[(slug, year)].champion,
                                          stats.championships[(slug, year)].leader) for year in years)
            races = [race for race in site.races if race.series == slug]
            stories = [story for story in site.stories if story.race.series == slug]
            yield PageKey("series", (slug,)), SeriesInputs(
                series, seasons, stats.leaders[slug], stats.records.get(slug),
                published(items(races, stories, by_key), FEED_ENTRIES))

    def make(self, inputs: SeriesInputs, env: Env) -> list[Output]:
        links, config, series = env.links, env.config, inputs.series
        records = inputs.records
        rows = []
        for s in inputs.seasons:
            rows.append(SeasonRow(links.season(series.slug, s.year, str(s.year)), s.run, s.winners,
                                  links.driver(s.champion) if s.champion else None,
                                  links.driver(s.leader) if s.leader else None))
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
