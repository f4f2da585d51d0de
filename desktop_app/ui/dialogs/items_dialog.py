"""ItemsDialog (File > Items…, issue 18): the merchant's local items and their Import CSV….

The list is `store.items.list_items` (number, description, SKU, unit price). Import CSV… is
the engine of `shop-sync items import FILE` (`sync.local_runs.import_items`: a recorded run of
no shop, in the history), run in a worker thread (`read_in_thread`) like the Customers tab's
import (ui/tabs/customers/csv_actions.py); the file is chosen in a non-blocking `QFileDialog`.
The result (counts, then each refused row with its line and field) is shown as plain text
under the list, and the list is read again. Esc or Close closes the dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from desktop_app.errors import AppError
from desktop_app.store import csv_io, items
from desktop_app.store.database import read_in_thread
from desktop_app.sync import local_runs
from desktop_app.ui.dialogs.labels import wrapped_label
from desktop_app.ui.tabs.customers.csv_actions import import_report_text
from desktop_app.ui.widgets.controls import push_button
from desktop_app.ui.widgets.file_dialogs import open_file_dialog

#: Items listed at most (the others are counted).
SHOWN_ITEMS = 2000


class ItemsDialog(QDialog):
    """The local items, and Import CSV….

    Signals:
        import_finished(report: object): an import ended (its `CsvReport`, or None when the
            whole file was refused), after the result is shown and the list read again.
    """

    import_finished = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("items_dialog")
        self.setWindowTitle(self.tr("Items"))
        self._busy = False
        self.file_dialog: QFileDialog | None = None
        self.last_report: csv_io.CsvReport | None = None

        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("items_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("No."), self.tr("Description"), self.tr("SKU"), self.tr("Unit price")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("Local items"))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("items_count_label")

        self.import_button = push_button(
            self, "import_items_button", self.tr("Import CSV…"),
            self.tr(
                "Add or update local items from a CSV file (no, description, sku, unit_price; "
                "UTF-8, with a header row); refused rows are listed and change nothing"),
            accessible=self.tr("Import items from a CSV file"))
        self.import_button.setAutoDefault(False)
        self.import_button.clicked.connect(self.choose_import_file)

        self.result_label = wrapped_label("", self, "items_import_result_label")
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("items_import_details")
        self.details.setReadOnly(True)
        self.details.setAccessibleName(self.tr("Refused rows"))
        self.details.setVisible(False)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAutoDefault(False)

        row = QHBoxLayout()
        row.addWidget(self.count_label, 1)
        row.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addLayout(row)
        layout.addWidget(self.result_label)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(720, 520)
        self.reload()

    # --- the list ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the items again."""
        rows = items.list_items(limit=SHOWN_ITEMS + 1)
        shown = rows[:SHOWN_ITEMS]
        self.table.setRowCount(len(shown))
        for index, item in enumerate(shown):
            price = QTableWidgetItem(f"{item.unit_price:f}")
            price.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for column, cell in enumerate((QTableWidgetItem(item.no),
                                           QTableWidgetItem(item.description),
                                           QTableWidgetItem(item.sku), price)):
                self.table.setItem(index, column, cell)
        self.table.resizeColumnToContents(0)
        if len(rows) > SHOWN_ITEMS:
            self.count_label.setText(
                self.tr("The first %1 items are shown.").replace("%1", str(SHOWN_ITEMS)))
        elif not shown:
            self.count_label.setText(
                self.tr("There are no local items yet: import them from a CSV file."))
        else:
            self.count_label.setText(self.tr("Items: %1").replace("%1", str(len(shown))))

    def item_nos(self) -> list[str]:
        return [self.table.item(r, 0).text() for r in range(self.table.rowCount())]

    def is_busy(self) -> bool:
        return self._busy

    # --- the import -------------------------------------------------------------------------

    def choose_import_file(self) -> QFileDialog | None:
        """Ask for the file to import (non-blocking); importing starts once it is chosen."""
        if self._busy:
            return None
        return open_file_dialog(
            self, "file_dialog", self, self.tr("Import items"),
            object_name="items_csv_file_dialog",
            name_filters=[self.tr("CSV files (*.csv)"), self.tr("All files (*)")],
            selected=self._on_import_file_selected)

    @asyncSlot(str)
    async def _on_import_file_selected(self, path: str) -> None:
        await self.import_file(path)

    async def import_file(self, path: str | Path) -> csv_io.CsvReport | None:
        """Import `path` (the engine of `items import`) in a worker thread, show the result
        and read the list again; None when the whole file was refused (shown) or another
        import runs."""
        if self._busy:
            return None
        self._busy = True
        self.import_button.setEnabled(False)
        name = Path(path).name
        self.result_label.setText(self.tr("Importing items from %1…").replace("%1", name))
        self.details.clear()
        self.details.setVisible(False)
        report: csv_io.CsvReport | None = None
        try:
            report = await read_in_thread(local_runs.import_items, Path(path))
        except AppError as exc:  # the whole file refused: nothing was saved
            self.result_label.setText(
                self.tr("%1 was not imported; nothing was saved: %2")
                .replace("%1", name).replace("%2", str(exc)))
        finally:
            self._busy = False
            self.import_button.setEnabled(True)
        if report is not None:
            self.last_report = report
            self.result_label.setText(
                self.tr("Import of %1: %2 created, %3 updated, %4 unchanged, %5 refused.")
                .replace("%1", name).replace("%2", str(report.created))
                .replace("%3", str(report.updated)).replace("%4", str(report.unchanged))
                .replace("%5", str(len(report.failed_lines))))
            _head, details = import_report_text(report)
            self.details.setPlainText(details)
            self.details.setVisible(bool(details))
            self.reload()
        self.import_finished.emit(report)
        return report
