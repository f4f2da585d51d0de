"""ShopCardTab: one shop's connection, secrets and every setting of the registry.

The settings part is built from `store.settings` (GROUPS, SETTINGS): one group box per group,
one row per setting, so a setting added to the registry appears here without UI changes.
Secrets typed here go to the vault only; they are never read back into a widget.
"""

from __future__ import annotations

import logging
import re

import shiboken6
from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from desktop_app.credentials.vault import VaultStatus
from desktop_app.errors import AppError, CredentialsError, ShopAddressError
from desktop_app.shopify.address import ShopAddress
from desktop_app.store import queries
from desktop_app.store import settings as shop_settings
from desktop_app.sync.engine import SyncEngine
from desktop_app.ui import feedback
from desktop_app.ui.dialogs.new_shop_dialog import NewShopDialog
from desktop_app.ui.setting_labels import (
    choice_label,
    group_title,
    setting_help,
    setting_label,
)
from desktop_app.ui.widgets.input_guards import install_input_guards

log = logging.getLogger(__name__)

WHERE_SHOPIFY, WHERE_DEMO = 0, 1
AUTH_TOKEN, AUTH_CLIENT = 0, 1
_AUTH_METHODS = ("token", "client_credentials")

_INVALID_STYLE = "border: 1px solid #b3261e;"
_NAME_IN_PROBLEM = re.compile(r"'([a-z0-9_]+)(?:=([a-z0-9_]+))?'")


def _required_scopes() -> tuple[str, ...]:
    from desktop_app.sync.service import REQUIRED_SCOPES

    return REQUIRED_SCOPES


