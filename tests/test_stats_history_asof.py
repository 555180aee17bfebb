"""History as of a moment: counts before and after a race, what is known whole, and the real Xfinity figures."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from racesite.model import Baseline, Series, Story
from racesite.stats.history import Counts, History
from racesite.stats.rules import after_the_race
from tests.nascar import NASCAR, nascar_races, nascar_series
from tests.proofread_site import RACES, SERIES, race


def test_counts_before_and_after_a_race() -> None:
    history = History.of(RACES, SERIES)
    r = race(2022, 4)
    assert history.career("Cody Marsh", "frontier", history.before(r)) == Counts(8, 3, 2, 8, 8, 480)
    assert history.career("Cody Marsh", "frontier", history.after(r)) == Counts(9, 4, 2, 9, 9, 535)
    assert history.season("Cody Marsh", "frontier", 2022, history.after(r)) == Counts(4, 2, 1, 4, 4, 215)
    assert history.season("Cody Marsh", "frontier", 2022, history.after(r), rounds=2).wins == 1
    assert history.team_wins("Summit Racing Group", "frontier", 2021, history.after(r)) == 3
    assert history.wins_from_pole("Cody Marsh", "frontier", history.after(r)) == 1
    best = history.best_winning_start("Cody Marsh", "frontier", history.before(race(2022, 1)))
    assert best is not None and (best.start, [x.key for x in best.races]) == (3, [("frontier", 2021, 1, 1)])
    last = history.last_pole("Cody Marsh", "frontier", history.before(race(2022, 5)))
    assert last is not None and last.race is not None and last.race.key == ("frontier", 2022, 1, 1)


def test_a_formula_lineup_awards_no_pole() -> None:
    history = History.of(RACES, SERIES)
    r = race(2021, 4)  # Wolfe started first, lineup by formula
    assert history.career("Tanner Wolfe", "frontier", history.after(r)).poles == 1  # 2021 round 3 only


def test_partial_history_knows_what_a_baseline_gives_and_no_more() -> None:
    partial = (Series("frontier", "Frontier Series", "Frontier", complete_history=False),)
    history = History.of(RACES, partial, [Baseline("Cody Marsh", "frontier", starts=20, wins=5)])
    after = history.after(race(2021, 2))
    assert history.career("Cody Marsh", "frontier", after) == Counts(22, 6, None)
    assert history.career("Luis Peña", "frontier", after) == Counts()
    assert history.wins("Cody Marsh", "frontier", after) is None
    gap = History.of([r for r in RACES if r.key != ("frontier", 2021, 3, 1)], partial,
                     [Baseline("Cody Marsh", "frontier", starts=20, wins=5)])
    assert gap.career("Cody Marsh", "frontier", gap.after(race(2021, 5))) == Counts()
    # Round 4 comes after the gap: the races missed happened before it, so even before it nothing is known.
    assert gap.career("Cody Marsh", "frontier", gap.after(race(2021, 2))).wins == 6
    assert gap.career("Cody Marsh", "frontier", gap.before(race(2021, 4))) == Counts()


def test_a_season_with_a_missing_round_is_not_known() -> None:
    history = History.of([r for r in RACES if r.key != ("frontier", 2022, 2, 1)], SERIES)
    assert history.season("Cody Marsh", "frontier", 2022, history.after(race(2022, 4))) == Counts()
    assert history.team_wins("Summit Racing Group", "frontier", 2022, history.after(race(2022, 4))) is None
    assert history.season("Cody Marsh", "frontier", 2022, history.after(race(2022, 1))).wins == 1


def test_story_time() -> None:
    day = dt.date(2023, 5, 27)

    def after(kind: str, published: dt.date) -> bool:
        story = Story("x.md", race(2022, 4).key, kind, "T", "", None, published, False, "", 1, kind)
        return after_the_race(story, day)
    assert [after(k, day) for k in ("preview", "qualifying", "recap")] == [False, False, True]
    assert after("feature", day) and not after("feature", dt.date(2023, 5, 26))


@pytest.mark.skipif(not (NASCAR / "xfinity.csv").is_file(), reason="no NASCAR data in ../shared")
def test_real_xfinity_figures() -> None:
    races = nascar_races("xfinity")
    history = History.of(races, [nascar_series("xfinity")])
    atlanta, charlotte = history.race("xfinity", 2021, 6), history.race("xfinity", 2023, 12)
    assert atlanta is not None and charlotte is not None
    assert history.career("Justin Allgaier", "xfinity", history.after(atlanta)).wins == 15
    assert history.career("Justin Allgaier", "xfinity", history.before(charlotte)).wins == 19
    assert history.wins_from_pole("Justin Allgaier", "xfinity", history.before(charlotte)) == 0
    assert history.team_wins("JR Motorsports", "xfinity", 2022, history.before(charlotte)) == 15
    assert history.career("Kyle Busch", "xfinity", history.after(races[-1])).wins == 102


def answers(history: History) -> list[object]:
    """Every question the prose checks ask of a history, for every driver, team and moment of the Frontier site."""
    drivers = sorted({row.driver for one in RACES for row in one.results})
    teams = sorted({row.team for one in RACES for row in one.results if row.team})
    found: list[object] = []
    for one in history.races:
        for at in (history.before(one), history.after(one)):
            for driver in drivers:
                found += [history.career(driver, "frontier", at), history.season(driver, "frontier", one.season, at),
                          history.wins_from_pole(driver, "frontier", at),
                          history.best_winning_start(driver, "frontier", at),
                          history.last_pole(driver, "frontier", at),
                          [(r.key, row, pole) for r, row, pole in history.starts(driver, "frontier", at)]]
            found += [history.team_wins(team, "frontier", one.season, at) for team in teams]
    return found


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(RACES) - 1), st.integers(0, 5),
                          st.sampled_from(["led", "start", "finish", "winner", "dns"])), min_size=1, max_size=4))
def test_an_updated_history_answers_as_a_new_one(edits: list[tuple[int, int, str]]) -> None:
    """The live preview's history after an edit to races' numbers (`History.of(..., last=)`): every answer the
    same as a history made afresh; an edit to the winner or to who started makes it afresh."""
    races = list(RACES)
    history = History.of(races, SERIES)
    for at, row_at, what in edits:
        rows = list(races[at].results)
        row = rows[row_at]
        if what == "led":
            rows[row_at] = row._replace(led=(row.led or 0) + 7)
        elif what == "start":  # the pole moves: two rows swap starting spots
            other = next(at for at, each in enumerate(rows) if each.st == 1)
            rows[other], rows[row_at] = rows[other]._replace(st=row.st), row._replace(st=1)
        elif what == "finish":
            rows[row_at] = row._replace(fin=row.fin + 1 if row.fin > 1 else 2)
        elif what == "dns":
            rows[row_at] = row._replace(status="did not start")
        else:
            rows[0], rows[row_at] = rows[0]._replace(team="Another Racing"), rows[row_at]
        races[at] = dataclasses.replace(races[at], results=tuple(rows))
        updated = History.of(races, SERIES, last=history)
        fresh = History.of(races, SERIES)
        assert answers(updated) == answers(fresh)
        history = updated
