"""History as of a moment: what the site's races say about a driver or a team before or after one race.

A story is checked against the data as it stood when it was written: a qualifying report against the races
before its race, a recap against the races up to and including it (which is which: `rules.after_the_race`).
`History` is built once per build from the site's races (in date order) and the driver files' baselines; each
question names a `Moment` ("before race X" or "after race X") and gets the answer as of then, or None when the
site does not know it whole.

What is known whole mirrors `facts.compute_facts`: a career count in a series needs the series' complete
history on the site, or (for starts, wins and poles) a driver file's `before` baseline with the site's recaps
of that series following on without a gap up to and including the moment's race; top 5s, top 10s, laps led,
wins from the pole, starts in wins and past poles, which no baseline gives, need the complete history. A season
count needs rounds 1, 2, ... of that season on the site up to the moment, and a season already over needs the
series' complete history (the site cannot tell its last round). Win and pole are `rules`' definitions. Must not
format, read files or know about stories.
"""

from __future__ import annotations

import bisect
import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from ..model import Baseline, Race, RaceKey, Result, Series
from .race import comes_next
from .rules import TOP5, TOP10, is_start, pole_row


@dataclass(frozen=True)
class Moment:
    """A point in the site's race order: the races at positions below `position` have been run."""

    position: int
    race: RaceKey  # the race it is anchored to
    after: bool


@dataclass(frozen=True)
class Counts:
    """A driver's figures over some starts; None where the site does not know the figure whole."""

    starts: int | None = None
    wins: int | None = None
    poles: int | None = None
    top5: int | None = None
    top10: int | None = None
    laps_led: int | None = None


@dataclass(frozen=True)
class WinStarts:
    """The best (lowest) starting position in a driver's wins, and the wins from it, oldest first."""

    start: int
    races: tuple[Race, ...]


@dataclass(frozen=True)
class LastPole:
    """The last race before a moment in which a driver won the pole (None: he never had one)."""

    race: Race | None


class _Line:
    """One driver's starts in one series, in race order, with running totals (filled on first use).

    Parallel lists of plain values, not a tuple per start: the history holds 180,000 of them, and fewer
    objects for the garbage collector to walk made building it three times faster."""

    __slots__ = ("at", "led", "pole", "poles", "rows", "top5", "top10", "wins")

    def __init__(self) -> None:
        self.at: list[int] = []  # each start's race position
        self.rows: list[Result] = []
        self.pole: list[bool] = []  # whether he won the pole
        self.wins: list[int] = []  # running totals after each start; empty until asked for
        self.poles: list[int] = []
        self.top5: list[int] = []
        self.top10: list[int] = []
        self.led: list[int] = []

    def totals(self) -> _Line:
        if not self.wins and self.rows:
            # (counted as ints: a running total of booleans starts with a bool, "True wins")
            self.wins = list(accumulate(int(r.fin == 1) for r in self.rows))
            self.poles = list(accumulate(map(int, self.pole)))
            self.top5 = list(accumulate(int(r.fin <= TOP5) for r in self.rows))
            self.top10 = list(accumulate(int(r.fin <= TOP10) for r in self.rows))
            self.led = list(accumulate(r.led or 0 for r in self.rows))
        return self

    def count(self, upto: int) -> int:
        """How many of the starts come before race position `upto`."""
        return bisect.bisect_left(self.at, upto)

    def copy(self) -> _Line:
        """The same starts, to swap rows in: its running totals made again when asked for."""
        line = _Line()
        line.at, line.rows, line.pole = self.at, list(self.rows), list(self.pole)
        return line


def _sum(totals: list[int], first: int, last: int) -> int:
    """The total over starts first..last-1 from running totals."""
    if last <= first:
        return 0
    return totals[last - 1] - (totals[first - 1] if first else 0)


