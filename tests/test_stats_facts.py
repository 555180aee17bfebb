"""Race facts and placeholders: '15th career win', 'won from 6th', 'led a race-high N laps', `{{ winner_wins }}`.

Career counts are stated only when they are known to be whole (docs/stats.md):
the series' history is complete, or the driver's file gives a `before`
baseline and the recaps run without a gap. Each test writes a small site.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from racesite.errors import BuildError
from racesite.pipeline import build
from racesite.stats.facts import PLACEHOLDERS, ordinal
from tests.conftest import SiteMaker
from tests.helpers import RECAP, check_lines, recap
from tests.test_pages import DEMO, build_once

PARTIAL_YML = """\
title: Test Site
base_url: https://racing.example.com/
series:
  - {slug: xfinity, name: NASCAR Xfinity Series, short_name: Xfinity, complete_history: false}
"""

ALLGAIER = """\
---
name: Justin Allgaier
before:
  xfinity: {starts: 339, wins: 14, poles: 2}
---
"""

BODY = "Allgaier held off Truex."


def race(round_: int, body: str = BODY, rows: str | None = None, **fields: object) -> str:
    """`RECAP` (Allgaier wins from 6th, Truex leads 103 laps) as round `round_` of 2021."""
    text = recap(rows, round=round_, date=f"2021-03-{round_ + 1:02d}", name=f"Race {round_}", **fields)
    return text.replace(BODY, body)


def highlights(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    block = re.search(r'<ul class="highlights">(.*?)</ul>', text, re.S)
    return [html.unescape(li) for li in re.findall(r"<li>(.*?)</li>", block.group(1))] if block else []


def body(page: Path) -> str:
    """The text of the race's recap, on its own page beside the race page."""
    text = (page.parent / "recap" / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<div class="body">(.*?)</div>', text, re.S)
    assert block, page
    return html.unescape(re.sub(r"<[^>]+>", "", block.group(1))).strip()


def built(content: Path, round_: int = 6, name: str = "EchoPark 250") -> Path:
    build(content, Path("out"))
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return Path("out") / "races" / "xfinity" / "2021" / f"{round_:02d}-{slug}" / "index.html"


def test_fifteenth_win_from_a_before_baseline(site: SiteMaker) -> None:
    """History incomplete, but the driver file says 14 wins before: this one is his 15th, in text and body."""
    content = site({"drivers/justin-allgaier.md": ALLGAIER,
                    "xfinity/2021/06-atlanta.md": recap().replace(BODY, "It was his {{ winner_wins }} win.")},
                   site_yml=PARTIAL_YML)
    page = built(content)
    assert "Justin Allgaier's 15th career NASCAR Xfinity Series win." in highlights(page)
    assert body(page) == "It was his 15th win."


def page_text(page: Path) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))).split())


def test_the_driver_page_shows_the_career_the_facts_count(site: SiteMaker) -> None:
    """The recap says 15th career win: the driver page's whole career says 15 wins, the site's own line 1."""
    content = site({"drivers/justin-allgaier.md": ALLGAIER, "xfinity/2021/06-atlanta.md": recap()},
                   site_yml=PARTIAL_YML)
    built(content)
    driver = page_text(Path("out/drivers/justin-allgaier/index.html"))
    assert "Whole career: the figures from before this site's races (from the driver's file) and those races " \
           "Series Starts Wins Poles Through Xfinity 340 15 2 EchoPark 250 , March 20, 2021" in driver
    assert "On this site Series Starts Wins Top 5 Top 10 Poles Laps Led Avg St Avg Fin DNF Win % Xfinity 1 1 1 1 0" \
        in driver
    truex = page_text(Path("out/drivers/martin-truex-jr/index.html"))  # no driver file: the site's line alone
    assert "Whole career" not in truex and "On this site" not in truex


def test_no_career_count_without_a_baseline_in_a_partial_history(site: SiteMaker) -> None:
    content = site({"xfinity/2021/06-atlanta.md": recap()}, site_yml=PARTIAL_YML)
    facts = highlights(built(content))
    assert not any("career" in sentence for sentence in facts)
    assert "Won from 6th." in facts


