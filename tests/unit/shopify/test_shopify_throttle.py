"""Cost pacing: the client waits for points instead of being THROTTLED."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from shopify_fakes import FakeTime, answer, body_of, cost, throttled
from desktop_app.shopify.operations import Operation
from desktop_app.shopify.throttle import CostThrottle, ThrottleStatus

# 2 + first x 1: with first=250 the requested cost is 252.
IDS = Operation.from_text(
    "query Ids($first: Int!) { customers(first: $first) { nodes { id } } }"
)


class BucketShop:
    """A fake shop with Shopify's leaky bucket on the test's clock: THROTTLED if overdrawn."""

    def __init__(self, clock: FakeTime, available: float, maximum: float, rate: float) -> None:
        self.clock = clock
        self.available = available
        self.maximum = maximum
        self.rate = rate
        self.at = clock()
        self.throttled = 0
        self.calls = 0
        self.charge_actual: float | None = None
        self.latency = 0.0

    def _level(self) -> float:
        return min(self.maximum, self.available + (self.clock() - self.at) * self.rate)

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        first = body_of(request)["variables"].get("first", 0)
        requested = 2 + first
        level = self._level()
        self.at = self.clock()
        if level < requested - 1e-9:
            self.available = level
            self.throttled += 1
            return throttled(requested=requested, available=level, rate=self.rate)
        actual = requested if self.charge_actual is None else self.charge_actual
        self.available = level - actual
        # Executing takes time; the level reported is the one when the answer leaves.
        self.clock.now += self.latency
        return answer(
            {"customers": {"nodes": []}},
            extensions=cost(requested, actual, self._level(), self.maximum, self.rate),
        )


async def test_waits_for_missing_points_before_sending(make_client, fake_time):
    shop = BucketShop(fake_time, available=50, maximum=1000, rate=100)
    client = make_client(shop)
    client.throttle.release(0, ThrottleStatus(maximum=1000, available=50, restore_rate=100))
    await client.execute(IDS, {"first": 250})
    assert fake_time.sleeps == [pytest.approx(2.02)]
    assert shop.throttled == 0
    assert client.stats.throttle_wait == pytest.approx(2.02)


async def test_first_call_is_optimistic_then_learns_from_the_answer(make_client, fake_time):
    shop = BucketShop(fake_time, available=300, maximum=1000, rate=100)
    client = make_client(shop)
    await client.execute(IDS, {"first": 250})  # nothing known yet: no wait
    assert fake_time.sleeps == []
    assert client.throttle.restore_rate == 100 and client.throttle.maximum == 1000
    await client.execute(IDS, {"first": 250})  # 48 left, needs 252: waits 2.04 s
    assert fake_time.sleeps == [pytest.approx(2.04)]
    assert shop.throttled == 0


async def test_long_run_never_throttled_and_paced_at_restore_rate(make_client, fake_time):
    shop = BucketShop(fake_time, available=1000, maximum=1000, rate=50)
    client = make_client(shop)
    started = fake_time()
    for _ in range(40):
        await client.execute(IDS, {"first": 250})
    assert shop.throttled == 0 and shop.calls == 40
    # 40 x 252 points from a full bucket of 1000 at 50/s: at least (10080 - 1000) / 50 s
    elapsed = fake_time() - started
    assert elapsed == pytest.approx((40 * 252 - 1000 - 252) / 50, rel=0.05)


async def test_slow_answers_are_not_mistaken_for_earlier_readings(make_client, fake_time):
    shop = BucketShop(fake_time, available=1000, maximum=1000, rate=100)
    shop.latency = 0.05  # 5 points restored while the shop works
    client = make_client(shop)
    for _ in range(15):
        await client.execute(IDS, {"first": 250})
    assert shop.throttled == 0


async def test_refunds_are_used_actual_cost_below_requested(make_client, fake_time):
    shop = BucketShop(fake_time, available=1000, maximum=1000, rate=50)
    shop.charge_actual = 12  # pages far smaller than asked for
    client = make_client(shop)
    for _ in range(20):
        await client.execute(IDS, {"first": 250})
    assert fake_time.sleeps == [] and shop.throttled == 0
    assert client.stats.points_requested == 20 * 252
    assert client.stats.points_actual == 20 * 12


async def test_concurrent_callers_share_the_bucket(make_client, fake_time):
    shop = BucketShop(fake_time, available=1000, maximum=1000, rate=100)
    client = make_client(shop)
    await client.execute(IDS, {"first": 250})  # learn the bucket: 748 left
    await asyncio.gather(*(client.execute(IDS, {"first": 250}) for _ in range(6)))
    assert shop.throttled == 0
    # 6 x 252 = 1512 points from 748: 764 points to wait for at 100/s
    assert sum(fake_time.sleeps) == pytest.approx(7.64, abs=0.05)


async def test_throttled_answer_updates_model_and_retry_waits(make_client, fake_time):
    shop = BucketShop(fake_time, available=10, maximum=1000, rate=100)
    client = make_client(shop)
    await client.execute(IDS, {"first": 250})  # optimistic first call is THROTTLED once
    assert shop.throttled == 1
    assert fake_time.sleeps == [pytest.approx(2.42)]  # (252 - 10) / 100
    assert client.stats.throttled == 1 and client.stats.retries == 1


async def test_cost_above_bucket_waits_for_a_full_bucket_only():
    clock = FakeTime()
    throttle = CostThrottle(clock=clock, sleep=clock.sleep)
    throttle.release(0, ThrottleStatus(maximum=100, available=0, restore_rate=10))
    waited = await throttle.acquire(500)
    assert waited == pytest.approx(10.0)


async def test_clock_elapsed_time_refills():
    clock = FakeTime()
    throttle = CostThrottle(clock=clock, sleep=clock.sleep)
    throttle.release(0, ThrottleStatus(maximum=1000, available=0, restore_rate=100))
    clock.now += 3  # 300 points restored meanwhile
    assert throttle.available_now() == pytest.approx(300)
    assert await throttle.acquire(252) == 0
    assert throttle.available_now() == pytest.approx(48)


def test_status_parsing():
    assert ThrottleStatus.from_extensions(cost(available=5, maximum=10, rate=2)) == ThrottleStatus(
        maximum=10, available=5, restore_rate=2
    )
    assert ThrottleStatus.from_extensions(None) is None
    assert ThrottleStatus.from_extensions({"cost": {"throttleStatus": {}}}) is None


# -- impossible readings (issue 15: a hostile or broken server must not make us wait forever)

ABSURD = (
    {"maximum": 1e12, "available": -1e12, "rate": 1e-6},   # the reliability review's reading
    {"maximum": 2000, "available": 0, "rate": 1e-6},       # a rate no bucket has
    {"maximum": 2000, "available": float("nan"), "rate": 100},
    {"maximum": float("inf"), "available": 0, "rate": 100},
    {"maximum": 2000, "available": 1e9, "rate": 100},      # more than the bucket holds
)


@pytest.mark.parametrize("reading", ABSURD)
def test_impossible_readings_are_ignored(reading):
    extensions = cost(requested=100, actual=None, available=reading["available"],
                      maximum=reading["maximum"], rate=reading["rate"])
    assert ThrottleStatus.from_extensions(extensions) is None


def test_real_readings_are_kept():
    status = ThrottleStatus.from_extensions(cost(available=0, maximum=2000, rate=100))
    assert status == ThrottleStatus(maximum=2000, available=0, restore_rate=100)


@pytest.mark.parametrize("reading", ABSURD[:2])
async def test_absurd_throttled_answers_end_within_bounds(make_client, fake_time, reading):
    """Always THROTTLED with an absurd reading: the client gives up after its attempts, having
    waited minutes at most (it slept without bound on the first reading before)."""
    def always_throttled(request: httpx.Request) -> httpx.Response:
        return answer(
            errors=[{"message": "Throttled", "extensions": {"code": "THROTTLED"}}],
            extensions=cost(requested=100, actual=None, available=reading["available"],
                            maximum=reading["maximum"], rate=reading["rate"]),
        )

    client = make_client(always_throttled)
    from desktop_app.errors import ThrottledError

    with pytest.raises(ThrottledError):
        await client.execute(IDS, {"first": 10})
    assert client.stats.attempts == client.policy.max_attempts
    assert sum(fake_time.sleeps) <= client.policy.max_attempts * 60


async def test_one_wait_for_points_is_capped(fake_time):
    """A believable but slow bucket (1 point/s, 2,000 missing) never makes one wait over
    MAX_WAIT."""
    from desktop_app.shopify.throttle import MAX_WAIT

    throttle = CostThrottle(clock=fake_time, sleep=fake_time.sleep)
    throttle.release(0, ThrottleStatus(maximum=2000, available=0, restore_rate=1))
    waited = await throttle.acquire(2000)
    throttle.release(2000, None)
    assert waited == MAX_WAIT
    assert fake_time.sleeps == [MAX_WAIT]
