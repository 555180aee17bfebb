"""The names a site knows, indexed for reading prose: `NameIndex`.

Owns how a name's words are read (`name_words`, `clean_word`: possessives, suffixes and initials) and the index
built once per build from the site's races and entity files: canonical names, aliases, last names, each series'
drivers, track names, and a one-edit index of the names' words. Must not read prose (`names.find_names` does) or
files.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from operator import attrgetter

from english_words import get_english_words_set  # type: ignore[import-untyped]

from ..model import EntityInfo, Race, Series
from ..names import fold

WORD = re.compile(r"[^\W\d_][\w.'’-]*")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})
MIN_LENGTH = 4  # shorter words are not checked for near misses
_DRIVER, _TEAM, _MAKE = attrgetter("driver"), attrgetter("team"), attrgetter("make")


@dataclass(frozen=True)
class Name:
    kind: str  # "driver", "team" or "track"
    canonical: str


def clean_word(word: str) -> str:
    """A word without a possessive or a sentence's full stop: "Allgaier’s" -> "Allgaier"."""
    for tail in ("'s", "’s", "'", "’"):
        if word.endswith(tail) and len(word) > len(tail):
            word = word[: -len(tail)]
            break
    if word.endswith(".") and not (len(word) == 2 or word[:-1].lower() in _SUFFIXES or "." in word[:-1]):
        word = word[:-1]
    return word.rstrip("-'’")


def name_words(name: str) -> list[str]:
    """The words of a name or phrase, without possessives or a parenthesis ("Jason White (Virginia)" -> 2)."""
    return [clean_word(w) for w in WORD.findall(re.sub(r"\([^)]*\)", " ", name).replace("&", " and "))]


