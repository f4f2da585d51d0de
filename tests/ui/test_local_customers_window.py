"""Issue 14 in the window: Web Upload ticks belong to the shop card shown, the customer dialog
(Edit…) with validation naming the field, Delete… asking first, and removing the demo card
removing its sample customers. Real clicks and keys (QTest); screenshots of the customer
dialog in English and French in test-artifacts/screenshots/."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from ui_helpers import SCREENSHOTS, wait_until

from desktop_app import i18n, paths
from desktop_app.store import csv_io, customer_scope, customer_templates, customers, shops
from desktop_app.ui.models.customer_table_model import Column

ADDRESS = {"address": "5 Main St", "city": "Toronto", "post_code": "M5H 1A1", "country": "CA"}


def _customers() -> None:
    customers.upsert_customers([
        {"no": "C1", "name": "Ann Lee", "email": "ann@example.org", "phone": "+14165550100",
         **ADDRESS},
        {"no": "C2", "name": "Bob Stone", "email": "bob@example.org", **ADDRESS},
        {"no": "C3", "name": "Cleo Ito", "email": "cleo@example.org", **ADDRESS},
    ])


async def _show_customers(window):
    tab = window.customers_tab
    window.tabs.setCurrentWidget(tab)
    tab.reload()
    await wait_until(lambda: tab.table.isVisible() and tab.model.rowCount() > 0)
    return tab


def _click_row(tab, no: str) -> None:
    row = tab.model.row_of(no)
    assert row >= 0, no
    rect = tab.table.visualRect(tab.model.index(row, Column.NAME))
    QTest.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.current_customer_no() == no


def _click(button) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _type_into(edit, text: str) -> None:
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(edit, Qt.Key.Key_Delete)
    QTest.keyClicks(edit, text)


def _web_upload_cell(tab, no: str) -> str:
    return tab.model.index(tab.model.row_of(no), Column.WEB_UPLOAD).data()


async def _box(parent, name: str) -> QMessageBox:
    await wait_until(lambda: any(b.isVisible() for b in parent.findChildren(QMessageBox, name)))
    return next(b for b in parent.findChildren(QMessageBox, name) if b.isVisible())


async def test_assign_to_web_upload_ticks_for_the_shop_card_shown_only(window):
    shops.create_shop("WEB", name="Web store", domain="web-store.myshopify.com")
    window.reload_shops()
    _customers()
    tab = await _show_customers(window)
    assert tab.shop() == "DEMO"
    _click_row(tab, "C2")
    _click(tab.assign_button)
    assert "shop card DEMO" in tab.status_label.text()
    assert _web_upload_cell(tab, "C2") == "Assigned"

    window.select_shop("WEB")  # before, the one flag showed (and was sent) here too
    await wait_until(lambda: tab.shop() == "WEB" and tab.model.row_of("C2") >= 0)
    assert _web_upload_cell(tab, "C2") == ""
    _click(tab.web_upload_check)
    await wait_until(lambda: tab.model.total() == 0)
    _click(tab.web_upload_check)
    assert customers.list_customers(shop="WEB", web_upload_only=True) == []
    assert [c.no for c in customers.list_customers(shop="DEMO", web_upload_only=True)] == ["C2"]

    window.select_shop("DEMO")
    await wait_until(lambda: tab.shop() == "DEMO" and tab.model.row_of("C2") >= 0)
    assert _web_upload_cell(tab, "C2") == "Assigned"


async def test_edit_dialog_names_the_refused_field_then_saves_in_english_and_french(window):
    _customers()
    tab = await _show_customers(window)
    window.resize(1100, 760)
    app = QApplication.instance()
    previous_locale = QLocale()  # installing a language sets the default locale
    shots = {}
    try:
        for language in ("en", "fr"):
            i18n.install_translators(app, language)
            _click_row(tab, "C2")
            _click(tab.edit_button)
            await wait_until(lambda: tab.customer_dialog is not None
                             and tab.customer_dialog.isVisible())
            dialog = tab.customer_dialog
            assert "C2 Bob Stone" in dialog.windowTitle()
            _type_into(dialog.edits["city"], "Montreal")  # QTest types ASCII only
            _type_into(dialog.edits["email"], "bob@@example.org")
            _type_into(dialog.edits["country"], "Atlantis")
            _click(dialog.save_button)
            assert dialog.isVisible()  # not saved
            text = dialog.problem_label.text()
            if language == "en":
                assert "E-mail: “bob@@example.org” is not a valid e-mail address." in text
                assert "Country: “Atlantis” is not a known country" in text
            else:
                assert ("E-mail\u00a0: «\u00a0bob@@example.org\u00a0» n’est pas une adresse "
                        "e-mail valide.") in text
                assert "Pays\u00a0: «\u00a0Atlantis\u00a0» n’est pas un pays connu" in text
            assert dialog.edits["email"].styleSheet()  # the field is marked
            assert customers.get_customer("C2").email == "bob@example.org"
            shots[language] = SCREENSHOTS / f"customer_dialog_refused_{language}.png"
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            assert dialog.grab().save(str(shots[language]))

            _type_into(dialog.edits["email"], "bob.stone@example.org")
            _type_into(dialog.edits["country"], "ca")
            _click(dialog.save_button)
            await wait_until(lambda: tab.customer_dialog is None)
            saved = customers.get_customer("C2")
            assert (saved.city, saved.email, saved.country) == (
                "Montreal", "bob.stone@example.org", "CA")
            assert "C2" in tab.status_label.text()
            customers.update_customer("C2", {"email": "bob@example.org", "city": "Toronto"})
            tab.reload()
    finally:
        i18n.install_translators(app, "en")
        QLocale.setDefault(previous_locale)


async def test_delete_asks_first_naming_the_customer_and_refuses_while_used(window):
    _customers()
    shops.update_shop_settings("DEMO", {"default_customer_no": "C1"})
    tab = await _show_customers(window)

    _click_row(tab, "C3")
    _click(tab.delete_button)
    box = await _box(tab, "delete_customer_confirm")
    assert box.text() == "Delete customer C3 Cleo Ito?"
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    _click(box.button(QMessageBox.StandardButton.No))
    assert customers.get_customer("C3").name == "Cleo Ito"

    _click(tab.delete_button)
    box = await _box(tab, "delete_customer_confirm")
    _click(box.button(QMessageBox.StandardButton.Yes))
    await wait_until(lambda: tab.model.row_of("C3") < 0)
    assert "Customer C3 Cleo Ito deleted." in tab.status_label.text()
    assert "C3" not in {c.no for c in customers.list_customers()}

    _click_row(tab, "C1")
    _click(tab.delete_button)
    box = await _box(tab, "delete_customer_confirm")
    _click(box.button(QMessageBox.StandardButton.Yes))
    refused = await _box(tab, "customer_in_use_message")
    assert refused.text() == "Customer C1 is not deleted: it is used by"
    assert refused.informativeText() == "The default customer of shop card DEMO"
    _click(refused.button(QMessageBox.StandardButton.Ok))
    assert customers.get_customer("C1").name == "Ann Lee"


async def test_removing_the_demo_card_removes_its_sample_customers_but_the_edited_one(window):
    # The first start's samples, as `app.ensure_first_start` imports them (the demo's).
    customer_templates.save_customer_template({"code": "RETAIL", "description": "Retail customers"})
    with customer_scope.acting_for("DEMO"):
        report = csv_io.import_customers(paths.resource_path("demo", "local_customers.csv"))
    assert report.created == 38 and not report.errors
    customers.upsert_customers([{"no": "M1", "name": "My own customer", **ADDRESS}])
    shops.create_shop("WEB", name="Web store", domain="web-store.myshopify.com")
    window.reload_shops()
    window.select_shop("DEMO")
    tab = await _show_customers(window)
    await wait_until(lambda: tab.shop() == "DEMO" and tab.model.total() == 39)

    _click_row(tab, "K0005")  # the merchant edits one sample: it is theirs to keep
    _click(tab.edit_button)
    await wait_until(lambda: tab.customer_dialog is not None)
    _type_into(tab.customer_dialog.edits["city"], "Lyon")
    _click(tab.customer_dialog.save_button)
    await wait_until(lambda: tab.customer_dialog is None)

    window.select_shop("WEB")  # a real card never lists the demo's samples
    await wait_until(lambda: tab.shop() == "WEB" and tab.model.total() == 1)

    window.select_shop("DEMO")
    card = window.shop_card_tab
    window.tabs.setCurrentWidget(card)
    await wait_until(lambda: card.shop() == "DEMO" and card.remove_button.isVisible())
    _click(card.remove_button)
    box = await _box(card, "remove_shop_confirm")
    assert "sample customers" in box.text() and "DEMO" in box.text()
    _click(box.button(QMessageBox.StandardButton.Yes))
    await wait_until(lambda: "sample customers" in card.status_label.text())
    assert [s.code for s in shops.list_shops()] == ["WEB"]
    assert sorted(c.no for c in customers.list_customers()) == ["K0005", "M1"]
    assert "37 sample customers" in card.status_label.text()
    assert "K0005" in card.status_label.text()
    assert customers.get_customer("K0005", shop="WEB").city == "Lyon"
