"""HistoryRunTableModel and HistoryErrorTableModel: the recorded runs of the sync history
(`store.runs`), and the per-record errors and warnings of one of them."""

from __future__ import annotations

import datetime as dt
import enum
from operator import attrgetter

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QLocale
from PySide6.QtGui import QBrush, QColor

from desktop_app.store import runs as run_store
from desktop_app.store.display_names import RecordRef
from desktop_app.ui.issue_texts import field_text, issue_text
from desktop_app.ui.models.columns import RoleCells
from desktop_app.ui.models.record_names import record_text, record_tip, resolve
from desktop_app.ui.models.sync_log_model import LEVEL_COLOURS, Level, resource_label
from desktop_app.ui.models.word_labels import word_label

#: Readable run statuses (the `sync_run.status` values).
STATUS_LABELS = {
    "ok": QT_TRANSLATE_NOOP("RunStatus", "Done"),
    "partial": QT_TRANSLATE_NOOP("RunStatus", "Some records failed"),
    "failed": QT_TRANSLATE_NOOP("RunStatus", "Failed"),
    "cancelled": QT_TRANSLATE_NOOP("RunStatus", "Cancelled"),
    "running": QT_TRANSLATE_NOOP("RunStatus", "Running"),
}


def status_label(status: str) -> str:
    return word_label("RunStatus", STATUS_LABELS, status)


#: What the Shop column shows for a run of a command that belongs to no shop.
NO_SHOP = QT_TRANSLATE_NOOP("HistoryDialog", "(no shop)")


def shop_text(shop: str | None) -> str:
    """A run's shop, or what stands for none (a command that belongs to no shop)."""
    return shop if shop is not None else QCoreApplication.translate("HistoryDialog", NO_SHOP)


def when_text(value: dt.datetime | None) -> str:
    """A run's time in local time, the locale's short format ("" for none)."""
    if value is None:
        return ""
    return QLocale().toString(value.astimezone(), QLocale.FormatType.ShortFormat)


def duration_text(seconds: float | None) -> str:
    """How long a run took: "4 s", "2 min 5 s", "1 h 3 min" ("" while it runs)."""
    if seconds is None:
        return ""
    whole = round(seconds)
    if whole < 1:
        return QCoreApplication.translate("HistoryRunTableModel", "< 1 s")
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        text = QCoreApplication.translate("HistoryRunTableModel", "%1 h %2 min")
        return text.replace("%1", str(hours)).replace("%2", str(minutes))
    if minutes:
        text = QCoreApplication.translate("HistoryRunTableModel", "%1 min %2 s")
        return text.replace("%1", str(minutes)).replace("%2", str(secs))
    return QCoreApplication.translate("HistoryRunTableModel", "%1 s").replace("%1", str(secs))


class RunColumn(enum.IntEnum):
    """The merchant's columns first; the developer's (API cost, requests) narrow, last."""

    STARTED = 0
    FINISHED = 1
    DURATION = 2
    SHOP = 3
    RESOURCE = 4
    STATUS = 5
    CREATED = 6
    UPDATED = 7
    SKIPPED = 8
    FAILED = 9
    MESSAGE = 10
    API_COST = 11
    REQUESTS = 12


_RUN_HEADERS = {
    RunColumn.STARTED: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Started"),
    RunColumn.FINISHED: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Finished"),
    RunColumn.DURATION: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Duration"),
    RunColumn.SHOP: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Shop"),
    RunColumn.RESOURCE: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Resource"),
    RunColumn.STATUS: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Status"),
    RunColumn.CREATED: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Created"),
    RunColumn.UPDATED: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Updated"),
    RunColumn.SKIPPED: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Skipped"),
    RunColumn.FAILED: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Failed"),
    RunColumn.MESSAGE: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Message"),
    RunColumn.API_COST: QT_TRANSLATE_NOOP("HistoryRunTableModel", "API cost"),
    RunColumn.REQUESTS: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Requests"),
}
_NUMBER_COLUMNS = {RunColumn.CREATED, RunColumn.UPDATED, RunColumn.SKIPPED, RunColumn.FAILED,
                   RunColumn.API_COST, RunColumn.REQUESTS}
_STATUS_COLOURS = {"failed": QColor("#b3261e"), "partial": QColor("#8a5a00"),
                   "cancelled": QColor("#5f6368")}


