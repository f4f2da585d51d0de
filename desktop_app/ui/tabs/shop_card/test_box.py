"""ConnectionTestBox: what the shop said about itself at the last Test connection.

While a test runs, its button stops it (the tab cancels the test; nothing was stored)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from desktop_app.store.shops import ShopRecord
from desktop_app.ui.widgets.controls import push_button

if TYPE_CHECKING:
    from desktop_app.sync.service import ShopInfo


def _required_scopes() -> tuple[str, ...]:
    from desktop_app.sync.service import REQUIRED_SCOPES

    return REQUIRED_SCOPES


class ConnectionTestBox(QGroupBox):
    """The Test connection button and the shop's answer (name, plan, currency, scopes...).

    The tab runs the test; this box only shows what is known."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Connection test"))
        self.setObjectName("connection_test_group")
        self.test_button = push_button(
            self, "test_connection_button", self.tr("Test connection"),
            self.tr("Ask the shop who it is and which access the app has (Ctrl+T)"))
        self.test_values: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.addRow(self.test_button)
        rows = (
            ("name", self.tr("Shop name:")),
            ("domain", self.tr("Address:")),
            ("plan", self.tr("Plan:")),
            ("country", self.tr("Country:")),
            ("currency", self.tr("Currency:")),
            ("api_version", self.tr("API version:")),
            ("timezone", self.tr("Time zone:")),
            ("missing_scopes", self.tr("Missing access:")),
            ("checked", self.tr("Checked:")),
        )
        for key, text in rows:
            value = QLabel("—", self)
            value.setObjectName(f"test_{key}_label")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.test_values[key] = value
            form.addRow(text, value)

    def show_cached(self, shop: ShopRecord) -> None:
        """What the last test learnt, as stored on the card ("Never" before the first)."""
        if shop.info_checked_at is None:
            for value in self.test_values.values():
                value.setText("—")
            self.test_values["checked"].setText(self.tr("Never"))
            return
        self.test_values["name"].setText(shop.shopify_name or "—")
        self.test_values["domain"].setText(shop.domain or shop.api_url or self.tr("Demo shop"))
        self.test_values["plan"].setText(shop.plan or "—")
        self.test_values["country"].setText(shop.country or "—")
        self.test_values["currency"].setText(shop.currency or "—")
        self.test_values["api_version"].setText(shop.api_version or "—")
        self.test_values["timezone"].setText(shop.timezone or "—")
        granted = set(shop.scopes)
        self.show_missing([s for s in _required_scopes() if s not in granted])
        self.test_values["checked"].setText(
            QLocale().toString(shop.info_checked_at.astimezone(), QLocale.FormatType.ShortFormat))

    def show_testing(self) -> None:
        self.test_values["checked"].setText(self.tr("Testing…"))

    def set_running(self, running: bool) -> None:
        """The button tests, or (a test running) stops the test."""
        if running:
            self.test_button.setText(self.tr("Stop test"))
            self.test_button.setToolTip(self.tr("Stop the test; nothing is saved"))
        else:
            self.test_button.setText(self.tr("Test connection"))
            self.test_button.setToolTip(self.tr("Ask the shop who it is and which access the "
                                                "app has (Ctrl+T)"))

    def show_stopped(self) -> None:
        self.test_values["checked"].setText(self.tr("Stopped: nothing was tested or saved."))

    def show_failure(self, message: str) -> None:
        self.test_values["checked"].setText(self.tr("Failed: %1").replace("%1", message))

    def show_info(self, info: ShopInfo) -> None:
        """What the shop answered just now."""
        self.test_values["name"].setText(info.name)
        self.test_values["domain"].setText(info.domain)
        self.test_values["plan"].setText(info.plan or "—")
        self.test_values["country"].setText(info.country or "—")
        self.test_values["currency"].setText(info.currency)
        self.test_values["api_version"].setText(info.api_version)
        self.test_values["timezone"].setText(getattr(info, "timezone", "") or "—")
        self.show_missing(list(info.missing_scopes))
        self.test_values["checked"].setText(self.tr("Just now: the connection works."))

    def show_missing(self, missing: list[str]) -> None:
        label = self.test_values["missing_scopes"]
        if missing:
            label.setText("\n".join(missing))
            label.setStyleSheet("color: #b3261e;")
            label.setToolTip(self.tr("Add these access scopes to the app in your Shopify "
                                     "admin, then test again"))
        else:
            label.setText(self.tr("None: the app has every access it needs"))
            label.setStyleSheet("color: #1e7b34;")
            label.setToolTip("")
