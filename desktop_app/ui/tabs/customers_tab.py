"""CustomersTab: local and Shopify customers side by side, the review list, linking and
Assign to Web Upload (The Edge's "Show checkboxes", seed 004).

Three views share one filter bar (search, link state, web upload only):

- Local customers: the whole customer table, paged from the store (100,000 rows open and
  filter without freezing: SQL does the filtering, the model reads 500 rows at a time).
  Right-click > Show checkboxes adds a pick column; ticks survive searches, "Check all
  shown" ticks every customer of the filter (numbers only, read in SQL), and Assign to /
  Remove from Web Upload flag them for the next sync.
- Shopify customers: the staged customers of the shop, with their local link.
- Needs review: staged customers the rules did not link (ambiguous or failed), their note
  and candidates.

Link… opens `LinkDialog` for the current row of any view. On the local list, Edit… opens
`CustomerDialog` and Delete… asks first (the engine of `customers set` / `customers delete`,
`store.local_customers`); Web Upload ticks are the shop card's shown (issue 14).
"""

from __future__ import annotations

import asyncio
import logging
import sys

from PySide6.QtCore import QLocale, QPoint, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.errors import AppError
from desktop_app.store import customers, local_customers
from desktop_app.sync.engine import SyncEngine
from desktop_app.sync.results import Resource, SyncResult
from desktop_app.ui import feedback
from desktop_app.ui.dialogs.customer_dialog import CustomerDialog, use_text
from desktop_app.ui.dialogs.link_dialog import LinkDialog
from desktop_app.ui.models.customer_table_model import (
    SORTABLE,
    Column,
    CustomerFilter,
    CustomerTableModel,
)
from desktop_app.ui.models.shopify_customer_table_model import (
    ReviewColumn,
    ReviewTableModel,
    ShopifyColumn,
    ShopifyCustomerTableModel,
    ShopifyFilter,
)
from desktop_app.ui.tabs.resource_tab import ResourceTab
from desktop_app.ui.widgets.empty_state_table_view import EmptyStateTableView

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250

LINK_ALL, LINK_LINKED, LINK_UNLINKED, LINK_REVIEW = "all", "linked", "unlinked", "review"
VIEW_LOCAL, VIEW_SHOPIFY, VIEW_REVIEW = 0, 1, 2


