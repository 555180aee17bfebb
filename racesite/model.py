"""The validated site model: frozen dataclasses for races, results and entities.

Owns the shapes every later stage reads. Must not do IO, validation or
computation beyond trivial derived properties: `validate` builds these,
`stats` computes from them.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Result:
    """One car's line in a race's results."""

    fin: int
    car: str | None  # None only in lenient (historical) recaps
    driver: str  # canonical name (aliases resolved)
    st: int | None = None
    team: str | None = None
    make: str | None = None
    laps: int | None = None
    led: int | None = None
    status: str = "running"
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
    top_lines: tuple[int, ...] = ()  # each name's line, when the recap's `stages:` block gives the top


@dataclass(frozen=True)
class Penalty:
    driver: str
    text: str
    line: int = 0  # the line naming the driver


@dataclass(frozen=True)
class Race:
    """One recap: a race's identity, data and story."""

    source: str  # path shown in messages
    series: str  # series slug
    season: int
    round: int
    date: dt.date
    name: str
    track: str  # canonical track name
    laps: int | None  # scheduled
    laps_run: int | None  # completed by the leader (defaults to scheduled)
    title: str
    summary: str
    author: str | None
    draft: bool
    lineup: str  # how the starting order was set: qualifying, formula, ...
    results: tuple[Result, ...]
    qualifying: tuple[QualifyingEntry, ...] = ()
    stages: tuple[Stage, ...] = ()
    penalties: tuple[Penalty, ...] = ()
    cautions: int | None = None
    caution_laps: int | None = None
    lead_changes: int | None = None
    leaders: int | None = None
    margin: str | None = None
    track_length: float | None = None
    body: str = ""
    body_line: int = 1
    round_line: int = 1
    results_source: str | None = None  # the CSV file the results came from, when not the recap itself
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def results_path(self) -> str:
        """Where the results rows' line numbers point: the CSV file, or the recap."""
        return self.results_source or self.source

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.series, self.season, self.round)

    @property
    def winner(self) -> Result | None:
        return self.results[0] if self.results and self.results[0].fin == 1 else None

    @functools.cached_property  # derived from frozen fields; asked for by every stat that counts poles
    def pole(self) -> str | None:
        """The pole winner: first in qualifying, or first starter when the lineup came from qualifying.

        When the field was set by formula (qualifying cancelled) nobody won the pole.
        """
        if self.lineup != "qualifying":
            return None
        if self.qualifying:
            return self.qualifying[0].driver
        for result in self.results:
            if result.st == 1:
                return result.driver
        return None

    @functools.cached_property
    def pole_row(self) -> Result | None:
        """The one results row credited with the pole (a driver listed twice gets it once: the row that
        started first, else the first row)."""
        pole = self.pole
        if pole is None:
            return None
        rows = [r for r in self.results if r.driver == pole]
        return next((r for r in rows if r.st == 1), rows[0] if rows else None)


@dataclass(frozen=True)
class Series:
    slug: str
    name: str
    short_name: str
    complete_history: bool = True


@dataclass(frozen=True)
class PointsSystem:
    """How a series awarded points in an era (used when a recap gives no `pts`)."""

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

    @property
    def base_path(self) -> str:
        """The URL path the site lives under: '/' or '/repo/'."""
        rest = self.base_url.split("://", 1)[-1]
        path = "/" + rest.split("/", 1)[1] if "://" in self.base_url and "/" in rest else self.base_url
        if "://" in self.base_url and "/" not in rest:
            path = "/"
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
    facts: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Baseline:
    """A driver's career figures in one series from before the site's recaps (from the driver file)."""

    driver: str
    series: str
    starts: int | None = None  # None: not known
    wins: int | None = None
    poles: int | None = None


@dataclass(frozen=True)
class Site:
    """Everything validated: the config, every published race, and the entity files."""

    config: SiteConfig
    races: tuple[Race, ...]  # sorted by date, series, round
    entities: tuple[EntityInfo, ...] = ()
    baselines: tuple[Baseline, ...] = ()
    digests: dict[str, str] = field(default_factory=dict, compare=False, hash=False)  # recap source -> content hash
    data_digests: dict[str, str] = field(default_factory=dict, compare=False, hash=False)  # ... -> front matter hash
