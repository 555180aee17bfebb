"""Figures one driver, track, team or make page shows, computed from that page's own entries when it is made.

Owns a driver's best track and wins, a track's leader tables and fastest qualifying lap, and a team's or make's
lines and driver tallies. Each function takes only the entries its page declares (a name's (race, row) entries,
or a track's races), so the build plan knows what the page shows. Must not format or look beyond its entries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..model import Race, Result
from .career import Careers, Line, entity_careers, track_lines
from .race import speed_mph
from .records import MIN_TRACK_STARTS, Ranked, rank
from .rules import is_win, pole_row

Entry = tuple[Race, Result]  # a race and one row of it: see `entry_texts` for what a page may show of it


def entry_texts(race: Race) -> Iterator[tuple[Result, str]]:
    """What a page may show of each of the race's entries, as text for the build plan's fingerprints: the race's
    place, name, date and track, whether it is a draft, whether the row won the pole, and the row itself; never
    the race's other rows. (An edit to one row then makes again only the pages of that row's driver, team and
    make.) A page that declares entries must show no more of their races than this."""
    pole = pole_row(race)
    head = f"{race.series}|{race.season}|{race.round}|{race.name}|{race.date}|{race.track}|{race.draft}|"
    for row in race.results:
        yield row, f"{head}{row is pole}|{tuple.__repr__(row)}"  # (a tuple's repr: the row's fields, in C)


@dataclass(frozen=True)
class BestTrack:
    track: str
    why: str  # "wins" or "average finish"
    value: float
    starts: int


def best_track(entries: Sequence[Entry]) -> BestTrack | None:
    """Where a driver has won most; without a win, where his average finish is best (with enough starts)."""
    tracks = track_lines(entries, by="track")
    by_wins = rank(tracks, lambda line: line.wins, higher=True, limit=1)
    if by_wins:
        return BestTrack(by_wins[0].name, "wins", by_wins[0].value, by_wins[0].starts)
    best = rank(tracks, lambda line: line.avg_finish, higher=False, min_starts=MIN_TRACK_STARTS, limit=1)
    return BestTrack(best[0].name, "average finish", best[0].value, best[0].starts) if best else None


def wins(entries: Sequence[Entry]) -> tuple[Entry, ...]:
    """The entries that are wins, oldest first (entries come newest first)."""
    return tuple(entry for entry in reversed(entries) if is_win(entry[1]))


@dataclass(frozen=True)
class TrackTable:
    key: str
    heading: str
    rows: tuple[Ranked, ...]
    decimals: int
    note: str = ""


@dataclass(frozen=True)
class FastestLap:
    driver: str
    time: float
    mph: float | None
    race: Race


@dataclass(frozen=True)
class TrackFigures:
    tables: tuple[TrackTable, ...]
    fastest: FastestLap | None
    length: float | None  # from the races, when no track file gives it


def track_figures(races: Sequence[Race]) -> TrackFigures:
    """A track's leader tables (every series together), its fastest qualifying lap and a length from its races."""
    lines = track_lines(((race, result) for race in races for result in race.results), by="driver")
    tables = []
    for key, heading, value, higher, minimum in (
            ("wins", "Most wins", lambda line: line.wins, True, 1),
            ("poles", "Most poles", lambda line: line.poles, True, 1),
            ("avg_finish", "Best average finish", lambda line: line.avg_finish, False, MIN_TRACK_STARTS)):
        rows = rank(lines, value, higher, minimum)
        tables.append(TrackTable(key, heading, rows, 2 if key == "avg_finish" else 0,
                                 f"minimum {minimum} starts" if key == "avg_finish" else ""))
    fastest: FastestLap | None = None
    for race in races:
        for entry in race.qualifying:
            if entry.time and (fastest is None or entry.time < fastest.time):
                fastest = FastestLap(entry.driver, entry.time, speed_mph(entry.time, race.track_length), race)
    length = next((r.track_length for r in races if r.track_length), None)
    return TrackFigures(tuple(tables), fastest, length)


@dataclass(frozen=True)
class DriverTally:
    driver: str
    starts: int
    wins: int


@dataclass(frozen=True)
class GroupFigures:
    """A team's or a make's lines and who drove for it."""

    careers: Careers
    drivers: tuple[DriverTally, ...]  # most starts first
    wins: tuple[Entry, ...]  # oldest first


def group_figures(entries: Sequence[Entry], kind: str) -> GroupFigures:
    """`kind`: "team" or "make"; `entries`: its (race, row) entries, newest first."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _, result in entries:
        tally[result.driver][0] += 1
        tally[result.driver][1] += is_win(result)
    most_first = sorted(tally.items(), key=lambda item: (-item[1][0], item[0]))
    drivers = tuple(DriverTally(d, n, w) for d, (n, w) in most_first)
    return GroupFigures(entity_careers(entries, kind), drivers, wins(entries))


__all__ = [
    "BestTrack",
    "DriverTally",
    "Entry",
    "FastestLap",
    "GroupFigures",
    "Line",
    "TrackFigures",
    "TrackTable",
    "best_track",
    "entry_texts",
    "group_figures",
    "track_figures",
    "wins",
]
