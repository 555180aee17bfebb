"""Leader tables and records: the cut-offs and orderings the leaders, series, records, track and team pages show.

Every table is ordered best first, ties broken by name (or by date: the earlier record first), and cut to `LIMIT`
rows here (never in a template). Averages need `MIN_STARTS` starts to rank. A series' records (`series_records`)
are counted over its races on the site, in the site's order (date, then round). Must not format.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
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
class SeasonWins:
    """A driver's wins in one season of a series."""

    driver: str
    season: int
    wins: int
    races: int  # races run in that season


@dataclass(frozen=True)
class Age:
    """How old someone was on a day: whole years and the days since the last birthday, and all the days."""

    years: int
    days: int
    total: int  # days since birth


@dataclass(frozen=True)
class AgedWin:
    """A win and the winner's age on race day (from the driver file's `birth_date`)."""

    driver: str
    race: Race
    age: Age


@dataclass(frozen=True)
class Streak:
    """Consecutive races of a series won by one driver."""

    driver: str
    wins: int
    first: Race
    last: Race


@dataclass(frozen=True)
class LapsLed:
    """Laps one driver led in one race."""

    driver: str
    led: int
    race: Race


@dataclass(frozen=True)
class SeriesRecords:
    series: str
    wins_from_pole: tuple[Ranked, ...]
    furthest_back: tuple[Race, ...]  # wins from the deepest starting spot
    different_winners: tuple[tuple[int, int], ...]  # (season, distinct winners), most first
    season_wins: tuple[SeasonWins, ...] = ()  # most wins in a season
    youngest: tuple[AgedWin, ...] = ()  # youngest winners (each driver's youngest win), where birth dates are known
    oldest: tuple[AgedWin, ...] = ()  # oldest winners (each driver's oldest win)
    streaks: tuple[Streak, ...] = ()  # longest winning streaks, two wins or more
    laps_led: tuple[LapsLed, ...] = ()  # most laps led in a race
    births_known: int = 0  # winners of the series whose birth date is known


def series_records(series: str, races: Sequence[Race], births: Mapping[str, dt.date] | None = None,
                   complete: bool = True) -> SeriesRecords:
    """Records of one series over its races with results (in the site's order): wins from the pole and from
    furthest back, most wins and most different winners in a season, youngest and oldest winners (for drivers
    whose birth date `births` gives), longest winning streaks and most laps led in a race.

    A winning streak runs over races that follow one another: on a site with the series' whole history
    (`complete`), each race and the next on the site; otherwise only the next round of the same season (a gap in
    the site's races ends a streak rather than bridging races it does not have)."""
    births = births or {}
    from_pole: dict[str, int] = defaultdict(int)
    winners: dict[int, set[str]] = defaultdict(set)
    wins: dict[tuple[str, int], int] = defaultdict(int)
    run: dict[int, int] = defaultdict(int)
    youngest: dict[str, AgedWin] = {}
    oldest: dict[str, AgedWin] = {}
    streaks: list[Streak] = []
    current: Streak | None = None  # the streak the last race won continues
    led: list[LapsLed] = []  # the best so far, cut to `LIMIT` now and then
    floor = 0  # the fewest laps led among the best `LIMIT` at the last cut: fewer can never be among them
    won = []
    for race in races:
        if not race.results:
            continue
        run[race.season] += 1
        led += _led(race, floor)
        if len(led) >= 4 * LIMIT:
            led = heapq.nsmallest(LIMIT, led, key=_most_led)
            floor = led[-1].led
        winner = winner_of(race)
        if winner is None:
            _close(current, streaks)
            current = None
            continue
        name = winner.driver
        winners[race.season].add(name)
        wins[(name, race.season)] += 1
        if pole_winner(race) == name:
            from_pole[name] += 1
        if winner.st is not None:
            won.append(race)
        if current is not None and current.driver == name and _follows(current.last, race, complete):
            current = Streak(name, current.wins + 1, current.first, race)
        else:
            _close(current, streaks)
            current = Streak(name, 1, race, race)
        born = births.get(name)
        if born is not None and born <= race.date:
            aged = AgedWin(name, race, age_on(born, race.date))
            if name not in youngest or _days(aged) < _days(youngest[name]):
                youngest[name] = aged
            if name not in oldest or _days(aged) > _days(oldest[name]):
                oldest[name] = aged
    _close(current, streaks)
    pole_rows = sorted((Ranked(name, n, 0) for name, n in from_pole.items()), key=lambda r: (-r.value, r.name))
    won.sort(key=lambda r: (-(_start(r)), r.date, r.round))
    seasons = sorted(((season, len(names)) for season, names in winners.items()), key=lambda x: (-x[1], x[0]))
    season_wins = sorted((SeasonWins(name, season, n, run[season]) for (name, season), n in wins.items()),
                         key=lambda w: (-w.wins, w.season, w.driver))
    streaks.sort(key=lambda s: (-s.wins, s.first.date, s.first.round, s.driver))
    led = heapq.nsmallest(LIMIT, led, key=_most_led)
    return SeriesRecords(
        series, tuple(pole_rows[:LIMIT]), tuple(won[:LIMIT]), tuple(seasons[:LIMIT]), tuple(season_wins[:LIMIT]),
        tuple(sorted(youngest.values(), key=lambda a: (_days(a), a.race.date, a.driver))[:LIMIT]),
        tuple(sorted(oldest.values(), key=lambda a: (-_days(a), a.race.date, a.driver))[:LIMIT]),
        tuple(streaks[:LIMIT]), tuple(led[:LIMIT]), len({name for names in winners.values() for name in names
                                                         if name in births}))


