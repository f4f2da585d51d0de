"""LocalCustomersView: the Customers tab's view of the local customers (seed 004).

The whole customer table, paged from the store (100,000 rows open and filter without
freezing: SQL does the filtering, the model reads 500 rows at a time). Right-click > Show
checkboxes adds a pick column; ticks survive searches, "Check all shown" ticks every customer
of the filter (numbers only, read in SQL), and Assign to / Remove from Web Upload flag them for
the next sync (the ticks are the shop card's shown, issue 14). Edit… opens `CustomerDialog`
and Delete… asks first (the engine of `customers set` / `customers delete`).

The tab connects Link… (and a double click), Edit… and Delete… to its own methods: it knows
which view is current.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QWidget,
)

from desktop_app.errors import AppError
from desktop_app.store import customers, local_customers, shops
from desktop_app.sync import local_runs
from desktop_app.sync.shop_admin import ShopAdmin
from desktop_app.ui import feedback
from desktop_app.ui.dialogs.customer_dialog import CustomerDialog, use_text
from desktop_app.ui.dialogs.record_history_dialog import RecordHistoryDialog
from desktop_app.ui.models.customer_table_model import SORTABLE, Column, CustomerTableModel
from desktop_app.ui.plurals import plural
from desktop_app.ui.tabs.customers.tables import customer_table
from desktop_app.ui.widgets.controls import menu_action, push_button
from desktop_app.ui.widgets.layouts import controls_row, page_layout
from desktop_app.ui.widgets.open_dialogs import open_tracked
from desktop_app.ui.widgets.questions import yes_no_question
from desktop_app.ui.widgets.table_columns import size_columns

#: The pick bar's buttons: object name, text, tooltip ("" none), in the context "CustomersTab".
_PICK_BUTTONS = (
    ("check_all_button", QT_TRANSLATE_NOOP("CustomersTab", "Check all shown"),
     QT_TRANSLATE_NOOP("CustomersTab", "Tick every customer the search and filters show, "
                       "including the ones further down the list")),
    ("uncheck_all_button", QT_TRANSLATE_NOOP("CustomersTab", "Uncheck all"), ""),
    ("hide_checkboxes_button", QT_TRANSLATE_NOOP("CustomersTab", "Hide checkboxes"), ""),
)
#: The buttons below the list (the tab connects Link…, Edit… and Delete…).
_LIST_BUTTONS = (
    ("link_local_button", QT_TRANSLATE_NOOP("CustomersTab", "Link…"),
     QT_TRANSLATE_NOOP("CustomersTab", "Link the current customer to a Shopify customer, "
                       "or unlink it")),
    ("assign_web_upload_button", QT_TRANSLATE_NOOP("CustomersTab", "Assign to Web Upload"),
     QT_TRANSLATE_NOOP("CustomersTab", "The ticked customers (or the selected rows) go up to "
                       "Shopify on the next sync. Right-click the list and choose Show "
                       "checkboxes to tick them.")),
    ("remove_web_upload_button", QT_TRANSLATE_NOOP("CustomersTab", "Remove from Web Upload"),
     ""),
    ("edit_customer_button", QT_TRANSLATE_NOOP("CustomersTab", "Edit…"),
     QT_TRANSLATE_NOOP("CustomersTab", "Change the current customer's fields")),
    ("delete_customer_button", QT_TRANSLATE_NOOP("CustomersTab", "Delete…"),
     QT_TRANSLATE_NOOP("CustomersTab", "Delete the current customer (asks first; refused "
                       "while documents use it)")),
)


def _buttons(parent: QWidget, specs: tuple[tuple[str, str, str], ...]) -> list[QPushButton]:
    """The buttons of `specs`, their texts translated in the context "CustomersTab"."""
    return [push_button(parent, name, QCoreApplication.translate("CustomersTab", text),
                        QCoreApplication.translate("CustomersTab", tip) if tip else "")
            for name, text, tip in specs]


class LocalCustomersView(QWidget):
    """The local customers, their pick column and Web Upload, Edit… and Delete….

    The texts keep the translation context "CustomersTab" (the tab they were written in).

    Signals:
        message(text: str): what an action did, or why it did nothing, for the status line.
        customers_changed(): a customer was saved or deleted (every view is to be read
            again).
    """

    message = Signal(str)
    customers_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("local_customers_page")
        self._shop: str | None = None
        self.model = CustomerTableModel(self)
        self.customer_dialog: CustomerDialog | None = None
        self._build_table()
        self._build_actions()
        self._build_pick_bar()
        self._build_buttons()

        page_layout(self, self.pick_bar, self.table,
                    controls_row(self.link_button, self.edit_button, self.delete_button, None,
                                 self.remove_button, self.assign_button),
                    grow=self.table)
        self.model.checked_changed.connect(self._on_model_checked_changed)
        self.model.set_tick_guard(self._is_walk_in_customer)
        self.model.tick_held.connect(self.confirm_tick_walk_in_customer)
        self.walk_in_box: QMessageBox | None = None

    def _build_table(self) -> None:
        self.table = customer_table(self, "customers_table",
                                    QCoreApplication.translate("CustomersTab",
                                                               "Local customers"))
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self._sort = (int(Column.NO), Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().sortIndicatorChanged.connect(
            self._on_header_sort_indicator_changed)
        size_columns(self.table, ((Column.CHECK, 46), (Column.NO, 90), (Column.PHONE, 130),
                                  (Column.COUNTRY, 64), (Column.SHOPIFY, 170),
                                  (Column.REASON, 150), (Column.WEB_UPLOAD, 90),
                                  (Column.KIND, 90)),
                     stretch=(Column.NAME, Column.EMAIL))
        self.table.setColumnHidden(Column.CHECK, True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu)
        self.table.installEventFilter(self)  # Space ticks the selected rows in any column
        self._no_customers_text = QCoreApplication.translate(
            "CustomersTab",
            "No local customers yet.\n\nImport them from a spreadsheet with "
            "“shop-sync customers import FILE.csv”, or press Sync Customers to bring "
            "the customers of your Shopify store in (when the Shop Card's customer "
            "import is set to All).")
        self.table.set_empty_text(self._no_customers_text)

    def _build_actions(self) -> None:
        """The actions of the context menu (Link…, Edit… and Delete… connected by the tab)."""
        self.show_checkboxes_action = menu_action(
            self, QCoreApplication.translate("CustomersTab", "Show checkboxes"))
        self.show_checkboxes_action.setObjectName("show_checkboxes_action")
        self.show_checkboxes_action.setCheckable(True)
        self.show_checkboxes_action.toggled.connect(self.set_checkboxes_visible)
        self.check_all_action, self.uncheck_all_action, self.assign_action, self.remove_action = (
            menu_action(self, QCoreApplication.translate("CustomersTab", text), slot)
            for text, slot in (
                (QT_TRANSLATE_NOOP("CustomersTab", "Check all shown"), self.check_all_shown),
                (QT_TRANSLATE_NOOP("CustomersTab", "Uncheck all"), self.uncheck_all),
                (QT_TRANSLATE_NOOP("CustomersTab", "Assign to Web Upload"),
                 self.assign_to_web_upload),
                (QT_TRANSLATE_NOOP("CustomersTab", "Remove from Web Upload"),
                 self.remove_from_web_upload)))
        self.link_action, self.edit_action, self.delete_action = (
            menu_action(self, QCoreApplication.translate("CustomersTab", text))
            for text in (QT_TRANSLATE_NOOP("CustomersTab", "Link to a Shopify customer…"),
                         QT_TRANSLATE_NOOP("CustomersTab", "Edit customer…"),
                         QT_TRANSLATE_NOOP("CustomersTab", "Delete customer…")))

    def _build_pick_bar(self) -> None:
        """The pick bar, shown while the checkboxes are."""
        self.pick_bar = QWidget(self)
        self.pick_bar.setObjectName("pick_bar")
        self.checked_label = QLabel(self.pick_bar)
        self.checked_label.setObjectName("checked_label")
        self.check_all_button, self.uncheck_all_button, self.hide_checkboxes_button = (
            _buttons(self.pick_bar, _PICK_BUTTONS))
        self.check_all_button.clicked.connect(self.check_all_shown)
        self.uncheck_all_button.clicked.connect(self.uncheck_all)
        self.hide_checkboxes_button.clicked.connect(lambda: self.set_checkboxes_visible(False))
        pick = QHBoxLayout(self.pick_bar)
        pick.setContentsMargins(0, 0, 0, 0)
        pick.addWidget(self.checked_label, 1)
        pick.addWidget(self.check_all_button)
        pick.addWidget(self.uncheck_all_button)
        pick.addWidget(self.hide_checkboxes_button)
        self.pick_bar.setVisible(False)

    def _build_buttons(self) -> None:
        (self.link_button, self.assign_button, self.remove_button, self.edit_button,
         self.delete_button) = _buttons(self, _LIST_BUTTONS)
        self.assign_button.clicked.connect(self.assign_to_web_upload)
        self.remove_button.clicked.connect(self.remove_from_web_upload)

    # --- shop, sorting and the empty list ---------------------------------------------------

    def set_shop(self, shop: str | None) -> None:
        self._shop = shop
        self.model.set_shop(shop)

    def show_empty_text(self, *, filtered: bool) -> None:
        """Say why the list is empty: no customer at all, or none for the filters."""
        if self.model.total() == 0 and filtered:
            self.table.set_empty_text(QCoreApplication.translate(
                "CustomersTab", "No customer matches the search and filters."))
        else:
            self.table.set_empty_text(self._no_customers_text)

    def _on_header_sort_indicator_changed(self, column: int, order: Qt.SortOrder) -> None:
        header = self.table.horizontalHeader()
        if 0 <= column < len(Column) and Column(column) in SORTABLE:
            self._sort = (column, order)
            return
        # A column the store cannot sort by: put the indicator back.
        header.blockSignals(True)
        header.setSortIndicator(*self._sort)
        header.blockSignals(False)

    def current_no(self) -> str | None:
        """The number of the current customer (else of the first selected one)."""
        index = self.table.currentIndex()
        if not index.isValid():
            rows = self.table.selectionModel().selectedRows()
            if not rows:
                return None
            index = rows[0]
        return self.model.customer(index.row()).no

    # --- checkboxes and Web Upload ----------------------------------------------------------

    def checkboxes_visible(self) -> bool:
        return not self.table.isColumnHidden(Column.CHECK)

    def set_checkboxes_visible(self, visible: bool) -> None:
        self.table.setColumnHidden(Column.CHECK, not visible)
        self.pick_bar.setVisible(visible)
        if self.show_checkboxes_action.isChecked() != visible:
            self.show_checkboxes_action.setChecked(visible)
        self.update_pick_bar()

    def _on_table_context_menu(self, pos: QPoint) -> None:
        menu = self.build_context_menu()
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def build_context_menu(self) -> QMenu:
        """The right-click menu of the local list ("Show checkboxes")."""
        menu = QMenu(self)
        menu.setObjectName("customers_context_menu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.show_checkboxes_action.setText(
            QCoreApplication.translate("CustomersTab", "Show checkboxes"))
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
        walk_in = self._walk_in_no()
        was_ticked = walk_in in self.model.checked_nos()
        try:
            count = self.model.check_all_matching()
        except AppError as exc:
            feedback.show_error(self, exc)
            return
        if walk_in and not was_ticked and walk_in in self.model.checked_nos():
            self.model.set_checked([walk_in], False)  # ticked only once the merchant agrees
            self.confirm_tick_walk_in_customer(walk_in)
            self.message.emit(QCoreApplication.translate(
                "CustomersTab", "Customers ticked: %1; the walk-in customer waits for your "
                                "answer.").replace("%1", str(count - 1)))
            return
        self.message.emit(QCoreApplication.translate(
            "CustomersTab", "Customers ticked: %1, every one the list shows.").replace(
            "%1", str(count)))

    def uncheck_all(self) -> None:
        self.model.clear_checked()

    def _on_model_checked_changed(self, _count: int) -> None:
        self.update_pick_bar()

    def update_pick_bar(self) -> None:
        count = self.model.checked_count()
        self.checked_label.setText(QCoreApplication.translate(
            "CustomersTab", "Ticked customers: %1 (ticks stay when you search "
                            "again)").replace("%1", str(count)))
        self.uncheck_all_button.setEnabled(count > 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Space
                and event.modifiers() == Qt.KeyboardModifier.NoModifier
                and self.checkboxes_visible()):
            self.toggle_selected_ticks()
            return True
        return super().eventFilter(watched, event)

    def toggle_selected_ticks(self) -> None:
        """Space: tick the selected rows (untick them when all are ticked already)."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        if not rows:
            return
        checked = Qt.CheckState.Checked
        all_ticked = all(self.model.index(row, Column.CHECK).data(
            Qt.ItemDataRole.CheckStateRole) == checked for row in rows)
        state = Qt.CheckState.Unchecked if all_ticked else checked
        for row in rows:
            self.model.setData(self.model.index(row, Column.CHECK), state.value,
                               Qt.ItemDataRole.CheckStateRole)

    def _walk_in_no(self) -> str:
        """The shown shop card's default (walk-in) customer, or ""."""
        if self._shop is None:
            return ""
        try:
            return shops.shop_settings(self._shop).default_customer_no.strip()
        except AppError:
            return ""

    def _is_walk_in_customer(self, no: str) -> bool:
        walk_in = self._walk_in_no()
        return bool(walk_in) and no == walk_in

    def confirm_tick_walk_in_customer(self, no: str) -> QMessageBox:
        """Ask before ticking the walk-in default customer for Web Upload (No is the default)."""
        if self.walk_in_box is not None:
            self.walk_in_box.close()
        box = yes_no_question(
            self, "walk_in_customer_confirm", QMessageBox.Icon.Warning,
            QCoreApplication.translate("CustomersTab", "Walk-in customer"),
            QCoreApplication.translate(
                "CustomersTab", "Customer %1 is the shop card's walk-in default customer.")
            .replace("%1", no),
            lambda: self.model.set_checked([no]),
            informative=QCoreApplication.translate(
                "CustomersTab",
                "Orders without a customer are booked on it. Uploading it to Shopify is rarely "
                "wanted. Tick it for Web Upload anyway?"))
        return open_tracked(self, "walk_in_box", box)

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
            self.message.emit(QCoreApplication.translate(
                "CustomersTab",
                "Tick customers first (right-click the list, Show checkboxes) or select rows."))
            return 0
        shop = self._shop
        if shop is None:
            self.message.emit(QCoreApplication.translate(
                "CustomersTab", "Add a shop card first: ticks belong to one."))
            return 0
        try:  # the ticks belong to the shop card shown (issue 14)
            unknown = ShopAdmin.set_web_upload(nos, flag, shop=shop)
        except AppError as exc:
            feedback.show_error(self, exc)
            return 0
        done = len(nos) - len(unknown)
        if flag:
            text = plural("CustomersTab", "Assigned %n customer(s) to Web Upload for shop "
                          "card %1. They go up to that store on its next sync.", done)
        else:
            text = plural("CustomersTab",
                          "Removed %n customer(s) from Web Upload for shop card %1.", done)
        text = text.replace("%1", shop)
        if unknown:
            text += " " + QCoreApplication.translate(
                "CustomersTab", "Not found (deleted meanwhile): %1").replace(
                "%1", ", ".join(unknown[:10]))
        self.message.emit(text)
        self.model.reload()
        return done

    # --- changing and deleting --------------------------------------------------------------

    def open_customer_dialog(self, no: str | None) -> CustomerDialog | None:
        """Open the customer dialog for customer `no` (None: nobody is current)."""
        if no is None:
            self.message.emit(QCoreApplication.translate("CustomersTab",
                                                         "Select a customer first."))
            return None
        if self.customer_dialog is not None:
            self.customer_dialog.close()
        try:
            dialog = CustomerDialog(no, parent=self)
        except AppError as exc:
            feedback.show_error(self, exc)
            return None
        dialog.saved.connect(self._on_customer_dialog_saved)
        dialog.history_requested.connect(lambda _no: self._open_history(dialog))
        return open_tracked(self, "customer_dialog", dialog)

    def _open_history(self, dialog: CustomerDialog) -> RecordHistoryDialog:
        """What each sync changed on the dialog's customer (issue 19), over the dialog."""
        if dialog.history_dialog is not None:
            dialog.history_dialog.close()
        return open_tracked(dialog, "history_dialog",
                            RecordHistoryDialog.for_customer(dialog.no, parent=dialog))

    def _on_customer_dialog_saved(self, no: str) -> None:
        self.message.emit(QCoreApplication.translate("CustomersTab", "Customer %1 saved.")
                          .replace("%1", no))
        self.customers_changed.emit()

    def confirm_delete_customer(self, no: str | None) -> QMessageBox | None:
        """Ask before deleting customer `no`, naming it (No is the default)."""
        if no is None:
            self.message.emit(QCoreApplication.translate("CustomersTab",
                                                         "Select a customer first."))
            return None
        try:
            row = customers.get_customer(no)
        except AppError as exc:
            feedback.show_error(self, exc)
            return None
        box = yes_no_question(
            self, "delete_customer_confirm", QMessageBox.Icon.Question,
            QCoreApplication.translate("CustomersTab", "Delete customer"),
            QCoreApplication.translate("CustomersTab", "Delete customer %1 %2?")
            .replace("%1", no).replace("%2", row.name),
            lambda: self.delete_customer(no),
            informative=QCoreApplication.translate(
                "CustomersTab",
                "Its links to Shopify customers are removed; nothing is deleted in Shopify."))
        box.open()
        return box

    def delete_customer(self, no: str) -> bool:
        """Delete customer `no` (the engine of `shop-sync customers delete`)."""
        try:
            deletion = local_runs.delete_customer(no)  # a recorded run
        except local_customers.CustomerInUseError as exc:
            box = QMessageBox(QMessageBox.Icon.Warning,
                              QCoreApplication.translate("CustomersTab", "Customer not deleted"),
                              QCoreApplication.translate(
                                  "CustomersTab", "Customer %1 is not deleted: it is used by")
                              .replace("%1", no), QMessageBox.StandardButton.Ok, self)
            box.setObjectName("customer_in_use_message")
            box.setInformativeText("\n".join(use_text(u) for u in exc.uses))
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            return False
        except AppError as exc:
            feedback.show_error(self, exc)
            return False
        text = QCoreApplication.translate("CustomersTab", "Customer %1 %2 deleted.").replace(
            "%1", no).replace("%2", deletion.name)
        if deletion.unlinked:
            text += " " + QCoreApplication.translate(
                "CustomersTab", "Its Shopify links were removed; the Shopify customers stay "
                                "in Shopify.")
        self.message.emit(text)
        self.customers_changed.emit()
        return True
