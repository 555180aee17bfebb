"""Driver, track, team and make pages' contexts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import partial
from typing import Any

from .. import urls
from ..model import EntityInfo, Race, Result, Site
from ..stats import Stats
from ..stats.career import entity_careers, track_lines
from ..stats.race import speed_mph
from ..stats.records import MIN_TRACK_STARTS, rank
from .common import Linker, Page, one_page, page
from .lines import line_row, series_link

FACT_LABELS = {"birth_date": "Born", "hometown": "Hometown", "country": "Country", "length": "Length (miles)",
               "surface": "Surface", "location": "Location", "opened": "Opened", "owner": "Owner", "base": "Based in"}


def entity_makers(site: Site, stats: Stats, link: Linker) -> list[tuple[str, Callable[[], list[Page]]]]:
    """One keyed maker per driver, track, team and make page: each builds its context only when called."""
    info = {(e.kind, e.name): e for e in site.entities}
    makers: list[tuple[str, Callable[[], list[Page]]]] = []
    for name, slug in stats.index.drivers.slugs.items():
        makers.append((f"driver:{name}", partial(one_page, driver_page, name, slug, site, stats, link,
                                                  info.get(("driver", name)))))
    for name, slug in stats.index.tracks.slugs.items():
        makers.append((f"track:{name}", partial(one_page, track_page, name, slug, stats, link,
                                                info.get(("track", name)))))
    for name, slug in stats.index.teams.slugs.items():
        makers.append((f"team:{name}", partial(one_page, group_page, "team", name, slug,
                                                stats.index.team_races.get(name, ()), link, info.get(("team", name)))))
    for name, slug in stats.index.makes.slugs.items():
        makers.append((f"make:{name}", partial(one_page, group_page, "make", name, slug,
                                                stats.index.make_races.get(name, ()), link, None)))
    return makers


def _about(info: EntityInfo | None) -> dict[str, Any]:
    facts = info.facts if info else {}
    return {"bio": info.bio if info else "",
            "facts": [{"label": label, "value": facts[key], "key": key}
                      for key, label in FACT_LABELS.items() if key in facts]}


def _entry(race: Race, result: Result, link: Linker) -> dict[str, Any]:
    return {"race": link.race(race), "date": race.date, "series": series_link(link, race.series),
            "track": link.track(race.track), "fin": result.fin, "st": result.st, "car": result.car,
            "driver": link.driver(result.driver), "team": link.team(result.team), "make": link.make(result.make),
            "laps": result.laps, "led": result.led, "status": result.status}


def driver_page(name: str, slug: str, site: Site, stats: Stats, link: Linker, info: EntityInfo | None) -> Page:
    entries = stats.index.driver_races.get(name, ())
    series_slugs = stats.drivers.series_of(name)
    careers = [line_row(stats.drivers.career[(name, s)], series=series_link(link, s)) for s in series_slugs]
    mine = stats.drivers.seasons_of.get(name, [])
    seasons = [{"series": series_link(link, s),
                "rows": [line_row(line, season=link.season(s, year), year=year)
                         for series, year, line in mine if series == s]} for s in series_slugs]
    tracks = track_lines(entries, by="track")
    best = rank(tracks, lambda line: line.avg_finish, higher=False, min_starts=MIN_TRACK_STARTS, limit=1)
    by_wins = rank(tracks, lambda line: line.wins, higher=True, limit=1)
    best_track = None
    if by_wins:
        best_track = {"track": link.track(by_wins[0].name), "why": "wins", "value": by_wins[0].value,
                      "starts": by_wins[0].starts}
    elif best:
        best_track = {"track": link.track(best[0].name), "why": "average finish", "value": best[0].value,
                      "starts": best[0].starts}
    wins = [_entry(race, result, link) for race, result in entries if result.fin == 1]
    return page(link, urls.driver(slug), "driver.html", name, driver={
        "name": name, **_about(info), "careers": careers, "seasons": seasons, "best_track": best_track,
        "wins": list(reversed(wins)), "races": [_entry(race, result, link) for race, result in entries]})


def track_page(name: str, slug: str, stats: Stats, link: Linker, info: EntityInfo | None) -> Page:
    races = stats.index.track_races.get(name, ())
    lines = track_lines(((race, result) for race in races for result in race.results), by="driver")
    held = [{"race": link.race(r), "date": r.date, "series": series_link(link, r.series),
             "winner": link.driver(r.winner.driver) if r.winner else None,
             "pole": link.driver(r.pole) if r.pole else None} for r in reversed(races)]
    tables = []
    for key, heading, value, higher, minimum in (
            ("wins", "Most wins", lambda line: line.wins, True, 1),
            ("poles", "Most poles", lambda line: line.poles, True, 1),
            ("avg_finish", "Best average finish", lambda line: line.avg_finish, False, MIN_TRACK_STARTS)):
        rows = [{"rank": i, "name": link.driver(r.name), "value": r.value, "starts": r.starts}
                for i, r in enumerate(rank(lines, value, higher, minimum), 1)]
        tables.append({"key": key, "heading": heading, "rows": rows, "decimals": 2 if key == "avg_finish" else 0,
                       "note": f"minimum {minimum} starts" if key == "avg_finish" else ""})
    fastest = None
    for race in races:
        for entry in race.qualifying:
            mph = speed_mph(entry.time, race.track_length)
            if entry.time and (fastest is None or entry.time < fastest["time"]):
                fastest = {"driver": link.driver(entry.driver), "time": entry.time, "mph": mph,
                           "race": link.race(race), "date": race.date}
    facts = _about(info)
    if not info or "length" not in info.facts:
        length = next((r.track_length for r in races if r.track_length), None)
        if length:
            facts["facts"].insert(0, {"label": "Length (miles)", "value": length, "key": "length"})
    return page(link, urls.track(slug), "track.html", name, track={
        "name": name, **facts, "races": held, "tables": tables, "fastest": fastest})


def group_page(kind: str, name: str, slug: str, entries: tuple[tuple[Race, Result], ...], link: Linker,
               info: EntityInfo | None) -> Page:
    careers = entity_careers(entries, kind)
    series_slugs = careers.series_of(name)
    totals = [line_row(careers.career[(name, s)], series=series_link(link, s)) for s in series_slugs]
    # The table shows one label cell: name the series too, as a team or make may race in several.
    seasons = [line_row(line, series=(series := series_link(link, s)),
                        season=link.season(s, year, f"{year} {series['text']}"), year=year)
               for s, year, line in careers.seasons_of.get(name, [])]
    drivers: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _race, result in entries:
        drivers[result.driver][0] += 1
        drivers[result.driver][1] += result.fin == 1
    driver_rows = [{"driver": link.driver(d), "starts": n, "wins": w}
                   for d, (n, w) in sorted(drivers.items(), key=lambda item: (-item[1][0], item[0]))]
    to_url = urls.team if kind == "team" else urls.make
    return page(link, to_url(slug), "entity.html", name, entity={
        "kind": kind, "name": name, **_about(info), "totals": totals, "seasons": seasons, "drivers": driver_rows,
        "wins": [_entry(r, res, link) for r, res in reversed(entries) if res.fin == 1]})
