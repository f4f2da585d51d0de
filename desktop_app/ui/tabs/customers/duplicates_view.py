"""DuplicatesView: the Customers tab's list of local customers that look like one person, and
Merge… (issue 19).

The pairs come from `store.customer_duplicates.find_duplicates` (read-only: in a worker
thread when the loop runs, 100,000 customers take a second or two), read when the view is
first shown and on Find again. Each row names the customer to keep, the other one and why,
the reasons translated from their codes. Merge… says what would move
(`store.customer_merge.merge_plan`, which checks the refusals too), asks, and runs the same
engine function as `shop-sync customers merge KEEP OTHER` (`sync.customer_merge`, a recorded
run). Texts use the translation context "DuplicatesView" (the class's `tr`).
"""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget
from shiboken6 import isValid

from desktop_app.errors import AppError
from desktop_app.store import customer_duplicates as dup
from desktop_app.store.customer_merge import CustomerMergeError, MergePlan, merge_plan
from desktop_app.sync import customer_merge
from desktop_app.ui import feedback
from desktop_app.ui.tabs.customers.tables import customer_table
from desktop_app.ui.widgets.controls import push_button
from desktop_app.ui.widgets.layouts import controls_row, page_layout
from desktop_app.ui.widgets.questions import action_question
from desktop_app.ui.widgets.table_columns import size_columns
from desktop_app.ui.window_reads import window_read

log = logging.getLogger(__name__)

KEEP, KEEP_NAME, OTHER, OTHER_NAME, REASONS = range(5)
_PAIR_ROLE = Qt.ItemDataRole.UserRole + 1


def reason_label(code: str) -> str:
    """The window's words for a reason code of `customer_duplicates`."""
    labels = {
        dup.SAME_EMAIL: QCoreApplication.translate("DuplicatesView", "Same e-mail"),
        dup.SAME_PHONE: QCoreApplication.translate("DuplicatesView", "Same phone"),
        dup.SIMILAR_NAME_ADDRESS: QCoreApplication.translate(
            "DuplicatesView", "Similar name, same address"),
    }
    return labels.get(code, code)


def reasons_text(pair: dup.DuplicatePair) -> str:
    """ "Same e-mail: john@example.com; Same phone: +33612345678" """
    labelled = QCoreApplication.translate("DuplicatesView", "%1: %2")  # French: "%1 : %2"
    return "; ".join(labelled.replace("%1", reason_label(r)).replace("%2", pair.details[r])
                     if pair.details.get(r) else reason_label(r) for r in pair.reasons)


