"""`build.py import`: CSV fixtures in, recap files and the report lines a user sees out.

The fixtures in tests/fixtures/import/ hold one quirk each: car "08" beside
"8", a missing start, a tied finish, an owner in the team column, names with
dots and suffixes, a track with `&`, a race with no results, the 2026
placeholder row, and a CSV with other headers read through a mapping file.
Imported recaps are `lenient`: odd values are kept as the CSV has them and
reported, never renumbered or suffixed.
"""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from racesite.content import parse_yaml
from racesite.errors import Problems, did_you_mean
from racesite.importer import ImportFailed, add_import_command, import_main, run_import, yaml_value
from racesite.importmap import load_mapping, read_races
from racesite.load import load_site
from racesite.pipeline import build

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
RESULTS = FIXTURES / "results.csv"
NASCAR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "nascar"

DAYTONA = """\
---
# Imported from results.csv, lines 2-5, by `build.py import`.
series: cup
season: 2021
round: 1
date: 2021-01-01  # synthesized: the CSV gives no date; January 1 + (round - 1) days
name: "Super Start: Batteries #1 200"
track: Daytona Beach & Road Course
track_length: 3.56
lenient: true  # historical data, kept as recorded: ties, gaps and repeats are not errors
results: "01-daytona-beach-and-road-course.csv"  # one row per car, in finishing order
stages:
  - {stage: 1, top: [A.J. Allmendinger, Martin Truex Jr., Austin Cindric]}
  - {stage: 2, top: [Martin Truex Jr., A.J. Allmendinger, Austin Cindric]}
---
"""

DAYTONA_ROWS = """\
fin,st,car,driver,team,make,laps,led,status,pts
1,2,08,A.J. Allmendinger,Kaulig Racing,Chevrolet,52,20,running,55
2,,8,Martin Truex Jr.,Joe Gibbs Racing,Toyota,52,10,running,45
3,1,22,Austin Cindric,Team Penske,Ford,52,22,running,40
4,4,47,Sara Christian,Robert Gee (Owner),Ford,50,0,accident,
"""

CHARLOTTE_ROWS = """\
1,1,9,Chase Elliott,Hendrick Motorsports,Chevrolet,400,100,running,60
2,2,,'Tiny' Lund,#1 Racing,Ford,400,0,running,50
3,3,11,Denny Hamlin,On,Toyota,399,0,running,45
3,4,12,Ryan Blaney,Team Penske,Ford,398,0,running,44
"""

REPORT = [
    "2021 round 1, Martin Truex Jr.: not in the CSV: start",
    "2021 round 1, Sara Christian: not in the CSV: points",
    "2021 round 2, 'Tiny' Lund: not in the CSV: car number",
    "2021 round 2, Ryan Blaney: finishing position 3 is also given on line 8: a tie",
    "2021 round 3, Martin Truex Jr.: start 1 also on line 10",
    "2021 round 3, Harrison Burton: start 0 left out: positions start at 1",
    "2021 round 3, A.J. Allmendinger: laps 162: more than P3 ahead of it (150 on line 12)",
    "2022 round 1: no results: written without any, so its page shows it as upcoming",
    "2026 round 1 not written: no race name or track and no results: a recap needs a race name and a track",
]
REPORT_LINES = [3, 5, 7, 9, 11, 12, 13, 14, 15]


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in the test's folder, so messages name files the way a user in that folder sees them."""
    monkeypatch.chdir(tmp_path)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def loaded(root: Path) -> Problems:
    problems = Problems()
    assert load_site(root, problems) is not None
    return problems


def command(*argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="build.py")
    add_import_command(parser.add_subparsers(dest="command", required=True))
    out, err = io.StringIO(), io.StringIO()
    code = import_main(parser.parse_args(["import", *argv]), out, err)
    return code, out.getvalue(), err.getvalue()


