"""From a results CSV to result rows that fit the content format, with a note for everything not kept as is.

Owns the importable fields and their default (NASCAR) column headers, the
mapping file (`our field: their column header`), reading each CSV record into
typed values grouped by race (`read_races`), and fitting a race's rows to the
rules that racesite/recap.py `_check_results` enforces (`fit_race`). Must not
write files or decide where recaps go: `importer` does.

Cells: text is trimmed and its inner whitespace collapsed; an empty cell or a
lone `-` means "not known" (`status` keeps `-`: empty would read `running`);
a number that is not a number is left out and noted.

Fitting never invents a value. Where the CSV breaks a rule, an optional
value (`st`, `laps`) is left out; the required `fin`, `car` and `driver` get a
visibly marked stand-in:

- finishing positions become 1..N in the CSV's finishing order, so a tie
  (41, 41, 43) becomes 41, 42, 43 in CSV order, and positions after a missing
  row close up;
- an unknown car number is written `?`; a repeated car number or driver gets
  ` (2)`, ` (3)`… in finishing order;
- a starting position below 1 or given twice is left out, and so are the laps
  that contradict the finishing order: the fewest that make laps fall (or stay
  level) down the order, disqualified cars excepted;
- a row with no driver or no finishing position is left out.

Every such change is a `Note` with `changed=True`, reported and written into
the recap as a comment.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from .content import parse_yaml, read_text
from .errors import Problems, did_you_mean
from .schema import RESULT

# field -> (kind, default header). Kinds: text, int, number, date. Order is the order fields are documented in.
FIELDS: dict[str, tuple[str, str | None]] = {
    "season": ("int", "Season"),
    "round": ("int", "Race"),
    "date": ("date", None),
    "name": ("text", "Name"),
    "track": ("text", "Track"),
    "track_length": ("number", "Length"),
    "fin": ("int", "Finish"),
    "st": ("int", "Start"),
    "car": ("text", "Car"),
    "driver": ("text", "Driver"),
    "team": ("text", "Team"),
    "make": ("text", "Make"),
    "laps": ("int", "Laps"),
    "led": ("int", "Led"),
    "status": ("text", "Status"),
    "pts": ("number", "Pts"),
    "s1": ("int", "S1"),
    "s2": ("int", "S2"),
    "s3": ("int", "S3"),
}
# The content format's other spellings of a result field (`finish` for `fin`, `points` for `pts`...).
ALIASES = {alias: f.name for f in RESULT for alias in f.aliases if f.name in FIELDS}
RACE_FIELDS = ("name", "track", "track_length", "date")
REQUIRED = ("season", "round", "name", "track", "fin", "car", "driver")
STAGE_FIELDS = ("s1", "s2", "s3")
NO_RACE = "row without season or round left out"
MISSING_LABELS = {"st": "start", "team": "team", "make": "make", "laps": "laps", "led": "laps led",
                  "pts": "points", "status": "status"}
UNKNOWN_CAR = "?"

_INT = re.compile(r"[+-]?\d+(?:\.0*)?")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")
_SPACE = re.compile(r"\s+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ImportFailed(Exception):
    """The import cannot start (bad mapping, header, CSV or site.yml); nothing was written. `lines` says why."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        super().__init__("\n".join(lines))


@dataclass(frozen=True, order=True)
class Note:
    """Something a user should know about one CSV line: a value not known, left out or changed."""

    line: int
    reason: str  # short and stable, counted in the report's summary
    detail: str  # what and why, shown after `file:line:`
    changed: bool = False  # True when the recap says something else than the CSV (also written into the recap)
    missing: bool = False  # True for "this cell is empty in the CSV" (detail is then the field's label)
    race: bool = False  # about the whole race starting on this line, not this row


@dataclass(slots=True)
class CsvRow:
    line: int
    values: dict[str, Any]  # field -> value, None when not known


@dataclass
class CsvRace:
    """All rows of one (season, round), in CSV order."""

    season: int
    round: int
    rows: list[CsvRow] = field(default_factory=list)

    @property
    def lines(self) -> tuple[int, int]:
        return (self.rows[0].line, self.rows[-1].line)


