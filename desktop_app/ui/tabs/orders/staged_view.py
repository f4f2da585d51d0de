"""StagedView: the Orders tab's "To import" view (seed 003).

"Shopify Orders to Import", newest first. Each row says whether it is new or an update and
whether its last import failed (Has Error, the message as tooltip and below the list). The
filters (payment and fulfillment status, fully paid, risk, channel, country, tags with `@` and
`*`) narrow the list as the merchant types, and "Use for Sync Orders" makes them the filter
the sync applies. Import Selected and Exclude… are run by `actions.OrderActions`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from desktop_app.errors import AppError
from desktop_app.store import runs
from desktop_app.sync import orders as order_sync
from desktop_app.sync.rules.orders import OrderFilter
from desktop_app.ui import feedback
from desktop_app.ui.issue_texts import message_text
from desktop_app.ui.models.order_labels import (
    FINANCIAL_STATUSES,
    FULFILLMENT_STATUSES,
    status_label,
)
from desktop_app.ui.models.staged_order_table_model import (
    StagedColumn,
    StagedFilterProxy,
    StagedOrderTableModel,
)
from desktop_app.ui.tabs.orders.tables import order_table, select_gids, selected_gids
from desktop_app.ui.widgets.controls import choice_combo, line_edit, push_button
from desktop_app.ui.widgets.layouts import controls_row, page_layout
from desktop_app.ui.widgets.problem_label import issue_label

log = logging.getLogger(__name__)

#: Item data role marking a status combo's item made for a set of several statuses.
_SEVERAL_ROLE = Qt.ItemDataRole.UserRole + 5


def _statuses(data: str | None) -> frozenset[str]:
    """The statuses of a status combo's item data ("" any, "A|B" several)."""
    return frozenset(s for s in (data or "").split("|") if s)


def _status_combo(parent: QWidget, name: str, values: Sequence[str],
                  any_text: str) -> QComboBox:
    return choice_combo(parent, name, any_text,
                        ((any_text, ""), *((status_label(value), value) for value in values)))


