"""validate.py: types, required fields, choices, minimums and unknown keys, as a writer sees them."""

from __future__ import annotations

import datetime as dt

import pytest

from racesite.content import parse_yaml
from racesite.errors import Problems
from racesite.schema import RESULT, RESULT_COMPACT, Field
from racesite.validate import check_fields, check_fields_partial
from tests.helpers import RECAP_PATH, SHOWN_PATH, check_lines, recap


def check_recap(site, **changes: object) -> list[str]:
    return check_lines(site({RECAP_PATH: recap(**changes)}))


# Dates


@pytest.mark.parametrize(("written", "message"), [
    ("2021-02-30", "'2021-02-30' is not a real date: day is out of range for month"),
    ("2021-13-01", "'2021-13-01' is not a real date: month must be in 1..12"),
    ("2021-00-10", "'2021-00-10' is not a real date: month must be in 1..12"),
    ("2021-3-20", "'2021-3-20' is not a date (write dates as YYYY-MM-DD, e.g. 2021-03-20)"),
    ("March 20, 2021", "'March 20, 2021' is not a date (write dates as YYYY-MM-DD, e.g. 2021-03-20)"),
    ("20/03/2021", "'20/03/2021' is not a date (write dates as YYYY-MM-DD, e.g. 2021-03-20)"),
    ("2021-03-20T19:30:00-05:00", "'2021-03-20T19:30:00-05:00' is not a date "
                                  "(write dates as YYYY-MM-DD, e.g. 2021-03-20)"),
])
def test_bad_dates_name_their_line(site, written, message):
    assert check_recap(site, date=written) == [f"{SHOWN_PATH}:5: date: {message}"]


def test_a_leap_day_is_a_date():
    problems = Problems()
    node = parse_yaml("date: 2020-02-29", "a.md", 2, problems)
    fields = check_fields(node, (Field("date", "date", None, "Day."),), "a.md", "", problems)
    assert problems.items == []
    assert fields["date"] == dt.date(2020, 2, 29)


# Types and minimums


@pytest.mark.parametrize(("changes", "expected"), [
    ({"laps": "many"}, "8: laps: must be a whole number, got 'many'"),
    ({"laps": "163.5"}, "8: laps: must be a whole number, got '163.5'"),
    ({"laps": '"163"'}, "8: laps: must be a whole number, got '163'"),
    ({"laps": "[163]"}, "8: laps: must be a whole number, got a list"),
    ({"name": "[EchoPark, 250]"}, "6: name: must be text, got a list"),
    ({"name": "{a: b}"}, "6: name: must be text, got a mapping"),
    ({"draft": "maybe"}, "10: draft: must be true or false, got 'maybe'"),
    ({"track_length": "long"}, "10: track_length: must be a number, got 'long'"),
    ({"track_length": ".inf"}, "10: track_length: must be a number, got '.inf'"),
    ({"track_length": ".nan"}, "10: track_length: must be a number, got '.nan'"),
    ({"extra": "[1, 2]"}, "10: extra: must be a 'key: value' mapping, got a list"),
    ({"round": 0}, "4: round: must be at least 1, got 0"),
    ({"season": 1850}, "3: season: must be at least 1900, got 1850"),
    ({"cautions": -1}, "10: cautions: must be at least 0, got -1"),
])
def test_wrong_types_and_minimums(site, changes, expected):
    assert check_recap(site, **changes) == [f"{SHOWN_PATH}:{expected}"]


def test_a_results_row_with_points_of_nan_or_inf_is_an_error(site):
    rows = ('  - [1, 6, "7", Justin Allgaier, JR Motorsports, Chevrolet, 163, 47, running, .nan]\n'
            '  - [2, 18, "54", Martin Truex Jr., Joe Gibbs Racing, Toyota, 163, 103, running, .inf]\n')
    assert check_recap(site, rows=rows) == [f"{SHOWN_PATH}:11: results[1].pts: must be a number, got '.nan'",
                                            f"{SHOWN_PATH}:12: results[2].pts: must be a number, got '.inf'"]


def test_a_results_csv_with_points_of_inf_or_nan_is_an_error(site):
    table = ("fin,st,car,driver,team,make,laps,led,status,pts\n"
             "1,6,7,Justin Allgaier,JR Motorsports,Chevrolet,163,47,running,inf\n"
             "2,18,54,Martin Truex Jr.,Joe Gibbs Racing,Toyota,163,103,running,nan\n")
    content = site({RECAP_PATH: recap(results="06-atlanta.csv"), "xfinity/2021/06-atlanta.csv": table})
    assert check_lines(content) == ["content/xfinity/2021/06-atlanta.csv:2: pts: must be a number, got 'inf'",
                                    "content/xfinity/2021/06-atlanta.csv:3: pts: must be a number, got 'nan'"]


def test_a_whole_float_counts_as_a_whole_number(site):
    assert check_recap(site, laps="163.0") == []


# Required fields


def test_a_missing_required_field_names_the_mapping_and_says_what_to_write(site):
    assert check_recap(site, name=None) == [
        f"{SHOWN_PATH}:4: name: is required: no file of xfinity 2021 round 6 gives it (The race's name, e.g. "
        "`EchoPark 250`.)"]