class ShopCardTab(QWidget):
    """The Shop Card of the selected shop.

    Signals:
        shops_changed(): a card was added, removed or renamed (the window refreshes its list).
        shop_created(code: str): a new card exists; the window selects it.
        saved(code: str): the card was saved.
        connection_tested(info: object): Test connection answered (a ShopInfo).
    """

    shops_changed = Signal()
    shop_created = Signal(str)
    saved = Signal(str)
    connection_tested = Signal(object)

    def __init__(self, engine: SyncEngine, vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shop_card_tab")
        # The wheel scrolls the settings page; it changes a box only when that has focus.
        install_input_guards()
        self._engine = engine
        self._vault = vault
        self._shop: str | None = None
        self._loading = False
        self._dirty = False
        self.setting_widgets: dict[str, QWidget] = {}
        self._setting_labels: dict[str, QLabel] = {}
        self._dialog: NewShopDialog | None = None
        self._confirm: QMessageBox | None = None

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_empty_page())
        self.card_page = self._build_card_page()
        self.stack.addWidget(self.card_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.set_shop(None)

    # --- building ---------------------------------------------------------------------------

    def _build_empty_page(self) -> QWidget:
        page = QWidget(self)
        label = QLabel(self.tr("There is no shop card yet. Create one to connect your Shopify "
                               "store, or to try the built-in demo shop."), page)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        button = QPushButton(self.tr("New shop card…"), page)
        button.setObjectName("empty_new_shop_button")
        button.clicked.connect(self.open_new_shop_dialog)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(label)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        return page

    def _build_card_page(self) -> QWidget:
        page = QWidget(self)
        self.title_label = QLabel(page)
        self.title_label.setObjectName("shop_card_title_label")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title_label.setFont(font)

        self.new_button = QPushButton(self.tr("New shop card…"), page)
        self.new_button.setObjectName("new_shop_button")
        self.new_button.setToolTip(self.tr("Add another shop card (two cards may point at one "
                                           "Shopify store with different rules)"))
        self.new_button.clicked.connect(self.open_new_shop_dialog)
        self.remove_button = QPushButton(self.tr("Remove shop card…"), page)
        self.remove_button.setObjectName("remove_shop_button")
        self.remove_button.clicked.connect(self.confirm_remove_shop)

        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.new_button)
        header.addWidget(self.remove_button)

        self.vault_banner = QLabel(page)
        self.vault_banner.setObjectName("vault_banner")
        self.vault_banner.setWordWrap(True)
        self.vault_banner.setMargin(6)

        left = QWidget(page)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self._build_connection_box(left))
        left_layout.addWidget(self._build_test_box(left))
        left_layout.addStretch(1)
        # Scrolls too, so the window fits a 768-pixel-high laptop screen.
        self.connection_scroll = QScrollArea(page)
        self.connection_scroll.setObjectName("connection_scroll")
        self.connection_scroll.setWidgetResizable(True)
        self.connection_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.connection_scroll.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.connection_scroll.setWidget(left)
        self.connection_scroll.setMinimumWidth(440)
        self.connection_scroll.setMaximumWidth(500)

        settings_holder = QWidget()
        settings_holder.setObjectName("settings_holder")
        # Two top-aligned columns; each group goes to the column with fewer rows so far, so
        # the registry's order is kept within a column and neither column runs long.
        columns_layout = QHBoxLayout(settings_holder)
        columns_layout.setContentsMargins(0, 0, 6, 0)
        columns = [QVBoxLayout(), QVBoxLayout()]
        heights = [0, 0]
        for group, _title in shop_settings.GROUPS:
            rows = sum(1 for s in shop_settings.SETTINGS if s.group == group) + 2
            target = 0 if heights[0] <= heights[1] else 1
            columns[target].addWidget(self._build_group_box(group, settings_holder))
            heights[target] += rows
        for column in columns:
            column.addStretch(1)
            columns_layout.addLayout(column, 1)
        self.settings_scroll = QScrollArea(page)
        self.settings_scroll.setObjectName("settings_scroll")
        self.settings_scroll.setWidgetResizable(True)
        self.settings_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.settings_scroll.setWidget(settings_holder)

        body = QHBoxLayout()
        body.addWidget(self.connection_scroll)
        body.addWidget(self.settings_scroll, 1)

        self.problems_label = QLabel(page)
        self.problems_label.setObjectName("problems_label")
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_label.setStyleSheet(
            "color: #b3261e; background: #fdecea; border: 1px solid #f4c7c3; padding: 6px;"
        )
        self.problems_label.hide()
        self.status_label = QLabel(page)
        self.status_label.setObjectName("shop_card_status_label")

        self.revert_button = QPushButton(self.tr("Revert"), page)
        self.revert_button.setObjectName("revert_button")
        self.revert_button.setToolTip(self.tr("Forget the changes not saved yet"))
        self.revert_button.clicked.connect(self._on_revert_button_clicked)
        self.save_button = QPushButton(self.tr("Save"), page)
        self.save_button.setObjectName("save_button")
        self.save_button.setToolTip(self.tr("Check and save this shop card (Ctrl+S)"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        footer = QHBoxLayout()
        footer.addWidget(self.status_label, 1)
        footer.addWidget(self.revert_button)
        footer.addWidget(self.save_button)

        layout = QVBoxLayout(page)
        layout.addLayout(header)
        layout.addWidget(self.vault_banner)
        layout.addLayout(body, 1)
        layout.addWidget(self.problems_label)
        layout.addLayout(footer)
        return page

    def _build_connection_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Connection"), parent)
        box.setObjectName("connection_group")
        self.code_label = QLabel(box)
        self.code_label.setObjectName("shop_code_label")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name_edit = QLineEdit(box)
        self.name_edit.setObjectName("shop_name_edit")
        self.name_edit.setAccessibleName(self.tr("Shop name"))

        self.where_combo = QComboBox(box)
        self.where_combo.setObjectName("shop_where_combo")
        self.where_combo.addItem(self.tr("My Shopify store"))
        self.where_combo.addItem(self.tr("Demo shop (built in)"))
        self.where_combo.setAccessibleName(self.tr("Where the shop is"))
        self.address_edit = QLineEdit(box)
        self.address_edit.setObjectName("shop_address_edit")
        self.address_edit.setPlaceholderText(self.tr("NAME.myshopify.com"))
        self.address_edit.setAccessibleName(self.tr("Shopify address"))
        self.address_edit.setToolTip(self.tr("Your shop's permanent address, NAME.myshopify.com "
                                             "(not a custom domain)"))

        self.auth_combo = QComboBox(box)
        self.auth_combo.setObjectName("auth_method_combo")
        self.auth_combo.addItem(self.tr("Admin API access token"))
        self.auth_combo.addItem(self.tr("Client ID and secret"))
        self.auth_combo.setItemData(
            AUTH_CLIENT, self.tr("For apps that use Shopify's client credentials grant"),
            Qt.ItemDataRole.ToolTipRole,
        )
        self.auth_combo.setAccessibleName(self.tr("Authentication"))

        self.token_edit = QLineEdit(box)
        self.token_edit.setObjectName("token_edit")
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setAccessibleName(self.tr("Admin API access token"))
        self.token_edit.setToolTip(self.tr("Goes to the keyring only; it is never shown again"))
        self.client_id_edit = QLineEdit(box)
        self.client_id_edit.setObjectName("client_id_edit")
        self.client_id_edit.setAccessibleName(self.tr("Client ID"))
        self.client_secret_edit = QLineEdit(box)
        self.client_secret_edit.setObjectName("client_secret_edit")
        self.client_secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.client_secret_edit.setAccessibleName(self.tr("Client secret"))
        self.client_secret_edit.setToolTip(
            self.tr("Goes to the keyring only; it is never shown again"))
        self.secret_state_label = QLabel(box)
        self.secret_state_label.setObjectName("secret_state_label")
        self.secret_state_label.setWordWrap(True)
        self.forget_secret_button = QPushButton(self.tr("Forget stored secret"), box)
        self.forget_secret_button.setObjectName("forget_secret_button")
        self.forget_secret_button.clicked.connect(self._on_forget_secret_button_clicked)

        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Shop code:"), self.code_label)
        form.addRow(self._buddy(self.tr("&Name:"), self.name_edit, box), self.name_edit)
        form.addRow(self._buddy(self.tr("S&hop:"), self.where_combo, box), self.where_combo)
        self._address_row_label = self._buddy(self.tr("Shopify &address:"), self.address_edit,
                                              box)
        form.addRow(self._address_row_label, self.address_edit)
        self._auth_row_label = self._buddy(self.tr("A&uthentication:"), self.auth_combo, box)
        form.addRow(self._auth_row_label, self.auth_combo)
        self._token_row_label = self._buddy(self.tr("Access &token:"), self.token_edit, box)
        form.addRow(self._token_row_label, self.token_edit)
        self._client_id_row_label = self._buddy(self.tr("Client &ID:"), self.client_id_edit, box)
        form.addRow(self._client_id_row_label, self.client_id_edit)
        self._client_secret_row_label = self._buddy(self.tr("Client s&ecret:"),
                                                    self.client_secret_edit, box)
        form.addRow(self._client_secret_row_label, self.client_secret_edit)
        form.addRow(self.secret_state_label)
        form.addRow(self.forget_secret_button)
        self._connection_form = form

        for edit in (self.name_edit, self.address_edit, self.token_edit, self.client_id_edit,
                     self.client_secret_edit):
            edit.textEdited.connect(self._mark_dirty)
        self.where_combo.currentIndexChanged.connect(self._on_connection_kind_changed)
        self.auth_combo.currentIndexChanged.connect(self._on_connection_kind_changed)
        return box

    def _build_test_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Connection test"), parent)
        box.setObjectName("connection_test_group")
        self.test_button = QPushButton(self.tr("Test connection"), box)
        self.test_button.setObjectName("test_connection_button")
        self.test_button.setToolTip(self.tr("Ask the shop who it is and which access the app "
                                            "has (Ctrl+T)"))
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.test_values: dict[str, QLabel] = {}
        form = QFormLayout(box)
        form.addRow(self.test_button)
        rows = (
            ("name", self.tr("Shop name:")),
            ("domain", self.tr("Address:")),
            ("plan", self.tr("Plan:")),
            ("currency", self.tr("Currency:")),
            ("api_version", self.tr("API version:")),
            ("timezone", self.tr("Time zone:")),
            ("missing_scopes", self.tr("Missing access:")),
            ("checked", self.tr("Checked:")),
        )
        for key, text in rows:
            value = QLabel("—", box)
            value.setObjectName(f"test_{key}_label")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.test_values[key] = value
            form.addRow(text, value)
        return box

    def _build_group_box(self, group: str, parent: QWidget) -> QGroupBox:
        box = QGroupBox(group_title(group), parent)
        box.setObjectName(f"group_{group}")
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        for setting in shop_settings.SETTINGS:
            if setting.group != group:
                continue
            widget = self._build_setting_widget(setting, box)
            tip = setting_help(setting)
            if tip:
                widget.setToolTip(tip)
                widget.setWhatsThis(tip)
                widget.setAccessibleDescription(tip)
            widget.setAccessibleName(setting_label(setting))
            self.setting_widgets[setting.name] = widget
            if isinstance(widget, QCheckBox):
                # A check box carries its own label: the whole text is clickable.
                widget.setText(setting_label(setting))
                form.addRow(widget)
                continue
            label = QLabel(self.tr("%1:").replace("%1", setting_label(setting)), box)
            label.setBuddy(widget)
            label.setWordWrap(True)
            if tip:
                label.setToolTip(tip)
            self._setting_labels[setting.name] = label
            form.addRow(label, widget)
        return box

    def _build_setting_widget(self, setting: shop_settings.Setting, parent: QWidget) -> QWidget:
        if setting.kind == "bool":
            widget = QCheckBox(parent)
            widget.toggled.connect(self._mark_dirty)
        elif setting.kind == "choice":
            widget = QComboBox(parent)
            for value in setting.choices:
                widget.addItem(choice_label(setting.name, value), value)
            widget.currentIndexChanged.connect(self._mark_dirty)
        elif setting.kind == "number":
            widget = QSpinBox(parent)
            widget.setRange(setting.minimum, setting.maximum)
            widget.setGroupSeparatorShown(True)
            widget.valueChanged.connect(self._mark_dirty)
        else:
            widget = QLineEdit(parent)
            if setting.kind == "code":
                widget.setMaxLength(20)
            widget.textEdited.connect(self._mark_dirty)
        widget.setObjectName(f"setting_{setting.name}")
        return widget

    @staticmethod
    def _buddy(text: str, widget: QWidget, parent: QWidget) -> QLabel:
        label = QLabel(text, parent)
        label.setBuddy(widget)
        return label

    # --- loading ----------------------------------------------------------------------------

    def shop(self) -> str | None:
        return self._shop

    def is_dirty(self) -> bool:
        return self._dirty

    def set_shop(self, code: str | None) -> None:
        """Show the card of `code` (None: the "no shop card yet" page)."""
        self._shop = code
        if code is None:
            self.stack.setCurrentIndex(0)
            return
        self.stack.setCurrentIndex(1)
        self.load()

    def load(self) -> None:
        """(Re)read the card from the store, dropping unsaved edits."""
        if self._shop is None:
            return
        shop = queries.get_shop(self._shop)
        self._loading = True
        try:
            self.title_label.setText(self.tr("Shop card %1").replace("%1", shop.code)
                                     + (f" — {shop.name}" if shop.name != shop.code else ""))
            self.code_label.setText(shop.code)
            self.name_edit.setText(shop.name)
            self.where_combo.setCurrentIndex(WHERE_DEMO if shop.is_demo else WHERE_SHOPIFY)
            self.address_edit.setText(shop.domain or shop.api_url or "")
            self.auth_combo.setCurrentIndex(
                AUTH_CLIENT if shop.auth_method == "client_credentials" else AUTH_TOKEN)
            self.client_id_edit.setText(shop.client_id or "")
            self.token_edit.clear()
            self.client_secret_edit.clear()
            for name, value in shop.settings.items():
                self._set_widget_value(name, value)
            self._show_cached_info(shop)
        finally:
            self._loading = False
        self._dirty = False
        self._clear_problems()
        self.status_label.clear()
        self._update_connection_rows()
        self.refresh_vault_banner()
        self.secret_state_label.setText(self.tr("Checking the keyring…"))
        self.forget_secret_button.setEnabled(False)
        self._refresh_secret_state()

    def _set_widget_value(self, name: str, value: shop_settings.Value) -> None:
        widget = self.setting_widgets.get(name)
        if isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value))
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            widget.setCurrentIndex(max(index, 0))
        elif isinstance(widget, QLineEdit):
            widget.setText(str(value))

    def widget_value(self, name: str) -> shop_settings.Value:
        widget = self.setting_widgets[name]
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QSpinBox):
            return widget.value()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        return widget.text()  # type: ignore[union-attr]

    def _show_cached_info(self, shop: queries.ShopRecord) -> None:
        if shop.info_checked_at is None:
            for value in self.test_values.values():
                value.setText("—")
            self.test_values["checked"].setText(self.tr("Never"))
            return
        self.test_values["name"].setText(shop.shopify_name or "—")
        self.test_values["domain"].setText(shop.domain or shop.api_url or self.tr("Demo shop"))
        self.test_values["plan"].setText(shop.plan or "—")
        self.test_values["currency"].setText(shop.currency or "—")
        self.test_values["api_version"].setText(shop.api_version or "—")
        self.test_values["timezone"].setText(shop.timezone or "—")
        granted = set(shop.scopes)
        self._show_missing([s for s in _required_scopes() if s not in granted])
        self.test_values["checked"].setText(
            QLocale().toString(shop.info_checked_at.astimezone(), QLocale.FormatType.ShortFormat))

    def _show_missing(self, missing: list[str]) -> None:
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

    def refresh_vault_banner(self) -> None:
        status = self._vault.status()
        if status == VaultStatus.SYSTEM:
            text = self.tr("Tokens and client secrets are stored in the system keyring.")
            style = "background: #e6f4ea; color: #1e4620; border: 1px solid #b7dfc2;"
        elif status == VaultStatus.LOCKED:
            text = self.tr("The system keyring is locked: unlock it (log in to your desktop "
                           "keyring) to save or use a token.")
            style = "background: #fff4e5; color: #663c00; border: 1px solid #ffd8a8;"
        else:
            text = self.tr("No system keyring was found: a token or secret you enter is kept "
                           "for this session only and never written to disk. Enter it again "
                           "after restarting Shop Sync.")
            style = "background: #fff4e5; color: #663c00; border: 1px solid #ffd8a8;"
        self.vault_banner.setText(text)
        self.vault_banner.setStyleSheet(style)
        self.vault_banner.setProperty("vault_status", status.value)

    def _secret_kind(self) -> str:
        return "client_secret" if self.auth_combo.currentIndex() == AUTH_CLIENT else "token"

    def _refresh_secret_state(self) -> None:
        # Deferred to the event loop: load() also runs before the qasync loop is running.
        QTimer.singleShot(0, self._on_secret_state_timer)

    @asyncSlot()
    async def _on_secret_state_timer(self) -> None:
        await self.update_secret_state()

    async def update_secret_state(self) -> None:
        """Show whether a secret is stored for the card (asks the vault, never shows it)."""
        code = self._shop
        if code is None:
            return
        if self.where_combo.currentIndex() == WHERE_DEMO:
            self.secret_state_label.setText(self.tr("The demo shop needs no token."))
            self.forget_secret_button.setEnabled(False)
            return
        kind = self._secret_kind()
        try:
            stored = await self._vault.aget(code, kind)
        except CredentialsError as exc:
            if shiboken6.isValid(self):
                self.secret_state_label.setText(feedback.message_for(exc))
            return
        if not shiboken6.isValid(self):
            return  # the window was closed and deleted while the keyring answered
        if code != self._shop or kind != self._secret_kind():
            return  # the user moved on meanwhile
        self._set_secret_state(bool(stored), kind)

    def _set_secret_state(self, stored: bool, kind: str) -> None:
        session_only = self._vault.status() == VaultStatus.UNAVAILABLE
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

    def _on_connection_kind_changed(self, _index: int) -> None:
        self._mark_dirty()
        self._update_connection_rows()
        if not self._loading:
            self._refresh_secret_state()

    def _update_connection_rows(self) -> None:
        shopify = self.where_combo.currentIndex() == WHERE_SHOPIFY
        client = self.auth_combo.currentIndex() == AUTH_CLIENT
        form = self._connection_form
        form.setRowVisible(self.address_edit, shopify)
        form.setRowVisible(self.auth_combo, shopify)
        form.setRowVisible(self.token_edit, shopify and not client)
        form.setRowVisible(self.client_id_edit, shopify and client)
        form.setRowVisible(self.client_secret_edit, shopify and client)
        form.setRowVisible(self.forget_secret_button, shopify)

    def _mark_dirty(self, *_args) -> None:
        if not self._loading:
            self._dirty = True
            self.status_label.setText(self.tr("Unsaved changes"))

    # --- checking and saving ------------------------------------------------------------------

    def _clear_problems(self) -> None:
        self.problems_label.clear()
        self.problems_label.hide()
        for widget in [*self.setting_widgets.values(), self.address_edit, self.client_id_edit]:
            widget.setStyleSheet("")
            widget.setProperty("invalid", False)

    def _mark_invalid(self, widget: QWidget) -> None:
        widget.setProperty("invalid", True)
        widget.setStyleSheet(_INVALID_STYLE)

    def _readable_problem(self, text: str) -> str:
        """Replace `'setting'` and `'setting=value'` in a registry message by their labels."""

        def label(match: re.Match) -> str:
            setting = shop_settings.BY_NAME.get(match.group(1))
            if setting is None:
                return match.group(0)
            if match.group(2):
                return f"“{setting_label(setting)} = {choice_label(setting.name, match.group(2))}”"
            return f"“{setting_label(setting)}”"

        return _NAME_IN_PROBLEM.sub(label, text)

    def check(self) -> tuple[dict[str, shop_settings.Value], list[str]]:
        """Parse every setting widget and check the combination; mark what is wrong.

        Returns:
            (parsed values, translated problems). Problems empty: the card can be saved.
        """
        self._clear_problems()
        problems: list[str] = []
        values: dict[str, shop_settings.Value] = {}
        for setting in shop_settings.SETTINGS:
            try:
                values[setting.name] = shop_settings.parse_value(
                    setting.name, self.widget_value(setting.name))
            except shop_settings.SettingError as exc:
                self._mark_invalid(self.setting_widgets[setting.name])
                problems.append(QCoreApplication.translate(
                    "ShopCardTab", "%1: %2").replace("%1", setting_label(setting))
                    .replace("%2", self._readable_problem(str(exc))))
        if not problems:
            for problem in shop_settings.check_consistency(values):
                for match in _NAME_IN_PROBLEM.finditer(problem):
                    widget = self.setting_widgets.get(match.group(1))
                    if widget is not None:
                        self._mark_invalid(widget)
                problems.append(self._readable_problem(problem))
        if self.where_combo.currentIndex() == WHERE_SHOPIFY:
            try:
                ShopAddress.parse(self.address_edit.text())
            except ShopAddressError as exc:
                self._mark_invalid(self.address_edit)
                problems.append(self.tr("Shopify address: %1").replace("%1", str(exc)))
            if (self.auth_combo.currentIndex() == AUTH_CLIENT
                    and not self.client_id_edit.text().strip()):
                self._mark_invalid(self.client_id_edit)
                problems.append(self.tr("Client ID: needed for the client credentials method."))
        if problems:
            self.problems_label.setText(
                self.tr("This shop card was not saved:") + "\n• " + "\n• ".join(problems))
            self.problems_label.show()
        return values, problems

    def _connection_changes(self) -> dict:
        if self.where_combo.currentIndex() == WHERE_DEMO:
            return {"name": self.name_edit.text().strip() or self._shop, "is_demo": True}
        address = ShopAddress.parse(self.address_edit.text())
        client = self.auth_combo.currentIndex() == AUTH_CLIENT
        return {
            "name": self.name_edit.text().strip() or self._shop,
            "is_demo": False,
            "domain": None if address.is_loopback else address.host,
            "api_url": address.base_url if address.is_loopback else None,
            "auth_method": _AUTH_METHODS[AUTH_CLIENT if client else AUTH_TOKEN],
            "client_id": self.client_id_edit.text().strip() or None if client else None,
        }

    @asyncSlot()
    async def _on_save_button_clicked(self) -> bool:
        return await self.save()

    async def save(self) -> bool:
        """Check, then save connection, settings and any typed secret. True when saved."""
        code = self._shop
        if code is None:
            return False
        values, problems = self.check()
        if problems:
            self.status_label.setText(self.tr("Not saved: see the problems below."))
            return False
        self.save_button.setEnabled(False)
        try:
            before = queries.get_shop(code)
            queries.update_shop(code, **self._connection_changes())
            record = queries.update_shop_settings(code, values)
            secrets = [("token", self.token_edit), ("client_secret", self.client_secret_edit)]
            stored_any = False
            for kind, edit in secrets:
                text = edit.text().strip()
                if text:
                    await self._vault.aset(code, kind, text)
                    edit.clear()
                    stored_any = True
            connection_changed = (
                (before.domain, before.api_url, before.is_demo, before.auth_method,
                 before.client_id)
                != (record.domain, record.api_url, record.is_demo, record.auth_method,
                    record.client_id)
            )
            if (connection_changed or stored_any) and hasattr(self._engine.service,
                                                              "forget_client"):
                await self._engine.service.forget_client(code)
        except shop_settings.SettingError as exc:
            self.problems_label.setText(self.tr("This shop card was not saved:") + "\n• "
                                        + self._readable_problem(str(exc)))
            self.problems_label.show()
            return False
        except AppError as exc:
            self.status_label.setText(self.tr("Not saved."))
            feedback.show_error(self, exc)
            return False
        finally:
            self.save_button.setEnabled(True)
        self._dirty = False
        self.status_label.setText(self.tr("Saved."))
        if before.name != record.name:
            self.title_label.setText(self.tr("Shop card %1").replace("%1", record.code)
                                     + (f" — {record.name}" if record.name != record.code
                                        else ""))
            self.shops_changed.emit()
        self.refresh_vault_banner()
        await self.update_secret_state()
        self.saved.emit(code)
        return True

    def _on_revert_button_clicked(self) -> None:
        self.load()

    @asyncSlot()
    async def _on_forget_secret_button_clicked(self) -> None:
        code = self._shop
        if code is None:
            return
        kind = self._secret_kind()
        try:
            await self._vault.adelete(code, kind)
            if hasattr(self._engine.service, "forget_client"):
                await self._engine.service.forget_client(code)
        except AppError as exc:
            feedback.show_error(self, exc)
            return
        self._set_secret_state(False, kind)

    # --- test connection ----------------------------------------------------------------------

    @asyncSlot()
    async def _on_test_button_clicked(self):
        return await self.test_connection()

    async def test_connection(self):
        """Save pending edits, then ask the shop who it is; shows and returns the ShopInfo."""
        code = self._shop
        if code is None:
            return None
        if self._dirty and not await self.save():
            return None
        self.test_button.setEnabled(False)
        self.test_values["checked"].setText(self.tr("Testing…"))
        try:
            info = await self._engine.test_connection(code)
        except AppError as exc:
            self.test_values["checked"].setText(self.tr("Failed: %1")
                                                .replace("%1", feedback.message_for(exc)))
            feedback.show_error(self, exc)
            return None
        finally:
            self.test_button.setEnabled(True)
        self.test_values["name"].setText(info.name)
        self.test_values["domain"].setText(info.domain)
        self.test_values["plan"].setText(info.plan or "—")
        self.test_values["currency"].setText(info.currency)
        self.test_values["api_version"].setText(info.api_version)
        self.test_values["timezone"].setText(getattr(info, "timezone", "") or "—")
        self._show_missing(list(info.missing_scopes))
        self.test_values["checked"].setText(self.tr("Just now: the connection works."))
        self.connection_tested.emit(info)
        return info

    # --- adding and removing cards ------------------------------------------------------------

    def open_new_shop_dialog(self) -> NewShopDialog:
        codes = [s.code for s in queries.list_shops()]
        self._dialog = NewShopDialog(codes, self)
        self._dialog.accepted.connect(self._on_new_shop_dialog_accepted)
        self._dialog.open()
        return self._dialog

    def _on_new_shop_dialog_accepted(self) -> None:
        dialog = self._dialog
        if dialog is None:
            return
        try:
            record = queries.create_shop(**dialog.values())
        except AppError as exc:
            feedback.show_error(self, exc)
            return
        finally:
            dialog.deleteLater()
            self._dialog = None
        self.shops_changed.emit()
        self.shop_created.emit(record.code)

    def confirm_remove_shop(self) -> QMessageBox | None:
        code = self._shop
        if code is None:
            return None
        box = QMessageBox(self)
        box.setObjectName("remove_shop_confirm")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Remove shop card"))
        if queries.get_shop(code).is_demo:
            # The demo lives apart (issue 14): its sample customers and documents go with it.
            box.setText(self.tr(
                "Remove the demo shop card %1 with its sample customers and the documents of "
                "its orders? Customers you created or changed stay.").replace("%1", code))
        else:
            box.setText(self.tr("Remove the shop card %1, its settings, its stored token and "
                                "its sync history? Local customers stay.").replace("%1", code))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: self._on_remove_confirmed(code)
            if box.standardButton(button) == QMessageBox.StandardButton.Yes else None
        )
        self._confirm = box
        box.open()
        return box

    @asyncSlot(str)
    async def _on_remove_confirmed(self, code: str) -> None:
        await self.remove_shop(code)

    async def remove_shop(self, code: str) -> bool:
        if self._engine.is_busy(code):
            self.status_label.setText(self.tr("Wait for the running sync to end (or cancel "
                                              "it) before removing this card."))
            return False
        try:  # as `shop-sync shop remove`: client, rows, secrets, a demo's store
            removal = await self._engine.service.remove_shop(code)
        except AppError as exc:
            feedback.show_error(self, exc)
            return False
        self.shops_changed.emit()  # shows the next card (its status cleared): say it after
        if removal.customers_removed or removal.documents_removed or removal.customers_kept:
            text = (self.tr("Shop card %1 removed with %2 sample customers and %3 documents.")
                    .replace("%1", code).replace("%2", str(removal.customers_removed))
                    .replace("%3", str(removal.documents_removed)))
            if removal.customers_kept:
                text += " " + self.tr("Kept as yours (changed by you or used elsewhere): "
                                      "%1").replace("%1", ", ".join(removal.customers_kept))
            self.status_label.setText(text)
        return True
