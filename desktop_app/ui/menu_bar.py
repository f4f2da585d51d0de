"""The main window's menu bar (File, Sync, View, Help) and its Sync all.

The menus reuse the window's own actions (so a shortcut is defined once) and add the ones
only a menu offers: New shop card, Sync all, a sync of each resource, About and Open log
folder. Sync all runs `sync.sync_all.sync_all_resources` (the sequence of `shop-sync sync
all`) one after another through the engine for the shown shop, after the question a tab's
sync asks when it would write to Shopify (one for the whole run); Cancel stops the rest, and
one summary line ends it in the sync log.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from desktop_app import paths
from desktop_app.errors import AppError
from desktop_app.sync.results import Resource, SyncResult
from desktop_app.sync.sync_all import sync_all_resources
from desktop_app.ui import feedback
from desktop_app.ui.dialogs.about_dialog import AboutDialog
from desktop_app.ui.dialogs.invoice_entry_dialog import InvoiceEntryDialog, open_invoice_entry
from desktop_app.ui.dialogs.items_dialog import ItemsDialog
from desktop_app.ui.models.sync_log_model import Level, LogEntry, resource_label
from desktop_app.ui.result_text import result_text
from desktop_app.ui.sync_confirmation import run_held_for_confirmation

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QAbstractButton, QStatusBar, QTabWidget, QWidget

    from desktop_app.app import AppContext
    from desktop_app.sync.engine import SyncEngine
    from desktop_app.ui.tabs.shop_card_tab import ShopCardTab
    from desktop_app.ui.widgets.sync_log_panel import SyncLogPanel


class MainWindow(Protocol):
    """What the menus take from the main window (a protocol: the window imports this module,
    so this module does not import the window)."""

    setup_action: QAction
    preferences_action: QAction
    quit_action: QAction
    history_action: QAction
    schedules_action: QAction
    log_action: QAction
    sync_action: QAction
    cancel_action: QAction
    tab_actions: list[QAction]
    cancel_button: QAbstractButton
    tabs: QTabWidget
    shop_card_tab: ShopCardTab
    log_panel: SyncLogPanel
    shop_changed: SignalInstance

    def current_shop(self) -> str | None: ...
    def setMenuBar(self, menubar: QMenuBar) -> None: ...  # noqa: N802 (Qt's name)
    def addAction(self, action: QAction) -> None: ...  # noqa: N802
    def statusBar(self) -> QStatusBar: ...  # noqa: N802

# The shortcut of each resource's "sync now" in the Sync menu (none clashes with the window's).
RESOURCE_SHORTCUTS = {
    Resource.CUSTOMERS: "Ctrl+Shift+C",
    Resource.COMPANIES: "Ctrl+Shift+M",
    Resource.ORDERS: "Ctrl+Shift+O",
    Resource.SHIPMENTS: "Ctrl+Shift+H",
    Resource.INVOICES: "Ctrl+Shift+I",
    Resource.GIFT_CARDS: "Ctrl+Shift+G",
}


class MainMenus(QObject):
    """Builds and owns the menu bar of `window`.

    Attributes: file_menu, sync_menu, view_menu, help_menu; new_shop_action, items_action,
    new_invoice_action,
    sync_all_action, resource_actions (Resource → QAction), about_action, open_logs_action.
    """

    def __init__(self, window: MainWindow, context: AppContext) -> None:
        super().__init__(window)
        self._window = window
        self._context = context
        self._engine: SyncEngine = context.engine
        self._sync_all_running = False
        self._cancelled = False
        self.about_dialog: AboutDialog | None = None
        self.items_dialog: ItemsDialog | None = None
        self.invoice_dialog: InvoiceEntryDialog | None = None
        bar = QMenuBar(window)
        bar.setObjectName("main_menu_bar")
        window.setMenuBar(bar)
        self.menu_bar = bar

        self.new_shop_action = self._action("new_shop_action", self.tr("New shop card…"),
                                            "Ctrl+N", self.new_shop_card)
        self.items_action = self._action("items_action", self.tr("Items…"), "Ctrl+I",
                                         self.show_items)
        self.new_invoice_action = self._action("new_invoice_action",
                                               self.tr("New sales invoice…"), "Ctrl+Shift+N",
                                               self.new_sales_invoice)
        self.sync_all_action = self._action("sync_all_action", self.tr("Sync all"),
                                            "Ctrl+Shift+A", self._on_sync_all_action)
        self.resource_actions: dict[Resource, QAction] = {}
        for resource in sync_all_resources(self._engine.service):
            self.resource_actions[resource] = self._action(
                f"sync_{resource.value.replace('-', '_')}_action",
                self.tr("Sync %1").replace("%1", resource_label(resource.value).lower()),
                RESOURCE_SHORTCUTS.get(resource, ""),
                lambda _checked=False, r=resource: asyncio.ensure_future(self.sync_one(r)))
        self.about_action = self._action("about_action", self.tr("About Shop Sync"), "F1",
                                         self.show_about)
        self.open_logs_action = self._action("open_log_folder_action",
                                             self.tr("Open log folder"), "Ctrl+Shift+L",
                                             self.open_log_folder)

        if window.quit_action.shortcut().isEmpty():  # platforms without a standard Quit key
            window.quit_action.setShortcut(QKeySequence("Ctrl+Q"))

        self.file_menu = self._menu("file_menu", self.tr("&File"), [
            self.new_shop_action, self.items_action, self.new_invoice_action, None,
            window.setup_action,
            window.preferences_action, None,
            window.quit_action])
        self.sync_menu = self._menu("sync_menu", self.tr("S&ync"), [
            self.sync_all_action, window.sync_action, None,
            *self.resource_actions.values(), None,
            window.schedules_action, window.history_action])
        self.view_menu = self._menu("view_menu", self.tr("&View"), [
            *window.tab_actions, None, window.log_action])
        self.help_menu = self._menu("help_menu", self.tr("&Help"), [
            self.about_action, self.open_logs_action])

        # The window's Cancel (button and Esc) also stops the resources Sync all has left.
        window.cancel_button.clicked.connect(self.cancel_sync_all)
        window.cancel_action.triggered.connect(self.cancel_sync_all)
        self._engine.busy_changed.connect(self._update_enabled)
        window.shop_changed.connect(self._update_enabled)
        self._update_enabled()

    # --- building ---------------------------------------------------------------------------

    def _action(self, name: str, text: str, shortcut: str,
                slot: Callable[..., object]) -> QAction:
        action = QAction(text, self._window)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self._window.addAction(action)
        return action

    def _menu(self, name: str, title: str, actions: list[QAction | None]) -> QMenu:
        menu = self.menu_bar.addMenu(title)
        menu.setObjectName(name)
        for action in actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        return menu

    def _update_enabled(self, *_args) -> None:
        shop = self._window.current_shop()
        free = shop is not None and not self._sync_all_running and not self._engine.is_busy(shop)
        self.sync_all_action.setEnabled(free)
        self.new_invoice_action.setEnabled(shop is not None)
        for action in self.resource_actions.values():
            action.setEnabled(free)

    # --- File and Help ----------------------------------------------------------------------

    def new_shop_card(self) -> None:
        self._window.tabs.setCurrentWidget(self._window.shop_card_tab)
        self._window.shop_card_tab.open_new_shop_dialog()

    def show_items(self) -> ItemsDialog:
        """The local items and their Import CSV… (one dialog: shown again if open)."""
        if self.items_dialog is not None and self.items_dialog.isVisible():
            self.items_dialog.raise_()
            self.items_dialog.activateWindow()
            return self.items_dialog
        dialog = ItemsDialog(self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "items_dialog", None))
        dialog.open()
        self.items_dialog = dialog
        return dialog

    def new_sales_invoice(self) -> InvoiceEntryDialog | None:
        """A local sales invoice for the shown shop (None without one)."""
        shop = self._window.current_shop()
        if shop is None:
            return None
        self.invoice_dialog = open_invoice_entry(
            shop, self._window, self._invoice_saved, lambda: setattr(self, "invoice_dialog", None))
        return self.invoice_dialog

    def _invoice_saved(self, no: str, posted: bool) -> None:
        text = (self.tr("Invoice %1 posted: the posted-invoice sync sends it to Shopify.")
                if posted else self.tr("Invoice %1 saved (not posted)."))
        self._window.statusBar().showMessage(text.replace("%1", no), 10000)

    def log_folder(self) -> Path | None:
        """The log folder of the data folder (None when it cannot be made)."""
        return paths.log_dir(self._context.data_dir)

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self._context.data_dir, self.log_folder(), self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.about_dialog = dialog
        return dialog

    def open_log_folder(self) -> bool:
        folder = self.log_folder()
        if folder is None:
            self._window.statusBar().showMessage(
                self.tr("There is no log folder: the data folder cannot be written."), 5000)
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # --- Sync ---------------------------------------------------------------------------------

    async def sync_one(self, resource: Resource) -> SyncResult | None:
        """Sync one resource for the shown shop; a failure opens a message box."""
        shop = self._window.current_shop()
        if shop is None or self._engine.is_busy(shop):
            return None
        failures: list[object] = []

        def on_failed(failed_shop: str, name: str, error: object) -> None:
            if failed_shop == shop and name == resource.value:
                failures.append(error)

        self._engine.failed.connect(on_failed)
        self._update_enabled()
        try:
            return await self._engine.sync(shop, resource)
        except AppError as exc:
            failures.append(exc)
            return None
        finally:
            self._engine.failed.disconnect(on_failed)
            self._update_enabled()
            if failures:
                feedback.show_error(self._window, failures[-1])  # type: ignore[arg-type]

    def _on_sync_all_action(self) -> None:
        asyncio.ensure_future(self.sync_all())

    def cancel_sync_all(self) -> None:
        if self._sync_all_running:
            self._cancelled = True

    async def sync_all(self, *, confirmed: bool = False) -> list[SyncResult]:
        """Run every resource of `sync all` for the shown shop, one after another.

        Unless `confirmed`, a run that would write to Shopify beyond the Shop Card's limit
        (or its first write) asks first, once for the whole run (`ui.sync_confirmation`,
        the question of a tab's sync): [] now, and the run starts on the go-ahead.
        Stops at a cancel, or at a resource that fails as a whole (as `shop-sync sync all`
        does); ends with one summary line in the sync log. Returns the results of the
        resources that finished.
        """
        shop = self._window.current_shop()
        if shop is None or self._sync_all_running or self._engine.is_busy(shop):
            return []
        resources = sync_all_resources(self._engine.service)
        self._sync_all_running = True
        self._cancelled = False
        self._update_enabled()
        if not confirmed:
            held = True
            try:
                held = await run_held_for_confirmation(
                    cast("QWidget", self._window), self._engine, shop, resources,
                    lambda: self.sync_all(confirmed=True))
            finally:
                if held:
                    self._sync_all_running = False
                    self._update_enabled()
            if held:  # asked (the go-ahead runs it), failed, or cancelled while previewed
                if self._cancelled:
                    self._summarise(shop, [], len(resources), None, True)
                return []
        results: list[SyncResult] = []
        failed_resource: str | None = None
        cancelled: list[bool] = []

        def on_finished(done_shop: str, _name: str, result: SyncResult) -> None:
            if done_shop == shop and result.cancelled:
                cancelled.append(True)

        self._engine.finished.connect(on_finished)
        try:
            for resource in resources:
                if self._cancelled or cancelled:
                    break
                try:
                    result = await self._engine.sync(shop, resource)
                except AppError:
                    result = None
                if result is None:
                    if not (self._cancelled or cancelled):
                        failed_resource = resource.value
                    break
                results.append(result)
        finally:
            self._engine.finished.disconnect(on_finished)
            self._sync_all_running = False
            self._update_enabled()
        try:
            self._summarise(shop, results, len(resources), failed_resource,
                            bool(self._cancelled or cancelled))
        except RuntimeError:  # the window was closed and deleted meanwhile: nobody to tell
            pass
        return results

    def _summarise(self, shop: str, results: list[SyncResult], total: int,
                   failed_resource: str | None, cancelled: bool) -> None:
        summed = SyncResult.combined("all", results)
        text = result_text(summed)  # which way records went (issue 18)
        done = (self.tr("%1 of %2 resources").replace("%1", str(len(results)))
                .replace("%2", str(total)))
        if cancelled:
            message = (self.tr("Sync all cancelled after %1: %2")
                       .replace("%1", done).replace("%2", text))
            level = Level.WARNING
        elif failed_resource is not None:
            message = (self.tr("Sync all stopped: %1 failed (%2): %3")
                       .replace("%1", resource_label(failed_resource)).replace("%2", done)
                       .replace("%3", text))
            level = Level.ERROR
        else:
            message = (self.tr("Sync all finished (%1): %2")
                       .replace("%1", done).replace("%2", text))
            level = Level.WARNING if summed.failed else Level.INFO
        self._window.log_panel.model.add(LogEntry(
            dt.datetime.now(dt.UTC), shop, "", "", "", message, level))
        self._window.statusBar().showMessage(message, 10000)
