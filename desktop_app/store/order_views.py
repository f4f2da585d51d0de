"""Read-only views of orders and sales documents for the Orders tab (one query each)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.records.lines import SalesLineRecord
from desktop_app.records.orders import ShipTo
from desktop_app.store.companies import PaymentTermsMapping
from desktop_app.store.models import Shop
from desktop_app.store.order_models import SalesDocument, SalesLine, ShopifyOrder


@dataclass(frozen=True)
class OrderSummary:
    """What the list shows of an imported order beyond `store.orders.OrderRow`."""

    created_at: dt.datetime | None
    total: Decimal
    currency: str
    total_presentment: Decimal
    presentment_currency: str
    outstanding: Decimal
    risk_level: str
    channel: str
    buyer: str


def read_order_summaries(shop: str) -> dict[str, OrderSummary]:
    """Dates, totals and buyer of the shop's imported orders, by GID, in one query.

    """
    query = (ShopifyOrder
             .select(ShopifyOrder.shopify_id, ShopifyOrder.shopify_created_at,
                     ShopifyOrder.total, ShopifyOrder.currency, ShopifyOrder.total_p,
                     ShopifyOrder.presentment_currency, ShopifyOrder.outstanding,
                     ShopifyOrder.risk_level, ShopifyOrder.channel, ShopifyOrder.bill_to,
                     ShopifyOrder.ship_to, ShopifyOrder.email)
             .join(Shop).where(Shop.code == shop))
    out: dict[str, OrderSummary] = {}
    for r in query:
        address = r.bill_to or r.ship_to or {}
        buyer = (" ".join(p for p in (address.get("first_name", ""),
                                      address.get("last_name", "")) if p).strip()
                 or address.get("company", "") or r.email)
        out[r.shopify_id] = OrderSummary(
            r.shopify_created_at, Decimal(r.total), r.currency, Decimal(r.total_p),
            r.presentment_currency or r.currency, Decimal(r.outstanding), r.risk_level,
            r.channel, buyer)
    return out


_SHIP_TO_FIELDS = tuple(ShipTo.__dataclass_fields__)


@dataclass(frozen=True)
class Document:
    no: str
    type: str
    document_date: str
    sell_to_customer_no: str
    bill_to_customer_no: str
    shopify_order_gid: str
    order_name: str
    status: str
    currency: str
    amount: Decimal
    tax_amount: Decimal
    total: Decimal
    shipment_method: str
    external_document_no: str
    #: The payment terms code, the name of the Shopify terms mapped to it ("" when none or
    #: several), and the due date (ISO, "" when none).
    payment_terms_code: str = ""
    payment_terms_name: str = ""
    due_date: str = ""
    ship_to: ShipTo = ShipTo()
    #: The tax area the tax area priority found, and whether the customer is tax liable.
    tax_area_code: str = ""
    tax_liable: bool = False


def _terms_names() -> dict[tuple[str, str], str]:
    """(shop code, local payment terms code) -> the name of the one Shopify template mapped
    to it ("" when several templates with different names are)."""
    names: dict[tuple[str, str], str] = {}
    for name, code, shop in (PaymentTermsMapping
                             .select(PaymentTermsMapping.name,
                                     PaymentTermsMapping.payment_terms_code, Shop.code)
                             .join(Shop).tuples()):
        key = (shop, code)
        names[key] = name if names.get(key, name) == name else ""
    return names


def read_documents(shop: str | None = None, order_gid: str | None = None) -> list[Document]:
    """The sales documents of a shop (or of one Shopify order), newest first.

    """
    query = SalesDocument.select(SalesDocument, Shop.code).join(Shop)
    if shop is not None:
        query = query.where(Shop.code == shop)
    if order_gid is not None:
        query = query.where(SalesDocument.shopify_order_gid == order_gid)
    docs = list(query.order_by(SalesDocument.id.desc()))
    gids = {d.shopify_order_gid for d in docs if d.shopify_order_gid}
    names: dict[str, str] = {}
    if gids:
        for o in ShopifyOrder.select(ShopifyOrder.shopify_id, ShopifyOrder.name).where(
                ShopifyOrder.shopify_id.in_(list(gids))):
            names[o.shopify_id] = o.name
    terms = _terms_names() if any(d.payment_terms_code for d in docs) else {}
    return [Document(d.no, d.type, d.document_date, d.sell_to_customer_no,
                     d.bill_to_customer_no, d.shopify_order_gid,
                     names.get(d.shopify_order_gid, ""), d.status, d.currency,
                     Decimal(d.amount), Decimal(d.tax_amount), Decimal(d.total),
                     d.shipment_method, d.external_document_no, d.payment_terms_code,
                     terms.get((d.shop.code, d.payment_terms_code), ""), d.due_date,
                     ShipTo(**{f: getattr(d, f"ship_to_{f}") for f in _SHIP_TO_FIELDS}),
                     d.tax_area_code, bool(d.tax_liable))
            for d in docs]


def read_document_lines(doc_no: str) -> list[SalesLineRecord]:
    """The lines of one sales document, in line order."""
    query = (SalesLine.select().join(SalesDocument).where(SalesDocument.no == doc_no)
             .order_by(SalesLine.line_no))
    return [SalesLineRecord(ln.type, ln.no, ln.description, Decimal(ln.quantity),
                         Decimal(ln.unit_price), Decimal(ln.line_discount), Decimal(ln.amount),
                         Decimal(ln.tax_amount)) for ln in query]
