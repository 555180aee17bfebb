"""Reading a whole content folder into a validated `Site`.

Owns which files are what (site.yml, drivers/, tracks/, teams/, and every other Markdown file a story or race
data), the entity files, and parsing the content files (in parallel when there are many), each into a `Part`
that `races` merges. Reads files through `content`, validates through `config`, `validate`, `parts` and `races`.
What an earlier build parsed may be handed in (`Parsed`, the build plan's); must not compute stats or render.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Protocol

from .cache import FileHashes, files_under
from .champ_read import declarations, read_season_file, with_season_files
from .champ_rules import RuleBook
from .config import CONFIG_NAME, build_config
from .content import Y, read_document, read_yaml_file
from .errors import Problems, SourceError, did_you_mean, display_path
from .model import Baseline, EntityInfo, Race, RaceKey, Site, SiteConfig, Story
from .parts import Lookups, Part, read_part
from .races import merge
from .schema import BASELINE, ENTITY_TABLES
from .validate import check_fields

ENTITY_KINDS = {"drivers": "driver", "tracks": "track", "teams": "team"}
NOT_CONTENT = {"readme.md", "license.md", "contributing.md"}  # notes a writer may keep beside the stories
SEASON_FILE = "season.yml"  # a season's official facts: its final order, deductions (see docs/championships.md)
PARALLEL_FROM = 200  # files to parse before it pays to fork workers
CHUNK = 50

# A file's part, its problems, and the CSV it read with that CSV's hash.
Parsed = tuple[Part | None, list[SourceError], str | None, str | None]
Shard = dict[str, tuple[str, Parsed]]  # path -> (key, what it parsed to): the files of one folder
Merged = tuple[list[Race], list[Story], list[SourceError]]  # a race's parts merged: the race, its stories, problems


class ParseCache(Protocol):
    """What an earlier build parsed, by file, kept in shards of files (a folder's): the build plan's `Cache`."""

    hashes: FileHashes  # each file's hash (`of`), each folder's listing (`listing`), once a build

    def shard(self, path: str) -> str:
        """The shard a file's entry is kept in."""

    def parsed(self, path: str, key: str) -> Parsed | None:
        """What `path` parsed to under `key` (its bytes' hash and the context), if the CSV it read is unchanged."""

    def keep(self, shard: str, entries: Shard, pickled: bytes, whole: bool) -> None:
        """Remember what files of a shard parsed to (`pickled`: `entries` as pickle bytes; `whole`: they are
        all of the shard's files)."""

    def merged(self, key: RaceKey, signature: tuple[object, ...]) -> Merged | None:
        """What a race's parts merged into when they were the same (a long-running process keeps these)."""

    def keep_merged(self, key: RaceKey, signature: tuple[object, ...], merged: Merged) -> None:
        """Remember what a race's parts merged into."""


def find_content(root: Path, season_files: list[str] | None = None,
                 listing: list[tuple[str, str]] | None = None) -> list[str]:
    """Every content file: Markdown files under `root`, outside the entity folders, in a stable order, as paths.
    With `season_files`, the season files (`season.yml`) found on the way are added to it, in the same order.
    `listing`: `files_under(root)` when the caller has it.

    Folders and files starting with '.' or '_', and README/LICENSE/CONTRIBUTING notes, are not content.
    Symlinked folders are not followed."""
    found: list[tuple[list[str], str]] = []
    seasons: list[tuple[list[str], str]] = []
    for relative, file in files_under(str(root)) if listing is None else listing:
        if relative.startswith((".", "_")) or "/." in relative or "/_" in relative:  # (a folder's name or the file's)
            continue
        parts = relative.split("/")
        if len(parts) > 1 and parts[0] in ENTITY_KINDS:
            continue
        name = parts[-1]
        if name.endswith(".md") and name.lower() not in NOT_CONTENT:
            found.append((parts, file))
        elif name == SEASON_FILE and len(parts) > 1:
            seasons.append((parts, file))
    if season_files is not None:
        season_files += [file for _, file in sorted(seasons, key=lambda item: item[0])]
    return [file for _, file in sorted(found, key=lambda item: item[0])]


@dataclass(frozen=True)
class Setup:
    """What every content file is read with: the config, the entity files, and the names files are checked
    against."""

    config: SiteConfig
    entities: tuple[EntityInfo, ...]
    baselines: tuple[Baseline, ...]
    lookups: Lookups
    rules: RuleBook  # the championships site.yml declares (and the presets it names)


def load_site(root: Path, problems: Problems, *, base_url: str | None = None, drafts: bool = False,
         cache: ParseCache | None = None) -> Site | None:
    """Validate every file under `root`; None when the config is unusable. Problems collect in `problems`."""
    setup = read_setup(root, problems, base_url)
    if setup is None:
        return None
    season_files: list[str] = []
    files = find_content(root, season_files, cache.hashes.listing(str(root)) if cache is not None else None)
    shown = display_under(root)
    rules = with_season_files(setup.rules, [season for file in season_files if (season := read_season_file(
        read_yaml_file(Path(file), shown(file), problems), shown(file), problems, setup.lookups.series))], problems)
    # What a file parses to depends on its bytes and on the config and entity files (names, aliases, lengths).
    context = hashlib.blake2b(repr((setup.config, setup.entities, setup.baselines)).encode(),
                              digest_size=16).hexdigest()
    parsed = _parse_all([(file, shown(file)) for file in files], root, setup.lookups, context, cache)
    by_race: dict[RaceKey, list[Part]] = {}
    for part, found, _, _ in parsed:
        problems.extend(found)
        if part is not None and (drafts or not part.draft):
            by_race.setdefault(part.key, []).append(part)
    races: list[Race] = []
    stories: list[Story] = []
    for key, parts in by_race.items():
        signature = (context, *((p.source, p.data_digest, p.story_digest, p.draft) for p in parts))
        made = cache.merged(key, signature) if cache is not None else None
        if made is None:
            merging = Problems()
            made = (*merge(parts, setup.lookups, merging), merging.items)
            if cache is not None:
                cache.keep_merged(key, signature, made)
        races += made[0]
        stories += made[1]
        problems.extend(made[2])
    races.sort(key=lambda r: (r.date, r.series, r.season, r.round, r.number))
    stories.sort(key=lambda s: (s.published, s.race, s.source))
    return Site(setup.config, tuple(races), tuple(stories), setup.entities, setup.baselines, rules)


def _parse_all(files: list[tuple[str, str]], root: Path, lookups: Lookups, context: str,
               cache: ParseCache | None) -> list[Parsed]:
    """Each file parsed (from `cache` when its bytes, its CSV's and the context are unchanged). Files are parsed a
    shard at a time, each shard's entries pickled where they were parsed: the cache keeps those bytes as they are
    (a long history's parsed files are ~10 MB to pickle)."""
    hash_of: Callable[[str], str] = cache.hashes.of if cache is not None else _hash_file
    found: dict[str, Parsed] = {}
    todo: dict[str, list[tuple[str, str, str]]] = {}  # shard -> (file, path, key) to parse
    hits: set[str] = set()  # shards some of whose files came from the cache
    for file, path in files:
        try:
            key = f"{hash_of(file)}:{context}"
        except OSError:  # (gone or unreadable since it was listed: parsing it says so, as the file's error)
            key = f"unreadable:{context}"
        hit = cache.parsed(path, key) if cache is not None else None
        shard = cache.shard(path) if cache is not None else ""
        if hit is not None:
            found[path] = hit
            hits.add(shard)
        else:
            todo.setdefault(shard, []).append((file, path, key))
    chunks: list[list[tuple[str, list[tuple[str, str, str]]]]] = [[]]
    for shard, shard_files in todo.items():
        if sum(len(f) for _, f in chunks[-1]) >= CHUNK:
            chunks.append([])
        chunks[-1].append((shard, shard_files))
    work = partial(_parse_shards, root, lookups)
    workers = os.cpu_count() or 1
    if sum(map(len, todo.values())) >= PARALLEL_FROM and workers > 1 and \
            "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            done = [item for chunk in pool.map(work, chunks) for item in chunk]
    else:
        done = [item for chunk in chunks for item in work(chunk)]
    for shard, pickled in done:
        entries: Shard = pickle.loads(pickled)
        found.update((path, parsed) for path, (_, parsed) in entries.items())
        if cache is not None:
            cache.keep(shard, entries, pickled, shard not in hits)
    return [found[path] for _, path in files]


def _hash_file(file: str) -> str:
    """The hash of a file's bytes, as `cache.FileHashes` gives it."""
    with open(file, "rb") as handle:
        return hashlib.blake2b(handle.read(), digest_size=16).hexdigest()


def _parse_shards(root: Path, lookups: Lookups,
                  shards: list[tuple[str, list[tuple[str, str, str]]]]) -> list[tuple[str, bytes]]:
    """Each shard's files parsed, the entries pickled (here, in the worker, in parallel)."""
    out = []
    for shard, files in shards:
        entries: Shard = {path: (key, parse_file(Path(file), path, root, lookups)) for file, path, key in files}
        out.append((shard, pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)))
    return out


