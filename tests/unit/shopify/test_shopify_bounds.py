"""Every wait of the client is bounded and every answer is read up to a cap (issue 15).

A server may send its headers and then one byte every few seconds (httpx's timeout applies
to each read, so without a deadline the exchange never ends), or an answer of hundreds of MB
(read whole, it would take the memory of a small machine). These run against real asyncio
time with small deadlines; the defaults are checked apart.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import time

import httpx
import pytest

from shopify_fakes import answer
from desktop_app.errors import NetworkError, OutcomeUnknownError, ShopifyError
from desktop_app.shopify import client as client_module
from desktop_app.shopify.operations import Operation

QUERY = Operation.from_text("query Shop { shop { name } }")
MUTATION = Operation.from_text(
    "mutation Tag($id: ID!) { tagsAdd(id: $id, tags: [\"x\"]) { userErrors { message } } }"
)


class Drip(httpx.AsyncByteStream):
    """An answer body that never ends: one byte every `every` seconds."""

    def __init__(self, every: float) -> None:
        self.every = every
        self.sent = 0

    async def __aiter__(self):
        while True:
            await asyncio.sleep(self.every)
            self.sent += 1
            yield b" "


class Endless(httpx.AsyncByteStream):
    """A huge answer with no length: 1 MB chunks, counting what was taken from it."""

    def __init__(self) -> None:
        self.taken = 0

    async def __aiter__(self):
        chunk = b"x" * (1024 * 1024)
        for _ in range(400):
            self.taken += len(chunk)
            yield chunk


@pytest.fixture
def quick(monkeypatch):
    monkeypatch.setattr(client_module, "MIN_ATTEMPT_SECONDS", 0.05)


async def test_a_dripping_answer_ends_at_the_deadline(make_client, quick):
    drips: list[Drip] = []

    def handler(request: httpx.Request) -> httpx.Response:
        drips.append(Drip(0.05))
        return httpx.Response(200, headers={"Content-Length": "100000"}, stream=drips[-1])

    client = make_client(handler, clock=time.monotonic, sleep=asyncio.sleep,
                         request_deadline=0.3, execute_deadline=1.0)
    started = time.monotonic()
    with pytest.raises(NetworkError) as caught:
        await asyncio.wait_for(client.execute(QUERY), timeout=10)
    elapsed = time.monotonic() - started
    assert elapsed < 2.0
    assert len(drips) >= 2, "a query is tried again after a deadline"
    assert all(d.sent > 0 for d in drips), "the server did send (slowly)"
    assert "within" in str(caught.value)


async def test_a_dripping_mutation_is_not_repeated(make_client, quick):
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200, stream=Drip(0.05))

    client = make_client(handler, clock=time.monotonic, sleep=asyncio.sleep,
                         request_deadline=0.3, execute_deadline=5.0)
    with pytest.raises(OutcomeUnknownError):
        await asyncio.wait_for(client.execute(MUTATION, {"id": "gid://shopify/Order/1"}), 10)
    assert len(calls) == 1


async def test_an_announced_huge_answer_is_refused_unread(make_client):
    stream = Endless()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Length": str(400 * 1024 * 1024)},
                              stream=stream)

    client = make_client(handler, max_answer_bytes=2 * 1024 * 1024)
    with pytest.raises(ShopifyError) as caught:
        await client.execute(QUERY)
    assert "larger than 2 MB" in str(caught.value)
    assert stream.taken == 0
    assert client.stats.attempts == 1, "a refused answer is not asked again"


async def test_a_streamed_huge_answer_is_refused_at_the_cap(make_client):
    stream = Endless()
    client = make_client(lambda request: httpx.Response(200, stream=stream),
                         max_answer_bytes=2 * 1024 * 1024)
    with pytest.raises(ShopifyError, match="larger than 2 MB"):
        await client.execute(QUERY)
    assert stream.taken <= 3 * 1024 * 1024, "reading stopped at the cap"


async def test_a_compressed_answer_is_read(make_client):
    plain = answer({"shop": {"name": "Gzip shop"}})
    body = gzip.compress(json.dumps(json.loads(plain.content)).encode())
    client = make_client(lambda request: httpx.Response(
        200, headers={"Content-Encoding": "gzip", "Content-Length": str(len(body))},
        content=body))
    assert await client.execute(QUERY) == {"shop": {"name": "Gzip shop"}}


def test_the_defaults_bound_a_sync_to_minutes():
    assert client_module.REQUEST_DEADLINE <= 120
    assert client_module.EXECUTE_DEADLINE <= 170
    assert client_module.MAX_ANSWER_BYTES <= 64 * 1024 * 1024
