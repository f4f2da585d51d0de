"""Orders tab with the real window, store and in-process demo shop: Sync Orders with a saved
filter, To import (filters, Has Error, Import Selected, Exclude), Create Sales Documents,
Mark as Paid, Cancel Order through its dialog (conflict, resolved), Unlink, the detail
dialog; screenshots in test-artifacts/screenshots/."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from ui_helpers import SCREENSHOTS, SignalWaiter, demo_orders_shop, wait_until

from desktop_app.store import orders as order_store
from desktop_app.store import shops
from desktop_app.sync.order_changes import conflict_changes
from desktop_app.sync.rules.orders import CONFLICT_MESSAGE, OrderFilter
from desktop_app.ui.models.order_labels import GID_ROLE, format_money
from desktop_app.ui.models.order_table_model import OrderColumn
from desktop_app.ui.models.staged_order_table_model import StagedColumn
from desktop_app.ui.order_conflict_text import conflict_text

SHOP = "DEMO"


@pytest.fixture
def demo_orders(tmp_path, context):
    """The DEMO shop's in-process demo state with 24 orders; the shop card set for orders."""
    return demo_orders_shop(tmp_path / "data", SHOP, orders=24, auto_create_orders=False)


@pytest.fixture
async def tab(demo_orders, window):
    window.resize(1280, 800)
    window.tabs.setCurrentWidget(window.orders_tab)
    await wait_until(window.orders_tab.isVisible)
    return window.orders_tab


def _rows(table) -> list[str]:
    model = table.model()
    return [model.index(r, 0).data(GID_ROLE) for r in range(model.rowCount())]


def _text(table, gid: str, column: int) -> str:
    model = table.model()
    for r in range(model.rowCount()):
        if model.index(r, 0).data(GID_ROLE) == gid:
            return model.index(r, column).data()
    raise AssertionError(f"{gid} is not shown")


def _visible_boxes(parent, name: str) -> list[QMessageBox]:
    return [b for b in parent.findChildren(QMessageBox) if b.isVisible()
            and b.objectName() == name]


async def _sync(tab) -> None:
    done = SignalWaiter(tab.sync_done)
    tab.sync_button.click()
    await wait_until(lambda: not tab.sync_button.isEnabled(), 2)
    result, = await done.wait(15)
    assert result is not None, tab.last_error


async def _click_action(tab, button, name: str, timeout: float = 15):
    waiter = SignalWaiter(tab.action_done)
    assert button.isEnabled(), button.objectName()
    button.click()
    await wait_until(lambda: not button.isEnabled() or waiter.calls, 2)
    got_name, result = await waiter.wait(timeout)
    assert got_name == name
    return result


