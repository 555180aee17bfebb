"""Incremental builds: knowing what changed since the last build into the same output folder.

Owns the build manifest kept in the cache folder: the build's inputs (every
content file's hash and its setup: when they match, nothing changed and
nothing is done; `prose` compares them file by file) and a fingerprint per
page maker, made from the content hashes and computed facts its pages show,
so a page whose fingerprint is unchanged is reused from the previous output
instead of rendered. Must not render or write pages.

What a maker's pages depend on: a race page on its recap, its computed facts,
points and neighbours; a driver, track, team or make page on the front matter
of the recaps it lists (a recap's body shows on its race page only); a season
(and its standings) on the season's recaps' front matter; a series page on
the series'; home (and the site feed), listings, drivers.json and races.json
on every recap's. A maker's feed or data file goes with its pages (a driver's
feed with the driver page, a season's standings JSON with the season).
Anything global (racesite's code, templates, the config, entity files, names
and slugs, base URL, drafts) is in every fingerprint.
"""

from __future__ import annotations

import functools
import hashlib
import operator
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .cache import FileHashes, code_key, digest, read_pickle, write_pickle
from .errors import SourceError
from .model import Race, Site
from .pages import race_key
from .pages.common import Linker, Slugs
from .pages.race import RaceInputs
from .stats import Stats
from .stats.update import Pair, edited

FORMAT = 3


def _hash(*parts: object) -> str:
    """A canonical hash of plain values and dataclasses (repr, not pickle: pickle's bytes depend on object
    identity, so equal values can pickle differently)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


@dataclass(frozen=True)
class Inputs:
    """What a build is made from: its setup (racesite's code, the build options, the templates and the working
    folder, which messages name files relative to) and every content file's hash, by its path in the folder."""

    setup: str
    sources: dict[str, str]

    @staticmethod
    def of(content: Path, templates: Path, options: tuple[object, ...], hashes: FileHashes) -> Inputs:
        setup = _hash(code_key(), options, os.getcwd(), tree_hash(templates, hashes))
        return Inputs(setup, {relative: hashes.of(file) for relative, file in _files(str(content))})


def tree_hash(folder: Path, hashes: FileHashes) -> str:
    """A hash of every file's path and bytes under `folder` (bytes read only for files whose stat changed)."""
    h = hashlib.blake2b(digest_size=16)
    for relative, file in _files(str(folder)):
        h.update(relative.encode() + b"\0")
        h.update(hashes.of(file).encode())
    return h.hexdigest()


def _files(root: str) -> list[tuple[str, str]]:
    """Every file under `root` (symlinked folders not followed, as `Path.rglob`): (relative path, path), sorted.
    (Folder entries tell files from folders without a `stat` each.)"""
    found: list[tuple[str, str]] = []

    def walk(folder: str, relative: str) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:  # gone or unreadable: as `os.walk`, nothing under it
            return
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path, f"{relative}{entry.name}/")
            elif entry.is_file():
                found.append((relative + entry.name, entry.path))

    walk(root, "")
    return sorted(found)


def folder_id(folder: Path) -> tuple[int, int]:
    info = folder.stat()
    return (info.st_dev, info.st_ino)


@dataclass
class Manifest:
    """What the last successful build into an output folder was made from, and which files each maker wrote."""

    inputs: Inputs = Inputs("", {})  # equal inputs: nothing to do
    data: str = ""  # the data key of the site built
    races: int = 0
    warnings: list[SourceError] = field(default_factory=list)
    makers: dict[str, tuple[str | None, list[str]]] = field(default_factory=dict)  # key -> (fingerprint, files)
    files: list[str] = field(default_factory=list)  # every file of the built site
    folder: tuple[int, int] = (0, 0)  # the output folder's (device, inode) after the build


    @staticmethod
    def file_for(cache_dir: Path, out: Path) -> Path:
        return cache_dir / f"built-{digest(str(out.resolve()).encode())}.pickle"

    @staticmethod
    def load(cache_dir: Path | None, out: Path) -> Manifest | None:
        if cache_dir is None or not out.is_dir():
            return None
        data = read_pickle(Manifest.file_for(cache_dir, out), FORMAT)
        if data is None or data.get("code") != code_key():
            return None
        manifest = data.get("manifest")
        if not isinstance(manifest, Manifest) or manifest.folder != folder_id(out):
            return None  # the folder was replaced since (a build without the cache, say): it is not that build's
        return manifest

    @staticmethod
    def forget(cache_dir: Path, out: Path) -> None:
        """Drop the manifest (before `out` is changed in place: if that fails halfway, the next build is whole)."""
        Manifest.file_for(cache_dir, out).unlink(missing_ok=True)

    def save(self, cache_dir: Path, out: Path) -> None:
        self.folder = folder_id(out)
        write_pickle({"format": FORMAT, "code": code_key(), "manifest": self}, Manifest.file_for(cache_dir, out))

    def reusable(self, prints: dict[str, str | None], out: Path, check_files: bool = True) -> dict[str, list[str]]:
        """Makers whose fingerprint is unchanged and whose files are all still in `out`: key -> files.

        `check_files=False` takes the files as they were (the live preview's own folder, checked at its first
        build: 27,000 files for the whole NASCAR history)."""
        reuse = {}
        for key, fingerprint in prints.items():
            old = self.makers.get(key)
            if fingerprint is not None and old is not None and old[0] == fingerprint and \
                    (not check_files or all_in(out, old[1])):
                reuse[key] = old[1]
        return reuse