def parse_file(file: Path, path: str, root: Path, lookups: Lookups) -> Parsed:
    """One content file validated (`path`: as messages name it): its part, problems, the CSV it read and the
    CSV's hash."""
    problems = Problems()
    doc = read_document(file, path, problems)
    part = read_part(doc, file, root, lookups, problems)
    csv = part.csv if part is not None else None
    csv_hash = None
    if csv is not None:
        try:
            csv_hash = _hash_file(os.path.join(root, csv))
        except OSError:
            csv_hash = "gone"
    return part, problems.items, csv, csv_hash


def display_under(root: Path) -> Callable[[Path | str], str]:
    """`display_path` for files under `root`, without resolving each file's path again."""
    base, prefix = display_path(root), str(root) + os.sep

    def shown(file: Path | str) -> str:
        text = str(file)
        if not text.startswith(prefix):
            return display_path(file)
        relative = text[len(prefix):].replace(os.sep, "/")
        return relative if base == "." else f"{base}/{relative}"

    return shown


def read_setup(root: Path, problems: Problems, base_url: str | None = None) -> Setup | None:
    """The config and entity files under `root`; None when the config is unusable."""
    config_file = root / CONFIG_NAME
    if not config_file.is_file():
        problems.error(display_path(config_file), None, "file", "is a folder, not a file" if config_file.is_dir()
                       else "not found", "every site needs a site.yml with its title and series")
        return None
    node = read_yaml_file(config_file, display_path(config_file), problems)
    config = build_config(node, display_path(config_file), problems, base_url)
    if config is None or node is None:
        return None
    lookups = Lookups(series=tuple(s.slug for s in config.series), root=os.path.realpath(root))
    declared = node.value.get("championships") if node.is_map else None
    rules = declarations(declared, display_path(config_file), problems, lookups.series) \
        if declared is not None and declared.value is not None else RuleBook()
    whole = {s.slug for s in config.series if s.complete_history}
    entities, baselines = _load_entities(root, lookups, problems, whole)
    return Setup(config, tuple(entities), tuple(baselines), lookups, rules)


