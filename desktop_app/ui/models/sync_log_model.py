"""SyncLogTableModel: what the engine reported during this session, newest last."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from desktop_app.ui.models.columns import HeadedColumns
from desktop_app.ui.models.order_labels import SORT_ROLE

#: Older rows are dropped beyond this many (a long session must not grow without bound).
MAX_ROWS = 5000


class Level(enum.IntEnum):
    """How an entry is shown: INFO plain; WARNING a record that failed; ERROR a run that
    failed; NOTE a result's warning (done, but the merchant should look: a value cut to a
    local column, an order refunded in full...)."""

    INFO = 0
    WARNING = 1
    ERROR = 2
    NOTE = 3


class Column(enum.IntEnum):
    TIME = 0
    SHOP = 1
    RESOURCE = 2
    RECORD = 3
    FIELD = 4
    MESSAGE = 5


_HEADERS = {
    Column.TIME: QT_TRANSLATE_NOOP("SyncLogTableModel", "Time"),
    Column.SHOP: QT_TRANSLATE_NOOP("SyncLogTableModel", "Shop"),
    Column.RESOURCE: QT_TRANSLATE_NOOP("SyncLogTableModel", "Resource"),
    Column.RECORD: QT_TRANSLATE_NOOP("SyncLogTableModel", "Record"),
    Column.FIELD: QT_TRANSLATE_NOOP("SyncLogTableModel", "Field"),
    Column.MESSAGE: QT_TRANSLATE_NOOP("SyncLogTableModel", "Message"),
}

#: Readable names of the resources the engine reports (signal values are `Resource` values).
RESOURCE_LABELS = {
    "customers": QT_TRANSLATE_NOOP("Resource", "Customers"),
    "companies": QT_TRANSLATE_NOOP("Resource", "Companies"),
    "orders": QT_TRANSLATE_NOOP("Resource", "Orders"),
    "shipments": QT_TRANSLATE_NOOP("Resource", "Shipments"),
    "invoices": QT_TRANSLATE_NOOP("Resource", "Invoices"),
    "gift-cards": QT_TRANSLATE_NOOP("Resource", "Gift cards"),
    "order-actions": QT_TRANSLATE_NOOP("Resource", "Order actions"),
    "customer-links": QT_TRANSLATE_NOOP("Resource", "Customer links"),
    # Runs of commands that belong to no shop (sync/local_runs.py).
    "local-customers": QT_TRANSLATE_NOOP("Resource", "Local customers"),
    "local-items": QT_TRANSLATE_NOOP("Resource", "Local items"),
    "local-documents": QT_TRANSLATE_NOOP("Resource", "Local documents"),
    "local-setup": QT_TRANSLATE_NOOP("Resource", "Setup"),
}

#: The colours of the levels that have one (NOTE: not the red and brown of problems).
LEVEL_COLOURS = {Level.ERROR: "#b3261e", Level.WARNING: "#8a5a00", Level.NOTE: "#1a5fb4"}


def resource_label(resource: str) -> str:
    """The translated name of a resource value ("gift-cards" → "Gift cards")."""
    text = RESOURCE_LABELS.get(resource)
    return QCoreApplication.translate("Resource", text) if text else resource


@dataclass(frozen=True)
class LogEntry:
    time: dt.datetime
    shop: str
    resource: str
    record: str
    field: str
    message: str
    level: Level = Level.INFO


class SyncLogTableModel(HeadedColumns, QAbstractTableModel):
    headers = tuple(_HEADERS[column] for column in Column)
    header_context = "SyncLogTableModel"

    def __init__(self, parent=None, max_rows: int = MAX_ROWS) -> None:
        super().__init__(parent)
        self._rows: list[LogEntry] = []
        self._max_rows = max_rows

    def add(self, entry: LogEntry) -> None:
        if len(self._rows) >= self._max_rows:
            drop = len(self._rows) - self._max_rows + 1
            self.beginRemoveRows(QModelIndex(), 0, drop - 1)
            del self._rows[:drop]
            self.endRemoveRows()
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(entry)
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows.clear()
        self.endResetModel()

    def entry(self, row: int) -> LogEntry:
        return self._rows[row]

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        # Unlike HeadedColumns', no range check: Qt asks only for the columns counted.
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("SyncLogTableModel", _HEADERS[Column(section)])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == Column.TIME:
                local = entry.time.astimezone()
                if role == Qt.ItemDataRole.ToolTipRole:
                    return QLocale().toString(local, QLocale.FormatType.LongFormat)
                return QLocale().toString(local.time(), QLocale.FormatType.ShortFormat)
            if column == Column.SHOP:
                return entry.shop
            if column == Column.RESOURCE:
                return resource_label(entry.resource)
            if column == Column.RECORD:
                return entry.record
            if column == Column.FIELD:
                return entry.field
            return entry.message
        if role == SORT_ROLE:
            if column == Column.TIME:
                return entry.time.timestamp()
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.ForegroundRole and entry.level in LEVEL_COLOURS:
            return QBrush(QColor(LEVEL_COLOURS[entry.level]))
        return None
