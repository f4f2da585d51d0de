"""ResourceTab: what the Customers, Orders and Gift Cards tabs share (a sync button that runs
the engine for one resource, and reports a failure through `feedback`)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget
from qasync import asyncSlot

from desktop_app.errors import AppError
from desktop_app.sync.engine import SyncEngine
from desktop_app.sync.results import Resource, SyncResult
from desktop_app.ui import feedback

log = logging.getLogger(__name__)


class ResourceTab(QWidget):
    """Base of the tabs that show one synchronised resource.

    Subclasses create `self.sync_button` and call `_connect_sync_button()`.

    Signals:
        sync_done(result: object): a sync started here ended (SyncResult, or None on failure).
    """

    sync_done = Signal(object)

    resource: Resource = Resource.CUSTOMERS

    def __init__(self, engine: SyncEngine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._shop: str | None = None
        self.sync_button: QPushButton | None = None
        self.last_error: AppError | None = None
        engine.busy_changed.connect(self._on_engine_busy_changed)

    def shop(self) -> str | None:
        return self._shop

    def set_shop(self, shop_code: str | None) -> None:
        self._shop = shop_code
        self._update_sync_button()

    def _connect_sync_button(self) -> None:
        assert self.sync_button is not None
        self.sync_button.clicked.connect(self._on_sync_button_clicked)
        self._update_sync_button()

    def _update_sync_button(self) -> None:
        if self.sync_button is not None:
            running_here = self._shop is not None and self._engine.is_busy(self._shop)
            self.sync_button.setEnabled(self._shop is not None and not running_here)

    def _on_engine_busy_changed(self, _busy: bool) -> None:
        self._update_sync_button()

    @asyncSlot()
    async def _on_sync_button_clicked(self) -> SyncResult | None:
        return await self.run_sync()

    async def run_sync(self) -> SyncResult | None:
        """Sync this tab's resource for the selected shop; a failure opens a message box."""
        shop = self._shop
        if shop is None:
            return None
        failures: list[AppError] = []

        def on_failed(failed_shop: str, resource: str, error: object) -> None:
            if failed_shop == shop and resource == self.resource.value:
                failures.append(error)  # type: ignore[arg-type]

        self._engine.failed.connect(on_failed)
        if self.sync_button is not None:
            self.sync_button.setEnabled(False)
        result: SyncResult | None = None
        try:
            result = await self._engine.sync(shop, self.resource)
        except AppError as exc:  # expected failures; bugs go to the excepthook
            failures.append(exc)
        finally:
            self._engine.failed.disconnect(on_failed)
            self._update_sync_button()
        if failures:
            self.last_error = failures[-1]
            feedback.show_error(self, failures[-1])
        self.sync_done.emit(result)
        return result
