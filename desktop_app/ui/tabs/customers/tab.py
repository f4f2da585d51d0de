"""CustomersTab: local and Shopify customers side by side, the review list, linking and
Assign to Web Upload (seed 004).

Three views, each in its own module, share one filter bar (search, link state, web upload
only) held here: the local customers (`local_view`), the Shopify customers and those that
need review (`shopify_views`). Link… opens `LinkDialog` for the current row of any view; the
tab also reads the views again after a customers sync, in a worker thread, one after the other.
"""

from __future__ import annotations

import asyncio
import logging
import sys

from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTabWidget,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.store import problems
from desktop_app.sync.engine import SyncEngine
from desktop_app.sync.results import Resource, SyncResult
from desktop_app.ui.dialogs.customer_dialog import CustomerDialog
from desktop_app.ui.dialogs.link_dialog import LinkDialog
from desktop_app.ui.models.customer_table_model import Column, CustomerFilter
from desktop_app.ui.models.shopify_customer_table_model import ShopifyFilter
from desktop_app.ui.tabs.customers.conflicts_view import ConflictsView
from desktop_app.ui.tabs.customers.csv_actions import CustomerCsvActions
from desktop_app.ui.tabs.customers.duplicates_view import DuplicatesView
from desktop_app.ui.tabs.customers.local_view import LocalCustomersView
from desktop_app.ui.tabs.customers.shopify_views import ReviewView, ShopifyCustomersView
from desktop_app.ui.tabs.resource_tab import ResourceTab, sync_result_text
from desktop_app.ui.widgets.controls import choice_combo, line_edit
from desktop_app.ui.widgets.layouts import page_layout
from desktop_app.ui.widgets.open_dialogs import open_tracked

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250

LINK_ALL, LINK_LINKED, LINK_UNLINKED, LINK_REVIEW = "all", "linked", "unlinked", "review"
VIEW_LOCAL, VIEW_SHOPIFY, VIEW_REVIEW = 0, 1, 2


