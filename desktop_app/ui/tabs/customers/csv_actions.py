"""CustomerCsvActions: the Customers tab's Import CSV… and Export CSV… (issue 18).

The same engine as `shop-sync customers import FILE` and `customers export FILE`: the import
is `sync.local_runs.import_customers` (a recorded run of no shop, in the history), the
export `store.csv_io.export_customers` (written to a temporary file moved into place, readable
by its owner only). Both run in a worker thread (`read_in_thread`: its own SQLite connection),
so a 60 MB file streams in while the window stays responsive; the file is chosen in a
non-blocking `QFileDialog`.

The import's result is one message: the counts, each refused row with its line, number and
field (the first `SHOWN_ERRORS`, then "…and N more"), and the rows imported with a warning
("looks like C00012": their count, the first `SHOWN_WARNINGS` in the window's words, then
"see the history" for the rest); the tab reads its lists again.

The texts use the translation context "CustomersTab".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from qasync import asyncSlot

from desktop_app.errors import AppError
from desktop_app.store import csv_io
from desktop_app.store.database import read_in_thread
from desktop_app.sync import local_runs
from desktop_app.ui import feedback
from desktop_app.ui.issue_texts import issue_text
from desktop_app.ui.plurals import plural
from desktop_app.ui.widgets.controls import push_button
from desktop_app.ui.widgets.file_dialogs import open_file_dialog

#: Refused rows listed in the import's message; the others are counted.
SHOWN_ERRORS = 15
#: Warnings listed in the import's message; the others are counted (the history has them).
SHOWN_WARNINGS = 5


def _count(text: str, **values: object) -> str:
    for key, value in values.items():
        text = text.replace(f"%{key}", str(value))
    return text


def import_report_text(report: csv_io.CsvReport) -> tuple[str, str]:
    """The import's headline (its counts) and the lists of refused rows and of warnings,
    translated."""
    refused = len(report.failed_lines)
    head = _count(
        QCoreApplication.translate(
            "CustomersTab", "Local customers: %1 created, %2 updated, %3 unchanged, %4 refused."
        ),
        **{"1": report.created, "2": report.updated, "3": report.unchanged, "4": refused},
    )
    parts = [text for text in (_refused_text(report), _warnings_text(report)) if text]
    return head, "\n\n".join(parts)


def _warnings_text(report: csv_io.CsvReport) -> str:
    """The rows imported with a warning: how many, the first `SHOWN_WARNINGS` (customer and
    what to look at, by the warning's code), and how many more the history lists."""
    if not report.warnings:
        return ""
    lines = [QCoreApplication.translate("CustomersTab", "Imported with a warning (%1):").replace(
        "%1", str(len(report.warnings)))]
    for no, code, message in report.warnings[:SHOWN_WARNINGS]:
        lines.append(_count(QCoreApplication.translate("CustomersTab", "Customer %1: %2"),
                            **{"1": no, "2": issue_text(code, message)}))
    if len(report.warnings) > SHOWN_WARNINGS:
        lines.append(QCoreApplication.translate(
            "CustomersTab", "…and %1 more: see the history.").replace(
                "%1", str(len(report.warnings) - SHOWN_WARNINGS)))
    return "\n".join(lines)


def _refused_text(report: csv_io.CsvReport) -> str:
    """The refused rows: the first `SHOWN_ERRORS` with line, number and field."""
    if not report.errors:
        return ""
    lines = [QCoreApplication.translate("CustomersTab", "The other rows were saved. Refused rows:")]
    for error in report.errors[:SHOWN_ERRORS]:
        lines.append(
            _count(
                QCoreApplication.translate("CustomersTab", "Line %1 (%2), %3: %4"),
                **{
                    "1": error.line,
                    "2": error.no or QCoreApplication.translate("CustomersTab", "no number"),
                    "3": error.field or QCoreApplication.translate("CustomersTab", "whole row"),
                    "4": error.message,
                },
            )
        )
    if len(report.errors) > SHOWN_ERRORS:
        lines.append(
            QCoreApplication.translate(
                "CustomersTab", "…and %1 more (the history lists them all)."
            ).replace("%1", str(len(report.errors) - SHOWN_ERRORS))
        )
    return "\n".join(lines)


class CustomerCsvActions(QObject):
    """Import CSV… and Export CSV… for the local customers, on `parent` (the tab).

    Signals:
        message(text: str): what was done, or is being done, for the status line.
        customers_changed(): an import saved customers (the lists are to be read again).
        finished(name: str): "import" or "export" ended, well or not (after its message).
    """

    message = Signal(str)
    customers_changed = Signal()
    finished = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self._busy = False
        self.file_dialog: QFileDialog | None = None
        self.result_box: QMessageBox | None = None
        self.last_report: csv_io.CsvReport | None = None

        self.import_button = push_button(
            parent,
            "import_customers_button",
            QCoreApplication.translate("CustomersTab", "Import CSV…"),
            QCoreApplication.translate(
                "CustomersTab",
                "Add or update local customers from a CSV file (UTF-8, with a header row); "
                "refused rows are listed and change nothing",
            ),
            accessible=QCoreApplication.translate(
                "CustomersTab", "Import customers from a CSV file"
            ),
            clicked=self.choose_import_file,
        )
        self.export_button = push_button(
            parent,
            "export_customers_button",
            QCoreApplication.translate("CustomersTab", "Export CSV…"),
            QCoreApplication.translate(
                "CustomersTab",
                "Write every local customer to a CSV file that Import CSV… reads back",
            ),
            accessible=QCoreApplication.translate(
                "CustomersTab", "Export customers to a CSV file"
            ),
            clicked=self.choose_export_file,
        )

    def is_busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.import_button.setEnabled(not busy)
        self.export_button.setEnabled(not busy)

    # --- choosing the file ------------------------------------------------------------------

    def _open_file_dialog(
        self, title: str, save: bool, selected: Callable[[str], object]
    ) -> QFileDialog | None:
        """Open the file dialog (non-blocking) unless a CSV action runs; `selected` gets the
        chosen path."""
        if self._busy:
            return None
        return open_file_dialog(
            self, "file_dialog", self._parent, title, object_name="customers_csv_file_dialog",
            name_filters=[QCoreApplication.translate("CustomersTab", "CSV files (*.csv)"),
                          QCoreApplication.translate("CustomersTab", "All files (*)")],
            selected=selected, save_as="customers.csv" if save else "")

    def choose_import_file(self) -> QFileDialog | None:
        """Ask for the file to import (non-blocking); importing starts once it is chosen."""
        return self._open_file_dialog(
            QCoreApplication.translate("CustomersTab", "Import customers"),
            False,
            self._on_import_file_selected,
        )

    def choose_export_file(self) -> QFileDialog | None:
        """Ask where to export (non-blocking; the dialog asks before replacing a file)."""
        return self._open_file_dialog(
            QCoreApplication.translate("CustomersTab", "Export customers"),
            True,
            self._on_export_file_selected,
        )

    @asyncSlot(str)
    async def _on_import_file_selected(self, path: str) -> None:
        await self.import_file(path)

    @asyncSlot(str)
    async def _on_export_file_selected(self, path: str) -> None:
        await self.export_file(path)

    # --- the work -----------------------------------------------------------------------------

    async def import_file(self, path: str | Path) -> csv_io.CsvReport | None:
        """Import `path` (the engine of `customers import`) in a worker thread and show its
        result; None when the file as a whole was refused (shown) or another one runs."""
        if self._busy:
            return None
        self._set_busy(True)
        name = Path(path).name
        self.message.emit(
            QCoreApplication.translate("CustomersTab", "Importing customers from %1…").replace(
                "%1", name
            )
        )
        report: csv_io.CsvReport | None = None
        try:
            report = await read_in_thread(local_runs.import_customers, Path(path))
        except AppError as exc:  # the whole file refused: nothing was saved
            self.message.emit(
                QCoreApplication.translate(
                    "CustomersTab", "%1 was not imported; nothing was saved."
                ).replace("%1", name)
            )
            feedback.show_error(self._parent, exc)
        finally:
            self._set_busy(False)
        if report is not None:
            self.last_report = report
            if report.created or report.updated:
                self.customers_changed.emit()
            self._show_import_result(name, report)
        self.finished.emit("import")
        return report

    def _show_import_result(self, name: str, report: csv_io.CsvReport) -> None:
        head, details = import_report_text(report)
        self.message.emit(
            _count(
                QCoreApplication.translate("CustomersTab", "Import of %1: %2"),
                **{"1": name, "2": head},
            )
        )
        box = QMessageBox(self._parent)
        box.setObjectName("customers_import_message_box")
        box.setIcon(QMessageBox.Icon.Warning if report.errors or report.warnings
                    else QMessageBox.Icon.Information)
        box.setWindowTitle(QCoreApplication.translate("CustomersTab", "Import customers"))
        box.setText(head)
        if details:
            box.setInformativeText(details)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.destroyed.connect(lambda: setattr(self, "result_box", None))
        box.open()
        self.result_box = box

    async def export_file(self, path: str | Path) -> int | None:
        """Export every local customer to `path` (the engine of `customers export`) in a
        worker thread; returns how many were written, None when it failed (shown)."""
        if self._busy:
            return None
        self._set_busy(True)
        target = Path(path)
        self.message.emit(
            QCoreApplication.translate("CustomersTab", "Exporting customers to %1…").replace(
                "%1", str(target)
            )
        )
        count: int | None = None
        try:
            count = await read_in_thread(csv_io.export_customers, target)
        except AppError as exc:
            self.message.emit(
                QCoreApplication.translate(
                    "CustomersTab", "The export failed; no file was written."
                )
            )
            feedback.show_error(self._parent, exc)
        except OSError as exc:  # a folder that refuses files, a full disk...
            self.message.emit(
                QCoreApplication.translate(
                    "CustomersTab", "The export failed; no file was written."
                )
            )
            box = QMessageBox(self._parent)
            box.setObjectName("customers_export_error_box")
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle(QCoreApplication.translate("CustomersTab", "Export customers"))
            box.setText(
                QCoreApplication.translate(
                    "CustomersTab", "%1 could not be written: %2. Choose another folder."
                )
                .replace("%1", str(target))
                .replace("%2", exc.strerror or str(exc))
            )
            box.setStandardButtons(QMessageBox.StandardButton.Ok)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.setWindowModality(Qt.WindowModality.WindowModal)
            box.open()
            self.result_box = box
        finally:
            self._set_busy(False)
        if count is not None:
            self.message.emit(
                plural("CustomersTab", "%n customer(s) written to %1.", count).replace(
                    "%1", str(target))
            )
        self.finished.emit("export")
        return count
