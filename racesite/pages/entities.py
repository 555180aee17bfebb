"""Driver, track, team and make pages' contexts."""

from __future__ import annotations

from typing import Any

from .. import urls
from ..model import Site
from ..stats import Stats
from .common import Linker, Page, page


def entity_pages(site: Site, stats: Stats, link: Linker) -> list[Page]:
    bios = {(e.kind, e.name): e for e in site.entities}
    pages: list[Page] = []
    for name, slug in sorted(stats.index.drivers.slugs.items()):
        info = bios.get(("driver", name))
        rows = [_race_row(race, result, link) for race, result in stats.index.driver_races.get(name, ())]
        pages.append(page(link, urls.driver(slug), "driver.html", name, driver={
            "name": name, "bio": info.bio if info else "", "facts": _facts(info.facts if info else {}),
            "races": rows}))
    for name, slug in sorted(stats.index.tracks.slugs.items()):
        info = bios.get(("track", name))
        races = [r for r in site.races if r.track == name]
        pages.append(page(link, urls.track(slug), "track.html", name, track={
            "name": name, "bio": info.bio if info else "", "facts": _facts(info.facts if info else {}),
            "races": [{"race": link.race(r), "date": r.date, "series": link.series(r.series, short=True),
                       "winner": link.driver(r.winner.driver) if r.winner else None} for r in reversed(races)]}))
    for kind, table, to_url in (("team", stats.index.teams, urls.team), ("make", stats.index.makes, urls.make)):
        for name, slug in sorted(table.slugs.items()):
            info = bios.get((kind, name))
            entries = stats.index.team_races if kind == "team" else stats.index.make_races
            rows = [_race_row(race, result, link) for race, result in entries.get(name, ())]
            pages.append(page(link, to_url(slug), "entity.html", name, entity={
                "kind": kind, "name": name, "bio": info.bio if info else "",
                "facts": _facts(info.facts if info else {}), "races": rows}))
    return pages


def _race_row(race: Any, result: Any, link: Linker) -> dict[str, Any]:
    return {"race": link.race(race), "date": race.date, "series": link.series(race.series, short=True),
            "fin": result.fin, "st": result.st, "car": result.car, "driver": link.driver(result.driver),
            "team": link.team(result.team), "status": result.status}


FACT_LABELS = {"birth_date": "Born", "hometown": "Hometown", "country": "Country", "length": "Length",
               "surface": "Surface", "location": "Location", "opened": "Opened", "owner": "Owner", "base": "Based in"}


def _facts(facts: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"label": label, "value": facts[key], "key": key} for key, label in FACT_LABELS.items() if key in facts]
