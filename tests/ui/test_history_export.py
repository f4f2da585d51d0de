"""The sync history's Export CSV…: a non-blocking file dialog, driven as a merchant would.

Before, the button asked with a static `QFileDialog.getSaveFileName` (a nested event loop in a
plain slot that no test could reach); now it opens a window-modal dialog and exports once a
file is chosen.
"""

from __future__ import annotations

import csv

import pytest
from file_dialog_helpers import qt_file_dialogs, type_file_name
from languages import translated
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from ui_helpers import wait_until

from desktop_app.store.models import SyncRun
from desktop_app.store.runs import CSV_COLUMNS, finish_run, resolve_errors, start_run
from desktop_app.sync.results import SyncResult

OFFSCREEN = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)")

SUMMARY = {"en": "Exported to {path} (rows: 3)", "fr": "Exporté dans {path} (lignes\u00a0: 3)"}
TITLE = {"en": "Export sync history", "fr": "Exporter l’historique des synchronisations"}


def _seed_run(status: str, failed: int = 0, errors: tuple[tuple[str, str, str], ...] = ()):
    run = start_run("DEMO", "customers")
    result = SyncResult("customers", created=2, updated=1, failed=failed, api_cost=10.0,
                        requests=3)
    for record, field, text in errors:
        result.fail(record, field, text)
    result.failed = failed
    finish_run(run, status, result)
    return run


@pytest.fixture(params=["en", "fr"])
def language(request):
    with translated(request.param):
        yield request.param


@OFFSCREEN
async def test_export_button_asks_for_the_file_and_writes_the_runs_shown(
        window, tmp_path, language):
    _seed_run("ok")
    _seed_run("partial", failed=2,
              errors=(("C00042", "phone", "Phone has already been taken"),
                      ("C00043", "email", "=HYPERLINK(\"http://x\")")))
    resolve_errors("DEMO", "customers", ["C00042"])
    assert SyncRun.select().count() == 2
    dialog = window.show_history()
    await wait_until(lambda: dialog.isVisible() and dialog.export_button.isEnabled())
    target = tmp_path / "history"  # typed without ".csv": the dialog adds it

    with qt_file_dialogs():
        QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        files = await type_file_name(dialog, target)
        assert files.windowTitle() == TITLE[language]
        assert files.isModal()  # window-modal, opened with open(): no nested event loop
        await wait_until(lambda: dialog.summary_label.text().startswith(SUMMARY[language][:8]))

    written = target.with_suffix(".csv")
    assert dialog.summary_label.text() == SUMMARY[language].format(path=written)
    with written.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(CSV_COLUMNS)  # the file's columns are not translated
    assert len(rows) == 3  # two error rows for the partial run, one row for the clean run
    errors = [r for r in rows if r["error_record"]]
    assert {(r["status"], r["error_record"], r["error_field"], r["error_resolved"])
            for r in errors} == {("partial", "C00042", "phone", "yes"),
                                 ("partial", "C00043", "email", "no")}
    assert {r["error_message"] for r in errors} == {
        "Phone has already been taken", "'=HYPERLINK(\"http://x\")"}  # no formula
    clean = next(r for r in rows if not r["error_record"])
    assert (clean["status"], clean["created"], clean["requests"]) == ("ok", "2", "3")
    await wait_until(lambda: dialog.file_dialog is None)  # closed and forgotten


@OFFSCREEN
async def test_cancelling_the_export_dialog_writes_nothing(window, tmp_path):
    _seed_run("ok")
    dialog = window.show_history()
    await wait_until(lambda: dialog.isVisible() and dialog.export_button.isEnabled())
    summary = dialog.summary_label.text()
    folder = tmp_path / "exports"
    folder.mkdir()
    with qt_file_dialogs():
        QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: dialog.file_dialog is not None and dialog.file_dialog.isVisible())
        dialog.file_dialog.setDirectory(str(folder))
        QTest.keyClick(dialog.file_dialog, Qt.Key.Key_Escape)
        await wait_until(lambda: dialog.file_dialog is None)
    assert list(folder.iterdir()) == [] and dialog.summary_label.text() == summary
    # The filters still apply to the export (the engine of the button).
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findText("Done"))
    assert dialog.export_csv(str(folder / "done.csv")) == 1
