"""The Setup dialog's Local locations page (issue 17), in English and French, with real clicks
and keys (QTest): the same engine as `shop-sync local-locations` (the same refusals, each
change a recorded run), a location a Shopify location or the Shop Card names kept, and the
Shop Card's return location picker offering what the page adds; screenshots in
test-artifacts/screenshots/."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from test_setup_accounts_payment_methods import OFFSCREEN, _in_use_box
from test_setup_mappings_locations import (
    _click,
    _click_row,
    _click_tab,
    _editor,
    _open_setup,
    _type_into,
)
from ui_helpers import SCREENSHOTS, wait_until

from desktop_app import i18n
from desktop_app.store import local_locations, shopify_locations, shops
from desktop_app.store.runs import RunFilter, run_dicts

LOCAL_LOCATIONS_TAB = 10
NBSP = "\u00a0"
#: What the page says, by language: the tab, the editor's title, the refused code, the
#: empty page, the refusal to remove a location in use.
TEXTS = {
    "en": ("L&ocal locations", "New local location",
           "Not saved:\nCode: “BACK ROOM” may hold only letters, digits and - _ . / (no "
           "spaces).",
           "No local locations yet. Add the locations your items are kept at, then link "
           "Shopify's locations to them.",
           "Local location RET is not removed: it is used by the setting “Return location” "
           "of shop card DEMO; the return location of Shopify location “High Street” of shop "
           "card DEMO."),
    "fr": ("Emplacements l&ocaux", "Nouvel emplacement local",
           f"Non enregistré{NBSP}:\nCode{NBSP}: «{NBSP}BACK ROOM{NBSP}» ne peut contenir que "
           "des lettres, des chiffres et - _ . / (sans espace).",
           "Aucun emplacement local pour l’instant. Ajoutez les emplacements où sont vos "
           "articles, puis liez-y les emplacements de Shopify.",
           f"L’emplacement local RET{NBSP}: non supprimé, car utilisé par le paramètre "
           f"«{NBSP}Emplacement de retour{NBSP}» de la fiche magasin DEMO; l’emplacement de "
           f"retour de l’emplacement Shopify «{NBSP}High Street{NBSP}» de la fiche magasin "
           "DEMO."),
}


@pytest.fixture
def language(request):
    app = QApplication.instance()
    previous_locale = QLocale()
    i18n.install_translators(app, request.param)
    try:
        yield request.param
    finally:
        i18n.install_translators(app, "en")
        QLocale.setDefault(previous_locale)


@OFFSCREEN
@pytest.mark.parametrize("language", ["en", "fr"], indirect=True)
async def test_local_locations_are_added_and_removed_in_the_window(window, language):
    tab, new_title, refused, empty, in_use = TEXTS[language]
    dialog = await _open_setup(window)
    page = dialog.local_locations_page
    _click_tab(dialog, LOCAL_LOCATIONS_TAB)
    assert dialog.tabs.tabText(LOCAL_LOCATIONS_TAB) == tab
    assert page.table.is_showing_empty_text() and page.table.empty_text() == empty
    _click(page.add_button)
    editor = await _editor(page)
    assert editor.windowTitle() == new_title
    _type_into(editor.widgets["code"], "back room")
    _type_into(editor.widgets["name"], "Returns")
    _click(editor.save_button)
    assert editor.problem_label.text() == refused
    assert local_locations.TABLE.rows() == []  # refused: nothing saved
    _type_into(editor.widgets["code"], "ret")
    QTest.keyClick(editor.widgets["name"], Qt.Key.Key_Return)  # Enter saves
    await wait_until(lambda: not editor.isVisible())
    assert local_locations.TABLE.rows() == [local_locations.LocalLocationRecord("RET",
                                                                                "Returns")]
    assert page.selected()["code"] == "RET"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(SCREENSHOTS / f"setup_local_locations_{language}.png"))
    dialog.close()

    # The Shop Card's return location offers it; a Shopify location is linked to it.
    card = window.shop_card_tab
    card.refresh_code_choices()
    assert "RET" in card.setting_widgets["return_location"].codes()
    shops.update_shop_settings("DEMO", {"return_location": "RET"})
    shopify_locations.set_location_link("DEMO", "gid://shopify/Location/1", "High Street",
                                        "RET", return_location=True)

    # Removing it is refused, saying what uses it; a location nothing names goes.
    dialog = await _open_setup(window)
    page = dialog.local_locations_page
    _click_tab(dialog, LOCAL_LOCATIONS_TAB)
    _click_row(page, "RET")
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    box = await _in_use_box(page)
    assert box.text() == in_use
    _click(box.button(QMessageBox.StandardButton.Ok))
    assert local_locations.TABLE.has("RET")
    _click(page.add_button)
    editor = await _editor(page)
    _type_into(editor.widgets["code"], "tmp")
    _click(editor.save_button)
    await wait_until(lambda: not editor.isVisible())
    _click_row(page, "TMP")
    _click(page.remove_button)
    await wait_until(lambda: page.model.rowCount() == 1)
    assert [r.code for r in local_locations.TABLE.rows()] == ["RET"]
    runs = run_dicts(RunFilter(resource="local-setup", limit=10))
    assert [r["message"] for r in runs[:2]] == [
        "local-locations remove TMP: local location TMP removed.",
        "local-locations add tmp: local location TMP created."]
    dialog.close()
