"""SyncLogPanel: a table of what the engine reported this session (the window's log dock)."""

from __future__ import annotations

import datetime as dt
import time
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop_app.store.display_names import RecordRef
from desktop_app.sync.engine import SyncEngine
from desktop_app.sync.results import RecordIssue, RecordWarning, SyncResult
from desktop_app.ui import feedback
from desktop_app.ui.issue_texts import issue_text
from desktop_app.ui.models.sync_log_model import (
    SORT_ROLE,
    Column,
    Level,
    LogEntry,
    SyncLogTableModel,
)
from desktop_app.ui.result_text import result_text
from desktop_app.ui.widgets.layouts import controls_row, page_layout
from desktop_app.ui.widgets.record_actions import RecordActions

#: The longest the log adds rows in one go before it lets the window's event loop run (issue
#: 21: the goal is no stall over 50 ms; the rest waits for the next turn of the loop).
ADD_SLICE_S = 0.008


class _ProblemsFilter(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.problems_only = False

    def set_problems_only(self, on: bool) -> None:
        self.beginFilterChange()
        self.problems_only = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row, source_parent) -> bool:
        if not self.problems_only:
            return True
        return self.sourceModel().entry(source_row).level != Level.INFO


class SyncLogPanel(QWidget):
    """Signals:
        open_requested(shop: str, ref: RecordRef): a double-click or Enter on a row asks the
            window to open its record (the customer, the order, the document).
    """

    open_requested = Signal(str, object)

    def __init__(self, engine: SyncEngine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_log_panel")
        self.model = SyncLogTableModel(self)
        self.proxy = _ProblemsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)

        self.table = QTableView(self)
        self.table.setObjectName("sync_log_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 6)
        self.table.setWordWrap(False)
        self.table.setAccessibleName(self.tr("Sync log"))
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in ((Column.TIME, 80), (Column.SHOP, 80), (Column.RESOURCE, 100),
                              (Column.RECORD, 280), (Column.FIELD, 100)):
            self.table.setColumnWidth(column, width)

        self.record_actions = RecordActions(self.table, self.ref_at)
        self.record_actions.open_requested.connect(self.open_requested)

        self.problems_check = QCheckBox(self.tr("Problems only"), self)
        self.problems_check.setObjectName("log_problems_only_check")
        self.problems_check.toggled.connect(self.proxy.set_problems_only)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("log_count_label")
        self.clear_button = QPushButton(self.tr("Clear"), self)
        self.clear_button.setObjectName("log_clear_button")
        self.clear_button.setToolTip(self.tr("Empty this list (the sync history is kept)"))
        self.clear_button.clicked.connect(self._clear)
        # Rows still to add, each made when added (`_drain`): the warnings of a large sync's
        # end, worded a slice of time at a time, and the rows that came after them.
        self._backlog: deque[Callable[[], LogEntry]] = deque()
        self._drain_timer = QTimer(self)
        self._drain_timer.setSingleShot(True)
        self._drain_timer.setInterval(0)
        self._drain_timer.timeout.connect(self._drain)

        page_layout(self,
                    controls_row(self.problems_check, None, self.count_label, self.clear_button),
                    self.table, grow=self.table, margins=(4, 0, 4, 4))

        self.model.rowsInserted.connect(self._on_model_rows_inserted)
        self.model.rowsRemoved.connect(self._update_count)
        self.model.modelReset.connect(self._update_count)
        engine.started.connect(self._on_engine_started)
        engine.issue.connect(self._on_engine_issue)
        engine.finished.connect(self._on_engine_finished)
        engine.failed.connect(self._on_engine_failed)
        self._update_count()

    def ref_at(self, index: QModelIndex) -> tuple[str | None, RecordRef] | None:
        """The shop and record of the row of `index` (a proxy index), None without one."""
        entry = self.model.entry(self.proxy.mapToSource(index).row())
        return (entry.shop, self.model.ref(entry)) if entry.record else None

    def _add(self, shop: str, resource: str, message: str, level: Level = Level.INFO,
             record: str = "", field: str = "") -> None:
        entry = LogEntry(dt.datetime.now(dt.timezone.utc), shop, resource, record, field,
                         message, level)
        if self._backlog:  # after the rows still waiting, in the order they came
            self._backlog.append(lambda: entry)
        else:
            self.model.add(entry)

    @property
    def adding(self) -> bool:
        """Whether rows are still waiting to be added (the end of a large sync)."""
        return bool(self._backlog)

    def _drain(self) -> None:
        """Add the waiting rows for at most `ADD_SLICE_S` (at least one), in one insertion;
        the rest at the next turn of the event loop."""
        deadline = time.perf_counter() + ADD_SLICE_S
        entries = [self._backlog.popleft()()]
        while self._backlog and time.perf_counter() < deadline:
            entries.append(self._backlog.popleft()())
        self.model.extend(entries)
        if self._backlog:
            self._drain_timer.start()

    def _clear(self) -> None:
        self._backlog.clear()
        self._drain_timer.stop()
        self.model.clear()

    def _on_engine_started(self, shop: str, resource: str) -> None:
        self._add(shop, resource, self.tr("Sync started"))

    def _on_engine_issue(self, shop: str, resource: str, issue: RecordIssue) -> None:
        message = issue_text(issue.code, issue.message, issue.params)  # translated by its code
        if issue.repeated:
            message = self.tr("%1 (still failing, as on the last sync)").replace("%1", message)
        self._add(shop, resource, message, Level.WARNING, issue.record, issue.field)

    def _on_engine_finished(self, shop: str, resource: str, result: SyncResult) -> None:
        self.model.refresh_names()  # what the sync just staged has a name now
        if result.cancelled:
            self._add(shop, resource, self.tr("Sync cancelled"), Level.WARNING)
            return
        if result.still_failing:
            text = self.tr("Sync finished: %1 (%2 new, %3 still failing as on the last sync)")
        else:
            text = self.tr("Sync finished: %1")
        # Which way records went (issue 18), then the failures' split.
        text = (text.replace("%2", str(result.newly_failed))
                .replace("%3", str(result.still_failing)).replace("%1", result_text(result)))
        # Only new failures make the summary a warning: the others were reported before.
        self._add(shop, resource, text, Level.WARNING if result.newly_failed else Level.INFO)
        # Then what was done but deserves a look (`SyncResult.warnings`), told apart from
        # the failures by their level (colour) and their words. Worded and added a slice of
        # time at a time (issue 21: 30,000 warnings held the window a second), and only
        # those the log keeps.
        now = dt.datetime.now(dt.timezone.utc)
        for warning in result.warnings[-self.model.max_rows:]:
            self._backlog.append(lambda w=warning: self._warning_entry(now, shop, resource, w))
        if self._backlog:
            self._drain()

    def _warning_entry(self, at: dt.datetime, shop: str, resource: str,
                       warning: RecordWarning) -> LogEntry:
        # translated by its code and details
        text = issue_text(warning.code, warning.message, warning.params)
        return LogEntry(at, shop, resource, warning.record, warning.field,
                        self.tr("Warning: %1").replace("%1", text), Level.NOTE)

    def _on_engine_failed(self, shop: str, resource: str, error: object) -> None:
        self._add(shop, resource, feedback.message_for(error), Level.ERROR)  # type: ignore[arg-type]

    def _on_model_rows_inserted(self, *_args) -> None:
        self._update_count()
        self.table.scrollToBottom()

    def _update_count(self, *_args) -> None:
        self.count_label.setText(self.tr("Entries: %1").replace("%1", str(self.model.rowCount())))
