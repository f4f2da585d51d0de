"""Gift Cards tab with the real window and store: issued cards (sold on an imported order or
made in Shopify), amounts applied as payment on imported orders, balances, filters, summary;
screenshot test-artifacts/screenshots/gift_cards_tab.png."""

from __future__ import annotations

from decimal import Decimal

from test_orders_tab import SHOP, _sync, demo_orders  # noqa: F401 (fixture)
from ui_helpers import SCREENSHOTS, wait_until

from desktop_app.records.gift_cards import GiftCardRecordIn
from desktop_app.store import gift_cards
from desktop_app.store import orders as order_store
from desktop_app.ui.models.gift_card_table_model import CARD_ROLE, GiftCardColumn
from desktop_app.ui.models.order_labels import format_money

SOLD = "gid://shopify/GiftCard/9001"
MANUAL = "gid://shopify/GiftCard/9002"
SPENT = "gid://shopify/GiftCard/9003"


def _cell(tab, gid: str, column: int) -> str:
    model = tab.table.model()
    for r in range(model.rowCount()):
        if model.index(r, 0).data(CARD_ROLE) == gid:
            return model.index(r, column).data()
    raise AssertionError(f"{gid} is not shown")


def _shown(tab) -> set[str]:
    model = tab.table.model()
    return {model.index(r, 0).data(CARD_ROLE) for r in range(model.rowCount())}


async def test_issued_and_applied_cards_with_balances(demo_orders, window):  # noqa: F811
    window.resize(1280, 800)
    await _sync(window.orders_tab)
    orders = order_store.list_orders(SHOP)
    seller, payer = orders[0], orders[1]
    record = order_store.load_order_record(SHOP, payer.shopify_id)
    payment = next(t for t in record.transactions
                   if t.kind in ("SALE", "CAPTURE") and t.status == "SUCCESS")
    currency = record.currency

    card = GiftCardRecordIn
    gift_cards.upsert_gift_cards(SHOP, [
        card(SOLD, "a1b2", Decimal("50"), Decimal("50"), currency,
             order_gid=seller.shopify_id),
        card(MANUAL, "c3d4", payment.amount.shop + 40, Decimal("40"), currency),
        card(SPENT, "e5f6", Decimal("25"), Decimal("0"), currency),
    ])
    gift_cards.set_transaction_gift_card(payment.shopify_id, MANUAL)

    window.tabs.setCurrentWidget(window.gift_cards_tab)
    tab = window.gift_cards_tab
    await wait_until(tab.isVisible)
    tab.reload()
    assert _shown(tab) == {SOLD, MANUAL, SPENT}
    assert _cell(tab, SOLD, GiftCardColumn.CARD) == "•••• a1b2"
    assert _cell(tab, SOLD, GiftCardColumn.ISSUED) == f"Sold on order {seller.name}"
    assert _cell(tab, MANUAL, GiftCardColumn.ISSUED) == "Made in Shopify"
    assert _cell(tab, MANUAL, GiftCardColumn.APPLIED) == \
        f"{format_money(payment.amount.shop, currency)} (orders: 1)"
    assert _cell(tab, SOLD, GiftCardColumn.APPLIED) == ""
    assert _cell(tab, MANUAL, GiftCardColumn.BALANCE) == \
        format_money(Decimal("40"), currency)
    assert _cell(tab, SOLD, GiftCardColumn.STATE) == "Unused"
    assert _cell(tab, MANUAL, GiftCardColumn.STATE) == "Partly used"
    assert _cell(tab, SPENT, GiftCardColumn.STATE) == "Used up"
    balance = Decimal("90")
    assert tab.summary_label.text() == \
        f"Gift cards: 3; balance left on active cards: {format_money(balance, currency)}"

    for key, expected in (("balance", {SOLD, MANUAL}), ("issued", {SOLD}),
                          ("applied", {MANUAL}), ("all", {SOLD, MANUAL, SPENT})):
        tab.show_combo.setCurrentIndex(tab.show_combo.findData(key))
        assert _shown(tab) == expected, key

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().toImage().save(str(SCREENSHOTS / "gift_cards_tab.png"))


def test_empty_shop_says_where_cards_come_from(qtbot, context):
    from desktop_app.ui.tabs.gift_cards_tab import GiftCardsTab

    tab = GiftCardsTab(context.engine)
    qtbot.addWidget(tab)
    tab.set_shop(SHOP)
    assert tab.model.rowCount() == 0
    assert tab.table.is_showing_empty_text()
    assert tab.summary_label.text() == ""
    assert tab.sync_button.isEnabled()