def without_accents(text: str) -> str:
    """The text with its accents taken off: "Suárez" -> "Suarez"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@dataclass(frozen=True)
class NameIndex:
    """The names a site knows, indexed for reading prose. Build once per build with `NameIndex.of`."""

    phrases: dict[str, tuple[Name, ...]]  # the folded words of a full name or alias, joined -> names
    surnames: dict[str, tuple[str, ...]]  # a folded last name -> drivers
    starters: frozenset[str]  # folded first words of phrases and last names
    longest: int
    spellings: dict[str, tuple[str, ...]]  # canonical name -> its words as written
    tokens: dict[str, tuple[Name, ...]]  # a folded word of any name -> the names using it
    one_edit: dict[str, tuple[str, ...]]  # a folded name word with one letter deleted (or none) -> the words
    series_drivers: dict[str, frozenset[str]]
    known_words: frozenset[str]  # folded words that are not names but not typos either (makes, series, races)
    tracks: dict[str, tuple[tuple[str, ...], ...]]  # track -> the folded words of its name and of each alias
    english: frozenset[str] = field(repr=False)
    digest: str = ""  # a hash of everything the index was made from: equal digests, equal indexes
    track_parts: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict, repr=False)  # words in a row ->
    # the tracks whose name or an alias is exactly them (first) or holds them
    made_from: tuple[tuple[Race, ...], tuple[EntityInfo, ...], tuple[Series, ...]] = \
        field(default=((), (), ()), repr=False, compare=False)  # the races, entities and series it was made from

    @staticmethod
    def of(races: Iterable[Race], entities: Iterable[EntityInfo] = (), series: Iterable[Series] = (),
           english: Iterable[str] | None = None, last: NameIndex | None = None) -> NameIndex:
        """The index of every driver, team and track in `races` and the entity files (with their aliases); `last`
        as it is when made from the same names (an edit to a race's numbers: only the races that are not the
        objects `last` was made from are compared with those, by their names)."""
        races, entities, series = tuple(races), tuple(entities), tuple(series)
        if last is not None and english is None and last.made_from[1:] == (entities, series) \
                and _same_names(races, last.made_from[0]):
            return replace(last, made_from=(races, entities, series))
        spelled: dict[Name, set[str]] = {}
        by_series: dict[str, set[str]] = {}
        known: set[str] = set()
        teams: set[str | None] = set()
        makes: set[str | None] = set()
        tracks = set()
        race_names = set()
        for race in races:
            drivers = by_series.setdefault(race.series, set())
            tracks.add(race.track)
            race_names.add(race.name)
            drivers.update(map(_DRIVER, race.results))  # C-level loops: 180,000 rows in the whole history
            teams.update(map(_TEAM, race.results))
            makes.update(map(_MAKE, race.results))
        for kind, names in (("driver", set().union(*by_series.values())), ("team", teams), ("track", tracks)):
            spelled.update((Name(kind, n), set()) for n in names if n)
        known.update(fold(w) for text in race_names | {m for m in makes if m} for w in name_words(text))
        for entity in entities:
            spelled.setdefault(Name(entity.kind, entity.name), set()).update(entity.aliases)
        made_from = (sorted((slug, sorted(d for d in found if d)) for slug, found in by_series.items()),
                     *(sorted(str(n) for n in names if n) for names in (teams, makes, tracks, race_names)),
                     sorted((e.kind, e.name, e.aliases) for e in entities),
                     [(s.slug, s.name, s.short_name) for s in series])
        digest = hashlib.blake2b(repr(made_from).encode(), digest_size=16).hexdigest()
        if last is not None and english is None and last.digest == digest:
            return replace(last, made_from=(races, entities, series))
        for s in series:
            known.update(fold(w) for text in (s.name, s.short_name, s.slug) for w in name_words(text))
        split: dict[str, list[str]] = {}

        def folded(text: str) -> list[str]:
            if text not in split:
                split[text] = [fold(w) for w in name_words(text)]
            return split[text]

        phrases: dict[str, list[Name]] = {}
        surnames: dict[str, set[str]] = {}
        tokens: dict[str, set[Name]] = {}
        spellings = {}
        for name, aliases in spelled.items():
            spellings[name.canonical] = tuple(name_words(name.canonical))
            for text in (name.canonical, *sorted(aliases)):
                words = folded(text)
                if not words:
                    continue
                phrases.setdefault("".join(words), []).append(name)
                for word in words:
                    tokens.setdefault(word, set()).add(name)
                plain = [w for w in words if w not in _SUFFIXES]
                if name.kind == "driver" and len(plain) > 1:
                    surnames.setdefault(plain[-1], set()).add(name.canonical)
        one_edit: dict[str, set[str]] = {}
        for word in tokens:
            if len(word) >= MIN_LENGTH:
                for variant in {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}:
                    one_edit.setdefault(variant, set()).add(word)
        starters = frozenset(surnames.keys() | {split[t][0] for t in _all_texts(spelled) if split.get(t)})
        return NameIndex(
            phrases={k: tuple(sorted(set(v), key=lambda n: (n.kind, n.canonical))) for k, v in phrases.items()},
            surnames={k: tuple(sorted(v)) for k, v in surnames.items()}, starters=starters,
            longest=max((len(w) for w in split.values()), default=1), spellings=spellings,
            tokens={k: tuple(sorted(v, key=lambda n: (n.kind, n.canonical))) for k, v in tokens.items()},
            one_edit={k: tuple(sorted(v)) for k, v in one_edit.items()},
            series_drivers={k: frozenset(v) for k, v in by_series.items()},
            known_words=frozenset(known - tokens.keys()),
            tracks={n.canonical: tuple(tuple(folded(t)) for t in (n.canonical, *sorted(a)))
                    for n, a in spelled.items() if n.kind == "track"},
            english=frozenset(english if english is not None else get_english_words_set(["gcide"], alpha=True,
                                                                                          lower=True)),
            digest=digest, made_from=(races, entities, series),
            track_parts=_track_parts({n.canonical: [tuple(folded(t)) for t in (n.canonical, *a)]
                                      for n, a in spelled.items() if n.kind == "track"}))

    def tracks_named(self, words: list[str]) -> set[str]:
        """The tracks whose name or an alias holds these folded words in a row: ["charlotte"] -> both Charlotte
        tracks."""
        return set(self.track_parts.get(tuple(words), ()))


def _names_of(race: Race) -> tuple[object, ...]:
    """What the index takes from a race."""
    return (race.series, race.track, race.name, {r.driver for r in race.results}, {r.team for r in race.results},
            {r.make for r in race.results})


def _same_names(races: tuple[Race, ...], then: tuple[Race, ...]) -> bool:
    """Whether `races` name the same drivers, teams, makes, tracks and races as `then`, race by race (a race that is
    the same object is not looked into)."""
    return len(races) == len(then) and all(
        now is old or _names_of(now) == _names_of(old) for now, old in zip(races, then))


def _track_parts(tracks: dict[str, list[tuple[str, ...]]]) -> dict[tuple[str, ...], frozenset[str]]:
    """Every run of words in a row of a track's name or alias -> the tracks it names: those named exactly so when
    there are any ("Indianapolis Motor Speedway" is that track, not also its road course), else all holding it."""
    exact: dict[tuple[str, ...], set[str]] = {}
    held: dict[tuple[str, ...], set[str]] = {}
    for track, names in tracks.items():
        for name in names:
            exact.setdefault(name, set()).add(track)
            for i in range(len(name)):
                for j in range(i + 1, len(name) + 1):
                    held.setdefault(name[i:j], set()).add(track)
    return {part: frozenset(exact.get(part) or found) for part, found in held.items()}


def _all_texts(spelled: dict[Name, set[str]]) -> Iterable[str]:
    for name, aliases in spelled.items():
        yield name.canonical
        yield from aliases
