"""The one definition of everything racesite counts: a start (an entry that did not start or did not qualify is
none), a win, a top 5, a top 10, a pole (none when the lineup was set by formula, points, a draw or an inversion),
a DNF, and whether a story speaks as of before its race or after it.

Every stat, page, record and prose check asks these functions; none restates a rule. docs/stats.md says
the same in words. Must not look beyond the one race or row it is given, format, or know about pages.
"""

from __future__ import annotations

import datetime as dt

from ..model import Race, Result, Story

TOP5 = 5
TOP10 = 10
# Statuses of an entry that did not start: listed in the results (often in the last places), but not a start.
NOT_STARTED = frozenset({"did not start", "dns", "did not qualify", "dnq", "non-starter", "non starter"})


def is_start(result: Result) -> bool:
    """A row of a race's results is a start unless its status says the car did not start or did not qualify
    (`DNS`, `DNQ`, `did not start`...): such an entry counts in nothing, not even a top 10."""
    return result.status not in NOT_STARTED


def starters(race: Race) -> list[Result]:
    """The race's rows that are starts (`is_start`), in order."""
    return [result for result in race.results if result.status not in NOT_STARTED]


def is_win(result: Result) -> bool:
    """A start finishing first."""
    return result.fin == 1 and result.status not in NOT_STARTED


def is_top5(result: Result) -> bool:
    return result.fin <= TOP5 and result.status not in NOT_STARTED


def is_top10(result: Result) -> bool:
    return result.fin <= TOP10 and result.status not in NOT_STARTED


def is_dnf(result: Result) -> bool:
    """A start not running at the finish (status is lowercased when read); an entry that did not start is no
    start, so no DNF either."""
    return result.status != "running" and result.status not in NOT_STARTED


def winner(race: Race) -> Result | None:
    """The row that won: the first row, when it finished first (an upcoming race has none)."""
    return race.results[0] if race.results and race.results[0].fin == 1 else None


def pole_winner(race: Race) -> str | None:
    """Who won the pole: first in qualifying, or the first starter when the lineup came from qualifying.

    A pole is not "started first": when the field was set by formula, points, a draw or an inversion,
    nobody won the pole.
    """
    if race.lineup != "qualifying":
        return None
    if race.qualifying:
        return race.qualifying[0].driver
    for result in race.results:
        if result.st == 1:
            return result.driver
    return None


def pole_row(race: Race) -> Result | None:
    """The one results row credited with the pole (a driver listed twice gets it once: the row that started
    first, else his first row)."""
    if race.lineup != "qualifying":
        return None
    if not race.qualifying:  # the first starter won it: his row is the one that started first
        for result in race.results:
            if result.st == 1:
                return result
        return None
    pole = race.qualifying[0].driver
    rows = [r for r in race.results if r.driver == pole]
    return next((r for r in rows if r.st == 1), rows[0] if rows else None)


def after_the_race(story: Story, race_date: dt.date) -> bool:
    """Whether a story states things as they were after its race: a recap does; a preview or a qualifying
    report is written before it; a feature as of its publish date."""
    if story.kind in ("preview", "qualifying"):
        return False
    if story.kind == "feature":
        return story.published >= race_date
    return True
