"""Customer addresses and names as the real-store captures show them (issue 20):
customer-address-lifecycle, customer-email/phone-normalization, customer-update-requires-identity."""

from __future__ import annotations

from typing import Any

from .conftest import Client, create

ADD = """mutation A($customerId: ID!, $address: MailingAddressInput!, $setAsDefault: Boolean) {
  customerAddressCreate(customerId: $customerId, address: $address, setAsDefault: $setAsDefault) {
    address { id firstName lastName formattedArea } userErrors { field message } } }"""
UPDATE = """mutation U($customerId: ID!, $addressId: ID!, $address: MailingAddressInput!) {
  customerAddressUpdate(customerId: $customerId, addressId: $addressId, address: $address) {
    address { address1 } userErrors { field message } } }"""
DELETE = """mutation D($customerId: ID!, $addressId: ID!) {
  customerAddressDelete(customerId: $customerId, addressId: $addressId) {
    deletedAddressId userErrors { field message } } }"""
READ = """query R($id: ID!) { customer(id: $id) {
  displayName canDelete defaultAddress { address1 } addressesV2(first: 5) { nodes { address1 } } } }"""
PLACE = {"city": "Toronto", "countryCode": "CA", "provinceCode": "ON"}


def _add(client: Client, customer: str, street: str, **extra: Any) -> dict[str, Any]:
    address = {"address1": street, **PLACE, **extra.pop("address", {})}
    payload = client.ok(ADD, {"customerId": customer, "address": address, **extra})
    return dict(payload["customerAddressCreate"])


def test_a_deleted_default_address_gives_way_to_the_first_left(empty_client: Client) -> None:
    customer = create(empty_client, email="a@example.com", firstName="Hermes",
                      lastName="Address")["customer"]["id"]
    first = _add(empty_client, customer, "1 Main St", setAsDefault=True)["address"]
    second = _add(empty_client, customer, "2 Side St")["address"]
    assert second["formattedArea"] == "Toronto ON, Canada"
    gone = empty_client.ok(DELETE, {"customerId": customer, "addressId": first["id"]})
    assert gone["customerAddressDelete"] == {"deletedAddressId": first["id"], "userErrors": []}
    read = empty_client.ok(READ, {"id": customer})["customer"]
    assert read["defaultAddress"] == {"address1": "2 Side St"}
    assert read["addressesV2"]["nodes"] == [{"address1": "2 Side St"}]
    assert read["canDelete"] is True


def test_unknown_foreign_and_mismatched_addresses_are_refused(empty_client: Client) -> None:
    one = create(empty_client, email="one@example.com")["customer"]["id"]
    two = create(empty_client, email="two@example.com")["customer"]["id"]
    mine = _add(empty_client, one, "1 Main St")["address"]["id"]
    other = _add(empty_client, two, "9 Far St")["address"]["id"]
    unknown = empty_client(UPDATE, {"customerId": one, "addressId":
                                    "gid://shopify/MailingAddress/999999", "address": {}})
    assert [e["extensions"]["code"] for e in unknown.errors] == ["RESOURCE_NOT_FOUND"]
    assert unknown.errors[0]["message"] == "invalid id"
    foreign = empty_client.ok(DELETE, {"customerId": one, "addressId": other})
    assert foreign["customerAddressDelete"]["userErrors"] == [
        {"field": ["addressId"], "message": "Address does not exist"}]
    for given in (other, None):
        refused = empty_client.ok(UPDATE, {"customerId": one, "addressId": mine,
                                           "address": {"id": given, "address1": "999 Bryant"}})
        assert refused["customerAddressUpdate"]["userErrors"] == [
            {"field": ["addressId"],
             "message": "The id of the address does not match the id in the input"}]
    same = empty_client.ok(UPDATE, {"customerId": one, "addressId": mine,
                                    "address": {"id": mine, "address1": "3 Same St"}})
    assert same["customerAddressUpdate"] == {"address": {"address1": "3 Same St"},
                                             "userErrors": []}


def test_too_long_contacts_are_also_invalid_and_a_phone_name_is_formatted(
        empty_client: Client) -> None:
    long_email = create(empty_client, email="a" * 256 + "@example.com")["userErrors"]
    assert [e["message"] for e in long_email] == [
        "Email is too long (maximum is 255 characters)", "Email is invalid"]
    long_phone = create(empty_client, phone="+1" + "1" * 260)["userErrors"]
    assert [e["message"] for e in long_phone] == [
        "Phone is too long (maximum is 255 characters)", "Phone is invalid"]
    made = create(empty_client, phone="+14158103301")["customer"]["id"]
    assert empty_client.ok(READ, {"id": made})["customer"]["displayName"] == "+1 415-810-3301"


def test_a_city_named_as_its_country_is_said_once(empty_client: Client) -> None:
    customer = create(empty_client, email="sg@example.com")["customer"]["id"]
    address = _add(empty_client, customer, "4 No Zone",
                   address={"city": "Singapore", "countryCode": "SG", "provinceCode": None})
    assert address["address"]["formattedArea"] == "Singapore"


def test_an_address_given_twice_in_an_update_is_kept_once(empty_client: Client) -> None:
    customer = create(empty_client, email="twice@example.com")["customer"]["id"]
    same = {"address1": "20 Input Update Blvd", **PLACE}
    empty_client.ok("""mutation U($input: CustomerInput!) { customerUpdate(input: $input) {
        userErrors { field message } } }""", {"input": {"id": customer, "addresses": [same, same]}})
    read = empty_client.ok(READ, {"id": customer})["customer"]
    assert read["addressesV2"]["nodes"] == [{"address1": "20 Input Update Blvd"}]
