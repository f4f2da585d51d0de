"""SetupDialog: the tables the engine reads to create customers (issue 17), one page each.

- Customer templates: what a new local customer gets (country, category, tax area...).
- Country templates: per shop card and country, the template, the default customer, the tax
  area and where the county comes from (Business Central's "Shopify Customer Templates").
- Tax areas, G/L accounts, payment methods and local locations (`setup_codes`): the codes
  templates, counties, the Shop Card's account settings and return location, the documents,
  the payment gateways and the Shopify locations name.
- Counties (`setup_counties`): per shop card, the provinces or states and the tax area each
  gives.
- Shipment methods, payment terms, payment gateways (`setup_mappings`) and Shopify
  locations (`setup_locations`): the local codes Shopify's values stand for on the documents.

Add, Edit and Remove go through `sync.setup_runs`, the engine of `shop-sync templates`,
`country-templates`, `tax-areas`, `accounts`, `payment-methods`, `local-locations` and
`mappings`: the same checks, and each change is a recorded run. A refused value is shown
beside its field, translated; a row still in use is not removed and the message says what
uses it.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.store import customer_templates
from desktop_app.sync import setup_runs
from desktop_app.sync.locations import ClientSource
from desktop_app.ui.dialogs.setup_codes import (
    ACCOUNTS,
    LOCAL_LOCATIONS,
    PAYMENT_METHODS,
    TAX_AREAS,
    CodeTablePage,
)
from desktop_app.ui.dialogs.setup_common import (
    Column,
    SetupEditDialog,
    SetupPage,
    category_text,
    country_choices,
    county_source_text,
    problem_text,
    tax_area_choices,
    template_choices,
)
from desktop_app.ui.dialogs.setup_counties import CountiesPage
from desktop_app.ui.dialogs.setup_locations import LocationsPage
from desktop_app.ui.dialogs.setup_mappings import GATEWAY, SHIPMENT, TERMS, MappingsPage
from desktop_app.ui.widgets.controls import name_views_after_tabs

__all__ = ["CodeTablePage", "CountryTemplatesPage", "SetupDialog", "SetupEditDialog",
           "SetupPage", "TemplatesPage", "problem_text"]


class TemplatesPage(SetupPage):
    """Customer templates."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("templates", [
            Column("code", QT_TRANSLATE_NOOP("SetupDialog", "Code")),
            Column("description", QT_TRANSLATE_NOOP("SetupDialog", "Description")),
            Column("country", QT_TRANSLATE_NOOP("SetupDialog", "Country")),
            Column("category", QT_TRANSLATE_NOOP("SetupDialog", "Category"), category_text),
            Column("tax_area", QT_TRANSLATE_NOOP("SetupDialog", "Tax area")),
            Column("payment_terms", QT_TRANSLATE_NOOP("SetupDialog", "Payment terms")),
            Column("currency", QT_TRANSLATE_NOOP("SetupDialog", "Currency")),
        ], QT_TRANSLATE_NOOP("SetupDialog", "No customer templates yet. A template gives a new "
                             "customer its country, category, tax area and payment terms: "
                             "add one with Add…"), parent)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows([asdict(t) for t in customer_templates.list_customer_templates()])

    def _editor(self, row: dict[str, Any] | None) -> SetupEditDialog:
        row = row or {}
        code = str(row.get("code", ""))
        if row:
            title = QCoreApplication.translate("SetupDialog", "Customer template %1").replace(
                "%1", code)

            def save(values: dict[str, Any]) -> object:
                values.pop("code", None)
                return setup_runs.set_template(code, values) if values else None
        else:
            title = QCoreApplication.translate("SetupDialog", "New customer template")

            def save(values: dict[str, Any]) -> object:
                return setup_runs.add_template(values.pop("code", ""), values)
        editor = SetupEditDialog(title, save, self)
        editor.add_code_key(code)
        editor.add_text("description", str(row.get("description", "")))
        editor.add_combo("country", country_choices(True), str(row.get("country", "")))
        editor.add_combo("category", [(category_text("person"), "person"),
                                      (category_text("organisation"), "organisation")],
                         str(row.get("category", "person")))
        editor.add_combo("tax_area", tax_area_choices(), str(row.get("tax_area", "")))
        editor.add_check("tax_liable", bool(row.get("tax_liable", False)))
        editor.add_text("payment_terms", str(row.get("payment_terms", "")), 20)
        editor.add_text("currency", str(row.get("currency", "")), 3)
        for name in ("customer_posting_group", "gen_bus_posting_group",
                     "vat_bus_posting_group"):
            editor.add_text(name, str(row.get(name, "")), 20)
        return editor

    def remove(self) -> bool:
        return self._remove_code(QT_TRANSLATE_NOOP("SetupDialog", "Template %1"),
                                 setup_runs.remove_template)


