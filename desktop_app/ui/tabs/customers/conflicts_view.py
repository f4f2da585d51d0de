"""ConflictsView: the Customers tab's list of customer fields changed both here and in Shopify
since the last sync, and Keep local / Keep Shopify (issue 19, two-way edits).

With both customer update directions on, the customers sync leaves such a field alone on both
sides (`sync/conflicts.py`) and lists it here. Each row: the customer, the field, the local
value and Shopify's. Keep local / Keep Shopify run, for the current row, the same engine
function as `shop-sync conflicts resolve ID --take local|shopify`
(`sync.conflict_resolution.resolve_conflict`, an action under the shop's lock through
`SyncEngine.run_action`, recorded in the history). Texts use the translation context
"ConflictsView" (the class's `tr`).
"""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QWidget
from shiboken6 import isValid

from desktop_app.errors import AppError
from desktop_app.store import conflicts as conflict_store
from desktop_app.sync.conflict_resolution import resolve_conflict
from desktop_app.sync.engine import SyncEngine
from desktop_app.sync.results import CUSTOMER_CONFLICTS, SyncResult
from desktop_app.ui import feedback
from desktop_app.ui.dialogs.customer_dialog import field_label
from desktop_app.ui.tabs.customers.tables import customer_table
from desktop_app.ui.widgets.controls import push_button
from desktop_app.ui.widgets.layouts import controls_row, page_layout
from desktop_app.ui.widgets.table_columns import size_columns
from desktop_app.ui.window_reads import window_read

log = logging.getLogger(__name__)

NO, NAME, FIELD, LOCAL_VALUE, SHOPIFY_VALUE = range(5)
_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _shown(value: str) -> str:
    return value or QCoreApplication.translate("ConflictsView", "(blank)")


