"""Posted sales invoices and their export to Shopify as orders (`InvoiceExport`, a table of
`m0006_shipments_invoices_gift_cards.py`); "Update Document" of a failed or excluded
invoice or shipment.

A posted invoice is a `SalesDocument` of type invoice with status "posted" plus an
`InvoiceExport` row, whose Shopify Order ID is `TO_EXPORT` (0), the order made, or one of
the codes `FAILED` and `EXCLUDED` (seed 003). Readers return plain dataclasses, never
peewee rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import peewee

from desktop_app.errors import NotFoundError, StoreError
from desktop_app.records.lines import SalesLineRecord
from desktop_app.records.orders import ZERO
from desktop_app.store import lookups
from desktop_app.store.database import transaction
from desktop_app.store.models import BaseModel, MoneyField, UtcDateTimeField, utc_now
from desktop_app.store.numbers import next_no
from desktop_app.store.order_models import SalesDocument, SalesLine
from desktop_app.store.shipments import EXCLUDED, FAILED, PostedShipment

#: The Shopify Order ID of a posted invoice still to export.
TO_EXPORT = "0"


class InvoiceExport(BaseModel):
    document = peewee.ForeignKeyField(SalesDocument, backref="export", on_delete="CASCADE",
                                      unique=True)
    shopify_order_id = peewee.CharField(max_length=100, default=TO_EXPORT)
    shopify_order_name = peewee.CharField(max_length=50, default="")
    remaining_amount = MoneyField(decimal_places=4, default=ZERO)
    draft_order_gid = peewee.CharField(max_length=100, default="")
    message = peewee.TextField(default="")
    posted_at = UtcDateTimeField(default=utc_now)
    updated_at = UtcDateTimeField(default=utc_now)

    class Meta:
        table_name = "invoice_export"



@dataclass(frozen=True)
class InvoiceLineRow(SalesLineRecord):
    """A line of a posted invoice, with its number."""

    line_no: int = 0


@dataclass(frozen=True)
class PostedInvoiceRow:
    no: str
    shop: str
    sell_to_customer_no: str
    bill_to_customer_no: str
    currency: str
    prices_including_tax: bool
    document_date: str
    amount: Decimal
    tax_amount: Decimal
    total: Decimal
    remaining_amount: Decimal
    shopify_order_id: str
    shopify_order_name: str
    message: str
    lines: tuple[InvoiceLineRow, ...]


def _invoice_row(doc: SalesDocument, export: InvoiceExport) -> PostedInvoiceRow:
    return PostedInvoiceRow(
        doc.no, doc.shop.code if doc.shop_id else "", doc.sell_to_customer_no,
        doc.bill_to_customer_no, doc.currency, doc.prices_including_tax, doc.document_date,
        Decimal(doc.amount), Decimal(doc.tax_amount), Decimal(doc.total),
        Decimal(export.remaining_amount), export.shopify_order_id, export.shopify_order_name,
        export.message,
        tuple(InvoiceLineRow(ln.type, ln.no, ln.description, Decimal(ln.quantity),
                             Decimal(ln.unit_price), Decimal(ln.line_discount),
                             Decimal(ln.amount), Decimal(ln.tax_amount), line_no=ln.line_no)
              for ln in doc.lines.order_by(SalesLine.line_no)))


def post_invoice(document_no: str, *, remaining: Decimal | None = None,
                 shop: str | None = None) -> PostedInvoiceRow:
    """Post a sales invoice (or invoice a whole sales order into a new invoice).

    The posted invoice's Shopify Order ID starts at 0 ("to export") unless it came from a
    Shopify order, which it then holds (never exported back). `remaining` is what the
    customer still owes (default: all of it).

    Raises:
        NotFoundError: no such document.
        StoreError: a credit memo, or an invoice already posted.
    """
    doc = lookups.sales_document(document_no)
    if doc.type == "credit_memo":
        raise StoreError(f"{document_no} is a credit memo")
    if doc.type == "invoice" and doc.status == "posted":
        raise StoreError(f"invoice {document_no} is already posted")
    shop_row = lookups.shop_row(shop) if shop else None
    with transaction():
        if doc.type == "order":
            invoice = SalesDocument.create(
                no=next_no("PSI"), type="invoice", shop=doc.shop_id or shop_row,
                shopify_order_gid=doc.shopify_order_gid,
                sell_to_customer_no=doc.sell_to_customer_no,
                bill_to_customer_no=doc.bill_to_customer_no, document_date=doc.document_date,
                currency=doc.currency, prices_including_tax=doc.prices_including_tax,
                status="posted", external_document_no=doc.external_document_no,
                shipment_method=doc.shipment_method, amount=doc.amount,
                tax_amount=doc.tax_amount, total=doc.total)
            for ln in doc.lines.order_by(SalesLine.line_no):
                SalesLine.create(
                    document=invoice, line_no=ln.line_no, type=ln.type, no=ln.no,
                    description=ln.description, quantity=ln.quantity,
                    unit_price=ln.unit_price, line_discount=ln.line_discount,
                    amount=ln.amount, tax_amount=ln.tax_amount,
                    location_code=ln.location_code, shopify_line_gid=ln.shopify_line_gid)
            SalesDocument.update(status="invoiced").where(SalesDocument.id == doc.id).execute()
        else:
            SalesDocument.update(status="posted", shop=doc.shop_id or shop_row).where(
                SalesDocument.id == doc.id).execute()
            invoice = SalesDocument.get_by_id(doc.id)
        owed = Decimal(invoice.total) if remaining is None else Decimal(remaining)
        if owed < 0 or owed > Decimal(invoice.total):
            raise StoreError(f"the remaining amount must be between 0 and {invoice.total}")
        export = InvoiceExport.create(
            document=invoice, remaining_amount=owed,
            shopify_order_id=invoice.shopify_order_gid or TO_EXPORT)
    return _invoice_row(SalesDocument.get_by_id(invoice.id), export)


def get_posted_invoice(no: str) -> PostedInvoiceRow:
    doc = lookups.sales_document(no)
    export = InvoiceExport.get_or_none(InvoiceExport.document == doc)
    if export is None:
        raise NotFoundError(f"{no} is not a posted invoice", record=no)
    return _invoice_row(doc, export)


def invoices_to_export(shop: str) -> list[PostedInvoiceRow]:
    """Posted invoices of the shop whose Shopify Order ID is 0."""
    shop_row = lookups.shop_row(shop)
    rows = (InvoiceExport.select(InvoiceExport, SalesDocument).join(SalesDocument)
            .where((InvoiceExport.shopify_order_id == TO_EXPORT)
                   & ((SalesDocument.shop == shop_row) | SalesDocument.shop.is_null()))
            .order_by(InvoiceExport.id))
    return [_invoice_row(r.document, r) for r in rows]


def set_invoice_result(no: str, shopify_order_id: str, *, name: str = "", message: str = "",
                       draft_gid: str | None = None) -> None:
    doc = lookups.sales_document(no)
    values: dict[str, Any] = dict(shopify_order_id=shopify_order_id, shopify_order_name=name,
                                  message=message, updated_at=utc_now())
    if draft_gid is not None:
        values["draft_order_gid"] = draft_gid
    InvoiceExport.update(**values).where(InvoiceExport.document == doc).execute()
    if shopify_order_id.startswith("gid://"):
        SalesDocument.update(shopify_order_gid=shopify_order_id).where(
            SalesDocument.id == doc.id).execute()


def set_invoice_draft(no: str, draft_gid: str) -> None:
    """Remember the draft order made for an invoice before completing it (a retry completes
    that draft instead of creating a second one)."""
    (InvoiceExport.update(draft_order_gid=draft_gid, updated_at=utc_now())
     .where(InvoiceExport.document == lookups.sales_document(no)).execute())


def invoice_draft(no: str) -> str:
    export = InvoiceExport.get_or_none(InvoiceExport.document == lookups.sales_document(no))
    return export.draft_order_gid if export else ""




def reset_document(no: str) -> str:
    """"Update Document": replace -1 or -2 by 0 (invoice) or '' (shipment) to retry the
    export. Returns the kind of document reset ("shipment" or "invoice")."""
    shipment = PostedShipment.get_or_none(PostedShipment.no == no)
    if shipment is not None:
        if shipment.fulfillment_id not in (FAILED, EXCLUDED):
            raise StoreError(f"shipment {no} is not marked -1 or -2")
        (PostedShipment.update(fulfillment_id="", message="")
         .where(PostedShipment.id == shipment.id).execute())
        return "shipment"
    export = (InvoiceExport.select().join(SalesDocument)
              .where(SalesDocument.no == no).first())
    if export is None:
        raise NotFoundError(f"There is no posted shipment or posted invoice {no}", record=no)
    if export.shopify_order_id not in (FAILED, EXCLUDED):
        raise StoreError(f"invoice {no} is not marked -1 or -2")
    (InvoiceExport.update(shopify_order_id=TO_EXPORT, message="", updated_at=utc_now())
     .where(InvoiceExport.id == export.id).execute())
    return "invoice"

