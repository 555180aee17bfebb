"""What the home page and the feeds list: the site's stories, and its races that have results but no story yet.

Owns `Item` (one such entry, newest first by its date) and how an item shows in a list and in a feed. Must not
compute stats or render.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..feeds import FeedEntry
from ..model import Race, RaceKey, Story
from ..stats.rules import winner
from .links import race_path, story_path

KIND_LABELS = {"recap": "Recap", "preview": "Preview", "qualifying": "Qualifying report", "feature": "Feature"}


@dataclass(frozen=True)
class Item:
    """A story about a race, or a race with results and no story (`story` None)."""

    race: Race
    story: Story | None

    @property
    def digest(self) -> str:
        """What a list or a feed shows of it: the race's place, name, date, track and winner, and the story's
        header; never the story's text or the race's other rows (a prose edit changes the story's own page alone;
        a results edit, lists only when the winner changes)."""
        race, story = self.race, self.story
        won = winner(race)
        shown = f"{race.series}|{race.season}|{race.round}|{race.name}|{race.date}|{race.track}|{race.draft}|" \
                f"{bool(race.results)}|{won.driver if won else ''}"
        if story is None:
            return shown
        return f"{shown}|{story.kind}|{story.title}|{story.summary}|{story.author}|{story.published}|" \
               f"{story.draft}|{story.slug}|{story.source}"

    @property
    def date(self) -> dt.date:
        return self.story.published if self.story is not None else self.race.date

    @property
    def title(self) -> str:
        return self.story.title if self.story is not None else self.race.name

    @property
    def summary(self) -> str:
        return self.story.summary if self.story is not None else ""

    @property
    def draft(self) -> bool:
        return self.story.draft if self.story is not None else self.race.draft

    @property
    def path(self) -> str:
        """Its page: the story's, or the race's for a race without one."""
        return story_path(self.race, self.story) if self.story is not None else race_path(self.race)

    @property
    def tells_result(self) -> bool:
        """Whether a list may show who won beside it: a recap, or a race with no story (never a preview's)."""
        return self.story is None or self.story.kind == "recap"

    @property
    def label(self) -> str:
        """What it is: a story's kind ('Qualifying report'), or 'Results' for a race without a story."""
        return KIND_LABELS.get(self.story.kind, self.story.kind) if self.story is not None else "Results"


def items(races: Iterable[Race], stories: Iterable[Story], by_key: Mapping[RaceKey, Race],
          told: Container[RaceKey] | None = None) -> list[Item]:
    """Every item, newest first (`by_key`: the races by key, for the stories'). A race with a story is listed by
    its stories alone; `told`: the races that have one, when `stories` holds only some of them."""
    stories = list(stories)
    with_story = told if told is not None else {story.race for story in stories}
    found = [Item(by_key[story.race], story) for story in stories if story.race in by_key]
    found += [Item(race, None) for race in races if race.results and race.key not in with_story]
    found.sort(key=lambda item: (item.date, item.race.series, item.race.season, item.race.round,
                                 item.story.source if item.story else ""), reverse=True)
    return found


def feed_entry(item: Item, series_name: str | None, author: str | None) -> FeedEntry:
    """A feed's entry for an item; a race without a summary says who won where."""
    race = item.race
    summary = item.summary
    if not summary:
        won = winner(race)
        summary = f"{won.driver} won the {race.name} at {race.track}." if won else f"{race.name} at {race.track}."
    return FeedEntry(item.path, item.title, item.date, author,
                     (race.series, series_name) if series_name else None, summary)


def published(found: Sequence[Item], limit: int) -> tuple[Item, ...]:
    """The newest `limit` items that are not drafts."""
    return tuple(item for item in found if not item.draft)[:limit]
