"""Issue 14 rules: Shopify's company field, and what a change since the last exchange means
in each direction (`export.Agreement`, `agreed.local_changes`)."""

from __future__ import annotations

import pytest

from desktop_app.sync.rules.agreed import (
    local_changes,
    local_row,
    local_snapshot,
    shopify_customer,
    shopify_snapshot,
)
from desktop_app.sync.rules.export import (
    Agreement,
    ExportSettings,
    ShopifyAddressInput,
    ShopifyCustomerInput,
    prepare_customer,
)
from desktop_app.sync.rules.names import NameSources
from desktop_app.sync.rules.records import LocalCustomerRow, ShopifyAddressIn, ShopifyCustomerIn

US = ExportSettings(company_country="US")  # default name sources: company, first_last x2
STREET = {"address": "1 Main St", "city": "New York", "post_code": "10001", "country": "US",
          "email": "ann@example.com"}


def names_sent(organisation: bool = False, settings: ExportSettings = US, **local: str):
    prepared = prepare_customer(LocalCustomerRow("C1", **{**STREET, **local}), settings,
                                organisation=organisation)
    assert prepared.input is not None and prepared.input.address is not None
    return prepared.input.first_name, prepared.input.last_name, prepared.input.address.company


@pytest.mark.parametrize(
    ("local", "organisation", "expected"),
    [
        # A person: their own name never becomes the company (before issue 14 it did).
        ({"name": "Ann Lee"}, False, (None, None, None)),
        ({"name": "Ann Lee", "contact": "Ann Lee"}, False, ("Ann", "Lee", None)),
        ({"name": "ann  lee", "contact": "Lee Ann"}, False, ("Lee", "Ann", None)),
        # A real company name: another field holds a different person's name.
        ({"name": "Acme", "contact": "Ann Lee"}, False, ("Ann", "Lee", "Acme")),
        ({"name": "Acme", "name_2": "Ann Lee"}, False, ("Ann", "Lee", "Acme")),
        # An organisation: its Name is the company, and never split into a person's name.
        ({"name": "Harbour Books"}, True, (None, None, "Harbour Books")),
        ({"name": "Acme", "contact": "Ann Lee"}, True, ("Ann", "Lee", "Acme")),
    ],
)
def test_company_comes_only_from_a_company_name(local, organisation, expected) -> None:
    assert names_sent(organisation, **local) == expected


def test_an_organisation_is_the_company_whatever_the_name_source() -> None:
    settings = ExportSettings("US", NameSources("first_last", "none", "first_last"))
    assert names_sent(True, settings, name="Acme Ltd", contact="Ann Lee") == (
        "Ann", "Lee", "Acme Ltd")
    assert names_sent(False, settings, name="Ann Lee") == ("Ann", "Lee", None)


THEN = ShopifyCustomerInput(first_name="Ann", last_name="Lee", email="ann@example.com",
                            phone="+12125550100",
                            address=ShopifyAddressInput(address1="1 Main St", city="NYC"))


def test_agreed_fields_go_only_when_changed_locally_and_blanks_clear_them() -> None:
    agreement = Agreement(local=THEN, shopify=THEN)
    shopify_now = ShopifyCustomerInput(first_name="Annie", last_name="Lee",
                                       email="ann@example.com", phone="+12125550100",
                                       address=THEN.address)
    mine = ShopifyCustomerInput(first_name="Ann", last_name="Lee", email="ANN@example.com",
                                phone=None, address=ShopifyAddressInput(address1="1 Main St",
                                                                        city="Boston"))
    # First name: changed in Shopify only, kept; phone: emptied locally, cleared; city sent.
    assert mine.changed_fields(shopify_now, agreement) == {
        "phone": None, "address": {"city": "Boston"}}
    # Without the agreement (before issue 14) the blank and Shopify's edit went up too.
    assert mine.changed_fields(shopify_now)["firstName"] == "Ann"


def test_fields_never_agreed_send_only_values_and_an_emptied_address_clears_its_street() -> None:
    never = Agreement(local=ShopifyCustomerInput(email="ann@example.com"), shopify=THEN)
    mine = ShopifyCustomerInput(email="ann@example.com", phone="+12125550199")
    assert mine.changed_fields(THEN, never) == {"phone": "+12125550199"}
    assert mine.changed_fields(THEN, Agreement.none()) == {"phone": "+12125550199"}
    emptied = ShopifyCustomerInput(first_name="Ann", last_name="Lee", email="ann@example.com",
                                   phone="+12125550100")
    agreement = Agreement(local=THEN, shopify=THEN)
    assert emptied.address_update_variables("C", "A", THEN, agreement) == {
        "customerId": "C", "addressId": "A", "address": {"address1": None, "city": None}}
    assert emptied.address_update_variables("C", "A", THEN, Agreement.none()) is None


def test_import_takes_shopify_changes_clears_agreed_blanks_and_keeps_the_rest() -> None:
    then = {"name": "Ann Lee", "city": "Paris", "phone": "+33612345678", "address_2": ""}
    local_then = {"name": "Ann Lee", "city": "Paris", "phone": "+33612345678",
                  "address_2": "Bât. B"}
    now = {"name": "Ann Lee", "city": "Lyon", "phone": "", "address_2": ""}
    assert local_changes(now, then, local_then) == {"city": "Lyon", "phone": ""}
    # No exchange recorded: only values, never a blank.
    assert local_changes(now, None, None) == {"name": "Ann Lee", "city": "Lyon"}


def test_snapshots_round_trip() -> None:
    customer = ShopifyCustomerIn(
        "gid://shopify/Customer/1", "Ann", "Lee", "ann@example.com", "+1",
        (ShopifyAddressIn("gid://shopify/MailingAddress/2", True, city="Paris",
                          country_code="FR"),))
    assert shopify_customer(customer.id, shopify_snapshot(customer)) == customer
    assert shopify_customer("g", {"email": "a@b.c"}).main_address() is None
    row = LocalCustomerRow("C1", name="Ann", city="Paris")
    snapshot = local_snapshot({**row.__dict__, "category": "organisation"})
    assert snapshot["category"] == "organisation" and local_row("C1", snapshot) == row


def test_a_shopify_snapshot_keeps_its_keys() -> None:
    """The address's country name (a `MailingAddress` field since the shapes were shared,
    issue 16) stays out of a snapshot: the snapshots kept before compare as they did."""
    customer = ShopifyCustomerIn(
        "gid://shopify/Customer/1", "Ann", "Lee", "ann@example.com", "+1",
        (ShopifyAddressIn("gid://shopify/MailingAddress/2", True, city="Paris", country="France",
                          country_code="FR"),))
    assert set(shopify_snapshot(customer)) == {
        "first_name", "last_name", "email", "phone", "address.id", "address.first_name",
        "address.last_name", "address.company", "address.address1", "address.address2",
        "address.city", "address.province", "address.province_code", "address.zip",
        "address.country_code", "address.phone"}
