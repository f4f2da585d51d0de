"""The demo shop in-process: an httpx transport with no socket.

``httpx.AsyncClient(transport=DemoShopTransport(shop), base_url=...)`` reaches the demo shop
exactly as it would reach Shopify over the network, including the failures: a dropped
connection raises :class:`httpx.RemoteProtocolError`, a delay is awaited with the shop's own
``sleep`` (so tests with a fake clock do not wait), and bulk result files are streamed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from functools import partial
from io import BufferedReader
from pathlib import Path
from typing import TypeVar, cast

import httpx

from desktop_app.demo_shop.shop import DemoRequest, DemoShop

logger = logging.getLogger(__name__)

_CHUNK = 64 * 1024

#: What a worker thread of `_FileStream` returns: the opened file, or a chunk of it.
_Done = TypeVar("_Done", BufferedReader, bytes)


class _FileStream(httpx.AsyncByteStream):
    """Streams a file in chunks, opening it and reading each chunk off the event loop.

    The file is closed on every path: read to its end, the response closed early
    (`aclose`), or the reading task cancelled. A cancelled task cannot stop the worker
    thread's `open` or `read`, so the file that thread opens (or reads) is closed once the
    thread is done with it, never left to the garbage collector.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._handle: BufferedReader | None = None
        #: A worker thread's open or read, while it runs.
        self._busy: asyncio.Future[BufferedReader] | asyncio.Future[bytes] | None = None

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            handle = await self._in_thread(self._open)
            self._handle = handle
            while True:
                chunk = await self._in_thread(handle.read, _CHUNK)
                if not chunk:
                    break
                yield chunk
        finally:
            self._close()

    async def aclose(self) -> None:
        self._close()

    def _open(self) -> BufferedReader:
        return cast(BufferedReader, self._path.open("rb"))

    async def _in_thread(self, call: Callable[..., _Done], *args: object) -> _Done:
        """`call(*args)` in a worker thread; if this task is cancelled meanwhile, the file is
        closed as soon as the worker is done (`_close` waits for it)."""
        busy: asyncio.Future[_Done] = asyncio.ensure_future(asyncio.to_thread(call, *args))
        self._busy = busy
        done = await asyncio.shield(busy)  # cancelled: `_busy` stays for `_close`
        self._busy = None
        return done

    def _close(self) -> None:
        """Close the file now, or once the worker that holds it is done (closing a file that
        another thread reads would hold the event loop until that read ends)."""
        busy, self._busy = self._busy, None
        handle, self._handle = self._handle, None
        if busy is None or busy.done():
            _close_file(handle, busy)
        else:
            busy.add_done_callback(partial(_close_file, handle))


def _close_file(handle: BufferedReader | None,
                busy: asyncio.Future[BufferedReader] | asyncio.Future[bytes] | None) -> None:
    """Close `handle`, and the file `busy` opened if a cancelled task never took it."""
    if busy is not None and not busy.cancelled() and busy.exception() is None:
        done = busy.result()
        if isinstance(done, BufferedReader):
            done.close()
    if handle is not None:
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
