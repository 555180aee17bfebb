"""The numbers the charts draw: a driver's finishes across a season, his wins and top 5s per season, and a track's
winners by starting position.

Owns which season a driver page charts (his newest with `MIN_CHART_STARTS` starts), which series get a career
chart (`MIN_CHART_SEASONS` seasons in it and a top 5), and the values, as `racesite.charts` takes them. Each
function looks only at what it is given (a page's own entries or races). Must not draw or format.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..charts import RoundFinish, SeasonTally, StartBucket
from ..model import Race, RaceKey, Result
from .career import Line
from .rules import winner

MIN_CHART_STARTS = 5  # starts in a season for a driver page to chart his finishes in it
MIN_CHART_SEASONS = 2  # seasons in a series for a driver page to chart his wins and top 5s in it

Entry = tuple[Race, Result]


def chart_season(entries: Sequence[Entry]) -> tuple[str, int] | None:
    """The (series, season) of a driver's newest season with `MIN_CHART_STARTS` starts or more (`entries`: his
    starts, newest first); None when no season has that many."""
    starts: dict[tuple[str, int], set[RaceKey]] = {}
    for race, _ in entries:
        key = (race.series, race.season)
        found = starts.setdefault(key, set())
        found.add(race.key)
        if len(found) >= MIN_CHART_STARTS:
            return key
    return None


class ChartRound(NamedTuple):
    """A round of the charted season, as the chart shows it: its number, its track and how many cars ran."""

    round: int
    track: str
    cars: int


def season_rounds(season: Iterable[Race]) -> tuple[ChartRound, ...]:
    """The rounds of a season that have results (`season`: its races in round order)."""
    return tuple(ChartRound(race.round, race.track, len(race.results)) for race in season if race.results)


def season_finishes(entries: Iterable[Entry], series: str, season: int,
                    rounds: Sequence[ChartRound]) -> tuple[RoundFinish, ...]:
    """A driver's finish in each round of a season (`rounds`), None for a round he did not start; listed twice in
    one race, his better finish."""
    best: dict[int, int] = {}
    for race, result in entries:
        if race.season == season and race.series == series and result.fin < best.get(race.round, 1 << 30):
            best[race.round] = result.fin
    return tuple(RoundFinish(r.round, r.track, best.get(r.round)) for r in rounds)


def field_size(rounds: Iterable[ChartRound]) -> int:
    """The most cars in a round (the bottom of a finishing-position chart)."""
    return max((r.cars for r in rounds), default=0)


def career_tallies(seasons: Iterable[tuple[int, Line]]) -> tuple[SeasonTally, ...]:
    """Wins and top 5s in each season given ((season, line) in a series, oldest first); empty below
    `MIN_CHART_SEASONS` seasons or without a top 5 (a chart of nothing but zeros tells nothing the table does
    not)."""
    tallies = tuple(SeasonTally(year, line.wins, line.top5) for year, line in seasons)
    return tallies if len(tallies) >= MIN_CHART_SEASONS and any(t.top5s for t in tallies) else ()


def winners_by_start(races: Iterable[Race]) -> tuple[tuple[StartBucket, ...], int]:
    """Wins at a track from each starting position given, front first, and the wins whose start is not known."""
    counts: dict[int, int] = {}
    unknown = 0
    for race in races:
        won = winner(race)
        if won is None:
            continue
        if won.st is None:
            unknown += 1
        else:
            counts[won.st] = counts.get(won.st, 0) + 1
    return tuple(StartBucket(start, n) for start, n in sorted(counts.items())), unknown
