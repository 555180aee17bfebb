"""Rendering pages with Jinja: the environment, formatting-only filters, errors with template lines, workers.

Owns the Jinja environment (autoescape on, StrictUndefined, built only through Jinja's public API), the filters
(dates, numbers, ordinals, links, Markdown bodies), running page makers and their templates (in forked worker
processes on large sites, each given what it needs), and turning template failures into `SourceError`s naming the
template file and line. Must not compute stats: every value arrives finished in a page's typed context.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import multiprocessing
import os
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import jinja2
from markupsafe import Markup, escape

from . import urls
from .errors import BuildError, SourceError, display_path
from .markdown_body import MarkdownRenderer
from .pages import Env, Folder, Page, Planned, RawFile

Write = Callable[[str, bytes], None]
CHUNK = 16  # page makers per task at most: small enough to balance the cores, big enough to keep overhead low
PARALLEL_FROM = 32  # makers to render before it pays to fork workers (or one of a heavy kind and any other)


class Filters:
    """The templates' filters: formatting only. One per environment (it keeps the anchors it has made)."""

    def __init__(self) -> None:
        self.markdown = MarkdownRenderer()
        self.anchors: dict[Any, Markup] = {}  # by the link itself: a name's link is one object, shown on many rows

    def install(self, env: jinja2.Environment) -> None:
        env.filters.update(date=format_date, isodate=isodate, link=self.link, num=format_number, fixed=format_fixed,
                           ordinal=ordinal, plural=plural, markdown=self.convert)

    def link(self, link: Any) -> Markup:
        """A `Link` (text, href) as an escaped <a>; nothing for None."""
        if not link:
            return Markup("")
        anchor = self.anchors.get(link)
        if anchor is None:
            anchor = self.anchors[link] = Markup(f'<a href="{escape(link.href)}">{escape(link.text)}</a>')
        return anchor

    def convert(self, text: str, links: Mapping[str, str] | None = None) -> Markup:
        """Markdown to HTML (raw HTML in it escaped), linking each of `links`' names at its first mention."""
        return Markup(self.markdown.convert(text, links))


def make_environment(templates: Path, compiled: Path | None = None, filters: Filters | None = None
                     ) -> jinja2.Environment:
    """`compiled`: a folder to keep compiled templates in between processes (Jinja's bytecode cache, checked
    against each template's source)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=_compiled_templates(compiled) if compiled is not None else None,
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    (filters or Filters()).install(env)
    return env


def _compiled_templates(folder: Path) -> jinja2.FileSystemBytecodeCache:
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder), f"jinja-{jinja2.__version__}-%s.cache")


def format_date(value: dt.date | None, style: str = "long") -> str:
    """'March 20, 2021' (long), 'Mar 20, 2021' (medium) or 'Mar 20' (short); never shifted by a timezone."""
    if value is None:
        return ""
    if style == "short":
        return f"{value:%b} {value.day}"
    if style == "medium":
        return f"{value:%b} {value.day}, {value.year}"
    return f"{value:%B} {value.day}, {value.year}"


def isodate(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def format_number(value: float | int | None, digits: int = 1, blank: str = "") -> str:
    """Integers as they are, other numbers to `digits` decimals; None as `blank`."""
    if value is None:
        return blank
    if type(value) is int:
        return str(value) if -1000 < value < 1000 else f"{value:,}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{digits}f}"


def format_fixed(value: float | int | None, digits: int = 1, blank: str = "") -> str:
    """Always `digits` decimals (averages, percentages); None as `blank`."""
    if value is None:
        return blank
    return f"{value:,.{digits}f}"


def ordinal(value: int) -> str:
    """1 -> '1st', 12 -> '12th', 23 -> '23rd'."""
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


def plural(value: float | int, one: str, many: str) -> str:
    """The word for `value`: `1 | plural("win", "wins")` -> 'win'."""
    return one if value == 1 else many


def template_variables(context: Any) -> dict[str, Any]:
    """A page's typed context as its template's variables: one per field."""
    return {f.name: getattr(context, f.name) for f in dataclasses.fields(context)}


class Measure(Protocol):
    """What takes each page's fingerprint as it is made (`plan.Plan`)."""

    def print_of(self, page: Planned) -> str:
        """The page's fingerprint."""
        ...

    def learned(self) -> object:
        """What taking fingerprints here learned that the parent process keeps (called where a chunk was made)."""
        ...

    def learn(self, found: object) -> None:
        """Take what a chunk's `learned` gave (in the parent)."""
        ...


@dataclass(frozen=True)
class Job:
    """What rendering needs, in this process or a forked worker: the pages, what they may use, where to write."""

    planned: Sequence[Planned]
    env: Env
    templates: Path
    write: Write
    compiled: Path | None = None
    measure: Measure | None = None  # each page's fingerprint, taken as it is made (the build plan)
    folder: Callable[[str], Path] | None = None  # a folder of the new site, made, for a `Folder` to fill


