"""What one race gives each driver towards a championship: points, and the counts tie-breaks and playoffs need.

Owns scoring a race under a declaration's points system (the row's official `pts`, else points by position
plus pole, lap-led, most-led, stage and fastest-lap bonuses, times a factor) and folding a driver's rows into
one line per race, so a driver listed twice in a race is one start. Wins and poles come from `rules`. Must
not order drivers, apply playoffs or know about pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..champ_rules import Scoring
from ..model import Race, Result
from .rules import is_top5, is_top10, is_win, pole_row


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


@dataclass(frozen=True)
class Score:
    """One driver's line in one race: his rows folded together."""

    driver: str
    fin: int  # best finish when listed twice
    points: float
    official: float  # points from rows' `pts` only (0 when none): "scored points" for eligibility
    win: bool
    top5: bool
    top10: bool
    pole: bool
    led: int
    stage_wins: int


def score_race(race: Race, scoring: Scoring, info: RaceInfo) -> list[Score]:
    """Each driver's score in `race`, in finishing order of his best row."""
    rows = race.results
    most = max((r.led or 0 for r in rows), default=0)
    pole = pole_row(race)
    stage_places = _stage_places(race)
    by_driver: dict[str, list[tuple[Result, float, float]]] = {}
    for row in rows:
        if scoring.official and row.pts is not None:
            points, official = float(row.pts), float(row.pts)
        else:
            points, official = _award(row, scoring, most, row is pole, info, stage_places), 0.0
        by_driver.setdefault(row.driver, []).append((row, points, official))
    out = []
    for driver, entries in by_driver.items():
        best = min(entries, key=lambda e: e[0].fin)[0]
        won = sum(1 for place in _places(best, stage_places) if place == 1)
        out.append(Score(
            driver=driver, fin=best.fin, points=sum(e[1] for e in entries), official=sum(e[2] for e in entries),
            win=any(is_win(e[0]) for e in entries), top5=is_top5(best), top10=is_top10(best),
            pole=any(e[0] is pole for e in entries), led=sum(e[0].led or 0 for e in entries), stage_wins=won))
    out.sort(key=lambda s: s.fin)
    return out


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
