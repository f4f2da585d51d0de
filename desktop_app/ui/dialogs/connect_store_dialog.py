"""ConnectStoreDialog: the "Connect your store" assistant (issue 17).

Three pages: the store (card code, name, the store's address in any form a merchant has), how
Shop Sync signs in (an Admin API access token, or the client ID and secret of a Dev Dashboard
app, with a short guide and the access scopes to grant), and the connection test.

Nothing is stored before Finish: the test runs on the address and secret held in memory
(`ShopAdmin.probe`), can be stopped (Stop test, or Cancel), and is bounded by a timeout. On
Finish, `ShopAdmin.connect` creates the card with the shop's country, currency and time zone,
then puts the secret in the keyring. `shop-sync shop add CODE --domain ADDRESS --test` is the
command-line twin.
"""

from __future__ import annotations

import asyncio
import logging
import sys

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop_app.credentials.vault import InvalidSecretError
from desktop_app.errors import AppError, AuthError, NetworkError, ShopAddressError
from desktop_app.shopify.address import ShopAddress
from desktop_app.store.shops import SHOP_CODE
from desktop_app.sync.service import REQUIRED_SCOPES, ShopInfo
from desktop_app.sync.shop_admin import PROBE_TIMEOUT, ShopAdmin
from desktop_app.ui import feedback
from desktop_app.ui.dialogs.labels import wrapped_label
from desktop_app.ui.widgets.controls import line_edit, push_button
from desktop_app.ui.widgets.problem_label import PROBLEM_STYLE

log = logging.getLogger(__name__)

STORE_PAGE, SIGN_IN_PAGE, TEST_PAGE = range(3)
TOKEN, CLIENT = "token", "client_credentials"
_WARNING_STYLE = "color: #8a5300;"
_GOOD_STYLE = "color: #1b6e20;"


def _report_bug(task: asyncio.Future) -> None:
    """A test or Finish that ended with anything but an AppError is a bug: to the
    excepthook (the crash report), as qasync does for a slot's exception."""
    if not task.cancelled() and (exc := task.exception()) is not None:
        sys.excepthook(type(exc), exc, exc.__traceback__)


def _column(parent: QWidget, *widgets: QWidget) -> QWidget:
    """An input with its help under it, as one field of a form (a wrapped label in a form
    row of its own gets a height for the wrong width)."""
    column = QWidget(parent)
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return column


class StorePage(QWizardPage):
    """The card's code and name, and the store's address (checked as it is typed)."""

    def __init__(self, existing_codes: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connect_store_page")
        self.setTitle(self.tr("Your store"))
        self.setSubTitle(self.tr("Which Shopify store to connect, and the card that will "
                                 "hold its settings."))
        self._existing = {c.casefold() for c in existing_codes}
        self.code_edit = line_edit(self, "connect_code_edit", self.tr("Shop code"),
                                   self.tr("e.g. WEB or EU-STORE"))
        self.code_edit.setMaxLength(20)
        code_help = wrapped_label(self.tr(
            "A short name of your choice for this shop card: letters, digits, '-' or '_'. "
            "The window and the command line use it; it cannot be changed later."), self)
        self.name_edit = line_edit(self, "connect_name_edit", self.tr("Shop name"),
                                   self.tr("Left empty: the store's name in Shopify"))
        self.address_edit = line_edit(self, "connect_address_edit", self.tr("Store address"),
                                      self.tr("admin.shopify.com/store/NAME"))
        address_help = wrapped_label(self.tr(
            "Paste the address of your Shopify admin as your browser shows it "
            "(admin.shopify.com/store/NAME), or type NAME.myshopify.com. Your store's own "
            "domain (such as www.example.com) does not work here."), self)
        self.address_state_label = wrapped_label("", self, "connect_address_state_label")
        form = QFormLayout()
        form.addRow(self.tr("Shop &code:"), _column(self, self.code_edit, code_help))
        form.addRow(self.tr("Na&me:"), self.name_edit)
        form.addRow(self.tr("Store &address:"),
                    _column(self, self.address_edit, address_help, self.address_state_label))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        for edit in (self.code_edit, self.address_edit):
            edit.textChanged.connect(self._on_edit_changed)
        self._on_edit_changed()

    def address(self) -> ShopAddress | None:
        try:
            return ShopAddress.parse(self.address_edit.text())
        except ShopAddressError:
            return None

    def code_problem(self) -> str | None:
        code = self.code_edit.text().strip()
        if not code:
            return ""  # nothing typed yet: no reproach
        if not SHOP_CODE.fullmatch(code):
            return self.tr("The shop code is 1 to 20 letters, digits, '-' or '_', without "
                           "spaces.")
        if code.casefold() in self._existing:
            return self.tr("A shop card with this code already exists.")
        return None

    def _on_edit_changed(self) -> None:
        problems = []
        code_problem = self.code_problem()
        if code_problem:
            problems.append(code_problem)
        text = self.address_edit.text().strip()
        address = self.address()
        if problems or (text and address is None):
            if text and address is None:
                problems.append(self.tr(
                    "This is not a Shopify store's address. Enter NAME, NAME.myshopify.com or "
                    "admin.shopify.com/store/NAME (Shopify shows your store's myshopify.com "
                    "address under Settings > Domains)."))
            self.address_state_label.setStyleSheet(PROBLEM_STYLE)
            self.address_state_label.setText("\n".join(problems))
        elif address is not None:
            self.address_state_label.setStyleSheet(_GOOD_STYLE)
            self.address_state_label.setText(
                self.tr("Shop Sync will connect to %1.").replace(
                    "%1", address.host if not address.is_loopback else address.base_url))
        else:
            self.address_state_label.clear()
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt)
        return self.code_problem() is None and self.address() is not None


