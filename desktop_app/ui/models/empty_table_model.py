"""EmptyTableModel: a table that has its columns but no rows yet (orders, gift cards)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt


class EmptyTableModel(QAbstractTableModel):
    """Columns only; the headers are (context, source text) pairs translated on display."""

    def __init__(self, context: str, headers: list[str], parent=None) -> None:
        super().__init__(parent)
        self._context = context
        self._headers = headers

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(self._context, self._headers[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return None
