"""Bulk exports: start, poll, stream the JSONL without credentials, join children to parents."""

from __future__ import annotations

import json
import time
import tracemalloc
from collections.abc import AsyncIterator

import httpx
import pytest

from shopify_fakes import answer, body_of
from desktop_app.errors import BulkOperationError
from desktop_app.shopify.address import ShopAddress
from desktop_app.shopify.bulk import join_records, run_bulk_query
from desktop_app.shopify.client import TOKEN_HEADER

OP_ID = "gid://shopify/BulkOperation/7"
RESULT_URL = "https://storage.example.com/results/7.jsonl?sig=abc"


def jsonl(*objects: dict) -> bytes:
    return b"".join(json.dumps(o).encode() + b"\n" for o in objects)


CUSTOMERS = jsonl(
    {"id": "gid://shopify/Customer/1", "firstName": "Ana"},
    {"id": "gid://shopify/MailingAddress/11", "city": "Porto", "__parentId": "gid://shopify/Customer/1"},
    {"id": "gid://shopify/MailingAddress/12", "city": "Braga", "__parentId": "gid://shopify/Customer/1"},
    {"id": "gid://shopify/Customer/2", "firstName": "Bo"},
    {"id": "gid://shopify/Customer/3", "firstName": "Cy"},
    {"id": "gid://shopify/MailingAddress/31", "city": "Oslo", "__parentId": "gid://shopify/Customer/3"},
)


class BulkShop:
    """Answers BulkOperationRunQuery and BulkOperationStatus, and serves the result file."""

    def __init__(self, states: list[str], content: bytes | None = CUSTOMERS,
                 error_code: str | None = None, object_count: int | None = None,
                 user_errors: list[dict] | None = None, url: str = RESULT_URL) -> None:
        self.url = url
        self.states = list(states)
        self.content = content
        self.error_code = error_code
        self.object_count = object_count
        self.user_errors = user_errors or []
        self.run_variables: dict | None = None
        self.polls = 0
        self.downloads: list[httpx.Request] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "storage.example.com":
            self.downloads.append(request)
            return httpx.Response(200, content=self.content)
        body = body_of(request)
        if body["operationName"] == "BulkOperationRunQuery":
            self.run_variables = body["variables"]
            operation = None if self.user_errors else {"id": OP_ID, "status": "CREATED"}
            return answer({"bulkOperationRunQuery": {"bulkOperation": operation,
                                                     "userErrors": self.user_errors}})
        assert body["operationName"] == "BulkOperationStatus"
        assert body["variables"] == {"id": OP_ID}
        state = self.states.pop(0) if len(self.states) > 1 else self.states[0]
        self.polls += 1
        done = state == "COMPLETED"
        count = self.object_count
        if count is None and self.content:
            count = self.content.count(b"\n")
        return answer({"bulkOperation": {
            "id": OP_ID, "status": state, "errorCode": self.error_code,
            "objectCount": str(count or 0), "rootObjectCount": "0", "fileSize": "1",
            "url": self.url if done and self.content else None, "partialDataUrl": None,
            "createdAt": "2026-11-01T00:00:00Z", "completedAt": None}})


async def collect(client, **kwargs) -> list[dict]:
    return [r async for r in run_bulk_query(client, "BulkCustomers", **kwargs)]


async def test_happy_path(make_client, fake_time):
    shop = BulkShop(["CREATED", "RUNNING", "RUNNING", "COMPLETED"])
    client = make_client(shop)
    records = await collect(client, poll_interval=1.0)
    assert [r["id"] for r in records] == [f"gid://shopify/Customer/{i}" for i in (1, 2, 3)]
    assert [a["city"] for a in records[0]["__children"]] == ["Porto", "Braga"]
    assert records[1]["__children"] == []
    assert [a["city"] for a in records[2]["__children"]] == ["Oslo"]
    # the bulk query text went as a variable, with groupObjects on
    assert shop.run_variables["groupObjects"] is True
    assert "query BulkCustomers" in shop.run_variables["query"]
    # polled with growing waits on the injected sleep
    assert shop.polls == 4
    assert fake_time.sleeps == [1.0, 1.5, 2.25]
    # the pre-signed URL got no access token
    (download,) = shop.downloads
    assert TOKEN_HEADER.lower() not in {k.lower() for k in download.headers}


async def test_empty_result_has_no_url(make_client):
    shop = BulkShop(["COMPLETED"], content=None)
    assert await collect(make_client(shop)) == []
    assert shop.downloads == []


async def test_operation_in_progress_is_explained(make_client):
    shop = BulkShop(["COMPLETED"], user_errors=[
        {"field": None, "message": "A bulk query operation for this app and shop is already in progress",
         "code": "OPERATION_IN_PROGRESS"}])
    with pytest.raises(BulkOperationError, match="already running"):
        await collect(make_client(shop))
    assert shop.polls == 0


async def test_invalid_bulk_query_user_error(make_client):
    shop = BulkShop(["COMPLETED"], user_errors=[
        {"field": ["query"], "message": "Bulk queries cannot contain more than 5 connections.",
         "code": "INVALID"}])
    with pytest.raises(BulkOperationError, match="more than 5 connections"):
        await collect(make_client(shop))


