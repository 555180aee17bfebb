"""The index: one stable slug per name (never a silent merge), season order, and each name's races."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from racesite.model import EntityInfo, QualifyingEntry, Race, Result, Stage
from racesite.pages.links import race_slug
from racesite.stats.index import assign_slugs, build_index, update_index
from tests.test_stats_career import a_site


def _race(round_: int, results: list[Result], day: int | None = None, series: str = "s", **fields: object) -> Race:
    return Race(source=f"{series}/{round_}.md",
                results_source=f"{series}/{round_}.md", series=series, season=2020, round=round_,
                date=dt.date(2020, 3, day or round_), name=f"Race {round_}", track="Track", laps=10, laps_run=10,
                draft=False, lineup="qualifying", results=tuple(results),
                **fields)  # type: ignore[arg-type]


def test_slugs_fold_accents_and_punctuation() -> None:
    table = assign_slugs("driver", ["A.J. Allmendinger", "Daniel Suárez", "Martin Truex Jr.", "Ryan O'Neal"])
    assert table.slugs == {"A.J. Allmendinger": "aj-allmendinger", "Daniel Suárez": "daniel-suarez",
                           "Martin Truex Jr.": "martin-truex-jr", "Ryan O'Neal": "ryan-oneal"}
    assert table.warnings == () and table.renamed == ()


def test_names_sharing_a_slug_get_distinct_slugs_in_a_stable_order() -> None:
    names = ["Daniel Suárez", "Daniel Suarez", "DANIEL SUAREZ"]
    first = assign_slugs("driver", names, {n: "content/x.md" for n in names})
    again = assign_slugs("driver", list(reversed(names)))
    assert first.slugs == again.slugs == {"DANIEL SUAREZ": "daniel-suarez", "Daniel Suarez": "daniel-suarez-2",
                                          "Daniel Suárez": "daniel-suarez-3"}
    assert len(set(first.slugs.values())) == 3
    # (what every page's fingerprint takes of the clashes: a URL name that is not the name's own changes links)
    assert first.renamed == (("Daniel Suarez", "daniel-suarez-2"), ("Daniel Suárez", "daniel-suarez-3"))
    hint = "(if they are one driver, add an alias in drivers/daniel-suarez.md in the content folder)"
    assert [w.format() for w in first.warnings] == [
        "warning: content/x.md: driver: 'Daniel Suarez' and 'DANIEL SUAREZ' share the URL name 'daniel-suarez'; "
        f"'Daniel Suarez' gets 'daniel-suarez-2' {hint}",
        "warning: content/x.md: driver: 'Daniel Suárez' and 'DANIEL SUAREZ' share the URL name 'daniel-suarez'; "
        f"'Daniel Suárez' gets 'daniel-suarez-3' {hint}",
    ]


def test_a_numbered_slug_never_collides_with_a_real_name() -> None:
    """'Car 2' slugs to 'car-2'; the second 'Car' variant must not take it."""
    table = assign_slugs("team", ["Car", "car", "Car 2"])
    assert len(set(table.slugs.values())) == 3


def test_race_slug() -> None:
    race = _race(3, [Result(1, "1", "A")])
    assert race_slug(dataclasses.replace(race, name="Beef. It's What's For Dinner. 300")) == (
        "03-beef-its-whats-for-dinner-300")


def test_every_name_on_a_race_gets_a_slug() -> None:
    """Qualifying, stages and penalties can name drivers who are not in the results: they still get pages."""
    from racesite.model import Penalty

    race = _race(1, [Result(1, "1", "A", team="T", make="M")],
                 qualifying=(QualifyingEntry(1, "Q"),), stages=(Stage(1, 5, ("S",)),),
                 penalties=(Penalty("P", "speeding"),))
    site = dataclasses.replace(a_site([race]), entities=(EntityInfo("driver", "E", "drivers/e.md"),
                                                         EntityInfo("team", "U", "teams/u.md")))
    index = build_index(site)
    assert set(index.drivers.slugs) == {"A", "Q", "S", "P", "E"}
    assert set(index.teams.slugs) == {"T", "U"} and set(index.makes.slugs) == {"M"}


def test_seasons_in_round_order_and_neighbours() -> None:
    rounds = [_race(2, [Result(1, "1", "A")], day=1), _race(1, [Result(1, "1", "B")], day=2),
              _race(3, [Result(1, "1", "A")], day=3)]
    index = build_index(a_site(rounds))
    season = index.seasons[("s", 2020)]
    assert [r.round for r in season] == [1, 2, 3]
    assert index.neighbours(season[0]) == (None, season[1])
    assert index.neighbours(season[2]) == (season[1], None)


def test_a_names_races_newest_first() -> None:
    rounds = [_race(n, [Result(1, "1", "A", team="T"), Result(2, "2", "B", team="T")]) for n in (1, 2, 3)]
    index = build_index(a_site(rounds))
    assert [race.round for race, _ in index.driver_races["A"]] == [3, 2, 1]
    assert [(race.round, r.driver) for race, r in index.team_races["T"]][:2] == [(3, "B"), (3, "A")]
    assert [race.round for race in index.track_races["Track"]] == [1, 2, 3]


def test_a_team_sharing_a_slug_is_reported_at_the_recap_where_it_first_appears() -> None:
    first = _race(1, [Result(1, "1", "A", team="SS Green Light Racing")])
    second = _race(2, [Result(1, "1", "A", team="SS-Green Light Racing")])
    index = build_index(a_site([first, second]))
    assert [w.format() for w in index.teams.warnings] == [
        "warning: s/2.md: team: 'SS-Green Light Racing' and 'SS Green Light Racing' share the URL name "
        "'ss-green-light-racing'; 'SS-Green Light Racing' gets 'ss-green-light-racing-2' (if they are one team, "
        "add an alias in teams/ss-green-light-racing.md in the content folder)"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.sampled_from(["led", "driver", "team", "qualifier", "none"])),
                min_size=1, max_size=6))
def test_an_updated_index_equals_a_new_one_and_keeps_what_no_edit_touched(edits: list[tuple[int, str]]) -> None:
    """The live preview's index after an edit (`update_index`): equal to one made afresh; a name's races are the
    same object unless the edit touched that name; a renamed driver, team or qualifier makes it anew (None)."""
    def row(fin: int, driver: str, team: str, led: int = 0) -> Result:
        return Result(fin, str(fin), driver, team=team, make="M", led=led)

    races = [_race(n, [row(1, "A", "T"), row(2, "B", "U"), row(3, f"C{n % 2}", "U")], day=n,
                   qualifying=(QualifyingEntry(1, "A"),) if n == 6 else ()) for n in range(1, 7)]
    site = a_site(races)
    index = build_index(site)
    for at, what in edits:
        old = site.races[at]
        results = list(old.results)
        if what == "led":
            results[1] = results[1]._replace(led=results[1].led + 1)
        elif what == "driver":
            results[2] = results[2]._replace(driver="Z")
        elif what == "team":
            results[0] = results[0]._replace(team="V")
        new = dataclasses.replace(old, results=tuple(results),
                                  qualifying=(QualifyingEntry(1, "Q"),) if what == "qualifier" else old.qualifying)
        now = dataclasses.replace(site, races=tuple(new if r is old else r for r in site.races))
        updated = update_index(index, site.races, now)
        fresh = build_index(now)
        renamed = [(r.driver, r.team) for r in results] != [(r.driver, r.team) for r in old.results] or \
            new.qualifying != old.qualifying
        if renamed:
            assert updated is None
            index = fresh
        else:
            assert updated == fresh
            assert updated.driver_races["B"] is not index.driver_races["B"]  # (B's row is in every race)
            untouched = {name for name, rows in index.driver_races.items() if all(race is not old for race, _ in rows)}
            assert all(updated.driver_races[name] is index.driver_races[name] for name in untouched)
            shared = {id(pair) for rows in updated.driver_races.values() for pair in rows}
            assert {id(pair) for rows in updated.team_races.values() for pair in rows} == shared  # one pair each
            index = updated
        site = now


def test_a_story_edited_in_place_is_swapped_into_the_story_lists() -> None:
    """The live preview's text edit: a story keeping its file, race and date is put in place of the old one in its
    race's list and in its drivers' (the other lists kept as they are); a changed date orders them afresh. Both
    equal lists made afresh."""
    from racesite.errors import Problems
    from racesite.load import load_site
    from racesite.stats.index import story_index
    from tests.helpers import ROOT

    site = load_site(ROOT / "content", Problems())
    assert site is not None and len(site.stories) > 2
    index = build_index(site)
    story = site.stories[0]
    for edited in (dataclasses.replace(story, body=story.body + "\nOne more sentence."),
                   dataclasses.replace(story, published=story.published.replace(year=2099))):
        now = dataclasses.replace(site, stories=(edited, *site.stories[1:]))
        again = story_index(now, (site.stories, index))
        assert again == story_index(now)
        assert edited in again["stories"][story.race]
        drivers = {row.driver for race in site.races if race.key == story.race for row in race.results}
        assert drivers and all(edited in again["driver_stories"][name] for name in drivers)
        others = [name for name in index.driver_stories if name not in drivers]
        if edited.published == story.published:
            assert others and all(again["driver_stories"][name] is index.driver_stories[name] for name in others)