def load_mapping(file: Path, path: str) -> dict[str, str | None]:
    """The mapping file: `our field: their column header`, or `null` to ignore a default column."""
    problems = Problems()
    text = read_text(file, path, problems)
    node = parse_yaml(text, path, 1, problems) if text is not None else None
    lines = [p.format() for p in problems.errors]
    if node is None or lines:
        raise ImportFailed(lines or [f"{path}: cannot be read"])
    if not node.is_map:
        raise ImportFailed([f"{path}:{node.line}: must be a set of 'field: Column header' lines, e.g. 'fin: Pos'"])
    mapping: dict[str, str | None] = {}
    for key, value in node.value.items():
        line = node.key_lines.get(key, node.line)
        name = ALIASES.get(key.strip().lower(), key)
        if name not in FIELDS:
            hint = did_you_mean(key, [*FIELDS, *ALIASES]) or "fields: " + ", ".join(FIELDS)
            lines.append(f"{path}:{line}: {key}: unknown field ({hint})")
        elif not value.is_scalar:
            lines.append(f"{path}:{line}: {key}: must be a column header or null")
        elif name in mapping:
            lines.append(f"{path}:{line}: {key}: {name} is already mapped")
        else:
            mapping[name] = None if value.value is None else value.text().strip()
    if lines:
        raise ImportFailed(lines)
    return mapping


def resolve_columns(header: list[str], mapping: dict[str, str | None], where: str) -> dict[str, int]:
    """Field -> column index, matching header cells with case and spacing ignored; required fields must match."""
    by_key: dict[str, int] = {}
    for index, cell in enumerate(header):
        by_key.setdefault(_SPACE.sub(" ", cell.strip().lower()), index)
    columns: dict[str, int] = {}
    problems: list[str] = []
    unmatched: set[str] = set()
    for name, (_kind, default) in FIELDS.items():
        wanted = mapping.get(name, default)
        if wanted is None:
            continue
        index = by_key.get(_SPACE.sub(" ", wanted.strip().lower()))
        if index is not None:
            columns[name] = index
        elif name in mapping:
            unmatched.add(name)
            hint = did_you_mean(wanted, [h.strip() for h in header]) or "columns: " + ", ".join(header)
            problems.append(f"{where}: no column '{wanted}' for {name} ({hint})")
    for name in REQUIRED:
        if name not in columns and name not in unmatched:
            problems.append(f"{where}: no column for {name} (name it in a mapping file: '{name}: Your header')")
    if problems:
        raise ImportFailed(problems)
    return columns


def read_races(file: Path, mapping: dict[str, str | None], path: str) -> tuple[set[str], list[CsvRace], list[Note]]:
    """The fields found, every race in the CSV sorted by season and round, and notes on unreadable cells."""
    problems = Problems()
    text = read_text(file, path, problems)
    if text is None:
        raise ImportFailed([p.format() for p in problems.errors])
    records = _records(text, path)
    first = next(records, None)
    if first is None:
        raise ImportFailed([f"{path}: is empty: the first line names the columns"])
    columns = resolve_columns(first[1], mapping, f"{path}:{first[0]}")
    kinds = {name: FIELDS[name][0] for name in columns}
    races: dict[tuple[int, int], CsvRace] = {}
    notes: list[Note] = []
    for line, record in records:
        values: dict[str, Any] = {}
        for name, index in columns.items():
            raw = record[index] if index < len(record) else ""
            values[name] = _value(raw, name, kinds[name], line, notes)
        season, round_ = values["season"], values["round"]
        if season is None or round_ is None:
            missing = " and ".join(n for n in ("season", "round") if values[n] is None)
            notes.append(Note(line, NO_RACE, f"no {missing}: row left out", changed=True))
            continue
        race = races.get((season, round_))
        if race is None:
            race = races[(season, round_)] = CsvRace(season, round_)
        race.rows.append(CsvRow(line, values))
    return set(columns), [races[key] for key in sorted(races)], notes


def _records(text: str, path: str) -> Iterator[tuple[int, list[str]]]:
    """(first line of the record, cells) for each non-blank record; a record may span lines."""
    reader = csv.reader(io.StringIO(text))
    previous = 0
    try:
        for record in reader:
            start, previous = previous + 1, reader.line_num
            if any(cell.strip() for cell in record):
                yield start, record
    except csv.Error as exc:
        raise ImportFailed([f"{path}:{reader.line_num}: cannot be read as CSV: {exc}"]) from exc