class History:
    """Every race of the site in order, indexed for questions as of a moment. Build with `History.of`."""

    def __init__(self, races: Sequence[Race], series: Iterable[Series], baselines: Iterable[Baseline]) -> None:
        self.races = tuple(races)
        self._order = [(r.date, r.series, r.season, r.round) for r in self.races]
        self._position = {r.key: i for i, r in enumerate(self.races)}
        self._complete = {s.slug for s in series if s.complete_history}
        self._baselines = {(b.driver, b.series): b for b in baselines}
        self._lines: dict[str, dict[str, _Line]] = {}  # series -> driver -> starts
        self._seasons: dict[tuple[str, int], list[int]] = {}  # (series, season) -> race positions
        self._whole: dict[tuple[str, int], int] = {}  # ... -> how many leading races are rounds 1, 2, ... in order
        self._ordinal: dict[RaceKey, int] = {}  # a race's place in its season (1: its first race)
        self._unbroken: dict[str, int] = {}  # partial series -> position of the race that breaks the chain
        self._team_wins: dict[tuple[str, str, int], list[int]] = {}
        last: dict[str, tuple[int, int, int]] = {}
        in_season: dict[tuple[str, int], tuple[int, int, int]] = {}
        for i, race in enumerate(self.races):
            key = (race.series, race.season)
            positions = self._seasons.setdefault(key, [])
            positions.append(i)
            self._ordinal[race.key] = len(positions)
            if self._whole.get(key, 0) == len(positions) - 1 and comes_next(in_season.get(key), race):
                self._whole[key] = len(positions)
            in_season[key] = (race.season, race.round, race.number)
            previous = last.get(race.series)
            if race.series not in self._unbroken and previous is not None and not comes_next(previous, race):
                self._unbroken[race.series] = i
            last[race.series] = (race.season, race.round, race.number)
            pole = pole_row(race)
            lines = self._lines.setdefault(race.series, {})
            for row in race.results:
                if not is_start(row):  # listed, but did not start: no start, as in the career lines
                    continue
                line = lines.get(row.driver)
                if line is None:
                    line = lines[row.driver] = _Line()
                line.at.append(i)
                line.rows.append(row)
                line.pole.append(row is pole)
                if row.fin == 1 and row.team:
                    self._team_wins.setdefault((row.team, race.series, race.season), []).append(i)

    @staticmethod
    def of(races: Sequence[Race], series: Iterable[Series], baselines: Iterable[Baseline] = (),
           last: History | None = None) -> History:
        """The history of `races`, in date order as `Site.races` keeps them: `last` with the races that changed
        put in, when they changed only in their numbers (the live preview's edit; `_updated`)."""
        series, baselines = tuple(series), tuple(baselines)
        updated = last._updated(tuple(races), series, baselines) if last is not None else None
        return updated if updated is not None else History(races, series, baselines)

    def _updated(self, races: tuple[Race, ...], series: Iterable[Series], baselines: Iterable[Baseline]
                 ) -> History | None:
        """This history with each race that is now another object swapped in, when each keeps its place, date,
        starters and winning team (only rows' numbers and the pole changed); None otherwise. Equal in every answer
        to a history made afresh; the lines of drivers in no edited race are shared."""
        if len(races) != len(self.races) or {s.slug for s in series if s.complete_history} != self._complete or \
                {(b.driver, b.series): b for b in baselines} != self._baselines:
            return None
        swaps = [(at, new) for at, (old, new) in enumerate(zip(self.races, races)) if old is not new]
        if any(_shape(self.races[at]) != _shape(new) for at, new in swaps):
            return None
        found = copy.copy(self)
        found.races = races
        found._lines = {name: dict(lines) for name, lines in self._lines.items()}
        for at, race in swaps:
            pole = pole_row(race)
            lines, then = found._lines.get(race.series, {}), self._lines.get(race.series, {})
            mine: dict[str, list[Result]] = {}
            for row in race.results:
                if is_start(row):
                    mine.setdefault(row.driver, []).append(row)
            for driver, rows in mine.items():
                line = lines[driver]
                if line is then[driver]:
                    line = lines[driver] = line.copy()
                first = bisect.bisect_left(line.at, at)  # (his rows of one race stand together, in order)
                line.rows[first:first + len(rows)] = rows
                line.pole[first:first + len(rows)] = [row is pole for row in rows]
        return found

    # -- moments ---------------------------------------------------------------------------------------------

    def before(self, race: Race) -> Moment:
        return self._moment(race, after=False)

    def after(self, race: Race) -> Moment:
        return self._moment(race, after=True)

    def _moment(self, race: Race, after: bool) -> Moment:
        at = self._position.get(race.key)
        if at is None:  # a race the site does not have (yet): placed by its date
            at = bisect.bisect_left(self._order, (race.date, race.series, race.season, race.round))
            return Moment(at, race.key, after)
        return Moment(at + 1 if after else at, race.key, after)

    def race(self, series: str, season: int, round_: int) -> Race | None:
        at = self._position.get(RaceKey(series, season, round_))
        return None if at is None else self.races[at]

    def complete(self, series: str) -> bool:
        """Whether the site holds the series' whole history (`Series.complete_history`)."""
        return series in self._complete

    def season_known(self, series: str, season: int, at: Moment) -> bool:
        """Whether the site has every round of `season` run before `at` (all of it, for a season already over)."""
        positions = self._seasons.get((series, season))
        if positions is None:
            return False
        run = bisect.bisect_left(positions, at.position)
        whole = self._whole.get((series, season), 0)
        if at.race[:2] == (series, season):  # rounds 1 .. the story's race (or the one before it)
            ordinal = self._ordinal.get(at.race, at.race.round)
            expected = ordinal if at.after else ordinal - 1
            return run == expected and whole >= expected
        if run < len(positions):  # the season goes on after the moment
            return run <= whole
        return series in self._complete and whole == run  # a season over: its last round is not known otherwise

    # -- a driver --------------------------------------------------------------------------------------------

    def _line(self, driver: str, series: str) -> _Line | None:
        return self._lines.get(series, {}).get(driver)

    def career(self, driver: str, series: str, at: Moment) -> Counts:
        """A driver's career figures in a series before `at`, the baseline included; None where not known."""
        line = self._line(driver, series)
        n = line.count(at.position) if line else 0
        totals = line.totals() if line and n else None
        wins = totals.wins[n - 1] if totals else 0
        poles = totals.poles[n - 1] if totals else 0
        if series in self._complete:
            return Counts(n, wins, poles, totals.top5[n - 1] if totals else 0, totals.top10[n - 1] if totals else 0,
                          totals.led[n - 1] if totals else 0)
        base = self._baselines.get((driver, series))
        if base is None or not self._follows_on(series, at):
            return Counts()
        return Counts(None if base.starts is None else base.starts + n, None if base.wins is None else base.wins + wins,
                      None if base.poles is None else base.poles + poles)

    def _follows_on(self, series: str, at: Moment) -> bool:
        """Whether a partial-history series' races up to `at` have no gap: the race that breaks the chain comes
        after the moment (a race after a gap has unknown races before it: as of before it, nothing is known)."""
        broken = self._unbroken.get(series)
        if broken is None or broken > at.position:
            return True
        return broken == at.position and not (not at.after and self.races[broken].key == at.race)

    def season(self, driver: str, series: str, season: int, at: Moment, rounds: int | None = None) -> Counts:
        """A driver's figures in one season before `at` (in its first `rounds` rounds, when given)."""
        positions = self._seasons.get((series, season))
        if positions is None or not self.season_known(series, season, at):
            return Counts()
        end = min(at.position, positions[-1] + 1)
        if rounds is not None:
            if rounds > self._whole.get((series, season), 0):
                return Counts()
            end = min(end, positions[rounds - 1] + 1)
        line = self._line(driver, series)
        if line is None:
            return Counts(0, 0, 0, 0, 0, 0)
        first, last = line.count(positions[0]), line.count(end)
        t = line.totals()
        return Counts(last - first, _sum(t.wins, first, last), _sum(t.poles, first, last), _sum(t.top5, first, last),
                      _sum(t.top10, first, last), _sum(t.led, first, last))

    def starts(self, driver: str, series: str, at: Moment) -> list[tuple[Race, Result, bool]]:
        """The driver's starts on the site before `at`: (race, row, won the pole), oldest first."""
        line = self._line(driver, series)
        if line is None:
            return []
        n = line.count(at.position)
        return [(self.races[i], row, pole) for i, row, pole in zip(line.at[:n], line.rows[:n], line.pole[:n])]

    def wins(self, driver: str, series: str, at: Moment) -> list[tuple[Race, Result, bool]] | None:
        """The driver's wins before `at`, oldest first; None unless the series' whole history is on the site."""
        if series not in self._complete:
            return None
        return [entry for entry in self.starts(driver, series, at) if entry[1].fin == 1]

    def wins_from_pole(self, driver: str, series: str, at: Moment) -> int | None:
        """Wins in races where the driver also won the pole (never from a formula lineup)."""
        wins = self.wins(driver, series, at)
        return None if wins is None else sum(1 for _, _, pole in wins if pole)

    def best_winning_start(self, driver: str, series: str, at: Moment) -> WinStarts | None:
        """The best start that led to a win; None when he has no win, or when a win's start is not known."""
        wins = self.wins(driver, series, at)
        if not wins or any(row.st is None for _, row, _ in wins):
            return None
        best = min(row.st or 0 for _, row, _ in wins)
        return WinStarts(best, tuple(race for race, row, _ in wins if row.st == best))

    def last_pole(self, driver: str, series: str, at: Moment) -> LastPole | None:
        """The last pole before `at`; None unless the series' whole history is on the site."""
        if series not in self._complete:
            return None
        poles = [race for race, _, pole in self.starts(driver, series, at) if pole]
        return LastPole(poles[-1] if poles else None)

    def entries(self, driver: str, series: str, at: Moment, *, season: int | None = None,
                track: str | None = None) -> list[tuple[Race, Result]]:
        """The driver's rows before `at`, in a season and/or at a track."""
        return [(race, row) for race, row, _ in self.starts(driver, series, at)
                if (season is None or race.season == season) and (track is None or race.track == track)]

    # -- a team ----------------------------------------------------------------------------------------------

    def team_wins(self, team: str, series: str, season: int, at: Moment) -> int | None:
        """A team's wins in a season before `at` (a team wins when any of its cars does)."""
        if not self.season_known(series, season, at):
            return None
        return bisect.bisect_left(self._team_wins.get((team, series, season), []), at.position)

    def teams_in(self, series: str) -> set[str]:
        return {team for team, s, _ in self._team_wins if s == series}


def result_in(race: Race, driver: str) -> Result | None:
    """The driver's row in a race (his first, when the recap lists him twice)."""
    return next((row for row in race.results if row.driver == driver), None)


def _shape(race: Race) -> tuple[object, ...]:
    """What of a race a history is made from besides its rows' numbers and its pole: its key, date, starters (in
    order) and winning team."""
    return (race.key, race.date, tuple(row.driver for row in race.results if is_start(row)),
            tuple(row.team for row in race.results if row.fin == 1 and row.team))
