"""Career lines: every driver's, team's and make's numbers, on the pages and in data/drivers.json.

The expectations come from `fixture_races()`, which reads the fixture site's
recaps with plain `yaml.safe_load` (never through racesite) and counts with
plain loops, so a wrong number in `racesite.stats` cannot agree with itself.
The property tests at the bottom check invariants over random seasons built as
`racesite.model` objects.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import re
from collections import defaultdict
from pathlib import Path
from statistics import mean
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from racesite.errors import Problems
from racesite.load import load_site
from racesite.model import PointsSystem, Race, Result, Series, Site, SiteConfig
from racesite.stats import compute
from racesite.stats.career import Careers, compute_careers, entity_careers, season_careers
from racesite.stats.rules import pole_winner, winner
from tests.test_pages import CSV_SITE, DEMO, FIXTURE, build_once, page_file, table, tables

# --- the independent reading of a content folder --------------------------------------------

COMPACT = ("fin", "st", "car", "driver", "team", "make", "laps", "led", "status", "pts")
QUALIFYING_COMPACT = ("pos", "car", "driver", "time", "speed")
ENTITY_FOLDERS = {"drivers": "driver", "teams": "team", "tracks": "track"}


CSV_NAMES = {"finish": "fin", "pos": "fin", "position": "fin", "start": "st", "#": "car", "number": "car",
             "no": "car", "owner": "team", "manufacturer": "make", "laps_led": "led", "points": "pts"}


def _cell(text: str) -> Any:
    """A CSV cell: blank is None, numbers are numbers (car numbers are read back as text by the caller)."""
    text = text.strip()
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text or None


def front_matter(path: Path) -> dict[str, Any]:
    _, meta, _ = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(meta) or {}


def site_yml(content: Path) -> dict[str, Any]:
    return yaml.safe_load((content / "site.yml").read_text(encoding="utf-8"))


def short_names(content: Path) -> dict[str, str]:
    return {s["slug"]: s.get("short_name", s["name"]) for s in site_yml(content)["series"]}


def fixture_races(content: Path) -> list[dict[str, Any]]:
    """Every published recap as a plain dict: names resolved through the entity files' aliases, rows by `fin`.

    Each race has series, season, round, date, track, name, lineup, pole (None
    unless the lineup came from qualifying), stages (lists of names) and rows
    (dicts with the keys of `COMPACT`).
    """
    names: dict[str, dict[str, str]] = {kind: {} for kind in ENTITY_FOLDERS.values()}
    for folder, kind in ENTITY_FOLDERS.items():
        for file in sorted((content / folder).glob("*.md")):
            meta = front_matter(file)
            for spelling in (meta["name"], *meta.get("aliases", ())):
                names[kind][spelling] = meta["name"]
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}  # a race's fields, from whichever of its files gives them
    for file in sorted(content.rglob("*.md")):
        if file.relative_to(content).parts[0] in ENTITY_FOLDERS:
            continue
        meta = front_matter(file)
        if meta.get("draft"):
            continue
        fields = merged.setdefault((meta["series"], meta["season"], meta["round"]), {})
        fields.update(meta)
        if "results" in meta:
            fields["file"] = file
    races = []
    for meta in merged.values():
        if not meta.get("results"):  # not run yet
            continue
        file = meta["file"]
        table = meta["results"]
        if isinstance(table, str):  # a CSV file beside the recap
            with (file.parent / table).open(encoding="utf-8", newline="") as f:
                table = [{CSV_NAMES.get(k.strip().lower(), k.strip().lower()): _cell(v) for k, v in row.items()}
                         for row in csv.DictReader(f)]
        rows = []
        for raw in table:
            row = dict(zip(COMPACT, raw)) if isinstance(raw, list) else dict(raw)
            row = {key: row.get(key) for key in (*COMPACT, "s1", "s2", "s3")}
            row["driver"] = names["driver"].get(row["driver"], row["driver"])
            row["team"] = names["team"].get(row["team"], row["team"]) if row["team"] else None
            row["status"] = str(row["status"] or "running").lower()
            rows.append(row)
        rows.sort(key=lambda r: r["fin"])
        qualifying = sorted((dict(zip(QUALIFYING_COMPACT, q)) if isinstance(q, list) else q
                             for q in meta.get("qualifying") or ()), key=lambda q: q["pos"])
        lineup = meta.get("lineup", "qualifying")
        pole = None
        if lineup == "qualifying":
            if qualifying:
                pole = names["driver"].get(qualifying[0]["driver"], qualifying[0]["driver"])
            else:
                pole = next((r["driver"] for r in rows if r["st"] == 1), None)
        races.append({
            "file": file, "series": meta["series"], "season": meta["season"], "round": meta["round"],
            "date": meta["date"], "name": meta["name"], "track": names["track"].get(meta["track"], meta["track"]),
            "lineup": lineup, "pole": pole, "rows": rows,
            "stages": [[names["driver"].get(n, n) for n in s["top"]]
                       for s in sorted(meta.get("stages") or (), key=lambda s: s["stage"])],
        })
    races.sort(key=lambda r: (r["date"], r["series"], r["season"], r["round"]))
    return races


def group(races: list[dict[str, Any]], key: str, *by: str) -> dict[tuple[Any, ...], list[tuple[dict, dict]]]:
    """(name, *race fields) -> the (race, row) pairs of that name, for key 'driver', 'team' or 'make'."""
    out: dict[tuple[Any, ...], list[tuple[dict, dict]]] = defaultdict(list)
    for race in races:
        for row in race["rows"]:
            if row[key]:
                out[(row[key], *(race[f] for f in by))].append((race, row))
    return dict(out)


def line_of(entries: list[tuple[dict, dict]]) -> dict[str, Any]:
    """A career line counted by hand: see docs/stats.md for each definition."""
    finishes = [row["fin"] for _, row in entries]
    starts = [row["st"] for _, row in entries if row["st"] is not None]
    wins = sum(1 for f in finishes if f == 1)
    return {
        "starts": len(entries),
        "wins": wins,
        "poles": sum(1 for race, row in entries if race["pole"] == row["driver"]),
        "top5": sum(1 for f in finishes if f <= 5),
        "top10": sum(1 for f in finishes if f <= 10),
        "laps": sum(row["laps"] or 0 for _, row in entries),
        "laps_led": sum(row["led"] or 0 for _, row in entries),
        "avg_start": mean(starts) if starts else None,
        "avg_finish": mean(finishes) if finishes else None,
        "dnf": sum(1 for _, row in entries if row["status"] != "running"),
        "win_pct": 100 * wins / len(entries),
    }


def as_json(line: dict[str, Any]) -> dict[str, Any]:
    """A line the way data/drivers.json gives it: averages rounded to one decimal, no win %."""
    out = {k: v for k, v in line.items() if k != "win_pct"}
    for key in ("avg_start", "avg_finish"):
        out[key] = None if out[key] is None else round(out[key], 1)
    return out


STAT_COLUMNS = {"Starts": "starts", "Wins": "wins", "Top 5": "top5", "Top 10": "top10", "Poles": "poles",
                "Laps": "laps", "Led": "laps_led", "Avg St": "avg_start", "Avg Fin": "avg_finish", "DNF": "dnf",
                "Win %": "win_pct"}


def assert_line_row(cells: dict[str, Any], expected: dict[str, Any], where: str) -> None:
    """A stat-line table row (cells by column heading) shows `expected`: counts exactly, averages to 0.1."""
    for column, key in STAT_COLUMNS.items():
        want = expected[key]
        shown = cells[column].text
        if key in ("avg_start", "avg_finish", "win_pct"):
            assert shown == ("–" if want is None else f"{want:.1f}"), f"{where}: {column} {shown} != {want}"
        else:
            assert cells[column].number == want, f"{where}: {column} {shown} != {want}"


# --- the fixture site -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_once(FIXTURE, tmp_path_factory)


@pytest.fixture(scope="module")
def races() -> list[dict[str, Any]]:
    return fixture_races(FIXTURE)


def drivers_json(out: Path) -> dict[str, dict[str, Any]]:
    return {d["name"]: d for d in json.loads((out / "data" / "drivers.json").read_text(encoding="utf-8"))["drivers"]}


def test_fixture_covers_the_cases(races: list[dict[str, Any]]) -> None:
    """The fixture keeps what the brief asks of it: two series, two seasons, a formula race, aliases, accents."""
    assert {r["series"] for r in races} == {"cup", "trucks"}
    assert {r["season"] for r in races if r["series"] == "cup"} == {2022, 2023}
    assert any(r["lineup"] == "formula" and r["rows"][0]["st"] == 1 for r in races)  # started 1st, no pole
    assert any(r["pole"] and r["pole"] != r["rows"][0]["driver"] for r in races)
    assert "Daniel Suárez" in {row["driver"] for r in races for row in r["rows"]}
    assert any(row["st"] is None for r in races for row in r["rows"])
    assert any(row["pts"] is None for r in races for row in r["rows"])


def test_aliases_merge_into_one_driver(out: Path, races: list[dict[str, Any]]) -> None:
    data = drivers_json(out)
    assert "Daniel Suarez" not in data and "Ricky Stenhouse" not in data
    assert data["Daniel Suárez"]["slug"] == "daniel-suarez"
    assert data["Daniel Suárez"]["series"]["cup"]["starts"] == 5  # three spellings of his five starts
    assert (out / "teams" / "hendrick-motorsports" / "index.html").is_file()
    assert not (out / "teams" / "hms").exists()


def test_drivers_json_matches_a_plain_count(out: Path, races: list[dict[str, Any]]) -> None:
    careers = group(races, "driver", "series")
    data = drivers_json(out)
    expected: dict[str, dict[str, Any]] = defaultdict(dict)
    for (name, series), entries in careers.items():
        expected[name][series] = as_json(line_of(entries))
    assert {name: d["series"] for name, d in data.items() if d["series"]} == dict(expected)
    starters = {name for name, _ in careers}
    assert all(not d["series"] for name, d in data.items() if name not in starters)


@pytest.mark.parametrize("content", [FIXTURE, DEMO, CSV_SITE], ids=["fixture", "demo", "csv"])
def test_driver_pages_show_the_same_numbers(content: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every driver's career table and by-season tables against the plain count (fixture and demo site)."""
    out = build_once(content, tmp_path_factory)
    races = fixture_races(content)
    short = short_names(content)
    data = drivers_json(out)
    careers = group(races, "driver", "series")
    seasons = group(races, "driver", "series", "season")
    for name, driver in data.items():
        html = page_file(out, driver["url"])
        mine = {series: entries for (who, series), entries in careers.items() if who == name}
        on_site = [t for t in tables(html) if t.heading == "Career" and "Top 5" in t.head]  # (not the whole career)
        assert len(on_site) == 1, html
        career = on_site[0]
        assert [row[0].text for row in career.rows] == [short[s] for s in sorted(mine)]
        for series, entries in mine.items():
            cells = dict(zip(career.head, career.row(short[series])))
            assert_line_row(cells, line_of(entries), f"{name} {series}")
            by_season = table(html, f"{short[series]} by season")
            years = sorted(y for (who, s, y) in seasons if who == name and s == series)
            assert [row[0].text for row in by_season.rows] == [str(y) for y in years]
            for year in years:
                cells = dict(zip(by_season.head, by_season.row(str(year))))
                assert_line_row(cells, line_of(seasons[(name, series, year)]), f"{name} {series} {year}")
        assert best_track_sentence(html.read_text()) == expected_best_track(races, name), name


