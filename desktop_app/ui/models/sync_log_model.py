"""SyncLogTableModel: what the engine reported during this session, newest last."""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
import functools
import sys
from collections.abc import Sequence
from dataclasses import dataclass
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
from shiboken6 import isValid

from desktop_app.store.display_names import RecordRef, unread_ref
from desktop_app.ui.issue_texts import field_text
from desktop_app.ui.models.columns import RoleCells
from desktop_app.ui.models.order_labels import SORT_ROLE  # noqa: F401 (sync_log_panel's)
from desktop_app.ui.models.record_names import record_text, record_tip, resolve
from desktop_app.ui.models.word_labels import word_label
from desktop_app.ui.window_reads import window_read

#: Older rows are dropped beyond this many (a long session must not grow without bound).
MAX_ROWS = 5000
#: The most records named in one read of the local mirror (`SyncLogTableModel._take_batch`).
READ_BATCH = 500

_Key = tuple[str, str]  # (shop, record)


def _read_names(batch: list[_Key]) -> dict[_Key, RecordRef]:
    """What each (shop, record) of `batch` is (store reads only: any thread)."""
    by_shop: dict[str, list[str]] = {}
    for shop, record in batch:
        by_shop.setdefault(shop, []).append(record)
    return {(shop, record): ref for shop, records in by_shop.items()
            for record, ref in resolve(shop or None, records).items()}


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


@functools.cache
def level_brush(level: Level) -> QBrush | None:
    """The text colour of a level's rows; one brush each (the view asks it of every cell
    at each repaint: one made a cell was 40 ms of a 100,000-customer sync's end, issue 21)."""
    colour = LEVEL_COLOURS.get(level)
    return QBrush(QColor(colour)) if colour else None


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
        self._refs: dict[_Key, RecordRef] = {}
        # Those not read yet, oldest first (a dict: ordered, and a set's fast lookups).
        self._pending: dict[_Key, None] = {}
        # What was known before `refresh_names`: shown until read again (no flicker).
        self._before: dict[_Key, RecordRef] = {}
        # The read in a worker thread (one at a time), the records rows asked for meanwhile,
        # and a count that tells a read made before `refresh_names` or `clear` (dropped).
        self._reading: asyncio.Task | None = None
        self._asked: dict[_Key, None] = {}
        self._generation = 0

    @property
    def max_rows(self) -> int:
        """The most rows kept (older rows are dropped)."""
        return self._max_rows

    @property
    def reading(self) -> bool:
        """Whether names are being read in a worker thread (`shown_ref`)."""
        return self._reading is not None

    def ref(self, entry: LogEntry) -> RecordRef:
        """What the entry's record is, read now if it was not yet (to open it: a read of
        that record alone)."""
        key = (entry.shop, entry.record)
        if key not in self._refs:
            self._pending.pop(key, None)
            self._refs.update(_read_names([key]))
        return self._refs.get(key) or unread_ref(entry.record)

    def shown_ref(self, entry: LogEntry) -> RecordRef:
        """What the row shows of its record: its name once read. A record not read yet is
        read in a worker thread with the newest others (`_take_batch`) and its row shown
        again when read (issue 21: read on the event loop, the names held the window while
        the tabs' reload threads held the interpreter); meanwhile it shows what was known
        before `refresh_names`, or its kind (`unread_ref`). Without an event loop: read
        here."""
        key = (entry.shop, entry.record)
        known = self._refs.get(key)
        if known is not None:
            return known
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a plain script or test): read them here
            self._refs.update(_read_names(self._take_batch([key])))
            return self._refs.get(key) or unread_ref(entry.record)
        self._pending[key] = None
        self._asked[key] = None  # the next batch starts with the rows asked
        if self._reading is None:
            self._reading = asyncio.ensure_future(self._read_in_thread())
            self._reading.add_done_callback(self._on_read_done)
        return self._before.get(key) or unread_ref(entry.record)

    def _take_batch(self, first: list[_Key]) -> list[_Key]:
        """`first` (the rows asked) and the newest of the other pending records not read
        yet, `READ_BATCH` in all, taken out of the pending ones: a read of a whole log (5,000
        rows after a large sync) took 0.1-0.3 s (issue 21). The newest rows are those shown
        after a sync (the view scrolls to the bottom), so one read names what the merchant
        sees; older rows are read as the view asks for them."""
        batch = list(dict.fromkeys(k for k in first if k not in self._refs))[:READ_BATCH]
        taken = set(batch)
        for key in reversed(self._pending):
            if len(batch) >= READ_BATCH:
                break
            if key not in taken and key not in self._refs:
                batch.append(key)
        for key in batch:
            self._pending.pop(key, None)
        return batch

    async def _read_in_thread(self) -> None:
        """Read batches in a worker thread, each applied when read, while rows ask."""
        try:
            while self._asked:
                generation = self._generation
                batch = self._take_batch(list(self._asked))
                self._asked.clear()
                if not batch:
                    return
                try:
                    found = await window_read(_read_names, batch)
                except RuntimeError:  # the read could not be scheduled: the loop is stopping
                    return
                if not isValid(self):
                    return
                if generation == self._generation:  # else read before a refresh: asked again
                    self._apply(found)
        finally:
            self._reading = None  # a row asking from now on starts the next read

    def _apply(self, found: dict[_Key, RecordRef]) -> None:
        """Keep the names read and show their rows again (one signal for the range)."""
        self._refs.update(found)
        rows = [row for row, e in enumerate(self._rows) if (e.shop, e.record) in found]
        if rows:
            self.dataChanged.emit(self.index(rows[0], Column.RECORD),
                                  self.index(rows[-1], Column.RECORD))

    @staticmethod
    def _on_read_done(task: asyncio.Task) -> None:
        if not task.cancelled() and (exc := task.exception()) is not None:
            sys.excepthook(type(exc), exc, exc.__traceback__)  # a bug: the crash dialog

    def refresh_names(self) -> None:
        """Read the records' names again (after a sync: a customer just staged has one);
        the rows show the names read before until then."""
        self._generation += 1
        shown = {**self._before, **self._refs}
        self._refs = {}
        self._pending = dict.fromkeys((e.shop, e.record) for e in self._rows if e.record)
        self._before = {key: shown[key] for key in self._pending if key in shown}
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
        self._generation += 1
        self._rows.clear()
        self._refs.clear()
        self._before.clear()
        self._pending.clear()
        self._asked.clear()
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
            return record_tip(self.shown_ref(entry)) if entry.record else ""
        return self.display(entry, column)

    def display(self, entry: LogEntry, column: Column) -> str:
        if column == Column.RECORD:
            return record_text(self.shown_ref(entry)) if entry.record else ""
        return super().display(entry, column)

    def foreground(self, entry: LogEntry, column: Column) -> QBrush | None:
        return level_brush(entry.level)
