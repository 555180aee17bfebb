"""The validated site model: frozen dataclasses for races, results, stories and entities.

Owns the shapes every later stage reads. A `Race` is a race's data (results, qualifying, stages, facts),
merged from whichever files give it; a `Story` is one piece of writing about a race (a recap, a preview, a
qualifying report, a feature). Must not do IO, validation or computation: `load` builds these, `stats`
computes from them (what a win or a pole is lives in `stats.rules`).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .champ_rules import RuleBook


class RaceKey(NamedTuple):
    """Which race: series slug, season, round, and the race's number within its round (a round may hold several
    points-paying races: a sprint and a feature, heats, duels)."""

    series: str
    season: int
    round: int
    number: int = 1

    @property
    def label(self) -> str:
        """'xfinity 2021 round 6', or 'f2 2024 round 6 race 2'."""
        return f"{self.series} {self.season} round {self.round}" + (f" race {self.number}" if self.number > 1 else "")


class Result(NamedTuple):
    """One car's line in a race's results. (A named tuple, not a dataclass: a long history has ~180k, and they are
    made, pickled and read back on every cold build.)"""

    fin: int
    car: str | None  # None only in lenient (historical) results
    driver: str  # canonical name (aliases resolved)
    st: int | None = None
    team: str | None = None
    make: str | None = None
    laps: int | None = None
    led: int | None = None
    status: str = "running"  # lowercased
    pts: float | None = None
    stages: tuple[int | None, ...] = ()  # finishing position in stage 1, 2, 3...
    stage_pts: float | None = None
    line: int = 0


@dataclass(frozen=True)
class QualifyingEntry:
    pos: int
    driver: str
    car: str | None = None
    time: float | None = None  # seconds
    speed: float | None = None  # mph, as stated by the writer
    line: int = 0


@dataclass(frozen=True)
class Stage:
    number: int
    laps: int | None
    top: tuple[str, ...]  # drivers in finishing order
    top_lines: tuple[int, ...] = ()  # each name's line, when a `stages:` block gives the top


@dataclass(frozen=True)
class Penalty:
    driver: str
    text: str
    line: int = 0  # the line naming the driver


@dataclass(frozen=True)
class Race:
    """One race's data, from every file that gives some of it."""

    series: str  # series slug
    season: int
    round: int
    date: dt.date
    name: str
    track: str  # canonical track name
    laps: int | None  # scheduled
    laps_run: int | None  # completed by the leader (defaults to scheduled)
    lineup: str  # how the starting order was set: qualifying, formula, ...
    results: tuple[Result, ...]  # empty: the race has not been run yet (upcoming)
    source: str  # the file that names the race (its `name`), for messages
    results_source: str  # where the results rows' line numbers point: a content file or its CSV
    qualifying: tuple[QualifyingEntry, ...] = ()
    stages: tuple[Stage, ...] = ()
    penalties: tuple[Penalty, ...] = ()
    cautions: int | None = None
    caution_laps: int | None = None
    lead_changes: int | None = None
    leaders: int | None = None
    margin: str | None = None
    track_length: float | None = None
    draft: bool = False  # every file giving it is a draft (only the preview builds drafts)
    round_line: int = 1
    number: int = 1  # the race's number within its round (1 unless the round holds several races)
    session: str = "race"  # what kind of race: race, sprint, feature, heat, duel, qualifying, exhibition
    fastest_lap: str | None = None  # who set the race's fastest lap, when the writer gives it
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    digest: str = field(default="", compare=False)  # a hash of what it was read from, for the build plan

    @functools.cached_property
    def key(self) -> RaceKey:  # (asked for often: made once)
        return RaceKey(self.series, self.season, self.round, self.number)


STORY_KINDS = ("recap", "preview", "qualifying", "feature")


@dataclass(frozen=True)
class Story:
    """One piece of writing about a race, published on its own date."""

    source: str
    race: RaceKey
    kind: str  # one of STORY_KINDS
    title: str
    summary: str
    author: str | None
    published: dt.date
    draft: bool
    body: str
    body_line: int  # the file line the body starts on
    slug: str  # its URL name under the race
    digest: str = field(default="", compare=False)


@dataclass(frozen=True)
class Series:
    slug: str
    name: str
    short_name: str
    complete_history: bool = True


@dataclass(frozen=True)
class PointsSystem:
    """How a series awarded points in an era (used when a results row gives no `pts`)."""

    series: str
    from_season: int
    to_season: int | None
    positions: tuple[float, ...]  # points for 1st, 2nd, ...
    led_lap: float = 0
    most_led: float = 0
    pole: float = 0
    stage: tuple[float, ...] = ()  # points for stage 1st, 2nd, ...

    def covers(self, season: int) -> bool:
        return self.from_season <= season and (self.to_season is None or season <= self.to_season)


@dataclass(frozen=True)
class SiteConfig:
    title: str
    base_url: str  # absolute URL or path, always ending in '/'
    language: str
    description: str
    author: str | None
    domain: str | None
    series: tuple[Series, ...]
    points: tuple[PointsSystem, ...] = ()
    latest: int = 10
    strict: bool = False  # warnings fail the build

    @property
    def base_path(self) -> str:
        """The URL path the site lives under: '/' or '/repo/'."""
        if "://" not in self.base_url:
            return self.base_url if self.base_url.endswith("/") else self.base_url + "/"
        rest = self.base_url.split("://", 1)[1]
        path = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        return path if path.endswith("/") else path + "/"

    def series_by_slug(self, slug: str) -> Series | None:
        return next((s for s in self.series if s.slug == slug), None)


@dataclass(frozen=True)
class EntityInfo:
    """What an entity file (drivers/, tracks/, teams/) says about one driver, track or team."""

    kind: str  # "driver", "track" or "team"
    name: str
    source: str
    aliases: tuple[str, ...] = ()
    bio: str = ""
    facts: tuple[tuple[str, Any], ...] = ()  # (field, value) in schema order: birth_date, hometown, length...


@dataclass(frozen=True)
class Baseline:
    """A driver's career figures in one series from before the site's races (from the driver file)."""

    driver: str
    series: str
    starts: int | None = None  # None: not known
    wins: int | None = None
    poles: int | None = None


@dataclass(frozen=True)
class Site:
    """Everything validated: the config, every published race and story, and the entity files."""

    config: SiteConfig
    races: tuple[Race, ...]  # sorted by date, series, season, round
    stories: tuple[Story, ...] = ()  # sorted by publish date, then race and file
    entities: tuple[EntityInfo, ...] = ()
    baselines: tuple[Baseline, ...] = ()
    rules: RuleBook = field(default_factory=RuleBook)  # how each series' championship is decided
