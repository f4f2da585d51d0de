"""Shop, app installation, locations, and the ``node``/``nodes`` lookups."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, Unpack

from graphql import GraphQLError, GraphQLResolveInfo

from desktop_app import geo
from desktop_app.demo_shop import pagination
from desktop_app.demo_shop.catalog_state import Location
from desktop_app.demo_shop.execution import (
    by_gid,
    context,
    has_scope,
    named_fields,
    require_scope,
    scoped_context,
    searched_connection,
)
from desktop_app.demo_shop.scalars import parse_gid
from desktop_app.demo_shop.search import ExactField, NumberField, TextField
from desktop_app.demo_shop.state import ShopSettings, ShopState

logger = logging.getLogger(__name__)

PLAN_NAMES = {"standard": "Shopify", "advanced": "Advanced", "plus": "Shopify Plus"}

#: Scope a token needs to read each node type through ``node``/``nodes``.
NODE_SCOPES = {
    "Customer": "read_customers",
    "MailingAddress": "read_customers",
    "Product": "read_products",
    "ProductVariant": "read_products",
    "Location": "read_locations",
    "Order": "read_orders",
    "LineItem": "read_orders",
    "OrderTransaction": "read_orders",
    "Refund": "read_orders",
    "Fulfillment": "read_orders",
    "FulfillmentOrder": "read_merchant_managed_fulfillment_orders",
    "Return": "read_returns",
    "DraftOrder": "read_draft_orders",
    "GiftCard": "read_gift_cards",
}


def resolve_shop(_root: Any, info: GraphQLResolveInfo) -> ShopSettings:
    return context(info).state.shop


def _shop_address(shop: ShopSettings) -> dict[str, Any]:
    country = geo.country(shop.country_code)
    province = country.provinces.get(shop.province_code or "") if country else None
    return {
        "id": f"gid://shopify/ShopAddress/{shop.id}",
        "address1": shop.address1,
        "address2": None,
        "city": shop.city,
        "company": shop.name,
        "country": country.name if country else None,
        "countryCodeV2": shop.country_code,
        "phone": shop.phone,
        "province": province,
        "provinceCode": shop.province_code,
        "zip": shop.zip,
    }


def resolve_shop_plan(shop: ShopSettings, _info: GraphQLResolveInfo) -> dict[str, Any]:
    return {
        "partnerDevelopment": False,
        "publicDisplayName": PLAN_NAMES[shop.plan],
        "shopifyPlus": shop.plan == "plus",
    }


def resolve_customer_accounts_v2(shop: ShopSettings, _info: GraphQLResolveInfo) -> dict[str, Any]:
    return {
        "customerAccountsVersion": "CLASSIC" if shop.legacy_customer_accounts else "NEW_CUSTOMER_ACCOUNTS",
        "loginLinksVisibleOnStorefrontAndCheckout": True,
        "loginRequiredAtCheckout": False,
        "url": None if shop.legacy_customer_accounts else f"https://shopify.com/{shop.id}/account",
    }


def resolve_app_installation(_root: Any, info: GraphQLResolveInfo) -> dict[str, Any]:
    scopes = sorted(context(info).request.scopes)
    return {
        "id": "gid://shopify/AppInstallation/1",
        "accessScopes": [{"handle": s, "description": s.replace("_", " ")} for s in scopes],
    }


def location_search_fields() -> dict[str, Any]:
    return {
        "name": TextField(lambda loc: loc.name),
        "id": NumberField(lambda loc: loc.id),
        "active": ExactField(lambda loc: "true" if loc.is_active else "false"),
    }


def resolve_location(_root: Any, info: GraphQLResolveInfo, id: str | None = None) -> Location | None:  # noqa: A002
    state = scoped_context(info, "read_locations").state
    if id is None:  # Shopify: the shop's primary location
        return min(state.locations.values(), key=lambda loc: loc.id, default=None)
    return by_gid(state.locations, id, "Location")


_LOCATION_SORTS = {"NAME": lambda loc: loc.name.casefold()}


def resolve_locations(
    _root: Any,
    info: GraphQLResolveInfo,
    includeLegacy: bool = False,  # noqa: N803, ARG001 (no legacy locations in the demo shop)
    includeInactive: bool = False,  # noqa: N803
    **args: Unpack[pagination.ConnectionArgs],
) -> dict[str, Any]:
    active = [loc for loc in scoped_context(info, "read_locations").state.locations.values()
              if includeInactive or loc.is_active]
    return searched_connection(info, active, args, location_search_fields(),
                               TextField(lambda loc: loc.name), _LOCATION_SORTS, "NAME")


#: The state's records of each node type kept by id.
_NODE_RECORDS: dict[str, Callable[[ShopState], Mapping[int, Any]]] = {
    "Customer": lambda state: state.customers,
    "Product": lambda state: state.products,
    "ProductVariant": lambda state: state.variants,
    "Location": lambda state: state.locations,
    "BulkOperation": lambda state: state.bulk_operations,
    "Order": lambda state: state.orders,
    "DraftOrder": lambda state: state.draft_orders,
    "GiftCard": lambda state: state.gift_cards,
}


def find_node(state: ShopState, type_name: str, numeric: int) -> Any:
    """The object a GID names, or None."""
    if type_name in _NODE_RECORDS:
        return _NODE_RECORDS[type_name](state).get(numeric)
    if type_name == "MailingAddress":
        owner = state.customers.get(state.addresses.get(numeric, -1))
        return owner.address(numeric) if owner else None
    if type_name == "Shop" and numeric == state.shop.id:
        return state.shop
    order = state.order_owning(numeric)
    if order is None:
        return None
    groups = {
        "LineItem": order.line_items,
        "OrderTransaction": order.transactions,
        "Refund": order.refunds,
        "Fulfillment": order.fulfillments,
        "FulfillmentOrder": order.fulfillment_orders,
        "Return": order.returns,
    }
    return next((item for item in groups.get(type_name, ()) if item.id == numeric), None)


def _node(info: GraphQLResolveInfo, gid: str) -> Any:
    parsed = parse_gid(gid)
    if parsed is None:
        raise GraphQLError(f"Invalid global id '{gid}'", extensions={"code": "RESOURCE_NOT_FOUND"})
    type_name, numeric = parsed
    scope = NODE_SCOPES.get(type_name)
    if scope and not has_scope(context(info).request.scopes, scope):
        require_scope(info, scope)
    ctx = context(info)
    found = find_node(ctx.state, type_name, numeric)
    if type_name == "BulkOperation" and found is not None:
        ctx.backend.advance_bulk(found, ctx.request)
    return found


def resolve_node(_root: Any, info: GraphQLResolveInfo, id: str) -> Any:  # noqa: A002
    return _node(info, id)


def resolve_nodes(_root: Any, info: GraphQLResolveInfo, ids: list[str]) -> list[Any]:
    if len(ids) > pagination.MAX_PAGE_SIZE:
        raise GraphQLError(
            f"The maximum number of ids is {pagination.MAX_PAGE_SIZE}.",
            extensions={"code": "BAD_REQUEST"},
        )
    return [_node(info, gid) for gid in ids]


RESOLVERS: dict[tuple[str, str], Any] = {
    **named_fields("QueryRoot", resolve_shop, resolve_location, resolve_locations, resolve_node,
                   resolve_nodes),
    ("QueryRoot", "currentAppInstallation"): resolve_app_installation,
    ("Shop", "plan"): resolve_shop_plan,
    ("Shop", "billingAddress"): lambda shop, _info: _shop_address(shop),
    ("Shop", "shopAddress"): lambda shop, _info: _shop_address(shop),
    **named_fields("Shop", resolve_customer_accounts_v2),
    ("Shop", "enabledPresentmentCurrencies"): lambda shop, _info: [shop.currency_code],
    ("Shop", "updatedAt"): lambda shop, _info: shop.created_at,
}
