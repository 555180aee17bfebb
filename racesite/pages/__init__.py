"""Every kind of page, and the site's pages with the inputs each declares.

Each kind's module says what its pages show (an inputs dataclass) and makes their typed contexts from those
inputs alone (see `kinds`). `KINDS` lists them in render order: the slowest kinds first, so the cores finish
together. Must not compute stats (see `stats`) or render (see `render`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Site
from ..stats import Stats
from .data import DataFiles
from .downloads import DownloadsPages
from .driver import DriverPages
from .entity import GroupPages, TrackPages
from .kinds import Env, Folder, Kind, Output, Page, PageKey, RawFile, Reuse
from .links import Links
from .race import RacePages
from .records import RecordsPages
from .search import SearchIndex, SearchPages
from .season import SeasonPages, SeriesPages
from .site import HomePages, LeadersPages, ListingPages, NotFoundPages
from .story import StoryPages

KINDS: tuple[Kind, ...] = (SearchIndex(), DownloadsPages(), SeasonPages(), SeriesPages(), LeadersPages(),
                           ListingPages(), GroupPages("make"), GroupPages("team"), DataFiles(), DriverPages(),
                           TrackPages(), HomePages(), RacePages(), StoryPages(), RecordsPages(), SearchPages(),
                           NotFoundPages())


@dataclass(frozen=True)
class Planned:
    """One page (or set of pages made together) with the inputs it declares."""

    key: PageKey
    kind: Kind
    inputs: Any


def site_pages(site: Site, stats: Stats, reuse: Reuse | None = None) -> list[Planned]:
    """Every page of the site, kind by kind in render order (`reuse`: the inputs the last build in this process
    gathered, kept by the caller)."""
    reuse = reuse if reuse is not None else Reuse()
    planned = [Planned(key, kind, inputs) for kind in KINDS for key, inputs in kind.pages(site, stats, reuse)]
    reuse.next_build()
    return planned


def environment(site: Site, stats: Stats) -> Env:
    index = stats.index
    return Env(site.config, Links(site.config, index.drivers, index.tracks, index.teams, index.makes))


__all__ = ["KINDS", "Env", "Folder", "Kind", "Output", "Page", "PageKey", "Planned", "RawFile", "Reuse", "environment",
           "site_pages"]