async def test_sync_filter_import_exclude_and_documents(tab, window):
    # A saved filter holds back every order that is not paid.
    tab.financial_combo.setCurrentIndex(tab.financial_combo.findData("PAID"))
    assert "Not saved yet" in tab.filter_state_label.text()
    tab.save_filter_button.click()
    assert not tab.save_filter_button.isEnabled()
    await _sync(tab)

    imported = order_store.list_orders(SHOP)
    staged = order_store.list_staged(SHOP)
    assert imported and staged
    assert {o.financial_status for o in imported} == {"PAID"}
    assert all(s.header.financial_status != "PAID" for s in staged)
    assert tab.order_model.rowCount() == len(imported)
    # The staged view shows what the saved filter lets through: nothing, of all staged.
    assert tab.staged_proxy.rowCount() == 0
    assert tab.views.tabText(0) == f"To import (0 of {len(staged)})"

    # Clearing the filter shows every staged order, newest first; not saved until asked.
    tab.clear_filter_button.click()
    assert tab.staged_proxy.rowCount() == len(staged)
    assert "Not saved yet" in tab.filter_state_label.text()
    dates = [tab.staged_proxy.index(r, StagedColumn.DATE).data(Qt.ItemDataRole.UserRole + 1)
             for r in range(tab.staged_proxy.rowCount())]
    assert dates == sorted(dates, reverse=True)

    # Tag filter with @ and *: case-insensitive and among several tags.
    tagged = next(s for s in staged if s.header.tags)
    tag = tagged.header.tags[0]
    tab.tags_edit.setText(tag.upper())  # without @ and *: exact, case-sensitive
    assert tagged.shopify_id not in set(_rows(tab.staged_table))
    tab.tags_edit.setText("@*" + tag.upper() + "*")
    shown = set(_rows(tab.staged_table))
    assert shown == {s.shopify_id for s in staged
                     if any(tag.lower() in t.lower() for t in s.header.tags)}
    tab.tags_edit.clear()

    # Has Error: the message is the tooltip and shows below the list when selected.
    failing = staged[0]
    order_store.set_staged_error(SHOP, failing.shopify_id, "unknown SKU 'X-1' (line 'Mug')")
    tab.reload()
    assert _text(tab.staged_table, failing.shopify_id, StagedColumn.ERROR).startswith("Yes")
    proxy = tab.staged_proxy
    row = _rows(tab.staged_table).index(failing.shopify_id)
    assert proxy.index(row, StagedColumn.ORDER).data(Qt.ItemDataRole.ToolTipRole) == \
        "unknown SKU 'X-1' (line 'Mug')"
    tab.select_staged([failing.shopify_id])
    assert tab.staged_error_label.isVisible()
    assert "unknown SKU 'X-1'" in tab.staged_error_label.text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().toImage().save(str(SCREENSHOTS / "orders_to_import.png"))

    # Import Selected imports exactly the chosen orders, whatever the saved filter says.
    chosen = [s.shopify_id for s in staged[:2]]
    tab.views.setCurrentIndex(0)
    tab.select_staged(chosen)
    result = await _click_action(tab, tab.import_button, "import")
    assert result.failed == 0, result.errors
    assert {o.shopify_id for o in order_store.list_orders(SHOP)} >= set(chosen)
    assert not set(chosen) & {s.shopify_id for s in order_store.list_staged(SHOP)}

    # Exclude deletes staged rows after a confirmation.
    left = order_store.list_staged(SHOP)
    victim = left[0].shopify_id
    tab.select_staged([victim])
    tab.exclude_button.click()
    box, = _visible_boxes(tab, "exclude_orders_message_box")
    box.findChild(type(tab.exclude_button), "confirm_exclude_button").click()
    await wait_until(lambda: victim not in _rows(tab.staged_table))
    assert victim not in {s.shopify_id for s in order_store.list_staged(SHOP)}

    # Create Sales Documents for three orders: they become processed with a document no.
    tab.views.setCurrentIndex(1)
    targets = [o.shopify_id for o in order_store.list_orders(SHOP)][:3]
    tab.select_orders(targets)
    result = await _click_action(tab, tab.create_button, "create")
    assert result.created == 3, result.errors
    for gid in targets:
        row = order_store.get_order(SHOP, gid)
        assert row.processed
        assert row.document_no in _text(tab.orders_table, gid, OrderColumn.DOCUMENT)
        assert _text(tab.orders_table, gid, OrderColumn.STATE) == "Processed"
    assert tab.views.tabText(2) == "Sales documents (3)"
    assert not tab.create_button.isEnabled()  # all selected are processed now
    menu = {a.text(): a.isEnabled() for a in tab.order_menu().actions() if a.text()}
    assert menu["Create Sales Documents"] is False and menu["Unlink Documents"] is True
    assert menu["Details…"] is False  # three orders selected

    # Totals are formatted money in the order's currency.
    summary = tab.order_model.summary(targets[0])
    assert _text(tab.orders_table, targets[0], OrderColumn.TOTAL) == \
        format_money(summary.total, summary.currency)

    # The documents view shows the lines of the selected document.
    tab.views.setCurrentIndex(2)
    tab.documents_table.selectRow(0)
    await wait_until(lambda: tab.line_model.rowCount() > 0)
    doc_no = tab.documents_table.model().index(0, 0).data()
    docs = {d["no"]: d for d in order_store.documents_for_cli()}
    assert tab.line_model.rowCount() == len(docs[doc_no]["lines"])

    # Unlink asks first (issue 14); Keep: the order is no longer processed, the document
    # stays without its order (tests/ui/test_orders_unlink.py covers Delete).
    tab.views.setCurrentIndex(1)
    gid = targets[0]
    doc_of_gid = order_store.get_order(SHOP, gid).document_no
    tab.select_orders([gid])
    assert tab.unlink_button.isEnabled()
    tab.unlink_button.click()
    (question,) = _visible_boxes(tab, "unlink_orders_message_box")
    assert doc_of_gid in question.informativeText()
    waiter = SignalWaiter(tab.action_done)
    question.findChild(QPushButton, "keep_document_button").click()
    assert (await waiter.wait(15))[0] == "unlink"
    assert not order_store.get_order(SHOP, gid).processed
    assert _text(tab.orders_table, gid, OrderColumn.STATE) == "Imported"
    assert doc_of_gid in tab.document_nos()
    assert order_store.count_documents_for(gid) == 0
    assert doc_of_gid in tab.status_label.text()


