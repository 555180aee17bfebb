"""Who and what the site is about: every driver, track, team, make and race, with a stable slug.

Owns slug assignment (two names folding to one slug get distinct slugs and a
warning, never a silent merge) and the race ordering within seasons. Must not
compute career numbers (see `career`, `standings`, `records`) or format.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import SourceError
from ..model import Race, RaceKey, Result, Site, Story
from ..names import slugify


@dataclass(frozen=True)
class SlugTable:
    """Names of one kind mapped to unique slugs."""

    slugs: dict[str, str]
    warnings: tuple[SourceError, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()  # (name, slug) where the slug is not the name's own (a clash)

    def __getitem__(self, name: str) -> str:
        return self.slugs[name]


def assign_slugs(kind: str, names: Iterable[str], where: dict[str, str] | None = None) -> SlugTable:
    """Slugs for names, in sorted order so the same content always gives the same slugs."""
    slugs: dict[str, str] = {}
    taken: dict[str, str] = {}
    warnings = []
    renamed = []
    for name in sorted(set(names)):
        base = slugify(name)
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        if slug != base:
            # Drivers, tracks and teams have entity files whose aliases join spellings; makes do not.
            hint = (f"if they are one {kind}, spell it the same way in every recap" if kind == "make"
                    else f"if they are one {kind}, add an alias in {kind}s/{base}.md in the content folder")
            warnings.append(SourceError(
                (where or {}).get(name, "content"), None, kind,
                f"'{name}' and '{taken[base]}' share the URL name '{base}'; '{name}' gets '{slug}'", hint, "warning"))
            renamed.append((name, slug))
        taken[slug] = name
        slugs[name] = slug
    return SlugTable(slugs, tuple(warnings), tuple(renamed))


@dataclass(frozen=True)
class Index:
    """Slugs for every entity and the races of each season in round order."""

    drivers: SlugTable
    tracks: SlugTable
    teams: SlugTable
    makes: SlugTable
    seasons: dict[tuple[str, int], tuple[Race, ...]] = field(default_factory=dict)
    driver_races: dict[str, tuple[tuple[Race, Result], ...]] = field(default_factory=dict)  # newest first
    team_races: dict[str, tuple[tuple[Race, Result], ...]] = field(default_factory=dict)
    make_races: dict[str, tuple[tuple[Race, Result], ...]] = field(default_factory=dict)
    track_races: dict[str, tuple[Race, ...]] = field(default_factory=dict)  # oldest first
    positions: dict[RaceKey, int] = field(default_factory=dict)  # race key -> place in its season
    stories: dict[RaceKey, tuple[Story, ...]] = field(default_factory=dict)  # each race's, in publish order
    driver_stories: dict[str, tuple[Story, ...]] = field(default_factory=dict)  # the stories of each driver's races,
    # newest first (`newest_first`)
    driver_upcoming: dict[str, tuple[Race, ...]] = field(default_factory=dict)  # races not run yet he qualified for

    @property
    def warnings(self) -> list[SourceError]:
        return [w for table in (self.drivers, self.tracks, self.teams, self.makes) for w in table.warnings]

    def neighbours(self, race: Race) -> tuple[Race | None, Race | None]:
        """The previous and next race of the same series season."""
        rounds = self.seasons[(race.series, race.season)]
        at = self.positions[race.key]
        return (rounds[at - 1] if at > 0 else None, rounds[at + 1] if at + 1 < len(rounds) else None)


def build_index(site: Site) -> Index:
    first_seen: dict[str, str] = {}
    drivers: set[str] = set()
    tracks: set[str] = set()
    teams: set[str] = set()
    makes: set[str] = set()
    seasons: dict[tuple[str, int], list[Race]] = defaultdict(list)
    by_driver: dict[str, list[tuple[Race, Result]]] = defaultdict(list)
    by_team: dict[str, list[tuple[Race, Result]]] = defaultdict(list)
    by_make: dict[str, list[tuple[Race, Result]]] = defaultdict(list)
    by_track: dict[str, list[Race]] = defaultdict(list)
    upcoming: dict[str, list[Race]] = defaultdict(list)
    for race in site.races:
        tracks.add(race.track)
        by_track[race.track].append(race)
        seasons[(race.series, race.season)].append(race)
        for result in race.results:  # (the longest loop of all: ~180k rows on a long history, kept lean)
            pair = (race, result)
            driver, team, make = result.driver, result.team, result.make
            if driver not in by_driver:
                first_seen[driver] = race.source
            by_driver[driver].append(pair)
            if team:
                by_team[team].append(pair)
            if make:
                by_make[make].append(pair)
        for qualifier in race.qualifying:
            drivers.add(qualifier.driver)
            if not race.results:
                upcoming[qualifier.driver].append(race)
        for stage in race.stages:
            drivers.update(stage.top)
        for penalty in race.penalties:
            drivers.add(penalty.driver)
    drivers.update(by_driver)
    teams.update(by_team)
    makes.update(by_make)
    for entity in site.entities:
        {"driver": drivers, "track": tracks, "team": teams}[entity.kind].add(entity.name)
    in_order = {key: tuple(sorted(races, key=lambda r: (r.round, r.number))) for key, races in sorted(seasons.items())}
    return Index(
        drivers=assign_slugs("driver", drivers, first_seen),
        tracks=assign_slugs("track", tracks, {name: rows[0].source for name, rows in by_track.items()}),
        teams=assign_slugs("team", teams, {name: rows[0][0].source for name, rows in by_team.items()}),
        makes=assign_slugs("make", makes, {name: rows[0][0].source for name, rows in by_make.items()}),
        seasons=in_order,
        driver_races={name: tuple(reversed(rows)) for name, rows in by_driver.items()},
        team_races={name: tuple(reversed(rows)) for name, rows in by_team.items()},
        make_races={name: tuple(reversed(rows)) for name, rows in by_make.items()},
        track_races={name: tuple(rows) for name, rows in by_track.items()},
        positions={race.key: at for rounds in in_order.values() for at, race in enumerate(rounds)},
        driver_upcoming={name: tuple(races) for name, races in upcoming.items()},
        **story_index(site),
    )


def update_index(last: Index, then: Sequence[Race], site: Site) -> Index | None:
    """`last` (the index of races read from the data of `then`, under the same config and entity files) with each
    race that is now another object put in place of the one it lists, when every race keeps its place and names;
    None when not (a race added, moved or renamed, a driver, team or track changed: `build_index` then). Equal to
    `build_index(site)`; every list holding no edited race stays the same object, so what is made from it can be
    known unchanged by identity (the live preview: an edit to one race's numbers)."""
    races = site.races
    if len(then) != len(races) or any(a is not b and a.key != b.key for a, b in zip(then, races)):
        return None
    listed = {race.key: race for rounds in last.seasons.values() for race in rounds}  # (the objects it lists:
    # a story's edit keeps the index of races with the same data, merged again as other objects)
    if len(listed) != len(races) or any(race.key not in listed for race in races):
        return None
    swaps = [(old, new) for new in races if (old := listed[new.key]) is not new]
    if any(_names(old) != _names(new) for old, new in swaps):
        return None
    race_of = {id(old): new for old, new in swaps}
    pair_of: dict[int, tuple[Race, Result]] = {}  # an old row's id -> the new (race, row) pair, made once
    named: tuple[dict[str, set[int]], ...] = ({}, {}, {})  # driver, team, make -> the ids of their edited races
    for old, new in swaps:
        for was, now in zip(old.results, new.results):
            pair_of[id(was)] = (new, now)
            for table, name in zip(named, (now.driver, now.team, now.make)):
                if name:
                    table.setdefault(name, set()).add(id(old))

    place = {race.key: -at for at, race in enumerate(races)}  # (a name's entries run from the last race back)
    edited = {id(old): place[old.key] for old, _ in swaps}

    def entries(table: dict[str, tuple[tuple[Race, Result], ...]], names: dict[str, set[int]]
                ) -> dict[str, tuple[tuple[Race, Result], ...]]:
        """`table` with each name's entries of an edited race swapped (found by bisection: a make lists ~100k
        entries; a race's entries stand together)."""
        found = dict(table)
        for name, races_of_name in names.items():
            rows = table[name]
            swapped = list(rows)
            for race in races_of_name:
                at = bisect_left(rows, edited[race], key=lambda pair: place[pair[0].key])
                while at < len(rows) and id(rows[at][0]) == race:
                    swapped[at] = pair_of[id(rows[at][1])]
                    at += 1
            found[name] = tuple(swapped)
        return found

    def races_in(table: dict[Any, tuple[Race, ...]], keys: Iterable[Any]) -> dict[Any, tuple[Race, ...]]:
        found = dict(table)
        for key in keys:
            if key in found:
                found[key] = tuple(race_of.get(id(race), race) for race in found[key])
        return found

    changed = [new for _, new in swaps]
    return replace(
        last,
        seasons=races_in(last.seasons, {(race.series, race.season) for race in changed}),
        driver_races=entries(last.driver_races, named[0]),
        team_races=entries(last.team_races, named[1]),
        make_races=entries(last.make_races, named[2]),
        track_races=races_in(last.track_races, {race.track for race in changed}),
        driver_upcoming=races_in(last.driver_upcoming, {q.driver for race in changed for q in race.qualifying}),
        **story_index(site),
    )


def _names(race: Race) -> tuple[object, ...]:
    """What of a race the index is made from besides its numbers: its key, file, track, every name in it, and
    whether it has results."""
    return (race.key, race.source, race.track, bool(race.results),
            tuple((row.driver, row.team, row.make) for row in race.results),
            tuple(q.driver for q in race.qualifying), tuple(stage.top for stage in race.stages),
            tuple(penalty.driver for penalty in race.penalties))


def story_index(site: Site, last: tuple[Sequence[Story], Index] | None = None) -> dict[str, Any]:
    """The stories of each race and of each driver's races, newest first as lists and feeds order them (by
    publish date, then the race, then the file): the `Index` fields about stories.

    `last`: the stories an index of races with the same names was made from, and that index (the live preview's
    text edit): when every story keeps its file, race and date, its lists are kept with each edited story put in
    place of the one it replaces."""
    if last is not None and (kept := _swapped(site.stories, *last)) is not None:
        return kept
    stories: dict[RaceKey, list[Story]] = defaultdict(list)
    for story in site.stories:
        stories[story.race].append(story)
    drivers = {race.key: tuple(dict.fromkeys(result.driver for result in race.results))
               for race in site.races if race.key in stories}
    found: dict[str, list[Story]] = defaultdict(list)
    for story in sorted(site.stories, key=newest_first, reverse=True):
        for name in drivers.get(story.race, ()):
            found[name].append(story)
    return {"stories": {key: tuple(told) for key, told in stories.items()},
            "driver_stories": {name: tuple(mine) for name, mine in found.items()}}


def _swapped(now: Sequence[Story], then: Sequence[Story], index: Index) -> dict[str, Any] | None:
    """`index`'s story lists with the stories of `now` in place of those of `then`, when each keeps its place."""
    if len(now) != len(then) or any(a is not b and (a.source, a.race, a.published) != (b.source, b.race, b.published)
                                    for a, b in zip(now, then)):
        return None
    swaps = {id(old): new for old, new in zip(then, now) if old is not new}
    stories, driver_stories = dict(index.stories), dict(index.driver_stories)
    for key in {story.race for story in swaps.values()}:
        stories[key] = tuple(swaps.get(id(story), story) for story in stories[key])
        at = index.positions.get(key)
        race = index.seasons[(key.series, key.season)][at] if at is not None else None
        for name in dict.fromkeys(row.driver for row in (race.results if race is not None else ())):
            driver_stories[name] = tuple(swaps.get(id(story), story) for story in driver_stories[name])
    return {"stories": stories, "driver_stories": driver_stories}


def newest_first(story: Story) -> tuple[object, ...]:
    """The order of stories in lists and feeds (reversed): publish date, series, season, round, file."""
    return story.published, story.race.series, story.race.season, story.race.round, story.source
