"""The data export: the same numbers the pages show, as JSON files under `data/`.

Owns the shape documented in docs/data.md: `data/drivers.json` and `data/races.json` (kind "data": one page each,
so an edit to a driver's line does not make the races' file again) and
`data/standings/<series>/<season>.json` (the championship after every race, made with its season's
pages). Averages are rounded to one decimal.
Declares what the data files show (`DataInputs`). Must not compute stats.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .. import urls
from ..model import Site
from ..stats import Stats
from ..stats.career import Line
from ..stats.champ_site import Decided
from ..stats.champ_tables import Line as StandingLine
from ..stats.champ_tables import Table
from ..stats.summary import RaceLine
from .kinds import Env, Output, PageKey, RawFile, Reuse
from .links import race_path_of

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class DataInputs:
    file: str  # "drivers" or "races": which of the two files
    drivers: tuple[tuple[str, str, tuple[tuple[str, Line], ...]], ...] = ()  # (name, slug, careers by series)
    races: tuple[RaceLine, ...] = ()  # in date order


class DataFiles:
    name = "data"
    heavy = False
    templates: tuple[str, ...] = ()

    def pages(self, site: Site, stats: Stats, reuse: Reuse) -> Iterator[tuple[PageKey, DataInputs]]:
        def gather() -> DataInputs:
            careers = stats.careers
            drivers = tuple((name, slug, careers.lines_of(name))
                            for name, slug in sorted(stats.index.drivers.slugs.items(), key=lambda item: item[1]))
            return DataInputs("drivers", drivers=drivers)

        key = PageKey("data", ("drivers",))  # (a story's edit leaves the careers and names: taken again)
        yield key, reuse.inputs(key, (stats.careers, stats.index.drivers), (), gather)
        yield PageKey("data", ("races",)), DataInputs("races", races=stats.race_lines)

    def make(self, inputs: DataInputs, env: Env) -> list[Output]:
        base = env.config.base_path
        if inputs.file == "drivers":
            drivers = [{"name": name, "slug": slug, "url": base + urls.driver(slug),
                        "series": {s: line.as_json() for s, line in careers}} for name, slug, careers in inputs.drivers]
            return [RawFile("data/drivers.json", _json({"version": SCHEMA_VERSION, "drivers": drivers}))]
        races = [{"series": r.series, "season": r.season, "round": r.round, "date": r.date, "name": r.name,
                  "track": r.track, "url": base + race_path_of(r.series, r.season, r.round, r.number, r.name),
                  "laps": r.laps, "laps_run": r.laps_run, "cars": r.cars, "winner": r.winner, "pole": r.pole}
                 for r in inputs.races]
        return [RawFile("data/races.json", _json({"version": SCHEMA_VERSION, "races": races}))]


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def standings_file(series: str, season: int, decided: Decided, tables: Sequence[Table]) -> RawFile:
    """The championship after every race of a season (the final table, champion first, after the last when the
    site holds the whole season). A long history has ~470k rows: each is written as the text `json.dumps` gives
    its mapping (the tests compare them), with each name encoded once per season."""
    names: dict[str, str] = {}
    parts = []
    final = decided.championship.final
    for at, table in enumerate(tables):
        if decided.whole and at == len(tables) - 1 and final is not None:
            table = final
        race = table.race
        rows = ",".join(standing_json(row, names) for row in table.lines)
        parts.append(f'{{"round":{race.round},"race":{_text(race.name)},"number":{race.number},'
                     f'"session":{_text(race.session)},"stage":{_text(table.stage)},"standings":[{rows}]}}')
    champion = _text(decided.champion) if decided.champion else "null"
    leader = _text(decided.leader) if decided.leader else "null"
    head = (f'{{"version":{SCHEMA_VERSION},"series":{_text(series)},"season":{season},"champion":{champion},'
            f'"points_leader":{leader},"complete":{"true" if decided.whole else "false"},"rounds":[')
    return RawFile(urls.standings_file(series, season), (head + ",".join(parts) + "]}\n").encode())


def standing_json(row: StandingLine, names: dict[str, str]) -> str:
    """A standings row as JSON: the keys of docs/data.md in order; points, gap, playoff points and dropped points
    are floats, the counts ints. `names`: each driver's name as JSON, filled in as they come."""
    name = names.get(row.driver)
    if name is None:
        name = names[row.driver] = _text(row.driver)
    average = "null" if not row.avg_finish else repr(round(row.avg_finish, 1))
    change = "null" if row.change is None else str(row.change)
    status = _text(row.status) if row.status else "null"
    note = _text(row.note) if row.note else "null"
    return (f'{{"pos":{row.pos},"driver":{name},"points":{row.points!r},"gap":{row.gap!r},"starts":{row.starts},'
            f'"wins":{row.wins},"top5":{row.top5},"top10":{row.top10},"poles":{row.poles},"laps_led":{row.laps_led},'
            f'"avg_finish":{average},"change":{change},"status":{status},"note":{note},'
            f'"playoff_points":{row.playoff_points!r},"dropped":{row.dropped!r}}}')


def standing_mapping(row: StandingLine) -> dict[str, Any]:
    """The mapping `standing_json` writes (what docs/data.md documents)."""
    return {"pos": row.pos, "driver": row.driver, "points": row.points, "gap": row.gap, "starts": row.starts,
            "wins": row.wins, "top5": row.top5, "top10": row.top10, "poles": row.poles, "laps_led": row.laps_led,
            "avg_finish": round(row.avg_finish, 1) if row.avg_finish else None, "change": row.change,
            "status": row.status or None, "note": row.note or None, "playoff_points": row.playoff_points,
            "dropped": row.dropped}


def _text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)
