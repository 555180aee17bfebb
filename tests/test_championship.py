"""Championships decided from rules: small seasons whose final tables are worked out by hand below.

Each fixture states its races and rules, then the table a person gets with a pencil: drop weeks (the
points leader is not champion), a sprint and a feature in one round, bonus points, an exclusion, a
deduction, a small playoff, and the official word overriding the computed table.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from racesite.champ_rules import (
    Counting,
    Deduction,
    Exclusion,
    OfficialRound,
    PlayoffPoints,
    PlayoffRound,
    Playoffs,
    RuleBook,
    Rules,
    Scoring,
    SeasonFacts,
)
from racesite.model import Race, Result, Stage
from racesite.stats.champ_official import difference_warnings
from racesite.stats.champ_points import RaceInfo
from racesite.stats.championship import Championship, decide, decide_all

F1 = Scoring(official=False, positions=(25, 18, 15))


def race(rnd: int, *order: str, name: str = "Race", pts: tuple[float, ...] = (), led: tuple[int, ...] = (),
         stages: tuple[Stage, ...] = (), series: str = "league") -> Race:
    """A race finished in `order` (first name won), each starting where he finished."""
    rows = tuple(Result(fin=i, car=str(i), driver=d, st=i, pts=pts[i - 1] if pts else None,
                        led=led[i - 1] if led else 0) for i, d in enumerate(order, 1))
    return Race(source=f"{series}/{rnd}-{name}.md", series=series, season=2024, round=rnd,
                date=dt.date(2024, 3, rnd), name=name, track="Track", laps=None, laps_run=None,
                results_source=f"{series}/{rnd}-{name}.md", draft=False, lineup="qualifying", results=rows,
                stages=stages)


def table(champ: Championship) -> list[tuple[str, float]]:
    assert champ.final is not None
    return [(line.driver, line.points) for line in champ.final.lines]


# -- drop weeks ------------------------------------------------------------------------------------------

DROP_RACES = [race(1, "S", "P", "W", "X"), race(2, "S", "P", "X", "W"), race(3, "P", "W", "X", "S"),
              race(4, "S", "P", "W", "X"), race(5, "W", "P", "X", "S")]


def test_best_three_of_five_makes_the_driver_with_fewer_points_champion() -> None:
    # 25-18-15 for the top three. All results: P 18+18+25+18+18 = 97, S 25+25+0+25+0 = 75,
    # W 15+0+18+15+25 = 73, X 0+15+15+0+15 = 45. Best three: S 75, P 25+18+18 = 61, W 25+18+15 = 58, X 45.
    rules = Rules("league", 2024, points=(F1,), counting=Counting(best=3))
    champ = decide(DROP_RACES, rules)
    assert table(champ) == [("S", 75), ("P", 61), ("W", 58), ("X", 45)]
    assert champ.champion == "S"
    dropped = {(d.driver, d.round, d.points) for d in champ.dropped}
    assert {d for d in dropped if d[0] == "P"} == {("P", 4, 18), ("P", 5, 18)}  # equal scores: the later go
    assert {d for d in dropped if d[0] == "W"} == {("W", 2, 0), ("W", 4, 15)}
    assert len(champ.dropped) == 8  # two per driver


def test_without_drops_the_same_races_crown_the_points_leader() -> None:
    champ = decide(DROP_RACES, Rules("league", 2024, points=(F1,)))
    assert table(champ) == [("P", 97), ("S", 75), ("W", 73), ("X", 45)]
    assert champ.dropped == ()


def test_drop_two_of_five_keeps_the_best_three_and_counts_everything_while_three_races_are_run() -> None:
    champ = decide(DROP_RACES, Rules("league", 2024, points=(F1,), counting=Counting(drop=2)))
    assert table(champ) == [("S", 75), ("P", 61), ("W", 58), ("X", 45)]
    after_three = champ.tables[2]
    assert [(line.driver, line.points) for line in after_three.lines] == [("P", 61), ("S", 50), ("W", 33),
                                                                           ("X", 30)]


# -- a sprint and a feature in one round -----------------------------------------------------------------

SESSIONS = {"Sprint": "sprint", "Exhibition": "exhibition"}
SPRINT_RULES = Rules("league", 2024, points=(F1, Scoring(session="sprint", official=False, positions=(8, 7, 6))))


def info(r: Race) -> RaceInfo:
    return RaceInfo(session=SESSIONS.get(r.name, "race"))


FEATURE_2 = race(2, "C", "A", "B", name="Feature")
WEEKEND = [race(1, "B", "A", "C", name="Sprint"), race(1, "A", "C", "B", name="Feature"), FEATURE_2, FEATURE_2,
           race(2, "B", "A", "C", name="Exhibition")]


def test_a_sprint_and_a_feature_both_pay_and_an_exhibition_and_a_repeated_race_do_not() -> None:
    # Sprint 8-7-6: B 8, A 7, C 6. Features 25-18-15: A 25, C 18, B 15; then C 25, A 18, B 15.
    # A 7+25+18 = 50, C 6+18+25 = 49, B 8+15+15 = 38. The second round's feature is given twice, the
    # exhibition pays nothing and is no start.
    champ = decide(WEEKEND, SPRINT_RULES, info=info)
    assert table(champ) == [("A", 50), ("C", 49), ("B", 38)]
    assert [(line.driver, line.starts, line.wins) for line in champ.final.lines] == [("A", 3, 1), ("C", 3, 1),
                                                                                    ("B", 3, 1)]
    assert len(champ.tables) == 3


def test_dropping_whole_rounds_drops_a_sprint_with_its_feature() -> None:
    # Best round each: A round 1 (7+25 = 32), C round 2 (25; round 1 was 6+18 = 24), B round 1 (8+15 = 23).
    rules = Rules("league", 2024, points=SPRINT_RULES.points, counting=Counting(best=1, unit="round"))
    champ = decide(WEEKEND, rules, info=info)
    assert table(champ) == [("A", 32), ("C", 25), ("B", 23)]
    assert {(d.driver, d.round, d.session, d.points) for d in champ.dropped} == {
        ("A", 2, "", 18), ("C", 1, "", 24), ("B", 2, "", 15)}


# -- bonus points ----------------------------------------------------------------------------------------

BONUS = Scoring(official=False, positions=(10, 8, 6, 5), pole=1, led_lap=1, most_led=2, stage=(3, 2, 1),
                fastest_lap=1, fastest_lap_top=3)
BONUS_RACE = race(1, "A", "B", "C", "D", led=(10, 30, 0, 5),
                  stages=(Stage(1, None, ("C", "B", "A")), Stage(2, None, ("B", "D", "A"))))


def test_pole_laps_led_most_led_stages_and_fastest_lap_add_up() -> None:
    # A 10 + pole 1 + led 1 + stages 1+1 = 14; B 8 + led 1 + most led 2 + stages 2+3 = 16;
    # C 6 + stage 3 + fastest lap 1 = 10; D 5 + led 1 + stage 2 = 8.
    champ = decide([BONUS_RACE], Rules("league", 2024, points=(BONUS,)),
                   info=lambda r: RaceInfo(fastest_lap="C"))
    assert table(champ) == [("B", 16), ("A", 14), ("C", 10), ("D", 8)]


def test_the_fastest_lap_outside_the_top_three_earns_nothing_and_a_factor_doubles_a_round() -> None:
    double = Scoring(rounds=(1,), official=False, positions=(10, 8, 6, 5), factor=2)
    champ = decide([BONUS_RACE], Rules("league", 2024, points=(BONUS, double)),
                   info=lambda r: RaceInfo(fastest_lap="D"))
    assert table(champ) == [("A", 20), ("B", 16), ("C", 12), ("D", 10)]  # the round's own system, doubled
    champ = decide([BONUS_RACE], Rules("league", 2024, points=(BONUS,)), info=lambda r: RaceInfo(fastest_lap="D"))
    assert table(champ) == [("B", 16), ("A", 14), ("C", 9), ("D", 8)]


def test_a_rows_official_pts_wins_over_the_system_unless_told_otherwise() -> None:
    stated = race(1, "A", "B", pts=(3, 40))
    assert table(decide([stated], Rules("league", 2024, points=(F1,)))) == [("A", 25), ("B", 18)]
    assert table(decide([stated], Rules("league", 2024, points=(Scoring(positions=(25, 18)),)))) == [
        ("B", 40), ("A", 3)]
    assert table(decide([stated], None)) == [("B", 40), ("A", 3)]


def test_a_shared_drive_splits_its_points_when_the_rules_say_so() -> None:
    # Car 1 is driven by A and B to the win (25 points, 12.5 each when split); C is 2nd alone (18).
    rows = (Result(fin=1, car="1", driver="A"), Result(fin=1, car="1", driver="B"), Result(fin=2, car="2", driver="C"))
    shared = dataclasses.replace(race(1, "X"), results=rows)
    split = Scoring(official=False, positions=(25, 18), shared="split")
    assert table(decide([shared], Rules("league", 2024, points=(split,)))) == [("C", 18), ("A", 12.5), ("B", 12.5)]
    assert table(decide([shared], Rules("league", 2024, points=(F1,)))) == [("A", 25), ("B", 25), ("C", 18)]


# -- exclusions and deductions ---------------------------------------------------------------------------

def test_an_excluded_driver_has_no_place_and_nobody_moves_up_in_his_races() -> None:
    # 10-6-4: A 6+4+10 = 20, B 4+6+4 = 14; E would have 10+10+6 = 26.
    races = [race(1, "E", "A", "B"), race(2, "E", "B", "A"), race(3, "A", "E", "B")]
    facts = SeasonFacts(2024, exclusions=(Exclusion("E", "dangerous driving"),))
    champ = decide(races, Rules("league", 2024, points=(Scoring(official=False, positions=(10, 6, 4)),),
                                seasons=(facts,)))
    assert table(champ) == [("A", 20), ("B", 14)]
    assert champ.champion == "A"
    assert champ.exclusions == (Exclusion("E", "dangerous driving"),)


def test_a_deduction_counts_from_its_round_and_one_without_a_round_at_the_end() -> None:
    # A 40, 40, 35 and B 35, 35, 40. A loses 15 after round 2: B leads 70 to 65. B loses 20 at the end:
    # A 115 - 15 = 100, B 110 - 20 = 90.
    races = [race(1, "A", "B", pts=(40, 35)), race(2, "A", "B", pts=(40, 35)), race(3, "B", "A", pts=(40, 35))]
    facts = SeasonFacts(2024, deductions=(Deduction("A", 15, round=2, reason="weight"),
                                          Deduction("B", 20, reason="tyres")))
    champ = decide(races, Rules("league", 2024, seasons=(facts,)))
    assert [[(line.driver, line.points) for line in t.lines] for t in champ.tables] == [
        [("A", 40), ("B", 35)], [("B", 70), ("A", 65)], [("A", 100), ("B", 90)]]
    assert champ.champion == "A"
    assert champ.deductions == facts.deductions
    assert [(line.driver, line.change, line.avg_finish) for line in champ.tables[1].lines] == [
        ("B", 1, 2.0), ("A", -1, 1.0)]


def test_drivers_level_on_points_are_split_by_wins() -> None:
    champ = decide([race(1, "A", "B", pts=(10, 12)), race(2, "A", "B", pts=(10, 8)),
                    race(3, "B", "A", pts=(5, 5))], None)
    assert table(champ) == [("A", 25), ("B", 25)]  # A: two wins, B: one


# -- a small playoff -------------------------------------------------------------------------------------

PLAYOFF_RACES = [race(1, "A", "B", "C", "D"), race(2, "A", "C", "B", "D"), race(3, "D", "B", "C", "A"),
                 race(4, "C", "B", "D", "A"), race(5, "B", "D", "A", "C")]
PLAYOFFS = Playoffs(regular_season=3, field=3, wins_in=True, playoff_points=PlayoffPoints(win=5), rounds=(
    PlayoffRound(races=1, advance=2, base=100, carry=True, win_advances=True),
    PlayoffRound(races=1, base=200, decided_by="finish")))
TEN = Scoring(official=False, positions=(10, 8, 6, 4))


def playoff_rules(*facts: SeasonFacts) -> Rules:
    return Rules("league", 2024, points=(TEN,), playoffs=PLAYOFFS, seasons=facts)


def test_a_playoff_draws_its_field_resets_eliminates_and_crowns_the_best_finisher_of_the_final() -> None:
    # Regular season (10-8-6-4): A 10+10+4 = 24 (two wins), B 8+6+8 = 22, C 6+8+6 = 20, D 4+4+10 = 18 (a win).
    # Field of 3: the winners A and D, then B on points. Reset to 100 + 5 a win: A 110, D 105, B 100.
    # Round 1 (C wins, not in): A 110+4, D 105+6, B 100+8 = 108: B is out. Final: B, D, A, C: D beats A.
    # D 200+8, A 200+6; B 100 + 8 + 10 = 118 (reset, then all he scored); C 20 + 10 + 4 = 34.
    champ = decide(PLAYOFF_RACES, playoff_rules())
    assert table(champ) == [("D", 208), ("A", 206), ("B", 118), ("C", 34)]
    assert [line.status for line in champ.final.lines] == ["champion", "contender", "eliminated", ""]
    assert (champ.champion, champ.points_leader) == ("D", "A")
    assert champ.field == ("A", "D", "B")
    first = champ.playoffs[0]
    assert (first.name, first.rounds, first.seeds) == ("Round of 3", (4,), (("A", 110), ("D", 105), ("B", 100)))
    assert (first.advanced, first.eliminated) == (("A", "D"), ("B",))
    assert champ.regular_season is not None and champ.regular_season.stage == "Regular season"
    assert [(line.driver, line.points) for line in champ.regular_season.lines] == [
        ("A", 24), ("B", 22), ("C", 20), ("D", 18)]
    # After a round's last race the table shows the next round's reset, as the sanctioning body publishes it.
    assert [t.stage for t in champ.tables] == ["Regular season"] * 3 + ["Final", "Final"]
    assert [(line.driver, line.points) for line in champ.tables[3].lines] == [
        ("A", 200), ("D", 200), ("B", 108), ("C", 30)]
    assert champ.differences == ()


def test_the_official_champion_is_shown_first_and_the_difference_reported() -> None:
    champ = decide(PLAYOFF_RACES, playoff_rules(SeasonFacts(2024, champion="A")))
    assert (champ.champion, champ.computed_champion) == ("A", "D")
    assert [(line.pos, line.driver, line.status) for line in champ.final.lines][:2] == [
        (1, "A", "champion"), (2, "D", "contender")]
    assert champ.differences == ("2024: the official champion is A; the results and rules give D",)


def test_an_official_round_outcome_replaces_the_computed_one_and_is_reported() -> None:
    champ = decide(PLAYOFF_RACES, playoff_rules(SeasonFacts(2024, advanced=(OfficialRound(1, ("A", "B")),))))
    assert champ.champion == "B"  # B then wins the final
    assert champ.differences == ("2024: Round of 3: the results send on A, D; officially A, B went on",)


def test_an_unfinished_playoff_season_has_a_leader_but_no_champion() -> None:
    champ = decide(PLAYOFF_RACES[:4], playoff_rules())
    assert (champ.champion, champ.complete, champ.points_leader) == (None, False, "A")


def test_a_race_not_yet_run_neither_counts_nor_brings_the_playoffs_closer() -> None:
    upcoming = race(4, name="Upcoming")
    upcoming = dataclasses.replace(upcoming, results=())
    champ = decide([*PLAYOFF_RACES[:3], upcoming], playoff_rules())
    assert len(champ.tables) == 3 and champ.playoffs[0].rounds == ()
    champ = decide([*PLAYOFF_RACES[:2], upcoming], playoff_rules())
    assert (champ.playoffs, champ.field, champ.regular_season) == ((), (), None)


def test_differences_become_check_warnings_pointing_at_the_season_in_the_rules_file() -> None:
    rules = playoff_rules(SeasonFacts(2024, champion="A", line=12))
    rules = Rules(**{**rules.__dict__, "source": "content/championships.yml", "line": 3})
    warnings = difference_warnings(decide(PLAYOFF_RACES, rules))
    assert [w.format() for w in warnings] == [
        "warning: content/championships.yml:12: league 2024: the official champion is A; the results and rules "
        "give D (the official word is what the site shows; declare what the data lacks (deductions, waivers, "
        "`field`, `advanced`) or correct the results)"]
    assert difference_warnings(decide(PLAYOFF_RACES, playoff_rules())) == []


def test_every_season_of_a_site_is_decided_under_the_declaration_that_covers_it() -> None:
    book = RuleBook((playoff_rules(),))
    other = [race(1, "Z", "Y", pts=(5, 3), series="other")]
    found = decide_all({("league", 2024): PLAYOFF_RACES, ("other", 2024): other}, book, every_round=False)
    assert (found[("league", 2024)].champion, found[("other", 2024)].champion) == ("D", "Z")
    assert found[("league", 2024)].tables == () and found[("other", 2024)].rules == Rules("other", 2024, 2024)