def test_baseline_count_stops_after_a_gap(site: SiteMaker) -> None:
    """Rounds 1 and 3 on the site, round 2 missing: his round-3 win count is no longer known."""
    content = site({"drivers/justin-allgaier.md": ALLGAIER, "xfinity/2021/01.md": race(1),
                    "xfinity/2021/03.md": race(3)}, site_yml=PARTIAL_YML)
    assert "Justin Allgaier's 15th career NASCAR Xfinity Series win." in highlights(built(content, 1, "Race 1"))
    assert not any("career" in s for s in highlights(Path("out/races/xfinity/2021/03-race-3/index.html")))


def test_first_career_win_in_a_complete_history(site: SiteMaker) -> None:
    content = site({"xfinity/2021/06-atlanta.md": recap()})
    assert highlights(built(content))[0] == "Justin Allgaier's first career NASCAR Xfinity Series win."


def test_first_career_win_from_a_zero_baseline(site: SiteMaker) -> None:
    driver = ALLGAIER.replace("wins: 14", "wins: 0")
    content = site({"drivers/justin-allgaier.md": driver, "xfinity/2021/06-atlanta.md": recap()},
                   site_yml=PARTIAL_YML)
    assert "Justin Allgaier's first career NASCAR Xfinity Series win." in highlights(built(content))


def test_second_win_in_a_complete_history_counts_every_recap(site: SiteMaker) -> None:
    content = site({"xfinity/2021/01.md": race(1), "xfinity/2021/02.md": race(2, "{{ winner_track_wins }} there"),
                    "xfinity/2021/03.md": race(3, track="Phoenix Raceway")})
    build(content, Path("out"))
    second = Path("out/races/xfinity/2021/02-race-2/index.html")
    assert highlights(second)[0] == "Justin Allgaier's 2nd career NASCAR Xfinity Series win."
    assert body(second) == "2nd there"
    third = highlights(Path("out/races/xfinity/2021/03-race-3/index.html"))
    assert third[0] == "Justin Allgaier's 3rd career NASCAR Xfinity Series win and first at Phoenix Raceway."


def test_first_starts_in_a_complete_history(site: SiteMaker) -> None:
    """Round 1 is everyone's first race on the site: no list. In round 2 only the newcomer is named."""
    newcomer = "  - [4, 4, \"99\", Sam Mayer, JR Motorsports, Chevrolet, 160, 0, running, 33]\n"
    rows = RECAP.split("results:\n")[1].split("---")[0]
    content = site({"xfinity/2021/01.md": race(1), "xfinity/2021/02.md": race(2, rows=rows + newcomer)})
    assert not any("start" in s for s in highlights(built(content, 1, "Race 1")))
    assert "First NASCAR Xfinity Series start: Sam Mayer." in highlights(
        Path("out/races/xfinity/2021/02-race-2/index.html"))


def test_won_from_sixth_and_from_the_pole(site: SiteMaker) -> None:
    pole_rows = ("  - [1, 1, \"7\", Justin Allgaier, JR Motorsports, Chevrolet, 163, 47, running, 57]\n"
                 "  - [2, 18, \"54\", Martin Truex Jr., Joe Gibbs Racing, Toyota, 163, 103, running, 0]\n")
    content = site({"xfinity/2021/01.md": race(1), "xfinity/2021/02.md": race(2, rows=pole_rows),
                    "xfinity/2021/03.md": race(3, rows=pole_rows, lineup="formula")})
    assert "Won from 6th." in highlights(built(content, 1, "Race 1"))
    assert "Won from the pole." in highlights(Path("out/races/xfinity/2021/02-race-2/index.html"))
    # Started first, but the field was set by formula: nobody won the pole.
    third = highlights(Path("out/races/xfinity/2021/03-race-3/index.html"))
    assert "Won from 1st." in third and not any("pole" in s.lower() for s in third)


def test_race_high_laps_led(site: SiteMaker) -> None:
    content = site({"xfinity/2021/06-atlanta.md": recap().replace(BODY, "{{ most_led }} led {{ most_led_laps }}.")})
    page = built(content)
    assert "Martin Truex Jr. led a race-high 103 laps." in highlights(page)
    assert body(page) == "Martin Truex Jr. led 103."


