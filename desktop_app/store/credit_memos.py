"""Refunds of imported orders and the credit memos made from them.

A credit memo is a `SalesDocument` of type credit_memo whose external document no. is its
refund's gid, linked from its `ShopifyRefund` (processed, credit memo no.).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.errors import StoreError
from desktop_app.records.lines import CreditMemoLineRecord
from desktop_app.records.orders import ZERO
from desktop_app.store import lookups
from desktop_app.store.chunks import insert_rows
from desktop_app.store.database import transaction
from desktop_app.store.numbers import next_no
from desktop_app.store.order_models import SalesDocument, SalesLine, ShopifyOrder, ShopifyRefund
from desktop_app.store.values import fit


@dataclass(frozen=True)
class RefundRow:
    order_gid: str
    shopify_id: str
    processed: bool
    credit_memo_no: str


def unprocessed_refunds(shop: str) -> list[RefundRow]:
    """Refunds of processed orders that have no credit memo yet, oldest first."""
    rows = (ShopifyRefund.select(ShopifyRefund, ShopifyOrder).join(ShopifyOrder)
            .where((ShopifyOrder.shop == lookups.shop_row(shop))
                   & (ShopifyRefund.processed == False)  # noqa: E712
                   & (ShopifyOrder.document_no != ""))
            .order_by(ShopifyRefund.shopify_created_at, ShopifyRefund.id))
    return [RefundRow(r.order.shopify_id, r.shopify_id, r.processed, r.credit_memo_no)
            for r in rows]


def order_has_refunds(shop: str, order_gid: str) -> bool:
    """Whether the imported order holds any refund."""
    return (ShopifyRefund.select(ShopifyRefund.id).join(ShopifyOrder)
            .where((ShopifyOrder.shop == lookups.shop_row(shop))
                   & (ShopifyOrder.shopify_id == order_gid))
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


def create_credit_memo(*, shop: str, order_gid: str, refund_gid: str, sell_to: str,
                       bill_to: str, document_date: dt.date, currency: str,
                       prices_including_tax: bool, lines: Sequence[CreditMemoLineRecord],
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
            no=no, type="credit_memo", shop=lookups.shop_row(shop), shopify_order_gid=order_gid,
            sell_to_customer_no=sell_to, bill_to_customer_no=bill_to,
            document_date=document_date.isoformat(), currency=currency,
            prices_including_tax=prices_including_tax, status="open",
            external_document_no=refund_gid, amount=amount, tax_amount=tax, total=total)
        insert_rows(SalesLine, [dict(
            document=doc, line_no=(i + 1) * 10000, type=ln.type, no=ln.no,
            description=fit(SalesLine.description, ln.description), quantity=ln.quantity,
            unit_price=ln.unit_price,
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

