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
import os
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta

from .cache import FileHashes, code_key, digest, read_pickle, write_pickle
from .errors import SourceError
from .load import Merged, Parsed, Shard
from .model import RaceKey, Result, Site
from .names import slugify
from .pages import Planned
from .proofread.site import Memo
from .stats import Stats

FORMAT = 5


def _hash(*parts: object) -> str:
    """A hash of plain values and dataclasses by their repr (pickle's bytes depend on object identity)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def _part(value: Any) -> str:
    """One declared input's text for its page's fingerprint: a race, a story or an item by its digest (the hash of
    the files it was read from); a tuple of them, or of (race, row) entries, by theirs; anything else by its repr.
    A race nested deeper is hashed by its repr: always right, only slower."""
    found = getattr(value, "digest", None)
    if isinstance(found, str):
        return found
    if isinstance(value, tuple) and value:
        first = value[0]
        if isinstance(getattr(first, "digest", None), str):
            return "".join([item.digest for item in value])
        if type(first) is tuple and len(first) == 2 and type(first[1]) is Result and \
                isinstance(getattr(first[0], "digest", None), str):  # (race, one of its rows)
            return "".join([entry[0].digest for entry in value])
    return repr(value)


def fingerprint(inputs: Any) -> str:
    """The hash of a page's declared inputs (a dataclass), field by field."""
    h = hashlib.blake2b(digest_size=16)
    for f in dataclasses.fields(inputs):
        h.update(f"{f.name}\0{_part(getattr(inputs, f.name))}\0".encode())
    return h.hexdigest()


def basis(site: Site, stats: Stats, options: tuple[object, ...]) -> str:
    """What every page may use besides its inputs: racesite's code, the build options, the config, the entity files
    and every URL name that is not simply its name's slug (a name clash). Any change makes every page again."""
    index = stats.index
    clashes = [(name, slug) for table in (index.drivers, index.tracks, index.teams, index.makes)
               for name, slug in table.slugs.items() if slug != slugify(name)]
    return _hash(code_key(), options, os.getcwd(), site.config, site.entities, site.baselines, sorted(clashes))


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

    def print_of(self, page: Planned) -> str:
        """A page's fingerprint: what its kind's pages may use and the inputs it declares."""
        found = self.prints.get(str(page.key))
        return found if found is not None else _hash(self.salts[page.kind.name], fingerprint(page.inputs))


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
        self.inputs_of: dict[str, tuple[Any, str]] = {}
        self.last: Manifest | None = None
        self.shards_read: set[str] = set()
        self.changed: dict[str, bytes | None] = {}  # shards to write: their pickled entries, when all are new
        self.inputs = ""
        # Each story's prose check, kept while nothing it reads changes (in memory, and on disk with a folder).
        self.prose = Memo(cache_dir / f"prose-{digest(str(content.resolve()).encode())}.pickle"
                          if cache_dir is not None else None)

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
            if data is not None and data.get("code") == code_key():
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
        h.update(repr((code_key(), options, os.getcwd())).encode())
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
        manifest = data.get("manifest") if data is not None and data.get("code") == code_key() else None
        if not isinstance(manifest, Manifest) or manifest.folder != _folder_id(self.out):
            return None  # the folder was replaced since (a build without the cache, say): not that build's
        return manifest

    def plan(self, planned: Sequence[Planned], site: Site, stats: Stats, templates: Path,
             options: tuple[object, ...]) -> Plan:
        """Which pages to make and which to keep, from their fingerprints and the last build's."""
        if self.folder is None:
            return Plan(list(planned), {}, {}, None)
        shared = basis(site, stats, options)
        kinds = {p.kind.name: p.kind for p in planned}
        used = template_digests(templates, {name for kind in kinds.values() for name in kind.templates})
        salts = {name: _hash(shared, name, [used[t] for t in kind.templates]) for name, kind in kinds.items()}
        last = self.manifest()
        if last is None:  # nothing to keep: the fingerprints are taken as the pages are made (in parallel)
            return Plan(list(planned), {}, {}, None, salts)
        draft = Plan([], {}, {}, None, salts)
        prints: dict[str, str] = {}
        memo, self.inputs_of = self.inputs_of, {}
        for page in planned:  # (a page whose inputs equal the last build's in this process: the same fingerprint)
            key, kind = str(page.key), page.kind.name
            seen = memo.get(key)
            value = seen[1] if seen is not None and seen[0] == (salts[kind], page.inputs) else draft.print_of(page)
            prints[key] = value
            self.inputs_of[key] = ((salts[kind], page.inputs), value)
        kept: dict[str, list[str]] = {}
        root = f"{self.out}/"
        for key, value in prints.items():
            old = last.pages.get(key)
            if old is not None and old[0] == value and all(os.path.isfile(root + path) for path in old[1]):
                kept[key] = old[1]
        return Plan([page for page in planned if str(page.key) not in kept], prints, kept, last if kept else None,
                    salts)

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
            if value is not None and page.kind.name in plan.salts:
                self.inputs_of[key] = ((plan.salts[page.kind.name], page.inputs), value)
        manifest = Manifest(self.inputs, races, warnings, pages, files, _folder_id(self.out), silenced or [])
        write_pickle({"format": FORMAT, "code": code_key(), "manifest": manifest}, self._manifest_file())
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
        code = code_key()
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

    def walk(folder: str, relative: str) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:  # gone or unreadable: nothing under it
            return
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path, f"{relative}{entry.name}/")
            elif entry.is_file():
                found.append((relative + entry.name, entry.path))

    walk(root, "")
    return sorted(found)
