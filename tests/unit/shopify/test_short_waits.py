"""SHOP_SYNC_TEST_WAIT_SCALE (shopify/retry.py): the test suite's factor on the waits the
client picks by itself (the first wait between bulk status polls, the jittered back-off);
never on the shop's hints. Unset or invalid, nothing changes."""

from __future__ import annotations

import logging

import pytest
from shopify_fakes import Recorder, answer, throttled
from test_shopify_bulk import BulkShop

from desktop_app.shopify.bulk import run_bulk_query
from desktop_app.shopify.retry import TEST_WAIT_SCALE_ENV, RetryPolicy, wait_scale

SHOP = {"shop": {"name": "Demo"}}


@pytest.mark.parametrize(("value", "scale"), [
    (None, 1.0), ("", 1.0), ("0.05", 0.05), (" 0.5 ", 0.5), ("1", 1.0), ("0.01", 0.01)])
def test_the_scale_read_from_the_variable(monkeypatch, value, scale):
    if value is None:
        monkeypatch.delenv(TEST_WAIT_SCALE_ENV, raising=False)
    else:
        monkeypatch.setenv(TEST_WAIT_SCALE_ENV, value)
    assert wait_scale() == scale


@pytest.mark.parametrize("value", ["fast", "0", "0.001", "-0.5", "2", "nan", "inf"])
def test_a_value_out_of_range_is_ignored_and_logged(monkeypatch, caplog, value):
    monkeypatch.setenv(TEST_WAIT_SCALE_ENV, value)
    with caplog.at_level(logging.WARNING, logger="desktop_app.shopify.retry"):
        assert wait_scale() == 1.0
    assert TEST_WAIT_SCALE_ENV in caplog.text and "ignored" in caplog.text


async def test_bulk_polls_start_at_the_scaled_wait(monkeypatch, make_client, fake_time):
    """Control: test_shopify_bulk.test_happy_path, unset, waits 1.0, 1.5, 2.25."""
    monkeypatch.setenv(TEST_WAIT_SCALE_ENV, "0.05")
    shop = BulkShop(["CREATED", "RUNNING", "RUNNING", "COMPLETED"])
    records = [r async for r in run_bulk_query(make_client(shop), "BulkCustomers")]
    assert len(records) == 3 and shop.polls == 4
    assert fake_time.sleeps == pytest.approx([0.05, 0.075, 0.1125])


@pytest.mark.parametrize(("value", "ceiling"), [(None, 0.5), ("0.05", 0.025)])
async def test_the_back_off_is_scaled(monkeypatch, make_client, fake_time, value, ceiling):
    """A 500 then an answer: one jittered wait, at most the (scaled) first ceiling."""
    if value is None:
        monkeypatch.delenv(TEST_WAIT_SCALE_ENV, raising=False)
    else:
        monkeypatch.setenv(TEST_WAIT_SCALE_ENV, value)
    client = make_client(Recorder(answer(status=500), answer(SHOP)))
    assert client.policy.base == pytest.approx(ceiling) and client.policy.cap == RetryPolicy.cap
    assert await client.execute("ShopInfo") == SHOP
    [waited] = fake_time.sleeps
    assert 0 <= waited <= ceiling


@pytest.mark.parametrize(("first", "expected"), [
    (answer(status=429, headers={"Retry-After": "2.0"}), 2.0),
    (throttled(requested=100, available=40, rate=50), 1.2),
], ids=["retry_after", "throttled"])
async def test_the_shops_hints_are_never_scaled(monkeypatch, make_client, fake_time, first,
                                               expected):
    monkeypatch.setenv(TEST_WAIT_SCALE_ENV, "0.05")
    client = make_client(Recorder(first, answer(SHOP)))
    assert await client.execute("ShopInfo") == SHOP
    assert fake_time.sleeps == [pytest.approx(expected)]
