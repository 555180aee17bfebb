"""What a published site carries besides its pages: metadata in each head, the 404 page, sitemap and hosting files.

Owns each page's `meta` (OpenGraph and Twitter card values, its feeds, robots
rules), the race pages' schema.org JSON-LD, the 404 page, and the files
written beside the pages: `sitemap.xml`, `robots.txt`, `.nojekyll` and
`CNAME`. Adds to finished page contexts, keyed by page path, and reads the
rendered file list for the sitemap. Must not compute stats or render.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypedDict

from markupsafe import Markup

from . import urls
from .config import CONFIG_NAME
from .errors import Problems, display_path
from .feeds import SITE_FEED, domain_host, driver_feed, feed_title, full_url, root_url, series_feed
from .model import EntityInfo, Race, Site, SiteConfig
from .pages import Page
from .pages.common import Linker, Slugs, page
from .pages.race import race_path
from .stats import Stats

NOT_FOUND = "404.html"
SITEMAP = "sitemap.xml"
SITEMAP_LIMIT = 50_000  # URLs in one sitemap file (sitemaps.org); more are split under an index


class FeedLink(TypedDict):
    title: str
    href: str


class PageMeta(TypedDict):
    """What base.html puts in every page's head besides the title."""

    url: str | None  # absolute URL (og:url); None when the site's address is not known
    type: str  # og:type: "article" for recaps, "website" otherwise
    description: str  # og:description
    robots: str | None  # "noindex" for drafts and the 404 page
    feeds: list[FeedLink]  # <link rel="alternate"> Atom feeds: the site's, then this page's series or driver


class MetaAdder:
    """Adds `meta` to a page's context (and `jsonld` on race pages); built once, applied page by page."""

    def __init__(self, config: SiteConfig, entities: tuple[EntityInfo, ...], races: Iterable[Race], link: Linker,
                 drivers: dict[str, str]) -> None:
        """`races`: those whose pages it may be given; `drivers`: driver slugs to names, for driver pages."""
        self.config, self.entities, self.link, self.drivers = config, entities, link, drivers
        self.races = {race_path(race): race for race in races}

    @staticmethod
    def for_site(site: Site, stats: Stats) -> MetaAdder:
        return MetaAdder(site.config, site.entities, site.races, Linker(site.config, Slugs.of(stats.index)),
                         {slug: name for name, slug in stats.index.drivers.slugs.items()})

    def __call__(self, item: Page) -> Page:
        race = self.races.get(item.path)
        context = {**item.context, "meta": page_meta(item, self.config, self.drivers, race)}
        if race is not None:
            context["jsonld"] = script_json(race_jsonld(race, self.config, self.entities, self.link))
        return Page(item.path, item.template, item.title, context)


def not_found_page(link: Linker) -> Page:
    """The page GitHub Pages serves for any missing address: every link in it is absolute under the base path."""
    return page(link, NOT_FOUND, "404.html", "Page not found")


def page_meta(item: Page, config: SiteConfig, drivers: dict[str, str], race: Race | None = None) -> PageMeta:
    """`drivers` maps driver slugs to names; `race` is the page's race, for race pages."""
    feeds = [FeedLink(title=feed_title(config), href=config.base_path + SITE_FEED)]
    parts = item.path.split("/")
    if len(parts) > 2 and parts[0] in ("series", "races") and config.series_by_slug(parts[1]):
        series = config.series_by_slug(parts[1])
        assert series is not None
        feeds.append(FeedLink(title=feed_title(config, series.name), href=config.base_path + series_feed(series.slug)))
    elif len(parts) > 2 and parts[0] == "drivers":
        name = drivers.get(parts[1])
        if name is not None:
            feeds.append(FeedLink(title=feed_title(config, name), href=config.base_path + driver_feed(parts[1])))
    not_found = item.path == NOT_FOUND
    root = root_url(config)
    return PageMeta(url=root + item.path if root and not not_found else None,
                    type="article" if race is not None else "website",
                    description=(race.summary if race is not None and race.summary else config.description),
                    robots="noindex" if not_found or (race is not None and race.draft) else None,
                    feeds=feeds)


