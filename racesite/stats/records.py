"""Leader tables and records: the cut-offs and orderings the leaders, series, track and team pages show.

Every table is ordered best first, ties broken by name, and cut to `LIMIT`
rows here (never in a template). Averages need `MIN_STARTS` starts to rank.
Must not format.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..model import Race
from .career import Line
from .rules import pole_winner
from .rules import winner as winner_of

LIMIT = 10
MIN_STARTS = 5  # starts needed to rank by average finish (series and seasons)
MIN_TRACK_STARTS = 2  # starts needed to rank by average finish at one track

# (key, heading, how to read the value off a Line, higher is better)
CATEGORIES: tuple[tuple[str, str, Callable[[Line], float | None], bool], ...] = (
    ("wins", "Wins", lambda line: line.wins, True),
    ("poles", "Poles", lambda line: line.poles, True),
    ("top5", "Top 5s", lambda line: line.top5, True),
    ("top10", "Top 10s", lambda line: line.top10, True),
    ("laps_led", "Laps led", lambda line: line.laps_led, True),
    ("starts", "Starts", lambda line: line.starts, True),
    ("avg_finish", "Average finish", lambda line: line.avg_finish, False),
)


@dataclass(frozen=True)
class Ranked:
    name: str
    value: float
    starts: int


@dataclass(frozen=True)
class Table:
    key: str
    heading: str
    rows: tuple[Ranked, ...]
    note: str = ""


def rank(lines: Iterable[tuple[str, Line]], value: Callable[[Line], float | None], higher: bool,
         min_starts: int = 1, limit: int = LIMIT) -> tuple[Ranked, ...]:
    """The best `limit` names by `value` (zeros left out), ties by name."""
    rows = [Ranked(name, v, line.starts) for name, line in lines
            if line.starts >= min_starts and (v := value(line)) is not None and (v != 0 or not higher)]
    rows.sort(key=lambda r: (-r.value if higher else r.value, r.name))
    return tuple(rows[:limit])


def leader_tables(lines: Sequence[tuple[str, Line]], min_starts: int = MIN_STARTS) -> tuple[Table, ...]:
    """One table per category over the given lines (a series' careers, or one season)."""
    tables = []
    for key, heading, value, higher in CATEGORIES:
        needed = min_starts if key == "avg_finish" else 1
        note = f"minimum {needed} starts" if key == "avg_finish" else ""
        tables.append(Table(key, heading, rank(lines, value, higher, needed), note))
    return tuple(tables)


@dataclass(frozen=True)
class SeriesRecords:
    series: str
    wins_from_pole: tuple[Ranked, ...]
    furthest_back: tuple[Race, ...]  # wins from the deepest starting spot
    different_winners: tuple[tuple[int, int], ...]  # (season, distinct winners), most first


def series_records(series: str, races: Sequence[Race]) -> SeriesRecords:
    """Records of one series: wins from pole, wins from furthest back, most different winners."""
    from_pole: dict[str, int] = defaultdict(int)
    winners: dict[int, set[str]] = defaultdict(set)
    won = []
    for race in races:
        winner = winner_of(race)
        if winner is None:
            continue
        winners[race.season].add(winner.driver)
        if pole_winner(race) == winner.driver:
            from_pole[winner.driver] += 1
        if winner.st is not None:
            won.append(race)
    pole_rows = sorted((Ranked(name, n, 0) for name, n in from_pole.items()), key=lambda r: (-r.value, r.name))
    won.sort(key=lambda r: (-(_start(r)), r.date, r.round))
    seasons = sorted(((season, len(names)) for season, names in winners.items()), key=lambda x: (-x[1], x[0]))
    return SeriesRecords(series, tuple(pole_rows[:LIMIT]), tuple(won[:LIMIT]), tuple(seasons[:LIMIT]))


def _start(race: Race) -> int:
    winner = winner_of(race)
    return winner.st or 0 if winner is not None else 0
