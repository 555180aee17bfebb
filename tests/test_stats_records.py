"""Leader tables and records on the leaders, series, season and track pages, against a plain count.

Every leader table is best first, ties by name, zeros left out, cut to 10 rows;
average finish needs 5 starts (2 at one track). The expectations are computed
from `fixture_races()` rows, never through `racesite.stats`.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from racesite.stats.career import Line
from racesite.stats.records import LIMIT, MIN_STARTS, MIN_TRACK_STARTS, leader_tables, rank, series_records
from tests.test_pages import DEMO, FIXTURE, build_once, page_file, tables
from tests.test_stats_career import fixture_races, group, line_of, site_yml
from tests.test_stats_standings import _race, expected_standings

CATEGORIES = [("Wins", "wins", True), ("Poles", "poles", True), ("Top 5s", "top5", True),
              ("Top 10s", "top10", True), ("Laps led", "laps_led", True), ("Starts", "starts", True),
              (f"Average finish (minimum {MIN_STARTS} starts)", "avg_finish", False)]


def expected_ranking(lines: dict[str, dict[str, Any]], key: str, higher: bool, min_starts: int = 1
                     ) -> list[tuple[str, str]]:
    """(name, value as shown) for the best 10 by `key`: zeros left out, ties by name."""
    rows = [(name, line[key]) for name, line in lines.items()
            if line["starts"] >= min_starts and line[key] is not None and (line[key] != 0 or not higher)]
    rows.sort(key=lambda r: (-r[1] if higher else r[1], r[0]))
    shown = f"{{:,.{2 if key == 'avg_finish' else 0}f}}"
    return [(name, shown.format(value)) for name, value in rows[:LIMIT]]


def shown_ranking(page: Path, heading: str, section: str | None = None) -> list[tuple[str, str]]:
    """A leader table's (linked name, value) rows; [] when the page says 'None yet.'."""
    found = [t for t in tables(page) if t.heading == heading and section in (None, t.section)]
    assert len(found) <= 1
    if not found:
        return []
    out = []
    for rank_, row in enumerate(found[0].rows, 1):
        assert row[0].text == str(rank_)
        assert [text for _, text in row[1].links] == [row[1].text], f"{row[1].text} is not a link"
        out.append((row[1].text, row[2].text))
    return out


def series_names(content: Path) -> dict[str, str]:
    return {s["slug"]: s["name"] for s in site_yml(content)["series"]}


