"""Page contexts: for each page kind, the one declared dict its template receives.

`page_makers(site, stats)` gives every page of the site as keyed makers, each
building its pages (template and context) when called. Contexts carry finished
values (links with hrefs, numbers, ordered rows); formatting is left to the
templates' filters. Must not compute stats (see `stats`) or render templates
(see `render`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from ..model import Race, Site
from ..stats import Stats
from .common import Linker, Output, Page, RawFile, Slugs, one_page
from .entities import entity_makers
from .race import RaceInputs, race_page
from .site import home_page, listing_pages, season_makers

PageMaker = Callable[[], list[Page]]
Maker = Callable[[], list[Output]]  # pages and raw files


def page_makers(site: Site, stats: Stats) -> list[tuple[str, PageMaker]]:
    """Every page of the site as keyed makers: each builds its page(s) only when called.

    Nothing is built up front, so pages can be built, rendered and written one
    maker at a time, in any process. Keys ("race:cup:1990:10", "driver:NAME",
    "season:cup:1990"...) name what a maker covers, for incremental builds.
    """
    link = Linker(site.config, Slugs.of(stats.index))
    makers: list[tuple[str, PageMaker]] = [("home", partial(one_page, home_page, site, stats, link))]
    makers += [(race_key(race), partial(_race_page, race, site, stats, link)) for race in site.races]
    makers += entity_makers(site, stats, link)
    makers += season_makers(site, stats, link)
    makers.append(("listings", partial(listing_pages, site, stats, link)))
    return makers


def race_key(race: Race) -> str:
    return f"race:{race.series}:{race.season}:{race.round}"


def _race_page(race: Race, site: Site, stats: Stats, link: Linker) -> list[Page]:
    return one_page(race_page, race, site.config, RaceInputs.of(race, stats, link), stats.bodies[race.key], link)


def with_extras(makers: list[tuple[str, PageMaker]],
                extras: dict[str, Callable[[], list[RawFile]]]) -> list[tuple[str, Maker]]:
    """Each keyed maker also making the raw files keyed the same (a driver's page and its feed...)."""
    return [(key, partial(_both, make, extras[key]) if key in extras else make) for key, make in makers]


def _both(make: PageMaker, extra: Callable[[], list[RawFile]]) -> list[Output]:
    return [*make(), *extra()]


__all__ = ["Maker", "Output", "Page", "PageMaker", "RawFile", "page_makers", "race_key", "with_extras"]
