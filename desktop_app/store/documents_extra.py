"""Shipping agents, posted shipments, posted invoices (their Shopify export), credit memos
made from refunds, and gift cards (tables of `m0006_shipments_invoices_gift_cards.py`).

Sales documents themselves stay in `order_models` (`SalesDocument`, `SalesLine`): a posted
invoice is a `SalesDocument` of type invoice with status "posted" plus an `InvoiceExport`
row; a credit memo is a `SalesDocument` of type credit_memo linked from its `ShopifyRefund`.
Readers return plain dataclasses, never peewee rows.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import peewee

from desktop_app.errors import NotFoundError, StoreError
from desktop_app.store.database import transaction
from desktop_app.store.models import BaseModel, MoneyField, Shop, UtcDateTimeField, utc_now
from desktop_app.store.order_models import (
    SalesDocument,
    SalesLine,
    ShopifyOrder,
    ShopifyOrderTransaction,
    ShopifyRefund,
)
from desktop_app.store.orders import insert_rows, next_no

log = logging.getLogger(__name__)
ZERO = Decimal(0)

#: Fulfillment id / Shopify Order ID codes (seed 003): failed, excluded; '0' = to export.
FAILED = "-1"
EXCLUDED = "-2"
TO_EXPORT = "0"


class ShippingAgent(BaseModel):
    """A local carrier: the tracking company sent to Shopify and the tracking URL."""

    code = peewee.CharField(max_length=10, unique=True)
    name = peewee.CharField(max_length=50, default="")
    shopify_tracking_company = peewee.CharField(max_length=50, default="")
    tracking_url = peewee.CharField(max_length=250, default="")

    class Meta:
        table_name = "shipping_agent"


class PostedShipment(BaseModel):
    no = peewee.CharField(max_length=20, unique=True)
    order_document_no = peewee.CharField(max_length=20)
    shop = peewee.ForeignKeyField(Shop, null=True, backref="posted_shipments",
                                  on_delete="SET NULL")
    shopify_order_gid = peewee.CharField(max_length=100, default="")
    agent_code = peewee.CharField(max_length=10, default="")
    tracking_no = peewee.CharField(max_length=50, default="")
    fulfillment_id = peewee.CharField(max_length=100, default="")
    fulfillment_ids = peewee.TextField(default="[]")
    pending_known = peewee.TextField(null=True)
    message = peewee.TextField(default="")
    posted_at = UtcDateTimeField(default=utc_now)
    synced_at = UtcDateTimeField(null=True)

    class Meta:
        table_name = "posted_shipment"


class PostedShipmentLine(BaseModel):
    shipment = peewee.ForeignKeyField(PostedShipment, backref="lines", on_delete="CASCADE")
    line_no = peewee.IntegerField()
    order_line_no = peewee.IntegerField()
    type = peewee.CharField(max_length=20)
    no = peewee.CharField(max_length=20, default="")
    description = peewee.CharField(max_length=255, default="")
    quantity = MoneyField(decimal_places=4, default=ZERO)
    shopify_line_gid = peewee.CharField(max_length=100, default="")

    class Meta:
        table_name = "posted_shipment_line"


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


class GiftCard(BaseModel):
    shop = peewee.ForeignKeyField(Shop, backref="gift_cards", on_delete="CASCADE")
    shopify_id = peewee.CharField(max_length=100)
    last_characters = peewee.CharField(max_length=4, default="")
    initial_value = MoneyField(decimal_places=4, default=ZERO)
    balance = MoneyField(decimal_places=4, default=ZERO)
    currency = peewee.CharField(max_length=3, default="")
    order_gid = peewee.CharField(max_length=100, default="")
    line_gid = peewee.CharField(max_length=100, default="")
    enabled = peewee.BooleanField(default=True)
    source = peewee.CharField(max_length=10, default="shopify")
    shopify_updated_at = UtcDateTimeField(null=True)
    fetched_at = UtcDateTimeField(default=utc_now)

    class Meta:
        table_name = "gift_card"
        indexes = ((("shop", "shopify_id"), True),)


EXTRA_MODELS: tuple[type[BaseModel], ...] = (
    ShippingAgent, PostedShipment, PostedShipmentLine, InvoiceExport, GiftCard)


def _shop(code: str) -> Shop:
    try:
        return Shop.get(Shop.code == code)
    except Shop.DoesNotExist:
        raise NotFoundError(f"There is no shop {code}", shop=code) from None


def _document(no: str) -> SalesDocument:
    doc = SalesDocument.get_or_none(SalesDocument.no == no)
    if doc is None:
        raise NotFoundError(f"There is no sales document {no}", record=no)
    return doc


# --- shipping agents -------------------------------------------------------------------------


@dataclass(frozen=True)
class AgentRow:
    code: str
    name: str
    shopify_tracking_company: str
    tracking_url: str


def set_shipping_agent(code: str, *, name: str = "", shopify_tracking_company: str = "",
                       tracking_url: str = "") -> AgentRow:
    """Create or replace a shipping agent."""
    code = code.strip().upper()
    if not code or len(code) > 10:
        raise StoreError("a shipping agent code has 1 to 10 characters")
    values = dict(name=name[:50], shopify_tracking_company=shopify_tracking_company[:50],
                  tracking_url=tracking_url[:250])
    with transaction():
        row = ShippingAgent.get_or_none(ShippingAgent.code == code)
        if row is None:
            ShippingAgent.create(code=code, **values)
        else:
            ShippingAgent.update(**values).where(ShippingAgent.id == row.id).execute()
    return AgentRow(code, values["name"], values["shopify_tracking_company"],
                    values["tracking_url"])


def get_shipping_agent(code: str) -> AgentRow | None:
    row = ShippingAgent.get_or_none(ShippingAgent.code == code.strip().upper())
    if row is None:
        return None
    return AgentRow(row.code, row.name, row.shopify_tracking_company, row.tracking_url)


def list_shipping_agents() -> list[AgentRow]:
    return [AgentRow(r.code, r.name, r.shopify_tracking_company, r.tracking_url)
            for r in ShippingAgent.select().order_by(ShippingAgent.code)]


# --- posted shipments ------------------------------------------------------------------------


@dataclass(frozen=True)
class ShipmentLineRow:
    line_no: int
    order_line_no: int
    type: str
    no: str
    description: str
    quantity: Decimal
    shopify_line_gid: str


@dataclass(frozen=True)
class ShipmentRow:
    no: str
    order_document_no: str
    shop: str
    shopify_order_gid: str
    agent_code: str
    tracking_no: str
    fulfillment_id: str
    fulfillment_ids: tuple[str, ...]
    pending_known: tuple[str, ...] | None
    message: str
    lines: tuple[ShipmentLineRow, ...]


def _shipment_row(r: PostedShipment) -> ShipmentRow:
    pending = None if r.pending_known is None else tuple(json.loads(r.pending_known))
    return ShipmentRow(
        r.no, r.order_document_no, r.shop.code if r.shop_id else "", r.shopify_order_gid,
        r.agent_code, r.tracking_no, r.fulfillment_id, tuple(json.loads(r.fulfillment_ids)),
        pending, r.message,
        tuple(ShipmentLineRow(ln.line_no, ln.order_line_no, ln.type, ln.no, ln.description,
                              Decimal(ln.quantity), ln.shopify_line_gid)
              for ln in r.lines.order_by(PostedShipmentLine.line_no)))


def shipped_quantities(order_document_no: str) -> dict[int, Decimal]:
    """Quantity already shipped per sales line no. of a sales order."""
    out: dict[int, Decimal] = {}
    query = (PostedShipmentLine.select(PostedShipmentLine.order_line_no,
                                       PostedShipmentLine.quantity)
             .join(PostedShipment)
             .where(PostedShipment.order_document_no == order_document_no))
    for ln in query:
        out[ln.order_line_no] = out.get(ln.order_line_no, ZERO) + Decimal(ln.quantity)
    return out


def post_shipment(document_no: str, *, agent_code: str = "", tracking_no: str = "",
                  quantities: Mapping[int, Decimal] | None = None) -> ShipmentRow:
    """Post a shipment of a sales order: all that is still unshipped of its item lines, or
    only `quantities` (sales line no. -> quantity).

    A shipment with no item quantity gets fulfillment id -2 (nothing to fulfil; §1.7).

    Raises:
        NotFoundError: no such document or shipping agent.
        StoreError: not a sales order, or more than is left to ship is asked for.
    """
    doc = _document(document_no)
    if doc.type != "order":
        raise StoreError(f"{document_no} is a {doc.type}: only sales orders are shipped")
    agent = agent_code.strip().upper()
    if agent and ShippingAgent.get_or_none(ShippingAgent.code == agent) is None:
        raise NotFoundError(f"There is no shipping agent {agent}", record=agent)
    shipped = shipped_quantities(document_no)
    lines = list(doc.lines.order_by(SalesLine.line_no))
    known = {ln.line_no for ln in lines}
    for line_no in quantities or {}:
        if line_no not in known:
            raise StoreError(f"{document_no} has no line {line_no}")
    planned: list[tuple[SalesLine, Decimal]] = []
    for ln in lines:
        if ln.type != "item":
            continue
        left = Decimal(ln.quantity) - shipped.get(ln.line_no, ZERO)
        qty = left if quantities is None else Decimal(quantities.get(ln.line_no, ZERO))
        if qty < 0 or qty > left:
            raise StoreError(f"line {ln.line_no} of {document_no} has {left} left to ship, "
                             f"not {qty}")
        if qty > 0:
            planned.append((ln, qty))
    with transaction():
        shipment = PostedShipment.create(
            no=next_no("SS"), order_document_no=doc.no, shop=doc.shop_id,
            shopify_order_gid=doc.shopify_order_gid, agent_code=agent,
            tracking_no=tracking_no.strip()[:50],
            fulfillment_id="" if planned else EXCLUDED,
            message="" if planned else "nothing to ship: no item quantity")
        for i, (ln, qty) in enumerate(planned, start=1):
            PostedShipmentLine.create(
                shipment=shipment, line_no=i * 10000, order_line_no=ln.line_no, type=ln.type,
                no=ln.no, description=ln.description, quantity=qty,
                shopify_line_gid=ln.shopify_line_gid)
    log.info("shipment %s posted for %s (%d lines)", shipment.no, doc.no, len(planned))
    return _shipment_row(PostedShipment.get_by_id(shipment.id))


def get_shipment(no: str) -> ShipmentRow:
    row = PostedShipment.get_or_none(PostedShipment.no == no)
    if row is None:
        raise NotFoundError(f"There is no posted shipment {no}", record=no)
    return _shipment_row(row)


def shipments_to_sync(shop: str) -> list[ShipmentRow]:
    """Posted shipments of Shopify orders with no fulfillment id yet (or one in flight)."""
    rows = (PostedShipment.select().where(
        (PostedShipment.shop == _shop(shop)) & (PostedShipment.shopify_order_gid != "")
        & (PostedShipment.fulfillment_id == "")).order_by(PostedShipment.id))
    return [_shipment_row(r) for r in rows]


def list_shipments(shop: str | None = None) -> list[ShipmentRow]:
    query = PostedShipment.select().order_by(PostedShipment.id)
    if shop is not None:
        query = query.where(PostedShipment.shop == _shop(shop))
    return [_shipment_row(r) for r in query]


def owned_fulfillments(order_gid: str) -> dict[str, str]:
    """Fulfillment id -> posted shipment no., for every fulfillment our shipments made."""
    out: dict[str, str] = {}
    for r in PostedShipment.select(PostedShipment.no, PostedShipment.fulfillment_ids).where(
            PostedShipment.shopify_order_gid == order_gid):
        for fid in json.loads(r.fulfillment_ids):
            out[fid] = r.no
    return out


def set_shipment_pending(no: str, known: Sequence[str] | None) -> None:
    """Before a fulfillmentCreate: the order's fulfillments so far (None: nothing in flight).
    Committed before the request, so a lost answer or a kill can be reconciled later."""
    (PostedShipment.update(pending_known=None if known is None else json.dumps(sorted(known)))
     .where(PostedShipment.no == no).execute())


def add_shipment_fulfillment(no: str, fulfillment_gid: str) -> None:
    """Record a fulfillment made for the shipment and clear the in-flight mark."""
    with transaction():
        row = PostedShipment.get(PostedShipment.no == no)
        ids = json.loads(row.fulfillment_ids)
        if fulfillment_gid not in ids:
            ids.append(fulfillment_gid)
        (PostedShipment.update(fulfillment_ids=json.dumps(ids), pending_known=None)
         .where(PostedShipment.id == row.id).execute())


def finish_shipment(no: str, fulfillment_id: str, message: str = "") -> None:
    """Set the shipment's fulfillment id: the first fulfillment, -1 or -2."""
    (PostedShipment.update(fulfillment_id=fulfillment_id, message=message,
                           synced_at=utc_now())
     .where(PostedShipment.no == no).execute())


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


