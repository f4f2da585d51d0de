"""Issue 19: each record an orders, gift cards or invoices run writes is in its change list
(`SyncResult.changes`, what a preview prints and the per-record history keeps), keyed by the
record, with the values written, one change for each count of its side.

Against the in-process demo shop (issue7_harness). Control: with the `record_change` lines of
the jobs left out (`SyncResult.record_change` doing nothing) every test fails on its first
look-up of a change.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from issue7_harness import REFUND_CREATE, SHOP, make_harness, money
from test_refunds_gift_cards_invoices import _invoice, _item, _linked_customer

from desktop_app.store import gift_cards
from desktop_app.store import invoices as extra
from desktop_app.store import orders as order_store
from desktop_app.store.order_models import SalesDocument
from desktop_app.sync.gift_cards import sync_gift_cards
from desktop_app.sync.invoices import sync_invoices
from desktop_app.sync.jobs import sync_orders_and_refunds
from desktop_app.sync.results import RecordChange, SyncResult


def _changes(result: SyncResult, key: str) -> list[RecordChange]:
    return [c for c in result.changes if c.key == key]


def _one_change_a_count(result: SyncResult) -> None:
    """Every record counted created (or updated) on a side has its change, and no more."""
    for side in ("local", "shopify"):
        counts = getattr(result, side)
        made = [c for c in result.changes if c.side == side and c.action == "create"]
        changed = [c for c in result.changes if c.side == side and c.action == "update"]
        assert (len(made), len(changed)) == (counts.created, counts.updated), (side, counts)


@pytest.fixture
def h(db, request):
    """A harness that makes credit memos of refunds (its shop closed after the test)."""
    harness = make_harness(return_processing="auto_credit_memo")
    request.addfinalizer(harness.backend.close)
    return harness


async def test_an_order_its_document_and_a_refunds_credit_memo_are_the_orders_changes(h):
    a, b = h.variants(2)
    order = await h.order([(a, 2), (b, 1)])
    first = await h.run(sync_orders_and_refunds)
    row = order_store.get_order(SHOP, order["id"])
    doc = SalesDocument.get(SalesDocument.no == row.document_no)
    imported, made = _changes(first, f"order:{order['id']}")
    assert (imported.side, imported.action, imported.record) == ("local", "create", row.name)
    assert imported.fields["customer_no"] == (None, "WEB")
    assert imported.fields["financial_status"] == (None, row.financial_status)
    assert made.fields["document_no"] == (None, doc.no)
    assert made.fields["total"] == (None, f"{Decimal(doc.total):.2f}")
    _one_change_a_count(first)

    line = order["lineItems"]["nodes"][0]["id"]
    refund = (await h.gql(REFUND_CREATE, {"input": {
        "orderId": order["id"],
        "refundLineItems": [{"lineItemId": line, "quantity": 1, "restockType": "NO_RESTOCK"}],
        "transactions": [{"kind": "REFUND", "gateway": "manual", "amount": str(a.price),
                          "orderId": order["id"]}]}}))["refundCreate"]
    assert refund["userErrors"] == []
    second = await h.run(sync_orders_and_refunds)
    memo = SalesDocument.get(SalesDocument.type == "credit_memo")
    (credit,) = [c for c in _changes(second, f"order:{order['id']}")
                 if "credit_memo_no" in c.fields]
    assert credit.fields["credit_memo_no"] == (None, memo.no)
    assert Decimal(str(credit.fields["total"][1])) == Decimal(memo.total)
    assert credit.fields["refund"] == (None, refund["refund"]["id"])


async def test_a_gift_card_imported_then_redeemed_is_created_then_updated(h):
    (a,) = h.variants(1)
    await h.order([], lineItems=[
        {"title": "Gift Card", "quantity": 1, "giftCard": True, "priceSet": money("50.00")}])
    await h.run(sync_orders_and_refunds)
    first = await h.run(sync_gift_cards)
    (card,) = gift_cards.gift_cards_for_cli(SHOP)
    (made,) = _changes(first, f"gift_card:{card['shopify_id']}")
    assert (made.side, made.action, made.record) == ("local", "create",
                                                     f"…{card['last_characters']}")
    assert made.fields["balance"] == (None, "50.00")
    _one_change_a_count(first)

    await h.order([(a, 1)], financialStatus=None, transactions=[
        {"kind": "SALE", "gateway": "gift_card", "giftCardId": card["shopify_id"],
         "amountSet": money(str(a.price))}])
    await h.run(sync_orders_and_refunds)
    second = await h.run(sync_gift_cards)
    (used,) = _changes(second, f"gift_card:{card['shopify_id']}")
    assert used.action == "update"
    assert used.fields["balance"] == ("50.00", str(Decimal("50.00") - a.price))
    _one_change_a_count(second)
    assert (await h.run(sync_gift_cards)).changes == []  # read again, nothing changed


async def test_a_posted_invoice_sent_to_shopify_is_a_change_of_the_order_it_made(db):
    h = make_harness(posted_invoice_sync=True)
    _linked_customer(h)
    no = _invoice("C100", [_item("1000", "2", "40.00")])
    extra.post_invoice(no, remaining=Decimal(0))
    result = await h.run(sync_invoices, "invoices")
    exported = extra.get_posted_invoice(no)
    (sent,) = _changes(result, f"order:{exported.shopify_order_id}")
    assert (sent.side, sent.action) == ("shopify", "create")
    assert sent.fields["invoice_no"] == (None, no)
    assert sent.fields["name"] == (None, exported.shopify_order_name)
    assert sent.fields["total"] == (None, "80.00")
    _one_change_a_count(result)
    h.backend.close()
