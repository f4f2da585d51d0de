"""The shared records keep their fields, in order: the Shopify readers and the store build
them by position."""

from __future__ import annotations

import dataclasses

from desktop_app.records.customers import CustomerRecord
from desktop_app.records.orders import OrderCustomer

PERSON = ("shopify_id", "first_name", "last_name", "email", "phone")


def _names(record: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(record))


def test_an_order_customer_is_a_shopify_person():
    assert _names(OrderCustomer) == PERSON
    customer = OrderCustomer("gid://shopify/Customer/1", "Ann", "Lee", "ann@x.com", "+331")
    assert (customer.shopify_id, customer.last_name, customer.phone) == (
        "gid://shopify/Customer/1", "Lee", "+331")
    assert OrderCustomer("G") == OrderCustomer(shopify_id="G", first_name="", email="")


def test_a_customer_record_starts_with_the_person():
    assert _names(CustomerRecord) == (*PERSON, "company", "state", "tags", "note", "created_at",
                                      "updated_at", "addresses")
    record = CustomerRecord("G", "Ann", "Lee", "a@x.com", "+331", "Acme", "ENABLED")
    assert (record.company, record.state, record.addresses) == ("Acme", "ENABLED", ())
    assert record != OrderCustomer("G", "Ann", "Lee", "a@x.com", "+331")


# --- the shared shapes (issue 16): one Shopify address, one person, one local contact -------

ADDRESS = ("is_default", "first_name", "last_name", "company", "address1", "address2", "city",
           "province", "province_code", "zip", "country", "country_code", "phone")
LOCAL_ADDRESS = ("name", "name_2", "contact", "address", "address_2", "city", "post_code",
                 "county", "country", "phone")


def test_a_shopify_address_is_one_shape_for_the_store_and_the_rules():
    from desktop_app.records.customers import AddressRecord, MailingAddress
    from desktop_app.sync.rules.records import ShopifyAddressIn

    assert _names(MailingAddress) == ADDRESS
    assert _names(AddressRecord) == ("shopify_id", *ADDRESS)
    assert _names(ShopifyAddressIn) == ("id", *ADDRESS)
    assert issubclass(AddressRecord, MailingAddress) and issubclass(ShopifyAddressIn,
                                                                    MailingAddress)
    # Built by position (the store's staged rows): the id, whether default, then the names.
    record = AddressRecord("gid://shopify/MailingAddress/1", True, "Ann", "Lee")
    assert (record.is_default, record.first_name, record.last_name, record.city) == (
        True, "Ann", "Lee", "")
    assert ShopifyAddressIn() == ShopifyAddressIn(id="", is_default=False, country_code="")


def test_a_company_contact_and_a_rules_customer_hold_the_person_details():
    from desktop_app.records.companies import CompanyContactRecord
    from desktop_app.records.customers import PersonDetails, ShopifyPerson
    from desktop_app.sync.rules.records import ShopifyCustomerIn

    details = _names(PersonDetails)
    assert details == PERSON[1:]
    assert _names(ShopifyPerson) == PERSON
    assert _names(CompanyContactRecord) == ("shopify_id", "customer_id", *details)
    assert _names(ShopifyCustomerIn) == ("id", *details, "addresses", "linked_no")
    for record in (ShopifyPerson, CompanyContactRecord, ShopifyCustomerIn):
        assert issubclass(record, PersonDetails)
    contact = CompanyContactRecord("gid://shopify/CompanyContact/1", "gid://shopify/Customer/2",
                                   "Ann", "Lee", "ann@x.com", "+331")
    assert (contact.customer_id, contact.first_name, contact.phone) == (
        "gid://shopify/Customer/2", "Ann", "+331")


def test_a_local_customer_and_its_addresses_hold_the_local_shapes():
    from desktop_app.records.addresses import LocalAddress, LocalContact, OrganisationAddress
    from desktop_app.store.companies import ShipToRow
    from desktop_app.store.customers import CustomerRow
    from desktop_app.sync.rules.companies import AddressOut
    from desktop_app.sync.rules.records import LocalCustomerFields, LocalCustomerRow

    contact = (*LOCAL_ADDRESS, "phone_ext", "email")
    assert _names(LocalContact) == contact
    assert _names(LocalCustomerFields) == contact
    assert _names(LocalCustomerRow) == ("no", *contact)
    assert _names(CustomerRow)[:len(contact)] == contact
    for record in (LocalCustomerFields, CustomerRow):
        assert issubclass(record, LocalContact)
    for record in (ShipToRow, AddressOut):
        assert issubclass(record, OrganisationAddress) and issubclass(record, LocalAddress)
        assert _names(record)[:len(LOCAL_ADDRESS) + 3] == (
            *LOCAL_ADDRESS, "code", "payment_terms", "tax_registration_no")
    ship_to = ShipToRow(customer_no="C1", code="MAIN", name="Kitchen", email="k@x.com")
    assert (ship_to.customer_no, ship_to.code, ship_to.email, ship_to.payment_terms) == (
        "C1", "MAIN", "k@x.com", "")
    row = CustomerRow(no="C1", name="Ann", city="Paris", email="ann@x.com")
    assert (row.no, row.name, row.city, row.phone_ext, row.email, row.category) == (
        "C1", "Ann", "Paris", "", "ann@x.com", "person")


def test_a_sales_line_and_a_credit_memo_line_start_with_the_document_line():
    from decimal import Decimal

    from desktop_app.records.lines import CreditMemoLineRecord, DocumentLine, SalesLineRecord

    line = ("type", "no", "description", "quantity", "unit_price")
    assert _names(DocumentLine) == line
    assert _names(SalesLineRecord) == (*line, "line_discount", "amount", "tax_amount",
                                       "shopify_line_gid")
    assert _names(CreditMemoLineRecord) == (*line, "amount", "tax_amount", "location_code",
                                            "shopify_line_gid")
    for record in (SalesLineRecord, CreditMemoLineRecord):
        assert issubclass(record, DocumentLine)
    one, two = Decimal(1), Decimal(2)
    sale = SalesLineRecord("item", "I1", "Mug", one, two, Decimal(0), two, Decimal("0.4"))
    assert (sale.description, sale.line_discount, sale.shopify_line_gid) == ("Mug", 0, "")
    memo = CreditMemoLineRecord("item", "I1", "Mug", one, two, two, Decimal("0.4"), "MAIN")
    assert (memo.amount, memo.location_code) == (two, "MAIN")
