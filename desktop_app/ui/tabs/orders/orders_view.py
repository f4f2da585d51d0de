"""OrdersView: the Orders tab's view of the imported orders (seed 003).

The orders with state, customer, payment, fulfillment, total, document and error/conflict, a
search and a "Show" choice, and the buttons of the order actions: Create Sales Documents,
Sync from Shopify, Mark as Paid, Cancel Order…, Unlink Documents, Mark Conflict Resolved,
Details… (also in the context menu). `actions.OrderActions` runs them; which of them apply to
an order is said once here (`needs_document`, `payable`, `unlinkable`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QWidget,
)

from desktop_app.store.orders import OrderRow
from desktop_app.ui.issue_texts import message_text
from desktop_app.ui.models.order_table_model import (
    SHOW_ALL,
    SHOW_PROBLEMS,
    SHOW_PROCESSED,
    SHOW_WAITING,
    OrderColumn,
    OrderSortProxy,
    OrderTableModel,
)
from desktop_app.ui.order_conflict_text import conflict_text
from desktop_app.ui.tabs.orders.tables import order_table, select_gids, selected_gids
from desktop_app.ui.widgets.controls import choice_combo, line_edit, push_button
from desktop_app.ui.widgets.layouts import controls_row, page_layout
from desktop_app.ui.widgets.problem_label import issue_label

#: Financial statuses Mark as Paid makes sense for.
PAYABLE = {"PENDING", "AUTHORIZED", "PARTIALLY_PAID", "EXPIRED"}


def needs_document(row: OrderRow) -> bool:
    """Create Sales Documents applies: the order has no document yet and is not cancelled."""
    return not row.processed and not row.cancelled


def payable(row: OrderRow) -> bool:
    """Mark as Paid applies: something is still to be paid and the order is not cancelled."""
    return row.financial_status in PAYABLE and not row.cancelled


def unlinkable(row: OrderRow) -> bool:
    """Unlink Documents applies: the order has a document, or keeps one it was unlinked
    from."""
    return bool(row.processed or row.snapshot.get("kept_documents"))


class OrdersView(QWidget):
    """The imported orders and the buttons of their actions.

    The texts keep the translation context "OrdersTab" (the tab they were written in).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imported_orders_page")
        self.model = OrderTableModel(self)
        self.proxy = OrderSortProxy(self)
        self.proxy.setSourceModel(self.model)

        bar = self._build_search_bar()
        self._build_table()
        self.issue_label = issue_label(self, "order_issue_label")
        self._build_buttons()

        # Two rows: one row of seven buttons would make the tab wider than small screens.
        row1 = controls_row(self.details_button, self.resync_button, self.mark_paid_button,
                            self.cancel_button, None)
        row2 = controls_row(self.resolve_button, self.unlink_button, None, self.create_button)
        self.create_button.setDefault(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu)
        page_layout(self, bar, self.table, self.issue_label, row1, row2, grow=self.table)

    def _build_search_bar(self) -> QHBoxLayout:
        self.search_edit = line_edit(
            self, "order_search_edit", QCoreApplication.translate("OrdersTab", "Search orders"),
            QCoreApplication.translate("OrdersTab", "Search by order, customer or document"),
            clearable=True)
        self.search_edit.textChanged.connect(self.proxy.set_search)
        self.show_combo = choice_combo(
            self, "order_show_combo", QCoreApplication.translate("OrdersTab", "Show"),
            ((QCoreApplication.translate("OrdersTab", "All orders"), SHOW_ALL),
             (QCoreApplication.translate("OrdersTab", "Waiting for a document"), SHOW_WAITING),
             (QCoreApplication.translate("OrdersTab", "Processed"), SHOW_PROCESSED),
             (QCoreApplication.translate("OrdersTab", "Errors and conflicts"), SHOW_PROBLEMS)))
        self.show_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.set_show(self.show_combo.currentData()))
        bar = QHBoxLayout()
        bar.addWidget(self.search_edit, 1)
        bar.addWidget(self.show_combo)
        return bar

    def _build_table(self) -> None:
        self.table = order_table(
            self, "orders_table", QCoreApplication.translate("OrdersTab", "Imported orders"),
            self.proxy, OrderColumn.DATE,
            ((OrderColumn.ORDER, 80), (OrderColumn.DATE, 130), (OrderColumn.CUSTOMER, 170),
             (OrderColumn.PAYMENT, 120), (OrderColumn.FULFILLMENT, 130),
             (OrderColumn.TOTAL, 110), (OrderColumn.STATE, 140), (OrderColumn.DOCUMENT, 150)),
            OrderColumn.ISSUE)
        self.table.set_empty_text(QCoreApplication.translate(
            "OrdersTab",
            "No imported orders yet.\n\nPress Sync Orders to bring the open orders of your "
            "Shopify store in."))
        self.table.set_filtered_text(
            QCoreApplication.translate(
                "OrdersTab",
                "No imported order matches the search or the choice shown.\n\n"
                "Hidden: %1"),
            QCoreApplication.translate("OrdersTab", "Show all"))
        self.table.show_all_requested.connect(self.show_all)

    def _build_buttons(self) -> None:
        self.details_button = push_button(
            self, "order_details_button", QCoreApplication.translate("OrdersTab", "Details…"),
            QCoreApplication.translate(
                "OrdersTab",
                "Lines, shipping, transactions, refunds, risk and the sales document of "
                "the current order (double-click)"))
        self.create_button = push_button(
            self, "create_documents_button",
            QCoreApplication.translate("OrdersTab", "Create Sales Documents"),
            QCoreApplication.translate(
                "OrdersTab",
                "Make a sales invoice (fulfilled orders) or a sales order for each "
                "selected order that has none yet"))
        self.resync_button = push_button(
            self, "resync_order_button",
            QCoreApplication.translate("OrdersTab", "Sync from Shopify"),
            QCoreApplication.translate(
                "OrdersTab",
                "Import the selected orders again now, with their latest data from "
                "Shopify"))
        self.mark_paid_button = push_button(
            self, "mark_paid_button", QCoreApplication.translate("OrdersTab", "Mark as Paid"),
            QCoreApplication.translate(
                "OrdersTab",
                "Record the outstanding amount of the selected orders as paid in "
                "Shopify"))
        self.cancel_button = push_button(
            self, "cancel_order_button", QCoreApplication.translate("OrdersTab", "Cancel Order…"),
            QCoreApplication.translate(
                "OrdersTab",
                "Cancel the current order in Shopify (asks for the reason, restocking, "
                "refund and notification)"))
        self.unlink_button = push_button(
            self, "unlink_documents_button",
            QCoreApplication.translate("OrdersTab", "Unlink Documents"),
            QCoreApplication.translate(
                "OrdersTab",
                "Unlink Processed Documents: the selected orders no longer count as "
                "processed; asks whether to delete their documents that are not posted "
                "or to keep them"))
        self.resolve_button = push_button(
            self, "resolve_conflict_button",
            QCoreApplication.translate("OrdersTab", "Mark Conflict Resolved"),
            QCoreApplication.translate(
                "OrdersTab",
                "You have updated the documents to match Shopify: accept the order as it "
                "is now"))

    def order_menu(self) -> QMenu:
        """The context menu: every order action, as enabled as its button."""
        menu = QMenu(self)
        menu.setObjectName("orders_context_menu")
        for b in (self.details_button, None, self.create_button, self.resync_button,
                  self.mark_paid_button, self.cancel_button, None, self.resolve_button,
                  self.unlink_button):
            if b is None:
                menu.addSeparator()
                continue
            action = menu.addAction(b.text())
            action.setEnabled(b.isEnabled())
            action.setToolTip(b.toolTip())
            action.triggered.connect(b.click)
        return menu

    def _on_table_context_menu(self, pos: QPoint) -> None:
        menu = self.order_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def show_all(self) -> None:
        """Clear the search and show every order."""
        self.search_edit.clear()
        self.show_combo.setCurrentIndex(self.show_combo.findData(SHOW_ALL))

    # --- shop and selection -----------------------------------------------------------------

    def reload(self, shop: str | None) -> None:
        """Read the shop's imported orders again, keeping the selection."""
        keep = set(self.selected())
        self.model.set_shop(shop)
        if keep:
            self.select(keep)

    def selected(self) -> list[str]:
        return selected_gids(self.table)

    def selected_rows(self) -> list[OrderRow]:
        rows = []
        for gid in self.selected():
            r = self.model.row_of(gid)
            if r >= 0:
                rows.append(self.model.row_at(r))
        return rows

    def select(self, gids: Iterable[str]) -> None:
        """Select these orders (the others are deselected), the first one current."""
        first = select_gids(self.table, gids)
        if first is not None:
            self.table.selectionModel().setCurrentIndex(
                first, QItemSelectionModel.SelectionFlag.NoUpdate)

    def update_actions(self, idle: Callable[[str], bool]) -> None:
        """Enable each action's button when it applies to the selection and is `idle`, and
        say below the list what is wrong with the current order."""
        rows = self.selected_rows()
        one = len(rows) == 1
        self.details_button.setEnabled(one)
        self.create_button.setEnabled(idle("create") and any(map(needs_document, rows)))
        self.resync_button.setEnabled(idle("resync") and bool(rows))
        self.mark_paid_button.setEnabled(idle("mark_paid") and any(map(payable, rows)))
        self.cancel_button.setEnabled(idle("cancel") and one and not rows[0].cancelled)
        self.unlink_button.setEnabled(idle("unlink") and any(map(unlinkable, rows)))
        self.resolve_button.setEnabled(idle("resolve") and any(r.conflict for r in rows))
        issue = ""
        colour = ""
        if one and rows[0].conflict:
            issue = QCoreApplication.translate("OrdersTab", "Conflict on %1: %2").replace(
                "%1", rows[0].name).replace("%2", conflict_text(rows[0].conflict_message))
            colour = "#a05a00"
        elif one and rows[0].has_error:
            issue = QCoreApplication.translate("OrdersTab", "Error on %1: %2").replace(
                "%1", rows[0].name).replace("%2", message_text(rows[0].error_message))
            colour = "#b01e1e"
        self.issue_label.setText(issue)
        self.issue_label.setStyleSheet(f"QLabel {{ color: {colour}; }}" if colour else "")
        self.issue_label.setVisible(bool(issue))