def test_into_an_empty_folder_it_writes_a_working_site() -> None:
    out = Path("content")
    code, printed, err = command(str(RESULTS), "--series", "cup", "--out", "content")
    assert (code, err) == (0, "")
    assert sorted(files(out)) == [
        "cup/2021/01-daytona-beach-and-road-course.csv",
        "cup/2021/01-daytona-beach-and-road-course.md",
        "cup/2021/02-charlotte-motor-speedway.csv",
        "cup/2021/02-charlotte-motor-speedway.md",
        "cup/2021/03-atlanta-motor-speedway.csv",
        "cup/2021/03-atlanta-motor-speedway.md",
        "cup/2022/01-phoenix-raceway.md",
        "site.yml",
    ]
    assert (out / "cup/2021/01-daytona-beach-and-road-course.md").read_text() == DAYTONA
    assert (out / "cup/2021/01-daytona-beach-and-road-course.csv").read_text() == DAYTONA_ROWS
    assert CHARLOTTE_ROWS in (out / "cup/2021/02-charlotte-motor-speedway.csv").read_text()
    assert "\nresults:" not in (out / "cup/2022/01-phoenix-raceway.md").read_text()  # upcoming: no results yet
    assert (out / "site.yml").read_text().endswith(
        "title: NASCAR Cup Series\nseries:\n  - {slug: cup, name: NASCAR Cup Series, short_name: Cup}\n")
    lines = printed.splitlines()
    shown = str(RESULTS)  # outside the working folder: shown as given
    assert lines[: len(REPORT)] == [f"{shown}:{n}: {text}" for n, text in zip(REPORT_LINES, REPORT)]
    assert f"{shown}: 5 races: 4 written, 0 unchanged, 1 not written." in lines
    assert "Dates synthesized for 4 races (the CSV gives none): January 1 of the season + (round - 1) days. " \
           "Replace them with the real dates when you have them." in lines
    assert lines[len(REPORT) + 3:] == [
        "Races: 2, by reason:",
        "       1  not written: no name or track",
        "       1  written without results",
        "Rows with something missing or odd, kept as recorded: 6, by reason:",
        "       1  finishing position tied",
        "       1  more laps than the car ahead",
        "       1  no car number in the CSV",
        "       1  no points in the CSV",
        "       1  no start in the CSV",
        "       1  start given twice",
        "Values left out (the content format cannot hold them): 1, by reason:",
        "       1  start below 1 left out",
    ]
    problems = loaded(out)
    assert problems.errors == []
    assert problems.warnings == []


def test_odd_values_are_kept_and_only_what_the_format_cannot_hold_is_left_out() -> None:
    run_import(RESULTS, "cup", Path("content"))
    text = Path("content/cup/2021/03-atlanta-motor-speedway.md").read_text()
    assert "# Left out on import (see the import report):\n" \
           "#   line 12, Harrison Burton: start 0 left out: positions start at 1\n" in text
    assert text.endswith(
        "lenient: true  # historical data, kept as recorded: ties, gaps and repeats are not errors\n"
        "results: \"03-atlanta-motor-speedway.csv\"  # one row per car, in finishing order\n"
        "---\n")
    assert Path("content/cup/2021/03-atlanta-motor-speedway.csv").read_text() == (
        "fin,st,car,driver,team,make,laps,led,status,pts\n"
        "1,1,7,Justin Allgaier,JR Motorsports,Chevrolet,163,47,running,57\n"
        "2,1,54,Martin Truex Jr.,Joe Gibbs Racing,Toyota,163,103,running,0\n"
        "3,,20,Harrison Burton,Joe Gibbs Racing,Toyota,150,0,running,50\n"
        "4,5,16,A.J. Allmendinger,Kaulig Racing,Chevrolet,162,0,running,32\n")


ODD = """\
Season,Race,Track,Name,Finish,Start,Car,Driver,Laps,Status
1960,3,Ascot,Race,1,2,5,Al,100,running
1960,3,Ascot,Race,4,3,5,Bo,90,engine
1960,3,Ascot,Race,2,,,Al,100,running
1960,3,Ascot,Race,6,1,,Cy,95,running
1960,3,Ascot,Race,,4,9,Di,0,-
1960,3,Ascot,Race,7,4,12,Ed,99,disqualified
"""


