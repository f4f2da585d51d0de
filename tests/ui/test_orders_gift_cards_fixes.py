"""Issue 18 fixes in the Orders and Gift Cards tabs, with the real window and store: a tab's
status line belongs to the shown shop; an empty list whose rows a filter hides says how many
and offers "Show all"; gift card counts need no "(s)"."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from test_i18n import language  # noqa: F401 (fixture)
from test_orders_tab import SHOP, _sync, demo_orders, tab  # noqa: F401 (fixtures)
from ui_helpers import wait_until

from desktop_app.records.gift_cards import GiftCardRecordIn
from desktop_app.store import gift_cards, shops
from desktop_app.store import orders as order_store
from desktop_app.ui.models.gift_card_table_model import GiftCardColumn

CARD = "gid://shopify/GiftCard/9002"
OTHER = "gid://shopify/GiftCard/9003"


async def test_status_line_belongs_to_the_shown_shop(tab, window, qtbot):  # noqa: F811
    await _sync(tab)
    demo_result = tab.status_label.text()
    assert demo_result.startswith("Sync Orders done:"), demo_result
    shops.create_shop("EU", name="EU shop", is_demo=True)
    window.reload_shops()
    assert window.current_shop() == SHOP

    window.shop_combo.setFocus()
    index = window.shop_combo.findData("EU")
    key = Qt.Key.Key_Down if index > window.shop_combo.currentIndex() else Qt.Key.Key_Up
    qtbot.keyClick(window.shop_combo, key)
    await wait_until(lambda: window.current_shop() == "EU")
    assert tab.shop() == "EU"
    assert tab.status_label.text() == ""  # not the DEMO shop's result

    back = Qt.Key.Key_Up if key == Qt.Key.Key_Down else Qt.Key.Key_Down
    qtbot.keyClick(window.shop_combo, back)
    await wait_until(lambda: window.current_shop() == SHOP)
    assert tab.status_label.text() == demo_result  # the DEMO shop's own last result


def _click_tab(qtbot, window, widget) -> None:
    bar = window.tabs.tabBar()
    index = window.tabs.indexOf(widget)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


async def _gift_cards_texts(qtbot, window) -> tuple[str, str]:
    """The summary and the Applied cell of a card paid with on one imported order, reached
    by clicking the Gift Cards tab and choosing "Applied on orders" with the keyboard."""
    await _sync(window.orders_tab)
    orders = order_store.list_orders(SHOP)
    record = order_store.load_order_record(SHOP, orders[1].shopify_id)
    payment = next(t for t in record.transactions
                   if t.kind in ("SALE", "CAPTURE") and t.status == "SUCCESS")
    gift_cards.upsert_gift_cards(SHOP, [
        GiftCardRecordIn(CARD, "c3d4", payment.amount.shop + 40, Decimal("40"),
                         record.currency),
        GiftCardRecordIn(OTHER, "e5f6", Decimal("25"), Decimal("0"), record.currency)])
    gift_cards.set_transaction_gift_card(payment.shopify_id, CARD)
    cards = window.gift_cards_tab
    _click_tab(qtbot, window, cards)
    await wait_until(cards.isVisible)
    cards.reload()
    cards.show_combo.setFocus()
    while cards.show_combo.currentData() != "applied":
        qtbot.keyClick(cards.show_combo, Qt.Key.Key_Down)
    model = cards.table.model()
    assert model.rowCount() == 1
    return cards.summary_label.text(), model.index(0, GiftCardColumn.APPLIED).data()


async def test_gift_card_counts_need_no_plural_s(demo_orders, window, qtbot):  # noqa: F811
    summary, applied = await _gift_cards_texts(qtbot, window)
    assert summary.startswith("Gift cards: 2; balance left on active cards: "), summary
    assert applied.endswith(" (orders: 1)"), applied
    assert "(s)" not in summary + applied


async def test_gift_card_counts_in_french(demo_orders, context, language, qtbot):  # noqa: F811
    from desktop_app.ui.main_window import MainWindow

    assert language("fr") == "fr"
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    await wait_until(window.isVisible)
    summary, applied = await _gift_cards_texts(qtbot, window)
    assert summary.startswith("Cartes-cadeaux\u00a0: 2\u00a0; solde restant"), summary
    assert applied.endswith(" (commandes\u00a0: 1)"), applied


async def test_empty_lists_say_what_the_filters_hide_and_show_all(tab, window, qtbot):  # noqa: F811
    # A saved filter holds back every order that is not paid: they stay staged, hidden.
    tab.financial_combo.setCurrentIndex(tab.financial_combo.findData("PAID"))
    tab.save_filter_button.click()
    await _sync(tab)
    staged = len(order_store.list_staged(SHOP))
    assert staged and tab.staged_proxy.rowCount() == 0
    _click_view(qtbot, tab, tab.staged)
    table = tab.staged_table
    assert table.shown_empty_text() == (
        f"No staged order matches the filters.\n\nHidden by the filters: {staged}")
    button = table.show_all_button
    assert button.isVisible() and button.text() == "Show all"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert tab.staged_proxy.rowCount() == staged
    assert not button.isVisible() and table.shown_empty_text() == ""

    # The imported orders: a search that matches none.
    _click_view(qtbot, tab, tab.orders)
    imported = tab.order_model.rowCount()
    assert imported
    tab.search_edit.setFocus()
    qtbot.keyClicks(tab.search_edit, "no such order zzz")
    assert tab.order_proxy.rowCount() == 0
    table = tab.orders_table
    assert table.shown_empty_text().endswith(f"Hidden: {imported}")
    assert table.show_all_button.isVisible()
    qtbot.mouseClick(table.show_all_button, Qt.MouseButton.LeftButton)
    assert tab.search_edit.text() == ""
    assert tab.order_proxy.rowCount() == imported
    assert not table.show_all_button.isVisible()


def _click_view(qtbot, orders_tab, view) -> None:
    bar = orders_tab.views.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton,
                     pos=bar.tabRect(orders_tab.views.indexOf(view)).center())
    assert orders_tab.views.currentWidget() is view


async def test_filtered_empty_state_in_french(demo_orders, context, language, qtbot):  # noqa: F811
    from desktop_app.ui.main_window import MainWindow

    assert language("fr") == "fr"
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    await wait_until(window.isVisible)
    orders_tab = window.orders_tab
    _click_tab(qtbot, window, orders_tab)
    await _sync(orders_tab)
    imported = orders_tab.order_model.rowCount()
    _click_view(qtbot, orders_tab, orders_tab.orders)
    orders_tab.search_edit.setFocus()
    qtbot.keyClicks(orders_tab.search_edit, "zzz")
    table = orders_tab.orders_table
    assert table.shown_empty_text() == (
        "Aucune commande importée ne correspond à la recherche ou au choix affiché.\n\n"
        f"Masquées\u00a0: {imported}")
    assert table.show_all_button.text() == "Tout afficher"
    qtbot.mouseClick(table.show_all_button, Qt.MouseButton.LeftButton)
    assert orders_tab.order_proxy.rowCount() == imported
    assert orders_tab.search_edit.text() == ""
