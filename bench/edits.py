"""The edits the bench makes to one recap, and how it checks that a build shows them."""

from __future__ import annotations

import json
import re
from pathlib import Path

# A results row as the importer writes it: [fin, st, car, driver, team, make, laps, led, status, pts]
_WINNER = re.compile(r'^(\s*- \[1, [^,]*, "[^"]*", )([^,]+)(, [^,]*, [^,]*, [^,]*, )(\d+)(,.*)$', re.MULTILINE)
_SERIES = re.compile(r"^series: (\S+)$", re.MULTILINE)


def take_one_lap_led(text: str) -> tuple[str, str, str]:
    """The recap with its winner's laps led one lower; the winner; the series. Needs an imported recap whose
    winner led a lap."""
    match, series = _WINNER.search(text), _SERIES.search(text)
    if match is None or series is None or int(match.group(4)) < 1:
        raise SystemExit("bench: the edited recap has no winner's row with laps led to change")
    row = match.group(1) + match.group(2) + match.group(3) + str(int(match.group(4)) - 1) + match.group(5)
    return text[:match.start()] + row + text[match.end():], match.group(2).strip(), series.group(1)


def laps_led(site: Path, driver: str, series: str) -> int | None:
    """A driver's career laps led in a series, from the site's data/drivers.json."""
    data = json.loads((site / "data" / "drivers.json").read_text(encoding="utf-8"))
    for entry in data["drivers"]:
        if entry["name"] == driver:
            line = entry["series"].get(series)
            return int(line["laps_led"]) if line else None
    return None
