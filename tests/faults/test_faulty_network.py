"""The same sync through injected faults ends with exactly the database of a fault-free run.

Every run is the real `shop-sync sync customers` then `sync orders` against a `demo-shop
serve` process generated from one seed (40 customers, 25 orders, 8 local customers), compared
by content (fault_harness.snapshot). The faulty shops:

- `--fault-rate 0.1`: a tenth of the GraphQL requests fail as Shopify fails (HTTP 429, 500,
  502, 503, a dropped connection, a 2 s slow answer, a THROTTLED error), before the shop
  executes them;
- latency and slow answers: every answer 30 ms late and a fifth of them 0.6 s later still;
- lost answers: a tenth of the requests are executed and then the connection is dropped,
  so the client never learns the outcome (mutations included: the order write-back).

A control checks that the comparison sees a difference: the database before the orders sync.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_process import served_demo_shop
from fault_harness import CUSTOMERS, ORDERS, SEED, SHOP_ARGS, Template, differences

pytestmark = pytest.mark.slow


#: A demo shop server with chosen fault kinds (the CLI's --fault-rate picks among all).
CUSTOM_SERVER = """
import asyncio, signal, sys
from desktop_app.demo_shop import DemoShop, ShopBackend
from desktop_app.demo_shop.server import serve, stop

async def main(seed, customers, orders, rate, kinds, latency_ms, log_path):
    backend = ShopBackend.generate(seed=seed, customers=customers, orders=orders)
    shop = DemoShop(backend, fault_rate=rate, fault_kinds=kinds.split(","), seed=seed,
                    latency_ms=latency_ms, request_log=log_path, slow_s=0.6)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    server, port = await serve(shop, "127.0.0.1", 0)
    print(f"listening on http://127.0.0.1:{port}", flush=True)
    try:
        await stopping.wait()
    finally:
        await stop(server)
        shop.close()
        backend.close()

a = sys.argv[1:]
asyncio.run(main(int(a[0]), int(a[1]), int(a[2]), float(a[3]), a[4], float(a[5]), a[6]))
"""


def _run(template: Template, tmp: Path, *options: str,
         command: list[str] | None = None) -> tuple[dict, list]:
    log = tmp / "requests.jsonl"
    with served_demo_shop(*options, command=command, request_log=None if command else log) as s:
        scenario = template.scenario(tmp, s.url)
        scenario.sync_all()
        return scenario.snapshot(), s.request_entries() if not command else []


def _custom(tmp: Path, rate: float, kinds: str, latency_ms: float) -> list[str]:
    import sys

    tmp.mkdir(parents=True, exist_ok=True)
    return [sys.executable, "-c", CUSTOM_SERVER, SEED, CUSTOMERS, ORDERS, str(rate), kinds,
            str(latency_ms), str(tmp / "requests.jsonl")]


@pytest.fixture
def clean(clean_run) -> dict:
    return clean_run["full"]


def test_fault_rate_ten_percent(tmp_path: Path, template: Template, clean: dict) -> None:
    faulty, requests = _run(template, tmp_path, *SHOP_ARGS, "--fault-rate", "0.1")
    assert differences(clean, faulty) == []
    failed = [r for r in requests if r.get("fault")]
    assert failed, "no fault was injected: the test proved nothing"


def test_latency_and_slow_answers(tmp_path: Path, template: Template, clean: dict) -> None:
    command = _custom(tmp_path, 0.2, "slow", 30)
    slow, _ = _run(template, tmp_path, command=command)
    assert differences(clean, slow) == []


def test_answers_lost_after_the_shop_executed_them(tmp_path: Path, template: Template,
                                                   clean: dict) -> None:
    command = _custom(tmp_path, 0.1, "drop_after_execute", 0)
    lost, _ = _run(template, tmp_path, command=command)
    assert differences(clean, lost) == []


def test_control_the_comparison_sees_a_difference(clean_run: dict) -> None:
    """The database before the orders sync is not the clean result: the check can fail."""
    assert differences(clean_run["full"], clean_run["customers_only"]) != []
