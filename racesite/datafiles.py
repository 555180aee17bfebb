"""The downloads' tables: their columns (documented in docs/data.md and on the download page), written as one
SQLite database and one CSV file per table.

Owns `TABLES` (each table's columns, SQL types and meaning, in order), `sqlite_bytes` and `csv_bytes`. The
database is built in memory with the standard library's sqlite3 and handed over with `Connection.serialize()`,
after a `VACUUM`: nothing in an SQLite file depends on the clock, so the same rows give the same bytes on every
build (fixed page size, no journal, tables without rowids keyed by their primary keys, rows inserted in the given
order). CSV files are UTF-8 with a header row, comma-separated, `\n` line ends, a missing value as an empty field.
Must not compute stats or know about pages: callers hand it finished rows.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Value = str | int | float | None


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # the SQLite type: TEXT, INTEGER or REAL
    doc: str
    key: bool = False  # part of the table's primary key


def _c(name: str, kind: str, doc: str, key: bool = False) -> Column:
    return Column(name, kind, doc, key)


TABLES: dict[str, tuple[Column, ...]] = {
    "races": (
        _c("race_id", "INTEGER", "the race's number in this file: 1, 2, … in date order", True),
        _c("series", "TEXT", "series slug, e.g. 'xfinity'"),
        _c("season", "INTEGER", "season year"),
        _c("round", "INTEGER", "round within the season"),
        _c("date", "TEXT", "race day, 'YYYY-MM-DD'"),
        _c("name", "TEXT", "the race's name"),
        _c("track", "TEXT", "the track's name (see 'tracks')"),
        _c("laps", "INTEGER", "scheduled laps; empty when not known"),
        _c("laps_run", "INTEGER", "laps run; empty when not known"),
        _c("cars", "INTEGER", "rows in its results (0: not run yet)"),
        _c("winner", "TEXT", "the driver finishing 1st; empty before results"),
        _c("pole", "TEXT", "the pole winner; empty when the lineup was not set by qualifying"),
        _c("url", "TEXT", "the race's page"),
    ),
    "results": (
        _c("race_id", "INTEGER", "the race (see 'races')", True),
        _c("series", "TEXT", "series slug"),
        _c("season", "INTEGER", "season year"),
        _c("round", "INTEGER", "round within the season"),
        _c("row", "INTEGER", "the row's place in the race's results, 1, 2, … (ties and repeats in historical "
           "results keep their own rows)", True),
        _c("fin", "INTEGER", "finishing position"),
        _c("st", "INTEGER", "starting position; empty when not known"),
        _c("car", "TEXT", "car number as written ('08' is not '8'); empty when not known"),
        _c("driver", "TEXT", "the driver's name (see 'drivers')"),
        _c("team", "TEXT", "team; empty when not known"),
        _c("make", "TEXT", "manufacturer; empty when not known"),
        _c("laps", "INTEGER", "laps completed; empty when not known"),
        _c("led", "INTEGER", "laps led; empty when not known"),
        _c("status", "TEXT", "'running' or why the car was out, lowercased"),
        _c("points", "REAL", "points as the standings count them; empty when not known"),
    ),
    "drivers": (
        _c("driver", "TEXT", "the name as the site shows it", True),
        _c("slug", "TEXT", "the URL name"),
        _c("url", "TEXT", "the driver's page"),
        _c("birth_date", "TEXT", "'YYYY-MM-DD', from the driver file; empty when not given"),
        _c("hometown", "TEXT", "from the driver file; empty when not given"),
        _c("country", "TEXT", "from the driver file; empty when not given"),
        _c("starts", "INTEGER", "starts on the site, every series"),
        _c("wins", "INTEGER", "wins"),
        _c("poles", "INTEGER", "poles"),
        _c("top5", "INTEGER", "top-5 finishes"),
        _c("top10", "INTEGER", "top-10 finishes"),
        _c("laps_led", "INTEGER", "laps led"),
        _c("first_season", "INTEGER", "season of the first start; empty without a start"),
        _c("last_season", "INTEGER", "season of the last start; empty without a start"),
    ),
    "tracks": (
        _c("track", "TEXT", "the name as the site shows it", True),
        _c("slug", "TEXT", "the URL name"),
        _c("url", "TEXT", "the track's page"),
        _c("length", "REAL", "miles, from the track file or its races; empty when not known"),
        _c("location", "TEXT", "from the track file; empty when not given"),
        _c("races", "INTEGER", "races run there on the site"),
        _c("first_season", "INTEGER", "season of the first race run there"),
        _c("last_season", "INTEGER", "season of the last race run there"),
    ),
    "teams": (
        _c("team", "TEXT", "the name as the site shows it", True),
        _c("slug", "TEXT", "the URL name"),
        _c("url", "TEXT", "the team's page"),
        _c("starts", "INTEGER", "starts by its cars"),
        _c("wins", "INTEGER", "wins"),
        _c("first_season", "INTEGER", "season of its first start"),
        _c("last_season", "INTEGER", "season of its last start"),
    ),
    "standings": (
        _c("series", "TEXT", "series slug", True),
        _c("season", "INTEGER", "season year", True),
        _c("pos", "INTEGER", "position after the season's last round on the site", True),
        _c("driver", "TEXT", "the driver's name"),
        _c("points", "REAL", "points"),
        _c("starts", "INTEGER", "starts that season"),
        _c("wins", "INTEGER", "wins"),
        _c("top5", "INTEGER", "top-5 finishes"),
        _c("top10", "INTEGER", "top-10 finishes"),
        _c("poles", "INTEGER", "poles"),
        _c("laps_led", "INTEGER", "laps led"),
        _c("avg_finish", "REAL", "mean finishing position, one decimal"),
        _c("final", "INTEGER", "1 when the season is over (a later season is on the site), else 0: standings so far"),
    ),
}

PAGE_SIZE = 4096


def _create(name: str, columns: Sequence[Column]) -> str:
    keys = [c.name for c in columns if c.key]
    body = ", ".join(f'"{c.name}" {c.type}' for c in columns)
    return f'CREATE TABLE "{name}" ({body}, PRIMARY KEY ({", ".join(keys)})) WITHOUT ROWID'


def sqlite_bytes(rows: Mapping[str, Iterable[Sequence[Value]]]) -> bytes:
    """A database with every table of `TABLES` holding `rows[table]` (in the columns' order), as file bytes."""
    db = sqlite3.connect(":memory:")
    try:
        db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        db.execute("PRAGMA journal_mode = OFF")
        for name, columns in TABLES.items():
            db.execute(_create(name, columns))
            marks = ", ".join("?" * len(columns))
            db.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows.get(name, ()))
        db.commit()
        db.execute("VACUUM")
        return db.serialize()
    finally:
        db.close()


def csv_bytes(table: str, rows: Iterable[Sequence[Value]]) -> bytes:
    """One table as CSV: a header row of its column names, then its rows (None as an empty field)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in TABLES[table]])
    writer.writerows(rows)
    return out.getvalue().encode()