def _value(raw: str, name: str, kind: str, line: int, notes: list[Note]) -> Any:
    text = _SPACE.sub(" ", raw).strip()
    if text == "-" and name != "status":
        return None
    if not text:
        return None
    if kind == "text":
        return text
    if kind == "int" and _INT.fullmatch(text):
        return int(text.split(".")[0])
    if kind == "number" and _NUMBER.fullmatch(text):
        return int(text) if text.lstrip("+-").isdigit() else float(text)
    if kind == "date" and _DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    expected = {"int": "a whole number", "number": "a number", "date": "a date (YYYY-MM-DD)"}[kind]
    notes.append(Note(line, f"{name} not readable", f"{name} '{text}' is not {expected}: left out", changed=True))
    return None


_ROW_FIELDS = tuple(name for name in FIELDS if name not in ("season", "round", *RACE_FIELDS))


@dataclass
class FittedRace:
    """One race's values fitted to the content format, or why it cannot be written (`skip`)."""

    season: int
    round: int
    lines: tuple[int, int]  # first and last CSV line
    info: dict[str, Any] = field(default_factory=dict)  # name, track, track_length, date
    date_synthesized: bool = False
    rows: list[dict[str, Any]] = field(default_factory=list)  # field -> value, plus "line"; in finishing order
    skip: tuple[str, str] | None = None  # (reason, detail) when no recap can be written
    notes: list[Note] = field(default_factory=list)
    labels: dict[int, str] = field(default_factory=dict)  # CSV line -> "1949 round 1, Jim Roper"


def fit_race(race: CsvRace, columns: set[str]) -> FittedRace:
    """The race's rows fitted to the content format's rules, with a note on each row left incomplete."""
    fitted = FittedRace(race.season, race.round, race.lines)
    notes = fitted.notes
    info = fitted.info = {name: _race_value(race, name, notes) for name in RACE_FIELDS}
    rows = [{**dict.fromkeys(FIELDS), **row.values, "line": row.line} for row in race.rows]
    results = fitted.rows = _keep_rows(rows, notes)
    unknown = [what for what, name in (("race name", "name"), ("track", "track")) if info[name] is None]
    if unknown:
        fitted.skip = ("no name or track", f"no {' or '.join(unknown)}" + ("" if results else " and no results")
                       + ": a recap needs a race name and a track")
        return fitted
    if race.season < 1900 or race.round < 1 or (info["date"] is None and race.round > 365):
        fitted.skip = ("out of range", "season before 1900 or round out of 1..365")
        return fitted
    fitted.labels = {row["line"]: f"{race.season} round {race.round}" + (f", {row['driver']}" if row["driver"] else "")
                     for row in rows}
    if info["track_length"] is not None and info["track_length"] < 0.01:
        notes.append(Note(race.lines[0], "track length left out", "track length below 0.01 miles: left out", True))
        info["track_length"] = None
    if info["date"] is None:
        info["date"] = dt.date(race.season, 1, 1) + dt.timedelta(days=race.round - 1)
        fitted.date_synthesized = True
    for row in results:
        _missing(row, columns, notes)
    _renumber(results, notes)
    _label(results, "car", "car number", notes)
    _label(results, "driver", "driver", notes)
    _starts(results, notes)
    _laps_order(results, notes)
    return fitted


def _race_value(race: CsvRace, name: str, notes: list[Note]) -> Any:
    """A race-level value: the first one given; a different later one is noted (and drops a length)."""
    given = [(row.line, row.values[name]) for row in race.rows if row.values.get(name) is not None]
    if not given:
        return None
    first_line, value = given[0]
    for line, other in given[1:]:
        if other != value:
            kept = "left out" if name == "track_length" else f"'{value}' (line {first_line}) used"
            notes.append(Note(line, f"race {name} differs between rows",
                              f"{name} '{other}' differs from line {first_line}: {kept}", True))
            if name == "track_length":
                return None
    return value


def _keep_rows(rows: list[dict[str, Any]], notes: list[Note]) -> list[dict[str, Any]]:
    kept = []
    for row in rows:
        if row["driver"] is None:
            if any(row[name] is not None for name in _ROW_FIELDS):
                notes.append(Note(row["line"], "row without driver left out", "no driver: row left out", True))
        elif row["fin"] is None or row["fin"] < 1:
            given = "no finishing position" if row["fin"] is None else f"finishing position {row['fin']}"
            notes.append(Note(row["line"], "row without finishing position left out", f"{given}: row left out", True))
        else:
            kept.append(row)
    return kept


def _missing(row: dict[str, Any], columns: set[str], notes: list[Note]) -> None:
    for name, label in MISSING_LABELS.items():
        if name in columns and row[name] is None:
            notes.append(Note(row["line"], f"no {label} in the CSV", label, missing=True))
            if name == "status":
                row["status"] = "-"  # empty would mean `running`


