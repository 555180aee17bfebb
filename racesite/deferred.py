"""The live preview's slowest pages, the search index and the downloads: made after the other pages, in the
background, so an edit's page shows at once.

Owns keeping those files of the preview folder current. The preview builds with these kinds deferred (`DEFERRED`)
and hands the deferred pages here (`update`). When their inputs (or templates) differ from those last made, or their
files are gone (a whole rebuild replaced the preview folder), a forked process makes them (rendered as any page,
into a folder beside the preview's, on the same file system) and moves them into the preview folder: each file with
one rename, the search index's folder as a whole. `poll()`, which the preview's server calls every quarter second
and the preview before each build, notes a finished run and starts the one an edit asked for meanwhile. A build
never waits for it: the index and the downloads follow an edit a few seconds later (about three on the full NASCAR
history).

Must not block: all the work is in the forked process.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import traceback
from collections.abc import Sequence
from multiprocessing.process import BaseProcess
from pathlib import Path

from .output import check_relative
from .pages import Env, Planned
from .pages.downloads import DATABASE
from .pages.search import INDEX_KIND
from .prints import fingerprint, template_digests
from .render import Job, render
from .search import FOLDER

DEFERRED = (INDEX_KIND, "downloads")
MARKS = {INDEX_KIND: f"{FOLDER}/pagefind.js", "downloads": DATABASE}  # a file each kind makes: gone, made again


def _print(page: Planned, env: Env, templates: Path) -> str:
    """What a deferred page is made from: its inputs, the config and its templates, hashed."""
    used = template_digests(templates, page.kind.templates)
    return hashlib.blake2b(repr((fingerprint(page.inputs), env.config, sorted(used.items()))).encode(),
                           digest_size=16).hexdigest()


class Background:
    """The preview's deferred pages, kept current in the background. Which of them changed is found out in the
    forked process too (their fingerprints take some hundredths of a second a build could not spare)."""

    def __init__(self, out: Path, work: Path, templates: Path) -> None:
        self.out, self.work, self.templates = out, work, templates  # the preview folder; a folder for the runs
        self.running: tuple[BaseProcess, Path] | None = None
        self.waiting: tuple[tuple[Planned, ...], Env] | None = None
        self.runs = 0
        self.made = 0  # runs that made pages
        self.failed: str | None = None  # why the last run failed (the pages in place are the last good ones)

    def update(self, deferred: Sequence[Planned], env: Env | None) -> None:
        """After a build: make again those of its deferred pages whose inputs changed or whose files are gone."""
        if not deferred or env is None:
            return
        if self.running is not None:
            self.waiting = (tuple(deferred), env)
            return
        self._start(tuple(deferred), env)

    def poll(self) -> bool:
        """Note a finished run, and start the one an edit asked for meanwhile; returns whether pages changed."""
        if self.running is None:
            return False
        process, target = self.running
        if process.is_alive():
            return False
        process.join()
        self.running = None
        changed = (target / "made.txt").is_file()
        self.made += changed
        error = target / "error.txt"
        self.failed = None if process.exitcode == 0 else error.read_text(encoding="utf-8") if error.is_file() else \
            f"the background build exited with {process.exitcode}"
        shutil.rmtree(target, ignore_errors=True)
        waiting, self.waiting = self.waiting, None
        if waiting is not None:
            self._start(*waiting)
        return changed

    def wait(self, timeout: float = 120) -> None:
        """Until no run is going (for tests and the bench)."""
        for _ in range(int(timeout / 0.05)):
            if self.running is None:
                return
            self.running[0].join(0.05)
            self.poll()

    def _start(self, pages: tuple[Planned, ...], env: Env) -> None:
        self.runs += 1
        self.work.mkdir(parents=True, exist_ok=True)
        target = self.work / f"run-{os.getpid()}-{self.runs}"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir()
        context = multiprocessing.get_context("fork")
        process = context.Process(target=_run, args=(pages, env, self.templates, self.out, self.work, target),
                                  daemon=True)
        process.start()
        self.running = (process, target)


def _run(pages: tuple[Planned, ...], env: Env, templates: Path, out: Path, work: Path, target: Path) -> None:
    """In the forked process: the pages whose inputs changed since they were last made here (their prints kept in
    `work`/made.json), or whose files are gone, made into `target`/new, then moved into `out`. Old runs' leftovers
    are removed first."""
    try:
        for old in work.iterdir():
            if old.name.startswith("run-") and old != target:
                shutil.rmtree(old, ignore_errors=True)
        record = work / "made.json"
        made = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else {}
        prints = {str(page.key): _print(page, env, templates) for page in pages}
        todo = tuple(page for page in pages if made.get(str(page.key)) != prints[str(page.key)]
                     or not (out / MARKS.get(page.kind.name, "")).is_file())
        if not todo:
            os._exit(0)
        new = target / "new"

        def write(relative: str, data: bytes) -> None:
            check_relative(relative)
            file = new / relative
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(data)

        def folder(relative: str) -> Path:
            check_relative(relative.rstrip("/"))
            found = new / relative
            found.mkdir(parents=True, exist_ok=True)
            return found

        render(Job(todo, env, templates, write, folder=folder), workers=1)
        _move(new, out, target)
        made.update((str(page.key), prints[str(page.key)]) for page in todo)
        record.write_text(json.dumps(made), encoding="utf-8")
        (target / "made.txt").write_text("\n".join(str(page.key) for page in todo), encoding="utf-8")
    except BaseException:  # told to the preview, which keeps the pages in place
        (target / "error.txt").write_text(traceback.format_exc(), encoding="utf-8")
        os._exit(1)
    os._exit(0)


def _move(new: Path, out: Path, target: Path) -> None:
    """Every file of `new` into `out` (one rename each); the search index's folder as a whole, the old one moved
    aside into `target` (removed with it)."""
    index = new / FOLDER
    if index.is_dir():
        place = out / FOLDER
        if place.exists():
            place.rename(target / "old-index")
        index.rename(place)
    for folder, _, names in os.walk(new):
        for name in names:
            source = Path(folder, name)
            place = out / source.relative_to(new)
            place.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, place)
