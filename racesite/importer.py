"""`build.py import`: a results CSV into recaps, one per race, and the report of what is missing or odd.

Owns the recap text the importer writes (`lenient: true`, compact result rows,
stages, YAML that reads back exactly), where it goes
(`<series>/<season>/<round>-<track>.md`), the skip-or-overwrite decision, the
minimal `site.yml` edit and the command line. Reading the CSV's rows is
`importmap`'s job, noting what is missing or odd `importreport`'s; checking
recaps is `load`'s: this module must not validate content itself.

- A race that already has a recap anywhere in the content folder (same series,
  season and round) is skipped and reported. `--force` replaces a recap only
  at the importer's own path; a race recapped under another file name is never
  touched (delete that file to import the race again).
- Dates: the NASCAR CSVs have none, and `date` is required. Unless a mapped
  `date` column gives one, a race is dated January 1 of its season plus
  (round - 1) days: round order is kept, the date stays inside its season even
  for the 62-race seasons of the 1960s (weekly spacing would not), and it is
  plainly not a real race day. The `date` line says so in a comment and the
  report counts these races.
- A race with no name or no track cannot be written without inventing one:
  it is skipped and reported (so is the 2026 placeholder row, which has no
  driver, name or track). A named race with no results is written without any:
  the site shows it as upcoming.
- Results go in a CSV file beside the race's file (`results: 05-bristol.csv`),
  which reads many times faster than YAML rows on a long history.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any, TextIO

import yaml

from .config import CONFIG_NAME, build_config
from .content import normalize_text, parse_yaml, read_text, split_document
from .errors import Problems, display_path
from .importmap import NO_RACE, STAGE_FIELDS, FittedRace, ImportFailed, fit_race, load_mapping, read_races
from .importreport import MISSING_LABELS, NOT_WRITTEN, ImportReport, Note
from .load import find_content
from .names import slugify
from .schema import RESULT_COMPACT

KNOWN_SERIES = {
    "cup": ("NASCAR Cup Series", "Cup"),
    "xfinity": ("NASCAR Xfinity Series", "Xfinity"),
    "truck": ("NASCAR Craftsman Truck Series", "Truck"),
}
STAGE_TOP = 10
LENIENT_COMMENT = "# historical data, kept as recorded: ties, gaps and repeats are not errors"

__all__ = ["ImportFailed", "ImportReport", "add_import_command", "import_main", "render_recap", "run_import",
           "yaml_value"]


def run_import(csv_file: Path, series: str, out: Path, *, force: bool = False, mapping: Path | None = None,
               series_name: str | None = None) -> ImportReport:
    """Import every race in `csv_file` as series `series` into the content folder `out`.

    Raises `ImportFailed`, having written nothing, when the series slug, the mapping, the CSV's header
    or `site.yml` is unusable.
    """
    if slugify(series) != series:
        raise ImportFailed([f"--series '{series}' is not a slug: use '{slugify(series)}'"])
    source = display_path(csv_file)
    fields = load_mapping(mapping, display_path(mapping)) if mapping else {}
    columns, races, read_notes = read_races(csv_file, fields, source)
    report = ImportReport(source, races=len(races))
    report.not_imported = tuple(f for f in MISSING_LABELS if f not in columns)
    report.site = _ensure_site(out, series, series_name)
    claimed = _existing_recaps(out, series, report)
    dates: dict[int, dict[int, str]] = defaultdict(dict)  # season -> round -> date, existing and written
    for (season, round_), (_, date) in claimed.items():
        dates[season][round_] = date
    for race in races:
        fitted = fit_race(race, columns)
        target = out / series / str(race.season) / f"{race.round:02d}-{slugify(fitted.info['track'] or '')}.md"
        existing = claimed.get((race.season, race.round))
        skip = fitted.skip or _why_not_write(target, existing[0] if existing else None, force)
        if skip:
            report.notes.append(Note(race.lines[0], NOT_WRITTEN + skip[0],
                                     f"{race.season} round {race.round} not written: {skip[1]}", race=True))
            continue
        report.labels.update({line: f"{race.season} round {race.round}" + (f", {driver}" if driver else "")
                              for line, driver in fitted.drivers.items()})
        report.notes += fitted.notes
        if not fitted.rows:
            report.notes.append(Note(race.lines[0], "written without results",
                                     f"{race.season} round {race.round}: no results: written without any, so its "
                                     "page shows it as upcoming", race=True))
        report.dates_synthesized += fitted.date_synthesized
        dates[race.season][race.round] = fitted.info["date"].isoformat()
        text, rows = render_recap(fitted, series, csv_file.name, target.with_suffix(".csv").name)
        files = {target: text.encode("utf-8")}
        if rows is not None:
            files[target.with_suffix(".csv")] = rows.encode("utf-8")
        if all(file.is_file() and file.read_bytes() == data for file, data in files.items()):
            report.unchanged.append(display_path(target))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        for file, data in files.items():
            file.write_bytes(data)
        report.written.append(display_path(target))
    report.notes += [n for n in read_notes if n.line in report.labels or n.reason == NO_RACE]
    if report.dates_synthesized:
        report.warnings += _date_order(series, dates)
    report.notes.sort(key=lambda n: n.line)  # stable: a row's notes stay in field order
    return report


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


_KEY_LINE = re.compile(r"(series|season|round|date)[ \t]*:")
_KEYS = ("series", "season", "round", "date")


def _existing_recaps(root: Path, series: str, report: ImportReport) -> dict[tuple[int, int], tuple[Path, str]]:
    """(season, round) -> (file, date as written), for every recap of `series` already in the content folder."""
    claimed: dict[tuple[int, int], tuple[Path, str]] = {}
    for file in map(Path, find_content(root)) if root.is_dir() else []:
        key = _recap_key(file)
        if key is None:
            report.warnings.append(f"warning: {display_path(file)}: cannot tell which race it recaps (its front "
                                   "matter has errors), so it was not checked against this import")
        elif key[0] == series:
            claimed.setdefault((key[1], key[2]), (file, key[3]))
    return claimed


def _recap_key(file: Path) -> tuple[str, int, int, str] | None:
    """A recap's series, season, round and date: those top-level lines parsed alone, else the whole file."""
    problems = Problems()
    text = read_text(file, display_path(file), problems) or ""
    head = text.split("\n---", 1)[0] if text.startswith("---\n") else ""
    picked = "\n".join(line for line in head.split("\n") if _KEY_LINE.match(line))
    meta = parse_yaml(picked, display_path(file), 1, problems) if picked else None
    if meta is None or not meta.is_map or len(meta.value) < len(_KEYS):
        meta = split_document(text, display_path(file), problems).meta if text else None
    if meta is None or not meta.is_map:
        return None
    series, season, round_, date = (meta.value[k].value if k in meta.value else None for k in _KEYS)
    if not isinstance(series, str) or not isinstance(season, int) or not isinstance(round_, int):
        return ("", 0, 0, "")  # some other file: not a recap of any series this import writes
    return (series, season, round_, str(date or ""))