def shipments_for_cli(shop: str | None = None) -> list[dict[str, Any]]:
    return [{
        "no": s.no, "order_document_no": s.order_document_no, "shopify_order_id":
        s.shopify_order_gid or None, "agent_code": s.agent_code or None,
        "tracking_no": s.tracking_no or None, "fulfillment_id": s.fulfillment_id or None,
        "fulfillment_ids": list(s.fulfillment_ids), "message": s.message or None,
        "lines": [{"line_no": ln.line_no, "no": ln.no, "description": ln.description,
                   "quantity": format(ln.quantity.normalize(), "f")} for ln in s.lines],
    } for s in list_shipments(shop)]


# --- posted invoices ---------------------------------------------------------------------------


@dataclass(frozen=True)
class InvoiceLineRow:
    line_no: int
    type: str
    no: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    line_discount: Decimal
    amount: Decimal
    tax_amount: Decimal


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
        tuple(InvoiceLineRow(ln.line_no, ln.type, ln.no, ln.description, Decimal(ln.quantity),
                             Decimal(ln.unit_price), Decimal(ln.line_discount),
                             Decimal(ln.amount), Decimal(ln.tax_amount))
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
    doc = _document(document_no)
    if doc.type == "credit_memo":
        raise StoreError(f"{document_no} is a credit memo")
    if doc.type == "invoice" and doc.status == "posted":
        raise StoreError(f"invoice {document_no} is already posted")
    shop_row = _shop(shop) if shop else None
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
    doc = _document(no)
    export = InvoiceExport.get_or_none(InvoiceExport.document == doc)
    if export is None:
        raise NotFoundError(f"{no} is not a posted invoice", record=no)
    return _invoice_row(doc, export)


def invoices_to_export(shop: str) -> list[PostedInvoiceRow]:
    """Posted invoices of the shop whose Shopify Order ID is 0."""
    shop_row = _shop(shop)
    rows = (InvoiceExport.select(InvoiceExport, SalesDocument).join(SalesDocument)
            .where((InvoiceExport.shopify_order_id == TO_EXPORT)
                   & ((SalesDocument.shop == shop_row) | SalesDocument.shop.is_null()))
            .order_by(InvoiceExport.id))
    return [_invoice_row(r.document, r) for r in rows]


def set_invoice_result(no: str, shopify_order_id: str, *, name: str = "", message: str = "",
                       draft_gid: str | None = None) -> None:
    doc = _document(no)
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
     .where(InvoiceExport.document == _document(no)).execute())


