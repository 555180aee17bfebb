"""Facts a race page states, computed in race order: "his 15th career win", "won from 6th", debuts.

Also owns the placeholder syntax writers use to put the same facts in their prose (`{{ winner_wins }}`), so the
text can never disagree with the data, and the facts as they stood when a story was written: a preview or a
qualifying report sees the numbers before the race (the pole, once qualifying is in), a recap after it. And each
driver's whole career as far as it is known (a driver file's `before` figures plus the site's races, up to the
first gap). Must not format beyond plain words and ordinals, or render.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..errors import SourceError, did_you_mean
from ..model import Baseline, Race, RaceKey, Series, Story
from .race import comes_next, most_laps_led
from .rules import after_the_race, is_start, pole_winner, starters
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
    pole_wins: int | None = None  # the pole winner's career wins in the series before this race
    debuts: tuple[str, ...] = ()  # drivers making their first start in the series, in finishing order


@dataclass(frozen=True)
class RaceFacts:
    """What this race meant, as sentences for the page and values for placeholders: after the race (`values`)
    and before it (`before`: what a preview or a qualifying report could know)."""

    sentences: tuple[str, ...] = ()
    values: dict[str, str] = field(default_factory=dict)
    counts: Counts = Counts()  # what they were made from besides the race itself
    before: dict[str, str] = field(default_factory=dict)

    def at(self, after: bool) -> dict[str, str]:
        return self.values if after else self.before


@dataclass(frozen=True)
class KnownCareer:
    """A driver's whole career in a series (before the site plus on it) as far as it is known: through `race`,
    the last of his races before the site's recaps of the series have a gap."""

    race: Race
    starts: int | None
    wins: int | None
    poles: int | None


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
    "pole_wins": "the pole winner's career wins in this series, e.g. `19` (in a preview or a qualifying report: "
                 "the wins before the race)",
    "laps": "laps run (scheduled laps, before the race)",
    "cars": "number of cars in the results (in qualifying, before the race)",
}
AFTER_ONLY = ("winner", "winner_wins", "winner_track_wins", "winner_season_wins", "winner_start", "most_led",
              "most_led_laps")

_CAREER = "career counts need the series' complete history or the driver file's `before`; see docs/stats.md"
_NO_VALUE = {
    "winner": "the race has no winner in its results",
    "winner_wins": _CAREER,
    "pole_number": _CAREER,
    "pole_wins": _CAREER,
    "winner_track_wins": "track win counts need the series' complete history; see docs/stats.md",
    "winner_season_wins": "season win counts need every earlier round of the season on the site",
    "winner_start": "the winner's row gives no starting position (`st`)",
    "most_led": "no laps led are recorded",
    "most_led_laps": "no laps led are recorded",
    "pole": "nobody won the pole: the lineup was not set by qualifying, or no one started 1st",
    "laps": "the race gives no `laps`",
    "cars": "the race has no results or qualifying yet",
}

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
PLACEHOLDER = _PLACEHOLDER  # a `{{ name }}` in a story's body (the prose checks map filled text back to it)


CHECKPOINT = 512  # races between the counts' states kept for the next count (the live preview's)


@dataclass
class _Tally:
    """Career counts in race order (a driver's wins, poles and starts in a series), and what else the count carries
    from race to race: where partial-history series and seasons stand, and the careers known whole so far."""

    wins: Counter[tuple[str, str]] = field(default_factory=Counter)
    track_wins: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    season_wins: Counter[tuple[str, str, int]] = field(default_factory=Counter)
    poles: Counter[tuple[str, str]] = field(default_factory=Counter)
    starts: Counter[tuple[str, str]] = field(default_factory=Counter)
    started: set[tuple[str, str]] = field(default_factory=set)
    win_based: set[tuple[str, str]] = field(default_factory=set)
    pole_based: set[tuple[str, str]] = field(default_factory=set)
    start_based: set[tuple[str, str]] = field(default_factory=set)
    last_round: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # partial series: (season, round,
    # number) while unbroken
    seen_last: dict[tuple[str, int], tuple[int, int, int]] = field(default_factory=dict)  # each season's last race
    in_order: dict[tuple[str, int], bool] = field(default_factory=dict)  # its races so far are rounds 1, 2... in full
    known: dict[tuple[str, str], KnownCareer] = field(default_factory=dict)

    def copy(self) -> _Tally:
        return _Tally(**{name: type(value)(value) for name, value in vars(self).items()})


