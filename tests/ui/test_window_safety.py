"""Window safety (issue 14), with real key events (QTest) and real QWheelEvents in the real
window: Esc in a search box clears it and never cancels a running sync; Esc cancels only from
the progress area (status bar, sync log); the wheel over an unfocused combo or spin box of the
Shop Card scrolls the page and changes nothing.

Controls (before issue 14): Esc was a window-wide "Cancel sync" shortcut (the search box kept
its text and the sync stopped), and the wheel changed "Currency handling" and "Keep sync
history (days)" while the page stayed where it was.
"""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop_app.store import shops
from desktop_app.sync.results import Resource
from ui_helpers import SignalWaiter, SlowJob, wait_until


@pytest.fixture
def slow_job(jobs):
    job = SlowJob(pages=2000, delay=0.01)
    jobs[Resource.CUSTOMERS] = job
    return job


async def _focus(window, widget) -> None:
    window.activateWindow()
    await wait_until(lambda: QApplication.activeWindow() is window)
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    await wait_until(widget.hasFocus)


async def _start_sync(window, slow_job) -> None:
    window.tabs.setCurrentWidget(window.customers_tab)
    window.sync_action.trigger()
    await wait_until(lambda: window.progress_bar.maximum() == slow_job.pages
                     and window.progress_bar.value() >= 3)


async def test_esc_in_a_search_box_clears_it_and_never_cancels_the_sync(window, context,
                                                                        slow_job):
    finished = SignalWaiter(context.engine.finished)
    await _start_sync(window, slow_job)
    search = window.customers_tab.search_edit
    await _focus(window, search)
    QTest.keyClicks(search, "ann")
    assert search.text() == "ann"
    QTest.keyClick(search, Qt.Key.Key_Escape)
    await asyncio.sleep(0.1)
    assert context.engine.is_busy() and not slow_job.cancelled
    assert search.text() == ""
    QTest.keyClick(search, Qt.Key.Key_Escape)  # an empty box: still no cancel
    # The orders tab's search box too.
    window.tabs.setCurrentWidget(window.orders_tab)
    orders_search = window.orders_tab.search_edit
    await _focus(window, orders_search)
    QTest.keyClicks(orders_search, "#10")
    QTest.keyClick(orders_search, Qt.Key.Key_Escape)
    assert orders_search.text() == ""
    await asyncio.sleep(0.1)
    assert context.engine.is_busy() and not slow_job.cancelled
    assert window.progress_bar.isVisible()

    # From the progress area, Esc cancels.
    await _focus(window, window.cancel_button)
    QTest.keyClick(window.cancel_button, Qt.Key.Key_Escape)
    shop, resource, result = await finished.wait()
    assert (shop, resource, result.cancelled) == ("DEMO", "customers", True)
    assert slow_job.cancelled and not slow_job.completed


async def test_esc_in_the_sync_log_cancels(window, context, slow_job):
    finished = SignalWaiter(context.engine.finished)
    await _start_sync(window, slow_job)
    await _focus(window, window.log_panel.table)
    QTest.keyClick(window.log_panel.table, Qt.Key.Key_Escape)
    _shop, _resource, result = await finished.wait()
    assert result.cancelled


def _wheel(widget, degrees: int) -> None:
    """A real wheel event over the middle of `widget` (8 units per degree, as Qt sends)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(widget.rect().center())),
                        QPoint(0, 0), QPoint(0, degrees * 8), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


async def test_the_wheel_scrolls_the_shop_card_instead_of_changing_its_boxes(window):
    tab = window.shop_card_tab
    window.tabs.setCurrentWidget(tab)
    window.shop_combo.setCurrentIndex(window.shop_combo.findData("DEMO"))
    window.resize(900, 480)
    bar = tab.settings_scroll.verticalScrollBar()
    await wait_until(lambda: bar.maximum() > 200)
    combo = tab.setting_widgets["currency_handling"]
    spin = tab.setting_widgets["history_days"]
    await _focus(window, tab.setting_widgets["customer_import"])  # focus elsewhere on the page

    bar.setValue(bar.maximum() // 2)
    index, scrolled = combo.currentIndex(), bar.value()
    _wheel(combo, -15)  # one notch down
    assert combo.currentIndex() == index
    assert bar.value() > scrolled
    days, scrolled = spin.value(), bar.value()
    _wheel(spin, 15)  # one notch up
    assert spin.value() == days
    assert bar.value() < scrolled
    assert not tab._dirty  # no "Unsaved changes"
    assert shops.shop_settings("DEMO").currency_handling == "shop"

    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus  # a click or Tab, not the wheel
    assert spin.focusPolicy() == Qt.FocusPolicy.StrongFocus

    # Once the merchant has put the focus in the box, the wheel changes it as usual.
    await _focus(window, spin)
    _wheel(spin, 15)
    assert spin.value() == days + 1
