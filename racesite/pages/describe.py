"""Each page's meta description: a sentence saying what the page holds, from figures `stats` computed.

Owns the wording: a driver's, team's or make's starts and wins per series and the seasons they span, a track's
races and its most successful driver, a race's winner, and the site-wide pages' one-liners. A story's or a race's
summary, when the writer gave one, is used as it is (by the page makers). Must not compute stats: every number
arrives counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from ..model import SiteConfig
from ..stats.career import Line

LONGEST = 3  # series named in one description at most: the most starts first


def _count(n: int | float, one: str, many: str) -> str:
    value = int(n)
    return f"{value:,} {one if value == 1 else many}"


def _span(first: int | None, last: int | None) -> str:
    if first is None or last is None:
        return ""
    return f" ({first})" if first == last else f" ({first}–{last})"


def series_name(config: SiteConfig, slug: str) -> str:
    found = config.series_by_slug(slug)
    return found.name if found is not None else slug


def line_parts(line: Line, series: str) -> str:
    """'7 NASCAR Xfinity Series starts, 2 wins, 3 top 5s, 1 pole' (top 5s and poles left out when none)."""
    parts = [_count(line.starts, f"{series} start", f"{series} starts"), _count(line.wins, "win", "wins")]
    if line.top5:
        parts.append(_count(line.top5, "top 5", "top 5s"))
    if line.poles:
        parts.append(_count(line.poles, "pole", "poles"))
    return ", ".join(parts)


def career(name: str, config: SiteConfig, lines: Sequence[tuple[str, Line]], seasons: Iterable[int],
           role: str) -> str:
    """'Justin Allgaier: 7 NASCAR Xfinity Series starts, 2 wins, 3 top 5s, 1 pole (2021–2023).' `lines`: (series
    slug, line) in the site's series order, the `LONGEST` with the most starts said; `role`: what the name is
    ("driver", "team"...), said when there is no start."""
    years = sorted(set(seasons))
    if not lines:
        return f"{name}: {role} on {config.title}."
    shown = sorted(lines, key=lambda item: -item[1].starts)[:LONGEST]
    order = {slug: at for at, (slug, _) in enumerate(lines)}
    shown.sort(key=lambda item: order[item[0]])
    said = "; ".join(line_parts(line, series_name(config, slug)) for slug, line in shown)
    more = "; and other series" if len(lines) > len(shown) else ""
    return f"{name}: {said}{more}{_span(years[0] if years else None, years[-1] if years else None)}."


def track(name: str, config: SiteConfig, races: int, series: Sequence[str], first: int | None, last: int | None,
          leader: tuple[str, int] | None) -> str:
    """'Atlanta Motor Speedway: 3 Xfinity Series races (2021–2023). Most wins: Justin Allgaier, 2.'"""
    if not races:
        return f"{name}: track on {config.title}."
    names = " and ".join(series_name(config, slug) for slug in series)
    text = f"{name}: {_count(races, 'race', 'races')} in the {names}{_span(first, last)}." if names else \
        f"{name}: {_count(races, 'race', 'races')}{_span(first, last)}."
    if leader is not None:
        text += f" Most wins: {leader[0]}, {leader[1]:,}."
    return text


def race(title: str, track: str, date: dt.date, winner: str | None, start: int | None, cars: int,
         laps: int | None) -> str:
    """'2021 Xfinity EchoPark 250 at Atlanta Motor Speedway, March 20, 2021: won by Justin Allgaier from 6th, 40
    cars, 163 laps.' A race not run yet: when and where."""
    when = f"{date:%B} {date.day}, {date.year}"
    if not cars:
        return f"{title} at {track}, {when}: entry list, stories and results once it is run."
    text = f"{title} at {track}, {when}: "
    if winner:
        text += f"won by {winner}" + (f" from {_ordinal(start)}" if start else "") + ", "
    text += _count(cars, "car", "cars") + (f", {_count(laps, 'lap', 'laps')}" if laps else "") + "."
    return text


def story(title: str, race_title: str) -> str:
    """A story with no summary: its title and its race."""
    return f"{title}: a story about the {race_title}."


def home(config: SiteConfig, races: int) -> str:
    """The site's description, else what it holds."""
    if config.description:
        return config.description
    names = ", ".join(s.name for s in config.series)
    return f"{config.title}: results, standings, records and stories of {_count(races, 'race', 'races')} of the " \
           f"{names}." if names else f"{config.title}: results, standings, records and stories."


def _ordinal(value: int) -> str:
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"
