"""PreferencesDialog: the settings of the application itself: its language and (issue 22,
`database_page.DatabasePage`) the database it opens.

The language is saved in QSettings ("ui/language", see `desktop_app.i18n`) and applies the
next time Shop Sync starts: the window and the tabs build their texts once. So, after a change,
a question offers to restart now (`restart_command`: the same program, arguments and folder).
The database choice, too, applies at the next start and gets the same question.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QProcess, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import i18n
from desktop_app.credentials.vault import VaultStatus
from desktop_app.errors import AppError
from desktop_app.sync.database_settings import DatabaseSettings
from desktop_app.ui.dialogs.database_page import DatabasePage
from desktop_app.ui.widgets.window_rules import adopt


def restart_command() -> tuple[str, list[str], str]:
    """How this process was started: (program, arguments, working folder), to start it again.

    `sys.orig_argv` keeps the interpreter's own options (`python -m desktop_app gui`), and a
    packaged build's `sys.executable` is the app itself.
    """
    arguments = list(sys.orig_argv[1:]) if sys.orig_argv else list(sys.argv)
    return sys.executable, arguments, os.getcwd()


def restart_app(start: Callable[[str, list[str], str], object] | None = None) -> bool:
    """Start a new Shop Sync like this one, then close the windows and quit (closing saves
    the window's state and cancels a running sync). False, and nothing closed, when the new
    process could not be started."""
    program, arguments, folder = restart_command()
    if start is None:
        ok = QProcess.startDetached(program, arguments, folder)
        started = bool(ok[0] if isinstance(ok, tuple) else ok)
    else:
        started = bool(start(program, arguments, folder))
    if not started:
        return False
    QApplication.closeAllWindows()
    QApplication.quit()
    return True


class PreferencesDialog(QDialog):
    """Asks for the interface language and, given `database`, the database; OK saves them."""

    def __init__(self, parent: QWidget | None = None, *,
                 database: DatabaseSettings | None = None) -> None:
        super().__init__(parent)
        adopt(self)  # the window's rules, opened with or without a parent
        self.setObjectName("preferences_dialog")
        self.setWindowTitle(self.tr("Preferences"))

        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("language_combo")
        system = i18n.NATIVE_NAMES[i18n.system_language()]
        self.language_combo.addItem(self.tr("System language (%1)").replace("%1", system), "")
        for code in i18n.SUPPORTED:
            # Each language under its own name, so a merchant finds theirs in any interface.
            self.language_combo.addItem(i18n.NATIVE_NAMES[code], code)
        self.language_combo.setCurrentIndex(
            max(self.language_combo.findData(i18n.saved_language()), 0))
        self.language_combo.setAccessibleName(self.tr("Interface language"))
        self.language_combo.currentIndexChanged.connect(self._on_language_combo_changed)
        label = QLabel(self.tr("&Language:"), self)
        label.setBuddy(self.language_combo)

        self.note_label = QLabel(self)
        self.note_label.setObjectName("language_note_label")
        self.note_label.setWordWrap(True)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        general = QWidget(self)
        form = QFormLayout()
        form.addRow(label, self.language_combo)
        general_layout = QVBoxLayout(general)
        general_layout.addLayout(form)
        general_layout.addWidget(self.note_label)
        general_layout.addStretch(1)
        self.pages = QTabWidget(self)
        self.pages.setObjectName("preferences_pages")
        self.pages.addTab(general, self.tr("General"))
        self.database_page = DatabasePage(database, self) if database is not None else None
        if self.database_page is not None:
            self.pages.addTab(self.database_page, self.tr("Database"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(buttons)
        self._on_language_combo_changed()

    def language(self) -> str:
        """The chosen override: "en", "fr", or "" for the system's language."""
        return self.language_combo.currentData()

    def _on_language_combo_changed(self, _index: int = 0) -> None:
        wanted = self.language() or i18n.system_language()
        if wanted == i18n.current_language():
            self.note_label.setText(self.tr("Dates, numbers and amounts follow the language."))
        else:
            self.note_label.setText(self.tr("Shop Sync shows the new language the next time it "
                                            "starts."))

    def accept(self) -> None:
        page = self.database_page
        if page is not None and page.changed():
            problem = page.missing()
            if problem:
                self.pages.setCurrentWidget(page)
                page.result_label.setText(problem)
                return
            # The keyring may block: save in a worker thread, then close (`save_task`).
            self.save_task = asyncio.ensure_future(self._save_database_then_close())
            return
        self._close_accepted(database_changed=False)

    async def _save_database_then_close(self) -> None:
        page = self.database_page
        assert page is not None
        try:
            status = await page.save()
        except (AppError, ValueError) as exc:  # nothing kept: say why, the dialog stays
            self.pages.setCurrentWidget(page)
            page.result_label.setText(
                self.tr("The database choice was not saved: %1").replace("%1", str(exc)))
            return
        self._close_accepted(database_changed=True)
        if status is VaultStatus.UNAVAILABLE and self.restart_box is not None:
            # The password would be lost at the restart: say so, and where libpq reads one.
            self.restart_box.setInformativeText(self.tr(
                "This computer has no keyring: the password is kept only until Shop Sync "
                "closes. Put it in the PostgreSQL password file (.pgpass) instead."))

    def _close_accepted(self, *, database_changed: bool) -> None:
        i18n.save_language(self.language())
        changed = (self.language() or i18n.system_language()) != i18n.current_language()
        super().accept()
        if database_changed:
            self.restart_box = offer_restart(self.parentWidget(), reason="database")
        elif changed:
            self.restart_box = offer_restart(self.parentWidget())

    #: The restart question of the last accepted change (None when nothing needs a restart).
    restart_box: QMessageBox | None = None
    #: The saving of a database choice started by OK (None when there was none).
    save_task: asyncio.Future[None] | None = None


def offer_restart(parent: QWidget | None,
                  restart: Callable[[], bool] | None = None, *,
                  reason: str = "language") -> QMessageBox:
    """Ask whether to restart now for the new language (or, `reason="database"`, the new
    database; window-modal, not blocking); Yes calls `restart` (default `restart_app`), No
    keeps the window as it is."""
    question = (QCoreApplication.translate("PreferencesDialog",
                                           "Shop Sync opens the chosen database the next time "
                                           "it starts. Restart it now?")
                if reason == "database" else
                QCoreApplication.translate("PreferencesDialog",
                                           "Shop Sync shows the new language the next time it "
                                           "starts. Restart it now?"))
    box = QMessageBox(QMessageBox.Icon.Question,
                      QCoreApplication.translate("PreferencesDialog", "Restart Shop Sync?"),
                      question,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setObjectName("restart_box")
    adopt(box)
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def on_finished(_result: int) -> None:
        yes = box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
        if yes and not (restart or restart_app)():
            failed = QMessageBox(
                QMessageBox.Icon.Warning,
                QCoreApplication.translate("PreferencesDialog", "Restart Shop Sync?"),
                QCoreApplication.translate("PreferencesDialog",
                                           "Shop Sync could not start again: close it and "
                                           "start it yourself to see the new language."),
                QMessageBox.StandardButton.Ok, parent)
            failed.setObjectName("restart_failed_box")
            adopt(failed)
            failed.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            failed.open()  # window-modal, not a nested exec() that would block the loop

    box.finished.connect(on_finished)
    box.open()
    return box
