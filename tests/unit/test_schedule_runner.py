"""`sync.schedule.ScheduleRunner` (what `shop-sync scheduler` runs) and the claims of
`store.schedules`, on the real `SyncService` with stand-in jobs and a real SQLite file.

The clock is the real one plus an offset the test moves: the history's runs are stamped with
the real time, so the schedules' anchors and the runner's "now" stay comparable.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from desktop_app.errors import AuthError
from desktop_app.store import schedules, shops
from desktop_app.store.models import utc_now
from desktop_app.store.runs import RunFilter, RunRow, find_runs
from desktop_app.sync.results import Resource
from desktop_app.sync.schedule import ScheduleRunner, add_schedule
from desktop_app.sync.service import SyncService


class Clock:
    def __init__(self) -> None:
        self.offset = dt.timedelta()

    def __call__(self) -> dt.datetime:
        return utc_now() + self.offset


@pytest.fixture
def shop(db):
    shops.create_shop("MAIN", is_demo=True)
    return "MAIN"


@pytest.fixture
async def make_service(tmp_path):
    made: list[SyncService] = []

    def make(jobs) -> SyncService:
        made.append(SyncService(vault=None, data_dir=tmp_path, jobs=jobs, lock_wait=2.0))
        return made[-1]

    yield make
    for service in made:
        await service.aclose()


def _runs(resource: str = "customers") -> list[RunRow]:
    return find_runs(RunFilter(shop="MAIN", resource=resource))


async def test_due_at_once_then_every_interval(shop, make_service):
    calls = []

    async def job(ctx) -> None:
        calls.append(ctx.shop_code)
        ctx.result.updated = 1

    clock = Clock()
    runner = ScheduleRunner(make_service({Resource.CUSTOMERS: job}), clock=clock)
    add_schedule("MAIN", "customers", 15)
    [outcome] = await runner.run_due()
    assert (outcome.status, outcome.result.updated) == ("ok", 1)
    assert await runner.run_due() == []
    clock.offset = dt.timedelta(minutes=14, seconds=50)
    assert await runner.run_due() == []
    clock.offset = dt.timedelta(minutes=15, seconds=1)
    assert [o.status for o in await runner.run_due()] == ["ok"]
    assert len(calls) == 2 and len(_runs()) == 2
    [row] = schedules.list_schedules()
    assert row.note == "ok" and row.claimed_by.startswith("scheduler, process ")


async def test_a_stale_due_schedule_is_run_once_by_two_schedulers(shop, make_service):
    """Two schedulers (two processes) read the schedule as due; the first runs it; the
    second, still holding what it read, must not run it again: its claim fails."""
    calls = []

    async def job(ctx) -> None:
        calls.append(ctx.shop_code)

    first = ScheduleRunner(make_service({Resource.CUSTOMERS: job}), who="first")
    second = ScheduleRunner(make_service({Resource.CUSTOMERS: job}), who="second")
    add_schedule("MAIN", "customers", 15)
    [seen] = schedules.list_schedules()
    assert (await first.run_one(seen)).status == "ok"
    assert await second.run_one(seen) is None  # claimed by the first: not run twice
    assert len(calls) == 1 and len(_runs()) == 1
    assert schedules.list_schedules()[0].claimed_by == "first"


async def test_claims_are_exclusive_and_a_released_claim_is_due_again(shop):
    add_schedule("MAIN", "customers", 15)
    [seen] = schedules.list_schedules()
    now = utc_now()
    assert schedules.claim(seen, now, "one") is True
    assert schedules.claim(seen, now, "two") is False
    assert not schedules.list_schedules()[0].is_due(now)
    assert schedules.release_claim(seen, now) is True
    assert schedules.list_schedules()[0].is_due(now)
    assert schedules.claim(seen, now, "two") is True


async def test_a_busy_shop_is_skipped_and_stays_due(shop, make_service, tmp_path):
    from desktop_app.sync.process_lock import ProcessLock

    async def job(ctx) -> None:
        raise AssertionError("must not run while another process syncs the shop")

    runner = ScheduleRunner(make_service({Resource.CUSTOMERS: job}))
    add_schedule("MAIN", "customers", 15)
    other = ProcessLock(tmp_path / ".sync-MAIN.lock")
    assert other.try_acquire("sync orders")
    try:
        [outcome] = await runner.run_due()
    finally:
        other.release()
    assert outcome.status == "skipped" and "sync orders" in outcome.message
    [row] = schedules.list_schedules()
    assert row.is_due(utc_now()) and row.note.startswith("skipped: shop MAIN was busy")
    assert _runs() == []


async def test_a_failure_before_the_run_is_recorded_is_a_failed_run(shop, make_service):
    service = make_service({})  # this build cannot sync customers: refused before a run
    runner = ScheduleRunner(service)
    schedules.set_schedule("MAIN", "customers", 15)
    [outcome] = await runner.run_due()
    assert outcome.status == "failed" and "not available" in outcome.message
    [run] = _runs()
    assert run.status == "failed" and "not available" in run.message
    assert not schedules.list_schedules()[0].is_due(utc_now())  # not retried every look


async def test_a_failed_run_keeps_its_reason(shop, make_service):
    async def job(ctx) -> None:
        raise AuthError("Shopify refused the access token")

    runner = ScheduleRunner(make_service({Resource.CUSTOMERS: job}))
    add_schedule("MAIN", "customers", 15)
    [outcome] = await runner.run_due()
    assert outcome.status == "failed"
    [run] = _runs()  # recorded once, by the service
    assert (run.status, run.message) == ("failed", "Shopify refused the access token")
    assert schedules.list_schedules()[0].note == "failed: Shopify refused the access token"


async def test_run_until_stops_a_running_sync_when_told(shop, make_service):
    started = asyncio.Event()

    async def job(ctx) -> None:
        started.set()
        await asyncio.sleep(3600)

    runner = ScheduleRunner(make_service({Resource.CUSTOMERS: job}))
    add_schedule("MAIN", "customers", 15)
    stop = asyncio.Event()
    task = asyncio.ensure_future(runner.run_until(stop, tick_seconds=1))
    await asyncio.wait_for(started.wait(), 10)
    stop.set()
    await asyncio.wait_for(task, 5)
    [run] = _runs()
    assert run.status == "cancelled"
    assert schedules.list_schedules()[0].note.startswith("cancelled")


async def test_a_single_look_is_cancelled_when_told_to_stop(shop, make_service):
    """`scheduler --once` stopped by SIGTERM or Ctrl+C: its sync is cancelled and recorded."""
    started = asyncio.Event()

    async def job(ctx) -> None:
        started.set()
        await asyncio.sleep(3600)

    runner = ScheduleRunner(make_service({Resource.CUSTOMERS: job}))
    add_schedule("MAIN", "customers", 15)
    stop = asyncio.Event()
    look = asyncio.ensure_future(runner.run_once_unless(stop))
    await asyncio.wait_for(started.wait(), 10)
    stop.set()
    assert await asyncio.wait_for(look, 5) is False
    assert [r.status for r in _runs()] == ["cancelled"]
    # Not stopped: the look completes.
    add_schedule("MAIN", "customers", 60)
    assert await runner.run_once_unless(asyncio.Event()) is True
