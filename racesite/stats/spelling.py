"""Near-miss names: a driver spelled 'Allgiaer' once when 'Allgaier' races every week.

Owns the warning, with the suggestion, for a rarely seen name close to a
better-known one. Names are compared only within a shared word (first or last
name), so the check stays fast on thousands of drivers. Must not change names:
aliases in entity files do that.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from ..errors import SourceError
from ..model import Race, Result
from ..names import fold, slugify

RARE = 2  # a name seen in at most this many races may be a typo
CUTOFF = 0.88


def near_misses(races: Iterable[Race], known: Iterable[str], counts: Counter[str] | None = None
                ) -> dict[str, tuple[str, int]]:
    """Driver names that look like a typo of a more common (or entity-file) name: name -> (the likelier name,
    the number of results rows naming it).

    Depends only on how many results rows name each driver (`name_counts`; `counts` when already counted) and
    on `known`, so an edit that keeps every race's names keeps these."""
    seen = counts if counts is not None else _seen(races)
    trusted = set(known)
    slugs = {name: slugify(name) for name in seen.keys() | trusted}  # (each name's, once)
    folded = {name: slug.replace("-", "") for name, slug in slugs.items()}
    by_word: dict[str, list[str]] = defaultdict(list)
    for name, slug in slugs.items():  # a driver file's name is a candidate even before its first start
        for word in set(slug.split("-")):
            by_word[word].append(name)
    near: dict[str, tuple[str, int]] = {}
    for name, count in sorted(seen.items()):
        if count > RARE or name in trusted:
            continue
        candidates = {other for word in set(slugs[name].split("-")) for other in by_word[word]
                      if other != name and (seen[other] > 2 * count or other in trusted)}
        best = _closest(name, candidates, folded)
        if best is not None:
            near[name] = (best, count)
    return near


def near_miss_warnings(races: Iterable[Race], known: Iterable[str], near: dict[str, tuple[str, int]],
                       rows: Mapping[str, Sequence[tuple[Race, Result]]]) -> list[SourceError]:
    """The warnings for `near` (from `near_misses`), each at the name's first results row, and for names outside
    a race's results that are near misses of a driver in them. `rows`: each driver's (race, row) entries, the
    last one first in race order (`Index.driver_races`)."""
    warnings = []
    for name, (best, count) in near.items():
        race, first = rows[name][-1]
        warnings.append(SourceError(race.results_source, first.line, "driver", f"'{name}' appears in {count} race(s)",
                                    f"did you mean '{best}'?", "warning"))
    return warnings + _outside_results(races, set(known))


def name_counts(races: Sequence[Race], last: tuple[Sequence[Race], Counter[str]] | None = None) -> Counter[str]:
    """How many results rows name each driver: all `near_misses` looks at besides the known names. `last`: earlier
    races and their counts (the live preview's last build): only the races that are not the same objects are
    counted, out or in."""
    if last is None:
        return _seen(races)
    then, counts = last
    now, before = set(map(id, races)), set(map(id, then))
    found = Counter(counts)
    found.subtract(_seen(race for race in then if id(race) not in now))
    found.update(_seen(race for race in races if id(race) not in before))
    return +found  # (without the names no row names any more)


def _seen(races: Iterable[Race]) -> Counter[str]:
    seen: Counter[str] = Counter()
    for race in races:
        seen.update([result.driver for result in race.results])
    return seen


def _closest(name: str, candidates: Iterable[str], folded: Mapping[str, str] | None = None) -> str | None:
    """The candidate most like `name` (case, accents and dots ignored), if close enough and not the same.
    `folded`: names already folded (`names.fold`)."""
    known = folded or {}
    best, best_ratio = None, CUTOFF
    key = known.get(name) or fold(name)
    matcher = difflib.SequenceMatcher(None, b=key)  # reused: it indexes `key` once
    for other in sorted(candidates):
        matcher.set_seq1(known.get(other) or fold(other))
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue  # cheap upper bounds already rule it out
        ratio = matcher.ratio()
        if ratio >= best_ratio and ratio < 1.0 and (best is None or ratio > best_ratio):
            best, best_ratio = other, ratio
    return best


def _outside_results(races: Iterable[Race], trusted: set[str]) -> list[SourceError]:
    """A name in a race's qualifying, stages or penalties that is a near miss of a driver in its results.

    Without this a typo there ('Justin Allgiaer' in a stage's top 10) would
    silently become a driver page of its own with no starts.
    """
    warnings = []
    for race in races:
        if not (race.qualifying or race.stages or race.penalties):
            continue
        drivers = {r.driver for r in race.results}
        named = [("qualifying", q.driver, q.line or None) for q in race.qualifying]
        named += [("stages", d, line or None) for stage in race.stages
                  for d, line in zip(stage.top, stage.top_lines or (0,) * len(stage.top))]
        named += [("penalties", p.driver, p.line or None) for p in race.penalties]
        done: set[str] = set()
        for fld, name, line in named:
            if name in drivers or name in trusted or name in done:
                continue
            done.add(name)
            best = _closest(name, drivers)
            if best is not None:
                warnings.append(SourceError(race.source, line, fld, f"'{name}' is not in this race's results",
                                            f"did you mean '{best}'?", "warning"))
    return warnings
