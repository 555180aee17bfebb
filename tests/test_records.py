"""The records pages (records/<series>/): each record against a plain count of the content, each linked to its race.

The expectations are counted here from `fixture_races()` rows and the driver files' `birth_date`, never through
racesite.stats; the unit cases at the end pin the rules (what follows on for a streak, a birthday on February 29).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from racesite.model import Race, Result
from racesite.stats.records import LIMIT, age_on, series_records
from tests.test_pages import DEMO, FIXTURE, Table, build_once, page_file, tables
from tests.test_stats_career import fixture_races, front_matter, site_yml


def records_table(page: Path, heading: str) -> Table | None:
    found = [t for t in tables(page) if t.heading == heading]
    assert len(found) <= 1
    return found[0] if found else None


def shown(page: Path, heading: str) -> list[tuple[str, ...]]:
    found = records_table(page, heading)
    return [tuple(cell.text for cell in row) for row in found.rows] if found else []


def births(content: Path) -> dict[str, dt.date]:
    found = {}
    for file in (content / "drivers").glob("*.md"):
        meta = front_matter(file)
        if "birth_date" in meta:
            found[meta["name"]] = meta["birth_date"]
    return found


def winner(race: dict[str, Any]) -> str | None:
    return race["rows"][0]["driver"] if race["rows"][0]["fin"] == 1 else None


def medium(day: dt.date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


@pytest.mark.parametrize("content", [FIXTURE, DEMO], ids=["fixture", "demo"])
def test_each_record_against_a_plain_count(content: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    out = build_once(content, tmp_path_factory)
    born = births(content)
    for series in site_yml(content)["series"]:
        slug, partial = series["slug"], not series.get("complete_history", True)
        page = out / "records" / slug / "index.html"
        mine = [r for r in fixture_races(content) if r["series"] == slug]
        if not mine:
            assert not page.exists()
            continue
        run: dict[int, int] = defaultdict(int)
        wins: dict[tuple[str, int], int] = defaultdict(int)
        for race in mine:
            run[race["season"]] += 1
            if winner(race):
                wins[(winner(race), race["season"])] += 1
        best = sorted(wins.items(), key=lambda kv: (-kv[1], kv[0][1], kv[0][0]))[:LIMIT]
        assert shown(page, "Most wins in a season") == [
            (name, str(year), str(n), str(run[year])) for (name, year), n in best]

        led = sorted(((row["led"], race["date"], race["round"], row["driver"], race["name"])
                      for race in mine for row in race["rows"] if row["led"]),
                     key=lambda x: (-x[0], x[1], x[2], x[3]))[:LIMIT]
        assert shown(page, "Most laps led in a race") == [
            (driver, f"{n:,}", name, medium(day)) for n, day, _, driver, name in led]

        streaks, current = [], None
        for race in mine:
            name = winner(race)
            follows = current is not None and (not partial or (race["season"], race["round"]) ==
                                               (current[3]["season"], current[3]["round"] + 1))
            if name and current and current[0] == name and follows:
                current = (name, current[1] + 1, current[2], race)
            else:
                if current and current[1] > 1:
                    streaks.append(current)
                current = (name, 1, race, race) if name else None
        if current and current[1] > 1:
            streaks.append(current)
        streaks.sort(key=lambda s: (-s[1], s[2]["date"], s[2]["round"], s[0]))
        assert shown(page, "Longest winning streaks") == [
            (name, str(n), f"{first['name']}, {medium(first['date'])}", f"{last['name']}, {medium(last['date'])}")
            for name, n, first, last in streaks[:LIMIT]]

        ages: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
        for race in mine:
            name = winner(race)
            if name in born:
                ages[name].append(((race["date"] - born[name]).days, race))
        youngest = sorted(((*min(found, key=lambda a: a[0]), name) for name, found in ages.items()),
                          key=lambda a: (a[0], a[1]["date"], a[2]))
        got = shown(page, "Youngest winners")
        assert [(row[0], row[2]) for row in got] == [(name, race["name"]) for _, race, name in youngest[:LIMIT]]
        for row, (days, race, name) in zip(got, youngest):
            age = age_on(born[name], race["date"])
            assert row[1] == f"{age.years} years, {age.days} day{'' if age.days == 1 else 's'}" and \
                age.total == days


@pytest.mark.parametrize("content", [FIXTURE, DEMO], ids=["fixture", "demo"])
def test_each_record_links_to_its_race(content: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every race a record names is a link to that race's page (its h1 the race's name); seasons and drivers link
    to theirs."""
    out = build_once(content, tmp_path_factory)
    checked = 0
    for page in sorted((out / "records").glob("*/index.html")):
        for found in tables(page):
            columns = {text: at for at, text in enumerate(found.head)}
            for row in found.rows:
                for heading in ("Race", "From", "To"):
                    if heading in columns:
                        cell = row[columns[heading]]
                        assert len(cell.links) == 1, (page, found.heading, cell.text)
                        href, text = cell.links[0]
                        assert cell.text.startswith(text) and "/races/" in href
                        target = page_file(out, href).read_text(encoding="utf-8")
                        assert f"<h1>{text}</h1>" in target.replace("&#39;", "'"), (href, text)
                        checked += 1
                assert row[columns["Driver"]].links if "Driver" in columns else row[0].links
    assert checked > 10


