"""Draft orders (posted invoice export) and gift cards of the demo shop."""

from __future__ import annotations

from decimal import Decimal

from .conftest import READ, Client, create_order, money

DRAFT_CREATE = """
mutation D($input: DraftOrderInput!) { draftOrderCreate(input: $input) {
  draftOrder { id name status taxExempt totalPriceSet { shopMoney { amount } } lineItems(first: 10) { nodes { title custom quantity } } }
  userErrors { field message } } }
"""
DRAFT_COMPLETE = """
mutation C($id: ID!) { draftOrderComplete(id: $id) {
  draftOrder { status order { id name displayFinancialStatus taxExempt sourceName customer { id }
    totalPriceSet { shopMoney { amount } } lineItems(first: 10) { nodes { title variant { id } taxLines { title } } } } }
  userErrors { field message } } }
"""


def _draft_input(client: Client, **extra: object) -> dict:
    customer = next(iter(client.backend.state.customers.values()))
    data = {
        "purchasingEntity": {"customerId": customer.gid},
        "taxExempt": True,
        "lineItems": [
            {"title": "Item 1000", "quantity": 2, "originalUnitPriceWithCurrency": {"amount": "40.00", "currencyCode": "CAD"}},
            {"title": "VAT - 13%", "quantity": 1, "originalUnitPriceWithCurrency": {"amount": "10.40", "currencyCode": "CAD"}},
        ],
        "appliedDiscount": {"value": 5.0, "valueType": "FIXED_AMOUNT", "title": "Invoice discount"},
    }
    data.update(extra)
    return data


def test_draft_order_completes_into_a_paid_tax_exempt_order(client: Client) -> None:
    created = client.ok(DRAFT_CREATE, {"input": _draft_input(client)})["draftOrderCreate"]
    assert created["userErrors"] == []
    draft = created["draftOrder"]
    assert draft["status"] == "OPEN" and draft["name"] == "#D1"
    assert Decimal(draft["totalPriceSet"]["shopMoney"]["amount"]) == Decimal("85.40")
    assert all(n["custom"] for n in draft["lineItems"]["nodes"])
    done = client.ok(DRAFT_COMPLETE, {"id": draft["id"]})["draftOrderComplete"]
    assert done["userErrors"] == []
    order = done["draftOrder"]["order"]
    assert done["draftOrder"]["status"] == "COMPLETED"
    assert order["displayFinancialStatus"] == "PAID" and order["taxExempt"] is True
    assert order["sourceName"] == "shopify_draft_order"
    assert Decimal(order["totalPriceSet"]["shopMoney"]["amount"]) == Decimal("85.40")
    assert [n["taxLines"] for n in order["lineItems"]["nodes"]] == [[], []]
    again = client.ok(DRAFT_COMPLETE, {"id": draft["id"]})["draftOrderComplete"]
    assert again["userErrors"] == [{"field": None, "message": "This order has been paid"}]


def test_draft_with_payment_terms_completes_unpaid(client: Client) -> None:
    data = _draft_input(client, paymentTerms={"paymentTermsTemplateId": "gid://shopify/PaymentTermsTemplate/4"})
    draft = client.ok(DRAFT_CREATE, {"input": data})["draftOrderCreate"]["draftOrder"]
    order = client.ok(DRAFT_COMPLETE, {"id": draft["id"]})["draftOrderComplete"]["draftOrder"]["order"]
    assert order["displayFinancialStatus"] == "PENDING"


def test_draft_order_user_errors(client: Client) -> None:
    none = client.ok(DRAFT_CREATE, {"input": {"email": "a@example.com", "lineItems": []}})["draftOrderCreate"]
    assert none["userErrors"] == [{"field": None, "message": "Add at least 1 product"}]
    bad = client.ok(DRAFT_CREATE, {"input": {"email": "nope", "tags": ["x" * 41], "lineItems": [{"title": "", "quantity": 1}]}})
    assert bad["draftOrderCreate"]["userErrors"] == [
        {"field": ["email"], "message": "Email is invalid"},
        {"field": ["tags", "0"], "message": "Title Tag exceeds the maximum length of 40 characters"},
        {"field": None, "message": "Merchandise title is empty."},
    ]
    terms = client.ok(DRAFT_CREATE, {"input": {"paymentTerms": {}, "lineItems": [{"title": "A", "quantity": 1}]}})
    assert terms["draftOrderCreate"]["userErrors"] == [{"field": None, "message": "Payment terms template id can not be empty."}]


GIFT_CREATE = """
mutation G($input: GiftCardCreateInput!) { giftCardCreate(input: $input) {
  giftCard { id lastCharacters maskedCode balance { amount currencyCode } initialValue { amount } }
  giftCardCode userErrors { field message code } } }
"""
GIFT_READ = "query R($id: ID!) { giftCard(id: $id) { balance { amount } isRedeemable lastCharacters } }"