def race_jsonld(race: Race, config: SiteConfig, entities: tuple[EntityInfo, ...], link: Linker) -> dict[str, Any]:
    """schema.org `SportsEvent` for a race.

    `competitor` lists every driver in finishing order as a `Person`; the
    winner's entry is wrapped in a schema.org `Role` with `roleName: "winner"`
    (schema.org has no winner property on events; `Role` is its way to qualify
    a relationship). `location` is a `Place` named after the track, with the
    track file's `location` as its `address` when given.
    """
    track = next((e for e in entities if e.kind == "track" and e.name == race.track), None)
    root = full_url(config, "")  # (once: a race has dozens of drivers)
    drivers = link.index.drivers
    place: dict[str, Any] = {"@type": "Place", "name": race.track,
                             "url": root + urls.track(link.index.tracks[race.track])}
    if track is not None and track.facts.get("location"):
        place["address"] = str(track.facts["location"])
    competitors: list[dict[str, Any]] = []
    for result in race.results:
        person = {"@type": "Person", "name": result.driver, "url": root + urls.driver(drivers[result.driver])}
        competitors.append({"@type": "Role", "roleName": "winner", "competitor": person}
                           if result.fin == 1 else person)
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "SportsEvent", "name": race.name}
    if race.summary:
        data["description"] = race.summary
    data.update({"startDate": race.date.isoformat(), "url": root + race_path(race), "location": place})
    if competitors:
        data["competitor"] = competitors
    return data


def script_json(data: Any) -> Markup:
    """JSON safe inside <script>: '<', '>' and '&' written as \\u escapes, so no string can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return Markup(text)


def _page_url(file: str) -> str:
    """'drivers/x/index.html' -> 'drivers/x/', 'index.html' -> ''."""
    return file.removesuffix("index.html") if file == "index.html" or file.endswith("/index.html") else file


def sitemap_files(site: Site, files: Iterable[str], limit: int = SITEMAP_LIMIT) -> dict[str, bytes]:
    """sitemap.xml listing every HTML page written except the 404 page and drafts.

    Beyond `limit` URLs, sitemap.xml becomes an index of sitemaps/1.xml, 2.xml...
    """
    drafts = {urls.file_for(race_path(race)) for race in site.races if race.draft}
    pages = sorted(_page_url(f) for f in files if f.endswith(".html") and f != NOT_FOUND and f not in drafts)
    return dict(_sitemaps(site.config, tuple(pages), limit))


@functools.lru_cache(maxsize=2)  # a long-running process rebuilding with the same pages makes the same sitemap
def _sitemaps(config: SiteConfig, pages: tuple[str, ...], limit: int) -> dict[str, bytes]:
    chunks = [list(pages[i:i + limit]) for i in range(0, len(pages), limit)] or [[]]
    head = '<?xml version="1.0" encoding="utf-8"?>\n'
    namespace = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'

    def urlset(paths: list[str]) -> bytes:
        body = "".join(f"<url><loc>{_xml(full_url(config, p))}</loc></url>\n" for p in paths)
        return f"{head}<urlset {namespace}>\n{body}</urlset>\n".encode()

    if len(chunks) == 1:
        return {SITEMAP: urlset(chunks[0])}
    out = {f"sitemaps/{n}.xml": urlset(chunk) for n, chunk in enumerate(chunks, 1)}
    body = "".join(f"<sitemap><loc>{_xml(full_url(config, name))}</loc></sitemap>\n" for name in out)
    out[SITEMAP] = f"{head}<sitemapindex {namespace}>\n{body}</sitemapindex>\n".encode()
    return out


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def robots_txt(site: Site) -> bytes:
    """Allow everything and name the sitemap (robots.txt needs its absolute URL, so only when known)."""
    lines = ["User-agent: *", "Disallow:", ""]
    if root_url(site.config):
        lines.append(f"Sitemap: {full_url(site.config, SITEMAP)}")
    else:
        lines.append("# No Sitemap line: set base_url to a full URL (https://...) to name sitemap.xml here.")
    return ("\n".join(lines) + "\n").encode()


def hosting_files(site: Site, files: Iterable[str], problems: Problems, content: Path) -> dict[str, bytes]:
    """sitemap.xml, robots.txt, .nojekyll and CNAME (when the config names a domain).

    Warns when the site's address is only a path: feeds then use tag: ids and
    path links, the sitemap lists paths, and pages have no og:url.
    """
    config = site.config
    if root_url(config) is None:
        problems.warn(display_path(content / CONFIG_NAME), None, "base_url",
                      f"'{config.base_url}' is a path, not a full URL: feeds use tag: ids and path links, "
                      "sitemap.xml lists paths and pages have no og:url",
                      "set base_url or --base-url to a full URL such as https://user.github.io/repo/, or set domain")
    out = {**sitemap_files(site, files), "robots.txt": robots_txt(site), ".nojekyll": b""}
    if config.domain and domain_host(config.domain):
        out["CNAME"] = f"{domain_host(config.domain)}\n".encode()
    return out
