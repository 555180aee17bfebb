"""A season's championship as it was really decided: points, counted results, penalties and playoffs.

`decide(races, rules)` is a pure function from one series season's races (in round order) and the rules
declared for it (`racesite.champ_rules.Rules`, read by `champ_read`) to a `Championship`: the table after
every race, the regular-season table, each playoff round (field, resets, who went on), the final table with
the champion first, the regular-season points leader, dropped results, deductions, and where the
computed table differs from the official word the rules record. Each race counts once, whatever its
session. Must not read files, format or know about pages; scoring one race is `champ_points`'s job.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..champ_rules import Deduction, RuleBook, Rules, SeasonFacts
from ..model import Race, RaceKey
from .champ_field import NO_POINTS, Pick, marks, pick_field
from .champ_official import differences, field_note, official_table
from .champ_points import InfoOf, RaceInfo, Score, plain_info, score_rows
from .champ_tables import (
    CHAMPION,
    CONTENDER,
    ELIMINATED,
    INELIGIBLE,
    USUAL,
    USUAL_ORDER,
    Championship,
    Counted,
    Dropped,
    RoundResult,
    Table,
    Tally,
    counted_cells,
    order_key,
    usual_table,
)
from .champ_tables import clean as clean_points

REGULAR = "Regular season"


def decide(races: Sequence[Race], rules: Rules | None, info: InfoOf = plain_info,
           every_round: bool = True) -> Championship:
    """The championship of one series season (`races` in round order) under `rules` (None: every race's
    points count, the leader is champion). `info` tells each race's session and fastest lap; without
    `every_round` only the regular-season, playoff and final tables are made (faster for a whole history)."""
    first = races[0] if races else None
    series = first.series if first else (rules.series if rules else "")
    season = first.season if first else 0
    return _Season(series, season, races, rules or Rules(series, season, season), info, every_round).run()


def decide_all(seasons: Mapping[tuple[str, int], Sequence[Race]], book: RuleBook, info: InfoOf = plain_info,
               every_round: bool = True) -> dict[tuple[str, int], Championship]:
    """`decide` for every (series, season) of a site, each under the declaration that covers it."""
    return {key: decide(races, book.find(*key), info, every_round) for key, races in seasons.items()}


class _Season:
    """The state of one `decide` call, run race by race."""

    def __init__(self, series: str, season: int, races: Sequence[Race], rules: Rules, info: InfoOf,
                 every_round: bool) -> None:
        self.series, self.season, self.rules, self.every_round = series, season, rules, every_round
        self.facts: SeasonFacts = rules.facts(season)
        self.playoffs = rules.playoffs
        counting = rules.counting
        seen: set[tuple[str, int, str, str]] = set()
        self.runs: list[tuple[Race, RaceInfo]] = []
        for race in races:
            race_info = info(race)
            key = (race.source, race.round, race_info.session, race.name)
            if key in seen or not race.results or not counting.pays(race.round, race_info.session):
                continue  # counted once; exhibitions, skipped rounds and races not yet run not at all
            seen.add(key)
            self.runs.append((race, race_info))
        self.width = max((r.fin for race, _ in self.runs for r in race.results), default=1)
        self.excluded = {e.driver for e in self.facts.exclusions}
        self.deductions: dict[str, list[Deduction]] = {}
        for d in self.facts.deductions:
            self.deductions.setdefault(d.driver, []).append(d)
        self.regular = len(self.runs)
        if self.playoffs is not None:
            self.regular = self.facts.regular_season or self.playoffs.regular_season
        length = self.facts.races or (self.regular + self.playoffs.races if self.playoffs is not None else None)
        self.end = length - 1 if length is not None else len(self.runs) - 1  # the season's last race: deductions
        # "after the last round" count from it (not from the last race on the site while the season runs)
        self.drop = counting.best is not None or counting.drop > 0
        by_round = counting.unit == "round"
        self.season_units = len({race.round for race, _ in self.runs} if by_round else self.runs)
        self.units: dict[int, tuple[int, int, str]] = {}  # unit -> (round, race number, session)
        self.race_points: list[tuple[RaceKey, tuple[float | None, ...]]] = []
        self.plain = not self.deductions and not self.drop  # points are the season's sum: the fast path
        self.whole = True  # every race's points so far are whole numbers (no float noise to clean)
        self.tallies: dict[str, Tally] = {}
        self.field: list[Tally] = []
        self.contenders: list[Tally] = []
        self.round_index = -1
        self.round_end = -1
        self.round_after = 0  # race round number just before the current playoff round
        self.regular_after = 0  # race round number of the last regular-season race
        self.rounds: list[RoundResult] = []
        self.tables: list[Table] = []
        self.regular_table: Table | None = None
        self.decided = False
        self.notes: list[str] = []  # where an official round outcome overrode the computed one
        self.pick: Pick | None = None  # the playoff field as drawn at the cut

    # -- running the season ----------------------------------------------------------------------------

    def run(self) -> Championship:
        last = len(self.runs) - 1
        table: Table | None = None
        for index, (race, race_info) in enumerate(self.runs):
            scores, points = score_rows(race, self.rules.scoring(race.round, race_info.session), race_info)
            self.race_points.append((race.key, points))
            if self.whole and not all(score.points.is_integer() for score in scores):
                self.whole = False
            self._add(index, race, race_info, scores)
            if index == self.regular - 1 and self.playoffs is not None:
                self.regular_after = race.round
                self._cut(race, index == self.end)
                self.regular_table = self._table(race, index, index == self.end, regular=True)
            elif self.round_index >= 0 and index == self.round_end:
                self._end_round(race, index == self.end, scores)
            if self.every_round or index == last:
                table = self._table(race, index, index == self.end)
                if self.every_round:
                    self.tables.append(table)
        return self._result(table)

    def _add(self, index: int, race: Race, race_info: RaceInfo, scores: list[Score]) -> None:
        regular = index < self.regular
        by_round = self.rules.counting.unit == "round"
        unit = race.round if by_round else index
        if unit not in self.units:
            self.units[unit] = (race.round, 0, "") if by_round else (race.round, race.number, race_info.session)
        bonus = self.playoffs.playoff_points if self.playoffs is not None else None
        for score in scores:
            if score.driver in self.excluded:
                continue
            tally = self.tallies.get(score.driver)
            if tally is None:
                tally = self.tallies[score.driver] = Tally(score.driver, self.width)
            tally.add(score, unit, regular, self.drop)
            if not regular and bonus is not None and bonus.in_playoffs and tally in self.field:
                tally.playoff_points += bonus.win * score.win + bonus.stage_win * score.stage_wins

    # -- points ----------------------------------------------------------------------------------------

    def _deducted(self, tally: Tally, after: int, upto: int, final: bool, playoff: bool = False) -> float:
        total = 0.0
        for d in self.deductions.get(tally.name, ()):
            if (d.round is None and final) or (d.round is not None and after < d.round <= upto):
                total += d.playoff_points if playoff else d.points
        return total

    def _counted(self, tally: Tally) -> float:
        """Regular-season points that count: all of them, or the best N units."""
        if not self.drop:
            return tally.reg_points
        values = sorted(tally.units.values(), reverse=True)
        kept = self.rules.counting.kept(len(values), self.season_units)
        return sum(values if kept is None else values[:kept])

    def _points(self, tally: Tally, upto: int, final: bool, regular: bool = False) -> float:
        """A driver's points now: his round's, his points since the reset when out, else the season's (and
        always the season's in a `regular` table)."""
        if self.plain:
            if regular or self.playoffs is None:
                return tally.reg_points
            if tally.in_round:
                return tally.base + tally.round_points
            if tally.status == ELIMINATED:
                return tally.seed + tally.playoff_race_points
            return tally.reg_points + tally.playoff_race_points
        if regular:
            return self._counted(tally) - self._deducted(tally, -1, upto, final)
        if tally.in_round:
            return tally.base + tally.round_points - self._deducted(tally, self.round_after, upto, final)
        if tally.status == ELIMINATED:
            return (tally.seed + tally.playoff_race_points
                    - self._deducted(tally, self.regular_after, upto, final))
        return self._counted(tally) + tally.playoff_race_points - self._deducted(tally, -1, upto, final)

    def _bonus(self, tally: Tally, upto: int, final: bool) -> float:
        return tally.playoff_points - self._deducted(tally, -1, upto, final, playoff=True)

    # -- the playoffs ----------------------------------------------------------------------------------

    def _cut(self, race: Race, final: bool) -> None:
        """After the regular season: who is eligible, who is in, and from how many points each restarts."""
        playoffs, facts = self.playoffs, self.facts
        assert playoffs is not None
        upto = race.round
        ranked = sorted(self.tallies.values(),
                        key=lambda t: order_key(t, self._points(t, upto, final, True), self.rules.tie_breaks, False))
        pick = self.pick = pick_field(ranked, lambda t: self._points(t, upto, final, True), playoffs, facts,
                                      self.regular, self.regular)
        for tally in pick.no_points:
            tally.status, tally.note = INELIGIBLE, NO_POINTS
        for tally in pick.field:
            why = pick.why_in[tally.name]
            if why not in ("in on wins", "in on points"):
                tally.note = why
        field, wild, pos = pick.field, pick.wild, pick.pos
        if facts.field:
            official = [self.tallies[name] for name in facts.field if name in self.tallies]
            if {t.name for t in official} != {t.name for t in field}:
                self.notes.append(field_note(self.season, [t.name for t in field], facts.field))
            field = official
        bonus = playoffs.playoff_points
        first = playoffs.rounds[0]
        seeds: dict[str, float] = {}
        for i, tally in enumerate(field):
            earned = 0.0
            if bonus.wild_cards or tally not in wild:
                place = pos.get(tally.name, 10**6)
                earned = (bonus.win * tally.wins + bonus.stage_win * tally.stage_wins
                          + (bonus.standings[place - 1] if place <= len(bonus.standings) else 0))
            tally.playoff_points = earned
            if playoffs.seed_step is not None:
                seeds[tally.name] = first.base - playoffs.seed_step * i
            else:
                seeds[tally.name] = first.base + (self._bonus(tally, upto, final) if first.carry else 0)
            tally.seed = seeds[tally.name]
        self.field = field
        self._start_round(0, sorted(field, key=lambda t: (-seeds[t.name], pos.get(t.name, 10**6))), seeds, upto)

    def _start_round(self, index: int, seeded: list[Tally], seeds: dict[str, float], after: int) -> None:
        assert self.playoffs is not None
        rnd = self.playoffs.rounds[index]
        for pos, tally in enumerate(seeded, 1):
            tally.start_round(seeds[tally.name], pos)
            tally.status = CONTENDER
        self.contenders = seeded
        self.round_index = index
        self.round_after = after
        self.round_end = self.regular + sum(r.races for r in self.playoffs.rounds[:index + 1]) - 1
        rounds = tuple(race.round for race, _ in self.runs[self.round_end - rnd.races + 1:self.round_end + 1])
        self.rounds.append(RoundResult(rnd.label(len(seeded)), rounds,
                                        tuple((t.name, clean_points(seeds[t.name])) for t in seeded)))

    def _end_round(self, race: Race, final: bool, scores: list[Score]) -> None:
        assert self.playoffs is not None
        rnd = self.playoffs.rounds[self.round_index]
        upto = race.round
        ordered = sorted(self.contenders, key=lambda t: order_key(
            t, self._points(t, upto, final), self.rules.tie_breaks, True))
        if rnd.advance is None:
            if rnd.decided_by == "finish":
                fin = {s.driver: s.fin for s in scores}
                ordered.sort(key=lambda t: fin.get(t.name, 10**6))
            official = self.facts.went_on(self.round_index + 1)
            if official is not None:
                rank = {name: i for i, name in enumerate(official)}
                ordered.sort(key=lambda t: rank.get(t.name, len(rank)))
            self.contenders = ordered
            if not ordered:
                return  # nobody was eligible: no champion
            ordered[0].status = CHAMPION
            for tally in ordered[1:]:
                tally.note = f"in the {self.rounds[-1].name}"
            self.decided = True
            self.rounds[-1] = _done(self.rounds[-1], (), ())
            return
        go = [t for t in ordered if t.round_wins][:rnd.advance] if rnd.win_advances else []
        for tally in ordered:
            if len(go) >= rnd.advance:
                break
            if tally not in go:
                go.append(tally)
        official = self.facts.went_on(self.round_index + 1)
        if official is not None:
            names = set(official)
            if names != {t.name for t in go}:
                self.notes.append(f"{self.season}: {self.rounds[-1].name}: the results send on "
                                  f"{', '.join(sorted(t.name for t in go))}; officially "
                                  f"{', '.join(sorted(official))} went on")
            go = [t for t in ordered if t.name in names]
        out = [t for t in ordered if t not in go]
        label = self.rounds[-1].name
        for tally in out:
            tally.status, tally.in_round, tally.note = ELIMINATED, False, f"out after the {label}"
        self.rounds[-1] = _done(self.rounds[-1], tuple(t.name for t in go), tuple(t.name for t in out))
        nxt = self.playoffs.rounds[self.round_index + 1]
        seeds = {t.name: nxt.base + (self._bonus(t, upto, final) if nxt.carry else 0) for t in go}
        rank = {t.name: i for i, t in enumerate(ordered)}
        self._start_round(self.round_index + 1, sorted(go, key=lambda t: (-seeds[t.name], rank[t.name])), seeds,
                          upto)

    # -- tables ----------------------------------------------------------------------------------------

    def _table(self, race: Race, index: int, final: bool, regular: bool = False) -> Table:
        upto = race.round
        in_round = not regular and self.round_index >= 0 and index >= self.regular
        ties = self.rules.tie_breaks
        usual = ties == USUAL
        groups: tuple[list[tuple[tuple[object, ...], Tally, float]], ...] = ([], [], [], [])
        fast = not in_round and usual and self.plain  # ordered by the season's points, kept up to date
        if fast and self.playoffs is None:
            return usual_table(race, REGULAR, self.tallies.values(), self.whole)
        ordered: list[tuple[Tally, float, float]] = []  # (tally, points, gap)
        if fast:
            ranked = sorted(self.tallies.values(), key=USUAL_ORDER)
            top = ranked[0].reg_points if ranked else 0.0
            ordered = [(tally, tally.reg_points, top - tally.reg_points) for tally in ranked]
            groups = ([], [], [], [])
        for tally in () if fast else self.tallies.values():
            points = self._points(tally, upto, final, not in_round)
            if not in_round:
                groups[0].append((order_key(tally, points, ties, False), tally, points))
                continue
            number = {CONTENDER: 0, CHAMPION: 0, ELIMINATED: 1, INELIGIBLE: 3}.get(tally.status, 2)
            groups[number].append((order_key(tally, points, ties, True), tally, points))
        for number, group in enumerate(groups):
            if number == 0 and in_round and self.decided and index == len(self.runs) - 1:
                rank = {t.name: i for i, t in enumerate(self.contenders)}
                group.sort(key=lambda item: rank.get(item[1].name, 10**6))
            else:
                group.sort()  # by the key: it ends with the name, so no two are equal
            top = group[0][2] if group else 0.0
            ordered += [(tally, points, top - points) for _, tally, points in group]
        marks = self._marks(ordered, regular or index == self.regular - 1, index) \
            if self.playoffs is not None and not in_round else None
        lines, exact = [], self.plain and self.whole
        drop = self.drop
        for pos, (tally, points, gap) in enumerate(ordered, 1):
            if marks is None:
                status, note = tally.status, tally.note
            else:
                status, note = marks.get(tally.name, _NO_MARK)
            dropped = tally.reg_points - self._counted(tally) if drop else 0.0
            lines.append(tally.line(pos, points, gap, tally.shown, status, note, dropped, exact))
        if not regular:  # (the regular-season table beside the one after the cut is not "the table before")
            for pos, (tally, _, _) in enumerate(ordered, 1):
                tally.shown = pos
        stage = REGULAR if not in_round else self.rounds[-1].name if self.rounds else REGULAR
        counted = tuple(self._counted_cells(tally) for tally, _, _ in ordered) if self.drop else ()
        return Table(race, stage, tuple(lines), counted)

    def _marks(self, ordered: list[tuple[Tally, float, float]], at_cut: bool, index: int) -> dict[str, tuple[str, str]]:
        """The playoff picture a regular-season table marks: who is in (on wins, on points...), who cannot be; at
        the cut, who made it."""
        playoffs = self.playoffs
        assert playoffs is not None
        pick = self.pick if at_cut else None
        if pick is None:
            points = {tally.name: value for tally, value, _ in ordered}
            pick = pick_field([tally for tally, _, _ in ordered], lambda t: points[t.name], playoffs, self.facts,
                              index + 1, self.regular)
        return marks(pick, at_cut, self.field if at_cut else pick.field)

    def _counted_cells(self, tally: Tally) -> Counted:
        """A driver's points in each unit so far, those not counted marked dropped."""
        kept = self.rules.counting.kept(len(tally.units), self.season_units)
        return counted_cells(tally, kept, tuple(self.units))

    def _result(self, table: Table | None) -> Championship:
        facts = self.facts
        regular_table = self.regular_table
        if self.playoffs is None and table is not None:
            regular_table = table
        complete = self.playoffs is None or self.decided
        computed_champion = None
        if table is not None and table.lines and complete and any(line.points for line in table.lines):
            computed_champion = table.lines[0].driver
        champion = facts.champion or (facts.order[0] if facts.order else None) or computed_champion
        final = official_table(table, facts, champion) if table is not None else None
        leading = regular_table or (table if self.round_index < 0 else None)  # the regular season so far
        leader = leading.lines[0] if leading is not None and leading.lines else None
        official = final is not None and table is not None and \
            [line.driver for line in final.lines] != [line.driver for line in table.lines]
        return Championship(
            series=self.series, season=self.season, rules=self.rules, tables=tuple(self.tables),
            regular_season=regular_table, field=tuple(name for name, _ in self.rounds[0].seeds) if self.rounds else (),
            playoffs=tuple(self.rounds), computed=table, final=final,
            champion=champion, computed_champion=computed_champion,
            points_leader=leader.driver if leader is not None and leader.points else None,
            dropped=self._dropped(), deductions=facts.deductions,
            exclusions=tuple(e for e in facts.exclusions), differences=(*self.notes,
                                                                   *differences(table, facts, computed_champion,
                                                                                complete)),
            complete=complete, official=official,
            units=tuple(self.units.values()) if self.drop else (), race_points=tuple(self.race_points))

    def _dropped(self) -> tuple[Dropped, ...]:
        if not self.drop:
            return ()
        out = []
        for tally in self.tallies.values():
            ranked = sorted(tally.units.items(), key=lambda item: (-item[1], item[0]))
            kept = self.rules.counting.kept(len(ranked), self.season_units)
            for unit, points in ranked[kept:] if kept is not None else ():
                round_, number, session = self.units[unit]
                out.append(Dropped(tally.name, round_, session, clean_points(points), number))
        return tuple(sorted(out, key=lambda d: (d.driver, d.round, d.number, d.session)))


_NO_MARK = ("", "")


def _done(rnd: RoundResult, advanced: tuple[str, ...], eliminated: tuple[str, ...]) -> RoundResult:
    return RoundResult(rnd.name, rnd.rounds, rnd.seeds, advanced, eliminated, True)
