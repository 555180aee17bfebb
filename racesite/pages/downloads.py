"""The downloads: the site's data as one SQLite database and CSV files (races, results, drivers, tracks, teams,
standings), and the page that offers them (data/, beside the JSON export).

Declares what they hold (`DownloadsInputs`) and makes the rows from those inputs alone, with the figures `stats`
computed (points as the standings count them, each season's table after its last race on the site, as `stats`
decided the championship); the columns and the writing are `racesite.datafiles`'. Must not compute stats.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .. import urls
from ..datafiles import TABLES, Value, csv_bytes, sqlite_bytes
from ..model import EntityInfo, Race, Site
from ..stats import Stats
from ..stats.career import Line
from ..stats.champ_site import Decided
from ..stats.champ_tables import Line as StandingsLine
from ..stats.champ_tables import Table
from ..stats.rules import pole_winner, winner
from ..stats.summary import summaries, total_line
from .kinds import Env, Output, Page, PageKey, RawFile, Reuse
from .links import Head, Link, SiteContext, head, race_path, site_context

DATABASE = "data/site.sqlite"
CSV_FOLDER = "data/csv/"
JSON_FILES = (("data/drivers.json", "Every driver's career line in each series"),
              ("data/races.json", "Every race: date, track, winner, pole"))


@dataclass(frozen=True)
class DownloadsInputs:
    races: tuple[Race, ...]  # every race, in the site's order
    points: tuple[tuple[float | None, ...], ...]  # per race, per result: as the standings counted them
    drivers: tuple[tuple[str, tuple[tuple[str, Line], ...]], ...]  # (name, career line per series), by name
    info: tuple[EntityInfo, ...]  # the driver and track files
    standings: tuple[tuple[str, int, tuple[StandingsLine, ...]], ...]  # each season's table after its last race
    complete: frozenset[tuple[str, int]]  # seasons known to be over


@dataclass(frozen=True)
class FileRow:
    link: Link
    what: str
    rows: int | None  # rows in a table (None: a JSON file)
    size: int | None  # bytes (None: not made with this page)


class ColumnRow(NamedTuple):
    name: str
    type: str
    doc: str


@dataclass(frozen=True)
class TableView:
    name: str
    file: FileRow  # the table as CSV
    columns: tuple[ColumnRow, ...]


@dataclass(frozen=True)
class DownloadsView:
    database: FileRow
    tables: tuple[TableView, ...]
    json: tuple[FileRow, ...]


@dataclass(frozen=True)
class DownloadsPage:
    site: SiteContext
    head: Head
    downloads: DownloadsView


TABLE_DOCS = {"races": "One row per race", "results": "One row per car in each race's results",
              "drivers": "One row per driver: totals over every series", "tracks": "One row per track",
              "teams": "One row per team", "standings": "Each season's standings after its last round on the site"}


class DownloadsPages:
    name = "downloads"
    heavy = True  # one page of it takes seconds: worth a worker of its own
    templates = ("downloads.html",)

    def pages(self, site: Site, stats: Stats, reuse: Reuse) -> Iterator[tuple[PageKey, DownloadsInputs]]:
        def gather() -> DownloadsInputs:
            careers = stats.careers
            drivers = tuple((name, careers.lines_of(name))
                            for name in sorted(stats.index.drivers.slugs))
            return DownloadsInputs(
                site.races, tuple(stats.points.get(race.key, ()) for race in site.races), drivers,
                tuple(e for e in site.entities if e.kind in ("driver", "track")),
                tuple((series, season, table.lines) for (series, season), decided in sorted(stats.championships.items())
                      if (table := _last_table(decided)) is not None),
                stats.complete)

        # (a story's edit leaves the stats as they were: the inputs are taken again)
        key = PageKey("downloads")
        yield key, reuse.inputs(key, (stats.careers, stats.points, stats.championships, stats.index.drivers),
                                (site.races, site.entities, stats.complete), gather)

    def make(self, inputs: DownloadsInputs, env: Env) -> list[Output]:
        tables = table_rows(inputs, env)
        database = RawFile(DATABASE, sqlite_bytes(tables))
        files: list[Output] = [database]
        shown = []
        links, config = env.links, env.config
        for name, columns in TABLES.items():
            path = f"{CSV_FOLDER}{name}.csv"
            data = csv_bytes(name, tables[name])
            files.append(RawFile(path, data))
            shown.append(TableView(name, FileRow(Link(f"{name}.csv", links.href(path)), TABLE_DOCS[name],
                                                 len(tables[name]), len(data)),
                                   tuple(ColumnRow(c.name, c.type, c.doc) for c in columns)))
        view = DownloadsView(
            FileRow(Link("site.sqlite", links.href(DATABASE)), "every table below in one file", None,
                    len(database.data)),
            tuple(shown),
            tuple(FileRow(Link(path.rpartition("/")[2], links.href(path)), what, None, None)
                  for path, what in JSON_FILES))
        description = (f"Download {config.title}'s data: a SQLite database and CSV files of every race, result, "
                       "driver, track, team and season's standings, and the JSON export.")
        page = Page(urls.DOWNLOADS, "downloads.html", DownloadsPage(
            site_context(config), head(config, urls.DOWNLOADS, "Data downloads", description=description), view))
        return [page, *files]


def table_rows(inputs: DownloadsInputs, env: Env) -> dict[str, list[Sequence[Value]]]:
    """Every table's rows, in the columns' order of `TABLES`."""
    links = env.links
    base = links.base
    races: list[Sequence[Value]] = []
    results: list[Sequence[Value]] = []
    for number, (race, points) in enumerate(zip(inputs.races, inputs.points), 1):
        won = winner(race)
        races.append((number, race.series, race.season, race.round, race.date.isoformat(), race.name, race.track,
                      race.laps, race.laps_run, len(race.results), won.driver if won else None, pole_winner(race),
                      base + race_path(race)))
        head = (number, race.series, race.season, race.round)
        for row, (r, pts) in enumerate(zip(race.results, points or (None,) * len(race.results)), 1):
            results.append((*head, row, r.fin, r.st, r.car, r.driver, r.team, r.make, r.laps, r.led, r.status,
                            None if pts is None else _whole(pts)))
    facts = {(e.kind, e.name): dict(e.facts) for e in inputs.info}
    found = summaries(inputs.races)
    drivers: list[Sequence[Value]] = []
    for name, careers in inputs.drivers:
        given = facts.get(("driver", name), {})
        total = total_line(line for _, line in careers)
        span = found.drivers.get(name)
        born = given.get("birth_date")
        drivers.append((name, links.slug("driver", name), links.driver(name).href, born.isoformat() if born else None,
                        _text(given.get("hometown")), _text(given.get("country")), total.starts, total.wins,
                        total.poles, total.top5, total.top10, total.laps_led, span.first if span else None,
                        span.last if span else None))
    lengths: dict[str, float] = {}
    for race in inputs.races:
        if race.track_length and race.track not in lengths:
            lengths[race.track] = race.track_length
    tracks: list[Sequence[Value]] = []
    for name in sorted(links.tables["track"][0].slugs):
        given = facts.get(("track", name), {})
        span = found.tracks.get(name)
        length = given.get("length", lengths.get(name))
        tracks.append((name, links.slug("track", name), links.track(name).href,
                       _whole(float(length)) if isinstance(length, (int, float)) else None,
                       _text(given.get("location")),
                       span.starts if span else 0, span.first if span else None, span.last if span else None))
    teams: list[Sequence[Value]] = []
    for name in sorted(links.tables["team"][0].slugs):
        span = found.teams.get(name)
        teams.append((name, links.slug("team", name), links.named("team", name).href, span.starts if span else 0,
                      span.wins if span else 0, span.first if span else None, span.last if span else None))
    standings: list[Sequence[Value]] = []
    for series, season, lines in inputs.standings:
        done = int((series, season) in inputs.complete)
        for s in lines:
            standings.append((series, season, s.pos, s.driver, _whole(s.points), s.starts, s.wins, s.top5, s.top10,
                              s.poles, s.laps_led, round(s.avg_finish, 1) if s.avg_finish else None, done))
    return {"races": races, "results": results, "drivers": drivers, "tracks": tracks, "teams": teams,
            "standings": standings}


def _last_table(decided: Decided) -> Table | None:
    """A season's table after its last race on the site: the final one (in the official order where one is
    declared) when the site holds the whole season, else the table as computed so far."""
    return decided.summary.final if decided.whole else decided.summary.computed


def _whole(value: float) -> float | int:
    """A whole number as an int (written "55" in the CSV, not "55.0"; the database's REAL columns store it as a
    real all the same)."""
    return int(value) if math.isfinite(value) and value == int(value) else value


def _text(value: object) -> str | None:
    return None if value is None else str(value)
