"""The sync history: runs filtered by shop, resource, status and date, their CSV export, and
its retention.

The rows come from `sync_run` and `sync_error` (written by `runs.start_run`/`finish_run`).
`run_dicts()` keeps the JSON keys of `runs.list_runs()` (the `shop-sync log` contract);
`export_csv()` writes one line per error of each run, or one line for a run without errors.
`prune_runs()` deletes what the shop's retention settings no longer keep; the sync service
calls it after every run, since each run may add thousands of error rows (a record that fails
by design fails again on every run).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import peewee

from desktop_app.errors import StoreError
from desktop_app.store.chunks import chunks
from desktop_app.store.csv_io import guard_formula
from desktop_app.store.database import transaction
from desktop_app.store.files import replaced_atomically
from desktop_app.store.models import Shop, SyncError, SyncRun, utc_now
from desktop_app.store.shops import get_shop
from desktop_app.store.values import iso_text

#: Statuses of a run that did not fully succeed (what "failed only" keeps).
PROBLEM_STATUSES: tuple[str, ...] = ("partial", "failed")

#: The columns of the CSV export, in order.
CSV_COLUMNS: tuple[str, ...] = (
    "run_id", "shop", "resource", "status", "started_at", "finished_at", "seconds",
    "created", "updated", "skipped", "failed", "api_cost", "requests", "message",
    "error_record", "error_field", "error_message", "error_resolved",
)
_TEXT_COLUMNS = frozenset({"message", "error_record", "error_field", "error_message"})


@dataclass(frozen=True)
class RunFilter:
    """Which runs to list. Every criterion is optional; `since`/`until` bound the start time.

    `failed_only` keeps runs that failed or had failed records (`PROBLEM_STATUSES`); it is
    combined with `status` by AND, so both together only make sense for those statuses.
    """

    shop: str | None = None
    resource: str | None = None
    status: str | None = None
    failed_only: bool = False
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    limit: int | None = 500


@dataclass(frozen=True)
class ErrorRow:
    record: str
    field: str
    message: str
    resolved: bool


@dataclass(frozen=True)
class RunRow:
    """One sync run as the history shows it (timestamps are aware UTC datetimes)."""

    id: int
    shop: str
    resource: str
    status: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    created: int
    updated: int
    skipped: int
    failed: int
    api_cost: float
    requests: int
    message: str
    error_count: int
    errors: tuple[ErrorRow, ...] = field(default=())

    @property
    def seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


def _query(flt: RunFilter) -> peewee.ModelSelect:
    if flt.status is not None and flt.status not in SyncRun.STATUSES:
        raise StoreError(f"Unknown run status '{flt.status}'")
    errors = (
        SyncError.select(peewee.fn.COUNT(SyncError.id))
        .where(SyncError.run == SyncRun.id)
    )
    query = SyncRun.select(SyncRun, Shop, errors.alias("error_count")).join(Shop)
    if flt.shop is not None:
        query = query.where(SyncRun.shop == get_shop(flt.shop).id)
    if flt.resource is not None:
        query = query.where(SyncRun.resource == flt.resource)
    if flt.status is not None:
        query = query.where(SyncRun.status == flt.status)
    if flt.failed_only:
        query = query.where(SyncRun.status.in_(PROBLEM_STATUSES) | (SyncRun.failed > 0))
    if flt.since is not None:
        query = query.where(SyncRun.started_at >= flt.since)
    if flt.until is not None:
        query = query.where(SyncRun.started_at < flt.until)
    query = query.order_by(SyncRun.started_at.desc(), SyncRun.id.desc())
    if flt.limit is not None:
        query = query.limit(flt.limit)
    return query


def _errors_by_run(run_ids: Sequence[int]) -> dict[int, list[ErrorRow]]:
    found: dict[int, list[ErrorRow]] = {}
    for chunk in chunks(run_ids):
        rows = SyncError.select().where(SyncError.run.in_(chunk)).order_by(SyncError.id)
        for e in rows:
            found.setdefault(e.run_id, []).append(
                ErrorRow(e.record, e.field, e.message, bool(e.resolved))
            )
    return found


def find_runs(flt: RunFilter | None = None, *, with_errors: bool = False) -> list[RunRow]:
    """The runs matching `flt`, newest first; with their errors when `with_errors`.

    Raises:
        NotFoundError: `flt.shop` is not a shop.
        StoreError: an unknown status.
    """
    runs = list(_query(flt or RunFilter()))
    errors = _errors_by_run([r.id for r in runs]) if with_errors else {}
    return [
        RunRow(
            id=r.id, shop=r.shop.code, resource=r.resource, status=r.status,
            started_at=r.started_at, finished_at=r.finished_at, created=r.created,
            updated=r.updated, skipped=r.skipped, failed=r.failed, api_cost=r.api_cost,
            requests=r.requests, message=r.message, error_count=int(r.error_count or 0),
            errors=tuple(errors.get(r.id, ())),
        )
        for r in runs
    ]


def run_errors(run_id: int) -> list[ErrorRow]:
    """The per-record errors of one run, in the order they were recorded."""
    return _errors_by_run([run_id]).get(run_id, [])


def as_dict(run: RunRow) -> dict[str, Any]:
    """The JSON shape of `runs.list_runs()` (the `shop-sync log --json` keys)."""
    return {
        "id": run.id,
        "shop": run.shop,
        "resource": run.resource,
        "status": run.status,
        "started_at": iso_text(run.started_at),
        "finished_at": iso_text(run.finished_at),
        "seconds": run.seconds,
        "created": run.created,
        "updated": run.updated,
        "skipped": run.skipped,
        "failed": run.failed,
        "api_cost": run.api_cost,
        "requests": run.requests,
        "message": run.message,
        "errors": [
            {"record": e.record, "field": e.field, "message": e.message, "resolved": e.resolved}
            for e in run.errors
        ],
    }


def run_dicts(flt: RunFilter | None = None) -> list[dict[str, Any]]:
    """`find_runs(flt, with_errors=True)` as plain dicts."""
    return [as_dict(r) for r in find_runs(flt, with_errors=True)]


def _cell(column: str, value: Any) -> Any:
    """Keep spreadsheet programs from running text as a formula (shop data is untrusted):
    the same guard as the customers export."""
    if column in _TEXT_COLUMNS and isinstance(value, str):
        return guard_formula(value)
    return value


def csv_rows(runs: Iterable[RunRow]) -> Iterable[dict[str, Any]]:
    """One dict per error of each run (a run without errors gives one row, error cells blank)."""
    for run in runs:
        base = {
            "run_id": run.id, "shop": run.shop, "resource": run.resource, "status": run.status,
            "started_at": iso_text(run.started_at), "finished_at": iso_text(run.finished_at) or "",
            "seconds": "" if run.seconds is None else round(run.seconds, 3),
            "created": run.created, "updated": run.updated, "skipped": run.skipped,
            "failed": run.failed, "api_cost": round(run.api_cost, 1), "requests": run.requests,
            "message": run.message,
        }
        blank = {"error_record": "", "error_field": "", "error_message": "",
                 "error_resolved": ""}
        if not run.errors:
            yield {**base, **blank}
        for e in run.errors:
            yield {**base, "error_record": e.record, "error_field": e.field,
                   "error_message": e.message, "error_resolved": "yes" if e.resolved else "no"}


def export_csv(path: Path | str, runs: Iterable[RunRow]) -> int:
    """Write `runs` (found `with_errors=True`) to a UTF-8 CSV file; returns the data rows.

    The file is written beside its target and renamed into place, so a failed export leaves
    no half file behind.

    Raises:
        StoreError: the file cannot be written.
    """
    target = Path(path)
    count = 0
    try:
        with replaced_atomically(target) as handle:
            writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
            writer.writeheader()
            for row in csv_rows(runs):
                writer.writerow({k: _cell(k, v) for k, v in row.items()})
                count += 1
    except OSError as exc:
        raise StoreError(f"Could not write {target}: {exc.strerror or exc}",
                         path=str(target)) from exc
    return count


def mark_interrupted(shop: str) -> int:
    """Close the runs of `shop` still marked running as failed, saying they were interrupted
    (`INTERRUPTED_MESSAGE`); returns how many.

    Called by a sync holding the shop's lock (sync/service.py): then no run of that shop can
    still be going, so one marked running died (killed, the machine stopped, a full disk
    kept it from recording its end). What it saved stays saved.
    """
    with transaction():
        return (SyncRun.update(status="failed", finished_at=utc_now(),
                               message=INTERRUPTED_MESSAGE)
                .where((SyncRun.shop.in_(Shop.select(Shop.id).where(Shop.code == shop)))
                       & (SyncRun.status == "running"))
                .execute())


INTERRUPTED_MESSAGE = ("Interrupted: stopped before it finished: the program was closed or killed, or the "
                       "disk was full. What it saved before stays saved.")


# --- Retention ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Retention:
    """How much history one shop keeps: runs younger than `days`, at most `runs` newest runs
    of each resource. The newest run of each resource is kept whatever its age: it tells
    when the resource last ran and holds the failures its next run retries."""

    days: int = 90
    runs: int = 1000

    @classmethod
    def of_shop(cls, shop: str) -> Retention:
        """The retention settings of `shop` (`history_days`, `history_runs`)."""
        settings = get_shop(shop).settings
        return cls(days=int(settings["history_days"]), runs=int(settings["history_runs"]))


@dataclass(frozen=True)
class PruneResult:
    """What one `prune_runs()` call deleted; `complete` is False when it stopped at its batch
    limit with more left to delete (the next call goes on)."""

    runs: int = 0
    errors: int = 0
    complete: bool = True


def _prunable_runs(shop_id: int, retention: Retention, cutoff: dt.datetime,
                   limit: int) -> list[int]:
    """The oldest `limit` runs of the shop that `retention` no longer keeps."""
    rank = peewee.fn.ROW_NUMBER().over(
        partition_by=[SyncRun.resource],
        order_by=[SyncRun.started_at.desc(), SyncRun.id.desc()],
    )
    ranked = (
        SyncRun.select(SyncRun.id, SyncRun.started_at, rank.alias("newest"))
        .where(SyncRun.shop == shop_id)
        .alias("ranked")
    )
    query = (
        peewee.Select([ranked], [ranked.c.id])
        .where((ranked.c.newest > retention.runs)
               | ((ranked.c.started_at < SyncRun.started_at.db_value(cutoff))
                  & (ranked.c.newest > 1)))
        .order_by(ranked.c.started_at, ranked.c.id)
        .limit(limit)
    )
    return [run_id for (run_id,) in query.bind(SyncRun._meta.database).tuples()]


def prune_runs(
    shop: str,
    retention: Retention | None = None,
    *,
    now: dt.datetime | None = None,
    batch_runs: int = 200,
    batch_errors: int = 5000,
    max_batches: int = 200,
) -> PruneResult:
    """Delete the runs of `shop` (and their errors) that `retention` no longer keeps.

    The work goes in batches, each its own short transaction (at most `batch_errors` error
    rows and `batch_runs` runs), so other writers wait little; after `max_batches` it stops
    and says so (a first prune of a long history finishes over the next runs).

    Args:
        retention: what to keep; the shop's settings when None.
        now: the clock (tests).

    Raises:
        NotFoundError: `shop` is not a shop.
        DatabaseLockedError: another writer held the database too long.
    """
    retention = retention or Retention.of_shop(shop)
    shop_id = get_shop(shop).id
    cutoff = (now or utc_now()) - dt.timedelta(days=retention.days)
    runs = errors = 0
    for _ in range(max_batches):
        with transaction():
            ids = _prunable_runs(shop_id, retention, cutoff, batch_runs)
            if not ids:
                return PruneResult(runs, errors)
            doomed = SyncError.select(SyncError.id).where(SyncError.run.in_(ids)).limit(
                batch_errors)
            deleted = SyncError.delete().where(SyncError.id.in_(doomed)).execute()
            errors += deleted
            if deleted < batch_errors:  # none of these runs has an error left
                runs += SyncRun.delete().where(SyncRun.id.in_(ids)).execute()
    more = bool(_prunable_runs(shop_id, retention, cutoff, 1))
    return PruneResult(runs, errors, complete=not more)
