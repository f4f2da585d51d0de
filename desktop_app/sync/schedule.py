"""Scheduler: runs the recurring syncs (`store.schedules`) through the engine while the app is open.

Every tick (30 s by default) it works out which schedules are due and starts them with
`engine.sync(shop, resource)`. A schedule is due `interval` after the latest of: the start
of the resource's last run in the history (from any origin: button, CLI, scheduler) and the
scheduler's own last attempt; a resource that never ran counts from when it was scheduled.

It never queues a second run of a shop: a shop whose sync is running (started here or
anywhere else in the window) is skipped and looked at again at the next tick, and at most one
due resource per shop starts per tick. Another process syncing the shop (the CLI from cron)
holds the service's lock file, and the engine's run waits for it rather than overlapping.

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
from desktop_app.store.schedules import INTERVALS, ScheduleRow
from desktop_app.sync.results import Resource

log = logging.getLogger(__name__)

__all__ = ["INTERVALS", "ScheduledJob", "Scheduler", "schedulable_resources"]

#: How often the scheduler looks for due syncs.
DEFAULT_TICK_SECONDS = 30


class Engine(Protocol):
    """What the scheduler needs of `SyncEngine` (a fake in tests)."""

    finished: object
    failed: object

    def is_busy(self, shop_code: str | None = None) -> bool: ...

    async def sync(self, shop_code: str, resource: Resource | str) -> object: ...


@dataclass(frozen=True)
class ScheduledJob:
    """One schedule and when it is next due (aware UTC)."""

    shop: str
    resource: str
    interval_minutes: int
    next_run: dt.datetime


def schedulable_resources() -> list[Resource]:
    """The resources this build can sync (and so schedule), in `Resource` order."""
    from desktop_app.sync.jobs import default_jobs

    available = default_jobs()
    return [r for r in Resource if r in available]


class Scheduler(QObject):
    """Starts due syncs on a QTimer, one per shop at a time.

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
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._clock = clock
        self._schedules: list[ScheduleRow] = []
        self._attempts: dict[tuple[str, str], dt.datetime] = {}
        self._running: dict[str, str] = {}  # shop → resource started by the scheduler
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
        found = [
            ScheduledJob(s.shop, s.resource, s.interval_minutes, self._next_run(s))
            for s in self._schedules
        ]
        return sorted(found, key=lambda j: (j.next_run, j.shop, j.resource))

    def running(self) -> list[tuple[str, str]]:
        """(shop, resource) of each scheduled run in progress."""
        return sorted(self._running.items())

    def upcoming(self) -> ScheduledJob | None:
        """The next schedule to run, among shops without a scheduled run in progress."""
        waiting = [j for j in self.jobs() if j.shop not in self._running]
        return waiting[0] if waiting else None

    def _next_run(self, row: ScheduleRow) -> dt.datetime:
        marks = [t for t in (row.last_run_at, self._attempts.get((row.shop, row.resource)))
                 if t is not None]
        anchor = max(marks) if marks else row.updated_at
        return anchor + dt.timedelta(minutes=row.interval_minutes)

    # --- ticking -------------------------------------------------------------------------

    def tick(self) -> list[tuple[str, str]]:
        """Start every due sync that can start now; returns the (shop, resource) started."""
        now = self._clock()
        taken = set(self._running)
        started: list[tuple[str, str]] = []
        for job in self.jobs():
            if job.next_run > now or job.shop in taken:
                continue
            if self._engine.is_busy(job.shop):
                log.info("scheduled sync %s %s skipped: the shop is busy; retried at the next "
                         "tick", job.shop, job.resource)
                self.run_skipped.emit(job.shop, job.resource)
                taken.add(job.shop)
                continue
            taken.add(job.shop)
            self._attempts[(job.shop, job.resource)] = now
            self._running[job.shop] = job.resource
            task = asyncio.ensure_future(self._run(job.shop, job.resource))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            started.append((job.shop, job.resource))
            log.info("scheduled sync %s %s started", job.shop, job.resource)
            self.run_started.emit(job.shop, job.resource)
        if started:
            self.changed.emit()
        return started

    async def _run(self, shop: str, resource: str) -> None:
        try:
            await self._engine.sync(shop, resource)
        except Exception:  # noqa: BLE001 (a bug: report it, keep the scheduler alive)
            log.exception("scheduled sync %s %s crashed", shop, resource)
            sys.excepthook(*sys.exc_info())
        finally:
            self._running.pop(shop, None)
            self.reload()
            self.run_finished.emit(shop, resource)
            if self._timer.isActive():
                # Another resource of this shop may have come due meanwhile.
                QTimer.singleShot(0, self, self._on_timer_timeout)

    def _on_timer_timeout(self) -> None:
        self.tick()

    def _on_engine_done(self, shop: str, resource: str, _value: object) -> None:
        if self._running.get(shop) != resource:
            self.reload()  # a run from elsewhere moves the next scheduled one
