"""The tabs' widgets keep the object names, accessible names, tooltips and translation contexts
they had before their building was shared (ui/tabs/resource_tab.py, ui/widgets/controls.py):
scripts and tests reach them by these names."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton


async def test_each_resource_tab_names_its_sync_button_and_introduction(window):
    tabs = {"customers": window.customers_tab, "companies": window.companies_tab,
            "orders": window.orders_tab, "gift_cards": window.gift_cards_tab}
    for name, tab in tabs.items():
        button = tab.findChild(QPushButton, f"sync_{name}_button")
        assert button is tab.sync_button, name
        assert button.accessibleName() == button.text() and button.toolTip().endswith("(F5)")
    assert window.customers_tab.sync_button.text() == "Sync Customers"
    assert window.gift_cards_tab.sync_button.text() == "Sync Gift Cards"
    for name in ("companies", "orders", "gift_cards"):
        intro = tabs[name].findChild(QLabel, f"{name}_intro_label")
        assert intro is tabs[name].intro_label and intro.wordWrap(), name


async def test_the_order_views_keep_their_widget_names_and_texts(window):
    orders = window.orders_tab.orders
    assert [b.objectName() for b in (
        orders.details_button, orders.create_button, orders.resync_button,
        orders.mark_paid_button, orders.cancel_button, orders.unlink_button,
        orders.resolve_button)] == [
        "order_details_button", "create_documents_button", "resync_order_button",
        "mark_paid_button", "cancel_order_button", "unlink_documents_button",
        "resolve_conflict_button"]
    assert orders.search_edit.objectName() == "order_search_edit"
    assert orders.search_edit.isClearButtonEnabled()
    assert orders.search_edit.accessibleName() == "Search orders"
    assert orders.search_edit.placeholderText() == "Search by order, customer or document"
    assert [orders.show_combo.itemText(i) for i in range(orders.show_combo.count())] == [
        "All orders", "Waiting for a document", "Processed", "Errors and conflicts"]
    staged = window.orders_tab.staged
    assert (staged.tags_edit.objectName(), staged.tags_edit.accessibleName(),
            staged.tags_edit.placeholderText()) == (
        "tags_filter_edit", "Tags", "Tags, e.g. @*wholesale*")
    assert staged.country_edit.toolTip() == ""
    assert staged.exclude_button.toolTip().endswith("An order comes back when it changes in "
                                                    "Shopify (Del)")
    assert staged.clear_filter_button.objectName() == "clear_order_filter_button"
    assert staged.clear_filter_button.toolTip() == ""
    assert staged.paid_combo.accessibleName() == "Fully paid"
    assert [staged.risk_combo.itemData(i) for i in range(staged.risk_combo.count())] == [
        None, False, True]
    assert staged.financial_combo.itemData(0) == ""
    assert staged.error_label.isHidden() and staged.error_label.wordWrap()
