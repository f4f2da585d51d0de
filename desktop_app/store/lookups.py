"""Rows of the order and document tables looked up by their key, or a `NotFoundError` that
names what is missing (the messages a merchant reads from the order and document commands).
"""

from __future__ import annotations

import functools

from desktop_app.errors import NotFoundError
from desktop_app.store.database import DB
from desktop_app.store.models import Shop
from desktop_app.store.order_models import SalesDocument, ShopifyOrder
from desktop_app.store.statements import first_where, model_rows


def shop_row(code: str) -> Shop:
    """Shop card `code` (read with peewee's statement built once: `store.statements`)."""
    shop = first_where(Shop, code=code)
    if shop is None:
        raise NotFoundError(f"There is no shop {code}", shop=code)
    return shop


def order_row(shop: str, gid: str) -> ShopifyOrder:
    """Shopify order `gid` as imported into shop card `shop`.

    Read with one fixed statement (`_order_sql`): peewee building the query's text at every
    call (its 40-odd columns and the join) cost more than running it: 8,166 lookups for 880
    orders took 26 of 88 profiled seconds of `test_money_generated`.
    """
    rows = model_rows(ShopifyOrder, _order_sql(DB.param), (shop, gid))
    row = rows[0] if rows else None
    if row is None:
        raise NotFoundError(f"Order {gid} has not been imported into shop {shop}",
                            record=gid)
    return row


@functools.lru_cache(maxsize=4)
def _order_sql(param: str) -> str:
    """The statement of `order_row` for a database whose parameters are written `param`."""
    orders, shops = ShopifyOrder._meta.table_name, Shop._meta.table_name
    shop_column = ShopifyOrder.shop.column_name
    return (f'SELECT o.* FROM "{orders}" AS o JOIN "{shops}" AS s ON s."id" = o."{shop_column}" '
            f'WHERE s."code" = {param} AND o."shopify_id" = {param} LIMIT 1')


def sales_document(no: str) -> SalesDocument:
    """Sales document `no` (an order, invoice or credit memo)."""
    doc = SalesDocument.get_or_none(SalesDocument.no == no)
    if doc is None:
        raise NotFoundError(f"There is no sales document {no}", record=no)
    return doc
