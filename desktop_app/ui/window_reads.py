"""The window's store reads in a worker thread, one at a time (issue 21).

At a run's end the window reads again what the run changed: each tab's lists, the open
conflicts, the problem counts of the tab titles, the names of the log's records. Each read
runs in a worker thread (`read_in_thread`), so the event loop never reads itself; but a
reading thread holds the interpreter in stretches, and the loop waits for it at each Python
call of a repaint, the longer the more threads read at once (a repaint's tick beside 1 vs 4
busy threads: 28 vs 221 ms at 100,000 customers). `window_read` queues them: at most one of
the window's reads runs at a time, in arrival order. The engine's own worker threads (the
sync's batches, the run's record) do not wait behind them: they do not come through here.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from typing import TypeVar

from desktop_app.store.database import read_in_thread

T = TypeVar("T")

#: One queue per event loop (tests run several loops one after another).
_QUEUES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary())


async def window_read(func: Callable[..., T], /, *args: object,
                      still_wanted: Callable[[], bool] | None = None) -> T:
    """`read_in_thread(func, *args)` once no other window read runs.

    A read is called off (`asyncio.CancelledError`) when its turn comes once the loop has
    stopped, or when `still_wanted()` (asked on the loop then) says a newer read replaces it
    (the problem counts, asked again at each list's reload while the first count waits).
    (A read whose caller is cancelled meanwhile gives its turn at once, its thread still
    running: the window cancels none of its reads before it quits.)"""
    loop = asyncio.get_running_loop()
    queue = _QUEUES.get(loop)
    if queue is None:
        queue = _QUEUES[loop] = asyncio.Lock()
    async with queue:
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # the loop stopped while this read waited its turn (the app or
            # a test ends, Qt handling the last events alone): no thread can start; cancelled,
            # the caller's task ends quietly.
            raise asyncio.CancelledError from None
        if still_wanted is not None and not still_wanted():
            raise asyncio.CancelledError
        return await read_in_thread(func, *args)
