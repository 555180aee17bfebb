"""Stat lines and leader tables as table rows: the shapes every career, season and leader table shares.

Owns `LineRow` (a `Line` with its label cells) and `LeaderView`. Must not compute stats.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from ..model import EntityInfo
from ..stats.career import Line
from ..stats.entities import Entry
from ..stats.records import Table
from ..stats.rules import is_win
from .links import Link, Links

FACT_LABELS = {"birth_date": "Born", "hometown": "Hometown", "country": "Country", "length": "Length (miles)",
               "surface": "Surface", "location": "Location", "opened": "Opened", "owner": "Owner", "base": "Based in"}
YEARS = {"opened"}  # shown as they are: 1960, never "1,960"


class LineRow(NamedTuple):
    """A stats line as a table row: its label cell (a series, a season...) and the line itself, as `stats` made it
    (a figure added to `Line` is there for the templates to show)."""

    label: Link | None
    line: Line


def line_row(line: Line, label: Link | None) -> LineRow:
    return LineRow(label, line)


class LeaderRow(NamedTuple):
    rank: int
    name: Link | None
    value: float
    starts: int


@dataclass(frozen=True)
class LeaderView:
    key: str
    heading: str
    note: str
    rows: tuple[LeaderRow, ...]
    decimals: int


def leader_view(table: Table, to_link: Callable[[str], Link | None]) -> LeaderView:
    rows = tuple(LeaderRow(rank, to_link(row.name), row.value, row.starts) for rank, row in enumerate(table.rows, 1))
    return LeaderView(table.key, table.heading, table.note, rows, 2 if table.key == "avg_finish" else 0)


class FactView(NamedTuple):
    label: str
    value: object
    number: bool  # shown as a number (two decimals at most)
    date: bool  # shown as a date


@dataclass(frozen=True)
class About:
    bio: str
    facts: tuple[FactView, ...]


def about(info: EntityInfo | None, extra: Iterable[tuple[str, object]] = ()) -> About:
    """An entity file's bio and facts, in the labels' order (`extra`: facts known otherwise, shown first)."""
    facts = dict(info.facts) if info is not None else {}
    shown = [(key, value) for key, value in extra if key not in facts]
    shown += [(key, facts[key]) for key in FACT_LABELS if key in facts]
    return About(info.bio if info is not None else "",
                 tuple(FactView(FACT_LABELS[key], value,
                                isinstance(value, (int, float)) and not isinstance(value, bool) and key not in YEARS,
                                isinstance(value, dt.date)) for key, value in shown))


class EntryRow(NamedTuple):
    """One start in a driver's list of races (the template unpacks it in this order)."""

    win: bool
    date: dt.date
    race: Link
    series: Link
    fin: int
    st: int | None
    car: str | None
    team: Link | None
    status: str


def entry_row(entry: Entry, links: Links) -> EntryRow:
    race, result = entry
    return EntryRow(is_win(result), race.date, links.race(race), links.series(race.series, short=True), result.fin,
                    result.st, result.car, links.team(result.team), result.status)


class WinRow(NamedTuple):
    """A win in a team's or a make's list."""

    race: Link
    driver: Link
    date: dt.date


def win_row(entry: Entry, links: Links) -> WinRow:
    race, result = entry
    return WinRow(links.race(race), links.driver(result.driver), race.date)
