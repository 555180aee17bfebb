"""A race weekend's stories: a qualifying report before the race, the recap after it, each on its own page,
the race page their hub, and each story's facts as of when it was written (racesite/races.py `_stories`,
pages/story.py, pages/race.py, stats/facts.py).

The qualifying report is seed 000's text, read from ../shared/seeds at test time (never copied here).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from racesite.errors import BuildError
from racesite.pipeline import build
from tests.conftest import SiteMaker
from tests.helpers import ROOT, check_lines

SEEDS = ROOT.parent / "shared" / "seeds"
RACE = "races/xfinity/2023/12-alsco-uniforms-300/"

PARTIAL_YML = """\
title: Test Site
base_url: https://racing.example.com/
series:
  - {slug: xfinity, name: NASCAR Xfinity Series, short_name: Xfinity, complete_history: false}
"""

# Before this race Allgaier had 19 Xfinity wins and 7 poles (the qualifying report's "eighth pole").
ALLGAIER = "---\nname: Justin Allgaier\nbefore:\n  xfinity: {wins: 19, poles: 7}\n---\n"

QUALIFYING = """\
---
series: xfinity
season: 2023
round: 12
date: 2023-05-27
name: Alsco Uniforms 300
track: Charlotte Motor Speedway
kind: qualifying
title: Allgaier takes the pole at Charlotte
published: 2023-05-27
summary: A 29.806 s lap puts the No. 7 on the pole.
qualifying:
  - [1, "7", Justin Allgaier, 29.806, 181.172]
  - [2, "20", John Hunter Nemechek, 29.959]
  - [3, "19", Ty Gibbs, 29.962]
---
"""

RECAP = """\
---
series: xfinity
season: 2023
round: 12
kind: recap
title: Allgaier wins at Charlotte
laps: 200
results:
  - [1, 1, "7", Justin Allgaier, JR Motorsports, Chevrolet, 200, 83]
  - [2, 2, "20", John Hunter Nemechek, Joe Gibbs Racing, Toyota, 200, 57]
  - [3, 3, "19", Ty Gibbs, Joe Gibbs Racing, Toyota, 200, 52]
---
{{ winner }} turned the pole into his {{ winner_wins }} career win.
"""

# Our sentence after the seed's text: the facts the report states, as placeholders.
FACTS = "\n\n{{ pole }} goes into the race with {{ pole_wins }} career wins, from his {{ pole_number }} pole.\n"


def seed_report() -> tuple[dt.date, str]:
    """Seed 000: its publish date (its first line begins 'date YYYY-MM-DD') and its text."""
    found = sorted(SEEDS.glob("000_*.txt"))
    if not found:
        pytest.skip("../shared/seeds is not here")
    text = found[0].read_text(encoding="utf-8")
    match = re.match(r"\s*date (\d{4}-\d{2}-\d{2}) ", text)
    assert match, "seed 000 starts with its date"
    return dt.date.fromisoformat(match.group(1)), text[match.end():]


def shown(page: Path) -> str:
    """A page's text as a reader sees it: tags dropped, entities read, spaces collapsed."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def test_a_qualifying_report_before_the_race_then_the_recap(site: SiteMaker, tmp_path: Path) -> None:
    published, text = seed_report()
    assert published == dt.date(2023, 5, 27)
    report = QUALIFYING + text + FACTS
    content = site({"xfinity/2023/12-charlotte-qualifying.md": report, "drivers/allgaier.md": ALLGAIER},
                   site_yml=PARTIAL_YML)
    out = tmp_path / "site"

    # Saturday: the report alone. The race is upcoming; its page shows the pole lap and the report.
    assert build(content, out).warnings == []
    race = shown(out / RACE / "index.html")
    assert "Upcoming" in race and "No results yet: the race has not been run." in race
    assert "1 7 Justin Allgaier 29.806 181.172" in race
    assert "Qualifying report · May 27, 2023 Allgaier takes the pole at Charlotte" in race
    story = shown(out / RACE / "qualifying/index.html")
    assert "Justin Allgaier has won pole for the Xfinity Series race at Charlotte Motor Speedway" in story
    assert "Justin Allgaier goes into the race with 19 career wins, from his 8th pole." in story
    assert "Alsco Uniforms 300 · May 27, 2023 · Charlotte Motor Speedway · Upcoming" in story
    # ... and counts in no stat: no start, no pole on the driver's page; no standings.
    driver = shown(out / "drivers/justin-allgaier/index.html")
    assert "Career No starts on this site yet. Upcoming Alsco Uniforms 300 , Charlotte Motor Speedway · " \
           "May 27, 2023" in driver

    # Monday: rain moved the race; the recap brings the results. The report still reads as of Saturday.
    qualifying = content / "xfinity/2023/12-charlotte-qualifying.md"
    qualifying.write_text(qualifying.read_text(encoding="utf-8").replace("date: 2023-05-27", "date: 2023-05-29"),
                          encoding="utf-8")
    (content / "xfinity/2023/12-charlotte.md").write_text(RECAP, encoding="utf-8")
    assert build(content, out).warnings == []
    race = shown(out / RACE / "index.html")
    assert "Upcoming" not in race
    assert re.search(r"Stories Qualifying report · May 27, 2023 Allgaier takes the pole at Charlotte .*"
                     r"Recap · May 29, 2023 Allgaier wins at Charlotte", race)
    assert "1 1 7 Justin Allgaier JR Motorsports Chevrolet 200 83" in race
    story = shown(out / RACE / "qualifying/index.html")
    assert "Justin Allgaier goes into the race with 19 career wins, from his 8th pole." in story
    assert "Stories from this race Allgaier takes the pole at Charlotte · Qualifying report · May 27, 2023 " \
           "Allgaier wins at Charlotte · Recap · May 29, 2023" in story
    recap = shown(out / RACE / "recap/index.html")
    assert "Justin Allgaier turned the pole into his 20th career win." in recap
    assert "Winner: Justin Allgaier" in recap


