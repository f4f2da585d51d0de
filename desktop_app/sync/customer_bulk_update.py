"""Updates of many linked customers by bulk mutation (issue 21).

One by one, a linked customer whose fields differ costs a `customerUpdate` and a
`CustomerById` read-back (about 15 points, two requests). From the Shop Card's
`bulk_write_threshold` such customers in one export run (default 50), `CustomerBulkUpdate`
sends their `customerUpdate`s as bulk mutations instead (BulkCustomerUpdate, at most `BATCH`
lines an operation): a fixed few points whatever the count, and each result line carries the
customer whole, so nothing is read back. (The export writes no tags: a customer's tags are
Shopify's to keep.)

What is sent is decided as one by one (`CustomerExport.plan_update`: issue 19's holds, a
conflict is never sent, a blank is not a clear) and the answer is applied the same way
(`CustomerExport.apply_update`: the mirror, the agreed values, our own change marked, the
counts and the record history). A line's userErrors are that customer's errors (code
`shopify_refused`, the field as one by one); the rest goes through. A customer whose address
changes too goes one by one: `customerUpdate`'s `input.addresses` (deprecated since 2025-10,
and its `id` with it) is not documented to update the default address in place rather than
replace the customer's addresses, so the address keeps its own mutation. When Shopify refuses
the operation or it fails, and in a `sync --preview` (no upload target), the customers go one
by one.

Idempotent. Before it starts, a batch is recorded in the customers' sync state
(`bulk_updates`: its `batch_mark`, the Shopify customers in line order, the operation's id as
soon as it runs). A run killed after that adopts it first thing (`adopt_recorded`): the
operation is found (by its id, else by its text), waited for, and the customers its lines
updated are staged as Shopify answered them and marked as our own change (no echo, no false
conflict); their agreed values are recorded when this run finds nothing left to send
(`CustomerExport.settle_agreed`). An unfinished operation of the very same lines is adopted
by `run_bulk_mutation` too; the writes are absolute values, so a batch whose outcome is unknown
may be sent again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from desktop_app.errors import (
    AppError,
    BulkOperationError,
    NetworkError,
    NotFoundError,
    RecordError,
)
from desktop_app.records.customers import CustomerRecord
from desktop_app.shopify import records as shopify_records
from desktop_app.shopify.bulk_mutations import (
    LineResult,
    adopt_results,
    batch_mark,
    find_batch,
    run_bulk_mutation,
)
from desktop_app.store.customers import CustomerRow
from desktop_app.store.database import transaction
from desktop_app.store.runs import resolve_errors
from desktop_app.store.shopify_customers import (
    get_shopify_customer,
    mark_updated_by_app,
    upsert_shopify_customers,
)
from desktop_app.sync import record_changes, rules
from desktop_app.sync.customer_bulk_export import (
    APPLY_CHUNK,
    YIELD_EVERY,
    CustomerExporter,
    ExportBulkWrite,
    UpdatePlan,
    batch_since,
    chunks,
    in_thread,
    let_go,
)
from desktop_app.sync.customer_resolver import RESOURCE, rules_customer
from desktop_app.sync.results import SHOPIFY, UPDATED

log = logging.getLogger(__name__)

MUTATION = "BulkCustomerUpdate"
#: The update batches of this run and of a run that stopped (see the module docstring).
BULK_UPDATES = "bulk_updates"
#: Customers per bulk operation: a few hundred bytes a line, far below 15 MiB an upload.
BATCH = 10_000

_Pending = tuple[UpdatePlan, rules.ShopifyCustomerInput]


class CustomerBulkUpdate(ExportBulkWrite[CustomerExporter]):
    """Updates the linked customers of one export run in bulk (see the module docstring)."""

    def __init__(self, export: CustomerExporter) -> None:
        super().__init__(export, BULK_UPDATES)

    # --- a run that stopped ---------------------------------------------------------------

    async def adopt_recorded(self) -> None:
        """Settle the bulk updates a stopped run recorded: stage what their lines did."""
        for entry in self.batches.entries():
            mark, gids = str(entry.get("mark") or ""), [str(g) for g in entry.get("gids") or []]
            nos = [str(n) for n in entry.get("nos") or []]
            self.export.settle_agreed.update(gids)
            try:
                operation = entry.get("operation") or await find_batch(
                    self.client, mark, str(entry.get("since") or ""))
                if operation is not None:
                    log.info("customers of shop %s: adopting the bulk update %s of a stopped "
                             "run (%s customers)", self.shop, operation, len(gids))
                    self.stats.adopted += 1
                    results = await adopt_results(self.client, str(operation), MUTATION,
                                                  len(gids))
                    staged = await in_thread(self._stage_adopted, gids, results)
                    for no, (previous, record) in zip(nos, staged, strict=True):
                        if record is not None:
                            self._count(no, previous, record)
            except BulkOperationError as exc:  # failed or forgotten: what differs is sent
                log.warning("customers of shop %s: a stopped run's bulk update cannot be "
                            "read (%s)", self.shop, exc)
            except AppError as exc:  # broke off: kept; this run sends what still differs
                log.warning("customers of shop %s: a stopped run's bulk update could not be "
                            "read back (%s)", self.shop, exc)
                continue
            await in_thread(self.batches.forget, mark)

    def _stage_adopted(self, gids: Sequence[str], results: Sequence[LineResult]
                       ) -> list[tuple[CustomerRecord | None, CustomerRecord | None]]:
        """Stage what each line did (None when it did nothing, or the import staged a newer
        state since), with the customer as staged before: (before, after) per line."""
        staged: list[tuple[CustomerRecord | None, CustomerRecord | None]] = []
        with transaction():
            for gid, result in zip(gids, results, strict=True):
                record = _customer(result)
                try:
                    before = get_shopify_customer(self.shop, gid)
                except NotFoundError:
                    before = None
                if (record is None or before is None or record.shopify_id != gid
                        or (before.updated_at and record.updated_at
                            and before.updated_at >= record.updated_at)):
                    staged.append((before, None))  # changed online since, or staged already
                    continue
                upsert_shopify_customers(self.shop, [record])
                if record.updated_at:
                    mark_updated_by_app(self.shop, gid, record.updated_at)
                staged.append((before, record))
        return staged

    def _count(self, no: str, before: CustomerRecord | None, after: CustomerRecord) -> None:
        """A stopped run's update, settled: counted and in the history as it would have been."""
        self.ctx.result.count(SHOPIFY, UPDATED)
        self.ctx.result.record_change(record_changes.shopify_customer_changed(
            no, None if before is None else
            rules.ShopifyCustomerInput.from_shopify(rules_customer(before)),
            rules.ShopifyCustomerInput.from_shopify(rules_customer(after)), "update"))

    # --- this run -------------------------------------------------------------------------

    async def run(self, rows: Sequence[CustomerRow], registry: rules.PhoneRegistry,
                  total: int) -> list[CustomerRow]:
        """Update the linked customers among `rows` (in bulk when at least the threshold
        need an update); returns the rows left for the one-by-one way (all of them when
        fewer linked customers than the threshold are among them)."""
        linked = [row for row in rows if row.shopify_id]
        if len(linked) < self.threshold:
            return list(rows)
        done = total - len(rows)
        pending: list[_Pending] = []
        for row in linked:
            done += 1
            await asyncio.sleep(0)  # a few ms a customer: the window's event loop stays free
            wanted = self.export.checked(row, registry)
            plan = None if wanted is None else await self._plan(row, wanted)
            if wanted is not None and plan is not None:
                if plan.variables is not None and plan.address is None:
                    pending.append((plan, wanted))
                    continue
                # Nothing to send, or the address too: one by one.
                await self.export.guarded(row, wanted, registry, self.export.send_update(plan))
            self.ctx.reporter.progress(done, total)
        if len(pending) < self.threshold:
            for plan, wanted in pending:
                await self.export.guarded(plan.row, wanted, registry,
                                          self.export.send_update(plan))
        else:
            for batch in chunks(pending, BATCH):
                await self._update(batch, registry)
        self.ctx.reporter.progress(done, total)
        return [row for row in rows if not row.shopify_id]

    async def _plan(self, row: CustomerRow, wanted: rules.ShopifyCustomerInput
                    ) -> UpdatePlan | None:
        assert row.shopify_id is not None
        try:
            return await self.export.plan_update(row, row.shopify_id, wanted)
        except (NetworkError, RecordError, NotFoundError) as exc:  # as `guarded`
            self.ctx.fail(row.no, "", f"{exc} (it will be checked again on the next sync)",
                          code="retry_later")
            return None

    async def _update(self, batch: Sequence[_Pending], registry: rules.PhoneRegistry) -> None:
        lines = [plan.variables or {} for plan, _ in batch]
        mark = await asyncio.to_thread(batch_mark, MUTATION, lines)
        since, gids = batch_since(self.client), [plan.gid for plan, _ in batch]
        nos = [plan.row.no for plan, _ in batch]
        await in_thread(lambda: self.batches.add(mark, since, gids=gids, nos=nos))
        try:
            results = await run_bulk_mutation(
                self.client, MUTATION, lines, stats=self.stats,
                on_started=lambda _start, _end, operation: in_thread(
                    self.batches.started, mark, operation))
        except BulkOperationError as exc:  # refused, failed, a preview: one by one
            log.warning("customers of shop %s: bulk update not possible (%s); updating %s "
                        "customers one by one", self.shop, exc, len(batch))
            await in_thread(self.batches.forget, mark)
            for plan, wanted in batch:
                await self.export.guarded(plan.row, wanted, registry,
                                          self.export.send_update(plan))
            return
        except AppError as exc:  # broke off: the next run adopts the operation
            for plan, _ in batch:
                self.ctx.fail(plan.row.no, "", f"{exc} (it will be checked again on the next "
                              "sync)", code="retry_later")
            return
        answered: list[tuple[UpdatePlan, CustomerRecord]] = []
        for index, ((plan, wanted), result) in enumerate(zip(batch, results, strict=True)):
            if index % YIELD_EVERY == 0:
                await asyncio.sleep(0)
            record = _customer(result)
            if record is not None:
                answered.append((plan, record))
            elif result.user_errors:
                self.export.refused(plan.row, wanted, registry, result.user_errors)
            else:
                self.ctx.fail(plan.row.no, "", f"{result.error or 'Shopify updated nothing'} "
                              "(it will be checked again on the next sync)", code="retry_later")
        for chunk in chunks(answered, APPLY_CHUNK):
            await in_thread(self._apply, chunk)
        await in_thread(self.batches.forget, mark)
        log.info("customers of shop %s: %s customers updated in bulk", self.shop, len(answered))
        await let_go(answered)
        await let_go(lines)

    def _apply(self, answered: Sequence[tuple[UpdatePlan, CustomerRecord]]) -> None:
        """Apply the answers as one by one does, a chunk a transaction (in a worker thread:
        a commit a customer held the event loop 5 ms each)."""
        with transaction():
            for plan, record in answered:
                self.export.apply_update(plan, record)
            retried = [plan.row.no for plan, _ in answered if plan.row.no in self.export.retry]
            if retried:
                resolve_errors(self.shop, RESOURCE, retried)


def _customer(result: LineResult) -> CustomerRecord | None:
    """The customer a result line carries, when the line went through."""
    customer = (result.payload or {}).get("customer") if result.ok else None
    if not isinstance(customer, dict) or not customer.get("id"):
        return None
    addresses = (customer.get("addressesV2") or {}).get("nodes")
    return shopify_records.customer_record(customer, addresses)
