"""Issue 17: the window shows a sync error or warning translated by its stable code (the
English message, with the details, after it); English shows the message as it is.

Control: before issue 17 the log showed the English message whatever the language, and a
`RecordIssue` had no code."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QObject, Signal
from PySide6.QtWidgets import QApplication

from desktop_app import i18n
from desktop_app.sync.issue_codes import NO_ADDRESS
from desktop_app.sync.results import RecordIssue, SyncResult
from desktop_app.ui.issue_texts import issue_text, known_codes
from desktop_app.ui.widgets.sync_log_panel import SyncLogPanel

MESSAGE = ("customer Nina has no address in Shopify: local customer C00012 was created from "
           "the template WEB of FR without one; add the address in Shopify or here")


class _Engine(QObject):
    started = Signal(str, str)
    issue = Signal(str, str, object)
    finished = Signal(str, str, object)
    failed = Signal(str, str, object)


def _messages(panel: SyncLogPanel) -> list[str]:
    return [panel.model.entry(row).message for row in range(panel.model.rowCount())]


def test_the_log_shows_a_warning_and_an_error_in_french_by_their_code(qtbot):
    engine = _Engine()
    panel = SyncLogPanel(engine)  # type: ignore[arg-type]
    qtbot.addWidget(panel)
    result = SyncResult("customers")
    result.warn("gid://shopify/Customer/7", "address", NO_ADDRESS, MESSAGE)
    engine.finished.emit("S1", "customers", result)
    assert _messages(panel)[-1] == f"Warning: {MESSAGE}"  # English: as it is

    app = QApplication.instance()
    previous = QLocale()
    i18n.install_translators(app, "fr")
    try:
        engine.finished.emit("S1", "customers", result)
        engine.issue.emit("S1", "customers", RecordIssue(
            "gid://shopify/Customer/8", "name", "cannot create: no name, e-mail nor phone",
            code="no_identity"))
        *_, warning, error = _messages(panel)
        # Issue 18: a message worded from one of the engine's sentences is all French,
        # its details put in (it was the code's title, the English message after it).
        assert warning.endswith(
            "le client Nina n’a pas d’adresse dans Shopify\u00a0: le client local C00012 a été "
            "créé sans adresse à partir du modèle WEB de FR\u00a0; ajoutez l’adresse dans "
            "Shopify ou ici")
        assert error.startswith("Le client n'a ni nom, ni e-mail, ni téléphone (cannot create")
        # A code without a text, or none (an older history row): the message alone.
        assert issue_text("", "as stored") == issue_text("made_up", "as stored") == "as stored"
    finally:
        i18n.install_translators(app, "en")
        QLocale.setDefault(previous)


def test_every_code_of_the_sync_has_a_window_text():
    from desktop_app.sync import issue_codes

    codes = {v for k, v in vars(issue_codes).items() if k.isupper() and isinstance(v, str)}
    assert codes - known_codes() == set()
