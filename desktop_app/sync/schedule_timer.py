"""The window's scheduler: runs the due schedules (`sync.schedule`) through the engine while
the window is open (`shop-sync scheduler` does the same without it).

Every tick (30 s by default) it works out which schedules are due (`store.schedules`: at once
when added, then every interval after the latest start, from any origin) and starts them with
`engine.sync(shop, resource)`, after claiming each in the database, so a `shop-sync scheduler`
process never starts the same one too.

It never queues a second run of a shop: a shop whose sync is running (started here or anywhere
else in the window, or by another process: its lock file is held) is skipped, the reason
recorded on the schedule, and looked at again at the next tick; at most one due resource per
shop starts per tick.

The clock is injected, so tests drive `tick()` with a fake time instead of waiting minutes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.errors import AppError
from desktop_app.store import schedules
from desktop_app.store.models import utc_now
from desktop_app.store.schedules import ScheduleRow
from desktop_app.sync.results import Resource
from desktop_app.sync.schedule import (
    DEFAULT_TICK_SECONDS,
    ScheduledJob,
    busy_reason,
    jobs_of,
    record_failure,
    record_note,
    scheduler_name,
)

log = logging.getLogger(__name__)

__all__ = ["Scheduler"]


class Engine(Protocol):
    """What the scheduler needs of `SyncEngine` (a fake in tests)."""

    finished: object
    failed: object

    def is_busy(self, shop_code: str | None = None) -> bool: ...

    async def sync(self, shop_code: str, resource: Resource | str) -> object: ...


@dataclass
class _Claimed:
    row: ScheduleRow
    at: dt.datetime
    error: AppError | None = None


class Scheduler(QObject):
    """Starts due syncs on a QTimer, one per shop at a time.

    `lock_holder(shop)` says who syncs the shop in another process (None: nobody); by default
    the engine's service's `busy_elsewhere`.

    Signals:
        changed(): schedules were reloaded or a scheduled run started or ended.
        run_started(shop_code: str, resource: str)
        run_skipped(shop_code: str, resource: str): due, but the shop was busy.
        run_finished(shop_code: str, resource: str)
    """

    changed = Signal()
    run_started = Signal(str, str)
    run_skipped = Signal(str, str)
    run_finished = Signal(str, str)

    def __init__(
        self,
        engine: Engine,
        *,
        clock: Callable[[], dt.datetime] = utc_now,
        tick_seconds: float = DEFAULT_TICK_SECONDS,
        lock_holder: Callable[[str], str | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._clock = clock
        service = getattr(engine, "service", None)
        self._lock_holder = lock_holder or getattr(service, "busy_elsewhere", None) or (
            lambda shop: None)
        self._who = scheduler_name("window")
        self._schedules: list[ScheduleRow] = []
        self._running: dict[str, _Claimed] = {}  # shop → the schedule started here
        self._notes: dict[int, str] = {}  # the skip reason last recorded, by schedule id
        self._tasks: set[asyncio.Task] = set()
        self._timer = QTimer(self)
        self._timer.setObjectName("scheduler_timer")
        self._timer.setInterval(int(tick_seconds * 1000))
        self._timer.timeout.connect(self._on_timer_timeout)
        engine.finished.connect(self._on_engine_done)
        engine.failed.connect(self._on_engine_done)

    # --- control -------------------------------------------------------------------------

    def start(self) -> None:
        """Load the schedules and start ticking."""
        self.reload()
        self._timer.start()

    def stop(self) -> None:
        """Stop ticking (runs already started go on; the engine cancels them on quit)."""
        self._timer.stop()

    def is_active(self) -> bool:
        return self._timer.isActive()

    def reload(self) -> None:
        """Re-read the schedules and last runs from the store."""
        try:
            self._schedules = schedules.list_schedules()
        except AppError as exc:  # a locked database must not stop the scheduler for good
            log.warning("Could not read the sync schedules: %s", exc)
        self.changed.emit()

    # --- state ---------------------------------------------------------------------------

    def jobs(self) -> list[ScheduledJob]:
        """Every schedule with its next due time, soonest first."""
        return jobs_of(self._schedules)

    def running(self) -> list[tuple[str, str]]:
        """(shop, resource) of each scheduled run in progress."""
        return sorted((shop, c.row.resource) for shop, c in self._running.items())

    def upcoming(self) -> ScheduledJob | None:
        """The next schedule to run, among shops without a scheduled run in progress."""
        waiting = [j for j in self.jobs() if j.shop not in self._running]
        return waiting[0] if waiting else None

    # --- ticking -------------------------------------------------------------------------

    def tick(self) -> list[tuple[str, str]]:
        """Start every due sync that can start now; returns the (shop, resource) started."""
        self.reload()  # another scheduler (a `shop-sync scheduler` process) may have run some
        now = self._clock()
        taken = set(self._running)
        started: list[tuple[str, str]] = []
        due = sorted((r for r in self._schedules if r.is_due(now)),
                     key=lambda r: (r.next_run, r.shop, r.resource))
        for row in due:
            if row.shop in taken:
                continue
            taken.add(row.shop)
            busy = ("another sync of this shop is running in the window"
                    if self._engine.is_busy(row.shop) else self._lock_holder(row.shop))
            if busy:
                self._skip(row, busy)
                continue
            try:
                claimed = schedules.claim(row, now, self._who)
            except AppError as exc:  # a locked database: the next tick tries again
                log.warning("scheduled sync %s %s not claimed: %s", row.shop, row.resource, exc)
                continue
            if not claimed:  # a `shop-sync scheduler` process started it first
                continue
            self._notes.pop(row.id, None)
            self._running[row.shop] = _Claimed(row, now)
            task = asyncio.ensure_future(self._run(row.shop, row.resource))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            started.append((row.shop, row.resource))
            log.info("scheduled sync %s %s started", row.shop, row.resource)
            self.run_started.emit(row.shop, row.resource)
        if started:
            self.changed.emit()
        return started

    def _skip(self, row: ScheduleRow, busy: str) -> None:
        note = f"skipped: {busy_reason(row.shop, busy)}"
        log.info("scheduled sync %s %s %s", row.shop, row.resource, note)
        if self._notes.get(row.id) != note:  # once per reason, not every tick
            self._notes[row.id] = note
            record_note(row, note, self._clock())
        self.run_skipped.emit(row.shop, row.resource)

    async def _run(self, shop: str, resource: str) -> None:
        result = None
        try:
            result = await self._engine.sync(shop, resource)
        except Exception:  # noqa: BLE001 (a bug: report it, keep the scheduler alive)
            log.exception("scheduled sync %s %s crashed", shop, resource)
            sys.excepthook(*sys.exc_info())
        finally:
            claimed = self._running.pop(shop, None)
            if claimed is not None:
                self._record(claimed, result)
            self.reload()
            self.run_finished.emit(shop, resource)
            if self._timer.isActive():
                # Another resource of this shop may have come due meanwhile.
                QTimer.singleShot(0, self, self._on_timer_timeout)

    def _record(self, claimed: _Claimed, result: object) -> None:
        from desktop_app.sync.service import ShopBusyError

        row, error = claimed.row, claimed.error
        if isinstance(error, ShopBusyError):  # another process took the shop meanwhile
            schedules.release_claim(row, claimed.at)
            holder = self._lock_holder(row.shop) or "another process"
            record_note(row, f"skipped: {busy_reason(row.shop, holder)}", self._clock())
        elif error is not None:
            record_failure(row, claimed.at, str(error))
        else:
            failed = getattr(result, "failed", 0)
            record_note(row, "cancelled" if result is None else "partial" if failed else "ok",
                        self._clock())

    def _on_timer_timeout(self) -> None:
        self.tick()

    def _on_engine_done(self, shop: str, resource: str, value: object) -> None:
        claimed = self._running.get(shop)
        if claimed is not None and claimed.row.resource == resource:
            if isinstance(value, AppError):
                claimed.error = value
            return
        self.reload()  # a run from elsewhere moves the next scheduled one
