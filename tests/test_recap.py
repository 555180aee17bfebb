"""recap.py: the rules of a results table, the CSV results file, qualifying, stages and penalties."""

from __future__ import annotations

from pathlib import Path

import pytest

from racesite.errors import Problems
from racesite.load import load_site
from racesite.pipeline import build
from tests.helpers import RECAP_PATH, SHOWN_PATH, check_lines, lines, recap


def rows(*compact: str) -> str:
    """Compact result rows, one a line from line 11."""
    return "".join(f"  - [{row}]\n" for row in compact)


def check_rows(site, *compact: str, **changes: object) -> list[str]:
    return check_lines(site({RECAP_PATH: recap(rows=rows(*compact), **changes)}))


def load(content: Path):
    problems = Problems()
    loaded = load_site(content, problems)
    assert lines(problems) == []
    return loaded


# Positions and car numbers


def test_duplicate_finish_position(site):
    assert check_rows(site, '1, 6, "7", A', '2, 5, "8", B', '2, 4, "9", C') == [
        f'{SHOWN_PATH}:13: fin: finishing position 2 is given twice (also line 12)']


def test_gapped_finish_positions(site):
    assert check_rows(site, '1, 6, "7", A', '2, 5, "8", B', '4, 4, "9", C') == [
        f"{SHOWN_PATH}:10: results: finishing positions skip 3 (3 cars should finish 1 to 3)"]


def test_many_gaps_are_summarised(site):
    assert check_rows(site, '1, 1, "1", A', '9, 2, "2", B') == [
        f"{SHOWN_PATH}:10: results: finishing positions skip 2 (2 cars should finish 1 to 2)"]
    assert check_rows(site, *(f'{n}, {n}, "{n}", D{n}' for n in (1, 9, 10, 11, 12, 13, 14, 15))) == [
        f"{SHOWN_PATH}:10: results: finishing positions skip 2, 3, 4, 5, 6 and 2 more "
        "(8 cars should finish 1 to 8)"]


def test_duplicate_start_position(site):
    assert check_rows(site, '1, 6, "7", A', '2, 6, "8", B', '3, 4, "9", C') == [
        f"{SHOWN_PATH}:12: st: starting position 6 is given twice (also line 11)"]


def test_duplicate_car_number(site):
    assert check_rows(site, '1, 6, "7", A', '2, 5, "7", B', '3, 4, "9", C') == [
        f'{SHOWN_PATH}:12: car: car number "7" is given twice (also line 11)']


def test_08_and_8_are_different_cars(site):
    content = site({RECAP_PATH: recap(rows=rows('1, 6, "08", A', '2, 5, "8", B', "3, 4, 07, C", '4, 3, "7", D'))})
    assert check_lines(content) == []
    assert [r.car for r in load(content).races[0].results] == ["08", "8", "07", "7"]


def test_same_driver_twice(site):
    assert check_rows(site, '1, 6, "7", Justin Allgaier', '2, 5, "8", Justin Allgaier') == [
        f"{SHOWN_PATH}:12: driver: 'Justin Allgaier' is listed twice (also line 11)"]


# Lenient (historical) recaps: the rules above are errors unless the recap says `lenient: true`

HISTORICAL = {
    "tied finish": ('1, 6, "7", A', '2, 5, "8", B', '2, 4, "9", C'),
    "skipped finish": ('1, 6, "7", A', '2, 5, "8", B', '4, 4, "9", C'),
    "shared start": ('1, 6, "7", A', '2, 6, "8", B'),
    "shared car": ('1, 6, "7", A', '2, 5, "7", B'),
    "no car": ('1, 6, "7", A', "2, 5, null, B"),
    "driver twice": ('1, 6, "7", A', '2, 5, "8", A'),
    "laps out of order": ('1, 6, "7", A, T, M, 150, 0', '2, 5, "8", B, T, M, 160, 0'),
}


@pytest.mark.parametrize("table", HISTORICAL.values(), ids=HISTORICAL.keys())
@pytest.mark.parametrize("lenient", [None, "false"])
def test_a_recap_not_lenient_keeps_every_rule(site, table, lenient):
    changes = {"lenient": lenient} if lenient else {}
    assert len(check_lines(site({RECAP_PATH: recap(rows=rows(*table), **changes)}))) == 1


@pytest.mark.parametrize("table", HISTORICAL.values(), ids=HISTORICAL.keys())
def test_a_lenient_recap_keeps_its_rows_as_written(site, table):
    content = site({RECAP_PATH: recap(rows=rows(*table), lenient="true")})
    assert check_lines(content) == []
    results = load(content).races[0].results
    written = [tuple(None if v == "null" else v.strip('"') for v in row.split(", ")) for row in table]
    assert [(str(r.fin), str(r.st), r.car, r.driver) for r in results] == [row[:4] for row in written]


