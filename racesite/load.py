"""Reading a whole content folder into a validated `Site`.

Owns which files are what (site.yml, drivers/, tracks/, teams/, recaps),
entity files, and the checks across recaps (two recaps claiming one round).
Reads files through `content` and validates through `config`, `validate` and
`recap`; must not compute stats or render.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .cache import FileHashes, Memory, ParseCache, digest
from .config import CONFIG_NAME, build_config
from .content import Y, read_document, read_yaml_file
from .errors import Problems, SourceError, did_you_mean, display_path
from .model import Baseline, EntityInfo, Race, Site, SiteConfig
from .recap import Lookups, build_race
from .schema import BASELINE, ENTITY_TABLES
from .validate import check_fields

ENTITY_KINDS = {"drivers": "driver", "tracks": "track", "teams": "team"}


NOT_RECAPS = {"readme.md", "license.md", "contributing.md"}  # notes a writer may keep beside the recaps


def find_recaps(root: Path) -> list[Path]:
    """Every recap: Markdown files under `root`, outside the entity folders, in a stable order.

    Folders and files starting with '.' or '_', and README/LICENSE/CONTRIBUTING notes, are not recaps.
    (Symlinked folders are not followed, as with `Path.rglob`.)
    """
    return [Path(file) for file in _recap_files(root)]


def _recap_files(root: Path) -> list[str]:
    """`find_recaps` as path strings (a long history's 5,000 `Path` objects took a third of an edit's loading)."""
    found: list[tuple[list[str], str]] = []
    top = str(root)
    for folder, subfolders, names in os.walk(top):
        relative = os.path.relpath(folder, top)
        parts = [] if relative == "." else relative.split(os.sep)
        if parts and parts[0] in ENTITY_KINDS:
            subfolders.clear()
            continue
        subfolders[:] = [name for name in subfolders if not name.startswith((".", "_"))]
        for name in names:
            if name.endswith(".md") and not name.startswith((".", "_")) and name.lower() not in NOT_RECAPS:
                found.append(([*parts, name], os.path.join(folder, name)))
    return [file for _, file in sorted(found, key=lambda item: item[0])]


def load_site(root: Path, problems: Problems, base_url: str | None = None, drafts: bool = False,
              cache_dir: Path | None = None, memory: Memory | None = None) -> Site | None:
    """Validate every file under `root`; None when the config is unusable. Problems collect in `problems`.

    With `cache_dir`, recaps whose file is unchanged since the last build are taken from the parse cache;
    `memory` holds file hashes (files whose stat is unchanged are not read) and the parse cache as this process
    last saved it.
    """
    setup = read_setup(root, problems, base_url)
    if setup is None:
        return None
    config, entities, baselines, lookups = setup.config, setup.entities, setup.baselines, setup.lookups
    context = (root / CONFIG_NAME).read_bytes() + b"".join(e.source.encode() + pickle.dumps(e) for e in entities)
    memory = memory or Memory(FileHashes(None))
    cache = ParseCache(cache_dir, root, context + pickle.dumps((lookups, baselines)), kept=memory.parsed)
    races = []
    digests = {}
    for race, found, hashed in _read_recaps(_recap_files(root), root, lookups, cache, memory.hashes):
        problems.extend(found)
        if race is not None and (drafts or not race.draft):
            races.append(race)
            digests[race.source] = hashed
    cache.save()
    memory.parsed = cache
    _check_rounds(races, problems)
    races.sort(key=lambda r: (r.date, r.series, r.season, r.round))
    return Site(config=config, races=tuple(races), entities=tuple(entities), baselines=tuple(baselines),
                digests={source: whole for source, (whole, _) in digests.items()},
                data_digests={source: data for source, (_, data) in digests.items()})


@dataclass(frozen=True)
class Setup:
    """What every recap is read with: the config, the entity files, and the names recaps are checked against."""

    config: SiteConfig
    entities: list[EntityInfo]
    baselines: list[Baseline]
    lookups: Lookups


def read_setup(root: Path, problems: Problems, base_url: str | None = None) -> Setup | None:
    """The config and entity files under `root`; None when the config is unusable."""
    config_file = root / CONFIG_NAME
    if not config_file.is_file():
        problems.error(display_path(config_file), None, "file", "not found",
                       "every site needs a site.yml with its title and series")
        return None
    config = build_config(read_yaml_file(config_file, display_path(config_file), problems),
                          display_path(config_file), problems, base_url)
    if config is None:
        return None
    lookups = Lookups(series=tuple(s.slug for s in config.series))
    whole = {s.slug for s in config.series if s.complete_history}
    entities, baselines = _load_entities(root, lookups, problems, whole)
    return Setup(config, entities, baselines, lookups)


PARALLEL_FROM = 200  # recaps to parse before it pays to fork workers
_PARSE: tuple[Path, Lookups] | None = None  # what forked parse workers inherit


Hashes = tuple[str, str]  # a recap's (whole file hash, front matter hash)


def _read_recaps(files: list[str], root: Path, lookups: Lookups, cache: ParseCache,
                 hashes: FileHashes) -> list[tuple[Race | None, list[SourceError], Hashes]]:
    """Every recap validated, in file order, with its hashes: from the cache when unchanged, else parsed
    (in parallel when many). A recap with a CSV results file is hashed with what it read from the CSV."""
    global _PARSE
    out: dict[int, tuple[Race | None, list[SourceError], Hashes]] = {}
    todo: list[tuple[int, Path, str, str]] = []
    shown = display_under(root)
    for index, file in enumerate(files):
        path = shown(file)
        content_hash = hashes.of(file)
        hit = cache.get(path, content_hash)
        if hit is not None:
            out[index] = (hit[2], hit[3], (content_hash, hit[1]))
        else:
            todo.append((index, Path(file), path, content_hash))
    chunks = [todo[i:i + 50] for i in range(0, len(todo), 50)]
    workers = os.cpu_count() or 1
    _PARSE = (root, lookups)
    try:
        if len(todo) >= PARALLEL_FROM and workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                parsed = [item for chunk in pool.map(_parse_chunk, chunks) for item in chunk]
        else:
            parsed = [item for chunk in chunks for item in _parse_chunk(chunk)]
    finally:
        _PARSE = None
    for (index, _, path, content_hash), (race, found, uses_csv, front) in zip(todo, parsed):
        if uses_csv:  # a CSV beside the recap can change without the recap changing: never cached
            whole = digest(content_hash.encode() + pickle.dumps(race))
            out[index] = (race, found, (whole, whole))
        else:
            out[index] = (race, found, (content_hash, front))
            cache.put(path, (content_hash, front, race, found))
    return [out[index] for index in range(len(files))]


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


def _parse_chunk(chunk: list[tuple[int, Path, str, str]]) -> list[tuple[Race | None, list[SourceError], bool, str]]:
    """Each recap validated, whether it reads a results CSV, and the hash of its front matter: everything its
    race's page shows and every other page may (a prose edit leaves it unchanged, so only the race's own page is
    made again)."""
    assert _PARSE is not None
    root, lookups = _PARSE
    return [parse_recap(file, path, root, lookups, content_hash) for _, file, path, content_hash in chunk]


def parse_recap(file: Path, path: str, root: Path, lookups: Lookups,
                content_hash: str) -> tuple[Race | None, list[SourceError], bool, str]:
    """One recap validated (`path`: as messages name it), whether it reads a results CSV, and its front matter's
    hash (its file's, when it has errors)."""
    problems = Problems()
    doc = read_document(file, path, problems)
    race = build_race(doc, file, root, lookups, problems)
    uses_csv = doc.meta is not None and isinstance(doc.meta.value.get("results", None), Y) and \
        isinstance(doc.meta.value["results"].value, str)
    front = digest(doc.front.encode()) if race is not None else content_hash
    return race, problems.items, uses_csv, front


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
            facts = {k: v for k, v in fields.items() if k not in ("name", "aliases", "before") and v is not None}
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
                          "ignored: site.yml says the recaps hold this series' whole history, so counting these "
                          "too would count those races twice",
                          f"set complete_history: false for {series} in site.yml if the recaps start mid-history")
            continue
        fields = check_fields(value, BASELINE, path, f"before.{series}", problems)
        if fields is not None:
            out.append(Baseline(driver, series, fields["starts"], fields["wins"], fields["poles"]))
    return out


def _check_rounds(races: list[Race], problems: Problems) -> None:
    claimed: dict[tuple[str, int, int], Race] = {}
    for race in sorted(races, key=lambda r: r.source):
        first = claimed.setdefault(race.key, race)
        if first is not race:
            problems.error(race.source, race.round_line, "round",
                           f"{race.series} {race.season} round {race.round} is also claimed by {first.source}",
                           "each round of a season has one recap")
