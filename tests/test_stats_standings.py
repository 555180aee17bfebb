"""Standings after every race, through the championship engine with no rules but site.yml's points systems:
points (stated `pts` or the points system), countback, the pages and JSON.

Expectations are a plain loop over the fixture's rows (`fixture_races`), with
the points systems read from site.yml by `yaml.safe_load`.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from racesite.champ_rules import RuleBook
from racesite.model import PointsSystem, Race, Result
from racesite.pipeline import build
from racesite.stats.champ_points import PLAIN, score_rows
from racesite.stats.champ_site import rules_for
from racesite.stats.championship import decide
from racesite.stats.rules import pole_winner, winner
from tests.test_pages import CSV_SITE, DEMO, FIXTURE, build_once, page_file, table
from tests.test_stats_career import SYSTEM, fixture_races, races_of_a_season, site_yml

RuleBookless = RuleBook()  # no championship declared: site.yml's points systems alone


def points_system(content: Path, series: str, season: int) -> dict[str, Any] | None:
    for system in site_yml(content).get("points") or ():
        if system["series"] == series and system["from"] <= season and season <= system.get("to", season):
            return system
    return None


def points_of(race: dict[str, Any], row: dict[str, Any], system: dict[str, Any] | None) -> float:
    """Stated pts, else: position + a lap led + most laps led (each driver tied on it) + pole + stage finishes."""
    if row["pts"] is not None:
        return row["pts"]
    if system is None:
        return 0
    positions = system["positions"]
    points = positions[row["fin"] - 1] if row["fin"] <= len(positions) else 0
    if row["led"]:
        points += system.get("led_lap", 0)
    most = max(r["led"] or 0 for r in race["rows"])
    if most and row["led"] == most:  # every driver tied on the most laps led
        points += system.get("most_led", 0)
    if race["pole"] == row["driver"]:
        points += system.get("pole", 0)
    stage_points = system.get("stage", [])
    stated = [row[s] for s in ("s1", "s2", "s3") if row[s] is not None]
    places = stated or [top.index(row["driver"]) + 1 for top in race["stages"] if row["driver"] in top]
    points += sum(stage_points[p - 1] for p in places if p <= len(stage_points))
    return points


def expected_standings(content: Path) -> dict[tuple[str, int], list[list[dict[str, Any]]]]:
    """(series, season) -> one table per round: rows in standings order."""
    by_season: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for race in fixture_races(content):
        by_season[(race["series"], race["season"])].append(race)
    out = {}
    for (series, season), races in by_season.items():
        system = points_system(content, series, season)
        points: dict[str, float] = defaultdict(float)
        finishes: dict[str, list[int]] = defaultdict(list)
        led: dict[str, int] = defaultdict(int)
        poles: dict[str, int] = defaultdict(int)
        previous: dict[str, int] = {}
        tables = []
        for race in sorted(races, key=lambda r: r["round"]):
            for row in race["rows"]:
                points[row["driver"]] += points_of(race, row, system)
                finishes[row["driver"]].append(row["fin"])
                led[row["driver"]] += row["led"] or 0
                poles[row["driver"]] += race["pole"] == row["driver"]
            deepest = max(f for fins in finishes.values() for f in fins)
            order = sorted(points, key=lambda d: (-points[d], [-finishes[d].count(p) for p in range(1, deepest + 1)],
                                                  d))
            rows = []
            for pos, driver in enumerate(order, 1):
                fins = finishes[driver]
                rows.append({"pos": pos, "driver": driver, "points": points[driver],
                             "gap": points[order[0]] - points[driver], "starts": len(fins),
                             "wins": fins.count(1), "top5": sum(f <= 5 for f in fins),
                             "top10": sum(f <= 10 for f in fins), "poles": poles[driver], "laps_led": led[driver],
                             "avg_finish": round(sum(fins) / len(fins), 1),
                             "change": previous[driver] - pos if driver in previous else None,
                             "status": None, "note": None, "playoff_points": 0.0, "dropped": 0.0})
            previous = {r["driver"]: r["pos"] for r in rows}
            tables.append({"round": race["round"], "race": race["name"], "rows": rows})
        out[(series, season)] = tables
    whole_history = {s["slug"] for s in site_yml(content)["series"] if s.get("complete_history", True)}
    for (series, season), tables in out.items():
        rounds = [t["round"] for t in tables]
        later = any(s == series and y > season for s, y in out)
        if series in whole_history and later and rounds == list(range(1, len(rounds) + 1)):
            tables[-1]["rows"][0]["status"] = "champion"  # a season the site holds whole: its leader is champion
    return out


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_once(FIXTURE, tmp_path_factory)


def test_fixture_has_a_countback_tie() -> None:
    """Cup 2023 ends with Busch and Hamlin level on points; Busch's win puts him ahead (not the name order)."""
    final = expected_standings(FIXTURE)[("cup", 2023)][-1]["rows"]
    first, second = final[0], final[1]
    assert first["points"] == second["points"]
    assert (first["driver"], second["driver"]) == ("Kyle Busch", "Denny Hamlin")
    assert first["wins"] > second["wins"]