def test_every_rule_is_reported_at_once_unless_lenient(site):
    table = rows('1, 6, "7", A, T, M, 150, 0', '1, 6, "7", B, T, M, 160, 0', '4, 5, "9", A, T, M, 140, 0')
    assert check_lines(site({RECAP_PATH: recap(rows=table, lenient="false")})) == [
        f"{SHOWN_PATH}:12: laps: P1 completed 150 laps, fewer than P1 (B, 160 laps) behind it "
        "(finishing order follows laps completed; check the positions or the laps)",
        f'{SHOWN_PATH}:13: car: car number "7" is given twice (also line 12)',
        f"{SHOWN_PATH}:13: fin: finishing position 1 is given twice (also line 12)",
        f"{SHOWN_PATH}:13: st: starting position 6 is given twice (also line 12)",
        f"{SHOWN_PATH}:14: driver: 'A' is listed twice (also line 12)",
    ]
    assert check_lines(site({RECAP_PATH: recap(rows=table, lenient="true")})) == []


# Laps


def test_laps_above_the_races_laps(site):
    assert check_rows(site, '1, 6, "7", A, T, M, 164, 0', '2, 5, "8", B, T, M, 163, 0') == [
        f"{SHOWN_PATH}:11: laps: 164 laps completed, but the race ran 163 "
        "(set laps_run if the race went past its scheduled distance)"]


def test_laps_run_allows_an_overtime_finish(site):
    assert check_rows(site, '1, 6, "7", A, T, M, 165, 100', '2, 5, "8", B, T, M, 165, 65', laps_run=165) == []


def test_laps_led_adding_up_to_more_than_the_laps(site):
    assert check_rows(site, '1, 6, "7", A, T, M, 163, 100', '2, 5, "8", B, T, M, 163, 64') == [
        f"{SHOWN_PATH}:10: led: laps led add up to 164, more than the 163 laps run"]


def test_one_driver_leading_more_laps_than_were_run(site):
    assert check_rows(site, '1, 6, "7", A, T, M, 163, 164', '2, 5, "8", B, T, M, 163, 0') == [
        f"{SHOWN_PATH}:10: led: laps led add up to 164, more than the 163 laps run",
        f"{SHOWN_PATH}:11: led: 164 laps led, but the race ran 163",
    ]


def test_a_finisher_with_fewer_laps_than_a_car_behind_it(site):
    assert check_rows(site, '1, 6, "7", A, T, M, 163, 100', '2, 5, "8", B, T, M, 160, 0',
                      '3, 4, "9", C, T, M, 161, 0') == [
        f"{SHOWN_PATH}:12: laps: P2 completed 160 laps, fewer than P3 (C, 161 laps) behind it "
        "(finishing order follows laps completed; check the positions or the laps)"]


def test_a_disqualified_car_may_have_more_laps_than_the_cars_ahead(site):
    assert check_rows(site, '1, 6, "7", A, T, M, 163, 100', '2, 5, "8", B, T, M, 162, 0',
                      '3, 4, "9", C, T, M, 163, 0, disqualified') == []


def test_unknown_laps_are_not_compared(site):
    assert check_rows(site, '1, 6, "7", A', '2, 5, "8", B, T, M, 163, 0') == []


# Compact rows and mapping rows


def test_compact_rows_and_mapping_rows_give_the_same_results(site):
    compact = rows('1, 6, "07", Justin Allgaier, JR Motorsports, Chevrolet, 163, 47, running, 57',
                   '2, 18, "54", Martin Truex Jr., Joe Gibbs Racing, Toyota, 163, 103, running, 0')
    mapping = ("  - {fin: 1, st: 6, car: 07, driver: Justin Allgaier, team: JR Motorsports, make: Chevrolet,\n"
               "     laps: 163, led: 47, status: running, pts: 57}\n"
               "  - fin: 2\n    start: 18\n    '#': '54'\n    driver: Martin Truex Jr.\n    owner: Joe Gibbs Racing\n"
               "    manufacturer: Toyota\n    laps: 163\n    laps_led: 103\n    points: 0\n")
    first = load(site({RECAP_PATH: recap(rows=compact)})).races[0].results
    second = load(site({RECAP_PATH: recap(rows=mapping)})).races[0].results
    strip = [(r.fin, r.st, r.car, r.driver, r.team, r.make, r.laps, r.led, r.status, r.pts) for r in first]
    assert strip == [(1, 6, "07", "Justin Allgaier", "JR Motorsports", "Chevrolet", 163, 47, "running", 57),
                     (2, 18, "54", "Martin Truex Jr.", "Joe Gibbs Racing", "Toyota", 163, 103, "running", 0)]
    assert [(r.fin, r.st, r.car, r.driver, r.team, r.make, r.laps, r.led, r.status, r.pts) for r in second] == strip
    assert [r.line for r in second] == [11, 13]


