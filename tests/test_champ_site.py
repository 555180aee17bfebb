"""Championships as a reader sees them on built pages: the league fixtures under tests/sites/, each final table
worked out by hand below, and the demo, which cannot name a champion and says why.

- league-drops: five races, 25-18-15 for the top three, two drop weeks (best three count);
- league-sprints: two rounds of a sprint (8-7-6) and a feature (25-18-15), a story about round 1's weekend;
- league-penalties: 2023 with a driver excluded (10-6-4), 2024 with two deductions (stated `pts`);
- league-playoffs: a three-race regular season, a semi-final of three and a final decided by finish.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest

from racesite.errors import display_path
from racesite.pipeline import build
from tests.helpers import ROOT
from tests.test_pages import DEMO, Table, build_once, table

SITES = ROOT / "tests" / "sites"


def site(name: str, factory: pytest.TempPathFactory) -> Path:
    return build_once(SITES / name / "content", factory)


def page(out: Path, path: str) -> Path:
    return out / path / "index.html"


def cells(found: Table, *columns: str) -> list[tuple[str, ...]]:
    return [tuple(row[found.column(name)].text for name in columns) for row in found.rows]


def titles(file: Path) -> dict[str, str]:
    """The season page's champion and points leader, as the page words them."""
    text = file.read_text(encoding="utf-8")
    return {" ".join(re.sub(r"<[^>]+>", "", dt).split()): html.unescape(" ".join(re.sub(r"<[^>]+>", "", dd).split()))
            for dt, dd in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", text)}


# -- drop weeks ------------------------------------------------------------------------------------------

def test_drop_weeks_make_the_driver_with_fewer_points_champion(tmp_path_factory: pytest.TempPathFactory) -> None:
    # Round by round (25-18-15, 4th scores 0):  R1 S P W X, R2 S P X W, R3 P W X S, R4 S P W X, R5 W P X S.
    # Every result: Priya 18+18+25+18+18 = 97, Sam 25+25+0+25+0 = 75, Will 15+0+18+15+25 = 73, Xavier 45.
    # Best three of five: Sam 25+25+25 = 75, Priya 25+18+18 = 61 (two 18s dropped: the later ones),
    # Will 25+18+15 = 58 (0 and the later 15 dropped), Xavier 15+15+15 = 45 (two 0s dropped).
    out = site("league-drops", tmp_path_factory)
    season = page(out, "series/league/2024")
    final = table(season, "Final standings")
    assert cells(final, "Pos", "Driver", "Pts", "Dropped", "Standing") == [
        ("1", "Sam Ortega", "75", "–", "Champion"), ("2", "Priya Nair", "61", "36", ""),
        ("3", "Will Carter", "58", "15", ""), ("4", "Xavier Moss", "45", "–", "")]
    assert titles(season) == {"Champion": "Sam Ortega", "Points leader": "Sam Ortega"}
    counted = table(season, "Results counted")
    assert counted.head == ["Driver", "1", "2", "3", "4", "5"]
    assert [[c.text for c in row] for row in counted.rows] == [
        ["Sam Ortega", "25", "25", "dropped: 0", "25", "dropped: 0"],
        ["Priya Nair", "18", "18", "25", "dropped: 18", "dropped: 18"],
        ["Will Carter", "15", "dropped: 0", "18", "dropped: 15", "25"],
        ["Xavier Moss", "dropped: 0", "15", "15", "dropped: 0", "15"]]
    assert '<td class="n"><s><span class="hidden-label">dropped: </span>18</s></td>' in season.read_text()
    # After round 3 every result still counts (three of five may); after round 4, each driver's best three.
    after_3 = table(page(out, "series/league/2024/standings/03"), "Standings after round 3")
    assert cells(after_3, "Driver", "Pts", "Dropped") == [("Priya Nair", "61", "–"), ("Sam Ortega", "50", "–"),
                                                          ("Will Carter", "33", "–"), ("Xavier Moss", "30", "–")]
    after_4 = table(page(out, "series/league/2024/standings/04"), "Standings after round 4")
    assert cells(after_4, "Driver", "Pts", "Dropped") == [("Sam Ortega", "75", "–"), ("Priya Nair", "61", "18"),
                                                          ("Will Carter", "48", "–"), ("Xavier Moss", "30", "–")]


# -- a sprint and a feature in each round ----------------------------------------------------------------

def test_a_sprint_and_a_feature_are_two_races_of_one_round(tmp_path_factory: pytest.TempPathFactory) -> None:
    # Sprints 8-7-6, features 25-18-15. R1 sprint B A C, feature A C B; R2 sprint C B A, feature C A B.
    # Chloe 6+18+8+25 = 57, Ana 7+25+6+18 = 56, Ben 8+15+7+15 = 45. Each race is a start: 4 each; wins:
    # Chloe 2 (both of round 2), Ana 1, Ben 1.
    out = site("league-sprints", tmp_path_factory)
    season = page(out, "series/league/2024")
    final = table(season, "Final standings")
    assert cells(final, "Pos", "Driver", "Pts", "Starts", "Wins", "Standing") == [
        ("1", "Chloe Park", "57", "4", "2", "Champion"), ("2", "Ana Lima", "56", "4", "1", ""),
        ("3", "Ben Okafor", "45", "4", "1", "")]
    schedule = table(season, "Schedule")
    assert cells(schedule, "Rd", "Session", "Race", "Winner", "Standings") == [
        ("1", "Sprint", "Sprint race", "Ben Okafor", "after Rd 1 Sprint"),
        ("1", "Feature", "Feature race", "Ana Lima", "after Rd 1 Feature"),
        ("2", "Sprint", "Sprint race", "Chloe Park", "after Rd 2 Sprint"),
        ("2", "Feature", "Feature race", "Chloe Park", "after Rd 2 Feature")]
    assert [row[schedule.column("Race")].links[0][0] for row in schedule.rows] == [
        "/races/league/2024/01-sprint-race/", "/races/league/2024/01-2-feature-race/",
        "/races/league/2024/02-sprint-race/", "/races/league/2024/02-2-feature-race/"]
    after_sprint = table(page(out, "series/league/2024/standings/01"), "Standings after round 1 (sprint)")
    assert cells(after_sprint, "Driver", "Pts") == [("Ben Okafor", "8"), ("Ana Lima", "7"), ("Chloe Park", "6")]
    after_feature = table(page(out, "series/league/2024/standings/01-2"),
                          "Standings after round 1, race 2 (feature)")
    assert cells(after_feature, "Driver", "Pts") == [("Ana Lima", "32"), ("Chloe Park", "24"), ("Ben Okafor", "23")]
    # Every stat counts each race once: the career lines and the data files agree.
    drivers = {d["name"]: d["series"]["league"]
               for d in json.loads((out / "data/drivers.json").read_text())["drivers"]}
    assert {name: (line["starts"], line["wins"]) for name, line in drivers.items()} == {
        "Chloe Park": (4, 2), "Ana Lima": (4, 1), "Ben Okafor": (4, 1)}
    races = json.loads((out / "data/races.json").read_text())["races"]
    assert [(r["round"], r["name"], r["winner"]) for r in races] == [
        (1, "Sprint race", "Ben Okafor"), (1, "Feature race", "Ana Lima"), (2, "Sprint race", "Chloe Park"),
        (2, "Feature race", "Chloe Park")]
    # A story about the whole weekend is listed on both of its races' pages.
    for race in ("01-sprint-race", "01-2-feature-race"):
        html = page(out, f"races/league/2024/{race}").read_text()
        assert ('<a href="/races/league/2024/01-sprint-race/recap/">Lima takes the feature after Okafor&#39;s '
                'sprint</a>') in html
    feature = page(out, "races/league/2024/01-2-feature-race").read_text()
    assert "· Round 1 · Race 2 · Feature" in feature
    assert '<li><a href="/races/league/2024/01-sprint-race/">Sprint race</a></li>' in feature


# -- an exclusion and deductions -------------------------------------------------------------------------

def test_an_excluded_driver_has_no_place_but_his_results_stand(tmp_path_factory: pytest.TempPathFactory) -> None:
    # 10-6-4. R1 Erik Ana Ben, R2 Erik Ben Ana, R3 Ana Erik Ben. Ana 6+4+10 = 20, Ben 4+6+4 = 14; nobody moves
    # up in Erik's races, and his wins stay his.
    out = site("league-penalties", tmp_path_factory)
    season = page(out, "series/league/2023")
    assert cells(table(season, "Final standings"), "Pos", "Driver", "Pts", "Wins") == [
        ("1", "Ana Lima", "20", "1"), ("2", "Ben Okafor", "14", "0")]
    html = season.read_text()
    assert ('<li><a href="/drivers/erik-vale/">Erik Vale</a> (dangerous driving): the results stand, but the driver '
            "has no place in the table.</li>") in html
    assert cells(table(season, "Schedule"), "Rd", "Winner") == [("1", "Erik Vale"), ("2", "Erik Vale"),
                                                                 ("3", "Ana Lima")]
    assert titles(season)["Champion"] == "Ana Lima"


def test_deductions_count_from_their_round_and_are_listed(tmp_path_factory: pytest.TempPathFactory) -> None:
    # Stated pts: Ana 40, 40, 35; Ben 35, 35, 40. Ana loses 15 after round 2: Ben leads 70 to 65. Ben loses 20
    # at the end of the season: Ana 115 - 15 = 100, Ben 110 - 20 = 90.
    out = site("league-penalties", tmp_path_factory)
    standings = "series/league/2024/standings"
    assert cells(table(page(out, f"{standings}/01"), "Standings after round 1"), "Driver", "Pts") == [
        ("Ana Lima", "40"), ("Ben Okafor", "35")]
    after_2 = page(out, f"{standings}/02")
    assert cells(table(after_2, "Standings after round 2"), "Driver", "Pts", "Gap") == [
        ("Ben Okafor", "70", "–"), ("Ana Lima", "65", "−5")]
    listed = re.findall(r'<ul class="deductions">(.*?)</ul>', after_2.read_text(), re.S)
    assert listed == ['\n<li><a href="/drivers/ana-lima/">Ana Lima</a>: −15 points after round 2 (underweight '
                      "car)</li>"]
    season = page(out, "series/league/2024")
    assert cells(table(season, "Final standings"), "Pos", "Driver", "Pts", "Standing") == [
        ("1", "Ana Lima", "100", "Champion"), ("2", "Ben Okafor", "90", "")]
    text = season.read_text()
    assert "−20 points at the end of the season (unapproved tyres)" in text
    assert "−15 points after round 2 (underweight car)" in text


# -- a playoff -------------------------------------------------------------------------------------------

def test_a_playoff_season_marks_who_is_in_and_crowns_the_best_finisher_of_the_final(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    # Regular season (10-8-6-4): Alex 24 (two wins), Bea 22, Cole 20, Dana 18 (a win). Field of three: the winners
    # Alex and Dana, then Bea on points; restarts 100 + 5 a win: Alex 110, Dana 105, Bea 100. Semi-final (Cole
    # wins, not in): Alex 114, Dana 111, Bea 108: Bea is out. Final (Bea, Dana, Alex, Cole): Dana beats Alex.
    out = site("league-playoffs", tmp_path_factory)
    season = page(out, "series/league/2024")
    assert titles(season) == {"Champion": "Dana Reyes", "Regular-season points leader": "Alex Moreau"}
    assert cells(table(season, "Final standings"), "Pos", "Driver", "Pts", "Playoff pts", "Standing") == [
        ("1", "Dana Reyes", "208", "5", "Champion"), ("2", "Alex Moreau", "206", "10", "In the Final"),
        ("3", "Bea Sato", "118", "–", "Out after the Semi-final"), ("4", "Cole Hart", "34", "–", "")]
    assert cells(table(season, "Regular season"), "Driver", "Pts", "Standing") == [
        ("Alex Moreau", "24", "In on wins"), ("Bea Sato", "22", "In on points"),
        ("Cole Hart", "20", "Missed the playoffs"), ("Dana Reyes", "18", "In on wins")]
    assert cells(table(season, "Semi-final (round 4)"), "Driver", "Started on", "Result") == [
        ("Alex Moreau", "110", "Went on"), ("Dana Reyes", "105", "Went on"), ("Bea Sato", "100", "Out")]
    # Before the cut, the picture as it stands; after it, each round's table.
    after_1 = page(out, "series/league/2024/standings/01")
    assert cells(table(after_1, "Standings after round 1"), "Driver", "Standing") == [
        ("Alex Moreau", "In on wins"), ("Bea Sato", "In on points"), ("Cole Hart", "In on points"),
        ("Dana Reyes", "")]
    after_4 = page(out, "series/league/2024/standings/04")
    assert "After <a href=\"/races/league/2024/04-race-4/\">Race 4</a> · Final." in after_4.read_text()
    data = json.loads((out / "data/standings/league/2024.json").read_text())
    assert (data["champion"], data["points_leader"], data["complete"]) == ("Dana Reyes", "Alex Moreau", True)
    assert [r["stage"] for r in data["rounds"]] == ["Regular season"] * 3 + ["Final", "Final"]


# -- a season the site does not hold whole ---------------------------------------------------------------

def test_the_demo_names_no_champion_and_says_why(tmp_path_factory: pytest.TempPathFactory) -> None:
    out = build_once(DEMO, tmp_path_factory)
    assert titles(page(out, "series/xfinity/2021")) == {
        "Champion": "Not named. The site has 6 of the season's 33 points-paying races, so no champion is named yet.",
        "Points leader after round 6": "Austin Cindric"}
    assert titles(page(out, "series/xfinity/2023"))["Champion"] == (
        "Not named. Round 1 of the season is not on the site, so no champion is named.")
    series = table(page(out, "series/xfinity"), "Seasons")
    assert cells(series, "Season", "Champion", "Points leader") == [("2023", "—", "Justin Allgaier"),
                                                                    ("2021", "—", "Austin Cindric")]


# -- the official word -----------------------------------------------------------------------------------

def test_an_official_order_is_shown_with_a_note_and_check_lists_where_it_differs(tmp_path: Path) -> None:
    # The results (25-18-15): Sam wins both races, 50; Priya second twice, 36. The season file gives the league's
    # order: Priya, then Sam. broken-official-order is strict (its expected.txt: the two warnings, at the order's
    # line); here, without `strict`, the build shows the official order and says so.
    content = tmp_path / "content"
    shutil.copytree(SITES / "broken-official-order" / "content", content)
    site_yml = content / "site.yml"
    site_yml.write_text(site_yml.read_text().replace("strict: true\n", ""))
    report = build(content, tmp_path / "site")
    assert [w.format().split(" (")[0] for w in report.warnings] == [
        f"warning: {display_path(content)}/league/2024/season.yml:4: league 2024: Priya Nair is officially 1, "
        "computed 2",
        f"warning: {display_path(content)}/league/2024/season.yml:4: league 2024: Sam Ortega is officially 2, "
        "computed 1"]
    season = tmp_path / "site/series/league/2024/index.html"
    # The official head, then the others as computed (R1 S P W X, R2 S P X W: Will 15, Xavier 15, Will ahead on
    # the better best finish); a driver ahead on points but behind officially shows no gap.
    assert cells(table(season, "Final standings"), "Pos", "Driver", "Pts", "Gap", "Standing") == [
        ("1", "Priya Nair", "36", "–", "Champion"), ("2", "Sam Ortega", "50", "–", ""),
        ("3", "Will Carter", "15", "−35", ""), ("4", "Xavier Moss", "15", "−35", "")]
    text = season.read_text()
    assert ('<p class="note">The final order is the sanctioning body&#39;s official one; the results and rules '
            "alone give another (listed below).</p>") in text
    assert "<li>2024: Priya Nair is officially 1, computed 2</li>" in text
    assert ('<p class="note">Priya Nair was awarded round 2 on protest; the results were not corrected.</p>'
            in text)
