"""The Setup dialog's G/L accounts, Payment methods and Payment gateways pages (issue 17),
with real clicks and keys (QTest): the same engine as `shop-sync accounts|payment-methods|
mappings set payment-method` (the same refusals, each change a recorded run), and the Shop
Card's account fields as pickers that refuse an account nothing local has."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from test_setup_mappings_locations import (
    _click,
    _click_row,
    _click_tab,
    _editor,
    _open_setup,
    _type_into,
)
from ui_helpers import wait_until

from desktop_app.store import gl_accounts, mappings, payment_methods, shops
from desktop_app.store.runs import RunFilter, run_dicts

ACCOUNTS_TAB, PAYMENT_METHODS_TAB, GATEWAYS_TAB = 7, 8, 9
#: The pickers' lists and the in-use box ask the offscreen platform for what it does not have.
OFFSCREEN = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)")


async def _in_use_box(page) -> QMessageBox:
    await wait_until(lambda: getattr(page, "in_use_box", None) is not None
                     and page.in_use_box.isVisible())
    return page.in_use_box


@OFFSCREEN
async def test_accounts_made_in_the_window_are_the_shop_cards_only_choices(window):
    dialog = await _open_setup(window)
    page = dialog.accounts_page
    _click_tab(dialog, ACCOUNTS_TAB)
    assert dialog.tabs.tabText(ACCOUNTS_TAB) == "&G/L accounts"
    assert page.table.is_showing_empty_text()
    _click(page.add_button)
    editor = await _editor(page)
    _type_into(editor.widgets["code"], "61 00")
    _type_into(editor.widgets["name"], "Shipping charges")
    _click(editor.save_button)
    assert editor.problem_label.text() == (
        "Not saved:\nCode: “61 00” may hold only letters, digits and - _ . / (no spaces).")
    _type_into(editor.widgets["code"], "6100")
    QTest.keyClick(editor.widgets["name"], Qt.Key.Key_Return)  # Enter saves
    await wait_until(lambda: not editor.isVisible())
    assert [(a.code, a.name) for a in gl_accounts.TABLE.rows()] == [("6100", "Shipping charges")]
    assert page.selected()["code"] == "6100"
    dialog.close()

    # The Shop Card: the account fields offer the accounts; an unknown one is refused.
    card = window.shop_card_tab
    window.tabs.setCurrentWidget(card)
    card.refresh_code_choices()
    tip = card.setting_widgets["tip_account"]
    assert tip.codes() == ["6100"]
    _type_into(tip, "9999")
    _click(card.save_button)
    await wait_until(card.problems_label.isVisible)
    assert ("Tip account: there is no G/L account “9999”. Pick one from the list, or add the "
            "account first (Setup, G/L accounts).") in card.problems_label.text()
    assert shops.get_shop("DEMO").get("tip_account") == ""  # control: saved as typed before
    _type_into(tip, "6100")
    _click(card.save_button)
    await wait_until(lambda: card.status_label.text() == "Saved.")
    assert shops.get_shop("DEMO").get("tip_account") == "6100"

    # Removing the account the card names is refused, saying which setting.
    dialog = await _open_setup(window)
    page = dialog.accounts_page
    _click_tab(dialog, ACCOUNTS_TAB)
    assert page.model.index(0, 2).data() == "the setting “Tip account” of shop card DEMO"
    _click_row(page, "6100")
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    box = await _in_use_box(page)
    assert box.text() == ("G/L account 6100 is not removed: it is used by the setting “Tip "
                          "account” of shop card DEMO.")
    _click(box.button(QMessageBox.StandardButton.Ok))
    assert gl_accounts.TABLE.has("6100")
    runs = run_dicts(RunFilter(resource="local-setup", limit=10))
    assert [r["status"] for r in runs[:3]] == ["failed", "ok", "failed"]


@OFFSCREEN
async def test_payment_methods_and_gateways_are_set_up_in_the_window(window):
    dialog = await _open_setup(window)
    methods, gateways = dialog.payment_methods_page, dialog.gateways_page
    _click_tab(dialog, GATEWAYS_TAB)
    assert gateways.shop() == "DEMO" and gateways.table.is_showing_empty_text()
    _click(gateways.add_button)
    editor = await _editor(gateways)
    _type_into(editor.widgets["shopify_value"], "paypal")
    _type_into(editor.widgets["local_code"], "PP")
    _click(editor.save_button)  # no such payment method yet: refused, naming the field
    assert editor.problem_label.text() == (
        "Not saved:\nLocal code: there is no payment method “PP”. Add it on the Payment "
        "methods page first.")
    QTest.keyClick(editor.widgets["local_code"], Qt.Key.Key_Escape)
    await wait_until(lambda: not editor.isVisible())

    _click_tab(dialog, PAYMENT_METHODS_TAB)
    _click(methods.add_button)
    editor = await _editor(methods)
    _type_into(editor.widgets["code"], "pp")
    _type_into(editor.widgets["description"], "PayPal")
    _click(editor.save_button)
    await wait_until(lambda: not editor.isVisible())
    assert payment_methods.TABLE.rows() == [payment_methods.PaymentMethodRecord("PP", "PayPal")]

    _click_tab(dialog, GATEWAYS_TAB)
    _click(gateways.add_button)
    editor = await _editor(gateways)
    assert editor.widgets["local_code"].codes() == ["PP"]  # offered at once
    _type_into(editor.widgets["shopify_value"], "paypal")
    _type_into(editor.widgets["local_code"], "pp")
    _click(editor.save_button)
    await wait_until(lambda: not editor.isVisible())
    assert [(r.shopify_value, r.local_code) for r in mappings.list_mappings("DEMO")
            if r.kind == "payment-method"] == [("paypal", "PP")]
    assert gateways.selected()["shopify_value"] == "paypal"

    # The payment method a gateway names is not removed; Clear unmaps the gateway first.
    _click_tab(dialog, PAYMENT_METHODS_TAB)
    _click_row(methods, "PP")
    _click(methods.remove_button)
    box = await _in_use_box(methods)
    assert box.text() == ("Payment method PP is not removed: it is used by the payment "
                          "gateway “paypal” of shop card DEMO.")
    _click(box.button(QMessageBox.StandardButton.Ok))
    _click_tab(dialog, GATEWAYS_TAB)
    _click_row(gateways, "paypal")
    _click(gateways.remove_button)
    assert gateways.model.index(0, 1).data() == "(not mapped)"
    _click_tab(dialog, PAYMENT_METHODS_TAB)
    _click_row(methods, "PP")
    _click(methods.remove_button)
    await wait_until(lambda: methods.model.rowCount() == 0)
    assert payment_methods.TABLE.rows() == []
