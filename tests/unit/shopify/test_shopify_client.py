"""ShopifyClient.execute: requests, errors, retries, bounds, redirects, version warning."""

from __future__ import annotations

import logging

import httpx
import pytest

from shopify_fakes import TOKEN, Recorder, answer, body_of, cost, throttled
from desktop_app import SHOPIFY_API_VERSION
from desktop_app.errors import (
    AccessDeniedError,
    OutcomeUnknownError,
    ShopUnavailableError,
    AuthError,
    GraphQLError,
    MaxCostExceededError,
    NetworkError,
    ShopAddressError,
    ShopifyError,
    ThrottledError,
)
from desktop_app.shopify.client import TOKEN_HEADER
from desktop_app.shopify.operations import Operation
from desktop_app.shopify.retry import RetryPolicy, parse_retry_after

SHOP = {"shop": {"name": "Demo"}}
CUSTOMER_CREATE = "CustomerCreate"
CREATE_VARS = {"input": {"email": "a@example.com"}}


async def test_sends_document_variables_and_token(make_client):
    handler = Recorder(answer(SHOP))
    client = make_client(handler)
    data = await client.execute("ShopInfo")
    assert data == SHOP
    (request,) = handler.requests
    assert str(request.url) == f"https://demo-shop.myshopify.com/admin/api/{SHOPIFY_API_VERSION}/graphql.json"
    assert request.headers[TOKEN_HEADER] == TOKEN
    body = body_of(request)
    assert body["operationName"] == "ShopInfo"
    assert body["query"].lstrip().startswith("#")
    assert body["variables"] == {}
    assert client.stats.requests == 1 and client.stats.attempts == 1


async def test_string_operations_are_names_not_query_text(make_client):
    client = make_client(Recorder(answer(SHOP)))
    with pytest.raises(ValueError):
        await client.execute("query { shop { name } }")


