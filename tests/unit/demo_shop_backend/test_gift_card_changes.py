"""giftCardCredit, giftCardDebit and giftCardUpdate answer as the real-store captures show."""

from __future__ import annotations

from typing import Any

import pytest
from demo_shops import BackendClient

from desktop_app.demo_shop import ShopBackend

SCOPES = frozenset({"read_gift_cards", "write_gift_cards", "read_customers", "write_customers"})
CREATE = """mutation C($input: GiftCardCreateInput!) {
  giftCardCreate(input: $input) { giftCard { id } userErrors { field message } } }"""
CREDIT = """mutation Cr($id: ID!, $input: GiftCardCreditInput!) {
  giftCardCredit(id: $id, creditInput: $input) {
    giftCardCreditTransaction { __typename note amount { amount currencyCode }
                                giftCard { balance { amount } } }
    userErrors { field code message } } }"""
DEBIT = """mutation De($id: ID!, $input: GiftCardDebitInput!) {
  giftCardDebit(id: $id, debitInput: $input) {
    giftCardDebitTransaction { __typename amount { amount } giftCard { balance { amount } } }
    userErrors { field code message } } }"""
UPDATE = """mutation U($id: ID!, $input: GiftCardUpdateInput!) {
  giftCardUpdate(id: $id, input: $input) {
    giftCard { note expiresOn templateSuffix customer { id } } userErrors { field message } } }"""
DEACTIVATE = """mutation D($id: ID!) {
  giftCardDeactivate(id: $id) { giftCard { id } userErrors { field code message } } }"""


@pytest.fixture
def client() -> Any:
    backend = ShopBackend()
    yield BackendClient(backend, SCOPES)
    backend.close()


def _card(client: BackendClient, value: str = "5.00", **fields: Any) -> str:
    payload = client.ok(CREATE, {"input": {"initialValue": value, **fields}})["giftCardCreate"]
    assert payload["userErrors"] == []
    return str(payload["giftCard"]["id"])


def _money(amount: str, currency: str = "CAD") -> dict[str, str]:
    return {"amount": amount, "currencyCode": currency}


def _errors(client: BackendClient, query: str, variables: dict[str, Any]) -> list[Any]:
    data = client.ok(query, variables)
    return [e for payload in data.values() for e in payload["userErrors"]]


def test_a_credit_and_a_debit_move_the_balance(client: BackendClient) -> None:
    card = _card(client)
    credit = client.ok(CREDIT, {"id": card, "input": {"creditAmount": _money("2.00"),
                                                      "note": "top up"}})
    made = credit["giftCardCredit"]["giftCardCreditTransaction"]
    assert made == {"__typename": "GiftCardCreditTransaction", "note": "top up",
                    "amount": {"amount": "2.0", "currencyCode": "CAD"},
                    "giftCard": {"balance": {"amount": "7.0"}}}
    debit = client.ok(DEBIT, {"id": card, "input": {"debitAmount": _money("3.00")}})
    assert debit["giftCardDebit"]["giftCardDebitTransaction"] == {
        "__typename": "GiftCardDebitTransaction", "amount": {"amount": "-3.0"},
        "giftCard": {"balance": {"amount": "4.0"}}}


def test_credits_and_debits_are_refused_with_the_captured_answers(client: BackendClient) -> None:
    card = _card(client, "3000.0")
    over = _errors(client, CREDIT, {"id": card, "input": {"creditAmount": _money("0.01")}})
    assert over == [{"field": ["creditInput", "creditAmount", "amount"],
                     "code": "GIFT_CARD_LIMIT_EXCEEDED",
                     "message": "The gift card's value exceeds the allowed limits."}]
    too_much = _errors(client, DEBIT, {"id": card, "input": {"debitAmount": _money("9999")}})
    assert too_much[0]["code"] == "INSUFFICIENT_FUNDS"
    negative = _errors(client, CREDIT, {"id": card, "input": {"creditAmount": _money("-1")}})
    assert negative[0]["code"] == "NEGATIVE_OR_ZERO_AMOUNT"
    euro = _errors(client, CREDIT, {"id": card, "input": {"creditAmount": _money("1", "EUR")}})
    assert euro[0]["field"] == ["creditInput", "creditAmount", "currencyCode"]
    future = _errors(client, DEBIT, {"id": card, "input": {
        "debitAmount": _money("1"), "processedAt": "2099-01-01T00:00:00Z"}})
    assert future[0]["message"] == "The processed date must not be in the future."
    client.ok(DEACTIVATE, {"id": card})
    off = _errors(client, DEBIT, {"id": card, "input": {"debitAmount": _money("1")}})
    assert off == [{"field": ["id"], "code": "INVALID", "message": "The gift card is deactivated."}]


