"""Fixtures of the companies integration tests: a real store, an in-process demo shop and the
real SyncService (the wiring of tests/integration/customers, for Sync Companies)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop_app.demo_shop import DemoRequest, DemoShop, DemoShopTransport, ShopBackend
from desktop_app.store import shops
from desktop_app.sync.results import Resource, SyncResult
from desktop_app.sync.service import SyncService

GRAPHQL_PATH = "/admin/api/2026-07/graphql.json"
SHOP = "S1"

COMPANY_CREATE = """
mutation C($input: CompanyCreateInput!) {
  companyCreate(input: $input) {
    company { id locations(first: 5) { nodes { id } } }
    userErrors { field message code }
  }
}"""
LOCATION_CREATE = """
mutation L($companyId: ID!, $input: CompanyLocationInput!) {
  companyLocationCreate(companyId: $companyId, input: $input) {
    companyLocation { id } userErrors { field message code }
  }
}"""


class RecordingTransport(DemoShopTransport):
    """The in-process transport, recording the operation name of every app request."""

    def __init__(self, shop: DemoShop) -> None:
        super().__init__(shop)
        self.operations: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/graphql.json"):
            body = json.loads(await request.aread() or b"{}")
            self.operations.append(body.get("operationName") or "?")
        return await super().handle_async_request(request)


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
        request = DemoRequest(
            "POST", GRAPHQL_PATH,
            {"X-Shopify-Access-Token": "test-admin", "Content-Type": "application/json"},
            json.dumps({"query": query, "variables": variables}).encode(),
        )
        response = await self.shop.handle(request)
        payload = response.json()
        assert "errors" not in payload, payload
        return payload["data"]

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
async def harness(db, tmp_path: Path) -> AsyncIterator[Harness]:
    backend = ShopBackend()
    shop = DemoShop(backend, plan="plus")
    transport = RecordingTransport(shop)
    service = SyncService(vault=None, data_dir=tmp_path, transport_for=lambda _shop: transport)
    shops.create_shop(SHOP, name="Test shop", is_demo=True)
    shops.save_shop_info(SHOP, {"country": backend.state.shop.country_code})
    h = Harness(backend, shop, transport, service)
    try:
        yield h
    finally:
        await service.aclose()
        shop.close()
        backend.close()
