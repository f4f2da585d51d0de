"""Runs and their history: where each resource's sync stopped (its state), the record of every
run (when, how it ended, its counts, the per-record errors and warnings), the history read
back filtered, its CSV export, and its retention.

A run belongs to a shop (syncs, order actions) or to none (`shop` None: commands that change
local data only, such as `customers import`; see `sync/local_runs.py`). The sync service and
the order actions write runs as they go (`start_run`, `finish_run`); the window's history
dialog and `shop-sync log` read them (`find_runs`, `as_dict`, `export_csv`).

Each row of `sync_error` (`RunError`) is an error (a record that failed; a later run
compares its own failures with them) or a warning (done, but the merchant should look:
`field_cut`, `fully_refunded`...). `prune_runs()` deletes what the retention settings no
longer keep; the sync service calls it after every run, since each run may add thousands of
error rows (a record that fails by design fails again on every run).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import peewee

from desktop_app.errors import NotFoundError, StoreError
from desktop_app.store import record_history
from desktop_app.store.chunks import chunks
from desktop_app.store.csv_io import guard_formula
from desktop_app.store.database import DB, transaction
from desktop_app.store.files import replaced_atomically
from desktop_app.store.models import RunError, Shop, SyncRun, SyncState, utc_now
from desktop_app.store.shops import get_shop, shop_by_code
from desktop_app.store.statements import first_where
from desktop_app.store.values import as_text, field_value, iso_text

#: The levels of a `RunError` row.
ERROR = "error"
WARNING = "warning"

# --- Sync state -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncStateRow:
    watermark: dt.datetime | None = None
    cursor: str | None = None
    bulk_operation_id: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


_UNSET: Any = object()


def get_sync_state(shop: str, resource: str) -> SyncStateRow:
    """Where the last sync of `resource` stopped (all empty before the first one)."""
    row = first_where(SyncState, shop=shop_by_code(shop), resource=resource)
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
        row = first_where(SyncState, shop=shop_row, resource=resource) \
            or SyncState(shop=shop_row, resource=resource)
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


# --- Recording a run ------------------------------------------------------------------------


def start_run(shop: str | None, resource: str) -> int:
    """Record the start of a run of `shop` (None: a command that belongs to no shop);
    returns its id."""
    with transaction():
        run = SyncRun.create(shop=shop_by_code(shop) if shop is not None else None,
                             resource=resource)
    return run.id


def add_errors(run_id: int, errors: Iterable[Any], *, level: str = ERROR) -> int:
    """Record per-record errors (or, with `level=WARNING`, warnings) of a run: objects or
    dicts with record, field, message and, for warnings, code."""
    if level not in RunError.LEVELS:
        raise StoreError(f"Unknown run error level '{level}'")
    rows = [
        (run_id, as_text(field_value(e, "record", "")), as_text(field_value(e, "field", "")),
         as_text(field_value(e, "message", "")), False, level,
         as_text(field_value(e, "code", "")))
        for e in errors
    ]
    # One statement run with executemany: peewee's insert_many built the SQL of each chunk
    # again, 75 ms for the 3,970 errors of a 100,000-customer import (on the event loop at
    # the end of a window sync); this takes 11 ms.
    with transaction():
        DB.cursor().executemany(_INSERT_RUN_ERROR, rows)
    return len(rows)


_INSERT_RUN_ERROR = (
    f'INSERT INTO "{RunError._meta.table_name}" ("run_id", "record", "field", "message", '
    '"resolved", "level", "code") VALUES (?, ?, ?, ?, ?, ?, ?)'
)

_IS_ERROR = RunError.level == ERROR


class RunOutcome(Protocol):
    """What `finish_run` reads of a run's result (`sync.results.SyncResult` is one): its
    counts, and its errors and warnings (each with record, field, message and code)."""

    @property
    def created(self) -> int: ...

    @property
    def updated(self) -> int: ...

    @property
    def skipped(self) -> int: ...

    @property
    def failed(self) -> int: ...

    @property
    def requests(self) -> int: ...

    @property
    def api_cost(self) -> float: ...

    @property
    def errors(self) -> Sequence[object]: ...

    @property
    def warnings(self) -> Sequence[object]: ...


def finish_run(run_id: int, status: str, result: RunOutcome | Mapping[str, object] | None = None,
               *, message: str = "") -> None:
    """Close a run with its status and counts.

    `result` is a `RunOutcome` or a dict of the same keys (created, updated, skipped, failed,
    api_cost, requests, errors, warnings; any left out counts 0 or none); its errors not yet
    recorded with `add_errors` are added, and its warnings.
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
            run.sides = run_sides(result)
            recorded = [(e.record, e.field, e.message) for e in
                        RunError.select().where((RunError.run == run) & _IS_ERROR)]
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
            warnings = list(field_value(result, "warnings", None) or ())
            if warnings:
                add_errors(run_id, warnings, level=WARNING)
            # What the run changed on each record: the per-record history (issue 19).
            record_history.add_changes(run_id, field_value(result, "changes", None) or ())
        run.save()


