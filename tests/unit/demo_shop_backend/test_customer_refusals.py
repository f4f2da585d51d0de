"""Every refusal of the demo shop's customer mutations: the payload's object is null and
``userErrors`` carries Shopify's field and message (and code, where the type has one)."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Client, create

ADDRESS = {"countryCode": "US", "provinceCode": "NY", "city": "Albany"}
# An address no customer has is a top-level RESOURCE_NOT_FOUND, not a refusal (captured:
# customer-address-lifecycle): test_customer_addresses_captured.py.
UNKNOWN = "gid://shopify/Customer/999"
NO_CUSTOMER_ID = (["customerId"], "Customer does not exist")
NO_ADDRESS = (["addressId"], "Address does not exist")
CUSTOMER_INPUT = {"input": "CustomerInput!"}
ADDRESS_CREATE = {"customerId": "ID!", "address": "MailingAddressInput!"}
ADDRESS_UPDATE = {"customerId": "ID!", "addressId": "ID!", "address": "MailingAddressInput!"}
DEFAULT = {"customerId": "ID!", "addressId": "ID!"}
INVITE = {"customerId": "ID!", "email": "EmailInput"}

# (mutation, its arguments' types, payload key, arguments, expected userErrors)
CASES: list[tuple[str, dict[str, str], str, dict[str, Any], list[tuple[Any, ...]]]] = [
    ("customerCreate", CUSTOMER_INPUT, "customer", {"input": {"id": "C", "note": "x"}},
     [(["id"], "Cannot specify ID on creation")]),
    ("customerCreate", CUSTOMER_INPUT, "customer", {"input": {"email": "nope"}},
     [(["email"], "Email is invalid")]),
    ("customerUpdate", CUSTOMER_INPUT, "customer", {"input": {"id": UNKNOWN, "note": "x"}},
     [(["id"], "Customer does not exist")]),
    ("customerUpdate", CUSTOMER_INPUT, "customer", {"input": {"id": "C", "email": "nope"}},
     [(["email"], "Email is invalid")]),
    ("customerAddressCreate", ADDRESS_CREATE, "address",
     {"customerId": UNKNOWN, "address": ADDRESS}, [NO_CUSTOMER_ID]),
    ("customerAddressCreate", ADDRESS_CREATE, "address", {"customerId": "C", "address": {}},
     [(["address"], "Address cannot be blank.")]),
    ("customerAddressCreate", ADDRESS_CREATE, "address", {"customerId": "C", "address": ADDRESS},
     [(["address"], "Address already exists")]),
    ("customerAddressCreate", ADDRESS_CREATE, "address",
     {"customerId": "C", "address": {"countryCode": "CA", "provinceCode": "NY"}},
     [(["address", "province"], "Province is invalid")]),
    ("customerAddressUpdate", ADDRESS_UPDATE, "address",
     {"customerId": UNKNOWN, "addressId": "A", "address": {"city": "X"}}, [NO_CUSTOMER_ID]),
    ("customerAddressUpdate", ADDRESS_UPDATE, "address",
     {"customerId": "C", "addressId": "C", "address": {"city": "X"}}, [NO_ADDRESS]),
    ("customerAddressUpdate", ADDRESS_UPDATE, "address",
     {"customerId": "C", "addressId": "A", "address": {"countryCode": "CA"}},
     [(["address", "province"], "Province is invalid")]),
    ("customerUpdateDefaultAddress", DEFAULT, "customer",
     {"customerId": UNKNOWN, "addressId": "A"}, [NO_CUSTOMER_ID]),
    ("customerUpdateDefaultAddress", DEFAULT, "customer",
     {"customerId": "C", "addressId": "C"}, [NO_ADDRESS]),
    ("customerSendAccountInviteEmail", INVITE, "customer", {"customerId": UNKNOWN},
     [(["customerId"], "Customer can't be found", None)]),
    ("customerSendAccountInviteEmail", INVITE, "customer",
     {"customerId": "C", "email": {"subject": " "}},
     [(["email", "subject"], "Subject can't be blank", "INVALID")]),
    ("customerSendAccountInviteEmail", INVITE, "customer",
     {"customerId": "C", "email": {"to": "nope"}}, [(["email", "to"], "To is invalid", "INVALID")]),
    ("customerSendAccountInviteEmail", INVITE, "customer",
     {"customerId": "C", "email": {"from": "someone@example.com"}},
     [(["email", "from"], "From Sender is invalid", "INVALID")]),
    ("customerSendAccountInviteEmail", INVITE, "customer",
     {"customerId": "C", "email": {"bcc": ["bad"]}},
     [(["email", "bcc"], "Bcc bad is not a valid bcc address", "INVALID")]),
    ("customerSendAccountInviteEmail", INVITE, "customer", {"customerId": "NO_EMAIL"},
     [(["customerId"], "Error sending account invite to customer.", "INVALID")]),
]


@pytest.mark.parametrize(("mutation", "types", "key", "arguments", "expected"), CASES,
                         ids=[f"{case[0]}-{n}" for n, case in enumerate(CASES)])
def test_refusal(empty_client: Client, mutation: str, types: dict[str, str], key: str,
                 arguments: dict[str, Any], expected: list[tuple[Any, ...]]) -> None:
    made = create(empty_client, email="ann@example.com", addresses=[ADDRESS])["customer"]
    no_email = create(empty_client, lastName="Roy")["customer"]
    ids = {"C": made["id"], "A": made["defaultAddress"]["id"], "NO_EMAIL": no_email["id"]}
    coded = len(expected[0]) == 3
    declared = ", ".join(f"${name}: {type_}" for name, type_ in types.items())
    passed = ", ".join(f"{name}: ${name}" for name in types)
    document = (f"mutation({declared}) {{ {mutation}({passed}) {{ {key} {{ id }} "
                f"userErrors {{ field message{' code' if coded else ''} }} }} }}")
    variables = {name: {k: ids.get(v, v) if isinstance(v, str) else v for k, v in value.items()}
                 if isinstance(value, dict) else ids.get(value, value)
                 for name, value in arguments.items()}
    answer = empty_client(document, variables)
    assert answer.errors == []
    names = ("field", "message", "code")
    assert answer.data == {mutation: {key: None, "userErrors": [
        dict(zip(names, error, strict=False)) for error in expected]}}
