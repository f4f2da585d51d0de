"""GiftCardTableModel: the gift cards of a shop (seed 003, "Gift cards"): the ones issued
(sold on an order, or made in Shopify and imported), what was applied of each as payment on
imported orders, and the balance left."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QSortFilterProxyModel,
    Qt,
)

from desktop_app.store import gift_cards
from desktop_app.store import orders as order_store
from desktop_app.ui.models.columns import ShopRows
from desktop_app.ui.models.order_labels import SORT_ROLE, format_money

#: The gift card GID of the row.
CARD_ROLE = Qt.ItemDataRole.UserRole + 4

ZERO = Decimal(0)


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
    names: dict[str, str] = {}
    out = []
    for c in reversed(rows):
        gid = c.get("order_id") or ""
        if gid and gid not in names:
            found = order_store.find_order(shop, gid)
            names[gid] = found.name if found is not None else ""
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


def _tr(text: str) -> str:
    return QCoreApplication.translate("GiftCardTableModel", text)


class GiftCardTableModel(ShopRows, QAbstractTableModel):
    headers = tuple(_HEADERS[column] for column in GiftCardColumn)
    header_context = "GiftCardTableModel"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[GiftCardRow] = []
        self._shop: str | None = None

    def read_rows(self, shop: str) -> list[GiftCardRow]:
        return read_gift_cards(shop)

    def rows(self) -> list[GiftCardRow]:
        return list(self._rows)

    def row_at(self, row: int) -> GiftCardRow:
        return self._rows[row]

    def state_text(self, card: GiftCardRow) -> str:
        if not card.enabled:
            return self.tr("Disabled")
        if card.balance <= ZERO:
            return self.tr("Used up")
        if card.balance < card.initial_value:
            return self.tr("Partly used")
        return self.tr("Unused")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        card = self._rows[index.row()]
        column = GiftCardColumn(index.column())
        if role == CARD_ROLE:
            return card.shopify_id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in _MONEY:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == GiftCardColumn.CARD:
                return card.shopify_id
            if column == GiftCardColumn.ISSUED and card.order_gid:
                return card.order_gid
            return None
        if role == SORT_ROLE:
            values = {GiftCardColumn.INITIAL: float(card.initial_value),
                      GiftCardColumn.APPLIED: float(card.applied),
                      GiftCardColumn.BALANCE: float(card.balance)}
            if column in values:
                return values[column]
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == GiftCardColumn.CARD:
            return "•••• " + card.last_characters if card.last_characters else "—"
        if column == GiftCardColumn.ISSUED:
            if card.order_gid:
                return self.tr("Sold on order %1").replace("%1", card.order_name or card.order_gid)
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


class GiftCardFilterProxy(QSortFilterProxyModel):
    """Sorts by `SORT_ROLE` and keeps the cards of one `SHOW_*` choice."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._show = SHOW_ALL

    def set_show(self, show: str) -> None:
        if show != self._show:
            self.beginFilterChange()
            self._show = show
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, GiftCardTableModel):
            return True
        card = model.row_at(source_row)
        if self._show == SHOW_BALANCE:
            return card.enabled and card.balance > ZERO
        if self._show == SHOW_ISSUED:
            return card.issued_by_order
        if self._show == SHOW_APPLIED:
            return card.applied_on_orders > 0
        return True
