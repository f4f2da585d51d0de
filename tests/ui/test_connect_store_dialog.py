"""Issue 17, the "Connect your store" assistant, driven with real key and mouse events against
a demo shop served by another process on loopback (standing in for the real store).

What must hold: nothing is stored before Finish (no card, no secret), the test can be stopped
(Stop test, or Cancel) and is bounded by a timeout, the card takes the shop's country,
currency and time zone, and missing access scopes are named.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from ui_helpers import SCREENSHOTS, wait_until

from desktop_app.demo_shop.backend import ShopBackend
from desktop_app.store import shops
from desktop_app.ui.dialogs.connect_store_dialog import ConnectStoreDialog

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
from demo_process import served_demo_shop  # noqa: E402

SERVICE = "desktop_app.shopify"
pytestmark = pytest.mark.slow


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


def stored(memory_keyring) -> tuple[list[str], dict]:
    """The shop cards and the keyring's entries (what must stay unchanged before Finish)."""
    return [s.code for s in shops.list_shops()], dict(memory_keyring.store)


async def open_assistant(window, **options) -> ConnectStoreDialog:
    """The assistant over the window (as the Shop Card opens it), with `options`."""
    wizard = ConnectStoreDialog(window.shop_card_tab._admin, ["DEMO"], window, **options)
    wizard.show()
    await wait_until(wizard.isVisible)
    return wizard


async def _to_sign_in_page(qtbot, wizard: ConnectStoreDialog, token: str) -> None:
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    page = wizard.sign_in_page
    await wait_until(page.isVisible)
    click(qtbot, page.token_radio)
    qtbot.keyClicks(page.token_edit, token)


async def test_connect_a_store_from_the_new_card_button_to_finish(
        qtbot, window, served, memory_keyring):
    card = window.shop_card_tab
    before = stored(memory_keyring)
    click(qtbot, card.new_button)
    dialog = card._dialog
    await wait_until(dialog.isVisible)
    qtbot.keyClicks(dialog.code_edit, "WEB")
    qtbot.keyClicks(dialog.address_edit, served.url)
    assert dialog.ok_button.text().replace("&", "") == "Next >"
    click(qtbot, dialog.ok_button)
    wizard = card._assistant
    await wait_until(lambda: wizard is not None and wizard.isVisible())
    page = wizard.store_page
    assert page.code_edit.text() == "WEB" and page.address_edit.text() == served.url
    assert served.url in page.address_state_label.text()
    await _to_sign_in_page(qtbot, wizard, "shpat_typed_by_hand")
    assert "read_all_orders" in wizard.sign_in_page.scopes_label.text()
    click(qtbot, wizard.sign_in_page.show_check)
    assert wizard.sign_in_page.token_edit.text() == "shpat_typed_by_hand"
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    test = wizard.test_page
    await wait_until(lambda: test.values["currency"].text() == "CAD", timeout=20)
    assert test.values["country"].text() == "CA"
    assert test.values["timezone"].text() == "America/Toronto"
    assert "Demo Shop" in test.values["name"].text()
    assert "Every access scope" in test.scopes_label.text()
    assert stored(memory_keyring) == before  # tested, nothing stored yet
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    await wait_until(finish.isEnabled)
    click(qtbot, finish)
    await wait_until(lambda: window.current_shop() == "WEB")
    record = shops.get_shop("WEB")
    assert record.api_url == served.url and record.auth_method == "token"
    assert (record.country, record.get("currency_code"), record.get("time_zone")) == (
        "CA", "CAD", "America/Toronto")
    assert record.name == "Demo Shop"
    assert memory_keyring.store[(SERVICE, "WEB:token")] == "shpat_typed_by_hand"


async def test_stop_and_cancel_during_a_slow_test_store_nothing(
        qtbot, window, slow_served, memory_keyring):
    card = window.shop_card_tab
    before = stored(memory_keyring)
    wizard = card.open_connect_store_dialog(code="SLOW", address=slow_served.url)
    await wait_until(wizard.isVisible)
    await _to_sign_in_page(qtbot, wizard, "shpat_slow")
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    test = wizard.test_page
    await wait_until(test.stop_button.isVisible)
    assert wizard.testing and "Testing" in test.status_label.text()
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()
    running = wizard._test
    click(qtbot, test.stop_button)
    await wait_until(running.done, timeout=1.0)  # the request itself is stopped, not ignored
    assert running.cancelled() and not wizard.testing
    assert "stopped" in test.status_label.text() and "Nothing was stored" in (
        test.status_label.text())
    assert not finish.isEnabled() and test.test_button.isVisible()
    # Test again, then Cancel the assistant while that test runs: it closes at once.
    click(qtbot, test.test_button)
    await wait_until(test.stop_button.isVisible)
    running = wizard._test
    started = time.monotonic()
    click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
    await wait_until(running.done, timeout=1.0)
    assert running.cancelled()
    await wait_until(lambda: not shiboken6.isValid(wizard) or not wizard.isVisible())
    assert time.monotonic() - started < 1.0
    assert stored(memory_keyring) == before
    assert window.current_shop() == "DEMO"