class StagedView(QWidget):
    """The orders staged from Shopify, their filters, Import Selected and Exclude….

    The texts keep the translation context "OrdersTab" (the tab they were written in).

    Signals:
        filter_edited(): the filters shown changed and the list was filtered again.
    """

    filter_edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staged_orders_page")
        self._shop: str | None = None
        self._saved_filter = OrderFilter()
        self.model = StagedOrderTableModel(self)
        self.proxy = StagedFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        box = self._build_filter_box()
        self._build_table()
        self.error_label = issue_label(self, "staged_error_label")
        self.error_label.setStyleSheet("QLabel { color: #b01e1e; }")

        self.import_button = push_button(
            self, "import_selected_button",
            QCoreApplication.translate("OrdersTab", "Import Selected"),
            QCoreApplication.translate(
                "OrdersTab", "Import the selected orders now, whatever the filters say"))
        self.exclude_button = push_button(
            self, "exclude_orders_button", QCoreApplication.translate("OrdersTab", "Exclude…"),
            QCoreApplication.translate(
                "OrdersTab",
                "Delete the selected orders from this list so the sync leaves them out. An "
                "order comes back when it changes in Shopify (Del)"))
        self.exclude_action = QAction(QCoreApplication.translate("OrdersTab", "Exclude"),
                                      self.table)
        self.exclude_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.exclude_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.exclude_action)

        page_layout(self, box, self.table, self.error_label,
                    controls_row(self.exclude_button, None, self.import_button), grow=self.table)

    def _build_filter_box(self) -> QGroupBox:
        box = QGroupBox(QCoreApplication.translate("OrdersTab", "Filters"), self)
        box.setObjectName("order_filter_box")
        self._build_filter_combos(box)
        self._build_filter_edits(box)
        self.save_filter_button = push_button(
            box, "save_order_filter_button",
            QCoreApplication.translate("OrdersTab", "Use for Sync Orders"),
            QCoreApplication.translate(
                "OrdersTab",
                "From now on Sync Orders imports only the staged orders these filters show"),
            clicked=self.save_filter)
        self.clear_filter_button = push_button(
            box, "clear_order_filter_button", QCoreApplication.translate("OrdersTab", "Clear"),
            clicked=self.clear_filter)
        self.filter_state_label = QLabel(box)
        self.filter_state_label.setObjectName("order_filter_state_label")
        self.filter_state_label.setWordWrap(True)

        grid = QGridLayout(box)
        grid.addWidget(self.financial_combo, 0, 0)
        grid.addWidget(self.fulfillment_combo, 0, 1)
        grid.addWidget(self.paid_combo, 0, 2)
        grid.addWidget(self.risk_combo, 0, 3)
        grid.addWidget(self.channel_edit, 1, 0)
        grid.addWidget(self.country_edit, 1, 1)
        grid.addWidget(self.tags_edit, 1, 2, 1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.filter_state_label, 1)
        buttons.addWidget(self.clear_filter_button)
        buttons.addWidget(self.save_filter_button)
        grid.addLayout(buttons, 2, 0, 1, 4)
        for column in range(4):
            grid.setColumnStretch(column, 1)
        for combo in (self.financial_combo, self.fulfillment_combo, self.paid_combo,
                      self.risk_combo):
            combo.currentIndexChanged.connect(self._on_filter_edited)
        for edit in (self.channel_edit, self.country_edit, self.tags_edit):
            edit.textChanged.connect(self._on_filter_edited)
        return box

    def _build_filter_combos(self, box: QGroupBox) -> None:
        """Payment and fulfillment status, fully paid, risk."""
        self.financial_combo = _status_combo(
            box, "financial_status_combo", FINANCIAL_STATUSES,
            QCoreApplication.translate("OrdersTab", "Any payment status"))
        self.fulfillment_combo = _status_combo(
            box, "fulfillment_status_combo", FULFILLMENT_STATUSES,
            QCoreApplication.translate("OrdersTab", "Any fulfillment status"))
        self.paid_combo = choice_combo(
            box, "fully_paid_combo", QCoreApplication.translate("OrdersTab", "Fully paid"),
            ((QCoreApplication.translate("OrdersTab", "Paid or not"), None),
             (QCoreApplication.translate("OrdersTab", "Fully paid only"), True),
             (QCoreApplication.translate("OrdersTab", "Not fully paid"), False)))
        self.risk_combo = choice_combo(
            box, "risk_combo", QCoreApplication.translate("OrdersTab", "Risk level"),
            ((QCoreApplication.translate("OrdersTab", "Any risk"), None),
             (QCoreApplication.translate("OrdersTab", "Not high risk"), False),
             (QCoreApplication.translate("OrdersTab", "High risk only"), True)))

    def _build_filter_edits(self, box: QGroupBox) -> None:
        """Channel, ship-to countries, tags."""
        self.channel_edit = line_edit(
            box, "channel_filter_edit", QCoreApplication.translate("OrdersTab", "Sales channel"),
            QCoreApplication.translate("OrdersTab", "Channel, e.g. web or <>pos"),
            QCoreApplication.translate(
                "OrdersTab",
                "The sales channel (Shopify's source name). * stands for any text, @ ignores "
                "upper and lower case, | separates choices and <> excludes one."))
        self.country_edit = line_edit(
            box, "country_filter_edit",
            QCoreApplication.translate("OrdersTab", "Ship-to countries"),
            QCoreApplication.translate("OrdersTab", "Ship-to countries, e.g. DE, AT"))
        self.tags_edit = line_edit(
            box, "tags_filter_edit", QCoreApplication.translate("OrdersTab", "Tags"),
            QCoreApplication.translate("OrdersTab", "Tags, e.g. @*wholesale*"),
            QCoreApplication.translate(
                "OrdersTab",
                "Orders whose tags match. Use @*tag1* to find tag1 among several tags in any "
                "case: @ ignores upper and lower case, * stands for any text (the other tags)."))

    def _build_table(self) -> None:
        self.table = order_table(
            self, "staged_orders_table",
            QCoreApplication.translate("OrdersTab", "Orders to import"), self.proxy,
            StagedColumn.DATE,
            ((StagedColumn.ORDER, 80), (StagedColumn.DATE, 130), (StagedColumn.PAYMENT, 120),
             (StagedColumn.FULFILLMENT, 130), (StagedColumn.TOTAL, 110),
             (StagedColumn.CHANNEL, 80), (StagedColumn.COUNTRY, 64), (StagedColumn.TAGS, 130),
             (StagedColumn.RISK, 50), (StagedColumn.ACTION, 80)),
            StagedColumn.ERROR)
        self.table.set_empty_text(QCoreApplication.translate(
            "OrdersTab",
            "Nothing waits to be imported.\n\nSync Orders stages the orders created or changed "
            "in Shopify since the last sync and imports them; the ones the filters hold back "
            "or that failed stay here."))
        self.table.set_filtered_text(
            QCoreApplication.translate(
                "OrdersTab",
                "No staged order matches the filters.\n\nHidden by the filters: %1"),
            QCoreApplication.translate("OrdersTab", "Show all"))
        self.table.show_all_requested.connect(self.clear_filter)

    # --- shop and selection -----------------------------------------------------------------

    def set_shop(self, shop: str | None) -> None:
        """Show the orders staged for this shop (after `reload`) and its saved filter."""
        self._shop = shop
        self._load_saved_filter()

    def reload(self) -> None:
        self.model.set_shop(self._shop)

    def selected(self) -> list[str]:
        return selected_gids(self.table)

    def select(self, gids: Iterable[str]) -> None:
        select_gids(self.table, gids)

    def update_actions(self, idle: Callable[[str], bool]) -> None:
        """Enable Import Selected and Exclude… for a selection while theirs is `idle`, and
        show the errors of the selected orders that failed below the list."""
        staged = self.selected()
        self.import_button.setEnabled(bool(staged) and idle("import"))
        self.exclude_button.setEnabled(bool(staged) and idle("exclude"))
        self.exclude_action.setEnabled(self.exclude_button.isEnabled())
        rows = [self.model.row_at(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
                for r in sorted({i.row() for i in self.table.selectionModel().selectedRows()})]
        failing = [r for r in rows if r.has_error]
        if failing:
            self.error_label.setText("\n".join(
                QCoreApplication.translate("OrdersTab", "%1: %2")
                .replace("%1", r.name).replace("%2", message_text(r.error_message))
                for r in failing[:3]))
        self.error_label.setVisible(bool(failing))

    # --- filters ----------------------------------------------------------------------------

    def current_filter(self) -> OrderFilter:
        countries = frozenset(c.strip().upper() for c in
                              self.country_edit.text().replace(";", ",").split(",")
                              if c.strip())
        return OrderFilter(
            financial_statuses=_statuses(self.financial_combo.currentData()),
            fulfillment_statuses=_statuses(self.fulfillment_combo.currentData()),
            fully_paid=self.paid_combo.currentData(),
            high_risk=self.risk_combo.currentData(),
            channel=self.channel_edit.text().strip(),
            countries=countries,
            tags=self.tags_edit.text().strip(),
        )

    def set_filter(self, order_filter: OrderFilter) -> None:
        """Show `order_filter` in the filter fields (and apply it to the list)."""
        widgets = (self.financial_combo, self.fulfillment_combo, self.paid_combo,
                   self.risk_combo, self.channel_edit, self.country_edit, self.tags_edit)
        for w in widgets:
            w.blockSignals(True)
        try:
            self._select_statuses(self.financial_combo, order_filter.financial_statuses)
            self._select_statuses(self.fulfillment_combo, order_filter.fulfillment_statuses)
            self.paid_combo.setCurrentIndex(max(0, self.paid_combo.findData(
                order_filter.fully_paid)) if order_filter.fully_paid is not None else 0)
            self.risk_combo.setCurrentIndex(max(0, self.risk_combo.findData(
                order_filter.high_risk)) if order_filter.high_risk is not None else 0)
            self.channel_edit.setText(order_filter.channel)
            self.country_edit.setText(", ".join(sorted(order_filter.countries)))
            self.tags_edit.setText(order_filter.tags)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self._on_filter_edited()

    @staticmethod
    def _select_statuses(combo: QComboBox, statuses: frozenset[str]) -> None:
        """Select the item of these statuses; a set of several (saved by the command line)
        gets an item of its own."""
        for i in range(combo.count() - 1, -1, -1):
            if combo.itemData(i, _SEVERAL_ROLE):
                combo.removeItem(i)
        wanted = "|".join(sorted(statuses))
        index = combo.findData(wanted)
        if index >= 0:
            combo.setCurrentIndex(index)
            return
        combo.addItem(" | ".join(status_label(s) for s in sorted(statuses)), wanted)
        combo.setItemData(combo.count() - 1, True, _SEVERAL_ROLE)
        combo.setCurrentIndex(combo.count() - 1)

    def _on_filter_edited(self, *_args) -> None:
        current = self.current_filter()
        self.proxy.set_order_filter(current)
        if current == self._saved_filter:
            text = (QCoreApplication.translate("OrdersTab",
                                               "Sync Orders imports every staged order.")
                    if current == OrderFilter()
                    else QCoreApplication.translate("OrdersTab",
                                                    "Sync Orders uses these filters."))
        else:
            text = QCoreApplication.translate(
                "OrdersTab",
                "Not saved yet: Sync Orders still uses the filters saved before. "
                "Press “Use for Sync Orders” to change them.")
        self.filter_state_label.setText(text)
        self.save_filter_button.setEnabled(current != self._saved_filter
                                           and self._shop is not None)
        self.clear_filter_button.setEnabled(current != OrderFilter())
        self.filter_edited.emit()

    def _load_saved_filter(self) -> None:
        saved = OrderFilter()
        if self._shop is not None:
            try:
                state = runs.get_sync_state(self._shop, order_sync.RESOURCE)
                saved = OrderFilter.from_json(state.data.get("filter"))
            except AppError as exc:
                log.warning("Could not read the order filter of %s: %s", self._shop, exc)
        self._saved_filter = saved
        self.set_filter(saved)

    def save_filter(self) -> None:
        """Make the shown filters the ones Sync Orders applies to staged orders."""
        if self._shop is None:
            return
        current = self.current_filter()
        try:
            order_sync.set_order_filter(self._shop, current)
        except AppError as exc:
            feedback.show_error(self, exc)
            return
        self._saved_filter = current
        self._on_filter_edited()

    def clear_filter(self) -> None:
        self.set_filter(OrderFilter())
