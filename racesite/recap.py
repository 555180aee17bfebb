"""Turning one recap's front matter into a `Race`: every rule of what a race may say.

Owns the results-table rules (positions, car numbers, laps, laps led), the
CSV results file, qualifying (with its speed check), stages and penalties.
Takes already-parsed YAML and the lookups built from the config and entity
files; must not find files on its own, compute stats or render.
"""

from __future__ import annotations

import itertools
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .content import Document, Y, read_csv_rows
from .errors import Problems, did_you_mean
from .model import Penalty, QualifyingEntry, Race, Result, Stage
from .names import Names
from .schema import PENALTY, QUALIFYING, QUALIFYING_COMPACT, RECAP, RESULT, RESULT_COMPACT, STAGE
from .validate import Fields, check_fields, check_fields_partial, plain

CAR_HINT = "Car number, as text: `08` and `8` are different cars."
SPEED_TOLERANCE = 0.001  # a stated speed more than 0.1% from the derived one is flagged


@dataclass
class Lookups:
    """What a recap is checked against: the config's series and the entity files' names."""

    series: tuple[str, ...]
    drivers: Names = field(default_factory=Names)
    tracks: Names = field(default_factory=Names)
    teams: Names = field(default_factory=Names)
    track_lengths: dict[str, float] = field(default_factory=dict)


def build_race(doc: Document, file: Path, root: Path, lookups: Lookups, problems: Problems) -> Race | None:
    """A `Race` from a recap, or None after reporting every problem in it."""
    if doc.meta is None:
        return None
    path = doc.path
    fields = check_fields_partial(doc.meta, RECAP, path, "", problems)
    if fields is None:
        return None
    series = fields["series"]
    if series is not None and series not in lookups.series:
        problems.error(path, fields.line_of("series"), "series", f"unknown series '{series}'",
                       did_you_mean(series, lookups.series) or "series are declared in site.yml: "
                       + ", ".join(lookups.series))
        fields.ok = False
    if fields["date"] is not None and fields["season"] is not None and fields["date"].year != fields["season"]:
        problems.warn(path, fields.line_of("date"), "date",
                      f"{fields['date'].isoformat()} is not in the {fields['season']} season",
                      "check the date or the season; a season that spans two years can ignore this")
    track = lookups.tracks.resolve(fields["track"] or "")
    laps_run = fields["laps_run"] if fields["laps_run"] is not None else fields["laps"]
    results = _results(fields, doc, file, root, lookups, laps_run, problems)
    track_length = fields["track_length"] or lookups.track_lengths.get(track)
    qualifying = _qualifying(fields, path, lookups, track_length, problems)
    stages = _stages(fields, path, lookups, problems)
    penalties = _penalties(fields, path, lookups, problems)
    if not fields.ok or results is None or qualifying is None or stages is None or penalties is None:
        return None
    return Race(
        source=path, series=series, season=fields["season"], round=fields["round"], date=fields["date"],
        name=fields["name"], track=track, laps=fields["laps"], laps_run=laps_run,
        title=fields["title"] or fields["name"], summary=fields["summary"] or "", author=fields["author"],
        draft=fields["draft"], lineup=fields["lineup"], results=results, qualifying=qualifying,
        stages=stages or _stages_from_results(results), penalties=penalties, cautions=fields["cautions"],
        caution_laps=fields["caution_laps"], lead_changes=fields["lead_changes"], leaders=fields["leaders"],
        margin=fields["margin"], track_length=track_length, body=doc.body, body_line=doc.body_line,
        round_line=fields.line_of("round"), extra=fields["extra"] or {},
        results_source=_csv_path(doc, node.value) if (node := fields["results"]).is_scalar else None,
    )


def _csv_path(doc: Document, name: str) -> str:
    """How messages name a results CSV: its path next to the recap's, normalised."""
    return Path(os.path.normpath(Path(doc.path).parent / name)).as_posix()


