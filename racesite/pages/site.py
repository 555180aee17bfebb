"""Site-wide pages' contexts: home, series, season and the index listings."""

from __future__ import annotations

from .. import urls
from ..model import Site
from ..stats import Stats
from .common import Linker, Page, page


def home_page(site: Site, stats: Stats, link: Linker) -> Page:
    latest = list(reversed(site.races))[: site.config.latest]
    recaps = [{"race": link.race(r), "date": r.date, "series": link.series(r.series, short=True),
               "track": link.track(r.track), "summary": r.summary, "draft": r.draft,
               "winner": link.driver(r.winner.driver) if r.winner else None} for r in latest]
    return page(link, urls.HOME, "home.html", site.config.title, recaps=recaps)


def season_pages(site: Site, stats: Stats, link: Linker) -> list[Page]:
    pages = []
    for series in site.config.series:
        seasons = sorted({season for (slug, season) in stats.index.seasons if slug == series.slug}, reverse=True)
        pages.append(page(link, urls.series(series.slug), "series.html", series.name, series={
            "name": series.name, "short_name": series.short_name,
            "seasons": [link.season(series.slug, year, f"{year} season") for year in seasons]}))
        for year in seasons:
            races = stats.index.seasons[(series.slug, year)]
            schedule = [{"round": r.round, "date": r.date, "race": link.race(r, r.name), "track": link.track(r.track),
                         "winner": link.driver(r.winner.driver) if r.winner else None,
                         "pole": link.driver(r.pole) if r.pole else None} for r in races]
            title = f"{year} {series.name}"
            pages.append(page(link, urls.season(series.slug, year), "season.html", title, season={
                "year": year, "series": link.series(series.slug), "schedule": schedule}))
    return pages


def listing_pages(site: Site, stats: Stats, link: Linker) -> list[Page]:
    pages = []
    for kind, table, to_link in (("drivers", stats.index.drivers, link.driver),
                                 ("tracks", stats.index.tracks, link.track),
                                 ("teams", stats.index.teams, link.team),
                                 ("makes", stats.index.makes, link.make)):
        entries = [to_link(name) for name in sorted(table.slugs, key=lambda n: (n.casefold(), n))]
        pages.append(page(link, urls.listing(kind), "listing.html", kind.capitalize(), entries=entries))
    return pages
