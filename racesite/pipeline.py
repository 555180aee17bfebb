"""The build, top to bottom: read and validate content, compute stats, render pages, write the site.

Owns the sequence, and `Warm`: what one build hands the next in the same
process (the live preview keeps it between saves). Must not parse arguments or
print: `build.py` does that with the `BuildReport` returned or the
`BuildError` raised.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .cache import FileHashes, Memory
from .embeds import embed_errors
from .errors import Problems, SourceError
from .export import export_makers, keep_entries
from .feeds import feed_makers
from .incremental import Inputs, Manifest, Prints, data_key, fingerprints, race_print
from .load import Setup, load_site
from .meta import MetaAdder, hosting_files, not_found_page
from .model import Site
from .output import Staging, Update
from .pages import Maker, page_makers, race_key, with_extras
from .pages.common import Linker, one_page
from .pages.race import race_page
from .prose import ProseEdit, Sidecar, prose_edits, prose_warnings
from .render import render_into
from .stats import Stats, compute

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TEMPLATES = ROOT / "templates"


@dataclass(frozen=True)
class BuildReport:
    races: int
    pages: int  # files written
    warnings: list[SourceError] = field(default_factory=list)
    rendered: int = 0  # pages rendered this time
    reused: int = 0  # pages taken unchanged from the previous build
    unchanged: bool = False  # nothing changed since the last build: nothing was done


def check(content: Path) -> Problems:
    """Validate the content without rendering or writing; every problem is in the result."""
    problems = Problems()
    site = load_site(content, problems, drafts=True)
    if site is not None and not problems.errors:
        stats = compute(site)
        problems.extend(stats.warnings)
        problems.extend(stats.errors)
        problems.extend(embed_errors(site.races))
    return problems


@dataclass
class Warm:
    """What a build keeps for the next build into the same folder in the same process (the live preview keeps it
    between saves), so an edit costs what it changes: file hashes and parsed recaps stay in memory, the stats are
    reused while the data they were computed from is unchanged (a prose edit) or updated where an edit to some
    races' data leaves the rest as it was (`stats.update`), and so are the fingerprints."""

    memory: Memory
    data: str = ""  # the data key of `stats`
    site: Site | None = None  # what the numbers in `stats` were computed from
    stats: Stats | None = None
    prints: Prints | None = None

    @staticmethod
    def start(cache_dir: Path | None) -> Warm:
        return Warm(Memory(FileHashes(cache_dir)))


def build(content: Path, out: Path, *, templates: Path = DEFAULT_TEMPLATES, base_url: str | None = None,
          drafts: bool = False, cache_dir: Path | None = None, warm: Warm | None = None) -> BuildReport:
    """Build the site in `content` into `out`. Raises `BuildError` (leaving `out` as it was) on any error.

    With `cache_dir`, a build reuses what the last build into `out` made: when no input changed it does
    nothing, otherwise it parses only changed recaps and renders only pages whose inputs changed. `warm`: what
    this process's last build into `out` (with the same `cache_dir`) kept.
    """
    options = (str(base_url), drafts)
    long_running = warm is not None
    warm = warm or Warm.start(cache_dir)
    warm.memory.hashes.new_build()
    try:
        inputs = Inputs.of(content, templates, options, warm.memory.hashes) if cache_dir else Inputs("", {})
        previous = Manifest.load(cache_dir, out)
        # (a long-running process's first build loads the site all the same: its next edit builds on it)
        if previous is not None and previous.inputs == inputs and (not long_running or warm.prints is not None):
            return BuildReport(races=previous.races, pages=0, warnings=previous.warnings, unchanged=True)
        if previous is not None and cache_dir is not None and not long_running:  # (the preview keeps its model)
            prose = prose_edits(content, out, cache_dir, base_url, inputs, previous)
            if prose is not None:
                return _remake_prose(out, templates, cache_dir, inputs, previous, *prose)
        with quiet_gc(keep_frozen=long_running) as model_built:
            return _build(content, out, templates, base_url, drafts, cache_dir, options, inputs, previous, warm,
                          model_built, long_running)
    finally:
        warm.memory.hashes.save()


