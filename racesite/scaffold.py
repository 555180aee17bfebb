"""`build.py new`: writing a new recap skeleton in the right place, never over an existing one.

Owns the skeleton's text and where it goes (`<content>/<series>/<season>/<round>-<track>.md`).
Checks what it is given against the site config; must not build the site.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .config import CONFIG_NAME, build_config
from .content import read_document, read_yaml_file
from .errors import Problems, did_you_mean
from .load import find_content
from .names import slugify

FIELDS = ("series", "season", "round", "track", "date", "name")


@dataclass(frozen=True)
class NewRecap:
    series: str
    season: int
    round: int
    track: str
    date: dt.date
    name: str


class ScaffoldError(ValueError):
    """What the writer asked for can't be written; the message says why and what to do."""


def parse_answers(content: Path, answers: dict[str, str]) -> NewRecap:
    """Check the answers (as typed) against site.yml; raises `ScaffoldError` with every problem."""
    problems: list[str] = []
    config = build_config(read_yaml_file(content / CONFIG_NAME, CONFIG_NAME, Problems()), CONFIG_NAME, Problems())
    slugs = [s.slug for s in config.series] if config else []
    series = answers.get("series", "").strip()
    if series not in slugs:
        hint = did_you_mean(series, slugs) or ("one of: " + ", ".join(slugs) if slugs else "add it to site.yml")
        problems.append(f"series: unknown series '{series}' ({hint})")
    numbers = {}
    for key in ("season", "round"):
        try:
            numbers[key] = int(answers.get(key, "").strip())
            if numbers[key] < 1:
                raise ValueError
        except ValueError:
            problems.append(f"{key}: '{answers.get(key, '')}' is not a whole number above 0")
    try:
        date = dt.date.fromisoformat(answers.get("date", "").strip())
    except ValueError:
        problems.append(f"date: '{answers.get('date', '')}' is not a date (write YYYY-MM-DD)")
        date = dt.date.min
    for key in ("track", "name"):
        if not answers.get(key, "").strip():
            problems.append(f"{key}: is required")
    if problems:
        raise ScaffoldError("\n".join(problems))
    return NewRecap(series, numbers["season"], numbers["round"], answers["track"].strip(), date,
                    answers["name"].strip())


def target(content: Path, recap: NewRecap) -> Path:
    return content / recap.series / str(recap.season) / f"{recap.round:02d}-{slugify(recap.track)}.md"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def skeleton(recap: NewRecap) -> str:
    return f"""---
series: {recap.series}
season: {recap.season}
round: {recap.round}
date: {recap.date.isoformat()}
name: {_quote(recap.name)}
track: {_quote(recap.track)}
laps:                 # scheduled laps
summary: ""           # one or two sentences for the home page and feeds
draft: true           # shown by `make serve` only; remove to publish
# lineup: formula     # when qualifying was cancelled and the field set by formula
# qualifying:
#   # [pos, car, driver, time in seconds]
#   - [1, "7", Driver Name, 29.806]
results: []
# Replace `[]` above with one row per car, in finishing order:
#   # [fin, st, car, driver, team, make, laps, led, status, pts]
#   - [1, 6, "7", Driver Name, Team Name, Chevrolet, 163, 47, running, 57]
# or put them in a CSV beside this file and write `results: results.csv`.
---
Write the story of the race here. Once the results are in, placeholders (winner_wins and
the others in docs/stats.md, each written in double braces) put computed facts in your text.
"""


def write_new(content: Path, recap: NewRecap) -> Path:
    """Write the skeleton; refuses when the file or the round already exists."""
    path = target(content, recap)
    if path.exists():
        raise ScaffoldError(f"{path} already exists: not overwriting it")
    for file in map(Path, find_content(content)):
        doc = read_document(file, str(file), Problems())
        meta = doc.meta.value if doc.meta is not None else {}
        if all(k in meta and meta[k].value == v for k, v in
               (("series", recap.series), ("season", recap.season), ("round", recap.round))):
            raise ScaffoldError(f"{file} already covers {recap.series} {recap.season} round {recap.round}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(recap), encoding="utf-8")
    return path
