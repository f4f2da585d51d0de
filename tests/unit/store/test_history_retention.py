"""Sync history retention: `prune_runs` and the settings and service call behind it.

A shop that syncs 100,000 customers every 15 minutes writes ~4,000 error rows per run (the
customers without an address fail by design), so old runs must go: by age (`history_days`)
and by count per resource (`history_runs`), the newest run of each resource always kept.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from desktop_app.store import shops
from desktop_app.store.models import RunError, SyncRun
from desktop_app.store.runs import (
    PruneResult,
    Retention,
    RunFilter,
    add_errors,
    find_runs,
    finish_run,
    prune_runs,
    start_run,
    unresolved_error_records,
)
from desktop_app.store.settings import SettingError, parse_value
from desktop_app.sync.results import Resource
from desktop_app.sync.service import SyncService

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def shop(db):
    shops.create_shop("MAIN", is_demo=True)
    shops.create_shop("OTHER", is_demo=True)
    return "MAIN"


def _run(shop: str, resource: str, started: dt.datetime, errors: int = 0,
         status: str = "partial") -> int:
    run_id = start_run(shop, resource)
    add_errors(run_id, [{"record": f"C{i:05d}", "field": "address",
                                 "message": "no address"} for i in range(errors)])
    finish_run(run_id, status)
    SyncRun.update(started_at=started, finished_at=started).where(SyncRun.id == run_id).execute()
    return run_id


def _ids(shop: str, resource: str | None = None) -> list[int]:
    return [r.id for r in find_runs(RunFilter(shop=shop, resource=resource,
                                                              limit=None))]


def test_runs_older_than_the_days_go_with_their_errors(shop):
    old = [_run(shop, "customers", NOW - dt.timedelta(days=100 - i), errors=3) for i in range(5)]
    kept = [_run(shop, "customers", NOW - dt.timedelta(days=10 - i), errors=3) for i in range(3)]

    result = prune_runs(shop, Retention(days=90, runs=1000), now=NOW)

    assert result == PruneResult(runs=5, errors=15, complete=True)
    assert sorted(_ids(shop)) == kept
    assert RunError.select().where(RunError.run.in_(old)).count() == 0
    assert RunError.select().count() == 9
    # Nothing left to do: a second call deletes nothing.
    assert prune_runs(shop, Retention(90, 1000), now=NOW) == PruneResult()


def test_the_newest_run_of_each_resource_is_kept_whatever_its_age(shop):
    _run(shop, "companies", NOW - dt.timedelta(days=400))
    last_companies = _run(shop, "companies", NOW - dt.timedelta(days=200), errors=2)
    for i in range(3):
        _run(shop, "customers", NOW - dt.timedelta(minutes=15 * i))

    prune_runs(shop, Retention(days=90, runs=1000), now=NOW)

    assert _ids(shop, "companies") == [last_companies]
    # Its failures stay the ones the next companies run retries.
    assert unresolved_error_records(shop, "companies") == ["C00000", "C00001"]


def test_at_most_runs_per_resource_so_a_frequent_resource_keeps_a_rare_ones_history(shop):
    orders = [_run(shop, "orders", NOW - dt.timedelta(minutes=5 * (30 - i)), errors=1)
              for i in range(30)]
    customers = [_run(shop, "customers", NOW - dt.timedelta(days=3 - i)) for i in range(3)]

    prune_runs(shop, Retention(days=90, runs=10), now=NOW)

    assert sorted(_ids(shop, "orders")) == orders[-10:]
    assert sorted(_ids(shop, "customers")) == customers


def test_other_shops_are_left_alone(shop):
    theirs = [_run("OTHER", "customers", NOW - dt.timedelta(days=200 - i), errors=2)
              for i in range(3)]
    _run(shop, "customers", NOW - dt.timedelta(days=200))
    _run(shop, "customers", NOW)

    prune_runs(shop, Retention(days=90, runs=1000), now=NOW)

    assert sorted(_ids("OTHER")) == theirs
    assert len(_ids(shop)) == 1


def test_large_histories_go_in_batches_and_a_capped_call_says_more_is_left(shop):
    for i in range(12):
        _run(shop, "customers", NOW - dt.timedelta(days=200 - i), errors=7)
    _run(shop, "customers", NOW)

    first = prune_runs(shop, Retention(90, 1000), now=NOW,
                               batch_runs=5, batch_errors=10, max_batches=3)
    assert not first.complete
    assert first.errors == 30  # 3 batches of at most 10 errors
    assert first.runs <= 5

    rest = prune_runs(shop, Retention(90, 1000), now=NOW,
                              batch_runs=5, batch_errors=10)
    assert rest.complete
    assert (first.runs + rest.runs, first.errors + rest.errors) == (12, 84)
    assert len(_ids(shop)) == 1
    assert RunError.select().count() == 0


def test_retention_comes_from_the_shop_settings(shop):
    assert Retention.of_shop(shop) == Retention(days=90, runs=1000)
    shops.update_shop_settings(shop, {"history_days": "30", "history_runs": 50})
    assert Retention.of_shop(shop) == Retention(days=30, runs=50)
    for i in range(3):
        _run(shop, "customers", NOW - dt.timedelta(days=40 - i))
    _run(shop, "customers", NOW)
    assert prune_runs(shop, now=NOW).runs == 3


@pytest.mark.parametrize("value", ["0", "3651", "ninety", "", True, "9.5"])
def test_history_days_takes_a_whole_number_in_range(value):
    with pytest.raises(SettingError, match="history_days.*whole number from 1 to 3650"):
        parse_value("history_days", value)


def test_history_settings_parse_text_and_numbers():
    assert parse_value("history_days", " 30 ") == 30
    assert parse_value("history_runs", 10) == 10
    with pytest.raises(SettingError, match="history_runs"):
        parse_value("history_runs", "9")


# --- the service prunes after each run ----------------------------------------------------


def _service(tmp_path, job) -> tuple[SyncService, list[str]]:
    finished: list[str] = []
    service = SyncService(vault=None, data_dir=tmp_path, jobs={Resource.CUSTOMERS: job},
                          on_run_finished=finished.append)
    return service, finished


async def test_a_sync_prunes_the_shop_history_when_it_ends(shop, tmp_path):
    shops.update_shop_settings(shop, {"history_runs": 10})
    now = dt.datetime.now(UTC)
    for i in range(15):
        _run(shop, "customers", now - dt.timedelta(days=120 - i), errors=4)
    for i in range(12):
        _run(shop, "customers", now - dt.timedelta(hours=12 - i), errors=4)

    async def job(ctx) -> None:
        ctx.fail("C00001", "address", "no address")

    service, finished = _service(tmp_path, job)
    try:
        result = await service.sync(shop, Resource.CUSTOMERS)
    finally:
        await service.aclose()

    assert result.failed == 1
    assert finished == [shop]
    runs = find_runs(RunFilter(shop=shop, limit=None))
    assert len(runs) == 10
    assert runs[0].status == "partial" and runs[0].error_count == 1  # the new run is kept
    assert RunError.select().count() == 1 + 9 * 4


async def test_a_cancelled_sync_does_not_prune(shop, tmp_path):
    for i in range(3):
        _run(shop, "customers", NOW - dt.timedelta(days=400 - i))

    async def job(ctx) -> None:
        raise asyncio.CancelledError

    service, finished = _service(tmp_path, job)
    try:
        with pytest.raises(asyncio.CancelledError):
            await service.sync(shop, Resource.CUSTOMERS)
    finally:
        await service.aclose()

    assert finished == [shop]
    assert len(_ids(shop)) == 4
