"""The whole NASCAR history, imported and built: every driver's career line against a count straight from the CSVs.

Imports cup, xfinity and truck from ../shared/data/nascar/ with the real
command (`build.py import`), builds the site once for this module (a minute
or two), reads `data/drivers.json` and compares every driver's line in every
series with a count written here, independently of racesite, with the csv
module. Skipped when the data is not here.

The count, in the words of docs/stats.md and docs/import.md:

- a start is a CSV row with a driver and a finishing position (4 Xfinity rows
  have no finishing position: the car did not start, and the import leaves
  the row out), unless its status says the car did not start (45 Cup rows and
  1 Truck row, listed in the last places): such a row counts in nothing;
- win: Finish 1; top 5 and top 10 by Finish; average finish over the starts;
- pole: Start 1. The CSV has no qualifying, the importer writes no `lineup`,
  so every race's lineup is the default `qualifying` and its first starter
  has the pole;
- average start over the starts with a Start of 1 or more (0, in 1982-83
  Xfinity and 10 Cup rows, means unknown);
- laps and laps led summed, an empty cell counting 0; DNF: a status other than
  `running` (an unknown `-` included);
- averages rounded to one decimal with `round(x, 1)`.

Drivers are matched by name, as the CSV spells it: a slug may differ when two
names fold to one.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from tests.nascar import DID_NOT_START
from tests.test_champ_nascar import CHASE_2004, CUP, CUP_FINAL_FOUR

ROOT = Path(__file__).resolve().parents[1]
NASCAR = ROOT.parent / "shared" / "data" / "nascar"
SERIES = ("cup", "xfinity", "truck")
COUNTS = ("starts", "wins", "poles", "top5", "top10", "laps", "laps_led", "dnf")
AVERAGES = ("avg_start", "avg_finish")

pytestmark = pytest.mark.skipif(not NASCAR.is_dir(), reason=f"no NASCAR data at {NASCAR}")


@pytest.fixture(scope="module")
def built(history_build: dict[str, Any]) -> dict[str, Any]:
    """The three series imported into a fresh folder and built (conftest's `history_build`, shared with other
    modules); with the drivers' export."""
    drivers = json.loads((history_build["site"] / "data" / "drivers.json").read_text(encoding="utf-8"))
    return {**history_build, "drivers": drivers}


def exported(built: dict[str, Any], series: str) -> dict[str, dict[str, Any]]:
    """name -> the driver's line in `series`, from data/drivers.json."""
    drivers = built["drivers"]["drivers"]
    names = [d["name"] for d in drivers]
    assert len(names) == len(set(names)), "two drivers in drivers.json share a name"
    return {d["name"]: d["series"][series] for d in drivers if series in d["series"]}


