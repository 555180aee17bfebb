"""What a page is, as the build plan and the renderer see it: its key, its declared inputs, what it makes.

Owns `PageKey` (which page: its kind and its id, defined once), `Page`, `RawFile` and `Folder` (what a maker
makes), `Env` (what every page may use besides its inputs: the config and the links, both in every fingerprint)
and `Kind`: a
kind of page lists its pages, each with the inputs it shows (`pages`), and makes a page from its inputs alone
(`make`). The inputs are a frozen dataclass of values taken from the site and its stats; `make` is given nothing
else, so what a page declares is what it can show, and the plan fingerprints exactly that. Must not compute stats
or render.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypeVar

from ..model import Site, SiteConfig
from ..stats import Stats
from .links import Links

T = TypeVar("T")


class PageKey(NamedTuple):
    """Which page (or set of pages made together): its kind and its id within the kind."""

    kind: str
    id: tuple[str | int, ...] = ()

    def __str__(self) -> str:
        return ":".join([self.kind, *(str(part) for part in self.id)])


@dataclass(frozen=True)
class Page:
    """A page to render: where it goes, its template and its typed context (a dataclass whose fields are the
    template's variables)."""

    path: str  # inside the site, e.g. 'drivers/justin-allgaier/'
    template: str
    context: Any


@dataclass(frozen=True)
class RawFile:
    """A file written as it is, beside the pages: a feed or a data file."""

    path: str
    data: bytes


@dataclass(frozen=True)
class Folder:
    """Files a program writes straight into a folder of the site (the search index): `fill(folder)` is given the
    folder, inside the build's new files, and returns the paths inside the site of the files it wrote."""

    path: str  # inside the site, ending in '/', e.g. 'pagefind/'
    fill: Callable[[Path], list[str]]


Output = Page | RawFile | Folder


class Reuse:
    """The inputs a kind gathered for each of its pages in the last build of this process (the live preview's),
    with what it gathered them from: a kind whose inputs take long to gather (a driver's feed) takes them again
    when those sources are unchanged. The sources must be all that the inputs are made from: `same`, the large
    ones, must be the very same objects (an equal copy would be compared at length, and taking the inputs again
    would keep the last build's objects alive); `equal`, the small ones, compare by value. A new process has none;
    what a build does not ask for is dropped."""

    def __init__(self) -> None:
        self.last: dict[PageKey, tuple[tuple[object, ...], tuple[object, ...], Any]] = {}
        self.now: dict[PageKey, tuple[tuple[object, ...], tuple[object, ...], Any]] = {}

    def inputs(self, key: PageKey, same: tuple[object, ...], equal: tuple[object, ...], gather: Callable[[], T]) -> T:
        """The page's inputs: the last build's when gathered from the same `same` and equal `equal`, else
        `gather()`."""
        found = self.last.get(key)
        value: T = found[2] if found is not None and len(found[0]) == len(same) and \
            all(map(operator.is_, found[0], same)) and found[1] == equal else gather()
        self.now[key] = (same, equal, value)
        return value

    def gathered(self, key: PageKey, same: tuple[object, ...]) -> Any:
        """The inputs the last build gathered for the page from the very same `same` (whatever `equal` was), or
        None: what they hold that follows from `same` alone need not be worked out again."""
        found = self.last.get(key)
        return found[2] if found is not None and len(found[0]) == len(same) and \
            all(map(operator.is_, found[0], same)) else None

    def next_build(self) -> None:
        """What this build gathered is what the next compares with."""
        self.last, self.now = self.now, {}


@dataclass(frozen=True)
class Env:
    """What every page may use besides its inputs: both are part of every page's fingerprint."""

    config: SiteConfig
    links: Links


class Kind(Protocol):
    """A kind of page."""

    @property
    def name(self) -> str:
        """Its pages' keys' kind."""
        ...

    @property
    def templates(self) -> tuple[str, ...]:
        """The templates its pages render (and, through them, what they extend, include or import)."""
        ...

    @property
    def heavy(self) -> bool:
        """Whether one of its pages takes long enough to make (seconds: the downloads, the search index) that
        rendering it pays for forking workers even when few other pages are made."""
        ...

    def pages(self, site: Site, stats: Stats, reuse: Reuse) -> Iterable[tuple[PageKey, Any]]:
        """Each page (or set of pages made together) of this kind, with the inputs it shows (`reuse`: what the
        last build in this process gathered, for a kind that takes long to gather them)."""
        ...

    def make(self, inputs: Any, env: Env) -> list[Output]:
        """The page(s) made from `inputs` alone."""
        ...
