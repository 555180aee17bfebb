"""Every number and ordering a page shows, computed from the validated `Site`.

`compute(site)` is the only entry point; submodules own one kind of figure
each. Nothing here formats for display or touches Jinja. Every number comes
from the races' data; only `bodies` (placeholders filled in) comes from the
recaps' prose, so a site whose data is unchanged reuses its numbers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from ..errors import SourceError
from ..model import PointsSystem, Race, Site
from .career import Careers, compute_careers
from .facts import RaceFacts, compute_facts, fill_placeholders
from .index import Index, build_index
from .records import SeriesRecords, Table, leader_tables, series_records
from .spelling import near_miss_warnings, near_misses
from .standings import RoundStandings, StandingsBook, result_points, system_for
from .update import edited, update_careers, update_facts, update_index


@dataclass(frozen=True)
class Stats:
    index: Index
    drivers: Careers  # teams' and makes' lines are computed by their pages (`career.entity_careers`)
    facts: dict[tuple[str, int, int], RaceFacts]
    bodies: dict[tuple[str, int, int], str]  # recap bodies with placeholders filled in
    points: dict[tuple[str, int, int], tuple[float | None, ...]]  # per result, as counted; None: not known
    standings: StandingsBook  # (series, season) -> standings after each round, computed on lookup
    records: dict[str, SeriesRecords]
    leaders: dict[str, tuple[Table, ...]]  # all-time leader tables of each series in the config
    winners: dict[tuple[str, int], int]  # different winners per (series, season)
    complete: frozenset[tuple[str, int]]  # seasons with a later season of the same series
    data_warnings: tuple[SourceError, ...]  # names that look misspelt, URL names shared
    near: dict[str, tuple[str, int]]  # names that look misspelt -> (the likelier name, rows naming them)
    body_problems: tuple[SourceError, ...] = ()  # placeholders in the prose with no value

    @property
    def warnings(self) -> tuple[SourceError, ...]:
        return (*self.data_warnings, *(p for p in self.body_problems if p.severity == "warning"))

    @property
    def errors(self) -> tuple[SourceError, ...]:
        return tuple(p for p in self.body_problems if p.severity == "error")

    def final_standings(self, series: str, season: int) -> RoundStandings | None:
        return self.standings.final((series, season))

    def champion(self, series: str, season: int) -> str | None:
        """The points leader after the final round, once the season is complete."""
        final = self.final_standings(series, season)
        if final is None or (series, season) not in self.complete or not final.rows:
            return None
        return final.rows[0].driver


def _complete_seasons(site: Site, index: Index) -> frozenset[tuple[str, int]]:
    """Seasons known to be over: a later season of the series is on the site, and the site has its whole history."""
    whole = {s.slug for s in site.config.series if s.complete_history}
    latest: dict[str, int] = {}
    for series, year in index.seasons:
        latest[series] = max(year, latest.get(series, year))
    return frozenset((s, y) for (s, y) in index.seasons if s in whole and y < latest[s])


def _known_points(race: Race, systems: tuple[PointsSystem, ...]) -> tuple[float | None, ...]:
    """Each result's points as the standings count them; None for a row with no `pts` and no points system."""
    system = system_for(systems, race.series, race.season)
    awarded = result_points(race, system)
    return tuple(p if system is not None or r.pts is not None else None for r, p in zip(race.results, awarded))


def compute(site: Site, same_data: Stats | None = None, last: tuple[Site, Stats] | None = None) -> Stats:
    """Every figure of `site`. `same_data`: the stats of a site whose races' data, config and entity files are
    the same as this one's (only recap prose differs), whose numbers are reused; only the bodies are filled in.
    `last`: an earlier site and its stats; when `site` is that site with some races' data edited in place
    (`update.edited`), only what those races touch is computed again."""
    if same_data is not None:
        numbers = same_data
    else:
        pairs = edited(last[0], site) if last is not None else None
        numbers = _numbers_after(site, last[1], pairs) if last is not None and pairs is not None else _numbers(site)
    problems: list[SourceError] = []
    bodies = {race.key: fill_placeholders(race, numbers.facts[race.key], problems) for race in site.races}
    return replace(numbers, bodies=bodies, body_problems=tuple(problems))


def _numbers(site: Site) -> Stats:
    index = build_index(site)
    races = site.races
    facts = compute_facts(races, site.config.series, site.baselines)
    by_series: dict[str, list[Race]] = defaultdict(list)
    for race in races:
        by_series[race.series].append(race)
    known = _known(site)
    near = near_misses(races, known)
    drivers = compute_careers(races)
    return Stats(
        index=index,
        drivers=drivers,
        facts=facts,
        bodies={},
        points={race.key: _known_points(race, site.config.points) for race in races},
        standings=StandingsBook(index.seasons, site.config.points),
        records={slug: series_records(slug, rounds) for slug, rounds in sorted(by_series.items())},
        leaders={s.slug: leader_tables(drivers.by_series.get(s.slug, [])) for s in site.config.series},
        winners={key: len({r.winner.driver for r in rounds if r.winner}) for key, rounds in index.seasons.items()},
        complete=_complete_seasons(site, index),
        data_warnings=(*index.warnings, *near_miss_warnings(races, known, near, index.driver_races)),
        near=near,
    )


def _known(site: Site) -> list[str]:
    return [e.name for e in site.entities if e.kind == "driver"]


def _numbers_after(site: Site, last: Stats, pairs: list[tuple[Race, Race]]) -> Stats:
    """The numbers of `site`, which is `last`'s site with the races in `pairs` edited (see `update`)."""
    index = update_index(last.index, pairs, site.races)
    series = {new.series for _, new in pairs}
    seasons = {(new.series, new.season) for _, new in pairs}
    points = dict(last.points)
    for _, new in pairs:
        points[new.key] = _known_points(new, site.config.points)
    drivers = update_careers(last.drivers, index, pairs)
    records, leaders = dict(last.records), dict(last.leaders)
    for slug in series:
        records[slug] = series_records(slug, [race for race in site.races if race.series == slug])
        leaders[slug] = leader_tables(drivers.by_series.get(slug, []))
    winners = dict(last.winners)
    for key in seasons:
        winners[key] = len({r.winner.driver for r in index.seasons[key] if r.winner})
    return replace(
        last, index=index, drivers=drivers, facts=update_facts(last.facts, site, pairs), points=points,
        standings=last.standings.after_edit(index.seasons, seasons), records=records, leaders=leaders,
        winners=winners,
        data_warnings=(*index.warnings,
                       *near_miss_warnings(site.races, _known(site), last.near, index.driver_races)))
