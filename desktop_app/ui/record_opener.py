"""RecordOpener: opens, in the main window, the record a sync log or history row names
(issue 18): a local customer (or a Shopify customer or company linked to one) in the customer
dialog, an imported order in the order details, a staged order, a sales document or an
unlinked company on its tab's row, an unlinked Shopify customer in the Shopify customers view.
(A record the window cannot show, or that was removed since, opens nothing.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QWidget

from desktop_app.store import display_names as names
from desktop_app.store.display_names import RecordRef
from desktop_app.ui.dialogs.order_detail_dialog import OrderDetailDialog
from desktop_app.ui.models.company_table_model import COMPANY_ROLE
from desktop_app.ui.models.document_table_model import DOC_NO_ROLE
from desktop_app.ui.models.order_labels import GID_ROLE
from desktop_app.ui.tabs.customers.tab import VIEW_LOCAL, VIEW_SHOPIFY
from desktop_app.ui.tabs.orders.tab import VIEW_DOCUMENTS, VIEW_ORDERS, VIEW_STAGED

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTabWidget

    from desktop_app.ui.tabs.companies import CompaniesTab
    from desktop_app.ui.tabs.customers import CustomersTab
    from desktop_app.ui.tabs.orders import OrdersTab


class MainWindow(Protocol):
    """What the opener takes from the main window (a protocol: the window imports this
    module, so this module does not import the window)."""

    tabs: QTabWidget
    customers_tab: CustomersTab
    companies_tab: CompaniesTab
    orders_tab: OrdersTab

    def current_shop(self) -> str | None: ...
    def select_shop(self, code: str) -> None: ...


def select_key(view: QAbstractItemView, role: int, key: str) -> bool:
    """Make the row whose `role` data is `key` current in `view`, shown; False if absent."""
    model = view.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(role) == key:
            view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            view.scrollTo(index)
            view.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
    return False


class RecordOpener:
    """Opens records in `window` (a `MainWindow`: its shop selector and tabs)."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def open(self, shop: str, ref: RecordRef) -> QWidget | None:
        """Show the record: returns the dialog opened, or the tab shown (None: nothing)."""
        window = self._window
        if shop and shop != window.current_shop():
            window.select_shop(shop)
        if ref.local_no:
            tab = window.customers_tab
            window.tabs.setCurrentWidget(tab)
            tab.views.setCurrentIndex(VIEW_LOCAL)
            return tab.local.open_customer_dialog(ref.local_no)
        if ref.kind == names.CUSTOMER:
            tab = window.customers_tab
            window.tabs.setCurrentWidget(tab)
            tab.views.setCurrentIndex(VIEW_SHOPIFY)
            tab.search_edit.setText(ref.email or ref.name)
            return tab
        if ref.kind == names.COMPANY:
            tab = window.companies_tab
            window.tabs.setCurrentWidget(tab)
            select_key(tab.table, COMPANY_ROLE, ref.gid)
            return tab
        if ref.kind == names.ORDER and ref.imported:
            return self._open_order(ref.gid)
        tab = window.orders_tab
        window.tabs.setCurrentWidget(tab)
        if ref.kind == names.ORDER:
            tab.views.setCurrentIndex(VIEW_STAGED)
            select_key(tab.staged_table, GID_ROLE, ref.gid)
            return tab
        if ref.kind == names.DOCUMENT:
            tab.views.setCurrentIndex(VIEW_DOCUMENTS)
            select_key(tab.documents_table, DOC_NO_ROLE, ref.document_no)
            return tab
        return None

    def _open_order(self, gid: str) -> OrderDetailDialog | None:
        """The order's row in the Orders view (every order shown if a filter hid it), then
        its details, as the Details button opens them."""
        tab = self._window.orders_tab
        self._window.tabs.setCurrentWidget(tab)
        tab.views.setCurrentIndex(VIEW_ORDERS)
        if not select_key(tab.orders_table, GID_ROLE, gid):
            tab.orders.show_all()
            select_key(tab.orders_table, GID_ROLE, gid)
        return tab.order_actions.open_details()
