"""Sharing many checks with forked workers: every result in order, whoever did it; a worker's failure is the
build's (never a half result); stopping leaves no process behind."""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from racesite.proofread.workers import PARALLEL_FROM, Shared

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork here")


def square(n: int) -> int:
    return n * n


def test_every_result_in_order_with_work_done_in_both_processes() -> None:
    tasks = list(range(PARALLEL_FROM * 5))
    parent = os.getpid()

    def where(n: int) -> tuple[int, bool]:
        return n * n, os.getpid() == parent
    def slowly(n: int) -> tuple[int, bool]:
        time.sleep(0.0005)
        return where(n)
    shared = Shared(slowly, tasks, workers=2)
    assert len(shared.workers) == 1
    results = shared.finish()
    assert [value for value, _ in results] == [n * n for n in tasks]
    assert {here for _, here in results} == {True, False}  # both took some
    assert shared.workers == []


def test_few_checks_or_one_cpu_fork_nothing() -> None:
    assert Shared(square, list(range(PARALLEL_FROM - 1)), workers=2).workers == []
    one = Shared(square, list(range(PARALLEL_FROM * 2)), workers=1)
    assert one.workers == [] and one.finish() == [n * n for n in range(PARALLEL_FROM * 2)]


def test_a_failing_check_in_a_worker_fails_the_whole() -> None:
    parent = os.getpid()

    def run(n: int) -> int:
        if os.getpid() != parent:
            raise ValueError("bad story")
        time.sleep(0.001)  # (the worker gets its share)
        return n
    shared = Shared(run, list(range(PARALLEL_FROM * 5)), workers=2)
    with pytest.raises(RuntimeError, match=r"a prose check worker failed:(.|\n)*ValueError: bad story"):
        shared.finish()


def test_a_worker_that_dies_fails_the_whole() -> None:
    parent = os.getpid()

    def run(n: int) -> int:
        if os.getpid() != parent:
            os._exit(3)
        time.sleep(0.001)
        return n
    shared = Shared(run, list(range(PARALLEL_FROM * 5)), workers=2)
    with pytest.raises(RuntimeError, match="ended with exit code 3 before sending its results"):
        shared.finish()


def test_stop_ends_the_workers_where_they_are() -> None:
    def slow(n: int) -> int:
        time.sleep(0.01)
        return n
    shared = Shared(slow, list(range(PARALLEL_FROM * 5)), workers=2)
    processes = [process for process, _ in shared.workers]
    shared.stop()
    assert shared.workers == [] and all(not p.is_alive() for p in processes)
