"""Unlink Documents in the real window asks first (issue 14, H3): the question names the
document, Keep leaves it and Create Sales Documents then refuses the order naming it, Delete
removes it (never a posted one); Enter on the question does nothing harmful. The engine is
the one `shop-sync orders unlink [--delete-document]` calls (`store.order_lifecycle`).

Control: before issue 14 a click on Unlink Documents unlinked at once (no question, no
`unlink_orders_message_box`), and Create Sales Documents then made a second document for the
same order.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QPushButton
from ui_helpers import SCREENSHOTS, SignalWaiter, demo_orders_shop, wait_until

from desktop_app.store import invoices
from desktop_app.store import orders as order_store
from desktop_app.store.order_models import SalesDocument

SHOP = "DEMO"


@pytest.fixture
def demo_orders(tmp_path, context):
    """The DEMO shop's in-process demo state with 12 orders; the shop card set for orders."""
    return demo_orders_shop(tmp_path / "data", SHOP, orders=12, auto_create_orders=True)


@pytest.fixture
async def tab(demo_orders, window):
    window.resize(1280, 800)
    window.tabs.setCurrentWidget(window.orders_tab)
    await wait_until(window.orders_tab.isVisible)
    tab = window.orders_tab
    done = SignalWaiter(tab.sync_done)
    tab.sync_button.click()
    result, = await done.wait(15)
    assert result is not None, tab.last_error
    tab.views.setCurrentIndex(1)
    return tab


def _question(tab) -> QMessageBox:
    boxes = [b for b in tab.findChildren(QMessageBox)
             if b.isVisible() and b.objectName() == "unlink_orders_message_box"]
    assert len(boxes) == 1
    return boxes[0]


def _button(box: QMessageBox, name: str) -> QPushButton:
    button = box.findChild(QPushButton, name)
    assert button is not None and button.isVisible(), name
    return button


async def _ask_unlink(tab, gid: str) -> QMessageBox:
    tab.select_orders([gid])
    assert tab.unlink_button.isEnabled()
    QTest.mouseClick(tab.unlink_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: any(b.isVisible() for b in tab.findChildren(QMessageBox)
                                 if b.objectName() == "unlink_orders_message_box"))
    return _question(tab)


async def _create(tab, gid: str):
    tab.select_orders([gid])
    waiter = SignalWaiter(tab.action_done)
    QTest.mouseClick(tab.create_button, Qt.MouseButton.LeftButton)
    name, result = await waiter.wait(15)
    assert name == "create"
    for box in tab.findChildren(QMessageBox):
        if box.objectName() == "order_errors_message_box" and box.isVisible():
            box.close()
    return result


async def test_unlink_asks_keep_refuses_then_delete_allows_one_new_document(tab):
    processed = [o for o in order_store.list_orders(SHOP) if o.processed]
    assert len(processed) >= 2
    gid, doc = processed[0].shopify_id, processed[0].document_no

    # Enter on the question is Cancel: nothing is unlinked, nothing deleted.
    box = await _ask_unlink(tab, gid)
    assert doc in box.informativeText() and "not posted" in box.informativeText()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert box.grab().toImage().save(str(SCREENSHOTS / "orders_unlink_question.png"))
    QTest.keyClick(box, Qt.Key.Key_Return)
    await wait_until(lambda: not box.isVisible())
    assert order_store.get_order(SHOP, gid).document_no == doc

    # Keep: the order is unlinked, its document stays; Create refuses, naming it.
    box = await _ask_unlink(tab, gid)
    QTest.mouseClick(_button(box, "keep_document_button"), Qt.MouseButton.LeftButton)
    await wait_until(lambda: not order_store.get_order(SHOP, gid).processed)
    assert SalesDocument.get_or_none(SalesDocument.no == doc) is not None
    await wait_until(lambda: doc in tab.status_label.text())  # said once the action ended
    result = await _create(tab, gid)
    assert result.created == 0 and result.failed == 1
    assert doc in result.errors[0].message
    assert doc in tab.order_issue_label.text()
    assert SalesDocument.select().where(SalesDocument.shopify_order_gid == gid).count() == 0

    # Unlink again (the kept document still stands for the order) and Delete it.
    box = await _ask_unlink(tab, gid)
    assert doc in box.informativeText()
    QTest.mouseClick(_button(box, "delete_document_button"), Qt.MouseButton.LeftButton)
    await wait_until(lambda: SalesDocument.get_or_none(SalesDocument.no == doc) is None)
    await wait_until(lambda: doc not in tab.document_nos())  # reloaded once the action ended
    result = await _create(tab, gid)
    assert result.created == 1 and result.failed == 0
    assert len(order_store.documents_for_order(gid)) == 1

    # A posted invoice is never offered for deletion.
    other = processed[1].shopify_id
    posted_no = processed[1].document_no
    if processed[1].document_type == "invoice":
        invoices.post_invoice(posted_no)
    else:
        posted_no = invoices.post_invoice(posted_no).no
    tab.reload()
    box = await _ask_unlink(tab, other)
    assert box.findChild(QPushButton, "delete_document_button") is None
    assert posted_no in box.informativeText()
    QTest.mouseClick(_button(box, "keep_document_button"), Qt.MouseButton.LeftButton)
    await wait_until(lambda: not order_store.get_order(SHOP, other).processed)
    assert SalesDocument.get(SalesDocument.no == posted_no).status == "posted"


async def test_shop_card_shows_the_new_order_settings(window):
    card = window.shop_card_tab
    for name in ("no_item_account", "close_processed_orders"):
        widget = card.setting_widgets[name]
        assert widget.objectName() == f"setting_{name}"
