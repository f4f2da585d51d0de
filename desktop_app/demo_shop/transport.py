"""The demo shop in-process: an httpx transport with no socket.

``httpx.AsyncClient(transport=DemoShopTransport(shop), base_url=...)`` reaches the demo shop
exactly as it would reach Shopify over the network, including the failures: a dropped
connection raises :class:`httpx.RemoteProtocolError`, a delay is awaited with the shop's own
``sleep`` (so tests with a fake clock do not wait), and bulk result files are streamed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import httpx

from desktop_app.demo_shop.shop import DemoRequest, DemoShop

logger = logging.getLogger(__name__)

_CHUNK = 64 * 1024


class _FileStream(httpx.AsyncByteStream):
    """Streams a file in chunks, reading each chunk off the event loop."""

    def __init__(self, path: Path) -> None:
        self._path = path

    async def __aiter__(self) -> AsyncIterator[bytes]:
        handle = await asyncio.to_thread(self._path.open, "rb")
        try:
            while True:
                chunk = await asyncio.to_thread(handle.read, _CHUNK)
                if not chunk:
                    break
                yield chunk
        finally:
            handle.close()


class DemoShopTransport(httpx.AsyncBaseTransport):
    """Routes httpx requests to a :class:`DemoShop` in the same process.

    Args:
        shop: The shop that answers.
        base_url: The address the shop pretends to be served at (for bulk result URLs).
    """

    def __init__(self, shop: DemoShop, base_url: str = "http://127.0.0.1") -> None:
        self.shop = shop
        self.base_url = base_url.rstrip("/")

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer `request` through the shop, or raise as a broken network would."""
        body = await request.aread()
        target = request.url.raw_path.decode("ascii", errors="replace")
        demo_request = DemoRequest(
            method=request.method,
            path=target,
            headers=dict(request.headers.items()),
            body=body,
            base_url=self.base_url,
        )
        response = await self.shop.handle(demo_request)
        if response.delay_s > 0:
            await self.shop.sleep(response.delay_s)
        if response.drop_connection:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        headers = dict(response.headers)
        if response.body_path is not None:
            size = response.body_path.stat().st_size
            headers["Content-Length"] = str(size)
            return httpx.Response(
                response.status,
                headers=headers,
                stream=_FileStream(response.body_path),
                request=request,
            )
        return httpx.Response(
            response.status, headers=headers, content=response.body or b"", request=request
        )
