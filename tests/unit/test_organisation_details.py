"""One organisation's business details, one mirror of a company's main contact (issue 16).

`records.organisations.OrganisationDetails` (registration no., VAT registration no., payment
terms) is declared once and held by the store's `BusinessRow` and the company rules'
`OrganisationRow` and `OrganisationOut`, each keeping its own fields first, so every
construction by position is as before. `CompanyMirror.contact` is the one reading of a linked
company's main contact under CompanyContactInput's keys, which both the update (what differs)
and the run's history (the old values) use.
"""

from __future__ import annotations

import dataclasses

from desktop_app.records.organisations import OrganisationDetails
from desktop_app.store.companies import BusinessRow
from desktop_app.sync import record_changes
from desktop_app.sync.rules.companies import (
    AddressOut,
    CompanyMirror,
    OrganisationOut,
    OrganisationRow,
    company_changes,
    prepare_company,
)
from desktop_app.sync.rules.names import NameSources

BUSINESS = ("registration_no", "vat_registration_no", "payment_terms")


def _names(record: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(record))


def test_the_business_details_are_one_shape_in_the_store_and_the_rules():
    for record in (BusinessRow, OrganisationRow, OrganisationOut):
        assert issubclass(record, OrganisationDetails), record
    assert _names(OrganisationDetails) == BUSINESS
    assert _names(BusinessRow) == ("customer_no", *BUSINESS)
    assert _names(OrganisationRow) == ("no", "email", "phone", "country", *BUSINESS)
    assert _names(OrganisationOut) == ("no", "name", "contact", "email", "phone", *BUSINESS,
                                       "addresses")


def test_the_business_details_are_built_by_position_as_before():
    row = BusinessRow("C1", "REG-1", "VAT-1", "NET30")
    assert (row.customer_no, row.registration_no, row.vat_registration_no,
            row.payment_terms) == ("C1", "REG-1", "VAT-1", "NET30")
    assert BusinessRow("C2") == BusinessRow("C2", "", "", "")
    org = OrganisationRow("O1", "a@x.example", "+331", "FR", "REG", "VAT")
    assert (org.country, org.registration_no, org.vat_registration_no) == ("FR", "REG", "VAT")
    out = OrganisationOut("O2", "Acme", "Ann Lee", vat_registration_no="VAT",
                          payment_terms="NET30")
    assert (out.name, out.contact, out.email, out.vat_registration_no, out.payment_terms,
            out.addresses) == ("Acme", "Ann Lee", "", "VAT", "NET30", ())


def test_the_mirror_contact_is_what_the_update_compares_and_the_history_shows():
    mirror = CompanyMirror(name="Acme", contact_id="gid://shopify/CompanyContact/1",
                           contact_email="ANN@acme.example", contact_first_name="Ann",
                           contact_last_name="Lee", contact_phone="+16135550100")
    assert mirror.contact == {"email": "ANN@acme.example", "firstName": "Ann",
                              "lastName": "Lee", "phone": "+16135550100"}
    main = AddressOut(code="", name="Acme", contact="Anne Leeds", address="1 Main St",
                      city="Ottawa", post_code="K1N 5T2", county="ON", country="CA")
    org = OrganisationOut("O1", "Acme", "Anne Leeds", "ann@acme.example", "+1 613 555 0100",
                          addresses=(main,))
    prepared = prepare_company(org, {}, sources=NameSources())
    assert prepared.ok, prepared.issues
    changes = company_changes(prepared, mirror)
    # The e-mail differs in case only and the phone in form only: not sent.
    assert changes.contact == {"firstName": "Anne", "lastName": "Leeds"}
    fields = record_changes.company_update_fields(changes, mirror)
    assert fields["contact.firstName"] == ("Ann", "Anne")
    assert fields["contact.lastName"] == ("Lee", "Leeds")
    assert "contact.email" not in fields and "contact.phone" not in fields


def test_a_company_export_problem_is_the_orders_and_refunds_problem():
    from desktop_app.sync.rules import orders, refunds
    from desktop_app.sync.rules.problems import Problem

    assert orders.Problem is Problem and refunds.Problem is Problem  # one declaration
    assert not hasattr(refunds, "RefundProblem")

    nameless = prepare_company(OrganisationOut("O3", " "), {}, sources=NameSources())
    assert nameless.issues == (
        Problem("name", "an organisation needs a name to become a company"),
        Problem("address", "the organisation has no address"))


def test_the_export_and_the_matching_read_one_address_settings_from_the_shop():
    from desktop_app.records.settings import ShopSettings
    from desktop_app.sync.rules.county import CountyRow
    from desktop_app.sync.rules.county_sources import CountySources
    from desktop_app.sync.rules.export import ExportSettings
    from desktop_app.sync.rules.fields import AddressSettings
    from desktop_app.sync.rules.mapping import MatchSettings

    address = ("name_sources", "county_source", "tax_areas")
    assert issubclass(ExportSettings, AddressSettings)
    assert issubclass(MatchSettings, AddressSettings)
    assert _names(ExportSettings) == ("company_country", *address)
    assert _names(MatchSettings) == ("mapping", "auto_create", "default_customer_no",
                                     "shop_country", *address)
    shop = ShopSettings(customer_mapping="bill_to", auto_create_customers=True,
                        default_customer_no=" WEB ", name_source="none", county_source="name")
    rows = [CountyRow("CA", "ON", "Ontario")]
    per_country = CountySources.of("name", {"CA": "code"})
    export = ExportSettings.from_shop(shop, "CA", rows, per_country)
    match = MatchSettings.from_shop(shop, "CA", rows, per_country)
    part = AddressSettings.of_shop(shop, rows, per_country)
    assert (export.name_sources, export.county_source, export.tax_areas) == (
        part.name_sources, per_country, tuple(rows))
    assert (match.name_sources, match.county_source, match.tax_areas) == (
        part.name_sources, per_country, tuple(rows))
    assert (match.mapping, match.auto_create, match.default_customer_no,
            match.shop_country, export.company_country) == ("bill_to", True, "WEB", "CA", "CA")
    # Without per-country sources, the shop's own county source.
    assert ExportSettings.from_shop(shop).county_source == "name"
