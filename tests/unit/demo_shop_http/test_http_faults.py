"""Injected faults, through the in-process transport."""

from __future__ import annotations

import httpx
import pytest
from demo_http_fakes import TOKEN, gql

from desktop_app.demo_shop.faults import ALL_KINDS, DEFAULT_KINDS, Faults
from desktop_app.demo_shop.shop import DemoShop
from desktop_app.demo_shop.transport import DemoShopTransport

CREATE = ('mutation { customerCreate(input: {email: "f@example.com"}) '
          "{ customer { id } userErrors { message } } }")


def client_for(shop: DemoShop) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=DemoShopTransport(shop), base_url="http://demo.test",
                             headers={"X-Shopify-Access-Token": TOKEN})


@pytest.mark.parametrize(
    ("kind", "status", "content_type"),
    [("http_429", 429, "application/json"), ("http_500", 500, "application/json"),
     ("http_502", 502, "text/html"), ("http_503", 503, "text/html")],
)
async def test_http_faults_fail_before_the_mutation_runs(shop, backend, kind, status, content_type):
    shop.faults.force(kind)
    before = len(backend.customers)
    async with client_for(shop) as http:
        response = await gql(http, CREATE)
        assert response.status_code == status
        assert response.headers["content-type"].startswith(content_type)
        assert backend.executions == 0 and len(backend.customers) == before
        if kind == "http_429":
            assert response.headers["Retry-After"] == "2.0"
        # Only the forced request failed.
        assert (await gql(http, CREATE)).status_code == 200
    assert len(backend.customers) == before + 1


async def test_dropped_connection_raises_and_nothing_ran(shop, backend):
    shop.faults.force("drop", count=2)
    async with client_for(shop) as http:
        for _ in range(2):
            with pytest.raises(httpx.RemoteProtocolError):
                await gql(http, CREATE)
        assert backend.executions == 0
        assert (await gql(http, CREATE)).status_code == 200


async def test_drop_after_execute_applies_the_mutation(shop, backend):
    before = len(backend.customers)
    shop.faults.force("drop_after_execute")
    async with client_for(shop) as http:
        with pytest.raises(httpx.RemoteProtocolError):
            await gql(http, CREATE)
    assert len(backend.customers) == before + 1


async def test_slow_answer_waits_then_answers(shop, clock):
    shop.faults.force("slow")
    async with client_for(shop) as http:
        response = await gql(http, "{ shop { name } }")
    assert response.status_code == 200
    assert clock.sleeps == [shop.faults.slow_s]


async def test_latency_is_added_to_every_answer(backend, clock):
    shop = DemoShop(backend, clock=clock, sleep=clock.sleep, latency_ms=150)
    shop.faults.force("http_503")
    async with client_for(shop) as http:
        await gql(http, "{ shop { name } }")
        await gql(http, "{ shop { name } }")
    assert clock.sleeps == [pytest.approx(0.15), pytest.approx(0.15)]


async def test_throttled_fault_is_a_graphql_error(shop, backend):
    shop.faults.force("throttled")
    async with client_for(shop) as http:
        response = await gql(http, "{ shop { name } }")
    assert response.status_code == 200
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "THROTTLED"
    assert body["extensions"]["cost"]["actualQueryCost"] is None
    assert "data" not in body and backend.executions == 0


async def test_random_faults_are_deterministic_and_near_the_rate(backend, clock):
    def sequence(seed: int) -> list[str | None]:
        faults = Faults(rate=0.2, seed=seed)
        return [faults.roll() for _ in range(2000)]

    first, again, other = sequence(5), sequence(5), sequence(6)
    assert first == again
    assert first != other
    failed = [k for k in first if k is not None]
    assert 0.17 < len(failed) / len(first) < 0.23
    assert set(failed) == set(DEFAULT_KINDS)  # every default kind shows up...
    assert "drop_after_execute" not in failed  # ...and this one only when asked for


async def test_forcing_does_not_shift_the_random_sequence():
    plain = Faults(rate=0.5, seed=3)
    forced = Faults(rate=0.5, seed=3)
    forced.force("http_500")
    assert forced.roll() == "http_500"
    plain.roll()
    assert [plain.roll() for _ in range(50)] == [forced.roll() for _ in range(50)]


async def test_fault_rate_through_the_shop(backend, clock):
    shop = DemoShop(backend, clock=clock, sleep=clock.sleep, fault_rate=0.5, seed=1,
                    fault_kinds=["http_500", "drop"])
    outcomes = []
    async with client_for(shop) as http:
        for _ in range(60):
            try:
                outcomes.append((await gql(http, "{ shop { name } }")).status_code)
            except httpx.RemoteProtocolError:
                outcomes.append("drop")
    assert {200, 500, "drop"} == set(outcomes)
    assert shop.stats["fault_http_500"] + shop.stats["fault_drop"] == outcomes.count(500) + outcomes.count("drop")


def test_bad_settings_are_refused():
    with pytest.raises(ValueError):
        Faults(rate=1.5)
    with pytest.raises(ValueError):
        Faults(rate=0.1, kinds=["meteor"])
    with pytest.raises(ValueError):
        Faults().force("meteor")
    assert set(ALL_KINDS) - set(DEFAULT_KINDS) == {"drop_after_execute"}
