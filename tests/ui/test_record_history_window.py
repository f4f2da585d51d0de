"""Issue 19 in the window: what each sync changed on a customer, on the customer's record.

The real window, engine and service with the built-in demo shop (in-process): a first sync
makes the local customers; a name changed in Shopify comes down (local side); the city edited
in the customer dialog with the keyboard goes up (Shopify side). The customer's History
button (a real click) lists those changes newest first, old -> new, on the right side, in
English and in French; the order details' History button lists its order's changes.

Control: with `record_history.add_changes` doing nothing (no change stored with its run) the
dialog shows "No sync has changed this record yet." and the row assertions fail.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from demo_shops import shop_gql
from PySide6.QtCore import Qt
from ui_helpers import wait_until, window_in_language

from desktop_app.app import DEMO_SETTINGS
from desktop_app.store import customer_templates, shops
from desktop_app.store.customers import customers_for_cli, get_customer
from desktop_app.sync.results import Resource
from desktop_app.ui.issue_texts import field_text
from desktop_app.ui.tabs.customers.tab import VIEW_LOCAL

pytestmark = pytest.mark.slow  # three real syncs of the demo shop

UPDATE = """
mutation U($input: CustomerInput!) {
  customerUpdate(input: $input) { customer { id } userErrors { field message } }
}"""

WORDS = {
    "en": {"shopify": "Shopify", "local": "Local", "updated": "Updated", "created": "Created",
           "city": "City", "button": "&History…", "runs": "Customers"},
    "fr": {"shopify": "Shopify", "local": "Local", "updated": "Mis à jour", "created": "Créé",
           "city": "Ville", "button": "&Historique…", "runs": "Clients"},
}


async def _sync(context) -> None:
    result = await context.engine.sync("DEMO", Resource.CUSTOMERS)
    assert result is not None and not result.cancelled


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_the_customer_dialogs_history_shows_both_sides_old_to_new(
        language, qtbot, context):
    customer_templates.save_customer_template(
        {"code": "RETAIL", "description": "Retail customers", "category": "person"})
    shops.update_shop_settings("DEMO", {**DEMO_SETTINGS, "shopify_can_update_customers": True})
    await _sync(context)
    linked = [c for c in customers_for_cli("DEMO") if c["shopify_id"]]
    no, gid = next((c["no"], c["shopify_id"]) for c in linked
                   if get_customer(c["no"]).city and get_customer(c["no"]).name)
    before = get_customer(no)

    # Shopify -> local: the e-mail changed in Shopify (Shopify's times are in seconds: an
    # edit in the second of the run's own writes would be taken for its echo): the demo
    # shop's clock moves on a second instead of the test waiting one.
    demo = context.services.demo_shops._shops["DEMO"]
    demo.backend.advance_clock(timedelta(seconds=1.1))
    data = await shop_gql(demo, UPDATE, {"input": {"id": gid, "email": "moved@example.com"}})
    assert data["customerUpdate"]["userErrors"] == []
    await _sync(context)
    assert get_customer(no).email == "moved@example.com"

    shops.update_shop_settings("DEMO", {"shopify_can_update_customers": False,
                                        "can_update_shopify_customers": True})
    words = WORDS[language]
    async with window_in_language(language, qtbot, context, 1400, 900) as window:
        tab = window.customers_tab
        window.tabs.setCurrentWidget(tab)
        tab.views.setCurrentIndex(VIEW_LOCAL)
        tab.reload()
        local = tab.local
        await wait_until(lambda: local.model.row_of(no) >= 0)
        # Local -> Shopify: the city typed in the customer dialog, saved, then synced.
        dialog = await _open_customer(qtbot, tab, no)
        city = dialog.edits["city"]
        city.selectAll()
        qtbot.keyClicks(city, "Newcastle")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: get_customer(no).city == "Newcastle")
        await _sync(context)

        dialog = await _open_customer(qtbot, tab, no)
        assert dialog.history_button.text() == words["button"]
        qtbot.mouseClick(dialog.history_button, Qt.MouseButton.LeftButton)
        history = dialog.history_dialog
        await wait_until(lambda: history is not None and history.isVisible())
        rows = [history.cells(r) for r in range(history.table.rowCount())]
        # (when, run, side, action, field, old, new), newest first
        assert [r[2:] for r in rows[:3]] == [
            [words["shopify"], words["updated"], field_text("city"), before.city, "Newcastle"],
            [words["local"], words["updated"], field_text("city"), before.city, "Newcastle"],
            [words["local"], words["updated"], field_text("email"), before.email,
             "moved@example.com"],
        ], rows[:3]
        assert words["runs"] in rows[0][1] and "(DEMO)" in rows[0][1]
        creates = [r for r in rows[3:] if r[3] == words["created"]]
        assert creates and len(creates) == len(rows) - 3
        assert [field_text("name"), "", before.name] in [r[4:] for r in creates]
        assert no in history.windowTitle()
        history.close()
        dialog.close()


async def _open_customer(qtbot, tab, no: str):
    """Click the customer's row, then Edit…: its dialog."""
    view = tab.local.table
    await wait_until(lambda: tab.local.model.row_of(no) >= 0)
    index = _view_index(view, no)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(index).center())
    qtbot.mouseClick(tab.local.edit_button, Qt.MouseButton.LeftButton)
    dialog = tab.customer_dialog
    assert dialog is not None and dialog.no == no
    return dialog