def test_the_demo_knows_its_winners_ages_from_the_driver_files(tmp_path_factory: pytest.TempPathFactory) -> None:
    out = build_once(DEMO, tmp_path_factory)
    page = out / "records" / "xfinity" / "index.html"
    assert shown(page, "Youngest winners")[0] == ("Justin Allgaier", "34 years, 287 days", "EchoPark 250",
                                                  "Mar 20, 2021")
    assert shown(page, "Oldest winners")[0][:2] == ("Justin Allgaier", "36 years, 357 days")
    text = page.read_text(encoding="utf-8")
    assert "counted over the 1 winner whose birth date is on the site" in text
    leaders = (out / "leaders" / "index.html").read_text(encoding="utf-8")
    assert '<a href="/records/xfinity/">NASCAR Xfinity Series records</a>' in leaders
    assert '<li><a href="/records/">Records</a></li>' in leaders  # in every page's navigation


# --- unit cases ----------------------------------------------------------------------------------


def race(round_: int, won_by: str, season: int = 2020, led: tuple[tuple[str, int], ...] = ()) -> Race:
    rows = [Result(1, "1", won_by, st=3, led=dict(led).get(won_by))]
    rows += [Result(n, str(n), name, st=1, led=laps) for n, (name, laps) in enumerate(led, 2) if name != won_by]
    return Race(source="r.md", results_source="r.md", series="s", season=season, round=round_,
                date=dt.date(season, 1, 1) + dt.timedelta(days=round_), name=f"R{round_}", track="T", laps=10,
                laps_run=10, lineup="qualifying", results=tuple(rows))


def test_a_streak_runs_over_races_that_follow_on() -> None:
    races = [race(1, "A"), race(2, "A"), race(3, "A"), race(4, "B"), race(5, "B"), race(7, "B"), race(8, "C"),
             race(1, "C", season=2021)]
    whole = series_records("s", races)
    assert [(s.driver, s.wins, s.first.round, s.last.round) for s in whole.streaks] == [
        ("A", 3, 1, 3), ("B", 3, 4, 7), ("C", 2, 8, 1)]
    partial = series_records("s", races, complete=False)  # round 6 and the rest of 2020 are not on the site
    assert [(s.driver, s.wins, s.first.round, s.last.round) for s in partial.streaks] == [("A", 3, 1, 3),
                                                                                          ("B", 2, 4, 5)]


def test_laps_led_counts_every_leader_not_only_each_race_s_most() -> None:
    races = [race(1, "A", led=(("A", 300), ("B", 250))), race(2, "C", led=(("C", 200),))]
    assert [(x.driver, x.led, x.race.round) for x in series_records("s", races).laps_led] == [
        ("A", 300, 1), ("B", 250, 1), ("C", 200, 2)]


def test_ages_count_whole_years_and_days_since_the_birthday() -> None:
    def age(born: dt.date, day: dt.date) -> tuple[int, int, int]:
        found = age_on(born, day)
        return found.years, found.days, found.total

    assert age(dt.date(1986, 6, 6), dt.date(2021, 3, 20)) == (34, 287, 12706)
    assert age(dt.date(1986, 6, 6), dt.date(2021, 6, 6)) == (35, 0, 12784)
    assert age(dt.date(2000, 2, 29), dt.date(2021, 2, 28))[:2] == (20, 365)  # his birthday is March 1 this year
    assert age(dt.date(2000, 2, 29), dt.date(2021, 3, 1))[:2] == (21, 0)


def test_youngest_and_oldest_are_each_driver_s_own_and_only_with_a_birth_date() -> None:
    races = [race(1, "A"), race(2, "B"), race(1, "A", season=2030)]
    found = series_records("s", races, {"A": dt.date(2000, 1, 1)})
    assert [(w.driver, w.race.season) for w in found.youngest] == [("A", 2020)]
    assert [(w.driver, w.race.season) for w in found.oldest] == [("A", 2030)]
    assert found.births_known == 1


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from("ABCDEFGH"), st.sampled_from([0, 1, 5, 50, 51, 200])),
                         min_size=1, max_size=8), min_size=1, max_size=40))
def test_most_laps_led_in_a_race_against_a_plain_count(fields: list[list[tuple[str, int]]]) -> None:
    """Every (driver, race) counted with his most laps led in it, ties broken by the earlier race, then the round,
    then the name; the best `LIMIT` kept (many races and ties: the records cut their list as they go)."""
    races = []
    for n, rows in enumerate(fields):
        results = tuple(Result(fin, str(fin), name, st=fin, led=laps) for fin, (name, laps) in enumerate(rows, 1))
        races.append(Race(source=f"{n}.md", results_source=f"{n}.md", series="s", season=2000 + n // 10,
                          round=n % 10 + 1, date=dt.date(2000 + n // 10, 1, 1) + dt.timedelta(days=(n % 10) // 2),
                          name=f"R{n}", track="T", laps=500, laps_run=500, lineup="qualifying", results=results))
    plain: dict[tuple[str, int], int] = {}
    for n, rows in enumerate(fields):
        for name, laps in rows:
            if laps:
                plain[(name, n)] = max(laps, plain.get((name, n), 0))
    expected = sorted(plain.items(), key=lambda item: (-item[1], races[item[0][1]].date, races[item[0][1]].round,
                                                       item[0][0]))[:LIMIT]
    assert [(x.driver, x.led, x.race.source) for x in series_records("s", races).laps_led] == [
        (name, laps, f"{n}.md") for (name, n), laps in expected]