#: The per-side counts a run keeps (`SyncResult.shopify` and `.local`, m0022).
SIDES = ("shopify", "local")
SIDE_CHANGES = ("created", "updated", "linked")


def run_sides(result: RunOutcome | Mapping[str, object]) -> dict[str, Any]:
    """Which way `result`'s records went, as `sync_run.sides` keeps it: `{"shopify":
    {"created", "updated", "linked"}, "local": {...}, "conflicts"}`; {} when it counts no
    sides (a local command's counts)."""
    sides = {side: {change: int(field_value(counts, change, 0) or 0)
                    for change in SIDE_CHANGES}
             for side in SIDES if (counts := field_value(result, side, None)) is not None}
    if not sides:
        return {}
    return {**sides, "conflicts": int(field_value(result, "conflicts", 0) or 0)}


def last_run_failures(shop: str, resource: str) -> frozenset[tuple[str, str, str]]:
    """(record, field, message) of each error of the last completed run (ok or partial) of
    `resource`: what a new run compares its failures with to tell "still failing" apart."""
    last = last_completed_run_id(shop, resource)
    if last is None:
        return frozenset()
    # Read with the plain cursor: peewee's row conversion took 17-20 ms of the event loop for
    # the 4,000 errors of a 100,000-customer run; the cursor takes 3 ms.
    sql, params = RunError.select(RunError.record, RunError.field, RunError.message).where(
        (RunError.run == last) & _IS_ERROR).sql()
    return frozenset(RunError._meta.database.execute_sql(sql, params).fetchall())


def run_failure_codes(run_id: int) -> dict[tuple[str, str, str], str]:
    """The stable code of each error of a run, by (record, field, message): what a failure
    carried over from it is reported with again (issue 17)."""
    sql, params = RunError.select(RunError.record, RunError.field, RunError.message,
                                  RunError.code).where(
        (RunError.run == run_id) & _IS_ERROR).sql()
    return {(r, f, m): c for r, f, m, c in
            RunError._meta.database.execute_sql(sql, params).fetchall()}


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


def last_run(shop: str) -> tuple[str, str, dt.datetime] | None:
    """(resource, status, when it finished or else started) of the shop's newest run, None
    before its first: what the window's status bar says after each run, without counting
    every run's errors as `find_runs` does (15-25 ms at 50,000 warnings, issue 21)."""
    row = (SyncRun.select(SyncRun.resource, SyncRun.status, SyncRun.started_at,
                          SyncRun.finished_at)
           .where(SyncRun.shop == shop_by_code(shop))
           .order_by(SyncRun.started_at.desc(), SyncRun.id.desc())
           .first())
    return None if row is None else (row.resource, row.status,
                                     row.finished_at or row.started_at)


