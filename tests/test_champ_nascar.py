"""Every NASCAR champion recounted from the shared CSVs under the declared rules (racesite/presets/nascar.yml).

The races are read here with the csv module into the model's `Race` and `Result` (one row per car: `Pts`
is the official race points, `S1`/`S2` stage finishes); the champions, Championship 4s and the 2004 Chase
below are written from the record, not from racesite. Skipped when ../shared is not here.

What is checked:
- Cup 2004–2025: the champion the rules compute (2004 Kurt Busch while Jeff Gordon led the points, 2011 Tony
  Stewart over Carl Edwards on wins, 2014 Kevin Harvick, 2020 Chase Elliott...), each Championship 4 since
  2014, and the 2004 Chase's final points to the point;
- Cup before 2004: in every season whose rows all carry points (1962–1973, 1975–2003), the leader of a
  plain sum of `Pts` (counted here) is the champion, except 1973, and the engine agrees with the sum;
- Xfinity and Truck: every champion of the playoff era (2016–2025) computed, and every earlier champion
  the points leader, except Xfinity 1986;
- every season: the official champion the preset records is the one written here;
- the points systems declared for rows without `pts` give the data's `Pts` for at least 98.5% of the rows
  that scored, season by season (the rest: penalties, a fourth stage, fields past the table).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
from collections import defaultdict
from pathlib import Path

import pytest

from racesite.champ_read import load_preset
from racesite.champ_rules import RuleBook
from racesite.errors import Problems
from racesite.model import Race, Result
from racesite.stats.champ_points import RaceInfo, score_race
from racesite.stats.championship import Championship, decide

NASCAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "nascar"
pytestmark = pytest.mark.skipif(not NASCAR.is_dir(), reason=f"no NASCAR data at {NASCAR}")


def champions(text: str) -> dict[int, str]:
    """`1949 Red Byron; 1950 Bill Rexford; ...` as {1949: "Red Byron", ...}."""
    pairs = (item.strip().split(" ", 1) for item in text.replace("\n", " ").split(";"))
    return {int(year): name for year, name in pairs}


CUP = champions("""\
1949 Red Byron; 1950 Bill Rexford; 1951 Herb Thomas; 1952 Tim Flock; 1953 Herb Thomas; 1954 Lee Petty;
1955 Tim Flock; 1956 Buck Baker; 1957 Buck Baker; 1958 Lee Petty; 1959 Lee Petty; 1960 Rex White;
1961 Ned Jarrett; 1962 Joe Weatherly; 1963 Joe Weatherly; 1964 Richard Petty; 1965 Ned Jarrett;
1966 David Pearson; 1967 Richard Petty; 1968 David Pearson; 1969 David Pearson; 1970 Bobby Isaac;
1971 Richard Petty; 1972 Richard Petty; 1973 Benny Parsons; 1974 Richard Petty; 1975 Richard Petty;
1976 Cale Yarborough; 1977 Cale Yarborough; 1978 Cale Yarborough; 1979 Richard Petty; 1980 Dale Earnhardt;
1981 Darrell Waltrip; 1982 Darrell Waltrip; 1983 Bobby Allison; 1984 Terry Labonte; 1985 Darrell Waltrip;
1986 Dale Earnhardt; 1987 Dale Earnhardt; 1988 Bill Elliott; 1989 Rusty Wallace; 1990 Dale Earnhardt;
1991 Dale Earnhardt; 1992 Alan Kulwicki; 1993 Dale Earnhardt; 1994 Dale Earnhardt; 1995 Jeff Gordon;
1996 Terry Labonte; 1997 Jeff Gordon; 1998 Jeff Gordon; 1999 Dale Jarrett; 2000 Bobby Labonte;
2001 Jeff Gordon; 2002 Tony Stewart; 2003 Matt Kenseth; 2004 Kurt Busch; 2005 Tony Stewart;
2006 Jimmie Johnson; 2007 Jimmie Johnson; 2008 Jimmie Johnson; 2009 Jimmie Johnson; 2010 Jimmie Johnson;
2011 Tony Stewart; 2012 Brad Keselowski; 2013 Jimmie Johnson; 2014 Kevin Harvick; 2015 Kyle Busch;
2016 Jimmie Johnson; 2017 Martin Truex Jr.; 2018 Joey Logano; 2019 Kyle Busch; 2020 Chase Elliott;
2021 Kyle Larson; 2022 Joey Logano; 2023 Ryan Blaney; 2024 Joey Logano; 2025 Kyle Larson""")

XFINITY = champions("""\
1982 Jack Ingram; 1983 Sam Ard; 1984 Sam Ard; 1985 Jack Ingram; 1986 Larry Pearson; 1987 Larry Pearson;
1988 Tommy Ellis; 1989 Rob Moroso; 1990 Chuck Bown; 1991 Bobby Labonte; 1992 Joe Nemechek; 1993 Steve Grissom;
1994 David Green; 1995 Johnny Benson Jr.; 1996 Randy LaJoie; 1997 Randy LaJoie; 1998 Dale Earnhardt Jr.;
1999 Dale Earnhardt Jr.; 2000 Jeff Green; 2001 Kevin Harvick; 2002 Greg Biffle; 2003 Brian Vickers;
2004 Martin Truex Jr.; 2005 Martin Truex Jr.; 2006 Kevin Harvick; 2007 Carl Edwards; 2008 Clint Bowyer;
2009 Kyle Busch; 2010 Brad Keselowski; 2011 Ricky Stenhouse Jr.; 2012 Ricky Stenhouse Jr.; 2013 Austin Dillon;
2014 Chase Elliott; 2015 Chris Buescher; 2016 Daniel Suarez; 2017 William Byron; 2018 Tyler Reddick;
2019 Tyler Reddick; 2020 Austin Cindric; 2021 Daniel Hemric; 2022 Ty Gibbs; 2023 Cole Custer;
2024 Justin Allgaier; 2025 Jesse Love""")

TRUCK = champions("""\
1995 Mike Skinner; 1996 Ron Hornaday Jr.; 1997 Jack Sprague; 1998 Ron Hornaday Jr.; 1999 Jack Sprague;
2000 Greg Biffle; 2001 Jack Sprague; 2002 Mike Bliss; 2003 Travis Kvapil; 2004 Bobby Hamilton;
2005 Ted Musgrave; 2006 Todd Bodine; 2007 Ron Hornaday Jr.; 2008 Johnny Benson Jr.; 2009 Ron Hornaday Jr.;
2010 Todd Bodine; 2011 Austin Dillon; 2012 James Buescher; 2013 Matt Crafton; 2014 Matt Crafton;
2015 Erik Jones; 2016 Johnny Sauter; 2017 Christopher Bell; 2018 Brett Moffitt; 2019 Matt Crafton;
2020 Sheldon Creed; 2021 Ben Rhodes; 2022 Zane Smith; 2023 Ben Rhodes; 2024 Ty Majeski; 2025 Corey Heim""")

CUP_FINAL_FOUR = {
    2014: {"Kevin Harvick", "Ryan Newman", "Denny Hamlin", "Joey Logano"},
    2015: {"Kyle Busch", "Kevin Harvick", "Martin Truex Jr.", "Jeff Gordon"},
    2016: {"Jimmie Johnson", "Carl Edwards", "Joey Logano", "Kyle Busch"},
    2017: {"Martin Truex Jr.", "Kyle Busch", "Kevin Harvick", "Brad Keselowski"},
    2018: {"Joey Logano", "Martin Truex Jr.", "Kevin Harvick", "Kyle Busch"},
    2019: {"Kyle Busch", "Kevin Harvick", "Denny Hamlin", "Martin Truex Jr."},
    2020: {"Chase Elliott", "Brad Keselowski", "Denny Hamlin", "Joey Logano"},
    2021: {"Kyle Larson", "Denny Hamlin", "Martin Truex Jr.", "Chase Elliott"},
    2022: {"Joey Logano", "Ross Chastain", "Christopher Bell", "Chase Elliott"},
    2023: {"Ryan Blaney", "Kyle Larson", "William Byron", "Christopher Bell"},
    2024: {"Joey Logano", "Ryan Blaney", "William Byron", "Tyler Reddick"},
    2025: {"Kyle Larson", "Denny Hamlin", "Chase Briscoe", "William Byron"},
}

# The 2004 Chase's final points, top ten (Kurt Busch won by 8 over Jimmie Johnson).
CHASE_2004 = [("Kurt Busch", 6506), ("Jimmie Johnson", 6498), ("Jeff Gordon", 6490), ("Mark Martin", 6399),
              ("Dale Earnhardt Jr.", 6368), ("Tony Stewart", 6326), ("Ryan Newman", 6180), ("Matt Kenseth", 6069),
              ("Elliott Sadler", 6024), ("Jeremy Mayfield", 6000)]


@functools.cache
def rows_of(series: str) -> dict[int, dict[int, list[dict[str, str]]]]:
    """season -> round -> the CSV rows of the cars that started (a driver and a finish)."""
    out: dict[int, dict[int, list[dict[str, str]]]] = defaultdict(lambda: defaultdict(list))
    with open(NASCAR / f"{series}.csv", newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            if row["Driver"].strip() and row["Finish"].strip():
                out[int(row["Season"])][int(row["Race"])].append(row)
    return out


def number(text: str) -> int | None:
    return int(float(text)) if text.strip() else None


@functools.cache
def races_of(series: str) -> dict[int, tuple[Race, ...]]:
    """season -> its races in round order, as the model's `Race`s."""
    out = {}
    for season, rounds in rows_of(series).items():
        races = []
        for rnd, rows in sorted(rounds.items()):
            results = tuple(
                Result(fin=int(r["Finish"]), car=r["Car"], driver=r["Driver"].strip(), st=number(r["Start"]),
                       laps=number(r["Laps"]), led=number(r["Led"]), status=r["Status"].strip().lower() or "running",
                       pts=float(r["Pts"]) if r["Pts"].strip() else None,
                       stages=(number(r["S1"]), number(r["S2"])) if r["S1"].strip() or r["S2"].strip() else ())
                for r in sorted(rows, key=lambda r: int(r["Finish"])))
            races.append(Race(source=f"{series}.csv", series=series, season=season, round=rnd,
                              date=dt.date(season, 1, 1), name=rows[0]["Name"], track=rows[0]["Track"], laps=None,
                              laps_run=None, results_source=f"{series}.csv", draft=False, lineup="qualifying",
                              results=results))
        out[season] = tuple(races)
    return out


