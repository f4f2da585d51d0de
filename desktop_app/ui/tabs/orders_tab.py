"""OrdersTab: Shopify orders on their way to local sales documents (seed 003).

Three views:

- **To import**: "Shopify Orders to Import", newest first. Each row says whether it is new or
  an update and whether its last import failed (Has Error, the message as tooltip and below
  the list). The filters (payment and fulfillment status, fully paid, risk, channel, country,
  tags with `@` and `*`) narrow the list as the merchant types, and "Use for Sync Orders"
  makes them the filter the sync applies. Import Selected imports the chosen rows now;
  Exclude deletes them from staging (an order comes back when it changes in Shopify).
- **Orders**: the imported orders with state, customer, payment, fulfillment, total,
  document and error/conflict, and the actions: Create Sales Documents, Sync from Shopify,
  Mark as Paid, Cancel Order…, Unlink Documents, Mark Conflict Resolved, Details….
- **Sales documents**: the local sales orders, invoices and credit memos of the shop, with
  the lines of the selected one.

Sync Orders runs through the engine (progress in the window's status bar). The actions run
`sync.orders.OrderJob` through `sync.orders.run_action` (under the shop's sync lock, on the
shop's client); while one runs its button is disabled and the tab says what it is doing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from desktop_app.errors import AppError
from desktop_app.store import order_lifecycle, runs
from desktop_app.sync import orders as order_sync
from desktop_app.sync.engine import SyncEngine
from desktop_app.sync.results import Resource, SyncResult
from desktop_app.sync.rules.orders import OrderFilter
from desktop_app.ui import feedback
from desktop_app.ui.dialogs.cancel_order_dialog import CancelChoices, CancelOrderDialog
from desktop_app.ui.dialogs.order_detail_dialog import OrderDetailDialog
from desktop_app.ui.models.document_table_model import (
    DOC_NO_ROLE,
    DocumentColumn,
    DocumentLineTableModel,
    DocumentTableModel,
    LineColumn,
)
from desktop_app.ui.models.order_table_model import (
    FINANCIAL_STATUSES,
    FULFILLMENT_STATUSES,
    GID_ROLE,
    SHOW_ALL,
    SHOW_PROBLEMS,
    SHOW_PROCESSED,
    SHOW_WAITING,
    SORT_ROLE,
    OrderColumn,
    OrderSortProxy,
    OrderTableModel,
    StagedColumn,
    StagedFilterProxy,
    StagedOrderTableModel,
    status_label,
)
from desktop_app.ui.order_conflict_text import conflict_text
from desktop_app.ui.tabs.resource_tab import ResourceTab
from desktop_app.ui.widgets.empty_state_table_view import EmptyStateTableView

log = logging.getLogger(__name__)

VIEW_STAGED, VIEW_ORDERS, VIEW_DOCUMENTS = 0, 1, 2
#: Financial statuses Mark as Paid makes sense for.
_PAYABLE = {"PENDING", "AUTHORIZED", "PARTIALLY_PAID", "EXPIRED"}

OrderAction = Callable[[Any], Awaitable[Any]]


def _table(parent: QWidget, name: str, accessible: str) -> EmptyStateTableView:
    table = EmptyStateTableView(parent)
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setAccessibleName(accessible)
    table.setWordWrap(False)
    table.setSortingEnabled(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setHighlightSections(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    return table


def _statuses(data: str | None) -> frozenset[str]:
    """The statuses of a status combo's item data ("" any, "A|B" several)."""
    return frozenset(s for s in (data or "").split("|") if s)


def _selected_gids(table: QTableView) -> list[str]:
    model = table.selectionModel()
    if model is None:
        return []
    rows = sorted({i.row() for i in model.selectedRows()})
    proxy = table.model()
    return [proxy.index(r, 0).data(GID_ROLE) for r in rows]


