"""The downloads: data/site.sqlite and data/csv/*.csv hold every race and results row of the site, as a reader who
opens them with `sqlite3` would find them; they match each other, docs/data.md and the download page.

The expectations come from the content files read plainly (`fixture_races`), and for the full history from the
CSVs in ../shared counted with the csv module, never through racesite.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import sqlite3
import subprocess
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from racesite.datafiles import TABLES
from racesite.pipeline import build
from tests.conftest import SiteMaker
from tests.helpers import RECAP_PATH, ROOT, recap
from tests.test_pages import DEMO, FIXTURE, build_once, page_file
from tests.test_stats_career import fixture_races

SQLITE = shutil.which("sqlite3")


def query(database: Path, sql: str) -> list[tuple[str, ...]]:
    """Rows of a query, as the `sqlite3` command-line shell prints them (CSV mode), or through Python's sqlite3
    when the shell is not installed (values as text either way)."""
    if SQLITE is not None:
        done = subprocess.run([SQLITE, "-readonly", "-csv", str(database), sql], capture_output=True, text=True,
                              check=True, timeout=120)
        return [tuple(row) for row in csv.reader(io.StringIO(done.stdout))]
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        return [tuple("" if v is None else str(v) for v in row) for row in db.execute(sql)]


def csv_rows(site: Path, table: str) -> list[dict[str, str]]:
    with (site / "data" / "csv" / f"{table}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@pytest.mark.parametrize("content", [DEMO, FIXTURE], ids=["demo", "fixture"])
def test_the_results_table_has_every_results_row_of_the_site(content: Path,
                                                             tmp_path_factory: pytest.TempPathFactory) -> None:
    site = build_once(content, tmp_path_factory)
    database = site / "data" / "site.sqlite"
    races = fixture_races(content)
    expected = Counter((r["series"], str(r["season"]), str(r["round"]), str(row["fin"]), row["driver"],
                        "" if row["led"] is None else str(row["led"])) for r in races for row in r["rows"])
    found = Counter(query(database, "SELECT series, season, round, fin, driver, led FROM results"))
    assert sum(expected.values()) > 20 and found == expected
    counted = query(database, "SELECT count(*) FROM results JOIN races USING (race_id) WHERE races.cars > 0")
    assert counted == [(str(sum(expected.values())),)]
    # each race once, with its winner (the first row when it finished first)
    winners = {(r["series"], str(r["season"]), str(r["round"])): r["rows"][0]["driver"] for r in races
               if r["rows"][0]["fin"] == 1}
    assert {(s, y, n): w for s, y, n, w in query(database, "SELECT series, season, round, winner FROM races "
                                                          "WHERE cars > 0")} == winners


def values(row: Sequence[str], real: Sequence[bool]) -> tuple[object, ...]:
    """A row's fields, those of REAL columns as numbers."""
    return tuple(float(v) if is_real and v else v for v, is_real in zip(row, real, strict=True))