@functools.cache
def preset() -> RuleBook:
    problems = Problems()
    book = load_preset("nascar", problems)
    assert problems.items == []
    return book


def decided(series: str, season: int) -> Championship:
    return decide(races_of(series)[season], preset().find(series, season), every_round=False)


def plain_leaders(series: str, season: int) -> set[str]:
    """The leaders of a plain sum of the season's `Pts` (two when tied), counted here; empty when a row has no
    points."""
    totals: dict[str, float] = defaultdict(float)
    for rows in rows_of(series)[season].values():
        for row in rows:
            if not row["Pts"].strip():
                return set()
            totals[row["Driver"].strip()] += float(row["Pts"])
    top = max(totals.values())
    return {driver for driver, points in totals.items() if points == top}


@pytest.mark.parametrize("season", range(2004, 2026))
def test_every_cup_champion_of_the_chase_and_playoff_era_is_computed(season: int) -> None:
    champ = decided("cup", season)
    assert champ.computed_champion == CUP[season]
    assert champ.champion == CUP[season]
    if season >= 2014:
        assert set(champ.playoffs[-1].rounds) == {36}
        assert {name for name, _ in champ.playoffs[-1].seeds} == CUP_FINAL_FOUR[season]


def test_the_points_leader_was_not_champion_in_2004_2014_and_2020() -> None:
    assert [(decided("cup", y).points_leader, decided("cup", y).champion) for y in (2004, 2014, 2020)] == [
        ("Jeff Gordon", "Kurt Busch"), ("Jeff Gordon", "Kevin Harvick"), ("Kevin Harvick", "Chase Elliott")]


