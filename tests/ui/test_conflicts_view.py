"""Issue 19 in the window: the Customers tab's Conflicts view lists the customer fields changed
both here and in Shopify (two-way edits), counts them in the tab's problems, and Keep Shopify
/ Keep local (real clicks) write the kept value to the other side, through the same engine as
`shop-sync conflicts resolve`. The real window, engine and service with the built-in demo shop
(in-process); English and French; screenshots in test-artifacts/screenshots/.

Control: with `sync.conflicts.two_way` always False the sync overwrites the local e-mails
with Shopify's, lists no conflict, and the row assertions fail.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from demo_shops import shop_gql
from PySide6.QtCore import Qt
from ui_helpers import SCREENSHOTS, wait_until, window_in_language

from desktop_app.app import DEMO_SETTINGS
from desktop_app.store import conflicts, customer_templates, shops
from desktop_app.store.customers import customers_for_cli, get_customer, update_customer
from desktop_app.sync.results import Resource
from desktop_app.ui.tabs.customers.conflicts_view import LOCAL_VALUE, NO, SHOPIFY_VALUE

pytestmark = pytest.mark.slow  # two real syncs of the demo shop

UPDATE = """
mutation U($input: CustomerInput!) {
  customerUpdate(input: $input) { customer { id } userErrors { field message } }
}"""
READ = "query R($id: ID!) { customer(id: $id) { email } }"

WORDS = {
    "en": {"tab": "Conflicts (2)", "field": "E-mail", "local": "Keep &local",
           "shopify": "Keep Sho&pify", "history": "Customer conflicts"},
    "fr": {"tab": "Conflits (2)", "field": "E-mail", "local": "Garder &local",
           "shopify": "Garder Sho&pify", "history": "Conflits clients"},
}


async def _sync(context):
    result = await context.engine.sync("DEMO", Resource.CUSTOMERS)
    assert result is not None and not result.cancelled
    return result


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_conflicts_are_listed_counted_and_resolved_either_way_with_clicks(
        language, qtbot, context):
    customer_templates.save_customer_template(
        {"code": "RETAIL", "description": "Retail customers", "category": "person"})
    shops.update_shop_settings("DEMO", {**DEMO_SETTINGS, "shopify_can_update_customers": True,
                                        "can_update_shopify_customers": True})
    await _sync(context)
    linked = sorted((c["no"], c["shopify_id"]) for c in customers_for_cli("DEMO")
                    if c["shopify_id"] and c["email"])[:2]
    (ann, ann_gid), (bob, bob_gid) = linked
    demo = context.services.demo_shops._shops["DEMO"]
    # Shopify's times are in seconds: the edits below must not be taken for the run's own
    # echo. The demo shop's clock moves on a second instead of the test waiting one.
    demo.backend.advance_clock(timedelta(seconds=1.1))
    for no, gid in linked:
        data = await shop_gql(demo, UPDATE, {"input": {"id": gid,
                                                       "email": f"{no.lower()}.web@example.com"}})
        assert data["customerUpdate"]["userErrors"] == []
        update_customer(no, {"email": f"{no.lower()}.desk@example.com"})
    await _sync(context)
    assert get_customer(ann).email == f"{ann.lower()}.desk@example.com"  # not overwritten

    words = WORDS[language]
    async with window_in_language(language, qtbot, context, 1400, 900) as window:
        tab = window.customers_tab
        window.tabs.setCurrentWidget(tab)
        bar = tab.views.tabBar()
        view = tab.conflicts
        index = tab.views.indexOf(view)
        await wait_until(lambda: tab.views.tabText(index) == words["tab"])
        assert {ann_gid, bob_gid} <= tab.problem_keys("DEMO")
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
        await wait_until(lambda: view.isVisible() and view.model.rowCount() == 2)
        rows = {view.model.item(r, NO).text(): [view.model.item(r, c).text()
                                                for c in range(view.model.columnCount())]
                for r in range(2)}
        assert rows[ann][2:] == [words["field"], f"{ann.lower()}.desk@example.com",
                                 f"{ann.lower()}.web@example.com"]
        assert view.keep_local_button.text() == words["local"]
        assert view.keep_shopify_button.text() == words["shopify"]
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        assert window.grab().save(str(SCREENSHOTS / f"customer_conflicts_{language}.png"))

        resolved = {c.customer_no: c for c in conflicts.list_conflicts("DEMO")}
        # Ann: Keep Shopify (its row clicked first): Shopify's e-mail is written here.
        _click_row(qtbot, view, ann)
        qtbot.mouseClick(view.keep_shopify_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: view.model.rowCount() == 1, timeout=10)
        assert get_customer(ann).email == f"{ann.lower()}.web@example.com"
        assert ann in tab.status_label.text()
        # Bob: Keep local: the local e-mail goes to Shopify.
        _click_row(qtbot, view, bob)
        qtbot.mouseClick(view.keep_local_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: view.model.rowCount() == 0, timeout=10)
        data = await shop_gql(demo, READ, {"id": bob_gid})
        assert data["customer"]["email"] == f"{bob.lower()}.desk@example.com"
        assert get_customer(bob).email == f"{bob.lower()}.desk@example.com"
        assert conflicts.list_conflicts("DEMO") == []
        assert tab.views.tabText(index) in ("Conflicts", "Conflits")
        assert not {ann_gid, bob_gid} & tab.problem_keys("DEMO")
        assert not view.keep_local_button.isEnabled()

        # Each resolution is its own run in the history, filterable (not an order action).
        history = window.show_history()
        combo = history.resource_combo
        combo.setCurrentIndex(combo.findData("customer-conflicts"))
        assert combo.currentText() == words["history"]
        runs = [history.runs_model.run(r) for r in range(history.runs_model.rowCount())]
        assert [(r.resource, r.message) for r in runs] == [
            ("customer-conflicts", f"conflicts resolve {c.id} --take {t}")
            for c, t in ((resolved[bob], "local"), (resolved[ann], "shopify"))]
        combo.setCurrentIndex(combo.findData("order-actions"))
        assert history.runs_model.rowCount() == 0
        history.close()


def _click_row(qtbot, view, no: str) -> None:
    row = next(r for r in range(view.model.rowCount()) if view.model.item(r, NO).text() == no)
    for column in (LOCAL_VALUE, SHOPIFY_VALUE):
        assert view.model.item(row, column).text()
    rect = view.table.visualRect(view.model.index(row, LOCAL_VALUE))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.current_conflict().customer_no == no
