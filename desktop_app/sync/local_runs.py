"""Commands that change local data and belong to no shop, as recorded runs (Qt-free).

Every command that changes data is a run in the history (issue 15): a sync or an order action
is one of its shop; importing customers or items, changing or deleting a local customer,
posting a shipment or an invoice belong to no shop, and are recorded here as runs without a
shop (`store.runs.start_run(None, ...)`). The window and the command line call the functions
below, never the store directly, so both leave the same run: its status, counts, a message
saying what was saved, and each refused record with its field.

A run that dies (the process killed, the machine stopped, a full disk keeping it from
recording its end) stays "running" in the table. Each run of no shop holds a lock while it
goes (a file beside a SQLite database; on a shared server, an advisory lock of the server,
seen by every workstation); the next one marks those whose lock is free as interrupted (a
sync does the same for its shop under the shop's lock).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from desktop_app.errors import AppError
from desktop_app.store import (
    csv_io,
    customer_duplicates,
    invoices,
    local_customers,
    runs,
    shipments,
)
from desktop_app.store.database import DB
from desktop_app.store.engines import PostgresDatabase
from desktop_app.store.models import Customer, utc_now
from desktop_app.store.upsert import RowWritten
from desktop_app.sync import record_changes
from desktop_app.sync.process_lock import DatabaseLock, ProcessLock
from desktop_app.sync.results import (
    CREATED,
    CUSTOMER_LINKS,
    LOCAL,
    LOCAL_CUSTOMERS,
    LOCAL_DOCUMENTS,
    LOCAL_ITEMS,
    UPDATED,
    SyncResult,
)

log = logging.getLogger(__name__)


#: How long a run waits for another process to finish starting its own (a few ms).
_GUARD_WAIT = 10.0

NOTHING_SAVED = "Nothing was saved."


@dataclass
class LocalRun:
    """One run being recorded: its counts and errors (`result`), and `message`, what was
    saved, set by the command when it ends well."""

    run_id: int
    what: str
    result: SyncResult
    message: str = ""


#: The advisory lock class of the runs of no shop on a shared PostgreSQL database (issue 22):
#: (class, run id) per run, (class, 0) the guard of their starts.
_RUN_LOCK_CLASS = 0x5352

#: Where the run locks go: a folder (lock files) or a server's URL (advisory locks).
LockPlace = Path | str
RunLock = ProcessLock | DatabaseLock


def _lock_place() -> LockPlace | None:
    """Where the run locks go: beside the database file; on a shared server, the server's
    advisory locks (every workstation sees them; issue 22); None for an in-memory database."""
    if isinstance(DB.obj, PostgresDatabase):
        return DB.obj.url
    name = str(getattr(DB.obj, "database", "") or "")
    if not name or name == ":memory:" or name.startswith("file::memory:"):
        return None
    return Path(name).resolve().parent


def _run_lock(place: LockPlace, run_id: int) -> RunLock:
    if isinstance(place, str):
        return DatabaseLock(place, key=(_RUN_LOCK_CLASS, run_id))
    return ProcessLock(place / f".run-{run_id}.lock")


def _guard_lock(place: LockPlace) -> RunLock:
    if isinstance(place, str):
        return DatabaseLock(place, key=(_RUN_LOCK_CLASS, 0))
    return ProcessLock(place / ".local-runs.lock")


def _release(lock: RunLock) -> None:
    """Let a lock go (one not held, too: Windows refuses to unlock it, which is no harm)."""
    with contextlib.suppress(OSError):
        lock.release()


def _forget_lock(lock: RunLock, place: LockPlace, run_id: int) -> None:
    _release(lock)
    if isinstance(place, Path):
        with contextlib.suppress(OSError):
            (place / f".run-{run_id}.lock").unlink(missing_ok=True)


def _mark_dead_runs(place: LockPlace) -> None:
    """Mark interrupted the runs recorded here (of no shop, and the link changes of a shop)
    still "running" whose lock nobody holds."""
    dead = []
    for run_id in runs.running_runs(None, or_resources=(CUSTOMER_LINKS,)):
        other = _run_lock(place, run_id)
        try:
            free = other.try_acquire()
        except OSError:
            continue
        if free:  # its process is gone
            dead.append(run_id)
            _forget_lock(other, place, run_id)
        else:
            _release(other)
    if dead and (count := runs.mark_interrupted(None, dead, any_shop=True)):
        log.warning("%d earlier runs recorded apart from syncs had died; marked interrupted",
                    count)


def _start(resource: str, what: str, shop: str | None = None
           ) -> tuple[int, RunLock | None]:
    """Mark the runs of no shop that died as interrupted, record this one's start, and take
    its lock; all under a short guard, so that no run is seen between its start and its
    lock. Where no lock file can be made (an in-memory database, a folder that refuses
    files) the run is recorded all the same, without one."""
    place = _lock_place()
    if place is None:
        return runs.start_run(shop, resource), None
    guard = _guard_lock(place)
    deadline = time.monotonic() + _GUARD_WAIT
    try:
        while not (held := guard.try_acquire(what)) and time.monotonic() < deadline:
            time.sleep(0.01)
    except OSError:
        return runs.start_run(shop, resource), None
    try:
        if held:  # else another start is stuck: leave the dead to the next run
            _mark_dead_runs(place)
        run_id = runs.start_run(shop, resource)
        own = _run_lock(place, run_id)
        try:
            own.try_acquire(what)
        except OSError:
            return run_id, None
        return run_id, own
    finally:
        _release(guard)


@contextmanager
def recorded(resource: str, what: str, *, shop: str | None = None,
             record: str | None = None) -> Iterator[LocalRun]:
    """Record the block as a run of `resource` of no shop (or, for `CUSTOMER_LINKS`, of
    `shop`), its message starting with `what` (e.g. "customers import customers.csv").

    The block counts into `run.result` and sets `run.message` (what was saved). It ends
    "ok", or "partial" when records failed; an exception ends it "failed" with a message
    naming the error and saying that nothing was saved (each command here saves all or
    nothing), and goes on to the caller. An `AppError` the block did not record as failures
    of its own is recorded as the failure of `record` (no field), when one is given.
    """
    if (shop is not None) != (resource == CUSTOMER_LINKS):
        raise ValueError(f"{resource}: a run of a shop here is a customer-links one")
    run_id, lock = _start(resource, what, shop)
    run = LocalRun(run_id, what, SyncResult(resource))
    status, message = "failed", ""
    started = time.monotonic()
    try:
        yield run
        status = "partial" if run.result.failed else "ok"
        message = run.message or what
    except AppError as exc:
        if record is not None and not run.result.failed:
            run.result.fail(record, "", str(exc), code=exc.code)
        message = f"{what}: {str(exc).rstrip('.')}. {NOTHING_SAVED}"
        raise
    except Exception as exc:
        message = (f"{what}: unexpected error ({type(exc).__name__}); see the log file. "
                   f"{NOTHING_SAVED}")
        raise
    except BaseException:  # Ctrl+C
        status, message = "cancelled", f"{what}: stopped. {NOTHING_SAVED}"
        raise
    finally:
        run.result.seconds = time.monotonic() - started
        if status in ("failed", "cancelled"):  # nothing was saved: no record changed
            run.result.changes.clear()
        try:
            runs.finish_run(run_id, status, run.result, message=message)
        except AppError as exc:  # e.g. a full disk: the next run marks it interrupted
            log.warning("the end of run %d (%s) was not recorded: %s", run_id, what, exc)
        finally:
            place = _lock_place()
            if lock is not None and place is not None:
                _forget_lock(lock, place, run_id)
        _prune()


def _prune() -> None:
    """Apply the default retention to the runs of no shop (a failure is only logged)."""
    try:
        runs.prune_runs(None)
    except AppError as exc:
        log.warning("history of the runs without a shop not pruned: %s", exc)


# --- the commands -----------------------------------------------------------------------------


def _count_import(run: LocalRun, report: csv_io.CsvReport) -> None:
    result = run.result
    result.count(LOCAL, CREATED, report.created)
    result.count(LOCAL, UPDATED, report.updated)
    result.skipped = report.unchanged
    for error in report.errors:
        result.fail(error.no or f"line {error.line}", error.field,
                    f"line {error.line}: {error.message}", code="invalid_value")
    result.failed = len(report.failed_lines)  # records, not messages
    run.message = (f"{run.what}: {report.created} created, {report.updated} updated, "
                   f"{report.unchanged} unchanged, {len(report.failed_lines)} refused "
                   f"({'the others were saved' if report.failed_lines else 'all saved'}).")


def import_customers(path: Path | str, *, dry_run: bool = False) -> csv_io.CsvReport:
    """`customers import`: upsert local customers from a CSV file, a recorded run (a dry
    run changes nothing and is not recorded). Same errors as `csv_io.import_customers`."""
    if dry_run:
        return csv_io.import_customers(path, dry_run=True)
    with recorded(LOCAL_CUSTOMERS, f"customers import {Path(path).name}") as run:
        started = utc_now()

        def record(rows: dict[str, RowWritten]) -> None:
            """Each row created or updated goes to the per-record history, as a sync's do."""
            for no, row in rows.items():
                run.result.record_change(
                    record_changes.local_customer_saved(no, row.created, row.fields))

        report = csv_io.import_customers(path, on_written=record)
        _count_import(run, report)
        _warn_look_alikes(run, report, started)
    return report


