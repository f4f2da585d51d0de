"""Fixtures for the demo shop's HTTP shell: a fake backend, a hand-driven clock, a client."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from demo_http_fakes import TOKEN, FakeBackend, FakeClock  # noqa: E402

from desktop_app.demo_shop.shop import DemoShop  # noqa: E402
from desktop_app.demo_shop.transport import DemoShopTransport  # noqa: E402


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def backend(tmp_path: Path) -> FakeBackend:
    bulk_dir = tmp_path / "bulk"
    bulk_dir.mkdir()
    return FakeBackend(customers=300, bulk_dir=bulk_dir)


@pytest.fixture
def shop(backend: FakeBackend, clock: FakeClock) -> DemoShop:
    return DemoShop(backend, clock=clock, sleep=clock.sleep)


@pytest.fixture
async def client(shop: DemoShop) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=DemoShopTransport(shop, "http://demo.test"),
        base_url="http://demo.test",
        headers={"X-Shopify-Access-Token": TOKEN},
    ) as http:
        yield http