def render_recap(race: FittedRace, series: str, source_name: str, rows_name: str) -> tuple[str, str | None]:
    """The race's file (front matter only: the story is the writer's, `lenient`, values left out as comments) and
    its results as a CSV file named `rows_name` beside it (None when the race has none). A long history's results
    read many times faster from CSV than from YAML rows."""
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
    out += [f"series: {series}", f"season: {race.season}", f"round: {race.round}", f"date: {date}",
            f"name: {yaml_value(info['name'])}", f"track: {yaml_value(info['track'])}"]
    if info["track_length"] is not None:
        out.append(f"track_length: {yaml_value(info['track_length'])}")
    out.append(f"lenient: true  {LENIENT_COMMENT}")
    rows = None
    if race.rows:
        out.append(f"results: {yaml_value(rows_name)}  # one row per car, in finishing order")
        table = io.StringIO()
        writer = csv.writer(table, lineterminator="\n")
        writer.writerow(RESULT_COMPACT)
        writer.writerows([_csv_cell(row[name]) for name in RESULT_COMPACT] for row in race.rows)
        rows = table.getvalue()
    stages = []
    for number, name in enumerate(STAGE_FIELDS, 1):
        placed = sorted((r[name], r["fin"], r["driver"]) for r in race.rows if r[name] and r[name] <= STAGE_TOP)
        if placed:
            stages.append(f"  - {{stage: {number}, top: [{', '.join(yaml_value(d) for _, _, d in placed)}]}}")
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
    p.set_defaults(run=import_main, func=import_main)
    return p


def import_main(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the import for parsed arguments, print the report; 0 on success, 1 when nothing could be imported."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        report = run_import(args.csv_file, args.series, args.out, force=args.force, mapping=args.mapping,
                            series_name=args.series_name)
    except ImportFailed as exc:
        for line in exc.lines:
            print(line, file=err)
        print("Import failed: nothing was written.", file=err)
        return 1
    for line in report.lines() + report.summary():
        print(line, file=out)
    return 0
