"""Championship rules as values: frozen dataclasses for one series' rules over a range of seasons.

Owns the shapes `champ_read` builds from a rules file and `stats.championship` decides with, and the
lookups between them (which declaration covers a season, which points system scores a race). Must not
read files, check input or compute standings.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scoring:
    """How one kind of race scores: the row's `pts`, else points by position plus bonuses."""

    session: str | None = None  # None: any session
    rounds: tuple[int, ...] = ()  # (): any round
    official: bool = True
    positions: tuple[float, ...] = ()
    pole: float = 0
    led_lap: float = 0
    most_led: float = 0
    stage: tuple[float, ...] = ()
    fastest_lap: float = 0
    fastest_lap_top: int | None = None
    factor: float = 1
    shared: str = "full"  # or "split": a shared drive's points divided among its drivers

    @property
    def awards(self) -> bool:
        """Whether the system awards anything to a row without `pts` (else such a row's points are not known)."""
        return bool(self.positions or self.pole or self.led_lap or self.most_led or self.stage or self.fastest_lap)

    def fits(self, round_: int, session: str) -> int:
        """How closely this system fits a race: 0 when it does not apply, more when more specific."""
        if self.session is not None and self.session != session:
            return 0
        if self.rounds and round_ not in self.rounds:
            return 0
        return 1 + (self.session is not None) + 2 * bool(self.rounds)


@dataclass(frozen=True)
class Counting:
    """Which results count: all, or the best N (drop weeks); races that pay no points."""

    best: int | None = None
    drop: int = 0
    unit: str = "race"  # or "round": a round's sessions are kept or dropped together
    skip_rounds: tuple[int, ...] = ()
    skip_sessions: tuple[str, ...] = ("exhibition",)

    def pays(self, round_: int, session: str) -> bool:
        return round_ not in self.skip_rounds and session not in self.skip_sessions

    def kept(self, results: int, season: int) -> int | None:
        """How many of a driver's `results` count in a season of `season` races (or rounds); None: all.

        `drop: N` keeps the best `season - N` all season long, so a table after round 3 of 10 with two drop
        weeks still counts every result so far."""
        if self.best is not None:
            return min(self.best, results)
        if self.drop:
            return min(max(season - self.drop, 0), results)
        return None


@dataclass(frozen=True)
class PlayoffPoints:
    win: float = 0
    stage_win: float = 0
    standings: tuple[float, ...] = ()  # by regular-season position
    wild_cards: bool = True
    in_playoffs: bool = False


@dataclass(frozen=True)
class PlayoffRound:
    races: int
    base: float
    name: str | None = None
    advance: int | None = None  # None: the last round
    carry: bool = False
    win_advances: bool = False
    decided_by: str = "points"  # or "finish"

    def label(self, drivers: int) -> str:
        if self.name:
            return self.name
        return "Final" if self.decided_by == "finish" else f"Round of {drivers}"


@dataclass(frozen=True)
class Playoffs:
    regular_season: int
    field: int
    rounds: tuple[PlayoffRound, ...]
    within: float | None = None
    wins_in: bool = False
    top: int | None = None
    all_races: bool = False
    min_starts: int | None = None
    points_eligible: bool = True
    wild_cards: int = 0
    wild_card_from: int = 11
    wild_card_to: int = 20
    seed_step: float | None = None
    playoff_points: PlayoffPoints = PlayoffPoints()

    @property
    def races(self) -> int:
        return sum(r.races for r in self.rounds)


@dataclass(frozen=True)
class Deduction:
    driver: str
    points: float
    round: int | None = None  # None: after the last round
    playoff_points: float = 0
    reason: str = ""


@dataclass(frozen=True)
class Exclusion:
    driver: str
    reason: str = ""


@dataclass(frozen=True)
class OfficialRound:
    """Who officially went on from playoff round `round` (from 1)."""

    round: int
    drivers: tuple[str, ...]


@dataclass(frozen=True)
class SeasonFacts:
    """What a declaration says about one season: the official word, penalties, waivers."""

    season: int
    champion: str | None = None
    order: tuple[str, ...] = ()
    regular_season: int | None = None
    races: int | None = None  # how many points-paying races the season has
    deductions: tuple[Deduction, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    waivers: tuple[str, ...] = ()
    field: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    ineligible: tuple[str, ...] = ()
    advanced: tuple[OfficialRound, ...] = ()
    note: str = ""
    line: int = 0  # where the rules file declares it (0: not declared)
    source: str = ""  # the season file that declares it ("": the declaration's own file)

    def went_on(self, round_: int) -> tuple[str, ...] | None:
        """The official list of drivers who went on from playoff round `round_` (from 1), when declared."""
        return next((r.drivers for r in self.advanced if r.round == round_), None)


DEFAULT_SCORING = Scoring()


@dataclass(frozen=True)
class Rules:
    """One declaration: how a series decided its championship from season `first` to `last`."""

    series: str
    first: int
    last: int | None = None
    title: str | None = None
    points: tuple[Scoring, ...] = ()
    counting: Counting = Counting()
    playoffs: Playoffs | None = None
    tie_breaks: tuple[str, ...] = ("wins", "places")
    seasons: tuple[SeasonFacts, ...] = ()
    note: str = ""
    source: str = ""  # the file it was declared in, for messages
    line: int = 0

    def covers(self, season: int) -> bool:
        return self.first <= season and (self.last is None or season <= self.last)

    def facts(self, season: int) -> SeasonFacts:
        return next((f for f in self.seasons if f.season == season), SeasonFacts(season))

    def scoring(self, round_: int, session: str = "race") -> Scoring:
        """The points system for a race: the most specific that fits its round and session."""
        best, fit = DEFAULT_SCORING, 0
        for system in self.points:
            score = system.fits(round_, session)
            if score > fit:
                best, fit = system, score
        return best

    @property
    def seasons_label(self) -> str:
        if self.last is None:
            return f"{self.first}–"
        return f"{self.first}–{self.last}" if self.last != self.first else str(self.first)


@dataclass(frozen=True)
class RuleBook:
    """Every declaration read, for any number of series."""

    rules: tuple[Rules, ...] = ()

    def find(self, series: str, season: int) -> Rules | None:
        return next((r for r in self.rules if r.series == series and r.covers(season)), None)

    def merged(self, other: RuleBook) -> RuleBook:
        """This book, with `other`'s declarations taking precedence over any covering the same seasons."""
        return RuleBook(other.rules + self.rules)

    def series(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.series for r in self.rules))