def test_2011_was_a_tie_on_points_settled_by_wins() -> None:
    final = decided("cup", 2011).final
    assert final is not None
    first, second = final.lines[:2]
    assert (first.driver, first.points, first.wins) == ("Tony Stewart", 2403, 5)
    assert (second.driver, second.points, second.wins) == ("Carl Edwards", 2403, 1)


def test_the_2004_chase_ends_on_the_official_points() -> None:
    champ = decided("cup", 2004)
    assert champ.final is not None
    assert [(line.driver, line.points) for line in champ.final.lines[:10]] == CHASE_2004
    assert champ.differences == (
        "2004: the playoff field: the results put in Jamie McMurray; officially Ryan Newman instead",)


def test_only_2025_needs_an_official_round_and_only_2004_an_official_field() -> None:
    noted = {season: decided("cup", season).differences for season in range(2005, 2026)}
    assert {season: notes for season, notes in noted.items() if notes} == {2025: (
        "2025: Round of 8: the results send on Chase Briscoe, Christopher Bell, Denny Hamlin, William Byron; "
        "officially Chase Briscoe, Denny Hamlin, Kyle Larson, William Byron went on",)}


def test_before_2004_the_cup_champion_is_the_points_leader_wherever_the_data_has_every_points_figure() -> None:
    checked, exceptions = [], []
    for season in range(1949, 2004):
        leaders = plain_leaders("cup", season)
        if not leaders:
            continue
        checked.append(season)
        assert {decided("cup", season).computed_champion} == leaders, season
        if CUP[season] not in leaders:
            exceptions.append((season, *leaders, CUP[season]))
    assert checked == [*range(1962, 1974), *range(1975, 2004)]
    assert exceptions == [(1973, "Cale Yarborough", "Benny Parsons")]


