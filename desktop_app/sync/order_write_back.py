"""Writing document nos. back to Shopify's orders, one by one or in bulk (issue 21).

The document no. goes into the order's custom attributes (`rules.DOC_NO_ATTRIBUTE`).
orderUpdate replaces the whole list, so each write merges the no. into the attributes read
right before it, and an order whose `updatedAt` was still the imported one at that read has
the write's own `updatedAt` remembered as imported (the next change check does not read it
again for our write; an edit by someone else is never hidden behind ours).

- Fewer orders than the Shop Card's `bulk_write_threshold`: per order, OrderCustomAttributes
  then OrderUpdateAttributes (about 11 points each).
- That many or more: their attributes are read by a bulk export (BulkOrderAttributes, a few
  points whatever the count) and the writes go as one bulk mutation
  (`shopify.bulk_mutations`, a few points too); each result line is that order's outcome.
  An order whose attributes already hold its no. is not written again (a run killed after
  Shopify applied the write but before it was recorded here); one Shopify no longer has
  fails. When Shopify refuses the bulk operation itself (another one running), the batch
  goes one by one instead.
Either way a failure is recorded under the order (code `write_back_failed`) and the order
stays waiting: the next sync writes it. Writing the same no. again gives the same attributes,
so a killed run run again ends in the same state.

The window between the read and the write, in which an attribute edit by someone else would be
overwritten, is one round trip one by one, and the bulk operation's run time in bulk.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from desktop_app.errors import AppError, BulkOperationError, UserErrors
from desktop_app.records.settings import ShopSettings
from desktop_app.shopify.bulk import run_bulk_query
from desktop_app.shopify.bulk_mutations import BulkWriteStats, run_bulk_mutation
from desktop_app.shopify.user_errors import check_user_errors
from desktop_app.store import orders as store
from desktop_app.sync.context import JobContext, ShopJob
from desktop_app.sync.issue_codes import WRITE_BACK_FAILED
from desktop_app.sync.order_changes import (
    bulk_orders_operation,
    ids_search,
    parsed_time,
    same_moment,
)
from desktop_app.sync.rules import orders as rules

log = logging.getLogger(__name__)

#: Orders per bulk export of attributes: the `id:1 OR id:2 ...` search stays far below
#: Shopify's 65,535-byte limit on a bulk query (about 21 bytes an order).
READ_CHUNK = 2000
MUTATION = "OrderUpdateAttributes"


class WriteBackError(AppError):
    code = WRITE_BACK_FAILED


@dataclass(frozen=True)
class _Pending:
    gid: str
    name: str
    document_no: str
    imported: dt.datetime | None


class OrderWriteBack(ShopJob):
    """Writes the document nos. of one shop's orders to Shopify (see the module docstring).

    Attributes:
        bulk_stats: what the bulk writes of this run did (operations, lines, adoptions).
    """

    def __init__(self, ctx: JobContext, settings: ShopSettings) -> None:
        super().__init__(ctx, settings)
        self.bulk_stats = BulkWriteStats()
        #: Orders this run tried to write (a failure is tried again by the next run).
        self.tried: set[str] = set()

    async def write_waiting(self) -> None:
        """Write every document no. that has not reached Shopify yet (a run killed, or a
        failure of an earlier run) and that this run has not tried already."""
        await self.write([gid for gid in store.orders_waiting_for_write_back(self.shop)
                          if gid not in self.tried])

    async def write(self, gids: Iterable[str]) -> None:
        """Write the document no. of each of these orders that has one."""
        pending = []
        for gid in dict.fromkeys(gids):
            self.tried.add(gid)
            row = store.get_order(self.shop, gid)
            if row.document_no:
                pending.append(_Pending(gid, row.name or gid, row.document_no, row.updated_at))
        if not pending:
            return
        if len(pending) < max(1, self.settings.bulk_write_threshold):
            for item in pending:
                await self._one(item)
            return
        try:
            await self._bulk(pending)
        except BulkOperationError as exc:  # refused (another one running...), failed
            left = self._still_waiting(pending)
            log.warning("orders of shop %s: bulk write-back not possible (%s); writing %s "
                        "orders one by one", self.shop, exc, len(left))
            for item in left:
                await self._one(item)
        except AppError as exc:  # the connection broke off: each order is tried next time
            for item in self._still_waiting(pending):
                self._failed(item, exc)

    def _still_waiting(self, pending: Sequence[_Pending]) -> list[_Pending]:
        waiting = set(store.orders_waiting_for_write_back(self.shop))
        return [item for item in pending if item.gid in waiting]

    # --- one by one -------------------------------------------------------------------------

    async def _one(self, item: _Pending) -> None:
        try:
            data = await self.client.execute("OrderCustomAttributes", {"id": item.gid})
            node = data.get("order")
            if node is None:
                raise WriteBackError("Shopify no longer has this order")
            untouched = same_moment(parsed_time(node.get("updatedAt")), item.imported)
            merged = self._merged(node, item)
            data = await self.client.execute(MUTATION, {
                "input": {"id": item.gid, "customAttributes": merged}})
            payload = data.get("orderUpdate")
            check_user_errors(payload, item.name)
        except AppError as exc:
            self._failed(item, exc)
            return
        updated = parsed_time(((payload or {}).get("order") or {}).get("updatedAt"))
        store.mark_doc_no_written(self.shop, item.gid, updated if untouched else None)

    @staticmethod
    def _merged(node: dict[str, Any], item: _Pending) -> list[dict[str, str]]:
        current = [(a.get("key") or "", a.get("value") or "")
                   for a in node.get("customAttributes") or []]
        return rules.merged_attributes(current, rules.DOC_NO_ATTRIBUTE, item.document_no)

    def _failed(self, item: _Pending, exc: AppError | str) -> None:
        self.ctx.fail(item.gid, "customAttributes",
                      f"document {item.document_no} could not be written to Shopify: {exc} "
                      "(retried on the next sync)", code=WRITE_BACK_FAILED)

    # --- in bulk ------------------------------------------------------------------------------

    async def _bulk(self, pending: Sequence[_Pending]) -> None:
        nodes = await self._read(pending)
        to_write: list[tuple[_Pending, bool]] = []
        lines: list[dict[str, Any]] = []
        for item in pending:
            node = nodes.get(item.gid)
            if node is None:
                self._failed(item, "Shopify no longer has this order")
                continue
            untouched = same_moment(parsed_time(node.get("updatedAt")), item.imported)
            merged = self._merged(node, item)
            if merged == [{"key": a.get("key") or "", "value": a.get("value") or ""}
                          for a in node.get("customAttributes") or []]:
                # Already there: a run that stopped after Shopify applied it.
                store.mark_doc_no_written(
                    self.shop, item.gid, parsed_time(node.get("updatedAt")) if untouched else None)
                continue
            to_write.append((item, untouched))
            lines.append({"input": {"id": item.gid, "customAttributes": merged}})
        if not lines:
            return
        results = await run_bulk_mutation(self.client, MUTATION, lines, stats=self.bulk_stats)
        for (item, untouched), result in zip(to_write, results, strict=True):
            try:
                payload = result.check(item.name)
            except (UserErrors, AppError) as exc:
                self._failed(item, exc)
                continue
            updated = parsed_time((payload.get("order") or {}).get("updatedAt"))
            store.mark_doc_no_written(self.shop, item.gid, updated if untouched else None)
        log.info("orders of shop %s: %s document nos. written back in bulk", self.shop,
                 sum(r.ok for r in results))

    async def _read(self, pending: Sequence[_Pending]) -> dict[str, dict[str, Any]]:
        """The id, updatedAt and customAttributes of these orders, by id (bulk exports)."""
        nodes: dict[str, dict[str, Any]] = {}
        gids = [item.gid for item in pending]
        for start in range(0, len(gids), READ_CHUNK):
            search = ids_search(gids[start:start + READ_CHUNK])
            query = bulk_orders_operation(search, "BulkOrderAttributes")
            async for record in run_bulk_query(self.client, query):
                if isinstance(record.get("id"), str):
                    nodes[record["id"]] = record
        return nodes