def invoice_draft(no: str) -> str:
    export = InvoiceExport.get_or_none(InvoiceExport.document == _document(no))
    return export.draft_order_gid if export else ""


def exported_order_ids(shop: str) -> dict[str, str]:
    """Shopify order id -> posted invoice no. for invoices exported to Shopify."""
    rows = (InvoiceExport.select(InvoiceExport.shopify_order_id, SalesDocument.no)
            .join(SalesDocument).where(InvoiceExport.shopify_order_id.startswith("gid://")))
    return {r.shopify_order_id: r.document.no for r in rows}


# --- refunds and credit memos ----------------------------------------------------------------


@dataclass(frozen=True)
class RefundRow:
    order_gid: str
    shopify_id: str
    processed: bool
    credit_memo_no: str


def unprocessed_refunds(shop: str) -> list[RefundRow]:
    """Refunds of processed orders that have no credit memo yet, oldest first."""
    rows = (ShopifyRefund.select(ShopifyRefund, ShopifyOrder).join(ShopifyOrder)
            .where((ShopifyOrder.shop == _shop(shop)) & (ShopifyRefund.processed == False)  # noqa: E712
                   & (ShopifyOrder.document_no != ""))
            .order_by(ShopifyRefund.shopify_created_at, ShopifyRefund.id))
    return [RefundRow(r.order.shopify_id, r.shopify_id, r.processed, r.credit_memo_no)
            for r in rows]