def test_ties_gaps_and_repeats_are_kept_as_recorded_and_reported() -> None:
    csv_file = Path("odd.csv")
    csv_file.write_text(ODD)
    code, printed, err = command("odd.csv", "--series", "cup", "--out", "content")
    assert (code, err) == (0, "")
    text = Path("content/cup/1960/03-ascot.md").read_text()
    assert Path("content/cup/1960/03-ascot.csv").read_text() == (
        "fin,st,car,driver,team,make,laps,led,status,pts\n"
        "1,2,5,Al,,,100,,running,\n"
        "2,,,Al,,,100,,running,\n"
        "4,3,5,Bo,,,90,,engine,\n"
        "6,1,,Cy,,,95,,running,\n"
        "7,4,12,Ed,,,99,,disqualified,\n")
    assert "#   line 6, Di: no finishing position: row left out\n" in text
    assert printed.splitlines()[:4] == [
        "odd.csv:3: 1960 round 3, Bo: finishing position 4, but the CSV has no row for P3; "
        "car number \"5\" also on line 2",
        "odd.csv:4: 1960 round 3, Al: not in the CSV: start, car number; listed twice: also on line 2",
        "odd.csv:5: 1960 round 3, Cy: not in the CSV: car number; finishing position 6, but the CSV has no row for P5; "
        "laps 95: more than P4 ahead of it (90 on line 3)",
        "odd.csv:6: 1960 round 3, Di: no finishing position: row left out",
    ]  # Ed, disqualified, may have more laps than the car ahead, as in the build
    problems = loaded(Path("content"))
    assert problems.errors == []
    race = load_site(Path("content"), Problems()).races[0]
    assert [(r.fin, r.car, r.driver) for r in race.results] == [
        (1, "5", "Al"), (2, None, "Al"), (4, "5", "Bo"), (6, None, "Cy"), (7, "12", "Ed")]


def test_existing_recaps_are_skipped_unless_forced() -> None:
    out = Path("content")
    first = run_import(RESULTS, "cup", out)
    before = files(out)
    target = out / "cup/2021/02-charlotte-motor-speedway.md"
    target.write_text(target.read_text() + "Elliott won the 600.\n")

    again = run_import(RESULTS, "cup", out)
    assert (again.written, again.unchanged, again.skipped) == ([], [], 5)
    assert f"{again.source}:6: 2021 round 2 not written: already has a recap at {target} (--force replaces it)" \
        in again.lines()
    assert target.read_text().endswith("Elliott won the 600.\n")

    forced = run_import(RESULTS, "cup", out, force=True)
    assert forced.written == [str(target)] and len(forced.unchanged) == 3
    assert files(out) == before  # byte-identical to the first import
    assert forced.lines() == first.lines()


def test_a_race_recapped_under_another_name_is_never_replaced() -> None:
    out = Path("content")
    mine = out / "cup/2021/02-charlotte.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("---\nseries: cup\nseason: 2021\nround: 2\ndate: 2021-05-30\nname: Coca-Cola 600\n"
                    "track: Charlotte Motor Speedway\nresults: []\n---\nMy story.\n")
    report = run_import(RESULTS, "cup", out, force=True)
    assert f"{report.source}:6: 2021 round 2 not written: already has a recap at {mine} " \
           "(delete it to import this race again)" in report.lines()
    assert not (out / "cup/2021/02-charlotte-motor-speedway.md").exists()
    assert mine.read_text().endswith("My story.\n")
    assert report.warnings == [  # its real date sorts after the synthesized dates of rounds 1 and 3
        "warning: cup 2021: by date, round 2 (2021-05-30) is out of round order: synthesized dates mix with real "
        "ones; give the imported races their real dates, or date order (feeds, career facts) will not follow the "
        "rounds"]
    assert loaded(out).errors == []


