"""Returns and refunds after the orders import (seed 003, bc_connector §1.8).

The orders job imports each order's refunds and returns with the order. This step, run
right after it, turns refunds into credit memos when the shop's Returns and refunds setting
is "auto_credit_memo" ("none" and "import_only" make none; the merchant creates them by
hand in import-only mode). Each unprocessed refund of a processed order is read in full
(`RefundDetails`, then the rest of each connection longer than its first page), planned by
`rules.refunds`, and written with its link in one transaction.
A refund with a PENDING transaction is left for a later run; a credit memo is never made
twice for one refund, even after the order's refund rows were re-imported.
"""

from __future__ import annotations

import logging

from desktop_app.errors import AppError
from desktop_app.records.orders import OrderRecord, RefundRecord
from desktop_app.records.settings import ShopSettings
from desktop_app.store import credit_memos as store
from desktop_app.store import orders as order_store
from desktop_app.store.models import Item
from desktop_app.store.shopify_locations import return_locations
from desktop_app.store.shops import shop_settings
from desktop_app.sync import record_changes
from desktop_app.sync.context import JobContext, ShopJob
from desktop_app.sync.order_refund_reads import (
    REFUND_CONNECTIONS,
    RefundReads,
    complete_connections,
    refund_in,
)
from desktop_app.sync.results import CREATED, LOCAL
from desktop_app.sync.rules import orders as order_rules
from desktop_app.sync.rules import refunds as rules

log = logging.getLogger(__name__)

RESOURCE = "orders"

#: The connections of a refund RefundDetails reads a first page of, and the query that reads
#: on from there (each selects the same fragment as RefundDetails).
_CONNECTIONS = REFUND_CONNECTIONS


async def process_refunds(ctx: JobContext) -> None:
    """Credit memos for the shop's unprocessed refunds (auto_credit_memo only)."""
    settings = shop_settings(ctx.shop_code)
    if settings.return_processing != "auto_credit_memo":
        return
    job = RefundJob(ctx, settings)
    for row in store.unprocessed_refunds(ctx.shop_code):
        await job.process(row.order_gid, row.shopify_id)


def absorbed_refunds(order: order_store.OrderRow) -> frozenset[str]:
    """The refunds the order's document accounts for (made after them: no credit memo)."""
    return frozenset(str(r) for r in (order.snapshot or {}).get("absorbed_refunds") or ())