def best_track_sentence(html: str) -> str | None:
    found = re.search(r"<p>Best track: (.*?)</p>", html, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)) if found else None


def expected_best_track(races: list[dict[str, Any]], name: str) -> str | None:
    """Most wins at a track (ties by track name); with no win, the best average finish in 2+ starts there."""
    at: dict[str, list[int]] = defaultdict(list)
    for race in races:
        for row in race["rows"]:
            if row["driver"] == name:
                at[race["track"]].append(row["fin"])
    wins = sorted((-fins.count(1), track) for track, fins in at.items() if 1 in fins)
    if wins:
        track, n, starts = wins[0][1], -wins[0][0], len(at[wins[0][1]])
        return f"{track} ({n} win{'s' if n != 1 else ''} in {starts} start{'s' if starts != 1 else ''})."
    averages = sorted((mean(fins), track) for track, fins in at.items() if len(fins) >= 2)
    if not averages:
        return None
    average, track = averages[0]
    return f"{track} ({average:.1f} average finish in {len(at[track])} starts)."


@pytest.mark.parametrize("kind", ["team", "make"])
@pytest.mark.parametrize("content", [FIXTURE, DEMO], ids=["fixture", "demo"])
def test_team_and_make_pages(content: Path, kind: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Totals, by-season lines and the drivers table of every team and make page."""
    out = build_once(content, tmp_path_factory)
    races = fixture_races(content)
    short = short_names(content)
    totals = group(races, kind, "series")
    seasons = group(races, kind, "series", "season")
    names = sorted({name for name, _ in totals})
    index = (out / f"{kind}s" / "index.html").read_text(encoding="utf-8")
    for name in names:
        href = _href_in(index, name)
        html = page_file(out, href)
        rows = table(html, "Totals")
        for (who, series), entries in totals.items():
            if who == name:
                assert_line_row(dict(zip(rows.head, rows.row(short[series]))), line_of(entries), f"{name} {series}")
        by_season = table(html, "By season")
        want = sorted((s, y) for (who, s, y) in seasons if who == name)
        assert [r[0].text for r in by_season.rows] == [f"{y} {short[s]}" for s, y in want]
        for cells, (series, year) in zip(by_season.dicts(), want):
            assert_line_row(cells, line_of(seasons[(name, series, year)]), f"{name} {series} {year}")
        drivers: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for race in races:
            for row in race["rows"]:
                if row[kind] == name:
                    drivers[row["driver"]][0] += 1
                    drivers[row["driver"]][1] += row["fin"] == 1
        expected = sorted(((d, n, w) for d, (n, w) in drivers.items()), key=lambda x: (-x[1], x[0]))
        shown = [(r[0].text, int(r[1].text), int(r[2].text)) for r in table(html, "Drivers").rows]
        assert shown == expected, name


def _href_in(html: str, name: str) -> str:
    """The href of the listing entry whose text is exactly `name` (HTML-escaped as Jinja does)."""
    from markupsafe import escape

    marker = f">{escape(name)}</a>"
    at = html.index(marker)
    start = html.rindex('href="', 0, at) + len('href="')
    return html[start:html.index('"', start)]


# --- properties over random seasons -----------------------------------------------------------

DRIVERS = [f"Driver {chr(65 + i)}" for i in range(10)]
TEAMS = ["Red", "Blue", "Green"]
STATUSES = ["running", "running", "running", "accident", "engine"]


@st.composite
def races_of_a_season(draw: st.DrawFn, series: str = "s", season: int = 2020) -> list[Race]:
    """1-6 rounds; each a random field of 0-10 drivers with random starts, laps led, statuses and maybe `pts`."""
    rounds = draw(st.integers(1, 6))
    races = []
    for number in range(1, rounds + 1):
        field_size = draw(st.integers(0, len(DRIVERS)))  # 0: a recap whose results are not in yet
        drivers = draw(st.permutations(DRIVERS))[:field_size]
        grid = draw(st.permutations(range(1, field_size + 1)))
        laps = draw(st.integers(1, 50))
        stated = draw(st.booleans())
        results = []
        led_left = laps
        for fin, driver in enumerate(drivers, 1):
            led = draw(st.integers(0, led_left))
            led_left -= led
            results.append(Result(
                fin=fin, car=str(fin), driver=driver, st=grid[fin - 1] if draw(st.booleans()) or fin > 1 else None,
                team=draw(st.sampled_from(TEAMS)), make=draw(st.sampled_from([None, "Ford", "Toyota"])),
                laps=laps - (fin - 1) // 3, led=led, status=draw(st.sampled_from(STATUSES)),
                pts=draw(st.integers(0, 60) | st.sampled_from([0.5, 12.25, 33.3])) if stated else None,
                stages=tuple(draw(st.lists(st.integers(1, 12), max_size=2))),
            ))
        races.append(Race(
            source=f"{series}/{season}/{number}.md",
            results_source=f"{series}/{season}/{number}.md", series=series, season=season, round=number,
            date=dt.date(season, 1, 1) + dt.timedelta(days=7 * number), name=f"Race {number}", track="Track",
            laps=laps, laps_run=laps, draft=False,
            lineup=draw(st.sampled_from(["qualifying", "formula"])), results=tuple(results)))
    return races


SYSTEM = PointsSystem("s", 2000, None, positions=(40, 35, 34, 33, 32, 31, 30, 29), led_lap=1, most_led=2, pole=3,
                      stage=(10, 9, 8))


def a_site(races: list[Race], systems: tuple[PointsSystem, ...] = (SYSTEM,)) -> Site:
    config = SiteConfig(title="T", base_url="/", language="en", description="", author=None, domain=None,
                        series=(Series("s", "Series", "S"),), points=systems)
    return Site(config=config, races=tuple(races))


@settings(max_examples=60, deadline=None)
@given(races_of_a_season())
def test_career_invariants(races: list[Race]) -> None:
    stats = compute(a_site(races))
    won = sum(1 for race in races if winner(race))
    field = max(len(race.results) for race in races)
    teams = compute_careers(races, key="team")
    for team, entries in stats.index.team_races.items():  # a team page's own lines are the same figures
        alone = entity_careers(entries, "team")
        assert alone.career == {k: v for k, v in teams.career.items() if k[0] == team}
        assert alone.seasons_of[team] == teams.seasons_of[team]
    for careers in (stats.careers, teams):
        assert sum(line.wins for line in careers.career.values()) == won
        assert sum(line.starts for line in careers.career.values()) == sum(len(r.results) for r in races)
    assert sum(line.poles for line in stats.careers.career.values()) == sum(
        1 for race in races if pole_winner(race) in {r.driver for r in race.results})
    for line in (*stats.careers.career.values(), *stats.careers.season.values(), *teams.career.values()):
        assert 0 <= line.wins <= line.top5 <= line.top10 <= line.starts
        assert 0 <= line.dnf <= line.starts
        assert line.avg_finish is not None and 1 <= line.avg_finish <= field
        assert line.avg_start is None or 1 <= line.avg_start <= field
    for (name, _), line in stats.careers.career.items():
        assert line.laps_led == sum(r.led or 0 for race in races for r in race.results if r.driver == name)


def test_a_driver_listed_twice_in_one_race_gets_the_pole_once() -> None:
    """Historical data lists a driver twice (two cars, one race): the pole is his once, not per row."""
    from racesite.model import Race, Result
    from racesite.stats.career import compute_careers

    race = Race(source="x.md",
                results_source="x.md", series="xfinity", season=1986, round=16,
                date=__import__("datetime").date(1986, 7, 5),
                name="Race", track="South Boston Speedway", laps=None, laps_run=None, draft=False, lineup="qualifying",
                results=(Result(fin=1, car="1", driver="A"), Result(fin=3, st=1, car="32", driver="Dale Jarrett"),
                         Result(fin=37, st=15, car="52", driver="Dale Jarrett")))
    careers = compute_careers([race])
    assert careers.career[("Dale Jarrett", "xfinity")].poles == 1
    assert careers.career[("Dale Jarrett", "xfinity")].starts == 2


def test_a_driver_s_lines_are_his_career_in_each_series_he_raced_in_series_order() -> None:
    def race(series: str, season: int, fin: int) -> Race:
        return Race(source="x.md", results_source="x.md", series=series, season=season, round=1,
                    date=dt.date(season, 3, 1), name="Race", track="Track", laps=None, laps_run=None,
                    lineup="qualifying", results=(Result(fin=fin, car="1", driver="A"),
                                                  Result(fin=3 - fin, car="2", driver="B")))

    careers = compute_careers([race("xfinity", 2020, 1), race("cup", 2021, 2), race("xfinity", 2021, 2)])
    assert careers.lines_of("A") == (("cup", careers.career[("A", "cup")]),
                                     ("xfinity", careers.career[("A", "xfinity")]))
    assert [line.starts for _, line in careers.lines_of("A")] == [1, 2]
    assert careers.lines_of("nobody") == ()


def test_season_by_season_careers_recount_only_what_changed_and_equal_a_full_count() -> None:
    """The live preview recounts the season an edit touched and keeps the others' lines: the same careers."""
    problems = Problems()
    site = load_site(DEMO, problems)
    assert site is not None
    seasons: dict[tuple[str, int], list[Race]] = {}
    for race in site.races:
        seasons.setdefault((race.series, race.season), []).append(race)
    first = season_careers({k: tuple(v) for k, v in seasons.items()})
    assert first == compute_careers([r for r in site.races if r.results])
    edited = seasons[("xfinity", 2021)][0]
    rows = tuple(row._replace(status="engine") if row.fin == 2 else row for row in edited.results)
    seasons[("xfinity", 2021)][0] = dataclasses.replace(edited, results=rows, digest="edited")
    recounted: list[tuple[str, int]] = []

    def unchanged(key: tuple[str, int]) -> bool:
        same = key != ("xfinity", 2021)
        if not same:
            recounted.append(key)
        return same

    again = season_careers({k: tuple(v) for k, v in seasons.items()}, first, unchanged)
    assert recounted == [("xfinity", 2021)]
    fresh = compute_careers([r for races in seasons.values() for r in races if r.results])
    assert in_order(again) == in_order(fresh)
    runner_up = rows[1].driver
    assert again.career[(runner_up, "xfinity")].dnf == first.career[(runner_up, "xfinity")].dnf + 1
    # A driver who did not race that season keeps his lines and lists: the same objects (what a page shows of
    # him is then compared by identity).
    away = next(name for name, _ in first.by_season[("xfinity", 2023)]
                if (name, "xfinity", 2021) not in first.season)
    assert again.seasons_of[away] is first.seasons_of[away]
    assert again.career[(away, "xfinity")] is first.career[(away, "xfinity")]


def in_order(careers: Careers) -> list[list[object]]:
    """Every table of `careers` as its items in order (dicts compare equal in any order; pages list them in it)."""
    return [list(table.items()) for table in (careers.career, careers.season, careers.seasons_of, careers.by_season,
                                              careers.by_series)]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["A", "B", "C", "D"]), st.sampled_from(["cup", "truck"]),
                          st.integers(2000, 2002), st.integers(1, 40)), min_size=1, max_size=30),
       st.lists(st.tuples(st.sampled_from(["A", "B", "C", "D", "E"]), st.sampled_from(["cup", "truck"]),
                          st.integers(2000, 2003), st.integers(1, 40)), max_size=30),
       st.sets(st.tuples(st.sampled_from(["cup", "truck"]), st.integers(2000, 2003))))
