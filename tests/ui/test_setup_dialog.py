"""The Setup page (issue 17): customer templates, country templates and tax areas made in the
window alone, with real clicks and keys (QTest); the same checks as `shop-sync templates ...`
(a refused value named beside its field, a row in use not removed); screenshots in English
and French in test-artifacts/screenshots/."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from ui_helpers import SCREENSHOTS, wait_until

from desktop_app import i18n
from desktop_app.store import customer_templates, shops, tax_area_codes
from desktop_app.store.runs import RunFilter, run_dicts
from desktop_app.ui.dialogs.setup_dialog import SetupDialog, SetupEditDialog


def _click(widget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def _type_into(edit, text: str) -> None:
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(edit, Qt.Key.Key_Delete)
    QTest.keyClicks(edit, text)


def _choose(combo, data: str) -> None:
    """Pick a combo entry with the keyboard, as a merchant would (focus, then arrows)."""
    combo.setFocus()
    wanted = combo.findData(data)
    assert wanted >= 0, data
    while combo.currentIndex() != wanted:
        key = Qt.Key.Key_Down if combo.currentIndex() < wanted else Qt.Key.Key_Up
        QTest.keyClick(combo, key)


def _click_tab(dialog: SetupDialog, index: int) -> None:
    bar = dialog.tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert dialog.tabs.currentIndex() == index


def _click_row(page, column_value: str) -> None:
    for row in range(page.model.rowCount()):
        index = page.model.index(row, 0)
        if index.data() == column_value:
            rect = page.table.visualRect(index)
            QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                             pos=rect.center())
            assert page.selected() is not None
            return
    raise AssertionError(f"no row {column_value}")


async def _editor(page) -> SetupEditDialog:
    await wait_until(lambda: page.editor is not None and page.editor.isVisible())
    return page.editor


async def _open_setup(window) -> SetupDialog:
    QTest.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    await wait_until(lambda: any(d.isVisible() for d in window.findChildren(SetupDialog)))
    return next(d for d in window.findChildren(SetupDialog) if d.isVisible())


async def test_templates_country_templates_and_tax_areas_are_made_in_the_window(window):
    dialog = await _open_setup(window)
    pages = dialog.templates_page, dialog.countries_page, dialog.tax_areas_page
    templates, countries, areas = pages
    assert templates.table.is_showing_empty_text()

    # A tax area first (page 3), then a template naming it (page 1).
    _click_tab(dialog, 2)
    _click(areas.add_button)
    editor = await _editor(areas)
    _type_into(editor.widgets["code"], "ldn")
    _type_into(editor.widgets["description"], "Greater London")
    QTest.keyClick(editor.widgets["description"], Qt.Key.Key_Return)  # Enter saves
    await wait_until(lambda: not editor.isVisible())
    assert [(t.code, t.description) for t in tax_area_codes.list_tax_area_codes()] == [
        ("LDN", "Greater London")]

    _click_tab(dialog, 0)
    _click(templates.add_button)
    editor = await _editor(templates)
    _type_into(editor.widgets["code"], "whole sale")
    _choose(editor.widgets["category"], "organisation")
    _choose(editor.widgets["tax_area"], "LDN")  # offered at once, made on the other page
    _click(editor.save_button)
    assert editor.isVisible()  # refused, named beside the field
    assert editor.problem_label.text() == (
        "Not saved:\nCode: “WHOLE SALE” may hold only letters, digits and - _ . / "
        "(no spaces).")
    assert editor.widgets["code"].styleSheet()
    assert customer_templates.list_customer_templates() == []
    _type_into(editor.widgets["code"], "wholesale")
    _click(editor.save_button)
    await wait_until(lambda: not editor.isVisible())
    made = customer_templates.get_customer_template("WHOLESALE")
    assert (made.category, made.tax_area) == ("organisation", "LDN")
    assert templates.selected()["code"] == "WHOLESALE"

    # Country template of the window's shop card, naming the template.
    _click_tab(dialog, 1)
    assert countries.shop() == "DEMO"
    assert countries.table.is_showing_empty_text()
    _click(countries.add_button)
    editor = await _editor(countries)
    _choose(editor.widgets["country"], "GB")
    _choose(editor.widgets["template"], "WHOLESALE")
    _type_into(editor.widgets["default_customer_no"], "X9999")
    _click(editor.save_button)
    assert "Default customer no.: there is no local customer “X9999”." in \
        editor.problem_label.text()
    _type_into(editor.widgets["default_customer_no"], "")
    _choose(editor.widgets["county_source"], "name")
    _click(editor.save_button)
    await wait_until(lambda: not editor.isVisible())
    assert customer_templates.list_shop_customer_templates("DEMO") == [
        customer_templates.ShopCustomerTemplateRecord("GB", "", "WHOLESALE", "", "name")]
    assert countries.model.index(0, 4).data() == "Province name"

    # Removing the template the GB row uses is refused, naming it; nothing removed.
    _click_tab(dialog, 0)
    _click_row(templates, "WHOLESALE")
    QTest.keyClick(templates.table, Qt.Key.Key_Delete)
    await wait_until(lambda: getattr(templates, "in_use_box", None) is not None
                     and templates.in_use_box.isVisible())
    box: QMessageBox = templates.in_use_box
    assert box.text() == ("Template WHOLESALE is not removed: it is used by the GB country "
                          "template of shop card DEMO.")
    _click(box.button(QMessageBox.StandardButton.Ok))
    assert customer_templates.get_customer_template("WHOLESALE")

    # Esc leaves an editor without saving anything.
    _click_row(templates, "WHOLESALE")
    QTest.keyClick(templates.table, Qt.Key.Key_Return)  # Enter edits
    editor = await _editor(templates)
    _type_into(editor.widgets["description"], "Changed")
    QTest.keyClick(editor.widgets["description"], Qt.Key.Key_Escape)
    await wait_until(lambda: not editor.isVisible())
    assert customer_templates.get_customer_template("WHOLESALE").description == ""

    # Every change was a recorded run; the refusals too.
    setup_runs = run_dicts(RunFilter(resource="local-setup", limit=20))
    assert {r["status"] for r in setup_runs} == {"ok", "failed"}
    assert len([r for r in setup_runs if r["status"] == "ok"]) == 3


async def test_the_wheel_over_an_unfocused_combo_changes_nothing(window):
    dialog = await _open_setup(window)
    _click(dialog.templates_page.add_button)
    editor = await _editor(dialog.templates_page)
    combo = editor.widgets["country"]
    editor.widgets["code"].setFocus()
    before = combo.currentIndex()
    centre = QPointF(combo.rect().center())
    event = QWheelEvent(centre, QPointF(combo.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, -120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(combo, event)
    assert combo.currentIndex() == before


async def test_refusal_in_english_and_french_with_screenshots(window):
    shops.create_shop("WEB", name="Web store", domain="web-store.myshopify.com")
    tax_area_codes.add_tax_area_code("LDN", "Greater London")
    customer_templates.add_template("RETAIL", {"description": "Retail customers",
                                               "country": "GB", "tax_area": "LDN"})
    customer_templates.set_country_template("DEMO", "FR", {"template": "RETAIL",
                                                           "county_source": "code"})
    app = QApplication.instance()
    previous_locale = QLocale()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    expected = {
        "en": ("Setup", "Country: “XX” is not a two-letter country code (such as GB, FR, US).",
               "Province code"),
        "fr": ("Paramétrage", "Pays\u00a0: «\u00a0XX\u00a0» n’est pas un code pays à deux "
               "lettres (comme GB, FR, US).", "Code de la région"),
    }
    try:
        for language in ("en", "fr"):
            i18n.install_translators(app, language)
            dialog = SetupDialog("DEMO", window)
            dialog.show()
            await wait_until(dialog.isVisible)
            title, problem, county = expected[language]
            assert dialog.windowTitle() == title
            _click_tab(dialog, 1)
            assert dialog.countries_page.model.index(0, 4).data() == county
            assert dialog.grab().save(str(SCREENSHOTS / f"setup_countries_{language}.png"))
            _click_tab(dialog, 0)
            # The template editor refuses a country typed in by a script (the picker only
            # offers real ones): the same check as the command line, translated.
            page = dialog.templates_page
            _click_row(page, "RETAIL")
            _click(page.edit_button)
            editor = await _editor(page)
            editor.widgets["country"].addItem("XX", "XX")
            _choose(editor.widgets["country"], "XX")
            _click(editor.save_button)
            assert problem in editor.problem_label.text()
            assert editor.grab().save(str(SCREENSHOTS / f"setup_template_refused_{language}.png"))
            editor.reject()
            dialog.close()
    finally:
        i18n.install_translators(app, "en")
        QLocale.setDefault(previous_locale)
    assert customer_templates.get_customer_template("RETAIL").country == "GB"