@dataclass(frozen=True)
class Counted:
    """What a count of races left for the next count of the same series (the live preview's): the races counted,
    and the count's state before every `CHECKPOINT`-th of them. A count whose races are the same up to a state's
    place starts there."""

    races: tuple[Race, ...] = ()
    states: tuple[tuple[int, _Tally], ...] = ()


def compute_facts(races: Iterable[Race], series_list: Iterable[Series], baselines: Iterable[Baseline] = (),
                  same: Mapping[RaceKey, RaceFacts] | None = None, last: Counted | None = None
                  ) -> tuple[dict[RaceKey, RaceFacts], dict[tuple[str, str], KnownCareer], Counted]:
    """Facts for every race (`races` in date order, those not run yet too: they count in no figure, but a
    qualifying report about one sees its pole), and each driver's whole career as far as it is known.

    Career counts are stated only where they are known to be whole: the series' history is complete on the
    site, or the driver's file gives a `before` baseline and the recaps since the first one have no gap (rounds
    follow on within the first season; a later season may have missed rounds). Track counts, which no baseline
    gives, need the complete history. `same`: facts made earlier from races read from the same data as these (by
    key), under the same config and baselines; one is kept when the counts it was made from are this race's again.
    `last`: what that count left (`Counted`): the count starts at the last state before the first race that is not
    read from the same data, the races before it keeping their facts from `same`.
    """
    names = {s.slug: s.name for s in series_list}
    partial = {s.slug for s in series_list if not s.complete_history}
    races = tuple(races)
    out: dict[RaceKey, RaceFacts] = {}
    start, tally, states = _resume(races, baselines, same, last)
    if same is not None:
        out.update((race.key, same[race.key]) for race in races[:start])
    for at in range(start, len(races)):
        race = races[at]
        if at % CHECKPOINT == 0 and at > start:
            states.append((at, tally.copy()))
        if not race.results:  # not run yet: what a qualifying report about it could know
            known_whole = race.series not in partial or _would_follow_on(tally.last_round, race)
            out[race.key] = _upcoming(race, tally, race.series not in partial, known_whole)
            continue
        season_key = (race.series, race.season)
        whole_season = tally.in_order.get(season_key, True) and comes_next(tally.seen_last.get(season_key), race)
        tally.in_order[season_key] = whole_season  # every race from round 1 up to this one is here, in order
        tally.seen_last[season_key] = (race.season, race.round, race.number)
        complete = race.series not in partial
        unbroken = complete or _follows_on(tally.last_round, race)
        counts = _count(race, tally, complete, unbroken, whole_season)
        if unbroken and not complete:
            for result in race.results:
                key = (result.driver, race.series)
                if key in tally.win_based or key in tally.start_based or key in tally.pole_based:
                    tally.known[key] = KnownCareer(race, tally.starts[key] if key in tally.start_based else None,
                                                   tally.wins[key] if key in tally.win_based else None,
                                                   tally.poles[key] if key in tally.pole_based else None)
        kept = same.get(race.key) if same is not None else None
        out[race.key] = kept if kept is not None and kept.counts == counts else \
            race_facts(race, counts, names.get(race.series, race.series))
    return out, dict(tally.known), Counted(races, tuple(states))


