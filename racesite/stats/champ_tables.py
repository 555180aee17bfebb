"""The shapes a decided championship is shown with, and the running tally they are built from.

Owns `Line`, `Table`, `RoundResult`, `Dropped`, `Championship` (what pages read) and `Tally`, one driver's
running totals while a season is decided, with the ordering of drivers level on points. Must not score races
(`champ_points`) or run the season (`championship`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from ..champ_rules import Deduction, Exclusion, Rules
from ..model import Race, RaceKey
from .champ_points import Score

CHAMPION, CONTENDER, ELIMINATED, INELIGIBLE = "champion", "contender", "eliminated", "ineligible"
IN = "in"  # in the playoff picture: would be in the field if the regular season ended now


class Line(NamedTuple):
    """One driver's line in a championship table (a named tuple: a long history has many)."""

    pos: int
    driver: str
    points: float
    gap: float  # behind the first driver of the same group (the contenders, the eliminated, the rest)
    starts: int
    wins: int
    top5: int
    top10: int
    poles: int
    laps_led: int
    avg_finish: float | None  # None: no start yet (only entries that did not start)
    playoff_points: float
    status: str  # CHAMPION, CONTENDER (in the playoffs, still in), ELIMINATED, INELIGIBLE, IN (in the playoff
    # picture before the cut: in if the regular season ended now), or ""
    note: str  # e.g. "out after the Round of 16", "wild card", "in on wins", "not eligible: missed a race"
    change: int | None = None  # places gained since the table before; None when new to the table
    dropped: float = 0.0  # points not counted so far (best-N results, drop weeks)


class Cell(NamedTuple):
    """One driver's points in one counted unit (a race, or a round with `unit: round`)."""

    points: float | None  # None: no result in it
    dropped: bool  # not counted: struck through


@dataclass(frozen=True)
class Counted:
    """A driver's results so far, one cell per unit of `Championship.units` run so far."""

    driver: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """The championship after one race (`race`), in the `stage` it is in (`Regular season`, `Round of 12`).

    After the last race of a playoff round the table shows the next round's reset, as the sanctioning body
    publishes it; the round's own outcome is in `Championship.playoffs`.
    """

    race: Race
    stage: str
    lines: tuple[Line, ...]
    counted: tuple[Counted, ...] = ()  # with best-N or drop weeks: each driver's results so far, in `lines` order

    def line(self, driver: str) -> Line | None:
        return next((line for line in self.lines if line.driver == driver), None)

    @property
    def leader(self) -> str | None:
        return self.lines[0].driver if self.lines else None


@dataclass(frozen=True)
class RoundResult:
    """One playoff round as it was run: who was in, from how many points each restarted, who went on."""

    name: str
    rounds: tuple[int, ...]  # the season's round numbers of its races
    seeds: tuple[tuple[str, float], ...]  # (driver, points at the start), best seed first
    advanced: tuple[str, ...] = ()
    eliminated: tuple[str, ...] = ()
    complete: bool = False


@dataclass(frozen=True)
class Dropped:
    """A result that does not count (best-N or drop weeks): shown struck through."""

    driver: str
    round: int
    session: str  # "" when the rules drop whole rounds (`unit: round`)
    points: float
    number: int = 1  # the race's number within its round (0 when the rules drop whole rounds)


@dataclass(frozen=True)
class Championship:
    """A season's championship as decided under its rules.

    `final` follows the sanctioning body where the rules give its word (`champion`, `order`); `computed` is
    what the results and rules alone give, and `differences` says where the two part.
    """

    series: str
    season: int
    rules: Rules | None
    tables: tuple[Table, ...]  # after every counted race (empty when not asked for)
    regular_season: Table | None  # after the regular season (the whole season without playoffs)
    field: tuple[str, ...]  # the playoff drivers, best seed first
    playoffs: tuple[RoundResult, ...]
    computed: Table | None
    final: Table | None
    champion: str | None  # the official champion when declared, else the computed one (None while undecided)
    computed_champion: str | None
    points_leader: str | None  # the regular-season points leader
    dropped: tuple[Dropped, ...]
    deductions: tuple[Deduction, ...]
    exclusions: tuple[Exclusion, ...]
    differences: tuple[str, ...]
    complete: bool  # every race the format needs is in
    official: bool = False  # the final table's order is the sanctioning body's, not the computed one
    units: tuple[tuple[int, int, str], ...] = ()  # with best-N or drop weeks: (round, race number, session) of
    # each counted unit in order (race number 0 and session "" when whole rounds are dropped)
    race_points: tuple[tuple[RaceKey, tuple[float | None, ...]], ...] = ()  # each race's rows' points, as counted


