"""Championship rules files: every mistake reported as `file:line: field: message (hint)`, and the shipped
NASCAR preset reads clean and covers every season of the shared data once."""

from __future__ import annotations

from racesite.champ_read import declarations, load_preset, read_rules, read_season_file, with_season_files
from racesite.champ_rules import Counting, PlayoffRound, RuleBook, Rules, Scoring
from racesite.content import parse_yaml
from racesite.errors import Problems

BAD = """\
championships:
  - series: league
    from: twenty
    points:
      - {positions: [25, 18], sesion: sprint}
    counting: {skip_rounds: [1, two], best: 3, drop: 1}
    tie_breaks: [winz]
    playoffs:
      regular_season: 10
      feild: 8
      rounds:
        - {races: 3, base: 2000}
"""


def messages(text: str) -> list[str]:
    problems = Problems()
    read_rules(text, "rules.yml", problems)
    return [p.format() for p in problems.items]


def test_every_mistake_in_a_declaration_is_reported_with_its_line_and_a_hint() -> None:
    assert messages(BAD) == [
        "rules.yml:3: championships[1].from: must be a whole number, got 'twenty'",
        "rules.yml:5: championships[1].points[1].sesion: unknown field (did you mean 'session'?)",
        "rules.yml:6: championships[1].counting.skip_rounds[2]: must be a whole number, got 'two'",
        "rules.yml:6: championships[1].counting.drop: `best` and `drop` are both given (keep one: best: N counts "
        "N results, drop: N drops the worst N)",
        "rules.yml:10: championships[1].playoffs.feild: unknown field (did you mean 'field'?)",
        "rules.yml:9: championships[1].playoffs.field: is required (How many drivers the playoffs take.)",
        "rules.yml:7: championships[1].tie_breaks[1]: 'winz' is not allowed (did you mean 'wins'?)",
    ]


def test_seasons_rounds_and_overlaps_are_checked_across_fields() -> None:
    text = """\
championships:
  - series: cup
    from: 2000
    to: 2010
    seasons:
      - {season: 1999, champion: X}
      - {season: 2001, champion: X}
      - {season: 2001, champion: Y}
  - series: cup
    from: 2010
    to: 2009
  - series: cup
    from: 2005
  - series: truck
    from: 2016
    playoffs:
      regular_season: 16
      field: 8
      rounds:
        - {races: 3, base: 2000, advance: 8}
        - {races: 1, base: 4000}
"""
    assert messages(text) == [
        "rules.yml:6: championships[1].seasons[1].season: 1999 is outside this declaration's seasons (2000–2010)",
        "rules.yml:8: championships[1].seasons[3].season: 2001 is given twice (merge the two entries)",
        "rules.yml:11: championships[2].to: 2009 is before `from` (2010)",
        "rules.yml:12: championships[3]: cup 2005– overlaps the declaration on line 2 (cup 2000–2010) (each season "
        "takes one declaration)",
        "rules.yml:20: championships[4].playoffs.rounds[1].advance: 8 of 8 drivers advance (a round must eliminate "
        "someone)",
    ]


def test_a_file_without_championships_or_with_bad_yaml_says_so() -> None:
    assert messages("series: cup\n") == [
        "rules.yml:1: series: unknown field (allowed: championships)",
        "rules.yml:1: championships: is required (The declarations (see *Championships*), any order; two for the "
        "same series must not cover the same season.)"]
    assert messages("championships: [\n")[0].startswith("rules.yml:")
    problems = Problems()
    assert load_preset("nascr", problems) == RuleBook()
    assert [p.format() for p in problems.items] == ["nascr: preset: no preset named 'nascr' (did you mean 'nascar'?)"]


def test_a_good_declaration_becomes_frozen_rules() -> None:
    text = """\
championships:
  - series: league
    from: 2024
    points:
      - {positions: [25, 18, 15], fastest_lap: 1}
      - {session: sprint, positions: [8, 7, 6]}
      - {rounds: [10], positions: [50, 36, 30]}
    counting: {drop: 2, skip_rounds: [3]}
"""
    problems = Problems()
    book = read_rules(text, "rules.yml", problems)
    assert problems.items == []
    rules = book.find("league", 2031)
    assert rules is not None and book.find("league", 2023) is None
    assert rules.counting == Counting(drop=2, skip_rounds=(3,))
    assert rules.scoring(1, "race") == Scoring(positions=(25, 18, 15), fastest_lap=1)
    assert rules.scoring(1, "sprint").positions == (8, 7, 6)
    assert rules.scoring(10, "race").positions == (50, 36, 30)
    assert rules.counting.pays(3, "race") is False and rules.counting.pays(4, "exhibition") is False


