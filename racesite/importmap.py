"""From a results CSV to result rows in the content format, values kept as the CSV records them.

Owns the importable fields and their default (NASCAR) column headers, the
mapping file (`our field: their column header`), reading each CSV record into
typed values grouped by race (`read_races`), and a race's rows in finishing
order (`fit_race`). Must not write files or decide where recaps go:
`importer` does; what is missing or odd is noted by `importreport`.

Cells: text is trimmed and its inner whitespace collapsed; an empty cell or a
lone `-` means "not known" (`status` keeps `-`: empty would read `running`);
a number that is not a number is left out and noted.

Imported recaps are `lenient`: tied or skipped finishing positions, unknown
or repeated car numbers, repeated starts and drivers and laps out of order
are kept as recorded (and reported). Fitting never invents or renumbers a
value; it leaves out only what the content format cannot hold at all, each
with a `Note` marked `changed`, reported and written into the recap as a
comment:

- a row with no driver or no finishing position (not a start);
- a number below the least the format allows: a starting position of 0 (the
  1982-83 Xfinity rows give 0 for unknown), negative laps;
- a track length below 0.01 miles, or one that differs between a race's rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .content import parse_yaml, read_text
from .errors import Problems, did_you_mean
from .importreport import Note, note_rows
from .schema import RACE, RESULT

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
    "session": ("text", "Session"),
    "lineup": ("text", None),
}
# The content format's other spellings of a result field (`finish` for `fin`, `points` for `pts`...).
ALIASES = {alias: f.name for f in RESULT for alias in f.aliases if f.name in FIELDS}
RACE_FIELDS = ("name", "track", "track_length", "date", "lineup")
# A session column's first word -> the session kind (schema.SESSIONS); `qualifying` rows are a qualifying order.
SESSION_WORDS = {"race": "race", "feature": "feature", "main": "feature", "final": "feature", "sprint": "sprint",
                 "heat": "heat", "duel": "duel", "qualifying": "qualifying", "quali": "qualifying",
                 "qualy": "qualifying", "exhibition": "exhibition"}
LINEUPS = next(f.choices for f in RACE if f.name == "lineup")
REQUIRED = ("season", "round", "name", "track", "fin", "car", "driver")
STAGE_FIELDS = ("s1", "s2", "s3")
NO_RACE = "row without season or round left out"

_INT = re.compile(r"[+-]?\d+(?:\.0*)?")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")
_SPACE = re.compile(r"\s+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WORD = re.compile(r"[a-z]+")


class ImportFailed(Exception):
    """The import cannot start (bad mapping, header, CSV or site.yml); nothing was written. `lines` says why."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        super().__init__("\n".join(lines))


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
    session: str = ""  # the session column's value ("" without one), e.g. "Heat 1"

    @property
    def kind(self) -> str | None:
        """The session kind (`race`, `sprint`, `qualifying`...); None when the session column names none."""
        if not self.session:
            return "race"
        return SESSION_WORDS.get((_WORD.findall(self.session.lower()) or [""])[0])

    @property
    def lines(self) -> tuple[int, int]:
        return (self.rows[0].line, self.rows[-1].line)


def load_mapping(file: Path, path: str) -> dict[str, tuple[str, ...] | None]:
    """The mapping file: `our field: their column header`, or `null` to ignore a default column. A header with
    a `#` in it (`car: Car #`) is taken as written, though YAML reads the `#` as starting a comment: the
    header is tried whole first, then without the comment."""
    problems = Problems()
    text = read_text(file, path, problems)
    node = parse_yaml(text, path, 1, problems) if text is not None else None
    lines = [p.format() for p in problems.errors]
    if node is None or lines or text is None:
        raise ImportFailed(lines or [f"{path}: cannot be read"])
    if not node.is_map:
        raise ImportFailed([f"{path}:{node.line}: must be a set of 'field: Column header' lines, e.g. 'fin: Pos'"])
    source = text.split("\n")
    mapping: dict[str, tuple[str, ...] | None] = {}
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
        elif value.value is None:
            mapping[name] = None
        else:
            typed = value.text().strip()
            whole = _as_written(source[line - 1] if line <= len(source) else "", key)
            mapping[name] = (whole, typed) if whole and whole != typed and whole.startswith(typed) else (typed,)
    if lines:
        raise ImportFailed(lines)
    return mapping


def _as_written(line: str, key: str) -> str:
    """A `key: Header # rest` line's header with everything after it, as typed ("" when quoted or not plain)."""
    head, _, rest = line.partition(":")
    rest = rest.strip()
    if head.strip() != key or not rest or rest[0] in "\"'[{|>&*!":
        return ""
    return " ".join(rest.split())


