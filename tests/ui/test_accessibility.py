"""Accessible names and keyboard access (issue 18), in the real window on the demo shop,
in English and in French.

Every tab and view is visited and every dialog the menus open (and the Customer, Link, Order
detail, Cancel order, Post shipment and Connect your store dialogs) is opened: each visible
control must have a name Qt's accessibility exposes
(`QAccessible.queryAccessibleInterface(w).text(QAccessible.Name)`: its accessible name, its
text, or its buddy label). Every menu action has a shortcut, no two actions of the window
share one, and the menus and tabs have distinct Alt+letters. No two visible buttons, buddied
labels or tabs of a window, dialog or page share an Alt+letter, in either language.

Control: without `widgets.controls.name_views_after_tabs` the Setup dialog's eleven tables and
the order detail's four tables had no name (the first test fails in both languages). Before the
access keys were changed, "&Name:" and "&Next >" shared Alt+N in the Connect your store and New
shop card dialogs, and five French dialogs or pages had a clash (Setup: "&Modifier…" and
"&Modèles clients"; the Shop Card tab: "&Magasin" twice...).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from ui_helpers import SignalWaiter, demo_orders_shop, wait_until, window_in_language

from desktop_app.store import customers
from desktop_app.store.order_models import ShopifyOrder
from desktop_app.ui.dialogs.cancel_order_dialog import CancelOrderDialog
from desktop_app.ui.dialogs.customer_dialog import CustomerDialog
from desktop_app.ui.dialogs.link_dialog import LinkDialog
from desktop_app.ui.dialogs.order_detail_dialog import OrderDetailDialog
from desktop_app.ui.dialogs.post_shipment_dialog import PostShipmentDialog

SHOP = "DEMO"
INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView,
               QTextEdit, QPlainTextEdit, QSlider)
#: Parts of a control that Qt names through the control (a combo box's line edit, a line
#: edit's clear button, a tab bar's scroll arrows, a table's corner button).
_INNER_OF = (QComboBox, QAbstractSpinBox, QLineEdit, QTabBar, QAbstractItemView)


def accessible_name(widget: QWidget) -> str:
    """The name a screen reader reads for `widget`."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def _describe(widget: QWidget) -> str:
    path = []
    w: QWidget | None = widget
    while w is not None and len(path) < 4:
        path.append(w.objectName() or type(w).__name__)
        w = w.parentWidget()
    return f"{type(widget).__name__} {'<'.join(path)}"


