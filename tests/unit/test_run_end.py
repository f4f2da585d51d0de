"""How a sync run and an order action that end badly are recorded in the history: one rule for
both (`sync/service.py` `_noting_end`), each with its own wording (issue 16: the two copies of
the except clauses became one helper, their messages kept)."""

from __future__ import annotations

import asyncio

import pytest

from desktop_app.errors import NetworkError
from desktop_app.store import runs, shops
from desktop_app.sync.results import Resource
from desktop_app.sync.service import SyncService

OFFLINE = "Shopify did not answer after 6 attempts: cannot connect"


def _last_run() -> dict:
    return runs.as_dict(runs.find_runs(runs.RunFilter(shop="MAIN", limit=1))[0])


async def _run(tmp_path, failing, what: str | None = None):
    """`failing` run as the customers job of a sync, or as an order action named `what`."""
    service = SyncService(vault=None, data_dir=tmp_path, jobs={Resource.CUSTOMERS: failing})
    try:
        if what is None:
            return await service.sync("MAIN", Resource.CUSTOMERS)
        return await service.run_action("MAIN", failing, what)
    finally:
        await service.aclose()


async def _offline(_ctx_or_job) -> None:
    raise NetworkError(OFFLINE)


async def _bug(_ctx_or_job) -> None:
    raise KeyError("shpat_secret_in_a_key")


@pytest.fixture(autouse=True)
def shop(db) -> str:
    shops.create_shop("MAIN", is_demo=True)
    return "MAIN"


@pytest.mark.parametrize(("failing", "error", "message"), [
    (_offline, NetworkError, OFFLINE),
    (_bug, KeyError, "Unexpected error (KeyError); see the log file."),
])
async def test_a_failed_sync_records_why(tmp_path, failing, error, message):
    with pytest.raises(error):
        await _run(tmp_path, failing)
    run = _last_run()
    assert (run["status"], run["message"]) == ("failed", message)


@pytest.mark.parametrize(("failing", "error", "message"), [
    (_offline, NetworkError, f"mark-paid: {OFFLINE}"),
    (_bug, KeyError, "mark-paid: unexpected error (KeyError); see the log file"),
])
async def test_a_failed_order_action_records_why_after_its_name(tmp_path, failing, error,
                                                                message):
    with pytest.raises(error):
        await _run(tmp_path, failing, "mark-paid")
    run = _last_run()
    assert (run["status"], run["message"]) == ("failed", message)


async def test_a_done_order_action_records_its_name(tmp_path):
    async def nothing(_job) -> None:
        return None

    await _run(tmp_path, nothing, "mark-paid")
    run = _last_run()
    assert (run["status"], run["message"]) == ("ok", "mark-paid")


async def test_a_cancelled_sync_and_action_are_recorded_as_cancelled(tmp_path):
    started = asyncio.Event()

    async def endless(_ctx_or_job) -> None:
        started.set()
        await asyncio.sleep(3600)

    for what in (None, "x"):  # a sync, then an action
        started.clear()
        task = asyncio.ensure_future(_run(tmp_path, endless, what))
        await asyncio.wait_for(started.wait(), timeout=10)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, timeout=10)
        assert _last_run()["status"] == "cancelled"
