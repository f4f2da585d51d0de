"""Sync Gift Cards: the shop's gift cards and balances, and which card paid what (seed 003
"Gift cards", bc_connector §1.9).

A sold gift card is a line of its order, posted to the Sold Gift Card account by the orders
job; a gift card used to pay is a payment transaction of its order and does not reduce the
amount invoiced. This job imports every card (issued on orders or by hand: id, last
characters, initial value, balance, currency) and ties each gift card payment transaction
of the imported orders to its card, read from the transaction's receipt.

A card Shopify sends broken is refused by itself (issue 9): the run's error names it (its
last characters, and its id) and the field, and the other cards are imported. Refused: no
or a foreign id; an initial value or balance that is missing, not a finite decimal
("NaN", "Infinity", "12,50"), negative or too large for the store; no currency, a malformed
one, or two different ones; an `updatedAt` that cannot be read; `enabled` that is not a
boolean; an order or line item that is not an object with an id. Text the store cannot hold
(NUL, lone surrogates) in the last characters is replaced, as for customers.
"""

from __future__ import annotations

import json
import logging
import re
from decimal import Decimal
from typing import Any

from desktop_app.errors import RecordError
from desktop_app.records.text import UNSTORABLE, clean_text, quoted
from desktop_app.shopify.order_values import AMOUNT_LIMIT, decimal_of
from desktop_app.shopify.pagination import paginate
from desktop_app.shopify.records import parse_datetime
from desktop_app.store import gift_cards as store
from desktop_app.sync.context import JobContext

log = logging.getLogger(__name__)

RESOURCE = "gift-cards"
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


def card_record(node: Any) -> store.GiftCardRecordIn:
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
    return store.GiftCardRecordIn(
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


async def sync_gift_cards(ctx: JobContext) -> None:
    """Import every gift card, then link gift card payments to their cards."""
    shop = ctx.shop_code
    created = updated = 0
    async for nodes in paginate(ctx.client, "GiftCardsPage", {}, ("giftCards",)):
        cards = []
        for node in nodes:
            try:
                cards.append(card_record(node))
            except RecordError as exc:  # that card alone: the others are imported
                ctx.fail(exc.record, exc.field, exc.reason)
        c, u = store.upsert_gift_cards(shop, cards)
        created += c
        updated += u
        ctx.reporter.progress(created + updated, -1)
    ctx.result.created += created
    ctx.result.updated += updated
    orders = sorted({order for order, _ in store.gift_card_transactions_missing_card(shop)})
    for gid in orders:
        data = await ctx.client.execute("OrderGiftCardTransactions", {"id": gid})
        order = data.get("order")
        transactions = order.get("transactions") if isinstance(order, dict) else None
        # What cannot be read stays without its card and is looked at again next run.
        for t in transactions if isinstance(transactions, list) else []:
            if not isinstance(t, dict) or t.get("gateway") != "gift_card" \
                    or not isinstance(t.get("id"), str):
                continue
            card = card_of_receipt(t.get("receiptJson"))
            if card:
                store.set_transaction_gift_card(t["id"], card)
    log.info("gift cards of shop %s: %d new, %d updated, %d orders paid by card looked at",
             shop, created, updated, len(orders))