def all_in(out: Path, paths: Iterable[str]) -> bool:
    """Whether every one of `paths` (inside the site) is still a file in `out` (one may be deleted by hand)."""
    root = f"{out}/"
    return all(os.path.isfile(root + path) for path in paths)


def data_key(site: Site) -> str:
    """A hash of what every number is computed from: the config, the entity files and each recap's front matter.
    Two sites with the same key have the same stats, whatever their recaps' prose says."""
    return _hash(site.config, site.entities, site.baselines,
                 [(r.source, site.data_digests.get(r.source)) for r in site.races])


@dataclass(frozen=True)
class Prints:
    """A fingerprint per maker key (None: always render), and what they were taken from, so that the next build
    in the same process (the live preview) recomputes only those an edit can change."""

    basis: str  # the global inputs and the data key
    shared: str  # the global inputs
    digests: dict[str, str]  # each recap's whole-file hash
    values: dict[str, str | None]
    race_inputs: dict[str, RaceInputs]  # what each race page shows from the stats: those fingerprinted this time
    site: Site | None = None  # the site and stats they were taken from
    stats: Stats | None = None


def fingerprints(site: Site, stats: Stats, keys: Iterable[str], options: tuple[object, ...], templates: Path,
                 hashes: FileHashes, last: Prints | None = None) -> Prints:
    """A fingerprint per maker key; `last`: this process's previous fingerprints, reused where still right."""
    shared = _hash(options, code_key(), tree_hash(templates, hashes), site.config, site.entities, site.baselines,
                   stats.index.drivers.slugs, stats.index.tracks.slugs, stats.index.teams.slugs,
                   stats.index.makes.slugs)
    basis = _hash(shared, data_key(site))
    one = _Fingerprint(site, stats, shared)
    pairs = edited(last.site, site) if last is not None and last.site is not None and last.shared == shared else None
    if last is not None and last.basis == basis:  # same data: only prose changed, so only race pages can differ
        edits = {race_key(r) for r in site.races if site.digests.get(r.source) != last.digests.get(r.source)}
        values = {key: one(key) if key in edits or key not in last.values else last.values[key] for key in keys}
    elif last is not None and last.stats is not None and pairs is not None:
        values = _after_edit(one, keys, last.values, last.stats, pairs)
    else:
        values = {key: one(key) for key in keys}
    return Prints(basis, shared, dict(site.digests), values, one.race_inputs, site, stats)


def _after_edit(one: _Fingerprint, keys: Iterable[str], last: dict[str, str | None], was: Stats,
                pairs: list[Pair]) -> dict[str, str | None]:
    """Fingerprints after an edit to some races' data (`stats.update.edited`): those of the makers whose pages it
    can change are taken again, the others kept. A race page changes with its recap, facts or points; a driver,
    team or make page with its own rows of an edited race (or, if the race's title, summary, author, draft
    or winner changed, with any of the race's rows: its feed and entries show those); a track, season or
    series page with any edit to its races; home and data files with any edit; the listings when the all-time
    leaders changed."""
    again = _touched(pairs) | {race_key(new) for _, new in pairs} | {"home", "listings", "data"}
    now = one.stats
    for race in one.site.races:
        at = race.key
        if now.facts[at] is not was.facts[at] or now.points[at] is not was.points[at]:
            again.add(race_key(race))
    return {key: one(key) if key in again or key not in last else last[key] for key in keys}


