"""Helpers for the demo shop backend tests: run real GraphQL documents through execute()."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from demo_shops import BACKEND_NOW as NOW
from demo_shops import BackendClient

from desktop_app.demo_shop.backend import ShopBackend

ALL_SCOPES = frozenset({"read_customers", "write_customers", "read_products", "read_locations"})


class Client(BackendClient):
    """`BackendClient` with the customer, product and location scopes."""

    def __init__(self, backend: ShopBackend) -> None:
        super().__init__(backend, ALL_SCOPES)


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