def _build(content: Path, out: Path, templates: Path, base_url: str | None, drafts: bool, cache_dir: Path | None,
           options: tuple[object, ...], inputs: Inputs, previous: Manifest | None, warm: Warm,
           model_built: Callable[[], None], long_running: bool) -> BuildReport:
    # Gather and check everything first: content with errors renders nothing.
    site, stats, problems = prepare(content, base_url=base_url, drafts=drafts, cache_dir=cache_dir, warm=warm)
    model_built()
    add_meta = MetaAdder.for_site(site, stats)
    keyed = site_makers(site, stats, add_meta)
    prints: dict[str, str | None] = {}
    checked = long_running and warm.prints is not None  # files were checked by this process's first build
    if cache_dir is not None:
        warm.prints = fingerprints(site, stats, [key for key, _ in keyed], options, templates, warm.memory.hashes,
                                   warm.prints)
        prints = warm.prints.values
    reuse = previous.reusable(prints, out, check_files=not checked) if previous is not None else {}
    # Render page by page into a folder of new files; only a complete build replaces `out` (or, when pages
    # are reused, is moved into it file by file).
    static = templates / "static"
    kept = [path for paths in reuse.values() for path in paths]
    writer = Update(out, static, previous.files, kept) if previous is not None and reuse else Staging(out, static)
    with writer:
        todo = sorted(((key, make) for key, make in keyed if key not in reuse), key=_slow_first)
        rendered = render_into([make for _, make in todo], templates, writer.write, decorate=add_meta,
                               compiled=compiled_templates(cache_dir) if cache_dir is not None else None)
        made = {**reuse, **{key: paths for (key, _), paths in zip(todo, rendered)}}
        written = sorted(path for paths in made.values() for path in paths)
        files = hosting_files(site, written, problems, content)  # sitemap, robots, CNAME
        for path in sorted(files):
            writer.write(path, files[path])
        if cache_dir is not None:
            Manifest.forget(cache_dir, out)
        writer.commit()
    if long_running:  # kept for the next edit: every season's final table (a series page shows them all) and
        stats.standings.keep_finals()  # the data files' entries
        keep_entries(site, stats)
    if cache_dir is not None:
        assert warm.prints is not None
        if not long_running and (previous is None or (previous.inputs.setup, previous.data) != (inputs.setup, warm.data)
                             or not Sidecar.file_for(cache_dir, out).is_file()):  # (else the last one is right)
            Sidecar.of(site, stats, inputs.setup, warm.data, warm.prints).save(cache_dir, out)
        makers = {key: (prints.get(key), made[key]) for key, _ in keyed}
        every = sorted({*written, *files, *writer.static_files})
        Manifest(inputs, warm.data, len(site.races), problems.warnings, makers, every).save(cache_dir, out)
    return BuildReport(races=len(site.races), pages=len(written) + len(files), warnings=problems.warnings,
                       rendered=sum(len(paths) for paths in rendered),
                       reused=sum(len(paths) for paths in reuse.values()))


def _remake_prose(out: Path, templates: Path, cache_dir: Path, inputs: Inputs, previous: Manifest, setup: Setup,
                  sidecar: Sidecar, edits: list[ProseEdit]) -> BuildReport:
    """Remake the race pages of recaps whose prose alone changed; every other file is as the last build left it."""
    link = Linker(setup.config, sidecar.slugs)
    makers = [partial(one_page, race_page, e.race, setup.config, e.inputs, e.body, link) for e in edits]
    add_meta = MetaAdder(setup.config, tuple(setup.entities), [edit.race for edit in edits], link, {})
    with Update(out, templates / "static", previous.files, previous.files) as writer:
        rendered = render_into(makers, templates, writer.write, decorate=add_meta,
                               compiled=compiled_templates(cache_dir))
        Manifest.forget(cache_dir, out)
        writer.commit()
    remade = {race_key(edit.race): (race_print(sidecar.shared, edit.recap, edit.inputs), paths)
              for edit, paths in zip(edits, rendered)}
    warnings = prose_warnings(previous.warnings, edits)
    Manifest(inputs, previous.data, previous.races, warnings, {**previous.makers, **remade},
             previous.files).save(cache_dir, out)
    return BuildReport(races=previous.races, pages=len(previous.files) - len(writer.static_files), warnings=warnings,
                       rendered=sum(len(paths) for paths in rendered),
                       reused=sum(len(paths) for key, (_, paths) in previous.makers.items() if key not in remade))


