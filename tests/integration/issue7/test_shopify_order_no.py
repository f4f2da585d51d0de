"""The Shop Card's "Shopify order number as the document number" (issue 17, Business
Central's "Use Shopify Order No."), against the in-process demo shop."""

from __future__ import annotations

import datetime as dt

from issue7_harness import SHOP, document_of, make_harness

from desktop_app.store import orders as order_store
from desktop_app.store.order_models import SalesDocument
from desktop_app.sync.jobs import sync_orders_and_refunds


async def _order(h):
    (a,) = h.variants(1)
    return await h.order([(a, 1)])


async def test_the_document_takes_the_shopify_order_number(db):
    h = make_harness(use_shopify_order_no=True)
    try:
        order = await _order(h)
        result = await h.run(sync_orders_and_refunds)
        assert result.failed == 0, result.errors
        assert document_of(order["id"]) == order["name"] and order["name"].startswith("#")
    finally:
        h.backend.close()


async def test_control_off_the_document_takes_the_next_of_its_series(db):
    h = make_harness()
    try:
        order = await _order(h)
        await h.run(sync_orders_and_refunds)
        assert document_of(order["id"]) != order["name"]
        assert document_of(order["id"]).startswith(("SO", "SI"))
    finally:
        h.backend.close()


async def test_a_number_already_used_is_a_failure_that_says_so_and_makes_nothing(db):
    h = make_harness(use_shopify_order_no=True)
    try:
        order = await _order(h)
        taken = order_store.create_document(
            shop=SHOP, doc_type="invoice", order_gid="", sell_to="WEB", bill_to="WEB",
            document_date=dt.date(2026, 11, 2), currency="CAD", prices_including_tax=False,
            lines=[], amount=0, tax_amount=0, total=0, release=True, no=order["name"])
        result = await h.run(sync_orders_and_refunds)
        assert result.failed == 1
        (error,) = result.errors
        assert f"the document number '{order['name']}' is already used by sales invoice " \
               f"{taken}" in error.message
        assert SalesDocument.select().count() == 1  # nothing made, nothing doubled
        assert document_of(order["id"]) == ""
    finally:
        h.backend.close()
