"""Every demo shop answer carries an RFC 7231 Date header from the backend's clock, which is
also the request's `now` (issue 9: the orders sync's watermark is Shopify's Date)."""

from __future__ import annotations

import datetime as dt
import email.utils

import httpx
import pytest
from demo_http_fakes import TOKEN, gql

from desktop_app.demo_shop import ShopBackend
from desktop_app.demo_shop.server import serve, stop
from desktop_app.demo_shop.shop import DemoShop, http_date

AT = dt.datetime(2026, 5, 1, 12, 0, 7, 900_000, tzinfo=dt.UTC)
QUERY = "{ customers(first: 1) { nodes { id } } }"


@pytest.fixture
def dated(backend):
    backend.clock = lambda: AT
    return backend


def test_http_date_is_the_imf_fixdate_to_the_second():
    assert http_date(AT) == "Fri, 01 May 2026 12:00:07 GMT"
    paris = dt.timezone(dt.timedelta(hours=2))
    assert http_date(AT.astimezone(paris)) == "Fri, 01 May 2026 12:00:07 GMT"


async def test_graphql_answers_are_dated_by_the_backend_clock_also_used_as_now(
        dated, client):
    response = await gql(client, QUERY)
    assert response.status_code == 200
    assert response.headers["Date"] == "Fri, 01 May 2026 12:00:07 GMT"
    assert dated.contexts[-1].now == AT  # the header is never later than what the query saw
    assert email.utils.parsedate_to_datetime(response.headers["Date"]) <= AT


async def test_refusals_and_other_routes_are_dated_too(dated, client):
    unauthorised = await gql(client, QUERY, headers={"X-Shopify-Access-Token": ""})
    assert unauthorised.status_code == 401
    missing = await client.get("/nowhere")
    assert missing.status_code == 404
    token = await client.post("/admin/oauth/access_token", json={"grant_type": "password"})
    assert token.status_code == 400
    for response in (unauthorised, missing, token):
        assert response.headers["Date"] == "Fri, 01 May 2026 12:00:07 GMT"


async def test_the_socket_server_sends_the_same_header(dated):
    shop = DemoShop(dated)
    server, port = await serve(shop, "127.0.0.1", 0)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10,
                                     headers={"X-Shopify-Access-Token": TOKEN}) as http:
            response = await gql(http, QUERY)
        assert response.headers["Date"] == "Fri, 01 May 2026 12:00:07 GMT"
        assert len(response.headers.get_list("Date")) == 1
    finally:
        await stop(server)


def test_the_real_backend_clock_moves_forward_on_demand():
    backend = ShopBackend(clock=lambda: AT)
    try:
        backend.advance_clock(dt.timedelta(minutes=15))
        backend.advance_clock(dt.timedelta(seconds=5))
        assert backend.clock() == AT + dt.timedelta(minutes=15, seconds=5)
        assert DemoShop(backend).server_now() == AT + dt.timedelta(minutes=15, seconds=5)
    finally:
        backend.close()
