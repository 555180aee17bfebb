"""Facts a race page states, computed in race order: "his 15th career win", "won from 6th", debuts.

Also owns the placeholder syntax writers use to put the same facts in their
prose (`{{ winner_wins }}`), so the text can never disagree with the data.
Must not format beyond plain words and ordinals, or render.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import SourceError, did_you_mean
from ..model import Baseline, Race, RaceKey, Series, Story
from .race import most_laps_led
from .rules import pole_winner
from .rules import winner as winner_of


def ordinal(value: int) -> str:
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


@dataclass(frozen=True)
class Counts:
    """What a race's facts take from the races before it in its series (None: not known whole)."""

    wins: int | None = None  # the winner's career wins in the series, this one included
    track_wins: int | None = None  # ... at this track
    season_wins: int | None = None  # ... this season
    poles: int | None = None  # the pole winner's career poles in the series, this one included
    debuts: tuple[str, ...] = ()  # drivers making their first start in the series, in finishing order


@dataclass(frozen=True)
class RaceFacts:
    """What this race meant, as sentences for the page and values for placeholders."""

    sentences: tuple[str, ...] = ()
    values: dict[str, str] = field(default_factory=dict)
    counts: Counts = Counts()  # what they were made from besides the race itself


PLACEHOLDERS = {
    "winner": "the winner's name",
    "winner_wins": "the winner's career win count in this series as an ordinal, e.g. `15th`",
    "winner_track_wins": "the winner's win count at this track in this series, e.g. `1st`",
    "winner_season_wins": "the winner's win count this season, e.g. `3rd`",
    "winner_start": "where the winner started, e.g. `6th`",
    "most_led": "the driver who led the most laps",
    "most_led_laps": "how many laps they led",
    "pole": "the pole winner (empty when the lineup was not set by qualifying)",
    "pole_number": "the pole winner's career pole count in this series, e.g. `3rd`",
    "laps": "laps run",
    "cars": "number of cars in the results",
}

_CAREER = "career counts need the series' complete history or the driver file's `before`; see docs/stats.md"
_NO_VALUE = {
    "winner": "the race has no winner in its results",
    "winner_wins": _CAREER,
    "pole_number": _CAREER,
    "winner_track_wins": "track win counts need the series' complete history; see docs/stats.md",
    "winner_season_wins": "season win counts need every earlier round of the season on the site",
    "winner_start": "the winner's row gives no starting position (`st`)",
    "most_led": "no laps led are recorded",
    "most_led_laps": "no laps led are recorded",
    "pole": "nobody won the pole: the lineup was not set by qualifying, or no one started 1st",
    "laps": "the recap gives no `laps`",
}

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def compute_facts(races: Iterable[Race], series_list: Iterable[Series],
                  baselines: Iterable[Baseline] = ()) -> dict[RaceKey, RaceFacts]:
    """Facts for every race; `races` in date order so counts are as of each race.

    Career counts are stated only where they are known to be whole: the series'
    history is complete on the site, or the driver's file gives a `before`
    baseline and the recaps since the first one have no gap (rounds follow on
    within the first season; a later season may have missed rounds). Track
    counts, which no baseline gives, need the complete history.
    """
    names = {s.slug: s.name for s in series_list}
    partial = {s.slug for s in series_list if not s.complete_history}
    wins: Counter[tuple[str, str]] = Counter()
    track_wins: Counter[tuple[str, str, str]] = Counter()
    season_wins: Counter[tuple[str, str, int]] = Counter()
    poles: Counter[tuple[str, str]] = Counter()
    started: set[tuple[str, str]] = set()
    win_based: set[tuple[str, str]] = set()
    pole_based: set[tuple[str, str]] = set()
    for base in baselines:
        key = (base.driver, base.series)
        if base.wins is not None:
            wins[key] += base.wins
            win_based.add(key)
        if base.poles is not None:
            poles[key] += base.poles
            pole_based.add(key)
        if base.starts:
            started.add(key)
    out: dict[RaceKey, RaceFacts] = {}
    last_round: dict[str, tuple[int, int]] = {}  # partial series: (season, round) while unbroken
    rounds_seen: Counter[tuple[str, int]] = Counter()
    for race in races:
        rounds_seen[(race.series, race.season)] += 1
        whole_season = rounds_seen[(race.series, race.season)] == race.round  # rounds 1..this one all here
        complete = race.series not in partial
        unbroken = complete or _follows_on(last_round, race)
        debuts = tuple(dict.fromkeys(r.driver for r in race.results if (r.driver, race.series) not in started)) \
            if complete else ()
        started.update((r.driver, race.series) for r in race.results)
        n: int | None = None  # what counts are known whole
        at_track: int | None = None
        in_season: int | None = None
        pole_n: int | None = None
        winner = winner_of(race)
        pole = pole_winner(race)
        if winner is not None:
            key = (winner.driver, race.series)
            wins[key] += 1
            track_wins[(*key, race.track)] += 1
            season_wins[(*key, race.season)] += 1
            in_season = season_wins[(*key, race.season)] if whole_season else None
            if complete or (unbroken and key in win_based):
                n = wins[key]
                at_track = track_wins[(*key, race.track)] if complete else None
        if pole is not None:
            poles[(pole, race.series)] += 1
            if complete or (unbroken and (pole, race.series) in pole_based):
                pole_n = poles[(pole, race.series)]
        counts = Counts(n, at_track, in_season, pole_n, debuts)
        out[race.key] = race_facts(race, counts, names.get(race.series, race.series))
    return out


