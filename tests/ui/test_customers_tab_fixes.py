"""Issue 18's smaller Customers tab fixes, driven by real mouse and key events: every column
sorts on a header click (in SQL), Space ticks the selected row whatever column has the focus,
the pick bar's count reads right for one customer, and ticking the walk-in default customer
for Web Upload asks first."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QStyle, QStyleOptionViewItem

from desktop_app import i18n
from desktop_app.records.customers import CustomerRecord
from desktop_app.store import customers, shopify_customers, shops
from desktop_app.ui.models.customer_table_model import Column
from ui_helpers import wait_until

SHOP = "DEMO"
ROWS = [
    {"no": "C1", "name": "Ann Lee", "email": "ann@x.com", "country": "GB",
     "phone": "+442070000000", "category": "person"},
    {"no": "C2", "name": "Bob Roy", "email": "bob@x.com", "country": "US", "phone": "",
     "category": "organisation"},
    {"no": "C3", "name": "Cy Tam", "email": "cy@x.com", "country": "CA",
     "phone": "+14165550100", "category": "person"},
]


def _tab(window):
    customers.upsert_customers(ROWS)
    tab = window.customers_tab
    window.tabs.setCurrentWidget(tab)
    tab.reload()
    return tab


def _click_header(table, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))


def _nos(tab) -> list[str]:
    return [tab.model.customer(r).no for r in range(tab.model.rowCount())]


def _check_position(table, row: int) -> QPoint:
    index = table.model().index(row, Column.CHECK)
    option = QStyleOptionViewItem()
    option.initFrom(table.viewport())
    option.rect = table.visualRect(index)
    table.itemDelegate().initStyleOption(option, index)
    rect = table.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator,
                                        option, table)
    return rect.center()


def _show_checkboxes(tab) -> None:
    tab.local.set_checkboxes_visible(True)
    assert tab.local.checkboxes_visible()


async def test_every_column_sorts_on_a_header_click(window):
    customers.upsert_customers(ROWS)
    shopify_customers.upsert_shopify_customers(SHOP, [
        CustomerRecord("gid://shopify/Customer/7", first_name="Cy", email="cy@x.com")])
    shopify_customers.link_customer(SHOP, "C3", "gid://shopify/Customer/7", reason="email")
    tab = _tab(window)
    table = tab.local.table
    table.resize(1400, 400)
    window.resize(1600, 700)
    _show_checkboxes(tab)
    expected = {
        Column.COUNTRY: (["C3", "C1", "C2"], ["C2", "C1", "C3"]),  # CA GB US
        Column.PHONE: (["C2", "C3", "C1"], ["C1", "C3", "C2"]),  # "" +1... +4...
        Column.KIND: (["C2", "C1", "C3"], ["C1", "C3", "C2"]),  # organisation < person
        Column.SHOPIFY: (["C1", "C2", "C3"], ["C3", "C1", "C2"]),  # unlinked first
        Column.REASON: (["C1", "C2", "C3"], ["C3", "C1", "C2"]),
    }
    for column, (ascending, descending) in expected.items():
        _click_header(table, column)
        await wait_until(lambda column=column: table.horizontalHeader()
                         .sortIndicatorSection() == column)
        order = table.horizontalHeader().sortIndicatorOrder()
        first, second = ((ascending, descending) if order == Qt.SortOrder.AscendingOrder
                         else (descending, ascending))
        assert _nos(tab) == first, column
        _click_header(table, column)
        assert _nos(tab) == second, column

    tab.model.set_checked(["C2"])  # the pick column sorts by the ticks
    _click_header(table, Column.CHECK)
    assert table.horizontalHeader().sortIndicatorSection() == Column.CHECK
    nos = _nos(tab)
    assert nos[0] == "C2" or nos[-1] == "C2"
    _click_header(table, Column.CHECK)
    assert _nos(tab) != nos and "C2" in (_nos(tab)[0], _nos(tab)[-1])


async def test_space_ticks_the_selected_row_in_any_column(window):
    tab = _tab(window)
    table = tab.local.table
    _show_checkboxes(tab)
    row = tab.model.row_of("C2")
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(tab.model.index(row, Column.NAME)).center())
    assert table.currentIndex().column() == Column.NAME
    QTest.keyClick(table, Qt.Key.Key_Space)
    assert tab.model.checked_nos() == ["C2"]
    assert tab.local.checked_label.text().startswith("Ticked customers: 1 ")
    assert "1 customers" not in tab.local.checked_label.text()
    QTest.keyClick(table, Qt.Key.Key_Space)
    assert tab.model.checked_nos() == []
    # In the pick column too, once per key press (no double toggle).
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(tab.model.index(row, Column.EMAIL)).center())
    table.setCurrentIndex(tab.model.index(row, Column.CHECK))
    QTest.keyClick(table, Qt.Key.Key_Space)
    assert tab.model.checked_nos() == ["C2"]


async def test_ticking_the_walk_in_customer_asks_first(window):
    shops.update_shop_settings(SHOP, {"default_customer_no": "C1"})
    tab = _tab(window)
    table = tab.local.table
    _show_checkboxes(tab)
    row = tab.model.row_of("C1")
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=_check_position(table, row))
    assert tab.model.checked_nos() == []  # nothing until the merchant says yes
    box = tab.local.walk_in_box
    assert box is not None and box.isVisible()
    assert "walk-in default customer" in box.text()
    assert "rarely" in box.informativeText()
    QTest.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    await wait_until(lambda: tab.local.walk_in_box is None)
    assert tab.model.checked_nos() == []

    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,  # select the row
                     pos=table.visualRect(tab.model.index(row, Column.NAME)).center())
    QTest.keyClick(table, Qt.Key.Key_Space)  # Space asks too
    box = tab.local.walk_in_box
    assert box is not None and box.isVisible()
    QTest.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    await wait_until(lambda: tab.model.checked_nos() == ["C1"])

    other = tab.model.row_of("C3")  # an ordinary customer ticks without a question
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=_check_position(table, other))
    assert tab.model.checked_nos() == ["C1", "C3"] and tab.local.walk_in_box is None


async def test_shopify_customers_sort_on_a_header_click(window):
    shopify_customers.upsert_shopify_customers(SHOP, [
        CustomerRecord("gid://shopify/Customer/1", first_name="Zoe", email="b@x.com",
                       phone="+3"),
        CustomerRecord("gid://shopify/Customer/2", first_name="Abe", email="c@x.com",
                       phone="+1"),
        CustomerRecord("gid://shopify/Customer/3", first_name="Max", email="a@x.com",
                       phone="+2")])
    tab = _tab(window)
    tab.views.setCurrentIndex(1)
    model, table = tab.shopify.model, tab.shopify.table
    await wait_until(lambda: model.rowCount() == 3)

    def names() -> list[str]:
        return [model.index(r, 0).data() for r in range(model.rowCount())]

    assert names() == ["Zoe", "Abe", "Max"]  # by GID until a click
    for column, ascending in ((0, ["Abe", "Max", "Zoe"]), (1, ["Max", "Zoe", "Abe"]),
                              (2, ["Abe", "Max", "Zoe"])):
        _click_header(table, column)
        order = table.horizontalHeader().sortIndicatorOrder()
        expected = ascending if order == Qt.SortOrder.AscendingOrder else ascending[::-1]
        assert names() == expected, column
        _click_header(table, column)
        assert names() == expected[::-1], column


async def test_review_list_sorts_on_a_header_click(window):
    shopify_customers.upsert_shopify_customers(SHOP, [
        CustomerRecord(f"gid://shopify/Customer/{i}", first_name=name, email=f"{name}@y.com")
        for i, name in ((1, "Zed"), (2, "Amy"), (3, "Kim"))])
    for i, note in ((1, "b note"), (2, "c note"), (3, "a note")):
        shopify_customers.set_review_state(SHOP, f"gid://shopify/Customer/{i}", "ambiguous",
                                           note)
    tab = _tab(window)
    tab.views.setCurrentIndex(2)
    model, table = tab.review.model, tab.review.table
    await wait_until(lambda: model.rowCount() == 3)

    def names() -> list[str]:
        return [model.index(r, 0).data() for r in range(model.rowCount())]

    assert names() == ["Zed", "Amy", "Kim"]  # by GID until a click
    for column, ascending in ((0, ["Amy", "Kim", "Zed"]), (4, ["Kim", "Zed", "Amy"])):
        _click_header(table, column)
        order = table.horizontalHeader().sortIndicatorOrder()
        expected = ascending if order == Qt.SortOrder.AscendingOrder else ascending[::-1]
        assert names() == expected, column
        _click_header(table, column)
        assert names() == expected[::-1], column
    before = names()
    assert before != ["Zed", "Amy", "Kim"]
    tab.review.model.reload()  # a reload keeps the order
    assert names() == before


async def test_check_all_shown_asks_before_ticking_the_walk_in_customer(window):
    shops.update_shop_settings(SHOP, {"default_customer_no": "C2"})
    tab = _tab(window)
    _show_checkboxes(tab)
    QTest.mouseClick(tab.local.check_all_button, Qt.MouseButton.LeftButton)
    assert tab.model.checked_nos() == ["C1", "C3"]
    assert tab.status_label.text().startswith("Customers ticked: 2; the walk-in")
    box = tab.local.walk_in_box
    assert box is not None and box.isVisible() and "C2" in box.text()
    QTest.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    await wait_until(lambda: tab.model.checked_nos() == ["C1", "C2", "C3"])


async def test_walk_in_question_and_tick_count_in_french(window):
    app = QApplication.instance()
    previous_locale = QLocale()
    i18n.install_translators(app, "fr")
    try:
        shops.update_shop_settings(SHOP, {"default_customer_no": "C1"})
        tab = _tab(window)
        table = tab.local.table
        _show_checkboxes(tab)
        QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                         pos=table.visualRect(tab.model.index(tab.model.row_of("C1"),
                                                              Column.NAME)).center())
        QTest.keyClick(table, Qt.Key.Key_Space)
        box = tab.local.walk_in_box
        assert box is not None and "client de passage" in box.text()
        assert "rarement" in box.informativeText()
        box.close()
        QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                         pos=table.visualRect(tab.model.index(tab.model.row_of("C3"),
                                                              Column.NAME)).center())
        QTest.keyClick(table, Qt.Key.Key_Space)
        assert tab.local.checked_label.text().startswith("Clients cochés\u00a0: 1 ")
    finally:
        i18n.install_translators(app, "en")
        QLocale.setDefault(previous_locale)
