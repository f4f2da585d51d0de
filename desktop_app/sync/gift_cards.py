"""Sync Gift Cards: the shop's gift cards and balances, and which card paid what (seed 003
"Gift cards", bc_connector §1.9).

A sold gift card is a line of its order, posted to the Sold Gift Card account by the orders
job; a gift card used to pay is a payment transaction of its order and does not reduce the
amount invoiced. This job imports every card (issued on orders or by hand: id, last
characters, initial value, balance, currency) and ties each gift card payment transaction
of the imported orders to its card, read from the transaction's receipt.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from desktop_app.shopify.order_records import decimal_of
from desktop_app.shopify.pagination import paginate
from desktop_app.shopify.records import parse_datetime
from desktop_app.store import documents_extra as store

log = logging.getLogger(__name__)

RESOURCE = "gift-cards"
GIFT_CARD_GID = "gid://shopify/GiftCard/"


def card_record(node: dict[str, Any]) -> store.GiftCardRecordIn:
    """One GiftCard node as a record (amounts as Decimals, never floats)."""
    initial = node.get("initialValue") or {}
    balance = node.get("balance") or {}
    return store.GiftCardRecordIn(
        shopify_id=node["id"], last_characters=node.get("lastCharacters") or "",
        initial_value=decimal_of(initial.get("amount")),
        balance=decimal_of(balance.get("amount")),
        currency=(balance.get("currencyCode") or initial.get("currencyCode") or "").upper(),
        order_gid=(node.get("order") or {}).get("id") or "",
        line_gid=(node.get("lineItem") or {}).get("id") or "",
        enabled=bool(node.get("enabled", True)),
        updated_at=parse_datetime(node.get("updatedAt")))


def card_of_receipt(receipt: Any) -> str:
    """The gift card gid a transaction receipt names, or ''."""
    if isinstance(receipt, str):
        try:
            receipt = json.loads(receipt)
        except ValueError:
            return ""
    if not isinstance(receipt, dict):
        return ""
    card = receipt.get("gift_card_id")
    return f"{GIFT_CARD_GID}{card}" if card not in (None, "") else ""


async def sync_gift_cards(ctx: Any) -> None:
    """Import every gift card, then link gift card payments to their cards."""
    shop = ctx.shop_code
    created = updated = 0
    async for nodes in paginate(ctx.client, "GiftCardsPage", {}, ("giftCards",)):
        c, u = store.upsert_gift_cards(shop, [card_record(n) for n in nodes])
        created += c
        updated += u
        ctx.reporter.progress(created + updated, -1)
    ctx.result.created += created
    ctx.result.updated += updated
    orders = sorted({order for order, _ in store.gift_card_transactions_missing_card(shop)})
    for gid in orders:
        data = await ctx.client.execute("OrderGiftCardTransactions", {"id": gid})
        for t in (data.get("order") or {}).get("transactions") or []:
            card = card_of_receipt(t.get("receiptJson"))
            if t.get("gateway") == "gift_card" and card:
                store.set_transaction_gift_card(t["id"], card)
    log.info("gift cards of shop %s: %d new, %d updated, %d orders paid by card looked at",
             shop, created, updated, len(orders))
