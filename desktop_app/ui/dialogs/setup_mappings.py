"""The Setup dialog's mapping pages (issue 17): a shop card's shipping titles and Shopify
payment terms, each with the local code it stands for.

- Shipment methods: a shipping line's title (as Shopify's orders carry it) and its local
  shipment method code. A title can be added before the first order that carries it; the
  orders' documents add the others, unmapped.
- Payment terms: Shopify's payment terms templates (read with the companies) and their local
  payment terms code; only those can be mapped, so the page has no Add.

Saving goes through `sync.setup_runs.set_mapping`, the engine of `shop-sync mappings set`:
the same checks, each change a recorded run. Clear empties the local code (the row stays:
the title or the terms are Shopify's).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.errors import AppError
from desktop_app.store import mappings
from desktop_app.store.setting_codes import CodeChoice
from desktop_app.sync import setup_runs
from desktop_app.ui import feedback
from desktop_app.ui.dialogs.setup_common import Column, SetupEditDialog, SetupPage

SHIPMENT = "shipment-method"
TERMS = "payment-terms"


def _code_text(value: str) -> str:
    return value or QCoreApplication.translate("SetupDialog", "(not mapped)")


#: Shopify's payment terms types, as the page shows them.
_TERMS_TYPES = {
    "RECEIPT": QT_TRANSLATE_NOOP("SetupDialog", "Due on receipt"),
    "FULFILLMENT": QT_TRANSLATE_NOOP("SetupDialog", "Due on fulfilment"),
    "FIXED": QT_TRANSLATE_NOOP("SetupDialog", "Due on a fixed date"),
}


def _detail_text(row: dict[str, Any]) -> str:
    """What the row's Details column shows: a payment terms template's due date in the
    window's language; a shipping title's charge line as stored (codes)."""
    if row["kind"] != TERMS:
        return str(row.get("detail", ""))
    if row.get("due_in_days") is not None:
        return QCoreApplication.translate("SetupDialog", "Due in %1 days").replace(
            "%1", str(row["due_in_days"]))
    text = _TERMS_TYPES.get(str(row.get("terms_type", "")))
    return QCoreApplication.translate("SetupDialog", text) if text else str(
        row.get("terms_type", ""))


class MappingsPage(SetupPage):
    """One kind of mapping of the picked shop card: Shopify's value and the local code."""

    def __init__(self, kind: str, shop: str | None, parent: QWidget | None = None) -> None:
        shipment = kind == SHIPMENT
        value_header = (QT_TRANSLATE_NOOP("SetupDialog", "Shipping title") if shipment
                        else QT_TRANSLATE_NOOP("SetupDialog", "Payment terms"))
        code_header = (QT_TRANSLATE_NOOP("SetupDialog", "Shipment method") if shipment
                       else QT_TRANSLATE_NOOP("SetupDialog", "Local payment terms"))
        empty = (QT_TRANSLATE_NOOP(
            "SetupDialog", "No shipping titles yet for this shop card. Each order's document "
            "adds the titles it carries; add one with Add… to map it before its first order.")
            if shipment else QT_TRANSLATE_NOOP(
                "SetupDialog", "No payment terms yet for this shop card: they are read from "
                "Shopify with the companies. Sync the companies, then map each one here."))
        name = "shipment_methods" if shipment else "payment_terms"
        super().__init__(name, [
            Column("shopify_value", value_header),
            Column("local_code", code_header, _code_text),
            Column("shown_detail", QT_TRANSLATE_NOOP("SetupDialog", "Details")),
        ], empty, parent)
        self.kind = kind
        self.remove_button.setText(QCoreApplication.translate("SetupDialog", "Clea&r"))
        self.remove_button.setToolTip(QCoreApplication.translate(
            "SetupDialog", "Empty the local code of the selected row"))
        if not shipment:
            self.add_button.hide()  # only Shopify's payment terms templates can be mapped
        self.add_shop_picker(shop, f"setup_{name}_shop_combo")
        self.add_button.setEnabled(self.shop() is not None)
        self.reload()

    def reload(self) -> None:
        shop = self.shop()
        rows = [asdict(r) for r in mappings.list_mappings(shop) if r.kind == self.kind] \
            if shop else []
        self.model.set_rows([{**r, "shown_detail": _detail_text(r)} for r in rows])

    def _choices(self) -> list[CodeChoice]:
        shop = self.shop()
        return [CodeChoice(code, used) for code, used in
                (mappings.known_codes(shop, self.kind) if shop else [])]

    def _editor(self, row: dict[str, Any] | None) -> SetupEditDialog:
        shop = self.shop() or ""
        row = row or {}
        value = str(row.get("shopify_value", ""))

        def save(values: dict[str, Any]) -> object:
            chosen = str(values.get("shopify_value", value))
            return setup_runs.set_mapping(shop, self.kind, chosen,
                                          str(values.get("local_code", "")))
        if self.kind == SHIPMENT:
            title = (QCoreApplication.translate("SetupDialog", "Shipping title “%1” of shop "
                                                "card %2") if row else
                     QCoreApplication.translate("SetupDialog",
                                                "New shipping title of shop card %2"))
        else:
            title = QCoreApplication.translate("SetupDialog",
                                               "Payment terms “%1” of shop card %2")
        editor = SetupEditDialog(title.replace("%1", value).replace("%2", shop), save, self,
                                 always=("shopify_value", "local_code"))
        if row:
            shown = QLabel(value, editor)
            shown.setObjectName("setup_value_label")
            label = (QCoreApplication.translate("SetupDialog", "Shipping title:")
                     if self.kind == SHIPMENT
                     else QCoreApplication.translate("SetupDialog", "Payment terms:"))
            editor.form.addRow(label, shown)
        else:
            editor.add_text("shopify_value", "", mappings.ShipmentMethodMapping.title.max_length)
        editor.add_code("local_code", self._choices(), str(row.get("local_code", "")))
        return editor

    def add(self) -> SetupEditDialog | None:
        if self.kind != SHIPMENT or self.shop() is None:
            return None
        return self._open(self._editor(None), "shopify_value")

    def edit(self) -> SetupEditDialog | None:
        row = self.selected()
        return self._open(self._editor(row), "shopify_value") if row else None

    def remove(self) -> bool:
        """Clear the local code of the selected row (the row is Shopify's: it stays)."""
        row = self.selected()
        shop = self.shop()
        if row is None or shop is None or not row.get("local_code"):
            return False
        try:
            setup_runs.set_mapping(shop, self.kind, str(row["shopify_value"]), "")
        except AppError as exc:
            feedback.show_error(self, exc)
            return False
        self.reload()
        self.select_key("shopify_value", str(row["shopify_value"]))
        self.changed.emit()
        return True
