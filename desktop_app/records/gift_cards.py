"""A Shopify gift card as a frozen record (`shopify.gift_card_records` reads it from the
GiftCard node; `store.gift_cards` saves it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class GiftCardRecordIn:
    """One gift card: amounts as Decimals (never floats), gids "" when none."""

    shopify_id: str
    last_characters: str
    initial_value: Decimal
    balance: Decimal
    currency: str
    order_gid: str = ""
    line_gid: str = ""
    enabled: bool = True
    updated_at: dt.datetime | None = None
