"""Recurring sync schedules: one interval per shop and resource (`sync_schedule`, v4 and v13).

Plain values in and out, like `store.shops`. A resource without a schedule is "off".

When a schedule is due (the same rule for the window and `shop-sync scheduler`): at once when
it is added, then `interval` after the latest of its last start by a scheduler
(`last_started_at`) and the start of the resource's latest run in the sync history since it
was added (from any origin: a button, `shop-sync sync`, a scheduler), so a run started by
hand moves the next scheduled one back.

A scheduler claims a due schedule (`claim`) before it starts it: one UPDATE that succeeds
only while `last_started_at` is still what that scheduler read, so of two schedulers (the
window and a `scheduler` process, or two processes) that see the same due schedule, exactly
one runs it. A claim given back (`release_claim`: the shop was busy) makes it due again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass

import peewee

from desktop_app.errors import NotFoundError, StoreError
from desktop_app.store.database import transaction
from desktop_app.store.models import BaseModel, Shop, SyncRun, UtcDateTimeField, utc_now
from desktop_app.store.shops import get_shop
from desktop_app.store.values import record_of

log = logging.getLogger(__name__)

#: The intervals offered, in minutes (off is "no schedule"): 5, 15, 30 min, 1 h, 4 h, daily.
INTERVALS: tuple[int, ...] = (5, 15, 30, 60, 240, 1440)


class SyncSchedule(BaseModel):
    """How often one resource of one shop is synced (by the window or `shop-sync scheduler`)."""

    shop = peewee.ForeignKeyField(Shop, backref="sync_schedules", on_delete="CASCADE")
    resource = peewee.CharField(max_length=30)
    interval_minutes = peewee.IntegerField()
    updated_at = UtcDateTimeField(default=utc_now)
    added_at = UtcDateTimeField(null=True, default=utc_now)
    last_started_at = UtcDateTimeField(null=True)
    claimed_by = peewee.CharField(max_length=100, default="")
    note = peewee.TextField(default="")
    note_at = UtcDateTimeField(null=True)

    class Meta:
        table_name = "sync_schedule"
        indexes = ((("shop", "resource"), True),)


@dataclass(frozen=True)
class ScheduleRow:
    """One schedule, with when it was last changed and the start of its latest run."""

    shop: str
    resource: str
    interval_minutes: int
    updated_at: dt.datetime
    last_run_at: dt.datetime | None
    id: int = 0
    added_at: dt.datetime | None = None
    last_started_at: dt.datetime | None = None
    claimed_by: str = ""
    note: str = ""
    note_at: dt.datetime | None = None

    @property
    def next_run(self) -> dt.datetime:
        """When it is due (aware UTC): see the module's doc."""
        added = self.added_at or self.updated_at
        marks = [t for t in (self.last_started_at, self.last_run_at)
                 if t is not None and t >= added]
        if not marks:
            return added
        return max(marks) + dt.timedelta(minutes=self.interval_minutes)

    def is_due(self, now: dt.datetime) -> bool:
        return self.next_run <= now


#: The longest interval a schedule may have (a week), in minutes.
MAX_INTERVAL = 7 * 24 * 60


def check_interval(interval_minutes: int) -> None:
    """StoreError unless `interval_minutes` is a whole number of minutes from 1 to a week.
    The window offers `INTERVALS`; the command line (and so a script) may set any other."""
    if not 1 <= interval_minutes <= MAX_INTERVAL:
        raise StoreError(
            f"Unsupported schedule interval: {interval_minutes} minutes (choose from 1 to "
            f"{MAX_INTERVAL} minutes, a week)")


def set_schedule(shop: str, resource: str, interval_minutes: int | None) -> None:
    """Schedule `resource` of `shop` every `interval_minutes`; None or 0 turns it off.

    A new schedule is due at once; changing the interval keeps the last run as the anchor.

    Raises:
        NotFoundError: no such shop.
        StoreError: an interval under 1 minute or over a week.
    """
    if interval_minutes:
        check_interval(interval_minutes)
    with transaction():
        shop_id = get_shop(shop).id
        row = SyncSchedule.get_or_none(
            (SyncSchedule.shop == shop_id) & (SyncSchedule.resource == resource)
        )
        if not interval_minutes:
            if row is not None:
                row.delete_instance()
                log.info("schedule %s %s off", shop, resource)
            return
        if row is not None and row.interval_minutes == interval_minutes:
            return  # unchanged: keep updated_at, so the next run does not move
        row = row or SyncSchedule(shop=shop_id, resource=resource, added_at=utc_now())
        row.interval_minutes = interval_minutes
        row.updated_at = utc_now()
        row.save()
    log.info("schedule %s %s every %d min", shop, resource, interval_minutes)


