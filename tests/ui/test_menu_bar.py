"""The menu bar (issue 18): File, Sync, View, Help in English and French, their shortcuts,
Sync all through the engine (the sequence of `shop-sync sync all`), About, and the offer to
restart after a language change. Driven by real key and mouse events."""

from __future__ import annotations

import asyncio
import sys

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from ui_helpers import SlowJob, wait_until

from desktop_app import __version__, i18n
from desktop_app.sync.results import Resource
from desktop_app.sync.sync_all import SYNC_ORDER, sync_all_resources
from desktop_app.ui.dialogs import preferences_dialog
from desktop_app.ui.dialogs.about_dialog import AboutDialog
from desktop_app.ui.dialogs.new_shop_dialog import NewShopDialog
from desktop_app.ui.dialogs.preferences_dialog import PreferencesDialog
from desktop_app.ui.main_window import MainWindow


def menu_texts(window) -> dict[str, list[str]]:
    bar = window.menuBar()
    return {action.text(): [a.text() for a in action.menu().actions() if not a.isSeparator()]
            for action in bar.actions()}


async def open_menu(window, menu: QMenu) -> None:
    """Click the menu's title in the menu bar, as a merchant would."""
    bar = window.menuBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     bar.actionGeometry(menu.menuAction()).center())
    await wait_until(menu.isVisible)


async def key(window, sequence: str) -> None:
    window.activateWindow()
    await wait_until(lambda: QApplication.activeWindow() is window)
    from PySide6.QtGui import QKeySequence

    combo = QKeySequence(sequence)[0]
    QTest.keyClick(window, combo.key(), combo.keyboardModifiers())


def summaries(window) -> list[str]:
    model = window.log_panel.model
    return [model.entry(row).message for row in range(model.rowCount())
            if model.entry(row).message.startswith("Sync all")]


async def test_menus_hold_every_action_in_english(window):
    texts = menu_texts(window)
    assert list(texts) == ["&File", "S&ync", "&View", "&Help"]
    assert texts["&File"] == ["New shop card…", "Items…", "New sales invoice…", "Setup…",
                              "Preferences…", "Quit"]
    assert texts["S&ync"] == [
        "Sync all", "Sync this tab", "Sync customers", "Sync companies", "Sync orders",
        "Sync shipments", "Sync invoices", "Sync gift cards", "Schedules", "Sync history"]
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert texts["&View"] == [f"Show {t}" for t in tabs] + ["Sync log"]
    assert texts["&Help"] == ["About Shop Sync", "Open log folder"]
    # Every menu action has a shortcut, and no two actions of the window share one.
    shortcuts = [a.shortcut().toString() for m in window.menuBar().actions()
                 for a in m.menu().actions() if not a.isSeparator()]
    assert all(shortcuts), shortcuts
    every = [a.shortcut().toString() for a in window.actions() if not a.shortcut().isEmpty()]
    assert len(every) == len(set(every)), sorted(every)


async def test_menus_are_in_french(qtbot, context):
    app = QApplication.instance()
    assert i18n.install_translators(app, "fr") == "fr"
    try:
        window = MainWindow(context)
        qtbot.addWidget(window)
        texts = menu_texts(window)
        assert list(texts) == ["&Fichier", "S&ynchronisation", "&Affichage", "Aid&e"]
        assert texts["&Fichier"][0] == "Nouvelle fiche magasin…"
        assert texts["&Fichier"][1] == "Articles…"
        assert texts["S&ynchronisation"][0] == "Tout synchroniser"
        assert "Synchroniser les clients" in texts["S&ynchronisation"]
        assert texts["Aid&e"] == ["À propos de Shop Sync", "Ouvrir le dossier des journaux"]
    finally:
        i18n.install_translators(app, "en")


# A popup menu asks the offscreen platform for what it does not have.
@pytest.mark.qt_log_ignore(
    r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints)")
async def test_a_menu_opens_with_the_mouse_and_its_action_runs(window):
    await open_menu(window, window.menus.help_menu)
    menu = window.menus.help_menu
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     menu.actionGeometry(window.menus.about_action).center())
    await wait_until(lambda: window.findChild(AboutDialog) is not None)
    about = window.findChild(AboutDialog)
    await wait_until(about.isVisible)
    assert about.version_label.text() == __version__


async def test_shortcuts_trigger_about_new_shop_card_and_view(window):
    await key(window, "F1")
    await wait_until(lambda: window.findChild(AboutDialog) is not None)
    about = window.findChild(AboutDialog)
    assert about.version_label.text() == __version__
    assert about.data_label.text() == str(window._context.data_dir)
    assert about.log_label.text() == str(window._context.data_dir / "logs")
    assert "Python " + sys.version.split()[0] in about.runtime_label.text()
    about.close()
    await wait_until(lambda: QApplication.activeModalWidget() is None)

    await key(window, "Ctrl+N")
    await wait_until(lambda: window.findChild(NewShopDialog) is not None)
    assert window.tabs.currentWidget() is window.shop_card_tab
    window.findChild(NewShopDialog).reject()
    await wait_until(lambda: QApplication.activeModalWidget() is None)

    await key(window, "Ctrl+3")
    assert window.tabs.currentIndex() == 2


