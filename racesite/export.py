"""The data export: the same numbers the pages show, as JSON files under `data/`.

Owns the shape documented in docs/data.md: `data/drivers.json`,
`data/races.json` and `data/standings/<series>/<season>.json`. Averages are
rounded to one decimal. Must not compute stats (reads `Stats`) or write files.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from typing import Any

from . import urls
from .model import Site
from .pages.common import RawFile
from .stats import Stats
from .stats.index import race_slug

SCHEMA_VERSION = 1


def _dump(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def standings_file(series: str, season: int) -> str:
    return f"data/standings/{series}/{season}.json"


def export_makers(site: Site, stats: Stats) -> dict[str, Callable[[], list[RawFile]]]:
    """The data files keyed like the page makers they go with: drivers and races under "data" (a key of its
    own, made on every build), each season's standings with "season:SERIES:YEAR"."""
    makers: dict[str, Callable[[], list[RawFile]]] = {"data": partial(_site_data, site, stats)}
    for series, season in stats.standings:
        makers[f"season:{series}:{season}"] = partial(_standings_data, stats, series, season)
    return makers


def _site_data(site: Site, stats: Stats) -> list[RawFile]:
    base = site.config.base_path
    drivers = []
    for name, slug in sorted(stats.index.drivers.slugs.items(), key=lambda item: item[1]):
        series = {s: stats.drivers.career[(name, s)].as_json() for s in stats.drivers.series_of(name)}
        drivers.append({"name": name, "slug": slug, "url": base + urls.driver(slug), "series": series})
    races = []
    for race in site.races:
        winner = race.winner
        races.append({
            "series": race.series, "season": race.season, "round": race.round, "date": race.date.isoformat(),
            "name": race.name, "track": race.track, "url": base + urls.race(race.series, race.season, race_slug(race)),
            "laps": race.laps, "laps_run": race.laps_run, "cars": len(race.results),
            "winner": winner.driver if winner else None, "pole": race.pole,
        })
    return [RawFile("data/drivers.json", _dump({"version": SCHEMA_VERSION, "drivers": drivers})),
            RawFile("data/races.json", _dump({"version": SCHEMA_VERSION, "races": races}))]


def _standings_data(stats: Stats, series: str, season: int) -> list[RawFile]:
    data = {"version": SCHEMA_VERSION, "series": series, "season": season, "rounds": [
        {"round": table.race.round, "race": table.race.name, "standings": [
            {"pos": row.pos, "driver": row.driver, "points": row.points, "gap": row.gap, "starts": row.starts,
             "wins": row.wins, "top5": row.top5, "top10": row.top10, "poles": row.poles,
             "laps_led": row.laps_led, "avg_finish": round(row.avg_finish, 1) if row.avg_finish else None,
             "change": row.change} for row in table.rows]}
        for table in stats.standings[(series, season)]]}
    return [RawFile(standings_file(series, season), _dump(data))]
