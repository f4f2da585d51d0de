"""Refunds to credit memos, gift cards sold and redeemed, posted invoices to Shopify."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from issue7_harness import (
    GIFT_CARD_CREATE,
    REFUND_CREATE,
    SHOP,
    dec,
    document_of,
    make_harness,
    money,
)

from desktop_app.records.lines import SalesLineRecord
from desktop_app.shopify.operations import Operation
from desktop_app.store import gift_cards
from desktop_app.store import invoices as extra
from desktop_app.store import orders as order_store
from desktop_app.store.models import Customer, Shop, ShopifyCustomer
from desktop_app.store.order_models import SalesDocument, SalesLine, ShopifyRefund
from desktop_app.sync.gift_cards import sync_gift_cards
from desktop_app.sync.invoices import sync_invoices
from desktop_app.sync.jobs import sync_orders_and_refunds

REFUND_TOTAL = Operation.from_text("""
query TestRefundTotal($id: ID!) { order(id: $id) {
  totalRefundedSet { shopMoney { amount } presentmentMoney { amount currencyCode } } } }""")


def _memos() -> list[SalesDocument]:
    return list(SalesDocument.select().where(SalesDocument.type == "credit_memo"))


def _lines(doc: SalesDocument) -> list[tuple[str, str, Decimal, str]]:
    return [(ln.type, ln.no, Decimal(ln.amount), ln.location_code)
            for ln in doc.lines.order_by(SalesLine.line_no)]


@pytest.fixture
def h(db):
    harness = make_harness(return_processing="auto_credit_memo")
    yield harness
    harness.backend.close()


async def test_pending_refund_waits_then_becomes_one_exact_credit_memo(h):
    a, b = h.variants(2)
    order = await h.order([(a, 2), (b, 1)],
                          shippingLines=[{"title": "Standard", "priceSet": money("7.00")}])
    await h.run(sync_orders_and_refunds)
    gids = [n["id"] for n in order["lineItems"]["nodes"]]
    refund = (await h.gql(REFUND_CREATE, {"input": {
        "orderId": order["id"], "shipping": {"amount": "7.00"},
        "refundLineItems": [
            {"lineItemId": gids[0], "quantity": 1, "restockType": "RETURN"},
            {"lineItemId": gids[1], "quantity": 1, "restockType": "NO_RESTOCK"}],
        "transactions": [{"kind": "REFUND", "gateway": "paypal", "amount": "20.00",
                          "orderId": order["id"]}],
    }}))["refundCreate"]
    assert refund["userErrors"] == []
    (txn,) = refund["refund"]["transactions"]["nodes"]
    assert txn["status"] == "PENDING"
    waiting = await h.run(sync_orders_and_refunds)
    assert _memos() == [] and waiting.failed == 0, waiting.errors
    h.backend.settle_transaction(txn["id"], "SUCCESS")
    await h.run(sync_orders_and_refunds)
    (memo,) = _memos()
    shopify_total = (await h.gql(REFUND_TOTAL, {"id": order["id"]}))["order"]
    assert Decimal(memo.total) == dec(shopify_total["totalRefundedSet"]["shopMoney"]["amount"])
    assert Decimal(memo.total) == Decimal("20.00")
    kinds = _lines(memo)
    assert kinds[0][0] == "item" and kinds[0][3] == "RETURNS"  # return location
    assert kinds[1][:2] == ("gl_account", "6910")  # not restocked
    assert ("gl_account", "6100", Decimal("7.00"), "") in kinds  # refunded shipping
    assert kinds[-1][:2] == ("gl_account", "6900")  # balance to Shopify's refunded total
    assert memo.shopify_order_gid == order["id"] and memo.currency == "CAD"
    again = await h.run(sync_orders_and_refunds)  # re-imported refund rows: no second memo
    assert len(_memos()) == 1 and again.failed == 0
    assert ShopifyRefund.get().credit_memo_no == memo.no


async def test_presentment_currency_credit_memo_stays_in_one_currency(db):
    h = make_harness(return_processing="auto_credit_memo", currency_handling="presentment")
    (a,) = h.variants(1)
    order = await h.order(
        [(a, 2)], presentmentCurrency="EUR",
        lineItems=[{"variantId": a.gid, "quantity": 2,
                    "priceSet": money("20.00", presentment=("13.00", "EUR"))}],
        shippingLines=[{"title": "Standard",
                        "priceSet": money("10.00", presentment=("6.50", "EUR"))}])
    await h.run(sync_orders_and_refunds)
    gid = order["lineItems"]["nodes"][0]["id"]
    result = (await h.gql(REFUND_CREATE, {"input": {
        "orderId": order["id"], "shipping": {"fullRefund": True},
        "refundLineItems": [{"lineItemId": gid, "quantity": 1, "restockType": "NO_RESTOCK"}],
        "transactions": [{"kind": "REFUND", "gateway": "manual", "amount": "19.50",
                          "orderId": order["id"]}],
    }}))["refundCreate"]
    assert result["userErrors"] == [], result["userErrors"]
    await h.run(sync_orders_and_refunds)
    (memo,) = _memos()
    refunded = (await h.gql(REFUND_TOTAL, {"id": order["id"]}))["order"]["totalRefundedSet"]
    assert memo.currency == "EUR" == refunded["presentmentMoney"]["currencyCode"]
    assert Decimal(memo.total) == dec(refunded["presentmentMoney"]["amount"])
    shipping = [ln for ln in memo.lines if ln.no == "6100"]
    assert [Decimal(ln.amount) for ln in shipping] == [Decimal("6.50")]  # not 10.00 CAD (#4829)
    h.backend.close()


async def test_import_only_makes_no_credit_memo(db):
    h = make_harness(return_processing="import_only")
    (a,) = h.variants(1)
    order = await h.order([(a, 1)])
    await h.run(sync_orders_and_refunds)
    gid = order["lineItems"]["nodes"][0]["id"]
    await h.gql(REFUND_CREATE, {"input": {
        "orderId": order["id"], "refundLineItems": [
            {"lineItemId": gid, "quantity": 1, "restockType": "NO_RESTOCK"}],
        "transactions": [{"kind": "REFUND", "gateway": "manual", "amount": str(a.price),
                          "orderId": order["id"]}]}})
    await h.run(sync_orders_and_refunds)
    assert _memos() == [] and ShopifyRefund.select().count() == 1
    h.backend.close()


async def test_gift_card_sold_then_redeemed(h):
    (a,) = h.variants(1)
    sold = await h.order([], lineItems=[
        {"title": "Gift Card", "quantity": 1, "giftCard": True, "priceSet": money("50.00")}])
    await h.run(sync_orders_and_refunds)
    doc = SalesDocument.get(SalesDocument.no == document_of(sold["id"]))
    assert [(ln.type, ln.no, Decimal(ln.amount)) for ln in doc.lines] == [
        ("gl_account", "2400", Decimal("50.00"))]
    result = await h.run(sync_gift_cards)
    (card,) = gift_cards.gift_cards_for_cli(SHOP)
    assert result.created == 1
    assert (card["initial_value"], card["balance"], card["currency"], card["order_id"]) == \
        ("50.00", "50.00", "CAD", sold["id"])
    redeem = await h.order([(a, 1)], financialStatus=None, transactions=[
        {"kind": "SALE", "gateway": "gift_card", "giftCardId": card["shopify_id"],
         "amountSet": money(str(a.price))}])
    await h.run(sync_orders_and_refunds)
    paid_doc = SalesDocument.get(SalesDocument.no == document_of(redeem["id"]))
    assert Decimal(paid_doc.total) == a.price  # the card pays; the invoice is not reduced
    await h.run(sync_gift_cards)
    (card,) = gift_cards.gift_cards_for_cli(SHOP)
    assert dec(card["balance"]) == Decimal("50.00") - a.price
    assert dec(card["applied_amount"]) == a.price and card["applied_on_orders"] == 1
    # a card made by hand in Shopify is imported with its id, last characters and amount
    made = (await h.gql(GIFT_CARD_CREATE, {"input": {
        "initialAmount": {"amount": "25.00", "currencyCode": "CAD"},
        "code": "HANDMADE2026"}}))["giftCardCreate"]["giftCard"]
    await h.run(sync_gift_cards)
    cards = {c["shopify_id"]: c for c in gift_cards.gift_cards_for_cli(SHOP)}
    assert cards[made["id"]]["last_characters"] == "2026"
    assert cards[made["id"]]["issued_by"] == "manual"
    assert set(cards[made["id"]]) >= {"shopify_id", "last_characters", "initial_value",
                                      "balance", "currency"}


# --- posted invoices ---------------------------------------------------------------------


def _linked_customer(h, no: str = "C100") -> str:
    shopify_customer = next(iter(h.backend.state.customers.values()))
    customer = Customer.create(no=no, name="Linked Ltd")
    ShopifyCustomer.create(shop=Shop.get(Shop.code == SHOP), shopify_id=shopify_customer.gid,
                           customer=customer)
    return shopify_customer.gid


def _invoice(customer_no: str, lines: list[SalesLineRecord]) -> str:
    amount = sum((ln.amount for ln in lines), Decimal(0))
    tax = sum((ln.tax_amount for ln in lines), Decimal(0))
    no = order_store.create_document(
        shop=SHOP, doc_type="invoice", order_gid="", sell_to=customer_no, bill_to=customer_no,
        document_date=dt.date(2026, 11, 2), currency="CAD", prices_including_tax=False,
        lines=lines, amount=amount, tax_amount=tax, total=amount + tax, release=True)
    return no


def _item(no: str, qty: str, price: str, tax: str = "0", discount: str = "0"
          ) -> SalesLineRecord:
    amount = Decimal(qty) * Decimal(price) - Decimal(discount)
    return SalesLineRecord("item", no, f"Item {no}", Decimal(qty), Decimal(price),
                               Decimal(discount), amount, Decimal(tax))


async def test_posted_invoice_exclusions_and_export(db):
    h = make_harness(posted_invoice_sync=True)
    _linked_customer(h)
    Customer.create(no="LONER", name="Not in Shopify")
    good = _invoice("C100", [_item("1000", "2", "40.00", tax="10.40", discount="5.00"),
                             SalesLineRecord("comment", "", "Thank you", Decimal(0),
                                                 Decimal(0), Decimal(0), Decimal(0),
                                                 Decimal(0))])
    cases = {
        "unlinked": _invoice("LONER", [_item("1000", "1", "10.00")]),
        "default": _invoice("WEB", [_item("1000", "1", "10.00")]),
        "fraction": _invoice("C100", [_item("1000", "1.5", "10.00")]),
        "no_no": _invoice("C100", [_item("", "1", "10.00")]),
        "owed_no_terms": _invoice("C100", [_item("1000", "1", "10.00")]),
    }
    extra.post_invoice(good, remaining=Decimal(0))
    for key, no in cases.items():
        extra.post_invoice(no, remaining=None if key == "owed_no_terms" else Decimal(0))
    result = await h.run(sync_invoices, "invoices")
    assert result.failed == 0, result.errors
    assert result.skipped == 5 and result.created == 1
    for key, no in cases.items():
        row = extra.get_posted_invoice(no)
        assert row.shopify_order_id == extra.EXCLUDED, key
        assert row.message, key
    exported = extra.get_posted_invoice(good)
    assert exported.shopify_order_id.startswith("gid://shopify/Order/")
    order = h.backend.state.orders[int(exported.shopify_order_id.rsplit("/", 1)[1])]
    assert order.tax_exempt
    assert order.display_financial_status == "PAID"
    titles = [ln.title for ln in order.line_items]
    assert titles == ["1000 Item 1000", "Tax - 13%"]
    assert [ln.quantity for ln in order.line_items] == [2, 1]
    assert order.total_after_edits.shop == Decimal("85.40")  # 80 - 5 discount + 10.40 tax
    # the next orders sync finds the exported order processed: no second document
    before = SalesDocument.select().count()
    await h.run(sync_orders_and_refunds)
    assert SalesDocument.select().count() == before
    assert order_store.get_order(SHOP, exported.shopify_order_id).document_no == good
    # Update Document: -2 back to 0, and the invoice goes once its cause is fixed
    fraction = cases["fraction"]
    SalesLine.update(quantity=Decimal(2), amount=Decimal(20)).where(
        SalesLine.document == SalesDocument.get(SalesDocument.no == fraction).id).execute()
    SalesDocument.update(amount=Decimal(20), total=Decimal(20)).where(
        SalesDocument.no == fraction).execute()
    assert extra.reset_document(fraction) == "invoice"
    await h.run(sync_invoices, "invoices")
    assert extra.get_posted_invoice(fraction).shopify_order_id.startswith("gid://")
    h.backend.close()


async def test_invoice_with_money_owed_gets_payment_terms(db):
    from desktop_app.store.companies import PaymentTermsMapping

    h = make_harness(posted_invoice_sync=True)
    _linked_customer(h)
    PaymentTermsMapping.create(shop=Shop.get(Shop.code == SHOP),
                               shopify_id="gid://shopify/PaymentTermsTemplate/4",
                               name="Net 30", terms_type="NET", due_in_days=30)
    no = _invoice("C100", [_item("1000", "1", "30.00")])
    extra.post_invoice(no)  # nothing paid yet
    await h.run(sync_invoices, "invoices")
    row = extra.get_posted_invoice(no)
    order = h.backend.state.orders[int(row.shopify_order_id.rsplit("/", 1)[1])]
    assert order.display_financial_status == "PENDING"
    h.backend.close()


async def test_failed_export_is_minus_1_and_retried_after_update_document(db):
    h = make_harness(posted_invoice_sync=True)
    _linked_customer(h)
    no = _invoice("C100", [_item("1000", "1", "30.00")])
    extra.post_invoice(no, remaining=Decimal(0))
    result = await h.run(_failing_draft_create(sync_invoices), "invoices")
    assert result.failed == 1
    assert extra.get_posted_invoice(no).shopify_order_id == extra.FAILED
    again = await h.run(sync_invoices, "invoices")
    assert again.created == 0  # -1 is not retried by itself
    extra.reset_document(no)
    await h.run(sync_invoices, "invoices")
    assert extra.get_posted_invoice(no).shopify_order_id.startswith("gid://")
    h.backend.close()


def _failing_draft_create(job):
    """The job, with Shopify unreachable for draftOrderCreate (every retry used up)."""
    from desktop_app.errors import NetworkError

    async def run(ctx):
        original = ctx.client.execute

        async def execute(op, variables=None):
            if (op if isinstance(op, str) else op.name) == "DraftOrderCreate":
                raise NetworkError("Shopify did not answer after 6 attempts: HTTP 500")
            return await original(op, variables)

        ctx.client.execute = execute
        try:
            await job(ctx)
        finally:
            ctx.client.execute = original
    return run