class RefundJob(ShopJob):
    def __init__(self, ctx: JobContext, settings: ShopSettings) -> None:
        super().__init__(ctx, settings)
        self.memo_settings = rules.MemoSettings.from_shop(settings)
        #: Local location per Shopify location, for items restocked there (issue 17).
        self.shopify_locations = return_locations(self.shop)

    async def process(self, order_gid: str, refund_gid: str) -> str | None:
        """Make the credit memo of one refund; returns its no. (None: not now or never)."""
        existing = store.credit_memo_for_refund(refund_gid)
        if existing:
            store.mark_refund_processed(order_gid, refund_gid, existing)
            return None
        if refund_gid in absorbed_refunds(order_store.get_order(self.shop, order_gid)):
            # The order's document was made after this refund and accounts for it.
            store.mark_refund_processed(order_gid, refund_gid, "")
            return None
        try:
            refund = await self.fetch(refund_gid)
        except AppError as exc:
            self.ctx.fail(refund_gid, "", str(exc), code=exc.code)
            return None
        except (TypeError, ValueError, AttributeError, KeyError, ArithmeticError) as exc:
            # A malformed answer ends this refund, not the run.
            self.ctx.fail(refund_gid, "", f"Shopify sent a malformed refund: {exc}",
                          code="unreadable_record")
            return None
        if refund is None:
            self.ctx.fail(refund_gid, "", "Shopify no longer has this refund", code="not_found")
            return None
        record = order_store.load_order_record(self.shop, order_gid)
        order = order_store.get_order(self.shop, order_gid)
        doc_settings = order_rules.DocumentSettings.from_shop(self.settings)
        currency, presentment = order_rules.currency_of(record, doc_settings.currency_handling)
        prices_incl = record.taxes_included and doc_settings.bring_taxes_in
        lines = store.item_lines_of_order_document(order_gid)
        skus = {ln.sku for ln in refund.lines} | {e.sku for e in refund.exchanges}
        items = {i.sku: i.no for i in Item.select(Item.no, Item.sku).where(
            Item.sku.in_([s for s in skus if s]))}
        plan = rules.plan_credit_memo(
            refund, self.memo_settings, presentment=presentment,
            prices_including_tax=prices_incl,
            items_by_line={g: v[0] for g, v in lines.items()}, items_by_sku=items,
            original_locations={g: v[1] for g, v in lines.items() if v[1]},
            shopify_locations=self.shopify_locations)
        if plan.decision == "wait":
            log.info("refund %s waits: %s", refund_gid, plan.reason)
            self.ctx.result.skipped += 1
            return None
        if plan.decision == "skip":
            store.mark_refund_processed(order_gid, refund_gid, "")
            self.ctx.result.skipped += 1
            return None
        refused = rules.refund_problems(refund, record, presentment)
        if refused:
            self.ctx.fail(record.name or order_gid,
                          ", ".join(dict.fromkeys(p.field for p in refused)),
                          f"refund {refund_gid}: " + "; ".join(p.message for p in refused),
                          code="refund_failed")
            return None
        if plan.problems:
            self.ctx.fail(refund_gid, "", "; ".join(plan.problems), code="refund_failed")
            return None
        excess = rules.rounding_excess(refund, record, presentment)
        if excess:
            self.ctx.result.warn(
                record.name or order_gid, "totalRefundedSet", CURRENCY_ROUNDING,
                f"refund {refund_gid} gives back {excess} {record.currency} more than the "
                f"order was worth in {record.currency}: rounding of amounts converted from "
                f"{record.presentment_currency}; credited as Shopify refunded it")
        try:
            date = order_rules.document_date(refund.created_at or record.created_at,
                                              doc_settings.time_zone)
        except ValueError as exc:
            self.ctx.fail(refund_gid, "time_zone", str(exc), code="time_zone")
            return None
        no = store.create_credit_memo(
            shop=self.shop, order_gid=order_gid, refund_gid=refund_gid,
            sell_to=order.sell_to_customer_no, bill_to=order.bill_to_customer_no,
            document_date=date, currency=currency, prices_including_tax=prices_incl,
            lines=plan.lines,  # planned as the store writes them (CreditMemoLineRecord)
            total=plan.total)
        log.info("credit memo %s made for a refund of order %s", no, record.name)
        self.ctx.result.count(LOCAL, CREATED)
        self.ctx.result.record_change(record_changes.credit_memo_made(
            order_gid, record.name, refund_gid, no, plan.total))
        return no

    async def fetch(self, refund_gid: str) -> rules.RefundIn | None:
        """The refund with every line, transaction and shipping line (each connection read
        to its end), None when Shopify no longer has it."""
        data = await self.client.execute("RefundDetails", {"id": refund_gid})
        node = data.get("node")
        if not node:
            return None
        return refund_in(node, await complete_connections(self.client, refund_gid, node))


# --- refunds made before the sales document (issue 14) ----------------------------------------

#: The warning codes of this step (CLI.md "warnings": stable snake_case words).
FULLY_REFUNDED = "fully_refunded"
CURRENCY_ROUNDING = "currency_rounding"


