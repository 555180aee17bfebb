"""The bench's pure parts: its edits to a recap (YAML rows or a results CSV), its counts and its table.

No build runs here: `make bench` itself is too slow for the tests.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from bench.edits import (
    EditError,
    append_sentence,
    laps_led,
    plan_lap_led_edit,
    results_csv,
    take_one_lap_led,
    take_one_lap_led_csv,
)
from bench.measure import fs_type, html, kb, size, written
from bench.steps import edit_target, races_built
from bench.table import cell, render

HEADER = "fin,st,car,driver,team,make,laps,led,status,pts"

# A recap as the importer writes it today: compact YAML rows, the car quoted, a name with a comma quoted.
YAML_RECAP = """\
---
# Imported from made-up.csv, lines 2-4, by `build.py import`.
series: truck
season: 2003
round: 7
date: 2003-05-02
name: Made-Up 200
track: Nowhere Speedway
lenient: true
results:
  # [fin, st, car, driver, team, make, laps, led, status, pts]
  - [1, 12, "08", "Dale Quarry, Jr.", Quarry Racing, Ford, 200, 17, running, 185]
  - [2, 1, "8", Al Unser, "Speed, Inc.", Dodge, 200, 117, running, 175]
  - [3, 4, "17", Ann Example, Example Motorsports, Chevrolet, 199, 0, running, 165]
---
Story.
"""


def csv_text(rows: list[list[object]], ending: str = "\n") -> str:
    """A results CSV as the csv module writes it (quoting only what needs it), with the header the importer uses."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=ending)
    writer.writerow(HEADER.split(","))
    writer.writerows(rows)
    return out.getvalue()


ROWS: list[list[object]] = [
    [1, 12, "08", "Dale Quarry, Jr.", "Quarry Racing", "Ford", 200, 17, "running", 185],
    [2, 1, "8", "Al Unser", 'The "Speed" Shop', "Dodge", 200, 117, "running", 175],
    [3, 4, "1,7", "Ann Example", "Example Motorsports", "Chevrolet", 199, 0, "running", 165],
]
CSV_RECAP = YAML_RECAP.split("results:")[0] + "results: 07-nowhere-speedway.csv\n---\nStory.\n"


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    return [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]


def test_yaml_rows_lose_one_lap_led_from_the_winner_and_nothing_else() -> None:
    edited, winner, series = take_one_lap_led(YAML_RECAP)
    assert (winner, series) == ("Dale Quarry, Jr.", "truck")
    assert changed_lines(YAML_RECAP, edited) == [
        ('  - [1, 12, "08", "Dale Quarry, Jr.", Quarry Racing, Ford, 200, 17, running, 185]',
         '  - [1, 12, "08", "Dale Quarry, Jr.", Quarry Racing, Ford, 200, 16, running, 185]')]
    assert edited == YAML_RECAP.replace(", 200, 17,", ", 200, 16,", 1)


def test_yaml_mapping_rows_and_a_quoted_count_keep_their_form() -> None:
    recap = YAML_RECAP.replace('  - [1, 12, "08", "Dale Quarry, Jr.", Quarry Racing, Ford, 200, 17, running, 185]',
                               '  - {fin: 1, car: "08", driver: Dale Quarry, led: "10", laps: 200}')
    edited, winner, _ = take_one_lap_led(recap)
    assert winner == "Dale Quarry"
    assert changed_lines(recap, edited) == [('  - {fin: 1, car: "08", driver: Dale Quarry, led: "10", laps: 200}',
                                             '  - {fin: 1, car: "08", driver: Dale Quarry, led: "9", laps: 200}')]


@pytest.mark.parametrize(("change", "message"), [
    (("[1, 12,", "[2, 12,"), "did not finish first"),
    (("200, 17, running", "200, 0, running"), "no laps led"),
    (("series: truck\n", ""), "names no series"),
])
def test_a_recap_without_a_winner_who_led_says_why(change: tuple[str, str], message: str) -> None:
    with pytest.raises(EditError, match=message):
        take_one_lap_led(YAML_RECAP.replace(*change))


