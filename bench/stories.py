"""Generated stories for the prose-check bench: a recap of about 500 words for every race with results.

    python -m bench.stories CONTENT

Writes, beside each imported race `NN-track.md` of CONTENT (a copy: never the imported folder itself), a story
file `NN-track-recap.md` (`kind: recap`) whose body is made up here from the race's own results: finishes,
starts, laps led, the track, the laps, career win counts as of the race, team names, last names, pronouns,
quoted speech, and plain sentences with capitalized words, so that every part of the prose check has work to
do. The sentences are this module's own templates (no shared article's text). The same content makes the same
stories (a seeded random per race). Reads the CSVs with the csv module; must not import racesite (the bench runs
it) or write outside CONTENT.
"""

from __future__ import annotations

import csv
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ORDINALS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
            "nineteenth", "twentieth"]
# Plain sentences are put together from these parts: 16 x 12 x 12 of them, so that the stories do not repeat.
SUBJECTS = ["The crew", "Pit strategy", "Track temperature", "The outside line", "The final restart", "Tire wear",
            "Fuel mileage", "The weather", "Several teams", "The leaders", "Officials", "The field",
            "Most of the front runners", "A late caution", "The new surface", "Every team in the top ten"]
VERBS = ["changed the race", "decided the last run", "split the field", "worked against the leaders",
         "made the difference", "came into play", "shaped the final stage", "kept everyone guessing",
         "caught several teams out", "proved crucial", "mattered more than usual", "took a toll"]
TAILS = ["after a difficult practice session", "with forty laps to go", "on the long green-flag runs",
         "under the lights", "as the sun went down on Saturday", "in the closing laps",
         "through the middle of the race", "on the restart", "before the final round of pit stops", "in turn three",
         "for the second week in a row", "while the FS1 cameras followed the leaders"]


def plain(rng: random.Random) -> str:
    """One sentence of no claim, made of random parts."""
    text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(TAILS)}"
    if rng.random() < 0.4:
        text += f", and {rng.choice(SUBJECTS).lower()} {rng.choice(VERBS)}"
    return text + "."


QUOTES = [
    "\u201cWe had a really good car today, and the guys did a great job on pit road,\u201d {last} said.",
    "\u201cIt was a tough one, but we kept fighting and got a decent finish out of it,\u201d said {last}.",
    "\u201cI just could not get the balance right in the last run,\u201d {last} said after the race.",
    "\u201cThis team never gives up, and that is what makes days like this possible,\u201d said {last}.",
]


@dataclass(frozen=True)
class Row:
    fin: int
    st: int | None
    driver: str
    team: str
    led: int | None
    laps: int | None


@dataclass(frozen=True)
class Race:
    file: Path
    series: str
    season: int
    round: int
    date: str
    name: str
    track: str
    rows: tuple[Row, ...]


def _int(text: str) -> int | None:
    try:
        return int(float(text))
    except ValueError:
        return None


def read_race(md: Path) -> Race | None:
    """A race file written by `build.py import` and its results CSV; None when it has no results."""
    head = md.read_text(encoding="utf-8").split("\n---", 1)[0]
    fields = dict(re.findall(r"^(\w+): (.*?)(?:\s+#.*)?$", head, re.M))
    csv_file = md.with_suffix(".csv")
    if not csv_file.is_file():
        return None
    with csv_file.open(encoding="utf-8", newline="") as handle:
        rows = tuple(Row(_int(r["fin"]) or 0, _int(r["st"]), r["driver"], r["team"], _int(r["led"]), _int(r["laps"]))
                     for r in csv.DictReader(handle) if r["driver"])
    if not rows:
        return None
    return Race(md, fields["series"], int(fields["season"]), int(fields["round"]), fields["date"],
                fields["name"].strip('"'), fields["track"].strip('"'), rows)


def last_name(driver: str) -> str:
    words = [w for w in driver.replace(",", "").split() if w.rstrip(".").lower() not in ("jr", "sr", "ii", "iii")]
    return words[-1] if words else driver


def nth(n: int) -> str:
    """3 -> 'third', 23 -> '23rd'."""
    if n < len(ORDINALS):
        return ORDINALS[n]
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def story(race: Race, career_wins: int, rng: random.Random) -> str:
    """About 500 words on one race: true claims from its results among plain sentences."""
    winner = race.rows[0]
    top = list(race.rows[:10])
    lines = [f"{winner.driver} won the {race.name} at {race.track} on a day of long green-flag runs and late "
             f"cautions."]
    if winner.fin == 1:
        lines.append(f"It was the {nth(career_wins)} career {race.series.capitalize()} Series win for "
                     f"{winner.driver}, and {last_name(winner.driver)} celebrated with the {winner.team} crew.")
        if winner.st:
            lines.append(f"{last_name(winner.driver)} won from {nth(winner.st)} after a strong qualifying run.")
    if winner.fin == 1 and career_wins > 1:
        lines.append(f"{winner.driver} now has {career_wins} career {race.series.capitalize()} Series wins.")
    if winner.laps:
        lines.append(f"The {winner.laps}-lap race ran without a red flag.")
    paragraphs = [" ".join(lines)]
    while sum(len(p.split()) for p in paragraphs) < 480:
        kind = rng.randrange(6)
        row = rng.choice(top)
        last = last_name(row.driver)
        if kind == 0:
            text = f"{row.driver} finished {nth(row.fin)} for {row.team}."
            if row.st:
                text += f" {last} started {nth(row.st)} and worked forward through the field."
        elif kind == 1 and row.led:
            text = f"{row.driver} led {row.led} laps, more than most expected."
        elif kind == 2:
            text = rng.choice(QUOTES).format(last=last)
        elif kind == 3:
            text = f"The race at {race.track} was the {nth(race.round)} round of the {race.season} season."
        else:
            text = " ".join(plain(rng) for _ in range(3))
        paragraphs.append(text + " " + plain(rng))
    return "\n\n".join(paragraphs) + "\n"


def write_stories(content: Path) -> int:
    """A recap beside every race with results under `content`; returns how many were written."""
    races = [race for md in sorted(content.glob("*/*/*.md")) if not md.stem.endswith("-recap")
             and (race := read_race(md)) is not None]
    races.sort(key=lambda r: (r.date, r.series, r.season, r.round))
    wins: dict[tuple[str, str], int] = {}
    for race in races:
        winner = race.rows[0]
        if winner.fin == 1:
            wins[(race.series, winner.driver)] = wins.get((race.series, winner.driver), 0) + 1
        rng = random.Random(f"{race.series}/{race.season}/{race.round}")
        body = story(race, wins.get((race.series, winner.driver), 0), rng)
        head = (f"---\nseries: {race.series}\nseason: {race.season}\nround: {race.round}\nkind: recap\n"
                f"title: '{race.name.replace(chr(39), chr(39) * 2)}: the story'\n---\n")
        race.file.with_name(f"{race.file.stem}-recap.md").write_text(head + body, encoding="utf-8")
    return len(races)


def main(argv: list[str]) -> int:
    content = Path(argv[0])
    print(f"{write_stories(content)} stories written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
