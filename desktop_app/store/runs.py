"""Where each resource's sync stopped (its state) and the record of every run: when, how it
ended, its counts and the per-record errors a later run compares its own with.

`history` reads the runs back for the window and prunes them; these are what the sync
service writes as a run goes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.errors import NotFoundError, StoreError
from desktop_app.store.chunks import chunks
from desktop_app.store.database import DB, transaction
from desktop_app.store.models import Shop, SyncError, SyncRun, SyncState, utc_now
from desktop_app.store.shops import shop_by_code
from desktop_app.store.values import as_text, field_value, iso_text


@dataclass(frozen=True)
class SyncStateRow:
    watermark: dt.datetime | None = None
    cursor: str | None = None
    bulk_operation_id: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


_UNSET: Any = object()


def get_sync_state(shop: str, resource: str) -> SyncStateRow:
    """Where the last sync of `resource` stopped (all empty before the first one)."""
    row = SyncState.get_or_none(
        (SyncState.shop == shop_by_code(shop)) & (SyncState.resource == resource)
    )
    if row is None:
        return SyncStateRow()
    return SyncStateRow(row.watermark, row.cursor, row.bulk_operation_id, dict(row.data))


def set_sync_state(
    shop: str,
    resource: str,
    *,
    watermark: dt.datetime | None = _UNSET,
    cursor: str | None = _UNSET,
    bulk_operation_id: str | None = _UNSET,
    data: Mapping[str, Any] | None = _UNSET,
) -> SyncStateRow:
    """Change the given parts of a resource's sync state (others are kept)."""
    with transaction():
        shop_row = shop_by_code(shop)
        row = SyncState.get_or_none(
            (SyncState.shop == shop_row) & (SyncState.resource == resource)
        ) or SyncState(shop=shop_row, resource=resource)
        if watermark is not _UNSET:
            row.watermark = watermark
        if cursor is not _UNSET:
            row.cursor = cursor
        if bulk_operation_id is not _UNSET:
            row.bulk_operation_id = bulk_operation_id
        if data is not _UNSET:
            row.data = dict(data or {})
        row.updated_at = utc_now()
        row.save()
    return SyncStateRow(row.watermark, row.cursor, row.bulk_operation_id, dict(row.data))


def start_run(shop: str, resource: str) -> int:
    """Record the start of a sync run; returns its id."""
    with transaction():
        run = SyncRun.create(shop=shop_by_code(shop), resource=resource)
    return run.id


def add_errors(run_id: int, errors: Iterable[Any]) -> int:
    """Record per-record errors of a run (objects or dicts with record, field, message)."""
    rows = [
        (run_id, as_text(field_value(e, "record", "")), as_text(field_value(e, "field", "")),
         as_text(field_value(e, "message", "")), False)
        for e in errors
    ]
    # One statement run with executemany: peewee's insert_many built the SQL of each chunk
    # again, 75 ms for the 3,970 errors of a 100,000-customer import (on the event loop at
    # the end of a window sync); this takes 11 ms.
    with transaction():
        DB.cursor().executemany(_INSERT_SYNC_ERROR, rows)
    return len(rows)


_INSERT_SYNC_ERROR = (
    f'INSERT INTO "{SyncError._meta.table_name}" ("run_id", "record", "field", "message", '
    '"resolved") VALUES (?, ?, ?, ?, ?)'
)


def finish_run(run_id: int, status: str, result: Any = None, *, message: str = "") -> None:
    """Close a run with its status and counts.

    `result` is a `SyncResult`-like object or dict (created, updated, skipped, failed,
    api_cost, requests, errors); its errors not yet recorded with `add_errors` are added.
    """
    if status not in SyncRun.STATUSES:
        raise StoreError(f"Unknown run status '{status}'")
    with transaction():
        run = SyncRun.get_or_none(SyncRun.id == run_id)
        if run is None:
            raise NotFoundError(f"There is no sync run {run_id}")
        run.status = status
        run.finished_at = utc_now()
        run.message = message
        if result is not None:
            for key in ("created", "updated", "skipped", "failed", "requests"):
                setattr(run, key, int(field_value(result, key, 0) or 0))
            run.api_cost = float(field_value(result, "api_cost", 0) or 0)
            recorded = [
                (e.record, e.field, e.message) for e in SyncError.select().where(SyncError.run == run)
            ]
            new = []
            for err in field_value(result, "errors", None) or ():
                key = (as_text(field_value(err, "record", "")), as_text(field_value(err, "field", "")),
                       as_text(field_value(err, "message", "")))
                if key in recorded:
                    recorded.remove(key)
                else:
                    new.append(err)
            if new:
                add_errors(run_id, new)
        run.save()