def test_pole_count_from_the_qualifying_table(site: SiteMaker) -> None:
    qualifying = "qualifying:\n  - [1, \"20\", Harrison Burton, 30.1]\n  - [2, \"7\", Justin Allgaier, 30.2]\n"
    text = recap().replace("results:\n", qualifying + "results:\n")
    content = site({"drivers/justin-allgaier.md": ALLGAIER, "xfinity/2021/06-atlanta.md": text}, site_yml=PARTIAL_YML)
    facts = highlights(built(content))
    assert "Pole: Harrison Burton." in facts  # no baseline for Burton: no count
    assert "Won from 6th." in facts


def test_unknown_placeholder_is_an_error_at_its_line(site: SiteMaker) -> None:
    # RECAP's body starts on line 15; the placeholder is two lines further down.
    content = site({"xfinity/2021/06-atlanta.md": recap().replace(BODY, "One.\n\nIt was his {{ winner_win }} win.")})
    assert check_lines(content) == [
        "content/xfinity/2021/06-atlanta.md:17: body: unknown placeholder '{{ winner_win }}' "
        "(did you mean 'winner_wins'?)"]


def test_unknown_placeholder_without_a_near_name_points_at_the_docs(site: SiteMaker) -> None:
    content = site({"xfinity/2021/06-atlanta.md": recap().replace(BODY, "{{ weather }}")})
    assert check_lines(content) == [
        "content/xfinity/2021/06-atlanta.md:15: body: unknown placeholder '{{ weather }}' "
        "(see docs/stats.md for the placeholders)"]


def test_a_placeholder_with_no_value_is_an_error(site: SiteMaker) -> None:
    """`{{ winner_wins }}` where the count is not known would print 'his  win': the build fails and says why."""
    content = site({"xfinity/2021/06-atlanta.md": recap().replace(BODY, "His {{ winner_wins }} win.")},
                   site_yml=PARTIAL_YML)
    assert check_lines(content) == [
        "content/xfinity/2021/06-atlanta.md:15: body: '{{ winner_wins }}' has no value for this race (career counts "
        "need the series' complete history or the driver file's `before`; see docs/stats.md)"]
    with pytest.raises(BuildError):
        build(content, Path("out"))
    assert not Path("out").exists()


def test_season_win_count_needs_every_earlier_round(site: SiteMaker) -> None:
    content = site({"xfinity/2021/01.md": race(1), "xfinity/2021/02.md": race(2, "{{ winner_season_wins }} win"),
                    "xfinity/2021/04.md": race(4)})
    build(content, Path("out"))
    second = Path("out/races/xfinity/2021/02-race-2/index.html")
    assert "2nd win of the 2021 season." in highlights(second)
    assert body(second) == "2nd win"
    # Round 3 is not on the site: round 4's count of season wins would be a guess.
    assert not any("season" in s for s in highlights(Path("out/races/xfinity/2021/04-race-4/index.html")))


def test_every_placeholder_is_documented() -> None:
    docs = (Path(__file__).resolve().parent.parent / "docs" / "stats.md").read_text(encoding="utf-8")
    for name in PLACEHOLDERS:
        assert f"`{{{{ {name} }}}}`" in docs, name


def test_ordinals() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th", "112th"]


def test_demo_recap_fills_its_placeholder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The demo's Atlanta recap writes `{{ winner_wins }}`: the page says 15th (14 wins before, from his file)."""
    assert "{{ winner_wins }}" in (DEMO / "xfinity/2021/06-atlanta.md").read_text(encoding="utf-8")
    page = build_once(DEMO, tmp_path_factory) / "races/xfinity/2021/06-echopark-250/index.html"
    assert "It was his 15th career Xfinity Series win" in body(page)
    assert "{{" not in page.read_text(encoding="utf-8")


assert RECAP.count(BODY) == 1


def test_facts_after_an_edit_equal_facts_computed_afresh_and_earlier_races_keep_theirs(tmp_path: Path) -> None:
    """What the live preview does after a results edit: facts computed with the last build's in hand are those a
    clean computation gives, and the races before the edited one (their counts unchanged) keep theirs."""
    import shutil

    from racesite.errors import Problems
    from racesite.load import load_site
    from racesite.stats import compute

    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    first = load_site(content, Problems())
    assert first is not None
    last = compute(first)
    recap = content / "xfinity/2021/03-homestead.md"
    text = recap.read_text()
    row = next(line for line in text.splitlines() if line.startswith("  - [2,"))
    fields = row.split(", ")
    fields[7] = str(int(fields[7]) - 1)  # one lap led fewer for the runner-up
    recap.write_text(text.replace(row, ", ".join(fields)))
    problems = Problems()
    edited = load_site(content, problems)
    assert edited is not None and not problems.items
    again, fresh = compute(edited, last), compute(edited)
    assert again.facts == fresh.facts and again.known_careers == fresh.known_careers
    assert again.records == fresh.records and again.leaders == fresh.leaders
    assert again.race_lines == fresh.race_lines and again.near == fresh.near and again.warnings == fresh.warnings
    changed = next(race for race in edited.races if "03-homestead" in race.source)
    before = [race.key for race in edited.races if race.results and race.date < changed.date]
    assert before and all(again.facts[key] is last.facts[key] for key in before)
    assert again.facts[changed.key] is not last.facts[changed.key]


