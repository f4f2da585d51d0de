"""Shopify gift cards as records: a GiftCard node read into a `GiftCardRecordIn`, refused by
itself when Shopify sends it broken (`RecordError` naming the card and the field, issue 9),
and the gift card payments of an order read from its transactions' receipts.

Refused: no or a foreign id; an initial value or balance that is missing, not a finite decimal
("NaN", "Infinity", "12,50"), negative or too large for the store; no currency, a malformed
one, or two different ones; an `updatedAt` that cannot be read; `enabled` that is not a
boolean; an order or line item that is not an object with an id. Text the store cannot hold
(NUL, lone surrogates) in the last characters is replaced, as for customers.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from desktop_app.errors import RecordError
from desktop_app.records.gift_cards import GiftCardRecordIn
from desktop_app.records.text import UNSTORABLE, clean_text, quoted
from desktop_app.shopify.order_values import AMOUNT_LIMIT, decimal_of
from desktop_app.shopify.records import parse_datetime

GIFT_CARD_GID = "gid://shopify/GiftCard/"
_CURRENCY = re.compile("[A-Z]{3}")


def _last_characters(node: dict[str, Any]) -> str:
    value = node.get("lastCharacters")
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return ""
    return clean_text(value)[-4:]  # the one repair step of text from Shopify


def card_label(node: Any) -> str:
    """What an error calls a card: "gift card ending abcd (its id)", else its id alone."""
    if not isinstance(node, dict):
        return "(gift card that is not an object)"
    gid = node.get("id")
    gid = clean_text(gid)[:100] if isinstance(gid, str) else ""
    last = _last_characters(node)
    if last:
        return f"gift card ending {last}" + (f" ({gid})" if gid else "")
    return gid or "(gift card without id or last characters)"


def _amount(node: dict[str, Any], field: str, label: str) -> tuple[Decimal, str]:
    """The amount and currency of one MoneyV2 field of a card."""
    money = node.get(field)
    if not isinstance(money, dict):
        raise RecordError(label, field, f"Shopify sent {quoted(money)} where an amount "
                          "belongs")
    value = money.get("amount")
    if value is None or value == "":
        raise RecordError(label, f"{field}.amount", "no amount, though Shopify promises one")
    if isinstance(value, bool):
        raise RecordError(label, f"{field}.amount", f"not a decimal amount: {quoted(value)}")
    try:
        amount = decimal_of(value)
    except ValueError as exc:
        raise RecordError(label, f"{field}.amount", str(exc)) from None
    if amount < 0:
        raise RecordError(label, f"{field}.amount", f"{quoted(value)} is negative")
    if abs(amount) >= AMOUNT_LIMIT:
        raise RecordError(label, f"{field}.amount",
                          f"{quoted(value)} is larger than an amount the store holds")
    currency = money.get("currencyCode")
    if currency is None or currency == "":
        return amount, ""
    if not isinstance(currency, str) or not _CURRENCY.fullmatch(currency.strip().upper()):
        raise RecordError(label, f"{field}.currencyCode",
                          f"{quoted(currency)} is not a currency code")
    return amount, currency.strip().upper()


def _linked_id(node: dict[str, Any], field: str, label: str) -> str:
    value = node.get(field)
    if value is None:
        return ""
    linked = value.get("id") if isinstance(value, dict) else None
    if not isinstance(linked, str) or not linked or UNSTORABLE.search(linked):
        raise RecordError(label, field, f"Shopify sent {quoted(value)} where an "
                          f"{'order' if field == 'order' else 'order line'} belongs")
    return linked[:100]


def card_record(node: Any) -> GiftCardRecordIn:
    """One GiftCard node as a record (amounts as Decimals, never floats).

    Raises:
        RecordError: a card that cannot be imported as Shopify sent it (see the module's
            docstring), named by `card_label` and the field.
    """
    label = card_label(node)
    if not isinstance(node, dict):
        raise RecordError(label, "", f"Shopify sent {quoted(node)} where a gift card belongs")
    gid = node.get("id")
    if not isinstance(gid, str) or not gid.startswith(GIFT_CARD_GID) \
            or not gid.removeprefix(GIFT_CARD_GID) or len(gid) > 100 \
            or UNSTORABLE.search(gid):
        raise RecordError(label, "id", "no id, though Shopify promises one" if gid in (None, "")
                          else f"{quoted(gid)} is not a Shopify gift card id")
    initial, initial_currency = _amount(node, "initialValue", label)
    balance, currency = _amount(node, "balance", label)
    if currency and initial_currency and currency != initial_currency:
        raise RecordError(label, "balance.currencyCode",
                          f"the balance is in {currency}, the initial value in "
                          f"{initial_currency}")
    currency = currency or initial_currency
    if not currency:
        raise RecordError(label, "balance.currencyCode",
                          "no currency, though Shopify promises one")
    try:
        updated = parse_datetime(node.get("updatedAt"))
    except (TypeError, ValueError):
        raise RecordError(label, "updatedAt", f"{quoted(node.get('updatedAt'))} is not a "
                          "date and time") from None
    enabled = node.get("enabled", True)
    if not isinstance(enabled, bool):
        raise RecordError(label, "enabled", f"{quoted(enabled)} is not true or false")
    return GiftCardRecordIn(
        shopify_id=gid, last_characters=_last_characters(node),
        initial_value=initial, balance=balance, currency=currency,
        order_gid=_linked_id(node, "order", label),
        line_gid=_linked_id(node, "lineItem", label),
        enabled=enabled, updated_at=updated)


def card_of_receipt(receipt: Any) -> str:
    """The gift card gid a transaction receipt names, or ''."""
    if isinstance(receipt, str):
        try:
            receipt = json.loads(receipt)
        except (ValueError, RecursionError):
            return ""
    if not isinstance(receipt, dict):
        return ""
    card = receipt.get("gift_card_id")
    if isinstance(card, bool) or not isinstance(card, (int, str)):
        return ""
    card = str(card).strip()
    return f"{GIFT_CARD_GID}{card}" if card.isdigit() and card.isascii() else ""


def gift_card_payments(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(transaction gid, gift card gid) of each gift card payment in an
    OrderGiftCardTransactions answer whose receipt names its card. What cannot be read is
    left out (it stays without its card and is looked at again next run)."""
    order = data.get("order")
    transactions = order.get("transactions") if isinstance(order, dict) else None
    found: list[tuple[str, str]] = []
    for t in transactions if isinstance(transactions, list) else []:
        if not isinstance(t, dict) or t.get("gateway") != "gift_card" \
                or not isinstance(t.get("id"), str):
            continue
        card = card_of_receipt(t.get("receiptJson"))
        if card:
            found.append((t["id"], card))
    return found
