"""Worker threads doing database work leave the GIL to the window's event loop now and then
(issue 21).

A database call releases the GIL while SQLite works (each `sqlite3_step`: every row read or
written) and takes it back at once. CPython's GIL hands itself over to a waiting thread only
when that thread has waited a whole switch interval *with no hand-over meanwhile*: a worker
releasing and re-taking it hundreds of times a millisecond counts as hand-overs, so the
window's thread, woken each time too late to catch it, never asks the worker to drop it and
waits until the worker's burst of database calls ends (30-55 ms stalls of the window in a
100,000-customer sync, the worker then found inside `cursor.execute` by the stall
benchmark's GIL watch; a shorter switch interval did not help).

While `share_with_loop(True)` (the window's collector policy, `sync.collector`, while the
engine syncs), a database call made by a thread other than the main one first sleeps
`PAUSE` once `PAUSE_EVERY` has passed since that thread's last pause: the GIL is then free
long enough for the loop to take it and run what waits. At most 1 ms in 20 of a worker's
database work; the command line (no window) never pauses.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import Any

#: How long a worker works between two pauses, and how long it pauses (seconds).
PAUSE_EVERY = 0.02
PAUSE = 0.001

_sharing = False
_last = threading.local()


def share_with_loop(on: bool) -> None:
    """Turn the pauses on (a sync runs in the window) or off."""
    global _sharing
    _sharing = on


def sharing() -> bool:
    return _sharing


def pause_if_due() -> None:
    """In a worker thread while sharing: sleep `PAUSE` if `PAUSE_EVERY` has passed since
    this thread's last pause (its first call only starts the count)."""
    if not _sharing or threading.current_thread() is threading.main_thread():
        return
    now = time.monotonic()
    last = getattr(_last, "at", None)
    if last is None:
        _last.at = now
    elif now - last >= PAUSE_EVERY:
        time.sleep(PAUSE)
        _last.at = time.monotonic()


#: How much lower than the others a housekeeping thread runs (Linux `nice` steps).
HOUSEKEEPING_NICENESS = 10


def housekeeping_thread() -> None:
    """Make the calling thread (a housekeeping one: the WAL checkpoint, `sync.collector`'s
    disposer) yield the CPU to the others. On 2 CPUs, at a sync's end the window's thread
    waited 17-21 ms per 10 ms tick for a CPU while the checkpoint, the disposer and a
    reading thread ran (`bench_window_stall.py`, per-thread run-queue waits). Linux only:
    there a thread's priority is its own (elsewhere `setpriority` would lower the whole
    process, so nothing is done)."""
    if sys.platform != "linux":
        return
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(),
                       os.getpriority(os.PRIO_PROCESS, 0) + HOUSEKEEPING_NICENESS)
    except OSError:  # a sandbox may refuse it: the thread just keeps its priority
        pass


class SharesGil:
    """A peewee database mixin: every statement first gives the loop its turn
    (`pause_if_due`)."""

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        pause_if_due()
        return super().execute_sql(sql, params)  # type: ignore[misc]
