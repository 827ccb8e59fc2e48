"""Solving tasks in a pool of spawned processes, one task per core at a time, results in finish order.

Used by the solvers whose work per task is pure CPU (the search, grid test-time training). Workers are
spawned (they start clean: no threads or locks inherited from the caller, such as a progress bar), so a
script that calls this must guard its entry point with `if __name__ == "__main__":`, as Python's
multiprocessing requires. Each worker ends itself when the process that started it dies: a killed
evaluation leaves nothing running.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any


def exit_with_parent(parent: int) -> None:
    """Pool initializer: end this worker when the process that started it dies (pool workers otherwise
    wait forever on their task queue)."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def stream_in_processes(function: Callable[..., Any], calls: Sequence[tuple[Any, ...]],
                        workers: int) -> Iterator[tuple[int, Future]]:
    """`function(*calls[i])` for every i in `workers` spawned processes, exactly `workers` in flight; yields
    (i, its finished future) in finish order. Interrupted or finished, queued calls are dropped and calls
    in flight are not waited for."""
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=exit_with_parent, initargs=(os.getpid(),))
    queue = iter(enumerate(calls))
    pending: dict[Future, int] = {}

    def submit_next() -> None:
        for index, arguments in queue:
            pending[pool.submit(function, *arguments)] = index
            return

    try:
        for _ in range(workers):
            submit_next()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield pending.pop(future), future
                submit_next()
    finally:
        pool.shutdown(wait=not pending, cancel_futures=True)
