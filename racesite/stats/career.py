"""Career and season lines: starts, wins, top 5s, top 10s, poles, laps, laps led, averages, DNFs.

A *start* is a row in a race's results, unless it did not start (`rules.is_start`); what a win, a top 5, a
top 10, a pole and a DNF are is `rules`' to say (docs/stats.md says the same in words).
Averages are over the starts that give the value (a start with no recorded
starting position is left out of the average start). Must not format.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from ..model import Race, Result
from .rules import NOT_STARTED, is_dnf, is_top5, is_top10, is_win, pole_row


@dataclass(frozen=True)
class Line:
    """One driver's (or team's, or make's) totals over a set of starts."""

    starts: int = 0
    wins: int = 0
    top5: int = 0
    top10: int = 0
    poles: int = 0
    laps: int = 0
    laps_led: int = 0
    dnf: int = 0
    avg_start: float | None = None
    avg_finish: float | None = None
    start_sum: int = 0  # what the averages are of, so lines add up (a career is the sum of its seasons)
    start_n: int = 0
    finish_sum: int = 0

    @property
    def win_pct(self) -> float | None:
        return 100 * self.wins / self.starts if self.starts else None

    def as_json(self) -> dict[str, float | int | None]:
        return {"starts": self.starts, "wins": self.wins, "poles": self.poles, "top5": self.top5,
                "top10": self.top10, "laps": self.laps, "laps_led": self.laps_led,
                "avg_start": _round(self.avg_start), "avg_finish": _round(self.avg_finish), "dnf": self.dnf}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value + 0.0, 1)


class Tally:
    """Accumulates starts into a `Line`."""

    __slots__ = (
        "dnf",
        "finish_sum",
        "laps",
        "led",
        "poles",
        "start_n",
        "start_sum",
        "starts",
        "top5",
        "top10",
        "wins",
    )

    def __init__(self) -> None:
        self.starts = self.wins = self.top5 = self.top10 = self.poles = 0
        self.laps = self.led = self.dnf = self.start_sum = self.start_n = self.finish_sum = 0

    def add(self, result: Result, pole: bool) -> None:
        self.starts += 1
        self.finish_sum += result.fin
        self.wins += is_win(result)
        self.top5 += is_top5(result)
        self.top10 += is_top10(result)
        self.poles += pole
        self.laps += result.laps or 0
        self.led += result.led or 0
        self.dnf += is_dnf(result)
        if result.st is not None:
            self.start_sum += result.st
            self.start_n += 1

    def merge(self, other: Tally) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def add_line(self, line: Line) -> None:
        """Add the starts a line was made of."""
        self.starts += line.starts
        self.wins += line.wins
        self.top5 += line.top5
        self.top10 += line.top10
        self.poles += line.poles
        self.laps += line.laps
        self.led += line.laps_led
        self.dnf += line.dnf
        self.start_sum += line.start_sum
        self.start_n += line.start_n
        self.finish_sum += line.finish_sum

    def line(self) -> Line:
        return Line(self.starts, self.wins, self.top5, self.top10, self.poles, self.laps, self.led, self.dnf,
                    self.start_sum / self.start_n if self.start_n else None,
                    self.finish_sum / self.starts if self.starts else None,
                    self.start_sum, self.start_n, self.finish_sum)


@dataclass(frozen=True)
class Careers:
    """Lines keyed by (name, series) for careers and (name, series, season) for seasons.

    `seasons_of` and `series_of` group the same lines by name, in key order,
    so a page never scans every line. Lines per track are made by the pages
    that show them (`track_lines`).
    """

    career: dict[tuple[str, str], Line]
    season: dict[tuple[str, str, int], Line]
    seasons_of: dict[str, list[tuple[str, int, Line]]]
    by_season: dict[tuple[str, int], list[tuple[str, Line]]]  # (series, season) -> (name, line)
    by_series: dict[str, list[tuple[str, Line]]]  # series -> (name, career line)

    def series_of(self, name: str) -> list[str]:
        return sorted({series for series, _, _ in self.seasons_of.get(name, ())})

    def lines_of(self, name: str) -> tuple[tuple[str, Line], ...]:
        """(series, career line) for each series `name` raced in, in series order."""
        return tuple((series, self.career[(name, series)]) for series in self.series_of(name))


def compute_careers(races: Iterable[Race], key: str = "driver") -> Careers:
    """Lines for every driver (or, with key='team'/'make', every team or make)."""
    return _careers(((race, result) for race in races for result in race.results), key)


def entity_careers(entries: Iterable[tuple[Race, Result]], key: str) -> Careers:
    """Lines over `entries` alone, keyed by key='team', 'make' or 'driver': complete for each name whose
    every start is in `entries`.

    A team's or make's page needs only its own lines: computed for it alone, when its page is made (and an
    edit's drivers, by `update`).
    """
    return _careers(entries, key)


