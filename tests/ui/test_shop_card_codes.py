"""Issue 17 on the Shop Card, driven with real key and mouse events: a setting that names a
code is a picker of the existing codes (with their descriptions), and an unknown code typed
in is refused on Save, naming the field; Test connection tries what is typed before
anything is stored, can be stopped, and fills the shop's currency and time zone.

The connection tests run against a demo shop served by another process on loopback (standing
in for the real store), as tests/ui/test_connect_store_dialog.py does."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QStyle, QStyleOptionComboBox
from ui_helpers import wait_until

from desktop_app.store import customer_templates, customers, shops

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
from demo_process import served_demo_shop  # noqa: E402

SERVICE = "desktop_app.shopify"
# The offscreen platform says so when a picker's list or its completion pops up.
POPUPS = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)")


@pytest.fixture(scope="module")
def served():
    with served_demo_shop("--customers", "3") as shop:
        yield shop


@pytest.fixture(scope="module")
def slow_served():
    with served_demo_shop("--customers", "3", "--latency-ms", "4000") as shop:
        yield shop


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName() or button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


async def pick(qtbot, picker, code: str) -> None:
    """Open the picker's list with a click on its arrow and click the row of `code`."""
    option = QStyleOptionComboBox()
    picker.initStyleOption(option)
    arrow = picker.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                          QStyle.SubControl.SC_ComboBoxArrow, picker)
    qtbot.mouseClick(picker, Qt.MouseButton.LeftButton, pos=arrow.center())
    view = picker.view()
    await wait_until(view.isVisible)
    row = picker.findText(code, Qt.MatchFlag.MatchExactly)
    assert row >= 0, code
    index = view.model().index(row, 0)
    view.scrollTo(index)
    await asyncio.sleep(0.6)  # Qt ignores a release right after the list opened
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(index).center())
    await wait_until(lambda: not view.isVisible())


async def type_into(qtbot, picker, text: str) -> None:
    edit = picker.lineEdit()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


@POPUPS
async def test_the_template_picker_lists_the_codes_and_refuses_an_unknown_one(qtbot, window):
    customer_templates.save_customer_template({"code": "RETAIL", "description": "Retail customers"})
    customer_templates.save_customer_template({"code": "TRADE", "description": "Trade customers"})
    card = window.shop_card_tab
    window.tabs.setCurrentWidget(card)
    card.load()
    picker = card.setting_widgets["customer_template"]
    assert picker.codes() == ["RETAIL", "TRADE"]
    assert picker.description_of("TRADE") == "Trade customers"

    await pick(qtbot, picker, "TRADE")
    assert picker.text() == "TRADE" and card.is_dirty()
    click(qtbot, card.save_button)
    await wait_until(lambda: card.status_label.text() == "Saved.")
    assert shops.get_shop("DEMO").settings["customer_template"] == "TRADE"

    await type_into(qtbot, picker, "NOPE")
    click(qtbot, card.save_button)
    await wait_until(card.problems_label.isVisible)
    text = card.problems_label.text()
    assert "Customer template" in text and "NOPE" in text, text
    assert picker.property("invalid") is True
    assert shops.get_shop("DEMO").settings["customer_template"] == "TRADE"  # not saved

    await type_into(qtbot, picker, "")  # blank: none
    click(qtbot, card.save_button)
    await wait_until(lambda: card.status_label.text() == "Saved.")
    assert shops.get_shop("DEMO").settings["customer_template"] == ""
    assert not card.problems_label.isVisible()


@POPUPS
async def test_the_default_customer_picker_lists_customers_and_refuses_others(qtbot, window):
    customers.create_customer({"no": "C1", "name": "Ann Lee", "country": "GB"})
    card = window.shop_card_tab
    card.load()
    picker = card.setting_widgets["default_customer_no"]
    assert "C1" in picker.codes() and picker.description_of("C1") == "Ann Lee"
    await type_into(qtbot, picker, "X9999")
    click(qtbot, card.save_button)
    await wait_until(card.problems_label.isVisible)
    assert "Default customer no." in card.problems_label.text()
    assert "X9999" in card.problems_label.text()
    assert shops.get_shop("DEMO").settings["default_customer_no"] == ""
    await type_into(qtbot, picker, "C1")
    click(qtbot, card.save_button)
    await wait_until(lambda: card.status_label.text() == "Saved.")
    assert shops.get_shop("DEMO").settings["default_customer_no"] == "C1"