def _view_index(view, no: str):
    """The cell of the view that shows the customer number `no`."""
    model = view.model()
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            if model.index(row, column).data() == no:
                return model.index(row, column)
    raise AssertionError(f"{no} is not shown")


async def test_the_order_details_history_lists_its_import_and_its_document(qtbot, context,
                                                                          tmp_path):
    from test_orders_tab import _click_action
    from test_orders_tab import _sync as sync_orders_tab
    from ui_helpers import demo_orders_shop

    from desktop_app.store import orders as order_store
    from desktop_app.ui.main_window import MainWindow

    shop = demo_orders_shop(tmp_path / "data", "DEMO", orders=6, auto_create_orders=False)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    tab = window.orders_tab
    window.tabs.setCurrentWidget(tab)
    await wait_until(tab.isVisible)
    await sync_orders_tab(tab)
    gid = next(r.shopify_id for r in order_store.list_orders(shop) if not r.has_error)
    tab.views.setCurrentIndex(1)
    tab.select_orders([gid])
    result = await _click_action(tab, tab.create_button, "create")
    assert result.created == 1, result.errors
    row = order_store.get_order(shop, gid)
    tab.select_orders([gid])
    qtbot.mouseClick(tab.details_button, Qt.MouseButton.LeftButton)
    detail = tab.detail_dialog
    await wait_until(lambda: detail is not None and detail.isVisible())
    qtbot.mouseClick(detail.history_button, Qt.MouseButton.LeftButton)
    history = detail.history_dialog
    await wait_until(lambda: history is not None and history.isVisible())
    rows = [history.cells(r) for r in range(history.table.rowCount())]
    # Newest first: the document made from the order (an order action), then its import.
    assert [r[2:4] for r in rows] == [["Local", "Created"]] * len(rows), rows
    runs = list(dict.fromkeys(r[1] for r in rows))
    assert len(runs) == 2 and "Order actions" in runs[0] and "Orders" in runs[1], runs
    made = {r[4]: r[6] for r in rows if r[1] == runs[0]}
    assert made[field_text("document_no")] == row.document_no
    assert made[field_text("customer_no")] == "WEB"
    imported = {r[4]: r[6] for r in rows if r[1] == runs[1]}
    assert imported[field_text("financial_status")] == row.financial_status
    assert row.name in history.windowTitle()
    history.close()
    detail.close()


MERGE_WORDS = {
    "en": ("Merged", "Customer merged into this one", "What moved"),
    "fr": ("Fusionné", "Client fusionné dans celui-ci", "Ce qui a été repris"),
}


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_a_merged_customer_is_shown_on_the_kept_customers_history(
        language, qtbot, context):
    """The merge note (`customer_merge_note`) on the kept customer: its History dialog
    lists the customer merged into it and what moved. Control: without the notes in
    `record_history.customer_history` no row says "Merged"."""
    from desktop_app.store.customers import upsert_customers
    from desktop_app.sync.customer_merge import merge_customers

    upsert_customers([{"no": "K1", "name": "John Smith", "email": "js@example.com"},
                      {"no": "K2", "name": "Smith John", "email": "JS@example.com"}])
    plan = merge_customers("K1", "K2")  # as the Duplicates view's Merge… does
    merged, field_merged, field_moved = MERGE_WORDS[language]
    async with window_in_language(language, qtbot, context, 1400, 900) as window:
        tab = window.customers_tab
        window.tabs.setCurrentWidget(tab)
        tab.views.setCurrentIndex(VIEW_LOCAL)
        tab.reload()
        dialog = await _open_customer(qtbot, tab, "K1")
        qtbot.mouseClick(dialog.history_button, Qt.MouseButton.LeftButton)
        history = dialog.history_dialog
        await wait_until(lambda: history is not None and history.isVisible())
        rows = [history.cells(r) for r in range(history.table.rowCount())]
        notes = [r[3:] for r in rows if r[3] == merged]
        assert notes == [[merged, field_merged, "", "K2 Smith John"],
                         [merged, field_moved, "", plan.summary()]], rows
        history.close()
        dialog.close()
