"""Customers tab flows with the real window: linking dialog (link, unlink, conflict, Find
mapping), the review list, and Assign to Web Upload followed by a real sync against the
in-process demo shop; screenshots in test-artifacts/screenshots/."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QMenu,
    QMessageBox,
    QStyle,
    QStyleOptionViewItem,
)

from desktop_app.records.customers import CustomerRecord
from desktop_app.store import shopify_customers, shops
from desktop_app.store.customers import get_customer, list_customers, upsert_customers
from desktop_app.ui.models.customer_table_model import Column
from desktop_app.ui.models.shopify_customer_table_model import ReviewColumn
from ui_helpers import SCREENSHOTS, SignalWaiter, wait_until

SHOP = "DEMO"
GID = "gid://shopify/Customer/{}".format
ADDRESS = {"address": "5 Main St", "city": "Toronto", "post_code": "M5H 1A1", "country": "CA"}


def _stage(*customers: dict) -> None:
    shopify_customers.upsert_shopify_customers(SHOP, [CustomerRecord(**c) for c in customers])


def _local_and_staged() -> None:
    upsert_customers([
        {"no": "C1", "name": "Ann Lee", "email": "ann@x.com", "phone": "+14165550100",
         **ADDRESS},
        {"no": "C2", "name": "Ann Lee (shop)", "email": "ann@x.com", **ADDRESS},
        {"no": "C3", "name": "Bob Stone", "email": "bob@x.com", **ADDRESS},
    ])
    _stage(
        {"shopify_id": GID(101), "first_name": "Ann", "last_name": "Lee", "email": "ann@x.com"},
        {"shopify_id": GID(102), "first_name": "Robert", "last_name": "Stone",
         "phone": "+14165550199"},
        {"shopify_id": GID(103), "first_name": "Bob", "last_name": "Stone",
         "email": "BOB@x.com"},
    )


def _select_row(table, model_row: int) -> None:
    table.setCurrentIndex(table.model().index(model_row, 1))
    table.selectRow(model_row)


def _message_boxes(parent) -> list[QMessageBox]:
    return [box for box in parent.findChildren(QMessageBox) if box.isVisible()]


async def test_link_and_unlink_a_local_customer_through_the_dialog(window):
    _local_and_staged()
    tab = window.customers_tab
    window.tabs.setCurrentWidget(tab)
    tab.reload()
    _select_row(tab.table, tab.model.row_of("C3"))
    tab.link_button.click()
    dialog = tab.link_dialog
    assert dialog is not None and dialog.isVisible()
    assert "Bob Stone" in dialog.subject_label.text()
    assert dialog.link_state_label.text() == "Not linked to a Shopify customer in DEMO."
    # Same e-mail (another case) first, then the similar name; the unrelated Ann not at all.
    assert [(c.key, c.reason) for c in dialog.candidates] == [(GID(103), "email"),
                                                              (GID(102), "name")]
    assert dialog.candidates_table.item(0, 4).text() == "Same e-mail"
    assert dialog.candidates_table.item(1, 4).text().startswith("Similar name (")
    assert not dialog.unlink_button.isEnabled()

    links = SignalWaiter(dialog.links_changed)
    dialog.link_button.click()
    await links.wait()
    assert get_customer("C3", shop=SHOP).shopify_id == GID(103)
    assert shopify_customers.list_links(SHOP, customer_no="C3")[0].match_reason == "manual"
    assert ("Linked to Shopify customer Bob Stone <BOB@x.com> (Linked by hand)"
            in dialog.link_state_label.text())
    assert tab.model.index(tab.model.row_of("C3"), Column.SHOPIFY).data() == (
        "Linked: Bob Stone <BOB@x.com>")
    assert tab.model.index(tab.model.row_of("C3"), Column.REASON).data() == "Linked by hand"

    # The search finds what ranking alone does not offer.
    dialog.search_edit.setText("ann")
    await wait_until(lambda: any(c.key == GID(101) for c in dialog.candidates))
    assert next(c for c in dialog.candidates if c.key == GID(101)).reason == "search"

    assert dialog.unlink_button.isEnabled()
    dialog.unlink_button.click()
    assert shopify_customers.list_links(SHOP, customer_no="C3") == []
    assert "Unlinked local customer C3" in dialog.status_label.text()
    assert tab.model.index(tab.model.row_of("C3"), Column.SHOPIFY).data() == ""
    dialog.close()


async def test_a_link_that_would_move_asks_first_and_cancel_keeps_it(window):
    _local_and_staged()
    shopify_customers.link_customer(SHOP, "C3", GID(103))
    tab = window.customers_tab
    tab.reload()
    _select_row(tab.table, tab.model.row_of("C1"))
    dialog = tab.open_link_dialog()
    dialog.search_edit.setText("bob")
    dialog.refresh_candidates()  # no need to wait for the debounce here
    assert dialog.select_candidate(GID(103))
    row = dialog.candidates_table.currentRow()
    assert dialog.candidates_table.item(row, 5).text() == "C3 Bob Stone"
    dialog.link_button.click()
    await wait_until(lambda: _message_boxes(dialog))
    (box,) = _message_boxes(dialog)
    assert "is linked to local customer C3 Bob Stone" in box.text()
    assert box.defaultButton() is box.escapeButton()  # Cancel
    box.escapeButton().click()
    await wait_until(lambda: dialog.move_box is None)
    assert shopify_customers.get_shopify_customer(SHOP, GID(103)).customer_no == "C3"
    assert dialog.status_label.text() == "Nothing was linked."
    dialog.close()


async def test_review_list_find_mapping_and_linking_from_the_shopify_side(window):
    _local_and_staged()
    tab = window.customers_tab
    window.tabs.setCurrentWidget(tab)
    window.resize(1280, 800)
    tab.views.setCurrentIndex(1)
    tab.reload()
    _select_row(tab.shopify_table, tab.shopify_model.row_of(GID(101)))
    tab.find_mapping_button.click()  # ann@x.com is C1's and C2's: ambiguous
    dialog = tab.link_dialog
    assert dialog.last_outcome.decision.kind == "ambiguous"
    assert "several local customers fit (C1, C2)" in dialog.status_label.text()
    dialog.close()
    assert tab.views.tabText(2) == "Needs review (1)"
    assert tab.shopify_model.index(tab.shopify_model.row_of(GID(101)), 6).data() == "Ambiguous"

    tab.views.setCurrentIndex(2)
    assert tab.review_model.rowCount() == 1
    candidates = tab.review_model.index(0, ReviewColumn.CANDIDATES).data()
    assert candidates == "C1 (same e-mail), C2 (same e-mail)"
    # Issue 18: the stored note in the window's words, the field as the window labels it.
    assert "several local customers have the same “E-mail”" in tab.review_model.index(
        0, ReviewColumn.NOTE).data()
    await wait_until(tab.review_table.isVisible)
    await asyncio.sleep(0.05)  # let the layout take the new texts before the grab
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SCREENSHOTS / "customers_review.png"))

    # The local list can show just the customers involved.
    tab.views.setCurrentIndex(0)
    tab.link_filter_combo.setCurrentIndex(tab.link_filter_combo.findData("review"))
    assert [tab.model.customer(r).no for r in range(tab.model.rowCount())] == ["C1", "C2"]
    tab.link_filter_combo.setCurrentIndex(0)

    # Pick the right one from the review list.
    tab.views.setCurrentIndex(2)
    _select_row(tab.review_table, 0)
    tab.review_link_button.click()
    dialog = tab.link_dialog
    assert "waiting for review" in dialog.link_state_label.text()
    # C1 shares e-mail and the name exactly; C2 only the e-mail and part of the name.
    assert [c.key for c in dialog.candidates][:2] == ["C1", "C2"]
    await wait_until(dialog.candidates_table.isVisible)
    assert dialog.grab().save(str(SCREENSHOTS / "customers_link_dialog.png"))
    assert dialog.select_candidate("C1")
    dialog.link_button.click()
    staged = shopify_customers.get_shopify_customer(SHOP, GID(101))
    assert (staged.customer_no, staged.review_state) == ("C1", "")
    assert tab.views.tabText(2) == "Needs review"
    assert tab.review_model.rowCount() == 0
    dialog.unlink_button.click()
    assert shopify_customers.get_shopify_customer(SHOP, GID(101)).customer_no is None
    dialog.close()


def _check_position(table, row: int) -> QPoint:
    """Where the check box of a row's pick cell is drawn (as the delegate computes it)."""
    index = table.model().index(row, Column.CHECK)
    option = QStyleOptionViewItem()
    option.initFrom(table.viewport())
    option.rect = table.visualRect(index)
    table.itemDelegate().initStyleOption(option, index)
    rect = table.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator,
                                        option, table)
    assert option.rect.contains(rect.center()), (option.rect, rect)
    return rect.center()


