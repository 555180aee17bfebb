"""Points and standings after every round of a series season.

Points for a result are the recap's `pts` when given (the official figure,
penalties included); otherwise they come from the series' points system for
that season in site.yml (finishing position, a lap led, most laps led, pole,
stage finishes). Standings order: points, then wins, then 2nd places, 3rd
places and so on (countback), then name so the order is always the same.
Playoff resets are not modelled. Must not format.
(What a win, a top 5 and a pole are: `rules`.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from ..model import PointsSystem, Race, Result
from .race import most_laps_led
from .rules import is_top5, is_top10, is_win, pole_row


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
    trend: str  # "up", "down", "same" or "new": the direction of `change`
    moved: int  # how many places, up or down


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
    pole = pole_row(race) if system is not None else None
    out: list[float] = []
    for result in race.results:
        if result.pts is not None:
            out.append(result.pts)
        elif system is not None:
            out.append(_award(race, result, system, leader, pole))
        else:
            out.append(0)
    return out


def _award(race: Race, result: Result, system: PointsSystem, leader: tuple[str, int] | None,
           pole: Result | None) -> float:
    points = system.positions[result.fin - 1] if result.fin <= len(system.positions) else 0
    if result.led and system.led_lap:
        points += system.led_lap
    if leader and leader[0] == result.driver:
        points += system.most_led
    if result is pole:
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

    def finish(self, result: Result, points: float) -> None:
        self.points += points
        self.minus_points = -self.points
        self.shown = _clean(self.points)
        self.starts += 1
        self.finish_sum += result.fin
        self.places[result.fin - 1] -= 1
        self.top10 += is_top10(result)
        self.top5 += is_top5(result)
        self.wins += is_win(result)


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
        pole = pole_row(race)
        for result, awarded in zip(race.results, points):
            row = rows.get(result.driver) or rows.setdefault(result.driver, _Row(result.driver, width))
            row.finish(result, awarded)
            row.laps_led += result.led or 0
            if result is pole:
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
                None if before is None else before - pos, *_trend(before, pos))))
        previous = places
        if at >= first_kept:
            out.append(RoundStandings(race, tuple(table)))
    return out


def final_standings(races: Sequence[Race], systems: Sequence[PointsSystem]) -> RoundStandings | None:
    """The standings after a season's last race (races in round order); None for a season with no results."""
    run = [race for race in races if race.results]
    rounds = season_standings(run, systems, last=1) if run else []
    return rounds[-1] if rounds else None


def _trend(before: int | None, pos: int) -> tuple[str, int]:
    if before is None:
        return "new", 0
    if before == pos:
        return "same", 0
    return ("up" if before > pos else "down"), abs(before - pos)


def _clean(value: float) -> float:
    """Points as floats without float noise (e.g. 45.0, not 44.99999; 12.5 stays 12.5)."""
    if value == int(value):
        return float(value) + 0.0
    return round(value, 3) + 0.0
