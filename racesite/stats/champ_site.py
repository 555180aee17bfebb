"""Every championship of a site: each series season decided once, under the rules that cover it, as the pages show it.

Owns which rules a season takes (its declaration from site.yml, a preset or a season file; a declaration without
points of its own, or none, scores rows without `pts` by site.yml's `points:` system), what the rules learn from a
race (its session and fastest lap), whether the site holds the whole season (a champion is named only then, and
the page says why not otherwise), each season's hash for the build plan, and the `check` warnings where the
official word the site declares differs from the computed table. Deciding is `championship`'s job. Must not
format.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..champ_read import PRESET_SOURCE
from ..champ_rules import RuleBook, Rules, Scoring
from ..errors import SourceError
from ..model import PointsSystem, Race, Series
from .champ_official import difference_warnings
from .champ_points import PLAIN, RaceInfo
from .champ_tables import Championship, Table
from .championship import decide


@dataclass(frozen=True, eq=False)
class Decided:
    """A season's championship as the site shows it: decided once (`summary`: the regular-season, playoff and
    final tables, the champion, every race's points), the table after every race made on first use."""

    summary: Championship  # without the table after every race
    races: tuple[Race, ...]  # the season's races with results, in round order
    rules: Rules
    champion: str | None  # named only when the site holds the whole season (the official one where declared)
    leader: str | None  # the regular-season points leader (so far, while the regular season runs)
    leader_final: bool  # the regular season is over
    whole: bool  # the site holds the whole season
    why_not: str  # why no champion is named, in a sentence ("" when one is)
    digest: str = ""  # a hash of what it was decided from: it stands for the whole in the build plan
    source: str = ""  # a hash of what deciding reads (rules, the season's races, whether it is over): the same
    # source decides the same way, so a warm build keeps the season

    @functools.cached_property
    def championship(self) -> Championship:
        """The championship with its table after every race (~470k lines over a long history): made when the
        season's pages are, from the same races and rules as `summary`, so the build's one pass over the
        history stays short and the tables live only in the process that shows them."""
        return decide(self.races, self.rules, _info)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Decided) and self.digest == other.digest

    def __hash__(self) -> int:
        return hash(self.digest)


def decide_site(seasons: Mapping[tuple[str, int], Sequence[Race]], book: RuleBook, series: Sequence[Series],
                systems: Sequence[PointsSystem], last: Mapping[tuple[str, int], Decided] | None = None
                ) -> dict[tuple[str, int], Decided]:
    """Every (series, season) of `seasons` (each season's races in round order, upcoming ones too) decided. A
    season decided in `last` from the same source (the live preview's previous build) is kept as it was."""
    latest: dict[str, int] = {}
    for slug, year in seasons:
        latest[slug] = max(year, latest.get(slug, year))
    whole_history = {s.slug for s in series if s.complete_history}
    out = {}
    for (slug, year), races in seasons.items():
        rules = rules_for(book, systems, slug, year)
        run = tuple(race for race in races if race.results)
        source = _hash((rules, slug in whole_history, year < latest[slug], [r.digest for r in run]))
        if last is not None and (kept := last.get((slug, year))) is not None and kept.source == source:
            out[(slug, year)] = kept
            continue
        champ = decide(run, rules, _info, every_round=False)
        whole, why_not = _whole(champ, rules, run, slug in whole_history, year < latest[slug])
        regular_over = champ.regular_season is not None and (rules.playoffs is not None or whole)
        digest = _hash((rules, whole, why_not, [r.digest for r in run]))
        out[(slug, year)] = Decided(champ, run, rules, champ.champion if whole else None, champ.points_leader,
                                    regular_over, whole, why_not, digest, source)
    return out


def _hash(value: object) -> str:
    return hashlib.blake2b(repr(value).encode(), digest_size=16).hexdigest()


def rules_for(book: RuleBook, systems: Sequence[PointsSystem], series: str, season: int) -> Rules:
    """The declaration covering a season; where it gives no points system, site.yml's `points:` one."""
    rules = book.find(series, season)
    if rules is not None and rules.points:
        return rules
    system = next((s for s in systems if s.series == series and s.covers(season)), None)
    rules = rules or Rules(series, season, season)
    if system is None:
        return rules
    return replace(rules, points=(Scoring(positions=system.positions, led_lap=system.led_lap,
                                          most_led=system.most_led, pole=system.pole, stage=system.stage),))


def _info(race: Race) -> RaceInfo:
    if race.session == "race" and race.fastest_lap is None:
        return PLAIN
    return RaceInfo(race.session, race.fastest_lap)


def _whole(champ: Championship, rules: Rules, run: Sequence[Race], whole_history: bool, later: bool
           ) -> tuple[bool, str]:
    """Whether the site holds the whole season, and if not why no champion is named."""
    rounds = {race.round for race in run}
    gap = next((r for r in range(1, max(rounds, default=0) + 1) if r not in rounds), None)
    if gap is not None:
        return False, f"Round {gap} of the season is not on the site, so no champion is named."
    facts = rules.facts(champ.season)
    counted = len(champ.race_points)
    expected = facts.races
    if expected is None and rules.playoffs is not None:
        expected = (facts.regular_season or rules.playoffs.regular_season) + rules.playoffs.races
    if expected is not None:
        if counted >= expected and champ.complete:
            return True, ""
        return False, (f"The site has {counted} of the season's {expected} points-paying races, so no champion "
                       "is named yet.")
    if not whole_history:
        return False, ("The site does not hold the series' whole history, so it cannot tell that the season is "
                       "complete: no champion is named.")
    if not later:
        return False, "The season is still under way on the site, so no champion is named yet."
    return True, ""


def champion_warnings(decided: Mapping[tuple[str, int], Decided]) -> list[SourceError]:
    """Where the official word the site declares (site.yml or a season file: not a preset's, which documents its
    own) differs from the computed table of a season the site holds whole, as `check` warnings."""
    out = []
    for found in decided.values():
        champ = found.summary
        rules = champ.rules
        if not found.whole or rules is None:
            continue
        facts = rules.facts(champ.season)
        if (facts.source or rules.source).startswith(PRESET_SOURCE):
            continue
        out += difference_warnings(champ)
    return out


@dataclass(frozen=True)
class Progression:
    """The leading drivers' points after each race of a season (None before a driver's first)."""

    lines: tuple[tuple[str, tuple[float | None, ...]], ...]  # in the order of the table they lead
    rounds: tuple[int, ...]  # each race's round
    units: tuple[tuple[int, int, str], ...]  # each race's (round, number, session)


def progression(champ: Championship, table: Table | None, limit: int = 10) -> Progression:
    """The points after each race of the first `limit` drivers of `table` (the one a page shows)."""
    if table is None or not champ.tables:
        return Progression((), (), ())
    names = [line.driver for line in table.lines[:limit]]
    points: dict[str, list[float | None]] = {name: [] for name in names}
    for after in champ.tables:
        found = dict.fromkeys(names)
        for line in after.lines:
            if line.driver in found:
                found[line.driver] = line.points
        for name in names:
            points[name].append(found[name])
    races = [after.race for after in champ.tables]
    return Progression(tuple((name, tuple(points[name])) for name in names), tuple(r.round for r in races),
                       tuple((r.round, r.number, r.session) for r in races))
