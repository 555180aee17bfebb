"""From the parts every file gives to races and stories: the rules across files and across a results table.

Owns merging a race's data from its files (each field given once: two files giving it is an error naming both),
the race's required fields, the results table as a whole (positions, car numbers, laps, laps led), qualifying
speeds against the track length, stages read from the results' columns, and turning each file's story into a
`Story` with its defaults (title, publish date, URL name). Must not read files, compute stats or render.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from .errors import Problems
from .model import QualifyingEntry, Race, RaceKey, Result, Stage, Story
from .names import slugify
from .parts import Lookups, Part
from .schema import RACE

SPEED_TOLERANCE = 0.001  # a stated speed more than 0.1% from the derived one is flagged
REQUIRED = tuple(f for f in RACE if f.required)


def merge(parts: Sequence[Part], lookups: Lookups, problems: Problems) -> tuple[list[Race], list[Story]]:
    """Races and stories from every file's part; problems reported, races with errors left out."""
    by_race: dict[RaceKey, list[Part]] = defaultdict(list)
    for part in sorted(parts, key=lambda p: p.source):
        by_race[part.key].append(part)
    races, stories = [], []
    for key, mine in by_race.items():
        digest = hashlib.blake2b("".join(p.data_digest for p in mine).encode(), digest_size=16).hexdigest()
        race = _race(key, mine, digest, lookups, problems)
        if race is not None:
            races.append(race)
            stories += _stories(race, [part for part in mine if part.story is not None])
    return races, stories


def _race(key: RaceKey, parts: list[Part], digest: str, lookups: Lookups, problems: Problems) -> Race | None:
    """A race merged from its parts; None after reporting why it cannot be made. Every check runs, whatever
    else is wrong, so a writer sees every problem at once."""
    values: dict[str, Any] = {}
    where: dict[str, tuple[str, int]] = {}
    whole = not any(part.broken for part in parts)  # (a broken field may be one of those required below)
    ok = whole
    for part in parts:
        clashes: dict[str, list[tuple[str, int, int]]] = {}  # other file -> (field, its line, this file's line)
        for name, given in part.given.items():
            if name in where:
                other, line = where[name]
                clashes.setdefault(other, []).append((name, line, given.line))
            else:
                values[name], where[name] = given.value, (part.source, given.line)
        for other, fields in clashes.items():
            _clash(key, part.source, other, fields, problems)
            ok = False
    first = parts[0]
    if whole:
        for f in REQUIRED:
            if f.name not in values:
                problems.error(first.source, first.key_line, f.name,
                               f"is required: no file of {key.label} gives it", f.doc)
                ok = False
    results: tuple[Result, ...] = values.get("results", ())
    laps: int | None = values.get("laps")
    laps_run: int | None = values.get("laps_run", laps)
    results_source = next((p.results_source or p.source for p in parts if "results" in p.given), first.source)
    if "date" in values and values["date"].year != key.season:
        source, line = where["date"]
        problems.warn(source, line, "date", f"{values['date'].isoformat()} is not in the {key.season} season",
                      "check the date or the season; a season that spans two years can ignore this")
    if results and not any(part.lenient for part in parts):
        table_line = where["results"][1] if results_source == where["results"][0] else 1
        ok = check_results(results, results_source, table_line, laps_run, problems) and ok
    track = str(values.get("track", ""))
    track_length = values.get("track_length") or lookups.track_lengths.get(track)
    if "qualifying" in values:
        _check_speeds(values["qualifying"], where["qualifying"][0], track_length, problems)
    if not ok:
        return None
    if not results:
        for part in parts:
            if part.story is not None and part.story.kind == "recap":
                problems.warn(part.source, part.results_line or part.key_line, "results",
                              f"this recap's race has no results yet: its page shows {key.label} as upcoming",
                              "add the results (in this file or another of the race's), or set `kind: preview` "
                              "if the race has not been run")
    named = next((p for p in parts if "name" in p.given), first)
    return Race(
        series=key.series, season=key.season, round=key.round, number=key.number,
        session=values.get("session", "race"), fastest_lap=values.get("fastest_lap"), date=values["date"],
        name=values["name"],
        track=track, laps=laps, laps_run=laps_run, lineup=values.get("lineup", "qualifying"), results=results,
        source=named.source, results_source=results_source, qualifying=values.get("qualifying", ()),
        stages=values.get("stages") or stages_from_results(results), penalties=values.get("penalties", ()),
        cautions=values.get("cautions"), caution_laps=values.get("caution_laps"),
        lead_changes=values.get("lead_changes"), leaders=values.get("leaders"), margin=values.get("margin"),
        track_length=track_length, draft=all(part.draft for part in parts), round_line=named.key_line,
        extra=values.get("extra") or {}, digest=digest)


def _clash(key: RaceKey, source: str, other: str, fields: list[tuple[str, int, int]], problems: Problems) -> None:
    """One error for the fields a file gives that another file of the same race already gave."""
    names = [name for name, _, _ in fields]
    lines = [str(line) for _, line, _ in fields]
    shown = lines[0] if len(lines) == 1 else ", ".join(lines[:-1]) + " and " + lines[-1]
    problems.error(source, fields[0][2], ", ".join(names),
                   f"{key.label} already has {'this' if len(names) == 1 else 'these'} "
                   f"from {other}, line{'' if len(fields) == 1 else 's'} {shown}",
                   "give each of a race's fields in one file: its data in one, and each story in its own; a "
                   "second race in the same round says `race: 2`")


