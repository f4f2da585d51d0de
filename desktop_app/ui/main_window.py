"""MainWindow: the shop selector, the tabs, progress with Cancel, status bar and sync log.

Each resource tab's title and the status bar's problem button say how many records of the shown
shop wait for the merchant (failed in the last sync, conflicts, reviews; issue 18).

It receives the composition root (`app.AppContext`) and hands each tab the services it needs;
nothing here reaches for a global. Geometry, dock layout, the selected shop and tab are kept
in QSettings (organisation "ShopSync").
"""

from __future__ import annotations

import asyncio
import logging
import sys

from PySide6.QtCore import QLocale, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QToolBar,
    QWidget,
)
from shiboken6 import isValid

from desktop_app import paths
from desktop_app.credentials.vault import VaultStatus
from desktop_app.errors import AppError, NotFoundError
from desktop_app.store.runs import last_run
from desktop_app.store.shops import list_shops
from desktop_app.sync.database_settings import DatabaseSettings
from desktop_app.sync.results import SyncResult
from desktop_app.sync.schedule import schedulable_resources
from desktop_app.sync.schedule_timer import Scheduler
from desktop_app.ui import feedback
from desktop_app.ui.dialogs.history_dialog import HistoryDialog
from desktop_app.ui.dialogs.preferences_dialog import PreferencesDialog
from desktop_app.ui.dialogs.schedule_dialog import ScheduleDialog
from desktop_app.ui.dialogs.setup_dialog import SetupDialog
from desktop_app.ui.menu_bar import MainMenus
from desktop_app.ui.models.sync_log_model import resource_label
from desktop_app.ui.record_opener import RecordOpener
from desktop_app.ui.tabs.companies import CompaniesTab
from desktop_app.ui.tabs.customers import CustomersTab
from desktop_app.ui.tabs.gift_cards_tab import GiftCardsTab
from desktop_app.ui.tabs.orders import OrdersTab
from desktop_app.ui.tabs.resource_tab import ResourceTab
from desktop_app.ui.tabs.shop_card_tab import ShopCardTab
from desktop_app.ui.widgets.sync_log_panel import SyncLogPanel
from desktop_app.ui.widgets.window_rules import adopt
from desktop_app.ui.window_reads import window_read

log = logging.getLogger(__name__)

ORGANIZATION = "ShopSync"
APPLICATION = "Shop Sync"
SETTINGS_VERSION = 1


def window_settings() -> QSettings:
    """The QSettings of the window, in the default format and path (tests redirect both)."""
    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, ORGANIZATION,
                     APPLICATION)