@pytest.fixture
async def first_start_window(qtbot, context):
    """The window of a first start: the demo card, template and samples of `ensure_first_start`."""
    from desktop_app import app
    from desktop_app.store.shop_removal import delete_shop

    delete_shop("DEMO")
    assert app.ensure_first_start(context.services) == "DEMO"
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    await wait_until(window.isVisible)
    return window


async def test_sync_all_runs_every_resource_once_in_order_with_one_summary(first_start_window,
                                                                         context):
    window = first_start_window
    started: list[str] = []
    context.engine.started.connect(lambda _shop, resource: started.append(resource))
    assert window.current_shop() == "DEMO"
    await key(window, "Ctrl+Shift+A")
    await wait_until(lambda: summaries(window), timeout=120)
    expected = [r.value for r in sync_all_resources(context.engine.service)]
    assert expected == list(SYNC_ORDER)  # this build syncs every resource
    assert started == expected
    [summary] = summaries(window)
    assert summary.startswith("Sync all finished (6 of 6 resources):"), summary
    # Which way records went, added up (issue 18); nothing failed, so no "failed".
    assert "Local: " in summary and "failed" not in summary, summary
    assert window.menus.sync_all_action.isEnabled()


@pytest.mark.parametrize("slow", [Resource.COMPANIES])
async def test_cancel_during_sync_all_stops_the_rest(window, context, jobs, slow):
    from desktop_app.store import shops

    # the run itself, not its question's preview (test_sync_all_confirmation.py)
    shops.update_shop_settings("DEMO", {"confirm_shopify_writes": 0})
    job = SlowJob(pages=2000, delay=0.01)
    jobs[slow] = job
    started: list[str] = []
    context.engine.started.connect(lambda _shop, resource: started.append(resource))
    await key(window, "Ctrl+Shift+A")
    await wait_until(job.started.is_set, timeout=60)
    assert not window.menus.sync_all_action.isEnabled()  # busy: not started twice
    await wait_until(window.cancel_button.isVisible)
    QTest.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: summaries(window), timeout=60)
    assert job.cancelled
    assert started == ["customers", "companies"]
    [summary] = summaries(window)
    assert summary.startswith("Sync all cancelled after 1 of 6 resources:"), summary
    assert window.menus.sync_all_action.isEnabled()


async def test_a_resource_of_the_sync_menu_syncs_it(window, context):
    started: list[str] = []
    context.engine.started.connect(lambda _shop, resource: started.append(resource))
    await key(window, "Ctrl+Shift+G")
    await wait_until(lambda: not context.engine.is_busy() and started)
    assert started == ["gift-cards"]


def test_cli_sync_all_takes_its_resources_from_the_same_list():
    from desktop_app.cli.parser import SYNC_RESOURCES

    assert SYNC_RESOURCES is SYNC_ORDER


# --- the offer to restart after a language change ------------------------------------------

async def choose_language(window, code: str) -> PreferencesDialog:
    await key(window, "Ctrl+,")
    await wait_until(lambda: window.findChild(PreferencesDialog) is not None)
    dialog = window.findChild(PreferencesDialog)
    combo = dialog.language_combo
    combo.setFocus()
    while combo.currentData() != code:
        QTest.keyClick(combo, Qt.Key.Key_Down)
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    return dialog


async def restart_box(window) -> QMessageBox:
    await wait_until(lambda: window.findChild(QMessageBox, "restart_box") is not None)
    box = window.findChild(QMessageBox, "restart_box")
    await wait_until(box.isVisible)
    return box


@pytest.mark.parametrize("answer", ["No", "Yes"])
async def test_a_language_change_offers_to_restart(window, monkeypatch, answer):
    restarts: list[bool] = []
    monkeypatch.setattr(preferences_dialog, "restart_app", lambda: restarts.append(True) or True)
    await choose_language(window, "fr")
    assert i18n.saved_language() == "fr"
    box = await restart_box(window)
    assert box.text() == ("Shop Sync shows the new language the next time it starts. "
                          "Restart it now?")
    button = box.button(getattr(QMessageBox.StandardButton, answer))
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: not box.isVisible())
    assert restarts == ([True] if answer == "Yes" else [])
    assert window.isVisible()  # declining keeps the window (Yes: the fake restart kept it)


async def test_no_restart_is_offered_when_the_language_stays(window):
    await choose_language(window, "en")
    await wait_until(lambda: window.findChild(PreferencesDialog) is None
                     or not window.findChild(PreferencesDialog).isVisible())
    await asyncio.sleep(0.05)  # not QTest.qWait: a nested Qt loop loses other tasks' steps
    assert window.findChild(QMessageBox, "restart_box") is None


