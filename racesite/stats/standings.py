"""Points and standings after every round of a series season.

Points for a result are the recap's `pts` when given (the official figure,
penalties included); otherwise they come from the series' points system for
that season in site.yml (finishing position, a lap led, most laps led, pole,
stage finishes). Standings order: points, then wins, then 2nd places, 3rd
places and so on (countback), then name so the order is always the same.
Playoff resets are not modelled. Must not format.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from ..model import PointsSystem, Race, Result
from .race import most_laps_led


class Standing(NamedTuple):
    """One driver's line in the standings after a round (a named tuple: a long history has ~500k)."""

    pos: int
    driver: str
    points: float
    gap: float  # behind the leader
    starts: int
    wins: int
    top5: int
    top10: int
    poles: int
    laps_led: int
    avg_finish: float | None
    change: int | None  # places gained since the previous round; None when new to the table


@dataclass(frozen=True)
class RoundStandings:
    race: Race
    rows: tuple[Standing, ...]


def system_for(systems: Sequence[PointsSystem], series: str, season: int) -> PointsSystem | None:
    if not systems:
        return None
    return next((s for s in systems if s.series == series and s.covers(season)), None)


def race_points(race: Race, system: PointsSystem | None) -> dict[int, float]:
    """Points by finishing position: the stated `pts`, else the system's award, else 0."""
    return {result.fin: points for result, points in zip(race.results, result_points(race, system))}


def result_points(race: Race, system: PointsSystem | None) -> list[float]:
    """Points for each result in `race.results` order (tied positions in historical data each keep theirs)."""
    leader = most_laps_led(race)
    out: list[float] = []
    for result in race.results:
        if result.pts is not None:
            out.append(result.pts)
        elif system is not None:
            out.append(_award(race, result, system, leader))
        else:
            out.append(0)
    return out


def _award(race: Race, result: Result, system: PointsSystem, leader: tuple[str, int] | None) -> float:
    points = system.positions[result.fin - 1] if result.fin <= len(system.positions) else 0
    if result.led and system.led_lap:
        points += system.led_lap
    if leader and leader[0] == result.driver:
        points += system.most_led
    if result is race.pole_row:
        points += system.pole
    for stage_pos in result.stages or _stage_places(race, result.driver):
        if stage_pos is not None and stage_pos <= len(system.stage):
            points += system.stage[stage_pos - 1]
    return points


def _stage_places(race: Race, driver: str) -> list[int]:
    """Where a driver placed in each stage of the recap's `stages:` block (results without s1/s2/s3 columns)."""
    return [stage.top.index(driver) + 1 for stage in race.stages if driver in stage.top]


class _Row:
    __slots__ = ("driver", "finish_sum", "laps_led", "minus_points", "places", "points", "poles", "shown", "starts",
                 "top5", "top10", "wins")

    def __init__(self, driver: str, width: int) -> None:
        self.driver = driver
        self.points = self.minus_points = self.shown = 0.0  # the sort key and the shown figure follow points
        self.starts = self.poles = self.laps_led = self.finish_sum = self.wins = self.top5 = self.top10 = 0
        self.places: list[int] = [0] * width  # places[i]: times finished (i+1)th, negated for sorting

    def finish(self, fin: int, points: float) -> None:
        self.points += points
        self.minus_points = -self.points
        self.shown = _clean(self.points)
        self.starts += 1
        self.finish_sum += fin
        self.places[fin - 1] -= 1
        if fin <= 10:
            self.top10 += 1
            if fin <= 5:
                self.top5 += 1
                if fin == 1:
                    self.wins += 1


# Standings order: points, then most wins, most 2nds... (equal-length lists compare place by place), then name.
_ORDER = attrgetter("minus_points", "places", "driver")
_new = tuple.__new__  # a Standing from a tuple of its fields, without the keyword-parsing constructor