def unresolved_error_records(shop: str, resource: str) -> list[str]:
    """Records that failed in earlier runs of this resource and have not succeeded since."""
    query = (
        RunError.select(RunError.record)
        .join(SyncRun)
        .where(
            (SyncRun.shop == shop_by_code(shop))
            & (SyncRun.resource == resource)
            & (RunError.resolved == False)  # noqa: E712 (peewee expression)
            & (RunError.record != "")
            & _IS_ERROR
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
            count += RunError.update(resolved=True).where(
                RunError.run.in_(runs) & RunError.record.in_(chunk)
                & (RunError.resolved == False) & _IS_ERROR  # noqa: E712
            ).execute()
    return count


def _of_shop(shop: str | None) -> peewee.Expression:
    """The runs of `shop` (None: the runs that belong to no shop)."""
    if shop is None:
        return SyncRun.shop.is_null()
    return SyncRun.shop.in_(Shop.select(Shop.id).where(Shop.code == shop))


def mark_interrupted(shop: str | None, run_ids: Iterable[int] | None = None, *,
                     sparing: Iterable[str] = (), any_shop: bool = False) -> int:
    """Close the runs of `shop` (None: those of no shop) still marked running as failed,
    saying they were interrupted (`INTERRUPTED_MESSAGE`); only those of `run_ids` when
    given. Returns how many.

    Called by a sync holding the shop's lock (sync/service.py): then no run of that shop can
    still be going, so one marked running died (killed, the machine stopped, a full disk
    kept it from recording its end). Runs of no shop are told apart by their own lock
    (sync/local_runs.py), which passes the ids of those that died. What they saved stays
    saved. `sparing`: resources whose runs are not under that lock (hand-made link changes),
    left to their own lock. `any_shop` (with `run_ids`): those runs whatever their shop.
    """
    where = SyncRun.status == "running"
    if not any_shop:
        where &= _of_shop(shop)
    if spared := tuple(sparing):
        where &= SyncRun.resource.not_in(spared)
    if run_ids is not None:
        ids = list(run_ids)
        if not ids:
            return 0
        where &= SyncRun.id.in_(ids)
    with transaction():
        return (SyncRun.update(status="failed", finished_at=utc_now(),
                               message=INTERRUPTED_MESSAGE)
                .where(where)
                .execute())


def running_runs(shop: str | None, *, or_resources: Iterable[str] = ()) -> list[int]:
    """Ids of the runs of `shop` (None: of no shop) still marked running; with
    `or_resources`, also those of these resources in any shop."""
    where = _of_shop(shop)
    if resources := tuple(or_resources):
        where |= SyncRun.resource.in_(resources)
    return [r for (r,) in SyncRun.select(SyncRun.id).where(
        where & (SyncRun.status == "running")).order_by(SyncRun.id).tuples()]


INTERRUPTED_MESSAGE = ("Interrupted: stopped before it finished: the program was closed or killed, or the "
                       "disk was full. What it saved before stays saved.")


# --- The history ----------------------------------------------------------------------------

#: Statuses of a run that did not fully succeed (what "failed only" keeps).
PROBLEM_STATUSES: tuple[str, ...] = ("partial", "failed")

#: The columns of the CSV export, in order.
CSV_COLUMNS: tuple[str, ...] = (
    "run_id", "shop", "resource", "status", "started_at", "finished_at", "seconds",
    "created", "updated", "skipped", "failed", "api_cost", "requests", "message",
    "error_record", "error_field", "error_message", "error_resolved", "error_level",
    "error_code",
)
_TEXT_COLUMNS = frozenset({"message", "error_record", "error_field", "error_message"})


@dataclass(frozen=True)
class RunFilter:
    """Which runs to list. Every criterion is optional; `since`/`until` bound the start time.

    `shop` None lists the runs of every shop and those of none; `without_shop` only those
    of none (commands such as `customers import`). `failed_only` keeps runs that failed or
    had failed records (`PROBLEM_STATUSES`); it is combined with `status` by AND, so both
    together only make sense for those statuses.
    """

    shop: str | None = None
    without_shop: bool = False
    resource: str | None = None
    status: str | None = None
    failed_only: bool = False
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    limit: int | None = 500


@dataclass(frozen=True)
class ErrorRow:
    """One error of a run, or (`level` WARNING) one warning with its `code`."""

    record: str
    field: str
    message: str
    resolved: bool
    level: str = ERROR
    code: str = ""

    @property
    def is_warning(self) -> bool:
        return self.level == WARNING


@dataclass(frozen=True)
class RunRow:
    """One run as the history shows it (timestamps are aware UTC datetimes); `shop` is None
    for a run that belongs to no shop. `errors` and `warnings` are filled by
    `find_runs(..., with_errors=True)`; the counts always."""

    id: int
    shop: str | None
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
    warning_count: int = 0
    warnings: tuple[ErrorRow, ...] = field(default=())
    #: Which way records went (`run_sides`); {} for a run recorded before m0022.
    sides: Mapping[str, Any] = field(default_factory=dict)

    @property
    def seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


#: The rows of warnings, written out (not a bound value) so that SQLite reads them from the
#: partial index `sync_error_warnings` (m0012) without visiting the errors.
_WARNING_ROWS = peewee.SQL(f"\"level\" = '{WARNING}'")


def _counts() -> tuple[peewee.SelectQuery, peewee.SelectQuery]:
    """(all rows, warnings) of each run, as subqueries: counted from the indexes alone (the
    errors are all minus the warnings), as fast as one count was before warnings."""
    rows = RunError.select(peewee.fn.COUNT(RunError.id)).where(RunError.run == SyncRun.id)
    warnings = (RunError.select(peewee.fn.COUNT(RunError.id))
                .where((RunError.run == SyncRun.id) & _WARNING_ROWS))
    return rows, warnings


def _query(flt: RunFilter) -> peewee.ModelSelect:
    if flt.status is not None and flt.status not in SyncRun.STATUSES:
        raise StoreError(f"Unknown run status '{flt.status}'")
    rows, warnings = _counts()
    query = (SyncRun.select(SyncRun, Shop, rows.alias("row_count"),
                            warnings.alias("warning_count"))
             .join(Shop, peewee.JOIN.LEFT_OUTER))
    if flt.shop is not None:
        query = query.where(SyncRun.shop == get_shop(flt.shop).id)
    if flt.without_shop:
        query = query.where(SyncRun.shop.is_null())
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


def _entries_by_run(run_ids: Sequence[int]) -> dict[int, list[ErrorRow]]:
    """The errors and warnings of each run, in the order they were recorded."""
    found: dict[int, list[ErrorRow]] = {}
    for chunk in chunks(run_ids):
        rows = RunError.select().where(RunError.run.in_(chunk)).order_by(RunError.id)
        for e in rows:
            found.setdefault(e.run_id, []).append(
                ErrorRow(e.record, e.field, e.message, bool(e.resolved), e.level, e.code)
            )
    return found


def find_runs(flt: RunFilter | None = None, *, with_errors: bool = False) -> list[RunRow]:
    """The runs matching `flt`, newest first; with their errors and warnings when
    `with_errors`.

    Raises:
        NotFoundError: `flt.shop` is not a shop.
        StoreError: an unknown status.
    """
    runs = list(_query(flt or RunFilter()))
    entries = _entries_by_run([r.id for r in runs]) if with_errors else {}
    return [
        RunRow(
            id=r.id, shop=r.shop.code if r.shop_id is not None else None,
            resource=r.resource, status=r.status,
            started_at=r.started_at, finished_at=r.finished_at, created=r.created,
            updated=r.updated, skipped=r.skipped, failed=r.failed, api_cost=r.api_cost,
            requests=r.requests, message=r.message,
            error_count=int(r.row_count or 0) - int(r.warning_count or 0),
            errors=tuple(e for e in entries.get(r.id, ()) if not e.is_warning),
            warning_count=int(r.warning_count or 0),
            warnings=tuple(e for e in entries.get(r.id, ()) if e.is_warning),
            sides=r.sides or {},
        )
        for r in runs
    ]


def run_entries(run_id: int) -> list[ErrorRow]:
    """The errors and warnings of one run, in the order they were recorded."""
    return _entries_by_run([run_id]).get(run_id, [])


def run_errors(run_id: int) -> list[ErrorRow]:
    """The per-record errors of one run (not its warnings), in the order they were
    recorded."""
    return [e for e in run_entries(run_id) if not e.is_warning]


def as_dict(run: RunRow) -> dict[str, Any]:
    """The JSON shape of a run (the `shop-sync log --json` keys); `shop` is null for a run
    of no shop, and `warnings` has the shape of a sync's (CLI.md)."""
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
            {"record": e.record, "field": e.field, "code": e.code, "message": e.message,
             "resolved": e.resolved}
            for e in run.errors
        ],
        "warnings": [
            {"record": w.record, "field": w.field, "code": w.code, "message": w.message}
            for w in run.warnings
        ],
        # Which way records went, as a sync's JSON says it (null: not recorded, m0022).
        "shopify": run.sides.get("shopify"),
        "local": run.sides.get("local"),
        "conflicts": run.sides.get("conflicts"),
    }


