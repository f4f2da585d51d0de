"""A refund longer than one page becomes one complete credit memo (demo shop).

RefundDetails reads the first 25 lines, 10 transactions and 5 shipping lines of a refund;
the rest of each connection is read on with its page query. A refund of 60 lines must give
60 item lines (no balancing line hiding missing ones) whose total is Shopify's refunded total,
and a PENDING transaction beyond the first ten must still hold the credit memo back.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from desktop_app.demo_shop import DemoShop
from desktop_app.store.models import Item
from desktop_app.store.order_models import SalesDocument, SalesLine
from desktop_app.sync.jobs import sync_orders_and_refunds
from issue7_harness import REFUND_CREATE, dec, make_harness
from test_refunds_gift_cards_invoices import REFUND_TOTAL

LINES = 60


@pytest.fixture
def h(db, tmp_path):
    harness = make_harness(return_processing="auto_credit_memo")
    harness.shop.close()  # the same shop again, with a request log
    harness.shop = DemoShop(harness.backend, plan="plus", request_log=tmp_path / "requests.jsonl")
    harness.request_log = tmp_path / "requests.jsonl"
    yield harness
    harness.shop.close()
    harness.backend.close()


def _operations(h) -> list[str]:
    lines = h.request_log.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["operationName"] for line in lines]


def _memos() -> list[SalesDocument]:
    return list(SalesDocument.select().where(SalesDocument.type == "credit_memo"))


async def _full_refund(h, lines: int, gateways: list[str]) -> tuple[dict, Decimal, list[str]]:
    """An order of `lines` lines (one unit of a different item each), imported, then refunded
    in full with one transaction per gateway; returns the order, its total and its line gids."""
    variants = h.variants(lines)
    assert len(variants) == lines
    order = await h.order([(v, 1) for v in variants])
    await h.run(sync_orders_and_refunds)
    total = sum((Decimal(str(v.price)) for v in variants), Decimal(0))
    share = (total / len(gateways)).quantize(Decimal("0.01"))
    amounts = [share] * (len(gateways) - 1) + [total - share * (len(gateways) - 1)]
    gids = [n["id"] for n in order["lineItems"]["nodes"]]
    result = (await h.gql(REFUND_CREATE, {"input": {
        "orderId": order["id"],
        "refundLineItems": [{"lineItemId": g, "quantity": 1, "restockType": "RETURN"}
                            for g in gids],
        "transactions": [{"kind": "REFUND", "gateway": gateway, "amount": str(amount),
                          "orderId": order["id"]} for gateway, amount in zip(gateways, amounts)],
    }}))["refundCreate"]
    assert result["userErrors"] == [], result["userErrors"]
    return order, total, gids


async def test_a_refund_of_60_lines_makes_one_credit_memo_of_60_lines(h):
    order, total, gids = await _full_refund(h, LINES, ["manual"] * 12)
    log_start = len(_operations(h))

    result = await h.run(sync_orders_and_refunds)

    assert result.failed == 0, result.errors
    (memo,) = _memos()
    refunded = (await h.gql(REFUND_TOTAL, {"id": order["id"]}))["order"]["totalRefundedSet"]
    assert Decimal(memo.total) == dec(refunded["shopMoney"]["amount"]) == total
    lines = list(memo.lines.order_by(SalesLine.line_no))
    # Every refunded line is on the memo as its item: no "Refund balance" line made up for
    # lines that were not read.
    assert len(lines) == LINES
    assert {ln.type for ln in lines} == {"item"}
    assert [ln.shopify_line_gid for ln in lines] == gids
    skus = {v.sku: Item.get(Item.sku == v.sku).no for v in h.variants(LINES)}
    assert sorted(ln.no for ln in lines) == sorted(skus.values())
    assert sum((Decimal(ln.amount) for ln in lines), Decimal(0)) == total
    read_on = _operations(h)[log_start:]
    assert "RefundLineItemsPage" in read_on and "RefundTransactionsPage" in read_on


async def test_a_pending_transaction_after_the_first_ten_holds_the_memo_back(h):
    # Two lines, twelve transactions: only the transactions need a second page.
    order, total, _gids = await _full_refund(h, 2, ["manual"] * 11 + ["paypal"])
    transactions = h.backend.state.orders[int(order["id"].rsplit("/", 1)[1])].transactions
    (pending,) = [t for t in transactions if t.status == "PENDING"]  # paypal refunds wait

    waiting = await h.run(sync_orders_and_refunds)

    assert _memos() == [] and waiting.failed == 0, waiting.errors
    assert waiting.skipped == 1
    h.backend.settle_transaction(pending.gid, "SUCCESS")
    await h.run(sync_orders_and_refunds)
    (memo,) = _memos()
    assert Decimal(memo.total) == total
