"""Recurring sync schedules: one interval per shop and resource (schema v4, `sync_schedule`).

Plain values in and out, like `store.shops`. A resource without a schedule is "off". The
last run of a scheduled resource is read from the sync history, so a run started from the
command line or a button counts too and the next scheduled run moves back accordingly.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import peewee

from desktop_app.errors import StoreError
from desktop_app.store.database import transaction
from desktop_app.store.models import BaseModel, Shop, SyncRun, UtcDateTimeField, utc_now
from desktop_app.store.shops import get_shop

log = logging.getLogger(__name__)

#: The intervals offered, in minutes (off is "no schedule"): 5, 15, 30 min, 1 h, 4 h, daily.
INTERVALS: tuple[int, ...] = (5, 15, 30, 60, 240, 1440)


class SyncSchedule(BaseModel):
    """How often one resource of one shop is synced while the app is open."""

    shop = peewee.ForeignKeyField(Shop, backref="sync_schedules", on_delete="CASCADE")
    resource = peewee.CharField(max_length=30)
    interval_minutes = peewee.IntegerField()
    updated_at = UtcDateTimeField(default=utc_now)

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


def set_schedule(shop: str, resource: str, interval_minutes: int | None) -> None:
    """Schedule `resource` of `shop` every `interval_minutes`; None or 0 turns it off.

    Raises:
        NotFoundError: no such shop.
        StoreError: an interval that is not one of `INTERVALS`.
    """
    if interval_minutes and interval_minutes not in INTERVALS:
        raise StoreError(f"Unsupported schedule interval: {interval_minutes} minutes")
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
        row = row or SyncSchedule(shop=shop_id, resource=resource)
        row.interval_minutes = interval_minutes
        row.updated_at = utc_now()
        row.save()
    log.info("schedule %s %s every %d min", shop, resource, interval_minutes)


def list_schedules(shop: str | None = None) -> list[ScheduleRow]:
    """Every schedule (of one shop, when given), ordered by shop code and resource."""
    query = SyncSchedule.select(SyncSchedule, Shop).join(Shop)
    if shop is not None:
        query = query.where(SyncSchedule.shop == get_shop(shop).id)
    rows = list(query.order_by(Shop.code, SyncSchedule.resource))
    last = _last_run_starts({row.shop_id for row in rows})
    return [
        ScheduleRow(
            shop=row.shop.code,
            resource=row.resource,
            interval_minutes=row.interval_minutes,
            updated_at=row.updated_at,
            last_run_at=last.get((row.shop_id, row.resource)),
        )
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
