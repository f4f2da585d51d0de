"""AboutDialog (Help > About Shop Sync): the version, what the app does, where it keeps its
data and logs, and the Qt and Python it runs on (what a support request needs)."""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop_app import __version__


class AboutDialog(QDialog):
    """Read-only; the paths can be selected and copied."""

    def __init__(self, data_dir: Path, log_dir: Path | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(self.tr("About Shop Sync"))

        title = QLabel(self.tr("Shop Sync %1").replace("%1", __version__), self)
        title.setObjectName("about_title_label")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        description = QLabel(self.tr("Keeps your local customers and sales in step with your "
                                     "Shopify store."), self)
        description.setObjectName("about_description_label")
        description.setWordWrap(True)

        def value(name: str, text: str) -> QLabel:
            label = QLabel(text, self)
            label.setObjectName(name)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            return label

        self.version_label = value("about_version_label", __version__)
        self.data_label = value("about_data_folder_label", str(data_dir))
        self.log_label = value("about_log_folder_label",
                               str(log_dir) if log_dir is not None else self.tr("(none)"))
        self.runtime_label = value(
            "about_runtime_label",
            self.tr("Qt %1 (PySide6 %2), Python %3").replace("%1", qVersion())
            .replace("%2", pyside_version).replace("%3", platform.python_version()))

        form = QFormLayout()
        form.addRow(self.tr("Version:"), self.version_label)
        form.addRow(self.tr("Data folder:"), self.data_label)
        form.addRow(self.tr("Log folder:"), self.log_label)
        form.addRow(self.tr("Runs on:"), self.runtime_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(description)
        layout.addLayout(form)
        layout.addWidget(buttons)
