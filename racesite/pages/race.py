"""The race page, the hub of a race weekend: its stories, results, qualifying, stages, facts, penalties and its
season neighbours (a race not run yet shows what is known so far: the date, the track, qualifying, its stories).

Declares what a race page shows (`RaceInputs`) and makes its typed context (`RacePage`) from that alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

from ..model import EntityInfo, Race, Site, Story
from ..stats import Stats
from ..stats.race import qualifying_speeds
from ..stats.rules import is_win, winner
from . import describe
from .items import KIND_LABELS
from .jsonld import race_jsonld, script_json
from .kinds import Env, Output, Page, PageKey, Reuse
from .links import Head, Link, SiteContext, head, race_path, series_feed_link, site_context
from .story import StoryCard, card

LINEUP_NOTES = {
    "formula": "Qualifying was not held: the starting lineup was set by formula, so no pole was awarded.",
    "points": "The starting lineup was set by owner points, so no pole was awarded.",
    "draw": "The starting lineup was set by random draw, so no pole was awarded.",
    "inverted": "The starting lineup was inverted, so no pole was awarded.",
}


@dataclass(frozen=True)
class RaceInputs:
    race: Race
    stories: tuple[StoryCard, ...]  # in publish order (what a list shows of them: never their text)
    highlights: tuple[str, ...]  # the race's facts as sentences
    points: tuple[float | None, ...]  # per result, as the standings counted them
    previous: tuple[str, str] | None  # the race before it in its season: (name, path)
    next: tuple[str, str] | None
    track: EntityInfo | None  # the track file, for the JSON-LD address
    round_races: tuple[tuple[str, str], ...] = ()  # the other races of its round (a sprint, a heat...): (name, path)
    round_stories: tuple[tuple[StoryCard, str], ...] = ()  # their stories, each with its race's path: a story
    # about the whole round is shown on each of its races' pages


class ResultRow(NamedTuple):
    fin: int
    st: int | None
    car: str | None
    driver: Link
    team: Link | None
    make: Link | None
    laps: int | None
    led: int | None
    status: str
    pts: float | None
    winner: bool


class QualifyingRow(NamedTuple):
    pos: int
    car: str | None
    driver: Link
    time: float | None
    mph: float | None
    kmh: float | None


@dataclass(frozen=True)
class StageView:
    number: int
    laps: int | None
    top: tuple[Link, ...]


class Fact(NamedTuple):
    label: str
    value: object


class PenaltyView(NamedTuple):
    driver: Link
    text: str


class StoryItem(NamedTuple):
    label: str  # its kind, e.g. "Qualifying report"
    link: Link
    published: dt.date
    author: str | None
    summary: str
    draft: bool


@dataclass(frozen=True)
class RaceView:
    name: str
    date: dt.date
    round: int
    series: Link
    season: Link
    track: Link
    laps: int | None
    laps_run: int | None  # only when it differs from the scheduled laps
    upcoming: bool  # no results yet
    draft: bool
    lineup_note: str | None
    stories: tuple[StoryItem, ...]  # in publish order
    highlights: tuple[str, ...]
    results: tuple[ResultRow, ...]
    qualifying: tuple[QualifyingRow, ...]
    stages: tuple[StageView, ...]
    facts: tuple[Fact, ...]
    penalties: tuple[PenaltyView, ...]
    previous: Link | None
    next: Link | None
    round_races: tuple[Link, ...] = ()  # the other races of its round
    part: str = ""  # which race of its round, when it holds several: "Race 2 · Feature"


@dataclass(frozen=True)
class RacePage:
    site: SiteContext
    head: Head
    race: RaceView


class RacePages:
    name = "race"
    heavy = False
    templates = ("race.html",)

    def pages(self, site: Site, stats: Stats, reuse: Reuse) -> Iterator[tuple[PageKey, RaceInputs]]:
        tracks = {e.name: e for e in site.entities if e.kind == "track"}
        told = stats.index.stories
        rounds: dict[tuple[str, int, int], list[Race]] = {}
        for race in site.races:
            rounds.setdefault(race.key[:3], []).append(race)

        def gather(race: Race, stories: tuple[Story, ...], highlights: tuple[str, ...],
                   points: tuple[float | None, ...], before: Race | None, after: Race | None,
                   track: EntityInfo | None, others: tuple[Race, ...]) -> RaceInputs:
            return RaceInputs(
                race, tuple(card(s) for s in stories), highlights, points,
                (before.name, race_path(before)) if before else None,
                (after.name, race_path(after)) if after else None, track,
                tuple((r.name, race_path(r)) for r in sorted(others, key=lambda r: r.number)),
                tuple((card(story), race_path(r)) for r in others for story in told.get(r.key, ())))

        for race in site.races:
            key = PageKey("race", race.key)
            stories = told.get(race.key, ())
            others = tuple(r for r in rounds[race.key[:3]] if r is not race)
            before, after = stats.index.neighbours(race)
            facts = stats.facts.get(race.key)
            highlights = facts.sentences if facts is not None else ()
            points = stats.points.get(race.key, ())
            track = tracks.get(race.track)
            # (what a race page shows of its neighbours and its round's other races: their names, paths and
            # stories, all from those races and the stories)
            yield key, reuse.inputs(key, (race, before, after, *others),
                                    (stories, highlights, points, track, tuple(told.get(r.key, ()) for r in others)),
                                    partial(gather, race, stories, highlights, points, before, after, track, others))

    def make(self, inputs: RaceInputs, env: Env) -> list[Output]:
        race, links, config = inputs.race, env.links, env.config
        series = config.series_by_slug(race.series)
        assert series is not None
        path = race_path(race)
        recap = next((s for s in reversed(inputs.stories) if s.kind == "recap"), None)
        summary = recap.summary if recap is not None else ""
        view = RaceView(
            name=race.name, date=race.date, round=race.round, series=links.series(race.series),
            season=links.season(race.series, race.season, f"{race.season} {series.short_name}"),
            track=links.track(race.track), laps=race.laps,
            laps_run=race.laps_run if race.laps_run != race.laps else None, upcoming=not race.results,
            draft=race.draft, lineup_note=LINEUP_NOTES.get(race.lineup),
            stories=tuple(StoryItem(KIND_LABELS.get(s.kind, s.kind), Link(s.title, links.href(f"{where}{s.slug}/")),
                                    s.published, s.author or config.author, s.summary, s.draft)
                          for s, where in [*((s, path) for s in inputs.stories),
                                           *sorted(inputs.round_stories, key=_published)]),
            highlights=inputs.highlights,
            results=tuple(ResultRow(r.fin, r.st, r.car, links.driver(r.driver), links.team(r.team), links.make(r.make),
                                    r.laps, r.led, r.status, pts, is_win(r))
                          for r, pts in zip(race.results, inputs.points or (None,) * len(race.results))),
            qualifying=tuple(QualifyingRow(q.pos, q.car, links.driver(q.driver), q.time, mph, kmh)
                             for q, (mph, kmh) in zip(race.qualifying, qualifying_speeds(race))),
            stages=tuple(StageView(s.number, s.laps, tuple(links.driver(d) for d in s.top)) for s in race.stages),
            facts=tuple(Fact(label, value) for label, value in (
                ("Cautions", race.cautions), ("Caution laps", race.caution_laps), ("Lead changes", race.lead_changes),
                ("Leaders", race.leaders), ("Margin of victory", race.margin)) if value is not None),
            penalties=tuple(PenaltyView(links.driver(p.driver), p.text) for p in race.penalties),
            previous=Link(inputs.previous[0], links.href(inputs.previous[1])) if inputs.previous else None,
            next=Link(inputs.next[0], links.href(inputs.next[1])) if inputs.next else None,
            round_races=tuple(Link(name, links.href(where)) for name, where in inputs.round_races),
            part=" · ".join(p for p in (f"Race {race.number}" if inputs.round_races else "",
                                         race.session.capitalize() if race.session != "race" else "") if p),
        )
        jsonld = script_json(race_jsonld(race, summary, config, inputs.track, links))
        title = f"{race.season} {series.short_name} {race.name}"
        won = winner(race)
        description = summary or describe.race(title, race.track, race.date, won.driver if won else None,
                                               won.st if won else None, len(race.results), race.laps_run or race.laps)
        page_head = head(config, path, title, description=description,
                         robots="noindex" if race.draft else None, feeds=(series_feed_link(config, race.series),),
                         jsonld=jsonld)
        return [Page(path, "race.html", RacePage(site_context(config), page_head, view))]




def _published(item: tuple[StoryCard, str]) -> tuple[object, ...]:
    return (item[0].published, item[1], item[0].slug)
