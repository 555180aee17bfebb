"""Rendering pages with Jinja: the environment, formatting-only filters, errors with template lines.

Owns the Jinja environment (autoescape on, StrictUndefined), the filters
(dates, numbers, ordinals, Markdown bodies) and turning template failures into
`SourceError`s naming the template file and line. Must not compute stats:
every value arrives finished in a page's context.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import multiprocessing
import os
import traceback
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from markupsafe import Markup

try:  # markupsafe's own escaping of a str (pinned in requirements.txt; its C version when built)
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - a platform without markupsafe's C extension
    from markupsafe._native import _escape_inner

from . import urls
from .cache import code_key
from .errors import BuildError, SourceError, display_path
from .markdown_body import MarkdownRenderer
from .pages import Output, Page, RawFile

_new_str = str.__new__


def escape(value: Any) -> Markup:
    """markupsafe's `escape`, with the same result, without its Python-level `Markup` constructor.

    A page's every `{{ value }}` is escaped: on a long history that is tens of millions of calls, and
    markupsafe 3 builds each result through `Markup.__new__` (a Python frame and a `__html__` check); this
    makes the `Markup` directly. An int's text needs no escaping; a `Markup` is returned as it is.
    """
    kind = type(value)
    if kind is str:
        return _new_str(Markup, _escape_inner(value))
    if kind is Markup:  # already safe (a link, a rendered body): Markup is immutable, so it is the result
        return value
    if kind is int:
        return _new_str(Markup, str(value))
    if hasattr(value, "__html__"):
        return _new_str(Markup, value.__html__())
    return _new_str(Markup, _escape_inner(str(value)))


class _Template(jinja2.Template):
    """Templates whose autoescaped output goes through `escape` above (the same output as markupsafe's)."""

    @classmethod
    def _from_namespace(cls, environment: jinja2.Environment, namespace: MutableMapping[str, Any],
                        globals: MutableMapping[str, Any]) -> jinja2.Template:
        # The compiled template's functions look these up in this namespace when they run.
        namespace.update(escape=escape, _Markup=Markup, _escape_str=_escape_inner)
        return super()._from_namespace(environment, namespace, globals)


class _CodeGenerator(CodeGenerator):
    """Jinja's code, with a dict's key read in place: `row['pos']` and `standings.round` on a context dict.

    Jinja reads every `x['k']` and `x.k` through a method of the environment (a Python call with a try:
    tens of millions on a long history, and `x.k` on a dict first fails as an attribute). For a plain dict
    holding the key, the compiled code now subscripts it inline; anything else (other objects, a missing key,
    a name dicts have as a method, such as `items`) still goes through the environment, so every template
    reads exactly what it read before.
    """

    @optimizeconst
    def visit_Getitem(self, node: nodes.Getitem, frame: Frame) -> None:
        if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            self._read_key(node.node, node.arg.value, "getitem", frame)
        else:
            super().visit_Getitem(node, frame)

    @optimizeconst
    def visit_Getattr(self, node: nodes.Getattr, frame: Frame) -> None:
        if hasattr(dict, node.attr):  # (Jinja gives the dict's method)
            super().visit_Getattr(node, frame)
        else:
            self._read_key(node.node, node.attr, "getattr", frame)

    # A page's `{{ value }}` is joined into the page's text and nothing else: the escaped text is what matters, not
    # its `Markup` type (Jinja writes `str(value)` there when autoescaping is off). So the commonest kinds are
    # escaped in place: a `Markup` (a link) as it is, a str through markupsafe's own C escaping, an int's digits;
    # anything else goes to `escape`, as before.
    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if self._inline_escape(frame, finalize):
            self.write("(_e if (_k := type(_e := ")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if self._inline_escape(frame, finalize):
            self.write(")) is _Markup else _escape_str(_e) if _k is str else str(_e) if _k is int else escape(_e))")
        else:
            super()._output_child_post(node, frame, finalize)

    @staticmethod
    def _inline_escape(frame: Frame, finalize: Any) -> bool:
        return bool(frame.eval_ctx.autoescape) and not frame.eval_ctx.volatile and finalize.src is None

    def _read_key(self, obj: nodes.Expr, key: str, fallback: str, frame: Frame) -> None:
        # `_v` is assigned before it is read, so nested reads (x['a']['b']) each see their own value.
        self.write(f"(_v[{key!r}] if type(_v := ")
        self.visit(obj, frame)
        self.write(f") is dict and {key!r} in _v else environment.{fallback}(_v, {key!r}))")


@functools.lru_cache(maxsize=4)
def _environment(templates: str, compiled: str | None) -> jinja2.Environment:
    """One environment per template folder and process: a long-running process (the live preview) keeps its
    compiled templates between builds; Jinja recompiles a template whose file changed."""
    return make_environment(Path(templates), Path(compiled) if compiled else None)


def make_environment(templates: Path, compiled: Path | None = None) -> jinja2.Environment:
    """`compiled`: a folder to keep compiled templates in between processes (Jinja's bytecode cache, checked
    against each template's source; kept per version of racesite's code, which sets how templates compile)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=_compiled_templates(compiled) if compiled is not None else None,
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.template_class = _Template
    env.code_generator_class = _CodeGenerator
    markdown = MarkdownRenderer()
    env.filters.update(
        date=format_date,
        isodate=lambda d: d.isoformat() if d else "",
        link=format_link,
        num=format_number,
        fixed=format_fixed,
        ordinal=ordinal,
        markdown=lambda text, links=None: Markup(markdown.convert(text, links)),
    )
    return env


def _compiled_templates(folder: Path) -> jinja2.FileSystemBytecodeCache:
    folder.mkdir(parents=True, exist_ok=True)
    prefix = f"{code_key()}-"
    for old in folder.glob("*.cache"):
        if not old.name.startswith(prefix):
            old.unlink(missing_ok=True)  # compiled by another version of racesite
    return jinja2.FileSystemBytecodeCache(str(folder), prefix + "%s.cache")


def format_date(value: dt.date | None, style: str = "long") -> str:
    """'March 20, 2021' (long) or 'Mar 20' (short); never shifted by a timezone."""
    if value is None:
        return ""
    if style == "short":
        return f"{value:%b} {value.day}"
    return f"{value:%B} {value.day}, {value.year}"


def format_link(link: dict[str, str] | None) -> Markup:
    """A `Link` ({text, href}) as an escaped <a>; nothing for None."""
    if not link:
        return Markup("")
    return _anchor(link["href"], link["text"])


@functools.lru_cache(maxsize=1 << 16)  # the same drivers, tracks and races are linked from page after page
def _anchor(href: str, text: str) -> Markup:
    return Markup(f'<a href="{escape(href)}">{escape(text)}</a>')


@functools.lru_cache(maxsize=1 << 16)  # tables repeat the same counts and points; equal numbers format alike
def format_number(value: float | int | None, digits: int = 1, blank: str = "") -> str:
    """Integers as they are, other numbers to `digits` decimals; None as `blank`."""
    if value is None:
        return blank
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{digits}f}"


@functools.lru_cache(maxsize=1 << 16)
def format_fixed(value: float | int | None, digits: int = 1, blank: str = "") -> str:
    """Always `digits` decimals (averages, percentages); None as `blank`."""
    if value is None:
        return blank
    return f"{value:,.{digits}f}"


def ordinal(value: int) -> str:
    """1 -> '1st', 12 -> '12th', 23 -> '23rd'."""
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


@dataclass
class _Job:
    """What a forked render worker inherits: set just before the pool starts, read by `_render_chunk`."""

    makers: Sequence[Callable[[], Sequence[Output]]]
    decorate: Callable[[Page], Page]
    templates: Path
    write: Callable[[str, bytes], None]
    compiled: Path | None = None
    env: jinja2.Environment | None = None


_JOB: _Job | None = None
CHUNK = 16  # makers per task at most: small enough to balance the cores (16 seasons take ~3 s), big enough
# to keep overhead low
PARALLEL_FROM = 32  # makers to render before it pays to fork workers (an edit re-renders a hundred or so)


def render_into(makers: Sequence[Callable[[], Sequence[Output]]], templates: Path, write: Callable[[str, bytes], None],
                decorate: Callable[[Page], Page] = lambda page: page, workers: int | None = None,
                compiled: Path | None = None) -> list[list[str]]:
    """Build and render every page, handing each to `write(path, bytes)`; returns each maker's files.

    A maker may also make raw files (feeds, data), which are written as they are. `compiled`: a folder to keep
    compiled templates in, for the next process.

    Large sites render in forked worker processes, one per core, each building
    its pages' contexts itself, so no context is ever held for the whole site.
    Template errors are collected and raised as one `BuildError`.
    """
    global _JOB
    workers = workers if workers is not None else (os.cpu_count() or 1)
    _JOB = _Job(makers, decorate, templates, write, compiled)
    size = max(1, min(CHUNK, len(makers) // (8 * workers)))  # a few makers (a long career, say) can be slow
    chunks = [range(start, min(start + size, len(makers))) for start in range(0, len(makers), size)]
    try:
        if workers > 1 and len(makers) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                results = list(pool.imap_unordered(_render_chunk, chunks))
        else:
            results = [_render_chunk(chunk) for chunk in chunks]
    finally:
        _JOB = None
    problems = [problem for _, found in results for problem in found]
    if problems:
        raise BuildError(problems[:10])
    files: list[list[str]] = [[] for _ in makers]
    for done, _ in results:
        for index, paths in done:
            files[index] = paths
    return files


def _render_chunk(chunk: range) -> tuple[list[tuple[int, list[str]]], list[SourceError]]:
    job = _JOB
    assert job is not None
    if job.env is None:
        job.env = _environment(str(job.templates), str(job.compiled) if job.compiled else None)
        if multiprocessing.parent_process() is not None:  # a render worker: its own process to tune
            gc.set_threshold(50_000, 20, 20)  # rendering makes many short-lived objects, few cycles
            gc.enable()  # (a long-running parent builds with collection off)
    done: list[tuple[int, list[str]]] = []
    problems: list[SourceError] = []
    for index in chunk:
        written = []
        for item in job.makers[index]():
            if isinstance(item, RawFile):
                job.write(item.path, item.data)
                written.append(item.path)
                continue
            page = job.decorate(item)
            try:
                data = job.env.get_template(page.template).render(page.context).encode()
            except Exception as exc:  # a template failed: name its file and line, keep the reason
                problems.append(_describe(exc, job.templates, page))
                return done, problems
            path = urls.file_for(page.path)
            job.write(path, data)
            written.append(path)
        done.append((index, written))
    return done, problems


def _describe(exc: Exception, templates: Path, page: Page) -> SourceError:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return _template_error(templates, exc.filename, exc.lineno, exc.message or str(exc), page)
    if isinstance(exc, jinja2.TemplateNotFound):
        return SourceError(display_path(templates / exc.name), None, "template", "not found")
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