def test_the_nascar_preset_reads_clean_and_covers_each_season_of_the_data_once() -> None:
    problems = Problems()
    book = load_preset("nascar", problems)
    assert [p.format() for p in problems.items] == []
    spans = {"cup": range(1949, 2026), "xfinity": range(1982, 2026), "truck": range(1995, 2026)}
    for series, seasons in spans.items():
        for season in seasons:
            found = [r for r in book.rules if r.series == series and r.covers(season)]
            assert len(found) == 1, (series, season)
            assert found[0].facts(season).champion, (series, season)
    cup_2014 = book.find("cup", 2014)
    assert cup_2014 is not None and cup_2014.playoffs is not None
    assert cup_2014.playoffs.rounds[-1] == PlayoffRound(races=1, base=5000, name="Championship 4",
                                                        decided_by="finish")
    assert isinstance(book.find("truck", 2021), Rules) and book.find("truck", 2021).facts(2021).regular_season == 15


# -- site.yml and season files --------------------------------------------------------------------------

def site_rules(text: str, series: tuple[str, ...] = ("cup", "league")) -> tuple[RuleBook, list[str]]:
    problems = Problems()
    node = parse_yaml(text, "content/site.yml", 1, problems)
    assert node is not None
    book = declarations(node.value["championships"], "content/site.yml", problems, series)
    return book, [p.format() for p in problems.items]


def test_a_site_declaration_takes_precedence_over_the_preset_for_its_seasons() -> None:
    book, problems = site_rules("""\
championships:
  - preset: nascar
  - {series: cup, from: 2020, to: 2020, title: Our own}
""")
    assert problems == []
    assert book.find("cup", 2020).title == "Our own"
    assert book.find("cup", 2021).title == "NASCAR Playoffs"
    assert book.find("xfinity", 2021) is None  # not a series of this site
    assert site_rules("championships: {preset: nascar}\n")[1] == [
        "content/site.yml:1: championships: must be a list of declarations (each entry starts with '- series: ...')"]


SEASON_FILE = """\
series: league
season: 2024
order: [Ana Lima, Ben Okafor]
deductions:
  - {driver: Ben Okafor, points: 5, reasn: late}
races: 10
"""


def season_file(text: str, path: str = "content/league/2024/season.yml") -> tuple[object, list[str]]:
    problems = Problems()
    found = read_season_file(parse_yaml(text, path, 1, problems), path, problems, ("league",))
    return found, [p.format() for p in problems.items]


def test_a_season_file_is_checked_field_by_field() -> None:
    _, problems = season_file(SEASON_FILE)
    assert problems == ["content/league/2024/season.yml:5: deductions[1].reasn: unknown field (did you mean "
                        "'reason'?)"]
    _, problems = season_file("series: leage\nseason: 2024\nchampoin: Ana Lima\n")
    assert problems == ["content/league/2024/season.yml:3: champoin: unknown field (did you mean 'champion'?)",
                        "content/league/2024/season.yml:1: series: unknown series 'leage' (did you mean 'league'?)"]


def test_a_season_files_facts_replace_the_declarations_and_a_field_given_twice_is_an_error() -> None:
    found, problems = season_file(SEASON_FILE.replace("reasn", "reason"))
    assert problems == [] and found is not None
    book, _ = site_rules("""\
championships:
  - series: league
    from: 2024
    seasons:
      - {season: 2024, races: 12, waivers: [Kai Berg]}
""")
    merged = Problems()
    rules = with_season_files(book, [found], merged).find("league", 2024)  # type: ignore[list-item]
    assert [p.format() for p in merged.items] == [
        "content/league/2024/season.yml:3: races: league 2024 already has `races` from content/site.yml, line 5 "
        "(give each of a season's facts in one place)"]
    facts = rules.facts(2024)
    assert (facts.order, facts.deductions[0].points, facts.waivers, facts.source) == (
        ("Ana Lima", "Ben Okafor"), 5, ("Kai Berg",), "content/league/2024/season.yml")
    alone = with_season_files(RuleBook(), [found], Problems()).find("league", 2024)  # type: ignore[list-item]
    assert alone is not None and alone.facts(2024).races == 10 and alone.playoffs is None
