"""Every number and ordering a page shows, computed from the validated `Site`.

`compute(site)` is the only entry point; submodules own one kind of figure
each. Nothing here formats for display or touches Jinja.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import SourceError
from ..model import Site
from .index import Index, build_index


@dataclass(frozen=True)
class Stats:
    index: Index
    warnings: tuple[SourceError, ...]


def compute(site: Site) -> Stats:
    index = build_index(site)
    return Stats(index=index, warnings=tuple(index.warnings))
