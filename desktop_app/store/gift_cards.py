"""Gift cards of a shop (`GiftCard`, a table of `m0006_shipments_invoices_gift_cards.py`) and
the gift card payments of imported orders.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import peewee

from desktop_app.records.gift_cards import GiftCardRecordIn
from desktop_app.records.orders import ZERO
from desktop_app.store import lookups
from desktop_app.store.database import transaction
from desktop_app.store.models import BaseModel, MoneyField, Shop, UtcDateTimeField, utc_now
from desktop_app.store.order_models import ShopifyOrder, ShopifyOrderTransaction
from desktop_app.store.values import fit, fit_end


class GiftCard(BaseModel):
    shop = peewee.ForeignKeyField(Shop, backref="gift_cards", on_delete="CASCADE")
    shopify_id = peewee.CharField(max_length=100)
    last_characters = peewee.CharField(max_length=4, default="")
    initial_value = MoneyField(decimal_places=4, default=ZERO)
    balance = MoneyField(decimal_places=4, default=ZERO)
    currency = peewee.CharField(max_length=3, default="")
    order_gid = peewee.CharField(max_length=100, default="")
    line_gid = peewee.CharField(max_length=100, default="")
    enabled = peewee.BooleanField(default=True)
    source = peewee.CharField(max_length=10, default="shopify")
    shopify_updated_at = UtcDateTimeField(null=True)
    fetched_at = UtcDateTimeField(default=utc_now)

    class Meta:
        table_name = "gift_card"
        indexes = ((("shop", "shopify_id"), True),)


def upsert_gift_cards(shop: str, cards: Iterable[GiftCardRecordIn],
                      source: str = "shopify",
                      changed_cards: list[tuple[str, dict[str, tuple[object, object]]]]
                      | None = None) -> tuple[int, int]:
    """Insert or refresh gift cards; returns (created, updated): a card read again with
    nothing changed is refreshed (`fetched_at`) but not counted as updated.

    `changed_cards`, when given, gets (gid, {field: (old, new)}) of each card created (old
    None) or updated (the fields that changed): the per-record history's (issue 19).
    """
    shop_row = lookups.shop_row(shop)
    created = updated = 0
    with transaction():
        for c in cards:
            values = dict(last_characters=fit_end(GiftCard.last_characters, c.last_characters),
                          initial_value=c.initial_value, balance=c.balance,
                          currency=fit(GiftCard.currency, c.currency.upper()), enabled=c.enabled,
                          shopify_updated_at=c.updated_at, fetched_at=utc_now())
            row = GiftCard.get_or_none((GiftCard.shop == shop_row)
                                       & (GiftCard.shopify_id == c.shopify_id))
            if row is None:
                GiftCard.create(shop=shop_row, shopify_id=c.shopify_id, order_gid=c.order_gid,
                                line_gid=c.line_gid, source=source, **values)
                created += 1
                if changed_cards is not None:
                    changed_cards.append((c.shopify_id, {
                        name: (None, value) for name, value in values.items()
                        if name in _HISTORY_FIELDS}))
            else:
                if c.order_gid:
                    values["order_gid"] = c.order_gid
                    values["line_gid"] = c.line_gid
                changed = any(getattr(row, name) != value for name, value in values.items()
                              if name != "fetched_at")
                GiftCard.update(**values).where(GiftCard.id == row.id).execute()
                updated += changed
                if changed and changed_cards is not None:
                    changed_cards.append((c.shopify_id, {
                        name: (getattr(row, name), value) for name, value in values.items()
                        if name in _HISTORY_FIELDS and getattr(row, name) != value}))
    return created, updated


#: The fields of a gift card the per-record history shows.
_HISTORY_FIELDS = ("last_characters", "initial_value", "balance", "currency", "enabled",
                   "order_gid")


def applied_gift_card_amounts(shop: str) -> dict[str, tuple[Decimal, int]]:
    """Per gift card gid: the amount applied as payment on imported orders (successful SALE
    or CAPTURE transactions on the gift card gateway) and on how many orders."""
    query = (ShopifyOrderTransaction.select(ShopifyOrderTransaction, ShopifyOrder)
             .join(ShopifyOrder)
             .where((ShopifyOrder.shop == lookups.shop_row(shop))
                    & (ShopifyOrderTransaction.gift_card_id != "")
                    & (ShopifyOrderTransaction.status == "SUCCESS")
                    & ShopifyOrderTransaction.kind.in_(("SALE", "CAPTURE"))))
    out: dict[str, tuple[Decimal, set[str]]] = {}
    for t in query:
        amount, orders = out.get(t.gift_card_id, (ZERO, set()))
        orders.add(t.order.shopify_id)
        out[t.gift_card_id] = (amount + Decimal(t.amount), orders)
    return {k: (v[0], len(v[1])) for k, v in out.items()}


def gift_card_transactions_missing_card(shop: str) -> list[tuple[str, str]]:
    """(order gid, transaction gid) of gift card payments not yet tied to their card."""
    query = (ShopifyOrderTransaction.select(ShopifyOrderTransaction, ShopifyOrder)
             .join(ShopifyOrder)
             .where((ShopifyOrder.shop == lookups.shop_row(shop))
                    & (ShopifyOrderTransaction.gateway == "gift_card")
                    & (ShopifyOrderTransaction.gift_card_id == "")))
    return [(t.order.shopify_id, t.shopify_id) for t in query]


def set_transaction_gift_card(transaction_gid: str, card_gid: str) -> None:
    (ShopifyOrderTransaction.update(gift_card_id=card_gid)
     .where(ShopifyOrderTransaction.shopify_id == transaction_gid).execute())


def gift_cards_for_cli(shop: str | None = None) -> list[dict[str, Any]]:
    """`gift-cards list` (CLI.md keys, plus where each card came from and its use)."""
    query = GiftCard.select(GiftCard, Shop).join(Shop).order_by(GiftCard.id)
    if shop is not None:
        query = query.where(GiftCard.shop == lookups.shop_row(shop))
    applied: dict[str, dict[str, tuple[Decimal, int]]] = {}
    out = []
    for c in query:
        if c.shop.code not in applied:
            applied[c.shop.code] = applied_gift_card_amounts(c.shop.code)
        used, orders = applied[c.shop.code].get(c.shopify_id, (ZERO, 0))
        out.append({
            "shopify_id": c.shopify_id, "last_characters": c.last_characters,
            "initial_value": str(_cents(c.initial_value)), "balance": str(_cents(c.balance)),
            "currency": c.currency, "shop": c.shop.code, "order_id": c.order_gid or None,
            "issued_by": "order" if c.order_gid else "manual",
            "applied_amount": str(_cents(used)), "applied_on_orders": orders,
            "enabled": c.enabled, "source": c.source,
        })
    return out


def _cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))