def _load_entities(root: Path, lookups: Lookups, problems: Problems,
                   whole: set[str]) -> tuple[list[EntityInfo], list[Baseline]]:
    out: list[EntityInfo] = []
    baselines: list[Baseline] = []
    for folder, kind in ENTITY_KINDS.items():
        names = getattr(lookups, folder)
        described: dict[str, str] = {}  # name -> the file describing it
        for file in sorted((root / folder).glob("*.md")) if (root / folder).is_dir() else []:
            path = display_path(file)
            doc = read_document(file, path, problems)
            if doc.meta is None:
                continue
            fields = check_fields(doc.meta, ENTITY_TABLES[folder], path, "", problems)
            if fields is None:
                continue
            if fields["name"] in described:
                problems.error(path, fields.line_of("name"), "name",
                               f"{kind} '{fields['name']}' is already described by {described[fields['name']]}",
                               f"keep one file per {kind}")
                continue
            described[fields["name"]] = path
            for alias, owner in names.add(fields["name"], fields["aliases"]):
                key = "name" if alias == fields["name"] else "aliases"
                problems.error(path, fields.line_of(key), key, f"'{alias}' already names {kind} '{owner}'")
            if kind == "track" and fields.get("length"):
                lookups.track_lengths[fields["name"]] = fields["length"]
            if fields.get("before"):
                baselines += _baselines(fields["name"], doc.meta.value["before"], path, lookups, problems, whole)
            facts = tuple((f.name, fields[f.name]) for f in ENTITY_TABLES[folder]
                          if f.name not in ("name", "aliases", "before") and fields[f.name] is not None)
            out.append(EntityInfo(kind, fields["name"], path, tuple(fields["aliases"]), doc.body.strip(), facts))
    return out, baselines


def _baselines(driver: str, node: Y, path: str, lookups: Lookups, problems: Problems,
               whole: set[str]) -> list[Baseline]:
    """A driver file's `before:` figures; ignored (with a warning) for a series whose whole history is here."""
    out = []
    for series, value in node.value.items():
        if series not in lookups.series:
            problems.error(path, node.key_lines[series], f"before.{series}", f"unknown series '{series}'",
                           did_you_mean(series, lookups.series) or "one of: " + ", ".join(lookups.series))
            continue
        if series in whole:
            problems.warn(path, node.key_lines[series], f"before.{series}",
                          "ignored: site.yml says the site holds this series' whole history, so counting these "
                          "too would count those races twice",
                          f"set complete_history: false for {series} in site.yml if the site starts mid-history")
            continue
        fields = check_fields(value, BASELINE, path, f"before.{series}", problems)
        if fields is not None:
            out.append(Baseline(driver, series, fields["starts"], fields["wins"], fields["poles"]))
    return out
