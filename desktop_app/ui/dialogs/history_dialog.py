"""HistoryDialog: every recorded run, filterable, with its per-record errors and warnings.

Runs come from `store.runs` (filtered there, by shop, resource, status and period): syncs,
order actions, and the commands that belong to no shop (`customers import`, a customer
edited or deleted...; "Without a shop" in the shop filter). The selected run's errors and
warnings (done, but worth a look) are listed below, each marked as such. **Retry failed**
runs that resource's sync again for the run's shop (the jobs retry the records whose errors
are still unresolved), and **Export CSV…** writes the runs shown, with their errors and
warnings, through `runs.export_csv`.

The dialog reloads whenever the engine reports the end of a run, so it stays current while
open.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from desktop_app.errors import AppError
from desktop_app.store import runs as run_store
from desktop_app.store import shops
from desktop_app.sync.results import RECORDED_RESOURCES, Resource, SyncResult
from desktop_app.ui import feedback
from desktop_app.ui.issue_texts import issue_text
from desktop_app.ui.models.order_labels import SORT_ROLE
from desktop_app.ui.models.sync_log_model import LEVEL_COLOURS, Level, resource_label
from desktop_app.ui.widgets.empty_state_table_view import EmptyStateTableView

log = logging.getLogger(__name__)


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


#: Readable run statuses (the `sync_run.status` values).
STATUS_LABELS = {
    "ok": QT_TRANSLATE_NOOP("RunStatus", "Done"),
    "partial": QT_TRANSLATE_NOOP("RunStatus", "Some records failed"),
    "failed": QT_TRANSLATE_NOOP("RunStatus", "Failed"),
    "cancelled": QT_TRANSLATE_NOOP("RunStatus", "Cancelled"),
    "running": QT_TRANSLATE_NOOP("RunStatus", "Running"),
}


def status_label(status: str) -> str:
    text = STATUS_LABELS.get(status)
    return _tr("RunStatus", text) if text else status


#: What the Shop column shows for a run of a command that belongs to no shop.
NO_SHOP = QT_TRANSLATE_NOOP("HistoryDialog", "(no shop)")


def shop_text(shop: str | None) -> str:
    """A run's shop, or what stands for none (a command that belongs to no shop)."""
    return shop if shop is not None else _tr("HistoryDialog", NO_SHOP)


