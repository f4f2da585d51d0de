"""Credentials go only to https://NAME.myshopify.com (or http on loopback for the demo shop).

A table of hostile addresses is refused by `ShopAddress.parse` (before any client exists,
so before any request) and by `shop-sync shop add` (exit 2); a shop answering with a
redirect makes the client fail without following it, so the token never reaches the
redirect's target.
"""

from __future__ import annotations

import asyncio
import subprocess

import pytest
from demo_process import REPO, shop_sync_command

from desktop_app import SHOPIFY_API_VERSION
from desktop_app.errors import ShopAddressError
from desktop_app.shopify import ShopAddress, ShopifyClient, StaticToken

HOSTILE = [
    ("another host", "https://evil.example"),
    ("another host, bare", "evil.example"),
    ("look-alike domain", "https://shop.myshopify.com.evil.example"),
    ("look-alike suffix", "https://shop.myshopify.co"),
    ("look-alike with a dash", "https://shop-myshopify.com"),
    ("look-alike subdomain of a look-alike", "https://shop.evilmyshopify.com"),
    ("punycode look-alike", "https://shop.xn--myshopfy-3ya.com"),
    ("Cyrillic look-alike", "https://shop.myshopify.c\u043em"),
    ("user-info trick", "https://shop.myshopify.com@evil.example"),
    ("user-info with password", "https://user:pass@shop.myshopify.com"),
    ("user-info the other way", "https://evil.example@shop.myshopify.com"),
    ("backslash trick", "https://shop.myshopify.com\\@evil.example"),
    ("encoded at sign", "https://shop.myshopify.com%40evil.example"),
    ("http to Shopify", "http://shop.myshopify.com"),
    ("http to a private address", "http://10.0.0.5:8080"),
    ("http to a public address", "http://203.0.113.7"),
    ("http to a host name", "http://localhost.evil.example"),
    ("a port on Shopify", "https://shop.myshopify.com:8443"),
    ("a path", "https://shop.myshopify.com/admin/../../evil"),
    ("a query string", "https://shop.myshopify.com?next=https://evil.example"),
    ("a fragment", "https://shop.myshopify.com#@evil.example"),
    ("javascript scheme", "javascript:alert(1)"),
    ("file scheme", "file:///etc/passwd"),
    ("ftp scheme", "ftp://shop.myshopify.com"),
    ("whitespace inside", "https://shop .myshopify.com"),
    ("newline (header injection)", "https://shop.myshopify.com\r\nX-Evil: 1"),
    ("NUL byte", "https://shop.myshopify.com\x00.evil.example"),
    ("no shop name", "https://.myshopify.com"),
    ("myshopify.com itself", "https://myshopify.com"),
    ("empty", ""),
]


@pytest.mark.parametrize(("what", "address"), HOSTILE, ids=[w for w, _ in HOSTILE])
def test_hostile_address_is_refused(what: str, address: str) -> None:
    with pytest.raises(ShopAddressError):
        ShopAddress.parse(address)


@pytest.mark.parametrize("address", ["https://my-shop.myshopify.com", "my-shop.myshopify.com",
                                     "http://127.0.0.1:8080", "http://[::1]:9000"])
def test_control_good_addresses_pass(address: str) -> None:
    assert ShopAddress.parse(address).base_url


@pytest.mark.parametrize(("option", "address"), [
    ("--domain", "shop.myshopify.com.evil.example"), ("--domain", "https://user@evil.example"),
    ("--api-url", "http://10.0.0.5:8080"), ("--api-url", "https://evil.example")])
def test_cli_refuses_hostile_address(tmp_path, option: str, address: str) -> None:
    done = subprocess.run([*shop_sync_command(), "--data-dir", str(tmp_path), "shop", "add",
                           "EVIL", option, address], capture_output=True, text=True,
                          timeout=60, cwd=REPO)
    assert done.returncode == 2, done.stderr
    listed = subprocess.run([*shop_sync_command(), "--data-dir", str(tmp_path), "--json",
                             "shop", "list"], capture_output=True, text=True, timeout=60,
                            cwd=REPO)
    assert "EVIL" not in listed.stdout


async def _server(handler) -> tuple[asyncio.AbstractServer, int]:
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_redirect_is_not_followed_with_credentials(status: int) -> None:
    received: list[bytes] = []

    async def target(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        received.append(await reader.read(65536))
        writer.close()

    target_server, target_port = await _server(target)

    async def redirector(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(65536)
        location = f"http://127.0.0.1:{target_port}/admin/api/{SHOPIFY_API_VERSION}/graphql.json"
        writer.write(f"HTTP/1.1 {status} Moved\r\nLocation: {location}\r\n"
                     "Content-Length: 0\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        writer.close()

    shop_server, shop_port = await _server(redirector)

    async def token() -> str:
        return "shpat_redirect_canary"

    try:
        async with ShopifyClient(ShopAddress.loopback(shop_port), StaticToken(token)) as client:
            with pytest.raises(ShopAddressError):
                await client.execute("ShopInfo")
        await asyncio.sleep(0.1)
    finally:
        for server in (shop_server, target_server):
            server.close()
            await server.wait_closed()
    assert received == []


async def test_control_the_target_server_records_requests() -> None:
    """Without the client's guard, the redirect's target would see the request."""
    import httpx

    received: list[bytes] = []

    async def target(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        received.append(await reader.read(65536))
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
        await writer.drain()
        writer.close()

    server, port = await _server(target)
    try:
        async with httpx.AsyncClient(trust_env=False) as plain:
            await plain.get(f"http://127.0.0.1:{port}/", headers={"X-Test": "1"})
    finally:
        server.close()
        await server.wait_closed()
    assert received and b"X-Test" in received[0]
