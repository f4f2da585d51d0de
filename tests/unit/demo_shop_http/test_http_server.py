"""The demo shop on a loopback socket (with the fake backend): HTTP/1.1 behaviour."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from demo_http_fakes import GRAPHQL_URL, TOKEN, gql

from desktop_app import SHOPIFY_API_VERSION
from desktop_app.demo_shop.server import is_loopback, serve, stop
from desktop_app.demo_shop.shop import DemoShop


@pytest.fixture
async def served(backend):
    shop = DemoShop(backend)
    server, port = await serve(shop, "127.0.0.1", 0)
    yield shop, port
    await stop(server)


def client(port: int) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}",
                             headers={"X-Shopify-Access-Token": TOKEN}, timeout=10)


async def test_query_over_the_socket_with_keep_alive(served, backend):
    shop, port = served
    async with client(port) as http:
        for _ in range(3):
            response = await gql(http, "{ customers(first: 5) { nodes { id } } }")
            assert response.status_code == 200
            assert response.headers["x-shopify-api-version"] == SHOPIFY_API_VERSION
            assert len(response.json()["data"]["customers"]["nodes"]) == 5
    assert backend.contexts[-1].base_url == f"http://127.0.0.1:{port}"


async def raw_exchange(port: int, data: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(data)
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), 5)
    writer.close()
    return answer


async def test_raw_keep_alive_pipelined_and_connection_close(served):
    _, port = served
    body = json.dumps({"query": "{ shop { name } }"}).encode()
    one = (f"POST {GRAPHQL_URL} HTTP/1.1\r\nHost: x\r\nX-Shopify-Access-Token: {TOKEN}\r\n"
           f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n").encode()
    data = one + b"\r\n" + body + one + b"Connection: close\r\n\r\n" + body
    answer = await raw_exchange(port, data)
    assert answer.count(b"HTTP/1.1 200 OK") == 2
    assert answer.count(b'"name":"Demo Shop"') == 2
    assert b"Connection: close" in answer


async def test_chunked_request_body(served):
    _, port = served
    body = json.dumps({"query": "{ shop { name } }"}).encode()
    chunked = b"".join(f"{len(p):x}\r\n".encode() + p + b"\r\n" for p in (body[:7], body[7:])) + b"0\r\n\r\n"
    head = (f"POST {GRAPHQL_URL} HTTP/1.1\r\nHost: x\r\nX-Shopify-Access-Token: {TOKEN}\r\n"
            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").encode()
    answer = await raw_exchange(port, head + chunked)
    assert answer.startswith(b"HTTP/1.1 200 OK")
    assert b'"name":"Demo Shop"' in answer


@pytest.mark.parametrize("garbage", [b"NONSENSE\r\n\r\n", b"GET / HTTP/1.1\r\nBad header\r\n\r\n",
                                     b"POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n"])
async def test_malformed_requests_get_400(served, garbage):
    _, port = served
    answer = await raw_exchange(port, garbage)
    assert answer.startswith(b"HTTP/1.1 400 ")


async def test_dropped_connection_closes_without_answer(served):
    shop, port = served
    shop.faults.force("drop")
    async with client(port) as http:
        with pytest.raises(httpx.RemoteProtocolError):
            await gql(http, "{ shop { name } }")
        assert (await gql(http, "{ shop { name } }")).status_code == 200


async def test_thirty_concurrent_clients(served, backend):
    shop, port = served
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=20,
                                 headers={"X-Shopify-Access-Token": TOKEN},
                                 limits=httpx.Limits(max_connections=40)) as http:
        responses = await asyncio.gather(
            *(gql(http, "{ customers(first: 10) { nodes { id } } }") for _ in range(30)))
    assert [r.status_code for r in responses] == [200] * 30
    assert all(len(r.json()["data"]["customers"]["nodes"]) == 10 for r in responses)
    assert backend.executions == 30


async def test_bulk_file_download(served, backend):
    _, port = served
    lines = "".join(f'{{"id":"gid://shopify/Customer/{i}"}}\n' for i in range(30_000))
    (backend.bulk_dir / "3.jsonl").write_text(lines)
    async with client(port) as http:
        async with http.stream("GET", "/bulk/3.jsonl") as response:
            assert response.status_code == 200
            received = b"".join([chunk async for chunk in response.aiter_bytes()])
        assert received.decode() == lines
        assert (await http.get("/bulk/4.jsonl")).status_code == 404


def test_loopback_detection():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    assert not is_loopback("example.com")


async def test_stop_closes_idle_keep_alive_connections(backend):
    server, port = await serve(DemoShop(backend), "127.0.0.1", 0)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    await asyncio.sleep(0.05)  # accepted, now idle in its keep-alive wait
    await asyncio.wait_for(stop(server), 5)
    assert await asyncio.wait_for(reader.read(), 5) == b""  # the server hung up
    writer.close()