@pytest.mark.parametrize(
    "failure",
    [
        answer(status=500),
        answer(status=502),
        answer(status=503),
        answer(status=504),
        httpx.ReadTimeout("slow"),
        httpx.ConnectTimeout("slow"),
        httpx.ConnectError("refused"),
        httpx.RemoteProtocolError("dropped"),
        httpx.ReadError("reset"),
        answer(errors=[{"message": "Internal error", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]),
    ],
    ids=lambda f: getattr(f, "status_code", None) or type(f).__name__,
)
async def test_transient_failures_are_retried_for_queries(make_client, fake_time, failure):
    handler = Recorder(failure, failure, answer(SHOP))
    client = make_client(handler)
    assert await client.execute("ShopInfo") == SHOP
    assert len(handler.requests) == 3
    assert client.stats.retries == 2 and client.stats.attempts == 3
    # full jitter: each wait within [0, base * 2^(n-1)]
    assert len(fake_time.sleeps) == 2
    assert 0 <= fake_time.sleeps[0] <= 0.5 and 0 <= fake_time.sleeps[1] <= 1.0


async def test_gives_up_after_max_attempts_with_clear_message(make_client, fake_time):
    handler = Recorder(answer(status=503))
    client = make_client(handler)
    with pytest.raises(NetworkError) as caught:
        await client.execute("ShopInfo")
    assert str(caught.value) == "Shopify did not answer after 6 attempts: HTTP 503"
    assert len(handler.requests) == 6
    assert len(fake_time.sleeps) == 5
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


async def test_max_attempts_is_configurable(make_client):
    handler = Recorder(httpx.ReadTimeout("slow"))
    client = make_client(handler, max_attempts=2)
    with pytest.raises(NetworkError, match="after 2 attempts"):
        await client.execute("ShopInfo")
    assert len(handler.requests) == 2


async def test_429_honours_fractional_retry_after(make_client, fake_time):
    handler = Recorder(answer(status=429, headers={"Retry-After": "1.5"}), answer(SHOP))
    client = make_client(handler)
    assert await client.execute("ShopInfo") == SHOP
    assert fake_time.sleeps == [1.5]
    assert client.stats.throttled == 1


async def test_throttled_waits_for_the_missing_points(make_client, fake_time):
    handler = Recorder(throttled(requested=100, available=40, rate=50), answer(SHOP))
    client = make_client(handler)
    assert await client.execute("ShopInfo") == SHOP
    # (requested - available) / restoreRate = 60 / 50
    assert fake_time.sleeps == [pytest.approx(1.2)]
    assert client.stats.throttled == 1 and client.stats.retries == 1


async def test_persistent_throttling_ends_in_throttled_error(make_client):
    handler = Recorder(throttled())
    client = make_client(handler)
    with pytest.raises(ThrottledError, match="after 6 attempts"):
        await client.execute("ShopInfo")
    assert len(handler.requests) == 6


@pytest.mark.parametrize(
    ("response", "error", "text"),
    [
        (answer(status=401), AuthError, "401"),
        (answer(status=403), AuthError, "403"),
        (answer(status=402), ShopUnavailableError, "frozen"),
        (answer(status=423), ShopUnavailableError, "locked"),
        (answer(status=404), ShopifyError, "404"),
        (answer(errors=[{"message": "bad"}], status=400), GraphQLError, "400"),
        (
            answer(errors=[{"message": "Field 'bogus' doesn't exist on type 'Shop'",
                            "extensions": {"code": "undefinedField"}}]),
            GraphQLError,
            "bogus",
        ),
        (
            answer(errors=[{"message": "Query cost is 1502, which exceeds the single query max "
                            "cost limit (1000).", "extensions": {"code": "MAX_COST_EXCEEDED",
                            "cost": 1502, "maxCost": 1000}}]),
            MaxCostExceededError,
            "1502",
        ),
        (
            answer(
                data={"shop": None},
                errors=[{"message": "Access denied for customers field. Required access: "
                         "`read_customers` access scope.", "extensions": {"code": "ACCESS_DENIED"}}],
            ),
            AccessDeniedError,
            "read_customers",
        ),
        (
            answer(errors=[{"message": "invalid id", "extensions": {"code": "RESOURCE_NOT_FOUND"}}]),
            GraphQLError,
            "RESOURCE_NOT_FOUND",
        ),
    ],
    ids=["401", "403", "402", "423", "404", "400", "validation", "max-cost", "access", "not-found"],
)
async def test_never_retried(make_client, fake_time, response, error, text):
    handler = Recorder(response, answer(SHOP))
    client = make_client(handler)
    with pytest.raises(error, match=text) as caught:
        await client.execute("ShopInfo")
    assert len(handler.requests) == 1
    assert fake_time.sleeps == []
    assert type(caught.value) is error


async def test_access_denied_names_the_scope(make_client):
    handler = Recorder(
        answer(
            data={"customers": None},
            errors=[{"message": "Access denied for customers field. Required access: "
                     "`read_customers` access scope.", "extensions": {"code": "ACCESS_DENIED"}}],
        )
    )
    with pytest.raises(AccessDeniedError) as caught:
        await make_client(handler).execute("ShopInfo")
    assert caught.value.details["scopes"] == ["read_customers"]


async def test_partial_data_with_errors_raises(make_client):
    handler = Recorder(
        answer(
            data={"shop": {"name": "Demo"}, "currentAppInstallation": None},
            errors=[{"message": "boom", "path": ["currentAppInstallation"]}],
        )
    )
    with pytest.raises(GraphQLError) as caught:
        await make_client(handler).execute("ShopInfo")
    assert caught.value.errors[0]["message"] == "boom"
    assert caught.value.details["partial_data"] is True
    assert "currentAppInstallation" in str(caught.value)


async def test_search_warnings_are_errors(make_client):
    extensions = cost()
    extensions["search"] = [
        {"path": ["customers"], "query": "colour:red", "parsed": {},
         "warnings": [{"field": "colour", "message": "Invalid search field for this query.",
                       "code": "invalid_field"}]}
    ]
    handler = Recorder(answer({"customers": {"nodes": []}}, extensions=extensions))
    with pytest.raises(GraphQLError, match="colour"):
        await make_client(handler).execute("CustomerSearch", {"query": "colour:red"})


async def test_non_idempotent_mutation_5xx_is_unknown_outcome_and_not_repeated(make_client):
    handler = Recorder(answer(status=503), answer({"customerCreate": {}}))
    client = make_client(handler)
    with pytest.raises(NetworkError) as caught:
        await client.execute(CUSTOMER_CREATE, CREATE_VARS)
    assert len(handler.requests) == 1
    assert caught.value.details["outcome_unknown"] is True
    assert isinstance(caught.value, OutcomeUnknownError)
    assert "unknown" in str(caught.value) and "CustomerCreate" in str(caught.value)


@pytest.mark.parametrize(
    "failure",
    [httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("dropped"), answer(status=500)],
    ids=["timeout", "dropped", "500"],
)
async def test_non_idempotent_mutation_unknown_failures_not_repeated(make_client, failure):
    handler = Recorder(failure, answer({"customerCreate": {}}))
    with pytest.raises(NetworkError, match="unknown"):
        await make_client(handler).execute(CUSTOMER_CREATE, CREATE_VARS)
    assert len(handler.requests) == 1


@pytest.mark.parametrize(
    "failure",
    [answer(status=429, headers={"Retry-After": "2"}), throttled(), httpx.ConnectError("refused")],
    ids=["429", "THROTTLED", "refused"],
)
async def test_mutation_retried_when_provably_not_processed(make_client, failure):
    payload = {"customerCreate": {"customer": {"id": "gid://shopify/Customer/1"}, "userErrors": []}}
    handler = Recorder(failure, answer(payload))
    assert await make_client(handler).execute(CUSTOMER_CREATE, CREATE_VARS) == payload
    assert len(handler.requests) == 2


async def test_idempotent_mutation_is_retried_after_5xx(make_client):
    payload = {"customerUpdate": {"customer": {"id": "gid://shopify/Customer/1"}, "userErrors": []}}
    handler = Recorder(answer(status=502), answer(payload))
    update = {"input": {"id": "gid://shopify/Customer/1", "note": "x"}}
    assert await make_client(handler).execute("CustomerUpdate", update) == payload
    assert len(handler.requests) == 2


async def test_user_errors_are_returned_not_raised(make_client):
    payload = {"customerCreate": {"customer": None,
                                  "userErrors": [{"field": ["email"], "message": "Email is invalid"}]}}
    client = make_client(Recorder(answer(payload)))
    assert await client.execute(CUSTOMER_CREATE, CREATE_VARS) == payload


async def test_redirect_is_refused_and_not_followed(make_client):
    handler = Recorder(
        httpx.Response(301, headers={"Location": "https://evil.example/steal"}), answer(SHOP)
    )
    with pytest.raises(ShopAddressError, match="redirect"):
        await make_client(handler).execute("ShopInfo")
    assert [r.url.host for r in handler.requests] == ["demo-shop.myshopify.com"]


async def test_version_mismatch_warns_once(make_client, caplog):
    handler = Recorder(answer(SHOP, headers={"X-Shopify-API-Version": "2026-10"}))
    client = make_client(handler)
    with caplog.at_level(logging.WARNING, logger="desktop_app.shopify.client"):
        await client.execute("ShopInfo")
        await client.execute("ShopInfo")
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "2026-10" in warnings[0].getMessage() and SHOPIFY_API_VERSION in warnings[0].getMessage()


async def test_same_version_does_not_warn(make_client, caplog):
    handler = Recorder(answer(SHOP, headers={"X-Shopify-API-Version": SHOPIFY_API_VERSION}))
    with caplog.at_level(logging.WARNING):
        await make_client(handler).execute("ShopInfo")
    assert caplog.records == []


async def test_stats_sum_cost(make_client):
    handler = Recorder(
        answer(SHOP, extensions=cost(requested=5, actual=3)),
        answer(SHOP, extensions=cost(requested=5, actual=4)),
    )
    client = make_client(handler)
    await client.execute("ShopInfo")
    await client.execute("ShopInfo")
    stats = client.stats.as_dict()
    assert stats["points_requested"] == 10 and stats["points_actual"] == 7
    assert stats["requests"] == 2 and stats["retries"] == 0


async def test_no_data_and_no_errors_is_an_error(make_client):
    with pytest.raises(GraphQLError, match="without data"):
        await make_client(Recorder(answer())).execute("ShopInfo")


async def test_unreadable_200_is_retried_then_network_error(make_client):
    handler = Recorder(httpx.Response(200, content=b"<html>oops"))
    with pytest.raises(NetworkError, match="unreadable"):
        await make_client(handler, max_attempts=3).execute("ShopInfo")
    assert len(handler.requests) == 3


async def test_accepts_operation_objects(make_client):
    op = Operation.from_text("query Mini { shop { name } }")
    handler = Recorder(answer(SHOP))
    assert await make_client(handler).execute(op) == SHOP
    assert body_of(handler.requests[0])["operationName"] == "Mini"


async def test_context_manager_closes(fake_time):
    from desktop_app.shopify.address import ShopAddress
    from desktop_app.shopify.auth import StaticToken
    from desktop_app.shopify.client import ShopifyClient

    async def token() -> str:
        return TOKEN

    async with ShopifyClient(
        ShopAddress.loopback(), StaticToken(token), transport=httpx.MockTransport(Recorder(answer(SHOP)))
    ) as client:
        assert await client.execute("ShopInfo") == SHOP
    assert client.http.is_closed


def test_backoff_is_full_jitter_and_capped():
    import random

    policy = RetryPolicy(rng=random.Random(1))
    for attempt in range(1, 12):
        ceiling = min(30.0, 0.5 * 2 ** (attempt - 1))
        delays = [policy.backoff(attempt) for _ in range(200)]
        assert all(0 <= d <= ceiling for d in delays)
        assert max(delays) > ceiling * 0.8  # really spread over the range
    with pytest.raises(ValueError):
        RetryPolicy(max_attempts=0)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("2", 2.0), ("0.25", 0.25), (" 1.5 ", 1.5), ("-3", 0.0), ("soon", None), (None, None),
     ("nan", None)],
)
def test_parse_retry_after(value, seconds):
    assert parse_retry_after(value) == seconds


def test_parse_retry_after_http_date():
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