class MainWindow(QMainWindow):
    """The application window.

    Signals:
        shop_changed(code: str): the shop selector moved to another shop ("" for none).
    """

    shop_changed = Signal(str)

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self._context = context
        self._engine = context.engine
        self._vault = context.vault
        self._running: dict[tuple[str, str], tuple[int, int]] = {}
        self._history_dialog: HistoryDialog | None = None
        self.setWindowTitle(self.tr("Shop Sync"))
        icon_file = paths.resource_path("icons", "shop_sync.svg")
        if icon_file.is_file():
            self.setWindowIcon(QIcon(str(icon_file)))

        self.shop_card_tab = ShopCardTab(self._engine, self._vault, self, admin=context.admin)
        self.customers_tab = CustomersTab(self._engine, self)
        self.companies_tab = CompaniesTab(self._engine, self)
        self.orders_tab = OrdersTab(self._engine, self)
        self.gift_cards_tab = GiftCardsTab(self._engine, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("main_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.shop_card_tab, self.tr("Shop Card"))
        self.tabs.addTab(self.customers_tab, self.tr("Customers"))
        self.tabs.addTab(self.companies_tab, self.tr("Companies"))
        self.tabs.addTab(self.orders_tab, self.tr("Orders"))
        self.tabs.addTab(self.gift_cards_tab, self.tr("Gift Cards"))
        self.setCentralWidget(self.tabs)
        #: The titles without their problem count, by tab.
        self._tab_titles = {self.tabs.widget(i): self.tabs.tabText(i)
                            for i in range(self.tabs.count())}
        self._problem_counts: dict[QWidget, int] = {}
        self._counted_shop: str | None = None
        self._problem_generation = 0  # bumped by each count; an older count is dropped
        self._problem_tasks: set[asyncio.Task] = set()
        self._problems_timer = QTimer(self)  # a burst of reloads counts once
        self._problems_timer.setSingleShot(True)
        self._problems_timer.setInterval(0)
        self._problems_timer.timeout.connect(self.update_problem_counts)
        for tab in self._resource_tabs():
            tab.problems_changed.connect(self._problems_timer.start)

        self._build_toolbar()
        self._build_log_dock()
        self._build_status_bar()
        self.scheduler = Scheduler(self._engine, parent=self)
        self.scheduler.changed.connect(self._update_schedule_status)
        self._build_actions()
        self.menus = MainMenus(self, context)  # File, Sync, View, Help (ui/menu_bar.py)

        self.shop_card_tab.shops_changed.connect(self.reload_shops)
        # A removed shop's schedules went with it (ON DELETE CASCADE).
        self.shop_card_tab.shops_changed.connect(self.scheduler.reload)
        self.shop_card_tab.shop_created.connect(self._on_shop_card_tab_shop_created)
        self.shop_card_tab.saved.connect(self._on_shop_card_tab_saved)
        self._engine.started.connect(self._on_engine_started)
        self._engine.progress.connect(self._on_engine_progress)
        self._engine.finished.connect(self._on_engine_finished)
        self._engine.failed.connect(self._on_engine_failed)
        self._engine.busy_changed.connect(self._on_engine_busy_changed)
        self._engine.service.on_lock_held = self._on_lock_held
        # Every widget of the window and of the dialogs opened on it follows the window's
        # rules (plain text, wheel, Esc: `widgets/window_rules.py`).
        adopt(self)

        self.reload_shops()
        self._restore_state()
        self._update_keyring_status()
        self._on_engine_busy_changed(self._engine.is_busy())
        self.scheduler.start()

    # --- building ---------------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar(self.tr("Shop"), self)
        self.toolbar.setObjectName("shop_toolbar")
        self.toolbar.setMovable(False)
        label = QLabel(self.tr("&Shop:"), self.toolbar)
        label.setContentsMargins(6, 0, 6, 0)
        self.shop_combo = QComboBox(self.toolbar)
        self.shop_combo.setObjectName("shop_selector")
        self.shop_combo.setMinimumContentsLength(24)
        self.shop_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.shop_combo.setAccessibleName(self.tr("Selected shop"))
        self.shop_combo.setToolTip(self.tr("The shop the tabs show and sync (Ctrl+K)"))
        label.setBuddy(self.shop_combo)
        self.shop_combo.currentIndexChanged.connect(self._on_shop_combo_changed)
        self.toolbar.addWidget(label)
        self.toolbar.addWidget(self.shop_combo)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def _build_log_dock(self) -> None:
        self.log_panel = SyncLogPanel(self._engine, self)
        self.record_opener = RecordOpener(self)  # a log or history row's record (issue 18)
        self.log_panel.open_requested.connect(self.record_opener.open)
        self.log_dock = QDockWidget(self.tr("Sync log"), self)
        self.log_dock.setObjectName("sync_log_dock")
        self.log_dock.setWidget(self.log_panel)
        self.log_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                                  | QDockWidget.DockWidgetFeature.DockWidgetMovable
                                  | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.log_dock)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("status_bar")
        self.shop_status_label = QLabel(bar)
        self.shop_status_label.setObjectName("shop_status_label")
        self.keyring_status_label = QLabel(bar)
        self.keyring_status_label.setObjectName("keyring_status_label")
        self.last_sync_label = QLabel(bar)
        self.last_sync_label.setObjectName("last_sync_label")
        self.job_status_label = QLabel(bar)
        self.job_status_label.setObjectName("job_status_label")
        self.schedule_status_label = QLabel(bar)
        self.schedule_status_label.setObjectName("schedule_status_label")
        self.schedule_status_label.hide()
        self.problems_button = QPushButton(bar)
        self.problems_button.setObjectName("problems_button")
        self.problems_button.setFlat(True)
        self.problems_button.setToolTip(self.tr("Show the tab with records to check"))
        self.problems_button.clicked.connect(self.show_problem_tab)
        self.problems_button.hide()
        self.progress_bar = QProgressBar(bar)
        self.progress_bar.setObjectName("sync_progress_bar")
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setAccessibleName(self.tr("Sync progress"))
        self.cancel_button = QPushButton(self.tr("Cancel"), bar)
        self.cancel_button.setObjectName("cancel_sync_button")
        self.cancel_button.setToolTip(self.tr("Stop the running sync (Esc)"))
        self.cancel_button.setAccessibleName(self.tr("Cancel sync"))
        self.cancel_button.clicked.connect(self.cancel_syncs)
        bar.addWidget(self.shop_status_label)
        bar.addWidget(self.keyring_status_label)
        bar.addWidget(self.problems_button)
        bar.addWidget(self.last_sync_label, 1)
        bar.addPermanentWidget(self.schedule_status_label)
        bar.addPermanentWidget(self.job_status_label)
        bar.addPermanentWidget(self.progress_bar)
        bar.addPermanentWidget(self.cancel_button)

    def _build_actions(self) -> None:
        def action(name: str, text: str, shortcut, slot, context=Qt.ShortcutContext.WindowShortcut):
            act = QAction(text, self)
            act.setObjectName(name)
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(context)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.sync_action = action("sync_action", self.tr("Sync this tab"),
                                  QKeySequence.StandardKey.Refresh, self._on_sync_action)
        # Esc cancels only where the sync is shown: the status bar (progress, Cancel) and the
        # sync log dock. Elsewhere Esc is the focused widget's: a search box clears
        # (widgets/window_rules.py), a dialog closes (issue 14).
        self.cancel_action = QAction(self.tr("Cancel sync"), self)
        self.cancel_action.setObjectName("cancel_action")
        self.cancel_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.cancel_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.cancel_action.triggered.connect(self.cancel_syncs)
        self.statusBar().addAction(self.cancel_action)
        self.log_dock.addAction(self.cancel_action)
        self.save_action = action("save_action", self.tr("Save shop card"),
                                  QKeySequence.StandardKey.Save, self._on_save_action)
        self.test_action = action("test_connection_action", self.tr("Test connection"),
                                  QKeySequence("Ctrl+T"), self._on_test_action)
        self.shop_action = action("choose_shop_action", self.tr("Choose shop"),
                                  QKeySequence("Ctrl+K"), self._on_shop_action)
        self.log_action = self.log_dock.toggleViewAction()
        self.log_action.setObjectName("toggle_log_action")
        self.log_action.setShortcut(QKeySequence("Ctrl+L"))
        self.addAction(self.log_action)
        self.history_action = action("history_action", self.tr("Sync history"),
                                     QKeySequence("Ctrl+H"), self.show_history)
        self.schedules_action = action("schedules_action", self.tr("Schedules"),
                                       QKeySequence("Ctrl+J"), self.show_schedules)
        self.preferences_action = action("preferences_action", self.tr("Preferences…"),
                                         QKeySequence("Ctrl+,"), self.show_preferences)
        self.setup_action = action("setup_action", self.tr("Setup…"),
                                   QKeySequence("Ctrl+Shift+U"), self.show_setup)
        self.quit_action = action("quit_action", self.tr("Quit"),
                                  QKeySequence.StandardKey.Quit, self.close)
        self.tab_actions = []
        for index in range(self.tabs.count()):
            self.tab_actions.append(action(
                f"show_tab_{index + 1}_action",
                self.tr("Show %1").replace("%1", self.tabs.tabText(index)),
                QKeySequence(f"Ctrl+{index + 1}"),
                lambda _checked=False, i=index: self.tabs.setCurrentIndex(i),
            ))
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.sync_action)
        self.toolbar.addAction(self.log_action)
        self.toolbar.addAction(self.history_action)
        self.toolbar.addAction(self.schedules_action)
        self.toolbar.addAction(self.setup_action)
        self.toolbar.addAction(self.preferences_action)

    # --- shops ------------------------------------------------------------------------------

    def current_shop(self) -> str | None:
        code = self.shop_combo.currentData()
        return code or None

    def reload_shops(self) -> None:
        """Refill the selector from the store, keeping the selection when it still exists."""
        wanted = self.current_shop() or self._context.current_shop()
        shops = list_shops()
        self.shop_combo.blockSignals(True)
        self.shop_combo.clear()
        for shop in shops:
            text = shop.code if shop.name in ("", shop.code) else f"{shop.code} — {shop.name}"
            self.shop_combo.addItem(text, shop.code)
            where = (self.tr("Demo shop") if shop.is_demo
                     else shop.domain or shop.api_url or self.tr("No address yet"))
            self.shop_combo.setItemData(self.shop_combo.count() - 1, where,
                                        Qt.ItemDataRole.ToolTipRole)
        index = self.shop_combo.findData(wanted) if wanted else -1
        self.shop_combo.setCurrentIndex(index if index >= 0 else (0 if shops else -1))
        self.shop_combo.blockSignals(False)
        self._apply_shop(self.current_shop())

    def select_shop(self, code: str) -> None:
        index = self.shop_combo.findData(code)
        if index >= 0:
            self.shop_combo.setCurrentIndex(index)

    def _on_shop_combo_changed(self, _index: int) -> None:
        self._apply_shop(self.current_shop())

    def _apply_shop(self, code: str | None) -> None:
        self._context.set_current_shop(code)
        self.shop_card_tab.set_shop(code)
        for tab in self._resource_tabs():
            tab.set_shop(code)
        self.shop_status_label.setText(
            self.tr("Shop: %1").replace("%1", code) if code else self.tr("No shop card"))
        self._update_last_sync()
        self.update_problem_counts()
        self.shop_changed.emit(code or "")

    def _on_shop_card_tab_shop_created(self, code: str) -> None:
        self.reload_shops()
        self.select_shop(code)
        self.tabs.setCurrentWidget(self.shop_card_tab)

    def _on_shop_card_tab_saved(self, _code: str) -> None:
        self._update_keyring_status()

    def _resource_tabs(self) -> list[ResourceTab]:
        return [self.customers_tab, self.companies_tab, self.orders_tab, self.gift_cards_tab]

    # --- status bar ---------------------------------------------------------------------------

    def _update_keyring_status(self) -> None:
        status = self._vault.status()
        texts = {
            VaultStatus.SYSTEM: self.tr("Keyring: system"),
            VaultStatus.LOCKED: self.tr("Keyring: locked"),
            VaultStatus.UNAVAILABLE: self.tr("Keyring: none (secrets kept for this session)"),
        }
        self.keyring_status_label.setText(texts[status])
        self.keyring_status_label.setProperty("vault_status", status.value)

    def _update_last_sync(self) -> None:
        code = self.current_shop()
        if code is None:
            self.last_sync_label.setText("")
            return
        try:  # one row, on the loop: each run's end reads it (`last_run`, issue 21)
            run = last_run(code)
        except NotFoundError:
            run = None
        except AppError as exc:  # a locked database must not break the status bar
            log.warning("Could not read the last sync: %s", exc)
            run = None
        if run is None:
            self.last_sync_label.setText(self.tr("Last sync: never"))
            return
        resource, status, at = run
        self.last_sync_label.setText(
            self.tr("Last sync: %1 %2 (%3)")
            .replace("%1", resource_label(resource))
            .replace("%2", QLocale().toString(at.astimezone(), QLocale.FormatType.ShortFormat))
            .replace("%3", self._status_text(status))
        )

    def _status_text(self, status: str) -> str:
        return {
            "ok": self.tr("done"),
            "partial": self.tr("some records failed"),
            "failed": self.tr("failed"),
            "cancelled": self.tr("cancelled"),
            "running": self.tr("running"),
        }.get(status, status)

    def _update_schedule_status(self) -> None:
        running = self.scheduler.running()
        upcoming = self.scheduler.upcoming()
        if running:
            shop, resource = running[0]
            text = self.tr("Scheduled: syncing %1 of %2").replace(
                "%1", resource_label(resource).lower()).replace("%2", shop)
        elif upcoming is not None:
            when = QLocale().toString(upcoming.next_run.astimezone(),
                                      QLocale.FormatType.ShortFormat)
            text = (self.tr("Next scheduled sync: %1 of %2 at %3")
                    .replace("%1", resource_label(upcoming.resource).lower())
                    .replace("%2", upcoming.shop).replace("%3", when))
        else:
            text = ""
        self.schedule_status_label.setText(text)
        self.schedule_status_label.setVisible(bool(text))

    def update_problem_counts(self) -> None:
        """Put in each resource tab's title, and in the status bar, how many records of the
        shown shop wait for the merchant ("Orders (3 to check)"); plain titles without a shop.

        Another shop's counts go at once; the store is read in a worker thread (on this one
        without an event loop), as the tabs read theirs after a sync.
        """
        self._problems_timer.stop()
        self._problem_generation += 1
        code = self.current_shop()
        if code != self._counted_shop:  # a tab never shows the last shop's counts
            self._counted_shop = code
            self._show_problem_counts({})
        if code is None:
            return
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            self._show_problem_counts(self._count_problems(code))
            return
        task = asyncio.ensure_future(self._count_in_thread(self._problem_generation, code))
        self._problem_tasks.add(task)
        task.add_done_callback(self._on_problem_task_done)

    async def _count_in_thread(self, generation: int, code: str) -> None:
        def count() -> tuple[dict[QWidget, int] | None, Exception | None]:
            try:  # the count's own errors come back as a value, to be raised below
                return self._count_problems(code), None
            except Exception as exc:  # noqa: BLE001
                return None, exc

        try:
            counts, error = await window_read(  # none while a newer count waits
                count, still_wanted=lambda: generation == self._problem_generation)
        except RuntimeError:  # the read could not be scheduled: the loop is stopping (the
            return            # app or a test is ending, its events processed by Qt alone)
        if error is not None:
            raise error  # a bug: `_on_problem_task_done` shows the crash dialog
        if counts is not None and generation == self._problem_generation and isValid(self):
            self._show_problem_counts(counts)

    def _on_problem_task_done(self, task: asyncio.Task) -> None:
        self._problem_tasks.discard(task)
        if task.cancelled() or task.exception() is None or not isValid(self):
            return
        exc = task.exception()
        sys.excepthook(type(exc), exc, exc.__traceback__)  # a bug: the crash dialog

    def _count_problems(self, code: str) -> dict[QWidget, int]:
        """The problem count of each resource tab for shop `code` (store reads only: any
        thread)."""
        counts: dict[QWidget, int] = {}
        for tab in self._resource_tabs():
            try:
                counts[tab] = len(tab.problem_keys(code))
            except NotFoundError:  # the shop was removed meanwhile
                counts[tab] = 0
            except AppError as exc:  # a locked database must not break the titles
                log.warning("Could not count the problems of %s: %s", code, exc)
                counts[tab] = 0
        return counts

    def _show_problem_counts(self, counts: dict[QWidget, int]) -> None:
        self._problem_counts = counts
        for tab in self._resource_tabs():
            title, count = self._tab_titles[tab], counts.get(tab, 0)
            self.tabs.setTabText(self.tabs.indexOf(tab), self.tr("%1 (%2 to check)").replace(
                "%1", title).replace("%2", QLocale().toString(count)) if count else title)
        waiting = [self._tab_titles[tab] for tab in self._resource_tabs() if counts.get(tab)]
        total = sum(counts.values())
        self.problems_button.setText(self.tr("%1 to check: %2").replace(
            "%1", QLocale().toString(total)).replace("%2", ", ".join(waiting)))
        self.problems_button.setAccessibleName(self.problems_button.text())
        self.problems_button.setVisible(total > 0)

    def problem_count(self, tab: QWidget) -> int:
        """The problem count shown in `tab`'s title (0 when it shows none)."""
        return self._problem_counts.get(tab, 0)

    def show_problem_tab(self) -> None:
        """Go to the next tab with records to check (after the current one, round), on the
        view that shows them."""
        tabs = self._resource_tabs()
        current = self.tabs.currentWidget()
        start = tabs.index(current) + 1 if current in tabs else 0
        for tab in tabs[start:] + tabs[:start]:
            if self._problem_counts.get(tab):
                self.tabs.setCurrentWidget(tab)
                tab.show_problems()
                return

    # --- progress -----------------------------------------------------------------------------

    def _on_engine_started(self, shop: str, resource: str) -> None:
        self._running[(shop, resource)] = (0, -1)
        self._update_progress()

    def _on_engine_progress(self, shop: str, resource: str, done: int, total: int) -> None:
        if (shop, resource) not in self._running:
            return  # a late report of a run that already ended
        self._running[(shop, resource)] = (done, total)
        self._update_progress()

    def _on_engine_finished(self, shop: str, resource: str, _result: SyncResult) -> None:
        self._running.pop((shop, resource), None)
        self._update_progress()
        self._update_last_sync()
        self._problems_timer.start()

    def _on_engine_failed(self, shop: str, resource: str, _error: object) -> None:
        self._running.pop((shop, resource), None)
        self._update_progress()
        self._update_last_sync()
        self._problems_timer.start()

    def _on_engine_busy_changed(self, busy: bool) -> None:
        if not busy:
            self._running.clear()
        self.progress_bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        self.job_status_label.setVisible(busy)
        self.cancel_action.setEnabled(busy)
        self._update_progress()

    def _on_lock_held(self, shop: str, details: dict[str, object]) -> None:
        """A sync waits for another workstation's (or window's) sync of `shop`: say whom for,
        until the sync starts (its progress replaces the text) or gives up (a message)."""
        if isValid(self.job_status_label):
            self.job_status_label.setText(feedback.waiting_for_text(shop, details))

    def _update_progress(self) -> None:
        if not self._running:
            self.job_status_label.setText("")
            self.progress_bar.setRange(0, 1)
            self.progress_bar.setValue(0)
            return
        (shop, resource), (done, total) = next(reversed(self._running.items()))
        text = self.tr("Syncing %1 of %2…").replace("%1", resource_label(resource).lower()
                                                      ).replace("%2", shop)
        if len(self._running) > 1:
            text += " " + self.tr("(and %1 more)").replace("%1", str(len(self._running) - 1))
        self.job_status_label.setText(text)
        if total >= 0:
            self.progress_bar.setRange(0, max(total, 1))
            self.progress_bar.setValue(min(done, max(total, 1)))
            self.progress_bar.setFormat(self.tr("%1 of %2").replace("%1", QLocale().toString(done))
                                        .replace("%2", QLocale().toString(total)))
        else:
            self.progress_bar.setRange(0, 0)  # busy indicator: the total is unknown

    def cancel_syncs(self) -> None:
        """Cancel every running sync (the engine reports each as cancelled)."""
        if self._engine.is_busy():
            self.cancel_button.setEnabled(False)
            self.job_status_label.setText(self.tr("Cancelling…"))
            self._engine.cancel()

    # --- actions ------------------------------------------------------------------------------

    def _on_sync_action(self) -> None:
        tab = self.tabs.currentWidget()
        if isinstance(tab, ResourceTab) and tab.sync_button is not None:
            if tab.sync_button.isEnabled():
                tab.sync_button.click()
        else:
            self.statusBar().showMessage(
                self.tr("Open Customers, Orders or Gift Cards to sync them (Ctrl+2 to Ctrl+4)."),
                5000)

    def _on_save_action(self) -> None:
        if self.tabs.currentWidget() is self.shop_card_tab:
            self.shop_card_tab.save_button.click()

    def _on_test_action(self) -> None:
        self.tabs.setCurrentWidget(self.shop_card_tab)
        self.shop_card_tab.test_button.click()

    def show_history(self) -> HistoryDialog:
        """Open (or raise) the sync history, filtered on the selected shop."""
        if self._history_dialog is None:
            self._history_dialog = HistoryDialog(self._engine, self, shop=self.current_shop())
            self._history_dialog.open_requested.connect(self.record_opener.open)
        elif self._history_dialog.isVisible():
            self._history_dialog.reload()
            self._history_dialog.raise_()
            self._history_dialog.activateWindow()
            return self._history_dialog
        else:
            self._history_dialog.reload()
        self._history_dialog.show()
        return self._history_dialog

    def show_schedules(self) -> ScheduleDialog:
        """Open the schedule editor (window-modal, not blocking)."""
        dialog = ScheduleDialog(self.scheduler, [r.value for r in schedulable_resources()],
                                self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_setup(self) -> SetupDialog:
        """Open the setup tables (templates, country templates, tax areas, mappings, Shopify
        locations; window-modal)."""
        dialog = SetupDialog(self.current_shop(), self, service=self._engine.service)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # The Shop Card under the dialog lists the codes just made (it is not shown again).
        dialog.finished.connect(lambda _result: self.shop_card_tab.refresh_code_choices())
        dialog.open()
        return dialog

    def show_preferences(self) -> PreferencesDialog:
        """Open the preferences (the interface language; window-modal, not blocking)."""
        dialog = PreferencesDialog(self, database=DatabaseSettings(self._context.data_dir,
                                                                  self._context.vault))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _on_shop_action(self) -> None:
        self.shop_combo.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.shop_combo.showPopup()

    # --- state ------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        settings = window_settings()
        settings.beginGroup("main_window")
        geometry = settings.value("geometry")
        state = settings.value("state")
        tab = settings.value("tab", 0, int)
        shop = settings.value("shop", "", str)
        settings.endGroup()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1180, 780)
        if state is None or not self.restoreState(state, SETTINGS_VERSION):
            self.resizeDocks([self.log_dock], [170], Qt.Orientation.Vertical)
        if shop:
            self.select_shop(shop)
        if 0 <= tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)

    def save_state(self) -> None:
        settings = window_settings()
        settings.beginGroup("main_window")
        settings.setValue("geometry", self.saveGeometry())
        settings.setValue("state", self.saveState(SETTINGS_VERSION))
        settings.setValue("tab", self.tabs.currentIndex())
        settings.setValue("shop", self.current_shop() or "")
        settings.endGroup()
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.save_state()
        self.scheduler.stop()
        if self._engine.is_busy():
            self._engine.cancel()
        super().closeEvent(event)