def _web_card(window, url: str):
    shops.create_shop("WEB", name="Web", api_url=url)
    window.reload_shops()
    window.select_shop("WEB")
    card = window.shop_card_tab
    assert card.shop() == "WEB"
    return card


def _stored(memory_keyring) -> tuple:
    record = shops.get_shop("WEB")
    return (record.api_url, record.country, record.shopify_name, record.settings,
            dict(memory_keyring.store))


async def test_test_connection_uses_the_typed_token_stores_nothing_and_fills_the_shop_values(
        qtbot, window, served, memory_keyring):
    card = _web_card(window, served.url)
    before = _stored(memory_keyring)
    qtbot.keyClicks(card.token_edit, "shpat_typed_by_hand")
    click(qtbot, card.test_button)
    await wait_until(lambda: card.test_values["currency"].text() == "CAD", timeout=20)
    assert card.test_values["country"].text() == "CA"
    assert _stored(memory_keyring) == before  # tested: nothing stored
    # The card had no currency and the default time zone: the shop's are filled in.
    assert card.widget_value("currency_code") == "CAD"
    assert card.widget_value("time_zone") == "America/Toronto"
    assert card.is_dirty() and "CAD" in card.status_label.text()

    click(qtbot, card.save_button)
    await wait_until(lambda: card.status_label.text() == "Saved.")  # the token stored too
    record = shops.get_shop("WEB")
    assert (record.country, record.get("time_zone"), record.shopify_name) == (
        "CA", "America/Toronto", "Demo Shop")
    assert memory_keyring.store[(SERVICE, "WEB:token")] == "shpat_typed_by_hand"

    # The card says otherwise now: the test asks before changing it (No keeps it).
    card.setting_widgets["currency_code"].setText("EUR")
    card.setting_widgets["currency_code"].textEdited.emit("EUR")
    click(qtbot, card.test_button)  # the stored token this time
    await wait_until(lambda: card.tester.fill_question is not None
                     and card.tester.fill_question.isVisible(), timeout=20)
    box = card.tester.fill_question
    assert "EUR" in box.text() and "CAD" in box.text()
    click(qtbot, box.button(QMessageBox.StandardButton.No))
    assert card.widget_value("currency_code") == "EUR"


async def test_a_failing_test_stores_nothing_not_even_the_typed_address(
        qtbot, window, served, memory_keyring):
    card = _web_card(window, "http://127.0.0.1:9")
    before = _stored(memory_keyring)
    card.address_edit.clear()
    qtbot.keyClicks(card.address_edit, served.url)  # typed, no token typed nor stored
    click(qtbot, card.test_button)
    await wait_until(lambda: card.test_values["checked"].text().startswith("Failed"))
    assert _stored(memory_keyring) == before
    assert card.widget_value("currency_code") == ""
    box = card.findChild(QMessageBox, "error_message_box")
    assert box is not None and box.isVisible()


async def test_stop_test_during_a_slow_test_stores_nothing(
        qtbot, window, slow_served, memory_keyring):
    card = _web_card(window, slow_served.url)
    before = _stored(memory_keyring)
    qtbot.keyClicks(card.token_edit, "shpat_slow")
    click(qtbot, card.test_button)
    await wait_until(lambda: card.is_testing() and card.test_button.text() == "Stop test")
    click(qtbot, card.test_button)
    await wait_until(lambda: not card.is_testing())
    assert card.test_values["checked"].text().startswith("Stopped")
    assert card.test_button.text() == "Test connection"
    assert _stored(memory_keyring) == before
    assert card.widget_value("currency_code") == ""
