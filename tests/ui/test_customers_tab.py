"""The Customers tab: paged model, debounced search and filters, reload on engine.changed."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt

from desktop_app.records.customers import CustomerRecord
from desktop_app.store import customers, shopify_customers, shops
from desktop_app.ui.models.customer_table_model import (
    NO_ROLE,
    SORT_ROLE,
    Column,
    CustomerFilter,
    CustomerTableModel,
)
from ui_helpers import wait_until

ROWS = [
    {"no": "C00001", "name": "Ada Lovelace", "email": "ada@example.com", "country": "GB"},
    {"no": "C00002", "name": "grace Hopper", "email": "grace@example.com", "country": "US",
     "phone": "+12125550100", "web_upload": True},
    {"no": "C00003", "name": "Alan Turing", "email": "alan@example.org", "country": "GB"},
]


def _many(count: int) -> list[dict]:
    return [{"no": f"L{i:03d}", "name": f"Customer {i}", "email": f"c{i}@example.com"}
            for i in range(count)]


def test_model_passes_qt_model_checks_and_pages(qtmodeltester, db):
    shops.create_shop("WEB", domain="web.myshopify.com")  # Web Upload ticks need a card
    customers.upsert_customers(ROWS)
    model = CustomerTableModel(page_size=2)
    model.reload()
    assert model.rowCount() == 2 and model.total() == 3 and model.canFetchMore()
    qtmodeltester.check(model)  # the tester fetches the rest
    model.fetchMore()
    assert model.rowCount() == 3 and not model.canFetchMore()
    assert model.columnCount() == len(Column)
    assert model.headerData(Column.SHOPIFY, Qt.Orientation.Horizontal) == "Shopify link"
    assert model.data(model.index(1, Column.WEB_UPLOAD)) == "Assigned"
    assert model.data(model.index(0, Column.WEB_UPLOAD)) == ""
    assert model.data(model.index(1, Column.NAME), SORT_ROLE) == "grace hopper"
    assert model.data(model.index(2, Column.NAME), NO_ROLE) == "C00003"


def test_model_sorts_in_the_store_by_every_column(db):
    # (a model of its own: Qt's model tester calls fetchMore inside its reset handler)
    shops.create_shop("WEB", domain="web.myshopify.com")  # Web Upload ticks need a card
    customers.upsert_customers(ROWS)
    model = CustomerTableModel(page_size=2)
    model.sort(Column.NAME, Qt.SortOrder.DescendingOrder)  # SQLite compares bytes: g > A
    assert [model.customer(r).no for r in range(model.rowCount())] == ["C00002", "C00003"]
    model.sort(Column.PHONE)  # empty phones first
    assert [model.customer(r).no for r in range(model.rowCount())] == ["C00001", "C00003"]
    model.sort(Column.NO)
    assert model.customer(0).no == "C00001"


def test_check_all_matching_ticks_rows_not_loaded_yet(db):
    customers.upsert_customers(_many(50))
    model = CustomerTableModel(page_size=5)
    model.set_filter(CustomerFilter(search="Customer 1"))  # 1, 10..19
    assert model.rowCount() == 5 and model.total() == 11
    assert model.check_all_matching() == 11
    assert model.checked_count() == 11 and "L019" in model.checked_nos()
    assert model.data(model.index(0, Column.CHECK), Qt.ItemDataRole.CheckStateRole) == \
        Qt.CheckState.Checked
    model.set_filter(CustomerFilter(search="Customer 2"))
    assert model.data(model.index(0, Column.CHECK), Qt.ItemDataRole.CheckStateRole) == \
        Qt.CheckState.Unchecked
    assert model.setData(model.index(0, Column.CHECK), Qt.CheckState.Checked.value,
                         Qt.ItemDataRole.CheckStateRole)
    assert model.checked_count() == 12  # ticks survive a new search
    model.clear_checked()
    assert model.checked_nos() == []


async def test_search_is_debounced_and_done_in_sql(window):
    customers.upsert_customers(ROWS)
    tab = window.customers_tab
    window.tabs.setCurrentWidget(tab)
    tab.reload()
    assert tab.count_label.text() == "Customers: 3"
    assert not tab.table.is_showing_empty_text()
    tab.search_edit.setText("gb")  # country is not searched: nothing for "gb"
    assert tab.model.total() == 3, "the search waits for typing to pause"
    await wait_until(lambda: tab.model.total() == 0)
    assert tab.table.is_showing_empty_text()
    assert tab.table.empty_text() == "No customer matches the search and filters."
    tab.search_edit.setText("example.com")
    await wait_until(lambda: tab.model.total() == 2)
    assert tab.count_label.text() == "Customers: 2"
    tab.search_edit.setText("212 555")  # digits find the phone
    await wait_until(lambda: tab.model.total() == 1)
    assert tab.model.customer(0).no == "C00002"
    tab.search_edit.clear()
    await wait_until(lambda: tab.model.total() == 3)
    tab.table.horizontalHeader().setSortIndicator(Column.NAME, Qt.SortOrder.AscendingOrder)
    names = [tab.model.index(r, Column.NAME).data() for r in range(3)]
    assert names == ["Ada Lovelace", "Alan Turing", "grace Hopper"]
    tab.table.horizontalHeader().setSortIndicator(Column.COUNTRY, Qt.SortOrder.DescendingOrder)
    assert tab.table.horizontalHeader().sortIndicatorSection() == Column.COUNTRY
    assert tab.model.index(0, Column.COUNTRY).data() == "US"


async def test_link_state_and_web_upload_filters(window):
    customers.upsert_customers(ROWS)
    shopify_customers.upsert_shopify_customers("DEMO", [
        CustomerRecord("gid://shopify/Customer/7", first_name="Ada",
                       email="ada@example.com")])
    shopify_customers.link_customer("DEMO", "C00001", "gid://shopify/Customer/7", reason="email")
    tab = window.customers_tab
    tab.reload()
    row = tab.model.row_of("C00001")
    assert tab.model.index(row, Column.SHOPIFY).data() == "Linked: Ada <ada@example.com>"
    assert tab.model.index(row, Column.SHOPIFY).data(Qt.ItemDataRole.ToolTipRole) == (
        "gid://shopify/Customer/7")  # the id stays at hand
    assert tab.model.index(row, Column.REASON).data() == "Same e-mail"
    combo = tab.link_filter_combo
    combo.setCurrentIndex(combo.findData("linked"))
    assert [tab.model.customer(r).no for r in range(tab.model.rowCount())] == ["C00001"]
    combo.setCurrentIndex(combo.findData("unlinked"))
    assert tab.model.total() == 2
    tab.web_upload_check.setChecked(True)
    assert [tab.model.customer(r).no for r in range(tab.model.rowCount())] == ["C00002"]
    combo.setCurrentIndex(combo.findData("all"))
    tab.web_upload_check.setChecked(False)
    assert tab.model.total() == 3
    tab.views.setCurrentIndex(1)  # Shopify customers: the same filter bar applies there
    assert not tab.web_upload_check.isEnabled()
    assert tab.shopify_model.rowCount() == 1
    assert tab.shopify_model.index(0, 4).data() == "C00001 Ada Lovelace"  # issue 18
    combo.setCurrentIndex(combo.findData("unlinked"))
    assert tab.shopify_model.rowCount() == 0 and tab.shopify_table.is_showing_empty_text()


async def test_reloads_when_the_engine_says_customers_changed(window, context):
    tab = window.customers_tab
    assert tab.model.rowCount() == 0 and tab.table.is_showing_empty_text()
    customers.upsert_customers(ROWS[:1])
    context.engine.changed.emit("orders")
    await asyncio.sleep(0.05)
    assert tab.model.rowCount() == 0
    context.engine.changed.emit("customers")  # the lists are read again in a worker thread
    await wait_until(lambda: tab.model.rowCount() == 1)


async def test_after_a_sync_the_lists_are_read_off_the_event_loop(window, context,
                                                                   monkeypatch):
    # At 100,000 customers the review list took 1.8 s and the local list 60-150 ms to read:
    # after `changed` the tab reads all three in worker threads and only applies them here.
    import threading

    from desktop_app.store.database import DB

    tab = window.customers_tab
    customers.upsert_customers(ROWS)
    loop_thread = threading.get_ident()
    on_loop: list[str] = []
    execute_sql = DB.obj.execute_sql

    def watched(sql, *args, **kwargs):
        if threading.get_ident() == loop_thread:
            on_loop.append(sql)
        return execute_sql(sql, *args, **kwargs)

    monkeypatch.setattr(DB.obj, "execute_sql", watched)
    resets: list[str] = []
    for name, model in (("local", tab.model), ("shopify", tab.shopify_model),
                        ("review", tab.review_model)):
        model.modelReset.connect(lambda name=name: resets.append(name))
    context.engine.changed.emit("customers")
    await wait_until(lambda: {"local", "shopify", "review"} <= set(resets))
    assert tab.model.total() == 3
    assert on_loop == []


def test_people_and_companies_are_told_apart(db):
    customers.upsert_customers([
        {"no": "P1", "name": "Ann Lee", "category": "person"},
        {"no": "O1", "name": "Atelier Brun", "category": "organisation"},
    ])
    model = CustomerTableModel()
    model.reload()
    kinds = {model.customer(r).no: model.data(model.index(r, Column.KIND))
             for r in range(model.rowCount())}
    assert kinds == {"P1": "Person", "O1": "Company"}
    assert model.headerData(Column.KIND, Qt.Orientation.Horizontal) == "Type"
