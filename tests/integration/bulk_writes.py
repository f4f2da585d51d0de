"""What the bulk write tests share (issue 21): ways to let the demo shop finish the bulk
mutations a killed run left, in process or served on loopback, and to make a run die at a
chosen step of its bulk write (a `HookedTransport`)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from demo_process import served_demo_shop
from hooked_transport import die
from kill_process import kill_when

from desktop_app import SHOPIFY_API_VERSION

OPERATIONS = "{ bulkOperations(first: 10, query: \"operation_type:mutation\") { nodes { id } } }"
STATUS = "query S($id: ID!) { bulkOperation(id: $id) { status } }"


async def finish_bulk_mutations(h: Any) -> None:
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


def die_after(h: Any, name: str) -> None:
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


def operation_names(served: Any) -> list[str]:
    """The operation names of the requests the served shop logged, in order."""
    return [e.get("operationName") for e in served.request_entries()]


def kill_sync_at(env: dict[str, str], data: Path, served: Any, operation: str,
                 nth: int = 1, resource: str = "customers") -> None:
    """Run `shop-sync sync <resource>` and SIGKILL it as soon as the shop logged `operation`
    after the `nth` bulk mutation's start."""

    def seen() -> bool:
        names = operation_names(served)
        starts = [i for i, name in enumerate(names) if name == "BulkOperationRunMutation"]
        return len(starts) >= nth and operation in names[starts[nth - 1]:]

    assert kill_when(env, data, ["--json", "sync", resource], seen, deadline_s=60), (
        "the sync ended (or hung) before it could be killed")


def break_every_download(h: Any) -> None:
    """From now on every result download of the run breaks (the connection resets); undone by
    `h.transport.after.pop("download")`."""

    async def broken() -> None:
        h.transport.after["download"] = broken
        raise httpx.ReadError("connection reset")

    h.transport.after["download"] = broken


async def sync_with_unreadable_results(h: Any, nos: list[str]) -> Any:
    """A run killed before it downloaded its bulk results, then a run whose downloads all
    break: the second run's result, each of `nos` failed `retry_later` and nothing created
    (checked here)."""
    h.transport.after["download"] = die
    with pytest.raises(asyncio.CancelledError):
        await h.sync()
    break_every_download(h)
    second = await h.sync()
    h.transport.after.pop("download", None)
    assert sorted((e.record, e.code) for e in second.errors) == [
        (no, "retry_later") for no in sorted(nos)]
    assert second.created == 0
    return second
