"""A small invented site for the prose checks: the Frontier Series, two seasons of five races, six drivers.

Every name and number here is made up, so the examples in docs/prose-checks.md and the tests can state facts
that are true or false by construction. Letters stand for drivers in the table: M Cody Marsh, P Luis Peña,
W Tanner Wolfe, E Grant Ellery, U Mason Pruitt, C Reed Calloway.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from racesite.model import EntityInfo, Race, Result, Series
from racesite.proofread.check import check_story
from racesite.proofread.nameindex import NameIndex
from racesite.proofread.report import ProseReport
from racesite.stats.history import History

DRIVERS = {"M": "Cody Marsh", "P": "Luis Peña", "W": "Tanner Wolfe", "E": "Grant Ellery", "U": "Mason Pruitt",
           "C": "Reed Calloway"}
TEAMS = {"M": "Summit Racing Group", "W": "Summit Racing Group", "P": "Northline Motorsports",
         "E": "Northline Motorsports", "U": "Calloway Brothers Racing", "C": "Calloway Brothers Racing"}
MIL, HAR, CED = "Millbrook Speedway", "Harbor Point Raceway", "Cedar Ridge International Raceway"
SERIES = (Series("frontier", "Frontier Series", "Frontier"),)

# season, round, track, laps, lineup, margin, finishing order, starts and laps led in finishing order
TABLE = [
    (2021, 1, MIL, 200, "qualifying", "0.412 s", "MPWEUC", (3, 1, 2, 5, 4, 6), (120, 50, 30, 0, 0, 0)),
    (2021, 2, HAR, 150, "qualifying", "1.050 s", "PMEWCU", (1, 2, 4, 3, 6, 5), (90, 40, 20, 0, 0, 0)),
    (2021, 3, CED, 100, "qualifying", "0.090 s", "MWPUEC", (6, 1, 2, 3, 4, 5), (50, 30, 20, 0, 0, 0)),
    (2021, 4, MIL, 200, "formula", "2.300 s", "WMPECU", (1, 2, 3, 4, 5, 6), (110, 60, 30, 0, 0, 0)),
    (2021, 5, HAR, 150, "qualifying", "0.333 s", "EMPWUC", (2, 1, 3, 4, 5, 6), (80, 50, 20, 0, 0, 0)),
    (2022, 1, CED, 100, "qualifying", "0.501 s", "MPEWUC", (1, 2, 3, 4, 5, 6), (60, 40, 0, 0, 0, 0)),
    (2022, 2, MIL, 200, "qualifying", "0.777 s", "PMWECU", (4, 2, 1, 3, 5, 6), (100, 70, 30, 0, 0, 0)),
    (2022, 3, HAR, 150, "qualifying", "0.250 s", "WEMPUC", (3, 1, 2, 5, 4, 6), (75, 45, 30, 0, 0, 0)),
    (2022, 4, CED, 100, "qualifying", "0.125 s", "MWPEUC", (2, 3, 1, 4, 5, 6), (55, 25, 20, 0, 0, 0)),
    (2022, 5, MIL, 200, "qualifying", "0.640 s", "UMPWEC", (5, 1, 2, 3, 4, 6), (90, 80, 30, 0, 0, 0)),
]


def _race(season: int, round_: int, track: str, laps: int, lineup: str, margin: str, order: str,
          starts: tuple[int, ...], led: tuple[int, ...]) -> Race:
    results = tuple(Result(fin=i + 1, car=str(10 + "MPWEUC".index(code)), driver=DRIVERS[code], st=starts[i],
                           team=TEAMS[code], make="Ford", laps=laps, led=led[i]) for i, code in enumerate(order))
    return Race(source=f"content/frontier/{season}/{round_:02d}.md", series="frontier", season=season, round=round_,
                date=dt.date(season, 3, 1) + dt.timedelta(weeks=round_ - 1), name=f"Frontier {round_ * 50}",
                track=track, laps=laps, laps_run=laps, draft=False, lineup=lineup, results=results, margin=margin,
                results_source=f"content/frontier/{season}/{round_:02d}.md")


RACES = tuple(_race(*row) for row in TABLE)
ENTITIES = (EntityInfo("driver", "Luis Peña", "content/drivers/luis-pena.md", aliases=("Luis Pena",)),)


@functools.cache
def site() -> tuple[History, NameIndex]:
    return History.of(RACES, SERIES), NameIndex.of(RACES, ENTITIES, SERIES)


def race(season: int, round_: int) -> Race:
    return next(r for r in RACES if (r.season, r.round) == (season, round_))


def report(text: str, season: int, round_: int, after: bool = True, first_line: int = 1) -> ProseReport:
    history, names = site()
    return check_story(text, first_line, after=after, race=race(season, round_), history=history, names=names,
                       series=SERIES)


def write_content(folder: Path, stories: list[tuple[str, int, int, str]]) -> Path:
    """The same site as content files in `folder`/content (races with their results, the driver file with Luis
    Peña's alias), and one story file per (kind, season, round, text); returns the content folder. Story n is
    `frontier/<season>/<round>-story<n>.md`, its text on line 9."""
    content = folder / "content"
    (content / "drivers").mkdir(parents=True)
    (content / "site.yml").write_text("title: Frontier\nbase_url: https://frontier.example.com/\nseries:\n"
                                      "  - {slug: frontier, name: Frontier Series, short_name: Frontier}\n")
    (content / "drivers" / "luis-pena.md").write_text("---\nname: Luis Peña\naliases: [Luis Pena]\n---\n")
    for r in RACES:
        rows = "".join(f'  - [{row.fin}, {row.st}, "{row.car}", {row.driver}, {row.team}, {row.make}, {row.laps}, '
                       f"{row.led}, running, {40 - row.fin}]\n" for row in r.results)
        file = content / "frontier" / str(r.season) / f"{r.round:02d}.md"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(f"---\nseries: frontier\nseason: {r.season}\nround: {r.round}\ndate: {r.date}\n"
                        f"name: {r.name}\ntrack: {r.track}\nlaps: {r.laps}\nlineup: {r.lineup}\nmargin: {r.margin}\n"
                        f"results:\n{rows}---\n")
    for n, (kind, season, round_, text) in enumerate(stories):
        (content / "frontier" / str(season) / f"{round_:02d}-story{n}.md").write_text(
            f"---\nseries: frontier\nseason: {season}\nround: {round_}\nkind: {kind}\ntitle: Story {n}\n"
            f"slug: story{n}\n---\n{text}\n")
    return content


def found(text: str, season: int, round_: int, after: bool = True) -> list[str]:
    """What the check says about `text`, as `"quoted": message` lines."""
    return [f'"{f.quoted}": {f.message}' for f in report(text, season, round_, after).findings]


@dataclass(frozen=True)
class Example:
    """One example of docs/prose-checks.md: a sentence, the story it is read in, and what the check must say."""

    kind: str  # the story's kind: recap, qualifying, preview, feature (feature examples are after the race)
    season: int
    round: int
    text: str
    expect: str  # "" when the sentence is true


_STORY = re.compile(r"story: (\w+) of frontier (\d{4}) round (\d+)")


def doc_examples(markdown: str) -> list[Example]:
    """The examples of the docs: ```text blocks starting `story: <kind> of frontier <season> round <n>`, then lines
    `✓ sentence` (true) or `✗ sentence` followed by `  → "quoted": message`."""
    out = []
    for block in re.findall(r"```text\n(.*?)```", markdown, re.S):
        lines = block.splitlines()
        head = _STORY.fullmatch(lines[0].strip()) if lines else None
        if head is None:
            continue
        kind, season, round_ = head.group(1), int(head.group(2)), int(head.group(3))
        for i, line in enumerate(lines[1:], 1):
            if line.startswith("✓ "):
                out.append(Example(kind, season, round_, line[2:], ""))
            elif line.startswith("✗ "):
                expect = lines[i + 1].strip().removeprefix("→ ") if i + 1 < len(lines) else ""
                out.append(Example(kind, season, round_, line[2:], expect))
    return out
