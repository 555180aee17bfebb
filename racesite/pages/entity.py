"""Track, team and make pages.

Declares what each shows (`TrackInputs`, `GroupInputs`) and makes their typed contexts from that alone; the
figures come from `stats.entities`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from markupsafe import Markup

from .. import charts, urls
from ..model import EntityInfo, Race, Site
from ..stats import Stats
from ..stats.chartdata import winners_by_start
from ..stats.entities import Entry, group_figures, track_figures
from ..stats.rules import pole_winner, winner
from . import describe
from .kinds import Env, Output, Page, PageKey, Reuse
from .lines import About, LeaderRow, LineRow, WinRow, about, line_row, win_row
from .links import Head, Link, SiteContext, head, site_context


@dataclass(frozen=True)
class TrackInputs:
    name: str
    info: EntityInfo | None
    races: tuple[Race, ...]  # oldest first


@dataclass(frozen=True)
class HeldRow:
    race: Link
    date: dt.date
    series: Link
    winner: Link | None
    pole: Link | None


@dataclass(frozen=True)
class TrackTableView:
    key: str
    heading: str
    rows: tuple[LeaderRow, ...]
    decimals: int
    note: str


@dataclass(frozen=True)
class FastestView:
    driver: Link
    time: float
    mph: float | None
    race: Link
    date: dt.date


class StartRow(NamedTuple):
    start: int
    wins: int


@dataclass(frozen=True)
class StartsView:
    """Wins from each starting position: the chart and its numbers."""

    chart: Markup
    rows: tuple[StartRow, ...]  # front first, positions with a win
    unknown: int  # wins whose start is not known


@dataclass(frozen=True)
class TrackView:
    name: str
    about: About
    races: tuple[HeldRow, ...]  # newest first
    tables: tuple[TrackTableView, ...]
    fastest: FastestView | None
    starts: StartsView | None  # once a race there has a winner


@dataclass(frozen=True)
class TrackPage:
    site: SiteContext
    head: Head
    track: TrackView


class TrackPages:
    name = "track"
    heavy = False
    templates = ("track.html",)

    def pages(self, site: Site, stats: Stats, reuse: Reuse) -> Iterator[tuple[PageKey, TrackInputs]]:
        info = {e.name: e for e in site.entities if e.kind == "track"}
        for name in stats.index.tracks.slugs:
            yield PageKey("track", (name,)), TrackInputs(name, info.get(name), stats.index.track_races.get(name, ()))

    def make(self, inputs: TrackInputs, env: Env) -> list[Output]:
        links, config = env.links, env.config
        run = [race for race in inputs.races if race.results]
        figures = track_figures(run)
        held = tuple(HeldRow(links.race(r), r.date, links.series(r.series, short=True),
                             links.driver(w.driver) if (w := winner(r)) else None,
                             links.driver(p) if (p := pole_winner(r)) else None) for r in reversed(run))
        tables = tuple(TrackTableView(t.key, t.heading, tuple(LeaderRow(i, links.driver(r.name), r.value, r.starts)
                                                              for i, r in enumerate(t.rows, 1)), t.decimals, t.note)
                       for t in figures.tables)
        fastest = figures.fastest
        buckets, unknown = winners_by_start(run)
        starts = StartsView(charts.winners_by_start(buckets, chart_id="winners-by-start", unknown=unknown,
                                                    title=f"Winners at {inputs.name} by starting position"),
                            tuple(StartRow(b.start, b.wins) for b in buckets), unknown) if buckets or unknown else None
        view = TrackView(inputs.name, about(inputs.info, [("length", figures.length)] if figures.length else ()),
                         held, tables,
                         FastestView(links.driver(fastest.driver), fastest.time, fastest.mph, links.race(fastest.race),
                                     fastest.race.date) if fastest is not None else None, starts)
        path = urls.track(links.slug("track", inputs.name))
        wins = next(t.rows for t in figures.tables if t.key == "wins")
        description = describe.track(inputs.name, config, len(run), tuple(dict.fromkeys(r.series for r in run)),
                                     run[0].season if run else None, run[-1].season if run else None,
                                     (wins[0].name, int(wins[0].value)) if wins else None)
        return [Page(path, "track.html", TrackPage(site_context(config), head(config, path, inputs.name,
                                                                               description=description), view))]


@dataclass(frozen=True)
class GroupInputs:
    kind: str  # "team" or "make"
    name: str
    info: EntityInfo | None
    entries: tuple[Entry, ...]  # newest first


@dataclass(frozen=True)
class DriverTallyView:
    driver: Link
    starts: int
    wins: int


@dataclass(frozen=True)
class GroupView:
    kind: str
    label: str  # "Team" or "Manufacturer"
    name: str
    about: About
    totals: tuple[LineRow, ...]
    seasons: tuple[LineRow, ...]
    drivers: tuple[DriverTallyView, ...]
    wins: tuple[WinRow, ...]


@dataclass(frozen=True)
class GroupPage:
    site: SiteContext
    head: Head
    entity: GroupView


class GroupPages:
    """Team pages (`kind` "team") or make pages ("make")."""

    templates = ("entity.html",)
    heavy = False

    def __init__(self, kind: str) -> None:
        self.name = kind

    def pages(self, site: Site, stats: Stats, reuse: Reuse) -> Iterator[tuple[PageKey, GroupInputs]]:
        index = stats.index
        table, entries = (index.teams, index.team_races) if self.name == "team" else (index.makes, index.make_races)
        info = {e.name: e for e in site.entities if e.kind == self.name}
        for name in table.slugs:
            yield PageKey(self.name, (name,)), GroupInputs(self.name, name, info.get(name), entries.get(name, ()))

    def make(self, inputs: GroupInputs, env: Env) -> list[Output]:
        links, config, name = env.links, env.config, inputs.name
        figures = group_figures(inputs.entries, inputs.kind)
        careers = figures.careers
        series_slugs = careers.series_of(name)
        # The table shows one label cell: name the series too, as a team or make may race in several.
        seasons = tuple(line_row(line, links.season(s, year, f"{year} {links.series(s, short=True).text}"))
                        for s, year, line in careers.seasons_of.get(name, []))
        view = GroupView(
            inputs.kind, "Team" if inputs.kind == "team" else "Manufacturer", name, about(inputs.info),
            tuple(line_row(careers.career[(name, s)], links.series(s, short=True)) for s in series_slugs), seasons,
            tuple(DriverTallyView(links.driver(d.driver), d.starts, d.wins) for d in figures.drivers),
            tuple(win_row(entry, links) for entry in figures.wins))
        path = (urls.team if inputs.kind == "team" else urls.make)(links.slug(inputs.kind, name))
        description = describe.career(name, config, [(s, careers.career[(name, s)]) for s in series_slugs],
                                      (year for _, year, _ in careers.seasons_of.get(name, [])), inputs.kind)
        return [Page(path, "entity.html", GroupPage(site_context(config), head(config, path, name,
                                                                               description=description), view))]