@pytest.mark.parametrize("content", [FIXTURE, DEMO], ids=["fixture", "demo"])
def test_leaders_page(content: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    out = build_once(content, tmp_path_factory)
    careers = group(fixture_races(content), "driver", "series")
    page = out / "leaders" / "index.html"
    for slug, name in series_names(content).items():
        lines = {who: line_of(entries) for (who, series), entries in careers.items() if series == slug}
        for heading, key, higher in CATEGORIES:
            minimum = MIN_STARTS if key == "avg_finish" else 1
            assert shown_ranking(page, heading, name) == expected_ranking(lines, key, higher, minimum), (
                f"{name}: {heading}")


@pytest.mark.parametrize("content", [FIXTURE, DEMO], ids=["fixture", "demo"])
def test_season_leaders(content: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    out = build_once(content, tmp_path_factory)
    seasons = group(fixture_races(content), "driver", "series", "season")
    for slug, year in {(s, y) for _, s, y in seasons}:
        page = out / "series" / slug / str(year) / "index.html"
        lines = {who: line_of(entries) for (who, s, y), entries in seasons.items() if (s, y) == (slug, year)}
        for heading, key, higher in CATEGORIES:
            minimum = MIN_STARTS if key == "avg_finish" else 1
            assert shown_ranking(page, heading) == expected_ranking(lines, key, higher, minimum), heading


@pytest.mark.parametrize("content", [FIXTURE, DEMO], ids=["fixture", "demo"])
def test_track_pages(content: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Most wins, most poles and best average finish at each track, across series; and the races held there."""
    out = build_once(content, tmp_path_factory)
    races = fixture_races(content)
    at_track = group(races, "driver", "track")
    for track in sorted({r["track"] for r in races}):
        page = _linked_page(out, track, "tracks")
        lines = {who: line_of(entries) for (who, where), entries in at_track.items() if where == track}
        assert shown_ranking(page, "Most wins") == expected_ranking(lines, "wins", True)
        assert shown_ranking(page, "Most poles") == expected_ranking(lines, "poles", True)
        assert shown_ranking(page, f"Best average finish (minimum {MIN_TRACK_STARTS} starts)") == expected_ranking(
            lines, "avg_finish", False, MIN_TRACK_STARTS)
        held = [r for r in races if r["track"] == track]
        shown = [(row[1].text, row[3].text, row[4].text) for row in _table(page, "Races held").rows]
        assert shown == [(r["name"], r["rows"][0]["driver"] if r["rows"][0]["fin"] == 1 else "", r["pole"] or "—")
                         for r in reversed(held)]


def test_fixture_track_with_most_wins() -> None:
    """Martinsville: Kyle Busch won there in Cup and Trucks; the table counts both series."""
    races = fixture_races(FIXTURE)
    wins: dict[str, int] = defaultdict(int)
    for race in races:
        if race["track"] == "Martinsville Speedway":
            wins[race["rows"][0]["driver"]] += 1
    assert max(wins.items(), key=lambda kv: kv[1]) == ("Kyle Busch", 3)


@pytest.mark.parametrize("content", [FIXTURE, DEMO], ids=["fixture", "demo"])
def test_series_pages(content: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Seasons table (races, different winners, champion, points leader) and the records."""
    out = build_once(content, tmp_path_factory)
    races = fixture_races(content)
    standings = expected_standings(content)
    config = site_yml(content)
    whole = {s["slug"] for s in config["series"] if s.get("complete_history", True)}
    for slug, name in series_names(content).items():
        page = out / "series" / slug / "index.html"
        mine = [r for r in races if r["series"] == slug]
        years = sorted({r["season"] for r in mine}, reverse=True)
        shown = [tuple(c.text for c in row) for row in _table(page, "Seasons").rows]
        expected = []
        for year in years:
            held = [r for r in mine if r["season"] == year]
            leader = standings[(slug, year)][-1]["rows"][0]["driver"]
            champion = leader if slug in whole and year < max(years) else "—"
            winners = {r["rows"][0]["driver"] for r in held if r["rows"][0]["fin"] == 1}
            expected.append((str(year), str(len(held)), str(len(winners)), champion, leader))
        assert shown == expected, name
        from_pole: dict[str, int] = defaultdict(int)
        for race in mine:
            if race["pole"] and race["pole"] == race["rows"][0]["driver"]:
                from_pole[race["pole"]] += 1
        want = sorted(from_pole.items(), key=lambda kv: (-kv[1], kv[0]))[:LIMIT]
        got = [t for t in tables(page) if t.heading == "Wins from the pole"]
        assert ([(row[0].text, int(row[1].text)) for row in got[0].rows] if got else []) == want
        back = sorted((r for r in mine if r["rows"][0]["st"] is not None),
                      key=lambda r: (-r["rows"][0]["st"], r["date"], r["round"]))[:LIMIT]
        got = _table(page, "Wins from furthest back")
        assert [(row[0].text, row[1].text, row[2].text) for row in got.rows] == [
            (r["rows"][0]["driver"], f"from {r['rows'][0]['st']}", f"{r['name']}, {r['date'].year}") for r in back]


def _table(page: Path, heading: str) -> Any:
    found = [t for t in tables(page) if t.heading == heading]
    assert len(found) == 1, (page, heading)
    return found[0]


def _linked_page(out: Path, name: str, listing: str) -> Path:
    """The page a listing (drivers/, tracks/...) links `name` to."""
    from tests.test_stats_career import _href_in

    return page_file(out, _href_in((out / listing / "index.html").read_text(encoding="utf-8"), name))


# --- unit cases ----------------------------------------------------------------------------------


def test_rank_orders_by_value_then_name_and_leaves_out_zeros() -> None:
    lines = [("Zed", Line(starts=3, wins=2)), ("Amy", Line(starts=3, wins=2)), ("Bob", Line(starts=9, wins=0)),
             ("Cy", Line(starts=1, wins=5))]
    assert [(r.name, r.value) for r in rank(lines, lambda line: line.wins, True)] == [
        ("Cy", 5), ("Amy", 2), ("Zed", 2)]


def test_rank_average_needs_minimum_starts_and_lower_is_better() -> None:
    lines = [("A", Line(starts=5, avg_finish=8.0)), ("B", Line(starts=4, avg_finish=1.0)),
             ("C", Line(starts=6, avg_finish=7.5))]
    assert [r.name for r in rank(lines, lambda line: line.avg_finish, False, min_starts=5)] == ["C", "A"]


def test_rank_is_cut_to_the_limit() -> None:
    lines = [(f"D{n:02d}", Line(starts=1, wins=n)) for n in range(1, 30)]
    ranked = rank(lines, lambda line: line.wins, True)
    assert len(ranked) == LIMIT and ranked[0].name == "D29"


def test_leader_tables_note_the_minimum() -> None:
    tables_ = leader_tables([("A", Line(starts=1, wins=1, avg_finish=1.0))])
    assert [t.key for t in tables_] == ["wins", "poles", "top5", "top10", "laps_led", "starts", "avg_finish"]
    assert tables_[-1].note == f"minimum {MIN_STARTS} starts" and tables_[-1].rows == ()


def test_series_records() -> None:
    from racesite.model import Result

    races = [_race([Result(1, "1", "A", st=1), Result(2, "2", "B", st=2)]),  # A from the pole
             _race([Result(1, "2", "B", st=2), Result(2, "1", "A", st=1)]),
             _race([Result(1, "2", "B", st=1), Result(2, "1", "A", st=2)], lineup="formula")]  # started 1st, no pole
    records = series_records("s", races)
    assert [(r.name, r.value) for r in records.wins_from_pole] == [("A", 1)]
    assert [r.results[0].driver for r in records.furthest_back] == ["B", "A", "B"]  # from 2nd first
    assert records.different_winners == ((2020, 2),)