@settings(max_examples=60, deadline=None)
@given(st.booleans(), st.lists(st.tuples(st.integers(0, 11), st.sampled_from(["winner", "dns", "pole", "last out",
                                                                              "one more", "same"])),
                               min_size=1, max_size=5))
def test_a_count_started_from_a_kept_state_gives_what_a_whole_count_gives(complete: bool,
                                                                         edits: list[tuple[int, str]]) -> None:
    """The live preview counts a series again from the last state kept before the first edited race (`Counted`):
    the facts and the careers known whole are those of a count from the first race, and the races before that
    state are not counted again."""
    import dataclasses
    import datetime as dt
    from unittest import mock

    from racesite.model import Baseline, Race, Result, Series
    from racesite.stats import facts as facts_module
    from racesite.stats.facts import compute_facts

    series = (Series("s", "S Series", "S", complete_history=complete),)
    baselines = (Baseline("A", "s", starts=10, wins=2, poles=1),)

    def a_race(n: int, drivers: tuple[str, ...], status: str = "running", lineup: str = "qualifying") -> Race:
        rows = tuple(Result(fin, str(fin), name, st=len(drivers) + 1 - fin, status=status if fin == 2 else "running")
                     for fin, name in enumerate(drivers, 1))
        return Race(source=f"{n}.md", results_source=f"{n}.md", series="s", season=2000 + n // 4, round=n % 4 + 1,
                    date=dt.date(2000 + n // 4, 1, 1) + dt.timedelta(days=n % 4), name=f"R{n}", track="T",
                    laps=10, laps_run=10, draft=False, lineup=lineup, results=rows,
                    digest=f"{n}|{drivers}|{status}|{lineup}")

    races = [a_race(n, ("A", "B", "C", f"D{n}")) for n in range(12)]
    counted: list[str] = []
    real = facts_module._count
    with mock.patch.object(facts_module, "CHECKPOINT", 3), \
            mock.patch.object(facts_module, "_count", lambda race, *a: counted.append(race.source) or real(race, *a)):
        facts, known, left = compute_facts(races, series, baselines)
        for at, what in edits:
            at = min(at, len(races) - 1)
            old = races[at]
            drivers = tuple(r.driver for r in old.results)
            n = int(old.source.split(".")[0])
            if what == "winner":
                now = [*races[:at], a_race(n, (drivers[1], drivers[0], *drivers[2:])), *races[at + 1:]]
            elif what == "dns":
                now = [*races[:at], a_race(n, drivers, status="dns"), *races[at + 1:]]
            elif what == "pole":
                now = [*races[:at], a_race(n, drivers, lineup="owner points"), *races[at + 1:]]
            elif what == "last out":
                now = races[:-1]
            elif what == "one more":
                now = [*races, a_race(int(races[-1].source.split(".")[0]) + 1, ("C", "A", "E"))]
            else:
                now = list(races)
            first = next((i for i, (a, b) in enumerate(zip(now, races)) if a.digest != b.digest),
                         min(len(now), len(races)))
            same = {race.key: facts[race.key] for race, then in zip(now, races) if race.digest == then.digest}
            counted.clear()
            facts, known, left = compute_facts(now, series, baselines, same, left)
            sources = [race.source for race in now]
            start = sources.index(counted[0]) if counted else len(now)
            assert start % 3 == 0 and first - 3 <= start <= first  # (from the last state kept before the edit)
            fresh_facts, fresh_known, _ = compute_facts(now, series, baselines)
            assert facts == fresh_facts and known == fresh_known
            assert all(dataclasses.replace(race) == race for race in now)  # (the races themselves untouched)
            races = now
