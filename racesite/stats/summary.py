"""One line of figures for every driver, team and track: starts (races, for a track), wins, the seasons they span
and the series, as the search records and the downloads show them.

Made from what `compute` already has (drivers' season lines, each team's and track's races), never from every
result again. Must not format.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .career import Careers, Line, Tally
from .index import Index
from .rules import is_win


@dataclass(frozen=True)
class Summary:
    """A name's starts (a track's races with results), wins (none counted for a track), first and last season,
    and its series slugs in the site's order."""

    starts: int
    wins: int
    first: int
    last: int
    series: tuple[str, ...]


@dataclass(frozen=True)
class Summaries:
    drivers: dict[str, Summary] = field(default_factory=dict)  # drivers with a start
    teams: dict[str, Summary] = field(default_factory=dict)
    tracks: dict[str, Summary] = field(default_factory=dict)  # tracks with a race run


def summaries_of(index: Index, careers: Careers, series: Sequence[str]) -> Summaries:
    """Every driver's, team's and track's summary over the races with results (`series`: the site's series
    slugs, in order)."""
    order = {slug: at for at, slug in enumerate(series)}

    def ordered(found: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(set(found), key=lambda slug: (order.get(slug, len(order)), slug)))

    drivers = {}
    for name, seasons in careers.seasons_of.items():
        years = [year for _, year, _ in seasons]
        drivers[name] = Summary(sum(line.starts for _, _, line in seasons), sum(line.wins for _, _, line in seasons),
                                min(years), max(years), ordered(slug for slug, _, _ in seasons))
    teams = {}
    for name, entries in index.team_races.items():  # newest first
        teams[name] = Summary(len(entries), sum(1 for _, result in entries if is_win(result)),
                              entries[-1][0].season, entries[0][0].season,
                              ordered({race.series for race, _ in entries}))
    tracks = {}
    for name, races in index.track_races.items():  # oldest first, races not run yet too
        run = [race for race in races if race.results]
        if run:
            tracks[name] = Summary(len(run), 0, run[0].season, run[-1].season, ordered(race.series for race in run))
    return Summaries(drivers, teams, tracks)


def total_line(lines: Iterable[Line]) -> Line:
    """One line for several (a driver's careers in every series)."""
    tally = Tally()
    for line in lines:
        tally.add_line(line)
    return tally.line()
