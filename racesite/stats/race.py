"""Numbers about a single race: qualifying speeds, laps led leaders, stage results.

Must not look beyond the one race (career facts live in `facts`).
"""

from __future__ import annotations

from ..model import Race

KMH_PER_MPH = 1.609344


def speed_mph(time_s: float | None, length_miles: float | None) -> float | None:
    """Average speed of a lap: track length over lap time."""
    if not time_s or not length_miles:
        return None
    return length_miles / time_s * 3600


def qualifying_speeds(race: Race) -> list[tuple[float | None, float | None]]:
    """(mph, km/h) per qualifying row: derived from time and track length, else the stated mph."""
    out = []
    for entry in race.qualifying:
        mph = speed_mph(entry.time, race.track_length) or entry.speed
        out.append((mph, mph * KMH_PER_MPH if mph else None))
    return out


def most_laps_led(race: Race) -> tuple[str, int] | None:
    """The driver who led the most laps and how many, or None if nobody is recorded leading."""
    best = max((r for r in race.results if r.led), key=lambda r: (r.led, -r.fin), default=None)
    return (best.driver, best.led) if best is not None and best.led else None


def comes_next(previous: tuple[int, int, int] | None, race: Race) -> bool:
    """Whether `race` comes right after `previous` ((season, round, number) of the race before it) in one season: the
    round's next race, or the first race of the next round (a round may hold several races: `Race.number`).
    `previous` None: whether `race` opens its season."""
    if previous is None:
        return race.round == 1 and race.number == 1
    return previous == (race.season, race.round, race.number - 1) or (
        race.number == 1 and previous[:2] == (race.season, race.round - 1))
