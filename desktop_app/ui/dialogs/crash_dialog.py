"""CrashDialog: tells the merchant that something unexpected went wrong, and how to report it.

The text it is given must already be scrubbed of secrets (`ui.crash` does that); this dialog
only shows and copies what it receives.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.widgets.controls import push_button
from desktop_app.ui.widgets.window_rules import adopt


class CrashDialog(QDialog):
    def __init__(
        self,
        summary: str,
        details: str,
        log_path: Path | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        adopt(self)  # often opened with no parent: it follows the window's rules itself
        self.setObjectName("crash_dialog")
        self.setWindowTitle(self.tr("Shop Sync: unexpected error"))
        self._details = details

        icon = QLabel(self)
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(48, 48))
        intro = QLabel(
            self.tr("Something went wrong that Shop Sync did not expect. Your data is safe: "
                    "each change is saved all at once or not at all. You can keep working; if "
                    "it happens again, send the details below to support."),
            self,
        )
        intro.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(intro, 1)

        self.summary_label = QLabel(summary, self)
        self.summary_label.setObjectName("crash_summary_label")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.summary_label.font()
        font.setBold(True)
        self.summary_label.setFont(font)

        if log_path is not None:
            log_text = self.tr("The full report is also in the log file:\n%1").replace(
                "%1", str(log_path))
        else:
            log_text = self.tr("No log file is being written.")
        self.log_label = QLabel(log_text, self)
        self.log_label.setObjectName("crash_log_label")
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details_edit = QPlainTextEdit(details, self)
        self.details_edit.setObjectName("crash_details_edit")
        self.details_edit.setReadOnly(True)
        self.details_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details_edit.setAccessibleName(self.tr("Error details"))

        self.copy_button = push_button(
            self, "crash_copy_button", self.tr("&Copy details"), clicked=self.copy_details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.log_label)
        layout.addWidget(self.details_edit, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def details(self) -> str:
        return self._details

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self._details)
        self.copy_button.setText(self.tr("Copied"))
