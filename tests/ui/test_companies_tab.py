"""Companies tab (issue 18) with the real window, store and in-process demo shop (which has B2B
companies): empty before a sync, Sync Companies clicked lists the demo's companies, a company
clicked shows its locations and contacts, the French window in French; screenshots
test-artifacts/screenshots/companies_tab.png and companies_tab_fr.png."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from ui_helpers import SCREENSHOTS, wait_until

from desktop_app.store import companies as company_store
from desktop_app.store import shops
from desktop_app.ui.models.company_table_model import CompanyColumn
from desktop_app.ui.tabs.companies.details_view import address_text

SHOP = "DEMO"


async def _show_companies_tab(window):
    """Ctrl+3, as a user would, shows the Companies tab."""
    window.activateWindow()
    await wait_until(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    await wait_until(lambda: window.tabs.currentWidget() is window.companies_tab)
    await wait_until(window.companies_tab.isVisible)
    return window.companies_tab


def _import_all_companies() -> None:
    """The Shop Card's "Company import from Shopify": All (on Sync), mapped by e-mail."""
    shops.update_shop_settings(SHOP, {"company_import": "all", "company_mapping": "email_phone"})


async def _sync_by_click(tab) -> None:
    tab.sync_button.setFocus()
    QTest.mouseClick(tab.sync_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: tab.status_label.text() != "", timeout=60)
    await wait_until(tab.sync_button.isEnabled)


