"""The build plan: what an earlier build made, what changed since, and which pages to make again.

Owns everything a build keeps between builds into one output folder (with `--cache DIR`): file hashes, what each
content file parsed to, and the manifest of the last build (a hash of all its inputs, each page's fingerprint and
files, its warnings). A page's fingerprint is the hash of the inputs its kind declares (`pages.kinds`), of the
templates it renders (with those they extend, include and import), and of what every page may use: racesite's
code, the build options, the config, the entity files, and the URL names that are not a name's plain slug. A
page whose fingerprint is unchanged and whose files are all still in the output folder is kept as it is; the others
are made. Without a cache folder everything is made. A long-running process (the live preview) keeps its `Cache`
between builds. The cache also keeps each story's prose check (`proofread.site.Memo`, keyed by what the story
reads). Must not render or write the site.
"""

from __future__ import annotations

import dataclasses
import hashlib
import operator
import os
import pickle
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
from jinja2 import meta

from .cache import FileHashes, code_key, digest, read_pickle, write_pickle
from .errors import SourceError
from .load import Merged, Parsed, Shard
from .model import Race, RaceKey, Result, Site
from .names import slugify
from .pages import Planned
from .proofread.site import Memo
from .stats import Stats
from .stats.entities import entry_texts
from .workers import forked_map

FORMAT = 5
PRINTS_CHUNK = 2000  # pages fingerprinted per task, in forked workers when there are enough of them


def _hash(*parts: object) -> str:
    """A hash of plain values and dataclasses by their repr (pickle's bytes depend on object identity)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


class EntryTexts:
    """What a page may show of each results entry (`stats.entities.entry_texts`), hashed: by the id of the entry's
    (race, row) pair, which the index makes once and every page listing the entry shares, and by race. The pairs
    and races are kept here, so an id is only ever its object's while its hash is known; a race merged again is a
    new object, with hashes of its own."""

    def __init__(self) -> None:
        self.by_pair: dict[int, bytes] = {}
        self.pairs: list[tuple[Race, Result]] = []
        self.by_race: dict[int, tuple[Race, dict[int, bytes]]] = {}

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
        current = {id(race) for race in races}
        self.by_race = {at: known for at, known in self.by_race.items() if at in current}

    def of(self, race: Race, row: Result) -> bytes:
        """The hash of what a page may show of one of the race's rows."""
        known = self.by_race.get(id(race))
        if known is None:
            known = self.by_race[id(race)] = (race, {id(each): hashlib.blake2b(shown.encode(), digest_size=16).digest()
                                                     for each, shown in entry_texts(race)})
        return known[1][id(row)]


def _part(value: Any, rows: EntryTexts) -> str:
    """One declared input's text for its page's fingerprint: a race, a story or an item by its digest (the hash of
    the files it was read from, or what a list shows of it); a tuple of them by theirs; a tuple of (race, row)
    entries by what a page may show of an entry (`EntryTexts`); anything else by its repr. A race nested deeper is
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


def field_digests(inputs: Any, rows: EntryTexts | None = None) -> list[str]:
    """Each of a page's declared inputs (a dataclass's fields), hashed. `rows`: entries' texts already made, by
    their row's id, with the row (`_part`)."""
    memo = rows if rows is not None else EntryTexts()
    return [_field_digest(f.name, getattr(inputs, f.name), memo) for f in dataclasses.fields(inputs)]


def fingerprint(inputs: Any, rows: EntryTexts | None = None) -> str:
    """The hash of a page's declared inputs, field by field (`field_digests`)."""
    return _hash(field_digests(inputs, rows))


def _field_digest(name: str, value: Any, rows: EntryTexts) -> str:
    return hashlib.blake2b(f"{name}\0{_part(value, rows)}".encode(), digest_size=16).hexdigest()


def _names(inputs: Any) -> list[str]:
    return [f.name for f in dataclasses.fields(inputs)]


def _values(inputs: Any, getters: dict[type, Callable[[Any], tuple[Any, ...]]] | None = None) -> tuple[Any, ...]:
    """The inputs' field values, in order (`getters`: each inputs class's getter, kept by the caller)."""
    if getters is None:
        return tuple(getattr(inputs, f.name) for f in dataclasses.fields(inputs))
    get = getters.get(type(inputs))
    if get is None:
        names = _names(inputs)
        one = operator.attrgetter(*names) if names else None
        get = getters[type(inputs)] = (lambda value: ()) if one is None else \
            (lambda value: (one(value),)) if len(names) == 1 else one
    return get(inputs)


