"""Issue 18, UX review §7: a customer linked by hand in the Link dialog (real key and mouse
events) counts as "Since resolved" in the sync history, in English and French.

Control: without `runs.resolve_errors` in `sync.linking.link` the history still said "No"
("Non") after the hand-made link."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from ui_helpers import wait_until

from desktop_app import i18n
from desktop_app.records.customers import CustomerRecord
from desktop_app.store import customers, shopify_customers
from desktop_app.store.runs import finish_run, start_run
from desktop_app.sync.results import SyncResult
from desktop_app.ui.dialogs.history_dialog import ErrorColumn
from desktop_app.ui.dialogs.link_dialog import LinkDialog

SHOP = "DEMO"
GID = "gid://shopify/Customer/{}".format
ADDRESS = {"address": "5 Main St", "city": "Toronto", "post_code": "M5H 1A1", "country": "CA"}


def _failed_import() -> int:
    """Katrin (K0007) locally; Lucas Lambert's Shopify record 146 failed in a customers
    sync (no address), as in the review."""
    customers.upsert_customers([
        {"no": "K0007", "name": "Katrin Brown", "email": "katrin@example.com", **ADDRESS}])
    shopify_customers.upsert_shopify_customers(SHOP, [
        CustomerRecord(shopify_id=GID(146), first_name="Lucas", last_name="Lambert",
                       email="lucas@example.com")])
    run = start_run(SHOP, "customers")
    result = SyncResult("customers", failed=1)
    result.fail(GID(146), "address", "cannot create: the Shopify customer has no address")
    finish_run(run, "partial", result)
    return run


def _resolved_cell(window, run: int) -> str:
    dialog = window.show_history()
    assert dialog.select_run(run)  # (the window's own first sync may have run meanwhile)
    errors = dialog.errors_model
    assert errors.rowCount() == 1
    text = errors.data(errors.index(0, ErrorColumn.RESOLVED))
    dialog.close()
    return text


async def _link_by_hand(window) -> None:
    dialog = LinkDialog(SHOP, shopify_id=GID(146), parent=window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    await wait_until(dialog.isVisible)
    QTest.keyClicks(dialog.search_edit, "Katrin")
    QTest.keyClick(dialog.search_edit, Qt.Key.Key_Return)
    await wait_until(lambda: [c.key for c in dialog.candidates] == ["K0007"])
    table = dialog.candidates_table
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, table.visualItemRect(table.item(0, 0)).center())
    assert dialog.link_button.isEnabled()
    QTest.mouseClick(dialog.link_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: shopify_customers.get_shopify_customer(SHOP, GID(146)).customer_no
                     == "K0007")
    dialog.close()


async def test_a_hand_made_link_counts_as_since_resolved(window):
    run = _failed_import()
    assert _resolved_cell(window, run) == "No"
    await _link_by_hand(window)
    assert _resolved_cell(window, run) == "Yes"


async def test_since_resolved_in_french(window):
    run = _failed_import()
    await _link_by_hand(window)
    app = QApplication.instance()
    previous = QLocale()
    i18n.install_translators(app, "fr")
    try:
        assert _resolved_cell(window, run) == "Oui"
    finally:
        i18n.install_translators(app, "en")
        QLocale.setDefault(previous)
