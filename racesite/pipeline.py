"""The build, top to bottom: load, compute (and proofread), plan, render, write, record.

Owns the sequence and nothing else: each phase is one call into the module that owns it. Incremental builds are
one argument (`cache_dir`, or a long-running process's own `Cache`): the plan then keeps the pages whose inputs
are unchanged. Must not parse arguments or print: `build.py` does that with the `BuildReport` returned or the
`BuildError` raised.
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .config import CONFIG_NAME, address_warning
from .embeds import embed_errors
from .errors import BuildError, Problems, SourceError, display_path
from .hosting import hosting_files
from .load import load_site
from .model import Site
from .output import Staging, Update
from .pages import Env, Planned, environment, site_pages
from .pages.links import race_path, story_path
from .plan import Cache
from .proofread.site import Proofread
from .proofread.site import begin as begin_proofreading
from .render import Job, render
from .stats import Stats, compute
from .urls import file_for

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TEMPLATES = ROOT / "templates"


@dataclass(frozen=True)
class BuildReport:
    races: int
    pages: int  # files in the site
    warnings: list[SourceError] = field(default_factory=list)
    rendered: int = 0  # files made this time
    reused: int = 0  # files kept from the previous build
    unchanged: bool = False  # nothing changed since the last build: nothing was done
    silenced: list[str] = field(default_factory=list)  # story sentences a `<!-- prose-ok -->` marker silenced
    deferred: tuple[Planned, ...] = ()  # the pages of the kinds `defer` named, not made: the caller makes them
    env: Env | None = None  # what the deferred pages may use besides their inputs


def build(content: Path, out: Path, *, templates: Path = DEFAULT_TEMPLATES, base_url: str | None = None,
          drafts: bool = False, strict: bool = False, cache_dir: Path | None = None, cache: Cache | None = None,
          publishing: bool = False, defer: Collection[str] = ()) -> BuildReport:
    """Build the site in `content` into `out`. Raises `BuildError` (leaving `out` as it was) on any error, and on
    any warning with `strict` (or `strict: true` in site.yml).

    With `cache_dir` (or a `cache` a long-running process keeps), a build keeps what the last build into `out`
    made: when no input changed it does nothing, otherwise it makes only the pages whose inputs changed.
    `publishing`: the build is for publishing (the command line was given `--base-url`), so a site address that is
    only a path gets a warning. `defer`: kinds of page (by name) this build leaves out and returns in
    `BuildReport.deferred` (the live preview makes the search index after the pages, in the background)."""
    options = (str(base_url), drafts)
    cache = cache or Cache(cache_dir, content, out)
    with _no_collection():
        last = cache.start(templates, options)
        if last is not None:  # no input changed since the last build into `out`: nothing to do
            return BuildReport(last.races, len(last.files), last.warnings, unchanged=True, silenced=last.silenced)
        # Load and compute: every file read and checked, every number computed, every story's prose read against
        # the data. Errors stop here.
        site, stats, problems = prepare(content, base_url=base_url, drafts=drafts, strict=strict, cache=cache)
        if publishing and (warning := address_warning(site.config, "--base-url", "")) is not None:
            problems.items.append(warning)
        # Plan: which pages to make, from what each page declares it shows, and which to keep.
        planned = site_pages(site, stats, cache.reuse)
        later = tuple(page for page in planned if page.kind.name in defer)
        plan = cache.plan([page for page in planned if page.kind.name not in defer], site, stats, templates, options)
        # Render into a folder of new files, then write: only a complete build replaces `out` (or, when pages
        # are kept, is moved into it file by file).
        static = templates / "static"
        writer = Update(out, static, plan.previous.files, [p for ps in plan.kept.values() for p in ps]) \
            if plan.previous is not None else Staging(out, static)
        with writer:
            env = environment(site, stats)
            job = Job(plan.todo, env, templates, writer.write,
                      cache_dir / "templates" if cache_dir is not None else None,
                      plan if cache_dir is not None else None, writer.folder)
            made = dict(zip((str(p.key) for p in plan.todo), render(job)))
            pages = sorted(path for paths in (*plan.kept.values(), *(p for p, _ in made.values())) for path in paths)
            made_from = (site.config, pages, _drafts(site))  # (the sitemap of the same pages: the last build's)
            extra = cache.again("hosting", made_from, partial(hosting_files, *made_from))
            for path in sorted(extra):
                writer.write(path, extra[path])
            cache.forget()
            writer.commit()
        # Record what was made, for the next build.
        cache.record(plan, made, sorted({*pages, *extra, *writer.static_files}), problems.warnings, len(site.races),
                     problems.silenced)
    return BuildReport(len(site.races), len(pages) + len(extra), problems.warnings,
                       rendered=sum(len(paths) for paths, _ in made.values()),
                       reused=sum(len(paths) for paths in plan.kept.values()), silenced=problems.silenced,
                       deferred=later, env=env if later else None)


@contextmanager
def _no_collection() -> Iterator[None]:
    """No cycle collection during a build: the model is millions of small acyclic objects, and collecting while
    they are made (and again while every page's inputs are gathered) costs a second and more on a long history.
    The render workers collect for themselves. Afterwards what the build made is left out of later collections
    (`gc.freeze`): a long-running process (the live preview) would otherwise walk all of it again after every
    build. (Acyclic, it is freed as usual when dropped; a build leaves almost no cycles behind.)"""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was:
            gc.enable()


def prepare(content: Path, *, base_url: str | None = None, drafts: bool = False, strict: bool = False,
            cache: Cache | None = None) -> tuple[Site, Stats, Problems]:
    """Load and validate the content, compute every number, and read every story against the data. Raises
    `BuildError` on any error (and, when strict, on any warning)."""
    problems = Problems()
    site = load_site(content, problems, base_url=base_url, drafts=drafts, cache=cache)
    if site is None:
        problems.raise_if_errors()
    assert site is not None
    # Computed over the races that loaded even when some did not: the writer sees every problem in one run. The
    # stories' prose is read against the data meanwhile (`proofread`: by forked workers, when there are many).
    with begin_proofreading(site, cache.prose if cache is not None else None) as reading:
        stats = compute(site, cache.stats if cache is not None else None)
        if cache is not None:
            cache.stats = stats
        problems.extend(stats.warnings)
        problems.extend(stats.errors)
        problems.extend(embed_errors(site.stories))
        _proofread(reading.finish(stats), problems)
    problems.raise_if_errors(strict=strict or site.config.strict)
    return site, stats, problems


def check(content: Path, *, strict: bool = False) -> Problems:
    """Validate the content without rendering or writing; every problem is in the result."""
    problems = Problems()
    with _no_collection():
        site = load_site(content, problems, drafts=True)
        if site is not None:
            with begin_proofreading(site) as reading:
                stats = compute(site)
                problems.extend(stats.warnings)
                problems.extend(stats.errors)
                problems.extend(embed_errors(site.stories))
                _proofread(reading.finish(stats), problems)
    if site is not None and (warning := address_warning(site.config, display_path(content / CONFIG_NAME))):
        problems.items.append(warning)
    problems.strict = strict or (site is not None and site.config.strict)
    return problems


def _proofread(found: Proofread, problems: Problems) -> None:
    """What reading every story against the data as of its own time found: its findings are warnings, and the
    sentences a writer silenced are listed."""
    problems.extend(found.warnings)
    problems.silenced = list(found.silenced)


def _drafts(site: Site) -> set[str]:
    """The files of draft race and story pages: never in the sitemap."""
    races = {race.key: race for race in site.races}
    return ({file_for(race_path(race)) for race in site.races if race.draft}
            | {file_for(story_path(races[story.race], story)) for story in site.stories if story.draft})


__all__ = ["DEFAULT_TEMPLATES", "BuildError", "BuildReport", "build", "check", "prepare"]