def _touched(pairs: list[Pair]) -> set[str]:
    """The keys of the driver, team, make, track, season and series makers whose pages the edits can change."""
    keys = set()
    for old, new in pairs:
        keys.update((f"track:{new.track}", f"season:{new.series}:{new.season}", f"series:{new.series}"))
        whole = _head(old) != _head(new)
        for kind in ("driver", "team", "make"):
            before, after = _rows_by(old, kind), _rows_by(new, kind)
            keys.update(f"{kind}:{name}" for name in before.keys() | after.keys()
                        if whole or before.get(name) != after.get(name))
    return keys


def _head(race: Race) -> tuple[object, ...]:
    """What a driver, team or make page (or a driver's feed) shows of a race besides its rows (the rest of
    what it shows, name, date, track, is kept by any edit `edited` follows)."""
    return (race.title, race.summary, race.author, race.draft, race.winner.driver if race.winner else None)


def _rows_by(race: Race, kind: str) -> dict[str, list[tuple[object, ...]]]:
    """Each driver's (team's, make's) rows of `race` as their pages show them: every field but the line, and
    whether the row is credited with the pole."""
    rows: dict[str, list[tuple[object, ...]]] = {}
    pole = race.pole_row
    for result in race.results:
        name = getattr(result, kind)
        if name:
            rows.setdefault(name, []).append((replace(result, line=0), result is pole))
    return rows


def race_print(shared: str, recap: str, inputs: RaceInputs) -> str:
    """A race page's fingerprint: the global inputs, its recap file's hash and what it shows from the stats."""
    return _hash(shared, recap, inputs)


class _Fingerprint:
    """One maker's fingerprint from its key: the hashes of what its pages show."""

    def __init__(self, site: Site, stats: Stats, shared: str) -> None:
        self.site, self.stats, self.shared = site, stats, shared
        self.races = {race_key(r): r for r in site.races}
        self.link = Linker(site.config, Slugs.of(stats.index))
        self.race_inputs: dict[str, RaceInputs] = {}

    def of_series(self, series: str) -> list[str]:
        return self.of(race for race in self.site.races if race.series == series)

    @functools.cached_property
    def everything(self) -> str:
        return _hash(self.shared, self.of(self.site.races), sorted(self.stats.complete))

    def of(self, races: Iterable[Race]) -> list[str]:
        d = self.site.data_digests
        return [d.get(r.source, r.source) for r in races]

    @functools.cached_property
    def _by_id(self) -> dict[int, str]:
        """Each race's data hash by the race object's id (the index's entries are the site's races)."""
        d = self.site.data_digests
        return {id(r): d.get(r.source, r.source) for r in self.site.races}

    def of_entries(self, entries: Iterable[tuple[Race, object]]) -> list[str]:
        """`of` the races of (race, row) entries, looked up without a Python-level loop (the NASCAR history has
        528,000 over every driver, team and make)."""
        return list(map(self._by_id.__getitem__, map(id, map(operator.itemgetter(0), entries))))

    def __call__(self, key: str) -> str | None:
        shared, stats, index = self.shared, self.stats, self.stats.index
        kind, _, rest = key.partition(":")
        if kind == "race":
            race = self.races[key]
            inputs = self.race_inputs[key] = RaceInputs.of(race, stats, self.link)
            return race_print(shared, self.site.digests[race.source], inputs)
        if kind == "driver":
            return _hash(shared, self.of_entries(index.driver_races.get(rest, ())))
        if kind == "track":
            return _hash(shared, self.of(index.track_races.get(rest, ())))
        if kind in ("team", "make"):
            entries = (index.team_races if kind == "team" else index.make_races).get(rest, ())
            return _hash(shared, self.of_entries(entries))
        if kind == "season":
            series, _, year = rest.partition(":")
            season = (series, int(year))
            return _hash(shared, self.of(index.seasons.get(season, ())), season in stats.complete)
        if kind == "series":
            return _hash(shared, self.of_series(rest), sorted(stats.complete))
        if kind == "listings":  # every name (in `shared`) and the all-time leaders
            return _hash(kind, shared, stats.leaders)
        if kind in ("home", "data"):
            return _hash(kind, self.everything)
        if kind == "404":
            return _hash(kind, shared)
        return None
