"""What the customers' bulk write tests share (issue 21): a harness whose transport lets a
test kill the run between the shop's answer and the app's reading of it, and ways to let the
demo shop finish the bulk mutations a killed run left, in process or served on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from customer_harness import SHOP, Harness
from demo_process import child_env, run_cli, served_demo_shop
from hooked_transport import HookedTransport, die
from kill_process import kill_when

from desktop_app import SHOPIFY_API_VERSION
from desktop_app.demo_shop import ShopBackend

OPERATIONS = "{ bulkOperations(first: 10, query: \"operation_type:mutation\") { nodes { id } } }"
STATUS = "query S($id: ID!) { bulkOperation(id: $id) { status } }"
CUSTOMERS = "{ customers(first: 250) { nodes { id email } } }"


def hooked_harness(demo_shop, service, threshold: int) -> Harness:  # type: ignore[no-untyped-def]
    """A shop card importing nothing, bulk writes from `threshold`, on a `HookedTransport`."""
    shop = demo_shop(backend=ShopBackend())
    shop._transport = HookedTransport(shop.shop)
    h = Harness(shop.backend, shop.shop, shop.transport, service(shop, SHOP))
    h.settings(customer_import="none", bulk_write_threshold=threshold)
    return h


async def finish_bulk_mutations(h: Harness) -> None:
    """Let the in-process shop finish every bulk mutation (its lifecycle moves on at each
    read), as if they ended while no run was there."""
    for node in (await h.gql(OPERATIONS, {}))["bulkOperations"]["nodes"]:
        for _ in range(3):
            await h.gql(STATUS, {"id": node["id"]})


def served_gql(url: str, query: str, variables: dict | None = None) -> dict:
    """A GraphQL request to the served demo shop (as its admin, not the app)."""
    return httpx.post(f"{url}/admin/api/{SHOPIFY_API_VERSION}/graphql.json",
                      headers={"X-Shopify-Access-Token": "admin"},
                      json={"query": query, "variables": variables or {}}).json()["data"]


def finish_served_bulk_mutations(url: str) -> None:
    """`finish_bulk_mutations` for a demo shop served on loopback."""
    for node in served_gql(url, OPERATIONS)["bulkOperations"]["nodes"]:
        for _ in range(3):
            served_gql(url, STATUS, {"id": node["id"]})


def die_after(h: Harness, name: str) -> None:
    """The run dies once the shop answered `name`; "BulkOperationStatus": at the first poll
    after the bulk mutation started (not at a poll of an earlier bulk query)."""
    if name != "BulkOperationStatus":
        h.transport.after[name] = die
        return

    async def then_die_at_the_next_poll() -> None:
        h.transport.after["BulkOperationStatus"] = die

    h.transport.after["BulkOperationRunMutation"] = then_die_at_the_next_poll


#: Where a real `shop-sync` process is SIGKILLed, and whether its bulk mutation then finishes
#: before the next run.
KILL_CASES = pytest.mark.parametrize(("kill_at", "finished"), [
    ("BulkOperationRunMutation", False),  # maybe before the id was recorded: found by text
    ("BulkOperationStatus", False),       # the id recorded, the operation still running
    ("BulkOperationRunMutation", True),   # it finished while nothing ran
])


@contextmanager
def slow_served_shop(tmp: Path) -> Iterator[Any]:
    """An empty demo shop served on loopback, each answer 100 ms late (so a kill lands in
    the step it aims at even on a busy machine), its request log in `tmp`."""
    with served_demo_shop("--customers", "0", "--latency-ms", "100",
                          request_log=tmp / "requests.jsonl") as served:
        yield served


#: The local customers of the process tests.
LOCAL = 30
NOS = [f"K{i:03d}" for i in range(LOCAL)]


def local_csv(tmp: Path, domain: str = "local.example") -> Path:
    """A CSV of the `NOS` customers (e-mails `kim<i>@<domain>`), for `customers import`."""
    csv = tmp / f"local-{domain}.csv"
    csv.write_text("\n".join([
        "no,name,contact,address,city,post_code,country,phone,email",
        *(f"{no},Shop {i},Kim Lee{i},{i} Main St,Toronto,M5H 1A1,CA,+1416777{i:04d},"
          f"kim{i}@{domain}" for i, no in enumerate(NOS))]) + "\n", "utf-8")
    return csv


def process_shop(tmp: Path, url: str, token: str) -> tuple[dict[str, str], Path]:
    """A data folder with shop card "S" on `url` (importing nothing, bulk writes from 5) and
    the `NOS` customers ticked for web upload; the environment of its `shop-sync` runs."""
    env, data = child_env({"SHOP_SYNC_TOKEN_S": token,
                           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}), tmp / "data"
    for args in (("shop", "add", "S", "--api-url", url),
                 ("customers", "import", str(local_csv(tmp))),
                 ("customers", "assign-web-upload", *NOS),
                 ("shop", "set", "S", "customer_import=none", "bulk_write_threshold=5")):
        run_cli(env, data, *args)
    return env, data


def operation_names(served: Any) -> list[str]:
    """The operation names of the requests the served shop logged, in order."""
    return [e.get("operationName") for e in served.request_entries()]


def kill_sync_at(env: dict[str, str], data: Path, served: Any, operation: str,
                 nth: int = 1) -> None:
    """Run `shop-sync sync customers` and SIGKILL it as soon as the shop logged `operation`
    after the `nth` bulk mutation's start."""

    def seen() -> bool:
        names = operation_names(served)
        starts = [i for i, name in enumerate(names) if name == "BulkOperationRunMutation"]
        return len(starts) >= nth and operation in names[starts[nth - 1]:]

    assert kill_when(env, data, ["--json", "sync", "customers"], seen, deadline_s=60), (
        "the sync ended (or hung) before it could be killed")


def assert_refused_in_bulk(h: Harness, result: Any, no: str, field: str, words: str) -> None:
    """One bulk mutation was sent, and its only refusal is Shopify's for `no` on `field`
    (code `shopify_refused`, a message with `words`), as one by one names it."""
    assert h.transport.count()["BulkOperationRunMutation"] == 1
    assert [(e.record, e.field, e.code) for e in result.errors] == [
        (no, field, "shopify_refused")]
    assert words in result.errors[0].message


#: The in-process tests: this many local customers, bulk writes from THRESHOLD.
COUNT = 12
THRESHOLD = 5
ADDRESS = {"address": "5 Main St", "city": "Toronto", "post_code": "M5H 1A1", "country": "CA",
           "county": "ON"}


def web_customers(h: Harness, prefix: str, count: int = COUNT,
                  **extra: dict[str, str]) -> list[str]:
    """`count` local customers ticked for web upload, `<prefix>000`... (e-mail
    `kim<i>@local.example`, a phone and an address each; `extra` overrides fields by no.)."""
    nos = [f"{prefix}{i:03d}" for i in range(count)]
    for i, no in enumerate(nos):
        fields = {"name": f"Shop {i}", "contact": f"Kim Lee{i}",
                  "email": f"kim{i}@local.example", "phone": f"+1416555{i:04d}", **ADDRESS}
        h.local(no, web_upload=True, **{**fields, **extra.get(no, {})})
    return nos