class Tally:
    """One driver's running totals in a season (mutable, private to one `decide` call)."""

    __slots__ = (
        "base",
        "finish_sum",
        "in_round",
        "laps_led",
        "last_fin",
        "name",
        "note",
        "places",
        "playoff_points",
        "playoff_race_points",
        "poles",
        "reg_points",
        "reg_starts",
        "round_places",
        "round_points",
        "round_wins",
        "seed",
        "seed_pos",
        "shown",
        "stage_wins",
        "starts",
        "status",
        "top5",
        "top10",
        "units",
        "usual",
        "wins",
    )

    def __init__(self, name: str, width: int) -> None:
        self.name = name
        self.starts = self.reg_starts = self.wins = self.top5 = self.top10 = self.poles = self.laps_led = 0
        self.stage_wins = self.round_wins = self.finish_sum = 0
        self.reg_points = self.playoff_race_points = self.playoff_points = 0.0
        self.round_points = self.base = self.seed = 0.0
        self.places = [0] * width  # negated counts of 1sts, 2nds... (sorts most first)
        self.round_places = [0] * width
        self.units: dict[int, float] = {}  # counted unit (race index or round) -> points, for best-N
        self.last_fin = 10**6
        self.seed_pos = 10**6
        self.in_round = False
        self.status = ""
        self.note = ""
        self.shown: int | None = None  # his place in the table before (None: not in it)
        self.usual: tuple[object, ...] = (-0.0, 0, self.places, name)  # the usual order by the season's points

    def add(self, score: Score, unit: int, regular: bool, units: bool) -> None:
        """Count a race in; `units`: keep each unit's points (for best-N rules)."""
        _, fin, points, win, top5, top10, pole, led, stage_wins, started = score
        if started:  # an entry that did not start scores what it is given, but is no start
            self.starts += 1
            self.wins += win
            self.top5 += top5
            self.top10 += top10
            self.places[fin - 1] -= 1
            self.last_fin = fin
            self.finish_sum += fin
        self.poles += pole
        self.laps_led += led
        self.stage_wins += stage_wins
        if regular:
            self.reg_starts += started
            total = self.reg_points = self.reg_points + points
            if units:
                self.units[unit] = self.units.get(unit, 0.0) + points
            self.usual = (-(total if total.is_integer() else round(total, 6)), -self.wins, self.places, self.name)
        else:
            self.playoff_race_points += points
            if self.in_round:
                self.round_points += points
                self.round_wins += win
                if started:
                    self.round_places[fin - 1] -= 1

    def start_round(self, base: float, pos: int) -> None:
        self.in_round = True
        self.base = base
        self.seed_pos = pos
        self.round_points = 0.0
        self.round_wins = 0
        self.round_places = [0] * len(self.places)

    def line(self, pos: int, points: float, gap: float, before: int | None, status: str, note: str,
             dropped: float, exact: bool) -> Line:
        """`exact`: every figure of the season is a whole number, so there is no float noise to clean."""
        starts = self.starts
        return _new(Line, (pos, self.name, points if exact else clean(points), gap if exact else clean(gap),
                           starts, self.wins, self.top5, self.top10, self.poles, self.laps_led,
                           self.finish_sum / starts if starts else None,
                           clean(self.playoff_points) if self.playoff_points else 0.0, status, note,
                           None if before is None else before - pos, dropped))


_new = tuple.__new__  # a Line from a tuple of its fields, without the keyword-parsing constructor
USUAL_ORDER = attrgetter("usual")  # a tally's place in the usual order (`Tally.usual`)


def usual_table(race: Race, stage: str, tallies: Iterable[Tally], exact: bool) -> Table:
    """The table in the usual case (the season's points, no playoffs, drops or deductions; ordered by wins and
    places): each driver's order is kept up to date as he scores, and each line made inline (a long history
    makes ~470k). `exact`: every figure is a whole number."""
    ranked = sorted(tallies, key=USUAL_ORDER)
    lines = []
    top = ranked[0].reg_points if ranked else 0.0
    for pos, t in enumerate(ranked, 1):
        points, starts, before = t.reg_points, t.starts, t.shown
        t.shown = pos
        gap = top - points
        lines.append(_new(Line, (pos, t.name, points if exact else clean(points), gap if exact else clean(gap),
                                 starts, t.wins, t.top5, t.top10, t.poles, t.laps_led,
                                 t.finish_sum / starts if starts else None, 0.0, t.status, t.note,
                                 None if before is None else before - pos, 0.0)))
    return Table(race, stage, tuple(lines))


def counted_cells(tally: Tally, kept: int | None, units: tuple[int, ...]) -> Counted:
    """A driver's points in each of `units` so far, the results beyond his best `kept` marked dropped (on equal
    points the later go)."""
    ranked = sorted(tally.units.items(), key=lambda item: (-item[1], item[0]))
    dropped = {unit for unit, _ in ranked[kept:]} if kept is not None else set()
    mine = tally.units
    return Counted(tally.name, tuple(Cell(clean(mine[u]) if u in mine else None, u in dropped) for u in units))


def order_key(tally: Tally, points: float, ties: tuple[str, ...], in_round: bool) -> tuple[object, ...]:
    """Sort key: most points, then the declared tie-breaks, then the name (so the order never varies)."""
    if ties == USUAL:
        return (-_even(points), -tally.wins, tally.places, tally.name)
    parts: list[object] = [-_even(points)]
    for tie in ties:
        if tie == "wins":
            parts.append(-tally.wins)
        elif tie == "places":
            parts.append(tally.places)
        elif tie == "round_places":
            parts.append(tally.round_places if in_round else [])
        elif tie == "seed":
            parts.append(tally.seed_pos)
        elif tie == "last_race":
            parts.append(tally.last_fin)
    parts.append(tally.name)
    return tuple(parts)


USUAL = ("wins", "places")


def _even(points: float) -> float:
    """Points as compared: float noise rounded away, so 0.1 + 0.2 ties 0.3."""
    points = float(points)
    return points if points.is_integer() else round(points, 6)


def clean(value: float) -> float:
    """Points without float noise (45.0, not 44.99999; 12.5 stays 12.5; never -0.0)."""
    value = float(value) + 0.0
    return value if value.is_integer() else round(value, 3) + 0.0