def age_on(born: dt.date, day: dt.date) -> Age:
    """Whole years from `born` to `day`, and the days since the last birthday (one born on February 29 has his
    birthday on March 1 in other years)."""
    years = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    return Age(years, (day - _birthday(born, born.year + years)).days, (day - born).days)


def _birthday(born: dt.date, year: int) -> dt.date:
    try:
        return born.replace(year=year)
    except ValueError:  # February 29 in a year without one
        return dt.date(year, 3, 1)


def _days(win: AgedWin) -> int:
    return win.age.total


def _follows(last: Race, race: Race, complete: bool) -> bool:
    """Whether `race` is the series' next race after `last`, as far as the site knows."""
    return complete or (race.season == last.season and race.round == last.round + 1)


def _close(streak: Streak | None, found: list[Streak]) -> None:
    """End a streak: kept when it is two wins or more."""
    if streak is not None and streak.wins > 1:
        found.append(streak)


def _led(race: Race, floor: int = 0) -> list[LapsLed]:
    """Each driver's laps led in the race, `floor` or more (a driver listed twice counts once, with his most)."""
    best: dict[str, int] = {}
    for result in race.results:
        if result.led and result.led >= floor:
            best[result.driver] = max(result.led, best.get(result.driver, 0))
    return [LapsLed(name, n, race) for name, n in best.items()]


def _most_led(entry: LapsLed) -> tuple[int, dt.date, int, str]:
    """The order of the most laps led in a race: most first, then the earlier race, then by name."""
    return -entry.led, entry.race.date, entry.race.round, entry.driver


def _start(race: Race) -> int:
    winner = winner_of(race)
    return winner.st or 0 if winner is not None else 0


def births_of(facts: Iterable[tuple[str, Iterable[tuple[str, object]]]]) -> dict[str, dt.date]:
    """Each driver's birth date from his driver file's facts ((name, facts) pairs), where it is given."""
    found = {}
    for name, given in facts:
        born = dict(given).get("birth_date")
        if isinstance(born, dt.date):
            found[name] = born
    return found


__all__ = ["Age", "AgedWin", "LapsLed", "Ranked", "SeasonWins", "SeriesRecords", "Streak", "Table",
           "age_on", "births_of", "leader_tables", "rank", "series_records"]
