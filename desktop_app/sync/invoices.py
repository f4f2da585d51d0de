"""Sync Posted Invoices: posted local invoices become Shopify orders through a draft order
(seed 003, bc_connector §1.10; rules in `sync/rules/invoices.py`).

Only with the shop's Posted Invoice Sync on. Each posted invoice whose Shopify Order ID is 0:
excluded (-2, with the reason), or `draftOrderCreate` then `draftOrderComplete`; the draft's
id is saved before completing it, so a retry completes that draft instead of making a second
one. The new order is imported and linked to the invoice at once, so the next orders sync
finds it processed and makes no sales document for it. Any failure sets -1 with the message;
"Update Document" (`shop-sync documents reset`) puts 0 back to retry.
"""

from __future__ import annotations

import logging

from desktop_app.errors import AppError
from desktop_app.records.settings import ShopSettings
from desktop_app.shopify.user_errors import check_user_errors
from desktop_app.store import invoices as store
from desktop_app.store import orders as order_store
from desktop_app.store.companies import BusinessDetails, PaymentTermsMapping
from desktop_app.store.customer_templates import list_shop_customer_templates
from desktop_app.store.models import Customer, Shop
from desktop_app.store.shopify_customers import list_links
from desktop_app.store.shops import shop_settings
from desktop_app.sync import record_changes
from desktop_app.sync.context import JobContext, ShopJob
from desktop_app.sync.orders import RESOURCE as ORDERS
from desktop_app.sync.orders import OrderJob
from desktop_app.sync.results import CREATED, SHOPIFY
from desktop_app.sync.rules import invoices as rules
from desktop_app.sync.rules import orders as order_rules

log = logging.getLogger(__name__)

RESOURCE = "invoices"


async def sync_invoices(ctx: JobContext) -> None:
    """Export the shop's posted invoices waiting with Shopify Order ID 0."""
    settings = shop_settings(ctx.shop_code)
    if not settings.posted_invoice_sync:
        log.info("posted invoice sync is off for shop %s", ctx.shop_code)
        return
    job = InvoiceJob(ctx, settings)
    waiting = store.invoices_to_export(ctx.shop_code)
    for done, invoice in enumerate(waiting, start=1):
        await job.export(invoice)
        ctx.reporter.progress(done, len(waiting))


def _payment_terms(shop: str, customer_no: str) -> rules.PaymentTerms | None:
    """The customer's mapped payment terms, else the shop's first mapped template."""
    rows = list(PaymentTermsMapping.select().join(Shop).where(Shop.code == shop)
                .order_by(PaymentTermsMapping.id))
    if not rows:
        return None
    code = ""
    customer = Customer.get_or_none(Customer.no == customer_no)
    if customer is not None:
        details = BusinessDetails.get_or_none(BusinessDetails.customer == customer)
        code = details.payment_terms if details else ""
    chosen = next((r for r in rows if code and r.payment_terms_code == code), rows[0])
    return rules.PaymentTerms(chosen.shopify_id, (chosen.terms_type or "").upper())


def _default_customers(shop: str, settings: ShopSettings) -> set[str]:
    found = {settings.default_customer_no}
    found |= {t.default_customer_no for t in list_shop_customer_templates(shop)}
    return {c for c in found if c}


class InvoiceJob(ShopJob):
    def __init__(self, ctx: JobContext, settings: ShopSettings) -> None:
        super().__init__(ctx, settings)
        self.defaults = _default_customers(self.shop, settings)

    async def export(self, invoice: store.PostedInvoiceRow) -> None:
        links = list_links(self.shop, customer_no=invoice.bill_to_customer_no)
        customer_gid = links[0].shopify_id if links else ""
        terms = _payment_terms(self.shop, invoice.bill_to_customer_no)
        reason = rules.exclusion_reason(invoice, shopify_customer_gid=customer_gid,
                                        default_customers=self.defaults, payment_terms=terms)
        if reason:
            store.set_invoice_result(invoice.no, store.EXCLUDED, message=reason)
            self.ctx.result.skipped += 1
            log.info("invoice %s excluded from the export: %s", invoice.no, reason)
            return
        try:
            order_gid, name = await self._create_order(invoice, customer_gid, terms)
        except AppError as exc:
            store.set_invoice_result(invoice.no, store.FAILED, message=str(exc))
            self.ctx.fail(invoice.no, getattr(exc, "field", "") or "", str(exc), code=exc.code)
            return
        store.set_invoice_result(invoice.no, order_gid, name=name)
        self.ctx.result.count(SHOPIFY, CREATED)
        self.ctx.result.record_change(record_changes.invoice_exported(
            invoice.no, order_gid, name, invoice.total, invoice.currency))
        await self._link(invoice.no, order_gid)

    async def _create_order(self, invoice: store.PostedInvoiceRow, customer_gid: str,
                            terms: rules.PaymentTerms | None) -> tuple[str, str]:
        draft = store.invoice_draft(invoice.no)
        if draft:
            data = await self.client.execute("DraftOrderStatus", {"id": draft})
            node = data.get("draftOrder") or {}
            order = node.get("order") or {}
            if order.get("id"):
                return order["id"], order.get("name") or ""
            if not node:
                draft = ""
        if not draft:
            data = await self.client.execute("DraftOrderCreate", {
                "input": rules.draft_order_input(invoice, shopify_customer_gid=customer_gid,
                                                 payment_terms=terms)})
            payload = data.get("draftOrderCreate")
            check_user_errors(payload, invoice.no)
            draft = ((payload or {}).get("draftOrder") or {}).get("id") or ""
            if not draft:
                raise AppError("Shopify made no draft order", record=invoice.no)
            store.set_invoice_draft(invoice.no, draft)
        data = await self.client.execute("DraftOrderComplete", {"id": draft})
        payload = data.get("draftOrderComplete")
        check_user_errors(payload, invoice.no)
        order = (((payload or {}).get("draftOrder") or {}).get("order") or {})
        if not order.get("id"):
            raise AppError("Shopify did not complete the draft order", record=invoice.no)
        log.info("invoice %s exported as Shopify order %s", invoice.no, order.get("name"))
        return order["id"], order.get("name") or ""

    async def _link(self, invoice_no: str, order_gid: str) -> None:
        """Import the new order now and mark it processed by the invoice (no second
        document from the next orders sync)."""
        # The import's own counts are not this run's: it made no invoice.
        try:
            record = await OrderJob(self.ctx.aside(ORDERS)).resync(order_gid)
        except AppError as exc:
            log.warning("invoice %s: its Shopify order could not be imported yet: %s",
                        invoice_no, exc)
            return
        order_store.link_document(self.shop, order_gid, "invoice", invoice_no,
                                  order_rules.snapshot_of(record).to_json())