def _results(fields: Fields, doc: Document, file: Path, root: Path, lookups: Lookups,
             laps_run: int | None, problems: Problems) -> tuple[Result, ...] | None:
    node: Y | None = fields["results"]
    path = doc.path
    if node is None:
        return None
    rows: list[Y] | None
    if node.is_scalar and isinstance(node.value, str):
        csv_file = (file.parent / node.value).resolve()
        if not csv_file.is_relative_to(root.resolve()) or csv_file.suffix.lower() != ".csv":
            problems.error(path, node.line, "results", f"'{node.value}' must be a .csv file inside the content folder")
            return None
        if not csv_file.is_file():
            problems.error(path, node.line, "results", f"file '{node.value}' not found",
                           "the path is relative to the recap")
            return None
        path = _csv_path(doc, node.value)
        rows = read_csv_rows(csv_file, path, problems)
        rows = _known_columns(rows, path, problems) if rows else rows
        where = "row"
    elif node.is_list:
        rows = node.value
        where = "results"
    else:
        problems.error(path, node.line, "results", "must be a list of rows or the name of a CSV file")
        return None
    if rows is None:
        return None
    if not rows:
        problems.warn(path, node.line if where == "results" else 1, "results",
                      "no results yet: the race page will show none")
    out: list[Result] = []
    ok = True
    for index, row in enumerate(rows, 1):
        fast = _compact_row(row, lookups) if where == "results" else None
        if fast is not None and (fast.car is not None or fields["lenient"]):
            out.append(fast)
            continue
        label = f"{where}[{index}]" if where == "results" else ""
        checked = check_fields_partial(row, RESULT, path, label, problems, compact=RESULT_COMPACT)
        if checked is not None and checked["car"] is None and not fields["lenient"]:
            problems.error(path, checked.line_of("car"), f"{label}.car" if label else "car", "is required", CAR_HINT)
            checked.ok = False
        if checked is None or not checked.ok:
            ok = False
            continue
        out.append(Result(
            fin=checked["fin"], st=checked["st"], car=checked["car"], driver=lookups.drivers.resolve(checked["driver"]),
            team=lookups.teams.resolve(checked["team"]) if checked["team"] else None, make=checked["make"],
            laps=checked["laps"], led=checked["led"], status=(checked["status"] or "running").lower(),
            pts=checked["pts"], stages=_stage_positions(checked), stage_pts=checked["stage_pts"], line=row.line,
        ))
    if not ok:
        return None
    out.sort(key=lambda r: (r.fin, r.line))
    table_line = fields.line_of("results") if where == "results" else 1
    if fields["lenient"]:
        return tuple(out)  # historical data as recorded: the consistency rules below do not apply
    if not _check_results(out, path, table_line, laps_run, problems):
        return None
    return tuple(out)


def _known_columns(rows: list[Y], path: str, problems: Problems) -> list[Y]:
    """Report each unknown CSV column once, on the header line, and leave it out of the rows."""
    known = [alias for f in RESULT for alias in (f.name, *f.aliases)]
    unknown = [name for name in dict.fromkeys(key for row in rows for key in row.value) if name not in known]
    for name in unknown:
        problems.error(path, 1, name, "unknown column",
                       did_you_mean(name, known) or "columns are " + ", ".join(f.name for f in RESULT))
    if not unknown:
        return rows
    return [Y({k: v for k, v in row.value.items() if k not in unknown}, row.line,
              key_lines={k: n for k, n in row.key_lines.items() if k not in unknown}) for row in rows]


def _compact_row(row: Y, lookups: Lookups) -> Result | None:
    """A well-formed compact row as a `Result`, quickly; None sends the row through the full checks.

    Large sites hold hundreds of thousands of rows: the general field checker
    is only needed for the rare row that has something to report.
    """
    cells = row.value
    if type(cells) is not list or not 4 <= len(cells) <= len(RESULT_COMPACT):
        return None
    v = [cell.value for cell in cells] + [None] * (len(RESULT_COMPACT) - len(cells))
    fin, st, _, _, _, _, laps, led, _, pts = v
    if type(fin) is not int or fin < 1 or not (st is None or (type(st) is int and st >= 1)):
        return None
    if not (laps is None or (type(laps) is int and laps >= 0)) or not (led is None or (type(led) is int and led >= 0)):
        return None
    if not (pts is None or type(pts) in (int, float)):
        return None
    texts: list[str | None] = []
    for at in (2, 3, 4, 5, 8):
        cell = cells[at] if at < len(cells) else None
        if cell is not None and type(cell.value) in (list, dict):
            return None
        texts.append((cell.raw or "").strip() or None if cell is not None and cell.value is not None else None)
    car, driver, team, make, status = texts
    if driver is None:
        return None
    return Result(fin=fin, st=st, car=car, driver=lookups.drivers.resolve(driver),
                  team=lookups.teams.resolve(team) if team else None, make=make, laps=laps, led=led,
                  status=(status or "running").lower(), pts=pts, line=row.line)


def _stage_positions(checked: Fields) -> tuple[int | None, ...]:
    positions = [checked["s1"], checked["s2"], checked["s3"]]
    while positions and positions[-1] is None:
        positions.pop()
    return tuple(positions)


def _check_results(rows: list[Result], path: str, table_line: int, laps_run: int | None, problems: Problems) -> bool:
    before = len(problems.errors)
    _unique(rows, "fin", "finishing position", path, problems)
    _unique(rows, "st", "starting position", path, problems)
    _unique(rows, "car", "car number", path, problems)
    positions = {r.fin for r in rows}
    missing = [p for p in range(1, len(rows) + 1) if p not in positions]
    if missing and len(positions) == len(rows):
        problems.error(path, table_line, "results", f"finishing positions skip {_listing(missing)}",
                       f"{len(rows)} cars should finish 1 to {len(rows)}")
    drivers = Counter(r.driver for r in rows)
    for row in rows:
        if drivers[row.driver] > 1:
            first = next(r for r in rows if r.driver == row.driver)
            if first is not row:
                problems.error(path, row.line, "driver", f"'{row.driver}' is listed twice (also line {first.line})")
        if laps_run is not None and row.laps is not None and row.laps > laps_run:
            problems.error(path, row.line, "laps", f"{row.laps} laps completed, but the race ran {laps_run}",
                           "set laps_run if the race went past its scheduled distance")
        if laps_run is not None and row.led is not None and row.led > laps_run:
            problems.error(path, row.line, "led", f"{row.led} laps led, but the race ran {laps_run}")
    led_total = sum(r.led or 0 for r in rows)
    if laps_run is not None and led_total > laps_run:
        problems.error(path, table_line, "led", f"laps led add up to {led_total}, more than the {laps_run} laps run")
    ranked = [r for r in rows if r.laps is not None and "disqualified" not in r.status]
    for higher, lower in itertools.pairwise(ranked):
        if lower.laps > higher.laps:  # type: ignore[operator]
            problems.error(path, higher.line, "laps",
                           f"P{higher.fin} completed {higher.laps} laps, fewer than P{lower.fin} "
                           f"({lower.driver}, {lower.laps} laps) behind it",
                           "finishing order follows laps completed; check the positions or the laps")
    return len(problems.errors) == before


