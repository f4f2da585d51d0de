"""The linking dialog is safe (issue 14), driven with real key and mouse events in the real
window: a name-only candidate is listed but not selected; Enter in the search box searches and
never links; a link that would move asks first, naming both customers (Cancel keeps it, "Move
the Link" moves it); customers show by name, e-mail and order numbers, not by Shopify ids.
Screenshots (English and French) in test-artifacts/screenshots/.

Controls (the behaviour before issue 14, each test fails on it): the first candidate was
selected whatever its reason, Link was the default button (Enter in the search box clicked
it), a local customer linked to a Shopify customer got a second link without a word, and the
"Linked to" column showed Shopify ids ("417")."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QLocale, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app import i18n
from desktop_app.records.customers import CustomerRecord
from desktop_app.store import customers, shopify_customers
from desktop_app.store.models import Shop
from desktop_app.store.order_models import ShopifyOrder
from desktop_app.ui.dialogs.link_dialog import LinkDialog
from ui_helpers import SCREENSHOTS, SignalWaiter, wait_until

SHOP = "DEMO"
GID = "gid://shopify/Customer/{}".format
ADDRESS = {"address": "5 Main St", "city": "Toronto", "post_code": "M5H 1A1", "country": "CA"}


def _lamberts() -> None:
    """The ux review's case: Olivia (K0004) is linked to her own Shopify record 417 by
    e-mail; Lucas Lambert's Shopify record 146 shares only the family name with her."""
    customers.upsert_customers([
        {"no": "K0004", "name": "Olivia Lambert", "email": "olivia@example.com", **ADDRESS},
        {"no": "K0007", "name": "Katrin Brown", "email": "katrin@example.com", **ADDRESS},
    ])
    shopify_customers.upsert_shopify_customers(SHOP, [
        CustomerRecord(shopify_id=GID(417), first_name="Olivia", last_name="Lambert",
                       email="olivia@example.com"),
        CustomerRecord(shopify_id=GID(146), first_name="Lucas", last_name="Lambert",
                       email="lucas@example.com"),
    ])
    shopify_customers.set_match(SHOP, GID(417), "K0004", reason="email")
    shop = Shop.get(Shop.code == SHOP)
    for number, gid in (("#1001", 146), ("#1007", 146), ("#1002", 417)):
        ShopifyOrder.create(shop=shop, shopify_id=f"gid://shopify/Order/{number[1:]}",
                            name=number, customer_gid=GID(gid))


def _boxes(parent) -> list[QMessageBox]:
    return [box for box in parent.findChildren(QMessageBox) if box.isVisible()]


def _open(window, **subject) -> LinkDialog:
    dialog = LinkDialog(SHOP, parent=window, **subject)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


async def test_a_name_only_candidate_is_listed_but_not_selected(window):
    _lamberts()
    dialog = _open(window, shopify_id=GID(146))
    await wait_until(dialog.isVisible)
    assert [(c.key, c.reason) for c in dialog.candidates] == [("K0004", "name")]
    assert dialog.selected_candidate() is None
    assert dialog.candidates_table.selectionModel().selectedRows() == []
    assert not dialog.link_button.isEnabled()
    # An e-mail match is still picked for the merchant.
    other = _open(window, shopify_id=GID(417))
    await wait_until(other.isVisible)
    assert other.candidates[0].reason == "email"
    assert other.selected_candidate().key == "K0004" and other.link_button.isEnabled()
    other.close()
    # Two local customers with the e-mail (the review list's case): neither is picked.
    customers.upsert_customers([{"no": "K0005", "name": "O. Lambert",
                               "email": "olivia@example.com", **ADDRESS}])
    both = _open(window, shopify_id=GID(417))
    await wait_until(both.isVisible)
    assert [c.reason for c in both.candidates][:2] == ["email", "email"]
    assert both.selected_candidate() is None and not both.link_button.isEnabled()
    both.close()
    dialog.close()


async def test_enter_in_the_search_box_searches_and_never_links(window):
    _lamberts()
    tab = window.customers_tab
    window.tabs.setCurrentWidget(tab)
    tab.reload()
    tab.table.selectRow(tab.model.row_of("K0007"))
    tab.table.setCurrentIndex(tab.model.index(tab.model.row_of("K0007"), 1))
    # K0007 is linked to nothing; give it an e-mail twin so a candidate is pre-selected.
    shopify_customers.upsert_shopify_customers(SHOP, [CustomerRecord(
        shopify_id=GID(500), first_name="K", last_name="B", email="katrin@example.com")])
    dialog = tab.open_link_dialog()
    await wait_until(dialog.isVisible)
    assert dialog.selected_candidate().key == GID(500)
    QTest.keyClicks(dialog.search_edit, "lambert")
    QTest.keyClick(dialog.search_edit, Qt.Key.Key_Return)
    # Nothing linked, and searched at once (not after the debounce).
    assert shopify_customers.list_links(SHOP, customer_no="K0007") == []
    assert {GID(146), GID(417)} <= {c.key for c in dialog.candidates}
    assert dialog.focusWidget() is dialog.search_edit
    # Shopify candidates by name, with their order numbers; links by local no. and name.
    table = dialog.candidates_table
    rows = {table.item(r, 0).text(): (table.item(r, 5).text(), table.item(r, 6).text())
            for r in range(table.rowCount())}
    assert rows["Olivia Lambert"] == ("K0004 Olivia Lambert", "#1002")
    assert rows["Lucas Lambert"] == ("", "#1007, #1001")
    assert not any("gid://" in t or "417" in t for r in rows.items() for t in (r[0], *r[1]))
    await asyncio.sleep(0.05)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(SCREENSHOTS / "link_dialog_local_search.png"))
    assert shopify_customers.list_links(SHOP, customer_no="K0007") == []
    QTest.keyClick(dialog.search_edit, Qt.Key.Key_Enter)
    await asyncio.sleep(0.05)
    assert shopify_customers.list_links(SHOP, customer_no="K0007") == []
    assert dialog.isVisible() and not _boxes(dialog)
    # Esc with text clears the search; the dialog stays open.
    QTest.keyClick(dialog.search_edit, Qt.Key.Key_Escape)
    assert dialog.search_edit.text() == "" and dialog.isVisible()
    dialog.close()