def order_has_refunds(shop: str, order_gid: str) -> bool:
    """Whether the imported order holds any refund."""
    return (ShopifyRefund.select(ShopifyRefund.id).join(ShopifyOrder)
            .where((ShopifyOrder.shop == _shop(shop)) & (ShopifyOrder.shopify_id == order_gid))
            .exists())


def credit_memo_for_refund(refund_gid: str) -> str:
    """The credit memo already made for a refund (looked up by the document, which survives
    a re-import of the order that recreates the refund rows)."""
    doc = (SalesDocument.select(SalesDocument.no)
           .where((SalesDocument.type == "credit_memo")
                  & (SalesDocument.external_document_no == refund_gid)).first())
    return doc.no if doc else ""


def mark_refund_processed(order_gid: str, refund_gid: str, credit_memo_no: str) -> None:
    (ShopifyRefund.update(processed=True, credit_memo_no=credit_memo_no)
     .where((ShopifyRefund.shopify_id == refund_gid)
            & (ShopifyRefund.order.in_(ShopifyOrder.select(ShopifyOrder.id).where(
                ShopifyOrder.shopify_id == order_gid))))
     .execute())


@dataclass(frozen=True)
class MemoLine:
    type: str
    no: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    tax_amount: Decimal
    location_code: str = ""
    shopify_line_gid: str = ""