def render(job: Job, workers: int | None = None) -> list[tuple[list[str], str | None]]:
    """Make and render every planned page, handing each file to `job.write(path, bytes)`; returns each planned
    page's files (and fingerprint, when `job.measure` takes them). Template errors are collected and raised as one
    `BuildError`."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    count = len(job.planned)
    size = max(1, min(CHUNK, count // (8 * workers)))  # a few makers (a long career, say) can be slow
    chunks = [range(start, min(start + size, count)) for start in range(0, count, size)]
    filters = Filters()
    jinja = make_environment(job.templates, job.compiled, filters)
    worth = count >= PARALLEL_FROM or (count > 1 and any(planned.kind.heavy for planned in job.planned))
    if workers > 1 and worth and "fork" in multiprocessing.get_all_start_methods():
        results = _in_workers(job, jinja, chunks, workers)
    else:
        results = [_render_chunk(job, jinja, chunk) for chunk in chunks]
    filters.anchors.clear()  # (Jinja's environment is a cycle of objects: the links it made need not wait for it)
    problems = [problem for _, found, _ in results for problem in found]
    if problems:
        raise BuildError(problems[:10])
    files: list[tuple[list[str], str | None]] = [([], None) for _ in range(count)]
    for done, _, learned in results:
        for index, paths, value in done:
            files[index] = (paths, value)
        if job.measure is not None:
            job.measure.learn(learned)
    return files


Done = tuple[list[tuple[int, list[str], str | None]], list[SourceError], object]


def _in_workers(job: Job, jinja: jinja2.Environment, chunks: list[range], workers: int) -> list[Done]:
    """Render the chunks in forked processes: each is given the job, the environment and two queues."""
    context = multiprocessing.get_context("fork")
    tasks: Any = context.SimpleQueue()
    results: Any = context.SimpleQueue()
    processes = [context.Process(target=_worker, args=(job, jinja, tasks, results), daemon=True)
                 for _ in range(workers)]
    for process in processes:
        process.start()
    for chunk in chunks:
        tasks.put(chunk)
    for _ in processes:
        tasks.put(None)
    out: list[Done] = []
    crashed: list[str] = []
    for _ in chunks:
        kind, value = results.get()
        if kind == "crash":
            crashed.append(value)
            break
        out.append(value)
    for process in processes:
        if crashed:
            process.terminate()
        process.join()
    if crashed:
        raise RuntimeError("a render worker failed:\n" + crashed[0])
    return out


def _worker(job: Job, jinja: jinja2.Environment, tasks: Any, results: Any) -> None:
    gc.freeze()  # what the parent made (the site, its stats) is never garbage here: collections leave it alone
    gc.enable()  # (a long-running parent builds with collection off: rendering makes many short-lived objects)
    gc.set_threshold(50_000, 20, 20)
    try:
        while (chunk := tasks.get()) is not None:
            results.put(("done", _render_chunk(job, jinja, chunk)))
    except BaseException:  # a bug, not the writer's: hand the parent the traceback rather than hang it
        results.put(("crash", traceback.format_exc()))


def _render_chunk(job: Job, jinja: jinja2.Environment, chunk: range) -> Done:
    done: list[tuple[int, list[str], str | None]] = []
    problems: list[SourceError] = []
    for index in chunk:
        planned = job.planned[index]
        written = []
        for item in planned.kind.make(planned.inputs, job.env):
            if isinstance(item, RawFile):
                job.write(item.path, item.data)
                written.append(item.path)
                continue
            if isinstance(item, Folder):
                assert job.folder is not None, "a Folder needs the job's folder()"
                written += item.fill(job.folder(item.path))
                continue
            try:
                data = jinja.get_template(item.template).render(template_variables(item.context)).encode()
            except Exception as exc:  # a template failed: name its file and line, keep the reason
                problems.append(_describe(exc, job.templates, item))
                return done, problems, None
            path = urls.file_for(item.path)
            job.write(path, data)
            written.append(path)
        done.append((index, written, job.measure.print_of(planned) if job.measure is not None else None))
    return done, problems, job.measure.learned() if job.measure is not None else None


def _describe(exc: Exception, templates: Path, page: Page) -> SourceError:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return _template_error(templates, exc.filename, exc.lineno, exc.message or str(exc), page)
    if isinstance(exc, jinja2.TemplateNotFound):
        return SourceError(display_path(templates / str(exc.name)), None, "template", "not found")
    filename, lineno = _template_frame(exc, templates)
    return _template_error(templates, filename, lineno, f"{type(exc).__name__}: {exc}", page)


def _template_error(templates: Path, filename: str | None, lineno: int | None, message: str, page: Page) -> SourceError:
    return SourceError(display_path(filename or templates), lineno, "template",
                       f"{message} (while rendering '{page.path or 'home'}')")


def _template_frame(exc: BaseException, templates: Path) -> tuple[str | None, int | None]:
    root = str(templates.resolve())
    found: tuple[str | None, int | None] = (None, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename and str(Path(frame.filename).resolve()).startswith(root):
            found = (frame.filename, frame.lineno)
    return found
