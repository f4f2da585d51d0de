"""Fixtures of the customers integration tests (helpers live in customer_harness.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from customer_harness import SHOP, CountingTransport, Harness

from desktop_app.demo_shop import DemoShop, ShopBackend
from desktop_app.store import shops
from desktop_app.sync.service import SyncService


@pytest.fixture
async def harness(db, tmp_path: Path) -> AsyncIterator[Harness]:
    backend = ShopBackend()
    shop = DemoShop(backend, plan="plus")
    transport = CountingTransport(shop)
    service = SyncService(vault=None, data_dir=tmp_path, transport_for=lambda _shop: transport)
    shops.create_shop(SHOP, name="Test shop", is_demo=True)
    shops.save_shop_info(SHOP, {"country": backend.state.shop.country_code})
    h = Harness(backend, shop, transport, service)
    h.settings(customer_import="all")
    try:
        yield h
    finally:
        await service.aclose()
        shop.close()
        backend.close()