def test_a_mapping_reads_other_headers_and_adds_the_series_keeping_comments() -> None:
    out = Path("content")
    run_import(RESULTS, "cup", out)
    site = out / "site.yml"
    site.write_text("# My site.\ntitle: Racing\nseries:\n  - {slug: cup, name: NASCAR Cup Series}  # the big one\n"
                    "\n# more settings below\nlanguage: en\n")
    report = run_import(FIXTURES / "endurance.csv", "wec", out, mapping=FIXTURES / "endurance-map.yml",
                        series_name="FIA World Endurance Championship")
    assert site.read_text() == (
        "# My site.\ntitle: Racing\nseries:\n  - {slug: cup, name: NASCAR Cup Series}  # the big one\n"
        "  - {slug: wec, name: FIA World Endurance Championship}\n\n# more settings below\nlanguage: en\n")
    text = (out / "wec/2024/01-lusail-international-circuit.md").read_text()
    assert "\ndate: 2024-03-02\n" in text  # from the Date column, not synthesized
    rows = (out / "wec/2024/01-lusail-international-circuit.csv").read_text()
    assert "\n1,8,6,Kevin Estre,Porsche Penske Motorsport,,329,,running,\n" in rows
    assert "\n3,,12,Will Stevens,Hertz Team JOTA,,328,,-,\n" in rows
    assert report.dates_synthesized == 0
    assert "No column for: make, led, pts (left empty)." in report.summary()
    assert report.lines() == [f"{report.source}:4: 2024 round 1, Will Stevens: not in the CSV: start, status"]
    assert loaded(out).errors == []


def test_a_new_series_needs_its_name() -> None:
    code, printed, err = command(str(FIXTURES / "endurance.csv"), "--series", "wec", "--out", "content",
                                 "--mapping", str(FIXTURES / "endurance-map.yml"))
    assert code == 1 and printed == ""
    assert err == "content/site.yml: a new site needs the series' full name: give --series-name\n" \
                  "Import failed: nothing was written.\n"
    assert not Path("content").exists()


def test_bad_mappings_and_headers_stop_before_writing() -> None:
    mapping = Path("map.yml")
    mapping.write_text("drivr: Driver\ncar: [No]\nfinish: Pos\nfin: Pos\n")
    with pytest.raises(ImportFailed) as failed:
        run_import(FIXTURES / "endurance.csv", "wec", Path("out"), mapping=mapping, series_name="WEC")
    assert failed.value.lines == ["map.yml:1: drivr: unknown field (did you mean 'driver'?)",
                                  "map.yml:2: car: must be a column header or null",
                                  "map.yml:4: fin: fin is already mapped"]
    mapping.write_text("fin: Poss\n")
    with pytest.raises(ImportFailed) as failed:
        run_import(FIXTURES / "endurance.csv", "wec", Path("out"), mapping=mapping, series_name="WEC")
    shown = str(FIXTURES / "endurance.csv")
    assert failed.value.lines[0] == f"{shown}:1: no column 'Poss' for fin (did you mean 'Pos'?)"
    assert f"{shown}:1: no column for season (name it in a mapping file: 'season: Your header', or give --season " \
        "for the whole file)" in failed.value.lines
    with pytest.raises(ImportFailed, match="is not a slug: use 'nascar-cup'"):
        run_import(RESULTS, "NASCAR Cup", Path("out"))
    assert not (Path("out")).exists()


@given(st.text())
def test_yaml_value_reads_back_exactly_in_a_flow_list(text: str) -> None:
    problems = Problems()
    node = parse_yaml(f"row: [{yaml_value(text)}, 1]\nname: {yaml_value(text)}", "t.yml", 1, problems)
    assert problems.errors == []
    assert node is not None
    assert node.value["row"].value[0].value == text
    assert node.value["name"].value == text


@pytest.mark.parametrize("text", ["yes", "No", "null", "on", "Off", "12", "08", "1.5", "- x", "a: b", "a #b", "'q",
                                  '"q', "[x]", "x,y", "2021-03-20", "~", "&a", "*a", "!x", "%x", "@x", "`x", " x"])
def test_yaml_value_quotes_what_yaml_would_misread(text: str) -> None:
    assert yaml_value(text).startswith('"')


def test_yaml_value_leaves_plain_names_plain() -> None:
    names = ["Martin Truex Jr.", "A.J. Foyt IV", "Daytona Beach & Road Course", "Robert Gee (Owner)", "O'Reilly"]
    assert [yaml_value(n) for n in names] == names
    assert [yaml_value(v) for v in (None, 3, 0.75, 1e-05)] == ["null", "3", "0.75", "0.000010"]


