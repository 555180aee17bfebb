"""A page's fingerprint: each of its declared inputs hashed, and what every page may use.

Owns how an input becomes text to hash: a race, a story or a list item by its digest (the hash of what it was read
from, or of what a list shows of it), a page's (race, row) entries by what a page may show of each row
(`EntryHashes`, after `stats.entities.entry_texts`), anything else by its repr; the templates a page renders, hashed
with those they extend, include and import; and the basis every page shares (code, options, config, entity files,
URL names that are not a name's plain slug). Must not read or write the cache, or decide what is kept: that is
`plan`'s.
"""

from __future__ import annotations

import dataclasses
import hashlib
import operator
import os
from collections.abc import Callable, Iterable
from itertools import compress
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta

from .cache import digest
from .model import Race, Result, Site
from .stats import Stats
from .stats.entities import entry_texts


def hash_parts(*parts: object) -> str:
    """A hash of plain values and dataclasses by their repr (pickle's bytes depend on object identity)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


class EntryHashes:
    """What a page may show of each results entry (`stats.entities.entry_texts`), hashed: by the id of the entry's
    (race, row) pair, which the index makes once and every page listing the entry shares, and by race. The pairs
    and races are kept here, so an id is only ever its object's while its hash is known; a race merged again is a
    new object, with hashes of its own.

    A race's rows' hashes are also kept by the race's digest (`stored`: the hash of everything it was read from),
    which the plan keeps on disk between builds: a new process hashes the rows of changed races only. Hashes made
    in a worker process are handed back with `learned()` and taken with `learn()`."""

    def __init__(self, stored: dict[str, bytes] | None = None) -> None:
        self.by_pair: dict[int, bytes] = {}
        self.pairs: list[tuple[Race, Result]] = []
        self.by_race: dict[int, tuple[Race, dict[int, bytes]]] = {}
        self.stored: dict[str, bytes] = stored if stored is not None else {}  # race digest -> its rows' hashes
        self.fresh: dict[str, bytes] = {}  # hashed in this process since `learned()` last handed them over

    def joined(self, entries: tuple[tuple[Race, Result], ...]) -> str:
        """The hash of the entries' hashes, in order (looked up in C: a long history has ~500k entries over its
        pages)."""
        try:
            found = b"".join(map(self.by_pair.__getitem__, map(id, entries)))
        except KeyError:
            for pair in entries:
                if id(pair) not in self.by_pair:
                    self.by_pair[id(pair)] = self.of(*pair)
                    self.pairs.append(pair)
            found = b"".join(map(self.by_pair.__getitem__, map(id, entries)))
        return hashlib.blake2b(found, digest_size=16).hexdigest()

    def keep_only(self, races: Iterable[Race]) -> None:
        """Forget every pair, and the races not among `races` (a long-running process: what it keeps stays the
        size of one build's)."""
        self.by_pair, self.pairs = {}, []
        current = {id(race): race.digest for race in races}
        self.by_race = {at: known for at, known in self.by_race.items() if at in current}
        digests = set(current.values())
        self.stored = {key: value for key, value in self.stored.items() if key in digests}

    def of(self, race: Race, row: Result) -> bytes:
        """The hash of what a page may show of one of the race's rows."""
        known = self.by_race.get(id(race))
        if known is None:
            joined = self.rows_of(race)
            known = self.by_race[id(race)] = (race, {id(each): joined[at:at + 16]
                                                     for at, each in zip(range(0, len(joined), 16), race.results)})
        return known[1][id(row)]

    def rows_of(self, race: Race) -> bytes:
        """The hashes of the race's rows, 16 bytes each, in order: as kept by its digest, else made now."""
        kept = self.stored.get(race.digest) if race.digest else None
        if kept is None or len(kept) != 16 * len(race.results):
            kept = b"".join([hashlib.blake2b(shown.encode(), digest_size=16).digest()
                             for _, shown in entry_texts(race)])
            if race.digest:
                self.stored[race.digest] = self.fresh[race.digest] = kept
        return kept

    def learned(self) -> dict[str, bytes]:
        """The races' hashes made here since the last call (a worker hands them to its parent)."""
        found, self.fresh = self.fresh, {}
        return found

    def learn(self, found: dict[str, bytes]) -> None:
        """Take the hashes a worker made."""
        self.stored.update(found)

    def table(self, races: Iterable[Race]) -> dict[str, bytes]:
        """Every race's rows' hashes by its digest (what the plan keeps on disk)."""
        return {race.digest: self.rows_of(race) for race in races if race.digest}


def _part(value: Any, rows: EntryHashes) -> str:
    """One declared input's text for its page's fingerprint: a race, a story or an item by its digest (the hash of
    the files it was read from, or what a list shows of it); a tuple of them by theirs; a tuple of (race, row)
    entries by what a page may show of an entry (`EntryHashes`); anything else by its repr. A race nested deeper is
    hashed by its repr: always right, only slower."""
    found = getattr(value, "digest", None)
    if isinstance(found, str):
        return found
    if isinstance(value, tuple) and value:
        first = value[0]
        if isinstance(getattr(first, "digest", None), str):
            return "".join([item.digest for item in value])
        if type(first) is tuple and len(first) == 2 and type(first[1]) is Result and \
                isinstance(getattr(first[0], "digest", None), str):  # (race, one of its rows)
            return rows.joined(value)
    return repr(value)


def _is_entries(value: Any) -> bool:
    return isinstance(value, tuple) and bool(value) and type(value[0]) is tuple and len(value[0]) == 2 and \
        type(value[0][1]) is Result


def field_digests(inputs: Any, rows: EntryHashes | None = None) -> list[str]:
    """Each of a page's declared inputs (a dataclass's fields), hashed. `rows`: the entries' hashes already made
    (`EntryHashes`), kept by the caller between pages."""
    memo = rows if rows is not None else EntryHashes()
    return [field_digest(f.name, getattr(inputs, f.name), memo) for f in dataclasses.fields(inputs)]


def fingerprint(inputs: Any, rows: EntryHashes | None = None) -> str:
    """The hash of a page's declared inputs, field by field (`field_digests`)."""
    return hash_parts(field_digests(inputs, rows))


def field_digest(name: str, value: Any, rows: EntryHashes) -> str:
    return hashlib.blake2b(f"{name}\0{_part(value, rows)}".encode(), digest_size=16).hexdigest()


def field_names(inputs: Any) -> list[str]:
    return [f.name for f in dataclasses.fields(inputs)]


def field_values(inputs: Any, getters: dict[type, Callable[[Any], tuple[Any, ...]]] | None = None) -> tuple[Any, ...]:
    """The inputs' field values, in order (`getters`: each inputs class's getter, kept by the caller)."""
    if getters is None:
        return tuple(getattr(inputs, f.name) for f in dataclasses.fields(inputs))
    get = getters.get(type(inputs))
    if get is None:
        names = field_names(inputs)
        one = operator.attrgetter(*names) if names else None
        get = getters[type(inputs)] = (lambda value: ()) if one is None else \
            (lambda value: (one(value),)) if len(names) == 1 else one
    return get(inputs)


def same_field(new: Any, old: Any, rows: EntryHashes) -> bool:
    """Whether a declared input hashes as it did: equal, or entries whose every changed entry shows the same
    (a row edited elsewhere in the same race gives new race objects, not new texts)."""
    if new == old:
        return True
    if not (_is_entries(new) and _is_entries(old) and len(new) == len(old)):
        return False
    changed = compress(range(len(new)), map(operator.ne, new, old))  # (compared in C: most are the same objects)
    return all(rows.of(new[at][0], new[at][1]) == rows.of(old[at][0], old[at][1])
               for at in changed)


def basis(site: Site, stats: Stats, options: tuple[object, ...], code: str) -> str:
    """What every page may use besides its inputs: racesite's code, the build options, the config, the entity files
    and every URL name that is not simply its name's slug (a name clash). Any change makes every page again."""
    index = stats.index
    clashes = [pair for table in (index.drivers, index.tracks, index.teams, index.makes) for pair in table.renamed]
    return hash_parts(code, options, os.getcwd(), site.config, site.entities, site.baselines, sorted(clashes))


def template_digests(templates: Path, names: Iterable[str]) -> dict[str, str]:
    """Each template's hash, with every template it extends, includes or imports (found with Jinja's own parser)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)))
    out: dict[str, str] = {}
    for name in names:
        seen: dict[str, str] = {}
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            try:
                source = (templates / current).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                seen[current] = "missing"  # the render reports it, naming the template
                continue
            seen[current] = digest(source.encode())
            try:
                parsed = env.parse(source)
            except jinja2.TemplateSyntaxError:
                continue  # (its render fails, naming its line)
            todo += [ref for ref in meta.find_referenced_templates(parsed) if ref]
        out[name] = hash_parts(sorted(seen.items()))
    return out
