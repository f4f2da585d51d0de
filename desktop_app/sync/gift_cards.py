"""Sync Gift Cards: the shop's gift cards and balances, and which card paid what (seed 003
"Gift cards", bc_connector §1.9).

A sold gift card is a line of its order, posted to the Sold Gift Card account by the orders
job; a gift card used to pay is a payment transaction of its order and does not reduce the
amount invoiced. This job imports every card (issued on orders or by hand: id, last
characters, initial value, balance, currency) and ties each gift card payment transaction
of the imported orders to its card, read from the transaction's receipt.

A card Shopify sends broken is refused by itself (issue 9): the run's error names it (its
last characters, and its id) and the field, and the other cards are imported. What is
refused, and how the nodes are read: `shopify.gift_card_records`.
"""

from __future__ import annotations

import logging

from desktop_app.errors import RecordError
from desktop_app.shopify.gift_card_records import card_record, gift_card_payments
from desktop_app.shopify.pagination import paginate
from desktop_app.store import gift_cards as store
from desktop_app.sync import record_changes
from desktop_app.sync.context import JobContext
from desktop_app.sync.results import CREATED, LOCAL, UPDATED

log = logging.getLogger(__name__)

RESOURCE = "gift-cards"


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
                ctx.fail(exc.record, exc.field, exc.reason, code=exc.code)
        changed_cards: list[tuple[str, dict[str, tuple[object, object]]]] = []
        c, u = store.upsert_gift_cards(shop, cards, changed_cards=changed_cards)
        for gid, fields in changed_cards:
            ctx.result.record_change(record_changes.gift_card_changed(gid, fields))
        created += c
        updated += u
        ctx.reporter.progress(created + updated, -1)
    ctx.result.count(LOCAL, CREATED, created)
    ctx.result.count(LOCAL, UPDATED, updated)
    orders = sorted({order for order, _ in store.gift_card_transactions_missing_card(shop)})
    for gid in orders:
        data = await ctx.client.execute("OrderGiftCardTransactions", {"id": gid})
        for transaction, card in gift_card_payments(data):
            store.set_transaction_gift_card(transaction, card)
    log.info("gift cards of shop %s: %d new, %d updated, %d orders paid by card looked at",
             shop, created, updated, len(orders))