def test_gift_card_create_and_redemption_lowers_the_balance(client: Client) -> None:
    made = client.ok(GIFT_CREATE, {"input": {"initialAmount": {"amount": "50.00", "currencyCode": "CAD"}, "code": "HAPPY2026GIFT"}})
    payload = made["giftCardCreate"]
    assert payload["userErrors"] == [] and payload["giftCardCode"] == "happy2026gift"  # Shopify keeps codes in lower case
    card = payload["giftCard"]
    assert card["lastCharacters"] == "gift" and card["balance"] == {"amount": "50.0", "currencyCode": "CAD"}
    order = create_order(
        client,
        financialStatus=None,
        lineItems=[{"title": "Scarf", "quantity": 1, "priceSet": money("30.00")}],
        shippingLines=[],
        transactions=[{"kind": "SALE", "gateway": "gift_card", "giftCardId": card["id"], "amountSet": money("30.00")}],
    )
    assert order["displayFinancialStatus"] == "PAID"
    assert order["transactions"][0]["gateway"] == "gift_card"
    assert client.ok(GIFT_READ, {"id": card["id"]})["giftCard"]["balance"]["amount"] == "20.0"
    receipt = client.ok("query O($id: ID!) { order(id: $id) { transactions { receiptJson } } }", {"id": order["id"]})
    assert receipt["order"]["transactions"][0]["receiptJson"]["gift_card_id"] == int(card["id"].rsplit("/", 1)[1])


def test_gift_card_sold_on_an_order_is_issued(client: Client) -> None:
    order = create_order(
        client,
        lineItems=[{"title": "Gift Card", "quantity": 1, "giftCard": True, "priceSet": money("25.00")}],
        shippingLines=[],
    )
    assert order["lineItems"]["nodes"][0]["isGiftCard"] is True
    cards = client.ok("{ giftCards(first: 10, query: \"balance_status:full\") { nodes { initialValue { amount } order { id } } } }")
    assert {"initialValue": {"amount": "25.0"}, "order": {"id": order["id"]}} in cards["giftCards"]["nodes"]
    read = client.ok(READ, {"id": order["id"]})["order"]
    assert read["displayFulfillmentStatus"] == "FULFILLED"  # nothing to ship


def test_gift_card_user_errors(client: Client) -> None:
    def errors(**fields: object) -> list[dict]:
        return client.ok(GIFT_CREATE, {"input": fields})["giftCardCreate"]["userErrors"]

    assert errors(initialValue="0") == [{"field": ["input", "initialValue"], "message": "must be greater than 0", "code": "GREATER_THAN"}]
    assert errors(initialValue="3000.01")[0]["code"] == "GIFT_CARD_LIMIT_EXCEEDED"
    assert errors(initialValue="10", code="short")[0] == {
        "field": ["input", "code"], "message": "Code must be at least 8 characters long", "code": "TOO_SHORT"}
    assert errors(initialValue="10", code="x" * 21)[0]["code"] == "TOO_LONG"
    assert errors(initialValue="10", code="with-dash1")[0]["code"] == "INVALID"
    assert errors(initialValue="10", customerId="gid://shopify/Customer/1")[0]["code"] == "CUSTOMER_NOT_FOUND"
    assert errors(initialValue="10", code="ABCDEFGH12") == []
    assert errors(initialValue="10", code="abcdefgh12") == [
        {"field": ["input", "code"], "message": "Code has already been taken", "code": None}]


def test_gift_cards_search_has_no_updated_at(client: Client) -> None:
    result = client("{ giftCards(first: 5, query: \"updated_at:>2026-01-01\") { nodes { id } } }")
    assert result.errors == []
    assert result.search[0]["warnings"][0]["field"] == "updated_at"


GIFT_DEACTIVATE = """
mutation X($id: ID!) { giftCardDeactivate(id: $id) {
  giftCard { id enabled deactivatedAt } userErrors { field message code } } }
"""


def test_gift_card_deactivate_is_for_good_and_search_matches_the_last_characters(client: Client) -> None:
    card = client.ok(GIFT_CREATE, {"input": {"initialValue": "10.00", "code": "WinterSale2B5A"}})["giftCardCreate"]["giftCard"]
    assert card["lastCharacters"] == "2b5a"
    found = client.ok("query Q($q: String) { giftCards(first: 5, query: $q) { nodes { id } } }", {"q": "2B5"})
    assert found["giftCards"]["nodes"] == [{"id": card["id"]}]
    first = client.ok(GIFT_DEACTIVATE, {"id": card["id"]})["giftCardDeactivate"]
    assert first["userErrors"] == [] and first["giftCard"]["enabled"] is False
    client.tick(60)
    again = client.ok(GIFT_DEACTIVATE, {"id": card["id"]})["giftCardDeactivate"]["giftCard"]
    assert again["deactivatedAt"] == first["giftCard"]["deactivatedAt"]
    missing = client.ok(GIFT_DEACTIVATE, {"id": "gid://shopify/GiftCard/1"})["giftCardDeactivate"]
    assert missing["giftCard"] is None and missing["userErrors"][0]["code"] == "GIFT_CARD_NOT_FOUND"
