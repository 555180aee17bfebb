"""Numbers after an edit to some races' data, computed from the last build's instead of from scratch.

Owns `edited` (is the new site the old one with some races' data changed in place?) and the updates of
the index, the drivers' lines and the facts for such an edit. An edit is followed when every race keeps
its file, key, date, name, place in the order and the names it mentions (a lap count, a finishing order,
a status or a starting spot fixed): then the only numbers that can change are those of the edited races'
drivers, seasons and series. Anything else (a race added or removed, a name changed, the config or an
entity file) gives None, and `compute` does the whole. The result must equal what the whole computation
gives (the tests compare them). Must not format, read files or know about pages.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any, TypeVar

from ..model import Race, Result, Site
from .career import Careers, Line, Tally, entity_careers
from .facts import RaceFacts, compute_facts, race_facts
from .index import Index

Pair = tuple[Race, Race]  # (as the last build had it, as it is now)
K = TypeVar("K")
R = TypeVar("R", bound=tuple[Any, ...])


def edited(old: Site, new: Site) -> list[Pair] | None:
    """The races that differ between `old` and `new` (each as (old, new)), when the edit is of the kind this
    module follows; None otherwise."""
    if (old.config, old.entities, old.baselines) != (new.config, new.entities, new.baselines):
        return None
    if len(old.races) != len(new.races):
        return None
    pairs = []
    for before, after in zip(old.races, new.races):
        if before is after:
            continue
        if _shape(before) != _shape(after):
            return None
        pairs.append((before, after))
    return pairs


def _shape(race: Race) -> tuple[object, ...]:
    """What an edit must keep for the other races' numbers to follow from the edited ones alone: the file,
    identity and place, and every name the race mentions (a driver as many times as before)."""
    results = race.results
    return (race.source, race.key, race.date, race.name, race.track,
            tuple(sorted(r.driver for r in results)), frozenset(r.team for r in results),
            frozenset(r.make for r in results), frozenset(q.driver for q in race.qualifying),
            frozenset(d for stage in race.stages for d in stage.top), frozenset(p.driver for p in race.penalties))


def update_index(index: Index, pairs: Sequence[Pair], races: Sequence[Race]) -> Index:
    """`index` with each edited race (and its results) in place of the old one; slugs are unchanged. `races`: the
    new site's, in order (an edit keeps every race's place)."""
    seasons, tracks = dict(index.seasons), dict(index.track_races)
    by_name = {"driver": dict(index.driver_races), "team": dict(index.team_races), "make": dict(index.make_races)}
    place = {id(race): at for at, race in enumerate(races)}
    place.update((id(old), place[id(new)]) for old, new in pairs)
    for old, new in pairs:
        season = (new.series, new.season)
        seasons[season] = _swapped(seasons[season], old, new)
        tracks[new.track] = _swapped(tracks[new.track], old, new)
        for key, entries in by_name.items():
            for name in sorted({getattr(r, key) for r in new.results if getattr(r, key)}):
                entries[name] = _swapped_entries(entries[name], old, new, key, name, place)
    return Index(index.drivers, index.tracks, index.teams, index.makes, seasons, by_name["driver"],
                 by_name["team"], by_name["make"], tracks, index.positions)


def _swapped(races: tuple[Race, ...], old: Race, new: Race) -> tuple[Race, ...]:
    return tuple(new if race is old else race for race in races)


def _swapped_entries(entries: tuple[tuple[Race, Result], ...], old: Race, new: Race, key: str, name: str,
                     place: dict[int, int]) -> tuple[tuple[Race, Result], ...]:
    """A name's (race, result) entries, newest first, with `old`'s rows replaced by `new`'s (as `build_index`
    orders them: a race's rows for one name together, in reverse results order). `place`: each race's place in
    the site's order, by id: the entries' block for `old` is found by bisection (a make has tens of thousands)."""
    mine = tuple((new, r) for r in reversed(new.results) if getattr(r, key) == name)
    at = place[id(old)]
    first = bisect.bisect_left(entries, -at, key=lambda entry: -place[id(entry[0])])
    after = first
    while after < len(entries) and entries[after][0] is old:
        after += 1
    return entries[:first] + mine + entries[after:]


def update_careers(careers: Careers, index: Index, pairs: Sequence[Pair]) -> Careers:
    """`careers` with the lines of every driver in an edited race, in its season, computed again from `index`
    (already updated), and their careers in its series summed again from their seasons."""
    names = {r.driver for _, new in pairs for r in new.results}
    seasons = sorted({(new.series, new.season) for _, new in pairs})
    part = entity_careers([(race, row) for season in seasons for race in index.seasons[season]
                           for row in race.results if row.driver in names], "driver")
    season_lines = {**careers.season, **part.season}
    seasons_of = _merged(careers.seasons_of, part.seasons_of)
    edited_series = {series for series, _ in seasons}
    career: dict[tuple[str, str], Line] = {}
    for name in sorted(names):
        tallies: dict[str, Tally] = {}
        for series, _, line in seasons_of[name]:
            if series in edited_series:
                tallies.setdefault(series, Tally()).add_line(line)
        career.update(((name, series), tally.line()) for series, tally in tallies.items())
    by_series: dict[str, list[tuple[str, Line]]] = {}
    for (name, series), line in career.items():
        by_series.setdefault(series, []).append((name, line))
    return Careers(career={**careers.career, **career}, season=season_lines, seasons_of=seasons_of,
                   by_season=_merged(careers.by_season, part.by_season),
                   by_series=_merged(careers.by_series, by_series))


def _merged(old: dict[K, list[R]], new: dict[K, list[R]]) -> dict[K, list[R]]:
    """Lists of rows by key, each row a label ((name,) or (series, season)) and a line: `old`'s, with the rows
    of `new` in place of those with the same label (same labels, same order)."""
    out = dict(old)
    for key, rows in new.items():
        again = {row[:-1]: row for row in rows}
        out[key] = [again.get(row[:-1], row) for row in old[key]]
    return out


def update_facts(facts: dict[tuple[str, int, int], RaceFacts], site: Site,
                 pairs: Sequence[Pair]) -> dict[tuple[str, int, int], RaceFacts]:
    """`facts` with those an edit changes: when every edit in a series kept its race's winner and pole, the
    counts each race's facts take from the races before it are as they were, so the edited races' facts are
    made again from their counts; otherwise the series' facts are computed again (a series' counts depend on its
    races alone). Unchanged facts keep their objects."""
    out = dict(facts)
    names = {s.slug: s.name for s in site.config.series}
    for series in sorted({new.series for _, new in pairs}):
        edits = [(old, new) for old, new in pairs if new.series == series]
        if all(_winner(old) == _winner(new) and old.pole == new.pole for old, new in edits):
            again = {new.key: race_facts(new, facts[new.key].counts, names.get(series, series)) for _, new in edits}
        else:
            races = [race for race in site.races if race.series == series]
            again = compute_facts(races, site.config.series, site.baselines)
        out.update((key, value) for key, value in again.items() if value != facts[key])
    return out


def _winner(race: Race) -> str | None:
    return race.winner.driver if race.winner else None