async def test_mark_paid_cancel_with_conflict_resolve_and_details(tab, window):
    await _sync(tab)
    orders = order_store.list_orders(SHOP)
    unpaid = next(o for o in orders if o.financial_status in ("PENDING", "AUTHORIZED"))
    tab.views.setCurrentIndex(1)

    # Mark as Paid calls Shopify and re-imports the order.
    tab.select_orders([unpaid.shopify_id])
    result = await _click_action(tab, tab.mark_paid_button, "mark_paid")
    assert result.failed == 0, result.errors
    assert order_store.get_order(SHOP, unpaid.shopify_id).financial_status == "PAID"
    assert _text(tab.orders_table, unpaid.shopify_id, OrderColumn.PAYMENT) == "Paid"
    assert not tab.mark_paid_button.isEnabled()

    # Make a document, then cancel the order in Shopify through the dialog.
    target = next(o for o in order_store.list_orders(SHOP)
                  if o.shopify_id != unpaid.shopify_id and not o.cancelled)
    tab.select_orders([target.shopify_id])
    await _click_action(tab, tab.create_button, "create")
    assert order_store.get_order(SHOP, target.shopify_id).processed
    tab.select_orders([target.shopify_id])
    tab.cancel_button.click()
    dialog = tab.cancel_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.processed_label.isVisibleTo(dialog)
    dialog.reason_combo.setCurrentIndex(dialog.reason_combo.findData("INVENTORY"))
    dialog.notify_check.setChecked(False)
    choices = dialog.choices()
    assert (choices.reason, choices.restock, choices.notify) == ("INVENTORY", True, False)
    waiter = SignalWaiter(tab.action_done)
    dialog.cancel_order_button.click()
    name, result = await waiter.wait(20)
    assert name == "cancel" and result is not None and result.failed == 0, result
    row = order_store.get_order(SHOP, target.shopify_id)
    assert row.cancelled
    # A processed order cancelled in Shopify is a conflict, with our conflict message, which
    # says what changed (issue 18).
    assert row.conflict and row.conflict_message.endswith(CONFLICT_MESSAGE)
    assert "cancelled" in conflict_changes(row.conflict_message)
    tab.select_orders([target.shopify_id])
    assert _text(tab.orders_table, target.shopify_id, OrderColumn.ISSUE).startswith("Conflict")
    assert tab.order_issue_label.isVisible()
    # It names our own button, as the Orders tab labels it, and no other product.
    assert conflict_text(row.conflict_message) in tab.order_issue_label.text()
    assert "What changed in Shopify: " in tab.order_issue_label.text()
    assert "order cancelled" in tab.order_issue_label.text()
    assert f"\u201c{tab.resolve_button.text()}\u201d" in tab.order_issue_label.text()
    assert "Business Central" not in tab.order_issue_label.text()
    assert not tab.cancel_button.isEnabled()
    assert tab.resolve_button.isEnabled()

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image = window.grab().toImage()
    assert image.save(str(SCREENSHOTS / "orders_tab.png"))

    # The detail dialog: lines, transactions and the sales document with its lines.
    tab.details_button.click()
    detail = tab.detail_dialog
    assert detail is not None
    await wait_until(detail.isVisible)
    record = detail.record
    assert detail.findChild(type(detail.sections.widget(0)), "order_lines_table") \
        .rowCount() == len(record.lines)
    assert detail.findChild(type(detail.sections.widget(0)), "order_transactions_table") \
        .rowCount() == len(record.transactions)
    assert conflict_text(row.conflict_message) in detail.issue_label.text()
    detail.sections.setCurrentIndex(4)
    assert detail.document_lines_model.rowCount() > 0
    assert row.document_no in detail.document_label.text()
    image = detail.grab().toImage()
    assert image.save(str(SCREENSHOTS / "order_detail.png"))
    detail.close()

    # Mark Conflict Resolved clears the mark; the order stays processed.
    tab.select_orders([target.shopify_id])
    waiter = SignalWaiter(tab.action_done)
    tab.resolve_button.click()
    assert (await waiter.wait(15))[0] == "resolve"
    row = order_store.get_order(SHOP, target.shopify_id)
    assert not row.conflict and row.processed
    assert _text(tab.orders_table, target.shopify_id, OrderColumn.ISSUE) == ""
    # Sync from Shopify of the resolved order brings no new conflict.
    tab.select_orders([target.shopify_id])
    result = await _click_action(tab, tab.resync_button, "resync")
    assert result.failed == 0
    assert not order_store.get_order(SHOP, target.shopify_id).conflict


