"""The request log: one flushed JSON line per GraphQL request, and never a token."""

from __future__ import annotations

import json
import stat

import httpx
import pytest
from demo_http_fakes import TOKEN, gql

from desktop_app import SHOPIFY_API_VERSION
from desktop_app.demo_shop.request_log import FIELDS
from desktop_app.demo_shop.shop import DemoShop
from desktop_app.demo_shop.transport import DemoShopTransport


def read(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture
def logged(backend, clock, tmp_path):
    path = tmp_path / "logs" / "requests.jsonl"
    shop = DemoShop(backend, clock=clock, sleep=clock.sleep, request_log=path)
    yield shop, path
    shop.close()


async def test_each_request_is_one_line_with_cost(logged):
    shop, path = logged
    async with httpx.AsyncClient(transport=DemoShopTransport(shop), base_url="http://d",
                                 headers={"X-Shopify-Access-Token": TOKEN}) as http:
        await http.post(f"/admin/api/{SHOPIFY_API_VERSION}/graphql.json", json={
            "query": "query Page($n: Int!) { customers(first: $n) { nodes { id } } }",
            "variables": {"n": 3}, "operationName": "Page"})
        # The line is on disk before the next request: tests can tail the file.
        [line] = read(path)
        assert list(line) == list(FIELDS)
        assert line["operationName"] == "Page"
        assert line["variables"] == {"n": 3}
        assert line["requestedQueryCost"] == 5 and line["actualQueryCost"] == 5
        assert line["status"] == 200 and line["throttled"] is False and line["fault"] is None
        assert line["durationMs"] >= 0 and line["ts"].endswith("Z")

        shop.faults.force("http_503")
        await gql(http, "{ shop { name } }")
        shop.faults.force("throttled")
        await gql(http, "{ shop { name } }")
        shop.faults.force("drop")
        with pytest.raises(httpx.RemoteProtocolError):
            await gql(http, "{ shop { name } }")
        await gql(http, "{ nope }")
    lines = read(path)
    assert [(x["status"], x["fault"], x["throttled"]) for x in lines[1:]] == [
        (503, "http_503", False), (200, "throttled", True), (None, "drop", False), (200, None, False)]
    assert lines[2]["requestedQueryCost"] == 1 and lines[2]["actualQueryCost"] is None
    assert lines[4]["requestedQueryCost"] is None  # invalid: never priced


async def test_file_is_owner_only_and_never_holds_the_token(logged, clock):
    shop, path = logged
    async with httpx.AsyncClient(transport=DemoShopTransport(shop), base_url="http://d",
                                 headers={"X-Shopify-Access-Token": TOKEN}) as http:
        await gql(http, "{ shop { name } }")
        await gql(http, "{ shop { name } }", headers={"X-Shopify-Access-Token": ""})  # 401
        grant = await http.post("/admin/oauth/access_token", json={
            "client_id": "demo-client-id", "client_secret": "x", "grant_type": "client_credentials"})
        issued = grant.json()["access_token"]
        await gql(http, "{ shop { name } }", headers={"X-Shopify-Access-Token": issued})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert TOKEN not in text and issued not in text
    assert [x["status"] for x in read(path)] == [200, 401, 200]


async def test_existing_file_is_appended_and_tightened(backend, clock, tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text('{"earlier": true}\n')
    path.chmod(0o644)
    shop = DemoShop(backend, clock=clock, request_log=path)
    async with httpx.AsyncClient(transport=DemoShopTransport(shop), base_url="http://d",
                                 headers={"X-Shopify-Access-Token": TOKEN}) as http:
        await gql(http, "{ shop { name } }")
    shop.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(read(path)) == 2