# The offscreen platform cannot raise or grab for a popup menu and says so; real platforms
# can. (Listed in full: this mark replaces the one conftest adds.)
@pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)")
async def test_assign_to_web_upload_then_sync_links_exactly_the_ticked_customers(window):
    shops.update_shop_settings(SHOP, {"customer_import": "none", "export_customers": False,
                                        "send_invite_on_upload": False,
                                        "confirm_shopify_writes": 0})  # no question (issue 19)
    upsert_customers([
        {"no": f"L{i:02d}", "name": f"Customer {i}", "email": f"web{i}@shop-sync.example",
         "phone": f"+1416555{i:04d}", **ADDRESS}
        for i in range(50)
    ])
    tab = window.customers_tab
    window.tabs.setCurrentWidget(tab)
    window.resize(1280, 800)
    tab.reload()
    await wait_until(tab.table.isVisible)

    # The Edge: right-click the list, Show checkboxes.
    assert tab.table.isColumnHidden(Column.CHECK)
    viewport = tab.table.viewport()
    QApplication.sendEvent(viewport, QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, QPoint(40, 10), viewport.mapToGlobal(QPoint(40, 10))))
    await wait_until(lambda: any(m.isVisible() for m in tab.findChildren(QMenu)))
    menu = next(m for m in tab.findChildren(QMenu) if m.isVisible())
    show = next(a for a in menu.actions() if a.text() == "Show checkboxes")
    show.trigger()
    menu.close()
    assert tab.checkboxes_visible() and tab.pick_bar.isVisible()

    # Tick across searches: L03 and L17 found by search, L42 in the full list.
    for term, no in (("web3@", "L03"), ("Customer 17", "L17")):
        tab.search_edit.setText(term)
        await wait_until(lambda no=no: tab.model.total() == 1 and tab.model.customer(0).no == no)
        QTest.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=_check_position(
            tab.table, 0))
        assert no in tab.model.checked_nos()
    tab.search_edit.clear()
    await wait_until(lambda: tab.model.total() == 50)
    row = tab.model.row_of("L42")
    tab.table.scrollTo(tab.model.index(row, Column.CHECK))
    QTest.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=_check_position(tab.table, row))
    assert tab.model.checked_nos() == ["L03", "L17", "L42"]
    assert tab.checked_label.text().startswith("Ticked customers: 3")

    tab.assign_button.click()
    assert tab.status_label.text().startswith("Assigned 3 customers to Web Upload")
    assert [c.no for c in list_customers(web_upload_only=True)] == ["L03", "L17", "L42"]
    tab.search_edit.setText("Customer 4")  # the ticked L42 among others, before the sync
    await wait_until(lambda: tab.model.total() == 11)
    await asyncio.sleep(0.05)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SCREENSHOTS / "customers_web_upload_ticked.png"))
    tab.search_edit.clear()
    await wait_until(lambda: tab.model.total() == 50)

    done = SignalWaiter(tab.sync_done)
    tab.sync_button.click()
    (result,) = await done.wait(timeout=30)
    assert result is not None and (result.created, result.failed) == (3, 0), result
    linked = [c.no for c in list_customers(shop=SHOP, linked=True)]
    assert linked == ["L03", "L17", "L42"]
    assert {link.match_reason for link in shopify_customers.list_links(SHOP)} == {"exported"}
    assert tab.status_label.text() == "Sync Customers done: Shopify: 3 created."
    await wait_until(lambda: tab.model.index(tab.model.row_of("L03"), Column.SHOPIFY).data())
    for no in ("L03", "L17", "L42"):
        r = tab.model.row_of(no)
        assert tab.model.index(r, Column.SHOPIFY).data().startswith("Linked: ")
        assert tab.model.index(r, Column.REASON).data() == "Uploaded to Shopify"
        assert tab.model.index(r, Column.CHECK).data(Qt.ItemDataRole.CheckStateRole) == \
            Qt.CheckState.Checked
    assert tab.model.index(tab.model.row_of("L04"), Column.SHOPIFY).data() == ""

    # Show the ticked rows and their result together.
    tab.web_upload_check.setChecked(True)
    assert tab.model.total() == 3
    await asyncio.sleep(0.05)
    image = window.grab().toImage()
    assert image.save(str(SCREENSHOTS / "customers_web_upload.png"))
    tab.web_upload_check.setChecked(False)

    # Remove from Web Upload works on the ticks as well; the links stay.
    tab.remove_button.click()
    assert list_customers(web_upload_only=True) == []
    assert len(shopify_customers.list_links(SHOP)) == 3
    tab.check_all_button.click()
    assert tab.model.checked_count() == 50
    tab.uncheck_all_button.click()
    assert tab.model.checked_count() == 0