def resolve_columns(header: list[str], mapping: dict[str, tuple[str, ...] | None], where: str,
                    fixed: Collection[str] = ()) -> dict[str, int]:
    """Field -> column index, matching header cells with case and spacing ignored; required fields must match,
    unless the command line fixes their value for the whole file (`fixed`: those columns are not read)."""
    by_key: dict[str, int] = {}
    for index, cell in enumerate(header):
        by_key.setdefault(_key(cell), index)
    columns: dict[str, int] = {}
    problems: list[str] = []
    unmatched: set[str] = set()
    for name, (_kind, default) in FIELDS.items():
        wanted = mapping.get(name, (default,) if default else None) if name not in fixed else None
        if not wanted:
            continue
        found = next((by_key[_key(w)] for w in wanted if _key(w) in by_key), None)
        if found is not None:
            columns[name] = found
        elif name in mapping:
            unmatched.add(name)
            typed = wanted[-1]  # (as YAML reads it: without a comment after it)
            hint = did_you_mean(typed, [h.strip() for h in header]) or "columns: " + ", ".join(header)
            problems.append(f"{where}: no column '{typed}' for {name} ({hint})")
    for name in REQUIRED:
        if name not in columns and name not in unmatched and name not in fixed:
            problems.append(f"{where}: no column for {name} (name it in a mapping file: '{name}: Your header', "
                            f"or give --{name} for the whole file)" if name in FIXABLE else
                            f"{where}: no column for {name} (name it in a mapping file: '{name}: Your header')")
    if problems:
        raise ImportFailed(problems)
    return columns


def _key(header: str) -> str:
    return _SPACE.sub(" ", header.strip().lower())


FIXABLE = ("season", "round", "date", "name", "track")  # fields the command line can fix for a whole file


def read_races(file: Path, mapping: dict[str, tuple[str, ...] | None], path: str,
               fixed: dict[str, Any] | None = None) -> tuple[set[str], list[CsvRace], list[Note]]:
    """The fields found, every race in the CSV (in season and round order, a round's sessions in the order the
    CSV first gives them), and notes on unreadable cells. `fixed`: values given for the whole file (season,
    round, date, name, track, lineup, session) instead of read from a column."""
    fixed = fixed or {}
    problems = Problems()
    text = read_text(file, path, problems)
    if text is None:
        raise ImportFailed([p.format() for p in problems.errors])
    records = _records(text, path)
    first = next(records, None)
    if first is None:
        raise ImportFailed([f"{path}: is empty: the first line names the columns"])
    columns = resolve_columns(first[1], mapping, f"{path}:{first[0]}", fixed)
    kinds = {name: FIELDS[name][0] for name in columns}
    races: dict[tuple[int, int, str], CsvRace] = {}
    notes: list[Note] = []
    for line, record in records:
        values: dict[str, Any] = dict(fixed)
        for name, index in columns.items():
            raw = record[index] if index < len(record) else ""
            values[name] = _value(raw, name, kinds[name], line, notes)
        season, round_ = values.get("season"), values.get("round")
        if season is None or round_ is None:
            missing = " and ".join(n for n in ("season", "round") if values.get(n) is None)
            notes.append(Note(line, NO_RACE, f"no {missing}: row left out", changed=True))
            continue
        session = values.get("session") or ""
        race = races.get((season, round_, session))
        if race is None:
            race = races[(season, round_, session)] = CsvRace(season, round_, session=session)
        race.rows.append(CsvRow(line, values))
    found = set(columns) | {name for name in fixed if name in FIELDS}
    return found, sorted(races.values(), key=lambda r: (r.season, r.round, r.rows[0].line)), notes


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


_ROW_FIELDS = tuple(name for name in FIELDS if name not in ("season", "round", "session", *RACE_FIELDS))


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
    drivers: dict[int, str | None] = field(default_factory=dict)  # CSV line -> driver, every row of the race


def fit_race(race: CsvRace, columns: set[str]) -> FittedRace:
    """The race's rows in finishing order, as recorded, with a note on everything missing, odd or left out."""
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
    fitted.drivers = {row["line"]: row["driver"] for row in rows}
    if info["lineup"] is not None and info["lineup"] not in LINEUPS:
        notes.append(Note(race.lines[0], "lineup left out", f"lineup '{info['lineup']}' is not one of "
                          + ", ".join(LINEUPS) + ": left out", True))
        info["lineup"] = None
    if info["track_length"] is not None and info["track_length"] < 0.01:
        notes.append(Note(race.lines[0], "track length left out", "track length below 0.01 miles: left out", True))
        info["track_length"] = None
    if info["date"] is None:
        info["date"] = dt.date(race.season, 1, 1) + dt.timedelta(days=race.round - 1)
        fitted.date_synthesized = True
    results.sort(key=lambda r: (r["fin"], r["line"]))  # as the build orders them: ties in CSV order
    left_out = {(row["line"], name) for row in results for name in _below_minimum(row, notes)}
    notes += note_rows(results, columns, left_out)
    for row in results:
        if row["status"] is None:
            row["status"] = "-"  # null would read as `running`
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


_MINIMUM = {f.name: int(f.minimum) for f in RESULT if f.minimum is not None and f.name in FIELDS and f.name != "fin"}
_LABEL = {"st": "start", "led": "laps led", "s1": "stage 1 position", "s2": "stage 2 position",
          "s3": "stage 3 position"}


def _below_minimum(row: dict[str, Any], notes: list[Note]) -> list[str]:
    """Leave out each number below the least the format allows (a start of 0 is not a position); their fields."""
    out = []
    for name, least in _MINIMUM.items():
        if row[name] is not None and row[name] < least:
            label = _LABEL.get(name, name)
            notes.append(Note(row["line"], f"{label} below {least} left out",
                              f"{label} {row[name]} left out: {'positions start' if least else 'it starts'} at "
                              f"{least}", True))
            row[name] = None
            out.append(name)
    return out
