"""What every page context shares: the `Page` record, links, and the site-wide context.

Owns `Linker`, the one place names become hrefs under the site's base path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypedDict

from .. import urls
from ..model import Race, SiteConfig
from ..stats.index import Index, SlugTable, race_slug


class Link(TypedDict):
    text: str
    href: str


class SiteContext(TypedDict):
    title: str
    language: str
    description: str
    base: str  # base path, ending in '/'
    nav: list[Link]
    home: str


@dataclass(frozen=True)
class Page:
    """One page to render: where it goes, which template, and its context."""

    path: str  # page path inside the site, e.g. 'drivers/justin-allgaier/'
    template: str
    title: str
    context: dict[str, Any]


@dataclass(frozen=True)
class RawFile:
    """A file written as it is, beside the pages: a feed or a data file (its path inside the site, its bytes)."""

    path: str
    data: bytes


Output = Page | RawFile  # what a maker makes


@dataclass(frozen=True)
class Slugs:
    """Each name's URL name, by kind: what links need of the stats' index (and all a prose rebuild keeps of it)."""

    drivers: SlugTable
    tracks: SlugTable
    teams: SlugTable
    makes: SlugTable

    @staticmethod
    def of(index: Index) -> Slugs:
        return Slugs(index.drivers, index.tracks, index.teams, index.makes)


class Linker:
    """Names and races to `Link`s under the site's base path."""

    def __init__(self, config: SiteConfig, slugs: Slugs) -> None:
        self.base = config.base_path
        self.index = slugs
        self.config = config
        # A name's link is made once and shared by every page that shows it (pages only read their links).
        self._made: dict[tuple[str, str], Link] = {}

    def href(self, path: str) -> str:
        return self.base + path

    def race(self, race: Race, text: str | None = None) -> Link:
        return Link(text=text or race.name, href=self.href(urls.race(race.series, race.season, race_slug(race))))

    def driver(self, name: str) -> Link:
        return self._made.get(("driver", name)) or self._named("driver", name, urls.driver, self.index.drivers)

    def track(self, name: str) -> Link:
        return self._made.get(("track", name)) or self._named("track", name, urls.track, self.index.tracks)

    def team(self, name: str | None) -> Link | None:
        if not name:
            return None
        return self._made.get(("team", name)) or self._named("team", name, urls.team, self.index.teams)

    def make(self, name: str | None) -> Link | None:
        if not name:
            return None
        return self._made.get(("make", name)) or self._named("make", name, urls.make, self.index.makes)

    def _named(self, kind: str, name: str, url: Callable[[str], str], slugs: SlugTable) -> Link:
        link = self._made[(kind, name)] = Link(text=name, href=self.href(url(slugs[name])))
        return link

    def series(self, slug: str, short: bool = False) -> Link:
        key = ("short series" if short else "series", slug)
        if key not in self._made:
            series = self.config.series_by_slug(slug)
            assert series is not None
            self._made[key] = Link(text=series.short_name if short else series.name, href=self.href(urls.series(slug)))
        return self._made[key]

    def season(self, slug: str, year: int, text: str | None = None) -> Link:
        return Link(text=text or str(year), href=self.href(urls.season(slug, year)))

    def site_context(self) -> SiteContext:
        nav = [Link(text=s.short_name, href=self.href(urls.series(s.slug))) for s in self.config.series]
        nav += [Link(text=label, href=self.href(urls.listing(kind)))
                for kind, label in (("drivers", "Drivers"), ("tracks", "Tracks"), ("teams", "Teams"),
                                    ("leaders", "Leaders"))]
        return SiteContext(title=self.config.title, language=self.config.language,
                           description=self.config.description, base=self.base, nav=nav, home=self.base)


def one_page(make: Callable[..., Page], *args: Any) -> list[Page]:
    """A maker's output when it makes one page: `partial(one_page, race_page, race, ...)`."""
    return [make(*args)]


def page(link: Linker, path: str, template: str, title: str, **context: Any) -> Page:
    """A `Page` whose context carries the site-wide part under `site` and its own path."""
    return Page(path, template, title, {"site": link.site_context(), "title": title,
                                         "path": path, **context})
