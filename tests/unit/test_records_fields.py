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