def test_rows_are_put_in_finishing_order(site):
    content = site({RECAP_PATH: recap(rows=rows('2, 5, "8", B', '1, 6, "7", A'))})
    assert [(r.fin, r.driver) for r in load(content).races[0].results] == [(1, "A"), (2, "B")]


def test_a_recap_without_results_is_a_warning(site):
    assert check_lines(site({RECAP_PATH: recap(results="[]")})) == [
        f"warning: {SHOWN_PATH}:10: results: this recap's race has no results yet: its page shows xfinity 2021 "
        "round 6 as upcoming (add the results (in this file or another of the race's), or set `kind: preview` if "
        "the race has not been run)"]


def test_a_preview_without_results_is_fine(site):
    assert check_lines(site({RECAP_PATH: recap(results=None, kind="preview")})) == []


def test_results_that_are_neither_rows_nor_a_file(site):
    assert check_lines(site({RECAP_PATH: recap(results="{fin: 1}")})) == [
        f"{SHOWN_PATH}:10: results: must be a list of rows or the name of a CSV file"]


# The CSV results file

CSV = """\
fin,st,car,driver,team,make,laps,led,status,pts
1,6,07,Justin Allgaier,JR Motorsports,Chevrolet,163,47,running,57
2,18,54,Martin Truex Jr.,Joe Gibbs Racing,Toyota,163,103,running,0

3,5,20,Harrison Burton,Joe Gibbs Racing,Toyota,162,0,running,50
"""
CSV_PATH = "content/xfinity/2021/results.csv"


def test_csv_results_file(site):
    content = site({RECAP_PATH: recap(results="results.csv"), "xfinity/2021/results.csv": CSV})
    results = load(content).races[0].results
    assert [(r.fin, r.car, r.driver, r.laps, r.line) for r in results] == [
        (1, "07", "Justin Allgaier", 163, 2), (2, "54", "Martin Truex Jr.", 163, 3),
        (3, "20", "Harrison Burton", 162, 5)]


@pytest.mark.parametrize(("csv", "expected"), [
    (CSV.replace(",162,", ",many,"), [f"{CSV_PATH}:5: laps: must be a whole number, got 'many'"]),
    (CSV.replace("3,5,20", "2,5,20"), [f"{CSV_PATH}:5: fin: finishing position 2 is given twice (also line 3)"]),
    (CSV.replace(",163,47,", ",164,47,"), [
        f"{CSV_PATH}:2: laps: 164 laps completed, but the race ran 163 "
        "(set laps_run if the race went past its scheduled distance)"]),
    (CSV.replace(",163,103,", ",163,117,"), [f"{CSV_PATH}:1: led: laps led add up to 164, more than the 163 laps run"]),
    (CSV.replace("laps,led", "laps,lead").replace(",103,", ",many,"), [
        f"{CSV_PATH}:1: lead: unknown column (did you mean 'led'?)"]),
    (CSV.replace("laps,led", "laps,weather").replace(",162,", ",many,"), [
        f"{CSV_PATH}:1: weather: unknown column (columns are fin, st, car, driver, team, make, laps, led, status, "
        "pts, s1, s2, s3, stage_pts)",
        f"{CSV_PATH}:5: laps: must be a whole number, got 'many'"]),
    (CSV.replace("running,50", "running,50,extra"), [f"{CSV_PATH}:5: row: has 11 cells but the header has 10"]),
    (CSV.replace("3,5,20,Harrison Burton", "3,5,20,"), [
        f"{CSV_PATH}:5: driver: is required (Driver name; an alias from a driver file resolves to its driver.)"]),
], ids=["type", "duplicate-fin", "laps-over", "led-sum", "misspelt-column", "unknown-column", "extra-cell",
        "empty-cell"])
def test_csv_errors_point_at_the_csv_line(site, csv, expected):
    content = site({RECAP_PATH: recap(results="results.csv"), "xfinity/2021/results.csv": csv})
    assert check_lines(content) == expected


def test_a_csv_with_only_its_header_leaves_the_race_upcoming(site):
    content = site({RECAP_PATH: recap(results="results.csv"), "xfinity/2021/results.csv": CSV.splitlines()[0] + "\n"})
    assert check_lines(content) == [
        f"warning: {SHOWN_PATH}:10: results: this recap's race has no results yet: its page shows xfinity 2021 "
        "round 6 as upcoming (add the results (in this file or another of the race's), or set `kind: preview` if "
        "the race has not been run)"]


