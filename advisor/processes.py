"""Work spread over processes where it pays: the items of a large run (workload files, ADRs)
shared between the cores this process may use, their results in the order of the items.

Forked, on Linux only: each process starts with everything the parent holds (rules,
catalogue, imported modules), so only the items and the results cross, and those must be
plain records. macOS forks badly and Windows not at all: one process there. A process costs
tens of milliseconds to start and an item about a millisecond, so below PARALLEL_FROM items
one process does it all."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

PARALLEL_FROM = 200
CHUNK = 16  # items a process takes at a time: few round trips, and an even finish
MOST = 4  # beyond four, the parent that orders the results is the bottleneck

_WORK: Callable[[Any], Any] | None = None


def spread(work: Callable[[Item], Result], items: Sequence[Item]) -> Iterator[Result]:
    """`work` of each item, in order. A caller may stop early: the processes stop with it."""
    processes = processes_for(len(items))
    if processes < 2:
        yield from map(work, items)
        return
    import gc
    import multiprocessing

    # The first item here, before the fork: it imports what the work needs, which every
    # process would otherwise import again for itself.
    yield work(items[0])
    global _WORK
    _WORK = work  # inherited by each forked process: never pickled
    gc.freeze()  # objects that exist now are shared with the children, not copied on write
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            yield from pool.imap(_run, items[1:], CHUNK)
    finally:
        gc.unfreeze()
        _WORK = None


def _run(item: Any) -> Any:
    assert _WORK is not None
    return _WORK(item)


def processes_for(items: int) -> int:
    """Processes worth starting for `items` items: the cores this process may use, where
    forking is safe."""
    if items < PARALLEL_FROM or not sys.platform.startswith("linux"):
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, MOST, items // (PARALLEL_FROM // 2)))