@pytest.mark.parametrize(("series", "champions"), [("xfinity", XFINITY), ("truck", TRUCK)])
def test_xfinity_and_truck_champions(series: str, champions: dict[int, str]) -> None:
    wrong = {}
    for season, champion in champions.items():
        champ = decided(series, season)
        assert champ.champion == champion, (series, season)
        if champ.computed_champion != champion:
            wrong[season] = champ.computed_champion
        if season < 2016:  # 2011 Truck: Austin Dillon and Johnny Sauter tie, Dillon ahead on places
            assert champ.computed_champion in plain_leaders(series, season), (series, season)
    assert wrong == ({1986: "Brett Bodine"} if series == "xfinity" else {})


def test_the_preset_records_every_official_champion() -> None:
    for series, champions in (("cup", CUP), ("xfinity", XFINITY), ("truck", TRUCK)):
        for season, champion in champions.items():
            rules = preset().find(series, season)
            assert rules is not None, (series, season)
            assert rules.facts(season).champion == champion, (series, season)


def test_the_whole_cup_history_gives_a_table_after_every_race() -> None:
    seasons = races_of("cup")
    tables = sum(len(decide(races, preset().find("cup", season)).tables) for season, races in seasons.items())
    assert tables == sum(len(races) for races in seasons.values())


def test_the_declared_points_systems_give_the_datas_points() -> None:
    rates = {}
    for rules in preset().rules:
        if not rules.points:
            continue
        system = dataclasses.replace(rules.points[0], official=False)
        for season in range(rules.first, (rules.last or rules.first) + 1):
            if season == 2025:
                continue  # the data has no stage results for 2025
            same = scored = 0
            for race in races_of(rules.series)[season]:
                given = {row.driver: row.pts for row in race.results}
                for score in score_race(race, system, RaceInfo()):
                    if given[score.driver]:
                        scored += 1
                        same += score.points == given[score.driver]
            rates[(rules.series, season)] = same / scored
    assert len(rates) == 50 + 27 + 26  # Cup 1975–2024, Xfinity 1998–2024, Truck 1999–2024
    assert {key: round(rate, 3) for key, rate in rates.items() if rate < 0.985} == {}
