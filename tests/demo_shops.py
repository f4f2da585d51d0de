"""Demo shops for the tests, and the real service and engine wired to them as the app does.

The fixtures in `tests/conftest.py` hand these out (`demo_shop`, `served_demo_shop`,
`service`, `engine`); this module holds the classes so that test modules and harnesses can
import them (conftest modules are not importable).

- `InProcessShop`: a demo shop reached through an httpx transport, no socket; fast, and the
  transport records the operation name and variables of every request the app sends.
- `ServedShop`: the same shop served on a loopback socket in the test's event loop (real
  HTTP: headers, streaming, connection handling).
- `BackendClient`: documents run straight through `ShopBackend.execute`, no HTTP shell (the
  demo shop's own unit tests).

Shopify-side changes made by a test (`admin_gql`) go straight to `DemoShop.handle`, so they are not
counted among the app's requests.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from graphql import parse, validate

from desktop_app import SHOPIFY_API_VERSION
from desktop_app.demo_shop import DemoRequest, DemoShop, DemoShopTransport, ShopBackend
from desktop_app.demo_shop.context import RequestContext
from desktop_app.shopify.address import ShopAddress
from desktop_app.shopify.auth import StaticToken
from desktop_app.shopify.client import ShopifyClient

GRAPHQL_PATH = f"/admin/api/{SHOPIFY_API_VERSION}/graphql.json"
ADMIN_HEADERS = {"X-Shopify-Access-Token": "test-admin", "Content-Type": "application/json"}

# --- the shop admin's own mutations (the app never sends these) ----------------------------

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
    """The in-process demo shop transport, recording each GraphQL operation the app sends."""

    def __init__(self, shop: DemoShop) -> None:
        super().__init__(shop)
        self.operations: list[str] = []
        self.variables: list[dict[str, Any]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/graphql.json"):
            body = json.loads(await request.aread() or b"{}")
            self.operations.append(body.get("operationName") or "?")
            self.variables.append(body.get("variables") or {})
        return await super().handle_async_request(request)

    def count(self) -> Counter[str]:
        return Counter(self.operations)

    def reset(self) -> None:
        self.operations.clear()
        self.variables.clear()


async def _test_token() -> str:
    return "test-token"


async def shop_gql(shop: DemoShop, query: str, variables: dict[str, Any] | None = None
                   ) -> dict[str, Any]:
    """Run a GraphQL document on the shop as its admin would; the `data` (errors fail)."""
    request = DemoRequest("POST", GRAPHQL_PATH, dict(ADMIN_HEADERS),
                          json.dumps({"query": query, "variables": variables or {}}).encode())
    response = await shop.handle(request)
    assert response.status == 200, response.body
    payload = response.json()
    assert "errors" not in payload, payload
    return payload["data"]


@dataclass
class InProcessShop:
    """A demo shop reached in-process: `backend` holds its state, `shop` is the HTTP shell."""

    backend: ShopBackend
    shop: DemoShop

    def __post_init__(self) -> None:
        self._transport = RecordingTransport(self.shop)

    @property
    def transport(self) -> RecordingTransport:
        """The app's way in (a new one, with an empty record, if the test swapped `shop`)."""
        if self._transport.shop is not self.shop:
            self._transport = RecordingTransport(self.shop)
        return self._transport

    async def admin_gql(self, query: str, variables: dict[str, Any] | None = None
                        ) -> dict[str, Any]:
        """A document run by the shop's admin (not counted among the app's requests)."""
        return await shop_gql(self.shop, query, variables)

    def variants(self, count: int) -> list[Any]:
        """The first `count` product variants of the shop (its state, read only)."""
        state = self.backend.state
        return [state.variants[i] for i in sorted(state.variants)[:count]]

    def client(self, **options: Any) -> ShopifyClient:
        """A `ShopifyClient` on this shop's transport (close it, or use `async with`)."""
        return ShopifyClient(ShopAddress.loopback(), StaticToken(_test_token),
                             transport=self.transport, **options)

    def close(self) -> None:
        self.shop.close()
        self.backend.close()


@dataclass
class ServedShop:
    """A demo shop served on 127.0.0.1 in the test's event loop."""

    backend: ShopBackend
    shop: DemoShop
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def address(self) -> ShopAddress:
        return ShopAddress.parse(self.url)

    async def admin_gql(self, query: str, variables: dict[str, Any] | None = None
                        ) -> dict[str, Any]:
        """A document run by the shop's admin, in-process (no request on the socket)."""
        return await shop_gql(self.shop, query, variables)


# --- the backend alone ----------------------------------------------------------------------

#: The backend tests' clock starts here.
BACKEND_NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@dataclass
class Result:
    data: Any
    errors: list[dict[str, Any]]
    search: list[dict[str, Any]]


class BackendClient:
    """Parses, validates (as the HTTP shell does) and executes documents, with a moving clock.

    `scopes` are the access scopes of every request (default: those the backend grants).
    """

    def __init__(self, backend: ShopBackend, scopes: Collection[str] | None = None) -> None:
        self.backend = backend
        self.now = BACKEND_NOW
        self.scopes = frozenset(scopes) if scopes is not None else backend.access_scopes

    def __call__(self, query: str, variables: dict[str, Any] | None = None,
                 **kwargs: Any) -> Result:
        document = parse(query)
        problems = validate(self.backend.schema, document)
        assert problems == [], problems
        context = RequestContext(
            base_url="http://127.0.0.1:8123",
            scopes=kwargs.get("scopes", self.scopes),
            now=kwargs.get("now", self.now),
        )
        result = self.backend.execute(document, variables, None, context)
        return Result(result.data, [e.formatted for e in result.errors or []],
                      context.search_warnings)

    def ok(self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """Run a document that must succeed; its data."""
        result = self(query, variables, **kwargs)
        assert result.errors == [], result.errors
        return result.data

    def tick(self, seconds: int = 1) -> None:
        self.now += timedelta(seconds=seconds)
