"""The main window on the real store, vault, service and demo shop, offscreen."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QLabel, QTabWidget

from desktop_app.store import shops
from desktop_app.ui.main_window import MainWindow
from ui_helpers import wait_until


async def test_tabs_are_the_five_of_the_issues_and_each_can_be_shown(window):
    tabs = window.findChild(QTabWidget, "main_tabs")
    names = [tabs.widget(i).objectName() for i in range(tabs.count())]
    assert names == ["shop_card_tab", "customers_tab", "companies_tab", "orders_tab",
                     "gift_cards_tab"]
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Shop Card", "Customers", "Companies", "Orders", "Gift Cards"]
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        await wait_until(lambda i=index: tabs.currentWidget().isVisible())
        assert tabs.widget(index).isVisible()


async def test_shop_selector_lists_shops_and_switches_every_tab(window):
    shops.create_shop("WEB", name="Web store", domain="web-store.myshopify.com")
    window.reload_shops()
    combo = window.findChild(QComboBox, "shop_selector")
    assert [combo.itemData(i) for i in range(combo.count())] == ["DEMO", "WEB"]
    window.select_shop("WEB")
    assert window.shop_card_tab.shop() == "WEB"
    assert window.customers_tab.shop() == "WEB"
    assert window.orders_tab.shop() == "WEB"
    assert window._context.current_shop() == "WEB"
    assert window.shop_card_tab.address_edit.text() == "web-store.myshopify.com"
    assert "WEB" in window.findChild(QLabel, "shop_status_label").text()


async def test_status_bar_shows_keyring_and_last_sync(window):
    assert window.keyring_status_label.text() == "Keyring: system"
    assert window.last_sync_label.text() == "Last sync: never"
    await window.customers_tab.run_sync()
    await wait_until(lambda: "never" not in window.last_sync_label.text())
    assert "Customers" in window.last_sync_label.text()


async def test_geometry_tab_and_shop_are_remembered(qtbot, context, temp_qsettings):
    shops.create_shop("WEB", domain="web-store.myshopify.com")
    first = MainWindow(context)
    qtbot.addWidget(first)
    first.show()
    # The offscreen screen is 800 x 600 and restoreGeometry() keeps a window on its screen.
    first.resize(760, 560)
    await wait_until(lambda: first.size().width() == 760)
    first.select_shop("WEB")
    first.tabs.setCurrentIndex(2)
    first.close()
    files = list(temp_qsettings.rglob("*.ini"))
    assert files, "the window state was not written to the temp QSettings folder"
    second = MainWindow(context)
    qtbot.addWidget(second)
    assert (second.size().width(), second.size().height()) == (760, 560)
    assert second.tabs.currentIndex() == 2
    assert second.current_shop() == "WEB"
    settings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "ShopSync",
                         "Shop Sync")
    assert settings.value("main_window/tab", type=int) == 2


async def test_main_actions_have_shortcuts_and_controls_have_accessible_names(window):
    shortcuts = {a.objectName(): a.shortcut().toString() for a in window.actions()}
    assert shortcuts["sync_action"] == "F5"
    assert shortcuts["save_action"] == "Ctrl+S"
    # Esc cancels a sync only from the progress area (tests/ui/test_window_safety.py).
    assert window.cancel_action.shortcut().toString() == "Esc"
    assert shortcuts["toggle_log_action"] == "Ctrl+L"
    assert shortcuts["show_tab_2_action"] == "Ctrl+2"
    window.findChild(type(window.tab_actions[0]), "show_tab_5_action").trigger()
    assert window.tabs.currentWidget() is window.gift_cards_tab
    for widget in (window.shop_combo, window.cancel_button, window.progress_bar,
                   window.customers_tab.search_edit, window.customers_tab.table,
                   window.shop_card_tab.token_edit, *window.shop_card_tab.setting_widgets.values()):
        assert widget.accessibleName(), widget.objectName()