async def test_moving_a_link_asks_first_naming_both_customers(window):
    _lamberts()
    dialog = _open(window, shopify_id=GID(146))
    await wait_until(dialog.isVisible)
    rect = dialog.candidates_table.visualItemRect(dialog.candidates_table.item(0, 0))
    QTest.mouseClick(dialog.candidates_table.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, rect.center())
    assert dialog.selected_candidate().key == "K0004"
    QTest.mouseClick(dialog.link_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: _boxes(dialog))
    (box,) = _boxes(dialog)
    assert box.text().splitlines()[0] == (
        "Local customer K0004 Olivia Lambert is linked to Shopify customer Olivia Lambert "
        "<olivia@example.com>.")
    assert ("Link local customer K0004 Olivia Lambert to Shopify customer Lucas Lambert "
            "<lucas@example.com> instead? The current link is removed.") in box.text()
    assert box.defaultButton() is box.escapeButton()
    # Nothing moved while the question is open.
    assert shopify_customers.get_shopify_customer(SHOP, GID(417)).customer_no == "K0004"
    assert shopify_customers.get_shopify_customer(SHOP, GID(146)).customer_no is None
    await asyncio.sleep(0.05)
    assert box.grab().save(str(SCREENSHOTS / "link_dialog_move_question.png"))

    links = SignalWaiter(dialog.links_changed)
    QTest.mouseClick(box.findChild(type(dialog.link_button), "link_move_button"),
                     Qt.MouseButton.LeftButton)
    await links.wait()
    assert shopify_customers.get_shopify_customer(SHOP, GID(146)).customer_no == "K0004"
    assert shopify_customers.get_shopify_customer(SHOP, GID(417)).customer_no is None
    assert [k.shopify_id for k in shopify_customers.list_links(SHOP, customer_no="K0004")] == [GID(146)]
    assert dialog.status_label.text() == (
        "Linked local customer K0004 Olivia Lambert to Shopify customer Lucas Lambert "
        "<lucas@example.com>.")
    dialog.close()


async def test_customers_show_by_name_e_mail_and_order_numbers(window):
    _lamberts()
    dialog = _open(window, shopify_id=GID(146))
    await wait_until(dialog.isVisible)
    assert dialog.subject_label.text() == (
        "Shopify customer: Lucas Lambert · lucas@example.com · orders #1007, #1001")
    linked_to = dialog.candidates_table.item(0, 5).text()
    assert linked_to == "Olivia Lambert <olivia@example.com>"
    await asyncio.sleep(0.05)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(SCREENSHOTS / "link_dialog_name_only_not_selected.png"))
    dialog.close()


async def test_the_dialog_in_french(window):
    _lamberts()
    app = QApplication.instance()
    previous_locale = QLocale()
    i18n.install_translators(app, "fr")
    try:
        dialog = _open(window, shopify_id=GID(146))
        await wait_until(dialog.isVisible)
        dialog.resize(900, 420)
        assert dialog.windowTitle() == "Lier à un client local"
        await asyncio.sleep(0.05)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        assert dialog.grab().save(str(SCREENSHOTS / "link_dialog_fr.png"))
        assert dialog.select_candidate("K0004")
        QTest.mouseClick(dialog.link_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: _boxes(dialog))
        (box,) = _boxes(dialog)
        assert box.windowTitle() == "Déplacer le lien\u00a0?"
        assert "K0004 Olivia Lambert" in box.text() and "Lucas Lambert" in box.text()
        await asyncio.sleep(0.05)
        assert box.grab().save(str(SCREENSHOTS / "link_dialog_move_question_fr.png"))
        QTest.keyClick(box, Qt.Key.Key_Escape)  # Cancel: nothing moves
        await wait_until(lambda: dialog.move_box is None)
        assert shopify_customers.get_shopify_customer(SHOP, GID(417)).customer_no == "K0004"
        dialog.close()
    finally:
        i18n.install_translators(app, "en")
        QLocale.setDefault(previous_locale)
