"""Every number and ordering the site shows, computed from the validated `Site`.

`compute(site)` computes what many pages share: names and their URL names, career lines, race facts, points,
records and leader tables, every season's championship as decided after every race (`champ_site`), each race's
line in the data export (`summary.race_lines`), and each story's text with its placeholders filled in. Figures a
single page shows (a driver's best track, a track's tables, a team's lines) are computed by that page from its own
races, with the functions of `entities`, `career` and `records`. What a win, a pole or a top 5 is: `rules`.
Nothing here formats for display or touches Jinja.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from ..errors import SourceError
from ..model import Race, RaceKey, Site, Story
from .career import Careers, season_careers
from .champ_site import Decided, champion_warnings, decide_site
from .facts import PLACEHOLDERS, Counted, KnownCareer, RaceFacts, compute_facts, fill_placeholders
from .index import Index, build_index, story_index, update_index
from .records import SeriesRecords, Table, births_of, leader_tables, series_records
from .rules import winner
from .spelling import name_counts, near_miss_warnings, near_misses
from .summary import RaceLine, race_lines


class MadeFrom(NamedTuple):
    """What stats were computed from: compared with the next build's (the live preview's) to keep what it can."""

    races: tuple[Race, ...]
    config: object
    entities: object
    baselines: object
    rules: object


@dataclass(frozen=True)
class Stats:
    index: Index
    careers: Careers  # drivers' lines; a team's or make's are computed by its page (`entities.group_figures`)
    facts: dict[RaceKey, RaceFacts]  # every race's, those not run yet too (what a qualifying report could know)
    known_careers: dict[tuple[str, str], KnownCareer]  # (driver, series): with `before` figures, as far as known
    points: dict[RaceKey, tuple[float | None, ...]]  # per result, as the championship counted it; None: not known
    records: dict[str, SeriesRecords]
    leaders: dict[str, tuple[Table, ...]]  # all-time leader tables of each series in the config
    winners: dict[tuple[str, int], int]  # different winners per (series, season)
    run: dict[tuple[str, int], int]  # races with results per (series, season)
    complete: frozenset[tuple[str, int]]  # seasons known to be over: a later season of the series is on the site
    bodies: dict[str, str]  # each story's body (by source) with its placeholders filled in
    championships: dict[tuple[str, int], Decided]  # each series season's, decided under its rules
    warnings: tuple[SourceError, ...]  # names that look misspelt, URL names shared
    errors: tuple[SourceError, ...]  # placeholders with no value or unknown
    race_lines: tuple[RaceLine, ...] = ()  # what the data export shows of each race, in the site's order
    made_from: MadeFrom | None = None  # the races, config, entities, baselines and rules
    near: tuple[tuple[tuple[str, ...], Counter[str]] | None, dict[str, tuple[str, int]]] = (None, {})  # names that
    # look misspelt, with what they come from (the known names, the rows naming each driver)
    counted: dict[str, Counted] = field(default_factory=dict)  # what each series' count of facts left for the next
    stories: tuple[Story, ...] = ()  # what the story lists of `index` were made from


def compute(site: Site, last: Stats | None = None) -> Stats:
    """Every figure of `site` shared by many pages. Races without results yet (upcoming) count in none.

    `last`: the stats of this process's last build (the live preview's); when they were computed from the very
    same races, config, entity files and baselines (an edit to a story's text), only the stories' bodies are
    made again."""
    made_from = MadeFrom(site.races, site.config, site.entities, site.baselines, site.rules)
    if last is not None and _same(last.made_from, made_from):
        errors: list[SourceError] = []
        index = replace(last.index, **story_index(site, (last.stories, last.index)))
        return replace(last, index=index, bodies=_bodies(site, last.facts, errors), errors=tuple(errors),
                       made_from=made_from, stories=site.stories)
    run = [race for race in site.races if race.results]
    comparable = _comparable(site, last)
    updated = update_index(comparable[0].index, comparable[1].races, site) if comparable is not None else None
    index = updated if updated is not None else build_index(site)
    unchanged = _unchanged_series(site, comparable)
    facts, known_careers, facts_left = _facts(site, comparable, unchanged)
    by_series: dict[str, list[Race]] = defaultdict(list)
    for race in run:
        by_series[race.series].append(race)
    known = [e.name for e in site.entities if e.kind == "driver"]
    then = last.made_from.races if last is not None and last.made_from is not None else None
    rows_then = (then, last.near[0][1]) if then is not None and last is not None and last.near[0] is not None else None
    seen = (tuple(known), name_counts(run, rows_then))  # (what the near misses depend on alone)
    near = last.near[1] if last is not None and last.near[0] == seen else near_misses(run, known, seen[1])
    careers = season_careers(index.seasons, last.careers if last is not None else None,
                             _unchanged_seasons(index, last))
    births = births_of((e.name, e.facts) for e in site.entities if e.kind == "driver")
    partial = {s.slug for s in site.config.series if not s.complete_history}
    problems: list[SourceError] = []
    bodies = _bodies(site, facts, problems)
    championships = decide_site(index.seasons, site.rules, site.config.series, site.config.points,
                                last.championships if last is not None else None)
    return Stats(
        index=index,
        careers=careers,
        facts=facts,
        known_careers=known_careers,
        points=_points(run, championships),
        records={slug: last.records[slug] if last is not None and slug in unchanged and slug in last.records else
                 series_records(slug, races, births, slug not in partial) for slug, races in sorted(by_series.items())},
        leaders={s.slug: last.leaders[s.slug] if last is not None and s.slug in unchanged and s.slug in last.leaders
                 else leader_tables(careers.by_series.get(s.slug, [])) for s in site.config.series},
        race_lines=race_lines(site.races, (then, last.race_lines) if then is not None and last is not None else None),
        winners={key: len({w.driver for r in races if (w := winner(r))}) for key, races in index.seasons.items()},
        run={key: sum(1 for race in races if race.results) for key, races in index.seasons.items()},
        complete=_complete_seasons(site, index),
        bodies=bodies,
        championships=championships,
        warnings=(*index.warnings, *near_miss_warnings(run, known, near, index.driver_races),
                  *champion_warnings(championships)),
        errors=tuple(problems),
        made_from=made_from,
        near=(seen, near),
        counted=facts_left,
        stories=site.stories,
    )


def _same(last: MadeFrom | None, now: MadeFrom) -> bool:
    """Whether two sites' numbers come from the same things: races read from the same data (their digests, in
    the same order) and equal config, entities, baselines and rules."""
    return last is not None and len(last.races) == len(now.races) and \
        all(a is b or a.digest == b.digest for a, b in zip(last.races, now.races)) and last[1:] == now[1:]


def _comparable(site: Site, last: Stats | None) -> tuple[Stats, MadeFrom] | None:
    """`last` (with what it was made from) when it was computed under the same config, entity files and baselines
    as `site`: a series' facts, records and leaders then depend on its races alone."""
    if last is None or last.made_from is None:
        return None
    then = last.made_from
    same = (then.config, then.entities, then.baselines) == (site.config, site.entities, site.baselines)
    return (last, then) if same else None