def test_a_recap_names_its_results_csv_or_none() -> None:
    assert results_csv(CSV_RECAP) == "07-nowhere-speedway.csv"
    assert results_csv(YAML_RECAP) is None
    with pytest.raises(EditError, match="no front matter"):
        results_csv("Story only.\n")


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_a_results_csv_loses_one_lap_led_from_the_winner_and_nothing_else(ending: str) -> None:
    text = csv_text(ROWS, ending)
    edited, winner = take_one_lap_led_csv(text)
    assert winner == "Dale Quarry, Jr."
    assert edited.split(ending)[0] == HEADER
    assert changed_lines(text, edited) == [('1,12,08,"Dale Quarry, Jr.",Quarry Racing,Ford,200,17,running,185',
                                            '1,12,08,"Dale Quarry, Jr.",Quarry Racing,Ford,200,16,running,185')]
    assert edited == text.replace(",200,17,", ",200,16,", 1)  # quotes and line endings as they were
    assert '3,4,"1,7",Ann Example' in edited and '"The ""Speed"" Shop"' in edited


def test_a_results_csv_without_a_trailing_newline_gets_none() -> None:
    edited, _ = take_one_lap_led_csv(csv_text(ROWS).rstrip("\n"))
    assert edited.endswith(",165")


@pytest.mark.parametrize(("text", "message"), [
    (csv_text([[2, *ROWS[0][1:]]]), "did not finish first"),
    (csv_text([[*ROWS[0][:7], 0, *ROWS[0][8:]]]), "no laps led"),
    ("fin,driver\n1,Al Unser\n", "no header naming fin, driver and led"),
])
def test_a_results_csv_without_a_winner_who_led_says_why(text: str, message: str) -> None:
    with pytest.raises(EditError, match=message):
        take_one_lap_led_csv(text)


def test_the_planned_edit_changes_the_recap_with_yaml_rows_and_restores_it(tmp_path: Path) -> None:
    recap = tmp_path / "07-nowhere-speedway.md"
    recap.write_text(YAML_RECAP, encoding="utf-8")
    edit = plan_lap_led_edit(recap)
    assert (edit.file.path, edit.winner, edit.series) == (recap, "Dale Quarry, Jr.", "truck")
    edit.file.apply()
    assert ", 200, 16, running, 185]" in recap.read_text(encoding="utf-8")
    edit.file.restore()
    assert recap.read_text(encoding="utf-8") == YAML_RECAP


def test_the_planned_edit_changes_the_csv_the_recap_names_and_restores_it(tmp_path: Path) -> None:
    recap, table = tmp_path / "07-nowhere-speedway.md", tmp_path / "07-nowhere-speedway.csv"
    recap.write_text(CSV_RECAP, encoding="utf-8")
    table.write_bytes(csv_text(ROWS).encode("utf-8"))
    edit = plan_lap_led_edit(recap)
    assert (edit.file.path, edit.winner, edit.series) == (table, "Dale Quarry, Jr.", "truck")
    edit.file.apply()
    assert recap.read_text(encoding="utf-8") == CSV_RECAP
    assert table.read_text(encoding="utf-8").splitlines()[1].endswith(",200,16,running,185")
    edit.file.restore()
    assert table.read_bytes() == csv_text(ROWS).encode("utf-8")


def test_a_sentence_is_appended_as_the_last_paragraph() -> None:
    recap = "---\nseries: cup\n---\nStory.\n\n\n"
    assert append_sentence(recap, "Added.") == "---\nseries: cup\n---\nStory.\n\nAdded.\n"


