"""What one race gives each driver towards a championship: points, and the counts tie-breaks and playoffs need.

Owns scoring a race under a declaration's points system (the row's official `pts`, else points by position
plus pole, lap-led, most-led, stage and fastest-lap bonuses, times a factor, split across a shared drive) and
folding a driver's rows into one line per race, so a driver listed twice in a race is one start. Wins and
poles come from `rules`. Must not order drivers, apply playoffs or know about pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from ..champ_rules import Scoring
from ..model import Race, Result
from .rules import NOT_STARTED, is_start, is_top5, is_top10, is_win, pole_row


@dataclass(frozen=True)
class RaceInfo:
    """What the championship needs to know about a race beyond the model's fields.

    `session` is the race's kind (`race`, `sprint`, `heat`, `qualifying`, `exhibition`...): the rules look up
    points and counting by round and session. `fastest_lap` names who set it, for a fastest-lap bonus.
    """

    session: str = "race"
    fastest_lap: str | None = None


PLAIN = RaceInfo()
InfoOf = Callable[[Race], RaceInfo]


def plain_info(race: Race) -> RaceInfo:
    """The default: every race is a `race` session and nobody is known to have set the fastest lap."""
    return PLAIN


class Score(NamedTuple):
    """One driver's line in one race: his rows folded together (a named tuple: a history has ~180k)."""

    driver: str
    fin: int  # best finish when listed twice
    points: float
    win: bool
    top5: bool
    top10: bool
    pole: bool
    led: int
    stage_wins: int
    started: bool = True  # False: every row of his says he did not start (`rules.is_start`): no start


def score_race(race: Race, scoring: Scoring, info: RaceInfo) -> list[Score]:
    """Each driver's score in `race`, in finishing order of his best row."""
    return score_rows(race, scoring, info)[0]


def score_rows(race: Race, scoring: Scoring, info: RaceInfo) -> tuple[list[Score], tuple[float | None, ...]]:
    """Each driver's score in `race` (in finishing order of his best row), and each row's points in
    `race.results` order as counted (None: the row gives no `pts` and the system awards nothing)."""
    rows = race.results
    pole = pole_row(race)
    stage_places = _stage_places(race)
    official = scoring.official
    row_points: list[float | None]
    if official and all(row.pts is not None for row in rows):  # (the usual case: each row's official figure)
        row_points = [float(row.pts) for row in rows]  # type: ignore[arg-type]
    else:
        row_points = []
        most = max((r.led or 0 for r in rows), default=0)
        awards = scoring.awards
        sharing = _sharing(rows) if scoring.shared == "split" else {}
        for row in rows:
            if official and row.pts is not None:
                row_points.append(float(row.pts))
            else:
                award = _award(row, scoring, most, row is pole, info, stage_places)
                row_points.append(award / sharing.get((row.car, row.fin), 1) if awards else None)
    drivers = {row.driver for row in rows}
    if len(drivers) == len(rows):  # nobody listed twice: one score per row, already in finishing order
        out = [_new(Score, (row.driver, row.fin, points or 0.0, is_win(row), is_top5(row), is_top10(row), row is pole,
                            row.led or 0, _stage_wins(row, stage_places), row.status not in NOT_STARTED))
               for row, points in zip(rows, row_points)]
        return out, tuple(row_points)
    by_driver: dict[str, list[tuple[Result, float]]] = {}
    for row, points in zip(rows, row_points):
        by_driver.setdefault(row.driver, []).append((row, points or 0.0))
    out = []
    for driver, entries in by_driver.items():
        best = min(entries, key=lambda e: e[0].fin)[0]
        started = any(is_start(e[0]) for e in entries)
        if started and not is_start(best):
            best = min((e[0] for e in entries if is_start(e[0])), key=lambda r: r.fin)
        out.append(_new(Score, (driver, best.fin, sum(e[1] for e in entries), any(is_win(e[0]) for e in entries),
                                is_top5(best), is_top10(best), any(e[0] is pole for e in entries),
                                sum(e[0].led or 0 for e in entries), _stage_wins(best, stage_places), started)))
    out.sort(key=_by_finish)
    return out, tuple(row_points)


def _stage_wins(row: Result, stage_places: dict[str, tuple[int, ...]]) -> int:
    places = row.stages or stage_places.get(row.driver) if stage_places or row.stages else None
    return places.count(1) if places else 0


_new = tuple.__new__  # a Score from a tuple of its fields, without the keyword-parsing constructor


def _by_finish(score: Score) -> int:
    return score.fin


def _award(row: Result, scoring: Scoring, most: int, on_pole: bool, info: RaceInfo,
           stage_places: dict[str, tuple[int, ...]]) -> float:
    points = scoring.positions[row.fin - 1] if row.fin <= len(scoring.positions) else 0.0
    if row.led:
        points += scoring.led_lap
        if row.led == most:
            points += scoring.most_led
    if on_pole:
        points += scoring.pole
    for place in _places(row, stage_places):
        if place is not None and place <= len(scoring.stage):
            points += scoring.stage[place - 1]
    if info.fastest_lap == row.driver and (scoring.fastest_lap_top is None or row.fin <= scoring.fastest_lap_top):
        points += scoring.fastest_lap
    return float(points) * scoring.factor


def _sharing(rows: tuple[Result, ...]) -> dict[tuple[str | None, int], int]:
    """How many drivers share each (car, finishing position) driven by more than one."""
    counts: dict[tuple[str | None, int], int] = {}
    for row in rows:
        if row.car is not None:
            counts[(row.car, row.fin)] = counts.get((row.car, row.fin), 0) + 1
    return {key: n for key, n in counts.items() if n > 1}


def _places(row: Result, stage_places: dict[str, tuple[int, ...]]) -> tuple[int | None, ...]:
    """A row's stage finishing positions: its own columns, else the recap's `stages:` block."""
    return row.stages or stage_places.get(row.driver, ())


def _stage_places(race: Race) -> dict[str, tuple[int, ...]]:
    if not race.stages:
        return {}
    out: dict[str, list[int]] = {}
    for stage in race.stages:
        for place, driver in enumerate(stage.top, 1):
            out.setdefault(driver, []).append(place)
    return {driver: tuple(places) for driver, places in out.items()}