def _warn_look_alikes(run: LocalRun, report: csv_io.CsvReport, since: dt.datetime) -> None:
    """Warn of each customer the import wrote that looks like another ("looks like C00012";
    the row is imported all the same)."""
    nos = [no for (no,) in Customer.select(Customer.no).where(Customer.updated_at >= since)
           .tuples()]
    for no, theirs, name, pair in customer_duplicates.imported_look_alikes(nos):
        message = f"looks like {theirs} {name} ({pair.why()})"
        run.result.warn(no, "", customer_duplicates.LOOKS_LIKE, message,
                        {"customer": theirs, "reasons": ",".join(pair.reasons)})
        report.warnings.append((no, customer_duplicates.LOOKS_LIKE, message))


def import_items(path: Path | str) -> csv_io.CsvReport:
    """`items import`: upsert local items from a CSV file, a recorded run."""
    with recorded(LOCAL_ITEMS, f"items import {Path(path).name}") as run:
        report = csv_io.import_items(path)
        _count_import(run, report)
    return report


def set_customer(no: str, values: Mapping[str, str]) -> local_customers.CustomerChange:
    """`customers set` and the window's Edit customer: change fields of one local customer
    (all or nothing), a recorded run; each refused value is an error naming its field."""
    with recorded(LOCAL_CUSTOMERS, f"customers set {no}", record=no) as run:
        try:
            change = local_customers.set_customer(no, values)
        except local_customers.CustomerValuesError as exc:
            for problem in exc.problems:
                run.result.fail(no, problem.field, problem.message, code="invalid_value")
            raise
        if change.changes:
            run.result.updated = 1
            run.result.record_change(record_changes.local_customer_changed(no, change.changes))
            run.message = f"{run.what}: changed {', '.join(change.changes)}."
        else:
            run.result.skipped = 1
            run.message = f"{run.what}: nothing to change."
    return change


