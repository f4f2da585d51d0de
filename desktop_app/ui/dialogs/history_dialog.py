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
import logging

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QRect,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from desktop_app.errors import AppError
from desktop_app.store import runs as run_store
from desktop_app.store import shops
from desktop_app.store.display_names import RecordRef
from desktop_app.sync.results import RECORDED_RESOURCES, Resource, SyncResult
from desktop_app.ui import feedback
from desktop_app.ui.issue_texts import retry_advice
from desktop_app.ui.models.history_models import (
    ErrorColumn,
    HistoryErrorTableModel,
    HistoryRunTableModel,
    RunColumn,
    when_text,
)
from desktop_app.ui.models.order_labels import SORT_ROLE
from desktop_app.ui.models.sync_log_model import resource_label
from desktop_app.ui.result_text import run_text
from desktop_app.ui.widgets.controls import push_button
from desktop_app.ui.widgets.empty_state_table_view import EmptyStateTableView
from desktop_app.ui.widgets.file_dialogs import open_file_dialog
from desktop_app.ui.widgets.record_actions import RecordActions

log = logging.getLogger(__name__)

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
        open_requested(shop: str, ref: RecordRef): a double-click or Enter on an error asks
            the window to open its record (the customer, the order, the document).
    """

    retry_done = Signal(object)
    open_requested = Signal(str, object)

    def __init__(self, engine, parent: QWidget | None = None, *,
                 shop: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_dialog")
        self.setWindowTitle(self.tr("Sync history"))
        self._engine = engine
        self._retrying = False
        self.last_error: AppError | None = None
        #: The Export CSV… file dialog while it is open (non-blocking).
        self.file_dialog: QFileDialog | None = None

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
        self.refresh_button = push_button(
            self, "history_refresh_button", self.tr("&Refresh"), clicked=self.reload)

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
        # The duration says more than a finish time (its tooltip); the developer's columns
        # stay, narrow, after the message.
        self.runs_view.setColumnHidden(RunColumn.FINISHED, True)
        for column in (RunColumn.API_COST, RunColumn.REQUESTS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.runs_view.setColumnWidth(column, 64)

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
        self.record_actions = RecordActions(self.errors_view, self.ref_at)
        self.record_actions.open_requested.connect(self.open_requested)
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
        self.retry_button = push_button(
            self, "history_retry_button", self.tr("Retry &failed"),
            self.tr(
                "Sync this run's resource again for its shop (the customers sync also tries the "
                "records that failed again)"),
            clicked=self._on_retry_button_clicked)
        self.export_button = push_button(
            self, "history_export_button", self.tr("E&xport CSV…"),
            self.tr("Save the runs shown, with their errors, as CSV"),
            clicked=self._on_export_button_clicked)
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
        self.fit_to_screen()
        self.reload()

    # --- building ----------------------------------------------------------------------

    def fit_to_screen(self, available: QRect | None = None) -> None:
        """Take most of the screen, so that the Message column shows at 1400x900."""
        if available is None:
            screen = self.screen()
            available = screen.availableGeometry() if screen is not None else QRect(0, 0, 0, 0)
        width = min(1320, available.width() - 60) if available.width() else 1320
        height = min(780, available.height() - 60) if available.height() else 780
        self.resize(max(width, 900), max(height, 560))

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
        self.runs_model.set_rows(list(runs))
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
        selection = self.runs_view.selectionModel()
        moved = selection.currentIndex().row() != index.row()  # then currentRowChanged reads
        selection.setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        if not moved:  # the errors once, not twice
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

    def ref_at(self, index: QModelIndex) -> tuple[str | None, RecordRef] | None:
        """The shop and record of the error at `index` (a proxy index of the errors)."""
        return self.errors_model.ref(self.errors_proxy.mapToSource(index).row())

    def _on_filter_changed(self, _index: int) -> None:
        self.reload()

    def _on_run_selected(self, *_args) -> None:
        run = self.selected_run()
        if run is None:
            self.errors_model.set_rows([], None)
            self.errors_label.setText(self.tr("Select a run to see its errors."))
            self.errors_view.set_empty_text("")
        else:
            try:
                entries = run_store.run_entries(run.id)
            except AppError as exc:
                log.warning("Could not read the errors of run %s: %s", run.id, exc)
                entries = []
            self.errors_model.set_rows(list(entries), run.shop)
            errors = [e for e in entries if not e.is_warning]
            if run.shop is None:
                text = (self.tr("Errors of the %1 run started %2: %3")
                        .replace("%1", resource_label(run.resource).lower())
                        .replace("%2", when_text(run.started_at))
                        .replace("%3", QLocale().toString(len(errors))))
            else:
                text = (self.tr("Errors of the %1 sync of %2 started %3: %4")
                        .replace("%1", resource_label(run.resource).lower())
                        .replace("%2", run.shop)
                        .replace("%3", when_text(run.started_at))
                        .replace("%4", QLocale().toString(len(errors))))
            if warnings := len(entries) - len(errors):
                text += "; " + self.tr("warnings (done, but worth a look): %1").replace(
                    "%1", QLocale().toString(warnings))
            if run.message:
                text += "\n" + self.tr("Message: %1").replace("%1", run.message)
            # Which way its records went (issue 18), as the sync said it.
            text = self.tr("Result: %1").replace("%1", run_text(run)) + "\n" + text
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
        advice = retry_advice(e.code for e in result.errors) if result is not None else ""
        if advice:  # which failures need a change first (issue 18)
            self.summary_label.setText(f"{self.summary_label.text()}\n{advice}")
        self._update_buttons()
        if failures:
            self.last_error = failures[-1]
            feedback.show_error(self, failures[-1])
        self.retry_done.emit(result)
        return result

    def _on_export_button_clicked(self) -> None:
        self.ask_export_path()

    def ask_export_path(self) -> QFileDialog:
        """Ask where to save the CSV file (non-blocking): the runs shown are written there
        once a file is chosen (`export_csv`); nothing when the dialog is cancelled."""
        return open_file_dialog(
            self, "file_dialog", self, self.tr("Export sync history"),
            object_name="history_export_file_dialog", save_as="sync-history.csv",
            name_filters=[self.tr("CSV files (*.csv)")], selected=self.export_csv)

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
