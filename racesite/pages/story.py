"""A story's page: its text, its byline and publish date, the race it is about and that race's other stories.

Declares what a story page shows (`StoryInputs`) and makes its typed context (`StoryPage`) from that alone. Its
address is its race's page plus its URL name, so a story's page stays where it is when others are added.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from ..model import EntityInfo, Race, Site, Story
from ..stats import Stats
from ..stats.rules import winner
from . import describe
from .items import KIND_LABELS
from .jsonld import article_jsonld, script_json
from .kinds import Env, Output, Page, PageKey, Reuse
from .links import Head, Link, SiteContext, head, race_path, series_feed_link, site_context, story_path


class StoryCard(NamedTuple):
    """What a list shows of a story: never its text."""

    kind: str
    title: str
    summary: str
    author: str | None
    published: dt.date
    draft: bool
    slug: str


def card(story: Story) -> StoryCard:
    return StoryCard(story.kind, story.title, story.summary, story.author, story.published, story.draft, story.slug)


@dataclass(frozen=True)
class StoryInputs:
    story: Story
    body: str  # its text, placeholders filled in as of when it was written
    race: Race
    others: tuple[StoryCard, ...]  # the race's other stories, in publish order
    track: EntityInfo | None  # the track file, for the JSON-LD address


class StoryLink(NamedTuple):
    label: str  # its kind, e.g. "Qualifying report"
    link: Link
    published: dt.date
    current: bool  # the page being read


@dataclass(frozen=True)
class StoryView:
    label: str
    title: str
    summary: str
    author: str | None
    published: dt.date
    draft: bool
    body: str
    links: dict[str, str]  # names to link in the text, to their hrefs
    race: Link
    date: dt.date
    series: Link
    season: Link
    track: Link
    winner: Link | None
    upcoming: bool  # the race has no results yet
    stories: tuple[StoryLink, ...]  # every story of the race, this one marked


@dataclass(frozen=True)
class StoryPage:
    site: SiteContext
    head: Head
    story: StoryView


class StoryPages:
    name = "story"
    heavy = False
    templates = ("story.html",)

    def pages(self, site: Site, stats: Stats, reuse: Reuse) -> Iterator[tuple[PageKey, StoryInputs]]:
        tracks = {e.name: e for e in site.entities if e.kind == "track"}
        races = {race.key: race for race in site.races}
        for story in site.stories:
            race = races[story.race]
            told = stats.index.stories.get(race.key, ())
            yield PageKey("story", (story.source,)), StoryInputs(
                story, stats.bodies[story.source], race, tuple(card(s) for s in told if s is not story),
                tracks.get(race.track))

    def make(self, inputs: StoryInputs, env: Env) -> list[Output]:
        story, race, links, config = inputs.story, inputs.race, env.links, env.config
        series = config.series_by_slug(race.series)
        assert series is not None
        path = story_path(race, story)
        cards = sorted((*inputs.others, card(story)), key=lambda c: (c.published, c.slug))
        won = winner(race)
        view = StoryView(
            KIND_LABELS.get(story.kind, story.kind), story.title, story.summary, story.author or config.author,
            story.published, story.draft, inputs.body, name_links(race, env), links.race(race), race.date,
            links.series(race.series), links.season(race.series, race.season, f"{race.season} {series.short_name}"),
            links.track(race.track), links.driver(won.driver) if won else None, not race.results,
            tuple(StoryLink(KIND_LABELS.get(c.kind, c.kind), Link(c.title, links.href(race_path(race) + f"{c.slug}/")),
                            c.published, c.slug == story.slug) for c in cards))
        jsonld = script_json(article_jsonld(story, race, inputs.body, config, inputs.track, links))
        description = story.summary or describe.story(story.title, f"{race.season} {series.short_name} {race.name}")
        page_head = head(config, path, story.title, kind="article", description=description,
                         robots="noindex" if story.draft else None,
                         feeds=(series_feed_link(config, race.series),), jsonld=jsonld)
        return [Page(path, "story.html", StoryPage(site_context(config), page_head, view))]


def name_links(race: Race, env: Env) -> dict[str, str]:
    """Names to link in a story's text: the track, every driver and team in the results and qualifying."""
    links = env.links
    found = {race.track: links.track(race.track).href}
    for result in race.results:
        found.setdefault(result.driver, links.driver(result.driver).href)
        if result.team:
            found.setdefault(result.team, links.named("team", result.team).href)
    for entry in race.qualifying:
        found.setdefault(entry.driver, links.driver(entry.driver).href)
    return found
