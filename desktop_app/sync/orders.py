"""The orders sync and the order actions (seed 003, bc_connector §1.6).

Two steps, as Business Central does them:

1. **Orders to Import**: order headers changed since the watermark (Shopify's own
   `updatedAt`, i.e. server time, minus `OVERLAP`) are staged; the first run reads only open
   orders, and a new order that is already closed is never staged. Headers whose
   `updatedAt` equals what was imported are skipped, so the overlap costs nothing.
2. **Import**: every staged row that passes the shop's order filter is read in full (every
   page of every connection), its customer and items resolved, and saved with its lines in one
   transaction, which also removes its staging row. A failure stays on the staging row (Has
   Error) and the order is retried on the next run.

Then, with Auto Create Orders, sales documents for the newly imported orders; and the
document numbers not yet written back are written to Shopify. A document is created and
linked to its order in one transaction, so a kill leaves either both or neither; its number
is written back only after that commit (ALAppExtensions #26516 wrote it too early).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from desktop_app.errors import AppError, NotFoundError, RecordError, ShopifyError, UserErrors
from desktop_app.shopify import order_records, records as shopify_records
from desktop_app.shopify.order_records import OrderRecord
from desktop_app.shopify.pagination import nodes_of, paginate
from desktop_app.shopify.records import format_datetime
from desktop_app.shopify.user_errors import check_user_errors
from desktop_app.store import orders as store
from desktop_app.store import queries
from desktop_app.store.database import transaction
from desktop_app.sync.results import RecordIssue, SyncResult
from desktop_app.sync.rules import orders as rules
from desktop_app.sync.rules.templates import TemplateRow

log = logging.getLogger(__name__)

RESOURCE = "orders"
OVERLAP = dt.timedelta(seconds=60)
#: Page sizes of the follow-up queries for connections longer than OrderById's first page.
FOLLOW_UP_PAGE = 25  # OrderLineItemsPage costs ~21 points a line: 50 went over 1000
#: OrderById's list sizes (lists cannot be paged: a full one is read again, larger).
REFUNDS_FIRST = 3
TRANSACTIONS_FIRST = 5
LIST_MAX = 100
CANCEL_POLLS = 10


class OrderActionError(AppError):
    code = "order_action"


@dataclass
class _CustomerContext:
    """What `CustomerImport` needs of a job context, with its counts kept apart so matching a
    customer does not show up as a customer created/updated in the orders run."""

    shop_code: str
    client: Any
    reporter: Any
    result: SyncResult = field(default_factory=lambda: SyncResult("customers"))
    issues: list[RecordIssue] = field(default_factory=list)

    def fail(self, record: str, field_name: str, message: str) -> None:
        self.issues.append(RecordIssue(record, field_name, message))


def _filter(shop: str) -> rules.OrderFilter:
    return rules.OrderFilter.from_json(queries.get_sync_state(shop, RESOURCE).data.get("filter"))


def set_order_filter(shop: str, order_filter: rules.OrderFilter) -> None:
    """Remember the filter "Sync Orders from Shopify" applies to staged orders."""
    state = queries.get_sync_state(shop, RESOURCE)
    data = dict(state.data)
    data["filter"] = order_filter.to_json()
    queries.set_sync_state(shop, RESOURCE, data=data)


async def sync_orders(ctx: Any) -> None:
    """The Orders sync of one shop: stage, import, create documents, write back."""
    job = OrderJob(ctx)
    await job.stage()
    await job.import_staged(order_filter=_filter(ctx.shop_code))
    if job.settings["auto_create_orders"]:
        # Every order still waiting, not only this run's: a run killed after importing
        # must not leave its orders without documents.
        await job.create_documents(store.orders_waiting_for_document(ctx.shop_code))
    await job.write_back_pending()


class OrderJob:
    """The orders sync and actions of one shop, on one client."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.shop = ctx.shop_code
        self.settings = queries.shop_settings(self.shop)
        self.client = ctx.client
        self._customer_import: Any = None
        self._templates: list[TemplateRow] | None = None

    # --- step 1: staging ---------------------------------------------------------------------

    async def stage(self) -> int:
        """Stage headers changed since the watermark; returns how many were staged."""
        state = queries.get_sync_state(self.shop, RESOURCE)
        if state.watermark is None:
            search = "status:open"
        else:
            search = f"updated_at:>='{format_datetime(state.watermark - OVERLAP)}'"
        newest = state.watermark
        staged = 0
        async for nodes in paginate(self.client, "OrdersToImport", {"query": search},
                                    ("orders",)):
            headers = []
            for node in nodes:
                try:
                    headers.append(order_records.order_header(node))
                except RecordError as exc:
                    self.ctx.fail(exc.record, exc.field, exc.reason)
            known = store.imported_updates(self.shop, [h.shopify_id for h in headers])
            wanted = []
            for h in headers:
                if h.updated_at and (newest is None or h.updated_at > newest):
                    newest = h.updated_at
                if not rules.should_stage(h, h.shopify_id in known):
                    continue
                seen = known.get(h.shopify_id)
                if seen is not None and h.updated_at is not None and h.updated_at <= seen:
                    continue  # the overlap, or our own write-back: nothing new
                wanted.append(h)
            staged += store.stage_headers(self.shop, wanted, set(known))
            self.ctx.reporter.progress(staged, -1)
        # The watermark moves only after every page was staged: a run killed on the way
        # starts over from the old one, and staging is an idempotent upsert.
        queries.set_sync_state(self.shop, RESOURCE, watermark=newest)
        log.info("orders of shop %s: %s headers staged", self.shop, staged)
        return staged

    # --- step 2: import ----------------------------------------------------------------------

    async def import_staged(self, gids: Iterable[str] | None = None,
                            order_filter: rules.OrderFilter | None = None) -> list[str]:
        """Import staged orders (all, or `gids`: Import Selected) passing the filter.

        Returns the ids of orders imported for the first time ("new").
        """
        order_filter = order_filter or rules.OrderFilter()
        rows = store.list_staged(self.shop, gids)
        chosen = [r for r in rows if order_filter.matches(r.header)]
        new: list[str] = []
        for done, row in enumerate(chosen, start=1):
            try:
                record = await self.fetch(row.shopify_id)
                if record is None:
                    store.delete_staged(self.shop, [row.shopify_id])
                    self.ctx.result.skipped += 1
                    continue
                created = await self.save(record)
            except (RecordError, UserErrors) as exc:
                self._staged_failure(row.shopify_id, getattr(exc, "field", ""), str(exc))
                continue
            except ShopifyError as exc:
                self._staged_failure(row.shopify_id, "", str(exc))
                continue
            if created:
                new.append(row.shopify_id)
            self.ctx.reporter.progress(done, len(chosen))
        return new

    def _staged_failure(self, gid: str, field_name: str, message: str) -> None:
        store.set_staged_error(self.shop, gid, message)
        self.ctx.fail(gid, field_name, message)

    async def fetch(self, gid: str) -> OrderRecord | None:
        """One order with every page of every connection, None when Shopify has it no more."""
        data = await self.client.execute("OrderById", {
            "id": gid, "refunds": REFUNDS_FIRST, "transactions": TRANSACTIONS_FIRST})
        node = data.get("order")
        if node is None:
            return None
        await self._complete(gid, node)
        return order_records.order_record(node)

    async def _complete(self, gid: str, node: dict[str, Any]) -> None:
        """Read the rest of every connection and list that OrderById cut short."""
        for key, operation in (("lineItems", "OrderLineItemsPage"),
                               ("shippingLines", "OrderShippingLinesPage"),
                               ("returns", "OrderReturnsPage")):
            await self._rest_of(node, key, operation, {"id": gid}, ("order", key))
        if len(node.get("transactions") or []) >= TRANSACTIONS_FIRST:
            data = await self.client.execute("OrderTransactions", {"id": gid,
                                                                    "first": LIST_MAX})
            node["transactions"] = (data.get("order") or {}).get("transactions") or []
        refunds = node.get("refunds") or []
        if len(refunds) >= REFUNDS_FIRST:
            data = await self.client.execute("OrderRefunds", {"id": gid, "first": LIST_MAX})
            refunds = (data.get("order") or {}).get("refunds") or []
            for refund in refunds:  # lines are paged below from the start
                refund["refundLineItems"] = {"nodes": [], "pageInfo": {"hasNextPage": True,
                                                                       "endCursor": None}}
            node["refunds"] = refunds
        for refund in refunds:
            await self._rest_of(refund, "refundLineItems", "RefundLineItemsPage",
                                {"id": refund["id"]}, ("node", "refundLineItems"))

    async def _rest_of(self, parent: dict[str, Any], key: str, operation: str,
                       variables: dict[str, Any], path: tuple[str, ...]) -> None:
        connection = parent.get(key)
        if not connection:
            return
        info = connection.get("pageInfo") or {}
        if not info.get("hasNextPage"):
            return
        nodes = nodes_of(connection)
        async for page in paginate(self.client, operation,
                                   {**variables, "after": info.get("endCursor")}, path,
                                   page_size=FOLLOW_UP_PAGE):
            nodes.extend(page)
        parent[key] = {"nodes": nodes, "pageInfo": {"hasNextPage": False}}

    async def save(self, record: OrderRecord) -> bool:
        """Resolve the customer and items of an order and save it; True when it is new.

        An order whose customer or items cannot be resolved is still imported, with the
        reason as its error (Business Central's "mapping not OK"): the merchant fixes the
        cause and creates its document then. A processed order is compared with what it was
        when its document was made, and marked when they differ.
        """
        existing = store.find_order(self.shop, record.shopify_id)
        problems: list[str] = []
        sell, bill = await self._customer(record, existing, problems)
        item_nos = self._items(record, problems)
        with transaction():
            row = store.save_order(self.shop, record, sell, bill, item_nos)
            if problems:
                store.set_order_error(self.shop, record.shopify_id, "; ".join(problems))
            if row.processed:
                self._check_conflict(row, record)
        if problems:
            self.ctx.fail(record.shopify_id, "", "; ".join(problems))
        elif existing is None:
            self.ctx.result.created += 1
        else:
            self.ctx.result.updated += 1
        return existing is None

    def _check_conflict(self, row: store.OrderRow, record: OrderRecord) -> None:
        before = rules.Snapshot.from_json(row.snapshot)
        if before is None:
            return
        reasons = rules.detect_conflicts(before, record)
        if reasons and not row.conflict:
            log.warning("processed order %s changed in Shopify: %s", record.name,
                        ", ".join(reasons))
            store.set_conflict(self.shop, record.shopify_id, rules.CONFLICT_MESSAGE)

    # --- customer and items ----------------------------------------------------------------

    def _template_rows(self) -> list[TemplateRow]:
        if self._templates is None:
            self._templates = [
                TemplateRow(t.country_code, t.default_customer_no, t.template_code, t.tax_area)
                for t in queries.list_shop_customer_templates(self.shop)]
        return self._templates

    async def _customer(self, record: OrderRecord, existing: store.OrderRow | None,
                        problems: list[str]) -> tuple[str, str]:
        """Sell-to and bill-to by seed 003's priority; a manual choice is kept."""
        manual = None
        if existing is not None and existing.customer_manual:
            manual = (existing.sell_to_customer_no, existing.bill_to_customer_no)
        plan = rules.customer_plan(record, self._template_rows(), self.settings)
        mapped = None
        if manual is None and plan.path == "map" and record.customer is not None:
            mapped = await self._mapped_customer(record.customer.shopify_id, problems)
        choice = rules.finish_customer(plan, mapped, manual)
        if choice.error:
            problems.append(choice.error)
        return choice.sell_to, choice.bill_to

    async def _mapped_customer(self, gid: str, problems: list[str]) -> str | None:
        """The local customer of a Shopify customer: its link, else match or create it with
        the customer sync's own rules (`CustomerImport.resolve_for_order`)."""
        state = queries.staged_states(self.shop, [gid]).get(gid)
        if state is not None and state.customer_no:
            return state.customer_no
        data = await self.client.execute("CustomerById", {"id": gid})
        node = data.get("customer")
        if node is None:
            return None
        addresses = (node.get("addressesV2") or {}).get("nodes")
        try:
            customer = shopify_records.customer_record(node, addresses)
        except RecordError as exc:
            problems.append(f"customer: {exc.reason}")
            return None
        if self._customer_import is None:
            from desktop_app.sync.customers import CustomerImport

            cctx = _CustomerContext(self.shop, self.client, self.ctx.reporter)
            self._customer_import = CustomerImport(cctx, self.settings, only_staged=False)
        cctx = self._customer_import.ctx
        before = len(cctx.issues)
        no = self._customer_import.resolve_for_order(customer)
        problems.extend(f"customer: {i.message}" for i in cctx.issues[before:])
        return no

    def _items(self, record: OrderRecord, problems: list[str]) -> dict[str, str]:
        skus = [ln.sku for ln in record.lines if ln.sku]
        found = store.items_by_sku(skus)
        for line in rules.missing_skus(record, found):
            if self.settings["auto_create_items"]:
                found[line.sku] = store.create_item_for_sku(
                    line.sku, line.title, line.unit_price.shop, record.currency)
                log.info("item %s created for an unknown SKU of order %s", found[line.sku],
                         record.name)
            else:
                problems.append(f"unknown SKU '{line.sku}' (line '{line.title}'): create the "
                                "item or turn on auto create items")
        return found

    # --- step 3: sales documents ------------------------------------------------------------

    async def create_documents(self, gids: Iterable[str]) -> list[str]:
        """Create Sales Documents for these imported orders; returns the document nos."""
        nos = []
        doc_settings = rules.DocumentSettings.from_shop(self.settings)
        for gid in gids:
            try:
                no = self._create_document(gid, doc_settings)
            except RecordError as exc:
                self.ctx.fail(gid, exc.field, exc.reason)
                continue
            if no is None:
                continue
            nos.append(no)
            if self.settings["write_doc_no_to_shopify"]:
                await self._write_back(gid)
        return nos

    def _create_document(self, gid: str, doc_settings: rules.DocumentSettings) -> str | None:
        row = store.get_order(self.shop, gid)
        if row.processed:
            self.ctx.result.skipped += 1
            return None
        record = store.load_order_record(self.shop, gid)
        problems: list[str] = []
        items = self._items(record, problems)
        if not row.sell_to_customer_no:
            problems.append(row.error_message or "the order has no customer: assign one")
        titles = [s.title for s in record.shipping_lines if not s.is_removed]
        mappings = {t: rules.ShippingMapping(m.title, m.shipment_method_code, m.charge_type,
                                             m.charge_no)
                    for t, m in store.shipment_mappings(self.shop, titles).items()}
        plan = rules.build_document(record, doc_settings, items, mappings)
        problems.extend(p.message for p in plan.problems)
        if problems:
            message = "; ".join(dict.fromkeys(problems))
            store.set_order_error(self.shop, gid, message)
            raise RecordError(gid, "", message)
        assert plan.document_date is not None
        try:
            with transaction():
                no = store.create_document(
                    shop=self.shop, doc_type=plan.type, order_gid=gid,
                    sell_to=row.sell_to_customer_no, bill_to=row.bill_to_customer_no,
                    document_date=plan.document_date, currency=plan.currency,
                    prices_including_tax=plan.prices_including_tax,
                    lines=[store.NewLine(ln.type, ln.no, ln.description, ln.quantity,
                                         ln.unit_price, ln.line_discount, ln.amount,
                                         ln.tax_amount, ln.shopify_line_gid)
                           for ln in plan.lines],
                    amount=plan.amount, tax_amount=plan.tax_amount, total=plan.total,
                    release=bool(self.settings["auto_release_orders"]),
                    external_document_no=plan.external_document_no,
                    shipment_method=plan.shipment_method)
                store.link_document(self.shop, gid, plan.type, no,
                                    rules.snapshot_of(record).to_json())
        except AppError as exc:
            # Nothing of the document is left: the transaction rolled it back.
            store.set_order_error(self.shop, gid, str(exc))
            raise RecordError(gid, "", str(exc)) from exc
        log.info("sales %s %s created for order %s", plan.type, no, record.name)
        self.ctx.result.created += 1
        return no

    async def write_back_pending(self) -> None:
        """Write the document nos. that have not reached Shopify yet (a kill or an error)."""
        if not self.settings["write_doc_no_to_shopify"]:
            return
        for gid in store.orders_waiting_for_write_back(self.shop):
            await self._write_back(gid)

    async def _write_back(self, gid: str) -> None:
        row = store.get_order(self.shop, gid)
        if not row.document_no:
            return
        try:
            data = await self.client.execute("OrderCustomAttributes", {"id": gid})
            node = data.get("order")
            if node is None:
                raise OrderActionError("Shopify no longer has this order")
            current = [(a.get("key") or "", a.get("value") or "")
                       for a in node.get("customAttributes") or []]
            merged = rules.merged_attributes(current, rules.DOC_NO_ATTRIBUTE, row.document_no)
            data = await self.client.execute("OrderUpdateAttributes", {
                "input": {"id": gid, "customAttributes": merged}})
            payload = data.get("orderUpdate")
            check_user_errors(payload, row.name or gid)
        except AppError as exc:
            self.ctx.fail(gid, "customAttributes",
                          f"document {row.document_no} could not be written to Shopify: {exc} "
                          "(retried on the next sync)")
            return
        updated = order_records.parse_datetime(((payload or {}).get("order") or {})
                                               .get("updatedAt"))
        store.mark_doc_no_written(self.shop, gid, updated)

    # --- actions ----------------------------------------------------------------------------

    async def resync(self, gid: str) -> OrderRecord:
        """Sync order from Shopify: import this one order now (staged or not)."""
        record = await self.fetch(gid)
        if record is None:
            raise NotFoundError(f"Shopify has no order {gid}", record=gid)
        await self.save(record)
        return record

    async def mark_paid(self, gid: str) -> None:
        """Mark as Paid (orderMarkAsPaid), then re-import the order."""
        data = await self.client.execute("OrderMarkAsPaid", {"input": {"id": gid}})
        payload = data.get("orderMarkAsPaid")
        check_user_errors(payload, gid)
        order = (payload or {}).get("order") or {}
        if not order.get("fullyPaid"):
            raise OrderActionError("Shopify did not mark the order as paid", record=gid)
        await self.resync(gid)

    async def cancel(self, gid: str, *, reason: str = "OTHER", restock: bool = False,
                     refund: bool = False, notify: bool = False, staff_note: str = "") -> None:
        """Cancel Order (orderCancel). Shopify cancels asynchronously: the order is read
        again until it shows as cancelled, then re-imported."""
        variables: dict[str, Any] = {
            "orderId": gid, "reason": (reason or "OTHER").upper(), "restock": restock,
            "notifyCustomer": notify, "staffNote": staff_note or None,
        }
        if refund:
            variables["refundMethod"] = {"originalPaymentMethodsRefund": True}
        data = await self.client.execute("OrderCancel", variables)
        check_user_errors(data.get("orderCancel"), gid, key="orderCancelUserErrors")
        delay = 0.2
        for _ in range(CANCEL_POLLS):
            record = await self.resync(gid)
            if record.cancelled_at is not None:
                return
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
        raise OrderActionError("Shopify accepted the cancellation but the order is not "
                               "cancelled yet; sync it again later", record=gid)



async def run_action(service: Any, shop: str, action: Any) -> SyncResult:
    """Run one order action (`action(job)` coroutine) for a shop outside a sync: under the
    shop's sync lock, on the shop's client, counting results like a sync run does."""
    from desktop_app.sync.service import JobContext, NullReporter

    async with service._shop_lock(shop):
        client = await service.client_for(shop)
        result = SyncResult(RESOURCE)
        before = client.stats.as_dict()
        ctx = JobContext(shop, client, result, NullReporter(), 0)
        try:
            await action(OrderJob(ctx))
        finally:
            after = client.stats.as_dict()
            result.api_cost = after["points_actual"] - before["points_actual"]
            result.requests = int(after["attempts"] - before["attempts"])
        return result
