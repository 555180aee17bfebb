"""Names spelled two ways: a near-miss warning with a suggestion;
accent variants are kept apart until an alias joins them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from racesite.model import Race, Result
from racesite.pipeline import build
from racesite.stats.spelling import name_counts, near_miss_warnings, near_misses
from tests.conftest import SiteMaker
from tests.helpers import ROOT, check_lines, recap
from tests.test_pages import page_file, table
from tests.test_stats_standings import _race


def rows(*drivers: str) -> str:
    """A results table with these drivers finishing 1st, 2nd..."""
    return "".join(f'  - [{fin}, {fin}, "{fin}", {name}, Team {fin}, Chevrolet, 163, 0, running, {50 - fin}]\n'
                   for fin, name in enumerate(drivers, 1))


def season(*fields: tuple[str, ...]) -> dict[str, str]:
    """One recap per round, round n with fields[n-1] as its drivers."""
    return {f"xfinity/2021/{n:02d}.md": recap(rows(*drivers), round=n, date=f"2021-03-{n:02d}", name=f"Race {n}")
            for n, drivers in enumerate(fields, 1)}


REGULARS = ("Justin Allgaier", "Noah Gragson", "Austin Cindric")


def test_a_typo_among_many_gets_a_suggestion_from_build_check(site: SiteMaker) -> None:
    content = site(season(REGULARS, REGULARS, REGULARS, ("Noah Gragson", "Justin Allgiaer", "Austin Cindric"),
                          REGULARS))
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--content", str(content)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr  # a warning, not an error
    # Round 4's results start on line 11; Allgiaer is its second row.
    assert run.stderr.splitlines() == [
        "warning: content/xfinity/2021/04.md:12: driver: 'Justin Allgiaer' appears in 1 race(s) "
        "(did you mean 'Justin Allgaier'?)"]
    assert "Content OK: 0 errors, 1 warning." in run.stdout


def test_two_regulars_with_close_names_are_not_flagged(site: SiteMaker) -> None:
    """Both names race every week: neither is a typo of the other."""
    pair = ("Jeb Burton", "Jeff Burton", "Noah Gragson")
    assert check_lines(site(season(pair, pair, pair, pair))) == []


def test_an_entity_file_name_is_trusted(site: SiteMaker) -> None:
    """A rare driver with a file of his own is not a typo; a rare name close to him is."""
    files = season(("Ryan Sieg", "Kyle Sieg"), ("Ryan Sieg", "Noah Gragson"))
    files["drivers/kyle-sieg.md"] = "---\nname: Kyle Sieg\n---\n"
    assert check_lines(site(files)) == []
    files = season(("Kyle Siegg", "Noah Gragson"), ("Noah Gragson", "Austin Hill"))
    files["drivers/kyle-sieg.md"] = "---\nname: Kyle Sieg\n---\n"
    assert check_lines(site(files)) == [
        "warning: content/xfinity/2021/01.md:11: driver: 'Kyle Siegg' appears in 1 race(s) (did you mean 'Kyle Sieg'?)"]


def test_accent_variants_without_an_alias_get_two_pages_and_a_warning(site: SiteMaker) -> None:
    content = site(season(("Daniel Suárez", "Noah Gragson"), ("Noah Gragson", "Daniel Suarez")))
    assert check_lines(content) == [
        "warning: content/xfinity/2021/01.md: driver: 'Daniel Suárez' and 'Daniel Suarez' share the URL name "
        "'daniel-suarez'; 'Daniel Suárez' gets 'daniel-suarez-2' "
        "(if they are one driver, add an alias in drivers/daniel-suarez.md in the content folder)"]
    build(content, Path("out"))
    first = table(Path("out/races/xfinity/2021/01-race-1/index.html"), "Results").row("1")
    second = table(Path("out/races/xfinity/2021/02-race-2/index.html"), "Results").row("2")
    assert first[3].links == [("/drivers/daniel-suarez-2/", "Daniel Suárez")]
    assert second[3].links == [("/drivers/daniel-suarez/", "Daniel Suarez")]
    assert page_file(Path("out"), "/drivers/daniel-suarez-2/") != page_file(Path("out"), "/drivers/daniel-suarez/")
    drivers = json.loads(Path("out/data/drivers.json").read_text(encoding="utf-8"))["drivers"]
    assert {d["slug"]: d["name"] for d in drivers if "Daniel" in d["name"]} == {
        "daniel-suarez": "Daniel Suarez", "daniel-suarez-2": "Daniel Suárez"}


def test_an_alias_merges_the_variants_into_one_page(site: SiteMaker) -> None:
    files = season(("Daniel Suárez", "Noah Gragson"), ("Noah Gragson", "Daniel Suarez"))
    files["drivers/daniel-suarez.md"] = "---\nname: Daniel Suárez\naliases: [Daniel Suarez]\n---\n"
    content = site(files)
    assert check_lines(content) == []
    build(content, Path("out"))
    assert not Path("out/drivers/daniel-suarez-2").exists()
    career = table(Path("out/drivers/daniel-suarez/index.html"), "Career").row("Xfinity")
    assert (career[1].text, career[2].text) == ("2", "1")  # starts, wins
    second = table(Path("out/races/xfinity/2021/02-race-2/index.html"), "Results").row("2")
    assert second[3].links == [("/drivers/daniel-suarez/", "Daniel Suárez")]


def test_make_spelled_two_ways_gets_a_hint_that_works(site: SiteMaker) -> None:
    """Makes have no entity files: the hint must not send the writer to content/makes/."""
    first = recap(rows("Justin Allgaier", "Noah Gragson"))
    second = recap(rows("Justin Allgaier").replace("Chevrolet", "chevrolet"), round=7, date="2021-03-27")
    lines = check_lines(site({"xfinity/2021/06.md": first, "xfinity/2021/07.md": second}))
    assert len(lines) == 1 and "share the URL name 'chevrolet'" in lines[0]
    assert "content/makes/" not in lines[0]
    assert "spell" in lines[0]


def test_a_typo_in_a_csv_results_file_points_at_the_csv(site: SiteMaker) -> None:
    csv_rows = "fin,st,car,driver\n1,1,7,Justin Allgiaer\n2,2,9,Noah Gragson\n"
    files = season(REGULARS, REGULARS, REGULARS)
    files["xfinity/2021/04.md"] = recap(results="04.csv", round=4, date="2021-03-04", name="Race 4")
    files["xfinity/2021/04.csv"] = csv_rows
    lines = check_lines(site(files))
    assert lines == ["warning: content/xfinity/2021/04.csv:2: driver: 'Justin Allgiaer' appears in 1 race(s) "
                     "(did you mean 'Justin Allgaier'?)"]


def test_near_miss_needs_a_much_more_common_name() -> None:
    """Seen once vs twice is not 'many': no suggestion (the rule is more than twice as often)."""
    from racesite.model import Result
    from tests.test_stats_standings import _race

    races = [_race([Result(1, "1", "Justin Allgaier")]), _race([Result(1, "1", "Justin Allgaier")]),
             _race([Result(1, "1", "Justin Allgiaer")])]
    assert near_miss_warnings(races, [], near_misses(races, []), rows_of(races)) == []
    races.append(_race([Result(1, "1", "Justin Allgaier")]))
    hints = [w.hint for w in near_miss_warnings(races, [], near_misses(races, []), rows_of(races))]
    assert hints == ["did you mean 'Justin Allgaier'?"]


def test_a_typo_in_qualifying_or_a_stage_is_caught(site: SiteMaker) -> None:
    """Names there that match nobody in the results would become driver pages of their own, with no starts."""
    extra = ("qualifying:\n  - [1, \"7\", Martin Truex Jnr., 30.1]\n  - [2, \"9\", Kyle Larson, 30.2]\n"
             "stages:\n  - {stage: 1, top: [Justin Allgiaer, Harrison Burton]}\nresults:\n")
    content = site({"xfinity/2021/06-atlanta.md": recap().replace("results:\n", extra)})
    assert check_lines(content) == [
        "warning: content/xfinity/2021/06-atlanta.md:11: qualifying: 'Martin Truex Jnr.' is not in this race's "
        "results (did you mean 'Martin Truex Jr.'?)",
        "warning: content/xfinity/2021/06-atlanta.md:14: stages: 'Justin Allgiaer' is not in this race's results "
        "(did you mean 'Justin Allgaier'?)",
    ]  # Kyle Larson, who failed to qualify, is no one's near miss: no warning


def test_a_typo_in_a_penalty_names_its_line(site: SiteMaker) -> None:
    extra = "penalties:\n  - driver: Harrison Burton\n    penalty: pit road speeding\n" \
            "  - {driver: Justin Allgiaer, penalty: too many crew over the wall}\nresults:\n"
    content = site({"xfinity/2021/06-atlanta.md": recap().replace("results:\n", extra)})
    assert check_lines(content) == [
        "warning: content/xfinity/2021/06-atlanta.md:13: penalties: 'Justin Allgiaer' is not in this race's "
        "results (did you mean 'Justin Allgaier'?)"]


def rows_of(races: list[Race]) -> dict[str, list[tuple[Race, Result]]]:
    """Each driver's (race, row) entries, the last first (as `Index.driver_races` has them)."""
    rows: dict[str, list[tuple[Race, Result]]] = {}
    for race in races:
        for row in race.results:
            rows.setdefault(row.driver, []).insert(0, (race, row))
    return rows


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["typo", "fixed", "row out", "no results", "same"])),
                min_size=1, max_size=6))
def test_counts_taken_from_the_last_build_equal_counts_made_afresh(edits: list[tuple[int, str]]) -> None:
    """The live preview counts only the races that are new objects (out with the old, in with the new): the same
    counts, with no name left at zero, and so the same near misses, as counting every race."""
    import dataclasses

    races = [_race([Result(1, "1", "Justin Allgaier"), Result(2, "2", "Noah Gragson"), Result(3, "3", f"D{n}")])
             for n in range(5)]
    counts = name_counts(races)
    for at, what in edits:
        old = races[at]
        rows = list(old.results)
        if what == "typo" and rows:
            rows[0] = rows[0]._replace(driver="Justin Allgiaer")
        elif what == "fixed" and rows:
            rows[0] = rows[0]._replace(driver="Justin Allgaier")
        elif what == "row out" and rows:
            rows.pop()
        elif what == "no results":
            rows = []
        now = [dataclasses.replace(old, results=tuple(rows)) if r is old else r for r in races]
        again = name_counts(now, (races, counts))
        assert again == name_counts(now) and all(n > 0 for n in again.values())
        assert near_misses(now, []) == near_misses([r for r in now if r.results], [])
        races, counts = now, again
