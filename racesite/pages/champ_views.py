"""A decided championship as the tables a reader sees: standings rows with their marks, the counted results with
the dropped ones struck through, deductions, playoff rounds and the points-progression chart.

Owns the view shapes the season and standings pages share and the words for a driver's standing (`Champion`,
`In on wins`, `Eliminated`...). Every number, order and flag comes from `stats.champ_site` and
`stats.championship`; this module only picks labels and links. Must not compute stats.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from markupsafe import Markup

from ..champ_rules import Deduction, Exclusion
from ..charts import PointsLine, points_progression
from ..stats.champ_site import Progression
from ..stats.champ_tables import CHAMPION, CONTENDER, ELIMINATED, IN, INELIGIBLE, Counted, RoundResult, Table
from .links import Link

STATUS_LABELS = {CHAMPION: "Champion", CONTENDER: "In the playoffs", ELIMINATED: "Eliminated",
                 INELIGIBLE: "Not eligible", IN: "In"}


class TableRow(NamedTuple):
    """One driver's line in a standings table (the templates unpack it in this order)."""

    pos: int
    new: bool  # new to the table this round
    up: bool  # gained places since the table before
    down: bool
    moved: int  # how many places
    driver: Link
    points: float
    gap: float
    starts: int
    wins: int
    top5: int
    top10: int
    poles: int
    laps_led: int
    avg_finish: float | None
    playoff_points: float
    mark: str  # his standing in words: "Champion", "In on wins", "Out after the Round of 12"...
    status: str  # the same as a class name: champion, contender, in, eliminated, ineligible, or ""
    dropped: float  # points not counted (best results only)


@dataclass(frozen=True)
class TableView:
    stage: str  # "Regular season", "Round of 12"... ("" without playoffs)
    rows: tuple[TableRow, ...]
    marks: bool  # some row has a mark: the table shows the column
    bonus: bool  # some row has playoff points
    dropped: bool  # results are dropped: the table shows what was not counted


class CountedCell(NamedTuple):
    points: float | None  # None: no result
    dropped: bool  # not counted: struck through


class CountedRow(NamedTuple):
    driver: Link
    cells: tuple[CountedCell, ...]


@dataclass(frozen=True)
class CountedView:
    """Each driver's points race by race (or round by round), the results that do not count struck through."""

    heads: tuple[str, ...]
    rows: tuple[CountedRow, ...]


class DeductionView(NamedTuple):
    driver: Link
    points: float
    when: str  # "after round 4", "at the end of the season"
    reason: str


class ExclusionView(NamedTuple):
    driver: Link
    reason: str


class SeedView(NamedTuple):
    driver: Link
    points: float  # what he restarted the round on
    result: str  # "Went on", "Out", "Champion", or "" while the round runs
    status: str  # the same as a class name: contender, eliminated, champion, or ""


@dataclass(frozen=True)
class RoundView:
    """A playoff round as it was run."""

    name: str
    races: str  # "Rounds 27–29", "Round 36"
    seeds: tuple[SeedView, ...]  # best seed first, with the points each restarted from
    advanced: tuple[Link, ...]
    eliminated: tuple[Link, ...]
    complete: bool


class ProgressionRow(NamedTuple):
    driver: Link
    points: tuple[float | None, ...]


@dataclass(frozen=True)
class ProgressionView:
    """The points-progression chart and the same numbers as a table."""

    chart: Markup
    rounds: tuple[str, ...]  # column heads
    rows: tuple[ProgressionRow, ...]


def mark(status: str, note: str) -> str:
    """A driver's standing in words: the note where there is one ("In on wins", "Wild card"), else the status."""
    if note:
        return note[0].upper() + note[1:]
    return STATUS_LABELS.get(status, "")


def table_view(table: Table, link: Callable[[str], Link], playoffs: bool) -> TableView:
    """`playoffs`: the rules have playoffs, so the table says which stage it is in."""
    rows = tuple(TableRow(line.pos, line.change is None, bool(line.change and line.change > 0),
                          bool(line.change and line.change < 0), abs(line.change or 0), link(line.driver), line.points,
                          line.gap, line.starts, line.wins, line.top5, line.top10, line.poles, line.laps_led,
                          line.avg_finish, line.playoff_points, mark(line.status, line.note), line.status,
                          line.dropped)
                 for line in table.lines)
    return TableView(table.stage if playoffs else "", rows, any(row.mark for row in rows),
                     any(row.playoff_points for row in rows), bool(table.counted))


def unit_label(round_: int, number: int, session: str) -> str:
    """A counted unit's column head: '6', or '6 sprint' for a race of a round holding several."""
    return str(round_) if number <= 1 and session in ("race", "") else f"{round_} {session}"


def counted_view(counted: Sequence[Counted], units: Sequence[tuple[int, int, str]],
                 link: Callable[[str], Link]) -> CountedView | None:
    if not counted:
        return None
    shown = len(counted[0].cells)
    return CountedView(tuple(unit_label(*unit) for unit in units[:shown]),
                       tuple(CountedRow(link(c.driver), tuple(CountedCell(*cell) for cell in c.cells))
                             for c in counted))


def deduction_views(deductions: Sequence[Deduction], link: Callable[[str], Link], upto: int | None = None
                    ) -> tuple[DeductionView, ...]:
    """The deductions taken so far (after round `upto`; all of them when None)."""
    return tuple(DeductionView(link(d.driver), d.points,
                               f"after round {d.round}" if d.round is not None else "at the end of the season",
                               d.reason)
                 for d in deductions if upto is None or (d.round is not None and d.round <= upto))


def exclusion_views(exclusions: Sequence[Exclusion], link: Callable[[str], Link]) -> tuple[ExclusionView, ...]:
    return tuple(ExclusionView(link(e.driver), e.reason) for e in exclusions)


def round_views(rounds: Sequence[RoundResult], link: Callable[[str], Link], champion: str | None
                ) -> tuple[RoundView, ...]:
    """Each playoff round; `champion`: the champion the page names (None while there is none)."""
    out = []
    for index, rnd in enumerate(rounds):
        first, last = (rnd.rounds[0], rnd.rounds[-1]) if rnd.rounds else (0, 0)
        races = "" if not rnd.rounds else f"round {first}" if first == last else f"rounds {first}–{last}"
        final = index == len(rounds) - 1 and not rnd.advanced and not rnd.eliminated
        seeds = []
        for name, points in rnd.seeds:
            if final and rnd.complete and name == champion:
                result, status = "Champion", CHAMPION
            elif name in rnd.advanced:
                result, status = "Went on", CONTENDER
            elif name in rnd.eliminated:
                result, status = "Out", ELIMINATED
            else:
                result, status = "", ""
            seeds.append(SeedView(link(name), points, result, status))
        out.append(RoundView(rnd.name, races, tuple(seeds), tuple(link(name) for name in rnd.advanced),
                             tuple(link(name) for name in rnd.eliminated), rnd.complete))
    return tuple(out)


def progression_view(progression: Progression, link: Callable[[str], Link], title: str) -> ProgressionView | None:
    """The top drivers' points after each race, as a chart and as a table."""
    if not progression.lines or len(progression.rounds) < 2:
        return None
    lines = [PointsLine(name, points) for name, points in progression.lines]
    chart = points_progression(lines, progression.rounds, chart_id="points-progression", title=title)
    heads = tuple(unit_label(*unit) for unit in progression.units)
    return ProgressionView(chart, heads, tuple(ProgressionRow(link(name), points)
                                              for name, points in progression.lines))