def _table(parent: QWidget, name: str, accessible: str) -> EmptyStateTableView:
    table = EmptyStateTableView(parent)
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setAccessibleName(accessible)
    table.setWordWrap(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


class CustomersTab(ResourceTab):
    resource = Resource.CUSTOMERS

    def __init__(self, engine: SyncEngine, parent: QWidget | None = None) -> None:
        super().__init__(engine, parent)
        self.setObjectName("customers_tab")
        self.model = CustomerTableModel(self)
        self.shopify_model = ShopifyCustomerTableModel(self)
        self.review_model = ReviewTableModel(self)
        self.link_dialog: LinkDialog | None = None
        self._reload_tasks: set[asyncio.Task] = set()

        self._build_filter_bar()
        self._build_local_view()
        self._build_shopify_view()
        self._build_review_view()

        self.views = QTabWidget(self)
        self.views.setObjectName("customer_views")
        self.views.addTab(self.local_page, self.tr("Local customers"))
        self.views.addTab(self.shopify_page, self.tr("Shopify customers"))
        self.views.addTab(self.review_page, self.tr("Needs review"))
        self.views.currentChanged.connect(self._on_views_current_changed)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("customer_status_label")
        self.status_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(self._filter_bar)
        layout.addWidget(self.views, 1)
        layout.addWidget(self.status_label)

        self.model.modelReset.connect(self._update_counts)
        self.model.rowsInserted.connect(self._update_counts)
        self.model.checked_changed.connect(self._on_model_checked_changed)
        self.shopify_model.modelReset.connect(self._update_counts)
        self.shopify_model.rowsInserted.connect(self._update_counts)
        self.review_model.modelReset.connect(self._update_review_title)
        engine.changed.connect(self._on_engine_changed)
        self.sync_done.connect(self._on_sync_done)

        self.table.sortByColumn(Column.NO, Qt.SortOrder.AscendingOrder)
        self._on_views_current_changed(VIEW_LOCAL)
        self._update_counts()
        self._update_review_title()
        self._update_pick_bar()

    # --- building ---------------------------------------------------------------------------

    def _build_filter_bar(self) -> None:
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("customer_search_edit")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("Search by number, name, e-mail or phone"))
        self.search_edit.setAccessibleName(self.tr("Search customers"))
        self._search_timer = QTimer(self)
        self._search_timer.setObjectName("customer_search_timer")
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search_edit.textChanged.connect(self._search_timer.start)

        self.link_filter_combo = QComboBox(self)
        self.link_filter_combo.setObjectName("link_filter_combo")
        self.link_filter_combo.setAccessibleName(self.tr("Link state"))
        for text, key in ((self.tr("All customers"), LINK_ALL),
                          (self.tr("Linked"), LINK_LINKED),
                          (self.tr("Not linked"), LINK_UNLINKED),
                          (self.tr("Needs review"), LINK_REVIEW)):
            self.link_filter_combo.addItem(text, key)
        self.link_filter_combo.setToolTip(self.tr(
            "Needs review: on the local list, the customers named as candidates of a Shopify "
            "customer waiting for review; on the Shopify list, the customers waiting"))
        self.link_filter_combo.currentIndexChanged.connect(self.apply_filters)

        self.web_upload_check = QCheckBox(self.tr("Web upload only"), self)
        self.web_upload_check.setObjectName("web_upload_only_check")
        self.web_upload_check.setToolTip(self.tr("Only customers assigned to Web Upload"))
        self.web_upload_check.toggled.connect(self.apply_filters)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("customer_count_label")

        self.sync_button = QPushButton(self.tr("Sync Customers"), self)
        self.sync_button.setObjectName("sync_customers_button")
        self.sync_button.setToolTip(
            self.tr("Bring customers from Shopify and send the local changes the Shop Card "
                    "allows, with the customers assigned to Web Upload (F5)"))
        self.sync_button.setAccessibleName(self.tr("Sync Customers"))
        self._connect_sync_button()

        bar = QHBoxLayout()
        bar.addWidget(self.search_edit, 1)
        bar.addWidget(self.link_filter_combo)
        bar.addWidget(self.web_upload_check)
        bar.addWidget(self.count_label)
        bar.addWidget(self.sync_button)
        self._filter_bar = bar

    def _build_local_view(self) -> None:
        page = QWidget(self)
        page.setObjectName("local_customers_page")
        self.local_page = page
        self.table = _table(page, "customers_table", self.tr("Local customers"))
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self._sort = (int(Column.NO), Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.sortIndicatorChanged.connect(self._on_header_sort_indicator_changed)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.EMAIL, QHeaderView.ResizeMode.Stretch)
        for column, width in ((Column.CHECK, 46), (Column.NO, 90), (Column.PHONE, 130),
                              (Column.COUNTRY, 64), (Column.SHOPIFY, 170),
                              (Column.REASON, 150), (Column.WEB_UPLOAD, 90), (Column.KIND, 90)):
            self.table.setColumnWidth(column, width)
        self.table.setColumnHidden(Column.CHECK, True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu)
        self.table.doubleClicked.connect(lambda _index: self.open_link_dialog())
        self._no_customers_text = self.tr(
            "No local customers yet.\n\nImport them from a spreadsheet with "
            "“shop-sync customers import FILE.csv”, or press Sync Customers to bring "
            "the customers of your Shopify store in (when the Shop Card's customer "
            "import is set to All).")
        self.table.set_empty_text(self._no_customers_text)

        self.show_checkboxes_action = QAction(self.tr("Show checkboxes"), self)
        self.show_checkboxes_action.setObjectName("show_checkboxes_action")
        self.show_checkboxes_action.setCheckable(True)
        self.show_checkboxes_action.toggled.connect(self.set_checkboxes_visible)
        self.check_all_action = QAction(self.tr("Check all shown"), self)
        self.check_all_action.triggered.connect(self.check_all_shown)
        self.uncheck_all_action = QAction(self.tr("Uncheck all"), self)
        self.uncheck_all_action.triggered.connect(self.uncheck_all)
        self.assign_action = QAction(self.tr("Assign to Web Upload"), self)
        self.assign_action.triggered.connect(self.assign_to_web_upload)
        self.remove_action = QAction(self.tr("Remove from Web Upload"), self)
        self.remove_action.triggered.connect(self.remove_from_web_upload)
        self.link_action = QAction(self.tr("Link to a Shopify customer…"), self)
        self.link_action.triggered.connect(self.open_link_dialog)
        self.edit_action = QAction(self.tr("Edit customer…"), self)
        self.edit_action.triggered.connect(self.open_customer_dialog)
        self.delete_action = QAction(self.tr("Delete customer…"), self)
        self.delete_action.triggered.connect(self.confirm_delete_customer)

        # The pick bar shows while the checkboxes do.
        self.pick_bar = QWidget(page)
        self.pick_bar.setObjectName("pick_bar")
        self.checked_label = QLabel(self.pick_bar)
        self.checked_label.setObjectName("checked_label")
        self.check_all_button = QPushButton(self.tr("Check all shown"), self.pick_bar)
        self.check_all_button.setObjectName("check_all_button")
        self.check_all_button.setToolTip(
            self.tr("Tick every customer the search and filters show, including the ones "
                    "further down the list"))
        self.check_all_button.clicked.connect(self.check_all_shown)
        self.uncheck_all_button = QPushButton(self.tr("Uncheck all"), self.pick_bar)
        self.uncheck_all_button.setObjectName("uncheck_all_button")
        self.uncheck_all_button.clicked.connect(self.uncheck_all)
        self.hide_checkboxes_button = QPushButton(self.tr("Hide checkboxes"), self.pick_bar)
        self.hide_checkboxes_button.setObjectName("hide_checkboxes_button")
        self.hide_checkboxes_button.clicked.connect(lambda: self.set_checkboxes_visible(False))
        pick = QHBoxLayout(self.pick_bar)
        pick.setContentsMargins(0, 0, 0, 0)
        pick.addWidget(self.checked_label, 1)
        pick.addWidget(self.check_all_button)
        pick.addWidget(self.uncheck_all_button)
        pick.addWidget(self.hide_checkboxes_button)
        self.pick_bar.setVisible(False)

        self.link_button = QPushButton(self.tr("Link…"), page)
        self.link_button.setObjectName("link_local_button")
        self.link_button.setToolTip(self.tr("Link the current customer to a Shopify customer, "
                                            "or unlink it"))
        self.link_button.clicked.connect(self.open_link_dialog)
        self.assign_button = QPushButton(self.tr("Assign to Web Upload"), page)
        self.assign_button.setObjectName("assign_web_upload_button")
        self.assign_button.setToolTip(self.tr(
            "The ticked customers (or the selected rows) go up to Shopify on the next sync. "
            "Right-click the list and choose Show checkboxes to tick them."))
        self.assign_button.clicked.connect(self.assign_to_web_upload)
        self.remove_button = QPushButton(self.tr("Remove from Web Upload"), page)
        self.remove_button.setObjectName("remove_web_upload_button")
        self.remove_button.clicked.connect(self.remove_from_web_upload)
        self.edit_button = QPushButton(self.tr("Edit…"), page)
        self.edit_button.setObjectName("edit_customer_button")
        self.edit_button.setToolTip(self.tr("Change the current customer's fields"))
        self.edit_button.clicked.connect(self.open_customer_dialog)
        self.delete_button = QPushButton(self.tr("Delete…"), page)
        self.delete_button.setObjectName("delete_customer_button")
        self.delete_button.setToolTip(self.tr(
            "Delete the current customer (asks first; refused while documents use it)"))
        self.delete_button.clicked.connect(self.confirm_delete_customer)
        self.customer_dialog: CustomerDialog | None = None

        actions = QHBoxLayout()
        actions.addWidget(self.link_button)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        actions.addWidget(self.remove_button)
        actions.addWidget(self.assign_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.pick_bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

    def _build_shopify_view(self) -> None:
        page = QWidget(self)
        page.setObjectName("shopify_customers_page")
        self.shopify_page = page
        self.shopify_table = _table(page, "shopify_customers_table",
                                    self.tr("Shopify customers"))
        self.shopify_table.setModel(self.shopify_model)
        header = self.shopify_table.horizontalHeader()
        header.setSectionResizeMode(ShopifyColumn.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ShopifyColumn.EMAIL, QHeaderView.ResizeMode.Stretch)
        for column, width in ((ShopifyColumn.PHONE, 130), (ShopifyColumn.COUNTRY, 64),
                              (ShopifyColumn.LOCAL_NO, 110), (ShopifyColumn.REASON, 150),
                              (ShopifyColumn.REVIEW, 90)):
            self.shopify_table.setColumnWidth(column, width)
        self.shopify_table.doubleClicked.connect(lambda _index: self.open_link_dialog())
        self.shopify_table.set_empty_text(self.tr(
            "No Shopify customers here yet.\n\nSync Customers brings them in when the Shop "
            "Card's customer import is set to All, and uploads add the ones they create."))
        self.shopify_link_button = QPushButton(self.tr("Link…"), page)
        self.shopify_link_button.setObjectName("link_shopify_button")
        self.shopify_link_button.setToolTip(
            self.tr("Link the current Shopify customer to a local customer, or unlink it"))
        self.shopify_link_button.clicked.connect(self.open_link_dialog)
        self.find_mapping_button = QPushButton(self.tr("Find mapping"), page)
        self.find_mapping_button.setObjectName("find_mapping_tab_button")
        self.find_mapping_button.setToolTip(
            self.tr("Run the shop's matching rules again for the current Shopify customer"))
        self.find_mapping_button.clicked.connect(self.find_mapping_for_current)
        actions = QHBoxLayout()
        actions.addWidget(self.shopify_link_button)
        actions.addWidget(self.find_mapping_button)
        actions.addStretch(1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.shopify_table, 1)
        layout.addLayout(actions)

    def _build_review_view(self) -> None:
        page = QWidget(self)
        page.setObjectName("review_page")
        self.review_page = page
        self.review_table = _table(page, "review_table", self.tr("Customers needing review"))
        self.review_table.setModel(self.review_model)
        header = self.review_table.horizontalHeader()
        header.setSectionResizeMode(ReviewColumn.NOTE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((ReviewColumn.NAME, 150), (ReviewColumn.EMAIL, 190),
                              (ReviewColumn.PHONE, 120), (ReviewColumn.STATE, 80),
                              (ReviewColumn.CANDIDATES, 230)):
            self.review_table.setColumnWidth(column, width)
        self.review_table.doubleClicked.connect(lambda _index: self.open_link_dialog())
        self.review_table.set_empty_text(self.tr(
            "Nothing waits for review.\n\nWhen two local customers share the e-mail or phone "
            "of a Shopify customer, the sync links neither and lists it here."))
        hint = QLabel(self.tr("These Shopify customers were not linked because the rules "
                              "found several possible local customers, or failed. Pick the "
                              "right one with Link…"), page)
        hint.setWordWrap(True)
        self.review_link_button = QPushButton(self.tr("Link…"), page)
        self.review_link_button.setObjectName("link_review_button")
        self.review_link_button.clicked.connect(self.open_link_dialog)
        self.review_find_button = QPushButton(self.tr("Find mapping"), page)
        self.review_find_button.setObjectName("find_mapping_review_button")
        self.review_find_button.clicked.connect(self.find_mapping_for_current)
        actions = QHBoxLayout()
        actions.addWidget(self.review_link_button)
        actions.addWidget(self.review_find_button)
        actions.addStretch(1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(hint)
        layout.addWidget(self.review_table, 1)
        layout.addLayout(actions)

    # --- shop and reloading -------------------------------------------------------------------

    def set_shop(self, shop_code: str | None) -> None:
        super().set_shop(shop_code)
        self.review_model.set_shop(shop_code)
        self.model.set_shop(shop_code)
        self.shopify_model.set_shop(shop_code)
        self.apply_filters()

    def reload(self) -> None:
        """Re-read every view from the store (filters and ticks kept)."""
        self.review_model.reload()
        if not self._apply_local_filter():
            self.model.reload()
        self.shopify_model.reload()

    def _on_engine_changed(self, resource: str) -> None:
        """After a customers sync, re-read the three lists, each in a worker thread and
        applied when read: at 100,000 customers the review list alone held the window for
        1.8 s, and the local list's count and first page 60-150 ms. All three reads start
        now, while the loop runs (the tasks do nothing after their read but apply it)."""
        if resource != Resource.CUSTOMERS.value:
            return
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a plain script or test): read them here
            self.reload()
            return
        if self.link_state() == LINK_REVIEW:  # the local list shows the review's candidates
            self._start(self._reload_review_then_local())
        else:
            self._start(self.model.reload_in_thread())
            self._start(self.review_model.reload_in_thread())
        self._start(self.shopify_model.reload_in_thread())

    async def _reload_review_then_local(self) -> None:
        await self.review_model.reload_in_thread()
        if isValid(self) and not self._apply_local_filter():
            self.model.reload()

    def _start(self, coroutine) -> None:
        task = asyncio.ensure_future(coroutine)
        self._reload_tasks.add(task)
        task.add_done_callback(self._on_reload_task_done)

    def _on_reload_task_done(self, task: asyncio.Task) -> None:
        self._reload_tasks.discard(task)
        if task.cancelled() or task.exception() is None:
            return
        if not isValid(self):  # the window closed meanwhile (and then the database)
            return
        exc = task.exception()
        sys.excepthook(type(exc), exc, exc.__traceback__)  # a bug: the crash dialog

    # --- filters ------------------------------------------------------------------------------

    def current_view(self) -> int:
        return self.views.currentIndex()

    def link_state(self) -> str:
        return self.link_filter_combo.currentData()

    def apply_filters(self, *_args) -> None:
        """Apply the filter bar to the current view now (the search waits 250 ms for typing
        to pause before calling this)."""
        self._search_timer.stop()
        view = self.current_view()
        if view == VIEW_LOCAL:
            self._apply_local_filter()
        elif view == VIEW_SHOPIFY:
            state = self.link_state()
            self.shopify_model.set_filter(ShopifyFilter(
                search=self.search_edit.text().strip(),
                linked={LINK_LINKED: True, LINK_UNLINKED: False}.get(state),
                review_only=state == LINK_REVIEW,
            ))
        else:
            self.review_model.set_search(self.search_edit.text().strip())
        self._update_counts()

    def _apply_local_filter(self) -> bool:
        """Give the local model the filter bar's filter; True when that reloaded it."""
        state = self.link_state()
        wanted = CustomerFilter(
            search=self.search_edit.text().strip(),
            linked={LINK_LINKED: True, LINK_UNLINKED: False}.get(state),
            web_upload_only=self.web_upload_check.isChecked(),
            only_nos=tuple(self.review_model.candidate_nos()) if state == LINK_REVIEW else None,
        )
        if wanted == self.model.filter():
            return False
        self.model.set_filter(wanted)
        return True

    def _on_views_current_changed(self, view: int) -> None:
        self.web_upload_check.setEnabled(view == VIEW_LOCAL)
        self.link_filter_combo.setEnabled(view != VIEW_REVIEW)
        self.apply_filters()

    def _on_header_sort_indicator_changed(self, column: int, order: Qt.SortOrder) -> None:
        header = self.table.horizontalHeader()
        if 0 <= column < len(Column) and Column(column) in SORTABLE:
            self._sort = (column, order)
            return
        # Only number, name and e-mail sort in the store; put the indicator back.
        header.blockSignals(True)
        header.setSortIndicator(*self._sort)
        header.blockSignals(False)

    def _update_counts(self, *_args) -> None:
        view = self.current_view()
        if view == VIEW_SHOPIFY:
            shown = self.shopify_model.rowCount()
            text = (self.tr("Shopify customers: %1 (more below)") if self.shopify_model.has_more()
                    else self.tr("Shopify customers: %1"))
            self.count_label.setText(text.replace("%1", str(shown)))
            return
        if view == VIEW_REVIEW:
            self.count_label.setText(self.tr("Waiting for review: %1").replace(
                "%1", str(self.review_model.rowCount())))
            return
        # Plain numbers rather than %n plurals: they read right without a translation file.
        self.count_label.setText(self.tr("Customers: %1").replace(
            "%1", QLocale().toString(self.model.total())))
        filtered = (self.search_edit.text().strip() or self.link_state() != LINK_ALL
                    or self.web_upload_check.isChecked())
        if self.model.total() == 0 and filtered:
            self.table.set_empty_text(self.tr("No customer matches the search and filters."))
        else:
            self.table.set_empty_text(self._no_customers_text)

    def _update_review_title(self) -> None:
        count = self.review_model.rowCount()
        self.views.setTabText(VIEW_REVIEW, self.tr("Needs review (%1)").replace("%1", str(count))
                              if count else self.tr("Needs review"))

    # --- checkboxes and Web Upload -------------------------------------------------------------

    def checkboxes_visible(self) -> bool:
        return not self.table.isColumnHidden(Column.CHECK)

    def set_checkboxes_visible(self, visible: bool) -> None:
        self.table.setColumnHidden(Column.CHECK, not visible)
        self.pick_bar.setVisible(visible)
        if self.show_checkboxes_action.isChecked() != visible:
            self.show_checkboxes_action.setChecked(visible)
        self._update_pick_bar()

    def _on_table_context_menu(self, pos: QPoint) -> None:
        menu = self.build_context_menu()
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def build_context_menu(self) -> QMenu:
        """The right-click menu of the local list (The Edge: "Show checkboxes")."""
        menu = QMenu(self)
        menu.setObjectName("customers_context_menu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.show_checkboxes_action.setText(self.tr("Show checkboxes"))
        menu.addAction(self.show_checkboxes_action)
        if self.checkboxes_visible():
            menu.addAction(self.check_all_action)
            menu.addAction(self.uncheck_all_action)
        menu.addSeparator()
        menu.addAction(self.assign_action)
        menu.addAction(self.remove_action)
        menu.addSeparator()
        menu.addAction(self.link_action)
        menu.addAction(self.edit_action)
        menu.addAction(self.delete_action)
        return menu

    def check_all_shown(self) -> None:
        if not self.checkboxes_visible():
            self.set_checkboxes_visible(True)
        try:
            count = self.model.check_all_matching()
        except AppError as exc:
            feedback.show_error(self, exc)
            return
        self.status_label.setText(self.tr("Ticked the %1 customers the list shows.").replace(
            "%1", str(count)))

    def uncheck_all(self) -> None:
        self.model.clear_checked()

    def _on_model_checked_changed(self, _count: int) -> None:
        self._update_pick_bar()

    def _update_pick_bar(self) -> None:
        count = self.model.checked_count()
        self.checked_label.setText(self.tr("Ticked: %1 customers (ticks stay when you search "
                                           "again)").replace("%1", str(count)))
        self.uncheck_all_button.setEnabled(count > 0)

    def _chosen_nos(self) -> list[str]:
        """The ticked customers when the checkboxes show, else the selected rows."""
        if self.checkboxes_visible() and self.model.checked_count():
            return self.model.checked_nos()
        rows = self.table.selectionModel().selectedRows()
        return sorted({self.model.customer(index.row()).no for index in rows})

    def assign_to_web_upload(self) -> int:
        return self._set_web_upload(True)

    def remove_from_web_upload(self) -> int:
        return self._set_web_upload(False)

    def _set_web_upload(self, flag: bool) -> int:
        nos = self._chosen_nos()
        if not nos:
            self.status_label.setText(self.tr(
                "Tick customers first (right-click the list, Show checkboxes) or select rows."))
            return 0
        shop = self.shop()
        if shop is None:
            self.status_label.setText(self.tr("Add a shop card first: ticks belong to one."))
            return 0
        try:  # the ticks belong to the shop card shown (issue 14)
            unknown = local_customers.set_web_upload(nos, flag, shop=shop)
        except AppError as exc:
            feedback.show_error(self, exc)
            return 0
        done = len(nos) - len(unknown)
        if flag:
            text = self.tr("Assigned %1 customers to Web Upload for shop card %2. They go up "
                           "to that store on its next sync.")
        else:
            text = self.tr("Removed %1 customers from Web Upload for shop card %2.")
        text = text.replace("%1", str(done)).replace("%2", shop)
        if unknown:
            text += " " + self.tr("Not found (deleted meanwhile): %1").replace(
                "%1", ", ".join(unknown[:10]))
        self.status_label.setText(text)
        self.model.reload()
        return done

    def _on_sync_done(self, result: SyncResult | None) -> None:
        if result is None:
            return
        text = (self.tr("Sync Customers done: %1 created, %2 updated, %3 failed.")
                .replace("%1", str(result.created)).replace("%2", str(result.updated))
                .replace("%3", str(result.failed)))
        if result.still_failing:
            text += " " + self.tr("%n of them failed the same way on the last sync.", "",
                                  result.still_failing)
        if result.failed:
            text += " " + self.tr("The sync log lists each failed customer.")
        self.status_label.setText(text)

    # --- linking ------------------------------------------------------------------------------

    def current_customer_no(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            rows = self.table.selectionModel().selectedRows()
            if not rows:
                return None
            index = rows[0]
        return self.model.customer(index.row()).no

    def current_shopify_id(self) -> str | None:
        if self.current_view() == VIEW_REVIEW:
            table, model = self.review_table, self.review_model
        else:
            table, model = self.shopify_table, self.shopify_model
        index = table.currentIndex()
        if not index.isValid():
            return None
        return model.customer(index.row()).shopify_id

    def open_link_dialog(self) -> LinkDialog | None:
        """Open the linking dialog for the current row of the current view."""
        shop = self.shop()
        if shop is None:
            return None
        if self.current_view() == VIEW_LOCAL:
            no = self.current_customer_no()
            if no is None:
                self.status_label.setText(self.tr("Select a customer to link first."))
                return None
            kwargs = {"customer_no": no}
        else:
            gid = self.current_shopify_id()
            if gid is None:
                self.status_label.setText(self.tr("Select a Shopify customer to link first."))
                return None
            kwargs = {"shopify_id": gid}
        if self.link_dialog is not None:
            self.link_dialog.close()
        dialog = LinkDialog(shop, parent=self, **kwargs)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.links_changed.connect(self.reload)
        dialog.finished.connect(lambda _result, d=dialog: self._on_link_dialog_finished(d))
        self.link_dialog = dialog
        dialog.open()
        return dialog

    def _on_link_dialog_finished(self, dialog: LinkDialog) -> None:
        if self.link_dialog is dialog:
            self.link_dialog = None

    # --- changing and deleting ----------------------------------------------------------------

    def open_customer_dialog(self) -> CustomerDialog | None:
        """Open the customer dialog for the current row of the local list."""
        no = self.current_customer_no() if self.current_view() == VIEW_LOCAL else None
        if no is None:
            self.status_label.setText(self.tr("Select a customer first."))
            return None
        if self.customer_dialog is not None:
            self.customer_dialog.close()
        try:
            dialog = CustomerDialog(no, parent=self)
        except AppError as exc:
            feedback.show_error(self, exc)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._on_customer_dialog_saved)
        dialog.finished.connect(lambda _result, d=dialog: self._on_customer_dialog_finished(d))
        self.customer_dialog = dialog
        dialog.open()
        return dialog

    def _on_customer_dialog_saved(self, no: str) -> None:
        self.status_label.setText(self.tr("Customer %1 saved.").replace("%1", no))
        self.reload()

    def _on_customer_dialog_finished(self, dialog: CustomerDialog) -> None:
        if self.customer_dialog is dialog:
            self.customer_dialog = None

    def confirm_delete_customer(self) -> QMessageBox | None:
        """Ask before deleting the current customer, naming it (No is the default)."""
        no = self.current_customer_no() if self.current_view() == VIEW_LOCAL else None
        if no is None:
            self.status_label.setText(self.tr("Select a customer first."))
            return None
        try:
            row = customers.get_customer(no)
        except AppError as exc:
            feedback.show_error(self, exc)
            return None
        box = QMessageBox(self)
        box.setObjectName("delete_customer_confirm")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Delete customer"))
        box.setText(self.tr("Delete customer %1 %2?").replace("%1", no).replace("%2", row.name))
        box.setInformativeText(self.tr(
            "Its links to Shopify customers are removed; nothing is deleted in Shopify."))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: self.delete_customer(no)
            if box.standardButton(button) == QMessageBox.StandardButton.Yes else None)
        box.open()
        return box

    def delete_customer(self, no: str) -> bool:
        """Delete customer `no` (the engine of `shop-sync customers delete`)."""
        try:
            deletion = local_customers.delete_customer(no)
        except local_customers.CustomerInUseError as exc:
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Customer not deleted"),
                              self.tr("Customer %1 is not deleted: it is used by").replace(
                                  "%1", no), QMessageBox.StandardButton.Ok, self)
            box.setObjectName("customer_in_use_message")
            box.setInformativeText("\n".join(use_text(u) for u in exc.uses))
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            return False
        except AppError as exc:
            feedback.show_error(self, exc)
            return False
        text = self.tr("Customer %1 %2 deleted.").replace("%1", no).replace("%2", deletion.name)
        if deletion.unlinked:
            text += " " + self.tr("Its Shopify links were removed; the Shopify customers stay "
                                  "in Shopify.")
        self.status_label.setText(text)
        self.reload()
        return True

    def find_mapping_for_current(self) -> None:
        """Find mapping for the current Shopify customer (opens the dialog with the result)."""
        dialog = self.open_link_dialog()
        if dialog is not None:
            dialog.find_mapping()
