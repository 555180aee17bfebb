"""Site-wide pages' contexts: home, series, season, standings, leaders and the index listings."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from .. import urls
from ..model import Series, Site
from ..stats import Stats
from ..stats.records import leader_tables
from ..stats.standings import RoundStandings
from .common import Linker, Page, page
from .lines import leader_table


def home_page(site: Site, stats: Stats, link: Linker) -> Page:
    latest = list(reversed(site.races))[: site.config.latest]
    recaps = [{"race": link.race(r, r.title), "date": r.date, "series": link.series(r.series, short=True),
               "track": link.track(r.track), "summary": r.summary, "draft": r.draft,
               "winner": link.driver(r.winner.driver) if r.winner else None} for r in latest]
    return page(link, urls.HOME, "home.html", site.config.title, recaps=recaps)


def standings_rows(table: RoundStandings, link: Linker) -> list[dict[str, Any]]:
    return [{"pos": s.pos, "driver": link.driver(s.driver), "points": s.points, "gap": s.gap, "starts": s.starts,
             "wins": s.wins, "top5": s.top5, "top10": s.top10, "poles": s.poles, "laps_led": s.laps_led,
             "avg_finish": s.avg_finish, "change": s.change} for s in table.rows]


def season_makers(site: Site, stats: Stats, link: Linker) -> list[tuple[str, Callable[[], list[Page]]]]:
    """A keyed maker per series page, and one per season (its page and its standings after every round)."""
    makers: list[tuple[str, Callable[[], list[Page]]]] = []
    for series in site.config.series:
        makers.append((f"series:{series.slug}", partial(_series_page, series, stats, link)))
        for year in sorted({season for (slug, season) in stats.index.seasons if slug == series.slug}, reverse=True):
            makers.append((f"season:{series.slug}:{year}",
                           partial(_season, site, stats, link, series.slug, series.name, year)))
    return makers


def _series_page(series: Series, stats: Stats, link: Linker) -> list[Page]:
    seasons = sorted({season for (slug, season) in stats.index.seasons if slug == series.slug}, reverse=True)
    records = stats.records.get(series.slug)
    return [page(link, urls.series(series.slug), "series.html", series.name, series={
        "name": series.name, "short_name": series.short_name,
        "seasons": [{"season": link.season(series.slug, year, f"{year}"),
                     "races": len(stats.index.seasons[(series.slug, year)]),
                     "winners": stats.winners[(series.slug, year)],
                     "champion": link.driver(c) if (c := stats.champion(series.slug, year)) else None,
                     "leader": link.driver(f.rows[0].driver)
                     if (f := stats.final_standings(series.slug, year)) and f.rows else None}
                    for year in seasons],
        "leaders": [leader_table(t, link.driver) for t in stats.leaders[series.slug]],
        "records": _records(records, link) if records else None})]


def _records(records: Any, link: Linker) -> dict[str, Any]:
    return {
        "wins_from_pole": [{"name": link.driver(r.name), "value": r.value} for r in records.wins_from_pole],
        "furthest_back": [{"race": link.race(r), "date": r.date, "driver": link.driver(r.winner.driver),
                           "start": r.winner.st} for r in records.furthest_back],
        "different_winners": [{"season": link.season(records.series, season), "winners": n}
                              for season, n in records.different_winners],
    }


def _season(site: Site, stats: Stats, link: Linker, slug: str, name: str, year: int) -> list[Page]:
    races = stats.index.seasons[(slug, year)]
    rounds = stats.standings[(slug, year)]
    schedule = [{"round": r.round, "date": r.date, "race": link.race(r, r.name), "track": link.track(r.track),
                 "winner": link.driver(r.winner.driver) if r.winner else None,
                 "pole": link.driver(r.pole) if r.pole else None,
                 "standings": link.href(urls.standings(slug, year, r.round))} for r in races]
    lines = stats.drivers.by_season.get((slug, year), [])
    title = f"{year} {name}"
    season = {"year": year, "series": link.series(slug), "schedule": schedule,
              "champion": link.driver(c) if (c := stats.champion(slug, year)) else None,
              "complete": (slug, year) in stats.complete,
              "standings": standings_rows(rounds[-1], link) if rounds else [],
              "after": link.race(rounds[-1].race) if rounds else None,
              "leaders": [leader_table(t, link.driver) for t in leader_tables(lines)]}
    pages = [page(link, urls.season(slug, year), "season.html", title, season=season)]
    for at, table in enumerate(rounds):
        race = table.race
        pages.append(page(link, urls.standings(slug, year, race.round), "standings.html",
                          f"{title} standings after round {race.round}", standings={
                              "season": link.season(slug, year, title), "round": race.round,
                              "race": link.race(race), "rows": standings_rows(table, link),
                              "previous": link.href(urls.standings(slug, year, rounds[at - 1].race.round))
                              if at > 0 else None,
                              "next": link.href(urls.standings(slug, year, rounds[at + 1].race.round))
                              if at + 1 < len(rounds) else None}))
    return pages


def leaders_page(site: Site, stats: Stats, link: Linker) -> Page:
    sections = []
    for series in site.config.series:
        if stats.drivers.by_series.get(series.slug):
            sections.append({"series": link.series(series.slug),
                             "tables": [leader_table(t, link.driver) for t in stats.leaders[series.slug]]})
    return page(link, urls.listing("leaders"), "leaders.html", "All-time leaders", sections=sections)


def listing_pages(site: Site, stats: Stats, link: Linker) -> list[Page]:
    pages = [leaders_page(site, stats, link)]
    for kind, table, to_link in (("drivers", stats.index.drivers, link.driver),
                                 ("tracks", stats.index.tracks, link.track),
                                 ("teams", stats.index.teams, link.team),
                                 ("makes", stats.index.makes, link.make)):
        entries = [to_link(name) for name in sorted(table.slugs, key=lambda n: (n.casefold(), n))]
        pages.append(page(link, urls.listing(kind), "listing.html", kind.capitalize(), entries=entries))
    return pages