class CustomersTab(ResourceTab):
    resource = Resource.CUSTOMERS

    def __init__(self, engine: SyncEngine, parent: QWidget | None = None) -> None:
        super().__init__(engine, parent)
        self.setObjectName("customers_tab")
        self.link_dialog: LinkDialog | None = None
        self._reload_tasks: set[asyncio.Task] = set()

        self._build_filter_bar()
        self.local = LocalCustomersView(self)
        self.shopify = ShopifyCustomersView(self)
        self.review = ReviewView(self)
        self._name_view_widgets()
        self._connect_views()

        self.views = QTabWidget(self)
        self.views.setObjectName("customer_views")
        self.views.addTab(self.local, self.tr("Local customers"))
        self.views.addTab(self.shopify, self.tr("Shopify customers"))
        self.views.addTab(self.review, self.tr("Needs review"))
        self.duplicates = DuplicatesView(self)  # issue 19: look-alike customers, Merge…
        self.views.addTab(self.duplicates, self.tr("Duplicates"))
        self.conflicts = ConflictsView(engine, self)  # issue 19: fields changed on both sides
        self.views.addTab(self.conflicts, self.tr("Conflicts"))
        self.views.currentChanged.connect(self._on_views_current_changed)
        self.views.setCornerWidget(self.preview_button)  # issue 19 (the bar above is full)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("customer_status_label")
        self.status_label.setWordWrap(True)

        page_layout(self, self._filter_bar, self.views, self.status_label, grow=self.views,
                    margins=None)

        for paged in (self.model, self.shopify_model):
            paged.modelReset.connect(self._update_counts)
            paged.rowsInserted.connect(self._update_counts)
        self.review_model.modelReset.connect(self._update_review_title)
        self.review_model.modelReset.connect(self.problems_changed)
        for view in (self.local, self.duplicates, self.conflicts):
            view.message.connect(self.status_label.setText)
            view.customers_changed.connect(self.reload)
        self.conflicts.count_changed.connect(self._update_conflicts_title)
        self.csv.message.connect(self.status_label.setText)
        self.csv.customers_changed.connect(self.reload_in_threads)
        engine.changed.connect(self._on_engine_changed)
        self.sync_done.connect(self._on_sync_done)

        self.table.sortByColumn(Column.NO, Qt.SortOrder.AscendingOrder)
        self._on_views_current_changed(VIEW_LOCAL)
        self._update_counts()
        self._update_review_title()
        self.local.update_pick_bar()

    # --- building ---------------------------------------------------------------------------

    def _build_filter_bar(self) -> None:
        self.search_edit = line_edit(
            self, "customer_search_edit", self.tr("Search customers"),
            self.tr("Search by number, name, e-mail or phone"), clearable=True)
        self._search_timer = QTimer(self)
        self._search_timer.setObjectName("customer_search_timer")
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search_edit.textChanged.connect(self._search_timer.start)

        self.link_filter_combo = choice_combo(
            self, "link_filter_combo", self.tr("Link state"),
            ((self.tr("All customers"), LINK_ALL), (self.tr("Linked"), LINK_LINKED),
             (self.tr("Not linked"), LINK_UNLINKED), (self.tr("Needs review"), LINK_REVIEW)))
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

        self._build_sync_button(
            self.tr("Sync Customers"),
            self.tr("Bring customers from Shopify and send the local changes the Shop Card "
                    "allows, with the customers assigned to Web Upload (F5)"))

        bar = QHBoxLayout()
        bar.addWidget(self.search_edit, 1)
        bar.addWidget(self.link_filter_combo)
        bar.addWidget(self.web_upload_check)
        bar.addWidget(self.count_label)
        self.csv = CustomerCsvActions(self)
        self.import_button, self.export_button = self.csv.import_button, self.csv.export_button
        bar.addWidget(self.import_button)
        bar.addWidget(self.export_button)
        bar.addWidget(self.sync_button)
        self._filter_bar = bar

    def _name_view_widgets(self) -> None:
        """Give the views' widgets the names they had on the tab before it was split into
        views; the tests and the benchmarks reach them by these names."""
        local, shopify, review = self.local, self.shopify, self.review
        self.local_page, self.shopify_page, self.review_page = local, shopify, review
        self.model, self.table = local.model, local.table
        self.shopify_model, self.shopify_table = shopify.model, shopify.table
        self.review_model, self.review_table = review.model, review.table
        self.pick_bar, self.checked_label = local.pick_bar, local.checked_label
        self.check_all_button, self.uncheck_all_button = (
            local.check_all_button, local.uncheck_all_button)
        self.hide_checkboxes_button = local.hide_checkboxes_button
        self.link_button, self.edit_button, self.delete_button = (
            local.link_button, local.edit_button, local.delete_button)
        self.assign_button, self.remove_button = local.assign_button, local.remove_button
        self.show_checkboxes_action = local.show_checkboxes_action
        self.shopify_link_button = shopify.link_button
        self.find_mapping_button = shopify.find_mapping_button
        self.review_link_button, self.review_find_button = review.link_button, review.find_button

    def _connect_views(self) -> None:
        """Link…, Find mapping, Edit… and Delete… act on the current view's current row."""
        local = self.local
        local.table.doubleClicked.connect(lambda _index: self.open_link_dialog())
        for button, action, slot in (
                (local.link_button, local.link_action, self.open_link_dialog),
                (local.edit_button, local.edit_action, self.open_customer_dialog),
                (local.delete_button, local.delete_action, self.confirm_delete_customer)):
            button.clicked.connect(slot)
            action.triggered.connect(slot)
        for view in (self.shopify, self.review):
            view.table.doubleClicked.connect(lambda _index: self.open_link_dialog())
            view.link_button.clicked.connect(self.open_link_dialog)
        self.shopify.find_mapping_button.clicked.connect(self.find_mapping_for_current)
        self.review.find_button.clicked.connect(self.find_mapping_for_current)

    @property
    def customer_dialog(self) -> CustomerDialog | None:
        return self.local.customer_dialog

    # --- shop and reloading -------------------------------------------------------------------

    def set_shop(self, shop_code: str | None) -> None:
        super().set_shop(shop_code)
        self.review_model.set_shop(shop_code)
        self.local.set_shop(shop_code)
        self.shopify_model.set_shop(shop_code)
        self.conflicts.set_shop(shop_code)
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
        if resource == Resource.CUSTOMERS.value:
            self.reload_in_threads()
            self.conflicts.reload_in_thread()

    def reload_in_threads(self) -> None:
        """Re-read the three lists in a worker thread (or here, without a loop)."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a plain script or test): read them here
            self.reload()
            return
        self._start(self._reload_one_after_another())

    async def _reload_one_after_another(self) -> None:
        """One list's read at a time (issue 21): a reading thread holds the interpreter in
        stretches, and the loop waits for it at each Python call of a repaint, the longer the
        more threads read at once (a repaint's tick, 1 vs 4 busy threads: 28 vs 221 ms)."""
        review = self.link_state() == LINK_REVIEW  # the local list shows its candidates
        for model in ((self.review_model,) if review else (self.model, self.review_model)) + (
                self.shopify_model,):
            if not self._can_read():
                return
            await model.reload_in_thread()
            if review and model is self.review_model and isValid(self) and (
                    not self._apply_local_filter()):
                self.model.reload()

    def _can_read(self) -> bool:
        """Whether a read in a thread can start: the tab is alive and the event loop runs
        (it does not while the app or a test ends, Qt handling the last events alone)."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return False
        return isValid(self)

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

    def problem_keys(self, shop: str) -> set[str]:
        """The failed records of the last customers sync and the customers waiting for
        review."""
        return (super().problem_keys(shop) | problems.customers_in_review(shop)
                | problems.customers_in_conflict(shop))

    def show_problems(self) -> None:
        if self.review_model.rowCount():
            self.views.setCurrentIndex(VIEW_REVIEW)
        elif self.conflicts.conflicts:
            self.views.setCurrentIndex(self.views.indexOf(self.conflicts))

    def _update_conflicts_title(self, count: int) -> None:
        self.views.setTabText(self.views.indexOf(self.conflicts),
                              self.tr("Conflicts (%1)").replace("%1", str(count))
                              if count else self.tr("Conflicts"))
        self.problems_changed.emit()

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
        self.local.show_empty_text(filtered=bool(
            self.search_edit.text().strip() or self.link_state() != LINK_ALL
            or self.web_upload_check.isChecked()))

    def _update_review_title(self) -> None:
        count = self.review_model.rowCount()
        self.views.setTabText(VIEW_REVIEW, self.tr("Needs review (%1)").replace("%1", str(count))
                              if count else self.tr("Needs review"))

    def _on_sync_done(self, result: SyncResult | None) -> None:
        if result is not None:
            self.status_label.setText(sync_result_text(
                result, self.tr("Sync Customers done: %1."),
                self.tr("The sync log lists each failed customer."),
                self.tr("%n of them failed the same way on the last sync.", "",
                        result.still_failing)))

    # --- the local list ---------------------------------------------------------------------

    def checkboxes_visible(self) -> bool:
        return self.local.checkboxes_visible()

    def uncheck_all(self) -> None:
        self.local.uncheck_all()

    def open_customer_dialog(self) -> CustomerDialog | None:
        """Open the customer dialog for the current row of the local list."""
        no = self.current_customer_no() if self.current_view() == VIEW_LOCAL else None
        return self.local.open_customer_dialog(no)

    def confirm_delete_customer(self) -> QMessageBox | None:
        """Ask before deleting the current customer of the local list, naming it."""
        no = self.current_customer_no() if self.current_view() == VIEW_LOCAL else None
        return self.local.confirm_delete_customer(no)

    def delete_customer(self, no: str) -> bool:
        """Delete customer `no` (the engine of `shop-sync customers delete`)."""
        return self.local.delete_customer(no)

    # --- linking ------------------------------------------------------------------------------

    def current_customer_no(self) -> str | None:
        return self.local.current_no()

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
        dialog.links_changed.connect(self.reload)
        return open_tracked(self, "link_dialog", dialog)

    def find_mapping_for_current(self) -> None:
        """Find mapping for the current Shopify customer (opens the dialog with the result)."""
        dialog = self.open_link_dialog()
        if dialog is not None:
            dialog.find_mapping()