def test_laps_led_reads_the_driver_s_line_in_one_series(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "drivers.json").write_text(json.dumps({"drivers": [
        {"name": "Al Unser", "series": {"truck": {"laps_led": 117}}}]}), encoding="utf-8")
    assert laps_led(tmp_path, "Al Unser", "truck") == 117
    assert laps_led(tmp_path, "Al Unser", "cup") is None
    assert laps_led(tmp_path, "Ann Example", "truck") is None


def test_the_edited_recap_is_cup_1990_round_10_else_the_middle_one(tmp_path: Path) -> None:
    for name in ("cup/1990/09-a.md", "cup/1990/10-charlotte.md", "truck/2001/01-b.md", "truck/2001/02-c.md",
                 "truck/2002/01-d.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    assert edit_target(tmp_path, ["cup", "truck"]) == (tmp_path / "cup/1990/10-charlotte.md",
                                                       "races/cup/1990/10-*/**/index.html")
    assert edit_target(tmp_path, ["truck"]) == (tmp_path / "truck/2001/02-c.md",
                                                "races/truck/2001/02-*/**/index.html")
    # the glob finds the race page and its stories' pages, where an appended sentence shows
    for page in ("races/cup/1990/10-coca-cola-600/index.html", "races/cup/1990/10-coca-cola-600/recap/index.html"):
        (tmp_path / "site" / page).parent.mkdir(parents=True)
        (tmp_path / "site" / page).write_text("", encoding="utf-8")
    found = sorted(p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").glob(
        edit_target(tmp_path, ["cup"])[1]))
    assert found == ["races/cup/1990/10-coca-cola-600/index.html", "races/cup/1990/10-coca-cola-600/recap/index.html"]


def test_files_written_are_the_new_and_the_touched() -> None:
    before = {"index.html": (1, 10), "a/index.html": (1, 20), "data/x.json": (1, 5)}
    after = {"index.html": (1, 10), "a/index.html": (2, 20), "data/x.json": (1, 6), "b/index.html": (3, 1)}
    assert written(before, after) == 3
    assert (html(after), size(after)) == (3, 37)


def test_proc_figures_and_the_build_s_race_count_are_read() -> None:
    assert kb("Name:\tpython\nVmRSS:\t  2048 kB\n", "VmRSS:") == 2 * 1024 * 1024
    assert kb("Name:\tzombie\n", "VmRSS:") == 0
    assert races_built("Built 4,963 races, 21975 files into _site in 29.1 s.") == 4963
    assert races_built("nothing") is None


def test_the_file_system_of_a_folder_is_its_longest_mount_point() -> None:
    mounts = "/dev/vda / ext4 rw 0 0\ntmpfs /dev/shm tmpfs rw 0 0\ntmpfs /dev/shmem tmpfs rw 0 0\n"
    assert fs_type(Path("/dev/shm"), mounts) == "tmpfs"
    assert fs_type(Path("/dev/shm/x/y"), mounts) == "tmpfs"
    assert fs_type(Path("/dev/shmx"), mounts) == "ext4"


def test_a_row_shows_its_ratio_and_whether_the_target_is_met() -> None:
    assert cell("cold build: wall, tmpfs (s)", 12.0, 30.0, ratio=True, target="≤ 0.5× Hugo", ok=False) == (
        "cold build: wall, tmpfs (s)", "12.00", "30.00", "0.40×", "≤ 0.5× Hugo ✗")
    assert cell("cold, new against old", 10.0, 10.4, ratio=True, invert=True, target="≤ 1.05× old", ok=True)[3:] \
        == ("1.04×", "≤ 1.05× old ✓")
    assert cell("files", 17457, None, "{:,.0f}", ratio=True) == ("files", "17,457", "—", "", "")


def test_the_table_aligns_figures_right_and_words_left() -> None:
    assert render(("", "a", "b", "a/b", "target"), [("races", "1,000", "9", "", "yes ✓")]) == [
        "|       |     a | b | a/b | target |",
        "|-------|------:|--:|----:|--------|",
        "| races | 1,000 | 9 |     | yes ✓  |",
    ]
