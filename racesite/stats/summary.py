"""One line of figures for every driver, team and track over a set of races: starts (races, for a track), wins,
the seasons they span and the series, as the downloads show them; and one line per race, as the data export shows
it (`race_lines`).

Counted in one pass over the races with results; `rules` says what a win is. Must not format.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..model import Race
from .career import Line, Tally
from .rules import is_win, pole_winner, winner


class RaceLine(NamedTuple):
    """What the data export shows of a race (and nothing else of it: an edit to a row below the winner and the pole
    leaves it)."""

    series: str
    season: int
    round: int
    number: int  # within its round
    date: str
    name: str
    track: str
    laps: int | None
    laps_run: int | None
    cars: int
    winner: str | None
    pole: str | None


def race_lines(races: Iterable[Race], last: tuple[Sequence[Race], Sequence[RaceLine]] | None = None
               ) -> tuple[RaceLine, ...]:
    """Each race's line, in the order given. `last`: earlier races and their lines (the live preview's last build):
    a race that is the same object keeps its line."""
    kept = {id(race): line for race, line in zip(*last)} if last is not None and len(last[0]) == len(last[1]) else {}
    lines = []
    for race in races:
        line = kept.get(id(race))
        if line is not None:
            lines.append(line)
            continue
        won = winner(race)
        lines.append(RaceLine(race.series, race.season, race.round, race.number, race.date.isoformat(), race.name,
                              race.track, race.laps, race.laps_run, len(race.results), won.driver if won else None,
                              pole_winner(race)))
    return tuple(lines)


@dataclass(frozen=True)
class Summary:
    """A name's starts (a track's races with results), wins (none counted for a track), first and last season,
    and its series slugs in the order first met."""

    starts: int
    wins: int
    first: int
    last: int
    series: tuple[str, ...]


@dataclass(frozen=True)
class Summaries:
    drivers: dict[str, Summary] = field(default_factory=dict)  # drivers with a start
    teams: dict[str, Summary] = field(default_factory=dict)
    tracks: dict[str, Summary] = field(default_factory=dict)  # tracks with a race run


def summaries(races: Iterable[Race]) -> Summaries:
    """Every driver's and team's starts and wins, every track's races, over the races with results."""
    drivers: dict[str, list[Any]] = {}
    teams: dict[str, list[Any]] = {}
    tracks: dict[str, list[Any]] = {}
    for race in races:
        if not race.results:
            continue
        season, series = race.season, race.series
        _add(tracks, race.track, season, series, False)
        for result in race.results:
            won = is_win(result)
            _add(drivers, result.driver, season, series, won)
            if result.team:
                _add(teams, result.team, season, series, won)
    return Summaries(_done(drivers), _done(teams), _done(tracks))


def _add(tally: dict[str, list[Any]], name: str, season: int, series: str, won: bool) -> None:
    """Count a start in `tally[name]`: [starts, wins, first, last, series seen (a dict, for its order)]."""
    found = tally.get(name)
    if found is None:
        tally[name] = [1, int(won), season, season, {series: None}]
        return
    found[0] += 1
    if won:
        found[1] += 1
    if season > found[3]:
        found[3] = season
    elif season < found[2]:
        found[2] = season
    found[4][series] = None


def _done(tally: dict[str, list[Any]]) -> dict[str, Summary]:
    return {name: Summary(n, wins, first, last, tuple(seen)) for name, (n, wins, first, last, seen) in tally.items()}


def total_line(lines: Iterable[Line]) -> Line:
    """One line for several (a driver's careers in every series)."""
    tally = Tally()
    for line in lines:
        tally.add_line(line)
    return tally.line()
