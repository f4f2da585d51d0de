"""Customers: ``customerByIdentifier``, ``Customer.orders`` / ``lastOrder``, the tax
exemption mutations and the data erasure requests.

Behaviour and texts as the real-store captures show them (customer-by-identifier,
customer-add/remove/replace-tax-exemptions-parity): a customer is found by its id, its e-mail
address (in any case) or its phone number; the exemptions are kept in the order they were
first given, each once; an empty list adds or removes nothing (and replaces all with none).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Unpack

from graphql import GraphQLError, GraphQLResolveInfo

from desktop_app.demo_shop import pagination
from desktop_app.demo_shop.customer_state import Customer
from desktop_app.demo_shop.execution import (
    Refusal,
    by_gid,
    later_than,
    named_fields,
    refusable,
    scoped_context,
    user_error,
)
from desktop_app.demo_shop.order_state import Order
from desktop_app.demo_shop.resolvers_customers import normalize_email
from desktop_app.demo_shop.resolvers_orders import order_connection
from desktop_app.demo_shop.search import normalize_phone

logger = logging.getLogger(__name__)

#: customerByIdentifier's ``customId``: a unique metafield value of a metafield definition of
#: type id. The demo shop has no metafield definitions, so Shopify's answer for a store
#: without one (captured: customer-by-identifier `customIdMissing`).
NO_ID_DEFINITION = "Metafield definition of type 'id' is required when using custom ids."


def resolve_customer_by_identifier(_root: Any, info: GraphQLResolveInfo,
                                   identifier: dict[str, Any]) -> Customer | None:
    state = scoped_context(info, "read_customers").state
    given = [key for key, value in identifier.items() if value is not None]
    if len(given) != 1:  # the explanation is captured; as a resolver error: NOT CAPTURED
        raise GraphQLError(
            "'CustomerIdentifierInput' requires exactly one argument, but "
            f"{len(given)} were provided.", extensions={"code": "INVALID_VARIABLE"})
    key = given[0]
    value = identifier[key]
    if key == "customId":
        raise GraphQLError(NO_ID_DEFINITION, extensions={"code": "NOT_FOUND"})
    if key == "id":
        return by_gid(state.customers, value, "Customer")
    if key == "emailAddress":
        owner = state.email_owner.get(normalize_email(value) or "")
    else:
        owner = state.phone_owner.get(normalize_phone(value, state.shop.country_code) or "")
    return state.customers.get(owner) if owner is not None else None


def resolve_orders(customer: Customer, info: GraphQLResolveInfo,
                   **args: Unpack[pagination.ConnectionArgs]) -> dict[str, Any]:
    """The customer's orders (``sortKey`` ID by default, as the 2026-07 schema says)."""
    return order_connection(info, args, "ID", lambda order: order.customer_id == customer.id)


def resolve_last_order(customer: Customer, info: GraphQLResolveInfo) -> Order | None:
    """The customer's most recent order (the latest made; the highest id of a tie)."""
    state = scoped_context(info, "read_orders").state
    theirs = [o for o in state.orders.values() if o.customer_id == customer.id]
    return max(theirs, key=lambda o: (o.created_at, o.id), default=None)


def _change_exemptions(info: GraphQLResolveInfo, customer_id: str,
                       change: Callable[[list[str]], list[str]]) -> dict[str, Any]:
    ctx = scoped_context(info, "write_customers")
    customer = by_gid(ctx.state.customers, customer_id, "Customer")
    if customer is None:  # captured for all three mutations
        raise Refusal.of(["customerId"], "Customer does not exist.")
    changed = list(dict.fromkeys(change(customer.tax_exemptions)))
    if changed != customer.tax_exemptions:
        customer.tax_exemptions = changed
        customer.updated_at = later_than(customer.updated_at, ctx.now)
        ctx.state.customer_changed(customer, customer.email, customer.phone)
        logger.debug("Customer %s tax exemptions: %s", customer.id, changed)
    return {"customer": customer, "userErrors": []}


@refusable("customer")
def customer_add_tax_exemptions(_root: Any, info: GraphQLResolveInfo, customerId: str,  # noqa: N803
                                taxExemptions: list[str]) -> dict[str, Any]:  # noqa: N803
    return _change_exemptions(info, customerId, lambda current: [*current, *taxExemptions])


@refusable("customer")
def customer_remove_tax_exemptions(_root: Any, info: GraphQLResolveInfo,
                                   customerId: str,  # noqa: N803
                                   taxExemptions: list[str]) -> dict[str, Any]:  # noqa: N803
    return _change_exemptions(
        info, customerId, lambda current: [e for e in current if e not in taxExemptions])


@refusable("customer")
def customer_replace_tax_exemptions(_root: Any, info: GraphQLResolveInfo,
                                    customerId: str,  # noqa: N803
                                    taxExemptions: list[str]) -> dict[str, Any]:  # noqa: N803
    return _change_exemptions(info, customerId, lambda _current: list(taxExemptions))


def _erasure(info: GraphQLResolveInfo, customer_id: str, requested: bool) -> dict[str, Any]:
    """Ask for, or cancel, the erasure of a customer's data (captured texts and codes:
    customer-account-page-data-erasure; a second request is accepted, as captured)."""
    ctx = scoped_context(info, "write_customers")
    customer = by_gid(ctx.state.customers, customer_id, "Customer")
    if customer is None:
        error = user_error(["customerId"], "Customer does not exist", "DOES_NOT_EXIST")
    elif not requested and not customer.erasure_requested:
        error = user_error(["customerId"], "Customer's data is not scheduled for erasure",
                           "NOT_BEING_ERASED")
    else:
        customer.erasure_requested = requested
        logger.info("Customer %s data erasure %s", customer.id,
                    "requested" if requested else "cancelled")
        return {"customerId": customer.gid, "userErrors": []}
    return {"customerId": None, "userErrors": [error]}


def customer_request_data_erasure(_root: Any, info: GraphQLResolveInfo,
                                  customerId: str) -> dict[str, Any]:  # noqa: N803
    return _erasure(info, customerId, True)


def customer_cancel_data_erasure(_root: Any, info: GraphQLResolveInfo,
                                 customerId: str) -> dict[str, Any]:  # noqa: N803
    return _erasure(info, customerId, False)


RESOLVERS: dict[tuple[str, str], Any] = {
    **named_fields("QueryRoot", resolve_customer_by_identifier),
    **named_fields("Customer", resolve_orders, resolve_last_order),
    **named_fields("Mutation", customer_add_tax_exemptions, customer_remove_tax_exemptions,
                   customer_replace_tax_exemptions, customer_request_data_erasure,
                   customer_cancel_data_erasure),
}
