"""Issue 19 in the window: the Customers tab's Duplicates view lists look-alike customers with
their reasons (translated), and Merge… asks, naming both and what moves, then runs the same
engine as `shop-sync customers merge`. Real clicks and keys (QTest), in English and French;
screenshots of the view in test-artifacts/screenshots/ (and /tmp/duplicates_view_LANG.png)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from ui_helpers import SCREENSHOTS, wait_until

from desktop_app import i18n
from desktop_app.store import customers
from desktop_app.store.models import Customer
from desktop_app.store.order_models import SalesDocument
from desktop_app.ui.tabs.customers.duplicates_view import KEEP, REASONS

WORDS = {
    "en": {"tab": "Duplicates", "colon": ": ", "email": "Same e-mail", "address": "Similar name, same address",
           "question": "Merge customer C2 Smith John into C1 John Smith?",
           "documents": "Documents (orders, invoices, credit memos): 2", "merge": "&Merge",
           "done": "Customer C2 Smith John merged into C1 John Smith."},
    "fr": {"tab": "Doublons", "colon": " : ", "email": "Même e-mail", "address": "Nom proche, même adresse",
           "question": "Fusionner le client C2 Smith John dans C1 John Smith ?",
           "documents": "Documents (commandes, factures, avoirs) : 2", "merge": "&Fusionner",
           "done": "Client C2 Smith John fusionné dans C1 John Smith."},
}


def _data() -> None:
    customers.upsert_customers([
        {"no": "C1", "name": "John Smith", "email": "John.Smith@Example.com",
         "phone": "+33612345678"},
        {"no": "C2", "name": "Smith John", "email": " john.smith@example.com",
         "city": "Lyon"},
        {"no": "C3", "name": "Jean Dupont", "post_code": "75002",
         "address": "5 Rue Saint-Denis"},
        {"no": "C4", "name": "Jean Dupond", "post_code": "75002",
         "address": "5 rue saint denis"},
    ])
    for n, owner in enumerate(("C1", "C1", "C2", "C2")):
        SalesDocument.create(no=f"SO{n}", type="order", sell_to_customer_no=owner,
                             bill_to_customer_no=owner, document_date="2026-12-07",
                             total=Decimal("5"))


@pytest.fixture(params=["en", "fr"])
def language(request):
    app = QApplication.instance()
    previous = QLocale()
    assert i18n.install_translators(app, request.param) == request.param
    yield request.param
    i18n.install_translators(app, "en")
    QLocale.setDefault(previous)


async def _box(parent, name: str) -> QMessageBox:
    await wait_until(lambda: any(b.isVisible() for b in parent.findChildren(QMessageBox, name)))
    return next(b for b in parent.findChildren(QMessageBox, name) if b.isVisible())


def _click_row(view, no: str) -> None:
    row = next(r for r in range(view.model.rowCount())
               if view.model.item(r, KEEP).text() == no)
    rect = view.table.visualRect(view.model.index(row, REASONS))
    QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.current_pair().keep == no


async def test_duplicates_view_lists_pairs_and_merges_with_clicks(language, window):
    # `language` first: the translators are in place before `window` is built
    words = WORDS[language]
    _data()
    window.resize(1200, 700)
    tab = window.customers_tab
    window.tabs.setCurrentWidget(tab)
    bar = tab.views.tabBar()
    index = tab.views.indexOf(tab.duplicates)
    assert tab.views.tabText(index) == words["tab"]
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    view = tab.duplicates
    await wait_until(lambda: view.isVisible() and view.model.rowCount() == 2)
    reasons = [view.model.item(r, REASONS).text() for r in range(2)]
    assert reasons[0].startswith(words["email"] + words["colon"] + "john.smith@example.com")
    assert reasons[1].startswith(words["address"])

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image = window.grab()
    assert image.save(str(SCREENSHOTS / f"customer_duplicates_{language}.png"))
    assert image.save(f"/tmp/duplicates_view_{language}.png")

    # Merge… then Escape: Cancel is the default, nothing changes
    _click_row(view, "C1")
    QTest.mouseClick(view.merge_button, Qt.MouseButton.LeftButton)
    box = await _box(view, "merge_customers_confirm")
    assert box.text() == words["question"]
    assert words["documents"] in box.informativeText()
    QTest.keyClick(box, Qt.Key.Key_Escape)
    await wait_until(lambda: not box.isVisible())
    assert Customer.select().count() == 4

    # Merge… then the Merge button: C2 goes into C1 with its two documents
    documents_before = SalesDocument.select().count()
    QTest.mouseClick(view.merge_button, Qt.MouseButton.LeftButton)
    box = await _box(view, "merge_customers_confirm")
    merge = box.findChild(QPushButton, "merge_customers_yes")
    assert merge.text() == words["merge"]
    QTest.mouseClick(merge, Qt.MouseButton.LeftButton)
    await wait_until(lambda: view.model.rowCount() == 1)
    assert Customer.get_or_none(Customer.no == "C2") is None
    assert SalesDocument.select().count() == documents_before == 4
    assert SalesDocument.select().where(SalesDocument.sell_to_customer_no == "C1").count() == 4
    assert Customer.get(Customer.no == "C1").city == "Lyon"  # its blank address taken from C2
    assert tab.status_label.text() == words["done"]
