"""The Setup dialog's Counties, Shipment methods, Payment terms and Shopify locations pages
(issue 17),
with real clicks and keys (QTest): the same engine as `shop-sync mappings|locations set`
(the same refusals, each change a recorded run), the locations read from the in-process demo
shop; screenshots in English and French in test-artifacts/screenshots/."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from ui_helpers import SCREENSHOTS, wait_until

from desktop_app import i18n
from desktop_app.store import customer_templates, mappings, tax_area_codes
from desktop_app.store.companies import save_payment_terms
from desktop_app.store.runs import RunFilter, run_dicts
from desktop_app.store.shopify_locations import list_location_links, return_locations
from desktop_app.ui.dialogs.setup_dialog import SetupDialog, SetupEditDialog

COUNTIES_TAB, SHIPMENT_TAB, TERMS_TAB, LOCATIONS_TAB = 3, 4, 5, 6


def _click(widget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def _type_into(edit, text: str) -> None:
    edit.setFocus()
    target = edit.lineEdit() if hasattr(edit, "lineEdit") and edit.lineEdit() else edit
    QTest.keyClick(target, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(target, Qt.Key.Key_Delete)
    QTest.keyClicks(target, text)


def _click_tab(dialog: SetupDialog, index: int) -> None:
    bar = dialog.tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert dialog.tabs.currentIndex() == index


def _click_row(page, text: str) -> None:
    for row in range(page.model.rowCount()):
        index = page.model.index(row, 0)
        if index.data() == text:
            QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                             pos=page.table.visualRect(index).center())
            assert page.selected() is not None
            return
    raise AssertionError(f"no row {text}")


async def _editor(page) -> SetupEditDialog:
    await wait_until(lambda: page.editor is not None and page.editor.isVisible())
    return page.editor


async def _open_setup(window) -> SetupDialog:
    QTest.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    await wait_until(lambda: any(d.isVisible() for d in window.findChildren(SetupDialog)))
    return next(d for d in window.findChildren(SetupDialog) if d.isVisible())


def _shipment(shop: str = "DEMO") -> dict[str, str]:
    return {r.shopify_value: r.local_code for r in mappings.list_mappings(shop)
            if r.kind == "shipment-method"}


async def test_shipment_methods_are_mapped_refused_and_cleared_in_the_window(window):
    dialog = await _open_setup(window)
    page = dialog.shipment_methods_page
    _click_tab(dialog, SHIPMENT_TAB)
    assert page.shop() == "DEMO" and page.table.is_showing_empty_text()
    _click(page.add_button)
    editor = await _editor(page)
    _type_into(editor.widgets["shopify_value"], "Express")
    _type_into(editor.widgets["local_code"], "bad code")
    _click(editor.save_button)
    assert editor.isVisible()  # refused beside its field, nothing saved
    assert editor.problem_label.text() == (
        "Not saved:\nLocal code: “BAD CODE” may hold only letters, digits and - _ . / "
        "(no spaces).")
    assert editor.widgets["local_code"].styleSheet()
    assert _shipment() == {}
    _type_into(editor.widgets["local_code"], "exp")
    QTest.keyClick(editor.widgets["local_code"].lineEdit(), Qt.Key.Key_Return)  # Enter saves
    await wait_until(lambda: not editor.isVisible())
    assert _shipment() == {"Express": "EXP"}
    assert page.selected()["shopify_value"] == "Express"
    assert page.model.index(0, 1).data() == "EXP"

    # A second title picks the code from the picker (the codes this page already uses).
    _click(page.add_button)
    editor = await _editor(page)
    _type_into(editor.widgets["shopify_value"], "Overnight")
    picker = editor.widgets["local_code"]
    assert picker.codes() == ["EXP"]
    picker.setFocus()
    QTest.keyClick(picker, Qt.Key.Key_Down)  # past "(none)" to EXP
    QTest.keyClick(picker, Qt.Key.Key_Down)
    assert picker.text() == "EXP"
    _click(editor.save_button)
    await wait_until(lambda: not editor.isVisible())
    assert _shipment() == {"Express": "EXP", "Overnight": "EXP"}

    # Esc leaves the editor without saving.
    _click_row(page, "Express")
    QTest.keyClick(page.table, Qt.Key.Key_Return)  # Enter edits
    editor = await _editor(page)
    _type_into(editor.widgets["local_code"], "CHANGED")
    QTest.keyClick(editor.widgets["local_code"].lineEdit(), Qt.Key.Key_Escape)
    await wait_until(lambda: not editor.isVisible())
    assert _shipment()["Express"] == "EXP"

    # Delete clears the code; the title stays (the orders carry it).
    _click_row(page, "Express")
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    assert _shipment() == {"Express": "", "Overnight": "EXP"}
    assert page.model.index(0, 1).data() == "(not mapped)"
    runs = run_dicts(RunFilter(resource="local-setup", limit=20))
    assert [r["status"] for r in runs].count("ok") == 3
    assert [r["status"] for r in runs].count("failed") == 1


def _choose(combo, data: str) -> None:
    """Pick a combo entry with the keyboard (focus, then arrows)."""
    combo.setFocus()
    wanted = combo.findData(data)
    assert wanted >= 0, data
    while combo.currentIndex() != wanted:
        key = Qt.Key.Key_Down if combo.currentIndex() < wanted else Qt.Key.Key_Up
        QTest.keyClick(combo, key)


async def test_counties_with_their_tax_areas_are_made_in_the_window(window):
    tax_area_codes.add_tax_area_code("HST", "Harmonized sales tax")
    dialog = await _open_setup(window)
    page = dialog.counties_page
    _click_tab(dialog, COUNTIES_TAB)
    assert page.table.is_showing_empty_text()
    _click(page.add_button)
    editor = await _editor(page)
    _choose(editor.widgets["country"], "CA")
    _type_into(editor.widgets["county_code"], "toolongcode")
    _click(editor.save_button)
    assert editor.isVisible()
    assert editor.problem_label.text() == "Not saved:\nCounty code: “TOOLONGCODE” is too long."
    _type_into(editor.widgets["county_code"], "on")
    _type_into(editor.widgets["name"], "Ontario")
    _choose(editor.widgets["tax_area"], "HST")
    QTest.keyClick(editor.widgets["tax_liable"], Qt.Key.Key_Space)
    _click(editor.save_button)
    await wait_until(lambda: not editor.isVisible())
    assert customer_templates.list_tax_areas("DEMO") == [
        customer_templates.TaxAreaRecord("CA", "ON", "Ontario", "HST", True)]
    assert page.selected()["county_code"] == "ON"
    assert page.model.index(0, 4).data() == "Yes"

    # The tax area the county uses is not removed, and says why.
    _click_tab(dialog, 2)
    _click_row(dialog.tax_areas_page, "HST")
    QTest.keyClick(dialog.tax_areas_page.table, Qt.Key.Key_Delete)
    await wait_until(lambda: getattr(dialog.tax_areas_page, "in_use_box", None) is not None)
    assert dialog.tax_areas_page.in_use_box.text() == (
        "Tax area HST is not removed: it is used by county CA-ON of shop card DEMO.")
    dialog.tax_areas_page.in_use_box.close()

    _click_tab(dialog, COUNTIES_TAB)
    _click_row(page, "CA")
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    assert customer_templates.list_tax_areas("DEMO") == []


async def test_the_wheel_over_an_unfocused_code_picker_changes_nothing(window):
    mappings.set_mapping("DEMO", "shipment-method", "Express", "EXP")
    dialog = await _open_setup(window)
    page = dialog.shipment_methods_page
    _click_tab(dialog, SHIPMENT_TAB)
    _click(page.add_button)
    editor = await _editor(page)
    picker = editor.widgets["local_code"]
    picker.setCurrentIndex(picker.findText("EXP"))
    editor.activateWindow()
    await wait_until(lambda: QApplication.activeWindow() is editor)
    editor.widgets["shopify_value"].setFocus(Qt.FocusReason.TabFocusReason)
    await wait_until(editor.widgets["shopify_value"].hasFocus)
    centre = QPointF(picker.rect().center())

    def wheel_up() -> None:
        QApplication.sendEvent(picker, QWheelEvent(
            centre, QPointF(picker.mapToGlobal(centre.toPoint())), QPoint(0, 0),
            QPoint(0, 120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase, False))

    wheel_up()
    assert picker.text() == "EXP"
    editor.activateWindow()  # control: focused, the same wheel does change it
    await wait_until(lambda: QApplication.activeWindow() is editor)
    picker.setFocus(Qt.FocusReason.TabFocusReason)
    await wait_until(picker.hasFocus)
    wheel_up()
    assert picker.text() == ""


async def test_payment_terms_from_shopify_are_mapped_and_only_they(window):
    save_payment_terms("DEMO", [
        {"shopify_id": "gid://shopify/PaymentTermsTemplate/4", "name": "Net 30",
         "terms_type": "NET", "due_in_days": 30}])
    dialog = await _open_setup(window)
    page = dialog.payment_terms_page
    _click_tab(dialog, TERMS_TAB)
    assert not page.add_button.isVisible()  # only Shopify's templates can be mapped
    assert page.model.index(0, 2).data() == "Due in 30 days"
    _click_row(page, "Net 30")
    _click(page.edit_button)
    editor = await _editor(page)
    _type_into(editor.widgets["local_code"], "n30")
    _click(editor.save_button)
    await wait_until(lambda: not editor.isVisible())
    assert {r.shopify_value: r.local_code for r in mappings.list_mappings("DEMO")
            if r.kind == "payment-terms"} == {"Net 30": "N30"}


async def test_shopify_locations_are_read_from_the_shop_and_linked(window):
    dialog = await _open_setup(window)
    page = dialog.locations_page
    assert page.model.rowCount() == 0  # nothing read before the page is shown
    _click_tab(dialog, LOCATIONS_TAB)
    await wait_until(lambda: page.model.rowCount() > 1, timeout=10)
    assert page.status_label.text() == (
        f"Locations read from Shopify: {len(page._found['DEMO'])}.")
    name = page.model.index(0, 0).data()
    gid = page.model.row(0)["shopify_id"]
    _click_row(page, name)
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    editor = await _editor(page)
    _type_into(editor.widgets["location_code"], "main")
    _type_into(editor.widgets["return_location_code"], "bad code")
    _click(editor.save_button)
    assert editor.isVisible()
    assert "Return location: “BAD CODE” may hold only" in editor.problem_label.text()
    _type_into(editor.widgets["return_location_code"], "returns")
    _click(editor.save_button)
    await wait_until(lambda: not editor.isVisible())
    assert [(link.shopify_id, link.location_code, link.return_location_code)
            for link in list_location_links("DEMO")] == [(gid, "MAIN", "RETURNS")]
    assert return_locations("DEMO") == {gid: "RETURNS"}  # what the credit memos read
    row = next(r for r in range(page.model.rowCount()) if page.model.row(r)["shopify_id"] == gid)
    assert (page.model.index(row, 2).data(), page.model.index(row, 3).data()) == (
        "MAIN", "RETURNS")

    # Refresh reads again and keeps the links; Clear unlinks.
    _click(page.refresh_button)
    await wait_until(lambda: page.refresh_button.isEnabled(), timeout=10)
    _click_row(page, name)
    _click(page.remove_button)
    assert list_location_links("DEMO") == []
    assert page.model.index(row, 2).data() == "(none)"


async def test_pages_in_english_and_french_with_screenshots(window):
    mappings.set_mapping("DEMO", "shipment-method", "Express", "EXP")
    mappings.set_mapping("DEMO", "shipment-method", "Standard", "")
    tax_area_codes.add_tax_area_code("HST", "Harmonized sales tax")
    customer_templates.set_county("DEMO", "CA", "ON", {"name": "Ontario", "tax_area": "HST",
                                                       "tax_liable": True})
    save_payment_terms("DEMO", [
        {"shopify_id": "gid://shopify/PaymentTermsTemplate/4", "name": "Net 30",
         "terms_type": "NET", "due_in_days": 30, "default_code": "N30"}])
    app = QApplication.instance()
    previous_locale = QLocale()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    expected = {
        "en": ("Shipment methods", "(not mapped)", "Shopify location",
               "Locations read from Shopify: "),
        "fr": ("Modes de livraison", "(non associé)", "Emplacement Shopify",
               "Emplacements lus dans Shopify\u00a0: "),
    }
    try:
        for language in ("en", "fr"):
            i18n.install_translators(app, language)
            dialog = SetupDialog("DEMO", window, service=window._engine.service)
            dialog.resize(980, 480)
            dialog.show()
            await wait_until(dialog.isVisible)
            tab, unmapped, location_header, read = expected[language]
            assert dialog.tabs.tabText(SHIPMENT_TAB).replace("&", "") == tab
            _click_tab(dialog, COUNTIES_TAB)
            assert dialog.counties_page.model.index(0, 4).data() == {
                "en": "Yes", "fr": "Oui"}[language]
            assert dialog.grab().save(str(SCREENSHOTS / f"setup_counties_{language}.png"))
            _click_tab(dialog, SHIPMENT_TAB)
            texts = {dialog.shipment_methods_page.model.index(r, 1).data() for r in range(2)}
            assert unmapped in texts
            assert dialog.grab().save(str(SCREENSHOTS / f"setup_shipment_{language}.png"))
            _click_tab(dialog, TERMS_TAB)
            assert dialog.payment_terms_page.model.index(0, 2).data() == {
                "en": "Due in 30 days", "fr": "À 30 jours"}[language]
            assert dialog.grab().save(str(SCREENSHOTS / f"setup_terms_{language}.png"))
            _click_tab(dialog, LOCATIONS_TAB)
            page = dialog.locations_page
            await wait_until(lambda page=page: page.model.rowCount() > 1, timeout=10)
            assert page.model.headerData(0, Qt.Orientation.Horizontal) == location_header
            assert page.status_label.text().startswith(read)
            assert dialog.grab().save(str(SCREENSHOTS / f"setup_locations_{language}.png"))
            dialog.close()
    finally:
        i18n.install_translators(app, "en")
        QLocale.setDefault(previous_locale)


async def test_closing_the_dialog_while_reading_the_locations_cancels_the_read(window,
                                                                              monkeypatch):
    import asyncio
    import sys

    reported: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda _t, exc, _tb: reported.append(exc))
    dialog = await _open_setup(window)
    page = dialog.locations_page
    _click_tab(dialog, LOCATIONS_TAB)
    task = page._task
    assert task is not None and not task.done()
    assert page.status_label.text() == "Reading the locations from Shopify…"
    QTest.keyClick(dialog, Qt.Key.Key_Escape)  # Esc closes the dialog
    await wait_until(lambda: not dialog.isVisible())
    await asyncio.sleep(0.05)
    assert task.cancelled() and reported == []
    assert list_location_links("DEMO") == []