def unnamed_controls(root: QWidget) -> list[str]:
    """The visible controls under `root` (and `root`) that have no accessible name."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if (not isinstance(widget, INTERACTIVE) or isinstance(widget, QHeaderView)
                or not widget.isVisible() or widget.objectName().startswith("qt_")
                or isinstance(widget.parentWidget(), _INNER_OF)):
            continue
        if not accessible_name(widget):
            missing.append(_describe(widget))
    return missing


def _mnemonic(text: str) -> str:
    """The letter after a single & ("" when none)."""
    plain = text.replace("&&", "")
    at = plain.find("&")
    return plain[at + 1].casefold() if 0 <= at < len(plain) - 1 else ""


def mnemonic_clashes(root: QWidget) -> list[str]:
    """Alt+letter keys that two visible buttons, labels or tabs under `root` share."""
    seen: dict[str, list[str]] = {}
    texts = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy()):
            texts.append(widget.text())
        elif isinstance(widget, QTabBar):
            texts.extend(widget.tabText(i) for i in range(widget.count()))
    for text in texts:
        if key := _mnemonic(text):
            seen.setdefault(key, []).append(text)
    return [f"Alt+{k}: {v}" for k, v in seen.items() if len(v) > 1]


def _check(root: QWidget, found: dict[str, list[str]], title: str) -> None:
    found[title] = unnamed_controls(root)
    if clashes := mnemonic_clashes(root):
        found[f"{title} (Alt+letter clashes)"] = clashes


async def _each_page_of(root: QWidget, found: dict[str, list[str]], title: str) -> None:
    await wait_until(root.isVisible)
    _check(root, found, title)
    for tabs in root.findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            await asyncio.sleep(0.02)
            _check(root, found, f"{title} / {tabs.tabText(index)}")
            for inner in tabs.widget(index).findChildren(QTabWidget):
                for sub in range(inner.count()):
                    inner.setCurrentIndex(sub)
                    await asyncio.sleep(0.02)
                    _check(root, found, f"{title} / {tabs.tabText(index)} / {inner.tabText(sub)}")


async def _dialog(window, found: dict[str, list[str]], opener: Callable[[], object],
                  kind: type[QDialog]) -> None:
    """Open a dialog through `opener` and check it (and its pages)."""
    before = {id(d) for d in window.findChildren(kind) if d.isVisible()}
    opener()
    await wait_until(lambda: any(d.isVisible() and id(d) not in before
                                 for d in window.findChildren(kind)))
    dialog = next(d for d in window.findChildren(kind) if d.isVisible() and id(d) not in before)
    await _each_page_of(dialog, found, dialog.windowTitle() or kind.__name__)
    QDialog.done(dialog, 0)  # (a dialog's own reject may ask first)
    await wait_until(lambda: not dialog.isVisible())


async def _collect(window, context) -> dict[str, list[str]]:
    window.resize(1280, 860)
    found: dict[str, list[str]] = {}
    await _each_page_of(window, found, "Main window")
    menus = window.menus
    for action in (menus.new_shop_action, menus.items_action, menus.new_invoice_action,
                   window.setup_action, window.preferences_action, window.schedules_action,
                   window.history_action, menus.about_action):
        await _dialog(window, found, action.trigger, QDialog)
    no = customers.list_customers("", shop=SHOP, limit=1)[0].no
    await _dialog(window, found, lambda: CustomerDialog(no, parent=window).open(), QDialog)
    await _dialog(window, found,
                  lambda: LinkDialog(SHOP, customer_no=no, parent=window).open(), QDialog)
    gid = ShopifyOrder.select(ShopifyOrder.shopify_id).scalar()
    await _dialog(window, found,
                  lambda: OrderDetailDialog(SHOP, gid, parent=window).open(), QDialog)
    await _dialog(window, found, lambda: CancelOrderDialog(
        "#1001", paid=True, processed=True, parent=window).open(), QDialog)
    await _dialog(window, found, lambda: PostShipmentDialog("SO1", [], window).open(), QDialog)
    await _dialog(window, found, window.shop_card_tab.open_connect_store_dialog, QDialog)
    return {k: v for k, v in found.items() if v}


@pytest.fixture
def demo_orders(tmp_path, context):
    """The DEMO shop's demo state with a few orders; the shop card set for orders."""
    return demo_orders_shop(tmp_path / "data", SHOP, orders=6, auto_create_orders=False)


async def _sync_orders(window) -> None:
    tab = window.orders_tab
    window.tabs.setCurrentWidget(tab)
    done = SignalWaiter(tab.sync_done)
    QTest.mouseClick(tab.sync_button, Qt.MouseButton.LeftButton)
    result, = await done.wait(20)
    assert result is not None, tab.last_error


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_every_control_has_an_accessible_name(demo_orders, qtbot, context, language):
    async with window_in_language(language, qtbot, context, 1280, 860) as window:
        await _sync_orders(window)
        assert await _collect(window, context) == {}


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_menu_actions_have_shortcuts_and_none_clash(qtbot, context, language):
    async with window_in_language(language, qtbot, context, 1280, 860) as window:
        menus = [a.menu() for a in window.menuBar().actions()]
        # The menu titles open with distinct Alt+letters.
        titles = [_mnemonic(m.title()) for m in menus]
        assert all(titles) and len(set(titles)) == len(titles), titles
        # Every menu action has a shortcut (shown in the menu), and no two actions of the
        # window share one.
        items = [a for m in menus for a in m.actions() if not a.isSeparator()]
        assert all(not a.shortcut().isEmpty() for a in items), [
            a.text() for a in items if a.shortcut().isEmpty()]
        keys = [a.shortcut().toString() for a in window.findChildren(QAction)
                if not a.shortcut().isEmpty()]
        assert len(keys) == len(set(keys)), sorted(keys)
        # No tab of the window takes the Alt+letter of a menu or of another tab.
        assert mnemonic_clashes(window.tabs.tabBar()) == []
        tabs = {_mnemonic(window.tabs.tabText(i)) for i in range(window.tabs.count())}
        assert not set(titles) & (tabs - {""}), titles