def _unique(rows: list[Result], attr: str, what: str, path: str, problems: Problems) -> None:
    seen: dict[object, Result] = {}
    for row in rows:
        value = getattr(row, attr)
        if value is None:
            continue
        if value in seen:
            shown = f'"{value}"' if isinstance(value, str) else str(value)
            problems.error(path, row.line, attr, f"{what} {shown} is given twice (also line {seen[value].line})")
        else:
            seen[value] = row


def _listing(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:5])
    return shown + (f" and {len(numbers) - 5} more" if len(numbers) > 5 else "")


def _qualifying(fields: Fields, path: str, lookups: Lookups, track_length: float | None,
                problems: Problems) -> tuple[QualifyingEntry, ...] | None:
    node = fields["qualifying"]
    if not node:
        return ()
    if not node.is_list:
        problems.error(path, node.line, "qualifying", "must be a list of rows")
        return None
    out: list[QualifyingEntry] = []
    for index, row in enumerate(node.value, 1):
        label = f"qualifying[{index}]"
        checked = check_fields(row, QUALIFYING, path, label, problems, compact=QUALIFYING_COMPACT)
        if checked is None:
            continue
        entry = QualifyingEntry(checked["pos"], lookups.drivers.resolve(checked["driver"]), checked["car"],
                                checked["time"], checked["speed"], row.line)
        if entry.time and entry.speed and track_length:
            derived = track_length / entry.time * 3600
            if abs(derived - entry.speed) > SPEED_TOLERANCE * derived:
                problems.warn(path, checked.line_of("speed"), f"{label}.speed",
                              f"{entry.speed:g} mph disagrees with {derived:.3f} mph from "
                              f"{entry.time:g} s on a {track_length:g}-mile track", "check the time or the speed")
        out.append(entry)
    if len(out) != len(node.value):
        return None
    seen: dict[int, QualifyingEntry] = {}
    for entry in out:
        if entry.pos in seen:
            problems.error(path, entry.line, "pos",
                           f"qualifying position {entry.pos} is given twice (also line {seen[entry.pos].line})")
        seen[entry.pos] = entry
    return tuple(sorted(out, key=lambda e: e.pos))


def _stages(fields: Fields, path: str, lookups: Lookups, problems: Problems) -> tuple[Stage, ...] | None:
    node = fields["stages"]
    if not node:
        return ()
    if not node.is_list:
        problems.error(path, node.line, "stages", "must be a list of stages")
        return None
    out: list[Stage] = []
    for index, item in enumerate(node.value, 1):
        checked = check_fields(item, STAGE, path, f"stages[{index}]", problems)
        if checked is None:
            return None
        top = tuple(lookups.drivers.resolve(name) for name in checked["top"])
        names = item.value["top"].value if item.is_map and item.value["top"].is_list else []
        out.append(Stage(checked["stage"], checked["laps"], top, tuple(name.line for name in names)))
    return tuple(sorted(out, key=lambda s: s.number))


def _stages_from_results(results: tuple[Result, ...]) -> tuple[Stage, ...]:
    count = max((len(r.stages) for r in results), default=0)
    stages = []
    for number in range(1, count + 1):
        placed = sorted((r.stages[number - 1], r.driver) for r in results
                        if len(r.stages) >= number and r.stages[number - 1] is not None)
        stages.append(Stage(number, None, tuple(driver for _, driver in placed[:10])))
    return tuple(stages)


def _penalties(fields: Fields, path: str, lookups: Lookups, problems: Problems) -> tuple[Penalty, ...] | None:
    node = fields["penalties"]
    if not node:
        return ()
    if not node.is_list:
        problems.error(path, node.line, "penalties", "must be a list of {driver, penalty}")
        return None
    out = []
    for index, item in enumerate(node.value, 1):
        checked = check_fields(item, PENALTY, path, f"penalties[{index}]", problems)
        if checked is None:
            return None
        out.append(Penalty(lookups.drivers.resolve(checked["driver"]), checked["penalty"], checked.line_of("driver")))
    return tuple(out)


__all__ = ["Lookups", "build_race", "plain"]