def test_csv_in_another_folder_is_named_by_its_own_path(site):
    content = site({RECAP_PATH: recap(results="../../shared/atlanta.csv"),
                    "shared/atlanta.csv": CSV.replace("3,5,20", "2,5,20")})
    assert check_lines(content) == [
        "content/shared/atlanta.csv:5: fin: finishing position 2 is given twice (also line 3)"]


@pytest.mark.parametrize("target", ["../../../outside.csv", "/etc/passwd", "../../site.yml", "06-atlanta.md"])
def test_a_results_file_outside_the_content_folder_or_not_csv_is_refused(site, target):
    Path("outside.csv").write_text(CSV)
    content = site({RECAP_PATH: recap(results=target)})
    assert check_lines(content) == [
        f"{SHOWN_PATH}:10: results: '{target}' must be a .csv file inside the content folder"]


def test_an_absolute_path_to_a_file_outside_is_refused(site):
    outside = Path("outside.csv").resolve()
    outside.write_text(CSV)
    content = site({RECAP_PATH: recap(results=str(outside))})
    assert check_lines(content) == [
        f"{SHOWN_PATH}:10: results: '{outside}' must be a .csv file inside the content folder"]


def test_a_symlink_out_of_the_content_folder_is_refused(site):
    Path("outside.csv").write_text(CSV)
    content = site({RECAP_PATH: recap(results="results.csv")})
    (content / "xfinity/2021/results.csv").symlink_to(Path("outside.csv").resolve())
    assert check_lines(content) == [
        f"{SHOWN_PATH}:10: results: 'results.csv' must be a .csv file inside the content folder"]


def test_a_missing_csv(site):
    assert check_lines(site({RECAP_PATH: recap(results="result.csv")})) == [
        f"{SHOWN_PATH}:10: results: file 'result.csv' not found (the path is relative to the file that names it)"]


# Qualifying

QUALIFYING = """
  - [1, "7", Justin Allgaier, 29.806, {speed}]
  - [2, "20", John Hunter Nemechek, 29.959]"""


def test_qualifying_speed_that_disagrees_with_time_and_length_is_a_warning(site, tmp_path):
    content = site({RECAP_PATH: recap(qualifying=QUALIFYING.format(speed=185.0), track_length=1.5)})
    warning = (f"warning: {SHOWN_PATH}:11: qualifying[1].speed: 185 mph disagrees with 181.172 mph from 29.806 s "
               "on a 1.5-mile track (check the time or the speed)")
    assert check_lines(content) == [warning]
    report = build(content, tmp_path / "_site")
    assert [w.format() for w in report.warnings] == [warning]


def test_qualifying_speed_uses_the_track_files_length(site):
    content = site({RECAP_PATH: recap(qualifying=QUALIFYING.format(speed=185.0)),
                    "tracks/atlanta.md": "---\nname: Atlanta Motor Speedway\nlength: 1.54\n---\n"})
    assert check_lines(content) == [
        f"warning: {SHOWN_PATH}:11: qualifying[1].speed: 185 mph disagrees with 186.003 mph from 29.806 s "
        "on a 1.54-mile track (check the time or the speed)"]


def test_qualifying_speed_that_agrees_is_quiet(site):
    content = site({RECAP_PATH: recap(qualifying=QUALIFYING.format(speed=181.172), track_length=1.5)})
    assert check_lines(content) == []


def test_qualifying_position_twice(site):
    content = site({RECAP_PATH: recap(qualifying=QUALIFYING.format(speed=181.172).replace("[2,", "[1,"))})
    assert check_lines(content) == [
        f"{SHOWN_PATH}:12: pos: qualifying position 1 is given twice (also line 11)"]


# Stages and penalties


def test_stages_come_from_the_results_columns_when_not_given(site):
    mapping = ("  - {fin: 1, car: '7', driver: A, s1: 2, s2: 1}\n"
               "  - {fin: 2, car: '8', driver: B, s1: 1, s2: 2}\n"
               "  - {fin: 3, car: '9', driver: C, s1: 3}\n")
    stages = load(site({RECAP_PATH: recap(rows=mapping)})).races[0].stages
    assert [(s.number, s.top) for s in stages] == [(1, ("B", "A", "C")), (2, ("A", "B"))]


def test_penalties_need_a_driver_and_a_text(site):
    content = site({RECAP_PATH: recap(penalties="\n  - {driver: Martin Truex Jr.}")})
    assert check_lines(content) == [
        f"{SHOWN_PATH}:11: penalties[1].penalty: is required (What happened, in your words.)"]