def test_all_shared_nascar_csvs_import_and_load_without_errors(tmp_path: Path) -> None:
    if not NASCAR.is_dir():
        pytest.skip(f"{NASCAR} is not here")
    reports = {s: run_import(NASCAR / f"{s}.csv", s, tmp_path) for s in ("cup", "xfinity", "truck")}
    assert {s: len(r.written) for s, r in reports.items()} == {"cup": 2822, "xfinity": 1404, "truck": 737}
    assert all(r.skipped == 1 for r in reports.values())  # the 2026 placeholder row
    assert reports["cup"].counts()["finishing position tied"] == 2
    problems = Problems()
    site = load_site(tmp_path, problems)
    assert [p.format() for p in problems.errors] == []
    assert site is not None and len(site.races) == 4963
    wins = sum(1 for r in site.races if r.series == "cup" and r.results[0].fin == 1
               and r.results[0].driver == "Richard Petty")
    assert wins == 200


# -- a league's per-round export ----------------------------------------------------------------------------

LEAGUE = FIXTURES / "league-round3.csv"  # one round: a qualifying session, a sprint and a feature; DNS and DNQ
LEAGUE_MAP = FIXTURES / "league-map.yml"  # `car: Car #`, a header YAML would cut at its `#`
ROUND_3 = ("--season", "2024", "--round", "3", "--date", "2024-05-12", "--name", "Spa weekend", "--track",
           "Spa-Francorchamps")

SPRINT = """\
---
# Imported from league-round3.csv, lines 6-9, by `build.py import`.
series: league
season: 2024
round: 3
session: sprint
date: 2024-05-12
name: Spa weekend
track: Spa-Francorchamps
results: "03-spa-francorchamps.csv"  # one row per car, in finishing order
qualifying:  # [pos, car, driver], from the round's qualifying session
  - [1, "7", Ana Lima]
  - [2, "12", Ben Okafor]
  - [3, "3", Chloe Park]
  - [4, "44", Dev Patel]
---
"""


def test_a_league_round_file_takes_its_race_from_the_command_line_and_splits_it_by_session() -> None:
    code, printed, err = command(str(LEAGUE), "--series", "league", "--series-name", "Sunday League", "--out",
                                 "content", "--mapping", str(LEAGUE_MAP), "--strict", *ROUND_3)
    assert (code, err) == (0, "")
    assert f"{LEAGUE}: 3 races: 2 written, 0 unchanged, 0 not written." in printed.splitlines()
    out = Path("content")
    assert sorted(files(out)) == ["league/2024/03-2-spa-francorchamps.csv", "league/2024/03-2-spa-francorchamps.md",
                                  "league/2024/03-spa-francorchamps.csv", "league/2024/03-spa-francorchamps.md",
                                  "site.yml"]
    assert (out / "league/2024/03-spa-francorchamps.md").read_text() == SPRINT  # --strict: not lenient
    feature = (out / "league/2024/03-2-spa-francorchamps.md").read_text()
    assert "\nround: 3\nrace: 2\nsession: feature\n" in feature and "lenient" not in feature
    assert (out / "league/2024/03-2-spa-francorchamps.csv").read_text().splitlines()[1:] == [
        "1,,7,Ana Lima,Lima Racing,,30,,Running,25", "2,,3,Chloe Park,Park Motorsport,,30,,Running,18",
        "3,,12,Ben Okafor,Okafor GP,,29,,Accident,15", "4,,44,Dev Patel,Patel Racing,,0,,DNQ,0"]
    # Built: two races of round 3, each its own page; Dev Patel did not start either (DNS, DNQ): no start, no
    # top 10, though he is listed 4th of 4.
    build(out, Path("site"))
    drivers = {d["name"]: d["series"] for d in json.loads(Path("site/data/drivers.json").read_text())["drivers"]}
    assert drivers["Dev Patel"] == {}
    assert {name: (s["league"]["starts"], s["league"]["top10"], s["league"]["wins"])
            for name, s in drivers.items() if s} == {"Ana Lima": (2, 2, 1), "Ben Okafor": (2, 2, 1),
                                                    "Chloe Park": (2, 2, 0)}
    assert Path("site/races/league/2024/03-2-spa-weekend/index.html").is_file()


