"""DatabasePage: the Database page of Preferences (issue 22).

It says which database is open (the local file's path, or the server as
`user@host:port/database`, never a password), lets the merchant choose between the local file
and a server shared by several computers (host, port, database, user, password), tests a
connection in a worker thread (bounded by the engine's connect timeout), and saves the choice
for the next start (`sync.database_settings.DatabaseSettings`: the URL in the data folder, the
password in the keyring only). The dialog offers to restart after a change, as for the language.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.credentials.vault import VaultStatus
from desktop_app.store import database_choice
from desktop_app.store.database_choice import ConnectionCheck, ServerFields
from desktop_app.sync.database_settings import DatabaseSettings, open_description
from desktop_app.ui.async_slots import run_on_click
from desktop_app.ui.widgets.controls import push_button


class DatabasePage(QWidget):
    """The database choice of one data folder; `save()` keeps it (the dialog's OK)."""

    def __init__(self, settings: DatabaseSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("database_page")
        self._settings = settings
        kind, where = open_description()
        self.in_use_label = QLabel(self)
        self.in_use_label.setObjectName("database_in_use_label")
        self.in_use_label.setWordWrap(True)
        self.in_use_label.setText(
            (self.tr("In use: the database server %1") if kind == "server"
             else self.tr("In use: the local file %1")).replace("%1", where))

        self.local_radio = QRadioButton(self.tr("This computer only (local file)"), self)
        self.local_radio.setObjectName("database_local_radio")
        self.server_radio = QRadioButton(
            self.tr("A database server shared by several computers"), self)
        self.server_radio.setObjectName("database_server_radio")
        group = QButtonGroup(self)
        group.addButton(self.local_radio)
        group.addButton(self.server_radio)

        self.host_edit = self._line("database_host_edit")
        self.port_spin = QSpinBox(self)
        self.port_spin.setObjectName("database_port_spin")
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(database_choice.DEFAULT_PORT)
        self.name_edit = self._line("database_name_edit")
        self.user_edit = self._line("database_user_edit")
        self.password_edit = self._line("database_password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.server_form = QWidget(self)
        form = QFormLayout(self.server_form)
        for text, field in ((self.tr("&Host:"), self.host_edit),
                            (self.tr("P&ort:"), self.port_spin),
                            (self.tr("&Database:"), self.name_edit),
                            (self.tr("&User:"), self.user_edit),
                            (self.tr("Pass&word:"), self.password_edit)):
            label = QLabel(text, self.server_form)
            label.setBuddy(field)
            form.addRow(label, field)

        self.test_button = push_button(
            self, "database_test_button", self.tr("&Test connection"),
            clicked=run_on_click(self.test_connection))
        self.result_label = QLabel(self)
        self.result_label.setObjectName("database_result_label")
        self.result_label.setWordWrap(True)
        note = QLabel(self.tr("A change of database applies the next time Shop Sync starts. "
                              "The password is kept in this computer's keyring, never in a "
                              "file."), self)
        note.setObjectName("database_note_label")
        note.setWordWrap(True)

        layout = QVBoxLayout(self)
        for widget in (self.in_use_label, self.local_radio, self.server_radio,
                       self.server_form, self.test_button, self.result_label, note):
            layout.addWidget(widget)
        layout.addStretch(1)

        saved = settings.saved()
        self._saved = saved
        if saved is None:
            self.local_radio.setChecked(True)
        else:
            self.server_radio.setChecked(True)
            self.host_edit.setText(saved.host)
            self.port_spin.setValue(saved.port)
            self.name_edit.setText(saved.database)
            self.user_edit.setText(saved.user)
        self.server_radio.toggled.connect(self._on_choice_toggled)
        self._on_choice_toggled()

    @property
    def settings(self) -> DatabaseSettings:
        """The data folder's choice this page shows and saves."""
        return self._settings

    def _line(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        return edit

    def _on_choice_toggled(self, _checked: bool = False) -> None:
        on_server = self.server_radio.isChecked()
        self.server_form.setEnabled(on_server)
        self.test_button.setEnabled(on_server)
        self.result_label.clear()

    # --- what was typed -----------------------------------------------------------------

    def fields(self) -> ServerFields | None:
        """The server typed (None: the local file is chosen)."""
        if not self.server_radio.isChecked():
            return None
        return ServerFields(self.host_edit.text().strip(), self.port_spin.value(),
                            self.name_edit.text().strip(), self.user_edit.text().strip())

    def missing(self) -> str:
        """The first empty field a server needs, worded for the merchant ("" when none)."""
        fields = self.fields()
        if fields is None:
            return ""
        for value, text in ((fields.host, self.tr("Enter the server's host name or address.")),
                            (fields.database, self.tr("Enter the name of the database.")),
                            (fields.user, self.tr("Enter the user to sign in as."))):
            if not value:
                return text
        return ""

    def changed(self) -> bool:
        """Whether OK has something to keep (another choice, or a password typed)."""
        return self.fields() != self._saved or bool(self.password_edit.text())

    # --- actions ------------------------------------------------------------------------

    async def test_connection(self) -> ConnectionCheck | None:
        fields = self.fields()
        problem = self.missing()
        if fields is None or problem:
            self.result_label.setText(problem)
            return None
        self.test_button.setEnabled(False)
        self.result_label.setText(self.tr("Connecting to %1…").replace("%1", fields.host))
        try:
            check = await self._settings.check(fields, self.password_edit.text())
        finally:
            self.test_button.setEnabled(self.server_radio.isChecked())
        self.result_label.setText(self.check_text(check, fields))
        return check

    def check_text(self, check: ConnectionCheck, fields: ServerFields) -> str:
        """The outcome of a test, in the merchant's language (by its code)."""
        server = f"{fields.host}:{fields.port}"
        if check.code == database_choice.OK:
            return self.tr("Connected: the server answers (PostgreSQL %1).").replace(
                "%1", check.detail)
        if check.code == database_choice.UNREACHABLE:
            return self.tr("No database server answered at %1: check the host and the port, "
                           "that the server is running, and that this computer may reach it "
                           "(firewall).").replace("%1", server)
        if check.code == database_choice.AUTH_FAILED:
            return self.tr("The server at %1 refused the user %2 or the password.").replace(
                "%1", server).replace("%2", fields.user)
        if check.code == database_choice.NO_DATABASE:
            return self.tr("The server at %1 has no database named %2.").replace(
                "%1", server).replace("%2", fields.database)
        return self.tr("The connection failed: %1").replace("%1", check.detail)

    async def save(self) -> VaultStatus | None:
        """Keep the choice for the next start (the password, if typed, in the keyring)."""
        return await self._settings.save(self.fields(), self.password_edit.text())
