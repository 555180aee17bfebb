"""The race page's context: identity, results box, qualifying, stages, facts, neighbours.

What the page takes from the stats is gathered in `RaceInputs`, so a page whose recap's prose alone changed
can be made again from the inputs the last build kept (see `prose`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict

from .. import urls
from ..model import Race, SiteConfig
from ..stats import Stats
from ..stats.facts import RaceFacts
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


@dataclass(frozen=True)
class RaceInputs:
    """Everything a race page shows that is computed across races: what its recap's prose cannot change."""

    facts: RaceFacts  # its sentences and placeholder values (the rest is for other pages)
    points: tuple[float | None, ...]  # per result, as the standings counted them
    previous: Link | None  # the race before and after it in its season
    next: Link | None

    @staticmethod
    def of(race: Race, stats: Stats, link: Linker) -> RaceInputs:
        before, after = stats.index.neighbours(race)
        facts = stats.facts[race.key]
        return RaceInputs(RaceFacts(facts.sentences, facts.values), stats.points[race.key],
                          link.race(before) if before else None, link.race(after) if after else None)


def race_page(race: Race, config: SiteConfig, inputs: RaceInputs, body: str, link: Linker) -> Page:
    """`body`: the recap's text with its placeholders filled in."""
    series = config.series_by_slug(race.series)
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
        "author": race.author or config.author,
        "draft": race.draft,
        "lineup_note": LINEUP_NOTES.get(race.lineup),
        "body": body,
        "links": _name_links(race, link),
        "highlights": list(inputs.facts.sentences),
        "results": [_result_row(r, pts, link) for r, pts in zip(race.results, inputs.points)],
        "qualifying": _qualifying(race, link),
        "stages": [{"number": s.number, "laps": s.laps, "top": [link.driver(d) for d in s.top]}
                   for s in race.stages],
        "facts": _facts(race),
        "penalties": [{"driver": link.driver(p.driver), "text": p.text} for p in race.penalties],
        "previous": inputs.previous,
        "next": inputs.next,
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
