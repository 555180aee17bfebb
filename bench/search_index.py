"""What a Pagefind index of the whole NASCAR history costs: `python -m bench.search_index`.

Makes the records a full site would index, from ../shared/data/nascar/*.csv read at run time (one per
driver, team, track and race, plus one story per race up to STORIES), with invented short texts and
stories of about STORY_WORDS words, then writes the index with racesite.search.write_index and
prints the time, files and bytes. Without ../shared it makes the same number of invented records.
"""

from __future__ import annotations

import csv
import random
import re
import sys
import tempfile
from pathlib import Path

from racesite.search import SearchRecord, write_index

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "nascar"
LEAN = 12_300
STORIES = 5_000
STORY_WORDS = 400
WORDS = (
    "lap", "caution", "restart", "pit", "stop", "tires", "fuel", "lead", "pass", "green", "flag", "stage",
    "win", "points", "track", "car", "team", "crew", "chief", "engine", "handling", "loose", "tight", "bump",
    "draft", "line", "outside", "inside", "late", "early", "final", "overtime",
)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def shared_records() -> list[SearchRecord]:
    drivers: set[str] = set()
    teams: set[str] = set()
    tracks: set[str] = set()
    races: dict[tuple[str, str, str], str] = {}
    for path in sorted(SHARED.glob("*.csv")):
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                drivers.add(row["Driver"])
                teams.add(row["Team"])
                tracks.add(row["Track"])
                races.setdefault((path.stem, row["Season"], row["Race"]), f"{row['Season']} {row['Name']}")
    records = [SearchRecord(f"drivers/{slug(d)}/", d, "driver", "Driver. Starts, wins and seasons.")
               for d in drivers if d]
    records += [SearchRecord(f"teams/{slug(t)}/", t, "team", "Team. Drivers and wins.") for t in teams if t]
    records += [SearchRecord(f"tracks/{slug(t)}/", t, "track", "Track. Winners and records.") for t in tracks if t]
    records += [SearchRecord(f"races/{s}/{y}/{int(r):02d}-{slug(n)}/", n, "race", f"{s} round {r}, {y}.")
                for (s, y, r), n in races.items()]
    return records


def invented_records(n: int) -> list[SearchRecord]:
    return [SearchRecord(f"drivers/driver-{i}/", f"Driver {i}", "driver", "Driver. Starts and wins.") for i in range(n)]


def stories(n: int, names: list[str]) -> list[SearchRecord]:
    rng = random.Random(1)
    out = []
    for i in range(n):
        words = [rng.choice(WORDS) if rng.random() > 0.08 else rng.choice(names) for _ in range(STORY_WORDS)]
        out.append(SearchRecord(f"stories/{i}/", f"Recap {i}", "story", " ".join(words) + "."))
    return out


def main() -> int:
    lean = shared_records() if SHARED.is_dir() else invented_records(LEAN)
    names = sorted(r.title for r in lean if r.kind == "driver")
    records = lean + stories(STORIES, names)
    with tempfile.TemporaryDirectory() as tmp:
        report = write_index(records, Path(tmp) / "pagefind")
    text = sum(len(r.text) + len(r.title) for r in records)
    print(f"{len(lean):,} lean records + {STORIES:,} stories of ~{STORY_WORDS} words ({text / 1e6:.1f} MB of text): "
          f"{report.seconds:.1f} s, {report.files:,} files, {report.bytes / 1e6:.1f} MB in pagefind/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