def _resume(races: tuple[Race, ...], baselines: Iterable[Baseline], same: Mapping[RaceKey, RaceFacts] | None,
            last: Counted | None) -> tuple[int, _Tally, list[tuple[int, _Tally]]]:
    """Where a count of `races` starts: the last state of `last` before the first race not read from the same data
    (a copy of it, with the states kept before it), else the first race with the driver files' baselines."""
    if last is not None and same is not None:
        first = next((at for at, (now, then) in enumerate(zip(races, last.races))
                      if now is not then and now.digest != then.digest), min(len(races), len(last.races)))
        usable = [(at, state) for at, state in last.states if at <= first]
        if usable and all(race.key in same for race in races[:usable[-1][0]]):
            return usable[-1][0], usable[-1][1].copy(), usable
    return 0, _baselines(baselines), []


def _baselines(baselines: Iterable[Baseline]) -> _Tally:
    """A count's start: the driver files' `before` figures."""
    tally = _Tally()
    for base in baselines:
        key = (base.driver, base.series)
        if base.wins is not None:
            tally.wins[key] += base.wins
            tally.win_based.add(key)
        if base.poles is not None:
            tally.poles[key] += base.poles
            tally.pole_based.add(key)
        if base.starts is not None:
            tally.starts[key] += base.starts
            tally.start_based.add(key)
        if base.starts:
            tally.started.add(key)
    return tally


def _count(race: Race, tally: _Tally, complete: bool, unbroken: bool, whole_season: bool) -> Counts:
    """The counts a run race's facts take from the races before it (and count the race in)."""
    series = race.series
    keys = [(r.driver, series) for r in starters(race)]  # (as in the career lines: a DNS or DNQ is no start)
    started = tally.started
    debuts = tuple(dict.fromkeys(key[0] for key in keys if key not in started)) if complete else ()
    started.update(keys)
    tally.starts.update(keys)  # (counted in C: ~100,000 starts in a long series)
    n: int | None = None
    at_track: int | None = None
    in_season: int | None = None
    pole_n: int | None = None
    winner = winner_of(race)
    pole = pole_winner(race)
    pole_wins = None
    if pole is not None and (complete or (unbroken and (pole, race.series) in tally.win_based)):
        pole_wins = tally.wins[(pole, race.series)]
    if winner is not None:
        key = (winner.driver, race.series)
        tally.wins[key] += 1
        tally.track_wins[(*key, race.track)] += 1
        tally.season_wins[(*key, race.season)] += 1
        in_season = tally.season_wins[(*key, race.season)] if whole_season else None
        if complete or (unbroken and key in tally.win_based):
            n = tally.wins[key]
            at_track = tally.track_wins[(*key, race.track)] if complete else None
    if pole is not None:
        tally.poles[(pole, race.series)] += 1
        if complete or (unbroken and (pole, race.series) in tally.pole_based):
            pole_n = tally.poles[(pole, race.series)]
    return Counts(n, at_track, in_season, pole_n, pole_wins, debuts)


def _upcoming(race: Race, tally: _Tally, complete: bool, known_whole: bool) -> RaceFacts:
    """A race not run yet: no sentences; before it, its scheduled laps, its qualifiers and its pole (with the
    pole counted, and the pole winner's wins so far, when the career is known whole: a qualifying report is
    written after qualifying). `known_whole`: the series' history is complete, or its recaps have no gap."""
    before = _before(race, None)
    pole = pole_winner(race)
    key = (pole or "", race.series)
    if pole is not None and (complete or (known_whole and key in tally.pole_based)):
        before["pole_number"] = ordinal(tally.poles[key] + 1)
    if pole is not None and (complete or (known_whole and key in tally.win_based)):
        before["pole_wins"] = str(tally.wins[key])
    return RaceFacts((), dict.fromkeys(PLACEHOLDERS, ""), Counts(), before)


