"""Malformed GraphQL answers and broken bulk JSONL files (data/graphql_bodies.json,
data/bulk_jsonl.json) through the real client, over a fake transport (httpx.MockTransport).

Every broken answer ends in a typed ShopifyError (an AppError, shown to the merchant), never
another exception and never a hang; a well-formed one still answers. Every broken JSONL file
ends in a BulkOperationError or NetworkError; the readable ones give their records.
"""

from __future__ import annotations

import httpx
import pytest
from corpus_loader import load

from desktop_app.errors import ShopifyError
from desktop_app.shopify import ShopAddress, ShopifyClient, StaticToken
from desktop_app.shopify.bulk import download_records


async def _token() -> str:
    return "corpus-token-not-secret"


async def _no_sleep(_s: float) -> None:
    return None


def _client(handler) -> ShopifyClient:
    client = ShopifyClient(ShopAddress.loopback(), StaticToken(_token),
                           transport=httpx.MockTransport(handler), sleep=_no_sleep)
    client.throttle.sleep = _no_sleep
    return client


def _body(case: dict) -> bytes:
    if "hex" in case:
        return bytes.fromhex(case["hex"].replace(" ", ""))
    if case["body"] == "$nest":
        return b"{\"data\": " + b"[" * 100_000 + b"]" * 100_000 + b"}"
    return case["body"].encode("utf-8")


@pytest.mark.parametrize("case", load("graphql_bodies.json"), ids=lambda c: c["case"])
async def test_malformed_answer_is_a_typed_error(case: dict) -> None:
    def handler(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(case.get("status", 200), content=_body(case),
                              headers=case.get("headers", {}))

    async with _client(handler) as client:
        if case.get("ok"):
            assert (await client.execute("ShopInfo"))["shop"]["name"] == "x"
            return
        with pytest.raises(ShopifyError):
            await client.execute("ShopInfo")


async def test_control_a_good_answer_goes_through() -> None:
    def handler(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": {"shop": {"name": "fine"}}})

    async with _client(handler) as client:
        assert (await client.execute("ShopInfo"))["shop"]["name"] == "fine"


@pytest.mark.parametrize("case", load("bulk_jsonl.json"), ids=lambda c: c["case"])
async def test_bulk_jsonl(case: dict) -> None:
    text = "\n".join(case["lines"]) + ("\n" if case["lines"] else "")

    def handler(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=text.encode("utf-8"))

    async with _client(handler) as client:
        read = download_records(client, "http://127.0.0.1/bulk/1.jsonl", case["objectCount"])
        if case["expect"] == "error":
            with pytest.raises(ShopifyError):
                [r async for r in read]
        else:
            assert len([r async for r in read]) == case["expect"]
