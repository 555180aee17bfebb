"""Every number and ordering the site shows, computed from the validated `Site`.

`compute(site)` computes what many pages share: names and their URL names, career lines, race facts, points,
each season's final table, records and leader tables, and each story's text with its placeholders filled in.
Figures a single page shows (a driver's best track, a track's tables, a team's lines, a season's standings after
every round) are computed by that page from its own entries, with the functions of `entities`, `career`,
`records` and `standings`. What a win, a pole or a top 5 is: `rules`. Nothing here formats for display or
touches Jinja.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..errors import SourceError
from ..model import PointsSystem, Race, RaceKey, Site
from .career import Careers, compute_careers
from .facts import PLACEHOLDERS, RaceFacts, compute_facts, fill_placeholders
from .index import Index, build_index
from .records import SeriesRecords, Table, leader_tables, series_records
from .rules import winner
from .spelling import near_miss_warnings, near_misses
from .standings import RoundStandings, final_standings, result_points, system_for


@dataclass(frozen=True)
class Stats:
    index: Index
    careers: Careers  # drivers' lines; a team's or make's are computed by its page (`entities.group_figures`)
    facts: dict[RaceKey, RaceFacts]
    points: dict[RaceKey, tuple[float | None, ...]]  # per result, as counted; None: not known
    finals: dict[tuple[str, int], RoundStandings | None]  # each season's standings after its last race run
    records: dict[str, SeriesRecords]
    leaders: dict[str, tuple[Table, ...]]  # all-time leader tables of each series in the config
    winners: dict[tuple[str, int], int]  # different winners per (series, season)
    complete: frozenset[tuple[str, int]]  # seasons known to be over: a later season of the series is on the site
    bodies: dict[str, str]  # each story's body (by source) with its placeholders filled in
    warnings: tuple[SourceError, ...]  # names that look misspelt, URL names shared
    errors: tuple[SourceError, ...]  # placeholders with no value or unknown

    def champion(self, series: str, season: int) -> str | None:
        """The points leader after the final round, once the season is complete."""
        final = self.finals.get((series, season))
        if final is None or (series, season) not in self.complete or not final.rows:
            return None
        return final.rows[0].driver

    def points_leader(self, series: str, season: int) -> str | None:
        final = self.finals.get((series, season))
        return final.rows[0].driver if final is not None and final.rows else None


def compute(site: Site) -> Stats:
    """Every figure of `site` shared by many pages. Races without results yet (upcoming) count in none."""
    run = [race for race in site.races if race.results]
    index = build_index(site)
    facts = compute_facts(run, site.config.series, site.baselines)
    by_series: dict[str, list[Race]] = defaultdict(list)
    for race in run:
        by_series[race.series].append(race)
    known = [e.name for e in site.entities if e.kind == "driver"]
    near = near_misses(run, known)
    careers = compute_careers(run)
    problems: list[SourceError] = []
    bodies = {}
    for story in site.stories:
        race_facts = facts.get(story.race) or RaceFacts(values=dict.fromkeys(PLACEHOLDERS, ""))  # (not run yet)
        bodies[story.source] = fill_placeholders(story, race_facts, problems)
    return Stats(
        index=index,
        careers=careers,
        facts=facts,
        points={race.key: _known_points(race, site.config.points) for race in run},
        finals={key: final_standings(races, site.config.points) for key, races in index.seasons.items()},
        records={slug: series_records(slug, races) for slug, races in sorted(by_series.items())},
        leaders={s.slug: leader_tables(careers.by_series.get(s.slug, [])) for s in site.config.series},
        winners={key: len({w.driver for r in races if (w := winner(r))}) for key, races in index.seasons.items()},
        complete=_complete_seasons(site, index),
        bodies=bodies,
        warnings=(*index.warnings, *near_miss_warnings(run, known, near, index.driver_races)),
        errors=tuple(problems),
    )


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
