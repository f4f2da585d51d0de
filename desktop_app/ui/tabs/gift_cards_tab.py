"""GiftCardsTab: the gift cards of the shop, issued and applied, with their balances (seed 003,
"Gift cards").

A card sold on an order is posted to the Shop Card's sold gift card account when that order
becomes a document; a card applied as payment arrives as a transaction of the order and does
not lower the invoice. This tab shows both sides per card: where it was issued, how much was
applied on imported orders, and the balance left. Sync Gift Cards runs through the engine.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QWidget,
)

from desktop_app.sync.engine import SyncEngine
from desktop_app.sync.results import Resource
from desktop_app.ui.models.gift_card_table_model import (
    SHOW_ALL,
    SHOW_APPLIED,
    SHOW_BALANCE,
    SHOW_ISSUED,
    GiftCardColumn,
    GiftCardFilterProxy,
    GiftCardTableModel,
)
from desktop_app.ui.models.order_labels import format_money
from desktop_app.ui.tabs.resource_tab import ResourceTab
from desktop_app.ui.widgets.controls import choice_combo
from desktop_app.ui.widgets.empty_state_table_view import EmptyStateTableView
from desktop_app.ui.widgets.layouts import page_layout
from desktop_app.ui.widgets.table_columns import one_line_rows, size_columns


class GiftCardsTab(ResourceTab):
    resource = Resource.GIFT_CARDS

    def __init__(self, engine: SyncEngine, parent: QWidget | None = None) -> None:
        super().__init__(engine, parent)
        self.setObjectName("gift_cards_tab")
        self.model = GiftCardTableModel(self)
        self.proxy = GiftCardFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        top = self._build_intro_bar(
            self.tr("Gift cards of your Shopify store: the ones sold on orders (posted to the "
                    "Shop Card's sold gift card account) or made in Shopify, what customers "
                    "have paid with them on imported orders, and the balance left."),
            self.tr("Sync Gift Cards"),
            self.tr("Bring the gift cards and their balances from Shopify (F5)"))

        self.show_combo = choice_combo(
            self, "gift_card_show_combo", self.tr("Show"),
            ((self.tr("All gift cards"), SHOW_ALL),
             (self.tr("With a balance left"), SHOW_BALANCE),
             (self.tr("Sold on orders"), SHOW_ISSUED),
             (self.tr("Applied on orders"), SHOW_APPLIED)))
        self.show_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.set_show(self.show_combo.currentData()))
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("gift_card_summary_label")

        self.table = EmptyStateTableView(self)
        self.table.setObjectName("gift_cards_table")
        self.table.setAccessibleName(self.tr("Gift cards"))
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        one_line_rows(self.table, padding=10)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        size_columns(self.table, ((GiftCardColumn.CARD, 110), (GiftCardColumn.INITIAL, 130),
                                  (GiftCardColumn.APPLIED, 190), (GiftCardColumn.BALANCE, 130),
                                  (GiftCardColumn.STATE, 110)),
                     stretch=(GiftCardColumn.ISSUED,))
        self.table.set_empty_text(self.tr(
            "No gift cards yet.\n\nSync Gift Cards brings the cards of your Shopify store; "
            "cards sold on orders also arrive with Sync Orders."))

        bar = QHBoxLayout()
        bar.addWidget(self.show_combo)
        bar.addWidget(self.summary_label, 1)
        page_layout(self, top, bar, self.table, grow=self.table, margins=None)

        self.model.modelReset.connect(self._update_summary)
        self.model.modelReset.connect(self.problems_changed)
        engine.changed.connect(self._on_engine_changed)
        self._update_summary()

    def set_shop(self, shop_code: str | None) -> None:
        super().set_shop(shop_code)
        self.model.set_shop(shop_code)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # newest first, as read

    def reload(self) -> None:
        self.model.reload()

    def _on_engine_changed(self, resource: str) -> None:
        # Sync Orders brings sold and applied cards too.
        if resource in (Resource.GIFT_CARDS.value, Resource.ORDERS.value):
            self.reload()

    def _update_summary(self) -> None:
        rows = self.model.rows()
        if not rows:
            self.summary_label.setText("")
            return
        balances: dict[str, Decimal] = {}
        for card in rows:
            if card.enabled:
                balances[card.currency] = balances.get(card.currency, Decimal(0)) + card.balance
        money = ", ".join(format_money(v, k) for k, v in sorted(balances.items()))
        # A wording that needs no plural: without an English translation file, a %n text
        # would read "15 gift card(s)" in English (issue 18).
        self.summary_label.setText(
            self.tr("Gift cards: %1; balance left on active cards: %2")
            .replace("%1", str(len(rows))).replace("%2", money or "—"))
