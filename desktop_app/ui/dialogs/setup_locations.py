"""The Setup dialog's Shopify locations page (issue 17): a shop card's locations as Shopify
lists them, each with the local location its sales lines take and the one its returned items
go back to.

The list is read from Shopify when the page is first shown and on Refresh (cancellable: a
new read, closing the dialog or picking another card cancels the one running); what was
linked before stays shown while it reads, and a location Shopify no longer lists stays too,
marked. Saving goes through `sync.setup_runs.set_location`, the engine of `shop-sync
locations set`. Clear unlinks the selected location.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import asdict
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.errors import AppError
from desktop_app.store import shopify_locations as links
from desktop_app.store.setting_codes import CodeChoice
from desktop_app.sync import locations, setup_runs
from desktop_app.ui import feedback
from desktop_app.ui.dialogs.setup_common import Column, SetupEditDialog, SetupPage
from desktop_app.ui.widgets.controls import push_button


def _code_text(value: str) -> str:
    return value or QCoreApplication.translate("SetupDialog", "(none)")


def _state_text(row: dict[str, Any]) -> str:
    if not row.get("in_shopify", True):
        return QCoreApplication.translate("SetupDialog", "No longer in Shopify")
    if not row.get("active", True):
        return QCoreApplication.translate("SetupDialog", "Inactive")
    return QCoreApplication.translate("SetupDialog", "Active")


class LocationsPage(SetupPage):
    """The picked shop card's Shopify locations and their local location codes."""

    key = ""  # nothing to select after a save: the row stays where it was

    def __init__(self, shop: str | None, service: locations.ClientSource | None,
                 parent: QWidget | None = None) -> None:
        super().__init__("locations", [
            Column("name", QT_TRANSLATE_NOOP("SetupDialog", "Shopify location")),
            Column("country", QT_TRANSLATE_NOOP("SetupDialog", "Country")),
            Column("local_code", QT_TRANSLATE_NOOP("SetupDialog", "Location"), _code_text),
            Column("return_location_code", QT_TRANSLATE_NOOP("SetupDialog", "Return location"),
                   _code_text),
            Column("state", QT_TRANSLATE_NOOP("SetupDialog", "State")),
        ], QT_TRANSLATE_NOOP("SetupDialog", "No Shopify locations read yet: Refresh reads "
                             "them from Shopify."), parent)
        self._service = service
        self._found: dict[str, list[locations.ShopifyLocation]] = {}
        self._task: asyncio.Task | None = None
        self._shown = False
        self.add_button.hide()  # the locations are Shopify's
        self.remove_button.setText(QCoreApplication.translate("SetupDialog", "Clea&r"))
        self.remove_button.setToolTip(QCoreApplication.translate(
            "SetupDialog", "Unlink the selected location from its local locations"))
        self.refresh_button = push_button(
            self, "setup_locations_refresh_button",
            QCoreApplication.translate("SetupDialog", "Re&fresh from Shopify"),
            clicked=lambda _checked=False: self.refresh())
        self.buttons.insertWidget(0, self.refresh_button)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("setup_locations_status_label")
        self.status_label.setWordWrap(True)
        self.layout_.addWidget(self.status_label)
        self.add_shop_picker(shop, "setup_locations_shop_combo")
        self.shop_combo.currentIndexChanged.connect(lambda _i: self._shop_changed())
        self.refresh_button.setEnabled(service is not None and self.shop() is not None)
        self.reload()

    # --- reading --------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            self.refresh()

    def _shop_changed(self) -> None:
        self.cancel()
        if self.isVisible():
            self.refresh()

    def reload(self) -> None:
        """The rows from the last read of Shopify (none yet: the links alone)."""
        shop = self.shop()
        if shop is None:
            self.model.set_rows([])
            return
        rows = locations.with_links(shop, self._found.get(shop, []))
        self.model.set_rows([{**asdict(r), "state": _state_text(asdict(r))} for r in rows])

    def refresh(self) -> asyncio.Task | None:
        """Read the locations from Shopify (cancelling a read still running)."""
        shop = self.shop()
        if self._service is None or shop is None:
            return None
        self.cancel()
        self.status_label.setText(QCoreApplication.translate(
            "SetupDialog", "Reading the locations from Shopify…"))
        self.refresh_button.setEnabled(False)
        self._task = asyncio.ensure_future(self._read(shop))
        self._task.add_done_callback(_report_bug)
        return self._task

    async def _read(self, shop: str) -> None:
        """One read; the widgets are touched only while it is not cancelled (`cancel` puts
        them back itself, while the page still exists)."""
        assert self._service is not None
        try:
            found = await locations.shopify_locations(self._service, shop)
        except AppError as exc:
            self.refresh_button.setEnabled(True)
            self.status_label.setText(QCoreApplication.translate(
                "SetupDialog", "Not read from Shopify: %1").replace(
                    "%1", feedback.message_for(exc)))
            return
        self.refresh_button.setEnabled(True)
        self._found[shop] = found
        self.status_label.setText(QCoreApplication.translate(
            "SetupDialog", "Locations read from Shopify: %1.").replace("%1", str(len(found))))
        if shop == self.shop():
            self.reload()

    def cancel(self) -> None:
        """Cancel a read still running (the dialog closes, another card is picked)."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
            self.status_label.setText("")
            self.refresh_button.setEnabled(self._service is not None)
        self._task = None

    # --- editing --------------------------------------------------------------------------------

    def can_add(self) -> bool:
        return False  # the locations are Shopify's

    def _editor(self, row: dict[str, Any] | None) -> SetupEditDialog:
        assert row is not None  # only Edit opens one
        shop = self.shop() or ""
        gid, name = str(row["shopify_id"]), str(row.get("name", ""))
        before = {"location_code": str(row.get("local_code", "")),
                  "return_location_code": str(row.get("return_location_code", ""))}

        def save(values: dict[str, Any]) -> object:
            for field, returns in (("location_code", False), ("return_location_code", True)):
                if field in values and values[field] != before[field]:
                    setup_runs.set_location(shop, gid, name, str(values[field]),
                                            return_location=returns)
                    before[field] = str(values[field])  # saved, even if the next is refused
            return None
        title = QCoreApplication.translate(
            "SetupDialog", "Shopify location “%1” of shop card %2").replace(
                "%1", name).replace("%2", shop)
        editor = SetupEditDialog(title, save, self, always=())
        editor.show_key(name, QCoreApplication.translate("SetupDialog", "Shopify location:"),
                        "setup_location_name_label")
        choices = [CodeChoice(code, text) for code, text in links.known_location_codes()]
        editor.add_code("location_code", choices, before["location_code"])
        editor.add_code("return_location_code", choices, before["return_location_code"])
        return editor

    def remove(self) -> bool:
        """Unlink the selected location (both codes cleared)."""
        if (chosen := self.selected_in_shop()) is None:
            return False
        row, shop = chosen

        def unlink() -> None:
            for field, returns in (("local_code", False), ("return_location_code", True)):
                if row.get(field):
                    setup_runs.set_location(shop, str(row["shopify_id"]), str(row["name"]), "",
                                            return_location=returns)
        return self._apply(unlink)


def _report_bug(task: asyncio.Future) -> None:
    """A read that ended with anything but an AppError is a bug: to the excepthook."""
    if not task.cancelled() and (exc := task.exception()) is not None:
        sys.excepthook(type(exc), exc, exc.__traceback__)
