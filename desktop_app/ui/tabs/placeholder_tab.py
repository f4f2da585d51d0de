"""PlaceholderResourceTab: a resource whose table has no rows yet, but whose sync button
runs the engine for real, so the service's own answer reaches the merchant."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.sync.engine import SyncEngine
from desktop_app.ui.models.empty_table_model import EmptyTableModel
from desktop_app.ui.tabs.resource_tab import ResourceTab
from desktop_app.ui.widgets.empty_state_table_view import EmptyStateTableView


class PlaceholderResourceTab(ResourceTab):
    """Subclasses set `resource`, `name` (snake_case), and provide the texts."""

    name = "resource"
    headers_context = "PlaceholderResourceTab"
    headers: tuple[str, ...] = ()

    def __init__(self, engine: SyncEngine, parent: QWidget | None = None) -> None:
        super().__init__(engine, parent)
        self.setObjectName(f"{self.name}_tab")
        self.model = EmptyTableModel(self.headers_context, list(self.headers), self)

        self.intro_label = QLabel(self.intro_text(), self)
        self.intro_label.setObjectName(f"{self.name}_intro_label")
        self.intro_label.setWordWrap(True)

        self.sync_button = QPushButton(self.sync_text(), self)
        self.sync_button.setObjectName(f"sync_{self.name}_button")
        self.sync_button.setAccessibleName(self.sync_text())
        self.sync_button.setToolTip(  # explicit context: tr() would use the subclass name
            QCoreApplication.translate("PlaceholderResourceTab",
                                       "Run this sync for the selected shop (F5)")
        )
        self._connect_sync_button()

        self.table = EmptyStateTableView(self)
        self.table.setObjectName(f"{self.name}_table")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.table_name())
        self.table.set_empty_text(self.empty_text())

        top = QHBoxLayout()
        top.addWidget(self.intro_label, 1)
        top.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def intro_text(self) -> str:
        raise NotImplementedError

    def sync_text(self) -> str:
        raise NotImplementedError

    def table_name(self) -> str:
        raise NotImplementedError

    def empty_text(self) -> str:
        raise NotImplementedError