async def test_order_errors_show_and_a_failed_action_reaches_the_merchant(tab, window):
    # Without auto-created items every order with a SKU is imported with an error.
    shops.update_shop_settings(SHOP, {"auto_create_items": False})
    await _sync(tab)
    failing = [o for o in order_store.list_orders(SHOP) if o.has_error]
    assert failing
    gid = failing[0].shopify_id
    assert "unknown SKU" in failing[0].error_message
    tab.views.setCurrentIndex(1)
    tab.show_combo.setCurrentIndex(tab.show_combo.findData("problems"))
    assert set(_rows(tab.orders_table)) == {o.shopify_id for o in order_store.list_orders(SHOP)
                                            if o.has_error or o.conflict}
    assert _text(tab.orders_table, gid, OrderColumn.ISSUE).startswith("Error: unknown SKU")
    tab.select_orders([gid])
    assert "unknown SKU" in tab.order_issue_label.text()

    # Create Sales Documents refuses it, says why, and makes nothing.
    result = await _click_action(tab, tab.create_button, "create")
    assert result.failed == 1 and result.created == 0
    box, = _visible_boxes(tab, "order_errors_message_box")
    assert "could not be processed" in box.text()
    assert failing[0].name in box.informativeText()
    box.close()
    assert not order_store.get_order(SHOP, gid).processed
    assert tab.create_button.isEnabled()  # enabled again once the action ended


def test_filter_round_trip_shows_the_saved_filter(qtbot, context):
    from desktop_app.sync.orders import set_order_filter
    from desktop_app.ui.tabs.orders import OrdersTab

    saved = OrderFilter(financial_statuses=frozenset({"PAID", "PARTIALLY_PAID"}),
                        fully_paid=True, high_risk=False, channel="@web",
                        countries=frozenset({"DE", "AT"}), tags="@*vip*")
    set_order_filter(SHOP, saved)
    tab = OrdersTab(context.engine)
    qtbot.addWidget(tab)
    tab.set_shop(SHOP)
    assert tab.current_filter() == saved
    assert "Paid | Partially paid" in tab.financial_combo.currentText() or \
        "Partially paid | Paid" in tab.financial_combo.currentText()
    assert not tab.save_filter_button.isEnabled()
    tab.country_edit.setText("de")
    assert tab.current_filter().countries == frozenset({"DE"})
    assert tab.save_filter_button.isEnabled()
