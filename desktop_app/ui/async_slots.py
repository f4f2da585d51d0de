"""run_on_click: a button's clicked slot that runs a coroutine on the window's asyncio loop."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Coroutine


def _report(task: asyncio.Task) -> None:
    """What `qasync.asyncSlot` does with its task: a failure goes to the excepthook."""
    try:
        task.result()
    except Exception:
        sys.excepthook(*sys.exc_info())
    except asyncio.CancelledError:
        pass


def run_on_click(run: Callable[[], Coroutine[object, object, object]]) -> Callable[[], object]:
    """A slot for `QAbstractButton.clicked` that starts `run()` as a task, reporting its
    failure as an `asyncSlot` would (rather than one wrapper method per button)."""

    def slot() -> asyncio.Task:
        task = asyncio.ensure_future(run())
        task.add_done_callback(_report)
        return task

    return slot