def _before(race: Race, counts: Counts | None) -> dict[str, str]:
    """What the race's placeholders say before it is run: its laps scheduled, its field and pole once
    qualifying is in; who won and what it meant are not known yet."""
    values = dict.fromkeys(PLACEHOLDERS, "")
    values["laps"] = str(race.laps or "")
    values["cars"] = str(len(race.qualifying) or "")
    pole = pole_winner(race) if race.qualifying else None
    if pole is not None:
        values["pole"] = pole
        if counts is not None and counts.poles is not None:
            values["pole_number"] = ordinal(counts.poles)
        if counts is not None and counts.pole_wins is not None:
            values["pole_wins"] = str(counts.pole_wins)
    return values


def race_facts(race: Race, counts: Counts, series: str) -> RaceFacts:
    """A race's facts from the race itself and what the races before it give (`counts`); `series`: its name."""
    sentences: list[str] = []
    values = dict.fromkeys(PLACEHOLDERS, "")
    values.update(laps=str(race.laps_run or ""), cars=str(sum(map(is_start, race.results))))
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
        if counts.pole_wins is not None:
            values["pole_wins"] = str(counts.pole_wins + (winner is not None and winner.driver == pole))
        if counts.poles is not None:
            values["pole_number"] = ordinal(counts.poles)
            sentences.append(f"Pole: {pole}, {values['pole_number']} career {series} pole.")
        else:
            sentences.append(f"Pole: {pole}.")
    debuts = counts.debuts  # in the order they finished
    if debuts and len(debuts) < len(race.results):
        sentences.append(f"First {series} start: {', '.join(debuts)}.")
    return RaceFacts(tuple(sentences), values, counts, _before(race, counts))


def _would_follow_on(last_round: dict[str, tuple[int, int, int]], race: Race) -> bool:
    """Whether a race not run yet follows on from a partial-history series' recaps without a gap."""
    previous = last_round.get(race.series)
    return previous is None or comes_next(previous, race)


def _follows_on(last_round: dict[str, tuple[int, int, int]], race: Race) -> bool:
    """Whether a partial-history series' recaps still run without a gap up to `race` (updates the record)."""
    previous = last_round.get(race.series)
    if previous is None or comes_next(previous, race):
        last_round[race.series] = (race.season, race.round, race.number)
        return True
    last_round[race.series] = (-1, -1, -1)  # broken for good
    return False


def fill_placeholders(story: Story, facts: RaceFacts, race_date: dt.date, problems: list[SourceError]) -> str:
    """A story's body with `{{ name }}` placeholders replaced by the facts as they stood when it was written (before
    the race for a preview or a qualifying report, after it for a recap); a placeholder that is unknown, or has
    no value then, is an error at its line (a gap would leave a broken sentence: "his  career win")."""
    after = after_the_race(story, race_date)
    values = facts.at(after)

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        line = story.body_line + story.body.count("\n", 0, match.start())
        if key in values:
            if not values[key] and not after and key in AFTER_ONLY:
                problems.append(SourceError(
                    story.source, line, "body", f"'{{{{ {key} }}}}' has no value before the race",
                    f"a {_KINDS.get(story.kind, story.kind)} is written before the race, when this is not known yet; "
                    "use it in a recap"))
            elif not values[key]:
                problems.append(SourceError(story.source, line, "body", f"'{{{{ {key} }}}}' has no value for this race",
                                            _NO_VALUE.get(key, "see docs/stats.md")))
            return values[key]
        problems.append(SourceError(story.source, line, "body", f"unknown placeholder '{{{{ {key} }}}}'",
                                    did_you_mean(key, PLACEHOLDERS) or "see docs/stats.md for the placeholders"))
        return match.group(0)

    return _PLACEHOLDER.sub(replace, story.body) if "{{" in story.body else story.body


_KINDS = {"preview": "preview", "qualifying": "qualifying report", "recap": "recap", "feature": "feature"}


__all__ = ["AFTER_ONLY", "PLACEHOLDER", "PLACEHOLDERS", "Counts", "KnownCareer", "RaceFacts", "compute_facts",
           "fill_placeholders", "ordinal", "race_facts"]
