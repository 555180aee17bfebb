"""One content file read into a `Part`: which race it is about, the race data it gives, and its story.

Owns the rules a single file can be held to: its front matter's fields and types (the schema's tables), its
results rows (from the front matter or a CSV file beside it), qualifying, stages and penalties, and the story
fields. Rules across files (a field given twice, a race's required fields, the results table as a whole) are
`races`'. Takes already-parsed YAML and the lookups built from the config and entity files; must not find files
on its own, compute stats or render.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .content import Document, Y, read_csv
from .errors import Problems, did_you_mean
from .model import Penalty, QualifyingEntry, RaceKey, Result, Stage
from .names import Names
from .rows import TableReader
from .schema import (
    FRONT_MATTER,
    PENALTY,
    QUALIFYING,
    QUALIFYING_COMPACT,
    RACE,
    RESULT,
    RESULT_COMPACT,
    STAGE,
    STORY,
)
from .validate import Fields, check_fields, check_fields_partial

CAR_HINT = "Car number, as text: `08` and `8` are different cars."
STORY_FIELDS = tuple(f.name for f in STORY)
RACE_FIELDS = tuple(f.name for f in RACE)
REQUIRED_OF_RACE = tuple(f for f in RACE if f.required)
RESULTS = TableReader(RESULT, RESULT_COMPACT)
QUALIFYING_ROWS = TableReader(QUALIFYING, QUALIFYING_COMPACT)


@dataclass
class Lookups:
    """What a file is checked against: the config's series and the entity files' names."""

    series: tuple[str, ...]
    root: str  # the content folder, resolved: a results CSV must be inside it
    drivers: Names = field(default_factory=Names)
    tracks: Names = field(default_factory=Names)
    teams: Names = field(default_factory=Names)
    track_lengths: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Given:
    """A race field as one file gives it."""

    value: Any
    line: int


@dataclass(frozen=True)
class StoryPart:
    """The story a file tells, before its race is known (its defaults come from the race)."""

    kind: str
    title: str | None
    summary: str
    author: str | None
    published: dt.date | None
    slug: str | None
    body: str
    body_line: int


@dataclass(frozen=True)
class Part:
    """What one content file says."""

    source: str  # as messages name it
    key: RaceKey
    key_line: int  # the line of `round`
    given: dict[str, Given]  # race data fields this file gives, by name (results, qualifying... as model values)
    story: StoryPart | None
    draft: bool
    lenient: bool
    results_source: str | None = None  # the CSV the results came from, as messages name it
    csv: str | None = None  # that CSV's path relative to the content folder (its hash goes with the part's)
    broken: bool = False  # some field had an error (reported): the race's other checks are skipped
    results_line: int | None = None  # the line of `results:` when the file has one, even an empty one
    data_digest: str = ""  # a hash of the race data it gives (its story's text aside): for the build plan
    story_digest: str = ""  # a hash of its story, text included


def read_part(doc: Document, file: Path, root: Path, lookups: Lookups, problems: Problems) -> Part | None:
    """A `Part` from a parsed content file, or None when it does not even say which race it is about.

    Every problem found is reported; a part with errors comes back `broken`, so that the race it belongs to is
    not also reported for what the broken field would have given."""
    if doc.meta is None:
        return None
    path = doc.path
    before = len(problems.errors)
    fields = check_fields_partial(doc.meta, FRONT_MATTER, path, "", problems)
    if fields is None:
        return None
    series = fields["series"]
    if series is not None and series not in lookups.series:
        problems.error(path, fields.line_of("series"), "series", f"unknown series '{series}'",
                       did_you_mean(series, lookups.series) or "series are declared in site.yml: "
                       + ", ".join(lookups.series))
        series = None
    if series is None or fields["season"] is None or fields["round"] is None or fields["race"] is None:
        return None
    for f in REQUIRED_OF_RACE:  # written but left empty: said here, where the writer left it
        if f.name in fields.lines and fields[f.name] is None:
            problems.error(path, fields.line_of(f.name), f.name, "is required", f.doc)
    given = {name: Given(fields[name], fields.line_of(name)) for name in RACE_FIELDS
             if name in fields.lines and fields[name] is not None
             and name not in ("results", "qualifying", "stages", "penalties", "lenient")}
    if "track" in given:
        given["track"] = Given(lookups.tracks.resolve(given["track"].value), given["track"].line)
    if "fastest_lap" in given:
        given["fastest_lap"] = Given(lookups.drivers.resolve(given["fastest_lap"].value), given["fastest_lap"].line)
    results_source = csv = None
    node = fields["results"]
    if node is not None:
        read = _results(node, doc, file, root, lookups, bool(fields["lenient"]), problems)
        if read is not None:
            rows, results_source, csv = read
            if rows:
                given["results"] = Given(rows, fields.line_of("results"))
    for name, reader in (("qualifying", _qualifying), ("stages", _stages), ("penalties", _penalties)):
        if fields[name]:
            value = reader(fields[name], path, lookups, problems)
            if value:
                given[name] = Given(value, fields.line_of(name))
    story = _story(fields, doc)
    key = RaceKey(series, fields["season"], fields["round"], fields["race"])
    draft = bool(fields["draft"])
    return Part(path, key, fields.line_of("round"), given, story, draft, bool(fields["lenient"]), results_source,
                csv, broken=len(problems.errors) > before,
                results_line=fields.line_of("results") if "results" in fields.lines else None,
                data_digest=_digest(repr((path, key, sorted(given.items()), draft, results_source))),
                story_digest=_digest(repr((path, story, draft))))


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _story(fields: Fields, doc: Document) -> StoryPart | None:
    """The file's story: when it has a body or any story field."""
    if not doc.body.strip() and not any(name in fields.lines for name in STORY_FIELDS if name != "draft"):
        return None
    return StoryPart(fields["kind"] or "recap", fields["title"], fields["summary"] or "", fields["author"],
                     fields["published"], fields["slug"], doc.body, doc.body_line)