def _renumber(rows: list[dict[str, Any]], notes: list[Note]) -> None:
    """Finishing positions 1..N in the CSV's finishing order (ties in CSV order)."""
    rows.sort(key=lambda r: (r["fin"], r["line"]))
    given = [r["fin"] for r in rows]
    gaps = sorted(set(range(1, max(given, default=0) + 1)) - set(given))
    for index, row in enumerate(rows):
        fin = row["fin"]
        if fin == index + 1:
            continue
        tied = next((r["line"] for k, r in enumerate(rows[:index]) if given[k] == fin), None)
        if tied is not None:
            why, reason = f"P{fin} is also given on line {tied}; ties keep the CSV's order", "tied finish renumbered"
        else:
            why, reason = f"the CSV has no row for P{_listing(gaps)}", "finish after a missing position renumbered"
        notes.append(Note(row["line"], reason, f"finishing position {fin} written as {index + 1}: {why}", True))
        row["fin"] = index + 1


def _label(rows: list[dict[str, Any]], name: str, what: str, notes: list[Note]) -> None:
    """Make car numbers / drivers unique in finishing order: `?` for an unknown car, ` (2)` for a repeat."""
    first: dict[str, int] = {}
    used: set[str] = set()
    for row in rows:
        base = row[name] if row[name] is not None else UNKNOWN_CAR
        text, count = base, 1
        while text in used:
            count += 1
            text = f"{base} ({count})"
        used.add(text)
        first.setdefault(base, row["line"])
        if row[name] is None:
            notes.append(Note(row["line"], "no car number (written as ?)",
                              f"no car number in the CSV: written as {_q(text)}", True))
        elif count > 1:
            notes.append(Note(row["line"], f"{what} repeated in a race (suffixed)",
                              f"{what} {_q(base)} is also given on line {first[base]}: written as "
                              f"{_q(text)}", True))
        row[name] = text


def _starts(rows: list[dict[str, Any]], notes: list[Note]) -> None:
    by_start: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["st"] is not None and row["st"] < 1:
            notes.append(Note(row["line"], "starting position below 1 left out",
                              f"start {row['st']} left out: positions start at 1", True))
            row["st"] = None
        elif row["st"] is not None:
            by_start[row["st"]].append(row)
    for start, shared in by_start.items():
        if len(shared) > 1:
            for row in shared:
                others = ", ".join(str(r["line"]) for r in shared if r is not row)
                notes.append(Note(row["line"], "starting position given twice left out",
                                  f"start {start} left out: also given on line {others}", True))
                row["st"] = None


def _laps_order(rows: list[dict[str, Any]], notes: list[Note]) -> None:
    """Keep the most laps values that fall (or stay level) down the finishing order; leave out the rest."""
    ranked = [r for r in rows if r["laps"] is not None and "disqualified" not in (r["status"] or "").lower()]
    if all(b["laps"] <= a["laps"] for a, b in pairwise(ranked)):
        return
    best, prev = [1] * len(ranked), [-1] * len(ranked)
    for i, row in enumerate(ranked):
        for j in range(i):
            if ranked[j]["laps"] >= row["laps"] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    keep: set[int] = set()
    i = max(range(len(ranked)), key=lambda k: (best[k], -k))
    while i >= 0:
        keep.add(i)
        i = prev[i]
    kept = [ranked[k] for k in sorted(keep)]
    for k, row in enumerate(ranked):
        if k in keep:
            continue
        ahead = [r for r in kept if r["fin"] < row["fin"] and r["laps"] < row["laps"]]
        behind = [r for r in kept if r["fin"] > row["fin"] and r["laps"] > row["laps"]]
        other, more = (ahead[-1], "more") if ahead else (behind[0], "fewer")
        notes.append(Note(row["line"], "laps contradicting the finishing order left out",
                          f"laps {row['laps']} left out: P{row['fin']} has {more} laps than P{other['fin']} "
                          f"{'ahead' if ahead else 'behind'} ({other['laps']}, line {other['line']}); the fewest laps "
                          "that disagree with the finishing order are left out", True))
        row["laps"] = None


def _listing(numbers: list[int]) -> str:
    return ", P".join(str(n) for n in numbers[:5]) + (f" and {len(numbers) - 5} more" if len(numbers) > 5 else "")


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