class Seen(NamedTuple):
    """What a long-running process remembers of a page's last fingerprint: the salt of its kind, its declared
    inputs, their digests (None when they were taken in a worker) and the fingerprint."""

    salt: str
    values: tuple[Any, ...]
    digests: list[str] | None
    print: str


def _same_field(new: Any, old: Any, rows: EntryTexts) -> bool:
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
    clashes = [(name, slug) for table in (index.drivers, index.tracks, index.teams, index.makes)
               for name, slug in table.slugs.items() if slug != slugify(name)]
    return _hash(code, options, os.getcwd(), site.config, site.entities, site.baselines, sorted(clashes))


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
        out[name] = _hash(sorted(seen.items()))
    return out


@dataclass
class Manifest:
    """What the last successful build into an output folder was made from, and which files each page wrote."""

    inputs: str = ""  # a hash of every input file and option: equal, and nothing changed
    races: int = 0
    warnings: list[SourceError] = field(default_factory=list)
    pages: dict[str, tuple[str | None, list[str]]] = field(default_factory=dict)  # key -> (fingerprint, files)
    files: list[str] = field(default_factory=list)  # every file of the built site
    folder: tuple[int, int] = (0, 0)  # the output folder's (device, inode) after the build
    silenced: list[str] = field(default_factory=list)  # story sentences a `<!-- prose-ok -->` marker silenced


@dataclass(frozen=True)
class Plan:
    """What this build makes and keeps."""

    todo: list[Planned]  # pages to make
    prints: dict[str, str]  # the fingerprints taken to decide (none when nothing could be kept)
    kept: dict[str, list[str]]  # pages kept as they are: key -> their files
    previous: Manifest | None  # the last build into the folder, when any of it is kept
    salts: dict[str, str] = field(default_factory=dict)  # per kind: what every page of it may use, hashed
    rows: EntryTexts = field(default_factory=EntryTexts, compare=False)  # entries' texts (`_part`)

    def print_of(self, page: Planned) -> str:
        """A page's fingerprint: what its kind's pages may use and the inputs it declares."""
        found = self.prints.get(str(page.key))
        if found is None:
            found = _hash(self.salts[page.kind.name], fingerprint(page.inputs, self.rows))
        return found

    def print_from(self, page: Planned, digests: list[str]) -> str:
        """A page's fingerprint from its inputs' digests (`field_digests`)."""
        return _hash(self.salts[page.kind.name], _hash(digests))


