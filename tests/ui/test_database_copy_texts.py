"""The window's words for a `database copy` run (issue 22): its resource in the history's
filter and its failures by code, in French.

Control: without the "local-database" label the filter shows the raw value; without the
codes' texts a refused copy shows only the English message.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from desktop_app import i18n
from desktop_app.store.db_copy import CopyMismatchError, TargetNotEmptyError
from desktop_app.sync.results import LOCAL_DATABASE, RECORDED_RESOURCES
from desktop_app.ui.issue_texts import issue_text
from desktop_app.ui.models.sync_log_model import resource_label


def test_a_copy_run_reads_in_french_in_the_history(qtbot):
    assert LOCAL_DATABASE in RECORDED_RESOURCES  # `log --resource` and the history filter
    message = "The target postgresql://h/db already holds data (3 rows in 1 table: shop 3)"
    assert resource_label(LOCAL_DATABASE) == "Database copy"
    assert issue_text(TargetNotEmptyError.code, message) == message
    app = QApplication.instance()
    previous = QLocale()
    i18n.install_translators(app, "fr")
    try:
        assert resource_label(LOCAL_DATABASE) == "Copie de la base de données"
        assert issue_text(TargetNotEmptyError.code, message).startswith(
            "La base de données cible contient déjà des données\u00a0: rien n’a été copié")
        assert issue_text(CopyMismatchError.code, "table item: ...").startswith(
            "La copie diffère de cette base de données")
    finally:
        i18n.install_translators(app, "en")
        QLocale.setDefault(previous)
