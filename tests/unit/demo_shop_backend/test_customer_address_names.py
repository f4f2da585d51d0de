"""An address made without names takes the customer's own, and keeps them (issue 20).

Captured: customer-address-lifecycle (`customerAddressCreate` without names gives the
customer's; `customerAddressUpdate` without names keeps the address's) and
customer-metafields-erasure-address-fidelity (`customerCreate`'s addresses). That a rename of
the customer leaves its addresses' names as they were is NOT CAPTURED as such (no capture reads
the addresses after a `customerUpdate` of the names); the lifecycle's later addresses still
carry the names the customer had when each was made.
"""

from __future__ import annotations

from typing import Any

from .conftest import Client, create

ADD = """mutation A($customerId: ID!, $address: MailingAddressInput!) {
  customerAddressCreate(customerId: $customerId, address: $address) {
    address { id firstName lastName name } userErrors { field message } } }"""
EDIT = """mutation U($customerId: ID!, $addressId: ID!, $address: MailingAddressInput!) {
  customerAddressUpdate(customerId: $customerId, addressId: $addressId, address: $address) {
    address { firstName lastName } userErrors { field message } } }"""
RENAME = """mutation R($input: CustomerInput!) {
  customerUpdate(input: $input) { customer { firstName lastName } userErrors { field message } } }"""
READ = """query Q($id: ID!) { customer(id: $id) { firstName lastName
  addressesV2(first: 5) { nodes { firstName lastName address1 } } } }"""
PLACE = {"city": "Toronto", "countryCode": "CA", "provinceCode": "ON"}


def _names(client: Client, customer: str) -> list[tuple[Any, Any, Any]]:
    nodes = client.ok(READ, {"id": customer})["customer"]["addressesV2"]["nodes"]
    return [(n["address1"], n["firstName"], n["lastName"]) for n in nodes]


def test_a_name_less_address_takes_the_customers_names_and_keeps_them(empty_client: Client):
    customer = create(empty_client, email="h@example.com", firstName="Hermes",
                      lastName="Address")["customer"]["id"]
    made = empty_client.ok(ADD, {"customerId": customer,
                                 "address": {"address1": "2 Side St", **PLACE}})
    address = made["customerAddressCreate"]["address"]
    assert (address["firstName"], address["lastName"], address["name"]) == (
        "Hermes", "Address", "Hermes Address")
    named = empty_client.ok(ADD, {"customerId": customer, "address": {
        "address1": "3 Gift St", "firstName": "Cy", "lastName": "Poe", **PLACE}})
    assert named["customerAddressCreate"]["address"]["name"] == "Cy Poe"

    renamed = empty_client.ok(RENAME, {"input": {"id": customer, "lastName": "Renamed"}})
    assert renamed["customerUpdate"]["userErrors"] == []
    edited = empty_client.ok(EDIT, {"customerId": customer, "addressId": address["id"],
                                    "address": {"city": "Ottawa"}})
    assert edited["customerAddressUpdate"]["address"] == {"firstName": "Hermes",
                                                          "lastName": "Address"}
    assert _names(empty_client, customer) == [("2 Side St", "Hermes", "Address"),
                                              ("3 Gift St", "Cy", "Poe")]
    # Made after the rename: the customer's names of now.
    empty_client.ok(ADD, {"customerId": customer, "address": {"address1": "4 New St", **PLACE}})
    assert _names(empty_client, customer)[-1] == ("4 New St", "Hermes", "Renamed")


def test_the_addresses_of_customer_create_take_the_customers_names(empty_client: Client):
    payload = create(empty_client, email="m@example.com", firstName="Metafield",
                     lastName="Fidelity", addresses=[{"address1": "Radhuspladsen 1",
                                                      "city": "Copenhagen", "countryCode": "DK"}])
    assert _names(empty_client, payload["customer"]["id"]) == [
        ("Radhuspladsen 1", "Metafield", "Fidelity")]
