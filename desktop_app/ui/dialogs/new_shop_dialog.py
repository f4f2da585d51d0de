"""NewShopDialog: asks for the code (and where the shop is) of a new shop card.

For the built-in demo shop the card is made on OK. For a Shopify store OK reads "Next" and
the "Connect your store" assistant (`ConnectStoreDialog`) takes over with what was typed, so
no card is made before the store's connection was tested (issue 17).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import ShopAddressError
from desktop_app.sync.shop_admin import address_columns, check_address
from desktop_app.ui.widgets.controls import choice_combo, line_edit
from desktop_app.ui.widgets.problem_label import problem_label

SHOPIFY, DEMO = 0, 1


class NewShopDialog(QDialog):
    """Collects code, name and address; `values()` gives `ShopAdmin.create` arguments.

    Several cards may point at one Shopify store (different rules per code), so the address
    is not required to be unique.
    """

    def __init__(self, existing_codes: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("new_shop_dialog")
        self.setWindowTitle(self.tr("New shop card"))
        self._existing = {c.casefold() for c in existing_codes}

        self.code_edit = line_edit(self, "new_shop_code_edit", self.tr("Shop code"),
                                   self.tr("e.g. WEB or EU-STORE"))
        self.code_edit.setMaxLength(20)
        self.name_edit = line_edit(self, "new_shop_name_edit", self.tr("Shop name"))
        self.where_combo = choice_combo(
            self, "new_shop_where_combo", self.tr("Where the shop is"),
            ((self.tr("My Shopify store"), None),
             (self.tr("Demo shop (built in, no account needed)"), None)))
        self.address_edit = line_edit(self, "new_shop_address_edit", self.tr("Shopify address"),
                                      self.tr("admin.shopify.com/store/NAME"))
        self.where_combo.currentIndexChanged.connect(self._on_where_combo_changed)

        self.problem_label = problem_label(self, "new_shop_problem_label")

        form = QFormLayout()
        form.addRow(self.tr("Shop &code:"), self.code_edit)
        form.addRow(self.tr("Na&me:"), self.name_edit)
        form.addRow(self.tr("&Shop:"), self.where_combo)
        form.addRow(self.tr("Shopify &address:"), self.address_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("new_shop_ok_button")
        self._on_where_combo_changed(self.where_combo.currentIndex())
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)

    def _on_where_combo_changed(self, index: int) -> None:
        self.address_edit.setEnabled(index == SHOPIFY)
        button = getattr(self, "ok_button", None)
        if button is not None:
            button.setText(self.tr("&Next >") if index == SHOPIFY else self.tr("&Create"))

    def wants_assistant(self) -> bool:
        """True for a Shopify store: the "Connect your store" assistant makes the card."""
        return self.where_combo.currentIndex() == SHOPIFY

    def _problem(self) -> str | None:
        code = self.code_edit.text().strip()
        if not code or len(code) > 20 or any(ch.isspace() for ch in code):
            return self.tr("The shop code is 1 to 20 characters, without spaces.")
        if code.casefold() in self._existing:
            return self.tr("A shop card with this code already exists.")
        if self.where_combo.currentIndex() == SHOPIFY and self.address_edit.text().strip():
            try:  # left empty: asked for by the assistant
                check_address(self.address_edit.text())
            except ShopAddressError:
                return self.tr(
                    "This is not a Shopify store's address. Enter NAME, NAME.myshopify.com or "
                    "admin.shopify.com/store/NAME (Shopify shows your store's myshopify.com "
                    "address under Settings > Domains).")
        return None

    def accept(self) -> None:
        problem = self._problem()
        if problem:
            self.problem_label.setText(problem)
            self.problem_label.show()
            return
        super().accept()

    def values(self) -> dict:
        code = self.code_edit.text().strip()
        values: dict = {"code": code, "name": self.name_edit.text().strip() or code}
        if self.where_combo.currentIndex() == DEMO:
            values["is_demo"] = True
        else:
            columns = address_columns(self.address_edit.text())
            if columns["api_url"]:
                values["api_url"] = columns["api_url"]
            else:
                values["domain"] = columns["domain"]
        return values