def recount(series: str) -> dict[str, dict[str, Any]]:
    """name -> career line in `series`, counted from the CSV's rows."""
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with open(NASCAR / f"{series}.csv", newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            driver, finish = row["Driver"].strip(), row["Finish"].strip()
            if not driver or not finish or row["Status"].strip().lower() in DID_NOT_START:
                continue
            fin, start = int(finish), int(row["Start"] or 0)
            line = sums[driver]
            line["starts"] += 1
            line["wins"] += fin == 1
            line["top5"] += fin <= 5
            line["top10"] += fin <= 10
            line["poles"] += start == 1
            line["laps"] += int(row["Laps"] or 0)
            line["laps_led"] += int(row["Led"] or 0)
            line["dnf"] += row["Status"].strip().lower() != "running"
            line["finish_sum"] += fin
            if start >= 1:
                line["start_sum"] += start
                line["start_n"] += 1
    out = {}
    for driver, line in sums.items():
        out[driver] = {name: line[name] for name in COUNTS}
        out[driver]["avg_finish"] = round(line["finish_sum"] / line["starts"], 1)
        out[driver]["avg_start"] = round(line["start_sum"] / line["start_n"], 1) if line["start_n"] else None
    return out


def differences(expected: dict[str, dict[str, Any]], actual: dict[str, dict[str, Any]]) -> list[str]:
    """`driver: field: expected X, site says Y` for every figure that differs; counts exact, averages to 0.051."""
    out = [f"{name}: not on the site" for name in sorted(expected.keys() - actual.keys())]
    out += [f"{name}: on the site, not in the CSV" for name in sorted(actual.keys() - expected.keys())]
    for name in sorted(expected.keys() & actual.keys()):
        want, got = expected[name], actual[name]
        for key in COUNTS:
            if want[key] != got[key]:
                out.append(f"{name}: {key}: expected {want[key]}, site says {got[key]}")
        for key in AVERAGES:
            if (want[key] is None) != (got[key] is None) or (
                    want[key] is not None and abs(want[key] - got[key]) > 0.051):
                out.append(f"{name}: {key}: expected {want[key]}, site says {got[key]}")
    return out


@pytest.mark.parametrize("series", SERIES)
def test_every_career_line_matches_the_csv(built: dict[str, Any], series: str) -> None:
    expected, actual = recount(series), exported(built, series)
    found = differences(expected, actual)
    assert found == [], f"{len(found)} differences in {series}, first ones:\n" + "\n".join(found[:40])
    assert len(actual) > 1000


def test_known_figures(built: dict[str, Any]) -> None:
    wins = {s: {name: line["wins"] for name, line in exported(built, s).items()} for s in SERIES}
    assert [wins["cup"][n] for n in ("Richard Petty", "David Pearson", "Jeff Gordon")] == [200, 105, 93]
    assert (wins["xfinity"]["Kyle Busch"], wins["truck"]["Kyle Busch"]) == (102, 67)


def test_every_race_is_written_lenient_and_the_report_says_what_is_odd(built: dict[str, Any]) -> None:
    content: Path = built["content"]
    recaps = {s: sorted((content / s).rglob("*.md")) for s in SERIES}
    assert {s: len(files) for s, files in recaps.items()} == {"cup": 2822, "xfinity": 1404, "truck": 737}
    assert all("\nlenient: true  # " in f.read_text(encoding="utf-8") for files in recaps.values() for f in files)
    cup = built["reports"]["cup"].splitlines()
    assert f"{NASCAR / 'cup.csv'}: 2823 races: 2822 written, 0 unchanged, 1 not written." in cup
    assert "       2  finishing position tied" in cup
    assert "     969  no car number in the CSV" in cup
    assert "Values left out (the content format cannot hold them): 10, by reason:" in cup
    xfinity = built["reports"]["xfinity"].splitlines()
    assert "       4  row without finishing position left out" in xfinity


def standings(built: dict[str, Any], series: str, season: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((built["site"] / "data" / "standings" / series / f"{season}.json").read_text())
    return data


def test_every_cup_champion_through_the_built_site(built: dict[str, Any]) -> None:
    """The site built with the NASCAR preset names every official champion; from 2004 the Chase and playoffs are
    decided by the build itself: the 2004 Chase's final points, 2011's tie on points, and each Championship 4
    (recounted from the record in test_champ_nascar), as the standings data file after the last race says."""
    for season, champion in CUP.items():
        data = standings(built, "cup", season)
        assert (data["champion"], data["complete"]) == (champion, True), season
        assert data["rounds"][-1]["standings"][0]["driver"] == champion, season
    final_2004 = standings(built, "cup", 2004)["rounds"][-1]["standings"]
    assert [(row["driver"], row["points"]) for row in final_2004[:10]] == CHASE_2004
    stewart, edwards = standings(built, "cup", 2011)["rounds"][-1]["standings"][:2]
    assert (stewart["driver"], stewart["points"], edwards["driver"], edwards["points"]) == (
        "Tony Stewart", 2403, "Carl Edwards", 2403)
    for season, four in CUP_FINAL_FOUR.items():
        last = standings(built, "cup", season)["rounds"][-1]
        assert last["stage"] == "Championship 4", season
        assert {row["driver"] for row in last["standings"] if row["status"] in ("champion", "contender")} == four
    assert [standings(built, "cup", y)["points_leader"] for y in (2004, 2014, 2020)] == [
        "Jeff Gordon", "Jeff Gordon", "Kevin Harvick"]
    season_page = (built["site"] / "series" / "cup" / "2004" / "index.html").read_text(encoding="utf-8")
    assert '<dt>Champion</dt><dd><a href="/drivers/kurt-busch/">Kurt Busch</a></dd>' in season_page
    assert '<dt>Regular-season points leader</dt><dd><a href="/drivers/jeff-gordon/">Jeff Gordon</a></dd>' in \
        season_page