def race_facts(race: Race, counts: Counts, series: str) -> RaceFacts:
    """A race's facts from the race itself and what the races before it give (`counts`); `series`: its name.

    An edit that keeps a race's winner, pole and drivers keeps its counts (and every later race's)."""
    sentences: list[str] = []
    values = {"laps": str(race.laps_run or ""), "cars": str(len(race.results)),
              "winner": "", "winner_wins": "", "winner_track_wins": "", "winner_season_wins": "",
              "winner_start": "", "most_led": "", "most_led_laps": "", "pole": "", "pole_number": ""}
    winner = winner_of(race)
    pole = pole_winner(race)
    if winner is not None:
        name = winner.driver
        values["winner"] = name
        if counts.season_wins is not None:
            values["winner_season_wins"] = ordinal(counts.season_wins)
        n = counts.wins
        if n is not None:
            values["winner_wins"] = ordinal(n)
            text = f"{name}'s first career {series} win" if n == 1 else f"{name}'s {ordinal(n)} career {series} win"
            if counts.track_wins is not None:
                values["winner_track_wins"] = ordinal(counts.track_wins)
                text += f" and first at {race.track}" if counts.track_wins == 1 and n > 1 else ""
            sentences.append(text + ".")
        if counts.season_wins is not None and counts.season_wins > 1:
            sentences.append(f"{ordinal(counts.season_wins).capitalize()} win of the {race.season} season.")
        if winner.st is not None:
            values["winner_start"] = ordinal(winner.st)
            won_from = "the pole" if pole == name else ordinal(winner.st)
            sentences.append(f"Won from {won_from}.")
    leader = most_laps_led(race)
    if leader is not None:
        values.update(most_led=leader[0], most_led_laps=str(leader[1]))
        sentences.append(f"{leader[0]} led a race-high {leader[1]} laps.")
    if pole is not None:
        values["pole"] = pole
        if counts.poles is not None:
            values["pole_number"] = ordinal(counts.poles)
            sentences.append(f"Pole: {pole}, {values['pole_number']} career {series} pole.")
        else:
            sentences.append(f"Pole: {pole}.")
    debuts = counts.debuts  # in the order they finished
    if debuts and len(debuts) < len(race.results):
        sentences.append(f"First {series} start: {', '.join(debuts)}.")
    return RaceFacts(tuple(sentences), values, counts)


def _follows_on(last_round: dict[str, tuple[int, int]], race: Race) -> bool:
    """Whether a partial-history series' recaps still run without a gap up to `race` (updates the record)."""
    previous = last_round.get(race.series)
    if previous is None or previous == (race.season, race.round - 1):
        last_round[race.series] = (race.season, race.round)
        return True
    last_round[race.series] = (-1, -1)  # broken for good
    return False


def fill_placeholders(story: Story, facts: RaceFacts, problems: list[SourceError]) -> str:
    """A story's body with `{{ name }}` placeholders replaced; a placeholder that is unknown, or has no value for
    this race, is an error at its line (a gap would leave a broken sentence: "his  career win")."""

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        line = story.body_line + story.body.count("\n", 0, match.start())
        if key in facts.values:
            if not facts.values[key]:
                problems.append(SourceError(story.source, line, "body",
                                            f"'{{{{ {key} }}}}' has no value for this race",
                                            _NO_VALUE.get(key, "see docs/stats.md")))
            return facts.values[key]
        problems.append(SourceError(story.source, line, "body", f"unknown placeholder '{{{{ {key} }}}}'",
                                    did_you_mean(key, PLACEHOLDERS) or "see docs/stats.md for the placeholders"))
        return match.group(0)

    return _PLACEHOLDER.sub(replace, story.body) if "{{" in story.body else story.body