def _stories(race: Race, parts: Iterable[Part]) -> list[Story]:
    """Each part's story, its defaults taken from the race: title (its name), publish date (its day), URL name
    (its kind; the kind and title for a second story of a kind, in publish order)."""
    made: list[Story] = []
    taken: set[str] = set()
    ordered = sorted(parts, key=lambda part: (part.story.published or race.date if part.story else race.date,
                                              part.source))
    for part in ordered:
        story = part.story
        assert story is not None
        title = story.title or race.name
        slug = story.slug or story.kind
        if slug in taken:
            slug = f"{story.kind}-{slugify(title)}"
        n = 1
        while slug in taken:
            n += 1
            slug = f"{story.kind}-{slugify(title)}-{n}"
        taken.add(slug)
        made.append(Story(part.source, race.key, story.kind, title, story.summary, story.author,
                          story.published or race.date, part.draft, story.body, story.body_line, slug,
                          part.story_digest))
    return made


def stages_from_results(results: tuple[Result, ...]) -> tuple[Stage, ...]:
    """Stage top 10s from the results' s1, s2, s3 columns (when no `stages:` block gives them)."""
    count = max((len(r.stages) for r in results), default=0)
    stages = []
    for number in range(1, count + 1):
        placed = sorted((r.stages[number - 1], r.driver) for r in results
                        if len(r.stages) >= number and r.stages[number - 1] is not None)
        stages.append(Stage(number, None, tuple(driver for _, driver in placed[:10])))
    return tuple(stages)


def _check_speeds(qualifying: Iterable[QualifyingEntry], path: str, track_length: float | None,
                  problems: Problems) -> None:
    if not track_length:
        return
    for index, entry in enumerate(qualifying, 1):
        time, speed = entry.time, entry.speed
        if time and speed:
            derived = track_length / time * 3600
            if abs(derived - speed) > SPEED_TOLERANCE * derived:
                problems.warn(path, entry.line, f"qualifying[{index}].speed",
                              f"{speed:g} mph disagrees with {derived:.3f} mph from {time:g} s on a "
                              f"{track_length:g}-mile track", "check the time or the speed")


def check_results(rows: Sequence[Result], path: str, table_line: int, laps_run: int | None,
                  problems: Problems) -> bool:
    """The results table as a whole: each position and car once, no gaps, nobody twice, laps within the race and
    in finishing order. Returns whether it passed."""
    before = len(problems.errors)
    _unique(rows, "fin", "finishing position", path, problems)
    _unique(rows, "st", "starting position", path, problems)
    _unique(rows, "car", "car number", path, problems)
    positions = {r.fin for r in rows}
    missing = [p for p in range(1, len(rows) + 1) if p not in positions]
    if missing and len(positions) == len(rows):
        problems.error(path, table_line, "results", f"finishing positions skip {_listing(missing)}",
                       f"{len(rows)} cars should finish 1 to {len(rows)}")
    drivers = Counter(r.driver for r in rows)
    for row in rows:
        if drivers[row.driver] > 1:
            first = next(r for r in rows if r.driver == row.driver)
            if first is not row:
                problems.error(path, row.line, "driver", f"'{row.driver}' is listed twice (also line {first.line})")
        if laps_run is not None and row.laps is not None and row.laps > laps_run:
            problems.error(path, row.line, "laps", f"{row.laps} laps completed, but the race ran {laps_run}",
                           "set laps_run if the race went past its scheduled distance")
        if laps_run is not None and row.led is not None and row.led > laps_run:
            problems.error(path, row.line, "led", f"{row.led} laps led, but the race ran {laps_run}")
    led_total = sum(r.led or 0 for r in rows)
    if laps_run is not None and led_total > laps_run:
        problems.error(path, table_line, "led", f"laps led add up to {led_total}, more than the {laps_run} laps run")
    ranked = [r for r in rows if r.laps is not None and "disqualified" not in r.status]
    for higher, lower in itertools.pairwise(ranked):
        if lower.laps is not None and higher.laps is not None and lower.laps > higher.laps:
            problems.error(path, higher.line, "laps",
                           f"P{higher.fin} completed {higher.laps} laps, fewer than P{lower.fin} "
                           f"({lower.driver}, {lower.laps} laps) behind it",
                           "finishing order follows laps completed; check the positions or the laps")
    return len(problems.errors) == before


def _unique(rows: Sequence[Result], attr: str, what: str, path: str, problems: Problems) -> None:
    seen: dict[object, Result] = {}
    for row in rows:
        value = getattr(row, attr)
        if value is None:
            continue
        if value in seen:
            shown = f'"{value}"' if isinstance(value, str) else str(value)
            problems.error(path, row.line, attr, f"{what} {shown} is given twice (also line {seen[value].line})")
        else:
            seen[value] = row


def _listing(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:5])
    return shown + (f" and {len(numbers) - 5} more" if len(numbers) > 5 else "")