def _click_row(tab, row: int) -> None:
    rect = tab.table.visualRect(tab.proxy.index(row, CompanyColumn.NAME))
    QTest.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _cells(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


async def test_companies_tab_is_empty_stated_before_a_sync(window):
    tab = await _show_companies_tab(window)
    assert window.tabs.tabText(window.tabs.indexOf(tab)) == "Companies"
    assert tab.model.rowCount() == 0
    assert tab.table.is_showing_empty_text()
    assert tab.table.empty_text().startswith("No companies yet.")
    assert tab.count_label.text() == "Companies: 0"
    assert tab.details.locations_table.rowCount() == 0
    assert tab.sync_button.isEnabled()


async def test_sync_companies_lists_the_demo_companies_and_shows_one(window):
    window.resize(1280, 800)
    _import_all_companies()
    tab = await _show_companies_tab(window)
    await _sync_by_click(tab)
    assert tab.status_label.text().startswith("Sync Companies done: ")
    staged = company_store.list_companies(SHOP)
    assert len(staged) >= 5
    await wait_until(lambda: tab.model.rowCount() == len(staged))
    assert not tab.table.is_showing_empty_text()
    assert tab.count_label.text() == f"Companies: {len(staged)}"
    shown = {tab.proxy.index(r, CompanyColumn.NAME).data() for r in range(tab.proxy.rowCount())}
    assert shown == {c.name for c in staged}
    links = {tab.proxy.index(r, CompanyColumn.LINK).data() for r in range(tab.proxy.rowCount())}
    assert links <= {"Linked", "Not linked", "Needs review"} and links
    assert not any("gid://" in (tab.proxy.index(r, c).data() or "")
                   for r in range(tab.proxy.rowCount()) for c in range(tab.proxy.columnCount()))

    # The company with the most locations, clicked.
    by_name = {c.name: c for c in staged}
    row = max(range(tab.proxy.rowCount()), key=lambda r: len(
        by_name[tab.proxy.index(r, CompanyColumn.NAME).data()].locations))
    company = by_name[tab.proxy.index(row, CompanyColumn.NAME).data()]
    _click_row(tab, row)
    await wait_until(lambda: tab.details.locations_table.rowCount() == len(company.locations))
    assert tab.proxy.index(row, CompanyColumn.LOCATIONS).data() == str(len(company.locations))
    assert tab.proxy.index(row, CompanyColumn.CUSTOMER).data() == (company.customer_no or "")
    assert company.name in tab.details.title_label.text()
    locations = _cells(tab.details.locations_table)
    assert [r[0] for r in locations] == [loc.name for loc in company.locations]
    for cells, loc in zip(locations, company.locations, strict=True):
        assert cells[1] == address_text(loc.shipping_address) and cells[1]
        assert cells[3] == (loc.payment_terms_name or "None")
    contacts = _cells(tab.details.contacts_table)
    assert contacts[0][1] == company.main_contact_email and company.main_contact_email
    assert company.main_contact_last_name in contacts[0][0]

    # Down arrow moves to the next company and its details follow.
    QTest.keyClick(tab.table, Qt.Key.Key_Down if row + 1 < tab.proxy.rowCount() else Qt.Key.Key_Up)
    other = by_name[tab.table.currentIndex().siblingAtColumn(CompanyColumn.NAME).data()]
    await wait_until(lambda: other.name in tab.details.title_label.text())

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    _click_row(tab, row)
    await wait_until(lambda: company.name in tab.details.title_label.text())
    assert window.grab().toImage().save(str(SCREENSHOTS / "companies_tab.png"))


@pytest.fixture
def french():
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    from desktop_app import i18n

    app = QApplication.instance()
    previous = QLocale()
    assert i18n.install_translators(app, "fr") == "fr"
    yield
    i18n.install_translators(app, "en")
    QLocale.setDefault(previous)


async def test_companies_tab_in_french(qtbot, context, french):
    from desktop_app.ui.main_window import MainWindow

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    await wait_until(window.isVisible)
    tab = await _show_companies_tab(window)
    assert window.tabs.tabText(window.tabs.indexOf(tab)) == "Sociétés"
    assert tab.sync_button.text() == "Synchroniser les sociétés"
    assert tab.table.empty_text().startswith("Aucune société")
    _import_all_companies()
    await _sync_by_click(tab)
    assert tab.status_label.text().startswith("Synchronisation des sociétés terminée")
    headers = [tab.proxy.headerData(c, Qt.Orientation.Horizontal)
               for c in range(tab.proxy.columnCount())]
    assert headers == ["Société", "Client local", "Lien Shopify", "Sites", "Interlocuteurs",
                       "Dernier problème de synchronisation"]
    links = {tab.proxy.index(r, CompanyColumn.LINK).data() for r in range(tab.proxy.rowCount())}
    assert links and links <= {"Liée", "Non liée", "À vérifier"}
    _click_row(tab, 0)
    await wait_until(lambda: tab.details.locations_table.rowCount() > 0)
    assert tab.details.contacts_table.item(0, 3).text() == "Interlocuteur principal"
    assert "Sites" in tab.details.title_label.text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().toImage().save(str(SCREENSHOTS / "companies_tab_fr.png"))


async def test_last_sync_problem_of_a_company_is_shown(window):
    from desktop_app.store import runs

    _import_all_companies()
    tab = await _show_companies_tab(window)
    QTest.keyClick(window, Qt.Key.Key_F5)  # "Sync this tab" runs Sync Companies here
    await wait_until(lambda: tab.status_label.text().startswith("Sync Companies done"),
                     timeout=60)
    await wait_until(tab.sync_button.isEnabled)
    failing = company_store.list_companies(SHOP)[0]
    # A later companies run that failed on that company (as the sync records one).
    run = runs.start_run(SHOP, "companies")
    runs.finish_run(run, "partial", {"failed": 1, "errors": [
        {"record": failing.shopify_id, "field": "name", "code": "shopify_refused",
         "message": "Name has already been taken"}]})
    tab.reload()
    row = next(r for r in range(tab.proxy.rowCount())
               if tab.proxy.index(r, CompanyColumn.NAME).data() == failing.name)
    cell = tab.proxy.index(row, CompanyColumn.PROBLEM)
    assert cell.data() == "Name has already been taken"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == "Name has already been taken"
    others = [tab.proxy.index(r, CompanyColumn.PROBLEM).data()
              for r in range(tab.proxy.rowCount()) if r != row]
    assert others and not any(others)
