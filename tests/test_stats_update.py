"""Stats after an edit to some races' data, from the last build's stats: always what computing them all gives."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from racesite.model import Race, Result, Series, Site
from racesite.stats import compute
from racesite.stats.update import edited
from tests.test_stats_career import STATUSES, a_site, races_of_a_season

TRACKS = ["Oval", "Road Course", "Short Track"]


@st.composite
def histories(draw: st.DrawFn) -> Site:
    """Two series (one with its whole history, one without) over two seasons, at three tracks."""
    races: list[Race] = []
    for series in ("s", "t"):
        for season in (2019, 2020):
            races += draw(races_of_a_season(series, season))
    races = [replace(race, track=draw(st.sampled_from(TRACKS))) for race in races]
    races.sort(key=lambda r: (r.date, r.series, r.season, r.round))
    site = a_site(races)
    series = (Series("s", "Series", "S"), Series("t", "Other", "O", complete_history=False))
    return replace(site, config=replace(site.config, series=series))


@st.composite
def data_edits(draw: st.DrawFn, site: Site) -> Site:
    """`site` with one to three races' results edited as a writer fixing numbers would: the finishing order,
    starting spots, laps led, statuses and which of the race's teams each car ran for, and how the lineup was
    set; every race keeps its names."""
    races = list(site.races)
    for at in draw(st.sets(st.integers(0, len(races) - 1), min_size=1, max_size=3)):
        race = races[at]
        order = draw(st.permutations(race.results))
        teams = draw(st.permutations([r.team for r in race.results]))
        rows = tuple(replace(row, fin=fin, team=team, st=draw(st.none() | st.integers(1, len(order))),
                             led=draw(st.integers(0, 9)), status=draw(st.sampled_from(STATUSES)))
                     for fin, (row, team) in enumerate(zip(order, teams), 1))
        races[at] = replace(race, results=rows, lineup=draw(st.sampled_from(["qualifying", "formula"])))
    return replace(site, races=tuple(races))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_stats_updated_after_an_edit_equal_stats_computed_from_scratch(data: st.DataObject) -> None:
    old = data.draw(histories())
    new = data.draw(data_edits(old))
    assert edited(old, new) is not None
    last = compute(old)
    seasons = list(last.index.seasons)
    for season in seasons:  # final tables are kept where no race changed: ask for them all first
        last.final_standings(*season)
    updated, whole = compute(new, last=(old, last)), compute(new)
    assert updated == whole
    assert [updated.final_standings(*s) for s in seasons] == [whole.final_standings(*s) for s in seasons]


def test_an_edit_recomputes_only_the_edited_races_drivers() -> None:
    """The update is what runs: a driver the edit does not touch keeps the very line objects computed before."""
    races = [_race(1, [("A", 1), ("B", 0)]), _race(2, [("C", 3), ("A", 0)]), _race(3, [("C", 0), ("D", 2)])]
    old = a_site(races)
    last = compute(old)
    new = replace(old, races=(races[0], races[1], _race(3, [("D", 2), ("C", 0)])))  # D now won round 3
    stats = compute(new, last=(old, last))
    assert stats == compute(new)
    assert stats.drivers.career[("A", "s")] is last.drivers.career[("A", "s")]
    assert stats.drivers.career[("D", "s")].wins == 1
    assert stats.facts[("s", 2020, 1)] is last.facts[("s", 2020, 1)]
    assert stats.facts[("s", 2020, 3)].values["winner"] == "D"


def test_an_edit_that_changes_a_name_is_computed_whole() -> None:
    races = [_race(1, [("A", 1), ("B", 0)]), _race(2, [("B", 3), ("A", 0)])]
    old = a_site(races)
    new = replace(old, races=(races[0], _race(2, [("B", 3), ("Alan", 0)])))
    assert edited(old, new) is None
    assert compute(new, last=(old, compute(old))) == compute(new)


def _race(number: int, rows: list[tuple[str, int]]) -> Race:
    import datetime as dt

    return Race(source=f"{number}.md", series="s", season=2020, round=number, date=dt.date(2020, 1, number),
                name=f"Race {number}", track="T", laps=10, laps_run=10, title=f"Race {number}", summary="",
                author=None, draft=False, lineup="qualifying",
                results=tuple(Result(fin, str(fin), driver, st=fin, led=led, laps=10)
                              for fin, (driver, led) in enumerate(rows, 1)))
