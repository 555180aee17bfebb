"""Running one function over chunks of work in forked worker processes, when the machine has cores to spare.

Owns forking, handing out chunks, collecting results in order and turning a worker's crash into an error in the
parent (never a hang). The function and everything it reads are inherited by the fork, never pickled; only each
chunk's result travels back, so it must be small and picklable. Must not know what the work is.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def forked_map(work: Callable[[range], T], count: int, *, chunk: int, workers: int | None = None,
               least: int = 2) -> list[T]:
    """`work` over `range(count)` cut into chunks of at most `chunk`, in order: in forked workers when there are
    at least `least` chunks and more than one core, else in this process."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    chunks = [range(start, min(start + chunk, count)) for start in range(0, count, chunk)]
    if workers < 2 or len(chunks) < least or "fork" not in multiprocessing.get_all_start_methods():
        return [work(part) for part in chunks]
    context = multiprocessing.get_context("fork")
    tasks: Any = context.SimpleQueue()
    results: Any = context.SimpleQueue()
    processes = [context.Process(target=_worker, args=(work, chunks, tasks, results), daemon=True)
                 for _ in range(min(workers, len(chunks)))]
    for process in processes:
        process.start()
    for at in range(len(chunks)):
        tasks.put(at)
    for _ in processes:
        tasks.put(None)
    out: dict[int, T] = {}
    crashed = ""
    for _ in chunks:
        kind, at, value = results.get()
        if kind == "crash":
            crashed = value
            break
        out[at] = value
    for process in processes:
        if crashed:
            process.terminate()
        process.join()
    if crashed:
        raise RuntimeError("a worker failed:\n" + crashed)
    return [out[at] for at in range(len(chunks))]


def _worker(work: Callable[[range], Any], chunks: Sequence[range], tasks: Any, results: Any) -> None:
    try:
        while (at := tasks.get()) is not None:
            results.put(("done", at, work(chunks[at])))
    except BaseException:  # a bug: hand the parent the traceback rather than hang it
        results.put(("crash", -1, traceback.format_exc()))
