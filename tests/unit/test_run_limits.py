"""A sync run is bounded and tells why it failed (issue 15: every wait bounded, every
failure recorded)."""

from __future__ import annotations

import asyncio

import pytest

from desktop_app.errors import NetworkError
from desktop_app.store import shops
from desktop_app.store.runs import RunFilter, as_dict, find_runs, start_run
from desktop_app.sync import service as service_module
from desktop_app.sync.results import Resource
from desktop_app.sync.service import SyncService, SyncTimeLimitError


@pytest.fixture
def shop(db):
    shops.create_shop("MAIN", is_demo=True)
    return "MAIN"


async def _run(tmp_path, job):
    service = SyncService(vault=None, data_dir=tmp_path, jobs={Resource.CUSTOMERS: job})
    try:
        return await service.sync("MAIN", Resource.CUSTOMERS)
    finally:
        await service.aclose()


def _last_run() -> dict:
    found = find_runs(RunFilter(shop="MAIN", limit=1), with_errors=True)
    return as_dict(found[0])


async def test_a_sync_past_its_time_limit_is_stopped_and_says_so(shop, tmp_path, monkeypatch):
    monkeypatch.setattr(service_module, "_MINUTE", 0.2)  # "1 minute" lasts 0.2 s here
    shops.update_shop_settings("MAIN", {"sync_time_limit": 1})

    async def endless(ctx) -> None:
        ctx.result.created += 3  # saved before the limit
        await asyncio.sleep(3600)

    with pytest.raises(SyncTimeLimitError, match="stopped after 1 min "):
        await asyncio.wait_for(_run(tmp_path, endless), timeout=10)
    run = _last_run()
    assert run["status"] == "failed"
    assert "stopped after" in run["message"]
    assert run["created"] == 3


async def test_a_failed_run_records_its_reason(shop, tmp_path):
    async def offline(ctx) -> None:
        raise NetworkError("Shopify did not answer after 6 attempts: cannot connect")

    with pytest.raises(NetworkError):
        await _run(tmp_path, offline)
    run = _last_run()
    assert run["status"] == "failed"
    assert run["message"] == "Shopify did not answer after 6 attempts: cannot connect"


async def test_an_unexpected_error_is_recorded_without_its_text(shop, tmp_path):
    async def bug(ctx) -> None:
        raise KeyError("shpat_secret_in_a_key")

    with pytest.raises(KeyError):
        await _run(tmp_path, bug)
    run = _last_run()
    assert run["message"] == "Unexpected error (KeyError); see the log file."


async def test_the_shop_card_request_limit_reaches_the_client(shop, tmp_path):
    shops.update_shop_settings("MAIN", {"request_time_limit": 7})
    seen = {}

    async def job(ctx) -> None:
        seen["request"] = ctx.client.request_deadline
        seen["execute"] = ctx.client.execute_deadline

    await _run(tmp_path, job)
    assert seen == {"request": 7.0, "execute": 17.5}


async def test_a_run_that_died_is_marked_interrupted_by_the_next(shop, tmp_path):
    dead = start_run("MAIN", "orders")  # a process killed here never finished it

    async def job(ctx) -> None:
        pass

    await _run(tmp_path, job)
    runs = {r["id"]: r for r in map(as_dict, find_runs(
        RunFilter(shop="MAIN")))}
    assert runs[dead]["status"] == "failed"  # stayed "running" forever before
    assert runs[dead]["message"].startswith("Interrupted: stopped before it finished")
    assert [r["status"] for r in runs.values() if r["id"] != dead] == ["ok"]
    problems = find_runs(RunFilter(shop="MAIN", failed_only=True))
    assert [r.id for r in problems] == [dead]
