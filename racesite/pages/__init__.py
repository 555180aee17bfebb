"""Page contexts: for each page kind, the one declared dict its template receives.

`build_pages(site, stats)` lists every page of the site with its template and
context. Contexts carry finished values (links with hrefs, numbers, ordered
rows); formatting is left to the templates' filters. Must not compute stats
(see `stats`) or render templates (see `render`).
"""

from __future__ import annotations

from ..model import Site
from ..stats import Stats
from .common import Linker, Page
from .entities import entity_pages
from .race import race_pages
from .site import home_page, listing_pages, season_pages


def build_pages(site: Site, stats: Stats) -> list[Page]:
    link = Linker(site, stats)
    pages = [home_page(site, stats, link)]
    pages += race_pages(site, stats, link)
    pages += entity_pages(site, stats, link)
    pages += season_pages(site, stats, link)
    pages += listing_pages(site, stats, link)
    return pages


__all__ = ["Page", "build_pages"]