async def test_a_test_that_takes_too_long_ends_at_the_timeout(
        qtbot, window, slow_served, memory_keyring):
    before = stored(memory_keyring)
    wizard = await open_assistant(window, code="SLOW", address=slow_served.url,
                                timeout=1.0)
    await _to_sign_in_page(qtbot, wizard, "shpat_slow")
    started = time.monotonic()
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    test = wizard.test_page
    await wait_until(lambda: "did not answer" in test.status_label.text(), timeout=10)
    assert time.monotonic() - started < 3.0
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert stored(memory_keyring) == before


async def test_a_refused_client_secret_is_explained_and_nothing_is_stored(
        qtbot, window, served, memory_keyring):
    before = stored(memory_keyring)
    wizard = await open_assistant(window, code="APP", address=served.url)
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    page = wizard.sign_in_page
    await wait_until(page.isVisible)
    assert page.client_radio.isChecked()  # the 2026 way is the default
    qtbot.keyClicks(page.client_id_edit, "not-our-app")
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()  # a client id needs its secret
    qtbot.keyClicks(page.client_secret_edit, "shpss_wrong")
    click(qtbot, next_button)
    test = wizard.test_page
    await wait_until(lambda: "refused the client ID or secret" in test.status_label.text(),
                     timeout=20)
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    # the right client id: the test passes and Finish stores the client secret
    click(qtbot, wizard.button(QWizard.WizardButton.BackButton))
    page.client_id_edit.clear()
    qtbot.keyClicks(page.client_id_edit, "demo-client-id")
    assert stored(memory_keyring) == before
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    await wait_until(lambda: test.values["currency"].text() == "CAD", timeout=20)
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    await wait_until(lambda: "APP" in [s.code for s in shops.list_shops()])
    record = shops.get_shop("APP")
    assert (record.auth_method, record.client_id) == ("client_credentials", "demo-client-id")
    await wait_until(lambda: (SERVICE, "APP:client_secret") in memory_keyring.store)
    assert memory_keyring.store[(SERVICE, "APP:client_secret")] == "shpss_wrong"


async def test_missing_scopes_are_named_and_finish_still_works(
        qtbot, window, tmp_path, memory_keyring):
    backend = ShopBackend.generate(seed=1, customers=2)
    state = backend.to_json()
    backend.close()
    state["shop"].update(access_scopes=["read_customers", "write_customers"],
                         iana_timezone="Europe/Paris", currency_code="EUR", country_code="FR",
                         province_code=None)
    path = tmp_path / "state.json"
    path.write_text(json.dumps(state), "utf-8")
    with served_demo_shop("--state", str(path)) as shop:
        wizard = await open_assistant(window, code="FR", address=shop.url)
        qtbot.addWidget(wizard)
        wizard.resize(760, 640)
        wizard.show()
        await wait_until(wizard.isVisible)
        await _to_sign_in_page(qtbot, wizard, "shpat_fr")
        click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
        test = wizard.test_page
        await wait_until(lambda: test.values["currency"].text() == "EUR", timeout=20)
        assert "Missing access scopes" in test.scopes_label.text()
        assert "read_orders" in test.scopes_label.text()
        assert "read_customers" not in test.scopes_label.text()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        assert wizard.grab().save(str(SCREENSHOTS / "connect_store_missing_scopes.png"))
        finish = wizard.button(QWizard.WizardButton.FinishButton)
        await wait_until(finish.isEnabled)
        click(qtbot, finish)
        await wait_until(lambda: "FR" in [s.code for s in shops.list_shops()])
    record = shops.get_shop("FR")
    assert (record.country, record.get("currency_code"), record.get("time_zone")) == (
        "FR", "EUR", "Europe/Paris")


async def test_store_page_takes_every_address_form_and_explains_the_rest(qtbot, window):
    wizard = await open_assistant(window)
    page = wizard.store_page
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.keyClicks(page.code_edit, "demo")  # taken (codes compare without case)
    qtbot.keyClicks(page.address_edit, "https://admin.shopify.com/store/lavender-and-linen")
    assert "already exists" in page.address_state_label.text()
    assert not next_button.isEnabled()
    page.code_edit.clear()
    qtbot.keyClicks(page.code_edit, "WEB")
    assert "lavender-and-linen.myshopify.com" in page.address_state_label.text()
    assert next_button.isEnabled()
    page.address_edit.clear()
    qtbot.keyClicks(page.address_edit, "www.lavender-and-linen.com")
    assert "Settings > Domains" in page.address_state_label.text()
    assert not next_button.isEnabled()


async def test_no_secret_creates_the_card_without_one(qtbot, window, memory_keyring):
    wizard = await open_assistant(window, code="LATER",
                                address="lavender-and-linen")
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    await wait_until(wizard.sign_in_page.isVisible)
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    test = wizard.test_page
    await wait_until(test.isVisible)
    assert "No secret was entered" in test.status_label.text()
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    await wait_until(lambda: "LATER" in [s.code for s in shops.list_shops()])
    assert shops.get_shop("LATER").domain == "lavender-and-linen.myshopify.com"
    assert memory_keyring.store == {}