def run_dicts(flt: RunFilter | None = None, *, with_errors: bool = True) -> list[dict[str, Any]]:
    """`find_runs(flt, with_errors=...)` as plain dicts (`as_dict`)."""
    return [as_dict(r) for r in find_runs(flt, with_errors=with_errors)]


def _cell(column: str, value: object) -> object:
    """Keep spreadsheet programs from running text as a formula (shop data is untrusted):
    the same guard as the customers export."""
    if column in _TEXT_COLUMNS and isinstance(value, str):
        return guard_formula(value)
    return value


def csv_rows(runs: Iterable[RunRow]) -> Iterable[dict[str, Any]]:
    """One dict per error and warning of each run (a run with neither gives one row, their
    cells blank)."""
    for run in runs:
        base = {
            "run_id": run.id, "shop": run.shop or "", "resource": run.resource,
            "status": run.status, "started_at": iso_text(run.started_at),
            "finished_at": iso_text(run.finished_at) or "",
            "seconds": "" if run.seconds is None else round(run.seconds, 3),
            "created": run.created, "updated": run.updated, "skipped": run.skipped,
            "failed": run.failed, "api_cost": round(run.api_cost, 1), "requests": run.requests,
            "message": run.message,
        }
        blank = {"error_record": "", "error_field": "", "error_message": "",
                 "error_resolved": "", "error_level": "", "error_code": ""}
        if not run.errors and not run.warnings:
            yield {**base, **blank}
        for e in (*run.errors, *run.warnings):
            resolved = "" if e.is_warning else ("yes" if e.resolved else "no")
            yield {**base, "error_record": e.record, "error_field": e.field,
                   "error_message": e.message, "error_resolved": resolved,
                   "error_level": e.level, "error_code": e.code}


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


