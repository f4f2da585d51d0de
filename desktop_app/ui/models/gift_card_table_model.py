"""GiftCardTableModel: the gift cards of a shop (seed 003, "Gift cards"): the ones issued
(sold on an order, or made in Shopify and imported), what was applied of each as payment on
imported orders, and the balance left."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    Qt,
)

from desktop_app.records.orders import ZERO
from desktop_app.store import display_names, gift_cards
from desktop_app.ui.models.columns import ShopRows
from desktop_app.ui.models.match_labels import short_gid
from desktop_app.ui.models.order_labels import format_money
from desktop_app.ui.models.row_filter import RowFilterProxy

#: The gift card GID of the row.
CARD_ROLE = Qt.ItemDataRole.UserRole + 4


@dataclass(frozen=True)
class GiftCardRow:
    shopify_id: str
    last_characters: str
    initial_value: Decimal
    balance: Decimal
    currency: str
    order_gid: str
    order_name: str
    applied: Decimal
    applied_on_orders: int
    enabled: bool

    @property
    def issued_by_order(self) -> bool:
        return bool(self.order_gid)


def read_gift_cards(shop: str) -> list[GiftCardRow]:
    """The shop's gift cards with what was applied of them (`gift_cards_for_cli`), newest
    first, each issuing order named."""
    rows = gift_cards.gift_cards_for_cli(shop)
    # The orders' names in one batch (imported or only staged), not a query a card.
    refs = display_names.find_records(shop, (c.get("order_id") or "" for c in rows))
    names = {gid: ref.name for gid, ref in refs.items() if ref.found}
    out = []
    for c in reversed(rows):
        gid = c.get("order_id") or ""
        out.append(GiftCardRow(
            c["shopify_id"], c["last_characters"], Decimal(c["initial_value"]),
            Decimal(c["balance"]), c["currency"], gid, names.get(gid, ""),
            Decimal(c.get("applied_amount") or 0), int(c.get("applied_on_orders") or 0),
            bool(c.get("enabled", True))))
    return out


class GiftCardColumn(enum.IntEnum):
    CARD = 0
    ISSUED = 1
    INITIAL = 2
    APPLIED = 3
    BALANCE = 4
    STATE = 5


_HEADERS = {
    GiftCardColumn.CARD: QT_TRANSLATE_NOOP("GiftCardTableModel", "Card"),
    GiftCardColumn.ISSUED: QT_TRANSLATE_NOOP("GiftCardTableModel", "Issued"),
    GiftCardColumn.INITIAL: QT_TRANSLATE_NOOP("GiftCardTableModel", "Initial value"),
    GiftCardColumn.APPLIED: QT_TRANSLATE_NOOP("GiftCardTableModel", "Applied on orders"),
    GiftCardColumn.BALANCE: QT_TRANSLATE_NOOP("GiftCardTableModel", "Balance"),
    GiftCardColumn.STATE: QT_TRANSLATE_NOOP("GiftCardTableModel", "State"),
}

_MONEY = (GiftCardColumn.INITIAL, GiftCardColumn.APPLIED, GiftCardColumn.BALANCE)

SHOW_ALL, SHOW_BALANCE, SHOW_ISSUED, SHOW_APPLIED = "all", "balance", "issued", "applied"


class GiftCardTableModel(ShopRows[GiftCardRow], QAbstractTableModel):
    headers = _HEADERS
    key_role = CARD_ROLE
    right_columns = _MONEY
    tips = {GiftCardColumn.CARD: attrgetter("shopify_id"),
            GiftCardColumn.ISSUED: attrgetter("order_gid")}
    sort_keys = {
        GiftCardColumn.INITIAL: lambda card: float(card.initial_value),
        GiftCardColumn.APPLIED: lambda card: float(card.applied),
        GiftCardColumn.BALANCE: lambda card: float(card.balance),
    }

    def read_rows(self, shop: str) -> list[GiftCardRow]:
        return read_gift_cards(shop)

    def state_text(self, card: GiftCardRow) -> str:
        if not card.enabled:
            return self.tr("Disabled")
        if card.balance <= ZERO:
            return self.tr("Used up")
        if card.balance < card.initial_value:
            return self.tr("Partly used")
        return self.tr("Unused")

    def row_key(self, card: GiftCardRow) -> str:
        return card.shopify_id

    def display(self, card: GiftCardRow, column: GiftCardColumn) -> str | None:
        if column == GiftCardColumn.CARD:
            return "•••• " + card.last_characters if card.last_characters else "—"
        if column == GiftCardColumn.ISSUED:
            if card.order_name:
                return self.tr("Sold on order %1").replace("%1", card.order_name)
            if card.order_gid:  # an order not imported: its number, never the raw GID
                return self.tr("Sold on Shopify order %1").replace("%1", short_gid(card.order_gid))
            return self.tr("Made in Shopify")
        if column == GiftCardColumn.INITIAL:
            return format_money(card.initial_value, card.currency)
        if column == GiftCardColumn.APPLIED:
            if not card.applied_on_orders:
                return ""
            # A wording that needs no plural (no "on 1 order(s)" in English, issue 18).
            return self.tr("%1 (orders: %2)").replace(
                "%2", str(card.applied_on_orders)).replace(
                "%1", format_money(card.applied, card.currency))
        if column == GiftCardColumn.BALANCE:
            return format_money(card.balance, card.currency)
        if column == GiftCardColumn.STATE:
            return self.state_text(card)
        return None


class GiftCardFilterProxy(RowFilterProxy):
    """Sorts by `SORT_ROLE` and keeps the cards of one `SHOW_*` choice."""

    source_type = GiftCardTableModel

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._show = SHOW_ALL

    def set_show(self, show: str) -> None:
        self._set_filter("_show", show)

    def accepts(self, model: GiftCardTableModel, card: GiftCardRow) -> bool:
        if self._show == SHOW_BALANCE:
            return card.enabled and card.balance > ZERO
        if self._show == SHOW_ISSUED:
            return card.issued_by_order
        if self._show == SHOW_APPLIED:
            return card.applied_on_orders > 0
        return True
