"""The Shopify Admin API client: addresses, credentials, pacing, retries, paging and bulk.

Never imports Qt, keyring, peewee or the demo shop. The usual entry points:

    client = ShopifyClient(ShopAddress.parse("my-shop"), StaticToken(vault_getter))
    data = await client.execute("ShopInfo")
    async for page in paginate(client, "CustomersPage", {"query": q}, ("customers",)): ...
    async for record in run_bulk_query(client, "BulkCustomers"): ...
"""

from desktop_app.shopify.address import ShopAddress
from desktop_app.shopify.auth import AccessTokenProvider, ClientCredentials, Secret, StaticToken
from desktop_app.shopify.bulk import run_bulk_query
from desktop_app.shopify.client import ClientStats, ShopifyClient
from desktop_app.shopify.operations import Operation, load
from desktop_app.shopify.pagination import paginate
from desktop_app.shopify.user_errors import check_user_errors

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
