"""Issue 18 (UX review §4, §6, §7, summary item 11): names, e-mails and order numbers instead
of Shopify ids in the sync log, the history, the customers' Shopify link column and the gift
cards; a double-click or Enter on a log or history row opens its record; "Open in Shopify
admin"; a history dialog wide enough for its Message column, with a duration. English and
French, through the window's real keys and clicks.

Control: before issue 18 the log and the history showed `gid://shopify/Customer/...`, the
link column "Linked (8100000000134)", a gift card "Sold on order gid://shopify/Order/...";
a double-click on a row did nothing, and the history opened at 1000x620 with API cost and
Requests before the message, and no duration.
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import pytest
from PySide6.QtCore import QRect, Qt
from test_orders_tab import SHOP, _sync, demo_orders  # noqa: F401 (fixture)
from ui_helpers import wait_until, window_in_language

from desktop_app.records.customers import CustomerRecord
from desktop_app.records.gift_cards import GiftCardRecordIn
from desktop_app.store import customers, gift_cards, shopify_customers, shops
from desktop_app.store import orders as order_store
from desktop_app.store.models import SyncRun
from desktop_app.store.runs import finish_run, start_run
from desktop_app.sync.results import RecordIssue, SyncResult
from desktop_app.ui.models import record_names
from desktop_app.ui.models.customer_table_model import Column as CustomerColumn
from desktop_app.ui.models.gift_card_table_model import CARD_ROLE, GiftCardColumn
from desktop_app.ui.models.history_models import ErrorColumn, RunColumn
from desktop_app.ui.models.shopify_customer_table_model import ShopifyColumn
from desktop_app.ui.models.sync_log_model import Column as LogColumn
from desktop_app.ui.tabs.customers.tab import VIEW_SHOPIFY

LUCAS = "gid://shopify/Customer/8100000000134"
EMMA = "gid://shopify/Customer/8100000000200"
NOT_IMPORTED = "gid://shopify/Order/8100000001802"
LUCAS_UNREAD = "Shopify customer 8100000000134"  # how the log names him until read
TIP = Qt.ItemDataRole.ToolTipRole

TEXTS = {
    "en": {"order": "Shopify order 8100000001802", "linked": "Linked: %1",
           "sold": "Sold on Shopify order 8100000001802", "seconds": "4 s",
           "menu": ("&Open record", "Open in Shopify &admin")},
    "fr": {"order": "Commande Shopify 8100000001802", "linked": "Lié\u00a0: %1",
           "sold": "Vendue sur la commande Shopify 8100000001802", "seconds": "4\u00a0s",
           "menu": ("&Ouvrir l’enregistrement", "Ouvrir dans l’&administration Shopify")},
}


def _seed_customers(shop: str = "DEMO") -> None:
    customers.upsert_customers([{"no": "K0004", "name": "Lucas Lambert",
                                 "email": "lucas@example.com"}])
    shopify_customers.upsert_shopify_customers(shop, [
        CustomerRecord(LUCAS, first_name="Lucas", last_name="Lambert",
                       email="lucas@example.com"),
        CustomerRecord(EMMA, first_name="Emma", last_name="Stone", email="emma@example.com")])
    shopify_customers.link_customer(shop, "K0004", LUCAS, reason="email")


def _seed_run(shop: str, records: list[str], resource: str = "customers") -> int:
    run = start_run(shop, resource)
    result = SyncResult(resource, created=1)
    for record in records:
        result.fail(record, "address", "no address")
    finish_run(run, "partial", result, message="Some records could not be synced")
    started = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    SyncRun.update(started_at=started, finished_at=started + dt.timedelta(seconds=4)
                   ).where(SyncRun.id == run).execute()
    return run


def _double_click(qtbot, view, index) -> None:
    """A real double-click: press and release, then the double-click (QTest's mouseDClick
    alone sends only the last event, which no view takes for a double-click)."""
    pos = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _click_tab(qtbot, window, tab) -> None:
    bar = window.tabs.tabBar()
    pos = bar.tabRect(window.tabs.indexOf(tab)).center()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=pos)


def _row_of(model, column: int, text: str) -> int:
    for row in range(model.rowCount()):
        if model.index(row, column).data() == text:
            return row
    raise AssertionError(f"{text!r} is not shown: "
                         f"{[model.index(r, column).data() for r in range(model.rowCount())]}")


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_log_names_records_and_a_double_click_opens_the_customer(
        language, qtbot, context):
    _seed_customers()
    async with window_in_language(language, qtbot, context, 1400, 900) as window:
        panel = window.log_panel
        for record in (LUCAS, NOT_IMPORTED, "K0004", "line 4"):
            context.engine.issue.emit("DEMO", "customers",
                                      RecordIssue(record, "address", "no address"))
        model = panel.proxy

        def texts() -> list[str]:
            return [model.index(r, LogColumn.RECORD).data() for r in range(model.rowCount())]

        # Named once read (in a worker thread, issue 21); never shown by its raw GID.
        assert not any(text.startswith("gid://") for text in texts())
        await wait_until(lambda: not panel.model.reading and texts()[0] != LUCAS_UNREAD)
        assert texts() == ["Lucas Lambert <lucas@example.com>", TEXTS[language]["order"],
                           "K0004 Lucas Lambert", "line 4"]
        assert model.index(0, LogColumn.RECORD).data(TIP).splitlines()[0] == LUCAS  # kept
        await wait_until(panel.table.isVisible)
        assert window.grab().save(f"/tmp/sync_log_{language}.png")

        # A double-click on the Shopify customer opens its local customer's dialog.
        table = panel.table
        _double_click(qtbot, table, model.index(0, LogColumn.MESSAGE))
        dialog = window.customers_tab.customer_dialog
        assert dialog is not None and dialog.isVisible() and dialog.no == "K0004"
        assert window.tabs.currentWidget() is window.customers_tab
        dialog.close()

        # Enter on a row that names nothing to open does nothing (and is not swallowed).
        table.setCurrentIndex(model.index(3, 0))
        table.setFocus()
        assert not panel.record_actions.open_index(model.index(3, 0))
        qtbot.keyClick(table, Qt.Key.Key_Return)
        assert window.customers_tab.customer_dialog is None or (
            not window.customers_tab.customer_dialog.isVisible())


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_history_names_records_enter_opens_and_the_message_shows(
        language, qtbot, context):
    _seed_customers()
    _seed_run("DEMO", [EMMA, LUCAS, NOT_IMPORTED])
    async with window_in_language(language, qtbot, context, 1400, 900) as window:
        dialog = window.show_history()
        dialog.fit_to_screen(QRect(0, 0, 1400, 900))
        await wait_until(dialog.isVisible)
        errors = dialog.errors_proxy
        texts = sorted(errors.index(r, ErrorColumn.RECORD).data()
                       for r in range(errors.rowCount()))
        assert texts == sorted(["Emma Stone <emma@example.com>",
                                "Lucas Lambert <lucas@example.com>", TEXTS[language]["order"]])
        assert not any(text.startswith("gid://") for text in texts)

        # The runs: a duration; API cost and Requests after the Message, which shows.
        runs = dialog.runs_view
        assert dialog.runs_proxy.index(0, RunColumn.DURATION).data() == TEXTS[language]["seconds"]
        header = runs.horizontalHeader()
        assert header.visualIndex(RunColumn.MESSAGE) < header.visualIndex(RunColumn.API_COST)
        assert runs.isColumnHidden(RunColumn.FINISHED)
        assert dialog.runs_proxy.index(0, RunColumn.MESSAGE).data() == (
            "Some records could not be synced")
        start = header.sectionViewportPosition(RunColumn.MESSAGE)
        assert start + 200 <= runs.viewport().width(), (start, runs.viewport().width())
        assert dialog.grab().save(f"/tmp/history_dialog_{language}.png")

        # Enter on Emma (not linked): the Shopify customers view, searched on her e-mail.
        row = _row_of(errors, ErrorColumn.RECORD, "Emma Stone <emma@example.com>")
        view = dialog.errors_view
        view.setFocus()
        view.setCurrentIndex(errors.index(row, ErrorColumn.MESSAGE))
        qtbot.keyClick(view, Qt.Key.Key_Return)
        tab = window.customers_tab
        assert window.tabs.currentWidget() is tab and tab.current_view() == VIEW_SHOPIFY
        assert tab.search_edit.text() == "emma@example.com"
        assert dialog.isVisible()  # Enter opened the record, it pressed no button

        # The context menu: Open works; no Shopify admin address for the demo shop.
        menu = dialog.record_actions.build_menu(errors.index(row, 0))
        open_action, admin = menu.actions()
        assert open_action.isEnabled() and not admin.isEnabled()
        assert (open_action.text(), admin.text()) == TEXTS[language]["menu"]
        menu.deleteLater()


async def test_open_in_shopify_admin_builds_the_admin_address(qtbot, context):
    shops.create_shop("REAL", domain="my-store.myshopify.com")
    _seed_customers("REAL")
    _seed_run("REAL", [LUCAS, NOT_IMPORTED])
    async with window_in_language("en", qtbot, context, 1400, 900) as window:
        dialog = window.show_history()
        dialog.shop_combo.setCurrentIndex(dialog.shop_combo.findData("REAL"))
        errors = dialog.errors_proxy
        urls = {}
        for row in range(errors.rowCount()):
            menu = dialog.record_actions.build_menu(errors.index(row, 0))
            action = next(a for a in menu.actions() if a.objectName() == "open_in_admin_action")
            urls[errors.index(row, ErrorColumn.RECORD).data()] = (action.isEnabled(),
                                                                  action.data())
            menu.deleteLater()
        assert urls == {
            "Lucas Lambert <lucas@example.com>": (
                True, "https://admin.shopify.com/store/my-store/customers/8100000000134"),
            "Shopify order 8100000001802": (
                True, "https://admin.shopify.com/store/my-store/orders/8100000001802"),
        }


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_a_double_click_on_an_order_error_opens_the_order(
        language, demo_orders, qtbot, context):  # noqa: F811
    async with window_in_language(language, qtbot, context, 1400, 900) as window:
        await _sync(window.orders_tab)
        order = order_store.list_orders(SHOP)[0]
        run = _seed_run(SHOP, [order.shopify_id], resource="orders")
        dialog = window.show_history()
        await wait_until(dialog.isVisible)
        assert dialog.select_run(run)
        view, errors = dialog.errors_view, dialog.errors_proxy
        assert errors.index(0, ErrorColumn.RECORD).data() == order.name  # "#1001"
        _double_click(qtbot, view, errors.index(0, ErrorColumn.MESSAGE))
        detail = window.orders_tab.detail_dialog
        assert detail is not None and detail.isVisible()
        assert order.name in detail.windowTitle()
        detail.close()


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_link_column_and_gift_cards_name_instead_of_ids(language, qtbot, context):
    _seed_customers()
    gift_cards.upsert_gift_cards("DEMO", [GiftCardRecordIn(
        "gid://shopify/GiftCard/9001", "a1b2", Decimal(50), Decimal(50), "CAD",
        order_gid=NOT_IMPORTED)])
    async with window_in_language(language, qtbot, context, 1400, 900) as window:
        _click_tab(qtbot, window, window.customers_tab)
        tab = window.customers_tab
        assert window.tabs.currentWidget() is tab
        tab.reload()
        await wait_until(lambda: tab.model.row_of("K0004") >= 0)
        index = tab.model.index(tab.model.row_of("K0004"), CustomerColumn.SHOPIFY)
        assert index.data() == TEXTS[language]["linked"].replace(
            "%1", "Lucas Lambert <lucas@example.com>")
        assert index.data(TIP) == LUCAS
        # The Shopify customers view names the linked local customer, not only its number.
        bar = tab.views.tabBar()
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton,
                         pos=bar.tabRect(VIEW_SHOPIFY).center())
        shopify = tab.shopify_model
        await wait_until(lambda: shopify.row_of(LUCAS) >= 0)
        assert shopify.index(shopify.row_of(LUCAS), ShopifyColumn.LOCAL_NO).data() == (
            "K0004 Lucas Lambert")

        _click_tab(qtbot, window, window.gift_cards_tab)
        cards = window.gift_cards_tab
        assert window.tabs.currentWidget() is cards
        cards.reload()
        model = cards.table.model()
        row = next(r for r in range(model.rowCount())
                   if model.index(r, 0).data(CARD_ROLE) == "gid://shopify/GiftCard/9001")
        issued = model.index(row, GiftCardColumn.ISSUED)
        assert issued.data() == TEXTS[language]["sold"]
        assert issued.data(TIP) == NOT_IMPORTED  # the GID stays at hand


async def test_hundreds_of_rows_are_named_in_one_batch(qtbot, context, monkeypatch):
    _seed_customers()
    calls = []
    real = record_names.names.find_records

    def counting(shop, records):
        calls.append(shop)
        return real(shop, records)

    monkeypatch.setattr(record_names.names, "find_records", counting)
    async with window_in_language("en", qtbot, context, 1400, 900) as window:
        panel = window.log_panel
        started = time.perf_counter()
        for n in range(600):
            record = LUCAS if n % 3 == 0 else f"gid://shopify/Customer/{9000 + n}"
            context.engine.issue.emit("DEMO", "customers",
                                      RecordIssue(record, "address", "no address"))
        panel.table.scrollToTop()
        assert panel.grab().width() > 0  # painted: the visible rows ask for their names
        model = panel.proxy

        def texts() -> list[str]:
            return [model.index(r, LogColumn.RECORD).data() for r in range(model.rowCount())]

        await wait_until(lambda: texts()[0] == "Lucas Lambert <lucas@example.com>")
        await wait_until(lambda: not panel.model.reading)
        assert calls.count("DEMO") <= 3, calls  # a few batches for 600 rows, not one a row
        assert texts()[0] == "Lucas Lambert <lucas@example.com>"
        assert texts()[1] == "Shopify customer 9001"
        assert time.perf_counter() - started < 5

        _seed_run("DEMO", [f"gid://shopify/Customer/{9000 + n}" for n in range(500)])
        calls.clear()
        dialog = window.show_history()
        assert dialog.errors_model.rowCount() == 500
        assert calls.count("DEMO") == 1, calls