class SignInPage(QWizardPage):
    """How Shop Sync signs in: a token, or a Dev Dashboard app's client ID and secret."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connect_sign_in_page")
        self.setTitle(self.tr("Sign in to the store"))
        self.setSubTitle(self.tr("Shop Sync reaches your store through an app you create for "
                                 "it. Nothing is stored before the connection test works."))
        self.client_radio = QRadioButton(self.tr("Client ID and secret (an app made in the "
                                                 "Dev Dashboard)"), self)
        self.client_radio.setObjectName("connect_client_radio")
        self.token_radio = QRadioButton(self.tr("Admin API access token (an app made in the "
                                                "Shopify admin before 2026)"), self)
        self.token_radio.setObjectName("connect_token_radio")
        group = QButtonGroup(self)
        group.addButton(self.client_radio)
        group.addButton(self.token_radio)
        self.client_radio.setChecked(True)
        self.guide_label = wrapped_label("", self, "connect_guide_label", rich=True)
        self.guide_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction)

        self.client_id_edit = line_edit(self, "connect_client_id_edit", self.tr("Client ID"))
        self.client_secret_edit = line_edit(self, "connect_client_secret_edit",
                                            self.tr("Client secret"), password=True)
        self.token_edit = line_edit(self, "connect_token_edit",
                                    self.tr("Admin API access token"), "shpat_…", password=True)
        self.show_check = QCheckBox(self.tr("&Show what I pasted"), self)
        self.show_check.setObjectName("connect_show_secret_check")

        scopes_title = wrapped_label(self.tr("Access scopes to grant to the app:"), self)
        self.scopes_label = wrapped_label(", ".join(REQUIRED_SCOPES), self, "connect_scopes_label")
        self.scopes_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_scopes_button = push_button(
            self, "connect_copy_scopes_button", self.tr("Co&py the list"),
            clicked=self._on_copy_scopes_button_clicked)

        self.form = QFormLayout()
        self.form.addRow(self.tr("Client &ID:"), self.client_id_edit)
        self.form.addRow(self.tr("Client s&ecret:"), self.client_secret_edit)
        self.form.addRow(self.tr("Access &token:"), self.token_edit)
        self.form.addRow("", self.show_check)
        scopes_row = QHBoxLayout()
        scopes_row.addWidget(self.scopes_label, 1)
        scopes_row.addWidget(self.copy_scopes_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.client_radio)
        layout.addWidget(self.token_radio)
        layout.addWidget(self.guide_label)
        layout.addWidget(scopes_title)
        layout.addLayout(scopes_row)
        layout.addLayout(self.form)
        layout.addStretch(1)

        group.buttonToggled.connect(self._on_method_toggled)
        self.show_check.toggled.connect(self._on_show_check_toggled)
        for edit in (self.client_id_edit, self.client_secret_edit, self.token_edit):
            edit.textChanged.connect(self.completeChanged)
        self._on_method_toggled()

    def method(self) -> str:
        return CLIENT if self.client_radio.isChecked() else TOKEN

    def secret(self) -> str:
        edit = self.client_secret_edit if self.method() == CLIENT else self.token_edit
        return edit.text().strip()

    def client_id(self) -> str | None:
        return self.client_id_edit.text().strip() or None if self.method() == CLIENT else None

    def _on_method_toggled(self, *_args: object) -> None:
        client = self.method() == CLIENT
        for edit in (self.client_id_edit, self.client_secret_edit):
            self.form.setRowVisible(edit, client)
        self.form.setRowVisible(self.token_edit, not client)
        if client:
            self.guide_label.setText(self.tr(
                "<ol><li>Open the <a href=\"https://dev.shopify.com/dashboard\">Shopify Dev "
                "Dashboard</a> with the account that owns the store; choose <b>Create app</b>, "
                "then <b>Start from Dev Dashboard</b>, and name it Shop Sync.</li>"
                "<li>On its <b>Versions</b> tab, select the Admin API access scopes below, "
                "then <b>Release</b> the version.</li>"
                "<li><b>Install</b> the app on your store.</li>"
                "<li>Under <b>Settings</b>, copy the <b>Client ID</b> and the <b>Secret</b> "
                "into the boxes below.</li></ol>"
                "Shop Sync asks Shopify for a new access token with them when it needs one "
                "(each lasts 24 hours)."))
        else:
            self.guide_label.setText(self.tr(
                "Apps created in the Shopify admin (<b>Settings &gt; Apps &gt; Develop "
                "apps</b>) before 1 January 2026 keep working: open the app, give it the "
                "access scopes below under <b>Configuration</b>, and copy its <b>Admin API "
                "access token</b> (it starts with shpat_) under <b>API credentials</b>. "
                "Shopify shows it only once, when the app is installed. New apps are made in "
                "the Dev Dashboard: choose Client ID and secret above."))
        self.completeChanged.emit()

    def _on_show_check_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.client_secret_edit.setEchoMode(mode)
        self.token_edit.setEchoMode(mode)

    def _on_copy_scopes_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(",".join(REQUIRED_SCOPES))

    def isComplete(self) -> bool:  # noqa: N802 (Qt)
        # No secret at all is allowed: the card is then created without one (entered later
        # on the Shop Card). A client ID needs its secret and the other way round.
        if self.method() == CLIENT:
            return bool(self.client_id_edit.text().strip()) == bool(self.secret())
        return True


class TestPage(QWizardPage):
    """The connection test: runs on entering the page, Stop test cancels it; the answer
    (country, currency, time zone, missing scopes) is shown before Finish."""

    def __init__(self, wizard: ConnectStoreDialog) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setObjectName("connect_test_page")
        self.setTitle(self.tr("Test the connection"))
        self.setSubTitle(self.tr("Shop Sync asks the store who it is and which access scopes "
                                 "the app has. Nothing is stored yet."))
        self.test_button = push_button(self, "connect_test_button", self.tr("&Test again"))
        self.stop_button = push_button(self, "connect_stop_button", self.tr("&Stop test"))
        self.stop_button.hide()
        self.status_label = wrapped_label("", self, "connect_status_label")
        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, text in (("name", self.tr("Store:")), ("country", self.tr("Country:")),
                          ("currency", self.tr("Currency:")),
                          ("timezone", self.tr("Time zone:")), ("plan", self.tr("Plan:"))):
            value = wrapped_label("—", self, f"connect_{key}_label")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            form.addRow(text, value)
        self.scopes_label = wrapped_label("", self, "connect_missing_scopes_label")
        self.scopes_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        layout.addLayout(form)
        layout.addWidget(self.scopes_label)
        layout.addStretch(1)
        self.test_button.clicked.connect(wizard.start_test)
        self.stop_button.clicked.connect(wizard.stop_test)

    def initializePage(self) -> None:  # noqa: N802 (Qt)
        self._wizard.start_test()

    def cleanupPage(self) -> None:  # noqa: N802 (Qt; Back pressed)
        self._wizard.stop_test()

    def isComplete(self) -> bool:  # noqa: N802 (Qt)
        return self._wizard.can_finish()

    def show_testing(self) -> None:
        self.test_button.hide()
        self.stop_button.show()
        self.status_label.setStyleSheet("")
        self.status_label.setText(self.tr("Testing the connection…"))
        self.status_label.setToolTip("")
        self.scopes_label.clear()
        for value in self.values.values():
            value.setText("—")

    def show_idle(self) -> None:
        self.stop_button.hide()
        self.test_button.show()

    def show_no_secret(self) -> None:
        self.show_idle()
        self.test_button.hide()
        self.status_label.setStyleSheet(_WARNING_STYLE)
        self.status_label.setText(self.tr(
            "No secret was entered, so the connection cannot be tested. Finish creates the "
            "card without one: enter it later on the Shop Card and test the connection "
            "there."))

    def show_stopped(self) -> None:
        self.show_idle()
        self.status_label.setStyleSheet(_WARNING_STYLE)
        self.status_label.setText(self.tr("Test stopped. Nothing was stored."))

    def show_failure(self, message: str, detail: str) -> None:
        self.show_idle()
        self.status_label.setStyleSheet(PROBLEM_STYLE)
        self.status_label.setText(message + "\n" + self.tr("Nothing was stored."))
        self.status_label.setToolTip(detail)

    def show_info(self, info: ShopInfo) -> None:
        self.show_idle()
        self.status_label.setStyleSheet(_GOOD_STYLE)
        self.status_label.setText(self.tr(
            "Connected. On Finish the card is created with this country, currency and time "
            "zone, and the secret is stored."))
        self.values["name"].setText(f"{info.name} ({info.domain})")
        self.values["country"].setText(info.country or "—")
        self.values["currency"].setText(info.currency or "—")
        self.values["timezone"].setText(info.timezone or "—")
        self.values["plan"].setText(info.plan or "—")
        if info.missing_scopes:
            self.scopes_label.setStyleSheet(_WARNING_STYLE)
            self.scopes_label.setText(self.tr(
                "Missing access scopes: %1. You can finish now, but what needs them will "
                "fail: add them to the app's version, release it, update the app on the store "
                "and test again.").replace("%1", ", ".join(info.missing_scopes)))
        else:
            self.scopes_label.setStyleSheet(_GOOD_STYLE)
            self.scopes_label.setText(self.tr("Every access scope Shop Sync needs is "
                                              "granted."))


class ConnectStoreDialog(QWizard):
    """The "Connect your store" assistant.

    Signals:
        connected(code: str): Finish created the card (and stored its secret).
    """

    connected = Signal(str)

    def __init__(self, admin: ShopAdmin, existing_codes: list[str],
                 parent: QWidget | None = None, *, code: str = "", name: str = "",
                 address: str = "", timeout: float = PROBE_TIMEOUT) -> None:
        super().__init__(parent)
        self.setObjectName("connect_store_dialog")
        self.setWindowTitle(self.tr("Connect your store"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(720, 560)
        self._admin = admin
        self._timeout = timeout
        self._test: asyncio.Task | None = None
        self._finish: asyncio.Task | None = None
        #: What the last successful test was run with, and what the shop answered.
        self._tested: tuple | None = None
        self.info: ShopInfo | None = None

        self.store_page = StorePage(existing_codes, self)
        self.sign_in_page = SignInPage(self)
        self.test_page = TestPage(self)
        self.setPage(STORE_PAGE, self.store_page)
        self.setPage(SIGN_IN_PAGE, self.sign_in_page)
        self.setPage(TEST_PAGE, self.test_page)
        self.store_page.code_edit.setText(code)
        self.store_page.name_edit.setText(name)
        self.store_page.address_edit.setText(address)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Finish"))

    # --- the values typed -----------------------------------------------------------------

    def _key(self) -> tuple:
        """What a test depends on (a test of other values does not allow Finish)."""
        address = self.store_page.address()
        return (address.base_url if address else None, self.sign_in_page.method(),
                self.sign_in_page.client_id(), self.sign_in_page.secret())

    def can_finish(self) -> bool:
        if self._finish is not None:
            return False
        if not self.sign_in_page.secret():
            return True
        return self._tested is not None and self._tested == self._key() and not self.testing

    @property
    def testing(self) -> bool:
        return self._test is not None and not self._test.done()

    # --- the test ---------------------------------------------------------------------------

    def start_test(self) -> None:
        """Test the typed address and secret (nothing stored); a running test is stopped."""
        self.stop_test(quiet=True)
        self._tested, self.info = None, None
        secret = self.sign_in_page.secret()
        if not secret:
            self.test_page.show_no_secret()
            self.test_page.completeChanged.emit()
            return
        self.test_page.show_testing()
        self._test = asyncio.ensure_future(self._run_test(self._key()))
        self._test.add_done_callback(_report_bug)
        self.test_page.completeChanged.emit()

    def stop_test(self, quiet: bool = False) -> None:
        """Cancel a running test (its client closes; nothing was stored)."""
        task, self._test = self._test, None
        if task is not None and not task.done():
            task.cancel()
            if not quiet:
                self.test_page.show_stopped()
        if shiboken6.isValid(self.test_page):
            self.test_page.completeChanged.emit()

    async def _run_test(self, key: tuple) -> None:
        base_url, method, client_id, secret = key
        try:
            info = await self._admin.probe(base_url, secret, auth_method=method,
                                           client_id=client_id, timeout=self._timeout)
        except asyncio.CancelledError:
            raise  # stop_test said so already
        except AppError as exc:
            if shiboken6.isValid(self):
                self._test = None
                self.test_page.show_failure(self._failure_text(exc, method), str(exc))
                self.test_page.completeChanged.emit()
            return
        if not shiboken6.isValid(self):
            return
        self._test = None
        self._tested, self.info = key, info
        self.test_page.show_info(info)
        self.test_page.completeChanged.emit()

    def _failure_text(self, exc: AppError, method: str) -> str:
        if isinstance(exc, InvalidSecretError):
            return self.tr("The secret holds spaces or characters no Shopify secret has: "
                           "paste it again.")
        if isinstance(exc, AuthError):
            if method == CLIENT:
                return self.tr("Shopify refused the client ID or secret: copy both again from "
                               "the app's Settings in the Dev Dashboard, and check that the "
                               "app is installed on this store.")
            return self.tr("Shopify refused the access token: check that you copied all of "
                           "it, and that the app is installed on this store.")
        if isinstance(exc, NetworkError):
            return self.tr("The store did not answer: check its address and your internet "
                           "connection, then test again.")
        return feedback.message_for(exc)

    # --- finishing and cancelling -----------------------------------------------------------

    def accept(self) -> None:
        """Finish: create the card, then store the secret (`ShopAdmin.connect`)."""
        if not self.can_finish():
            return
        self._finish = asyncio.ensure_future(self._connect())
        self._finish.add_done_callback(_report_bug)
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)

    async def _connect(self) -> None:
        store, sign_in = self.store_page, self.sign_in_page
        address = store.address()
        assert address is not None
        code = store.code_edit.text().strip()
        # Nothing typed: the card's default sign-in (a token, entered later on the card).
        method = sign_in.method() if sign_in.secret() else TOKEN
        try:
            record = await self._admin.connect(
                code, address.base_url, name=store.name_edit.text().strip(),
                auth_method=method, client_id=sign_in.client_id() if method == CLIENT else None,
                secret=sign_in.secret() or None, info=self.info)
        except AppError as exc:
            self._finish = None
            if shiboken6.isValid(self):
                self.test_page.show_failure(feedback.message_for(exc), str(exc))
                self.test_page.completeChanged.emit()
            return
        self._finish = None
        self.connected.emit(record.code)
        super().accept()

    def reject(self) -> None:
        """Cancel: a running test is stopped; nothing is stored. While Finish is storing
        the card and its secret, Cancel waits for it (the card is then made)."""
        if self._finish is not None:
            return
        self.stop_test(quiet=True)
        super().reject()
