"""Issue 18: File > Items… (ui/dialogs/items_dialog.py), the merchant's local items and their
Import CSV…, through the real window (real keys and clicks, a real SQLite file): the engine of
`shop-sync items import FILE` (a recorded run of the history), its counts and refused rows
(line, field), the list read again; Esc closes; English and French."""

from __future__ import annotations

import decimal

import file_dialog_helpers
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from ui_helpers import SignalWaiter, wait_until

from desktop_app import i18n
from desktop_app.store.items import list_items, upsert_items
from desktop_app.store.runs import RunFilter, find_runs
from desktop_app.ui.dialogs.items_dialog import ItemsDialog

OFFSCREEN = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)")

GOOD_AND_BAD = ("no,description,sku,unit_price\n"
                "I-1,Blue mug,MUG-B,7.50\n"
                "I-2,Red mug,MUG-R,seven\n"
                "I-3,Teapot,POT-1,24\n")


@pytest.fixture(autouse=True)
def qt_file_dialogs():
    """Qt's own file dialog (a native one cannot be typed into by a test)."""
    with file_dialog_helpers.qt_file_dialogs():
        yield


async def _open_with_shortcut(window) -> ItemsDialog:
    window.activateWindow()
    await wait_until(lambda: QApplication.activeWindow() is window)
    QTest.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    await wait_until(lambda: window.menus.items_dialog is not None
                     and window.menus.items_dialog.isVisible())
    return window.menus.items_dialog


async def _import_by_hand(dialog: ItemsDialog, path) -> object:
    """Click Import CSV…, type the file's name in the file dialog and press Enter."""
    done = SignalWaiter(dialog.import_finished)
    QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    await file_dialog_helpers.type_file_name(dialog, path)
    (report,) = await done.wait(timeout=30)
    return report


@OFFSCREEN
async def test_import_good_and_bad_rows_lists_the_items_and_records_a_run(window, tmp_path):
    upsert_items([{"no": "A-0", "description": "Old kettle", "sku": "KET-0",
                   "unit_price": "12"}])
    runs_before = len(find_runs(RunFilter(without_shop=True)))
    dialog = await _open_with_shortcut(window)
    assert dialog.item_nos() == ["A-0"]
    assert [dialog.table.item(0, c).text() for c in range(4)] == [
        "A-0", "Old kettle", "KET-0", "12.0000"]
    assert dialog.count_label.text() == "Items: 1"

    path = tmp_path / "items.csv"
    path.write_text(GOOD_AND_BAD, encoding="utf-8")
    report = await _import_by_hand(dialog, path)
    assert (report.created, report.updated, report.unchanged, report.failed_lines) == (
        2, 0, 0, [3])
    (error,) = report.errors
    assert (error.line, error.no, error.field) == (3, "I-2", "unit_price")
    assert dialog.result_label.text() == (
        "Import of items.csv: 2 created, 0 updated, 0 unchanged, 1 refused.")
    details = dialog.details.toPlainText()
    assert dialog.details.isVisible()
    assert details.startswith("The other rows were saved. Refused rows:\nLine 3 (I-2), "
                              "unit_price: "), details
    # The list is read again: the good rows are there, the refused one is not.
    assert dialog.item_nos() == ["A-0", "I-1", "I-3"]
    assert dialog.count_label.text() == "Items: 3"
    assert {i.no: i.unit_price for i in list_items()} == {
        "A-0": decimal.Decimal(12), "I-1": decimal.Decimal("7.5"),
        "I-3": decimal.Decimal(24)}

    # A recorded run of no shop, as `shop-sync items import items.csv`.
    runs = find_runs(RunFilter(without_shop=True))
    assert len(runs) == runs_before + 1
    assert runs[0].message.startswith("items import items.csv"), runs[0].message

    # Importing the same file again changes nothing and says so.
    report = await _import_by_hand(dialog, path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert dialog.result_label.text() == (
        "Import of items.csv: 0 created, 0 updated, 2 unchanged, 1 refused.")

    QTest.keyClick(dialog.table, Qt.Key.Key_Escape)
    await wait_until(lambda: window.menus.items_dialog is None)


@OFFSCREEN
async def test_a_refused_file_saves_nothing_and_says_why(window, tmp_path):
    dialog = await _open_with_shortcut(window)
    assert dialog.item_nos() == []
    assert dialog.count_label.text() == (
        "There are no local items yet: import them from a CSV file.")
    path = tmp_path / "no_header.csv"
    path.write_text("description,sku\nMug,MUG-1\n", encoding="utf-8")
    assert await _import_by_hand(dialog, path) is None
    assert dialog.result_label.text().startswith(
        "no_header.csv was not imported; nothing was saved: ")
    assert dialog.item_nos() == [] and list_items() == []
    assert dialog.import_button.isEnabled()


@OFFSCREEN
async def test_the_items_dialog_in_french(qtbot, window, tmp_path):
    app = QApplication.instance()
    assert i18n.install_translators(app, "fr") == "fr"
    try:
        dialog = ItemsDialog(window)
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "Articles"
        assert dialog.import_button.text() == "Importer un CSV…"
        headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(4)]
        assert headers == ["N°", "Désignation", "SKU", "Prix unitaire"]
        path = tmp_path / "articles.csv"
        path.write_text(GOOD_AND_BAD, encoding="utf-8")
        dialog.show()
        await dialog.import_file(path)
        assert dialog.result_label.text() == (
            "Import de articles.csv : 2 créés, 0 mis à jour, 0 inchangés, 1 refusés.")
        assert dialog.details.toPlainText().startswith(
            "Les autres lignes ont été enregistrées. Lignes refusées :")
        assert dialog.count_label.text() == "Articles : 2"
    finally:
        i18n.install_translators(app, "en")
