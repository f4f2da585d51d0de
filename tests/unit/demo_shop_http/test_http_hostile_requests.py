"""One local request cannot stall the demo shop or make it use huge memory (issue 15,
reliability review finding 14)."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from demo_http_fakes import GRAPHQL_URL, TOKEN, gql

from desktop_app.demo_shop import shop as shop_module
from desktop_app.demo_shop.server import serve, stop
from desktop_app.demo_shop.shop import DemoShop


@pytest.fixture
async def served(backend):
    shop = DemoShop(backend)
    server, port = await serve(shop, "127.0.0.1", 0)
    yield shop, port
    await stop(server)


def client(port: int) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}",
                             headers={"X-Shopify-Access-Token": TOKEN}, timeout=60)


async def test_a_huge_chunk_is_refused_before_it_is_read(served):
    _, port = served
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write((f"POST {GRAPHQL_URL} HTTP/1.1\r\nHost: x\r\nX-Shopify-Access-Token: {TOKEN}"
                  "\r\nTransfer-Encoding: chunked\r\n\r\n40000000\r\n").encode())
    writer.write(b"x" * 65536)  # the start of a 1 GiB chunk
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(4096), 5)
    writer.close()
    # Was: the server read on (readexactly of 1 GiB) and answered nothing meanwhile.
    assert answer.startswith(b"HTTP/1.1 413")


async def test_a_query_over_the_size_limit_is_refused_unparsed(served):
    shop, port = served
    query = "{ shop { name } }" + " " * shop_module.MAX_QUERY_CHARS
    async with client(port) as http:
        response = await gql(http, query)
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "PARSE_ERROR"
    assert query not in shop._documents


async def test_too_many_tokens_are_refused(served):
    _, port = served
    aliases = " ".join(f"a{i}: name" for i in range(shop_module.MAX_QUERY_TOKENS // 3 + 10))
    async with client(port) as http:
        response = await gql(http, "{ shop { " + aliases + " } }")
    errors = response.json()["errors"]
    assert errors[0]["extensions"]["code"] == "PARSE_ERROR"
    assert "tokens" in errors[0]["message"]


async def test_a_slow_document_does_not_hold_other_clients(served, monkeypatch):
    """Parsing runs in a worker thread: a document that takes 2 s to check leaves the
    event loop free, so a small query from another client is answered meanwhile."""
    shop, port = served
    slow = "{ shop { name id } }"
    checked = shop._checked_document

    def slow_check(query: str):
        if query == slow:
            time.sleep(2.0)
        return checked(query)

    monkeypatch.setattr(shop, "_checked_document", slow_check)
    async with client(port) as http:
        started = time.monotonic()  # the server shares this loop: time it from here
        big = asyncio.create_task(gql(http, slow))
        await asyncio.sleep(0.2)
        small = await gql(http, "{ shop { name } }")
        waited = time.monotonic() - started
        assert (await big).status_code == 200
    assert small.status_code == 200
    assert waited < 1.5, waited  # was over 2 s: parsed on the event loop


async def test_big_documents_are_not_cached(served):
    shop, port = served
    padding = " " * (shop_module._CACHED_QUERY_CHARS + 10)
    async with client(port) as http:
        assert (await gql(http, "{ shop { name } }" + padding)).status_code == 200
        assert (await gql(http, "{ shop { name } }")).status_code == 200
    assert list(shop._documents) == ["{ shop { name } }"]