def track_lines(entries: Iterable[tuple[Race, Result]], by: str) -> list[tuple[str, Line]]:
    """Lines over `entries` (one driver's starts, or every start at one track) grouped `by` 'track' or
    'driver', in name order: a driver's line at each track, or each driver's line at a track."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    for race, result, on_pole in _with_poles(entries):
        tallies[race.track if by == "track" else result.driver].add(result, on_pole)
    return [(name, tally.line()) for name, tally in sorted(tallies.items())]


def _with_poles(entries: Iterable[tuple[Race, Result]]) -> Iterator[tuple[Race, Result, bool]]:
    race: Race | None = None
    pole: Result | None = None
    for at, result in entries:
        if result.status in NOT_STARTED:  # listed, but did not start: no start (`rules.is_start`)
            continue
        if at is not race:  # a race's entries come together: its pole row is found once
            race, pole = at, pole_row(at)
        yield at, result, result is pole


def season_careers(seasons: Mapping[tuple[str, int], Sequence[Race]], last: Careers | None = None,
                   unchanged: Callable[[tuple[str, int]], bool] | None = None) -> Careers:
    """Every driver's lines, season by season (`seasons`: each (series, season)'s races): a season that
    `unchanged` says was computed from the same races keeps `last`'s lines, the others are counted again (an edit
    to one race recounts one season, not the history). Equal to `compute_careers` over the same races, in the
    same order; when the recounted seasons have the drivers they had, only those drivers' careers are summed
    again, and every other driver keeps `last`'s lines and lists (the same objects)."""
    season: dict[tuple[str, str, int], Line] = {}
    recounted: list[tuple[str, int]] = []
    counted: list[tuple[str, str, int]] = []  # the recounted seasons' keys
    for (series, year), races in seasons.items():
        if last is not None and unchanged is not None and unchanged((series, year)):
            for name, line in last.by_season.get((series, year), ()):
                season[(name, series, year)] = line
            continue
        recounted.append((series, year))
        tallies: dict[str, Tally] = defaultdict(Tally)
        for _, result, on_pole in _with_poles((race, row) for race in races for row in race.results):
            if result.driver:
                tallies[result.driver].add(result, on_pole)
        for name, tally in tallies.items():
            season[(name, series, year)] = tally.line()
            counted.append((name, series, year))
    # (the seasons kept have `last`'s keys: as many keys, the recounted ones all among `last`'s, are the same keys)
    if last is not None and len(season) == len(last.season) and all(key in last.season for key in counted):
        return _reassemble(season, last, recounted)
    return _assemble(season)


def _reassemble(season: Mapping[tuple[str, str, int], Line], last: Careers,
                recounted: list[tuple[str, int]]) -> Careers:
    """`_assemble(season)` when `season` has `last`'s keys and differs only in the `recounted` seasons: the
    drivers whose line in one of them changed are summed again, in `last`'s order; everyone else's lines and lists
    are `last`'s (an equal line recounted is taken as `last`'s)."""
    season_lines = dict(last.season)
    by_season = dict(last.by_season)
    drivers: set[str] = set()
    for series, year in recounted:
        listed = last.by_season.get((series, year), ())
        changed = [name for name, old in listed if season[(name, series, year)] != old]
        if changed:
            season_lines.update(((name, series, year), season[(name, series, year)]) for name in changed)
            by_season[(series, year)] = [(name, season_lines[(name, series, year)]) for name, _ in listed]
            drivers.update(changed)
    career = dict(last.career)
    seasons_of = dict(last.seasons_of)
    touched: set[str] = set()  # the series whose career lines changed
    for name in drivers:
        mine = seasons_of[name] = [(series, year, season_lines[(name, series, year)])
                                   for series, year, _ in last.seasons_of[name]]
        tallies: dict[str, Tally] = defaultdict(Tally)
        for series, _, line in mine:
            tallies[series].add_line(line)
        career.update(((name, series), tally.line()) for series, tally in tallies.items())
        touched.update(tallies)
    by_series = dict(last.by_series)
    for series in touched:
        by_series[series] = [(name, career[(name, series)]) for name, _ in last.by_series[series]]
    return Careers(career=career, season=season_lines, seasons_of=seasons_of, by_season=by_season,
                   by_series=by_series)


def _careers(entries: Iterable[tuple[Race, Result]], key: str) -> Careers:
    season: dict[tuple[str, str, int], Tally] = defaultdict(Tally)
    for race, result, on_pole in _with_poles(entries):
        name = getattr(result, key)
        if name:
            season[(name, race.series, race.season)].add(result, on_pole)
    return _assemble({k: t.line() for k, t in season.items()})


def _assemble(seasons: Mapping[tuple[str, str, int], Line]) -> Careers:
    """Careers from season lines: a career is the sum of its seasons."""
    career: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for (name, series, _), line in seasons.items():
        career[(name, series)].add_line(line)
    seasons_of: dict[str, list[tuple[str, int, Line]]] = defaultdict(list)
    season_lines = dict(sorted(seasons.items()))
    by_season: dict[tuple[str, int], list[tuple[str, Line]]] = defaultdict(list)
    by_series: dict[str, list[tuple[str, Line]]] = defaultdict(list)
    career_lines = {k: t.line() for k, t in sorted(career.items())}
    for (name, series), line in career_lines.items():
        by_series[series].append((name, line))
    for (name, series, year), line in season_lines.items():
        seasons_of[name].append((series, year, line))
        by_season[(series, year)].append((name, line))
    return Careers(career=career_lines, season=season_lines, seasons_of=dict(seasons_of),
                   by_season=dict(by_season), by_series=dict(by_series))