# --- Retention ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Retention:
    """How much history one shop keeps: runs younger than `days`, at most `runs` newest runs
    of each resource. The newest run of each resource is kept whatever its age: it tells
    when the resource last ran and holds the failures its next run retries."""

    days: int = 90
    runs: int = 1000

    @classmethod
    def of_shop(cls, shop: str | None) -> Retention:
        """The retention settings of `shop` (`history_days`, `history_runs`); the defaults
        for the runs of no shop."""
        if shop is None:
            return cls()
        settings = get_shop(shop).settings
        return cls(days=int(settings["history_days"]), runs=int(settings["history_runs"]))


@dataclass(frozen=True)
class PruneResult:
    """What one `prune_runs()` call deleted; `complete` is False when it stopped at its batch
    limit with more left to delete (the next call goes on)."""

    runs: int = 0
    errors: int = 0
    complete: bool = True
    #: Record changes deleted with the runs (issue 19, `record_history`).
    changes: int = 0


def _prunable_runs(of_shop: peewee.Expression, retention: Retention, cutoff: dt.datetime,
                   limit: int) -> list[int]:
    """The oldest `limit` runs of the shop that `retention` no longer keeps."""
    rank = peewee.fn.ROW_NUMBER().over(
        partition_by=[SyncRun.resource],
        order_by=[SyncRun.started_at.desc(), SyncRun.id.desc()],
    )
    ranked = (
        SyncRun.select(SyncRun.id, SyncRun.started_at, rank.alias("newest"))
        .where(of_shop)
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
    shop: str | None,
    retention: Retention | None = None,
    *,
    now: dt.datetime | None = None,
    batch_runs: int = 200,
    batch_errors: int = 5000,
    max_batches: int = 200,
) -> PruneResult:
    """Delete the runs of `shop` (None: the runs of no shop), their errors and their record
    changes (the per-record history) that `retention` no longer keeps.

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
    of_shop = SyncRun.shop.is_null() if shop is None else SyncRun.shop == get_shop(shop).id
    cutoff = (now or utc_now()) - dt.timedelta(days=retention.days)
    runs = errors = changes = 0
    for _ in range(max_batches):
        with transaction():
            ids = _prunable_runs(of_shop, retention, cutoff, batch_runs)
            if not ids:
                return PruneResult(runs, errors, changes=changes)
            doomed = RunError.select(RunError.id).where(RunError.run.in_(ids)).limit(
                batch_errors)
            deleted = RunError.delete().where(RunError.id.in_(doomed)).execute()
            errors += deleted
            if deleted < batch_errors:  # none of these runs has an error left
                # Then their record changes (issue 19), batched the same way.
                gone = record_history.delete_changes_of_runs(ids, batch_errors - deleted)
                changes += gone
                if gone < batch_errors - deleted:
                    runs += SyncRun.delete().where(SyncRun.id.in_(ids)).execute()
    more = bool(_prunable_runs(of_shop, retention, cutoff, 1))
    return PruneResult(runs, errors, complete=not more, changes=changes)
