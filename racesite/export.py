"""The data export: the same numbers the pages show, as JSON files under `data/`.

Owns the shape documented in docs/data.md: `data/drivers.json`,
`data/races.json` and `data/standings/<series>/<season>.json`, and the
entries' JSON texts a process keeps between builds (the live preview's). Averages
are rounded to one decimal. Must not compute stats (reads `Stats`) or write files.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Hashable, Iterable
from functools import partial
from typing import Any

from . import urls
from .model import Race, Site
from .pages.common import RawFile
from .stats import Stats
from .stats.index import race_slug
from .stats.standings import Standing

SCHEMA_VERSION = 1


def standings_file(series: str, season: int) -> str:
    return f"data/standings/{series}/{season}.json"


def export_makers(site: Site, stats: Stats) -> dict[str, Callable[[], list[RawFile]]]:
    """The data files keyed like the page makers they go with: drivers and races under "data" (a key of its
    own, made on every build), each season's standings with "season:SERIES:YEAR"."""
    makers: dict[str, Callable[[], list[RawFile]]] = {"data": partial(_site_data, site, stats)}
    for series, season in stats.standings:
        makers[f"season:{series}:{season}"] = partial(_standings_data, stats, series, season)
    return makers


class _Entries:
    """Each entry's JSON text, kept while what it is made from is equal (the very same objects, which the
    tuples' comparison checks first, or equal ones).

    The live preview updates a few drivers' lines per results edit and keeps every other object, so its data
    files remake a few entries instead of 10,000. A process that builds once gains nothing and loses nothing.
    """

    def __init__(self) -> None:
        self.kept: dict[Hashable, tuple[tuple[object, ...], str]] = {}

    def texts(self, entries: Iterable[tuple[Hashable, tuple[object, ...], Callable[[], Any]]]) -> str:
        """The entries' texts joined as a JSON array's items; each entry is (key, what it is made from,
        make)."""
        kept, now = self.kept, {}
        for key, parts, make in entries:
            last = kept.get(key)
            if last is None or last[0] != parts:
                last = (parts, json.dumps(make(), ensure_ascii=False, separators=(",", ":")))
            now[key] = last
        self.kept = now
        return ",".join(text for _, text in now.values())


_DRIVERS, _RACES = _Entries(), _Entries()
_MADE_FROM: list[Stats] = []  # the stats the kept entries were last made from


def keep_entries(site: Site, stats: Stats) -> None:
    """Make the data files' entries in this process, unless they were made here from `stats`: a build renders
    them in a worker process, and a long-running one's next edit should find them kept."""
    if not _MADE_FROM or _MADE_FROM[0] is not stats:
        _site_data(site, stats)


def _site_data(site: Site, stats: Stats) -> list[RawFile]:
    _MADE_FROM[:] = [stats]
    base = site.config.base_path
    career = stats.drivers.career

    def driver(name: str, slug: str) -> dict[str, Any]:
        return {"name": name, "slug": slug, "url": base + urls.driver(slug),
                "series": {s: career[(name, s)].as_json() for s in stats.drivers.series_of(name)}}

    def race_entry(race: Race) -> dict[str, Any]:
        winner = race.winner
        return {
            "series": race.series, "season": race.season, "round": race.round, "date": race.date.isoformat(),
            "name": race.name, "track": race.track, "url": base + urls.race(race.series, race.season, race_slug(race)),
            "laps": race.laps, "laps_run": race.laps_run, "cars": len(race.results),
            "winner": winner.driver if winner else None, "pole": race.pole,
        }

    seasons = stats.drivers.seasons_of  # a driver's careers are the sums of his season lines
    drivers = [(name, (slug, base, seasons.get(name)), partial(driver, name, slug))
               for name, slug in sorted(stats.index.drivers.slugs.items(), key=lambda item: item[1])]
    races = ((race.source, (race, base), partial(race_entry, race)) for race in site.races)
    return [RawFile("data/drivers.json", _array(f'{{"version":{SCHEMA_VERSION},"drivers":[', _DRIVERS.texts(drivers))),
            RawFile("data/races.json", _array(f'{{"version":{SCHEMA_VERSION},"races":[', _RACES.texts(races)))]


def _array(head: str, items: str) -> bytes:
    return (head + items + "]}\n").encode()


def _standings_data(stats: Stats, series: str, season: int) -> list[RawFile]:
    """Every round's standings, written row by row: a long history has ~470k rows, and writing each row's text
    (the text `json.dumps` gives its mapping) took the whole history's files from 2.7 s to 1.6 s."""
    rounds = [f'{{"round":{table.race.round},"race":{_text(table.race.name)},"standings":['
              f'{",".join(_standing(row) for row in table.rows)}]}}'
              for table in stats.standings[(series, season)]]
    head = f'{{"version":{SCHEMA_VERSION},"series":{_text(series)},"season":{season},"rounds":['
    return [RawFile(standings_file(series, season), _array(head, ",".join(rounds)))]


def _standing(row: Standing) -> str:
    """A standings row as JSON: the keys of docs/data.md in order; points and gap are floats, the counts ints."""
    return (f'{{"pos":{row.pos},"driver":{_text(row.driver)},"points":{_number(row.points)},'
            f'"gap":{_number(row.gap)},"starts":{row.starts},"wins":{row.wins},"top5":{row.top5},'
            f'"top10":{row.top10},"poles":{row.poles},"laps_led":{row.laps_led},'
            f'"avg_finish":{_average(row.avg_finish)},"change":{_number(row.change)}}}')


# Equal numbers recur row after row; typed, so that 1 and 1.0 are told apart ("1" and "1.0").
@functools.lru_cache(maxsize=1 << 16, typed=True)
def _number(value: float | int | None) -> str:
    return "null" if value is None else repr(value)


@functools.lru_cache(maxsize=1 << 16)
def _average(value: float | None) -> str:
    return repr(round(value, 1)) if value else "null"


@functools.lru_cache(maxsize=1 << 14)  # a season's names, round after round
def _text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)
