"""Scheduled syncs, the same for the window and `shop-sync scheduler` (Qt-free).

The schedules are the store's (`store.schedules`: when each is due, and the claim that lets
exactly one scheduler start a due schedule). Two schedulers run them through the same
`SyncService`:

- the window's `sync.schedule_timer.Scheduler` (a QTimer, while the window is open);
- `ScheduleRunner` here, for `shop-sync scheduler [--once]` (cron, a systemd timer).

Either one claims a due schedule in the database before starting it, so the window and any
number of scheduler processes never start the same due schedule twice. A shop being synced
by someone else (another process holds its lock file) is not waited for: the schedule is
skipped, its claim given back, the reason recorded on it (`schedules list` shows it) and it
is tried again at the next look. A run that fails is recorded in the sync history with its
reason, like any sync (also one that failed before the service recorded a run).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop_app.errors import AppError, NotFoundError, StoreError
from desktop_app.store import schedules
from desktop_app.store.models import utc_now
from desktop_app.store.schedules import INTERVALS, ScheduleRow
from desktop_app.sync.results import Resource, SyncResult

if TYPE_CHECKING:
    from desktop_app.sync.service import SyncService

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_TICK_SECONDS",
    "INTERVALS",
    "Outcome",
    "ScheduleRunner",
    "ScheduledJob",
    "add_schedule",
    "busy_reason",
    "jobs_of",
    "list_schedules",
    "record_failure",
    "record_note",
    "remove_schedule",
    "schedulable_resources",
    "scheduler_name",
]

#: How often a scheduler looks for due syncs (seconds).
DEFAULT_TICK_SECONDS = 30


@dataclass(frozen=True)
class ScheduledJob:
    """One schedule and when it is next due (aware UTC)."""

    shop: str
    resource: str
    interval_minutes: int
    next_run: dt.datetime
    id: int = 0


def schedulable_resources() -> list[Resource]:
    """The resources this build can sync (and so schedule), in `Resource` order."""
    from desktop_app.sync.jobs import default_jobs

    available = default_jobs()
    return [r for r in Resource if r in available]


def jobs_of(rows: list[ScheduleRow]) -> list[ScheduledJob]:
    """The schedules `rows` with their next due time, soonest first."""
    found = [ScheduledJob(r.shop, r.resource, r.interval_minutes, r.next_run, r.id)
             for r in rows]
    return sorted(found, key=lambda j: (j.next_run, j.shop, j.resource))


def scheduler_name(kind: str) -> str:
    """Who claims a schedule, as recorded on it: e.g. "scheduler, process 977 on host"."""
    return f"{kind}, process {os.getpid()} on {socket.gethostname()}"[:100]


# --- the schedules, for both front ends -----------------------------------------------------


def list_schedules(shop: str | None = None) -> list[ScheduleRow]:
    """Every schedule (of one shop, when given), ordered by shop code and resource."""
    return schedules.list_schedules(shop)


def add_schedule(shop: str, resource: str, every_minutes: int) -> ScheduleRow:
    """Schedule `resource` of `shop` every `every_minutes` (1 to a week): due at once
    when new; an existing schedule of that shop and resource takes the new interval.

    Raises:
        NotFoundError: no such shop.
        StoreError: a resource this build cannot sync, or an interval out of range.
    """
    names = [r.value for r in schedulable_resources()]
    if resource not in names:
        raise StoreError(f"Cannot schedule '{resource}': choose one of {', '.join(names)}")
    return schedules.add_schedule(shop, resource, every_minutes)


def remove_schedule(schedule_id: int) -> ScheduleRow:
    """Delete one schedule by its id (a run it started goes on). Raises NotFoundError."""
    return schedules.remove_schedule(schedule_id)


def schedule_json(row: ScheduleRow) -> dict[str, Any]:
    """`schedules list`'s keys (../shared/CLI.md) and a few more."""
    return {
        "id": row.id,
        "shop": row.shop,
        "resource": row.resource,
        "every_minutes": row.interval_minutes,
        "next_run": _iso(row.next_run),
        "last_run": _iso(max((t for t in (row.last_started_at, row.last_run_at)
                              if t is not None), default=None)),
        "added_at": _iso(row.added_at),
        "claimed_by": row.claimed_by or None,
        "note": row.note or None,
        "note_at": _iso(row.note_at),
    }


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat(timespec="seconds") if value else None