def _when(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return QLocale().toString(value.astimezone(), QLocale.FormatType.ShortFormat)


# --- models ------------------------------------------------------------------------------


class RunColumn(enum.IntEnum):
    STARTED = 0
    FINISHED = 1
    SHOP = 2
    RESOURCE = 3
    STATUS = 4
    CREATED = 5
    UPDATED = 6
    SKIPPED = 7
    FAILED = 8
    API_COST = 9
    REQUESTS = 10
    MESSAGE = 11


_RUN_HEADERS = {
    RunColumn.STARTED: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Started"),
    RunColumn.FINISHED: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Finished"),
    RunColumn.SHOP: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Shop"),
    RunColumn.RESOURCE: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Resource"),
    RunColumn.STATUS: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Status"),
    RunColumn.CREATED: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Created"),
    RunColumn.UPDATED: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Updated"),
    RunColumn.SKIPPED: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Skipped"),
    RunColumn.FAILED: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Failed"),
    RunColumn.API_COST: QT_TRANSLATE_NOOP("HistoryRunTableModel", "API cost"),
    RunColumn.REQUESTS: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Requests"),
    RunColumn.MESSAGE: QT_TRANSLATE_NOOP("HistoryRunTableModel", "Message"),
}
_NUMBER_COLUMNS = {RunColumn.CREATED, RunColumn.UPDATED, RunColumn.SKIPPED, RunColumn.FAILED,
                   RunColumn.API_COST, RunColumn.REQUESTS}
_STATUS_COLOURS = {"failed": QColor("#b3261e"), "partial": QColor("#8a5a00"),
                   "cancelled": QColor("#5f6368")}


class HistoryRunTableModel(QAbstractTableModel):
    """The runs of the history, one per row (`RunColumn`), raw values under `SORT_ROLE`."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._runs: list[run_store.RunRow] = []

    def set_runs(self, runs: list[run_store.RunRow]) -> None:
        self.beginResetModel()
        self._runs = list(runs)
        self.endResetModel()

    def run(self, row: int) -> run_store.RunRow:
        return self._runs[row]

    def row_of(self, run_id: int) -> int:
        for row, run in enumerate(self._runs):
            if run.id == run_id:
                return row
        return -1

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._runs)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(RunColumn)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr("HistoryRunTableModel", _RUN_HEADERS[RunColumn(section)])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        run = self._runs[index.row()]
        column = RunColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(run, column)
        if role == SORT_ROLE:
            return self._raw(run, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column in (RunColumn.STATUS,
                                                                 RunColumn.FAILED):
            colour = _STATUS_COLOURS.get(run.status)
            if column == RunColumn.FAILED:
                colour = _STATUS_COLOURS["failed"] if run.failed else None
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ToolTipRole and run.message:
            return run.message
        return None

    @staticmethod
    def _raw(run: run_store.RunRow, column: RunColumn):
        return {
            RunColumn.STARTED: run.started_at.timestamp(),
            RunColumn.FINISHED: run.finished_at.timestamp() if run.finished_at else 0.0,
            RunColumn.SHOP: run.shop or "",
            RunColumn.RESOURCE: run.resource,
            RunColumn.STATUS: run.status,
            RunColumn.CREATED: run.created,
            RunColumn.UPDATED: run.updated,
            RunColumn.SKIPPED: run.skipped,
            RunColumn.FAILED: run.failed,
            RunColumn.API_COST: run.api_cost,
            RunColumn.REQUESTS: run.requests,
            RunColumn.MESSAGE: run.message,
        }[column]

    @staticmethod
    def _display(run: run_store.RunRow, column: RunColumn) -> str:
        locale = QLocale()
        if column == RunColumn.STARTED:
            return _when(run.started_at)
        if column == RunColumn.FINISHED:
            return _when(run.finished_at)
        if column == RunColumn.SHOP:
            return shop_text(run.shop)
        if column == RunColumn.RESOURCE:
            return resource_label(run.resource)
        if column == RunColumn.STATUS:
            return status_label(run.status)
        if column == RunColumn.MESSAGE:
            return run.message.splitlines()[0] if run.message else ""
        if column == RunColumn.API_COST:
            return locale.toString(float(run.api_cost), "f", 0)
        return locale.toString(int(HistoryRunTableModel._raw(run, column)))


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


class HistoryErrorTableModel(QAbstractTableModel):
    """The per-record errors and warnings of one run; a warning (done, but worth a look)
    says so in its Kind column and has its own colour, and is never "resolved"."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._errors: list[run_store.ErrorRow] = []

    def set_errors(self, errors: list[run_store.ErrorRow]) -> None:
        self.beginResetModel()
        self._errors = list(errors)
        self.endResetModel()

    def error(self, row: int) -> run_store.ErrorRow:
        return self._errors[row]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._errors)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(ErrorColumn)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr("HistoryErrorTableModel", _ERROR_HEADERS[ErrorColumn(section)])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        error = self._errors[index.row()]
        column = ErrorColumn(index.column())
        if role == Qt.ItemDataRole.ForegroundRole and error.is_warning:
            return QBrush(QColor(LEVEL_COLOURS[Level.NOTE]))  # as in the sync log
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if column == ErrorColumn.KIND:
                if role == SORT_ROLE:
                    return int(error.is_warning)
                return self.tr("Warning") if error.is_warning else self.tr("Error")
            if column == ErrorColumn.RESOLVED and error.is_warning:
                return "" if role == Qt.ItemDataRole.DisplayRole else -1
            if column == ErrorColumn.RESOLVED:
                if role == SORT_ROLE:
                    return int(error.resolved)
                return (self.tr("Yes") if error.resolved
                        else self.tr("No"))
            return {ErrorColumn.RECORD: error.record, ErrorColumn.FIELD: error.field,
                    ErrorColumn.MESSAGE: issue_text(error.code, error.message)}[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == ErrorColumn.MESSAGE:
            return issue_text(error.code, error.message)
        return None


# --- the dialog --------------------------------------------------------------------------

#: Status filter choices: (label, status, failed_only).
_STATUS_CHOICES = (
    (QT_TRANSLATE_NOOP("HistoryDialog", "Any status"), None, False),
    (QT_TRANSLATE_NOOP("HistoryDialog", "Problems only"), None, True),
    (QT_TRANSLATE_NOOP("HistoryDialog", "Done"), "ok", False),
    (QT_TRANSLATE_NOOP("HistoryDialog", "Some records failed"), "partial", False),
    (QT_TRANSLATE_NOOP("HistoryDialog", "Failed"), "failed", False),
    (QT_TRANSLATE_NOOP("HistoryDialog", "Cancelled"), "cancelled", False),
    (QT_TRANSLATE_NOOP("HistoryDialog", "Running"), "running", False),
)

#: Period filter choices: (label, days back or None for any time).
_PERIOD_CHOICES = (
    (QT_TRANSLATE_NOOP("HistoryDialog", "Any time"), None),
    (QT_TRANSLATE_NOOP("HistoryDialog", "Last 24 hours"), 1),
    (QT_TRANSLATE_NOOP("HistoryDialog", "Last 7 days"), 7),
    (QT_TRANSLATE_NOOP("HistoryDialog", "Last 30 days"), 30),
)

#: At most this many runs are listed (newest first); the filters narrow older ones down.
MAX_RUNS = 1000

# The shop filter's data for "Without a shop" (not a shop code: codes are never empty).
WITHOUT_SHOP = ""


class HistoryDialog(QDialog):
    """The sync history window (non-modal).

    Signals:
        retry_done(result: object): a Retry failed ended (a `SyncResult`, or None on failure).
    """

    retry_done = Signal(object)

    def __init__(self, engine, parent: QWidget | None = None, *,
                 shop: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_dialog")
        self.setWindowTitle(self.tr("Sync history"))
        self._engine = engine
        self._retrying = False
        self.last_error: AppError | None = None

        self.shop_combo = self._combo("history_shop_combo", self.tr("Shop filter"))
        self.resource_combo = self._combo("history_resource_combo", self.tr("Resource filter"))
        self.status_combo = self._combo("history_status_combo", self.tr("Status filter"))
        self.period_combo = self._combo("history_period_combo", self.tr("Period filter"))
        self.resource_combo.addItem(self.tr("All resources"), None)
        for value in RECORDED_RESOURCES:
            self.resource_combo.addItem(resource_label(value), value)
        for index, (label, _status, _only) in enumerate(_STATUS_CHOICES):
            self.status_combo.addItem(self.tr(label), index)
        for label, days in _PERIOD_CHOICES:
            self.period_combo.addItem(self.tr(label), days)
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.refresh_button.setObjectName("history_refresh_button")
        self.refresh_button.clicked.connect(self.reload)

        filters = QHBoxLayout()
        for text, combo in ((self.tr("S&hop:"), self.shop_combo),
                            (self.tr("R&esource:"), self.resource_combo),
                            (self.tr("S&tatus:"), self.status_combo),
                            (self.tr("&Period:"), self.period_combo)):
            label = QLabel(text, self)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo)
        filters.addStretch(1)
        filters.addWidget(self.refresh_button)

        self.runs_model = HistoryRunTableModel(self)
        self.runs_proxy = QSortFilterProxyModel(self)
        self.runs_proxy.setSourceModel(self.runs_model)
        self.runs_proxy.setSortRole(SORT_ROLE)
        self.runs_view = self._table("history_runs_view", self.tr("Sync runs"), self.runs_proxy)
        self.runs_view.set_empty_text(self.tr("No sync run matches these filters."))
        self.runs_view.sortByColumn(RunColumn.STARTED, Qt.SortOrder.DescendingOrder)
        header = self.runs_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RunColumn.MESSAGE, QHeaderView.ResizeMode.Stretch)

        self.errors_model = HistoryErrorTableModel(self)
        self.errors_proxy = QSortFilterProxyModel(self)
        self.errors_proxy.setSourceModel(self.errors_model)
        self.errors_proxy.setSortRole(SORT_ROLE)
        self.errors_view = self._table("history_errors_view",
                                       self.tr("Errors and warnings of the run"),
                                       self.errors_proxy)
        header = self.errors_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ErrorColumn.MESSAGE, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # recorded order until clicked
        self.errors_label = QLabel(self)
        self.errors_label.setObjectName("history_errors_label")
        self.errors_label.setWordWrap(True)
        self.errors_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.errors_label)
        lower_layout.addWidget(self.errors_view)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("history_splitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.runs_view)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("history_summary_label")
        self.retry_button = QPushButton(self.tr("Retry &failed"), self)
        self.retry_button.setObjectName("history_retry_button")
        self.retry_button.setToolTip(self.tr(
            "Sync this run's resource again for its shop (the customers sync also tries the "
            "records that failed again)"))
        self.retry_button.clicked.connect(self._on_retry_button_clicked)
        self.export_button = QPushButton(self.tr("E&xport CSV…"), self)
        self.export_button.setObjectName("history_export_button")
        self.export_button.setToolTip(self.tr("Save the runs shown, with their errors, as CSV"))
        self.export_button.clicked.connect(self._on_export_button_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary_label, 1)
        bottom.addWidget(self.retry_button)
        bottom.addWidget(self.export_button)
        bottom.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self._fill_shops(shop)
        for combo in (self.shop_combo, self.resource_combo, self.status_combo,
                      self.period_combo):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.runs_view.selectionModel().currentRowChanged.connect(self._on_run_selected)
        engine.finished.connect(self._on_engine_done)
        engine.failed.connect(self._on_engine_done)
        engine.busy_changed.connect(self._on_engine_busy_changed)
        self.resize(1000, 620)
        self.reload()

    # --- building ----------------------------------------------------------------------

    def _combo(self, name: str, accessible: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        return combo

    def _table(self, name: str, accessible: str, model) -> EmptyStateTableView:
        view = EmptyStateTableView(self)
        view.setObjectName(name)
        view.setAccessibleName(accessible)
        view.setModel(model)
        view.setSortingEnabled(True)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setAlternatingRowColors(True)
        view.verticalHeader().hide()
        view.setWordWrap(False)
        return view

    def _fill_shops(self, selected: str | None) -> None:
        self.shop_combo.blockSignals(True)
        self.shop_combo.clear()
        self.shop_combo.addItem(self.tr("All shops"), None)
        for shop in shops.list_shops():
            self.shop_combo.addItem(shop.code, shop.code)
        # Commands that belong to no shop: importing customers, editing one...
        self.shop_combo.addItem(self.tr("Without a shop"), WITHOUT_SHOP)
        index = self.shop_combo.findData(selected) if selected else 0
        self.shop_combo.setCurrentIndex(max(index, 0))
        self.shop_combo.blockSignals(False)

    # --- filters and loading -----------------------------------------------------------

    def current_filter(self) -> run_store.RunFilter:
        """The filter the combos describe."""
        _label, status, failed_only = _STATUS_CHOICES[self.status_combo.currentData() or 0]
        days = self.period_combo.currentData()
        since = dt.datetime.now(dt.UTC) - dt.timedelta(days=days) if days else None
        shop = self.shop_combo.currentData()
        return run_store.RunFilter(
            shop=shop or None,
            without_shop=shop == WITHOUT_SHOP,
            resource=self.resource_combo.currentData(),
            status=status,
            failed_only=failed_only,
            since=since,
            limit=MAX_RUNS,
        )

    def reload(self) -> None:
        """Re-read the runs for the filters, keeping the selected run when it is still shown."""
        kept = self.selected_run()
        try:
            runs = run_store.find_runs(self.current_filter())
        except AppError as exc:  # e.g. the shop was deleted meanwhile, or a locked database
            log.warning("Could not read the sync history: %s", exc)
            runs = []
        self.runs_model.set_runs(runs)
        # Plain numbers rather than %n plurals, as elsewhere: right without a .qm file.
        self.summary_label.setText(
            self.tr("Runs shown: %1").replace("%1", QLocale().toString(len(runs))))
        row = self.runs_model.row_of(kept.id) if kept is not None else -1
        self._select_source_row(row if row >= 0 else (0 if runs else -1))

    def _select_source_row(self, row: int) -> None:
        if row < 0:
            self.runs_view.selectionModel().clearCurrentIndex()
            self.runs_view.clearSelection()
            self._on_run_selected()
            return
        index = self.runs_proxy.mapFromSource(self.runs_model.index(row, 0))
        self.runs_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self._on_run_selected()

    def select_run(self, run_id: int) -> bool:
        """Select the run with this id if it is shown."""
        row = self.runs_model.row_of(run_id)
        if row >= 0:
            self._select_source_row(row)
        return row >= 0

    def selected_run(self) -> run_store.RunRow | None:
        index = self.runs_view.selectionModel().currentIndex()
        if not index.isValid():
            return None
        return self.runs_model.run(self.runs_proxy.mapToSource(index).row())

    def _on_filter_changed(self, _index: int) -> None:
        self.reload()

    def _on_run_selected(self, *_args) -> None:
        run = self.selected_run()
        if run is None:
            self.errors_model.set_errors([])
            self.errors_label.setText(self.tr("Select a run to see its errors."))
            self.errors_view.set_empty_text("")
        else:
            try:
                entries = run_store.run_entries(run.id)
            except AppError as exc:
                log.warning("Could not read the errors of run %s: %s", run.id, exc)
                entries = []
            self.errors_model.set_errors(entries)
            errors = [e for e in entries if not e.is_warning]
            if run.shop is None:
                text = (self.tr("Errors of the %1 run started %2: %3")
                        .replace("%1", resource_label(run.resource).lower())
                        .replace("%2", _when(run.started_at))
                        .replace("%3", QLocale().toString(len(errors))))
            else:
                text = (self.tr("Errors of the %1 sync of %2 started %3: %4")
                        .replace("%1", resource_label(run.resource).lower())
                        .replace("%2", run.shop)
                        .replace("%3", _when(run.started_at))
                        .replace("%4", QLocale().toString(len(errors))))
            if warnings := len(entries) - len(errors):
                text += "; " + self.tr("warnings (done, but worth a look): %1").replace(
                    "%1", QLocale().toString(warnings))
            if run.message:
                text += "\n" + self.tr("Message: %1").replace("%1", run.message)
            self.errors_label.setText(text)
            self.errors_view.set_empty_text(self.tr("No record failed in this run."))
        self._update_buttons()

    def _on_engine_done(self, _shop: str, _resource: str, _value: object) -> None:
        self.reload()

    def _on_engine_busy_changed(self, _busy: bool) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        run = self.selected_run()
        self.retry_button.setEnabled(
            run is not None and not self._retrying and self.can_retry(run)
            and not self._engine.is_busy(run.shop))
        self.export_button.setEnabled(self.runs_model.rowCount() > 0)

    @staticmethod
    def can_retry(run: run_store.RunRow) -> bool:
        """Whether Retry failed makes sense: a sync run (not an order action) failed, or some
        of its records did."""
        if run.shop is None or run.resource not in {r.value for r in Resource}:
            return False
        return run.status in run_store.PROBLEM_STATUSES or run.failed > 0

    # --- actions -----------------------------------------------------------------------

    @asyncSlot()
    async def _on_retry_button_clicked(self) -> SyncResult | None:
        return await self.retry_failed()

    async def retry_failed(self) -> SyncResult | None:
        """Sync the selected run's resource again for its shop, then show the new run."""
        run = self.selected_run()
        if run is None or not self.can_retry(run):
            return None
        failures: list[AppError] = []

        def on_failed(shop: str, resource: str, error: object) -> None:
            if (shop, resource) == (run.shop, run.resource) and isinstance(error, AppError):
                failures.append(error)

        self._engine.failed.connect(on_failed)
        self._retrying = True
        self._update_buttons()
        self.summary_label.setText(
            self.tr("Retrying %1 of %2…").replace("%1", resource_label(run.resource).lower())
            .replace("%2", run.shop))
        result: SyncResult | None = None
        try:
            # A real retry: the jobs decide every failed record again, even unchanged.
            result = await self._engine.sync(run.shop, run.resource, retry_failed=True)
        except AppError as exc:  # expected failures; bugs go to the excepthook
            failures.append(exc)
        finally:
            self._engine.failed.disconnect(on_failed)
            self._retrying = False
        self.reload()
        newest = run_store.find_runs(
            run_store.RunFilter(shop=run.shop, resource=run.resource, limit=1))
        if newest and not self.select_run(newest[0].id):
            self.summary_label.setText(self.tr("The new run is hidden by the filters."))
        self._update_buttons()
        if failures:
            self.last_error = failures[-1]
            feedback.show_error(self, failures[-1])
        self.retry_done.emit(result)
        return result

    def _on_export_button_clicked(self) -> None:
        path = self.ask_export_path()
        if path:
            self.export_csv(path)

    def ask_export_path(self) -> str:
        """Ask where to save the CSV file ("" when cancelled)."""
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export sync history"), "sync-history.csv",
            self.tr("CSV files (*.csv)"))
        return path

    def export_csv(self, path: str) -> int:
        """Write the runs the filters show, with their errors, to `path`; returns the rows."""
        try:
            runs = run_store.find_runs(self.current_filter(), with_errors=True)
            count = run_store.export_csv(path, runs)
        except AppError as exc:
            self.last_error = exc
            feedback.show_error(self, exc)
            return 0
        self.summary_label.setText(self.tr("Exported to %1 (rows: %2)")
                                   .replace("%1", path).replace("%2", QLocale().toString(count)))
        return count
