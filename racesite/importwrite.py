"""What `build.py import` writes for one race: its file's front matter and its results as a CSV beside it.

Owns the recap text (`lenient: true` unless the import is strict, a race number and session for a round holding
several races, its lineup, qualifying and stages, values left out listed as comments), the results CSV, and
YAML values that read back exactly. Must not decide which races are written or where (`importer`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from .importmap import STAGE_FIELDS, FittedRace
from .schema import RESULT_COMPACT

STAGE_TOP = 10
LENIENT_COMMENT = "# historical data, kept as recorded: ties, gaps and repeats are not errors"


def render_recap(race: FittedRace, series: str, source_name: str, rows_name: str, *, number: int = 1,
                 session: str = "race", qualifying: list[dict[str, Any]] | None = None,
                 strict: bool = False) -> tuple[str, str | None]:
    """The race's file (front matter only: the story is the writer's, `lenient` unless `strict`, values left out as
    comments) and its results as a CSV file named `rows_name` beside it (None when the race has none). A long
    history's results read many times faster from CSV than from YAML rows. `number` and `session`: the race's
    place in its round and its kind; `qualifying`: the rows of the round's qualifying session."""
    first, last = race.lines
    info = race.info
    where = f"line {first}" if first == last else f"lines {first}-{last}"
    out = ["---", f"# Imported from {_comment(source_name)}, {where}, by `build.py import`."]
    changed = sorted((n for n in race.notes if n.changed), key=lambda n: n.line)
    if changed:
        out.append("# Left out on import (see the import report):")
        out += [f"#   line {n.line}" + (f", {_comment(driver)}" if (driver := race.drivers.get(n.line)) else "")
                + f": {_comment(n.detail)}" for n in changed]
    date = info["date"].isoformat() + ("  # synthesized: the CSV gives no date; January 1 + (round - 1) days"
                                       if race.date_synthesized else "")
    out += [f"series: {series}", f"season: {race.season}", f"round: {race.round}"]
    out += [f"race: {number}"] if number > 1 else []
    out += [f"session: {session}"] if session != "race" else []
    out += [f"date: {date}", f"name: {yaml_value(info['name'])}", f"track: {yaml_value(info['track'])}"]
    if info["track_length"] is not None:
        out.append(f"track_length: {yaml_value(info['track_length'])}")
    if info.get("lineup"):
        out.append(f"lineup: {info['lineup']}")
    if not strict:
        out.append(f"lenient: true  {LENIENT_COMMENT}")
    rows = None
    if race.rows:
        out.append(f"results: {yaml_value(rows_name)}  # one row per car, in finishing order")
        table = io.StringIO()
        writer = csv.writer(table, lineterminator="\n")
        writer.writerow(RESULT_COMPACT)
        writer.writerows([_csv_cell(row[name]) for name in RESULT_COMPACT] for row in race.rows)
        rows = table.getvalue()
    if qualifying:
        out.append("qualifying:  # [pos, car, driver], from the round's qualifying session")
        out += [f"  - [{row['fin']}, {yaml_value(row['car'])}, {yaml_value(row['driver'])}]" for row in qualifying]
    stages = []
    for stage, name in enumerate(STAGE_FIELDS, 1):
        placed = sorted((r[name], r["fin"], r["driver"]) for r in race.rows if r[name] and r[name] <= STAGE_TOP)
        if placed:
            stages.append(f"  - {{stage: {stage}, top: [{', '.join(yaml_value(d) for _, _, d in placed)}]}}")
    if stages:
        out += ["stages:", *stages]
    return "\n".join([*out, "---", ""]), rows


def _csv_cell(value: Any) -> str:
    """A CSV cell as racesite reads it back: empty for unknown, numbers as written, text as it is."""
    if value is None:
        return ""
    if isinstance(value, float):
        text = repr(value)
        return format(value, "f") if "e" in text else text
    return str(value)


def _comment(text: str) -> str:
    return " ".join(text.split())


_PLAIN = re.compile(r"[A-Za-z](?:[A-Za-z0-9 .'&()/-]*[A-Za-z0-9.'&()/-])?")
_RESERVED = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"}
_RAW_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")  # json.dumps leaves these


def yaml_value(value: Any) -> str:
    """A value as YAML that reads back exactly, in flow or block context: plain when safe, else double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ".nan" if value != value else (".inf" if value > 0 else "-.inf")
        text = repr(value)
        return format(value, "f") if "e" in text else text
    text = str(value)
    if _PLAIN.fullmatch(text) and "  " not in text and text.lower() not in _RESERVED:
        return text
    return _quote(text)


def _quote(text: str) -> str:
    """A YAML double-quoted scalar: JSON's escapes, plus those for characters YAML reads as breaks or rejects."""
    return _RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