def create_credit_memo(*, shop: str, order_gid: str, refund_gid: str, sell_to: str,
                       bill_to: str, document_date: dt.date, currency: str,
                       prices_including_tax: bool, lines: Sequence[MemoLine],
                       total: Decimal) -> str:
    """Write a credit memo for a refund and mark the refund processed, in one transaction.

    Raises:
        StoreError: the lines do not add up to `total` (a bug upstream).
    """
    amount = sum((ln.amount for ln in lines), ZERO)
    tax = sum((ln.tax_amount for ln in lines), ZERO)
    if (amount if prices_including_tax else amount + tax) != total:
        raise StoreError("the credit memo lines do not add up to its total")
    with transaction():
        no = next_no("CM")
        doc = SalesDocument.create(
            no=no, type="credit_memo", shop=_shop(shop), shopify_order_gid=order_gid,
            sell_to_customer_no=sell_to, bill_to_customer_no=bill_to,
            document_date=document_date.isoformat(), currency=currency,
            prices_including_tax=prices_including_tax, status="open",
            external_document_no=refund_gid, amount=amount, tax_amount=tax, total=total)
        insert_rows(SalesLine, [dict(
            document=doc, line_no=(i + 1) * 10000, type=ln.type, no=ln.no,
            description=ln.description[:255], quantity=ln.quantity, unit_price=ln.unit_price,
            line_discount=ZERO, amount=ln.amount, tax_amount=ln.tax_amount,
            location_code=ln.location_code, shopify_line_gid=ln.shopify_line_gid,
        ) for i, ln in enumerate(lines)])
        mark_refund_processed(order_gid, refund_gid, no)
    return no


def item_lines_of_order_document(order_gid: str) -> dict[str, tuple[str, str]]:
    """Shopify line gid -> (item no., location code) on the order's sales document."""
    out: dict[str, tuple[str, str]] = {}
    query = (SalesLine.select(SalesLine.shopify_line_gid, SalesLine.no, SalesLine.location_code)
             .join(SalesDocument)
             .where((SalesDocument.shopify_order_gid == order_gid)
                    & (SalesDocument.type != "credit_memo") & (SalesLine.type == "item")))
    for ln in query:
        if ln.shopify_line_gid:
            out.setdefault(ln.shopify_line_gid, (ln.no, ln.location_code))
    return out


# --- gift cards --------------------------------------------------------------------------------


@dataclass(frozen=True)
class GiftCardRecordIn:
    shopify_id: str
    last_characters: str
    initial_value: Decimal
    balance: Decimal
    currency: str
    order_gid: str = ""
    line_gid: str = ""
    enabled: bool = True
    updated_at: dt.datetime | None = None


