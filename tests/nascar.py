"""The shared NASCAR results (../shared/data/nascar/) as racesite `Race` objects, for tests that need real history.

Read at test time only, with the csv module, the way `build.py import` reads them: one race per (season,
round), dated January 1 + (round - 1) days, lineup from qualifying (the CSV has no other), rows without a
finishing position left out. Tests using it skip when the data is absent.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from pathlib import Path

from racesite.model import Race, Result, Series

NASCAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "nascar"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
# Statuses of a row that is no start (counted independently of racesite.stats.rules, as the data README says).
DID_NOT_START = frozenset({"did not start", "dns", "did not qualify", "dnq"})
SERIES = {"cup": "NASCAR Cup Series", "xfinity": "NASCAR Xfinity Series", "truck": "NASCAR Craftsman Truck Series"}


def _int(text: str) -> int | None:
    try:
        return int(float(text))
    except ValueError:
        return None


@functools.cache
def nascar_races(series: str) -> tuple[Race, ...]:
    """Every race of one series in the shared CSV, in date order."""
    by_race: dict[tuple[int, int], list[dict[str, str]]] = {}
    with (NASCAR / f"{series}.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Driver"] and _int(row["Finish"]) is not None:
                by_race.setdefault((int(row["Season"]), int(row["Race"])), []).append(row)
    races = []
    for (season, round_), rows in sorted(by_race.items()):
        rows.sort(key=lambda r: _int(r["Finish"]) or 0)
        results = tuple(Result(fin=_int(r["Finish"]) or 0, car=r["Car"] or None, driver=r["Driver"],
                               st=_int(r["Start"]) or None, team=r["Team"] or None, make=r["Make"] or None,
                               laps=_int(r["Laps"]), led=_int(r["Led"]), status=(r["Status"] or "running").lower())
                        for r in rows)
        first = rows[0]
        races.append(Race(source=f"{series}/{season}/{round_:02d}.md", series=series, season=season, round=round_,
                          date=dt.date(season, 1, 1) + dt.timedelta(days=round_ - 1), name=first["Name"],
                          track=first["Track"], laps=None, laps_run=None, draft=False, lineup="qualifying",
                          results=results, results_source=f"{series}/{season}/{round_:02d}.md"))
    return tuple(races)


def nascar_series(slug: str) -> Series:
    return Series(slug, SERIES[slug], slug.capitalize(), complete_history=True)