def test_careers_recounted_after_any_edit_equal_a_full_count_in_order(
        before: list[tuple[str, str, int, int]], after: list[tuple[str, str, int, int]],
        edited: set[tuple[str, int]]) -> None:
    """Any seasons recounted, with the same drivers or not: the tables a full count gives, in its order."""
    def seasons_of(rows: list[tuple[str, str, int, int]]) -> dict[tuple[str, int], tuple[Race, ...]]:
        found: dict[tuple[str, int], list[Result]] = {}
        for name, series, year, fin in rows:
            found.setdefault((series, year), []).append(Result(fin=fin, car=str(fin), driver=name))
        return {(series, year): (Race(source=f"{series}{year}.md", results_source=f"{series}{year}.md",
                                      series=series, season=year, round=1, date=dt.date(year, 2, 1), name="Race",
                                      track="Track", laps=None, laps_run=None, draft=False, lineup="qualifying",
                                      results=tuple(rows)),)
                for (series, year), rows in sorted(found.items())}
    first = season_careers(seasons_of(before))
    kept = {key for key in seasons_of(before) if key not in edited}
    now = {**seasons_of(after), **{key: races for key, races in seasons_of(before).items() if key in kept}}
    again = season_careers(dict(sorted(now.items())), first, lambda key: key in kept)
    assert in_order(again) == in_order(season_careers(dict(sorted(now.items()))))
