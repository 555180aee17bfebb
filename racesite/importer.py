"""`build.py import`: a results CSV into race files, one per race, and the report of what is missing or odd.

Owns which races a CSV holds and where each goes (`<series>/<season>/<round>-<track>.md`, `<round>-<n>-<track>.md`
for a round's n-th race), the skip-or-overwrite decision, `--strict` (the content checks run on the rows before
anything is written), the minimal `site.yml` edit and the command line. Reading the CSV's rows is `importmap`'s
job, writing a race's file `importwrite`'s, noting what is missing or odd `importreport`'s; checking content
is `load`'s and `races`': this module must not validate content itself.

- A race that already has a file anywhere in the content folder (same series, season, round and race number)
  is skipped and reported. `--force` replaces a file only at the importer's own path; a race recapped under
  another file name is never touched (delete that file to import the race again).
- A per-race CSV (a league's export) has no season or round column: `--season --round --date --name --track`
  (and `--lineup`, `--session`, `--race`) give values for the whole file.
- A `Session` column splits a round into races (a sprint and a feature, heats), numbered in the order the CSV
  first gives them; a `qualifying` session's rows become the qualifying order of the round's first race.
- Dates: the NASCAR CSVs have none, and `date` is required. Unless a mapped `date` column (or `--date`) gives
  one, a race is dated January 1 of its season plus (round - 1) days: round order is kept, the date stays inside
  its season even for the 62-race seasons of the 1960s, and it is plainly not a real race day. The `date` line
  says so in a comment and the report counts these races.
- A race with no name or no track cannot be written without inventing one: it is skipped and reported (so is
  the 2026 placeholder row, which has no driver, name or track). A named race with no results is written
  without any: the site shows it as upcoming.
- Results go in a CSV file beside the race's file (`results: 05-bristol.csv`), which reads many times faster
  than YAML rows on a long history.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any, TextIO

import yaml

from .config import CONFIG_NAME, build_config
from .content import normalize_text, parse_yaml, read_text, split_document
from .errors import Problems, display_path
from .importmap import (
    LINEUPS,
    NO_RACE,
    SESSION_WORDS,
    CsvRace,
    FittedRace,
    ImportFailed,
    fit_race,
    load_mapping,
    read_races,
)
from .importreport import MISSING_LABELS, NOT_WRITTEN, ImportReport, Note
from .importwrite import render_recap, yaml_value
from .load import find_content
from .model import Result
from .names import slugify
from .races import check_results

KNOWN_SERIES = {
    "cup": ("NASCAR Cup Series", "Cup"),
    "xfinity": ("NASCAR Xfinity Series", "Xfinity"),
    "truck": ("NASCAR Craftsman Truck Series", "Truck"),
}

__all__ = ["ImportFailed", "ImportReport", "add_import_command", "import_main", "render_recap", "run_import",
           "yaml_value"]


def run_import(csv_file: Path, series: str, out: Path, *, force: bool = False, mapping: Path | None = None,
               series_name: str | None = None, fixed: dict[str, Any] | None = None, first_race: int = 1,
               strict: bool = False) -> ImportReport:
    """Import every race in `csv_file` as series `series` into the content folder `out`.

    `fixed`: values for the whole file (season, round, date, name, track, lineup, session); `first_race`: the
    number within its round of the file's first race of a round (a per-race CSV of a round's second race says 2);
    `strict`: the races are written as a writer's own (not `lenient`) and their rows must pass the content
    checks. Raises `ImportFailed`, having written nothing, when the series slug, the mapping, the CSV's header,
    a strict race's rows or `site.yml` is unusable.
    """
    if slugify(series) != series:
        raise ImportFailed([f"--series '{series}' is not a slug: use '{slugify(series)}'"])
    source = display_path(csv_file)
    fields = load_mapping(mapping, display_path(mapping)) if mapping else {}
    columns, races, read_notes = read_races(csv_file, fields, source, fixed)
    report = ImportReport(source, races=len(races))
    report.not_imported = tuple(f for f in MISSING_LABELS if f not in columns)
    claimed = _existing_recaps(out, series, report)
    dates: dict[int, dict[int, str]] = defaultdict(dict)  # season -> round -> date, existing and written
    for (season, round_, _), (_, date) in claimed.items():
        dates[season].setdefault(round_, date)
    problems = Problems()
    files: list[tuple[Path, dict[Path, bytes]]] = []  # each race's file and its files (the file, its CSV)
    for race, number, kind, qualifying in _races_of_rounds(races, first_race, report):
        fitted = fit_race(race, columns)
        track = slugify(fitted.info["track"] or "")
        target = out / series / str(race.season) / (f"{race.round:02d}-{track}.md" if number == 1 else
                                                    f"{race.round:02d}-{number}-{track}.md")
        existing = claimed.get((race.season, race.round, number))
        skip = fitted.skip or _why_not_write(target, existing[0] if existing else None, force)
        label = f"{race.season} round {race.round}" + (f" race {number}" if number > 1 else "")
        if skip:
            report.notes.append(Note(race.lines[0], NOT_WRITTEN + skip[0], f"{label} not written: {skip[1]}",
                                     race=True))
            continue
        report.labels.update({line: label + (f", {driver}" if driver else "")
                              for line, driver in fitted.drivers.items()})
        report.notes += fitted.notes
        if not fitted.rows:
            report.notes.append(Note(race.lines[0], "written without results",
                                     f"{label}: no results: written without any, so its page shows it as upcoming",
                                     race=True))
        elif strict:
            _check_rows(fitted, source, problems)
        report.dates_synthesized += fitted.date_synthesized
        if number == first_race:
            dates[race.season][race.round] = fitted.info["date"].isoformat()
        rows_of_qualifying = fit_race(qualifying, columns).rows if qualifying is not None else None
        text, rows = render_recap(fitted, series, csv_file.name, target.with_suffix(".csv").name, number=number,
                                  session=kind, qualifying=rows_of_qualifying, strict=strict)
        mine = {target: text.encode("utf-8")}
        if rows is not None:
            mine[target.with_suffix(".csv")] = rows.encode("utf-8")
        files.append((target, mine))
    if problems.errors:
        raise ImportFailed([p.format() for p in problems.errors] + [
            f"{source}: --strict checks the rows as the build checks a writer's results: correct the CSV, or "
            "import without --strict to keep them as recorded (lenient)"])
    report.site = _ensure_site(out, series, series_name)
    for target, mine in files:
        if all(file.is_file() and file.read_bytes() == data for file, data in mine.items()):
            report.unchanged.append(display_path(target))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        for file, data in mine.items():
            file.write_bytes(data)
        report.written.append(display_path(target))
    report.notes += [n for n in read_notes if n.line in report.labels or n.reason == NO_RACE]
    if report.dates_synthesized:
        report.warnings += _date_order(series, dates)
    report.notes.sort(key=lambda n: n.line)  # stable: a row's notes stay in field order
    return report


def _races_of_rounds(races: list[CsvRace], first: int, report: ImportReport
                     ) -> list[tuple[CsvRace, int, str, CsvRace | None]]:
    """Each race to write: (its rows, its number in its round, its session kind, the round's qualifying rows).
    A session the import cannot tell is reported and its rows left out."""
    out: list[tuple[CsvRace, int, str, CsvRace | None]] = []
    by_round: dict[tuple[int, int], list[CsvRace]] = defaultdict(list)
    for race in races:
        by_round[(race.season, race.round)].append(race)
    for group in by_round.values():
        qualifying = next((r for r in group if r.kind == "qualifying"), None)
        runs = []
        for race in group:
            if race.kind is None:
                report.notes.append(Note(race.lines[0], NOT_WRITTEN + "session not known",
                                         f"{race.season} round {race.round}: session '{race.session}' is not one of "
                                         + ", ".join(sorted(set(SESSION_WORDS))) + ": its rows are left out",
                                         race=True))
            elif race.kind != "qualifying":
                runs.append(race)
        out += [(race, first + i, race.kind or "race", qualifying if i == 0 else None) for i, race in enumerate(runs)]
        if qualifying is not None and not runs:
            report.notes.append(Note(qualifying.lines[0], NOT_WRITTEN + "qualifying alone",
                                     f"{qualifying.season} round {qualifying.round}: a qualifying session with no "
                                     "race: import it in one CSV with the race's results", race=True))
    return out


def _check_rows(race: FittedRace, source: str, problems: Problems) -> None:
    """The content checks a writer's own results get (a car number on every row, each position once...)."""
    rows = []
    for row in race.rows:
        if row["car"] is None:
            problems.error(source, row["line"], "car", "is required",
                           "--strict: a writer's results need a car number on every row")
        rows.append(Result(row["fin"], row["car"], row["driver"], row["st"], row["team"], row["make"], row["laps"],
                           row["led"], (row["status"] or "running").lower(), row["pts"], line=row["line"]))
    check_results(rows, source, race.lines[0], None, problems)


def _why_not_write(target: Path, existing: Path | None, force: bool) -> tuple[str, str] | None:
    """(reason, detail) when the race must not be written to `target`; None to write."""
    shown = display_path(existing or target)
    if existing is not None and existing.resolve() != target.resolve():
        return "already recapped", f"already has a recap at {shown} (delete it to import this race again)"
    if existing is None and target.exists():
        return "file in the way", f"{shown} exists and is not this race's recap"
    if existing is not None and not force:
        return "already recapped", f"already has a recap at {shown} (--force replaces it)"
    return None


def _date_order(series: str, dates: dict[int, dict[int, str]]) -> list[str]:
    """A warning for each season whose dates, synthesized and real mixed, do not follow its rounds."""
    out = []
    for season, by_round in sorted(dates.items()):
        rounds = sorted(by_round)
        by_date = sorted(rounds, key=lambda r: (by_round[r], r))
        if by_date != rounds:
            first = next(r for r, d in zip(rounds, by_date) if r != d)
            out.append(f"warning: {series} {season}: by date, round {first} ({by_round[first]}) is out of round "
                       "order: synthesized dates mix with real ones; give the imported races their real dates, "
                       "or date order (feeds, career facts) will not follow the rounds")
    return out


_KEY_LINE = re.compile(r"(series|season|round|race|date)[ \t]*:")
_KEYS = ("series", "season", "round", "date")


def _existing_recaps(root: Path, series: str, report: ImportReport
                     ) -> dict[tuple[int, int, int], tuple[Path, str]]:
    """(season, round, race number) -> (file, date as written), for every race file of `series` already in the
    content folder."""
    claimed: dict[tuple[int, int, int], tuple[Path, str]] = {}
    for file in map(Path, find_content(root)) if root.is_dir() else []:
        key = _recap_key(file)
        if key is None:
            report.warnings.append(f"warning: {display_path(file)}: cannot tell which race it recaps (its front "
                                   "matter has errors), so it was not checked against this import")
        elif key[0] == series:
            claimed.setdefault((key[1], key[2], key[4]), (file, key[3]))
    return claimed


def _recap_key(file: Path) -> tuple[str, int, int, str, int] | None:
    """A recap's series, season, round, date and race number: those top-level lines parsed alone, else the whole
    file."""
    problems = Problems()
    text = read_text(file, display_path(file), problems) or ""
    head = text.split("\n---", 1)[0] if text.startswith("---\n") else ""
    picked = "\n".join(line for line in head.split("\n") if _KEY_LINE.match(line))
    meta = parse_yaml(picked, display_path(file), 1, problems) if picked else None
    if meta is None or not meta.is_map or any(k not in meta.value for k in _KEYS):
        meta = split_document(text, display_path(file), problems).meta if text else None
    if meta is None or not meta.is_map:
        return None
    series, season, round_, date = (meta.value[k].value if k in meta.value else None for k in _KEYS)
    number = meta.value["race"].value if "race" in meta.value else 1
    if not isinstance(series, str) or not isinstance(season, int) or not isinstance(round_, int) or \
            not isinstance(number, int):
        return ("", 0, 0, "", 0)  # some other file: not a recap of any series this import writes
    return (series, season, round_, str(date or ""), number)


def _ensure_site(root: Path, series: str, series_name: str | None) -> str:
    """Make sure `root/site.yml` exists and names `series`; returns what was done ("" for nothing)."""
    config_file = root / CONFIG_NAME
    shown = display_path(config_file)
    name, short = KNOWN_SERIES.get(series, (series_name, None))
    if series_name:
        name = series_name
    entry = f"{{slug: {series}, name: {yaml_value(name)}" + (f", short_name: {yaml_value(short)}}}" if short else "}")
    if not config_file.exists():
        if not name:
            raise ImportFailed([f"{shown}: a new site needs the series' full name: give --series-name"])
        text = f"# Written by `build.py import`: the site's title and series.\ntitle: {yaml_value(name)}\n" \
               f"series:\n  - {entry}\n"
        _check_config(text, shown, series)
        root.mkdir(parents=True, exist_ok=True)
        config_file.write_bytes(text.encode("utf-8"))
        return f"Created {shown} for {name}."
    raw = config_file.read_bytes()
    text = normalize_text(raw)
    slugs = _check_config(text, shown, None)
    if series in slugs:
        return ""
    if not name:
        raise ImportFailed([f"{shown}: series '{series}' is new to the site: give --series-name with its full name"])
    text = _add_series(text, entry, shown)
    _check_config(text, shown, series)
    if b"\r\n" in raw:  # keep the file's own line endings and byte-order mark
        text = text.replace("\n", "\r\n")
    config_file.write_bytes(text.encode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else text.encode("utf-8"))
    return f"Added series '{series}' ({name}) to {shown}."


def _check_config(text: str, shown: str, series: str | None) -> list[str]:
    problems = Problems()
    config = build_config(parse_yaml(text, shown, 1, problems), shown, problems)
    if config is None or problems.errors:
        raise ImportFailed([p.format() for p in problems.errors] + [f"{shown}: fix it, then import again"])
    slugs = [s.slug for s in config.series]
    if series is not None and series not in slugs:
        raise ImportFailed([f"{shown}: could not add series '{series}'"])
    return slugs


def _add_series(text: str, entry: str, shown: str) -> str:
    """`text` with one more item in its top-level `series` list, everything else (comments too) unchanged."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    node = next((v for k, v in root.value if k.value == "series"), None) if isinstance(root, yaml.MappingNode) else None
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise ImportFailed([f"{shown}: 'series' must be a list to add to"])
    if node.flow_style:
        end = node.value[-1].end_mark.index  # just after the last item
        return text[:end] + f", {entry}" + text[end:]
    lines = text.split("\n")
    first_line = lines[node.value[0].start_mark.line]
    indent = first_line[: len(first_line) - len(first_line.lstrip())]
    last = node.value[-1].end_mark
    at = last.line + (1 if last.column > 0 else 0)
    while at > 0 and (not lines[at - 1].strip() or lines[at - 1].lstrip().startswith("#")):
        at -= 1  # right after the last item, before any comment or blank line that follows it
    lines.insert(at, f"{indent}- {entry}")
    return "\n".join(lines)


def add_import_command(subparsers: Any) -> argparse.ArgumentParser:
    """Register `import` on build.py's subparsers; its handler is `import_main` (set as `run` and `func`)."""
    p: argparse.ArgumentParser = subparsers.add_parser("import", help="import a results CSV as recaps, one per race",
                              description="Turn a results CSV into recaps, one per race. See docs/import.md.")
    p.add_argument("csv_file", type=Path, metavar="FILE.csv", help="results, one row per car per race")
    p.add_argument("--series", required=True, metavar="SLUG", help="series slug, e.g. cup, xfinity, truck")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="content folder to write into")
    p.add_argument("--force", action="store_true", help="replace recaps this import wrote before")
    p.add_argument("--mapping", type=Path, metavar="MAP.yml",
                   help="YAML file naming the CSV's columns: `our_field: Their Header`")
    p.add_argument("--series-name", metavar="NAME", help="full series name, for a series new to site.yml")
    p.add_argument("--strict", action="store_true",
                   help="write the races as your own results, not `lenient`: the rows must pass the content checks")
    fixed = p.add_argument_group("values for the whole file (a per-race CSV); the CSV's column is then not read")
    fixed.add_argument("--season", type=_whole_number, metavar="YEAR")
    fixed.add_argument("--round", type=_whole_number, metavar="N")
    fixed.add_argument("--date", type=_date, metavar="YYYY-MM-DD")
    fixed.add_argument("--name", metavar="NAME", help="the race's name")
    fixed.add_argument("--track", metavar="TRACK")
    fixed.add_argument("--lineup", choices=LINEUPS, help="how the grid was set: only `qualifying` gives a pole")
    fixed.add_argument("--session", metavar="KIND", help="what kind of race: race, sprint, feature, heat, duel...")
    fixed.add_argument("--race", type=_whole_number, default=1, metavar="N",
                       help="the race's number within its round (2 for a round's second race)")
    p.set_defaults(run=import_main, func=import_main)
    return p


def _whole_number(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number from 1")
    return int(text)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write YYYY-MM-DD, e.g. 2024-05-12") from None


def import_main(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the import for parsed arguments, print the report; 0 on success, 1 when nothing could be imported."""
    out, err = out or sys.stdout, err or sys.stderr
    fixed = {name: getattr(args, name) for name in ("season", "round", "date", "name", "track", "lineup", "session")
             if getattr(args, name, None) is not None}
    try:
        report = run_import(args.csv_file, args.series, args.out, force=args.force, mapping=args.mapping,
                            series_name=args.series_name, fixed=fixed, first_race=getattr(args, "race", 1),
                            strict=getattr(args, "strict", False))
    except ImportFailed as exc:
        for line in exc.lines:
            print(line, file=err)
        print("Import failed: nothing was written.", file=err)
        return 1
    for line in report.lines() + report.summary():
        print(line, file=out)
    return 0
