"""CustomerImport: Shopify → local customers, the import half of the customers sync.

It reads the customers changed since the last run (a bulk export the first time, pages
after), stages each batch and has `CustomerResolver` decide each changed (or previously
failed) customer, in one transaction a batch, in a worker thread (see `sync/customers.py` for
why a kill leaves no duplicate, and issue 4's speed). Failures of the last run that nothing
could have changed since are reported again as still failing without deciding them again
(issue 9, `_find_carried`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import gc
import hashlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

from desktop_app.errors import BulkOperationError, RecordError
from desktop_app.records.customers import CustomerRecord
from desktop_app.records.settings import ShopSettings
from desktop_app.shopify import records as shopify_records
from desktop_app.shopify.bulk import CHILDREN_KEY, run_bulk_query
from desktop_app.shopify.pagination import paginate
from desktop_app.store import bulk_customers as bulk
from desktop_app.store import runs
from desktop_app.store.customer_templates import list_customer_templates
from desktop_app.store.customers import local_customers_signature
from desktop_app.store.database import DB, transaction
from desktop_app.store.runs import get_sync_state, last_completed_run_id, set_sync_state
from desktop_app.sync.context import JobContext, ShopJob
from desktop_app.sync.customer_resolver import (
    GID_PREFIX,
    RESOURCE,
    CustomerResolver,
    template_rows,
)
from desktop_app.sync.results import UNEXPECTED
from desktop_app.sync.watermarks import ReadStart, changed_since

log = logging.getLogger(__name__)

T = TypeVar("T")

BATCH = 200
#: Sync-state data: what the failures of the last run were decided from (`_retry_basis`).
RETRY_BASIS = "retry_basis"
_BASIS_VERSION = 1


def _collect_and_freeze() -> None:
    """One full collection, then what survives it is frozen again (as `app.settle_heap` does
    at start-up) so later full passes stay short."""
    gc.collect()
    gc.freeze()


class CustomerImport(ShopJob):
    """Shopify → local: stage, match, create or update, per the shop's rules."""

    def __init__(self, ctx: JobContext, settings: ShopSettings, *, only_staged: bool) -> None:
        super().__init__(ctx, settings)
        self.only_staged = only_staged
        #: Decides each customer (matching, creating, updating) and holds the run's index.
        self.resolver = CustomerResolver(ctx, settings)
        # Retried even when unchanged: failures recorded in the history, and failures kept on
        # the staged rows (the only trace left when a run was killed before it finished).
        self.retry = self.resolver.retry
        self._seen: set[str] = set()
        #: Failures carried over unchanged, by Shopify id: (field, message) (`_find_carried`).
        self._carried: dict[str, list[tuple[str, str]]] = {}
        #: Their stable codes as the last run stored them, by (record, field, message).
        self._carried_codes: dict[tuple[str, str, str], str] = {}

    async def run(self) -> None:
        try:
            await self._run()
        finally:
            if self.resolver.has_index:
                self.resolver.drop_index()
            if self.resolver.froze:
                # Give the cycle collector back what the freeze hid from it: anything else
                # frozen with the index (the loop's own objects at that moment) that has
                # since become a garbage cycle would otherwise stay uncollectable for the
                # life of the app, one more batch at every sync. Only when the index was
                # frozen: while the window holds the full passes back (`sync.collector`)
                # nothing is, and this full pass over the whole heap (0.6-1.8 s holding
                # the GIL at 30,000-100,000 customers) would be the window's longest
                # stall (issue 21).
                self.resolver.froze = False
                gc.unfreeze()
                await asyncio.to_thread(_collect_and_freeze)

    async def _run(self) -> None:
        state = get_sync_state(self.shop, RESOURCE)
        full = state.watermark is None and not self.only_staged
        newest = state.watermark
        done = 0
        basis_at_start = await self._in_thread(self._retry_basis)  # 50 ms at 100,000 (issue 21)
        await self._find_carried(basis_at_start, state.data.get(RETRY_BASIS))
        # The next watermark: Shopify's time at the start of this read (`sync.watermarks`).
        read_start = ReadStart(self.ctx.client)
        source = self._full() if full else self._pages(state.watermark)
        async for batch, partial in source:
            read_start.date()  # right after the read's first answer
            batch = await self._apply_in_thread(batch, partial_addresses=partial)
            for record in batch:
                if record.updated_at and (newest is None or record.updated_at > newest):
                    newest = record.updated_at
            done += len(batch)
            self.ctx.reporter.progress(done, -1)
        read_start.date()  # a read that yielded nothing
        # Customers that failed before and did not change since are retried from staging,
        # unless nothing that decides their outcome changed since they failed (then their
        # failures of the last run are reported again as still failing).
        leftovers = sorted(self.retry - self._seen)
        if self._carried and await self._in_thread(self._retry_basis) == basis_at_start:
            carried = [gid for gid in leftovers if gid in self._carried]
            for gid in carried:
                self._report_carried(gid)
            leftovers = sorted(set(leftovers) - set(carried))
        for start in range(0, len(leftovers), BATCH):
            gids = leftovers[start:start + BATCH]
            page = bulk.read_staged(self.shop, gids)
            # One that failed before it could be staged has nothing to retry.
            staged = [r for gid in gids if (r := page.record(gid)) is not None]
            await self._apply_in_thread(staged, restaged=True)
        data = dict(get_sync_state(self.shop, RESOURCE).data)
        data.pop(RETRY_BASIS, None)
        basis = await self._in_thread(self._retry_basis)
        if basis == basis_at_start:
            # Every record of this run was decided against the same settings, templates and
            # local customers: its failures stay as they are until one of those changes.
            data[RETRY_BASIS] = {"run": self.ctx.run_id, "basis": basis,
                                 "records": await self._in_thread(self._failed_states)}
        set_sync_state(self.shop, RESOURCE, watermark=read_start.watermark(newest), data=data)
        log.info("customer import of shop %s: %s customers read", self.shop, done)

    # --- failures carried over unchanged ------------------------------------------------

    def _retry_basis(self) -> str:
        """A digest of everything besides the customer itself that decides a customer's
        outcome: the shop's settings, country, tax areas and customer templates (per
        country and the local ones) as this run uses them, and the local customers it can
        match (`local_customers_signature`)."""
        parts = (
            _BASIS_VERSION, sorted((k, repr(v)) for k, v in self.settings.as_dict().items()),
            self.resolver.shop_country, self.resolver.county_rows, template_rows(self.shop),
            [repr(t) for t in list_customer_templates()],
            local_customers_signature(),
        )
        return hashlib.sha256(repr(parts).encode()).hexdigest()

    def _staged_digests(self, gids: list[str]) -> dict[str, str]:
        """Per staged customer, a digest of its staged record and link/review state."""
        digests = {}
        for start in range(0, len(gids), BATCH):
            chunk = gids[start:start + BATCH]
            page = bulk.read_staged(self.shop, chunk)
            states = page.states()
            for gid in chunk:
                record = page.record(gid)
                if record is not None and gid in states:
                    digests[gid] = hashlib.sha256(
                        repr((record, states[gid])).encode()).hexdigest()[:20]
        return digests

    def _failed_states(self) -> dict[str, str]:
        """The staged digests of the Shopify customers that failed in this run."""
        failed = sorted({e.record for e in self.ctx.result.errors
                         if e.record.startswith(GID_PREFIX)})
        return self._staged_digests(failed)

    async def _in_thread(self, function: Callable[..., T], *args: object) -> T:
        def call() -> T:
            try:
                return function(*args)
            finally:
                DB.close()  # the worker thread's own connection

        return await asyncio.to_thread(call)

    async def _find_carried(self, basis: str, stored: object) -> None:
        """Find the failures of the last run that are reported again, without deciding
        their customers again, unless the run reads their customers changed
        (`_carried`, `_report_carried`).

        A failure is carried over only when the last completed run is the one that stored
        `stored`, that run decided every record against one state of the settings,
        templates and local customers that is still the current one (`basis`, see
        `_retry_basis`; checked again before the leftovers), and the customer's staged
        record, link and review state are as they were when it failed. Retry failed
        (`ctx.retry_failed`) carries nothing over.
        """
        self._carried = {}
        if (not self.retry or self.ctx.retry_failed
                or not isinstance(stored, dict) or stored.get("basis") != basis
                or stored.get("run") != last_completed_run_id(self.shop, RESOURCE)):
            return
        previous: dict[str, list[tuple[str, str]]] = {}
        for record, field_name, message in self.ctx.previous_failures:
            previous.setdefault(record, []).append((field_name, message))
        then = stored.get("records") or {}
        candidates = sorted(gid for gid in self.retry if gid in previous and gid in then)
        now = await self._in_thread(self._staged_digests, candidates)
        self._carried = {gid: sorted(previous[gid]) for gid in candidates
                         if now.get(gid) == then[gid]}
        if self._carried:
            self._carried_codes = runs.run_failure_codes(stored["run"])
            log.info("customer import of shop %s: %d unchanged failures carried over",
                     self.shop, len(self._carried))

    def _report_carried(self, gid: str) -> None:
        """Report a carried-over customer's failures of the last run again (still failing)."""
        for field_name, message in self._carried.pop(gid):
            self.ctx.fail(gid, field_name, message,
                          code=self._carried_codes.get((gid, field_name, message), UNEXPECTED))

    async def _full(self) -> AsyncIterator[tuple[list[CustomerRecord], bool]]:
        """Every customer: a bulk export, else (one already running) every page.

        Yields each batch with whether its records carry only their default address."""
        try:
            async for batch in self._bulk():
                yield batch, False
        except BulkOperationError as exc:
            if "OPERATION_IN_PROGRESS" not in (exc.details.get("codes") or ()):
                raise
            # A run killed mid-export leaves its bulk operation running at Shopify, which
            # refuses a second one: read the pages instead of failing until it ends.
            log.warning("a bulk export is already running in shop %s; reading pages", self.shop)
            async for batch, partial in self._pages(None):
                yield batch, partial

    async def _bulk(self) -> AsyncIterator[list[CustomerRecord]]:
        batch: list[CustomerRecord] = []
        async for line in run_bulk_query(self.ctx.client, "BulkCustomers"):
            try:
                batch.append(shopify_records.customer_record(line, line.get(CHILDREN_KEY, [])))
            except RecordError as exc:
                self.ctx.fail(exc.record, exc.field, exc.reason, code=exc.code)
            if len(batch) >= BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    async def _pages(
        self, watermark: dt.datetime | None
    ) -> AsyncIterator[tuple[list[CustomerRecord], bool]]:
        variables: dict[str, Any] = {"sortKey": "UPDATED_AT"}
        if watermark is not None:
            variables["query"] = changed_since(watermark)
        async for nodes in paginate(self.ctx.client, "CustomersPage", variables, ("customers",)):
            batch = []
            for node in nodes:
                try:
                    batch.append(shopify_records.customer_record(node))
                except RecordError as exc:
                    self.ctx.fail(exc.record, exc.field, exc.reason, code=exc.code)
            yield batch, True

    @staticmethod
    def _with_staged_addresses(batch: list[Any], page: bulk.StagedPage) -> list[Any]:
        """Page records carry only the default address: keep the other staged addresses.

        Without this, staging a page would delete every non-default address the bulk export
        staged (the store replaces a record's addresses with the ones given).
        """
        merged = []
        for record in batch:
            if not record.addresses or record.shopify_id not in page:
                merged.append(record)
                continue
            fresh = {a.shopify_id for a in record.addresses}
            others = tuple(
                dataclasses.replace(a, is_default=False)
                for a in page.addresses(record.shopify_id) if a.shopify_id not in fresh
            )
            merged.append(dataclasses.replace(record, addresses=record.addresses + others))
        return merged

    async def _apply_in_thread(self, batch: list[Any], **options: bool) -> list[Any]:
        """`_apply` in a worker thread, so the window's event loop stays free meanwhile (a
        batch of 200 is 25-35 ms of Python and SQLite, 50-80 ms when the machine is busy).

        The run awaits it, so nothing else touches this import's state meanwhile. A batch
        already started finishes (and commits) even if the run is cancelled: still all of
        the batch or none of it. The thread's connection is closed after.
        """

        def apply() -> list[Any]:
            try:
                return self._apply(batch, **options)
            finally:
                DB.close()

        return await asyncio.to_thread(apply)

    def _apply(self, batch: list[Any], *, restaged: bool = False,
               partial_addresses: bool = False) -> list[Any]:
        """Stage a batch and act on each changed (or previously failed) customer: one
        transaction, so a kill leaves either all of it or none of it.

        Args:
            restaged: the records come from staging (a retry): decide them all.
            partial_addresses: the records carry only their default address (a page).

        Returns:
            The records of the batch this run handles (with "With orders", only those
            already staged).
        """
        if not batch:
            return batch
        counts = self.ctx.result
        before = counts.counted()
        changed_before = len(counts.changes)
        try:
            return self._apply_page(batch, restaged=restaged,
                                    partial_addresses=partial_addresses)
        except BaseException:
            # The page's transaction was rolled back (a full disk...): what it counted was
            # not saved, so the run's counts must not say it was (issue 15, finding 8), nor
            # its history that the page's records changed (issue 19).
            counts.restore(before)
            del counts.changes[changed_before:]
            raise

    def _apply_page(self, batch: list[Any], *, restaged: bool,
                    partial_addresses: bool) -> list[Any]:
        carried: set[str] = set()
        with transaction():
            page = bulk.read_staged(self.shop, [r.shopify_id for r in batch])
            if self.only_staged and not restaged:
                # bc_connector §1.2: with "with orders" only customers already known.
                batch = [r for r in batch if r.shopify_id in page]
                if not batch:
                    return batch
            if restaged:
                changed = {r.shopify_id for r in batch}
                states = page.states()
            else:
                if partial_addresses:
                    batch = self._with_staged_addresses(batch, page)
                result = bulk.stage_shopify_customers_batch(self.shop, batch, page)
                changed = set(result.changed_keys)
                for r in batch:
                    if r.shopify_id in self.retry and r.shopify_id not in changed:
                        if r.shopify_id in self._carried:
                            # Read again unchanged (the incremental read's overlap): its
                            # failure is carried over, as it would be as a leftover.
                            self._report_carried(r.shopify_id)
                            carried.add(r.shopify_id)
                        else:
                            changed.add(r.shopify_id)
                states = result.states
            writes = self.resolver.page_writes(states, sorted(changed))
            if not self.resolver.has_index and any(r.shopify_id in changed for r in batch):
                self.resolver.build_index_frozen()
            for record in batch:
                if record.shopify_id in self.retry:
                    # Only these: a set of every id read would be one more map of 100,000
                    # entries for each full pass of the cycle collector to walk.
                    self._seen.add(record.shopify_id)
                if record.shopify_id in carried:
                    continue
                if record.shopify_id not in changed:
                    self.ctx.result.skipped += 1
                    continue
                self.resolver.decide(record, states[record.shopify_id], writes)
            self.resolver.flush(writes)
        return batch

