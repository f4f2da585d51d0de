"""The Setup dialog's pages of local code tables (issue 17): tax areas, G/L accounts,
payment methods and local locations, each a code and its text (`store.code_tables`).

One `CodeTablePage` serves them all: the codes with what uses each, Add (an existing code
takes the new text), Edit (the text) and Remove (refused while something names the code,
saying what). Saving goes through `sync.setup_runs.add_code`/`remove_code`, the engine of
`shop-sync tax-areas`, `accounts`, `payment-methods` and `local-locations`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QWidget

from desktop_app.store import gl_accounts, local_locations, payment_methods, tax_area_codes
from desktop_app.store.code_tables import CodeTable
from desktop_app.sync import setup_runs
from desktop_app.ui.dialogs.setup_common import Column, SetupEditDialog, SetupPage, tr, use_text


@dataclass(frozen=True)
class CodePage:
    """What a code table's page says (QT_TRANSLATE_NOOP texts of "SetupDialog"): the empty
    table's text and the editor's titles (`title` with %1 the code). Its object names come
    from the table's command (`tax-areas`: `setup_tax_areas_page`...)."""

    table: CodeTable
    empty: str
    title: str
    new_title: str


#: The header of the text column, by the table's `text_field`.
_TEXT_HEADERS = {"description": QT_TRANSLATE_NOOP("SetupDialog", "Description"),
                 "name": QT_TRANSLATE_NOOP("SetupDialog", "Name")}

TAX_AREAS = CodePage(
    tax_area_codes.TABLE,
    QT_TRANSLATE_NOOP("SetupDialog", "No tax areas yet. Add the tax areas your templates and "
                      "counties use."),
    QT_TRANSLATE_NOOP("SetupDialog", "Tax area %1"),
    QT_TRANSLATE_NOOP("SetupDialog", "New tax area"))
ACCOUNTS = CodePage(
    gl_accounts.TABLE,
    QT_TRANSLATE_NOOP("SetupDialog", "No G/L accounts yet. Add the accounts the Shop Card "
                      "names for shipping charges, tips, sold gift cards and refunds."),
    QT_TRANSLATE_NOOP("SetupDialog", "G/L account %1"),
    QT_TRANSLATE_NOOP("SetupDialog", "New G/L account"))
PAYMENT_METHODS = CodePage(
    payment_methods.TABLE,
    QT_TRANSLATE_NOOP("SetupDialog", "No payment methods yet. Add the payment methods your "
                      "documents carry, then map Shopify's payment gateways to them."),
    QT_TRANSLATE_NOOP("SetupDialog", "Payment method %1"),
    QT_TRANSLATE_NOOP("SetupDialog", "New payment method"))
LOCAL_LOCATIONS = CodePage(
    local_locations.TABLE,
    QT_TRANSLATE_NOOP("SetupDialog", "No local locations yet. Add the locations your items "
                      "are kept at, then link Shopify's locations to them."),
    QT_TRANSLATE_NOOP("SetupDialog", "Local location %1"),
    QT_TRANSLATE_NOOP("SetupDialog", "New local location"))


class CodeTablePage(SetupPage):
    """The rows of one local code table."""

    def __init__(self, page: CodePage, parent: QWidget | None = None) -> None:
        self.page = page
        self.text = page.table.text_field
        super().__init__(page.table.command.replace("-", "_"), [
            Column("code", QT_TRANSLATE_NOOP("SetupDialog", "Code")),
            Column(self.text, _TEXT_HEADERS[self.text]),
            Column("uses", QT_TRANSLATE_NOOP("SetupDialog", "Used by"),
                   lambda uses: "; ".join(use_text(u) for u in uses)),
        ], page.empty, parent)
        self.reload()

    def reload(self) -> None:
        table = self.page.table
        self.model.set_rows([{"code": r.code, self.text: getattr(r, self.text),
                              "uses": table.uses(r.code)} for r in table.rows()])

    def _editor(self, row: dict[str, Any] | None) -> SetupEditDialog:
        row = row or {}
        code = str(row.get("code", ""))

        def save(values: dict[str, Any]) -> object:
            chosen = values.pop("code", code) or code
            return setup_runs.add_code(self.page.table, chosen,
                                       values.get(self.text, row.get(self.text, "")))
        title = tr(self.page.title).replace("%1", code) if row else tr(self.page.new_title)
        editor = SetupEditDialog(title, save, self)
        editor.add_code_key(code)
        editor.add_text(self.text, str(row.get(self.text, "")))
        return editor

    def remove(self) -> bool:
        return self._remove_code(self.page.title,
                                 lambda code: setup_runs.remove_code(self.page.table, code))
