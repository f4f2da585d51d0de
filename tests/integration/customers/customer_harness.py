"""A real store, a real in-process demo shop and the real SyncService, wired as the app does.

The `harness` fixture (conftest.py) gives one shop card ("S1") whose Shopify side is a fresh
`ShopBackend` reached through `demo_shops.RecordingTransport` (a `DemoShopTransport` that also
records the operation name of every GraphQL request, so tests can count exactly what the app
sent). Shopify-side customers are only ever made with the demo shop's GraphQL mutations (`Harness.shopify_customer`), sent
straight to `DemoShop.handle`, so they are not counted as the app's requests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from demo_shops import RecordingTransport, shop_gql

from desktop_app.demo_shop import DemoShop, ShopBackend
from desktop_app.store import customers, shops
from desktop_app.sync.results import Resource, SyncResult
from desktop_app.sync.service import SyncService

SHOP = "S1"

CREATE = """
mutation C($input: CustomerInput!) {
  customerCreate(input: $input) { customer { id } userErrors { field message } }
}"""
UPDATE = """
mutation U($input: CustomerInput!) {
  customerUpdate(input: $input) { customer { id updatedAt } userErrors { field message } }
}"""
ADDRESS_CREATE = """
mutation A($customerId: ID!, $address: MailingAddressInput!, $setAsDefault: Boolean) {
  customerAddressCreate(customerId: $customerId, address: $address, setAsDefault: $setAsDefault)
  { address { id } userErrors { field message } }
}"""
READ = """
query R($id: ID!) {
  customer(id: $id) {
    id firstName lastName email phone state updatedAt
    defaultAddress { id }
    addressesV2(first: 20) { nodes { id firstName lastName company address1 address2 city
      provinceCode countryCodeV2 zip phone } }
  }
}"""


async def _no_sleep(_seconds: float) -> None:
    """Bulk polling waits a second between polls; the in-process shop needs no wait."""


@dataclass
class Harness:
    """One shop card synced against one in-process demo shop."""

    backend: ShopBackend
    shop: DemoShop
    transport: RecordingTransport
    service: SyncService
    code: str = SHOP
    results: list[SyncResult] = field(default_factory=list)

    # --- Shopify side (through the demo shop's GraphQL mutations only) --------------------

    async def gql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        return await shop_gql(self.shop, query, variables)

    async def shopify_customer(
        self, *, addresses: list[dict[str, Any]] = (), **fields: Any
    ) -> str:
        """customerCreate, then customerAddressCreate per address (the first is default)."""
        data = await self.gql(CREATE, {"input": fields})
        payload = data["customerCreate"]
        assert payload["userErrors"] == [], payload["userErrors"]
        gid = payload["customer"]["id"]
        for index, address in enumerate(addresses):
            await self.add_address(gid, address, default=index == 0)
        return gid

    async def add_address(self, gid: str, address: dict[str, Any], *, default: bool) -> str:
        data = await self.gql(ADDRESS_CREATE, {"customerId": gid, "address": address,
                                               "setAsDefault": default})
        payload = data["customerAddressCreate"]
        assert payload["userErrors"] == [], payload["userErrors"]
        return payload["address"]["id"]

    async def shopify_update(self, gid: str, **fields: Any) -> None:
        data = await self.gql(UPDATE, {"input": {"id": gid, **fields}})
        assert data["customerUpdate"]["userErrors"] == [], data["customerUpdate"]

    async def shopify_read(self, gid: str) -> dict[str, Any]:
        return (await self.gql(READ, {"id": gid}))["customer"]

    def shopify_customers(self) -> list[Any]:
        """Every customer the demo shop holds (its state, read only)."""
        return list(self.backend.state.customers.values())

    # --- local side --------------------------------------------------------------------------

    def settings(self, **values: Any) -> None:
        shops.update_shop_settings(self.code, values)

    def local(self, no: str, **fields: Any) -> None:
        fields.setdefault("name", no)
        customers.upsert_customers([{"no": no, **fields}])

    # --- running -----------------------------------------------------------------------------

    async def sync(self) -> SyncResult:
        client = await self.service.client_for(self.code)
        client.sleep = _no_sleep
        self.transport.reset()
        result = await self.service.sync(self.code, Resource.CUSTOMERS)
        self.results.append(result)
        return result

    def errors(self, result: SyncResult) -> dict[tuple[str, str], str]:
        return {(e.record, e.field): e.message for e in result.errors}


def set_shop_country(h: Harness, code: str) -> None:
    """The company's country, both in the demo shop and on the shop card."""
    h.backend.state.shop.country_code = code
    shops.save_shop_info(h.code, {"country": code})