PLAIN_KEYS = ("pos", "driver", "points", "gap", "starts", "wins", "top5", "top10", "poles", "laps_led", "avg_finish",
              "change")


@pytest.mark.parametrize("content", [FIXTURE, DEMO, CSV_SITE], ids=["fixture", "demo", "csv"])
def test_standings_json_every_round(content: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every race's table in the JSON. The demo declares the NASCAR preset: its rows are marked with the playoff
    picture (checked in test_champ_site), so only the plain figures are compared there."""
    out = build_once(content, tmp_path_factory)
    expected = expected_standings(content)
    files = sorted((out / "data" / "standings").glob("*/*.json"))
    assert {(f.parent.name, int(f.stem)) for f in files} == set(expected)
    plain = content != DEMO
    for file in files:
        data = json.loads(file.read_text(encoding="utf-8"))
        want = expected[(data["series"], data["season"])]
        assert [(r["round"], r["race"], r["number"], r["session"], r["stage"]) for r in data["rounds"]] == [
            (t["round"], t["race"], 1, "race", "Regular season") for t in want]
        for got, table_ in zip(data["rounds"], want):
            rows = got["standings"] if plain else [{k: row[k] for k in PLAIN_KEYS} for row in got["standings"]]
            wanted = table_["rows"] if plain else [{k: row[k] for k in PLAIN_KEYS} for row in table_["rows"]]
            assert rows == wanted, f"{file.name} round {got['round']}"


def _shown(rows: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """Expected rows as the standings table shows them."""
    def num(value: float) -> str:
        return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"

    def change(value: int | None) -> str:
        return "new" if value is None else f"▲{value}" if value > 0 else f"▼{-value}" if value < 0 else "–"

    return [(str(r["pos"]), change(r["change"]), r["driver"], num(r["points"]),
             f"−{num(r['gap'])}" if r["gap"] else "–", str(r["starts"]), str(r["wins"]), str(r["top5"]),
             str(r["top10"]), str(r["poles"]), num(r["laps_led"]), f"{r['avg_finish']:.1f}") for r in rows]


@pytest.mark.parametrize("content", [FIXTURE, DEMO], ids=["fixture", "demo"])
def test_season_and_standings_pages(content: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The season page's table and every 'standings after round N' page show the same figures (the demo's tables
    add a column marking the playoff picture)."""
    out = build_once(content, tmp_path_factory)
    whole = {s["slug"] for s in site_yml(content)["series"] if s.get("complete_history", True)}
    expected = expected_standings(content)
    complete = {(s, y) for s, y in expected if s in whole and any(s == s2 and y < y2 for s2, y2 in expected)}
    for (series, season), rounds in expected.items():
        season_page = out / "series" / series / str(season) / "index.html"
        final = table(season_page, "Final standings" if (series, season) in complete
                      else f"Standings after round {rounds[-1]['round']}")
        assert [tuple(c.text for c in row)[:12] for row in final.rows] == _shown(rounds[-1]["rows"])
        for row in final.rows:  # the driver's name is a link to the driver's page
            assert [text for _, text in row[2].links] == [row[2].text]
            page_file(out, row[2].links[0][0])
        for t in rounds:
            page = out / "series" / series / str(season) / "standings" / f"{t['round']:02d}" / "index.html"
            shown = table(page, f"Standings after round {t['round']}")  # a round's page: the first seven columns
            assert [tuple(c.text for c in row)[:7] for row in shown.rows] == [row[:7] for row in _shown(t["rows"])]
            assert shown.head[:7] == ["Pos", "+/−", "Driver", "Pts", "Gap", "Starts", "Wins"]
            champion = t["rows"][0]["status"] == "champion"  # the final table of a season the site holds whole
            if content == FIXTURE:  # (no rules: only a champion is marked)
                assert shown.head[7:] == (["Standing"] if champion else [])
                assert [row[7].text for row in shown.rows[:1] if champion] == (["Champion"] if champion else [])


def test_champion_only_for_a_complete_season(out: Path) -> None:
    """Cup 2022 is followed by 2023 and the series' history is complete: its leader is champion. 2023 is not over."""
    html_2022 = (out / "series" / "cup" / "2022" / "index.html").read_text(encoding="utf-8")
    html_2023 = (out / "series" / "cup" / "2023" / "index.html").read_text(encoding="utf-8")
    leader_2022 = expected_standings(FIXTURE)[("cup", 2022)][-1]["rows"][0]["driver"]
    link = f'<a href="/drivers/{leader_2022.lower().replace(" ", "-")}/">{leader_2022}</a>'
    assert f"<dt>Champion</dt><dd>{link}</dd>" in html_2022
    assert ("<dt>Champion</dt><dd><span class=\"muted\">Not named.</span> The season is still under way on the site, "
            "so no champion is named yet.</dd>") in html_2023
    assert "Final standings" in html_2022 and "Final standings" not in html_2023


# --- unit cases --------------------------------------------------------------------------------


def _race(results: list[Result], lineup: str = "qualifying", stages: tuple[Any, ...] = ()) -> Race:
    import datetime as dt

    return Race(source="r.md",
                results_source="r.md", series="s", season=2020, round=1, date=dt.date(2020, 1, 1), name="R", track="T",
                laps=10, laps_run=10, draft=False, lineup=lineup,
                results=tuple(results), stages=stages)


def race_points(race: Race, system: PointsSystem | None) -> dict[int, float | None]:
    """Each row's points by finishing position, as the championship counts them under `system`."""
    rules = rules_for(RuleBookless, (system,) if system else (), race.series, race.season)
    return {row.fin: points for row, points in zip(race.results, score_rows(race, rules.scoring(race.round), PLAIN)[1])}


def test_stage_points_come_from_the_stages_block() -> None:
    """A recap with a `stages:` block and no s1/s2 columns still earns stage points under a points system."""
    from racesite.model import Stage

    race = _race([Result(1, "1", "A", st=2), Result(2, "2", "B", st=1)],
                 stages=(Stage(1, 5, ("B", "A")), Stage(2, 5, ("A", "B"))))
    system = PointsSystem("s", 2000, None, positions=(40, 35), stage=(10, 9))
    assert race_points(race, system) == {1: 40 + 9 + 10, 2: 35 + 10 + 9}


def test_stated_pts_win_over_the_system() -> None:
    race = _race([Result(1, "1", "A", pts=7), Result(2, "2", "B", led=3)])
    system = PointsSystem("s", 2000, None, positions=(40, 35), led_lap=1, most_led=2)
    assert race_points(race, system) == {1: 7, 2: 35 + 1 + 2}


def test_no_pole_points_when_the_lineup_was_set_by_formula() -> None:
    race = _race([Result(1, "1", "A", st=1), Result(2, "2", "B", st=2)], lineup="formula")
    system = PointsSystem("s", 2000, None, positions=(40, 35), pole=5)
    assert race_points(race, system) == {1: 40, 2: 35}
    assert race_points(_race([Result(1, "1", "A", st=1), Result(2, "2", "B", st=2)]), system) == {1: 45, 2: 35}


def test_without_pts_or_a_system_a_rows_points_are_not_known() -> None:
    assert race_points(_race([Result(1, "1", "A"), Result(2, "2", "B", pts=3)]), None) == {1: None, 2: 3}


# --- properties over random seasons --------------------------------------------------------------


def season_tables(races: list[Race], system: PointsSystem | None) -> list[Any]:
    rules = rules_for(RuleBookless, (system,) if system else (), "s", 2020)
    return list(decide(races, rules).tables)


@settings(max_examples=60, deadline=None)
@given(races_of_a_season(), st.booleans())
def test_standings_invariants(races: list[Race], with_system: bool) -> None:
    races = [race for race in races if race.results]  # (a race without results is upcoming: it counts in none)
    if not races:
        return
    system = SYSTEM if with_system else None
    rounds = season_tables(races, system)
    assert [t.race.round for t in rounds] == [r.round for r in races]
    awarded = 0.0
    for race, after in zip(races, rounds):
        awarded += sum(p or 0 for p in race_points(race, system).values())
        rows = after.lines
        assert [row.pos for row in rows] == list(range(1, len(rows) + 1))
        assert all(a.points >= b.points for a, b in itertools.pairwise(rows))
        assert sum(row.points for row in rows) == pytest.approx(awarded)
        assert all(row.gap == pytest.approx(rows[0].points - row.points) for row in rows)
        for row in rows:
            assert 0 <= row.wins <= row.top5 <= row.top10 <= row.starts
    final = rounds[-1].lines
    # the final table decided on its own (every_round=False) is the last race's, position changes aside
    alone = decide(races, rules_for(RuleBookless, (system,) if system else (), "s", 2020), every_round=False)
    assert alone.computed is not None
    assert [(r.driver, r.points) for r in alone.computed.lines] == [(r.driver, r.points) for r in final]
    assert sum(row.wins for row in final) == sum(1 for race in races if winner(race))
    assert sum(row.starts for row in final) == sum(len(race.results) for race in races)
    assert {row.driver for row in final} == {r.driver for race in races for r in race.results}
    for row in final:
        field = max(len(race.results) for race in races)
        assert row.avg_finish is not None and 1 <= row.avg_finish <= field


@settings(max_examples=40, deadline=None)
@given(races_of_a_season())
def test_points_awarded_match_a_plain_sum(races: list[Race]) -> None:
    """Each round's points, recomputed by hand from the model, add up to the standings' totals."""
    totals: dict[str, float] = defaultdict(float)
    for race in races:
        most = max((r.led or 0 for r in race.results), default=0)
        for r in race.results:
            if r.pts is not None:
                totals[r.driver] += r.pts
                continue
            pts = SYSTEM.positions[r.fin - 1] if r.fin <= len(SYSTEM.positions) else 0
            pts += SYSTEM.led_lap if r.led else 0
            pts += SYSTEM.most_led if most and r.led == most else 0
            pts += SYSTEM.pole if pole_winner(race) == r.driver else 0
            pts += sum(SYSTEM.stage[p - 1] for p in r.stages if p <= len(SYSTEM.stage))
            totals[r.driver] += pts
    run = [race for race in races if race.results]
    final = {row.driver: row.points for row in season_tables(run, SYSTEM)[-1].lines} if run else {}
    assert final == pytest.approx(dict(totals))


@pytest.mark.parametrize("content", [FIXTURE, DEMO], ids=["fixture", "demo"])
def test_race_pages_show_the_points_each_row_scored(content: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The results' Pts column shows what the standings counted: stated pts, or the points system's award."""
    out = build_once(content, tmp_path_factory)
    urls = {(r["series"], r["season"], r["round"]): r["url"]
            for r in json.loads((out / "data" / "races.json").read_text(encoding="utf-8"))["races"]}
    for race in fixture_races(content):
        system = points_system(content, race["series"], race["season"])
        results = table(page_file(out, urls[(race["series"], race["season"], race["round"])]), "Results")
        shown = [cells["Pts"].number for cells in results.dicts()]
        assert shown == [points_of(race, row, system) for row in race["rows"]], race["name"]


def test_no_points_shown_without_pts_or_a_system(site: Any) -> None:
    """A site that does not track points shows '–', not a column of zeros."""
    from tests.helpers import recap

    rows = ("  - [1, 6, \"7\", Justin Allgaier]\n"
            "  - [2, 18, \"54\", Martin Truex Jr., Joe Gibbs Racing, Toyota, 163, 0, running, 4]\n")
    build(site({"xfinity/2021/06-atlanta.md": recap(rows)}), Path("out"))
    results = table(Path("out/races/xfinity/2021/06-echopark-250/index.html"), "Results")
    assert [cells["Pts"].text for cells in results.dicts()] == ["–", "4"]