class HistoryRunTableModel(RoleCells[run_store.RunRow], QAbstractTableModel):
    """The runs of the history, one per row (`RunColumn`), raw values under `SORT_ROLE`."""

    headers = _RUN_HEADERS
    right_columns = _NUMBER_COLUMNS
    texts = {
        RunColumn.STARTED: lambda run: when_text(run.started_at),
        RunColumn.FINISHED: lambda run: when_text(run.finished_at),
        RunColumn.DURATION: lambda run: duration_text(run.seconds),
        RunColumn.SHOP: lambda run: shop_text(run.shop),
        RunColumn.RESOURCE: lambda run: resource_label(run.resource),
        RunColumn.STATUS: lambda run: status_label(run.status),
        RunColumn.MESSAGE: lambda run: run.message.splitlines()[0] if run.message else "",
        RunColumn.API_COST: lambda run: QLocale().toString(float(run.api_cost), "f", 0),
    }
    sort_keys = {
        RunColumn.STARTED: lambda run: run.started_at.timestamp(),
        RunColumn.FINISHED: lambda run: run.finished_at.timestamp() if run.finished_at else 0.0,
        RunColumn.DURATION: lambda run: run.seconds if run.seconds is not None else -1.0,
        RunColumn.SHOP: lambda run: run.shop or "",
        RunColumn.RESOURCE: attrgetter("resource"),
        RunColumn.STATUS: attrgetter("status"),
        RunColumn.CREATED: attrgetter("created"),
        RunColumn.UPDATED: attrgetter("updated"),
        RunColumn.SKIPPED: attrgetter("skipped"),
        RunColumn.FAILED: attrgetter("failed"),
        RunColumn.API_COST: attrgetter("api_cost"),
        RunColumn.REQUESTS: attrgetter("requests"),
        RunColumn.MESSAGE: attrgetter("message"),
    }

    def run(self, row: int) -> run_store.RunRow:
        return self._rows[row]

    def row_of(self, run_id: int) -> int:
        for row, run in enumerate(self._rows):
            if run.id == run_id:
                return row
        return -1

    def foreground(self, run: run_store.RunRow, column: RunColumn) -> QBrush | None:
        if column not in (RunColumn.STATUS, RunColumn.FAILED):
            return None
        colour = _STATUS_COLOURS.get(run.status)
        if column == RunColumn.FAILED:
            colour = _STATUS_COLOURS["failed"] if run.failed else None
        return QBrush(colour) if colour is not None else None

    def tool_tip(self, run: run_store.RunRow, column: RunColumn) -> str | None:
        if column == RunColumn.DURATION and run.finished_at is not None:
            return QCoreApplication.translate("HistoryRunTableModel", "Finished %1").replace(
                "%1", when_text(run.finished_at))
        return run.message or None

    def display(self, run: run_store.RunRow, column: RunColumn) -> str:
        if column in self.texts:
            return super().display(run, column)
        return QLocale().toString(int(self.sort_value(run, column)))  # the counts


class ErrorColumn(enum.IntEnum):
    KIND = 0
    RECORD = 1
    FIELD = 2
    MESSAGE = 3
    RESOLVED = 4


_ERROR_HEADERS = {
    ErrorColumn.KIND: QT_TRANSLATE_NOOP("HistoryErrorTableModel", "Kind"),
    ErrorColumn.RECORD: QT_TRANSLATE_NOOP("HistoryErrorTableModel", "Record"),
    ErrorColumn.FIELD: QT_TRANSLATE_NOOP("HistoryErrorTableModel", "Field"),
    ErrorColumn.MESSAGE: QT_TRANSLATE_NOOP("HistoryErrorTableModel", "Message"),
    ErrorColumn.RESOLVED: QT_TRANSLATE_NOOP("HistoryErrorTableModel", "Since resolved"),
}


class HistoryErrorTableModel(RoleCells[run_store.ErrorRow], QAbstractTableModel):
    """The per-record errors and warnings of one run; a warning (done, but worth a look)
    says so in its Kind column and has its own colour, and is never "resolved"."""

    headers = _ERROR_HEADERS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._refs: dict[str, RecordRef] = {}
        self._shop: str | None = None

    def set_rows(self, rows, shop: str | None = None) -> None:
        """Show the errors of a run of `shop`, their records named from the local mirror
        (one batch for the whole run, issue 18)."""
        self._shop = shop
        self._refs = resolve(shop, {row.record for row in rows if row.record})
        super().set_rows(rows)

    def ref(self, row: int) -> tuple[str | None, RecordRef] | None:
        """The run's shop and the record of error `row` (None when it names none)."""
        record = self._rows[row].record
        return (self._shop, self._refs.get(record) or RecordRef(record)) if record else None

    def _record_text(self, error: run_store.ErrorRow) -> str:
        return record_text(self._refs.get(error.record) or RecordRef(error.record))

    sort_keys = {
        ErrorColumn.KIND: lambda error: int(error.is_warning),
        ErrorColumn.RESOLVED: lambda error: -1 if error.is_warning else int(error.resolved),
    }

    def foreground(self, error: run_store.ErrorRow, column: ErrorColumn) -> QBrush | None:
        if error.is_warning:
            return QBrush(QColor(LEVEL_COLOURS[Level.NOTE]))  # as in the sync log
        return None

    def display(self, error: run_store.ErrorRow, column: ErrorColumn) -> str:
        if column == ErrorColumn.KIND:
            return self.tr("Warning") if error.is_warning else self.tr("Error")
        if column == ErrorColumn.RESOLVED and error.is_warning:
            return ""
        if column == ErrorColumn.RESOLVED:
            return (self.tr("Yes") if error.resolved
                    else self.tr("No"))
        return {ErrorColumn.RECORD: self._record_text(error), ErrorColumn.FIELD: field_text(error.field),
                ErrorColumn.MESSAGE: issue_text(error.code, error.message)}[column]

    def tool_tip(self, error: run_store.ErrorRow, column: ErrorColumn) -> str | None:
        if column == ErrorColumn.MESSAGE:
            return issue_text(error.code, error.message)
        ref = self._refs.get(error.record)
        if column == ErrorColumn.RECORD and ref is not None and (
                record_text(ref) != error.record or ref.local_no):
            return record_tip(ref)  # the GID the run named: nothing is lost
        return None