def upsert_gift_cards(shop: str, cards: Iterable[GiftCardRecordIn],
                      source: str = "shopify") -> tuple[int, int]:
    """Insert or refresh gift cards; returns (created, updated)."""
    shop_row = _shop(shop)
    created = updated = 0
    with transaction():
        for c in cards:
            values = dict(last_characters=c.last_characters[-4:],
                          initial_value=c.initial_value, balance=c.balance,
                          currency=c.currency.upper()[:3], enabled=c.enabled,
                          shopify_updated_at=c.updated_at, fetched_at=utc_now())
            row = GiftCard.get_or_none((GiftCard.shop == shop_row)
                                       & (GiftCard.shopify_id == c.shopify_id))
            if row is None:
                GiftCard.create(shop=shop_row, shopify_id=c.shopify_id, order_gid=c.order_gid,
                                line_gid=c.line_gid, source=source, **values)
                created += 1
            else:
                if c.order_gid:
                    values["order_gid"] = c.order_gid
                    values["line_gid"] = c.line_gid
                GiftCard.update(**values).where(GiftCard.id == row.id).execute()
                updated += 1
    return created, updated


def applied_gift_card_amounts(shop: str) -> dict[str, tuple[Decimal, int]]:
    """Per gift card gid: the amount applied as payment on imported orders (successful SALE
    or CAPTURE transactions on the gift card gateway) and on how many orders."""
    query = (ShopifyOrderTransaction.select(ShopifyOrderTransaction, ShopifyOrder)
             .join(ShopifyOrder)
             .where((ShopifyOrder.shop == _shop(shop))
                    & (ShopifyOrderTransaction.gift_card_id != "")
                    & (ShopifyOrderTransaction.status == "SUCCESS")
                    & ShopifyOrderTransaction.kind.in_(("SALE", "CAPTURE"))))
    out: dict[str, tuple[Decimal, set[str]]] = {}
    for t in query:
        amount, orders = out.get(t.gift_card_id, (ZERO, set()))
        orders.add(t.order.shopify_id)
        out[t.gift_card_id] = (amount + Decimal(t.amount), orders)
    return {k: (v[0], len(v[1])) for k, v in out.items()}


def gift_card_transactions_missing_card(shop: str) -> list[tuple[str, str]]:
    """(order gid, transaction gid) of gift card payments not yet tied to their card."""
    query = (ShopifyOrderTransaction.select(ShopifyOrderTransaction, ShopifyOrder)
             .join(ShopifyOrder)
             .where((ShopifyOrder.shop == _shop(shop))
                    & (ShopifyOrderTransaction.gateway == "gift_card")
                    & (ShopifyOrderTransaction.gift_card_id == "")))
    return [(t.order.shopify_id, t.shopify_id) for t in query]


def set_transaction_gift_card(transaction_gid: str, card_gid: str) -> None:
    (ShopifyOrderTransaction.update(gift_card_id=card_gid)
     .where(ShopifyOrderTransaction.shopify_id == transaction_gid).execute())


def reduce_gift_card_balance(shop: str, card_gid: str, amount: Decimal) -> None:
    """Lower a card's local balance (a refunded sold card is worth that much less)."""
    (GiftCard.update(balance=GiftCard.balance - amount)
     .where((GiftCard.shop == _shop(shop)) & (GiftCard.shopify_id == card_gid)).execute())


def gift_cards_for_cli(shop: str | None = None) -> list[dict[str, Any]]:
    """`gift-cards list` (CLI.md keys, plus where each card came from and its use)."""
    query = GiftCard.select(GiftCard, Shop).join(Shop).order_by(GiftCard.id)
    if shop is not None:
        query = query.where(GiftCard.shop == _shop(shop))
    applied: dict[str, dict[str, tuple[Decimal, int]]] = {}
    out = []
    for c in query:
        if c.shop.code not in applied:
            applied[c.shop.code] = applied_gift_card_amounts(c.shop.code)
        used, orders = applied[c.shop.code].get(c.shopify_id, (ZERO, 0))
        out.append({
            "shopify_id": c.shopify_id, "last_characters": c.last_characters,
            "initial_value": str(_cents(c.initial_value)), "balance": str(_cents(c.balance)),
            "currency": c.currency, "shop": c.shop.code, "order_id": c.order_gid or None,
            "issued_by": "order" if c.order_gid else "manual",
            "applied_amount": str(_cents(used)), "applied_on_orders": orders,
            "enabled": c.enabled, "source": c.source,
        })
    return out


def _cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))
