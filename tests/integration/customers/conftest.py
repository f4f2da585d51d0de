"""Fixtures of the customers integration tests (helpers live in customer_harness.py)."""

from __future__ import annotations

import pytest
from customer_harness import SHOP, Harness

from desktop_app.demo_shop import ShopBackend


@pytest.fixture
def harness(demo_shop, service) -> Harness:
    """One shop card "S1" importing all customers from an empty in-process demo shop."""
    shop = demo_shop(backend=ShopBackend())
    h = Harness(shop.backend, shop.shop, shop.transport, service(shop, SHOP))
    h.settings(customer_import="all")
    return h