def compiled_templates(cache_dir: Path) -> Path:
    """Where compiled templates are kept between processes."""
    return cache_dir / "templates"


def site_makers(site: Site, stats: Stats, add_meta: MetaAdder) -> list[tuple[str, Maker]]:
    """Every file of the site as keyed makers: the pages, each with the feed or data file that goes with it,
    the data export and the 404 page."""
    pages = [*page_makers(site, stats), ("data", list), ("404", lambda: [not_found_page(add_meta.link)])]
    return with_extras(pages, {**feed_makers(site, stats), **export_makers(site, stats)})


SLOW_FIRST = ("season", "series", "listings", "make", "team", "data", "driver", "track")  # the rest after


def _slow_first(keyed: tuple[str, Maker]) -> int:
    """Render order: kinds whose makers take longest first, so the cores finish together (a season's
    standings after every round take seconds; a race page milliseconds)."""
    kind = keyed[0].partition(":")[0]
    return SLOW_FIRST.index(kind) if kind in SLOW_FIRST else len(SLOW_FIRST)


@contextmanager
def quiet_gc(keep_frozen: bool = False) -> Iterator[Callable[[], None]]:
    """No cycle collection during a build; once the model is built (the callback), it is frozen.

    The model is millions of small acyclic objects (a long history has ~180k results and ~500k standings
    rows); the collector rescanning them as they are made doubled the time of loading and stats. Frozen,
    they are not scanned again, here or in the forked render workers (which collect for themselves as they
    render). What the build makes after the model (makers, fingerprints, an edit's few pages rendered here) is
    left to reference counting too: a full collection of it, every ~70,000 new objects, took ~40 ms, several
    times in a one-second edit. Afterwards collection is back to normal, so a one-off build's process frees its
    model; a long-running process (`keep_frozen`) keeps its model frozen, since its next build reuses most of it
    (a full collection of a long history's model takes most of a second). The model has no reference cycles,
    so what a later build drops of it is still freed, by reference counting.
    """

    def model_built() -> None:
        gc.freeze()

    gc.disable()
    try:
        yield model_built
    finally:
        if not keep_frozen:
            gc.unfreeze()
        gc.enable()


def prepare(content: Path, *, base_url: str | None = None, drafts: bool = False, cache_dir: Path | None = None,
            warm: Warm | None = None) -> tuple[Site, Stats, Problems]:
    """Load and validate the content, then compute every number. Raises `BuildError` on any content error."""
    problems = Problems()
    warm = warm or Warm.start(None)
    site = load_site(content, problems, base_url=base_url, drafts=drafts, cache_dir=cache_dir, memory=warm.memory)
    problems.raise_if_errors()
    assert site is not None
    data = data_key(site)
    same_data = warm.stats if warm.stats is not None and warm.data == data else None
    last = (warm.site, warm.stats) if warm.site is not None and warm.stats is not None else None
    stats = compute(site, same_data=same_data, last=last)
    if same_data is None:  # (numbers reused keep naming the races they were computed from)
        warm.site = site
    warm.data, warm.stats = data, stats
    problems.extend(stats.warnings)
    problems.extend(stats.errors)
    problems.extend(embed_errors(site.races))
    problems.raise_if_errors()
    return site, stats, problems