class Cache:
    """What builds into one output folder keep between them (nothing, without a cache folder)."""

    def __init__(self, cache_dir: Path | None, content: Path, out: Path) -> None:
        self.folder, self.content, self.out = cache_dir, content, out
        self.hashes = FileHashes(cache_dir)
        self.entries: dict[str, tuple[str, Parsed]] = {}  # path -> (key, what it parsed to)
        # What a long-running process (the live preview) keeps in memory between its builds: each race's parts
        # merged, the last stats, each page's inputs and fingerprint, the last manifest.
        self.races: dict[RaceKey, tuple[tuple[object, ...], Merged]] = {}
        self.stats: Stats | None = None
        self.inputs_of: dict[str, Seen] = {}
        self.last: Manifest | None = None
        self.shards_read: set[str] = set()
        self.changed: dict[str, bytes | None] = {}  # shards to write: their pickled entries, when all are new
        self.templates: tuple[object, dict[str, str]] | None = None  # the template files' state, their digests
        self.rows = EntryTexts()  # what a page may show of each results row (`_part`)
        self.inputs = ""
        self.code = code_key()  # racesite's own code, hashed once: what every cache file is keyed by
        # Each story's prose check, kept while nothing it reads changes (in memory, and on disk with a folder).
        self.prose = Memo(cache_dir / f"prose-{digest(str(content.resolve()).encode())}.pickle"
                          if cache_dir is not None else None, self.code)

    # --- what a content file parsed to (`load.ParseCache`) -------------------------------------------------------

    def hash_of(self, file: str) -> str:
        return self.hashes.of(file)

    def shard(self, path: str) -> str:
        """Parsed files are kept in one file per content folder (a season, usually): an edit rewrites a small one."""
        return digest(path.rpartition("/")[0].encode())

    def parsed(self, path: str, key: str) -> Parsed | None:
        shard = self.shard(path)
        if self.folder is not None and shard not in self.shards_read:
            self.shards_read.add(shard)
            data = read_pickle(self._parsed_file(shard), FORMAT)
            if data is not None and data.get("code") == self.code:
                try:
                    entries: Shard = pickle.loads(data["entries"])
                except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
                    entries = {}  # damaged: parsed again
                for name, kept in entries.items():
                    self.entries.setdefault(name, kept)
        entry = self.entries.get(path)
        if entry is None or entry[0] != key:
            return None
        csv, csv_hash = entry[1][2], entry[1][3]
        if csv is not None and self._csv_hash(csv) != csv_hash:
            return None
        return entry[1]

    def keep(self, shard: str, entries: Shard, pickled: bytes, whole: bool) -> None:
        self.entries.update(entries)
        self.changed[shard] = pickled if whole else None

    def merged(self, key: RaceKey, signature: tuple[object, ...]) -> Merged | None:
        found = self.races.get(key)
        return found[1] if found is not None and found[0] == signature else None

    def keep_merged(self, key: RaceKey, signature: tuple[object, ...], merged: Merged) -> None:
        self.races[key] = (signature, merged)

    def _csv_hash(self, csv: str) -> str:
        try:
            return self.hashes.of(str(self.content / csv))
        except OSError:
            return "gone"

    def _parsed_file(self, shard: str) -> Path:
        assert self.folder is not None
        return self.folder / f"parsed-{digest(f'{self.content.resolve()}|{os.getcwd()}'.encode())}" / f"{shard}.pickle"

    # --- the last build ------------------------------------------------------------------------------------------

    def start(self, templates: Path, options: tuple[object, ...]) -> Manifest | None:
        """Begin a build: hash every input; returns the last build's manifest when nothing changed since."""
        self.hashes.new_build()
        if self.folder is None:
            return None
        h = hashlib.blake2b(digest_size=16)
        h.update(repr((self.code, options, os.getcwd())).encode())
        for root in (self.content, templates):
            for relative, file in _files(str(root)):
                h.update(f"{relative}\0{self.hashes.of(file)}\0".encode())
            h.update(b"\1")
        self.inputs = h.hexdigest()
        last = self.manifest()
        return last if last is not None and last.inputs == self.inputs else None

    def manifest(self) -> Manifest | None:
        if self.folder is None or not self.out.is_dir():
            return None
        if self.last is not None and self.last.folder == _folder_id(self.out) and self._manifest_file().is_file():
            return self.last  # (as this process recorded it)
        data = read_pickle(self._manifest_file(), FORMAT)
        manifest = data.get("manifest") if data is not None and data.get("code") == self.code else None
        if not isinstance(manifest, Manifest) or manifest.folder != _folder_id(self.out):
            return None  # the folder was replaced since (a build without the cache, say): not that build's
        return manifest

    def plan(self, planned: Sequence[Planned], site: Site, stats: Stats, templates: Path,
             options: tuple[object, ...]) -> Plan:
        """Which pages to make and which to keep, from their fingerprints and the last build's."""
        if self.folder is None:
            return Plan(list(planned), {}, {}, None)
        self.rows.keep_only(site.races)
        shared = basis(site, stats, options, self.code)
        kinds = {p.kind.name: p.kind for p in planned}
        names = {name for kind in kinds.values() for name in kind.templates}
        state = (str(templates), tuple(sorted(names)),
                 tuple((relative, self.hashes.of(file)) for relative, file in _files(str(templates))))
        if self.templates is None or self.templates[0] != state:  # (parsed again only when a template changed)
            self.templates = (state, template_digests(templates, names))
        used = self.templates[1]
        salts = {name: _hash(shared, name, [used[t] for t in kind.templates]) for name, kind in kinds.items()}
        last = self.manifest()
        if last is None:  # nothing to keep: the fingerprints are taken as the pages are made (in parallel)
            self.inputs_of = {}
            return Plan(list(planned), {}, {}, None, salts, self.rows)
        draft = Plan([], {}, {}, None, salts, self.rows)
        prints: dict[str, str] = {}
        memo, self.inputs_of = self.inputs_of, {}
        unknown = []
        getters: dict[type, Callable[[Any], tuple[Any, ...]]] = {}
        for page in planned:  # (a page whose inputs hash as in the last build in this process: the same print)
            key, kind = str(page.key), page.kind.name
            seen = memo.get(key)
            if seen is None or seen.salt != salts[kind]:
                unknown.append(page)
                continue
            values = _values(page.inputs, getters)
            if values == seen.values:
                prints[key] = seen.print
                self.inputs_of[key] = Seen(seen.salt, values, seen.digests, seen.print)
            elif seen.digests is not None:  # only the fields that changed are hashed again
                digests = [old if _same_field(new, then, self.rows) else _field_digest(name, new, self.rows)
                           for name, new, then, old in zip(_names(page.inputs), values, seen.values, seen.digests)]
                prints[key] = draft.print_from(page, digests)
                self.inputs_of[key] = Seen(seen.salt, values, digests, prints[key])
            else:
                unknown.append(page)
        # The others fingerprinted: in forked workers when there are many (a new process), else here, with the
        # entries' texts this process keeps.
        measured = forked_map(lambda part: [field_digests(unknown[at].inputs, self.rows) for at in part],
                              len(unknown), chunk=PRINTS_CHUNK)
        for page, digests in zip(unknown, (value for part in measured for value in part), strict=True):
            key = str(page.key)
            prints[key] = draft.print_from(page, digests)
            self.inputs_of[key] = Seen(salts[page.kind.name], _values(page.inputs, getters), digests, prints[key])
        kept: dict[str, list[str]] = {}
        root = f"{self.out}/"
        # A kept page's files must still be there; in a process that made them itself into this folder (the live
        # preview, whose folder is its own) they are checked once, when the process reads the last build's record.
        ours = last is self.last
        for key, value in prints.items():
            old = last.pages.get(key)
            if old is not None and old[0] == value and (ours or all(os.path.isfile(root + path) for path in old[1])):
                kept[key] = old[1]
        return Plan([page for page in planned if str(page.key) not in kept], prints, kept, last if kept else None,
                    salts, self.rows)

    def forget(self) -> None:
        """Drop the manifest before the output folder changes in place (if that fails halfway, the next build is
        whole)."""
        if self.folder is not None:
            self._manifest_file().unlink(missing_ok=True)

    def record(self, plan: Plan, made: dict[str, tuple[list[str], str | None]], files: list[str],
               warnings: list[SourceError], races: int, silenced: list[str] | None = None) -> None:
        """Keep what this build made for the next: the manifest (each page's fingerprint and files), the parsed
        files, the file hashes, the stories' prose checks."""
        if self.folder is None:
            return
        pages: dict[str, tuple[str | None, list[str]]] = {key: (plan.prints[key], paths)
                                                           for key, paths in plan.kept.items()}
        pages.update((key, (value, paths)) for key, (paths, value) in made.items())
        for page in plan.todo:  # (what the next build in this process compares its pages' inputs with)
            key = str(page.key)
            value = made[key][1] if key in made else None
            if value is not None and page.kind.name in plan.salts and key not in self.inputs_of:
                self.inputs_of[key] = Seen(plan.salts[page.kind.name], _values(page.inputs), None, value)
        manifest = Manifest(self.inputs, races, warnings, pages, files, _folder_id(self.out), silenced or [])
        write_pickle({"format": FORMAT, "code": self.code, "manifest": manifest}, self._manifest_file())
        self.last = manifest
        self._save_parsed()
        self.hashes.save()
        self.prose.save()

    def _save_parsed(self) -> None:
        """Write the shards this build parsed files of: as their parse workers pickled them when all of a shard's
        files were parsed, else merged with what was kept."""
        if not self.changed:
            return
        by_shard: dict[str, Shard] = {}
        if any(pickled is None for pickled in self.changed.values()):
            for path, entry in self.entries.items():
                by_shard.setdefault(self.shard(path), {})[path] = entry
        code = self.code
        for shard, pickled in sorted(self.changed.items()):
            blob = pickled if pickled is not None else pickle.dumps(by_shard.get(shard, {}), pickle.HIGHEST_PROTOCOL)
            write_pickle({"format": FORMAT, "code": code, "entries": blob}, self._parsed_file(shard))
        self.changed = {}

    def _manifest_file(self) -> Path:
        assert self.folder is not None
        return self.folder / f"built-{digest(str(self.out.resolve()).encode())}.pickle"


def _folder_id(folder: Path) -> tuple[int, int]:
    info = folder.stat()
    return (info.st_dev, info.st_ino)


def _files(root: str) -> list[tuple[str, str]]:
    """Every file under `root` (symlinked folders not followed): (relative path, path), sorted."""
    found: list[tuple[str, str]] = []
    todo = [(root, "")]
    while todo:
        folder, relative = todo.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:  # gone or unreadable: nothing under it
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                todo.append((entry.path, f"{relative}{entry.name}/"))
            elif entry.is_file():
                found.append((relative + entry.name, entry.path))
    return sorted(found)