def _unchanged_series(site: Site, last: tuple[Stats, MadeFrom] | None) -> set[str]:
    """The series whose figures `last` holds as they are now: its races read from the same data, in the same order
    (under the same config, entity files and baselines: `_comparable`)."""
    if last is None:
        return set()
    old, new = _by_series(last[1].races), _by_series(site.races)
    return {s.slug for s in site.config.series if old.get(s.slug, []) == new.get(s.slug, [])}


def _facts(site: Site, last: tuple[Stats, MadeFrom] | None, unchanged: set[str]
           ) -> tuple[dict[RaceKey, RaceFacts], dict[tuple[str, str], KnownCareer], dict[str, Counted]]:
    """Every race's facts (in the site's order), the careers known whole and what each series' count left: an
    `unchanged` series keeps its facts; in the others, counted series by series, the count starts at the last
    state kept before the first race read from other data (`facts.Counted`), and a race read from the same data
    whose counts from the races before it are the same keeps its facts too."""
    stats = last[0] if last is not None else None
    same = None
    if last is not None:
        digests = {race.key: race.digest for race in last[1].races}
        same = {race.key: kept for race in site.races if race.series not in unchanged and
                digests.get(race.key) == race.digest and (kept := last[0].facts.get(race.key)) is not None}
    by_series: dict[str, list[Race]] = defaultdict(list)
    for race in site.races:
        by_series[race.series].append(race)
    facts: dict[RaceKey, RaceFacts] = {}
    known: dict[tuple[str, str], KnownCareer] = {}
    counted: dict[str, Counted] = {}
    for slug, races in by_series.items():
        if stats is not None and slug in unchanged and slug in stats.counted:
            counted[slug] = stats.counted[slug]
            facts.update((race.key, stats.facts[race.key]) for race in races)
            known.update((key, value) for key, value in stats.known_careers.items() if key[1] == slug)
            continue
        found, careers, counted[slug] = compute_facts(races, site.config.series, site.baselines, same,
                                                      stats.counted.get(slug) if stats is not None else None)
        facts.update(found)
        known.update(careers)
    return {race.key: facts[race.key] for race in site.races}, known, counted


def _by_series(races: Iterable[Race]) -> dict[str, list[tuple[RaceKey, str]]]:
    """Each series' races, by key and digest, in date order."""
    found: dict[str, list[tuple[RaceKey, str]]] = defaultdict(list)
    for race in races:
        found[race.series].append((race.key, race.digest))
    return found


def _unchanged_seasons(index: Index, last: Stats | None) -> Callable[[tuple[str, int]], bool]:
    """Whether a season's races are the ones `last` was computed from (read from the same data, in order)."""
    def same(key: tuple[str, int]) -> bool:
        if last is None:
            return False
        then, now = last.index.seasons.get(key), index.seasons.get(key)
        return then is not None and now is not None and len(then) == len(now) and \
            all(a is b or a.digest == b.digest for a, b in zip(then, now))
    return same


def _bodies(site: Site, facts: dict[RaceKey, RaceFacts], problems: list[SourceError]) -> dict[str, str]:
    """Each story's body with its placeholders filled in, as of when it was written."""
    dates = {race.key: race.date for race in site.races}
    bodies = {}
    for story in site.stories:
        race_facts = facts.get(story.race) or RaceFacts(values=dict.fromkeys(PLACEHOLDERS, ""))
        bodies[story.source] = fill_placeholders(story, race_facts, dates[story.race], problems)
    return bodies


def _complete_seasons(site: Site, index: Index) -> frozenset[tuple[str, int]]:
    """Seasons known to be over: a later season of the series is on the site, and the site has its whole history."""
    whole = {s.slug for s in site.config.series if s.complete_history}
    latest: dict[str, int] = {}
    for series, year in index.seasons:
        latest[series] = max(year, latest.get(series, year))
    return frozenset((s, y) for (s, y) in index.seasons if s in whole and y < latest[s])


def _points(run: list[Race], championships: dict[tuple[str, int], Decided]) -> dict[RaceKey, tuple[float | None, ...]]:
    """Each race's rows' points as its championship counted them; a race paying none (an exhibition, a skipped
    round) shows each row's own `pts`."""
    points = {key: found for decided in championships.values() for key, found in decided.summary.race_points}
    for race in run:
        if race.key not in points:
            points[race.key] = tuple(row.pts for row in race.results)
    return points
