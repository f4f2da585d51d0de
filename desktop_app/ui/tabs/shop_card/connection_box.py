"""ConnectionBox: where a shop card points and how it signs in (the Shop Card's left column).

It shows and edits the card's name, its shop (a Shopify store or the built-in demo), the
address and the sign-in method, and takes secrets typed in (password fields, never filled
from the keyring). It only says whether a secret is stored; the tab asks the vault.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QWidget,
)

from desktop_app.errors import ShopAddressError
from desktop_app.store.shops import ShopRecord
from desktop_app.sync.shop_admin import address_columns, check_address
from desktop_app.ui.widgets.controls import choice_combo, line_edit, push_button

WHERE_SHOPIFY, WHERE_DEMO = 0, 1
AUTH_TOKEN, AUTH_CLIENT = 0, 1
_AUTH_METHODS = ("token", "client_credentials")


def buddy(text: str, widget: QWidget, parent: QWidget) -> QLabel:
    """A form label whose accelerator focuses `widget`."""
    label = QLabel(text, parent)
    label.setBuddy(widget)
    return label


class ConnectionBox(QGroupBox):
    """The Connection group of the Shop Card.

    Signals:
        edited(): the merchant changed a field (the card has unsaved changes).
        kind_changed(): the shop or sign-in method changed (another secret applies).
        forget_requested(): Forget stored secret was clicked.
    """

    edited = Signal()
    kind_changed = Signal()
    forget_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Connection"))
        self.setObjectName("connection_group")
        self.code_label = QLabel(self)
        self.code_label.setObjectName("shop_code_label")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name_edit = line_edit(self, "shop_name_edit", self.tr("Shop name"))

        self.where_combo = choice_combo(
            self, "shop_where_combo", self.tr("Where the shop is"),
            ((self.tr("My Shopify store"), None), (self.tr("Demo shop (built in)"), None)))
        self.address_edit = line_edit(
            self, "shop_address_edit", self.tr("Shopify address"), self.tr("NAME.myshopify.com"),
            self.tr("Your shop's permanent address, NAME.myshopify.com (not a custom domain)"))

        self.auth_combo = choice_combo(
            self, "auth_method_combo", self.tr("Authentication"),
            ((self.tr("Admin API access token"), None), (self.tr("Client ID and secret"), None)))
        self.auth_combo.setItemData(
            AUTH_CLIENT, self.tr("For apps that use Shopify's client credentials grant"),
            Qt.ItemDataRole.ToolTipRole,
        )

        self.token_edit = line_edit(
            self, "token_edit", self.tr("Admin API access token"),
            tip=self.tr("Goes to the keyring only; it is never shown again"), password=True)
        self.client_id_edit = line_edit(self, "client_id_edit", self.tr("Client ID"))
        self.client_secret_edit = line_edit(
            self, "client_secret_edit", self.tr("Client secret"),
            tip=self.tr("Goes to the keyring only; it is never shown again"), password=True)
        self.secret_state_label = QLabel(self)
        self.secret_state_label.setObjectName("secret_state_label")
        self.secret_state_label.setWordWrap(True)
        self.forget_secret_button = push_button(
            self, "forget_secret_button", self.tr("Forget stored secret"),
            clicked=self.forget_requested)

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Shop code:"), self.code_label)
        form.addRow(buddy(self.tr("&Name:"), self.name_edit, self), self.name_edit)
        form.addRow(buddy(self.tr("S&hop:"), self.where_combo, self), self.where_combo)
        form.addRow(buddy(self.tr("Shopify &address:"), self.address_edit, self),
                    self.address_edit)
        form.addRow(buddy(self.tr("A&uthentication:"), self.auth_combo, self), self.auth_combo)
        form.addRow(buddy(self.tr("Access &token:"), self.token_edit, self), self.token_edit)
        form.addRow(buddy(self.tr("Client &ID:"), self.client_id_edit, self),
                    self.client_id_edit)
        form.addRow(buddy(self.tr("Client s&ecret:"), self.client_secret_edit, self),
                    self.client_secret_edit)
        form.addRow(self.secret_state_label)
        form.addRow(self.forget_secret_button)
        self._form = form

        for edit in (self.name_edit, self.address_edit, self.token_edit, self.client_id_edit,
                     self.client_secret_edit):
            edit.textEdited.connect(self.edited)
        self.where_combo.currentIndexChanged.connect(self._on_kind_combo_changed)
        self.auth_combo.currentIndexChanged.connect(self._on_kind_combo_changed)

    # --- showing a card -------------------------------------------------------------------------

    def show_card(self, shop: ShopRecord) -> None:
        """Fill the fields from a stored card; typed secrets are dropped."""
        self.code_label.setText(shop.code)
        self.name_edit.setText(shop.name)
        self.where_combo.setCurrentIndex(WHERE_DEMO if shop.is_demo else WHERE_SHOPIFY)
        self.address_edit.setText(shop.domain or shop.api_url or "")
        self.auth_combo.setCurrentIndex(
            AUTH_CLIENT if shop.auth_method == "client_credentials" else AUTH_TOKEN)
        self.client_id_edit.setText(shop.client_id or "")
        self.token_edit.clear()
        self.client_secret_edit.clear()

    def is_demo(self) -> bool:
        return self.where_combo.currentIndex() == WHERE_DEMO

    def secret_kind(self) -> str:
        """The secret the chosen sign-in method needs: "token" or "client_secret"."""
        return "client_secret" if self.auth_combo.currentIndex() == AUTH_CLIENT else "token"

    def _on_kind_combo_changed(self, _index: int) -> None:
        self.edited.emit()
        self.update_rows()
        self.kind_changed.emit()

    def update_rows(self) -> None:
        """Show the rows the chosen shop and sign-in method use."""
        shopify = self.where_combo.currentIndex() == WHERE_SHOPIFY
        client = self.auth_combo.currentIndex() == AUTH_CLIENT
        form = self._form
        form.setRowVisible(self.address_edit, shopify)
        form.setRowVisible(self.auth_combo, shopify)
        form.setRowVisible(self.token_edit, shopify and not client)
        form.setRowVisible(self.client_id_edit, shopify and client)
        form.setRowVisible(self.client_secret_edit, shopify and client)
        form.setRowVisible(self.forget_secret_button, shopify)

    def show_demo_secret_state(self) -> None:
        self.secret_state_label.setText(self.tr("The demo shop needs no token."))
        self.forget_secret_button.setEnabled(False)

    def show_secret_state(self, stored: bool, kind: str, *, session_only: bool) -> None:
        """Say whether a secret of `kind` is stored (in the keyring, or for this session)."""
        if stored and kind == "token":
            text = (self.tr("A token is kept for this session only.") if session_only
                    else self.tr("A token is stored in the system keyring."))
        elif stored:
            text = (self.tr("A client secret is kept for this session only.") if session_only
                    else self.tr("A client secret is stored in the system keyring."))
        elif kind == "token":
            text = self.tr("No token stored yet.")
        else:
            text = self.tr("No client secret stored yet.")
        self.secret_state_label.setText(text)
        self.secret_state_label.setProperty("stored", stored)
        self.forget_secret_button.setEnabled(stored)
        edit = self.token_edit if kind == "token" else self.client_secret_edit
        edit.setPlaceholderText(self.tr("Stored: type a new one to replace it") if stored
                                else self.tr("Paste it here"))

    # --- what to save ---------------------------------------------------------------------------

    def checkable_widgets(self) -> list[QWidget]:
        """The fields `problems` may mark invalid."""
        return [self.address_edit, self.client_id_edit]

    def problems(self) -> list[tuple[QWidget, str]]:
        """What stops the connection from being saved: (field, translated problem)."""
        found: list[tuple[QWidget, str]] = []
        if self.where_combo.currentIndex() == WHERE_SHOPIFY:
            try:
                check_address(self.address_edit.text())
            except ShopAddressError as exc:
                found.append((self.address_edit,
                              self.tr("Shopify address: %1").replace("%1", str(exc))))
            if (self.auth_combo.currentIndex() == AUTH_CLIENT
                    and not self.client_id_edit.text().strip()):
                found.append((self.client_id_edit,
                              self.tr("Client ID: needed for the client credentials method.")))
        return found

    def changes(self, code: str) -> dict[str, object]:
        """The card's connection columns as shown (`ShopAdmin.save_card`'s `connection`)."""
        name = self.name_edit.text().strip() or code
        if self.where_combo.currentIndex() == WHERE_DEMO:
            return {"name": name, "is_demo": True}
        client = self.auth_combo.currentIndex() == AUTH_CLIENT
        return {
            "name": name,
            "is_demo": False,
            **address_columns(self.address_edit.text()),
            "auth_method": _AUTH_METHODS[AUTH_CLIENT if client else AUTH_TOKEN],
            "client_id": self.client_id_edit.text().strip() or None if client else None,
        }

    def typed_secrets(self) -> dict[str, str]:
        """The secrets typed in, by kind (blank: keep the stored one)."""
        return {"token": self.token_edit.text(), "client_secret": self.client_secret_edit.text()}

    def clear_secrets(self, kinds: tuple[str, ...]) -> None:
        """Empty the fields of the secrets that were stored (never shown back)."""
        for kind in kinds:
            (self.token_edit if kind == "token" else self.client_secret_edit).clear()
