"""The search page, and the search index: one lean record per driver, race, track and team page, and a story's
whole text.

Declares what each shows: the search page only the site's address; the index (`SearchIndexInputs`) the races,
the stories with their text, and the language. The index's records are made in the maker (in a render worker,
beside the other pages) from those inputs alone; `racesite.search` writes them with Pagefind into the site's
pagefind/ folder. The live preview defers the index (see
`racesite.deferred`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from markupsafe import Markup

from .. import urls
from ..model import Site, Story
from ..search import FOLDER, SEARCH_PAGE, Kind, SearchRecord, search_page, write_index
from ..stats import Stats
from ..stats.index import SlugTable
from ..stats.rules import winner
from .items import KIND_LABELS
from .kinds import Env, Folder, Output, Page, PageKey, Reuse
from .links import Head, SiteContext, head, race_path_of, site_context

INDEX_KIND = "search-index"


@dataclass(frozen=True)
class SearchInputs:
    pass


@dataclass(frozen=True)
class SearchPage:
    site: SiteContext
    head: Head
    search: Markup


class SearchPages:
    """The search page: a form, and the results search.js lists from the index."""

    name = "search"
    heavy = False
    templates = ("search.html",)

    def pages(self, site: Site, stats: Stats, reuse: Reuse) -> Iterator[tuple[PageKey, SearchInputs]]:
        yield PageKey("search"), SearchInputs()

    def make(self, inputs: SearchInputs, env: Env) -> list[Output]:
        config, links = env.config, env.links
        indexes = [(label, links.href(urls.listing(kind))) for kind, label in (
            ("drivers", "Drivers"), ("tracks", "Tracks"), ("teams", "Teams"), ("leaders", "All-time leaders"),
            ("records", "Records"))]
        page_head = head(config, SEARCH_PAGE, "Search",
                         description=f"Search {config.title}: drivers, races, tracks, teams and stories.")
        return [Page(SEARCH_PAGE, "search.html", SearchPage(site_context(config), page_head,
                                                            search_page(config.base_path, indexes)))]


class RaceEntry(NamedTuple):
    """What the index holds of a race."""

    series: str
    season: int
    round: int
    number: int  # the race's number within its round
    name: str
    date: dt.date
    track: str
    winner: str | None
    run: bool  # it has results

    @property
    def path(self) -> str:
        return race_path_of(self.series, self.season, self.round, self.number, self.name)


@dataclass(frozen=True)
class StoryText:
    """What the index holds of a story: its header and its text (placeholders filled in)."""

    story: Story
    body: str

    @property
    def digest(self) -> str:
        """For the build plan: the story's files and its text as filled in (placeholders change with the races)."""
        return f"{self.story.digest}|{hashlib.blake2b(self.body.encode(), digest_size=16).hexdigest()}"


@dataclass(frozen=True)
class SearchIndexInputs:
    """Exactly what the records show (an edit to a row of results that changes none of it keeps the index)."""

    names: tuple[tuple[Kind, str, str], ...]  # (kind, name, URL name) of every driver, team and track
    races: tuple[RaceEntry, ...]  # every race, in the site's order
    stories: tuple[StoryText, ...]
    language: str


class SearchIndex:
    """The search index (pagefind/), made from lean records in one Pagefind run."""

    name = INDEX_KIND
    heavy = True  # one page of it takes seconds: worth a worker of its own
    templates: tuple[str, ...] = ()

    def pages(self, site: Site, stats: Stats, reuse: Reuse) -> Iterator[tuple[PageKey, SearchIndexInputs]]:
        index = stats.index
        tables: tuple[tuple[Kind, SlugTable], ...] = (("driver", index.drivers), ("team", index.teams),
                                                      ("track", index.tracks))
        names = tuple((kind, name, slug) for kind, table in tables for name, slug in table.slugs.items())
        races = tuple(RaceEntry(r.series, r.season, r.round, r.number, r.name, r.date, r.track,
                                w.driver if (w := winner(r)) else None, bool(r.results)) for r in site.races)
        stories = tuple(StoryText(story, stats.bodies[story.source]) for story in site.stories)
        yield PageKey(INDEX_KIND), SearchIndexInputs(names, races, stories, site.config.language)

    def make(self, inputs: SearchIndexInputs, env: Env) -> list[Output]:
        records = search_records(inputs, env)

        def fill(folder: Path) -> list[str]:
            report = write_index(records, folder, language=inputs.language)
            return [f"{FOLDER}/{name}" for name in report.files]

        return [Folder(f"{FOLDER}/", fill)]


PATHS = {"driver": urls.driver, "team": urls.team, "track": urls.track}


def search_records(inputs: SearchIndexInputs, env: Env) -> list[SearchRecord]:
    """One record per driver, team, track and race page, and one per story. A driver, team or track is found by
    its name alone (what a reader types); its record has no text (a line of figures for each of the full history's
    7,300 names cost Pagefind a sixth more time). A race's text says where, when and who won; a story's is its
    whole text."""
    shorts = {s.slug: s.short_name for s in env.config.series}
    records = [SearchRecord(PATHS[kind](slug), name, kind, "") for kind, name, slug in inputs.names]
    by_key = {(r.series, r.season, r.round, r.number): r for r in inputs.races}
    for race in inputs.races:
        records.append(SearchRecord(race.path, race_title(race, shorts), "race", _race(race)))
    for told in inputs.stories:
        story = told.story
        race = by_key[story.race]
        text = f"{KIND_LABELS.get(story.kind, story.kind)}, {race_title(race, shorts)}. {story.summary} " \
               f"{plain_text(told.body)}"
        records.append(SearchRecord(urls.story(race.path, story.slug), story.title, "story", text.strip()))
    return records


def race_title(race: RaceEntry, shorts: dict[str, str]) -> str:
    """'2021 Xfinity EchoPark 250': how a race is named in results (the race page's title)."""
    return f"{race.season} {shorts.get(race.series, race.series)} {race.name}"


def _race(race: RaceEntry) -> str:
    when = f"{race.date:%B} {race.date.day}, {race.date.year}"
    result = f" Won by {race.winner}." if race.winner else "" if race.run else " Not run yet."
    return f"Round {race.round} at {race.track}, {when}.{result}"


_MARKUP = re.compile(r"\{\{<[^>]*>\}\}|!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|[*_`#>|\[\]]+|^-{3,}$|^\s*[-+]\s", re.M)
_SPACE = re.compile(r"\s+")


def plain_text(markdown: str) -> str:
    """A story's Markdown as plain words for the index: emphasis, links' targets, headings' marks, table bars and
    embeds dropped (what a reader searches for is the words)."""
    return _SPACE.sub(" ", _MARKUP.sub(" ", markdown)).strip()