class OrdersTab(ResourceTab):
    """The Orders tab.

    Signals:
        action_done(name: str, result: object): an order action ended (its SyncResult, or
            None when it failed as a whole).
    """

    action_done = Signal(str, object)
    resource = Resource.ORDERS

    def __init__(self, engine: SyncEngine, parent: QWidget | None = None) -> None:
        super().__init__(engine, parent)
        self.setObjectName("orders_tab")
        self.staged_model = StagedOrderTableModel(self)
        self.staged_proxy = StagedFilterProxy(self)
        self.staged_proxy.setSourceModel(self.staged_model)
        self.order_model = OrderTableModel(self)
        self.order_proxy = OrderSortProxy(self)
        self.order_proxy.setSourceModel(self.order_model)
        self.document_model = DocumentTableModel(self)
        self.document_proxy = QSortFilterProxyModel(self)
        self.document_proxy.setSortRole(SORT_ROLE)
        self.document_proxy.setSourceModel(self.document_model)
        self.line_model = DocumentLineTableModel(self)
        self.detail_dialog: OrderDetailDialog | None = None
        self.cancel_dialog: CancelOrderDialog | None = None
        self.message_box: QMessageBox | None = None
        self._saved_filter = OrderFilter()
        self._running: set[str] = set()

        self.intro_label = QLabel(self.tr(
            "Sync Orders brings new and changed orders from Shopify into “To import” and "
            "imports the ones the filters let through. Imported orders become local sales "
            "documents with Create Sales Documents (or by themselves when the Shop Card's "
            "Auto Create Orders is on)."), self)
        self.intro_label.setObjectName("orders_intro_label")
        self.intro_label.setWordWrap(True)
        self.sync_button = QPushButton(self.tr("Sync Orders"), self)
        self.sync_button.setObjectName("sync_orders_button")
        self.sync_button.setAccessibleName(self.tr("Sync Orders"))
        self.sync_button.setToolTip(self.tr(
            "Bring new and changed orders from Shopify and import the ones the saved filters "
            "let through (F5)"))
        self._connect_sync_button()

        self._build_staged_view()
        self._build_orders_view()
        self._build_documents_view()
        self.views = QTabWidget(self)
        self.views.setObjectName("order_views")
        self.views.addTab(self.staged_page, "")
        self.views.addTab(self.orders_page, "")
        self.views.addTab(self.documents_page, "")

        self.status_label = QLabel(self)
        self.status_label.setObjectName("orders_status_label")
        self.status_label.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.intro_label, 1)
        top.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.views, 1)
        layout.addWidget(self.status_label)

        engine.changed.connect(self._on_engine_changed)
        self.sync_done.connect(self._on_sync_done)
        for model in (self.staged_model, self.order_model, self.document_model):
            model.modelReset.connect(self._update_titles)
        self.staged_proxy.layoutChanged.connect(self._update_titles)
        self.staged_proxy.rowsRemoved.connect(self._update_titles)
        self.staged_proxy.rowsInserted.connect(self._update_titles)
        self._update_titles()
        self._update_actions()

    # --- building ---------------------------------------------------------------------------

    def _build_staged_view(self) -> None:
        page = QWidget(self)
        page.setObjectName("staged_orders_page")
        self.staged_page = page

        box = QGroupBox(self.tr("Filters"), page)
        box.setObjectName("order_filter_box")
        self.financial_combo = self._status_combo(box, "financial_status_combo",
                                                  FINANCIAL_STATUSES,
                                                  self.tr("Any payment status"))
        self.fulfillment_combo = self._status_combo(box, "fulfillment_status_combo",
                                                    FULFILLMENT_STATUSES,
                                                    self.tr("Any fulfillment status"))
        self.paid_combo = QComboBox(box)
        self.paid_combo.setObjectName("fully_paid_combo")
        self.paid_combo.setAccessibleName(self.tr("Fully paid"))
        for text, value in ((self.tr("Paid or not"), None), (self.tr("Fully paid only"), True),
                            (self.tr("Not fully paid"), False)):
            self.paid_combo.addItem(text, value)
        self.risk_combo = QComboBox(box)
        self.risk_combo.setObjectName("risk_combo")
        self.risk_combo.setAccessibleName(self.tr("Risk level"))
        for text, value in ((self.tr("Any risk"), None), (self.tr("Not high risk"), False),
                            (self.tr("High risk only"), True)):
            self.risk_combo.addItem(text, value)
        self.channel_edit = QLineEdit(box)
        self.channel_edit.setObjectName("channel_filter_edit")
        self.channel_edit.setPlaceholderText(self.tr("Channel, e.g. web or <>pos"))
        self.channel_edit.setAccessibleName(self.tr("Sales channel"))
        self.channel_edit.setToolTip(self.tr(
            "The sales channel (Shopify's source name). * stands for any text, @ ignores "
            "upper and lower case, | separates choices and <> excludes one."))
        self.country_edit = QLineEdit(box)
        self.country_edit.setObjectName("country_filter_edit")
        self.country_edit.setPlaceholderText(self.tr("Ship-to countries, e.g. DE, AT"))
        self.country_edit.setAccessibleName(self.tr("Ship-to countries"))
        self.tags_edit = QLineEdit(box)
        self.tags_edit.setObjectName("tags_filter_edit")
        self.tags_edit.setPlaceholderText(self.tr("Tags, e.g. @*wholesale*"))
        self.tags_edit.setAccessibleName(self.tr("Tags"))
        self.tags_edit.setToolTip(self.tr(
            "Orders whose tags match. Use @*tag1* to find tag1 among several tags in any "
            "case: @ ignores upper and lower case, * stands for any text (the other tags)."))
        self.save_filter_button = QPushButton(self.tr("Use for Sync Orders"), box)
        self.save_filter_button.setObjectName("save_order_filter_button")
        self.save_filter_button.setToolTip(self.tr(
            "From now on Sync Orders imports only the staged orders these filters show"))
        self.save_filter_button.clicked.connect(self.save_filter)
        self.clear_filter_button = QPushButton(self.tr("Clear"), box)
        self.clear_filter_button.setObjectName("clear_order_filter_button")
        self.clear_filter_button.clicked.connect(self.clear_filter)
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

        self.staged_table = _table(page, "staged_orders_table", self.tr("Orders to import"))
        self.staged_table.setModel(self.staged_proxy)
        self.staged_table.sortByColumn(StagedColumn.DATE, Qt.SortOrder.DescendingOrder)
        header = self.staged_table.horizontalHeader()
        header.setSectionResizeMode(StagedColumn.ERROR, QHeaderView.ResizeMode.Stretch)
        for column, width in ((StagedColumn.ORDER, 80), (StagedColumn.DATE, 130),
                              (StagedColumn.PAYMENT, 120), (StagedColumn.FULFILLMENT, 130),
                              (StagedColumn.TOTAL, 110), (StagedColumn.CHANNEL, 80),
                              (StagedColumn.COUNTRY, 64), (StagedColumn.TAGS, 130),
                              (StagedColumn.RISK, 50), (StagedColumn.ACTION, 80)):
            self.staged_table.setColumnWidth(column, width)
        self.staged_table.set_empty_text(self.tr(
            "Nothing waits to be imported.\n\nSync Orders stages the orders created or changed "
            "in Shopify since the last sync and imports them; the ones the filters hold back "
            "or that failed stay here."))
        self.staged_table.selectionModel().selectionChanged.connect(self._update_actions)

        self.staged_error_label = QLabel(page)
        self.staged_error_label.setObjectName("staged_error_label")
        self.staged_error_label.setWordWrap(True)
        self.staged_error_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.staged_error_label.setStyleSheet("QLabel { color: #b01e1e; }")
        self.staged_error_label.hide()

        self.import_button = QPushButton(self.tr("Import Selected"), page)
        self.import_button.setObjectName("import_selected_button")
        self.import_button.setToolTip(self.tr(
            "Import the selected orders now, whatever the filters say"))
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.exclude_button = QPushButton(self.tr("Exclude…"), page)
        self.exclude_button.setObjectName("exclude_orders_button")
        self.exclude_button.setToolTip(self.tr(
            "Delete the selected orders from this list so the sync leaves them out. An order "
            "comes back when it changes in Shopify (Del)"))
        self.exclude_button.clicked.connect(self.confirm_exclude)
        self.exclude_action = QAction(self.tr("Exclude"), self.staged_table)
        self.exclude_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.exclude_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.exclude_action.triggered.connect(self.confirm_exclude)
        self.staged_table.addAction(self.exclude_action)

        actions = QHBoxLayout()
        actions.addWidget(self.exclude_button)
        actions.addStretch(1)
        actions.addWidget(self.import_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(box)
        layout.addWidget(self.staged_table, 1)
        layout.addWidget(self.staged_error_label)
        layout.addLayout(actions)

    def _status_combo(self, parent: QWidget, name: str, values: Sequence[str],
                      any_text: str) -> QComboBox:
        combo = QComboBox(parent)
        combo.setObjectName(name)
        combo.setAccessibleName(any_text)
        combo.addItem(any_text, "")
        for value in values:
            combo.addItem(status_label(value), value)
        return combo

    def _build_orders_view(self) -> None:
        page = QWidget(self)
        page.setObjectName("imported_orders_page")
        self.orders_page = page

        self.search_edit = QLineEdit(page)
        self.search_edit.setObjectName("order_search_edit")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("Search by order, customer or document"))
        self.search_edit.setAccessibleName(self.tr("Search orders"))
        self.search_edit.textChanged.connect(self.order_proxy.set_search)
        self.show_combo = QComboBox(page)
        self.show_combo.setObjectName("order_show_combo")
        self.show_combo.setAccessibleName(self.tr("Show"))
        for text, key in ((self.tr("All orders"), SHOW_ALL),
                          (self.tr("Waiting for a document"), SHOW_WAITING),
                          (self.tr("Processed"), SHOW_PROCESSED),
                          (self.tr("Errors and conflicts"), SHOW_PROBLEMS)):
            self.show_combo.addItem(text, key)
        self.show_combo.currentIndexChanged.connect(
            lambda _i: self.order_proxy.set_show(self.show_combo.currentData()))
        bar = QHBoxLayout()
        bar.addWidget(self.search_edit, 1)
        bar.addWidget(self.show_combo)

        self.orders_table = _table(page, "orders_table", self.tr("Imported orders"))
        self.orders_table.setModel(self.order_proxy)
        self.orders_table.sortByColumn(OrderColumn.DATE, Qt.SortOrder.DescendingOrder)
        header = self.orders_table.horizontalHeader()
        header.setSectionResizeMode(OrderColumn.ISSUE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((OrderColumn.ORDER, 80), (OrderColumn.DATE, 130),
                              (OrderColumn.CUSTOMER, 170), (OrderColumn.PAYMENT, 120),
                              (OrderColumn.FULFILLMENT, 130), (OrderColumn.TOTAL, 110),
                              (OrderColumn.STATE, 140), (OrderColumn.DOCUMENT, 150)):
            self.orders_table.setColumnWidth(column, width)
        self.orders_table.set_empty_text(self.tr(
            "No imported orders yet.\n\nPress Sync Orders to bring the open orders of your "
            "Shopify store in."))
        self.orders_table.selectionModel().selectionChanged.connect(self._update_actions)
        self.orders_table.doubleClicked.connect(lambda _index: self.open_details())

        self.order_issue_label = QLabel(page)
        self.order_issue_label.setObjectName("order_issue_label")
        self.order_issue_label.setWordWrap(True)
        self.order_issue_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.order_issue_label.hide()

        def button(name: str, text: str, tip: str, slot) -> QPushButton:
            b = QPushButton(text, page)
            b.setObjectName(name)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            return b

        self.details_button = button(
            "order_details_button", self.tr("Details…"),
            self.tr("Lines, shipping, transactions, refunds, risk and the sales document of "
                    "the current order (double-click)"), self.open_details)
        self.create_button = button(
            "create_documents_button", self.tr("Create Sales Documents"),
            self.tr("Make a sales invoice (fulfilled orders) or a sales order for each "
                    "selected order that has none yet"), self._on_create_button_clicked)
        self.resync_button = button(
            "resync_order_button", self.tr("Sync from Shopify"),
            self.tr("Import the selected orders again now, with their latest data from "
                    "Shopify"), self._on_resync_button_clicked)
        self.mark_paid_button = button(
            "mark_paid_button", self.tr("Mark as Paid"),
            self.tr("Record the outstanding amount of the selected orders as paid in "
                    "Shopify"), self._on_mark_paid_button_clicked)
        self.cancel_button = button(
            "cancel_order_button", self.tr("Cancel Order…"),
            self.tr("Cancel the current order in Shopify (asks for the reason, restocking, "
                    "refund and notification)"), self.open_cancel_dialog)
        self.unlink_button = button(
            "unlink_documents_button", self.tr("Unlink Documents"),
            self.tr("Unlink Processed Documents: the selected orders no longer count as "
                    "processed; asks whether to delete their documents that are not posted "
                    "or to keep them"),
            lambda: self.unlink_selected())
        self.resolve_button = button(
            "resolve_conflict_button", self.tr("Mark Conflict Resolved"),
            self.tr("You have updated the documents to match Shopify: accept the order as it "
                    "is now"), lambda: asyncio.ensure_future(self.resolve_selected()))

        # Two rows: one row of seven buttons would make the tab wider than small screens.
        row1 = QHBoxLayout()
        for b in (self.details_button, self.resync_button, self.mark_paid_button,
                  self.cancel_button):
            row1.addWidget(b)
        row1.addStretch(1)
        row2 = QHBoxLayout()
        for b in (self.resolve_button, self.unlink_button):
            row2.addWidget(b)
        row2.addStretch(1)
        row2.addWidget(self.create_button)
        self.create_button.setDefault(True)
        self.orders_table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.orders_table.customContextMenuRequested.connect(self._on_orders_context_menu)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.orders_table, 1)
        layout.addWidget(self.order_issue_label)
        layout.addLayout(row1)
        layout.addLayout(row2)

    def order_menu(self) -> QMenu:
        """The orders view's context menu: every order action, as enabled as its button."""
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

    def _on_orders_context_menu(self, pos) -> None:
        menu = self.order_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.orders_table.viewport().mapToGlobal(pos))

    def _build_documents_view(self) -> None:
        page = QWidget(self)
        page.setObjectName("documents_page")
        self.documents_page = page
        self.documents_table = _table(page, "documents_table", self.tr("Sales documents"))
        self.documents_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.documents_table.setModel(self.document_proxy)
        self.documents_table.sortByColumn(DocumentColumn.NO, Qt.SortOrder.DescendingOrder)
        header = self.documents_table.horizontalHeader()
        header.setSectionResizeMode(DocumentColumn.CUSTOMER, QHeaderView.ResizeMode.Stretch)
        for column, width in ((DocumentColumn.NO, 100), (DocumentColumn.TYPE, 120),
                              (DocumentColumn.DATE, 110), (DocumentColumn.ORDER, 110),
                              (DocumentColumn.STATUS, 90), (DocumentColumn.TAX, 100),
                              (DocumentColumn.TOTAL, 110), (DocumentColumn.PAYMENT_TERMS, 130),
                              (DocumentColumn.DUE_DATE, 110), (DocumentColumn.SHIP_TO, 260)):
            self.documents_table.setColumnWidth(column, width)
        self.documents_table.set_empty_text(self.tr(
            "No sales documents yet.\n\nSelect imported orders on the Orders view and press "
            "Create Sales Documents."))
        self.documents_table.selectionModel().currentRowChanged.connect(
            self._on_document_current_changed)

        self.lines_table = EmptyStateTableView(page)
        self.lines_table.setObjectName("document_lines_table")
        self.lines_table.setAccessibleName(self.tr("Lines of the selected document"))
        self.lines_table.setModel(self.line_model)
        self.lines_table.verticalHeader().setVisible(False)
        self.lines_table.setAlternatingRowColors(True)
        self.lines_table.setWordWrap(False)
        self.lines_table.verticalHeader().setDefaultSectionSize(
            self.lines_table.fontMetrics().height() + 10)
        self.lines_table.set_empty_text(self.tr("Select a document to see its lines."))
        lh = self.lines_table.horizontalHeader()
        lh.setSectionResizeMode(LineColumn.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        for column, width in ((LineColumn.TYPE, 100), (LineColumn.NO, 90),
                              (LineColumn.QUANTITY, 80), (LineColumn.UNIT_PRICE, 110),
                              (LineColumn.DISCOUNT, 110), (LineColumn.AMOUNT, 110)):
            self.lines_table.setColumnWidth(column, width)

        splitter = QSplitter(Qt.Orientation.Vertical, page)
        splitter.setObjectName("documents_splitter")
        splitter.addWidget(self.documents_table)
        splitter.addWidget(self.lines_table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(splitter, 1)

    # --- shop and reload --------------------------------------------------------------------

    def set_shop(self, shop_code: str | None) -> None:
        super().set_shop(shop_code)
        self._load_saved_filter()
        self.reload()

    def reload(self) -> None:
        """Read the staged orders, imported orders and documents of the shop again, keeping
        the selection of the orders view."""
        keep = set(_selected_gids(self.orders_table))
        current_doc = self.line_model.document_no()
        self.staged_model.set_shop(self._shop)
        self.order_model.set_shop(self._shop)
        self.document_model.set_shop(self._shop)
        if keep:
            self.select_orders(keep)
        row = self.document_model.row_of(current_doc) if current_doc else -1
        if row >= 0:
            index = self.document_proxy.mapFromSource(self.document_model.index(row, 0))
            self.documents_table.setCurrentIndex(index)
        else:
            self.line_model.set_document("")
        self._update_actions()

    def _on_engine_changed(self, resource: str) -> None:
        if resource == Resource.ORDERS.value:
            self.reload()

    def _on_sync_done(self, result: SyncResult | None) -> None:
        if result is None:
            return
        text = self.tr("Sync Orders: %1 imported, %2 updated, %3 failed.") \
            .replace("%1", str(result.created)).replace("%2", str(result.updated)) \
            .replace("%3", str(result.failed))
        self.status_label.setText(text)

    def _update_titles(self) -> None:
        shown = self.staged_proxy.rowCount()
        total = self.staged_model.rowCount()
        staged = (self.tr("To import (%1)").replace("%1", str(total)) if shown == total
                  else self.tr("To import (%1 of %2)").replace("%1", str(shown))
                  .replace("%2", str(total)))
        self.views.setTabText(VIEW_STAGED, staged)
        self.views.setTabText(VIEW_ORDERS, self.tr("Orders (%1)").replace(
            "%1", str(self.order_model.rowCount())))
        self.views.setTabText(VIEW_DOCUMENTS, self.tr("Sales documents (%1)").replace(
            "%1", str(self.document_model.rowCount())))

    def select_orders(self, gids: set[str] | Sequence[str]) -> None:
        """Select these orders in the orders view (the others are deselected)."""
        wanted = set(gids)
        selection = self.orders_table.selectionModel()
        selection.clearSelection()
        first = None
        for r in range(self.order_proxy.rowCount()):
            index = self.order_proxy.index(r, 0)
            if index.data(GID_ROLE) in wanted:
                selection.select(index, QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)
                first = first or index
        if first is not None:
            selection.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)

    def select_staged(self, gids: set[str] | Sequence[str]) -> None:
        wanted = set(gids)
        selection = self.staged_table.selectionModel()
        selection.clearSelection()
        for r in range(self.staged_proxy.rowCount()):
            index = self.staged_proxy.index(r, 0)
            if index.data(GID_ROLE) in wanted:
                selection.select(index, QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)

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

    def _select_statuses(self, combo: QComboBox, statuses: frozenset[str]) -> None:
        """Select the item of these statuses; a set of several (saved by the command line)
        gets an item of its own."""
        for i in range(combo.count() - 1, -1, -1):
            if combo.itemData(i, Qt.ItemDataRole.UserRole + 5):
                combo.removeItem(i)
        wanted = "|".join(sorted(statuses))
        index = combo.findData(wanted)
        if index >= 0:
            combo.setCurrentIndex(index)
            return
        combo.addItem(" | ".join(status_label(s) for s in sorted(statuses)), wanted)
        combo.setItemData(combo.count() - 1, True, Qt.ItemDataRole.UserRole + 5)
        combo.setCurrentIndex(combo.count() - 1)

    def _on_filter_edited(self, *_args) -> None:
        current = self.current_filter()
        self.staged_proxy.set_order_filter(current)
        self._update_titles()
        if current == self._saved_filter:
            text = (self.tr("Sync Orders imports every staged order.")
                    if current == OrderFilter()
                    else self.tr("Sync Orders uses these filters."))
        else:
            text = self.tr("Not saved yet: Sync Orders still uses the filters saved before. "
                           "Press “Use for Sync Orders” to change them.")
        self.filter_state_label.setText(text)
        self.save_filter_button.setEnabled(current != self._saved_filter
                                           and self._shop is not None)
        self.clear_filter_button.setEnabled(current != OrderFilter())
        self._update_actions()

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

    # --- selection state ----------------------------------------------------------------------

    def selected_staged(self) -> list[str]:
        return _selected_gids(self.staged_table)

    def selected_orders(self) -> list[str]:
        return _selected_gids(self.orders_table)

    def _selected_order_rows(self):
        rows = []
        for gid in self.selected_orders():
            r = self.order_model.row_of(gid)
            if r >= 0:
                rows.append(self.order_model.row_at(r))
        return rows

    def _update_actions(self, *_args) -> None:
        shop = self._shop is not None
        staged = self.selected_staged()
        idle = lambda name: shop and name not in self._running  # noqa: E731
        self.import_button.setEnabled(bool(staged) and idle("import"))
        self.exclude_button.setEnabled(bool(staged) and idle("exclude"))
        self.exclude_action.setEnabled(self.exclude_button.isEnabled())
        errors = [self.staged_model.row_at(self.staged_proxy.mapToSource(
            self.staged_proxy.index(r, 0)).row()) for r in sorted(
            {i.row() for i in self.staged_table.selectionModel().selectedRows()})]
        failing = [r for r in errors if r.has_error]
        if failing:
            self.staged_error_label.setText("\n".join(
                self.tr("%1: %2").replace("%1", r.name).replace("%2", r.error_message)
                for r in failing[:3]))
        self.staged_error_label.setVisible(bool(failing))

        rows = self._selected_order_rows()
        one = len(rows) == 1
        self.details_button.setEnabled(one)
        self.create_button.setEnabled(
            idle("create") and any(not r.processed and not r.cancelled for r in rows))
        self.resync_button.setEnabled(idle("resync") and bool(rows))
        self.mark_paid_button.setEnabled(idle("mark_paid") and any(
            r.financial_status in _PAYABLE and not r.cancelled for r in rows))
        self.cancel_button.setEnabled(idle("cancel") and one and not rows[0].cancelled)
        self.unlink_button.setEnabled(idle("unlink") and any(
            r.processed or r.snapshot.get("kept_documents") for r in rows))
        self.resolve_button.setEnabled(idle("resolve") and any(r.conflict for r in rows))
        issue = ""
        colour = ""
        if one and rows[0].conflict:
            issue = self.tr("Conflict on %1: %2").replace("%1", rows[0].name).replace(
                "%2", conflict_text(rows[0].conflict_message))
            colour = "#a05a00"
        elif one and rows[0].has_error:
            issue = self.tr("Error on %1: %2").replace("%1", rows[0].name).replace(
                "%2", rows[0].error_message)
            colour = "#b01e1e"
        self.order_issue_label.setText(issue)
        self.order_issue_label.setStyleSheet(f"QLabel {{ color: {colour}; }}" if colour else "")
        self.order_issue_label.setVisible(bool(issue))

    def _on_document_current_changed(self, current, _previous) -> None:
        if not current.isValid():
            self.line_model.set_document("")
            return
        doc = self.document_model.row_at(self.document_proxy.mapToSource(current).row())
        self.line_model.set_document(doc.no, doc.currency)

    # --- running actions --------------------------------------------------------------------

    async def run_order_action(self, name: str, action: OrderAction, busy_text: str,
                               done_text: Callable[[SyncResult], str] | None = None
                               ) -> SyncResult | None:
        """Run one `OrderJob` action for the shop; failures reach the merchant.

        The action's button stays disabled while it runs; a failure of the whole action goes
        through `feedback`, failures of single orders are listed in one message.
        """
        shop = self._shop
        if shop is None or name in self._running:
            return None
        self._running.add(name)
        self._update_actions()
        self.status_label.setText(busy_text)
        result: SyncResult | None = None
        try:
            result = await order_sync.run_action(self._engine.service, shop, action, name)
        except AppError as exc:  # expected failures; bugs go to the excepthook
            self.last_error = exc
            self.status_label.setText(self.tr("The action failed."))
            feedback.show_error(self, exc)
        finally:
            self._running.discard(name)
            self.reload()
        if result is not None:
            self.status_label.setText(done_text(result) if done_text is not None
                                      else self._result_text(name, result))
            if result.errors:
                self._show_record_errors(result)
        self.action_done.emit(name, result)
        return result

    def _result_text(self, name: str, result: SyncResult) -> str:
        done = {
            "import": self.tr("Import Selected: %1 imported, %2 updated, %3 failed."),
            "create": self.tr("Create Sales Documents: %1 created, %3 failed."),
            "resync": self.tr("Sync from Shopify: %2 orders updated, %3 failed."),
            "mark_paid": self.tr("Mark as Paid: done, %3 failed."),
            "cancel": self.tr("Cancel Order: done, %3 failed."),
        }.get(name, self.tr("Done."))
        return (done.replace("%1", str(result.created)).replace("%2", str(result.updated))
                .replace("%3", str(result.failed)))

    def _order_name(self, gid: str) -> str:
        r = self.order_model.row_of(gid)
        if r >= 0:
            return self.order_model.row_at(r).name
        for row in self.staged_model.rows():
            if row.shopify_id == gid:
                return row.name
        return gid

    def _show_record_errors(self, result: SyncResult) -> None:
        lines = [self.tr("%1: %2").replace("%1", self._order_name(e.record))
                 .replace("%2", e.message) for e in result.errors[:10]]
        if len(result.errors) > 10:
            lines.append(self.tr("…and %n more.", "", len(result.errors) - 10))
        box = QMessageBox(self)
        box.setObjectName("order_errors_message_box")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Orders"))
        box.setText(self.tr("%n order(s) could not be processed:", "", len(result.errors)))
        box.setInformativeText("\n".join(lines))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.message_box = box

    @staticmethod
    def _each(gids: Sequence[str], step: Callable[[Any, str], Awaitable[Any]]) -> OrderAction:
        """An action doing `step(job, gid)` per order; one order's failure is recorded and
        the others go on."""
        async def action(job) -> None:
            for gid in gids:
                try:
                    await step(job, gid)
                except AppError as exc:
                    job.ctx.fail(gid, "", exc.message or str(exc))
        return action

    # --- staged actions ---------------------------------------------------------------------

    @asyncSlot()
    async def _on_import_button_clicked(self) -> SyncResult | None:
        return await self.import_selected()

    async def import_selected(self) -> SyncResult | None:
        """Import Selected: the chosen staged orders, whatever the filters say."""
        gids = self.selected_staged()
        if not gids:
            return None

        async def action(job) -> None:
            await job.import_staged(gids)

        return await self.run_order_action(
            "import", action, self.tr("Importing %n order(s)…", "", len(gids)))

    def confirm_exclude(self) -> QMessageBox | None:
        """Ask before deleting the selected staged orders (non-blocking)."""
        gids = self.selected_staged()
        if not gids or self._shop is None:
            return None
        box = QMessageBox(self)
        box.setObjectName("exclude_orders_message_box")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Exclude orders"))
        box.setText(self.tr("Delete %n order(s) from the list to import?", "", len(gids)))
        box.setInformativeText(self.tr(
            "The sync leaves them out until they change in Shopify (a new note or tag brings "
            "an order back)."))
        yes = box.addButton(self.tr("Exclude"), QMessageBox.ButtonRole.AcceptRole)
        yes.setObjectName("confirm_exclude_button")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.buttonClicked.connect(
            lambda b: asyncio.ensure_future(self.exclude(gids)) if b is yes else None)
        box.open()
        self.message_box = box
        return box

    async def exclude(self, gids: Sequence[str]) -> int:
        """Delete staged orders ("delete to exclude", the order action `OrderJob.exclude`,
        recorded in the history); returns how many were removed."""
        if self._shop is None:
            return 0
        removed: list[int] = []

        async def exclude(job) -> None:
            removed.append(await job.exclude(gids))

        result = await self.run_order_action(
            "exclude", exclude, self.tr("Excluding…"),
            lambda _result: self.tr("%n order(s) excluded from the import.", "",
                                    removed[0] if removed else 0))
        return removed[0] if result is not None and removed else 0

    # --- order actions ----------------------------------------------------------------------

    @asyncSlot()
    async def _on_create_button_clicked(self) -> SyncResult | None:
        return await self.create_documents()

    async def create_documents(self) -> SyncResult | None:
        """Create Sales Documents for the selected orders that have none."""
        gids = [r.shopify_id for r in self._selected_order_rows()
                if not r.processed and not r.cancelled]
        if not gids:
            return None

        async def action(job) -> None:
            await job.create_documents(gids)

        return await self.run_order_action(
            "create", action, self.tr("Creating sales documents for %n order(s)…", "",
                                      len(gids)))

    @asyncSlot()
    async def _on_resync_button_clicked(self) -> SyncResult | None:
        return await self.resync_selected()

    async def resync_selected(self) -> SyncResult | None:
        gids = self.selected_orders()
        if not gids:
            return None
        return await self.run_order_action(
            "resync", self._each(gids, lambda job, gid: job.resync(gid)),
            self.tr("Syncing %n order(s) from Shopify…", "", len(gids)))

    @asyncSlot()
    async def _on_mark_paid_button_clicked(self) -> SyncResult | None:
        return await self.mark_paid_selected()

    async def mark_paid_selected(self) -> SyncResult | None:
        gids = [r.shopify_id for r in self._selected_order_rows()
                if r.financial_status in _PAYABLE and not r.cancelled]
        if not gids:
            return None
        return await self.run_order_action(
            "mark_paid", self._each(gids, lambda job, gid: job.mark_paid(gid)),
            self.tr("Marking %n order(s) as paid in Shopify…", "", len(gids)))

    def open_cancel_dialog(self) -> CancelOrderDialog | None:
        rows = self._selected_order_rows()
        if len(rows) != 1 or rows[0].cancelled:
            return None
        row = rows[0]
        summary = self.order_model.summary(row.shopify_id)
        paid = row.financial_status not in ("PENDING", "EXPIRED", "VOIDED") \
            if summary is None else summary.outstanding < summary.total
        dialog = CancelOrderDialog(row.name, paid=paid, processed=row.processed, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_cancel_dialog_accepted(row.shopify_id,
                                                                        dialog.choices()))
        dialog.destroyed.connect(lambda: setattr(self, "cancel_dialog", None))
        self.cancel_dialog = dialog
        dialog.open()
        return dialog

    @asyncSlot(str, object)
    async def _on_cancel_dialog_accepted(self, gid: str, choices: CancelChoices) -> None:
        await self.cancel_order(gid, choices)

    async def cancel_order(self, gid: str, choices: CancelChoices) -> SyncResult | None:
        async def action(job) -> None:
            await job.cancel(gid, reason=choices.reason, restock=choices.restock,
                             refund=choices.refund, notify=choices.notify,
                             staff_note=choices.staff_note)

        return await self.run_order_action(
            "cancel", action, self.tr("Cancelling %1 in Shopify…").replace(
                "%1", self._order_name(gid)))

    def unlink_selected(self) -> QMessageBox | None:
        """Unlink Processed Documents for the selected orders: asks first (non-blocking),
        naming each document, whether to delete those not posted or to keep them; a kept
        document stops Create Sales Documents for its order (`order_lifecycle`, as
        `shop-sync orders unlink [--delete-document]`)."""
        if self._shop is None:
            return None
        rows = [r for r in self._selected_order_rows()
                if r.processed or r.snapshot.get("kept_documents")]
        if not rows:
            return None
        try:
            docs = [(r, d) for r in rows
                    for d in order_lifecycle.documents_of(self._shop, r.shopify_id)]
        except AppError as exc:
            feedback.show_error(self, exc)
            return None
        deletable = [d for _r, d in docs if d.deletable]
        box = QMessageBox(self)
        box.setObjectName("unlink_orders_message_box")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Unlink Documents"))
        box.setText(self.tr("Unlink from their documents: %1?").replace(
            "%1", ", ".join(r.name for r in rows)))
        lines = [(self.tr("%1: document %2, not posted") if d.deletable else
                  self.tr("%1: document %2, posted (it stays)"))
                 .replace("%1", r.name).replace("%2", d.no) for r, d in docs]
        if deletable:
            lines.append("\n" + self.tr(
                "Delete the documents that are not posted, or keep them? A kept document stops "
                "Create Sales Documents from making a second one for its order until it is "
                "deleted."))
        elif docs:
            lines.append("\n" + self.tr("Posted documents are never deleted, and no second "
                                        "document is made for their orders."))
        box.setInformativeText("\n".join(lines))
        delete = None
        if deletable:
            delete = box.addButton(self.tr("Delete Document")
                                   if len(deletable) == 1 else self.tr("Delete Documents"),
                                   QMessageBox.ButtonRole.DestructiveRole)
            delete.setObjectName("delete_document_button")
            keep = box.addButton(self.tr("Keep Document") if len(deletable) == 1
                                 else self.tr("Keep Documents"),
                                 QMessageBox.ButtonRole.AcceptRole)
        else:
            keep = box.addButton(self.tr("Unlink"), QMessageBox.ButtonRole.AcceptRole)
        keep.setObjectName("keep_document_button")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)  # Enter never deletes nor unlinks
        box.setEscapeButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        gids = [r.shopify_id for r in rows]
        box.buttonClicked.connect(
            lambda b: asyncio.ensure_future(self.unlink(gids, delete_document=b is delete))
            if b is delete or b is keep else None)
        box.open()
        self.message_box = box
        return box

    async def unlink(self, gids: Sequence[str], *, delete_document: bool) -> list[str]:
        """Unlink these orders, deleting their documents that are not posted or keeping them
        (an order action: `OrderJob.unlink`, recorded in the history); returns the document
        nos. unlinked."""
        if self._shop is None:
            return []
        done: list = []

        async def unlink(job) -> None:
            done.extend(await job.unlink(gids, delete_document=delete_document))

        def text(_result: SyncResult) -> str:
            unlinked = [no for d in done for no in d.unlinked]
            deleted = [no for d in done for no in d.deleted]
            kept = [no for d in done for no in d.kept]
            said = self.tr("Unlinked: %1.").replace("%1", ", ".join(unlinked) or "—")
            if deleted:
                said += " " + self.tr("Deleted: %1.").replace("%1", ", ".join(deleted))
            if kept:
                said += " " + self.tr("Kept: %1; Create Sales Documents makes no second "
                                      "document while it exists.").replace("%1", ", ".join(kept))
            return said

        result = await self.run_order_action("unlink", unlink, self.tr("Unlinking…"), text)
        return [] if result is None else [no for d in done for no in d.unlinked]

    async def resolve_selected(self) -> list[str]:
        """Mark the conflicts of the selected orders resolved: the order as it is now becomes
        what its document is compared with (the order action `OrderJob.resolve_conflicts`,
        as `shop-sync orders resolve-conflict`); returns the orders' names."""
        rows = [r for r in self._selected_order_rows() if r.conflict]
        if self._shop is None or not rows:
            return []
        names = {r.shopify_id: r.name for r in rows}
        resolved: list[str] = []

        async def resolve(job) -> None:
            resolved.extend(names[g] for g in await job.resolve_conflicts(list(names)))

        await self.run_order_action(
            "resolve", resolve, self.tr("Resolving…"),
            lambda _result: self.tr("Conflict resolved: %1.").replace(
                "%1", ", ".join(resolved) or "—"))
        return resolved

    def open_details(self) -> OrderDetailDialog | None:
        rows = self._selected_order_rows()
        if len(rows) != 1 or self._shop is None:
            return None
        try:
            dialog = OrderDetailDialog(self._shop, rows[0].shopify_id, self)
        except AppError as exc:
            feedback.show_error(self, exc)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "detail_dialog", None))
        self.detail_dialog = dialog
        dialog.show()
        return dialog

    def document_nos(self) -> list[str]:
        return [self.document_model.index(r, 0).data(DOC_NO_ROLE)
                for r in range(self.document_model.rowCount())]