# --- `shop-sync scheduler` ------------------------------------------------------------------


@dataclass
class Outcome:
    """What became of one due schedule in one look.

    `status`: a run's status (`ok`, `partial`, `failed`, `cancelled`) or `skipped` (the shop
    was busy: not run, tried again at the next look).
    """

    schedule_id: int
    shop: str
    resource: str
    status: str
    message: str = ""
    result: SyncResult | None = field(default=None, repr=False)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.schedule_id, "shop": self.shop,
                                "resource": self.resource, "status": self.status,
                                "message": self.message}
        if self.result is not None:
            data["result"] = self.result.to_json()
        return data


class ScheduleRunner:
    """Runs the due schedules through a `SyncService`, one run at a time.

    A shop whose lock file another process holds is skipped without waiting (looked at
    before the claim) and tried again at the next look; the service's `lock_wait` should be
    short (`shop-sync scheduler`: 2 s), as it only bridges a process taking the shop between
    that look and the run (then the claim is given back and the schedule skipped alike).
    """

    def __init__(self, service: SyncService, *, clock: Callable[[], dt.datetime] = utc_now,
                 who: str | None = None,
                 on_outcome: Callable[[Outcome], None] | None = None) -> None:
        self._service = service
        self._clock = clock
        self._who = who or scheduler_name("scheduler")
        self._on_outcome = on_outcome or (lambda outcome: None)

    async def run_due(self) -> list[Outcome]:
        """One look: run every schedule due now (soonest first); what became of each."""
        now = self._clock()
        outcomes = []
        for seen in sorted((r for r in schedules.list_schedules() if r.is_due(now)),
                           key=lambda r: (r.next_run, r.shop, r.resource)):
            try:  # as it is now: an earlier run of this look may have taken a while
                row = schedules.get_schedule(seen.id)
            except NotFoundError:
                continue  # removed meanwhile
            if not row.is_due(self._clock()):
                continue
            outcome = await self.run_one(row)
            if outcome is not None:
                outcomes.append(outcome)
                self._on_outcome(outcome)
        return outcomes

    async def run_one(self, row: ScheduleRow) -> Outcome | None:
        """Claim and run one due schedule; None when another scheduler claimed it first."""
        from desktop_app.sync.service import ShopBusyError

        now = self._clock()
        holder = self._service.busy_elsewhere(row.shop)
        if holder is not None:
            return self._skipped(row, holder)
        if not schedules.claim(row, now, self._who):
            log.info("scheduled sync %s %s (schedule %d) taken by another scheduler",
                     row.shop, row.resource, row.id)
            return None
        log.info("scheduled sync %s %s (schedule %d) started", row.shop, row.resource, row.id)
        try:
            result = await self._service.sync(row.shop, row.resource)
        except ShopBusyError:  # taken by another process since the look above
            schedules.release_claim(row, now)
            return self._skipped(row, self._service.busy_elsewhere(row.shop) or
                                 "another process")
        except asyncio.CancelledError:
            record_note(row, "cancelled: the scheduler was stopped during the run")
            raise
        except AppError as exc:
            message = str(exc)
            record_failure(row, now, message)
            log.warning("scheduled sync %s %s failed: %s", row.shop, row.resource, exc.code)
            return Outcome(row.id, row.shop, row.resource, "failed", message)
        except Exception as exc:  # noqa: BLE001 (a bug: in the log; the scheduler goes on)
            log.exception("scheduled sync %s %s crashed", row.shop, row.resource)
            message = f"Unexpected error ({type(exc).__name__}); see the log file."
            record_failure(row, now, message)
            return Outcome(row.id, row.shop, row.resource, "failed", message)
        status = "partial" if result.failed else "ok"
        record_note(row, status)
        return Outcome(row.id, row.shop, row.resource, status, "", result)

    def _skipped(self, row: ScheduleRow, holder: str) -> Outcome:
        reason = busy_reason(row.shop, holder)
        record_note(row, f"skipped: {reason}")
        log.info("scheduled sync %s %s skipped: %s", row.shop, row.resource, reason)
        return Outcome(row.id, row.shop, row.resource, "skipped", reason)

    def next_run(self) -> dt.datetime | None:
        """When the soonest schedule is due; None when there is none (or the database cannot
        be read just now)."""
        try:
            rows = schedules.list_schedules()
        except AppError as exc:  # e.g. a locked database: look again after a tick
            log.warning("could not read the schedules: %s", exc)
            return None
        return min((r.next_run for r in rows), default=None)

    def seconds_to_next(self, tick_seconds: float) -> float:
        """How long to wait before the next look: until the soonest schedule is due, at
        most `tick_seconds` (a schedule added meanwhile is seen within a tick), at least 1."""
        soonest = self.next_run()
        if soonest is None:
            return tick_seconds
        return max(1.0, min(tick_seconds, (soonest - self._clock()).total_seconds()))

    async def run_once_unless(self, stop: asyncio.Event, *, quiet: bool = False) -> bool:
        """One look (`run_due`), cancelled when `stop` is set meanwhile (a sync in progress
        is recorded as cancelled, as a window's Cancel does); True when it was completed.
        `quiet`: a database error is only logged (the next look tries again)."""
        look = asyncio.ensure_future(self._look() if quiet else self.run_due())
        stopping = asyncio.ensure_future(stop.wait())
        await asyncio.wait({look, stopping}, return_when=asyncio.FIRST_COMPLETED)
        for task in (look, stopping):
            if not task.done():
                task.cancel()
        await asyncio.gather(look, stopping, return_exceptions=True)
        if look.cancelled():
            return False
        look.result()  # a bug (or, not quiet, a database error) goes to the caller
        return True

    async def run_until(self, stop: asyncio.Event, tick_seconds: float = DEFAULT_TICK_SECONDS
                        ) -> None:
        """Look for due schedules until `stop` is set, waiting `seconds_to_next` between two
        looks; a run in progress when it is set is cancelled."""
        while not stop.is_set():
            if not await self.run_once_unless(stop, quiet=True):
                return
            try:
                await asyncio.wait_for(stop.wait(), self.seconds_to_next(tick_seconds))
            except TimeoutError:
                pass

    async def _look(self) -> list[Outcome]:
        try:
            return await self.run_due()
        except AppError as exc:  # e.g. a locked database: the next look tries again
            log.warning("scheduler: could not look for due schedules: %s", exc)
            return []


def busy_reason(shop: str, holder: str) -> str:
    """Why a due schedule was skipped: `holder` syncs the shop (e.g. "process 4312 (sync
    customers), since ...")."""
    return f"shop {shop} was busy ({holder}); tried again at the next look"


def record_note(row: ScheduleRow, note: str, now: dt.datetime | None = None) -> None:
    """Record on the schedule what became of it last (shown by `schedules list`)."""
    try:
        schedules.set_note(row.id, note, now)
    except AppError as exc:  # only information: the run itself is in the history
        log.warning("schedule %d: could not record '%s': %s", row.id, note, exc)


def record_failure(row: ScheduleRow, claimed_at: dt.datetime, message: str) -> None:
    """A scheduled run failed as a whole: its reason on the schedule and, when the sync
    failed before it recorded a run (no such shop, no client id...), a failed run in the
    sync history, so the failure is never lost."""
    try:
        if not schedules.runs_since(row.shop, row.resource, claimed_at):
            schedules.record_failed_run(row.shop, row.resource, claimed_at, message)
    except AppError as exc:
        log.warning("schedule %d: could not record its failed run: %s", row.id, exc)
    record_note(row, f"failed: {message}")
