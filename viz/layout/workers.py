"""Independent layouts in forked worker processes.

A deck's slides are laid out and routed one by one, each on its own part of the
chart: pure work on data every slide already has, half of a 5,000-actor deck's time
(346 slides).  Forked workers share that data without copying it and return plain
results (``Chart``), so the deck is the same, part for part, on one core or several.

Only where forking is safe and worth it: on a platform with ``fork``, from a process
with no other thread but the terminal's progress line (a thread holding a lock at the
fork would leave the child stuck on it: ``c2graph serve`` answers in threads and lays
out serially), with more than one core and more than one item.  A worker ignores
Ctrl-C: the command stops them and reports the interrupt once.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: The name of ``cli.common.working``'s thread, which may run during a fork: it writes
#: with ``os.write`` and waits on an event no worker touches, so holds nothing a worker
#: could need.
PROGRESS_THREAD = "c2graph-progress"
#: The function the forked workers apply: set before the pool forks, so each worker
#: inherits it (a closure need not be pickled).
_task: Callable | None = None


def _apply(item):
    return _task(item)


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:   # not on Linux
        return os.cpu_count() or 1


def forkable() -> bool:
    """Whether forking workers is safe here: ``fork`` exists and no other thread runs
    (but the progress line's)."""
    others = [t for t in threading.enumerate()
              if t is not threading.current_thread() and t.name != PROGRESS_THREAD]
    return "fork" in multiprocessing.get_all_start_methods() and not others


def _quiet() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def forked_map(fn: Callable[[T], R], items: Sequence[T], workers: int | None = None) -> list[R]:
    """``[fn(x) for x in items]``, in up to ``workers`` forked processes (default: one
    per core) when that is safe and there is more than one item; else in this process.

    ``fn`` must be pure (its result depends on its argument and on data that exists at
    the call) and return a picklable result; an exception in a worker is raised here.

    >>> forked_map(lambda x: x * x, [1, 2, 3], workers=2)
    [1, 4, 9]
    """
    global _task
    n = min(cores() if workers is None else workers, len(items))
    if n <= 1 or not forkable():
        return [fn(x) for x in items]
    _task = fn
    try:
        with multiprocessing.get_context("fork").Pool(n, initializer=_quiet) as pool:
            # small chunks: parts differ in size, and a worker that is done takes more
            return pool.map(_apply, items, chunksize=max(1, len(items) // (n * 16)))
    finally:
        _task = None
