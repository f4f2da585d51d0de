"""The Customers tab: model, search, reload on engine.changed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.store import queries
from desktop_app.ui.models.customer_table_model import NO_ROLE, SORT_ROLE, Column, CustomerTableModel

ROWS = [
    {"no": "C00001", "name": "Ada Lovelace", "email": "ada@example.com", "country": "GB"},
    {"no": "C00002", "name": "grace Hopper", "email": "grace@example.com", "country": "US",
     "phone": "+12125550100", "web_upload": True},
    {"no": "C00003", "name": "Alan Turing", "email": "alan@example.org", "country": "GB"},
]


def test_model_passes_qt_model_checks(qtmodeltester, db):
    queries.upsert_customers(ROWS)
    model = CustomerTableModel()
    model.reload()
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and model.columnCount() == len(Column)
    assert model.headerData(Column.SHOPIFY, Qt.Orientation.Horizontal) == "Shopify link"
    grace = model.index(1, Column.WEB_UPLOAD)
    assert model.data(grace, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.data(model.index(1, Column.NAME), SORT_ROLE) == "grace hopper"
    assert model.data(model.index(2, Column.NAME), NO_ROLE) == "C00003"


async def test_search_filters_and_counts(window):
    queries.upsert_customers(ROWS)
    tab = window.customers_tab
    window.tabs.setCurrentWidget(tab)
    tab.reload()
    assert tab.count_label.text() == "Customers: 3"
    assert not tab.table.is_showing_empty_text()
    tab.search_edit.setText("gb")
    assert tab.proxy.rowCount() == 2
    assert tab.count_label.text() == "Customers: 2 of 3"
    tab.search_edit.setText("nobody-here")
    assert tab.proxy.rowCount() == 0 and tab.table.is_showing_empty_text()
    assert tab.table.empty_text() == "No customer matches the search."
    tab.search_edit.clear()
    tab.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
    names = [tab.proxy.index(r, Column.NAME).data() for r in range(3)]
    assert names == ["Ada Lovelace", "Alan Turing", "grace Hopper"]


async def test_reloads_when_the_engine_says_customers_changed(window, context):
    tab = window.customers_tab
    assert tab.model.rowCount() == 0 and tab.table.is_showing_empty_text()
    queries.upsert_customers(ROWS[:1])
    context.engine.changed.emit("orders")
    assert tab.model.rowCount() == 0
    context.engine.changed.emit("customers")
    assert tab.model.rowCount() == 1
