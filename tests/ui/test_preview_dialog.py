"""The Preview button and dialog (issue 19) in the real window, on the in-process demo shop.

Driven with real clicks and keys: the Orders tab's Preview button opens the dialog, which
lists each order the sync would import (record, side, action, fields old -> new) while the
database stays as it was; the side, action and text filters keep the rows they say; the sync
run next from the tab imports exactly the orders listed. A running preview is cancelled by
its Cancel button (test_preview_cancel.py). A first write to Shopify from the card waits
for the merchant's go-ahead, the preview's summary in the question. Screenshots:
test-artifacts/screenshots/preview_dialog.png and preview_dialog_fr.png.

Controls: with `SyncService.sync` ignoring `preview` (the job run on the file), the first
test's "nothing imported yet" assertion fails; with the dialog's Cancel button not connected,
the second test waits in vain for the cancellation.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_orders_tab import SHOP, _sync, demo_orders  # noqa: F401 (fixture)
from ui_helpers import SCREENSHOTS, wait_until, window_in_language

from desktop_app.store import orders as order_store
from desktop_app.ui.dialogs.preview_dialog import Column


def _rows(dialog) -> list[tuple[str, str, str]]:
    model = dialog.table.model()
    return [tuple(model.index(r, c).data() for c in (Column.RECORD, Column.SIDE,
                                                      Column.ACTION))
            for r in range(model.rowCount())]


async def _open_preview(qtbot, tab):
    await wait_until(tab.preview_button.isEnabled)
    qtbot.mouseClick(tab.preview_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: tab.preview_dialog is not None and tab.preview_dialog.isVisible())
    return tab.preview_dialog


async def test_orders_preview_lists_what_the_sync_then_does_and_changes_nothing(
        qtbot, demo_orders, window):  # noqa: F811
    window.resize(1280, 800)
    tab = window.orders_tab
    window.tabs.setCurrentWidget(tab)
    dialog = await _open_preview(qtbot, tab)
    assert dialog.isModal() or dialog.windowModality() == Qt.WindowModality.WindowModal
    await wait_until(lambda: dialog.result is not None, 30)
    rows = _rows(dialog)
    assert len(rows) == dialog.result.created > 0
    assert {(side, action) for _record, side, action in rows} == {("Local", "Create")}
    assert order_store.list_orders(SHOP) == []  # nothing imported yet
    assert "Nothing was changed" in dialog.status_label.text()
    planned = {record for record, _side, _action in rows}

    # the filters, with real clicks and keys
    dialog.side_combo.setCurrentIndex(dialog.side_combo.findData("shopify"))
    assert _rows(dialog) == []
    dialog.side_combo.setCurrentIndex(dialog.side_combo.findData(""))
    dialog.action_combo.setCurrentIndex(dialog.action_combo.findData("create"))
    assert len(_rows(dialog)) == len(rows)
    one = sorted(planned)[0]
    qtbot.keyClicks(dialog.filter_edit, one)
    assert [r[0] for r in _rows(dialog)] == [one]
    fields = dialog.table.model().index(0, Column.FIELDS).data()
    assert "→" in fields

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dialog.filter_edit.clear()
    dialog.grab().save(str(SCREENSHOTS / "preview_dialog.png"))
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: not dialog.isVisible())

    await _sync(tab)
    imported = {o.name for o in order_store.list_orders(SHOP)}
    assert imported == planned


async def test_the_preview_dialog_in_french(qtbot, demo_orders, context):  # noqa: F811
    async with window_in_language("fr", qtbot, context, 1280, 800) as window:
        tab = window.orders_tab
        window.tabs.setCurrentWidget(tab)
        dialog = await _open_preview(qtbot, tab)
        await wait_until(lambda: dialog.result is not None, 30)
        texts = {dialog.run_button.text(), dialog.cancel_button.text(),
                 dialog.table.model().headerData(Column.ACTION, Qt.Orientation.Horizontal)}
        assert not texts & {"Preview", "Cancel preview", "Action"}, texts
        dialog.grab().save(str(SCREENSHOTS / "preview_dialog_fr.png"))
        dialog.reject()


async def _customer_to_upload(no: str) -> None:
    from desktop_app.store import customer_scope
    from desktop_app.store.customers import upsert_customers

    upsert_customers([{"no": no, "name": "Ann Upload", "email": "ann.upload@example.com",
                       "address": "5 Main St", "city": "Toronto", "post_code": "M5H 1A1",
                       "country": "CA"}])
    customer_scope.set_web_upload([no], shop=SHOP)


async def test_a_first_write_to_shopify_asks_with_the_preview_first(qtbot, context, window):
    from PySide6.QtWidgets import QMessageBox, QPushButton

    from desktop_app.store.customers import get_customer

    await _customer_to_upload("L1")
    tab = window.customers_tab
    window.tabs.setCurrentWidget(tab)
    await wait_until(tab.sync_button.isEnabled)
    qtbot.mouseClick(tab.sync_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: tab.findChild(QMessageBox, "confirm_shopify_writes_box")
                     is not None, 30)
    box = tab.findChild(QMessageBox, "confirm_shopify_writes_box")
    assert box.windowModality() == Qt.WindowModality.WindowModal
    assert "would write 1 record to Shopify" in box.text() and "first write" in box.text()
    assert get_customer("L1", shop=SHOP).shopify_id is None  # nothing sent yet
    go = box.findChild(QPushButton, "confirm_sync_button")
    qtbot.mouseClick(go, Qt.MouseButton.LeftButton)
    await wait_until(lambda: get_customer("L1", shop=SHOP).shopify_id is not None, 30)
    await wait_until(lambda: not context.engine.is_busy(SHOP))


async def test_no_question_when_the_card_says_never(qtbot, context, window):
    from desktop_app.store import shops
    from desktop_app.store.customers import get_customer

    await _customer_to_upload("L1")
    shops.update_shop_settings(SHOP, {"confirm_shopify_writes": 0})
    tab = window.customers_tab
    window.tabs.setCurrentWidget(tab)
    result = await tab.run_sync()
    assert result is not None and result.shopify.created == 1
    assert get_customer("L1", shop=SHOP).shopify_id is not None


def test_a_failure_shows_its_field_and_reason_not_an_arrow(qapp):
    """A record that would fail writes nothing: the Fields column says why, in the window's
    words, not "E-mail: – → <message>" as if the message were the new value."""
    from desktop_app.sync.results import RecordChange, RecordIssue
    from desktop_app.ui.dialogs.preview_dialog import fields_text

    issue = RecordIssue("C00030", "email", "no e-mail address; Shopify export needs a valid one",
                        code="invalid_email")
    text = fields_text(RecordChange("C00030", "shopify", "fail", issue=issue))
    assert text == "E-mail: no e-mail address; Shopify export needs a valid one"
