"""The edits the bench makes to one recap, and how it checks that a build shows them.

Owns appending a sentence to a recap's story and taking one lap led from its winner, wherever the recap keeps its
results: YAML rows in its front matter (compact lists or mappings), or a CSV file beside it that the front matter
names (`results: NAME.csv`). The winner is the first results row, when it finished first (as
`racesite.stats.rules.winner` decides). Only the laps-led value changes; every other byte of the file stays.
Must not import racesite: the bench edits files as a writer would, through their text.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

COMPACT = ("fin", "st", "car", "driver", "team", "make", "laps", "led", "status", "pts")  # a compact row's order
FENCE = "---\n"


class EditError(Exception):
    """The recap offers nothing the bench can edit (no winner's row, no lap led, no front matter)."""


@dataclass(frozen=True)
class FileEdit:
    """One file's bytes before and after an edit; `apply()` writes the edit, `restore()` puts the file back."""

    path: Path
    original: bytes
    edited: bytes

    def apply(self) -> None:
        self.path.write_bytes(self.edited)

    def restore(self) -> None:
        self.path.write_bytes(self.original)


@dataclass(frozen=True)
class LapLedEdit:
    """One lap led taken from a race's winner: the file it changes, whose laps, in which series."""

    file: FileEdit
    winner: str
    series: str


def append_sentence(text: str, sentence: str) -> str:
    """The recap with `sentence` as a new last paragraph of its story."""
    return text.rstrip("\n") + f"\n\n{sentence}\n"


def front_matter(text: str) -> tuple[str, int]:
    """A recap's front matter and the index in `text` where it starts."""
    if not text.startswith(FENCE):
        raise EditError("the recap has no front matter")
    end = text.find("\n" + FENCE, len(FENCE) - 1)
    if end < 0:
        raise EditError("the recap's front matter is not closed")
    return text[len(FENCE):end + 1], len(FENCE)


def _top(meta: yaml.Node, key: str) -> yaml.Node | None:
    if not isinstance(meta, yaml.MappingNode):
        return None
    return next((value for name, value in meta.value if isinstance(name, yaml.ScalarNode) and name.value == key),
                None)


def _field(row: yaml.Node, name: str) -> yaml.Node | None:
    """A results row's field: by position in a compact row, by key in a mapping."""
    if isinstance(row, yaml.SequenceNode):
        at = COMPACT.index(name)
        return row.value[at] if at < len(row.value) else None
    return _top(row, name)


def _meta(text: str) -> tuple[str, yaml.Node | None, int]:
    """A recap's series, its `results` node, and the index in `text` where its front matter starts."""
    matter, offset = front_matter(text)
    meta = yaml.compose(matter, Loader=yaml.SafeLoader)
    series, results = (_top(meta, key) if meta is not None else None for key in ("series", "results"))
    if not isinstance(series, yaml.ScalarNode):
        raise EditError("the recap names no series")
    return series.value, results, offset


def results_csv(text: str) -> str | None:
    """The file name of the results CSV a recap names (`results: NAME.csv`), or None when its rows are YAML."""
    results = _meta(text)[1]
    return results.value if isinstance(results, yaml.ScalarNode) and results.value.strip() else None


def take_one_lap_led(text: str) -> tuple[str, str, str]:
    """A recap with YAML results rows: (the recap with its winner's laps led one lower, the winner, the series).

    Only the laps-led value's characters change (found through the YAML nodes' marks, so quotes and commas in
    names do not matter; a quoted value stays quoted)."""
    series, results, offset = _meta(text)
    if not isinstance(results, yaml.SequenceNode) or not results.value:
        raise EditError("the recap has no results rows (a CSV file's results go through take_one_lap_led_csv)")
    row = results.value[0]
    fin, driver, led = (_field(row, name) for name in ("fin", "driver", "led"))
    if not isinstance(fin, yaml.ScalarNode) or fin.value != "1":
        raise EditError("the recap's first results row did not finish first: no winner")
    if not isinstance(driver, yaml.ScalarNode) or not isinstance(led, yaml.ScalarNode) or not _laps(led.value):
        raise EditError("the recap's winner has no laps led to take one from")
    quote = led.style if led.style in ("'", '"') else ""
    start, end = offset + led.start_mark.index, offset + led.end_mark.index
    return text[:start] + f"{quote}{_laps(led.value) - 1}{quote}" + text[end:], driver.value, series


def _laps(value: str) -> int:
    """A laps-led count (0 when it is not a whole number)."""
    return int(value) if value.strip().isdigit() else 0


def take_one_lap_led_csv(text: str) -> tuple[str, str]:
    """A results CSV (a header line naming the columns): (the CSV with its winner's laps led one lower, the winner).

    The file is written back by the csv module, quoting as needed and keeping the file's line ending; for a file
    the csv module wrote (as the importer does) only the laps-led value changes."""
    ending = "\r\n" if "\r\n" in text else "\n"
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = list(reader)
    header = [name.strip().lower() for name in rows[0]] if rows else []
    if not {"fin", "driver", "led"} <= set(header) or len(rows) < 2:
        raise EditError("the results CSV has no header naming fin, driver and led, or no rows")
    first = rows[1]
    fin, driver, led = (first[header.index(name)] if header.index(name) < len(first) else ""
                        for name in ("fin", "driver", "led"))
    if fin.strip() != "1":
        raise EditError("the results CSV's first row did not finish first: no winner")
    if not _laps(led):
        raise EditError("the results CSV's winner has no laps led to take one from")
    first[header.index("led")] = str(_laps(led) - 1)
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator=ending).writerows(rows)
    edited = out.getvalue()
    return (edited if text.endswith(("\n", "\r")) else edited[:-len(ending)]), driver.strip()


def plan_lap_led_edit(recap: Path) -> LapLedEdit:
    """One lap led taken from `recap`'s winner, in the recap or in the results CSV it names; nothing written."""
    raw = recap.read_bytes()
    text = raw.decode("utf-8")
    named = results_csv(text)
    if named is None:
        edited, winner, series = take_one_lap_led(text)
        return LapLedEdit(FileEdit(recap, raw, edited.encode("utf-8")), winner, series)
    table = recap.parent / named
    raw = table.read_bytes()
    edited, winner = take_one_lap_led_csv(raw.decode("utf-8"))
    return LapLedEdit(FileEdit(table, raw, edited.encode("utf-8")), winner, _meta(text)[0])


def laps_led(site: Path, driver: str, series: str) -> int | None:
    """A driver's career laps led in a series, from the site's data/drivers.json."""
    data = json.loads((site / "data" / "drivers.json").read_text(encoding="utf-8"))
    for entry in data["drivers"]:
        if entry["name"] == driver:
            line = entry["series"].get(series)
            return int(line["laps_led"]) if line else None
    return None
