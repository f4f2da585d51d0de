"""ShopifyClient.last_server_time: Shopify's clock from each answer's HTTP Date header."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from shopify_fakes import Recorder, answer
from desktop_app.errors import GraphQLError
from desktop_app.shopify.client import server_time

SHOP = {"shop": {"name": "Demo"}}
DATE = "Fri, 01 May 2026 12:00:07 GMT"
AT = dt.datetime(2026, 5, 1, 12, 0, 7, tzinfo=dt.UTC)


def test_the_date_header_less_its_precision_and_the_round_trip():
    assert server_time(DATE) == AT - dt.timedelta(seconds=1)
    assert server_time(DATE, 0.25) == AT - dt.timedelta(seconds=1.25)
    assert server_time("Fri, 01 May 2026 14:00:07 +0200") == AT - dt.timedelta(seconds=1)
    assert server_time("Fri, 01 May 2026 12:00:07 -0000") == AT - dt.timedelta(seconds=1)


def test_no_or_an_unreadable_date_header_gives_none():
    assert server_time(None) is None
    assert server_time("") is None
    assert server_time("yesterday, around noon") is None


async def test_each_successful_answer_sets_it_and_one_without_a_date_clears_it(
        make_client, fake_time):
    def slow_answer(request: httpx.Request) -> httpx.Response:
        fake_time.now += 0.5  # the round trip, on the client's clock
        return answer(SHOP, headers={"Date": DATE})

    handler = Recorder(slow_answer, answer(SHOP), answer(SHOP))
    client = make_client(handler)
    assert client.last_server_time is None
    await client.execute("ShopInfo")
    assert client.last_server_time == AT - dt.timedelta(seconds=1.5)
    await client.execute("ShopInfo")  # no Date header: the old value must not stay
    assert client.last_server_time is None


async def test_a_failed_answer_leaves_the_last_successful_one(make_client):
    handler = Recorder(answer(SHOP, headers={"Date": DATE}),
                       answer(errors=[{"message": "bad", "extensions": {"code": "X"}}],
                              headers={"Date": "Fri, 01 May 2026 13:00:00 GMT"}))
    client = make_client(handler)
    await client.execute("ShopInfo")
    with pytest.raises(GraphQLError):
        await client.execute("ShopInfo")
    assert client.last_server_time == AT - dt.timedelta(seconds=1)
