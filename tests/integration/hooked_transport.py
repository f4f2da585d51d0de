"""An in-process demo shop transport that lets a test act between the shop's answer and the
app's reading of it: a run that dies there (`die`), the shop changed meanwhile, a download
that breaks. Shared by the bulk write tests of the orders and the customers (issue 21)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable

import httpx
from demo_shops import RecordingTransport

from desktop_app.demo_shop import DemoShop


class HookedTransport(RecordingTransport):
    """Records operations and runs `after[name]` once, after the shop answered the GraphQL
    operation `name` and before the app reads the answer; `after["download"]` runs before a
    bulk result file is served. A hook that raises CancelledError is the run dying there."""

    def __init__(self, shop: DemoShop) -> None:
        super().__init__(shop)
        self.after: dict[str, Callable[[], Awaitable[None]]] = {}
        self.costs: list[float] = []  # each GraphQL operation's actualQueryCost

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/bulk/") and "download" in self.after:
            await self.after.pop("download")()
        response = await super().handle_async_request(request)
        name = self.operations[-1] if request.url.path.endswith("/graphql.json") else None
        if name:
            cost = json.loads(await response.aread()).get("extensions", {}).get("cost", {})
            self.costs.append(cost.get("actualQueryCost") or 0)
        hook = self.after.pop(name, None) if name else None
        if hook is not None:
            await hook()
        return response


async def die() -> None:
    """The run is killed at this point."""
    raise asyncio.CancelledError
