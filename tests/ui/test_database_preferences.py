"""The Database page of Preferences (issue 22), driven with real clicks and keys: choose a
server, fill its fields, test the connection against a real PostgreSQL server (ok) and a
closed port (the reason, in English and French), save; the data folder keeps the URL without
the password, the keyring keeps the password; building the services again (a restart) opens
the server with that password handed to the driver."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from languages import translated
from postgres import emptied, pg_server  # noqa: F401 (the fixture)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox
from ui_helpers import wait_until

from desktop_app import app
from desktop_app.credentials.vault import DATABASE_SERVICE, Vault
from desktop_app.store import database_choice, engines
from desktop_app.store.database import DB, close_database
from desktop_app.sync.database_settings import DatabaseSettings
from desktop_app.ui.dialogs.preferences_dialog import PreferencesDialog

PASSWORD = "s3cret pw-42"  # a space: a database password may hold one (a token may not)


def _closed_port() -> int:
    with socket.socket() as sock:  # bound, never listening: a refused connection at once
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _type(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def _set_port(qtbot, spin, port: int) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, str(port))
    assert spin.value() == port


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.delenv(engines.DATABASE_ENV, raising=False)
    data = tmp_path / "data"
    data.mkdir()
    return data


@pytest.fixture
def pg_url(pg_server) -> str:  # noqa: F811
    """This worker's migrated test database, emptied (made before `db` binds its SQLite file:
    the first call migrates a template and unbinds the store)."""
    return emptied(pg_server)


async def test_choose_test_and_save_a_server_then_a_restart_opens_it(
        pg_url, pg_server, qtbot, db, memory_keyring, folder):  # noqa: F811
    url = pg_url
    name = url.rsplit("/", 1)[1]
    dialog = PreferencesDialog(None, database=DatabaseSettings(folder, Vault()))
    qtbot.addWidget(dialog)
    dialog.show()
    page = dialog.database_page
    assert page is not None
    dialog.pages.setCurrentWidget(page)
    assert page.in_use_label.text() == f"In use: the local file {DB.obj.database}"
    assert page.local_radio.isChecked() and not page.server_form.isEnabled()

    qtbot.mouseClick(page.server_radio, Qt.MouseButton.LeftButton)
    assert page.server_form.isEnabled() and page.test_button.isEnabled()
    _type(qtbot, page.host_edit, "127.0.0.1")
    _set_port(qtbot, page.port_spin, pg_server.port)
    _type(qtbot, page.name_edit, name)
    _type(qtbot, page.user_edit, "postgres")
    _type(qtbot, page.password_edit, PASSWORD)

    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: page.result_label.text().startswith("Connected"), timeout=15)
    assert "PostgreSQL" in page.result_label.text() and page.test_button.isEnabled()

    closed = _closed_port()
    _set_port(qtbot, page.port_spin, closed)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: page.result_label.text().startswith("No database"), timeout=15)
    assert page.result_label.text().startswith(
        f"No database server answered at 127.0.0.1:{closed}: check the host")
    with translated("fr"):
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: page.result_label.text().startswith("Aucun"), timeout=15)
        assert f"127.0.0.1:{closed}" in page.result_label.text()
        assert "pare-feu" in page.result_label.text()
    assert PASSWORD not in page.result_label.text()

    _set_port(qtbot, page.port_spin, pg_server.port)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    await wait_until(lambda: dialog.save_task is not None and dialog.save_task.done())
    assert dialog.result() == QDialog.DialogCode.Accepted
    box = dialog.restart_box
    assert box is not None and "opens the chosen database" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)

    # The data folder keeps the address, never the password; the keyring keeps the password.
    kept = (folder / "database.json").read_text(encoding="utf-8")
    assert json.loads(kept) == {"url": url}
    assert PASSWORD not in kept and "s3cret" not in kept
    assert not any(PASSWORD in p.read_text(errors="replace")
                   for p in folder.rglob("*") if p.is_file())
    key = f"postgres@127.0.0.1:{pg_server.port}/{name}"
    assert memory_keyring.store == {(DATABASE_SERVICE, key): PASSWORD}

    # A restart: the same composition as the window's and the command line's.
    close_database()
    services = app.build_services(folder, vault=Vault())
    try:
        opened = DB.obj
        assert isinstance(opened, engines.PostgresDatabase) and opened.url == url
        assert opened.connect_params["password"] == PASSWORD  # handed to the driver
        assert PASSWORD not in repr(opened)
        DB.execute_sql("SELECT 1")
        again = PreferencesDialog(None, database=DatabaseSettings(folder, Vault()))
        qtbot.addWidget(again)
        page = again.database_page
        assert page.in_use_label.text() == f"In use: the database server {key}"
        assert page.server_radio.isChecked() and page.name_edit.text() == name
        assert page.password_edit.text() == ""  # never shown back
    finally:
        await services.aclose()


async def test_back_to_the_local_file_and_missing_fields(qtbot, db, memory_keyring, folder):
    database_choice.save_url(folder, "postgresql://anna@db.shop.lan:5433/shopsync")
    dialog = PreferencesDialog(None, database=DatabaseSettings(folder, Vault()))
    qtbot.addWidget(dialog)
    dialog.show()
    page = dialog.database_page
    assert page.server_radio.isChecked() and page.host_edit.text() == "db.shop.lan"
    assert page.port_spin.value() == 5433 and page.user_edit.text() == "anna"

    page.host_edit.clear()
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.save_task is None
    assert page.result_label.text() == "Enter the server's host name or address."

    qtbot.mouseClick(page.local_radio, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    await wait_until(lambda: dialog.save_task is not None and dialog.save_task.done())
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert database_choice.saved_url(folder) is None
    assert dialog.restart_box is not None
    dialog.restart_box.done(QMessageBox.StandardButton.No)
    assert memory_keyring.store == {}


def test_the_option_and_the_environment_still_win_over_the_saved_choice(
        folder, memory_keyring, monkeypatch):
    from desktop_app.sync.database_settings import resolve

    saved = "postgresql://anna@db.shop.lan:5433/shopsync"
    database_choice.save_url(folder, saved)
    vault = Vault()
    vault.set_database_password("anna@db.shop.lan:5433/shopsync", PASSWORD)
    assert resolve(None, folder, vault) == (saved, PASSWORD)
    monkeypatch.setenv(engines.DATABASE_ENV, "postgresql://bob@other:5432/x")
    assert resolve(None, folder, vault) == ("postgresql://bob@other:5432/x", None)
    assert resolve("postgresql://c:pw@h/y", folder, vault) == ("postgresql://c:pw@h/y", None)
    with pytest.raises(database_choice.DatabaseChoiceError):
        database_choice.save_url(folder, "postgresql://anna:pw@db.shop.lan/shopsync")
    assert database_choice.saved_url(folder) == saved


async def test_the_window_s_preferences_have_the_database_page(window, qtbot, monkeypatch):
    monkeypatch.delenv(engines.DATABASE_ENV, raising=False)
    window.preferences_action.trigger()
    dialog = window.findChild(PreferencesDialog)
    assert dialog is not None and dialog.isVisible()
    titles = [dialog.pages.tabText(i) for i in range(dialog.pages.count())]
    assert titles == ["General", "Database"]
    assert dialog.database_page.settings.folder == window._context.data_dir
    assert dialog.database_page.local_radio.isChecked()
    assert dialog.database_page.in_use_label.text().startswith("In use: the local file ")
    dialog.reject()


async def test_without_a_keyring_the_restart_question_says_the_password_is_not_kept(
        qtbot, db, folder):
    import keyring
    import keyring.backends.fail

    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        dialog = PreferencesDialog(None, database=DatabaseSettings(folder, Vault()))
        qtbot.addWidget(dialog)
        dialog.show()
        page = dialog.database_page
        qtbot.mouseClick(page.server_radio, Qt.MouseButton.LeftButton)
        for edit, text in ((page.host_edit, "db.shop.lan"), (page.name_edit, "shopsync"),
                           (page.user_edit, "anna"), (page.password_edit, PASSWORD)):
            _type(qtbot, edit, text)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        await wait_until(lambda: dialog.save_task is not None and dialog.save_task.done())
        box = dialog.restart_box
        assert box is not None and "no keyring" in box.informativeText()
        assert ".pgpass" in box.informativeText()
        box.done(QMessageBox.StandardButton.No)
        assert PASSWORD not in (folder / "database.json").read_text(encoding="utf-8")
    finally:
        keyring.set_keyring(previous)
