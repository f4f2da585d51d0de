"""File > New sales invoice… (issue 18): a local sales invoice typed with the keyboard and
the mouse, in English and French: empty customer and zero quantity refused with their field
named, nothing saved on Cancel, Save leaves an unposted invoice and Post a posted one waiting
for the posted-invoice sync, each a recorded run (the engine of `documents add-invoice`).

Control: without the dialog or its File menu action (`menus.new_invoice_action`), every test
here fails at opening it.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from ui_helpers import wait_until, window_in_language

from desktop_app.store import invoices, items, shops
from desktop_app.store import orders as order_store
from desktop_app.store.customers import upsert_customers
from desktop_app.store.gl_accounts import TABLE as ACCOUNTS
from desktop_app.store.runs import RunFilter, find_runs

OFFSCREEN = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)")

TEXTS = {
    "en": {"title": "New sales invoice", "customer": "Customer: choose a customer.",
           "lines": "Lines: add at least one line.",
           "quantity": "Quantity: must be more than 0.", "menu": "New sales invoice…"},
    "fr": {"title": "Nouvelle facture de vente", "customer": "Client : choisissez un client.",
           "lines": "Lignes : ajoutez au moins une ligne.",
           "quantity": "Quantité : doit être supérieure à 0.",
           "menu": "Nouvelle facture de vente…"},
}


@pytest.fixture
def local_data(context):
    upsert_customers([{"no": "C100", "name": "Ada Lovelace", "email": "ada@example.com"},
                      {"no": "C200", "name": "Bob Roy", "email": "bob@example.com"}])
    items.upsert_items([{"no": "I100", "description": "Blue mug", "unit_price": "12.50"},
                        {"no": "I200", "description": "Tea pot", "unit_price": "30"}])
    ACCOUNTS.add("6100", "Freight")
    shops.save_shop_info("DEMO", {"currency": "CAD"})  # as Test connection caches it


def _invoices() -> list[dict]:
    return [d for d in order_store.documents_for_cli() if d["type"] == "invoice"]


async def _open(window):
    """Ctrl+Shift+N, as the merchant would; the dialog it opens."""
    assert window.menus.new_invoice_action.isEnabled()  # a shop is shown
    window.activateWindow()
    await wait_until(lambda: QApplication.activeWindow() is window)
    QTest.keyClick(window, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    await wait_until(lambda: window.menus.invoice_dialog is not None
                     and window.menus.invoice_dialog.isVisible())
    return window.menus.invoice_dialog


def _click(widget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def _type(edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    QTest.keyClick(edit, Qt.Key.Key_Delete)
    QTest.keyClicks(edit, text)


def _down(combo, times: int = 1) -> None:
    combo.setFocus()
    for _ in range(times):
        QTest.keyClick(combo, Qt.Key.Key_Down)


def _enter_lines(dialog, texts) -> None:
    """Blue mug × 0 refused (quantity named), then × 2; a Freight account line of 5."""
    _down(dialog.no_combo)  # I100 Blue mug, its price filled in
    assert dialog.price_edit.text() == "12.50"
    _type(dialog.quantity_edit, "0")
    _click(dialog.add_button)
    assert dialog.error_label.isVisible()
    assert texts["quantity"] in dialog.error_label.text()
    assert dialog.lines == []
    _type(dialog.quantity_edit, "2")
    QTest.keyClick(dialog.quantity_edit, Qt.Key.Key_Return)  # Enter adds the line too
    assert [(ln.no, ln.quantity) for ln in dialog.lines] == [("I100", Decimal(2))]
    assert not dialog.error_label.isVisible()
    _down(dialog.type_combo)  # G/L account
    _down(dialog.no_combo)  # 6100 Freight
    _type(dialog.description_edit, "Freight to Lyon")
    _type(dialog.price_edit, "5,00")  # a decimal comma is taken
    _click(dialog.add_button)
    assert [(ln.type, ln.no, ln.unit_price) for ln in dialog.lines] == [
        ("item", "I100", Decimal("12.50")), ("gl_account", "6100", Decimal("5.00"))]
    assert dialog.lines_table.rowCount() == 2
    assert dialog.lines_table.item(0, 2).text() == "Blue mug"
    assert dialog.lines_table.item(0, 5).text() == "25.00"
    assert "30.00 CAD" in dialog.totals_label.text()
    assert dialog.currency_label.text() == "CAD"


@OFFSCREEN
@pytest.mark.parametrize("language", ["en", "fr"])
async def test_enter_check_save_and_post_a_sales_invoice(language, qtbot, context, local_data):
    texts = TEXTS[language]
    async with window_in_language(language, qtbot, context, 1280, 800) as window:
        assert window.menus.new_invoice_action.text() == texts["menu"]
        assert window.menus.new_invoice_action in window.menus.file_menu.actions()
        runs_before = len(find_runs(RunFilter(without_shop=True)))

        # Save with nothing entered: the customer and the lines are named; nothing saved.
        dialog = await _open(window)
        assert dialog.windowTitle() == texts["title"]
        _click(dialog.save_button)
        assert dialog.isVisible()
        assert texts["customer"] in dialog.error_label.text()
        assert texts["lines"] in dialog.error_label.text()
        assert _invoices() == []

        # The customer found by e-mail, two lines, then Save: an unposted invoice.
        QTest.keyClicks(dialog.customer_search, "ada@")
        assert dialog.customer_no() == "C100"
        _enter_lines(dialog, texts)
        await asyncio.sleep(0.05)
        assert dialog.grab().save(f"/tmp/invoice_entry_{language}.png")
        _click(dialog.save_button)
        await wait_until(lambda: window.menus.invoice_dialog is None)
        saved, = _invoices()
        assert (saved["customer_no"], saved["status"], saved["total"]) == \
            ("C100", "open", "30.00")
        assert [(ln["type"], ln["no"], ln["description"], ln["quantity"], ln["amount"])
                for ln in saved["lines"]] == [
            ("item", "I100", "Blue mug", "2", "25.00"),
            ("gl_account", "6100", "Freight to Lyon", "1", "5.00")]
        assert saved["no"] in window.statusBar().currentMessage()

        # Cancel after typing: nothing saved.
        dialog = await _open(window)
        QTest.keyClicks(dialog.customer_search, "Bob")
        _down(dialog.no_combo, 2)  # I200 Tea pot
        _click(dialog.add_button)
        assert len(dialog.lines) == 1
        _click(dialog.cancel_button)
        await wait_until(lambda: window.menus.invoice_dialog is None)
        assert len(_invoices()) == 1

        # Post, paid in full: posted, waiting for the posted-invoice sync (Order ID 0).
        dialog = await _open(window)
        QTest.keyClicks(dialog.customer_search, "bob")
        assert dialog.customer_no() == "C200"
        _down(dialog.no_combo, 2)
        _type(dialog.quantity_edit, "3")
        _click(dialog.add_button)
        dialog.paid_check.setFocus()
        QTest.keyClick(dialog.paid_check, Qt.Key.Key_Space)
        assert dialog.paid_check.isChecked()
        _click(dialog.post_button)
        await wait_until(lambda: window.menus.invoice_dialog is None)
        posted = next(d for d in _invoices() if d["customer_no"] == "C200")
        row = invoices.get_posted_invoice(posted["no"])
        assert (posted["status"], row.total, row.remaining_amount, row.shopify_order_id) == \
            ("posted", Decimal("90.00"), Decimal(0), invoices.TO_EXPORT)

        every = find_runs(RunFilter(without_shop=True))
        runs = every[: len(every) - runs_before]
        assert [(r.status, r.message) for r in runs] == [
            ("ok", f"documents add-invoice C200: invoice {posted['no']} posted."),
            ("ok", f"documents add-invoice C100: invoice {saved['no']} saved, not posted."),
        ]


@OFFSCREEN
async def test_the_engine_refusal_names_the_field_and_saves_nothing(qtbot, context,
                                                                    local_data):
    """A customer blocked after it was chosen: the engine refuses, the dialog says which
    field, and the refused run is in the history."""
    from desktop_app.store.models import Customer

    async with window_in_language("fr", qtbot, context, 1280, 800) as window:
        dialog = await _open(window)
        QTest.keyClicks(dialog.customer_search, "C100")
        _down(dialog.no_combo)
        _click(dialog.add_button)
        Customer.update(blocked=True).where(Customer.no == "C100").execute()
        _click(dialog.post_button)
        assert dialog.isVisible()
        assert dialog.error_label.text() == "Client : le client C100 est bloqué."
        assert _invoices() == []
        run = find_runs(RunFilter(without_shop=True))[0]
        assert run.status == "failed" and "customer C100 is blocked" in run.message


@OFFSCREEN
async def test_new_invoice_from_the_orders_tab_documents_view(qtbot, context, local_data):
    """New Invoice… beside Post Invoice… opens the same dialog for the shown shop; the
    posted invoice then shows in the documents, "Posted"."""
    async with window_in_language("en", qtbot, context, 1280, 800) as window:
        tab = window.orders_tab
        window.tabs.setCurrentWidget(tab)
        tab.views.setCurrentIndex(2)
        view = tab.documents
        await wait_until(view.new_invoice_button.isVisible)
        _click(view.new_invoice_button)
        await wait_until(lambda: view.invoice_entry_dialog is not None
                         and view.invoice_entry_dialog.isVisible())
        dialog = view.invoice_entry_dialog
        QTest.keyClicks(dialog.customer_search, "Ada")
        _down(dialog.no_combo)
        _click(dialog.add_button)
        _click(dialog.post_button)
        await wait_until(lambda: view.invoice_entry_dialog is None)
        invoice, = _invoices()
        assert invoice["status"] == "posted"
        await wait_until(lambda: invoice["no"] in view.document_nos())
        assert view.status_label.text() == f"Invoice {invoice['no']} posted."
