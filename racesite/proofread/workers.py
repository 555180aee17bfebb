"""Checking many stories at once: forked workers that start while the build is busy with something else.

Owns `Shared`: a list of checks that forked workers take from the front, in chunks, as soon as it is made, while
this process goes on (computing the stats); `finish` then takes chunks from the back here until the two meet,
collects the workers' results and waits for them to end. The workers get the checks as they are in memory (fork:
nothing is pickled on the way in); only their results come back, once each, when they run out of work. With one
CPU, few checks or no fork, everything is done in `finish`. Must not know what a check reads or what its result
is used for.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 200  # checks before it pays to fork a worker
CHUNK = 20  # checks taken at a time


class Shared(Generic[T, R]):
    """`run` over `tasks`, shared with forked workers from the moment it is made (`workers` processes in all, this
    one included: the CPUs, by default). Call `finish` for the results, or `stop` to give up."""

    def __init__(self, run: Callable[[T], R], tasks: Sequence[T], workers: int | None = None) -> None:
        self.run, self.tasks = run, tasks
        self.workers: list[tuple[Any, Any]] = []  # (process, the end of its pipe the results come from)
        workers = workers if workers is not None else (os.cpu_count() or 1)
        if workers < 2 or len(tasks) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        self.lock = context.Lock()
        self.front, self.back = context.RawValue("q", 0), context.RawValue("q", len(tasks))
        for _ in range(workers - 1):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=self._work, args=(send,), daemon=True)
            process.start()
            send.close()  # (the worker's copy is the only one left: its end reads as end of file here)
            self.workers.append((process, receive))

    def _work(self, send: Any) -> None:
        """A worker: chunks from the front until none is left, then its results, all at once."""
        done: list[tuple[int, list[R]]] = []
        try:
            while True:
                with self.lock:
                    start = self.front.value
                    end = min(start + CHUNK, self.back.value)
                    if start >= end:
                        break
                    self.front.value = end
                done.append((start, [self.run(self.tasks[at]) for at in range(start, end)]))
            send.send(("done", done))
        except BaseException:  # a bug: the build reports it (never a half result)
            send.send(("crash", traceback.format_exc()))

    def finish(self) -> list[R]:
        """Every task's result, in order: what the workers have not taken is done here."""
        if not self.workers:
            return [self.run(task) for task in self.tasks]
        out: list[R | None] = [None] * len(self.tasks)
        while True:
            with self.lock:
                end = self.back.value
                start = max(end - CHUNK, self.front.value)
                if start >= end:
                    break
                self.back.value = start
            for at in range(start, end):
                out[at] = self.run(self.tasks[at])
        crashed = []
        for process, receive in self.workers:
            try:
                message = receive.recv()
            except EOFError:
                process.join()
                crashed.append(f"it ended with exit code {process.exitcode} before sending its results")
                continue
            if message[0] == "crash":
                crashed.append(message[1])
                continue
            for start, results in message[1]:
                out[start:start + len(results)] = results
        self.stop(wait=True)
        if crashed:
            raise RuntimeError("a prose check worker failed:\n" + crashed[0])
        if any(result is None for result in out):
            raise RuntimeError("the prose check workers left checks undone")
        return cast(list[R], out)

    def stop(self, wait: bool = False) -> None:
        """The workers gone: waited for when they are done (`wait`), else stopped where they are."""
        for process, receive in self.workers:
            if not wait:
                process.terminate()
            process.join()
            receive.close()
        self.workers = []
