"""The build plan: what an earlier build made, what changed since, and which pages to make again.

Owns everything a build keeps between builds into one output folder (with `--cache DIR`): file hashes, what each
content file parsed to, each race's rows' hashes (by the race's digest: a new process hashes the rows of changed
races only), which templates each template uses, and the manifest of the last build (a hash of all its inputs,
each page's fingerprint and files, its warnings). A page's fingerprint is the hash of the inputs its kind declares
(`pages.kinds`), of the templates it renders (with those they extend, include and import), and of what every page
may use: racesite's code, the build options, the config, the entity files, and the URL names that are not a
name's plain slug (how each is hashed: `prints`). A page whose fingerprint is unchanged and whose files are all
still in the output folder is kept as it is; the others are made. Without a cache folder everything is made. A
long-running process (the live preview) keeps its `Cache` between builds. The cache also keeps each story's prose
check (`proofread.site.Memo`, keyed by what the story reads). Must not render or write the site.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, TypeVar, cast

from .cache import FileHashes, code_key, digest, read_pickle, write_pickle
from .errors import SourceError
from .load import Merged, Parsed, Shard
from .model import Race, RaceKey, Site
from .pages import KINDS, Planned, Reuse
from .prints import (
    EntryHashes,
    basis,
    field_digest,
    field_digests,
    field_names,
    field_values,
    hash_parts,
    same_field,
    template_digests,
)
from .proofread.site import Memo
from .stats import Stats
from .workers import forked_map

FORMAT = 5
PRINTS_CHUNK = 2000  # pages fingerprinted per task, in forked workers when there are enough of them
T = TypeVar("T")


class Seen(NamedTuple):
    """What a long-running process remembers of a page's last fingerprint: the salt of its kind, its declared
    inputs (the object, and its fields' values), their digests (None when not known) and the fingerprint."""

    salt: str
    inputs: Any
    values: tuple[Any, ...]
    digests: list[str] | None
    print: str


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
    rows: EntryHashes = field(default_factory=EntryHashes, compare=False)  # entries' hashes (`prints.EntryHashes`)
    # The digests of the inputs of pages fingerprinted as they were made (`print_of`): those taken here and not yet
    # handed over (`learned`), and those taken (`learn`): a long-running process compares the next build's inputs
    # with them, field by field, rather than hashing every field of a changed page again.
    taken: dict[str, list[str]] = field(default_factory=dict, compare=False)
    digests: dict[str, list[str]] = field(default_factory=dict, compare=False)

    def print_of(self, page: Planned) -> str:
        """A page's fingerprint: what its kind's pages may use and the inputs it declares."""
        key = str(page.key)
        found = self.prints.get(key)
        if found is None:
            digests = self.taken[key] = field_digests(page.inputs, self.rows)
            found = self.print_from(page, digests)
        return found

    def print_from(self, page: Planned, digests: list[str]) -> str:
        """A page's fingerprint from its inputs' digests (`field_digests`)."""
        return hash_parts(self.salts[page.kind.name], hash_parts(digests))

    def learned(self) -> tuple[dict[str, bytes], dict[str, list[str]]]:
        """What taking fingerprints (in a worker) hashed: the races' rows and the pages' inputs, for `learn`."""
        taken = dict(self.taken)
        self.taken.clear()
        return self.rows.learned(), taken

    def learn(self, found: object) -> None:
        """Take the rows' and inputs' hashes a worker's `learned` gave."""
        if isinstance(found, tuple):
            rows, taken = found
            self.rows.learn(rows)
            self.digests.update(taken)


class Cache:
    """What builds into one output folder keep between them (nothing, without a cache folder). `prose_ready`: the
    prose check's tools are made in the first build even with no story (`proofread.site.Memo`: the live preview)."""

    def __init__(self, cache_dir: Path | None, content: Path, out: Path, *, prose_ready: bool = False) -> None:
        self.folder, self.content, self.out = cache_dir, content, out
        self.content_text = str(content)
        self.hashes = FileHashes(cache_dir)
        self.entries: dict[str, tuple[str, Parsed]] = {}  # path -> (key, what it parsed to)
        # What a long-running process (the live preview) keeps in memory between its builds: each race's parts
        # merged, the last stats, each page's inputs (and what they were gathered from) and fingerprint, the last
        # manifest.
        self.races: dict[RaceKey, tuple[tuple[object, ...], Merged]] = {}
        self.stats: Stats | None = None
        self.inputs_of: dict[str, Seen] = {}
        self.reuse = Reuse()  # the inputs gathered for the last build's pages, with what from (`pages.Reuse`)
        self.last: Manifest | None = None
        self.shards_read: set[str] = set()
        self.shards: dict[str, str] = {}  # content folder -> its shard's name
        self.changed: dict[str, bytes | None] = {}  # shards to write: their pickled entries, when all are new
        self.templates: tuple[object, dict[str, str]] | None = None  # the template files' state, their digests
        self.made: dict[str, tuple[object, Any]] = {}  # what `again` made last, with what from
        self.rows = EntryHashes()  # what a page may show of each results row, hashed
        self.rows_kept: tuple[str, dict[str, bytes]] | None = None  # (salt, table) as on disk, once read
        self.races_now: tuple[Race, ...] = ()  # the races of the build being planned
        self.inputs = ""
        self.code = code_key()  # racesite's own code, hashed once: what every cache file is keyed by
        # Each story's prose check, kept while nothing it reads changes (in memory, and on disk with a folder).
        self.prose = Memo(cache_dir / f"prose-{digest(str(content.resolve()).encode())}.pickle"
                          if cache_dir is not None else None, self.code, prose_ready)

    # --- what a content file parsed to (`load.ParseCache`) -------------------------------------------------------

    def shard(self, path: str) -> str:
        """Parsed files are kept in one file per content folder (a season, usually): an edit rewrites a small one."""
        folder = path.rpartition("/")[0]
        found = self.shards.get(folder)
        if found is None:
            found = self.shards[folder] = digest(folder.encode())
        return found

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
        if csv is not None and self._csvhash_parts(csv) != csv_hash:
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

    def _csvhash_parts(self, csv: str) -> str:
        try:
            return self.hashes.of(os.path.join(self.content_text, csv))  # (no `Path` per race: ~5,000 a build)
        except OSError:
            return "gone"

    def _parsed_file(self, shard: str) -> Path:
        assert self.folder is not None
        return self.folder / f"parsed-{digest(f'{self.content.resolve()}|{os.getcwd()}'.encode())}" / f"{shard}.pickle"

    def again(self, name: str, made_from: object, make: Callable[[], T]) -> T:
        """`make()`, or what it gave under `name` in this process's last build when that was made from an equal
        `made_from` (the live preview: the sitemap of the same pages)."""
        found = self.made.get(name)
        if found is not None and found[0] == made_from:
            return cast(T, found[1])
        value = make()
        self.made[name] = (made_from, value)
        return value

    # --- the last build ------------------------------------------------------------------------------------------

    def start(self, templates: Path, options: tuple[object, ...]) -> Manifest | None:
        """Begin a build: hash every input; returns the last build's manifest when nothing changed since."""
        self.hashes.new_build()
        if self.folder is None:
            return None
        h = hashlib.blake2b(digest_size=16)
        h.update(repr((self.code, options, os.getcwd())).encode())
        for root in (self.content, templates):
            for relative, file in self.hashes.listing(str(root)):
                h.update(f"{relative}\0{self.hashes.listed(file)}\0".encode())
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
        self.races_now = site.races
        self._read_rows(site)
        self.rows.keep_only(site.races)
        shared = basis(site, stats, options, self.code)
        kinds = {p.kind.name: p.kind for p in planned}
        # (every kind's templates, not only those of kinds with pages now: a site's first story page, say, leaves
        # the templates' state as it was, and so what was parsed for it)
        names = {name for kind in (*KINDS, *kinds.values()) for name in kind.templates}
        state = (str(templates), tuple(sorted(names)),
                 tuple((relative, self.hashes.listed(file)) for relative, file in self.hashes.listing(str(templates))))
        if self.templates is None or self.templates[0] != state:  # (parsed again only when a template changed)
            self.templates = (state, self._template_digests(state, templates, names))
        used = self.templates[1]
        salts = {name: hash_parts(shared, name, [used[t] for t in kind.templates]) for name, kind in kinds.items()}
        last = self.manifest()
        if last is None:  # nothing to keep: the fingerprints are taken as the pages are made (in parallel)
            self.inputs_of = {}
            return Plan(list(planned), {}, {}, None, salts, self.rows)
        draft = Plan([], {}, {}, None, salts, self.rows)
        prints: dict[str, str] = {}
        memo, self.inputs_of = self.inputs_of, {}
        unknown = []
        getters: dict[type, Callable[[Any], tuple[Any, ...]]] = {}
        keys = [str(page.key) for page in planned]
        for page, key in zip(planned, keys):  # (a page whose inputs hash as in the last build here: the same print)
            kind = page.kind.name
            seen = memo.get(key)
            if seen is None or seen.salt != salts[kind]:
                unknown.append(page)
                continue
            # (inputs taken again from the last build, `pages.Reuse`, are the same object: its values as they were)
            values = seen.values if page.inputs is seen.inputs else field_values(page.inputs, getters)
            if values == seen.values:
                prints[key] = seen.print
                self.inputs_of[key] = Seen(seen.salt, page.inputs, values, seen.digests, seen.print)
            elif seen.digests is not None:  # only the fields that changed are hashed again
                digests = [old if same_field(new, then, self.rows) else field_digest(name, new, self.rows)
                           for name, new, then, old in zip(field_names(page.inputs), values, seen.values, seen.digests)]
                prints[key] = draft.print_from(page, digests)
                self.inputs_of[key] = Seen(seen.salt, page.inputs, values, digests, prints[key])
            else:
                unknown.append(page)
        # The others fingerprinted: in forked workers when there are many (a new process), else here, with the
        # entries' hashes this process keeps (the workers hand back those they made).
        measured = forked_map(lambda part: ([field_digests(unknown[at].inputs, self.rows) for at in part],
                                            self.rows.learned()), len(unknown), chunk=PRINTS_CHUNK)
        for _, found in measured:
            self.rows.learn(found)
        for page, digests in zip(unknown, (value for part, _ in measured for value in part), strict=True):
            key = str(page.key)
            prints[key] = draft.print_from(page, digests)
            self.inputs_of[key] = Seen(salts[page.kind.name], page.inputs, field_values(page.inputs, getters), digests,
                                       prints[key])
        kept: dict[str, list[str]] = {}
        root = f"{self.out}/"
        # A kept page's files must still be there; in a process that made them itself into this folder (the live
        # preview, whose folder is its own) they are checked once, when the process reads the last build's record.
        ours = last is self.last
        for key, value in prints.items():
            old = last.pages.get(key)
            if old is not None and old[0] == value and (ours or all(os.path.isfile(root + path) for path in old[1])):
                kept[key] = old[1]
        return Plan([page for page, key in zip(planned, keys) if key not in kept], prints, kept,
                    last if kept else None, salts, self.rows)

    def forget(self) -> None:
        """Drop the manifest before the output folder changes in place (if that fails halfway, the next build is
        whole)."""
        if self.folder is not None:
            self._manifest_file().unlink(missing_ok=True)

    def record(self, plan: Plan, made: dict[str, tuple[list[str], str | None]], files: list[str],
               warnings: list[SourceError], races: int, silenced: list[str] | None = None) -> None:
        """Keep what this build made for the next: the manifest (each page's fingerprint and files), the parsed
        files, the races' rows' hashes, the file hashes, the stories' prose checks."""
        if self.folder is None:
            return
        pages: dict[str, tuple[str | None, list[str]]] = {key: (plan.prints[key], paths)
                                                           for key, paths in plan.kept.items()}
        pages.update((key, (value, paths)) for key, (paths, value) in made.items())
        for page in plan.todo:  # (what the next build in this process compares its pages' inputs with)
            key = str(page.key)
            value = made[key][1] if key in made else None
            if value is not None and page.kind.name in plan.salts and key not in self.inputs_of:
                self.inputs_of[key] = Seen(plan.salts[page.kind.name], page.inputs, field_values(page.inputs),
                                           plan.digests.get(key), value)
        manifest = Manifest(self.inputs, races, warnings, pages, files, _folder_id(self.out), silenced or [])
        write_pickle({"format": FORMAT, "code": self.code, "manifest": manifest}, self._manifest_file())
        self.last = manifest
        self._save_parsed()
        self._save_rows()
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

    def _template_digests(self, state: tuple[object, ...], templates: Path, names: set[str]) -> dict[str, str]:
        """Each template's hash with those it uses (`prints.template_digests`: Jinja parses every template), kept
        on disk for the template files' state: a new process parses them only when one changed."""
        assert self.folder is not None  # (the plan of a build without a cache folder makes every page)
        file = self.folder / "template-digests.pickle"
        key = hash_parts(self.code, state)
        data = read_pickle(file, FORMAT)
        found = data.get("digests") if data is not None and data.get("key") == key else None
        if not isinstance(found, dict):
            found = template_digests(templates, names)
            write_pickle({"format": FORMAT, "key": key, "digests": found}, file)
        return found

    # --- each race's rows' hashes, by the race's digest (`prints.EntryHashes.stored`) ------------------------------

    def _rows_file(self) -> Path:
        assert self.folder is not None
        return self.folder / f"entries-{digest(str(self.content.resolve()).encode())}.pickle"

    def _read_rows(self, site: Site) -> None:
        """Take the rows' hashes an earlier build kept, once per process, when made with the same code and from
        the same config and entity files (what a race is read with)."""
        salt = hash_parts(site.config, site.entities, site.baselines)
        if self.rows_kept is not None and self.rows_kept[0] == salt:
            return
        data = read_pickle(self._rows_file(), FORMAT)
        table = data.get("rows") if data is not None and data.get("code") == self.code and \
            data.get("salt") == salt else None
        self.rows_kept = (salt, table if isinstance(table, dict) else {})
        self.rows.stored = dict(self.rows_kept[1])  # (none made with other config or entity files)

    def _save_rows(self) -> None:
        if self.rows_kept is None:  # (no plan in this process read them: nothing to write over)
            return
        table = self.rows.table(self.races_now)
        if table != self.rows_kept[1]:
            write_pickle({"format": FORMAT, "code": self.code, "salt": self.rows_kept[0], "rows": table},
                         self._rows_file())
            self.rows_kept = (self.rows_kept[0], table)


def _folder_id(folder: Path) -> tuple[int, int]:
    info = folder.stat()
    return (info.st_dev, info.st_ino)