@pytest.mark.parametrize(
    ("state", "code", "text"),
    [
        ("FAILED", "ACCESS_DENIED", "access scope"),
        ("FAILED", "TIMEOUT", "time limit"),
        ("FAILED", "INTERNAL_SERVER_ERROR", "failed internally"),
        ("CANCELED", None, "canceled"),
        ("EXPIRED", None, "expired"),
    ],
)
async def test_terminal_failures(make_client, state, code, text):
    shop = BulkShop(["RUNNING", state], error_code=code)
    with pytest.raises(BulkOperationError, match=text):
        await collect(make_client(shop))


async def test_polling_times_out(make_client, fake_time):
    shop = BulkShop(["RUNNING"])
    with pytest.raises(BulkOperationError, match="did not finish within 60 s"):
        await collect(make_client(shop), poll_interval=1.0, max_poll_interval=10.0, timeout=60)
    assert sum(fake_time.sleeps) <= 60


async def test_http_result_url_refused_for_a_real_shop(make_client):
    shop = BulkShop(["COMPLETED"], url="http://storage.example.com/7.jsonl")
    with pytest.raises(BulkOperationError, match="not https"):
        await collect(make_client(shop))
    assert shop.downloads == []


async def test_loopback_demo_shop_may_serve_http(make_client):
    shop = BulkShop(["COMPLETED"], url="http://storage.example.com/7.jsonl")
    client = make_client(shop, address=ShopAddress.loopback(8080))
    assert len(await collect(client)) == 3
    assert len(shop.downloads) == 1


async def lines_of(*texts: str) -> AsyncIterator[str]:
    for text in texts:
        yield text


async def joined(*texts: str, expected: int | None = None) -> list[dict]:
    return [r async for r in join_records(lines_of(*texts), expected)]


async def test_malformed_line_names_its_number():
    with pytest.raises(BulkOperationError, match="Line 3 "):
        await joined('{"id":"a"}', '{"id":"b"}', '{"id":"c", "firstNa')


async def test_non_object_line():
    with pytest.raises(BulkOperationError, match="Line 2 "):
        await joined('{"id":"a"}', "[1,2]")


async def test_child_after_its_parent_was_yielded_is_an_error():
    with pytest.raises(BulkOperationError, match="Line 3 .*gid://p/1"):
        await joined('{"id":"gid://p/1"}', '{"id":"gid://p/2"}',
                     '{"id":"c","__parentId":"gid://p/1"}')


async def test_orphan_child_is_an_error():
    with pytest.raises(BulkOperationError, match="Line 1 "):
        await joined('{"id":"c","__parentId":"gid://p/9"}')


async def test_grandchildren_join_under_their_parent():
    records = await joined(
        '{"id":"o1"}', '{"id":"li1","__parentId":"o1"}', '{"id":"x1","__parentId":"li1"}',
        '{"id":"li2","__parentId":"o1"}', "",
    )
    (order,) = records
    assert [c["id"] for c in order["__children"]] == ["li1", "li2"]
    assert order["__children"][0]["__children"] == [{"id": "x1", "__parentId": "li1"}]


async def test_fewer_objects_than_counted_is_a_cut_short_download():
    with pytest.raises(BulkOperationError, match="2 of 3"):
        await joined('{"id":"a"}', '{"id":"b"}', expected=3)


@pytest.mark.slow
async def test_large_file_streams_in_bounded_memory(make_client):
    """200,000 lines (50,000 customers x 3 addresses) with a tracemalloc peak under 20 MB."""
    customers = 50_000

    async def generate() -> AsyncIterator[bytes]:
        chunk = []
        for i in range(customers):
            cid = f"gid://shopify/Customer/{i}"
            chunk.append(json.dumps({"id": cid, "firstName": f"N{i}", "email": f"c{i}@example.com"}))
            for a in range(3):
                chunk.append(json.dumps({"id": f"gid://shopify/MailingAddress/{i}{a}",
                                         "city": "Springfield", "__parentId": cid}))
            if len(chunk) >= 400:
                yield ("\n".join(chunk) + "\n").encode()
                chunk = []
        if chunk:
            yield ("\n".join(chunk) + "\n").encode()

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "storage.example.com":
            return httpx.Response(200, content=generate())
        body = body_of(request)
        if body["operationName"] == "BulkOperationRunQuery":
            return answer({"bulkOperationRunQuery": {
                "bulkOperation": {"id": OP_ID, "status": "CREATED"}, "userErrors": []}})
        return answer({"bulkOperation": {"id": OP_ID, "status": "COMPLETED", "errorCode": None,
                                         "objectCount": str(customers * 4), "url": RESULT_URL}})

    client = make_client(handler)
    count = 0
    children = 0
    started = time.perf_counter()
    tracemalloc.start()
    try:
        async for record in run_bulk_query(client, "BulkCustomers"):
            count += 1
            children += len(record["__children"])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == customers and children == customers * 3
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
    print(f"200k lines: peak {peak / 1e6:.2f} MB, {time.perf_counter() - started:.1f} s")
