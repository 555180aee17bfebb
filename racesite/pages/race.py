"""The race page's context: identity, results box, qualifying, stages, facts, neighbours."""

from __future__ import annotations

from typing import Any, TypedDict

from .. import urls
from ..model import Race, Site
from ..stats import Stats
from ..stats.index import race_slug
from ..stats.race import qualifying_speeds
from .common import Link, Linker, Page, page

LINEUP_NOTES = {
    "formula": "Qualifying was not held: the starting lineup was set by formula, so no pole was awarded.",
    "points": "The starting lineup was set by owner points, so no pole was awarded.",
    "draw": "The starting lineup was set by random draw, so no pole was awarded.",
    "inverted": "The starting lineup was inverted, so no pole was awarded.",
}


class ResultRow(TypedDict):
    fin: int
    st: int | None
    car: str
    driver: Link
    team: Link | None
    make: Link | None
    laps: int | None
    led: int | None
    status: str
    pts: float | None
    winner: bool


def race_path(race: Race) -> str:
    return urls.race(race.series, race.season, race_slug(race))


def race_page(race: Race, site: Site, stats: Stats, link: Linker) -> Page:
    previous, following = stats.index.neighbours(race)
    series = site.config.series_by_slug(race.series)
    assert series is not None
    context: dict[str, Any] = {
        "title": race.title,
        "name": race.name,
        "date": race.date,
        "round": race.round,
        "series": link.series(race.series),
        "season": link.season(race.series, race.season, f"{race.season} {series.short_name}"),
        "track": link.track(race.track),
        "laps": race.laps,
        "laps_run": race.laps_run if race.laps_run != race.laps else None,
        "summary": race.summary,
        "author": race.author or site.config.author,
        "draft": race.draft,
        "lineup_note": LINEUP_NOTES.get(race.lineup),
        "body": stats.bodies[race.key],
        "links": _name_links(race, link),
        "highlights": list(stats.facts[race.key].sentences),
        "results": [_result_row(r, pts, link) for r, pts in zip(race.results, stats.points[race.key])],
        "qualifying": _qualifying(race, link),
        "stages": [{"number": s.number, "laps": s.laps, "top": [link.driver(d) for d in s.top]}
                   for s in race.stages],
        "facts": _facts(race),
        "penalties": [{"driver": link.driver(p.driver), "text": p.text} for p in race.penalties],
        "previous": link.race(previous) if previous else None,
        "next": link.race(following) if following else None,
    }
    return page(link, race_path(race), "race.html", race.title, race=context)


def _name_links(race: Race, link: Linker) -> dict[str, str]:
    """Names to link in the recap text: the track, every driver and team in the results."""
    links = {race.track: link.track(race.track)["href"]}
    for result in race.results:
        links.setdefault(result.driver, link.driver(result.driver)["href"])
        if result.team:
            links.setdefault(result.team, link.href(urls.team(link.index.teams[result.team])))
    return links


def _result_row(result: Any, points: float | None, link: Linker) -> ResultRow:
    """A results row; `points` is what the standings counted (the stated `pts`, else the points system's)."""
    return ResultRow(fin=result.fin, st=result.st, car=result.car, driver=link.driver(result.driver),
                     team=link.team(result.team), make=link.make(result.make), laps=result.laps, led=result.led,
                     status=result.status, pts=points, winner=result.fin == 1)


def _qualifying(race: Race, link: Linker) -> list[dict[str, Any]]:
    return [{"pos": q.pos, "car": q.car, "driver": link.driver(q.driver), "time": q.time, "mph": mph, "kmh": kmh}
            for q, (mph, kmh) in zip(race.qualifying, qualifying_speeds(race))]


def _facts(race: Race) -> list[dict[str, Any]]:
    facts = [("Cautions", race.cautions), ("Caution laps", race.caution_laps),
             ("Lead changes", race.lead_changes), ("Leaders", race.leaders), ("Margin of victory", race.margin)]
    return [{"label": label, "value": value} for label, value in facts if value is not None]
