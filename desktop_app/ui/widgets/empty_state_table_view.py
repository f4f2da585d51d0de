"""EmptyStateTableView: a table view that says why it is empty, inside its own viewport.

When its model is a filter proxy whose filter hides every row, it can say how many rows the
filter hides and offer a "Show all" button instead (`set_filtered_text`, issue 18).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QRect, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QPushButton, QTableView, QWidget


class EmptyStateTableView(QTableView):
    """Signals:
        show_all_requested(): the "Show all" button of the filtered empty state was pressed.
    """

    show_all_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._empty_text = ""
        self._filtered_text = ""
        self.show_all_button = QPushButton(self.viewport())
        self.show_all_button.setObjectName("empty_state_show_all_button")
        self.show_all_button.hide()
        self.show_all_button.clicked.connect(self.show_all_requested)

    def empty_text(self) -> str:
        return self._empty_text

    def set_empty_text(self, text: str) -> None:
        self._empty_text = text
        self.viewport().update()

    def set_filtered_text(self, text: str, button_text: str) -> None:
        """The text shown when the filter hides every row (`%1`: how many it hides) and the
        text of the button that clears the filter."""
        self._filtered_text = text
        self.show_all_button.setText(button_text)
        self.show_all_button.setAccessibleName(button_text)
        self._update_empty_state()

    def hidden_count(self) -> int:
        """How many rows the model's filter hides while it shows none (0 otherwise)."""
        model = self.model()
        if not isinstance(model, QSortFilterProxyModel) or model.rowCount() != 0:
            return 0
        source = model.sourceModel()
        return source.rowCount() if source is not None else 0

    def is_showing_empty_text(self) -> bool:
        model = self.model()
        return bool(self._empty_text) and (model is None or model.rowCount() == 0)

    def shown_empty_text(self) -> str:
        """The text the empty table shows ("" when it shows rows)."""
        hidden = self.hidden_count()
        if self._filtered_text and hidden:
            return self._filtered_text.replace("%1", str(hidden))
        return self._empty_text if self.is_showing_empty_text() else ""

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802 (Qt override)
        super().setModel(model)
        if model is not None:
            for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved,
                           model.layoutChanged):
                signal.connect(self._update_empty_state)
        self._update_empty_state()

    def _update_empty_state(self, *_args) -> None:
        show = bool(self._filtered_text) and self.hidden_count() > 0
        if show:
            self._place_button()
        self.show_all_button.setVisible(show)
        self.viewport().update()

    def _place_button(self) -> None:
        self.show_all_button.adjustSize()
        size = self.show_all_button.size()
        area = self.viewport().rect()
        self.show_all_button.move(area.center().x() - size.width() // 2,
                                  area.center().y() + 8)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self.show_all_button.isVisible():
            self._place_button()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)
        text = self.shown_empty_text()
        if not text:
            return
        painter = QPainter(self.viewport())
        try:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            rect = self.viewport().rect().adjusted(32, 32, -32, -32)
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            if self.show_all_button.isVisible():  # the text above the button
                rect = QRect(rect.left(), rect.top(), rect.width(),
                             self.show_all_button.y() - 8 - rect.top())
                flags = (Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom
                         | Qt.TextFlag.TextWordWrap)
            painter.drawText(rect, int(flags), text)
        finally:
            painter.end()
