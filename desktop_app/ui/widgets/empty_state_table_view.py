"""EmptyStateTableView: a table view that says why it is empty, inside its own viewport."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QTableView, QWidget


class EmptyStateTableView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._empty_text = ""

    def empty_text(self) -> str:
        return self._empty_text

    def set_empty_text(self, text: str) -> None:
        self._empty_text = text
        self.viewport().update()

    def is_showing_empty_text(self) -> bool:
        model = self.model()
        return bool(self._empty_text) and (model is None or model.rowCount() == 0)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)
        if not self.is_showing_empty_text():
            return
        painter = QPainter(self.viewport())
        try:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            rect = self.viewport().rect().adjusted(32, 32, -32, -32)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                             self._empty_text)
        finally:
            painter.end()
