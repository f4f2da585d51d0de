"""SyncLogPanel: a table of what the engine reported this session (the window's log dock)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.sync.engine import SyncEngine
from desktop_app.sync.results import RecordIssue, SyncResult
from desktop_app.ui import feedback
from desktop_app.ui.issue_texts import issue_text
from desktop_app.ui.models.sync_log_model import (
    SORT_ROLE,
    Column,
    Level,
    LogEntry,
    SyncLogTableModel,
)


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
                              (Column.RECORD, 110), (Column.FIELD, 100)):
            self.table.setColumnWidth(column, width)

        self.problems_check = QCheckBox(self.tr("Problems only"), self)
        self.problems_check.setObjectName("log_problems_only_check")
        self.problems_check.toggled.connect(self.proxy.set_problems_only)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("log_count_label")
        self.clear_button = QPushButton(self.tr("Clear"), self)
        self.clear_button.setObjectName("log_clear_button")
        self.clear_button.setToolTip(self.tr("Empty this list (the sync history is kept)"))
        self.clear_button.clicked.connect(self.model.clear)

        bar = QHBoxLayout()
        bar.addWidget(self.problems_check)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

        self.model.rowsInserted.connect(self._on_model_rows_inserted)
        self.model.rowsRemoved.connect(self._update_count)
        self.model.modelReset.connect(self._update_count)
        engine.started.connect(self._on_engine_started)
        engine.issue.connect(self._on_engine_issue)
        engine.finished.connect(self._on_engine_finished)
        engine.failed.connect(self._on_engine_failed)
        self._update_count()

    def _add(self, shop: str, resource: str, message: str, level: Level = Level.INFO,
             record: str = "", field: str = "") -> None:
        self.model.add(LogEntry(dt.datetime.now(dt.timezone.utc), shop, resource, record,
                                field, message, level))

    def _on_engine_started(self, shop: str, resource: str) -> None:
        self._add(shop, resource, self.tr("Sync started"))

    def _on_engine_issue(self, shop: str, resource: str, issue: RecordIssue) -> None:
        message = issue_text(issue.code, issue.message)  # translated by its code
        if issue.repeated:
            message = self.tr("%1 (still failing, as on the last sync)").replace("%1", message)
        self._add(shop, resource, message, Level.WARNING, issue.record, issue.field)

    def _on_engine_finished(self, shop: str, resource: str, result: SyncResult) -> None:
        if result.cancelled:
            self._add(shop, resource, self.tr("Sync cancelled"), Level.WARNING)
            return
        if result.still_failing:
            text = self.tr("Sync finished: %1 created, %2 updated, %3 skipped, %4 failed "
                           "(%5 new, %6 still failing as on the last sync)")
        else:
            text = self.tr("Sync finished: %1 created, %2 updated, %3 skipped, %4 failed")
        for index, count in enumerate((result.created, result.updated, result.skipped,
                                       result.failed, result.newly_failed,
                                       result.still_failing), start=1):
            text = text.replace(f"%{index}", str(count))
        # Only new failures make the summary a warning: the others were reported before.
        self._add(shop, resource, text, Level.WARNING if result.newly_failed else Level.INFO)
        # Then what was done but deserves a look (`SyncResult.warnings`), told apart from
        # the failures by their level (colour) and their words.
        for warning in result.warnings:
            text = issue_text(warning.code, warning.message)  # translated by its code
            self._add(shop, resource, self.tr("Warning: %1").replace("%1", text),
                      Level.NOTE, warning.record, warning.field)

    def _on_engine_failed(self, shop: str, resource: str, error: object) -> None:
        self._add(shop, resource, feedback.message_for(error), Level.ERROR)  # type: ignore[arg-type]

    def _on_model_rows_inserted(self, *_args) -> None:
        self._update_count()
        self.table.scrollToBottom()

    def _update_count(self, *_args) -> None:
        self.count_label.setText(self.tr("Entries: %1").replace("%1", str(self.model.rowCount())))
