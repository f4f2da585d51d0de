"""The window's CSV import lists its warnings (the history and the CLI have them too).

Seven imported rows look like existing customers (the same e-mail, typed in other case): the
import's message says so with their count, lists the first five (customer and what to look
at, in the window's language) and sends the merchant to the history for the other two. Before,
the message gave the counts alone and said nothing of the warnings.
"""

from __future__ import annotations

import pytest
from file_dialog_helpers import qt_file_dialogs, type_file_name
from languages import translated
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from ui_helpers import SignalWaiter, wait_until

from desktop_app.store.customers import upsert_customers
from desktop_app.store.runs import RunFilter, find_runs

OFFSCREEN = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)")

WORDS = {
    "en": {"head": "Local customers: 7 created, 0 updated, 0 unchanged, 0 refused.",
           "count": "Imported with a warning (7):", "first": "Customer N1: looks like E1 Ann 1",
           "more": "…and 2 more: see the history."},
    "fr": {"head": "Clients locaux : créés 7, mis à jour 0, inchangés 0, refusés 0.",
           "count": "Importés avec un avertissement (7) :",
           "first": "Client N1 : Ressemble à un client existant : voir Clients, Doublons "
                    "(looks like E1 Ann 1",
           "more": "…et 2 de plus : voir l’historique."},
}


@OFFSCREEN
@pytest.mark.parametrize("language", ["en", "fr"])
async def test_the_import_message_lists_its_warnings_and_sends_to_the_history(
        window, tmp_path, language):
    with translated(language):
        await _import_look_alikes(window, tmp_path, WORDS[language])


async def _import_look_alikes(window, tmp_path, words: dict[str, str]) -> None:
    """Import seven rows that look like existing customers by hand and check the message."""
    upsert_customers([{"no": f"E{i}", "name": f"Ann {i}", "email": f"ann{i}@example.com"}
                      for i in range(1, 8)])
    source = tmp_path / "look-alikes.csv"
    source.write_text("no,name,email\n" + "".join(
        f"N{i},Anne {i},ANN{i}@Example.com\n" for i in range(1, 8)), "utf-8")
    window.resize(1280, 800)
    window.tabs.setCurrentWidget(window.customers_tab)
    tab = window.customers_tab
    await wait_until(tab.isVisible)

    finished = SignalWaiter(tab.csv.finished)
    with qt_file_dialogs():
        QTest.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
        await type_file_name(tab.csv, source)
        assert (await finished.wait()) == ("import",)

    box: QMessageBox = tab.csv.result_box
    assert box is not None and box.isVisible()
    assert box.text() == words["head"]
    assert box.icon() == QMessageBox.Icon.Warning
    lines = box.informativeText().split("\n")
    assert lines[0] == words["count"]
    assert lines[1].startswith(words["first"])
    assert [line.split()[1].rstrip(":") for line in lines[1:6]] == [
        "N1", "N2", "N3", "N4", "N5"]
    assert lines[6:] == [words["more"]]
    # All seven are in the history's run, as the command line prints them.
    run = find_runs(RunFilter(without_shop=True), with_errors=True)[0]
    assert sorted(w.record for w in run.warnings) == [f"N{i}" for i in range(1, 8)]
    QTest.keyClick(box, Qt.Key.Key_Return)
    await wait_until(lambda: tab.csv.result_box is None)