def test_restart_command_is_this_process_again(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "executable", "/opt/python/bin/python3")
    monkeypatch.setattr(sys, "orig_argv", ["python3", "-X", "utf8", "-m", "desktop_app", "gui",
                                           "--data-dir", "/srv/shop data"])
    monkeypatch.chdir(tmp_path)
    assert preferences_dialog.restart_command() == (
        "/opt/python/bin/python3", ["-X", "utf8", "-m", "desktop_app", "gui",
                                    "--data-dir", "/srv/shop data"], str(tmp_path))


def test_restart_starts_the_same_command_then_quits_and_a_failed_start_quits_nothing(
        qapp, monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(QApplication, "closeAllWindows", lambda: calls.append("close"))
    monkeypatch.setattr(QApplication, "quit", lambda: calls.append("quit"))
    started: list[tuple] = []
    assert not preferences_dialog.restart_app(lambda *a: started.append(a) or False)
    assert calls == []
    assert preferences_dialog.restart_app(lambda *a: started.append(a) or True)
    assert calls == ["close", "quit"]
    assert started == [preferences_dialog.restart_command()] * 2




# --- screenshots: the Sync menu open, in English and French -----------------------------------

def menu_screenshot(window, menu: QMenu):
    """The window with its open popup menu painted where it shows (a popup is its own window,
    which `window.grab()` leaves out)."""
    from PySide6.QtGui import QPainter

    picture = window.grab()
    painter = QPainter(picture)
    painter.drawPixmap(window.mapFromGlobal(menu.mapToGlobal(menu.rect().topLeft())), menu.grab())
    painter.end()
    return picture.toImage()


@pytest.mark.qt_log_ignore(
    r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints)")
@pytest.mark.parametrize("code", ["en", "fr"])
async def test_screenshot_of_the_open_sync_menu(qtbot, context, code):
    from ui_helpers import SCREENSHOTS

    app = QApplication.instance()
    i18n.install_translators(app, code)
    try:
        window = MainWindow(context)
        qtbot.addWidget(window)
        window.resize(1000, 600)
        window.show()
        await wait_until(window.isVisible)
        menu = window.menus.sync_menu
        await open_menu(window, menu)
        image = menu_screenshot(window, menu)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"menu_sync_{code}.png"
        assert image.save(str(path)), path
        assert menu.geometry().height() > 200  # every action listed, not an empty popup
        menu.close()
    finally:
        i18n.install_translators(app, "en")


async def test_about_and_the_restart_question_are_in_french(qtbot, context, monkeypatch):
    from test_i18n import english_leftovers, visible_texts

    app = QApplication.instance()
    i18n.install_translators(app, "fr")
    try:
        window = MainWindow(context)
        qtbot.addWidget(window)
        window.show()
        await wait_until(window.isVisible)
        await key(window, "F1")
        await wait_until(lambda: window.findChild(AboutDialog) is not None)
        about = window.findChild(AboutDialog)
        await wait_until(about.isVisible)
        assert about.windowTitle() == "À propos de Shop Sync"
        assert english_leftovers(visible_texts(about)) == []
        about.close()
        box = preferences_dialog.offer_restart(window, restart=lambda: True)
        await wait_until(box.isVisible)
        assert box.windowTitle() == "Redémarrer Shop Sync\u00a0?"
        assert english_leftovers(visible_texts(box)) == []
        box.reject()
    finally:
        i18n.install_translators(app, "en")


def test_restart_really_starts_a_detached_process(qapp, monkeypatch, tmp_path):
    """The default start (QProcess.startDetached), with a harmless program in place of this
    interpreter: started → the windows close and the app quits; not found → nothing closes."""
    calls: list[str] = []
    monkeypatch.setattr(QApplication, "closeAllWindows", lambda: calls.append("close"))
    monkeypatch.setattr(QApplication, "quit", lambda: calls.append("quit"))
    monkeypatch.setattr(sys, "orig_argv", ["python3", "-c", "pass"])
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-such-program"))
    assert not preferences_dialog.restart_app()
    assert calls == []
    monkeypatch.setattr(sys, "executable", "/bin/true")
    assert preferences_dialog.restart_app()
    assert calls == ["close", "quit"]


async def test_a_failed_restart_says_so_without_blocking_the_window(qtbot, context):
    """Yes, but the new process could not start: a window-modal message, the event loop
    still running under it (a static QMessageBox.warning ran a nested exec() here, which
    never returns in a test and froze the loop in the app)."""
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    await wait_until(window.isVisible)
    box = preferences_dialog.offer_restart(window, restart=lambda: False)
    await wait_until(box.isVisible)
    ticks: list[int] = []
    QTimer.singleShot(0, lambda: ticks.append(1))  # runs only if the loop keeps turning
    box.button(QMessageBox.StandardButton.Yes).click()
    await wait_until(lambda: window.findChild(QMessageBox, "restart_failed_box") is not None)
    failed = window.findChild(QMessageBox, "restart_failed_box")
    await wait_until(failed.isVisible)
    await wait_until(lambda: ticks == [1])
    assert "could not start again" in failed.text()
    failed.accept()