def test_an_update_changes_the_card_and_refuses_what_shopify_refuses(
        client: BackendClient) -> None:
    card = _card(client)
    done = client.ok(UPDATE, {"id": card, "input": {
        "note": "new", "expiresOn": "2030-01-01", "templateSuffix": "gift_card.birthday"}})
    assert done["giftCardUpdate"] == {"giftCard": {
        "note": "new", "expiresOn": "2030-01-01", "templateSuffix": "birthday", "customer": None},
        "userErrors": []}
    assert _errors(client, UPDATE, {"id": card, "input": {}}) == [
        {"field": ["input"], "message": "At least one argument is required in the input."}]
    assert _errors(client, UPDATE, {"id": card, "input": {
        "customerId": "gid://shopify/Customer/999"}}) == [
        {"field": ["input", "customerId"], "message": "The customer could not be found."}]
    assert _errors(client, UPDATE, {"id": "gid://shopify/GiftCard/999", "input": {"note": "x"}}) \
        == [{"field": ["id"], "message": "The gift card could not be found."}]
    client.ok(DEACTIVATE, {"id": card})
    assert _errors(client, UPDATE, {"id": card, "input": {
        "expiresOn": "2099-12-31", "customerId": "gid://shopify/Customer/999"}}) == [
        {"field": ["input", "expiresOn"], "message": "The gift card is deactivated."}]


def test_deactivating_an_unknown_card_gives_the_captured_text(client: BackendClient) -> None:
    assert _errors(client, DEACTIVATE, {"id": "gid://shopify/GiftCard/999"}) == [
        {"field": ["id"], "code": "GIFT_CARD_NOT_FOUND",
         "message": "The gift card could not be found."}]


def test_cards_never_deactivated_come_last_sorted_by_disabled_at_either_way(
        client: BackendClient) -> None:
    """Captured: gift-card-lifecycle (forward a, b, active; reverse b, a, then active)."""
    cards = [_card(client, code=f"abcdef{n}2b5{n}") for n in "abc"]
    for card in cards[:2]:
        client.tick()
        client.ok(DEACTIVATE, {"id": card})
    read = """query R($reverse: Boolean) { giftCards(first: 5, sortKey: DISABLED_AT,
        reverse: $reverse) { nodes { lastCharacters } } }"""
    def order(reverse: bool) -> list[str]:
        nodes = client.ok(read, {"reverse": reverse})["giftCards"]["nodes"]
        return [n["lastCharacters"] for n in nodes]
    assert order(False) == ["2b5a", "2b5b", "2b5c"]
    assert order(True) == ["2b5b", "2b5a", "2b5c"]


def test_a_card_created_with_a_template_suffix_keeps_it_without_its_prefix(
        client: BackendClient) -> None:
    """As giftCardUpdate (captured: gift-card-template-suffix-prefix): `gift_card.birthday` is
    kept as `birthday`, a suffix without the prefix as given, none as null."""
    read = "query R($id: ID!) { giftCard(id: $id) { templateSuffix } }"
    prefixed = _card(client, templateSuffix="gift_card.birthday")
    plain = _card(client, templateSuffix="holiday")
    none = _card(client)
    assert [client.ok(read, {"id": card})["giftCard"]["templateSuffix"]
            for card in (prefixed, plain, none)] == ["birthday", "holiday", None]


def test_the_configuration_gives_the_limits_the_mutations_enforce(client: BackendClient) -> None:
    limits = client.ok("{ giftCardConfiguration { issueLimit { amount currencyCode } "
                       "purchaseLimit { amount currencyCode } } }")["giftCardConfiguration"]
    assert limits == {"issueLimit": {"amount": "3000.0", "currencyCode": "CAD"},
                      "purchaseLimit": {"amount": "14000.0", "currencyCode": "CAD"}}
    over = client.ok(CREATE, {"input": {"initialValue": "3000.01"}})["giftCardCreate"]
    assert over["userErrors"][0]["field"] == ["input", "initialValue"]
    _card(client, "3000.00")  # the limit itself is allowed
