"""A canary token and secret must never appear in a log record or an exception."""

from __future__ import annotations

import logging
import traceback

import httpx
import pytest

from shopify_fakes import Recorder, answer, throttled
from desktop_app.errors import ShopifyError
from desktop_app.shopify.address import ShopAddress
from desktop_app.shopify.auth import ClientCredentials, Secret, StaticToken
from desktop_app.shopify.bulk import run_bulk_query
from desktop_app.shopify.client import TOKEN_HEADER, redact_headers

CANARY_TOKEN = "shpat_CANARY_7f3a9c1e5b"
CANARY_SECRET = "shpss_CANARY_SECRET_42d8"
CANARIES = (CANARY_TOKEN, CANARY_SECRET, "CANARY")

SCENARIOS = {
    "success": [answer({"shop": {"name": "Demo"}})],
    "401": [httpx.Response(401, json={"errors": "[API] Invalid API key or access token"})],
    "403": [httpx.Response(403)],
    "503": [answer(status=503)],
    "connect-error": [httpx.ConnectError("connection refused")],
    "read-timeout": [httpx.ReadTimeout("timed out")],
    "dropped": [httpx.RemoteProtocolError("peer closed connection")],
    "throttled": [throttled()],
    "graphql-error": [answer(errors=[{"message": "bad", "extensions": {"code": "undefinedField"}}])],
    "redirect": [httpx.Response(302, headers={"Location": "https://evil.example/"})],
}


def exception_texts(exc: BaseException) -> list[str]:
    texts = []
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 10:
        texts += [str(current), repr(current), repr(current.args)]
        texts.append(repr(getattr(current, "details", "")))
        texts.append(repr(getattr(current, "errors", "")))
        current = current.__cause__ or current.__context__
        seen += 1
    texts.append("".join(traceback.format_exception(exc)))
    return texts


def log_texts(records: list[logging.LogRecord]) -> list[str]:
    texts = []
    for record in records:
        texts.append(record.getMessage())
        texts.append(repr(record.args))
        if record.exc_info:
            texts.append("".join(traceback.format_exception(*record.exc_info)))
    return texts


def static_credentials() -> StaticToken:
    async def token() -> str:
        return CANARY_TOKEN

    return StaticToken(token)


def client_credentials() -> ClientCredentials:
    async def secret() -> Secret:
        return Secret(CANARY_SECRET)

    return ClientCredentials(ShopAddress.parse("demo-shop"), "client-id", secret)


def with_token_endpoint(recorder: Recorder):
    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/admin/oauth/access_token":
            return httpx.Response(200, json={"access_token": CANARY_TOKEN, "expires_in": 3600})
        return await recorder(request)

    return handler


@pytest.mark.parametrize("kind", ["static", "client-credentials"])
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
async def test_canary_never_appears(make_client, caplog, kind, scenario):
    recorder = Recorder(*SCENARIOS[scenario])
    if kind == "static":
        client = make_client(recorder, credentials=static_credentials())
    else:
        client = make_client(with_token_endpoint(recorder), credentials=client_credentials())
    caught: BaseException | None = None
    with caplog.at_level(logging.DEBUG):
        try:
            await client.execute("ShopInfo")
        except ShopifyError as exc:
            caught = exc
    # The canary really was used: every request sent carried it.
    assert recorder.requests
    assert all(r.headers[TOKEN_HEADER] == CANARY_TOKEN for r in recorder.requests)
    # And the DEBUG hooks did log the requests (so the check below means something).
    assert any("graphql.json" in text for text in log_texts(caplog.records))
    texts = log_texts(caplog.records) + [repr(client), repr(client.stats), repr(client.address)]
    if caught is not None:
        texts += exception_texts(caught)
    for text in texts:
        for canary in CANARIES:
            assert canary not in text, f"{canary} leaked in: {text[:200]}"
    assert (caught is None) == (scenario == "success")


async def test_canary_not_in_bulk_download_or_logs(make_client, caplog):
    from shopify_fakes import body_of

    downloads = []

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(".jsonl"):
            downloads.append(request)
            return httpx.Response(200, content=b'{"id":"gid://shopify/Customer/1"}\n')
        name = body_of(request)["operationName"]
        if name == "BulkOperationRunQuery":
            operation = {"id": "gid://shopify/BulkOperation/1", "status": "CREATED"}
            return answer(
                {"bulkOperationRunQuery": {"bulkOperation": operation, "userErrors": []}}
            )
        status = {"id": "gid://shopify/BulkOperation/1", "status": "COMPLETED",
                  "errorCode": None, "objectCount": "1", "url": "https://storage.example/r.jsonl"}
        return answer({"bulkOperation": status})

    client = make_client(handler, credentials=static_credentials())
    with caplog.at_level(logging.DEBUG):
        records = [r async for r in run_bulk_query(client, "BulkCustomers")]
    assert len(records) == 1
    (download,) = downloads
    assert TOKEN_HEADER.lower() not in {k.lower() for k in download.headers}
    assert all(CANARY_TOKEN not in text for text in log_texts(caplog.records))


def test_redact_headers():
    headers = httpx.Headers({TOKEN_HEADER: CANARY_TOKEN, "Accept": "application/json"})
    redacted = redact_headers(headers)
    assert CANARY_TOKEN not in repr(redacted)
    assert redacted["accept"] == "application/json"