def last_run_failures(shop: str, resource: str) -> frozenset[tuple[str, str, str]]:
    """(record, field, message) of each error of the last completed run (ok or partial) of
    `resource`: what a new run compares its failures with to tell "still failing" apart."""
    last = last_completed_run_id(shop, resource)
    if last is None:
        return frozenset()
    # Read with the plain cursor: peewee's row conversion took 17-20 ms of the event loop for
    # the 4,000 errors of a 100,000-customer run; the cursor takes 3 ms.
    sql, params = SyncError.select(SyncError.record, SyncError.field, SyncError.message).where(
        SyncError.run == last).sql()
    return frozenset(SyncError._meta.database.execute_sql(sql, params).fetchall())


def last_completed_run_id(shop: str, resource: str) -> int | None:
    """Id of the last completed run (ok or partial) of `resource`: the one whose errors
    `last_run_failures` gives."""
    return (
        SyncRun.select(SyncRun.id)
        .where((SyncRun.shop == shop_by_code(shop)) & (SyncRun.resource == resource)
               & SyncRun.status.in_(("ok", "partial")))
        .order_by(SyncRun.started_at.desc(), SyncRun.id.desc())
        .limit(1)
        .scalar()
    )


def unresolved_error_records(shop: str, resource: str) -> list[str]:
    """Records that failed in earlier runs of this resource and have not succeeded since."""
    query = (
        SyncError.select(SyncError.record)
        .join(SyncRun)
        .where(
            (SyncRun.shop == shop_by_code(shop))
            & (SyncRun.resource == resource)
            & (SyncError.resolved == False)  # noqa: E712 (peewee expression)
            & (SyncError.record != "")
        )
        .distinct()
    )
    return sorted(r for (r,) in query.tuples())


def resolve_errors(shop: str, resource: str, records: Iterable[str]) -> int:
    """Mark the earlier errors of these records resolved (they went through)."""
    wanted = list(dict.fromkeys(records))
    if not wanted:
        return 0
    count = 0
    with transaction():
        runs = SyncRun.select(SyncRun.id).where(
            (SyncRun.shop == shop_by_code(shop)) & (SyncRun.resource == resource)
        )
        for chunk in chunks(wanted):
            count += SyncError.update(resolved=True).where(
                SyncError.run.in_(runs) & SyncError.record.in_(chunk)
                & (SyncError.resolved == False)  # noqa: E712
            ).execute()
    return count


def list_runs(
    last: int | None = 20, *, shop: str | None = None, resource: str | None = None,
    with_errors: bool = True,
) -> list[dict[str, Any]]:
    """The newest runs first, each with its errors; timestamps as ISO 8601 UTC text.

    `with_errors=False` leaves each run's "errors" empty: the window's "Last sync" label
    read the 3,970 errors of a 100,000-customer import on the event loop for one line of
    text (50-90 ms, issue 9's stall benchmark).
    """
    query = SyncRun.select(SyncRun, Shop).join(Shop)
    if shop is not None:
        query = query.where(SyncRun.shop == shop_by_code(shop))
    if resource is not None:
        query = query.where(SyncRun.resource == resource)
    query = query.order_by(SyncRun.started_at.desc(), SyncRun.id.desc())
    if last is not None:
        query = query.limit(last)
    runs = list(query)
    errors: dict[int, list[dict[str, Any]]] = {}
    for chunk in chunks([r.id for r in runs] if with_errors else []):
        for e in SyncError.select().where(SyncError.run.in_(chunk)).order_by(SyncError.id):
            errors.setdefault(e.run_id, []).append(
                {"record": e.record, "field": e.field, "message": e.message,
                 "resolved": bool(e.resolved)}
            )
    result = []
    for run in runs:
        seconds = (
            (run.finished_at - run.started_at).total_seconds() if run.finished_at else None
        )
        result.append({
            "id": run.id,
            "shop": run.shop.code,
            "resource": run.resource,
            "status": run.status,
            "started_at": iso_text(run.started_at),
            "finished_at": iso_text(run.finished_at),
            "seconds": seconds,
            "created": run.created,
            "updated": run.updated,
            "skipped": run.skipped,
            "failed": run.failed,
            "api_cost": run.api_cost,
            "requests": run.requests,
            "message": run.message,
            "errors": errors.get(run.id, []),
        })
    return result