class DuplicatesView(QWidget):
    """The pairs of look-alike customers, with Find again and Merge….

    Signals:
        message(text: str): what a merge did, or why nothing was done, for the status line.
        customers_changed(): a merge was done (every view is to be read again).
    """

    message = Signal(str)
    customers_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicates_page")
        self.pairs: list[dup.DuplicatePair] = []
        self.loaded = False
        self.merge_box: QMessageBox | None = None
        self._task: asyncio.Future | None = None
        self.model = QStandardItemModel(0, 5, self)
        self.model.setHorizontalHeaderLabels([
            self.tr("Keep"), self.tr("Name"), self.tr("Duplicate"), self.tr("Name"),
            self.tr("Why")])
        self.table = customer_table(self, "duplicates_table", self.tr("Duplicate customers"))
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)  # ranked until a header is clicked
        self.table.setEditTriggers(self.table.EditTrigger.NoEditTriggers)
        size_columns(self.table, ((KEEP, 100), (KEEP_NAME, 180), (OTHER, 110),
                                  (OTHER_NAME, 180)), stretch=(REASONS,))
        self.table.set_empty_text(self.tr(
            "No duplicate customers found.\n\nCustomers with the same e-mail, the same phone, "
            "or a similar name at the same address are listed here."))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("duplicates_count_label")
        self.find_button = push_button(
            self, "find_duplicates_button", self.tr("&Find again"),
            self.tr("Look for duplicate customers again"))
        self.merge_button = push_button(
            self, "merge_customers_button", self.tr("&Merge…"),
            self.tr("Merge the second customer of the current row into the first: its "
                    "documents, ship-to addresses, Shopify links and web upload ticks move, and "
                    "blank fields are filled from it"))
        self.find_button.clicked.connect(self.reload_in_thread)
        self.merge_button.clicked.connect(self.confirm_merge)
        self.table.doubleClicked.connect(lambda _index: self.confirm_merge())
        page_layout(self, self.table,
                    controls_row(self.count_label, None, self.find_button, self.merge_button),
                    grow=self.table)
        self._update_buttons()

    # --- reading --------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self.loaded:
            self.reload_in_thread()

    def reload(self) -> None:
        """Find the pairs again, here."""
        self.set_pairs(dup.find_duplicates())

    def reload_in_thread(self) -> None:
        """Find the pairs again in a worker thread (here, without an event loop)."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            self.reload()
            return
        if self._task is not None and not self._task.done():
            return
        self.find_button.setEnabled(False)
        self._task = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        try:
            pairs = await window_read(dup.find_duplicates)
        except AppError as exc:
            if isValid(self):
                feedback.show_error(self, exc)
            return
        finally:
            if isValid(self):
                self.find_button.setEnabled(True)
        if isValid(self):
            self.set_pairs(pairs)

    def set_pairs(self, pairs: list[dup.DuplicatePair]) -> None:
        self.loaded = True
        self.pairs = pairs
        self.model.removeRows(0, self.model.rowCount())
        for pair in pairs:
            items = [QStandardItem(text) for text in (
                pair.keep, pair.keep_name, pair.other, pair.other_name, reasons_text(pair))]
            items[0].setData(pair, _PAIR_ROLE)
            items[REASONS].setToolTip(reasons_text(pair))
            self.model.appendRow(items)
        self.count_label.setText(self.tr("Pairs found: %1").replace("%1", str(len(pairs))))
        if pairs:
            self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.merge_button.setEnabled(bool(self.pairs))

    def current_pair(self) -> dup.DuplicatePair | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.item(index.row(), KEEP).data(_PAIR_ROLE)

    # --- merging --------------------------------------------------------------------------

    def confirm_merge(self) -> QMessageBox | None:
        """Ask before merging the current pair, naming both and what moves."""
        pair = self.current_pair()
        if pair is None:
            self.message.emit(self.tr("Select a pair first."))
            return None
        try:
            plan = merge_plan(pair.keep, pair.other)
        except AppError as exc:
            self.show_refusal(exc)
            return None
        self.merge_box = action_question(
            self, "merge_customers_confirm", self.tr("Merge customers"),
            self.tr("Merge customer %1 %2 into %3 %4?").replace("%1", plan.other)
            .replace("%2", plan.other_name).replace("%3", plan.keep)
            .replace("%4", plan.keep_name),
            self.plan_text(plan), self.tr("&Merge"), "merge_customers_yes",
            lambda: self.merge(plan.keep, plan.other))
        self.merge_box.open()
        return self.merge_box

    def plan_text(self, plan: MergePlan) -> str:
        """What moves, one line each (only what there is), then what happens to OTHER."""
        lines = [text.replace("%1", str(count)) for count, text in (
            (plan.documents, self.tr("Documents (orders, invoices, credit memos): %1")),
            (plan.orders, self.tr("Shopify orders: %1")),
            (plan.ship_tos, self.tr("Ship-to addresses: %1")),
            (plan.links, self.tr("Shopify links: %1")),
            (plan.ticks, self.tr("Web upload ticks: %1"))) if count]
        if plan.fields:
            lines.append(self.tr("Blank fields filled: %1").replace("%1", ", ".join(plan.fields)))
        lines.append(self.tr("Then customer %1 is deleted; %2 keeps a note of the merge.")
                     .replace("%1", plan.other).replace("%2", plan.keep))
        return "\n".join(lines)

    def merge(self, keep: str, other: str) -> bool:
        """Merge `other` into `keep` (the engine of `shop-sync customers merge`)."""
        try:
            plan = customer_merge.merge_customers(keep, other)  # a recorded run
        except AppError as exc:
            self.show_refusal(exc)
            return False
        self.message.emit(self.tr("Customer %1 %2 merged into %3 %4.").replace("%1", other)
                          .replace("%2", plan.other_name).replace("%3", keep)
                          .replace("%4", plan.keep_name))
        self.customers_changed.emit()
        self.reload_in_thread()
        return True

    def show_refusal(self, exc: AppError) -> QMessageBox:
        """A merge refused: the reason in the window's words, the engine's details below."""
        if not isinstance(exc, CustomerMergeError):
            return feedback.show_error(self, exc)
        texts = {
            "same_customer": self.tr("A customer cannot be merged into itself."),
            "default_customer": self.tr(
                "Customer %1 is a Shop Card's default customer (shop %2): merge the other way, "
                "or change the Shop Card first."),
            "both_linked": self.tr(
                "Both customers are linked to different Shopify customers in shop %2: unlink "
                "one first."),
        }
        text = texts.get(exc.reason, self.tr("The customers were not merged.")).replace(
            "%1", str(exc.details.get("customer", ""))).replace(
            "%2", str(exc.details.get("shop", "")))
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Customers not merged"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("merge_refused_message")
        box.setInformativeText(str(exc))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box