def test_story_urls_stay_put_when_more_stories_come(site: SiteMaker, tmp_path: Path) -> None:
    content = site({"xfinity/2023/12-charlotte-qualifying.md": QUALIFYING + "Pole day.\n"})
    build(content, tmp_path / "site")
    first = tmp_path / "site" / RACE / "qualifying/index.html"
    assert first.is_file()
    identity = QUALIFYING.split("date:")[0]  # series, season, round
    preview = identity + "kind: preview\npublished: 2023-05-24\n---\nA look ahead.\n"
    second = identity + "kind: qualifying\ntitle: Who missed the show\n---\nThree went home.\n"
    (content / "xfinity/2023/12-preview.md").write_text(preview, encoding="utf-8")
    (content / "xfinity/2023/12-zz-missed.md").write_text(second, encoding="utf-8")
    build(content, tmp_path / "site")
    assert "Pole day." in first.read_text(encoding="utf-8")
    assert "A look ahead." in (tmp_path / "site" / RACE / "preview/index.html").read_text(encoding="utf-8")
    missed = tmp_path / "site" / RACE / "qualifying-who-missed-the-show/index.html"
    assert "Three went home." in missed.read_text(encoding="utf-8")
    home = shown(tmp_path / "site/index.html")  # newest first by publish date; a title defaults to the race's name
    assert home.index("Qualifying report · May 27, 2023 · Xfinity · Charlotte Motor Speedway Who missed the show") \
        < home.index("Allgaier takes the pole") \
        < home.index("Preview · May 24, 2023 · Xfinity · Charlotte Motor Speedway Alsco Uniforms 300")


def test_a_placeholder_a_preview_cannot_know_is_an_error(site: SiteMaker) -> None:
    preview = QUALIFYING.replace("kind: qualifying", "kind: preview") + "Can {{ winner }} win?\n"
    content = site({"xfinity/2023/12-charlotte-preview.md": preview})
    assert check_lines(content) == [
        "content/xfinity/2023/12-charlotte-preview.md:17: body: '{{ winner }}' has no value before the race "
        "(a preview is written before the race, when this is not known yet; use it in a recap)"]


def test_a_career_placeholder_with_no_known_career_is_an_error_not_a_gap(site: SiteMaker, tmp_path: Path) -> None:
    content = site({"xfinity/2023/12-charlotte-qualifying.md": QUALIFYING + "His {{ pole_wins }} wins.\n"},
                   site_yml=PARTIAL_YML)
    assert check_lines(content) == [
        "content/xfinity/2023/12-charlotte-qualifying.md:17: body: '{{ pole_wins }}' has no value for this race "
        "(career counts need the series' complete history or the driver file's `before`; see docs/stats.md)"]
    with pytest.raises(BuildError):
        build(content, tmp_path / "site")
    assert not (tmp_path / "site").exists()