def csv_path(doc_path: str, name: str) -> str:
    """How messages name a results CSV: its path next to the file's, normalised."""
    return Path(os.path.normpath(Path(doc_path).parent / name)).as_posix()


def _results(node: Y, doc: Document, file: Path, root: Path, lookups: Lookups, lenient: bool,
             problems: Problems) -> tuple[tuple[Result, ...], str | None, str | None] | None:
    """The results rows, where they came from (the CSV, when not the file itself) and the CSV's path relative to
    the content folder; None after reporting problems."""
    path = doc.path
    if node.is_scalar and isinstance(node.value, str):
        csv_file = os.path.realpath(os.path.join(file.parent, node.value))  # (symlinks followed: it must stay inside)
        top = lookups.root
        if not csv_file.startswith(top + os.sep) or not csv_file.lower().endswith(".csv"):
            problems.error(path, node.line, "results", f"'{node.value}' must be a .csv file inside the content folder")
            return None
        if not os.path.isfile(csv_file):
            problems.error(path, node.line, "results", f"file '{node.value}' not found",
                           "the path is relative to the file that names it")
            return None
        shown = csv_path(path, node.value)
        rows = _csv_results(Path(csv_file), shown, lookups, lenient, problems)
        return None if rows is None else (rows, shown, csv_file[len(top) + 1:].replace(os.sep, "/"))
    if not node.is_list:
        problems.error(path, node.line, "results", "must be a list of rows or the name of a CSV file")
        return None
    out, ok = [], True
    for index, row in enumerate(node.value, 1):
        label = f"results[{index}]"
        values = RESULTS.from_yaml(row, path, label, problems)
        result = _result(values, row.line, lookups, lenient, path, label, problems)
        if result is None:
            ok = False
        else:
            out.append(result)
    return (tuple(sorted(out, key=_order)), None, None) if ok else None


def _order(result: Result) -> tuple[int, int]:
    return (result.fin, result.line)


def _csv_results(csv_file: Path, path: str, lookups: Lookups, lenient: bool,
                 problems: Problems) -> tuple[Result, ...] | None:
    read = read_csv(csv_file, path, problems)
    if read is None:
        return None
    header, records = read
    columns = [RESULTS.field_name(name) if name else None for name in header]
    unknown = [name for name, column in zip(header, columns) if name and column is None]
    for name in unknown:
        problems.error(path, 1, name, "unknown column", did_you_mean(name, RESULTS.aliases)
                       or "columns are " + ", ".join(f.name for f in RESULT))
    out, ok = [], not unknown
    too_long = [(line, record) for line, record in records if len(record) > len(header)]
    for line, record in too_long:
        problems.error(path, line, "row", f"has {len(record)} cells but the header has {len(header)}")
    if too_long:
        return None
    quick = RESULTS.read_columns(columns, [record for _, record in records])
    for (line, record), values in zip(records, quick):
        values = values or RESULTS.from_text(columns, record, line, path, problems)
        result = _result(values, line, lookups, lenient, path, "", problems)
        if result is None:
            ok = False
        else:
            out.append(result)
    return tuple(sorted(out, key=_order)) if ok else None


def _result(values: tuple[Any, ...] | None, line: int, lookups: Lookups, lenient: bool, path: str, label: str,
            problems: Problems) -> Result | None:
    """A result from a row's values in RESULT's order: fin, st, car, driver, team, make, laps, led, status, pts,
    s1, s2, s3, stage_pts."""
    if values is None:
        return None
    fin, st, car, driver, team, make, laps, led, status, pts, s1, s2, s3, stage_pts = values
    if car is None and not lenient:
        problems.error(path, line, f"{label}.car" if label else "car", "is required", CAR_HINT)
        return None
    stages: tuple[int | None, ...] = (s1, s2, s3) if s3 is not None else (s1, s2) if s2 is not None else \
        (s1,) if s1 is not None else ()
    return Result(fin, car, lookups.drivers.resolve(driver), st, lookups.teams.resolve(team) if team else None, make,
                  laps, led, status.lower() if status else "running", pts, stages, stage_pts, line)


def _qualifying(node: Y, path: str, lookups: Lookups, problems: Problems) -> tuple[QualifyingEntry, ...] | None:
    if not node.is_list:
        problems.error(path, node.line, "qualifying", "must be a list of rows")
        return None
    out: list[QualifyingEntry] = []
    for index, row in enumerate(node.value, 1):
        values = QUALIFYING_ROWS.from_yaml(row, path, f"qualifying[{index}]", problems)
        if values is not None:
            pos, car, driver, time, speed = values
            out.append(QualifyingEntry(pos, lookups.drivers.resolve(driver), car, time, speed, row.line))
    if len(out) != len(node.value):
        return None
    seen: dict[int, QualifyingEntry] = {}
    for entry in out:
        if entry.pos in seen:
            problems.error(path, entry.line, "pos",
                           f"qualifying position {entry.pos} is given twice (also line {seen[entry.pos].line})")
        seen[entry.pos] = entry
    return tuple(sorted(out, key=lambda e: e.pos))


def _stages(node: Y, path: str, lookups: Lookups, problems: Problems) -> tuple[Stage, ...] | None:
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


def _penalties(node: Y, path: str, lookups: Lookups, problems: Problems) -> tuple[Penalty, ...] | None:
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
