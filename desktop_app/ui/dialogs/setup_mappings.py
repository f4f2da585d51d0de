"""The Setup dialog's mapping pages (issue 17): a shop card's shipping titles, Shopify
payment terms and payment gateways, each with the local code it stands for.

- Shipment methods: a shipping line's title (as Shopify's orders carry it) and its local
  shipment method code. A title can be added before the first order that carries it; the
  orders' documents add the others, unmapped.
- Payment terms: Shopify's payment terms templates (read with the companies) and their local
  payment terms code; only those can be mapped, so the page has no Add.
- Payment gateways: the gateways the shop's orders were paid through (and those added before
  their first order) and the local payment method each stands for (one of the Payment
  methods page's: an unknown one is refused).

Saving goes through `sync.setup_runs.set_mapping`, the engine of `shop-sync mappings set`:
the same checks, each change a recorded run. Clear empties the local code (the row stays:
the title or the terms are Shopify's).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from desktop_app.store import mappings, payment_methods
from desktop_app.store.setting_codes import CodeChoice
from desktop_app.sync import setup_runs
from desktop_app.ui.dialogs.setup_common import Column, SetupEditDialog, SetupPage, tr
from desktop_app.ui.plurals import plural

SHIPMENT = "shipment-method"
TERMS = "payment-terms"
GATEWAY = "payment-method"


@dataclass(frozen=True)
class MappingKind:
    """What a mapping page says (QT_TRANSLATE_NOOP texts of "SetupDialog"): `name` in its
    object names, the column headers, the empty table's text, the editor's titles (%1 the
    Shopify value, %2 the shop card; `new_title` "" when rows cannot be added) and the label
    of the Shopify value."""

    name: str
    value_header: str
    code_header: str
    empty: str
    title: str
    new_title: str
    value_label: str


KINDS = {
    SHIPMENT: MappingKind(
        "shipment_methods", QT_TRANSLATE_NOOP("SetupDialog", "Shipping title"),
        QT_TRANSLATE_NOOP("SetupDialog", "Shipment method"),
        QT_TRANSLATE_NOOP("SetupDialog", "No shipping titles yet for this shop card. Each "
                          "order's document adds the titles it carries; add one with Add… to "
                          "map it before its first order."),
        QT_TRANSLATE_NOOP("SetupDialog", "Shipping title “%1” of shop card %2"),
        QT_TRANSLATE_NOOP("SetupDialog", "New shipping title of shop card %2"),
        QT_TRANSLATE_NOOP("SetupDialog", "Shipping title:")),
    TERMS: MappingKind(
        "payment_terms", QT_TRANSLATE_NOOP("SetupDialog", "Payment terms"),
        QT_TRANSLATE_NOOP("SetupDialog", "Local payment terms"),
        QT_TRANSLATE_NOOP("SetupDialog", "No payment terms yet for this shop card: they are "
                          "read from Shopify with the companies. Sync the companies, then map "
                          "each one here."),
        QT_TRANSLATE_NOOP("SetupDialog", "Payment terms “%1” of shop card %2"), "",
        QT_TRANSLATE_NOOP("SetupDialog", "Payment terms:")),
    GATEWAY: MappingKind(
        "gateways", QT_TRANSLATE_NOOP("SetupDialog", "Payment gateway"),
        QT_TRANSLATE_NOOP("SetupDialog", "Payment method"),
        QT_TRANSLATE_NOOP("SetupDialog", "No payment gateways yet for this shop card. The "
                          "orders' payments add the gateways they went through; add one with "
                          "Add… to map it before its first order."),
        QT_TRANSLATE_NOOP("SetupDialog", "Payment gateway “%1” of shop card %2"),
        QT_TRANSLATE_NOOP("SetupDialog", "New payment gateway of shop card %2"),
        QT_TRANSLATE_NOOP("SetupDialog", "Payment gateway:")),
}
#: The label of the Shopify value's field when a row is added, by kind.
_VALUE_LABELS = {GATEWAY: {"shopify_value": QT_TRANSLATE_NOOP("SetupDialog",
                                                             "Payment &gateway:")}}


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
        return plural("SetupDialog", "Due in %n day(s)", int(row["due_in_days"]))
    text = _TERMS_TYPES.get(str(row.get("terms_type", "")))
    return QCoreApplication.translate("SetupDialog", text) if text else str(
        row.get("terms_type", ""))


class MappingsPage(SetupPage):
    """One kind of mapping of the picked shop card: Shopify's value and the local code."""

    key = "shopify_value"

    def __init__(self, kind: str, shop: str | None, parent: QWidget | None = None) -> None:
        self.kind = kind
        self.texts = KINDS[kind]
        super().__init__(self.texts.name, [
            Column("shopify_value", self.texts.value_header),
            Column("local_code", self.texts.code_header, _code_text),
            Column("shown_detail", QT_TRANSLATE_NOOP("SetupDialog", "Details")),
        ], self.texts.empty, parent)
        self.remove_button.setText(QCoreApplication.translate("SetupDialog", "Clea&r"))
        self.remove_button.setToolTip(QCoreApplication.translate(
            "SetupDialog", "Empty the local code of the selected row"))
        if not self.texts.new_title:
            self.add_button.hide()  # only Shopify's payment terms templates can be mapped
        self.add_shop_picker(shop, f"setup_{self.texts.name}_shop_combo")
        self.reload()

    def reload(self) -> None:
        shop = self.shop()
        rows = [asdict(r) for r in mappings.list_mappings(shop) if r.kind == self.kind] \
            if shop else []
        self.model.set_rows([{**r, "shown_detail": _detail_text(r)} for r in rows])

    def _choices(self) -> list[CodeChoice]:
        if self.kind == GATEWAY:  # the local payment methods (a mapping must name one)
            return [CodeChoice(r.code, r.description) for r in payment_methods.TABLE.rows()]
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
        title = tr(self.texts.title if row else self.texts.new_title)
        editor = SetupEditDialog(title.replace("%1", value).replace("%2", shop), save, self,
                                 always=("shopify_value", "local_code"),
                                 labels=_VALUE_LABELS.get(self.kind))
        if row:
            editor.show_key(value, tr(self.texts.value_label), "setup_value_label")
        else:
            editor.add_text("shopify_value", "", mappings.ShipmentMethodMapping.title.max_length)
        editor.add_code("local_code", self._choices(), str(row.get("local_code", "")))
        return editor

    def can_add(self) -> bool:
        return bool(self.texts.new_title) and super().can_add()

    def remove(self) -> bool:
        """Clear the local code of the selected row (the row is Shopify's: it stays)."""
        chosen = self.selected_in_shop()
        if chosen is None or not chosen[0].get("local_code"):
            return False
        row, shop = chosen
        value = str(row["shopify_value"])
        if not self._apply(lambda: setup_runs.set_mapping(shop, self.kind, value, "")):
            return False
        self.select_key("shopify_value", value)
        return True
