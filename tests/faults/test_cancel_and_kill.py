"""Interrupted syncs, then a re-run, converge to the database of one uninterrupted run.

- Cancel from the window: the real `SyncEngine` (the object the window's Cancel button
  calls) runs customers and orders syncs in this process on a qasync loop, against a
  `demo-shop serve` process; `engine.cancel()` is called when the k-th GraphQL request of a
  run is on the wire, for several k per resource (during the bulk export's start, its
  polling, the order staging pages, the per-order reads and the write-backs).
- SIGKILL: `shop-sync sync customers` and `shop-sync sync orders` processes killed after a
  random delay, 3 times each (10 with SHOP_SYNC_HEAVY=1, FAULT_KILLS to change that), then
  run to completion.

Both end by running customers then orders to completion and compare with a clean run of the
same generated shop by content (fault_harness.snapshot).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
from pathlib import Path

import httpx
import pytest
import shiboken6
from demo_process import SHORT_WAITS, full_waits, served_demo_shop
from fault_harness import SHOP_ARGS, Scenario, Template, differences

pytestmark = pytest.mark.slow

KILLS_PER_RESOURCE = int(os.environ.get("FAULT_KILLS", "10"))
#: Cancel when this GraphQL request of the run is sent (customers: bulk start, polls,
#: download; orders: staging pages, order reads, write-backs).
CANCEL_AT = {"customers": (1, 2, 3), "orders": (1, 2, 4, 9, 17, 28)}


@pytest.fixture
def clean(clean_run) -> dict:
    return clean_run["full"]


class _Vault:
    """The service asks its vault for the token; the scenario's token, with no keyring."""

    async def aget(self, _shop: str, _kind: str) -> str:
        return "shpat_fault_suite_not_secret"


class CancellingTransport(httpx.AsyncHTTPTransport):
    """Calls `on_cancel` when the `cancel_at`-th GraphQL request of a run goes out."""

    def __init__(self) -> None:
        super().__init__()
        self.sent = 0
        self.cancel_at: int | None = None
        self.on_cancel = lambda: None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/graphql.json"):
            self.sent += 1
            if self.sent == self.cancel_at:
                self.on_cancel()
        return await super().handle_async_request(request)


async def test_cancel_from_the_window_then_rerun(tmp_path: Path, template: Template,
                                                 clean: dict, monkeypatch) -> None:
    from desktop_app.store.database import close_database, open_database
    from desktop_app.sync.engine import SyncEngine
    from desktop_app.sync.results import Resource
    from desktop_app.sync.service import SyncService

    # The cancel points are counted in requests, not seconds: the pauses between bulk polls
    # (a second each, 11 runs) are not waited out.
    for name, value in SHORT_WAITS.items():
        monkeypatch.setenv(name, value)
    with served_demo_shop(*SHOP_ARGS) as served:
        scenario = template.scenario(tmp_path, served.url)
        transport = CancellingTransport()
        open_database(scenario.db_path)
        service = SyncService(vault=_Vault(), data_dir=scenario.data,
                              transport_for=lambda _shop: transport)
        engine = SyncEngine(service)
        transport.on_cancel = lambda: engine.cancel("S")
        cancelled = []
        try:
            for name in ("customers", "orders"):
                for k in CANCEL_AT[name]:
                    transport.sent, transport.cancel_at = 0, k
                    result = await engine.sync("S", Resource(name))
                    cancelled.append((name, k, result is None))
                transport.cancel_at = None
                assert await engine.sync("S", Resource(name)) is not None
        finally:
            await service.aclose()
            close_database()
            shiboken6.delete(engine)  # on this thread, not the garbage collector's (qt_loop.py)
        # Nearly every point must really have cancelled a run, or the test proves little.
        assert sum(c for *_, c in cancelled) >= len(cancelled) - 1, cancelled
        statuses = [run["status"] for run in scenario_log(scenario)]
        assert statuses.count("cancelled") >= len(cancelled) - 1, statuses
        assert differences(clean, scenario.snapshot()) == []


def scenario_log(scenario: Scenario) -> list[dict]:
    import json

    return json.loads(scenario.cli("--json", "log", "--last", "100").stdout)


@pytest.mark.parametrize("kills", [3, pytest.param(KILLS_PER_RESOURCE, marks=pytest.mark.heavy)])
def test_sigkill_at_random_points_then_rerun(tmp_path: Path, template: Template, clean: dict,
                                             kills: int) -> None:
    """Kill each resource's sync `kills` times while it runs, then re-run it: 3 times by
    default, KILLS_PER_RESOURCE times with the heavy tests (SHOP_SYNC_HEAVY=1).

    The delay is drawn between the process start and an upper bound that shrinks whenever a
    run finished before its kill (a run after a kill is shorter: part of the work is done),
    so every counted kill lands inside a running sync.
    """
    rng = random.Random(int(os.environ.get("FAULT_KILL_SEED", "9")))
    landed: list[tuple[str, float]] = []
    missed: list[tuple[str, float]] = []
    with served_demo_shop(*SHOP_ARGS) as served:
        scenario = template.scenario(tmp_path, served.url)
        for name, high in (("customers", 2.4), ("orders", 1.8)):
            count = 0
            while count < kills and len(missed) < 3 * kills:
                delay = round(rng.uniform(0.3, high), 2)
                # With its pauses as a merchant has them: the delays were drawn for those.
                process = scenario.popen("sync", name, env=full_waits(scenario.env),
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                try:  # a run that ends before its delay is not waited out
                    process.wait(timeout=delay)
                except subprocess.TimeoutExpired:
                    process.send_signal(signal.SIGKILL)
                    landed.append((name, delay))
                    count += 1
                else:
                    missed.append((name, delay))
                    high = max(0.45, delay * 0.8)
                process.wait(timeout=60)
            scenario.sync(name)
        after = scenario.snapshot()
    assert len(landed) == 2 * kills, (landed, missed)
    assert differences(clean, after) == [], (landed, missed)
