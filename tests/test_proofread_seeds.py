"""The two seed articles (../shared/seeds/) against the real Xfinity history (../shared/data/nascar/xfinity.csv).

Read at test time only: the two misspelled names and the wrong track are flagged on their lines and columns,
and none of the articles' true claims is: through the command line (`build.py import`, then `build.py check` of a
content folder holding the seeds as stories), and through the library. Skipped when the shared folder is absent.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from pathlib import Path

import pytest

from racesite.proofread.check import check_story
from racesite.proofread.nameindex import NameIndex
from racesite.proofread.report import ProseReport
from racesite.stats.history import History
from tests.helpers import ROOT
from tests.nascar import NASCAR, SEEDS, nascar_races, nascar_series

pytestmark = pytest.mark.skipif(not (SEEDS.is_dir() and (NASCAR / "xfinity.csv").is_file()),
                                reason="no seeds or NASCAR data in ../shared")
QUALIFYING = "000_1a4ef9e3d75628c1.txt"  # published 2023-05-27, before the 2023 Charlotte race (round 12)
RECAP = "002_727d78ad682a8cda.txt"  # the 2021 Atlanta race (round 6)


@functools.cache
def xfinity() -> tuple[History, NameIndex]:
    races = nascar_races("xfinity")
    series = [nascar_series("xfinity")]
    return History.of(races, series), NameIndex.of(races, series=series)


def seed(name: str) -> tuple[str, str | None]:
    """The article's text, its first-line `date YYYY-MM-DD` blanked (columns unchanged), and that date."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    date = re.match(r"\s*date (\d{4}-\d\d-\d\d) ", text)
    return (" " * date.end() + text[date.end():], date.group(1)) if date else (text, None)


def check(name: str, after: bool, season: int, round_: int) -> ProseReport:
    history, names = xfinity()
    race = history.race("xfinity", season, round_)
    assert race is not None
    text, _ = seed(name)
    return check_story(text, 1, after=after, race=race, history=history, names=names,
                       series=[nascar_series("xfinity")])


HINT = "(if the data is wrong, end the sentence with <!-- prose-ok: why -->)"
# The seeds as story files: front matter, then the article (its first line's `date ...` blanked).
STORIES = {
    QUALIFYING: ("xfinity/2023/12-seed-qualifying.md",
                 "series: xfinity\nseason: 2023\nround: 12\nkind: qualifying\npublished: 2023-05-27\n"
                 "title: Seed 000\n"),
    RECAP: ("xfinity/2021/06-seed-recap.md", "series: xfinity\nseason: 2021\nround: 6\nkind: recap\ntitle: Seed 002\n"),
}


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], dict[str, int]]:
    """`build.py check` of the whole Xfinity history as `build.py import` writes it, with the two seeds as stories;
    and each seed's first body line in its story file."""
    folder = tmp_path_factory.mktemp("seeds")
    imported = cli("import", str(NASCAR / "xfinity.csv"), "--series", "xfinity", "--out", "content", cwd=folder)
    assert imported.returncode == 0, imported.stderr
    first_lines = {}
    for name, (path, head) in STORIES.items():
        text, _ = seed(name)
        (folder / "content" / path).write_text(f"---\n{head}---\n{text}", encoding="utf-8")
        first_lines[name] = head.count("\n") + 3
    return cli("check", "--content", "content", cwd=folder), first_lines


def test_through_the_command_line_the_seeds_get_exactly_their_three_warnings(
        checked: tuple[subprocess.CompletedProcess[str], dict[str, int]]) -> None:
    result, first = checked
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("Content OK: 0 errors, ")
    qualifying, recap = (f"content/{STORIES[name][0]}" for name in (QUALIFYING, RECAP))
    at = {name: first[name] - 1 for name in first}  # a seed's line n is its story file's line n + at
    assert [line for line in result.stderr.splitlines() if "-seed-" in line] == [
        f'warning: {recap}:{19 + at[RECAP]}:1: "Allgiaer": did you mean "Allgaier" (Justin Allgaier)?',
        f'warning: {recap}:{33 + at[RECAP]}:229: "Harrsion Burton": did you mean "Harrison Burton"?',
        f'warning: {qualifying}:{17 + at[QUALIFYING]}:20: "race at Darlington Raceway": this race is at Charlotte '
        f"Motor Speedway {HINT}",
    ]


def test_recap_misspelled_names_are_flagged_and_nothing_else() -> None:
    report = check(RECAP, True, 2021, 6)  # a recap: after its race
    assert [f.format(RECAP) for f in report.findings] == [
        f'{RECAP}:19:1: "Allgiaer": did you mean "Allgaier" (Justin Allgaier)?',
        f'{RECAP}:33:229: "Harrsion Burton": did you mean "Harrison Burton"?',
    ]


def test_qualifying_report_wrong_track_is_flagged_and_nothing_else() -> None:
    report = check(QUALIFYING, False, 2023, 12)  # a qualifying report: before its race
    assert [f.format(QUALIFYING) for f in report.findings] == [
        f'{QUALIFYING}:17:20: "race at Darlington Raceway": this race is at Charlotte Motor Speedway '
        "(if the data is wrong, end the sentence with <!-- prose-ok: why -->)",
    ]


def test_the_true_claims_are_read_and_would_be_flagged_if_false() -> None:
    """Each true claim of the seeds is checked, not skipped: changed by one, it is flagged (the text is changed
    in memory only)."""
    history, names = xfinity()
    cases = [
        (RECAP, 2021, 6, True, "15th career victory", "16th career victory", "the data makes this his 15th"),
        (RECAP, 2021, 6, True, "Gragson finished fourth", "Gragson finished fifth",
         "the data has Noah Gragson finishing 4th"),
        (QUALIFYING, 2023, 12, False, "19 Xfinity Series wins", "18 Xfinity Series wins",
         "the data gives Justin Allgaier 19 NASCAR Xfinity Series wins by then"),
        (QUALIFYING, 2023, 12, False, "led 41 of the 100", "led 42 of the 100",
         "the data has Justin Allgaier leading 41 laps at Indianapolis Motor Speedway in 2018"),
        (QUALIFYING, 2023, 12, False, "started second", "started third",
         "the data has Justin Allgaier's best start in a win at 2nd (Indianapolis Motor Speedway in 2018)"),
        (QUALIFYING, 2023, 12, False, "celebrated 15 times", "celebrated 14 times",
         "the data gives JR Motorsports 15 wins in 2022"),
    ]
    for name, season, round_, after, true, false, message in cases:
        text, _ = seed(name)
        assert true in text
        race = history.race("xfinity", season, round_)
        assert race is not None
        report = check_story(text.replace(true, false), 1, after=after, race=race, history=history, names=names,
                             series=[nascar_series("xfinity")])
        assert message in [f.message for f in report.findings], (false, report.findings)


def test_after_its_race_the_qualifying_report_is_out_of_date() -> None:
    """Read as of after the Charlotte race (which he won from the pole), the report's history claims are false."""
    history, names = xfinity()
    race = history.race("xfinity", 2023, 12)
    assert race is not None
    text, _ = seed(QUALIFYING)
    report = check_story(text, 1, after=True, race=race, history=history, names=names,
                         series=[nascar_series("xfinity")])
    messages = [f.message for f in report.findings]
    assert "the data has Justin Allgaier winning from the pole 1 time" in messages
    assert "the data gives Justin Allgaier 20 NASCAR Xfinity Series wins by then" in messages
