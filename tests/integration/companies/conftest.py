"""Fixtures of the companies integration tests: a real store, an in-process demo shop and the
real SyncService (the wiring of tests/integration/customers, for Sync Companies)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from demo_shops import COMPANY_CREATE, LOCATION_CREATE, RecordingTransport, shop_gql
from hooked_transport import HookedTransport

from desktop_app.demo_shop import DemoShop, ShopBackend
from desktop_app.store import shops
from desktop_app.sync.results import Resource, SyncResult
from desktop_app.sync.service import SyncService

SHOP = "S1"



async def _no_sleep(_seconds: float) -> None:
    """No throttling waits against the in-process shop."""


@dataclass
class Harness:
    backend: ShopBackend
    shop: DemoShop
    transport: RecordingTransport
    service: SyncService
    code: str = SHOP

    async def gql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        return await shop_gql(self.shop, query, variables)

    async def company(self, **input_: Any) -> dict[str, Any]:
        """companyCreate through GraphQL; the created company (id, location ids)."""
        data = await self.gql(COMPANY_CREATE, {"input": input_})
        assert data["companyCreate"]["userErrors"] == [], data
        return data["companyCreate"]["company"]

    async def location(self, company_id: str, **input_: Any) -> str:
        data = await self.gql(LOCATION_CREATE, {"companyId": company_id, "input": input_})
        assert data["companyLocationCreate"]["userErrors"] == [], data
        return data["companyLocationCreate"]["companyLocation"]["id"]

    def settings(self, **values: Any) -> None:
        shops.update_shop_settings(self.code, values)

    async def sync(self) -> SyncResult:
        client = await self.service.client_for(self.code)
        client.sleep = _no_sleep
        self.transport.operations.clear()
        return await self.service.sync(self.code, Resource.COMPANIES)


@pytest.fixture
def harness(demo_shop, service) -> Harness:
    """One shop card "S1" on an empty in-process demo shop."""
    shop = demo_shop(backend=ShopBackend())
    return Harness(shop.backend, shop.shop, shop.transport, service(shop, SHOP))


@pytest.fixture
def hooked_harness(demo_shop, service) -> Harness:
    """`harness` on a `HookedTransport`: a test makes the run die once the shop answered a
    chosen operation (the bulk write tests, issue 21)."""
    shop = demo_shop(backend=ShopBackend())
    shop._transport = HookedTransport(shop.shop)
    return Harness(shop.backend, shop.shop, shop.transport, service(shop, SHOP))
