"""The live preview's search index: made after the pages, in the background, so an edit's page shows at once.

Owns keeping the preview's pagefind/ folder current. The preview builds with the search index deferred and hands
the deferred page here (`update`). When its inputs differ from those last indexed, or the folder is gone (a
whole rebuild replaced the preview folder), a forked process makes the records, writes them and runs Pagefind into
a new folder beside the preview's (on the same file system); `poll()`, which the preview's server calls every
quarter second and the preview before each build, moves a finished index into place with two renames. A build
never waits for it: the index follows an edit a few seconds later (about three on the full NASCAR history). An
edit made while Pagefind runs starts one more run once this one is done.

Must not render pages or block: all the work is in the forked process.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import sys
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from pathlib import Path

from .pages import Env, Planned
from .pages.search import INDEX_KIND, SearchIndexInputs, search_records
from .plan import fingerprint
from .search import FOLDER, write_index


@dataclass(frozen=True)
class Pending:
    inputs: SearchIndexInputs
    env: Env
    print: str  # what they were, hashed


def _print(inputs: SearchIndexInputs, env: Env) -> str:
    """A hash of everything the records are made from: the inputs, the config and every name's URL name."""
    tables = [sorted(table.slugs.items()) for table, _ in env.links.tables.values()]
    return hashlib.blake2b(repr((fingerprint(inputs), env.config, tables)).encode(), digest_size=16).hexdigest()


class LiveIndex:
    """The preview's search index, kept current in the background."""

    def __init__(self, out: Path, work: Path) -> None:
        self.out, self.work = out, work  # the preview folder; a folder beside it for the runs
        self.indexed = ""  # the print of the index in place
        self.running: tuple[BaseProcess, Pending, Path] | None = None
        self.waiting: Pending | None = None
        self.runs = 0
        self.failed: str | None = None  # why the last run failed

    def update(self, deferred: Sequence[Planned], env: Env | None) -> None:
        """After a build: index its deferred search-index page unless the index in place is of the same inputs."""
        found = next((page for page in deferred if page.kind.name == INDEX_KIND), None)
        if found is None or env is None:
            return
        inputs = found.inputs
        assert isinstance(inputs, SearchIndexInputs)
        pending = Pending(inputs, env, _print(inputs, env))
        here = (self.out / FOLDER).is_dir()
        if self.running is not None:
            self.waiting = pending if pending.print != self.running[1].print or not here else None
            return
        if pending.print == self.indexed and here:
            return
        self._start(pending)

    def poll(self) -> bool:
        """Move a finished index into place (and start the run an edit asked for meanwhile); returns whether the
        index in place changed."""
        if self.running is None:
            return False
        process, pending, target = self.running
        if process.is_alive():
            return False
        process.join()
        self.running = None
        changed = False
        if process.exitcode == 0 and (target / FOLDER).is_dir():
            self._swap(target / FOLDER)
            self.indexed, self.failed, changed = pending.print, None, True
        else:
            self.failed = (target / "error.txt").read_text(encoding="utf-8") if (target / "error.txt").is_file() \
                else f"the search index process exited with {process.exitcode}"
        waiting, self.waiting = self.waiting, None
        if waiting is not None and (waiting.print != self.indexed or not (self.out / FOLDER).is_dir()):
            self._start(waiting)
        return changed

    def wait(self, timeout: float = 120) -> None:
        """Until no run is going (for tests and the bench)."""
        deadline = time.monotonic() + timeout
        while self.running is not None and time.monotonic() < deadline:
            self.running[0].join(0.05)
            self.poll()

    def _start(self, pending: Pending) -> None:
        self.runs += 1
        self.work.mkdir(parents=True, exist_ok=True)
        target = self.work / f"run-{os.getpid()}-{self.runs}"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir()
        process = multiprocessing.get_context("fork").Process(target=_run, args=(pending, target, self.work),
                                                             daemon=True)
        process.start()
        self.running = (process, pending, target)

    def _swap(self, new: Path) -> None:
        """`new` into the preview folder as its pagefind/, the old one moved aside (the next run removes it)."""
        place = self.out / FOLDER
        if place.exists():
            place.rename(self.work / f"old-{os.getpid()}-{self.runs}")
        new.rename(place)
        shutil.rmtree(new.parent, ignore_errors=True)  # (now empty)


def _run(pending: Pending, target: Path, work: Path) -> None:
    """In the forked process: the records, then Pagefind into `target`/pagefind; old runs' leftovers removed."""
    try:
        for old in work.iterdir():
            if old.name.startswith("old-") or (old.name.startswith("run-") and old != target):
                shutil.rmtree(old, ignore_errors=True)
        write_index(search_records(pending.inputs, pending.env), target / FOLDER, language=pending.inputs.language)
    except BaseException:  # told to the preview, which shows the pages without a fresh index
        (target / "error.txt").write_text(traceback.format_exc(), encoding="utf-8")
        sys.stderr.flush()
        os._exit(1)
    os._exit(0)
