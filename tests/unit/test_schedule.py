"""Recurring syncs: the stored schedules, when each is due, and no second run of a busy shop.

A fake clock drives `Scheduler.tick()` directly (the QTimer is not started) and a fake engine
records the syncs it is asked for; each fake sync stays "running" until the test releases it.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
import shiboken6
from PySide6.QtCore import QObject, Signal

from desktop_app.errors import NotFoundError, StoreError
from desktop_app.store import runs, schedules, shop_removal, shops
from desktop_app.store.models import SyncRun
from desktop_app.store.schedules import SyncSchedule
from desktop_app.sync.results import Resource
from desktop_app.sync.schedule import schedulable_resources
from desktop_app.sync.schedule_timer import Scheduler

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


class FakeEngine(QObject):
    """Records each sync; a sync records a run in the history and waits to be released."""

    finished = Signal(str, str, object)
    failed = Signal(str, str, object)

    def __init__(self, clock: FakeClock) -> None:
        super().__init__()
        self.clock = clock
        self.calls: list[tuple[str, str]] = []
        self.busy_elsewhere: set[str] = set()
        self._gates: dict[str, asyncio.Event] = {}

    def is_busy(self, shop_code: str | None = None) -> bool:
        return shop_code in self.busy_elsewhere or shop_code in self._gates

    async def sync(self, shop_code: str, resource: str) -> None:
        self.calls.append((shop_code, str(resource)))
        run = runs.start_run(shop_code, str(resource))
        SyncRun.update(started_at=self.clock()).where(SyncRun.id == run).execute()
        gate = self._gates[shop_code] = asyncio.Event()
        try:
            await gate.wait()
        finally:
            del self._gates[shop_code]
        runs.finish_run(run, "ok")
        self.finished.emit(shop_code, str(resource), None)

    async def release(self, shop_code: str) -> None:
        for _ in range(20):  # the sync task may not have reached its gate yet
            if shop_code in self._gates:
                break
            await asyncio.sleep(0)
        self._gates[shop_code].set()
        for _ in range(5):  # let the sync and the scheduler's wrapper finish
            await asyncio.sleep(0)


@pytest.fixture
def clock(db) -> FakeClock:
    shops.create_shop("EU", is_demo=True)
    shops.create_shop("US", is_demo=True)
    return FakeClock(T0)


@pytest.fixture
def engine(qapp, clock):
    fake = FakeEngine(clock)
    yield fake
    # A test may put it in a reference cycle (engine.sync = a closure over it): destroy it
    # here, not on whichever thread collects the cycle (tests/qt_loop.py).
    shiboken6.delete(fake)


@pytest.fixture
def scheduler(engine, clock):
    sched = Scheduler(engine, clock=clock)
    yield sched
    for task in list(sched._tasks):
        task.cancel()


def _schedule(shop: str, resource: str, minutes: int, at: dt.datetime) -> None:
    schedules.set_schedule(shop, resource, minutes)
    SyncSchedule.update(updated_at=at, added_at=at).where(
        (SyncSchedule.resource == resource)
        & (SyncSchedule.shop == shops.get_shop(shop).id)
    ).execute()


def test_schedules_are_stored_changed_and_turned_off(db):
    shops.create_shop("EU", is_demo=True)
    assert schedules.list_schedules() == []
    schedules.set_schedule("EU", "customers", 15)
    schedules.set_schedule("EU", "orders", 1440)
    rows = schedules.list_schedules("EU")
    assert [(r.resource, r.interval_minutes, r.last_run_at) for r in rows] == [
        ("customers", 15, None), ("orders", 1440, None)]
    first = rows[0].updated_at
    schedules.set_schedule("EU", "customers", 15)  # unchanged: the next run does not move
    assert schedules.list_schedules("EU")[0].updated_at == first
    schedules.set_schedule("EU", "customers", 60)
    assert schedules.list_schedules("EU")[0].interval_minutes == 60
    schedules.set_schedule("EU", "customers", None)
    assert [r.resource for r in schedules.list_schedules()] == ["orders"]
    schedules.set_schedule("EU", "orders", 7)  # any minutes a script chooses, up to a week
    assert schedules.list_schedules("EU")[0].interval_minutes == 7
    for refused in (-5, 7 * 24 * 60 + 1):  # (0 turns it off)
        with pytest.raises(StoreError):
            schedules.set_schedule("EU", "orders", refused)
    with pytest.raises(NotFoundError):
        schedules.set_schedule("NOPE", "orders", 15)
    shop_removal.delete_shop("EU")
    assert schedules.list_schedules() == []  # cascades with the shop


def test_schedule_model_matches_the_migrated_table(db):
    info = {row[1]: row for row in db.execute_sql("PRAGMA table_info(sync_schedule)")}
    fields = {f.column_name: f for f in SyncSchedule._meta.sorted_fields}
    assert set(info) == set(fields)


def test_last_run_comes_from_the_history(db):
    shops.create_shop("EU", is_demo=True)
    schedules.set_schedule("EU", "customers", 30)
    run = runs.start_run("EU", "customers")
    runs.start_run("EU", "orders")  # another resource: not this schedule's run
    started = SyncRun.get_by_id(run).started_at
    assert schedules.list_schedules()[0].last_run_at == started


async def test_due_at_once_when_added_then_every_interval(scheduler, engine, clock):
    _schedule("EU", "customers", 15, T0)
    scheduler.reload()
    assert scheduler.upcoming().next_run == T0  # ../shared/CLI.md: due as soon as added
    assert scheduler.tick() == [("EU", "customers")]
    await asyncio.sleep(0)
    await engine.release("EU")
    assert scheduler.upcoming().next_run == T0 + dt.timedelta(minutes=15)
    clock.advance(minutes=14, seconds=59)
    assert scheduler.tick() == [] and len(engine.calls) == 1
    clock.advance(seconds=1)
    assert scheduler.tick() == [("EU", "customers")]
    await asyncio.sleep(0)
    assert engine.calls == [("EU", "customers")] * 2
    assert scheduler.running() == [("EU", "customers")]
    await engine.release("EU")
    assert scheduler.running() == []
    # The run just recorded (at T0+15) is the new anchor: due again at T0+30.
    assert scheduler.upcoming().next_run == T0 + dt.timedelta(minutes=30)
    clock.advance(minutes=10)
    assert scheduler.tick() == []
    clock.advance(minutes=5)
    assert scheduler.tick() == [("EU", "customers")]
    await engine.release("EU")
    assert len(engine.calls) == 3


async def test_a_running_shop_is_not_queued_twice(scheduler, engine, clock):
    _schedule("EU", "customers", 5, T0)
    _schedule("EU", "orders", 5, T0)
    _schedule("US", "customers", 5, T0)
    scheduler.reload()
    clock.advance(minutes=5)
    started = scheduler.tick()
    assert sorted(started) == [("EU", "customers"), ("US", "customers")]  # one per shop
    await asyncio.sleep(0)
    clock.advance(minutes=6)  # EU customers still running, EU orders and the rerun both due
    assert scheduler.tick() == []
    assert len(engine.calls) == 2
    await engine.release("EU")
    started = scheduler.tick()  # now EU may run again: orders waited longest
    assert started == [("EU", "orders")]
    await engine.release("EU")
    await engine.release("US")


async def test_busy_shop_is_skipped_and_retried_at_the_next_tick(scheduler, engine, clock):
    _schedule("EU", "customers", 60, T0)
    scheduler.reload()
    skipped = []
    scheduler.run_skipped.connect(lambda shop, res: skipped.append((shop, res)))
    engine.busy_elsewhere.add("EU")  # e.g. the merchant pressed Sync on the Orders tab
    clock.advance(hours=1)
    assert scheduler.tick() == [] and engine.calls == []
    assert skipped == [("EU", "customers")]
    engine.busy_elsewhere.clear()
    clock.advance(seconds=30)
    assert scheduler.tick() == [("EU", "customers")]
    await engine.release("EU")


async def test_a_run_from_elsewhere_moves_the_next_scheduled_one(scheduler, engine, clock):
    _schedule("EU", "customers", 60, T0)
    scheduler.reload()
    clock.advance(minutes=40)
    run = runs.start_run("EU", "customers")  # e.g. `shop-sync sync customers` from cron
    SyncRun.update(started_at=clock()).where(SyncRun.id == run).execute()
    engine.finished.emit("EU", "customers", None)  # the window's engine saw it end
    assert scheduler.upcoming().next_run == T0 + dt.timedelta(minutes=100)
    clock.advance(minutes=30)
    assert scheduler.tick() == []


async def test_a_failing_start_is_not_retried_every_tick(scheduler, engine, clock):
    """A sync that fails before recording a run still counts as an attempt."""

    async def refuse(shop_code, resource):
        engine.calls.append((shop_code, resource))
        engine.failed.emit(shop_code, resource, StoreError("no"))

    engine.sync = refuse
    _schedule("EU", "customers", 15, T0)
    scheduler.reload()
    clock.advance(minutes=15)
    assert scheduler.tick() == [("EU", "customers")]
    await asyncio.sleep(0)
    clock.advance(seconds=30)
    assert scheduler.tick() == []
    assert scheduler.upcoming().next_run == T0 + dt.timedelta(minutes=30)


def test_only_resources_with_a_job_can_be_scheduled():
    resources = schedulable_resources()
    assert Resource.CUSTOMERS in resources
    assert all(isinstance(r, Resource) for r in resources)


async def test_a_shop_another_process_syncs_is_skipped_with_the_reason(engine, clock):
    """The window's scheduler does not wait for a `shop-sync` process syncing the shop."""
    holder: dict[str, str] = {"EU": "process 977 (sync orders), since 08:00:00 UTC"}
    scheduler = Scheduler(engine, clock=clock, lock_holder=holder.get)
    _schedule("EU", "customers", 60, T0)
    skipped = []
    scheduler.run_skipped.connect(lambda shop, res: skipped.append((shop, res)))
    assert scheduler.tick() == [] and engine.calls == []
    assert skipped == [("EU", "customers")]
    [row] = schedules.list_schedules()
    assert row.note == ("skipped: shop EU was busy (process 977 (sync orders), since 08:00:00 "
                        "UTC); tried again at the next look")
    holder.clear()
    assert scheduler.tick() == [("EU", "customers")]
    await engine.release("EU")


async def test_a_schedule_claimed_by_a_scheduler_process_is_not_run_again(scheduler, engine,
                                                                          clock):
    _schedule("EU", "customers", 15, T0)
    [row] = schedules.list_schedules()
    assert schedules.claim(row, T0, "scheduler, process 977")  # `shop-sync scheduler` ran it
    assert scheduler.tick() == [] and engine.calls == []
    assert scheduler.upcoming().next_run == T0 + dt.timedelta(minutes=15)
    clock.advance(minutes=15)
    assert scheduler.tick() == [("EU", "customers")]
    await engine.release("EU")
    assert schedules.list_schedules()[0].claimed_by.startswith("window, process ")
