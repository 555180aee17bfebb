"""The build, top to bottom: read and validate content, compute stats, render pages, write the site.

Owns the sequence and nothing else. Must not parse arguments or print:
`build.py` does that with the `BuildReport` returned or the `BuildError` raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .embeds import embed_errors
from .errors import Problems, SourceError
from .export import export_files
from .feeds import feed_files
from .load import load_site
from .meta import hosting_files, with_meta
from .output import write_site
from .pages import build_pages
from .render import render_pages
from .stats import compute

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TEMPLATES = ROOT / "templates"


@dataclass(frozen=True)
class BuildReport:
    races: int
    pages: int
    warnings: list[SourceError] = field(default_factory=list)


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


@dataclass(frozen=True)
class Rendered:
    """A whole site in memory, ready to write: output path -> bytes."""

    files: dict[str, bytes]
    races: int
    warnings: list[SourceError]


def build(content: Path, out: Path, *, templates: Path = DEFAULT_TEMPLATES, base_url: str | None = None,
          drafts: bool = False) -> BuildReport:
    """Build the site in `content` into `out`. Raises `BuildError` (writing nothing) on any error."""
    rendered = render_site(content, templates=templates, base_url=base_url, drafts=drafts)
    # Only now touch the disk.
    written = write_site(rendered.files, out, static=templates / "static")
    return BuildReport(races=rendered.races, pages=written, warnings=rendered.warnings)


def render_site(content: Path, *, templates: Path = DEFAULT_TEMPLATES, base_url: str | None = None,
                drafts: bool = False) -> Rendered:
    """Everything up to writing: load and validate, compute, build contexts, render. Raises `BuildError`."""
    # Gather and check everything first: a build with errors writes nothing.
    problems = Problems()
    site = load_site(content, problems, base_url=base_url, drafts=drafts)
    problems.raise_if_errors()
    assert site is not None
    stats = compute(site)
    problems.extend(stats.warnings)
    problems.extend(stats.errors)
    problems.extend(embed_errors(site.races))
    problems.raise_if_errors()
    pages = with_meta(build_pages(site, stats), site, stats)  # + the 404 page, head metadata, JSON-LD
    files = render_pages(pages, templates)
    files.update(export_files(site, stats))
    files.update(feed_files(site, stats))
    files.update(hosting_files(site, files, problems, content))  # sitemap, robots.txt, .nojekyll, CNAME
    return Rendered(files=files, races=len(site.races), warnings=problems.warnings)