@pytest.mark.parametrize("empty", ['""', ""])
def test_an_empty_required_field_points_at_its_own_line(site, empty):
    assert check_recap(site, track=empty) == [
        f"{SHOWN_PATH}:7: track: is required (Track name; an alias from a track file resolves to its track.)"]


def test_a_file_must_say_which_race_it_is_about(site):
    content = site({RECAP_PATH: "---\nseries: xfinity\nseason: 2021\n---\n"})
    assert check_lines(content) == [f"{SHOWN_PATH}:2: round: is required (Round number within the season, from 1.)"]


def test_every_missing_field_of_a_race_is_reported_at_once(site):
    content = site({RECAP_PATH: "---\nseries: xfinity\nseason: 2021\nround: 6\n---\nA story.\n"})
    assert check_lines(content) == [
        f"{SHOWN_PATH}:4: date: is required: no file of xfinity 2021 round 6 gives it (Race day as `YYYY-MM-DD`: a "
        "calendar date, never shifted by a timezone.)",
        f"{SHOWN_PATH}:4: name: is required: no file of xfinity 2021 round 6 gives it (The race's name, e.g. "
        "`EchoPark 250`.)",
        f"{SHOWN_PATH}:4: track: is required: no file of xfinity 2021 round 6 gives it (Track name; an alias from a "
        "track file resolves to its track.)",
    ]


# Choices


@pytest.mark.parametrize(("written", "hint"), [
    ("qualifyng", "did you mean 'qualifying'?"),
    ("random", "one of: qualifying, formula, points, draw, inverted"),
])
def test_choices(site, written, hint):
    assert check_recap(site, lineup=written) == [f"{SHOWN_PATH}:9: lineup: '{written}' is not allowed ({hint})"]


# Unknown keys


def test_unknown_key_with_did_you_mean(site):
    assert check_recap(site, linup="points") == [
        f"{SHOWN_PATH}:10: linup: unknown field (did you mean 'lineup'?)"]


def test_unknown_key_with_nothing_close_lists_the_fields(site):
    assert check_recap(site, weather="sunny") == [
        f"{SHOWN_PATH}:10: weather: unknown field (allowed: series, season, round, race, kind, title, summary, "
        "author, published, draft, slug, date, name, track, laps, laps_run, track_length, session, lineup, "
        "fastest_lap, cautions, caution_laps, lead_changes, leaders, margin, results, qualifying, stages, "
        "penalties, lenient, extra)"]


def test_unknown_key_in_a_result_row_suggests_an_alias(site):
    rows = ("  - {fin: 1, car: '7', driver: Justin Allgaier, laps_lead: 3}\n"
            "  - {finish: 2, car: '54', driver: Martin Truex Jr., pos: 2}\n")
    assert check_recap(site, rows=rows) == [
        f"{SHOWN_PATH}:11: results[1].laps_lead: unknown field (did you mean 'laps_led'?)",
        f"{SHOWN_PATH}:12: results[2].pos: given twice (also on line 12)",
    ]


def test_every_bad_key_is_reported_not_just_the_first(site):
    assert check_recap(site, linup="points", laps="many", date="2021-02-30") == [
        f"{SHOWN_PATH}:5: date: '2021-02-30' is not a real date: day is out of range for month",
        f"{SHOWN_PATH}:8: laps: must be a whole number, got 'many'",
        f"{SHOWN_PATH}:10: linup: unknown field (did you mean 'lineup'?)",
    ]


# Compact rows


def test_compact_row_columns_map_to_fields():
    problems = Problems()
    node = parse_yaml('- [1, 6, "07", Justin Allgaier, JR Motorsports, Chevrolet, 163, 47, running, 57]', "a.md", 11,
                      problems)
    fields = check_fields(node.value[0], RESULT, "a.md", "results[1]", problems, compact=RESULT_COMPACT)
    assert problems.items == []
    assert {k: fields[k] for k in RESULT_COMPACT} == {
        "fin": 1, "st": 6, "car": "07", "driver": "Justin Allgaier", "team": "JR Motorsports", "make": "Chevrolet",
        "laps": 163, "led": 47, "status": "running", "pts": 57}
    assert fields.line_of("driver") == 11


def test_too_many_columns(site):
    assert check_recap(site, rows="  - [1, 6, '7', A, T, M, 163, 0, running, 40, 99]\n") == [
        f"{SHOWN_PATH}:11: results[1]: has 11 columns, at most 10 expected "
        "(columns are fin, st, car, driver, team, make, laps, led, status, pts)"]


def test_a_row_that_is_neither_list_nor_mapping(site):
    assert check_recap(site, rows="  - Justin Allgaier won\n") == [
        f"{SHOWN_PATH}:11: results[1]: must be a 'key: value' mapping or a [list] of columns, "
        "got 'Justin Allgaier won'"]


def test_partial_check_keeps_what_was_valid():
    problems = Problems()
    node = parse_yaml("fin: 1\ncar: '7'\nlaps: many", "a.md", 1, problems)
    fields = check_fields_partial(node, RESULT, "a.md", "", problems)
    assert not fields.ok
    assert fields["fin"] == 1 and fields["car"] == "7"
    assert [p.format() for p in problems.items] == [
        "a.md:3: laps: must be a whole number, got 'many'",
        "a.md:1: driver: is required (Driver name; an alias from a driver file resolves to its driver.)",
    ]
    assert check_fields(node, RESULT, "a.md", "", Problems()) is None