def test_strict_stops_before_writing_when_the_rows_would_fail_the_build() -> None:
    broken = Path("broken.csv")
    broken.write_text(LEAGUE.read_text().replace("Feature,3,12,Ben Okafor", "Feature,3,7,Ben Okafor")
                      .replace("Sprint,3,3,Chloe Park,Park Motorsport", "Sprint,3,,Chloe Park,Park Motorsport"))
    code, printed, err = command(str(broken), "--series", "league", "--series-name", "Sunday League", "--out",
                                 "content", "--mapping", str(LEAGUE_MAP), "--strict", *ROUND_3)
    assert (code, printed) == (1, "")
    assert err.splitlines() == [
        "broken.csv:8: car: is required (--strict: a writer's results need a car number on every row)",
        'broken.csv:12: car: car number "7" is given twice (also line 10)',
        "broken.csv: --strict checks the rows as the build checks a writer's results: correct the CSV, or import "
        "without --strict to keep them as recorded (lenient)",
        "Import failed: nothing was written."]
    assert not Path("content").exists()
    code, printed, err = command(str(broken), "--series", "league", "--series-name", "Sunday League", "--out",
                                 "content", "--mapping", str(LEAGUE_MAP), *ROUND_3)  # lenient: kept as recorded
    assert code == 0 and "broken.csv:12: 2024 round 3 race 2, Ben Okafor: car number \"7\" also on line 10" in printed
    assert "\nlenient: true  # " in Path("content/league/2024/03-2-spa-francorchamps.md").read_text()


def test_a_grid_set_by_draw_or_formula_gives_nobody_a_pole() -> None:
    csv = Path("heat.csv")
    csv.write_text("Pos,Start,Car #,Driver\n1,1,7,Ana Lima\n2,2,12,Ben Okafor\n")
    Path("map.yml").write_text("fin: Pos\ncar: Car #\n")
    for lineup, poles in (("draw", 0), ("qualifying", 1)):
        out = Path(f"content-{lineup}")
        code, _, err = command(str(csv), "--series", "league", "--series-name", "Sunday League", "--out", str(out),
                               "--mapping", "map.yml", "--lineup", lineup, *ROUND_3)
        assert (code, err) == (0, "")
        assert f"\nlineup: {lineup}\n" in (out / "league/2024/03-spa-francorchamps.md").read_text()
        build(out, Path(f"site-{lineup}"))
        drivers = json.loads(Path(f"site-{lineup}/data/drivers.json").read_text())["drivers"]
        assert [d["series"]["league"]["poles"] for d in drivers if d["name"] == "Ana Lima"] == [poles]


def test_a_header_with_a_hash_is_read_whole_and_a_hint_never_repeats_what_was_typed() -> None:
    mapping = Path("map.yml")
    mapping.write_text("fin: Pos\ncar: Car #\n")
    columns, races, _ = read_races(LEAGUE, load_mapping(mapping, "map.yml"), "league.csv",
                                   {"season": 2024, "round": 3, "name": "Spa", "track": "Spa"})
    assert "car" in columns and races[1].rows[0].values["car"] == "12"
    mapping.write_text("fin: Pos\ncar: Car No  # the car's number\n")  # a real comment: the header before it
    with pytest.raises(ImportFailed) as failed:
        read_races(LEAGUE, load_mapping(mapping, "map.yml"), "league.csv", {"season": 2024, "round": 3})
    assert failed.value.lines[0] == "league.csv:1: no column 'Car No' for car (columns: Session, Pos, Car #, Driver, " \
                                    "Team, Laps, Status, Points)"
    assert did_you_mean("Car #", ["Car #", "Car"]) == "did you mean 'Car'?"
    assert did_you_mean("car  #", ["Car #"]) == ""