@pytest.mark.parametrize("content", [DEMO, FIXTURE], ids=["demo", "fixture"])
def test_each_csv_file_is_its_table(content: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    site = build_once(content, tmp_path_factory)
    for table, columns in TABLES.items():
        with (site / "data" / "csv" / f"{table}.csv").open(encoding="utf-8", newline="") as file:
            header, *rows = list(csv.reader(file))
        assert header == [c.name for c in columns] and rows, table
        names = ", ".join(f'"{c.name}"' for c in columns)
        in_db = query(site / "data" / "site.sqlite", f'SELECT {names} FROM "{table}"')
        real = [c.type == "REAL" for c in columns]  # the CSV writes a whole 55.0 as 55
        assert sorted(values(row, real) for row in in_db) == sorted(values(row, real) for row in rows), table
        assert all("." not in row[-1] for row in rows if table == "results" and row[-1]), "points as 55, not 55.0"


def test_car_numbers_are_text_and_a_race_not_run_yet_has_no_winner(site: SiteMaker) -> None:
    rows = ('  - [1, 2, "08", Justin Allgaier, JR Motorsports, Chevrolet, 163, 47, running, 57]\n'
            '  - [2, 1, "8", Josh Berry, JR Motorsports, Chevrolet, 163, 0, running, 40]\n')
    upcoming = recap(round=7, name="Next Race", date="2021-03-27").split("results:")[0] + "---\n"
    content = site({RECAP_PATH: recap(rows=rows), "xfinity/2021/07-next.md": upcoming})
    build(content, Path("_site"))
    database = Path("_site") / "data" / "site.sqlite"
    assert query(database, "SELECT car, typeof(car), typeof(points) FROM results ORDER BY fin") == [
        ("08", "text", "real"), ("8", "text", "real")]
    assert query(database, "SELECT name, winner IS NULL, cars FROM races ORDER BY round") == [
        ("EchoPark 250", "0", "2"), ("Next Race", "1", "0")]


def test_a_season_the_site_holds_only_part_of_is_in_points_order_not_the_official_final_one(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """The demo holds six rounds of the 2021 Xfinity season, whose champion (Daniel Hemric, as the NASCAR preset
    declares) was second in points after them: the standings download is the table after round 6."""
    site = build_once(DEMO, tmp_path_factory)
    rows = query(site / "data" / "site.sqlite", "SELECT pos, driver, points, final FROM standings "
                                                "WHERE series = 'xfinity' AND season = 2021 ORDER BY pos LIMIT 2")
    assert rows == [("1", "Austin Cindric", "277.0", "0"), ("2", "Daniel Hemric", "231.0", "0")]


def test_births_and_tracks_come_from_the_entity_files(tmp_path_factory: pytest.TempPathFactory) -> None:
    site = build_once(DEMO, tmp_path_factory)
    database = site / "data" / "site.sqlite"
    assert query(database, "SELECT birth_date, hometown FROM drivers WHERE driver = 'Justin Allgaier'") == [
        ("1986-06-06", "Riverside, Illinois")]
    assert query(database, "SELECT length, location FROM tracks WHERE track = 'Atlanta Motor Speedway'") == [
        ("1.54", "Hampton, Georgia")]


def test_docs_document_every_table_and_column() -> None:
    """docs/data.md has a table for each download table listing its columns, in order, with their types."""
    text = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    for table, columns in TABLES.items():
        section = text.split(f"### {table}\n", 1)
        assert len(section) == 2, f"docs/data.md has no '### {table}' section"
        listed = re.findall(r"^\| `(\w+)` \| (\w+) \|", section[1].split("\n### ", 1)[0], re.M)
        assert listed == [(c.name, c.type) for c in columns], table


def test_the_download_page_offers_every_file_with_its_size(tmp_path_factory: pytest.TempPathFactory) -> None:
    site = build_once(DEMO, tmp_path_factory)
    page = (site / "data" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="(/data/[^"]+)" download>([^<]+)</a> \(([\d,]+) bytes\)', page)
    assert links == [("/data/site.sqlite", "site.sqlite", f"{(site / 'data' / 'site.sqlite').stat().st_size:,}")]
    for table in TABLES:
        file = site / "data" / "csv" / f"{table}.csv"
        row = re.search(rf'<a href="/data/csv/{table}.csv" download>{table}.csv</a></td><td>[^<]+</td>'
                        rf'<td class="n">([\d,]+)</td><td class="n">([\d,]+)</td>', page)
        assert row is not None, table
        assert row.groups() == (f"{len(csv_rows(site, table)):,}", f"{file.stat().st_size:,}")
    for column in TABLES["results"]:
        assert f"<code>{column.name}</code>" in page
    assert page_file(site, "/data/drivers.json").is_file() and 'href="/data/races.json"' in page


def test_the_full_history_database_holds_every_row_of_the_csvs(history_build: dict[str, Any]) -> None:
    """Every CSV row with a driver and a finishing position is a results row, series by series."""
    from tests.nascar import NASCAR

    database = history_build["site"] / "data" / "site.sqlite"
    for series in ("cup", "xfinity", "truck"):
        with open(NASCAR / f"{series}.csv", newline="", encoding="utf-8") as file:
            expected = Counter((row["Season"], row["Race"], row["Finish"].strip(), row["Driver"].strip())
                               for row in csv.DictReader(file) if row["Driver"].strip() and row["Finish"].strip())
        found = Counter(query(database, f"SELECT season, round, fin, driver FROM results WHERE series = '{series}'"))
        assert found == expected, series
    assert query(database, "PRAGMA integrity_check") == [("ok",)]
