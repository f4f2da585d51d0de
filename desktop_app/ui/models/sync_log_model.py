"""SyncLogTableModel: what the engine reported during this session, newest last."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from operator import attrgetter

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from desktop_app.store.display_names import RecordRef
from desktop_app.ui.issue_texts import field_text
from desktop_app.ui.models.columns import RoleCells
from desktop_app.ui.models.order_labels import SORT_ROLE  # noqa: F401 (sync_log_panel's)
from desktop_app.ui.models.record_names import record_text, record_tip, resolve
from desktop_app.ui.models.word_labels import word_label

#: Older rows are dropped beyond this many (a long session must not grow without bound).
MAX_ROWS = 5000
#: The most records named in one read of the local mirror (`SyncLogTableModel._read_pending`).
READ_BATCH = 500


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
    "customer-conflicts": QT_TRANSLATE_NOOP("Resource", "Customer conflicts"),
    "customer-links": QT_TRANSLATE_NOOP("Resource", "Customer links"),
    # Runs of commands that belong to no shop (sync/local_runs.py).
    "local-customers": QT_TRANSLATE_NOOP("Resource", "Local customers"),
    "local-items": QT_TRANSLATE_NOOP("Resource", "Local items"),
    "local-documents": QT_TRANSLATE_NOOP("Resource", "Local documents"),
    "local-setup": QT_TRANSLATE_NOOP("Resource", "Setup"),
    "local-database": QT_TRANSLATE_NOOP("Resource", "Database copy"),
}

#: The colours of the levels that have one (NOTE: not the red and brown of problems).
LEVEL_COLOURS = {Level.ERROR: "#b3261e", Level.WARNING: "#8a5a00", Level.NOTE: "#1a5fb4"}


def resource_label(resource: str) -> str:
    """The translated name of a resource value ("gift-cards" → "Gift cards")."""
    return word_label("Resource", RESOURCE_LABELS, resource)


@dataclass(frozen=True)
class LogEntry:
    time: dt.datetime
    shop: str
    resource: str
    record: str
    field: str
    message: str
    level: Level = Level.INFO


def _short_time(entry: LogEntry) -> str:
    local = entry.time.astimezone()
    return QLocale().toString(local.time(), QLocale.FormatType.ShortFormat)


class SyncLogTableModel(RoleCells[LogEntry], QAbstractTableModel):
    headers = _HEADERS
    texts = {
        Column.TIME: _short_time,
        Column.SHOP: attrgetter("shop"),
        Column.RESOURCE: lambda entry: resource_label(entry.resource),
        Column.FIELD: lambda entry: field_text(entry.field),  # as the window labels it
        Column.MESSAGE: attrgetter("message"),
    }
    sort_keys = {Column.TIME: lambda entry: entry.time.timestamp()}

    def __init__(self, parent=None, max_rows: int = MAX_ROWS) -> None:
        super().__init__(parent)
        self._rows: list[LogEntry] = []
        self._max_rows = max_rows
        # What each (shop, record) is, read from the local mirror in batches (issue 18).
        self._refs: dict[tuple[str, str], RecordRef] = {}
        # Those not read yet, oldest first (a dict: ordered, and a set's fast lookups).
        self._pending: dict[tuple[str, str], None] = {}

    @property
    def max_rows(self) -> int:
        """The most rows kept (older rows are dropped)."""
        return self._max_rows

    def ref(self, entry: LogEntry) -> RecordRef:
        """What the entry's record is: the rows added since the last read are read in
        batches (a few queries for a whole sync's problems, not one a row)."""
        key = (entry.shop, entry.record)
        if key not in self._refs:
            self._pending[key] = None
            self._read_pending(key)
        return self._refs.get(key) or RecordRef(entry.record)

    def _read_pending(self, first: tuple[str, str]) -> None:
        """Read `first` and the newest of the other pending records, `READ_BATCH` in all: a
        read of a whole log (5,000 rows after a large sync) held the window 0.1-0.3 s
        (issue 21). The newest rows are those shown after a sync (the view scrolls to the
        bottom), so one read names what the merchant sees; older rows are read as the view
        asks for them."""
        batch = [first]
        batch.extend(key for key in islice(reversed(self._pending), READ_BATCH)
                     if key != first)
        by_shop: dict[str, list[str]] = {}
        for shop, record in batch[:READ_BATCH]:
            by_shop.setdefault(shop, []).append(record)
            self._pending.pop((shop, record), None)
        for shop, records in by_shop.items():
            for record, ref in resolve(shop or None, records).items():
                self._refs[(shop, record)] = ref

    def refresh_names(self) -> None:
        """Read the records' names again (after a sync: a customer just staged has one)."""
        self._refs.clear()
        self._pending = dict.fromkeys((e.shop, e.record) for e in self._rows if e.record)
        if self._rows:
            self.dataChanged.emit(self.index(0, Column.RECORD),
                                  self.index(len(self._rows) - 1, Column.RECORD))

    def add(self, entry: LogEntry) -> None:
        self.extend([entry])

    def extend(self, entries: Sequence[LogEntry]) -> None:
        """Add `entries` at the end in one insertion (what a sync's end adds: its summary and
        up to thousands of warnings; one `beginInsertRows` a row held the window 0.1-0.3 s,
        issue 21). Beyond `max_rows` the oldest rows go, as one at a time would."""
        entries = list(entries)[-self._max_rows:] if self._max_rows else []
        if not entries:
            return
        drop = len(self._rows) + len(entries) - self._max_rows
        if drop > 0:
            self.beginRemoveRows(QModelIndex(), 0, drop - 1)
            del self._rows[:drop]
            self.endRemoveRows()
        for entry in entries:
            if entry.record:
                self._pending[(entry.shop, entry.record)] = None
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row + len(entries) - 1)
        self._rows.extend(entries)
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows.clear()
        self._refs.clear()
        self._pending.clear()
        self.endResetModel()

    def entry(self, row: int) -> LogEntry:
        return self._rows[row]

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        # Unlike HeadedColumns', no range check: Qt asks only for the columns counted.
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("SyncLogTableModel", _HEADERS[Column(section)])
        return None

    def tool_tip(self, entry: LogEntry, column: Column) -> str:
        if column == Column.TIME:
            return QLocale().toString(entry.time.astimezone(), QLocale.FormatType.LongFormat)
        if column == Column.RECORD:
            return record_tip(self.ref(entry)) if entry.record else ""
        return self.display(entry, column)

    def display(self, entry: LogEntry, column: Column) -> str:
        if column == Column.RECORD:
            return record_text(self.ref(entry)) if entry.record else ""
        return super().display(entry, column)

    def foreground(self, entry: LogEntry, column: Column) -> QBrush | None:
        if entry.level in LEVEL_COLOURS:
            return QBrush(QColor(LEVEL_COLOURS[entry.level]))
        return None
