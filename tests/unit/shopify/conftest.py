"""Fixtures for the client's unit tests."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from desktop_app.shopify.address import ShopAddress
from desktop_app.shopify.auth import StaticToken
from desktop_app.shopify.client import ShopifyClient
from shopify_fakes import TOKEN, FakeTime


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
async def make_client(fake_time: FakeTime):
    """Build a client against an httpx handler; closes every client afterwards."""
    clients: list[ShopifyClient] = []

    def build(handler: Callable, credentials=None, **kwargs: Any) -> ShopifyClient:
        async def token() -> str:
            return TOKEN

        kwargs.setdefault("sleep", fake_time.sleep)
        kwargs.setdefault("clock", fake_time)
        kwargs.setdefault("rng", random.Random(7))
        client = ShopifyClient(
            kwargs.pop("address", ShopAddress.parse("demo-shop")),
            credentials or StaticToken(token),
            transport=httpx.MockTransport(handler),
            **kwargs,
        )
        clients.append(client)
        return client

    yield build
    for client in clients:
        await client.aclose()