async def details_for_document(ctx: JobContext, settings: ShopSettings, order_gid: str,
                               read: RefundReads | None = None,
                               order: OrderRecord | None = None) -> dict[str, rules.RefundIn]:
    """The full refunds (RefundDetails: shipping and transactions too) of an imported order
    that has refunds, by id, for a document made now; {} when it has none. A refund Shopify
    no longer has, or that cannot be read, is left out (`document_absorption` then uses what
    the import stored of it). A refund this run's import read in full (`read`) is not read
    again. `order`: the order as the store holds it, when the caller has just read it."""
    if not store.order_has_refunds(ctx.shop_code, order_gid) \
            or order_store.get_order(ctx.shop_code, order_gid).processed:
        return {}
    record = order if order is not None else order_store.load_order_record(
        ctx.shop_code, order_gid)
    job = RefundJob(ctx, settings)
    found: dict[str, rules.RefundIn] = {}
    for stored in record.refunds:
        known = read.get(stored.shopify_id) if read is not None else None
        if known is not None:
            found[known.shopify_id] = known
            continue
        try:
            refund = await job.fetch(stored.shopify_id)
        except AppError as exc:
            log.warning("refund %s not read for the document of %s: %s", stored.shopify_id,
                        record.name, exc)
            continue
        except (TypeError, ValueError, AttributeError, KeyError, ArithmeticError) as exc:
            log.warning("refund %s of %s is malformed: %s", stored.shopify_id, record.name, exc)
            continue
        if refund is not None:
            found[refund.shopify_id] = refund
    return found


def _stored_refund(refund: RefundRecord, line_titles: dict[str, str]) -> rules.RefundIn:
    """A refund as the import stored it (no shipping, no transaction statuses)."""
    return rules.RefundIn(
        shopify_id=refund.shopify_id, total_refunded=refund.total_refunded,
        has_return=bool(refund.return_gid), transaction_statuses=(),
        lines=tuple(rules.RefundLineIn(
            line_gid=ln.line_gid, sku="", title=line_titles.get(ln.line_gid, ""),
            quantity=ln.quantity, restock_type=(ln.restock_type or "").upper(),
            location_gid=ln.location_gid, subtotal=ln.subtotal, tax=ln.tax)
            for ln in refund.lines),
        created_at=refund.created_at)


def document_absorption(record: OrderRecord, plan: order_rules.DocumentPlan,
                        settings: ShopSettings, fetched: dict[str, rules.RefundIn]
                        ) -> tuple[order_rules.DocumentPlan, rules.Absorption]:
    """The sales document of `record` with its refunds so far taken in (`rules.Absorption`),
    so that it and the credit memos of later refunds add up to Shopify's net total.

    Only the refunds the stored order holds are taken in: its lines' current quantities are
    the ones they left. A refund made after the import (not stored yet) is not; it gets its
    credit memo once the order is read again. `fetched` gives their full details (refunded
    shipping, pending transactions); without them the stored refund stands in, its
    refunded shipping then part of the balance line.
    """
    if not record.refunds:
        return plan, rules.Absorption()
    presentment = order_rules.currency_of(record, settings.currency_handling)[1]
    titles = {ln.shopify_id: ln.title for ln in record.lines}
    stored = sorted(record.refunds, key=lambda r: (r.created_at is None, r.created_at))
    refunds = [fetched.get(r.shopify_id) or _stored_refund(r, titles) for r in stored]
    credited = frozenset(r.shopify_id for r in record.refunds
                         if store.credit_memo_for_refund(r.shopify_id))
    absorption = rules.absorb_refunds(
        refunds, credited, presentment=presentment,
        removed={ln.shopify_id: ln.quantity - ln.current_quantity for ln in record.lines})
    target = rules.sold_value(record, absorption.sold, presentment=presentment,
                              taxes_included=record.taxes_included,
                              bring_taxes_in=settings.bring_taxes_in) \
        - absorption.given_back
    shipping = frozenset(s.shopify_id for s in record.shipping_lines)
    return rules.absorb_into_document(
        plan, absorption, target=target,
        refund_account=settings.refund_account,
        shipping_gids=shipping), absorption


def fully_refunded(plan: order_rules.DocumentPlan, absorption: rules.Absorption) -> bool:
    """Whether an order was refunded in full before its document: its refunds took in,
    nothing is left on it to invoice, and no money the shop kept either."""
    return bool(absorption.absorbed) and not plan.total and \
        not [ln for ln in plan.lines if ln.type != "comment"]
