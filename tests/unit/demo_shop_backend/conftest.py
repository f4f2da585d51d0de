"""Helpers for the demo shop backend tests: run real GraphQL documents through execute()."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from graphql import parse, validate

from desktop_app.demo_shop.backend import ShopBackend
from desktop_app.demo_shop.context import RequestContext

ALL_SCOPES = frozenset({"read_customers", "write_customers", "read_products", "read_locations"})
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@dataclass
class Result:
    data: Any
    errors: list[dict[str, Any]]
    search: list[dict[str, Any]]


class Client:
    """Parses, validates (as the HTTP shell does) and executes documents; a moving clock."""

    def __init__(self, backend: ShopBackend) -> None:
        self.backend = backend
        self.now = NOW
        self.scopes = ALL_SCOPES

    def __call__(self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> Result:
        document = parse(query)
        problems = validate(self.backend.schema, document)
        assert problems == [], problems
        context = RequestContext(
            base_url="http://127.0.0.1:8123",
            scopes=kwargs.get("scopes", self.scopes),
            now=kwargs.get("now", self.now),
        )
        result = self.backend.execute(document, variables, None, context)
        return Result(
            result.data, [e.formatted for e in result.errors or []], context.search_warnings
        )

    def tick(self, seconds: int = 1) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def backend() -> Iterator[ShopBackend]:
    shop = ShopBackend.generate(seed=7, customers=300, now=NOW)
    yield shop
    shop.close()


@pytest.fixture
def empty_backend() -> Iterator[ShopBackend]:
    shop = ShopBackend()
    yield shop
    shop.close()


@pytest.fixture
def client(backend: ShopBackend) -> Client:
    return Client(backend)


@pytest.fixture
def empty_client(empty_backend: ShopBackend) -> Client:
    return Client(empty_backend)


CREATE = """
mutation Create($input: CustomerInput!) {
  customerCreate(input: $input) {
    customer { id email phone firstName lastName tags updatedAt state
               defaultAddress { id countryCodeV2 provinceCode province country } }
    userErrors { field message }
  }
}
"""


def create(client: Client, **fields: Any) -> dict[str, Any]:
    """customerCreate with these input fields; the payload."""
    result = client(CREATE, {"input": fields})
    assert result.errors == []
    return result.data["customerCreate"]
