"""ConnectionTester: the Shop Card's Test connection (issue 17).

It tries the connection as the card shows it, unsaved (address, sign-in method, the secret
typed in, else the stored one: `ShopAdmin.probe_card`), so nothing is stored by a test; the
built-in demo card is asked through its own client (`SyncEngine.test_connection`). A running
test can be stopped (its button says so). On success the shop's currency and time zone go
into the form: at once where the card has none (or the default), after a question where it
says otherwise; Save then stores them, with what the shop said (`tested_info`).
Texts keep the tab's translation context ("ShopCardTab").
"""

from __future__ import annotations

import asyncio

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.errors import AppError
from desktop_app.store import settings as shop_settings
from desktop_app.store.shops import get_shop
from desktop_app.sync.engine import SyncEngine
from desktop_app.sync.service import ShopInfo
from desktop_app.sync.shop_admin import ShopAdmin, shop_values
from desktop_app.ui import feedback
from desktop_app.ui.setting_labels import setting_label
from desktop_app.ui.tabs.shop_card.connection_box import ConnectionBox
from desktop_app.ui.tabs.shop_card.settings_form import SettingsForm
from desktop_app.ui.tabs.shop_card.test_box import ConnectionTestBox
from desktop_app.ui.widgets.questions import yes_no_question


class ConnectionTester(QObject):
    """Runs Test connection for the tab that owns it (its `parent`).

    Signals:
        filled(text: str): shop values went into the form; `text` says which (translated).
    """

    filled = Signal(str)

    def __init__(self, admin: ShopAdmin, engine: SyncEngine, connection: ConnectionBox,
                 box: ConnectionTestBox, form: SettingsForm, parent: QWidget) -> None:
        super().__init__(parent)
        self._admin = admin
        self._engine = engine
        self._connection = connection
        self._box = box
        self._form = form
        self._widget = parent
        self._task: asyncio.Future[ShopInfo] | None = None
        #: The connection last tested with success and what the shop said.
        self._tested: tuple[dict[str, object], ShopInfo] | None = None
        #: "Use the shop's values?" after a test, when the card says otherwise.
        self.fill_question: QMessageBox | None = None

    def is_running(self) -> bool:
        return self._task is not None

    def stop(self) -> None:
        """Stop the running test (nothing was stored)."""
        if self._task is not None:
            self._task.cancel()

    def forget(self) -> None:
        """Drop what the last test said (the card was reloaded or saved)."""
        self._tested = None

    def tested_info(self, connection: dict[str, object]) -> ShopInfo | None:
        """What the shop said when `connection` (the card's columns) was last tested."""
        if self._tested is not None and self._tested[0] == connection:
            return self._tested[1]
        return None

    async def run(self, code: str) -> ShopInfo | None:
        """Test card `code` as shown; show the answer and return it (None: failed or
        stopped, said in the box; a failure also in a message)."""
        if self._task is not None:
            return None
        connection = self._connection.changes(code)
        task = asyncio.ensure_future(self._probe(code))
        self._task = task
        self._box.set_running(True)
        self._box.show_testing()
        try:
            await asyncio.wait({task})
        except asyncio.CancelledError:  # the window is closing: stop the test with it
            task.cancel()
            raise
        finally:
            self._task = None
            if shiboken6.isValid(self._box):
                self._box.set_running(False)
        if not shiboken6.isValid(self._widget):
            return None
        if task.cancelled():
            self._box.show_stopped()
            return None
        exc = task.exception()
        if isinstance(exc, AppError):
            self._box.show_failure(feedback.message_for(exc))
            feedback.show_error(self._widget, exc)
            return None
        if exc is not None:
            raise exc
        info = task.result()
        self._box.show_info(info)
        if not connection.get("is_demo"):
            self._tested = (connection, info)
            self._offer_shop_values(info)
        return info

    async def _probe(self, code: str) -> ShopInfo:
        if self._connection.is_demo():
            if not get_shop(code).is_demo:
                raise AppError(QCoreApplication.translate(
                    "ShopCardTab", "Save the card to use the demo shop, then test it."))
            # The built-in demo: no address, no secret; its answer is cached on the card.
            return await self._engine.test_connection(code)
        connection = self._connection.changes(code)
        kind = self._connection.secret_kind()
        client_id = connection.get("client_id")
        return await self._admin.probe_card(
            code, self._connection.address_edit.text(),
            secret=self._connection.typed_secrets()[kind],
            auth_method=str(connection["auth_method"]),
            client_id=str(client_id) if client_id else None)

    # --- the shop's values into the form --------------------------------------------------------

    def _offer_shop_values(self, info: ShopInfo) -> None:
        defaults = shop_settings.defaults()
        fill: dict[str, shop_settings.Value] = {}
        ask: dict[str, shop_settings.Value] = {}
        for name, value in shop_values(info).items():
            shown = self._form.widget_value(name)
            if shown == value:
                continue
            if shown in ("", defaults[name]):
                fill[name] = str(value)
            else:
                ask[name] = str(value)
        if fill:
            self._fill(fill)
        if ask:
            self._ask_to_fill(ask)

    def _fill(self, values: dict[str, shop_settings.Value]) -> None:
        self._form.set_values(values)
        self.filled.emit(QCoreApplication.translate(
            "ShopCardTab", "Filled from the shop: %1. Save to keep it.").replace(
                "%1", ", ".join(f"{setting_label(shop_settings.BY_NAME[n])} = {v}"
                                for n, v in values.items())))

    def _ask_to_fill(self, values: dict[str, shop_settings.Value]) -> None:
        lines = [
            QCoreApplication.translate("ShopCardTab", "%1: %2 on the card, %3 in the shop")
            .replace("%1", setting_label(shop_settings.BY_NAME[name]))
            .replace("%2", str(self._form.widget_value(name)) or "—")
            .replace("%3", str(value))
            for name, value in values.items()]
        box = yes_no_question(
            self._widget, "fill_from_shop_question", QMessageBox.Icon.Question,
            QCoreApplication.translate("ShopCardTab", "Use the shop's values?"),
            QCoreApplication.translate("ShopCardTab", "The shop's values differ from this card's:")
            + "\n" + "\n".join(lines) + "\n\n" + QCoreApplication.translate(
                "ShopCardTab", "Take the shop's values? (Nothing is saved until Save.)"),
            lambda: self._fill(values), yes_is_default=True)
        self.fill_question = box
        box.open()
