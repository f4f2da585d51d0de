"""Rows of the order and document tables looked up by their key, or a `NotFoundError` that
names what is missing (the messages a merchant reads from the order and document commands).
"""

from __future__ import annotations

from desktop_app.errors import NotFoundError
from desktop_app.store.models import Shop
from desktop_app.store.order_models import SalesDocument, ShopifyOrder


def shop_row(code: str) -> Shop:
    """Shop card `code`."""
    try:
        return Shop.get(Shop.code == code)
    except Shop.DoesNotExist:
        raise NotFoundError(f"There is no shop {code}", shop=code) from None


def order_row(shop: str, gid: str) -> ShopifyOrder:
    """Shopify order `gid` as imported into shop card `shop`."""
    row = (ShopifyOrder.select().join(Shop)
           .where((Shop.code == shop) & (ShopifyOrder.shopify_id == gid)).first())
    if row is None:
        raise NotFoundError(f"Order {gid} has not been imported into shop {shop}",
                            record=gid)
    return row


def sales_document(no: str) -> SalesDocument:
    """Sales document `no` (an order, invoice or credit memo)."""
    doc = SalesDocument.get_or_none(SalesDocument.no == no)
    if doc is None:
        raise NotFoundError(f"There is no sales document {no}", record=no)
    return doc