class ConflictsView(QWidget):
    """The open conflicts of the tab's shop, with Keep local and Keep Shopify.

    Signals:
        message(text: str): what a choice did, or why nothing was done, for the status line.
        customers_changed(): a conflict was resolved (the customers are to be read again).
        count_changed(count: int): the list was read again; `count` open conflicts.
    """

    message = Signal(str)
    customers_changed = Signal()
    count_changed = Signal(int)

    def __init__(self, engine: SyncEngine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflicts_page")
        self._engine = engine
        self._shop: str | None = None
        self.conflicts: list[conflict_store.FieldConflict] = []
        self.running: asyncio.Future | None = None
        self._reads: set[asyncio.Future] = set()
        self.model = QStandardItemModel(0, 5, self)
        self.model.setHorizontalHeaderLabels([
            self.tr("Customer"), self.tr("Name"), self.tr("Field"), self.tr("Local value"),
            self.tr("Shopify value")])
        self.table = customer_table(self, "conflicts_table", self.tr("Conflicts"))
        self.table.setModel(self.model)
        self.table.setEditTriggers(self.table.EditTrigger.NoEditTriggers)
        size_columns(self.table, ((NO, 100), (NAME, 180), (FIELD, 120), (LOCAL_VALUE, 200)),
                     stretch=(SHOPIFY_VALUE,))
        self.table.set_empty_text(self.tr(
            "No conflicts.\n\nWith both “Shopify can update customers” and “Can update Shopify "
            "customers” on, a field changed both here and in Shopify since the last sync is "
            "listed here: neither side is overwritten until you choose."))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("conflicts_count_label")
        self.keep_local_button = push_button(
            self, "keep_local_button", self.tr("Keep &local"),
            self.tr("Keep the local value of the current row and send it to Shopify"))
        self.keep_shopify_button = push_button(
            self, "keep_shopify_button", self.tr("Keep Sho&pify"),
            self.tr("Keep Shopify's value of the current row and write it to the local "
                    "customer"))
        self.keep_local_button.clicked.connect(lambda: self.start_resolve("local"))
        self.keep_shopify_button.clicked.connect(lambda: self.start_resolve("shopify"))
        page_layout(self, self.table,
                    controls_row(self.count_label, None, self.keep_local_button,
                                 self.keep_shopify_button),
                    grow=self.table)
        self._update_buttons()

    # --- reading --------------------------------------------------------------------------

    def set_shop(self, shop: str | None) -> None:
        self._shop = shop
        self.reload_in_thread()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.reload_in_thread()

    def _read(self) -> list[conflict_store.FieldConflict]:
        if self._shop is None:
            return []
        try:
            return conflict_store.list_conflicts(self._shop)
        except AppError as exc:  # the shop was removed meanwhile
            log.info("conflicts not read: %s", exc)
            return []

    def reload(self) -> None:
        """Read the shop's open conflicts again, here."""
        self.set_conflicts(self._read())

    def reload_in_thread(self) -> None:
        """Read them again in a worker thread (after a sync the window's event loop reads
        nothing itself); here, without an event loop."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            self.reload()
            return
        self._reads.add(task := asyncio.ensure_future(self._read_in_thread()))
        task.add_done_callback(self._reads.discard)

    async def _read_in_thread(self) -> None:
        found = await window_read(self._read)
        if isValid(self):
            self.set_conflicts(found)

    def set_conflicts(self, conflicts: list[conflict_store.FieldConflict]) -> None:
        current = self.current_conflict()
        self.conflicts = conflicts
        self.model.removeRows(0, self.model.rowCount())
        for c in conflicts:
            items = [QStandardItem(text) for text in (
                c.customer_no, c.customer_name, field_label(c.field), _shown(c.local),
                _shown(c.shopify))]
            items[NO].setData(c.id, _ID_ROLE)
            items[LOCAL_VALUE].setToolTip(c.local)
            items[SHOPIFY_VALUE].setToolTip(c.shopify)
            self.model.appendRow(items)
        self.count_label.setText(self.tr("Conflicts: %1").replace("%1", str(len(conflicts))))
        if conflicts:
            ids = [c.id for c in conflicts]
            row = ids.index(current.id) if current is not None and current.id in ids else 0
            self.table.selectRow(row)
        self._update_buttons()
        self.count_changed.emit(len(conflicts))

    def _update_buttons(self) -> None:
        idle = self.running is None or self.running.done()
        for button in (self.keep_local_button, self.keep_shopify_button):
            button.setEnabled(bool(self.conflicts) and idle)

    def current_conflict(self) -> conflict_store.FieldConflict | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        wanted = self.model.item(index.row(), NO).data(_ID_ROLE)
        return next((c for c in self.conflicts if c.id == wanted), None)

    # --- resolving ------------------------------------------------------------------------

    def start_resolve(self, take: str) -> asyncio.Future | None:
        """Resolve the current row's conflict for `take` (`local`, `shopify`), in a task."""
        conflict = self.current_conflict()
        if conflict is None:
            self.message.emit(self.tr("Select a conflict first."))
            return None
        if self.running is not None and not self.running.done():
            return None
        self.running = asyncio.ensure_future(self.resolve(conflict, take))
        self._update_buttons()
        return self.running

    async def resolve(self, conflict: conflict_store.FieldConflict, take: str
                      ) -> SyncResult | None:
        """Keep one side's value of `conflict`: the engine writes it to the other side."""
        result: SyncResult | None = None
        try:
            result = await self._engine.run_action(
                conflict.shop, lambda job: resolve_conflict(job.ctx, conflict.id, take),
                f"conflicts resolve {conflict.id} --take {take}",
                recorded_as=CUSTOMER_CONFLICTS)
        except AppError as exc:  # expected failures; bugs go to the excepthook
            if isValid(self):
                self.message.emit(self.tr("Nothing was changed."))
                feedback.show_error(self, exc)
        finally:
            if isValid(self):
                self.running = None
                self.reload_in_thread()
        if result is None or not isValid(self):
            return result
        text = (self.tr("Customer %1: the local %2 was kept and sent to Shopify.")
                if take == "local" else
                self.tr("Customer %1: Shopify's %2 was kept and written here."))
        self.message.emit(text.replace("%1", conflict.customer_no)
                          .replace("%2", field_label(conflict.field)))
        self.customers_changed.emit()
        return result