class CountryTemplatesPage(SetupPage):
    """A shop card's template per country."""

    key = "country"

    def __init__(self, shop: str | None, parent: QWidget | None = None) -> None:
        super().__init__("countries", [
            Column("country_code", QT_TRANSLATE_NOOP("SetupDialog", "Country")),
            Column("template_code", QT_TRANSLATE_NOOP("SetupDialog", "Template")),
            Column("default_customer_no",
                   QT_TRANSLATE_NOOP("SetupDialog", "Default customer")),
            Column("tax_area", QT_TRANSLATE_NOOP("SetupDialog", "Tax area")),
            Column("county_source", QT_TRANSLATE_NOOP("SetupDialog", "County source"),
                   county_source_text),
        ], QT_TRANSLATE_NOOP("SetupDialog", "No country templates for this shop card. "
                             "Customers of every country take the Shop Card's customer "
                             "template; add a country to give its customers another template, "
                             "a default customer or a tax area."), parent)
        self.add_shop_picker(shop, "setup_shop_combo")
        self.reload()

    def reload(self) -> None:
        self.show_shop_rows(customer_templates.list_shop_customer_templates)

    def _editor(self, row: dict[str, Any] | None) -> SetupEditDialog:
        shop = self.shop() or ""
        row = row or {}
        country = str(row.get("country_code", ""))

        def save(values: dict[str, Any]) -> object:
            values.pop("code", None)
            chosen = values.pop("country", country)
            return setup_runs.set_country_template(shop, chosen, values)
        if row:
            title = QCoreApplication.translate(
                "SetupDialog", "%1 customer template of shop card %2").replace("%1", country)
        else:
            title = QCoreApplication.translate(
                "SetupDialog", "New country template of shop card %1")
        title = title.replace("%2" if row else "%1", shop)
        editor = SetupEditDialog(title, save, self, always=("country",))
        if row:
            editor.show_key(country, QCoreApplication.translate("SetupDialog", "Country:"),
                            "setup_country_label")
        else:
            editor.add_combo("country", country_choices(False), "")
        editor.add_combo("template", template_choices(), str(row.get("template_code", "")))
        editor.add_text("default_customer_no", str(row.get("default_customer_no", "")), 20)
        editor.add_combo("tax_area", tax_area_choices(), str(row.get("tax_area", "")))
        editor.add_combo("county_source", [(county_source_text(v), v) for v in
                                           customer_templates.COUNTY_SOURCES],
                         str(row.get("county_source", "")))
        return editor

    def remove(self) -> bool:
        if (chosen := self.selected_in_shop()) is None:
            return False
        row, shop = chosen
        country = str(row["country_code"])
        return self._remove(country, lambda: setup_runs.remove_country_template(shop, country))


class SetupDialog(QDialog):
    """The setup tables, one page each; every change is saved at once (a recorded run)."""

    def __init__(self, shop: str | None = None, parent: QWidget | None = None, *,
                 service: ClientSource | None = None) -> None:
        """`service` reads the Shopify locations (none: only the links already made)."""
        super().__init__(parent)
        self.setObjectName("setup_dialog")
        self.setWindowTitle(self.tr("Setup"))
        intro = QLabel(self.tr(
            "What a sync needs to create customers and documents: the templates new customers "
            "are made from, the template and default customer per country of each shop card, "
            "the tax areas and counties, the G/L accounts and payment methods, and the local "
            "codes Shopify's shipping titles, payment terms, payment gateways and locations "
            "stand for. Each change is saved at once and kept in the history."), self)
        intro.setObjectName("setup_intro_label")
        intro.setWordWrap(True)
        self.templates_page = TemplatesPage(self)
        self.countries_page = CountryTemplatesPage(shop, self)
        self.tax_areas_page = CodeTablePage(TAX_AREAS, self)
        self.counties_page = CountiesPage(shop, self)
        self.shipment_methods_page = MappingsPage(SHIPMENT, shop, self)
        self.payment_terms_page = MappingsPage(TERMS, shop, self)
        self.locations_page = LocationsPage(shop, service, self)
        self.accounts_page = CodeTablePage(ACCOUNTS, self)
        self.payment_methods_page = CodeTablePage(PAYMENT_METHODS, self)
        self.gateways_page = MappingsPage(GATEWAY, shop, self)
        self.local_locations_page = CodeTablePage(LOCAL_LOCATIONS, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("setup_tabs")
        self.tabs.addTab(self.templates_page, self.tr("Customer &templates"))
        self.tabs.addTab(self.countries_page, self.tr("&Country templates"))
        self.tabs.addTab(self.tax_areas_page, self.tr("Ta&x areas"))
        self.tabs.addTab(self.counties_page, self.tr("Co&unties"))
        self.tabs.addTab(self.shipment_methods_page, self.tr("&Shipment methods"))
        self.tabs.addTab(self.payment_terms_page, self.tr("&Payment terms"))
        self.tabs.addTab(self.locations_page, self.tr("Shopify &locations"))
        self.tabs.addTab(self.accounts_page, self.tr("&G/L accounts"))
        self.tabs.addTab(self.payment_methods_page, self.tr("Payment &methods"))
        self.tabs.addTab(self.gateways_page, self.tr("Payment gate&ways"))
        self.tabs.addTab(self.local_locations_page, self.tr("L&ocal locations"))
        name_views_after_tabs(self.tabs)  # each table read by its page's title
        # A template or tax area added on one page is offered at once by the others.
        self.pages: tuple[SetupPage, ...] = (
            self.templates_page, self.countries_page, self.tax_areas_page,
            self.counties_page, self.shipment_methods_page, self.payment_terms_page,
            self.locations_page, self.accounts_page, self.payment_methods_page,
            self.gateways_page, self.local_locations_page)
        for page in self.pages:
            page.changed.connect(lambda changed=page: self._reload_others(changed))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry().width() if self.screen() else 980
        self.resize(min(self.tabs_width(), max(980, screen)), 480)

    def tabs_width(self) -> int:
        """The width that shows every page's tab at once (980 at least); a narrower screen
        scrolls the tabs."""
        return max(980, self.tabs.tabBar().sizeHint().width() + 40)

    def done(self, result: int) -> None:
        self.locations_page.cancel()  # a read of Shopify still running ends with the dialog
        super().done(result)

    def _reload_others(self, changed: SetupPage) -> None:
        for page in self.pages:
            if page is not changed:
                page.reload()
