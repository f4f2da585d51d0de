"""OrdersTab: Shopify orders on their way to local sales documents (seed 003).

The shell of three views, each in its own module: **To import** (`staged_view`), **Orders**
(`orders_view`) and **Sales documents** (`documents_view`); `actions` runs the merchant's
order actions. The tab holds the Sync Orders button (through the engine, progress in the
window's status bar), the views' titles with their counts, the status line, and reads the
shop again when a sync or an action changed it.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QTabWidget,
    QWidget,
)

from desktop_app.store import problems
from desktop_app.sync.engine import SyncEngine
from desktop_app.sync.results import Resource, SyncResult
from desktop_app.sync.rules.orders import OrderFilter
from desktop_app.ui.dialogs.cancel_order_dialog import CancelOrderDialog
from desktop_app.ui.dialogs.order_detail_dialog import OrderDetailDialog
from desktop_app.ui.models.order_table_model import SHOW_PROBLEMS
from desktop_app.ui.tabs.orders.actions import OrderActions
from desktop_app.ui.tabs.orders.documents_view import DocumentsView
from desktop_app.ui.tabs.orders.orders_view import OrdersView
from desktop_app.ui.tabs.orders.staged_view import StagedView
from desktop_app.ui.tabs.resource_tab import ResourceTab, sync_result_text
from desktop_app.ui.widgets.layouts import page_layout

VIEW_STAGED, VIEW_ORDERS, VIEW_DOCUMENTS = 0, 1, 2


class OrdersTab(ResourceTab):
    """The Orders tab.

    Signals:
        action_done(name: str, result: object): an order action ended (its SyncResult, or
            None when it failed as a whole).
    """

    action_done = Signal(str, object)
    resource = Resource.ORDERS
    problem_resources = (Resource.ORDERS, Resource.SHIPMENTS, Resource.INVOICES)
    preview_resources = (Resource.ORDERS, Resource.SHIPMENTS, Resource.INVOICES)

    def __init__(self, engine: SyncEngine, parent: QWidget | None = None) -> None:
        super().__init__(engine, parent)
        self.setObjectName("orders_tab")
        top = self._build_intro_bar(
            self.tr("Sync Orders brings new and changed orders from Shopify into “To import” "
                    "and imports the ones the filters let through. Imported orders become "
                    "local sales documents with Create Sales Documents (or by themselves when "
                    "the Shop Card's Auto Create Orders is on)."),
            self.tr("Sync Orders"),
            self.tr("Bring new and changed orders from Shopify and import the ones the saved "
                    "filters let through (F5)"))

        self.staged = StagedView(self)
        self.orders = OrdersView(self)
        self.documents = DocumentsView(self)
        self.views = QTabWidget(self)
        self.views.setObjectName("order_views")
        for view in (self.staged, self.orders, self.documents):
            self.views.addTab(view, "")
        self.status_label = QLabel(self)
        self.status_label.setObjectName("orders_status_label")
        self.status_label.setWordWrap(True)
        self.order_actions = OrderActions(engine, self, self.status_label, self.staged, self.orders)
        self._name_view_widgets()

        page_layout(self, top, self.views, self.status_label, grow=self.views, margins=None)

        engine.changed.connect(self._on_engine_changed)
        self.sync_done.connect(self._on_sync_done)
        for model in (self.staged.model, self.orders.model, self.documents.model):
            model.modelReset.connect(self._update_titles)
        self.orders.model.modelReset.connect(self.problems_changed)
        self.staged.proxy.layoutChanged.connect(self._update_titles)
        self.staged.proxy.rowsRemoved.connect(self._update_titles)
        self.staged.proxy.rowsInserted.connect(self._update_titles)
        self.staged.filter_edited.connect(self._on_filter_edited)
        self.staged.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.orders.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.order_actions.started.connect(self._update_actions)
        self.order_actions.ended.connect(self.reload)
        self.order_actions.done.connect(self.action_done)
        self._update_titles()
        self._update_actions()

    def _name_view_widgets(self) -> None:
        """Give the views' widgets the names they had on the tab before it was split into
        views; the tests and scripts/make_screenshots.py reach them by these names."""
        staged, orders, documents = self.staged, self.orders, self.documents
        self.staged_page, self.orders_page, self.documents_page = staged, orders, documents
        self.staged_model, self.staged_proxy, self.staged_table = (
            staged.model, staged.proxy, staged.table)
        self.financial_combo, self.fulfillment_combo = (
            staged.financial_combo, staged.fulfillment_combo)
        self.paid_combo, self.risk_combo = staged.paid_combo, staged.risk_combo
        self.channel_edit, self.country_edit, self.tags_edit = (
            staged.channel_edit, staged.country_edit, staged.tags_edit)
        self.save_filter_button, self.clear_filter_button = (
            staged.save_filter_button, staged.clear_filter_button)
        self.filter_state_label, self.staged_error_label = (
            staged.filter_state_label, staged.error_label)
        self.import_button, self.exclude_button, self.exclude_action = (
            staged.import_button, staged.exclude_button, staged.exclude_action)
        self.order_model, self.order_proxy, self.orders_table = (
            orders.model, orders.proxy, orders.table)
        self.search_edit, self.show_combo, self.order_issue_label = (
            orders.search_edit, orders.show_combo, orders.issue_label)
        self.details_button, self.create_button, self.resync_button = (
            orders.details_button, orders.create_button, orders.resync_button)
        self.mark_paid_button, self.cancel_button = orders.mark_paid_button, orders.cancel_button
        self.unlink_button, self.resolve_button = orders.unlink_button, orders.resolve_button
        self.document_model, self.document_proxy, self.line_model = (
            documents.model, documents.proxy, documents.line_model)
        self.documents_table, self.lines_table = documents.table, documents.lines_table

    @property
    def detail_dialog(self) -> OrderDetailDialog | None:
        return self.order_actions.detail_dialog

    @property
    def cancel_dialog(self) -> CancelOrderDialog | None:
        return self.order_actions.cancel_dialog

    # --- shop and reload --------------------------------------------------------------------

    def _status_lines(self) -> list[QLabel]:
        return [self.status_label, self.documents.status_label]

    def set_shop(self, shop_code: str | None) -> None:
        super().set_shop(shop_code)  # each status line shows the new shop's own result
        self.staged.set_shop(shop_code)
        self.reload()

    def reload(self) -> None:
        """Read the staged orders, imported orders and documents of the shop again, keeping
        the selection of the orders view and the current document."""
        self.staged.reload()
        self.orders.reload(self._shop)
        self.documents.reload(self._shop)
        self._update_actions()

    def problem_keys(self, shop: str) -> set[str]:
        """The failed records of the last orders, shipments and invoices syncs but the orders
        that went through since, and the imported orders with a conflict or an error (an
        order failed in the last sync, and marked, counts once: the sync names it by its
        name, else its GID)."""
        keys = super().problem_keys(shop)
        keys -= problems.orders_clear(shop, keys)
        keys.update(name or gid for gid, name in problems.orders_to_check(shop)
                    if gid not in keys)
        return keys

    def show_problems(self) -> None:
        """The Orders view on its "Problems" choice, when an order has one."""
        if self._shop is not None and problems.orders_to_check(self._shop):
            self.views.setCurrentIndex(VIEW_ORDERS)
            self.show_combo.setCurrentIndex(self.show_combo.findData(SHOW_PROBLEMS))

    def _on_engine_changed(self, resource: str) -> None:
        if resource == Resource.ORDERS.value:
            self.reload()

    def _on_sync_done(self, result: SyncResult | None) -> None:
        if result is None:
            return
        self.status_label.setText(sync_result_text(
            result, self.tr("Sync Orders done: %1."),
            self.tr("The sync log lists each failed order.")))

    def _on_filter_edited(self) -> None:
        self._update_titles()
        self._update_actions()

    def _update_titles(self) -> None:
        shown = self.staged.proxy.rowCount()
        total = self.staged.model.rowCount()
        staged = (self.tr("To import (%1)").replace("%1", str(total)) if shown == total
                  else self.tr("To import (%1 of %2)").replace("%1", str(shown))
                  .replace("%2", str(total)))
        self.views.setTabText(VIEW_STAGED, staged)
        self.views.setTabText(VIEW_ORDERS, self.tr("Orders (%1)").replace(
            "%1", str(self.orders.model.rowCount())))
        self.views.setTabText(VIEW_DOCUMENTS, self.tr("Sales documents (%1)").replace(
            "%1", str(self.documents.model.rowCount())))

    def _update_actions(self, *_args) -> None:
        shop = self._shop is not None

        def idle(name: str) -> bool:
            return shop and not self.order_actions.is_running(name)

        self.staged.update_actions(idle)
        self.orders.update_actions(idle)

    # --- what the views show ----------------------------------------------------------------

    def select_orders(self, gids: Iterable[str]) -> None:
        """Select these orders in the orders view (the others are deselected)."""
        self.orders.select(gids)

    def select_staged(self, gids: Iterable[str]) -> None:
        self.staged.select(gids)

    def selected_orders(self) -> list[str]:
        return self.orders.selected()

    def selected_staged(self) -> list[str]:
        return self.staged.selected()

    def current_filter(self) -> OrderFilter:
        return self.staged.current_filter()

    def document_nos(self) -> list[str]:
        return self.documents.document_nos()

    def order_menu(self) -> QMenu:
        return self.orders.order_menu()
