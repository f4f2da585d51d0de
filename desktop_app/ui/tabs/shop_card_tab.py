"""ShopCardTab: one shop's connection, secrets and every setting of the registry.

A thin shell over three views (`ui/tabs/shop_card/`): `ConnectionBox` (address, sign-in,
secrets typed in), `ConnectionTestBox` (what the shop said) and `SettingsForm` (built from
`store.settings`, so a setting added to the registry appears here without UI changes). The
tab loads the card, checks it, and saves it through `sync.shop_admin.ShopAdmin`, as the
command line does. Secrets typed here go to the vault only; they are never read back into a
widget.

A setting that names a local code (customer template, customer) is a picker of the existing
codes; an unknown code typed in is refused on Save by `ShopAdmin`, and the tab marks it.
Test connection tries the address and secret as typed (`ShopAdmin.probe_card`) before
anything is stored, can be stopped, and fills the shop's currency and time zone into the
form (asking first where the card already says otherwise); Save stores them with what the
shop said (its country, name, plan and scopes).
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from desktop_app.credentials.vault import VaultStatus
from desktop_app.errors import AppError, CredentialsError
from desktop_app.store import setting_codes
from desktop_app.store import settings as shop_settings
from desktop_app.store.shops import get_shop, list_shops
from desktop_app.sync.engine import SyncEngine
from desktop_app.sync.service import ShopInfo
from desktop_app.sync.shop_admin import ShopAdmin
from desktop_app.ui import feedback
from desktop_app.ui.dialogs.connect_store_dialog import ConnectStoreDialog
from desktop_app.ui.dialogs.new_shop_dialog import NewShopDialog
from desktop_app.ui.plurals import plural
from desktop_app.ui.setting_labels import setting_label
from desktop_app.ui.tabs.shop_card.connection_box import ConnectionBox
from desktop_app.ui.tabs.shop_card.settings_form import (
    SettingsForm,
    clear_invalid,
    mark_invalid,
    readable_problem,
)
from desktop_app.ui.tabs.shop_card.test_box import ConnectionTestBox
from desktop_app.ui.tabs.shop_card.tester import ConnectionTester
from desktop_app.ui.widgets.controls import push_button
from desktop_app.ui.widgets.questions import yes_no_question
from desktop_app.ui.widgets.window_rules import adopt

log = logging.getLogger(__name__)


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

    def __init__(self, engine: SyncEngine, vault, parent: QWidget | None = None, *,
                 admin: ShopAdmin | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shop_card_tab")
        # The wheel scrolls the settings page; it changes a box only when that has focus
        # (the window's rules, followed by the tab alone too).
        adopt(self)
        self._engine = engine
        self._vault = vault
        #: Every write of the card (the window's and the CLI's one way), secrets to `vault`.
        self._admin = admin if admin is not None else ShopAdmin(engine.service, vault)
        self._shop: str | None = None
        self._loading = False
        self._dirty = False
        self._dialog: NewShopDialog | None = None
        self._assistant: ConnectStoreDialog | None = None
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
        button = push_button(
            page, "empty_new_shop_button", self.tr("New shop card…"),
            clicked=self.open_new_shop_dialog)
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

        self.new_button = push_button(
            page, "new_shop_button", self.tr("New shop card…"),
            self.tr("Add another shop card (two cards may point at one "
                    "Shopify store with different rules)"),
            clicked=self.open_new_shop_dialog)
        self.remove_button = push_button(
            page, "remove_shop_button", self.tr("Remove shop card…"),
            clicked=self.confirm_remove_shop)

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

        self.settings_form = SettingsForm()
        self.settings_form.edited.connect(self._mark_dirty)
        #: The widget of each setting, by name (the form's).
        self.setting_widgets = self.settings_form.setting_widgets
        #: Test connection, with the connection as shown (nothing stored by a test).
        self.tester = ConnectionTester(self._admin, self._engine, self.connection,
                                       self.test_box, self.settings_form, self)
        self.tester.filled.connect(self._on_shop_values_filled)
        self.settings_scroll = QScrollArea(page)
        self.settings_scroll.setObjectName("settings_scroll")
        self.settings_scroll.setWidgetResizable(True)
        self.settings_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.settings_scroll.setWidget(self.settings_form)

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

        self.revert_button = push_button(
            page, "revert_button", self.tr("Revert"), self.tr("Forget the changes not saved yet"),
            clicked=self._on_revert_button_clicked)
        self.save_button = push_button(
            page, "save_button", self.tr("Save"), self.tr("Check and save this shop card (Ctrl+S)"),
            clicked=self._on_save_button_clicked)
        self.save_button.setDefault(True)
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

    def _build_connection_box(self, parent: QWidget) -> ConnectionBox:
        box = ConnectionBox(parent)
        self.connection = box
        box.edited.connect(self._mark_dirty)
        box.kind_changed.connect(self._on_connection_kind_changed)
        box.forget_requested.connect(self._on_forget_secret_button_clicked)
        # The box's fields, as the tab has always offered them.
        self.code_label = box.code_label
        self.name_edit = box.name_edit
        self.where_combo = box.where_combo
        self.address_edit = box.address_edit
        self.auth_combo = box.auth_combo
        self.token_edit = box.token_edit
        self.client_id_edit = box.client_id_edit
        self.client_secret_edit = box.client_secret_edit
        self.secret_state_label = box.secret_state_label
        self.forget_secret_button = box.forget_secret_button
        return box

    def _build_test_box(self, parent: QWidget) -> ConnectionTestBox:
        box = ConnectionTestBox(parent)
        self.test_box = box
        self.test_button = box.test_button
        self.test_values = box.test_values
        self.test_button.clicked.connect(self._on_test_button_clicked)
        return box

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
        shop = get_shop(self._shop)
        self._loading = True
        try:
            self._show_title(shop.code, shop.name)
            self.connection.show_card(shop)
            self.refresh_code_choices()
            self.settings_form.set_values(shop.settings)
            self.test_box.show_cached(shop)
            self.tester.forget()
        finally:
            self._loading = False
        self._dirty = False
        self._clear_problems()
        self.status_label.clear()
        self.connection.update_rows()
        self.refresh_vault_banner()
        self.secret_state_label.setText(self.tr("Checking the keyring…"))
        self.forget_secret_button.setEnabled(False)
        self._refresh_secret_state()

    def refresh_code_choices(self) -> None:
        """List the codes each picker offers, as the store has them now: each kind of code
        read once (six settings name a G/L account, two a customer), at every show."""
        if self._shop is None:
            return
        read: dict[str, list[setting_codes.CodeChoice]] = {}
        choices: dict[str, list[setting_codes.CodeChoice]] = {}
        for setting in setting_codes.referring_settings():
            kind = setting.refers_to
            if kind not in read:
                read[kind] = setting_codes.code_choices(setting.name, self._shop)
            choices[setting.name] = read[kind]
        self.settings_form.set_code_choices(choices)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt
        # Templates or customers may have been added meanwhile (set-up pages, imports).
        super().showEvent(event)
        self.refresh_code_choices()

    def _show_title(self, code: str, name: str) -> None:
        self.title_label.setText(self.tr("Shop card %1").replace("%1", code)
                                 + (f" — {name}" if name != code else ""))

    def widget_value(self, name: str) -> shop_settings.Value:
        """The value the widget of setting `name` shows (not parsed)."""
        return self.settings_form.widget_value(name)

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
        if self.connection.is_demo():
            self.connection.show_demo_secret_state()
            return
        kind = self.connection.secret_kind()
        try:
            stored = await self._vault.aget(code, kind)
        except CredentialsError as exc:
            if shiboken6.isValid(self):
                self.secret_state_label.setText(feedback.message_for(exc))
            return
        if not shiboken6.isValid(self):
            return  # the window was closed and deleted while the keyring answered
        if code != self._shop or kind != self.connection.secret_kind():
            return  # the user moved on meanwhile
        self._set_secret_state(bool(stored), kind)

    def _set_secret_state(self, stored: bool, kind: str) -> None:
        self.connection.show_secret_state(
            stored, kind, session_only=self._vault.status() == VaultStatus.UNAVAILABLE)

    def _on_connection_kind_changed(self) -> None:
        if not self._loading:
            self._refresh_secret_state()

    def _mark_dirty(self, *_args) -> None:
        if not self._loading:
            self._dirty = True
            self.status_label.setText(self.tr("Unsaved changes"))

    # --- checking and saving ------------------------------------------------------------------

    def _clear_problems(self) -> None:
        self.problems_label.clear()
        self.problems_label.hide()
        self.settings_form.clear_problems()
        for widget in self.connection.checkable_widgets():
            clear_invalid(widget)

    def check(self) -> tuple[dict[str, shop_settings.Value], list[str]]:
        """Parse every setting widget and check the combination; mark what is wrong.

        Returns:
            (parsed values, translated problems). Problems empty: the card can be saved.
        """
        self._clear_problems()
        values, problems = self.settings_form.parse()
        for widget, problem in self.connection.problems():
            mark_invalid(widget)
            problems.append(problem)
        if problems:
            self.problems_label.setText(
                self.tr("This shop card was not saved:") + "\n• " + "\n• ".join(problems))
            self.problems_label.show()
        return values, problems

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
            self.status_label.setText(self.tr("Not saved: see the problems above."))
            return False
        self.save_button.setEnabled(False)
        connection = self.connection.changes(code)
        info = self.tester.tested_info(connection)  # saved with the card: country, scopes...
        try:
            done = await self._admin.save_card(code, connection, values,
                                               self.connection.typed_secrets(), info=info)
        except shop_settings.SettingError as exc:
            self._show_refused_setting(exc)
            self.status_label.setText(self.tr("Not saved: see the problems above."))
            return False
        except AppError as exc:
            self.status_label.setText(self.tr("Not saved."))
            feedback.show_error(self, exc)
            return False
        finally:
            self.save_button.setEnabled(True)
        self.connection.clear_secrets(done.secrets_stored)
        if info is not None:
            self.test_box.show_cached(done.after)
            self.tester.forget()
        self._dirty = False
        self.status_label.setText(self.tr("Saved."))
        if done.renamed:
            self._show_title(done.after.code, done.after.name)
            self.shops_changed.emit()
        self.refresh_vault_banner()
        await self.update_secret_state()
        self.saved.emit(code)
        return True

    def _show_refused_setting(self, exc: shop_settings.SettingError) -> None:
        """Mark the setting the save refused and say why (an unknown code by its kind)."""
        name = str(exc.details.get("setting", ""))
        setting = shop_settings.BY_NAME.get(name)
        widget = self.setting_widgets.get(name)
        if widget is not None:
            mark_invalid(widget)
        code = str(exc.details.get("value", ""))
        if setting is not None and exc.details.get("reason") == "unknown_code":
            if setting.refers_to == "customer_template":
                text = self.tr("%1: there is no customer template “%2”. Pick one from the "
                               "list, or add the template first.")
            elif setting.refers_to == "location":
                text = self.tr("%1: there is no local location “%2”. Pick one from the list, "
                               "or link a Shopify location to it first.")
            elif setting.refers_to == "account":
                text = self.tr("%1: there is no G/L account “%2”. Pick one from the list, "
                               "or add the account first (Setup, G/L accounts).")
            else:
                text = self.tr("%1: there is no local customer “%2”. Pick one from the list, "
                               "or add the customer first.")
            problem = text.replace("%1", setting_label(setting)).replace("%2", code)
        else:
            problem = readable_problem(str(exc))
        self.problems_label.setText(self.tr("This shop card was not saved:") + "\n• " + problem)
        self.problems_label.show()

    def _on_revert_button_clicked(self) -> None:
        self.load()

    @asyncSlot()
    async def _on_forget_secret_button_clicked(self) -> None:
        code = self._shop
        if code is None:
            return
        kind = self.connection.secret_kind()
        try:
            await self._admin.forget_secrets(code, (kind,))
        except AppError as exc:
            feedback.show_error(self, exc)
            return
        self._set_secret_state(False, kind)

    # --- test connection (`ConnectionTester`) -------------------------------------------------

    def is_testing(self) -> bool:
        return self.tester.is_running()

    @asyncSlot()
    async def _on_test_button_clicked(self):
        if self.tester.is_running():  # the button says "Stop test"
            self.tester.stop()
            return None
        return await self.test_connection()

    def stop_test(self) -> None:
        """Stop a running Test connection (nothing was stored)."""
        self.tester.stop()

    async def test_connection(self) -> ShopInfo | None:
        """Ask the shop who it is, with the connection as the card shows it (address, sign-in
        and secret typed, else the stored secret), storing nothing; shows and returns the
        ShopInfo, and fills the shop's currency and time zone into the form. None when the
        test failed or was stopped."""
        code = self._shop
        if code is None or self.tester.is_running():
            return None
        self._clear_problems()
        problems = self.connection.problems()
        if problems:
            for widget, problem in problems:
                mark_invalid(widget)
            self.problems_label.setText(self.tr("The connection was not tested:") + "\n• "
                                        + "\n• ".join(p for _w, p in problems))
            self.problems_label.show()
            return None
        info = await self.tester.run(code)
        if info is not None and shiboken6.isValid(self):
            self.connection_tested.emit(info)
        return info

    def _on_shop_values_filled(self, text: str) -> None:
        self._mark_dirty()
        self.status_label.setText(text)

    # --- adding and removing cards ------------------------------------------------------------

    def open_new_shop_dialog(self) -> NewShopDialog:
        codes = [s.code for s in list_shops()]
        self._dialog = NewShopDialog(codes, self)
        self._dialog.accepted.connect(self._on_new_shop_dialog_accepted)
        self._dialog.open()
        return self._dialog

    def open_connect_store_dialog(self, code: str = "", name: str = "",
                                  address: str = "") -> ConnectStoreDialog:
        """The "Connect your store" assistant (issue 17): the card is made on its Finish."""
        codes = [s.code for s in list_shops()]
        dialog = ConnectStoreDialog(self._admin, codes, self, code=code, name=name,
                                    address=address)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.connected.connect(self._on_connect_store_dialog_connected)
        self._assistant = dialog
        dialog.open()
        return dialog

    def _on_connect_store_dialog_connected(self, code: str) -> None:
        self.shops_changed.emit()
        self.shop_created.emit(code)

    def _on_new_shop_dialog_accepted(self) -> None:
        dialog = self._dialog
        if dialog is None:
            return
        if dialog.wants_assistant():  # a Shopify store: tested before any card is made
            typed = (dialog.code_edit.text().strip(), dialog.name_edit.text().strip(),
                     dialog.address_edit.text().strip())
            dialog.deleteLater()
            self._dialog = None
            self.open_connect_store_dialog(*typed)
            return
        try:
            record = self._admin.create(**dialog.values())
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
        if get_shop(code).is_demo:
            # The demo lives apart (issue 14): its sample customers and documents go with it.
            text = self.tr(
                "Remove the demo shop card %1 with its sample customers and the documents of "
                "its orders? Customers you created or changed stay.").replace("%1", code)
        else:
            text = self.tr("Remove the shop card %1, its settings, its stored token and "
                           "its sync history? Local customers stay.").replace("%1", code)
        box = yes_no_question(self, "remove_shop_confirm", QMessageBox.Icon.Question,
                              self.tr("Remove shop card"), text,
                              lambda: self._on_remove_confirmed(code))
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
            removal = await self._admin.remove(code)
        except AppError as exc:
            feedback.show_error(self, exc)
            return False
        self.shops_changed.emit()  # shows the next card (its status cleared): say it after
        if removal.customers_removed or removal.documents_removed or removal.customers_kept:
            text = (self.tr("Shop card %1 removed with %2 and %3.")
                    .replace("%1", code)
                    .replace("%2", plural("ShopCardTab", "%n sample customer(s)",
                                          removal.customers_removed))
                    .replace("%3", plural("ShopCardTab", "%n document(s)",
                                          removal.documents_removed)))
            if removal.customers_kept:
                text += " " + self.tr("Kept as yours (changed by you or used elsewhere): "
                                      "%1").replace("%1", ", ".join(removal.customers_kept))
            self.status_label.setText(text)
        return True