def season_standings(races: Sequence[Race], systems: Sequence[PointsSystem],
                     last: int | None = None) -> list[RoundStandings]:
    """Standings after each race of one series season (races in round order); with `last`, only after the
    last `last` races (the round before them is still ranked, for the position change)."""
    width = max((r.fin for race in races for r in race.results), default=0)  # every row's places list is this long
    first_kept = 0 if last is None else len(races) - last
    rows: dict[str, _Row] = {}
    previous: dict[str, int] = {}
    out = []
    for at, race in enumerate(races):
        points = result_points(race, system_for(systems, race.series, race.season))
        pole_row = race.pole_row
        for result, awarded in zip(race.results, points):
            row = rows.get(result.driver) or rows.setdefault(result.driver, _Row(result.driver, width))
            row.finish(result.fin, awarded)
            row.laps_led += result.led or 0
            if result is pole_row:
                row.poles += 1
        if at < first_kept - 1:
            continue  # neither shown nor needed for the next round's position change
        ranked = sorted(rows.values(), key=_ORDER)
        leader_points = ranked[0].points if ranked else 0.0
        table = []
        places: dict[str, int] = {}
        for pos, row in enumerate(ranked, 1):
            driver = row.driver
            before = previous.get(driver)
            places[driver] = pos
            table.append(_new(Standing, (
                pos, driver, row.shown, _clean(leader_points - row.points), row.starts, row.wins,
                row.top5, row.top10, row.poles, row.laps_led, row.finish_sum / row.starts,
                None if before is None else before - pos)))
        previous = places
        if at >= first_kept:
            out.append(RoundStandings(race, tuple(table)))
    return out


class StandingsBook(Mapping[tuple[str, int], list[RoundStandings]]):
    """Every season's standings after every round, computed when asked for.

    A long history has ~500k standings rows: kept for the whole build, they
    would dominate memory, and an incremental build needs only the seasons it
    re-renders. A season's rounds are computed on each lookup (the last few
    are kept, since a season's page and its data file ask in turn); final
    tables, which series pages ask for across all seasons, are kept.
    """

    KEEP = 2

    def __init__(self, seasons: Mapping[tuple[str, int], Sequence[Race]], systems: Sequence[PointsSystem]) -> None:
        self._seasons = seasons
        self._systems = systems
        self._recent: dict[tuple[str, int], list[RoundStandings]] = {}
        self._finals: dict[tuple[str, int], RoundStandings | None] = {}

    def __getitem__(self, key: tuple[str, int]) -> list[RoundStandings]:
        rounds = self._recent.get(key)
        if rounds is None:
            rounds = season_standings(self._seasons[key], self._systems)
            if len(self._recent) >= self.KEEP:
                del self._recent[next(iter(self._recent))]
            self._recent[key] = rounds
        return rounds

    def __iter__(self) -> Iterator[tuple[str, int]]:
        return iter(self._seasons)

    def __len__(self) -> int:
        return len(self._seasons)

    def after_edit(self, seasons: Mapping[tuple[str, int], Sequence[Race]],
                   edited: set[tuple[str, int]]) -> StandingsBook:
        """The book of the same site with the races of `edited` seasons changed: other seasons' final tables
        are kept (a series page asks for every one)."""
        book = StandingsBook(seasons, self._systems)
        book._finals = {key: final for key, final in self._finals.items() if key not in edited}
        return book

    def keep_finals(self) -> None:
        """Compute every season's final table now (a long-running process does, so that its next build after
        an edit computes only those of the seasons edited)."""
        for key in self._seasons:
            self.final(key)

    def final(self, key: tuple[str, int]) -> RoundStandings | None:
        """The standings after a season's last round (None for an unknown season)."""
        if key not in self._finals:
            races = self._seasons.get(key)
            rounds = self._recent.get(key) or (season_standings(races, self._systems, last=1) if races else [])
            self._finals[key] = rounds[-1] if rounds else None
        return self._finals[key]


def _clean(value: float) -> float:
    """Points as floats without float noise (e.g. 45.0, not 44.99999; 12.5 stays 12.5)."""
    if value == int(value):
        return float(value) + 0.0
    return round(value, 3) + 0.0
