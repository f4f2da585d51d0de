"""The demo shop binds its resolvers to the fields their names spell, and to no others."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLObjectType

from desktop_app.demo_shop import resolvers_customers, resolvers_shop
from desktop_app.demo_shop.backend import build_demo_schema
from desktop_app.demo_shop.execution import named_fields


def resolve_addresses_v2() -> None: ...


def customer_send_account_invite_email() -> None: ...


def test_named_fields_spell_the_field_from_the_function_name() -> None:
    assert named_fields("Customer", resolve_addresses_v2) == {
        ("Customer", "addressesV2"): resolve_addresses_v2
    }
    assert named_fields("Mutation", customer_send_account_invite_email) == {
        ("Mutation", "customerSendAccountInviteEmail"): customer_send_account_invite_email
    }


def _own_resolvers() -> dict[tuple[str, str], Any]:
    schema = build_demo_schema()
    bound: dict[tuple[str, str], Any] = {}
    for type_name, type_ in schema.type_map.items():
        if type_name.startswith("__") or not isinstance(type_, GraphQLObjectType):
            continue
        for field_name, field in type_.fields.items():
            if "_attribute_resolver" not in field.resolve.__qualname__:  # type: ignore[union-attr]
                bound[(type_name, field_name)] = field.resolve
    return bound


def test_the_schema_binds_every_resolver_table_entry() -> None:
    bound = _own_resolvers()
    assert len(bound) == 161  # + metafields (4), customerByIdentifier, tax exemptions (3),
    # Customer.orders and lastOrder, fulfillmentCancel, data erasure (2), giftCardConfiguration
    assert bound[("Mutation", "customerSendAccountInviteEmail")] is (
        resolvers_customers.customer_send_account_invite_email
    )
    assert bound[("Customer", "addressesV2")] is resolvers_customers.resolve_addresses_v2
    assert bound[("Shop", "customerAccountsV2")] is resolvers_shop.resolve_customer_accounts_v2
    assert bound[("QueryRoot", "currentAppInstallation")] is (
        resolvers_shop.resolve_app_installation
    )
