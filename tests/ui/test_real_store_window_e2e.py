"""Issue 17, first done-when, with the window alone: from an empty data folder (no shop card,
no template, no customer) a real-store card is made, configured and synced end to end through
the real main window, with real key and mouse events (QTest): New shop card -> the "Connect
your store" assistant -> the Setup dialog (tax area, templates, a country row) -> the Shop
Card's settings (an unknown template refused on Save, then the picker) -> Sync Customers and
Sync Orders -> Create Sales Documents.

The store is a demo shop served by another process on loopback (standing in for the real
store); its request log is the Shopify side. Screenshots in English at each step go to
test-artifacts/screenshots/real_store_window_*.png.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialogButtonBox,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QWizard,
)
from ui_helpers import SCREENSHOTS, SignalWaiter, wait_until

from desktop_app import SHOPIFY_API_VERSION, i18n
from desktop_app.app import AppContext, DemoShops, Services
from desktop_app.credentials.vault import Vault
from desktop_app.store import (
    customer_templates,
    customers,
    gl_accounts,
    items,
    shops,
    tax_area_codes,
)
from desktop_app.store.models import Customer
from desktop_app.store.order_models import SalesDocument
from desktop_app.sync.service import SyncService
from desktop_app.ui.dialogs.setup_dialog import SetupDialog, SetupEditDialog
from desktop_app.ui.models.customer_table_model import Column
from desktop_app.ui.models.document_table_model import DocumentColumn

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
from demo_process import served_demo_shop  # noqa: E402

SERVICE = "desktop_app.shopify"
GRAPHQL = f"/admin/api/{SHOPIFY_API_VERSION}/graphql.json"
# The offscreen platform says so when a picker's list or its completion pops up.
pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)")


@pytest.fixture
def served(tmp_path):
    with served_demo_shop("--seed", "17", "--customers", "12", "--orders", "10",
                          request_log=tmp_path / "requests.jsonl") as shop:
        yield shop


@pytest.fixture
async def empty_context(tmp_path: Path, db, memory_keyring, jobs, engine):
    """The real composition as app.py builds it, on an empty data folder: no shop card at all
    (the `context` fixture of conftest adds the demo card; a real store starts without)."""
    data = tmp_path / "data"
    data.mkdir()
    vault = Vault()
    demo_shops = DemoShops(data)
    service = SyncService(vault=vault, data_dir=data, transport_for=demo_shops.transport_for,
                          jobs=jobs)
    sync_engine = engine(service)
    yield AppContext(Services(data, vault, service, demo_shops), sync_engine)
    sync_engine.cancel()
    for _ in range(2000):
        if not sync_engine.is_busy():
            break
        await asyncio.sleep(0.005)
    await service.aclose()
    demo_shops.close()


@pytest.fixture
async def empty_window(qtbot, empty_context):
    from desktop_app.ui.main_window import MainWindow

    i18n.install_translators(QApplication.instance(), "en")
    win = MainWindow(empty_context)
    win.resize(1400, 900)
    qtbot.addWidget(win)
    win.show()
    await wait_until(win.isVisible)
    yield win


def click(widget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName() or widget.text()
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_check(box: QCheckBox) -> None:
    """Click a check box on its indicator (the box has no text: its label is beside it)."""
    assert box.isVisible() and box.isEnabled(), box.objectName()
    option = QStyleOptionButton()
    box.initStyleOption(option)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=rect.center())


def type_into(edit, text: str) -> None:
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(edit, Qt.Key.Key_Delete)
    QTest.keyClicks(edit, text)


def choose(combo, data: str) -> None:
    """Pick a combo entry with the keyboard, as a merchant would (focus, then arrows)."""
    combo.setFocus()
    wanted = combo.findData(data)
    if wanted < 0:
        wanted = combo.findText(data, Qt.MatchFlag.MatchExactly)
    assert wanted >= 0, data
    while combo.currentIndex() != wanted:
        key = Qt.Key.Key_Down if combo.currentIndex() < wanted else Qt.Key.Key_Up
        QTest.keyClick(combo, key)


def click_tab(tabs, widget) -> None:
    bar = tabs.tabBar()
    index = tabs.indexOf(widget)
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentWidget() is widget


def shot(widget, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"real_store_window_{name}.png"
    assert widget.grab().save(str(path))
    return path


def table_texts(view, column: int = 0) -> list[str]:
    model = view.model()
    return [str(model.index(row, column).data()) for row in range(model.rowCount())]


async def editor_of(page) -> SetupEditDialog:
    await wait_until(lambda: page.editor is not None and page.editor.isVisible())
    return page.editor


async def save_editor(editor: SetupEditDialog) -> None:
    click(editor.save_button)
    await wait_until(lambda: not editor.isVisible())


# The account pickers' lists (typing a code opens them) ask the offscreen platform for what
# it does not have.
@pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)")
async def test_a_real_store_from_an_empty_data_folder_with_the_window_alone(
        qtbot, empty_window, served, memory_keyring):
    window = empty_window
    assert shops.list_shops() == [] and customers.list_customers(limit=None) == []
    card = window.shop_card_tab
    shot(window, "00_empty")

    # 1. New shop card -> the assistant -> test the connection -> Finish
    click_tab(window.tabs, card)
    assert not card.new_button.isVisible()  # no card yet: the empty page's button
    click(card.findChild(QPushButton, "empty_new_shop_button"))
    dialog = card._dialog
    await wait_until(dialog.isVisible)
    QTest.keyClicks(dialog.code_edit, "WEB")
    QTest.keyClicks(dialog.address_edit, served.url)
    shot(dialog, "01_new_card")
    click(dialog.ok_button)
    await wait_until(lambda: card._assistant is not None and card._assistant.isVisible())
    wizard = card._assistant
    click(wizard.button(QWizard.WizardButton.NextButton))
    sign_in = wizard.sign_in_page
    await wait_until(sign_in.isVisible)
    click(sign_in.token_radio)
    QTest.keyClicks(sign_in.token_edit, "shpat_typed_by_hand")
    shot(wizard, "02_assistant_sign_in")
    click(wizard.button(QWizard.WizardButton.NextButton))
    test = wizard.test_page
    await wait_until(lambda: test.values["currency"].text() == "CAD", timeout=20)
    shot(wizard, "03_assistant_tested")
    assert shops.list_shops() == [] and memory_keyring.store == {}  # nothing before Finish
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    await wait_until(finish.isEnabled)
    click(finish)
    await wait_until(lambda: window.current_shop() == "WEB")
    record = shops.get_shop("WEB")
    assert (record.api_url, record.country, record.get("currency_code")) == (
        served.url, "CA", "CAD")
    assert memory_keyring.store[(SERVICE, "WEB:token")] == "shpat_typed_by_hand"
    shot(window, "04_card_added")

    # 2. the Setup dialog (the tool bar's Setup): a tax area, two templates, the CA row
    click(window.toolbar.widgetForAction(window.setup_action))
    await wait_until(lambda: any(d.isVisible() for d in window.findChildren(SetupDialog)))
    setup = next(d for d in window.findChildren(SetupDialog) if d.isVisible())
    templates, countries, areas = setup.templates_page, setup.countries_page, \
        setup.tax_areas_page
    assert templates.table.is_showing_empty_text()
    click_tab(setup.tabs, areas)
    click(areas.add_button)
    editor = await editor_of(areas)
    type_into(editor.widgets["code"], "ON")
    type_into(editor.widgets["description"], "Ontario")
    await save_editor(editor)
    click_tab(setup.tabs, templates)
    for code, description, area in (("RETAIL", "Web shoppers", "ON"),
                                    ("EXPORT", "Outside Canada", "")):
        click(templates.add_button)
        editor = await editor_of(templates)
        type_into(editor.widgets["code"], code)
        type_into(editor.widgets["description"], description)
        if area:
            choose(editor.widgets["tax_area"], area)
        if code == "EXPORT":
            shot(editor, "05_setup_template")
        await save_editor(editor)
    assert sorted(t.code for t in customer_templates.list_customer_templates()) == [
        "EXPORT", "RETAIL"]
    assert customer_templates.get_customer_template("RETAIL").tax_area == "ON"
    click_tab(setup.tabs, countries)
    assert countries.shop() == "WEB"
    click(countries.add_button)
    editor = await editor_of(countries)
    choose(editor.widgets["country"], "CA")
    choose(editor.widgets["template"], "RETAIL")
    choose(editor.widgets["tax_area"], "ON")
    await save_editor(editor)
    shot(setup, "06_setup_country_row")
    assert customer_templates.list_shop_customer_templates("WEB") == [
        customer_templates.ShopCustomerTemplateRecord("CA", "", "RETAIL", "ON", "")]
    assert [t.code for t in tax_area_codes.list_tax_area_codes()] == ["ON"]
    accounts = setup.accounts_page  # the accounts the card's account settings name
    click_tab(setup.tabs, accounts)
    for account, name in (("6100", "Shipping charges"), ("6200", "Tips"),
                          ("2400", "Gift cards sold")):
        click(accounts.add_button)
        editor = await editor_of(accounts)
        type_into(editor.widgets["code"], account)
        type_into(editor.widgets["name"], name)
        await save_editor(editor)
    assert [(a.code, a.name) for a in gl_accounts.TABLE.rows()] == [
        ("2400", "Gift cards sold"), ("6100", "Shipping charges"), ("6200", "Tips")]
    click(setup.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close))
    await wait_until(lambda: not any(d.isVisible() for d in window.findChildren(SetupDialog)))

    # 3. the Shop Card: an unknown template is refused on Save, naming it; then the picker
    click_tab(window.tabs, card)
    widgets = card.setting_widgets
    choose(widgets["customer_import"], "all")
    for name in ("auto_create_customers", "auto_create_items"):
        box = widgets[name]
        assert isinstance(box, QCheckBox) and not box.isChecked()
        click_check(box)
        assert box.isChecked(), name
    picker = widgets["customer_template"]
    assert picker.codes() == ["EXPORT", "RETAIL"]
    type_into(picker.lineEdit(), "NOPE")
    for name, account in (("shipping_charges_account", "6100"), ("tip_account", "6200"),
                          ("sold_gift_card_account", "2400")):
        field = widgets[name]
        type_into(field.lineEdit() if hasattr(field, "lineEdit") and field.lineEdit()
                  else field, account)
    click(card.save_button)
    await wait_until(card.problems_label.isVisible)
    assert "Customer template" in card.problems_label.text()
    assert "NOPE" in card.problems_label.text()
    shot(window, "07_card_refused")
    assert shops.get_shop("WEB").settings["customer_template"] == ""
    assert shops.get_shop("WEB").settings["auto_create_customers"] is False  # nothing saved
    choose(picker, "EXPORT")
    assert picker.text() == "EXPORT"
    click(card.save_button)
    await wait_until(lambda: card.status_label.text() == "Saved.")
    settings = shops.get_shop("WEB").settings
    assert (settings["customer_template"], settings["customer_import"],
            settings["auto_create_customers"], settings["auto_create_items"],
            settings["shipping_charges_account"]) == ("EXPORT", "all", True, True, "6100")
    shot(window, "08_card_saved")

    # 4. Sync Customers on the Customers tab
    tab = window.customers_tab
    click_tab(window.tabs, tab)
    done = SignalWaiter(tab.sync_done)
    click(tab.sync_button)
    (result,) = await done.wait(timeout=40)
    assert result is not None and (result.created, result.failed) == (12, 0), result
    await wait_until(lambda: tab.table.model().rowCount() >= 12)
    shot(window, "09_customers_synced")
    local = {c.no: c for c in Customer.select()}
    linked = [c for c in customers.list_customers(limit=None) if c.shopify_id]
    assert len(linked) == 12
    shown = dict(zip(table_texts(tab.table, Column.NO), table_texts(tab.table, Column.SHOPIFY),
                     strict=True))
    assert {c.no for c in linked} <= set(shown)
    assert all(shown[c.no] for c in linked), shown  # each shows its Shopify link
    assert {c.template for c in local.values() if c.country == "CA"} == {"RETAIL"}
    assert {c.template for c in local.values() if c.country not in ("CA", "")} == {"EXPORT"}

    # 5. Sync Orders on the Orders tab, then Create Sales Documents for every order
    orders_tab = window.orders_tab
    click_tab(window.tabs, orders_tab)
    done = SignalWaiter(orders_tab.sync_done)
    click(orders_tab.sync_button)
    (result,) = await done.wait(timeout=40)
    assert result is not None and result.failed == 0, result
    click_tab(orders_tab.views, orders_tab.orders_page)
    await wait_until(lambda: orders_tab.orders_table.model().rowCount() > 0)
    count = orders_tab.orders_table.model().rowCount()
    shot(window, "10_orders_synced")
    orders_tab.orders_table.setFocus()
    QTest.mouseClick(orders_tab.orders_table.viewport(), Qt.MouseButton.LeftButton,
                     pos=orders_tab.orders_table.visualRect(
                         orders_tab.orders_table.model().index(0, 0)).center())
    QTest.keyClick(orders_tab.orders_table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(orders_tab.selected_orders()) == count
    done = SignalWaiter(orders_tab.sync_done)
    click(orders_tab.create_button)
    await wait_until(lambda: SalesDocument.select().count() == count, timeout=40)
    click_tab(orders_tab.views, orders_tab.documents_page)
    await wait_until(lambda: orders_tab.documents_table.model().rowCount() == count)
    shot(window, "11_documents_created")
    documents = list(SalesDocument.select())
    after_orders = {c.no for c in Customer.select()}  # with the orders' B2B buyers
    assert {d.sell_to_customer_no for d in documents} <= after_orders
    assert sorted(table_texts(orders_tab.documents_table, DocumentColumn.NO)) == sorted(
        d.no for d in documents)
    assert len(writes(served)) == count  # each document's number written back to its order
    assert count == len(open_orders(served))  # every open order of the store came in

    # 6. Sync again on both tabs: nothing new, nothing written to Shopify
    before = len(served.request_entries())
    for sync_tab, resource in ((window.customers_tab, "customers"), (orders_tab, "orders")):
        click_tab(window.tabs, sync_tab)
        done = SignalWaiter(sync_tab.sync_done)
        click(sync_tab.sync_button)
        (result,) = await done.wait(timeout=40)
        assert (result.resource, result.created, result.updated, result.failed) == (
            resource, 0, 0, 0), result
    assert writes(served, since=before) == []
    assert SalesDocument.select().count() == count
    assert {c.no for c in Customer.select()} == after_orders


def writes(served, since: int = 0) -> list[str]:
    """The operation names of the mutations the app sent that write to the store."""
    names = []
    for entry in served.request_entries()[since:]:
        code = [line for line in entry["query"].splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
        if code and code[0].lstrip().startswith("mutation") \
                and entry.get("operationName") != "BulkOperationRunQuery":
            names.append(entry.get("operationName"))
    return names


def open_orders(served) -> list[str]:
    answer = httpx.post(served.url + GRAPHQL, timeout=30,
                        headers={"X-Shopify-Access-Token": "shpat_test"},
                        json={"query": 'query { orders(first: 100, query: "status:open") '
                                       "{ nodes { id } } }"})
    return [node["id"] for node in answer.json()["data"]["orders"]["nodes"]]


@pytest.fixture
def qt_file_dialogs():
    """Qt's own file dialog (a native one cannot be typed into by a test)."""
    attribute = Qt.ApplicationAttribute.AA_DontUseNativeDialogs
    before = QCoreApplication.testAttribute(attribute)
    QCoreApplication.setAttribute(attribute, True)
    yield
    QCoreApplication.setAttribute(attribute, before)


@pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)")
async def test_the_merchants_items_can_be_imported_in_the_window(empty_window, tmp_path,
                                                                 qt_file_dialogs):
    """Issue 18: File > Items… lists the local items and imports them from a CSV file (the
    engine of `shop-sync items import`), with real clicks and keys."""
    window = empty_window
    csv_file = tmp_path / "items.csv"
    csv_file.write_text("no,description,sku,unit_price\n"
                        "1000,Bicycle,BIKE-1,499.90\n"
                        "1001,Helmet,HELM-1,not-a-price\n"
                        "1002,Bell,BELL-1,4.5\n", encoding="utf-8")
    bar = window.menuBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     bar.actionGeometry(window.menus.file_menu.menuAction()).center())
    await wait_until(window.menus.file_menu.isVisible)
    menu = window.menus.file_menu
    assert window.menus.items_action.text() == "Items…"
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     menu.actionGeometry(window.menus.items_action).center())
    await wait_until(lambda: window.menus.items_dialog is not None
                     and window.menus.items_dialog.isVisible())
    dialog = window.menus.items_dialog
    assert dialog.item_nos() == []

    done = SignalWaiter(dialog.import_finished)
    click(dialog.import_button)
    await wait_until(lambda: dialog.file_dialog is not None and dialog.file_dialog.isVisible())
    files = dialog.file_dialog
    files.setDirectory(str(tmp_path))
    edit = files.findChild(QLineEdit, "fileNameEdit")
    edit.setFocus()
    QTest.keyClicks(edit, csv_file.name)
    QTest.keyClick(edit, Qt.Key.Key_Return)
    (report,) = await done.wait(timeout=30)
    assert (report.created, report.updated, len(report.failed_lines)) == (2, 0, 1)
    assert dialog.result_label.text() == (
        "Import of items.csv: 2 created, 0 updated, 0 unchanged, 1 refused.")
    assert "Line 3 (1001), unit_price:" in dialog.details.toPlainText()
    assert dialog.item_nos() == ["1000", "1002"]
    assert [i.sku for i in items.list_items()] == ["BIKE-1", "BELL-1"]
    shot(dialog, "items_imported")

    QTest.keyClick(dialog.table, Qt.Key.Key_Escape)
    await wait_until(lambda: window.menus.items_dialog is None)
