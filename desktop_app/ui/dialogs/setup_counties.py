"""The Setup dialog's Counties page (issue 17): a shop card's counties (provinces, states),
each with its name and the tax area and tax liability it gives.

The county rules read them to turn a Shopify province into the local County and back, and a
document takes its tax area from the county of the address its tax area priority picks.
Saving goes through `sync.setup_runs.set_county`/`remove_county`, the engine of `shop-sync
counties set|remove`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from desktop_app.store import customer_templates
from desktop_app.sync import setup_runs
from desktop_app.ui.dialogs.setup_common import (
    Column,
    SetupEditDialog,
    SetupPage,
    country_choices,
    tax_area_choices,
)


def _liable_text(value: bool) -> str:
    return (QCoreApplication.translate("SetupDialog", "Yes") if value
            else QCoreApplication.translate("SetupDialog", "No"))


class CountiesPage(SetupPage):
    """The picked shop card's county rows."""

    key = "county_code"

    def __init__(self, shop: str | None, parent: QWidget | None = None) -> None:
        super().__init__("counties", [
            Column("country_code", QT_TRANSLATE_NOOP("SetupDialog", "Country")),
            Column("county_code", QT_TRANSLATE_NOOP("SetupDialog", "County")),
            Column("county_name", QT_TRANSLATE_NOOP("SetupDialog", "Name")),
            Column("tax_area_code", QT_TRANSLATE_NOOP("SetupDialog", "Tax area")),
            Column("tax_liable", QT_TRANSLATE_NOOP("SetupDialog", "Tax liable"), _liable_text),
        ], QT_TRANSLATE_NOOP("SetupDialog", "No counties for this shop card. Add the provinces "
                             "or states whose customers and orders need a tax area."), parent)
        self.add_shop_picker(shop, "setup_counties_shop_combo")
        self.reload()

    def reload(self) -> None:
        self.show_shop_rows(customer_templates.list_tax_areas)

    def _editor(self, row: dict[str, Any] | None) -> SetupEditDialog:
        shop = self.shop() or ""
        row = row or {}
        country, county = str(row.get("country_code", "")), str(row.get("county_code", ""))

        def save(values: dict[str, Any]) -> object:
            chosen_country = str(values.pop("country", country))
            chosen_county = str(values.pop("county_code", county))
            return setup_runs.set_county(shop, chosen_country, chosen_county, values)
        if row:
            title = QCoreApplication.translate("SetupDialog", "County %1 of shop card %2")
            title = title.replace("%1", f"{country}-{county}")
        else:
            title = QCoreApplication.translate("SetupDialog", "New county of shop card %2")
        editor = SetupEditDialog(title.replace("%2", shop), save, self,
                                 always=("country", "county_code"))
        if row:
            editor.show_key(f"{country}-{county}",
                            QCoreApplication.translate("SetupDialog", "County:"),
                            "setup_county_label")
        else:
            editor.add_combo("country", country_choices(False), "")
            editor.add_text("county_code", "", 10)
        editor.add_text("name", str(row.get("county_name", "")))
        editor.add_combo("tax_area", tax_area_choices(), str(row.get("tax_area_code", "")))
        editor.add_check("tax_liable", bool(row.get("tax_liable", False)))
        return editor

    def remove(self) -> bool:
        if (chosen := self.selected_in_shop()) is None:
            return False
        row, shop = chosen
        country, county = str(row["country_code"]), str(row["county_code"])
        return self._remove(f"{country}-{county}",
                            lambda: setup_runs.remove_county(shop, country, county))