def add_schedule(shop: str, resource: str, interval_minutes: int) -> ScheduleRow:
    """`shop-sync schedules add`: a new schedule (due at once), or a new interval for the
    existing one of that shop and resource. Returns it.

    Raises:
        NotFoundError: no such shop.
        StoreError: an interval under 1 minute or over a week.
    """
    check_interval(interval_minutes)
    set_schedule(shop, resource, interval_minutes)
    return next(r for r in list_schedules(shop) if r.resource == resource)


def get_schedule(schedule_id: int) -> ScheduleRow:
    """The schedule `schedule_id`. Raises NotFoundError."""
    found = _rows(SyncSchedule.id == schedule_id)
    if not found:
        raise NotFoundError(f"There is no schedule {schedule_id}")
    return found[0]


def remove_schedule(schedule_id: int) -> ScheduleRow:
    """Delete the schedule `schedule_id` (a run it started goes on). Raises NotFoundError."""
    with transaction():
        row = get_schedule(schedule_id)
        SyncSchedule.delete().where(SyncSchedule.id == schedule_id).execute()
    log.info("schedule %d (%s %s) removed", schedule_id, row.shop, row.resource)
    return row


def list_schedules(shop: str | None = None) -> list[ScheduleRow]:
    """Every schedule (of one shop, when given), ordered by shop code and resource."""
    return _rows(SyncSchedule.shop == get_shop(shop).id if shop is not None else None)


def _rows(where: peewee.Expression | None) -> list[ScheduleRow]:
    query = SyncSchedule.select(SyncSchedule, Shop).join(Shop)
    if where is not None:
        query = query.where(where)
    rows = list(query.order_by(Shop.code, SyncSchedule.resource))
    last = _last_run_starts({row.shop_id for row in rows})
    return [
        record_of(ScheduleRow, row, shop=row.shop.code,
                  last_run_at=last.get((row.shop_id, row.resource)))
        for row in rows
    ]


def _last_run_starts(shop_ids: set[int]) -> dict[tuple[int, str], dt.datetime]:
    if not shop_ids:
        return {}
    latest = peewee.fn.MAX(SyncRun.started_at)
    query = (
        SyncRun.select(SyncRun.shop, SyncRun.resource, latest.alias("latest"))
        .where(SyncRun.shop.in_(list(shop_ids)))
        .group_by(SyncRun.shop, SyncRun.resource)
        .tuples()
    )
    field = SyncRun.started_at
    return {(shop_id, resource): field.python_value(value) for shop_id, resource, value in query}


# --- claims (one run of a due schedule, whichever scheduler sees it first) ------------------


def _still(row: ScheduleRow) -> peewee.Expression:
    """The schedule, as long as no scheduler claimed it since `row` was read."""
    seen = row.last_started_at
    same = (SyncSchedule.last_started_at.is_null() if seen is None
            else SyncSchedule.last_started_at == seen)
    return (SyncSchedule.id == row.id) & same


def claim(row: ScheduleRow, now: dt.datetime, who: str) -> bool:
    """Mark the due schedule `row` started at `now` by `who`; False when another scheduler
    claimed it since `row` was read (it is theirs to run) or it was removed."""
    with transaction():
        count = (SyncSchedule.update(last_started_at=now, claimed_by=who[:100])
                 .where(_still(row)).execute())
    return count == 1


def release_claim(row: ScheduleRow, now: dt.datetime) -> bool:
    """Give back the claim made at `now` on `row` (it did not run): due again as before."""
    claimed = dataclasses.replace(row, last_started_at=now)
    with transaction():
        count = (SyncSchedule.update(last_started_at=row.last_started_at,
                                     claimed_by=row.claimed_by)
                 .where(_still(claimed)).execute())
    return count == 1


def set_note(schedule_id: int, note: str, now: dt.datetime | None = None) -> None:
    """Record what happened to the schedule last (skipped and why, failed and why, ...)."""
    with transaction():
        (SyncSchedule.update(note=note[:2000], note_at=now or utc_now())
         .where(SyncSchedule.id == schedule_id).execute())


def runs_since(shop: str, resource: str, since: dt.datetime) -> int:
    """How many runs of `resource` of `shop` the history holds that started at `since` or
    later (0 when a sync failed before it recorded one)."""
    return (SyncRun.select().join(Shop)
            .where((Shop.code == shop) & (SyncRun.resource == resource)
                   & (SyncRun.started_at >= since))
            .count())


def record_failed_run(shop: str, resource: str, started_at: dt.datetime, message: str) -> int:
    """Record in the sync history a scheduled run that failed before the sync recorded one
    (started when it was claimed); returns its id."""
    with transaction():
        run = SyncRun.create(shop=get_shop(shop).id, resource=resource, started_at=started_at,
                             finished_at=utc_now(), status="failed", message=message)
    return run.id
