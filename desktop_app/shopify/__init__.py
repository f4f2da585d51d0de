"""The Shopify Admin API client: addresses, credentials, pacing, retries, paging and bulk.

Never imports Qt, keyring, peewee or the demo shop. The usual entry points:

    client = ShopifyClient(ShopAddress.parse("my-shop"), StaticToken(vault_getter))
    data = await client.execute("ShopInfo")
    async for page in paginate(client, "CustomersPage", {"query": q}, ("customers",)): ...
    async for record in run_bulk_query(client, "BulkCustomers"): ...
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.shopify.address import ShopAddress
    from desktop_app.shopify.auth import (
        AccessTokenProvider,
        ClientCredentials,
        Secret,
        StaticToken,
    )
    from desktop_app.shopify.bulk import run_bulk_query
    from desktop_app.shopify.client import ClientStats, ShopifyClient
    from desktop_app.shopify.operations import Operation, load
    from desktop_app.shopify.pagination import paginate
    from desktop_app.shopify.user_errors import check_user_errors

#: Where each name of the package lives: a name is imported when first asked for, so that a
#: module needing `shopify.address` alone (every command builds the sync service) does not
#: load httpx and graphql-core (0.15-0.2 s of CPU per process; tests/unit/test_start_imports).
_HOMES = {
    "ShopAddress": "address",
    "AccessTokenProvider": "auth",
    "ClientCredentials": "auth",
    "Secret": "auth",
    "StaticToken": "auth",
    "run_bulk_query": "bulk",
    "ClientStats": "client",
    "ShopifyClient": "client",
    "Operation": "operations",
    "load": "operations",
    "paginate": "pagination",
    "check_user_errors": "user_errors",
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:  # a submodule (`from desktop_app.shopify import operations`) or nothing
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "AccessTokenProvider",
    "ClientCredentials",
    "ClientStats",
    "Operation",
    "Secret",
    "ShopAddress",
    "ShopifyClient",
    "StaticToken",
    "check_user_errors",
    "load",
    "paginate",
    "run_bulk_query",
]