def delete_customer(no: str) -> local_customers.CustomerDeletion:
    """`customers delete` and the window's Delete customer, a recorded run (refused while
    something uses the customer: `CustomerInUseError`)."""
    with recorded(LOCAL_CUSTOMERS, f"customers delete {no}", record=no) as run:
        deletion = local_customers.delete_customer(no)
        run.result.updated = 1  # a deletion is a change of the customers
        run.result.record_change(record_changes.change(
            record_changes.CUSTOMER, no, LOCAL, "update",
            {"deleted": (False, True), "name": (deletion.name, None)}))
        unlinked = "".join(f", unlinked from {u.name} in shop {u.shop}"
                           for u in deletion.unlinked)
        run.message = f"{run.what}: {deletion.name} deleted{unlinked}."
    return deletion


def post_shipment(document_no: str, *, agent_code: str = "", tracking_no: str = "",
                  quantities: Mapping[int, Decimal] | None = None) -> shipments.ShipmentRow:
    """`documents post-shipment`: post a shipment of a sales order, a recorded run."""
    with recorded(LOCAL_DOCUMENTS, f"documents post-shipment {document_no}",
                  record=document_no) as run:
        shipment = shipments.post_shipment(document_no, agent_code=agent_code,
                                           tracking_no=tracking_no, quantities=quantities)
        run.result.created = 1
        run.message = (f"{run.what}: shipment {shipment.no} posted "
                       f"({len(shipment.lines)} lines).")
    return shipment


def post_invoice(document_no: str, *,
                 remaining: Decimal | None = None) -> invoices.PostedInvoiceRow:
    """`documents post-invoice`: post a sales invoice (or invoice a sales order), a
    recorded run."""
    with recorded(LOCAL_DOCUMENTS, f"documents post-invoice {document_no}",
                  record=document_no) as run:
        invoice = invoices.post_invoice(document_no, remaining=remaining)
        run.result.created = 1
        run.message = f"{run.what}: invoice {invoice.no} posted."
    return invoice


def reset_document(document_no: str) -> str:
    """`documents reset` (Update Document): set a -1/-2 shipment or invoice back to retry,
    a recorded run; returns "shipment" or "invoice"."""
    with recorded(LOCAL_DOCUMENTS, f"documents reset {document_no}", record=document_no) as run:
        kind = invoices.reset_document(document_no)
        run.result.updated = 1
        run.message = f"{run.what}: {kind} {document_no} will be retried."
    return kind
