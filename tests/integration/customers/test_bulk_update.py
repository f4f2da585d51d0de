"""Issue 21: updates of many linked customers by bulk mutation, against the in-process demo
shop (its real staged uploads, bulk lifecycle and result files).

From the Shop Card's `bulk_write_threshold` linked customers whose fields differ, the export
sends their `customerUpdate`s as one bulk mutation (the line's result carries the customer:
no read-back), not one `customerUpdate` and one `CustomerById` per customer; below it, one by
one. Both ways leave the same mirror, agreed values and history; a line's userErrors are that
customer's errors; a refused operation (or a preview) goes one by one.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import bulk_write_harness as bw
import pytest
from customer_harness import Harness, _no_sleep

from desktop_app.demo_shop import resolvers_bulk_mutations
from desktop_app.store import agreed as agreed_store
from desktop_app.store import customers, shopify_customers
from desktop_app.sync import customer_bulk_update
from desktop_app.sync.customer_bulk_export import RecordedBatches
from desktop_app.sync.results import Resource, SyncResult

COUNT, THRESHOLD = bw.COUNT, bw.THRESHOLD
ONE_BY_ONE = ("CustomerUpdate", "CustomerById")


async def _linked(h: Harness, count: int = COUNT) -> list[str]:
    """`count` local customers created in Shopify (in bulk) and linked; then edited locally
    (a new e-mail each), so each needs a `customerUpdate` of its e-mail only."""
    nos = bw.web_customers(h, "U", count)
    first = await h.sync()
    assert first.errors == [] and first.created == count
    for i, no in enumerate(nos):
        h.local(no, name=f"Shop {i}", email=f"new{i}@local.example")
    return nos


def _recorded(h: Harness) -> list[dict[str, object]]:
    return RecordedBatches(h.code, customer_bulk_update.BULK_UPDATES).entries()


def _gid(h: Harness, no: str) -> str:
    gid = customers.get_customer(no, shop=h.code).shopify_id
    assert gid is not None
    return gid


async def _emails(h: Harness, nos: list[str]) -> list[str]:
    """The e-mail each of `nos` has in Shopify."""
    return [(await h.shopify_read(_gid(h, no)))["email"] for no in nos]


async def _end_state(h: Harness, nos: list[str]) -> dict[str, object]:
    """What Shopify, the mirror and the agreed values hold for `nos` (ids left out)."""
    shopify_state = {_gid(h, no): await h.shopify_read(_gid(h, no)) for no in nos}
    state: dict[str, object] = {}
    for no in nos:
        gid = _gid(h, no)
        mirror = shopify_customers.get_shopify_customer(h.code, gid)
        agreed = agreed_store.read_agreed(h.code, [gid])[gid]
        shopify = shopify_state[gid]
        state[no] = (shopify["email"], mirror.email,
                     mirror.updated_at == dt.datetime.fromisoformat(shopify["updatedAt"]),
                     agreed.customer_no, agreed.local, agreed.shopify)
    return state


@pytest.mark.parametrize("settings", [
    {"customer_import": "none"},
    {"customer_import": "all", "shopify_can_update_customers": True,
     "can_update_shopify_customers": True},  # two-way: the import runs first
], ids=["one-way", "two-way"])
async def test_updates_from_the_threshold_go_as_one_bulk_mutation_and_agree_with_one_by_one(
        harness, settings):
    """From the threshold the updates are one bulk operation, no `customerUpdate` or
    read-back per customer; and the same edit of the same customers, made again one by one
    (below the threshold), leaves the very same Shopify customers, mirror, agreed values and
    record history."""
    h = harness
    h.settings(bulk_write_threshold=THRESHOLD, **settings)
    nos = await _linked(h)
    result = await h.sync()
    sent = h.transport.count()
    assert result.errors == [] and result.conflicts == 0
    assert result.updated == COUNT and result.shopify.updated == COUNT
    assert sent["BulkOperationRunMutation"] == 1, sent
    assert not [name for name in ONE_BY_ONE if sent[name]], sent
    assert await _emails(h, nos) == [f"new{i}@local.example" for i in range(COUNT)]
    few = nos[:THRESHOLD - 1]
    in_bulk = await _end_state(h, few)
    bulk_changes = _changes(result, few)
    # Nothing left to send, and our own update is no Shopify change to import.
    again = await h.sync()
    assert (again.updated, again.errors, again.conflicts) == (0, [], 0)
    assert not {"BulkOperationRunMutation", "CustomerUpdate"} & set(h.transport.count())
    # The same edit one by one: back, then forth again, below the threshold.
    for i, no in enumerate(few):
        h.local(no, name=f"Shop {i}", email=f"kim{i}@local.example")
    back = await h.sync()
    assert back.updated == len(few) and back.errors == []
    for i, no in enumerate(few):
        h.local(no, name=f"Shop {i}", email=f"new{i}@local.example")
    forth = await h.sync()
    sent = h.transport.count()
    assert forth.updated == len(few) and forth.errors == [] and forth.conflicts == 0
    assert sent["BulkOperationRunMutation"] == 0
    assert (sent["CustomerUpdate"], sent["CustomerById"]) == (len(few), len(few))
    assert await _end_state(h, few) == in_bulk
    assert _changes(forth, few) == bulk_changes


def _changes(result: SyncResult, nos: list[str]) -> list[tuple[str, str, str, str]]:
    return sorted((c.record, c.side, c.action, repr(c.fields)) for c in result.changes
                  if c.record in nos)


async def test_below_the_threshold_updates_go_one_by_one(harness):
    h = harness
    h.settings(bulk_write_threshold=THRESHOLD, customer_import="none")
    nos = await _linked(h, COUNT)
    for i, no in enumerate(nos[THRESHOLD - 1:]):  # all but 4 edited back: 4 to update
        h.local(no, name=f"Shop {THRESHOLD - 1 + i}",
                email=f"kim{THRESHOLD - 1 + i}@local.example")
    result = await h.sync()
    sent = h.transport.count()
    assert result.updated == THRESHOLD - 1 and result.errors == []
    assert sent["BulkOperationRunMutation"] == 0
    assert sent["CustomerUpdate"] == THRESHOLD - 1


async def test_a_refused_line_fails_that_customer_naming_the_field_the_rest_goes_through(
        harness):
    """Two linked customers given one e-mail: Shopify updates the first line and refuses
    the second ("Email has already been taken"), as one by one would."""
    h = harness
    h.settings(bulk_write_threshold=THRESHOLD, customer_import="none")
    nos = await _linked(h)
    h.local("U007", name="Shop 7", email="new3@local.example")
    result = await h.sync()
    bw.assert_refused_in_bulk(h, result, "U007", "email", "taken")
    assert result.updated == COUNT - 1
    assert await _emails(h, ["U007"]) == ["kim7@local.example"]
    mirror = shopify_customers.get_shopify_customer(h.code, _gid(h, "U007"))
    assert mirror.email == "kim7@local.example"
    assert _recorded(h) == []
    # Fixed locally: the next run sends it (one customer: one by one).
    h.local("U007", name="Shop 7", email="new7@local.example")
    fixed = await h.sync()
    assert fixed.errors == [] and fixed.updated == 1
    assert await _emails(h, nos) == [f"new{i}@local.example" for i in range(COUNT)]


async def test_a_customer_whose_address_changes_too_goes_one_by_one(harness):
    h = harness
    h.settings(bulk_write_threshold=THRESHOLD, customer_import="none")
    nos = await _linked(h)
    h.local("U002", name="Shop 2", city="Ottawa")
    result = await h.sync()
    sent = h.transport.count()
    assert result.errors == [] and result.updated == COUNT
    assert sent["BulkOperationRunMutation"] == 1
    assert (sent["CustomerUpdate"], sent["CustomerAddressUpdate"], sent["CustomerById"]) == (
        1, 1, 1)
    shopify = await h.shopify_read(_gid(h, "U002"))
    assert shopify["addressesV2"]["nodes"][0]["city"] == "Ottawa"
    assert shopify["email"] == "new2@local.example"
    assert len(nos) == COUNT


async def test_a_refused_bulk_operation_sends_the_updates_one_by_one(harness, monkeypatch):
    """Shopify refuses the bulk write (its limit of running operations reached): each
    customer goes one by one, nothing is lost."""
    h = harness
    h.settings(bulk_write_threshold=THRESHOLD, customer_import="none")
    nos = await _linked(h)
    real = resolvers_bulk_mutations.in_progress_refusal

    def busy(state, kind):  # type: ignore[no-untyped-def]
        refusal = real(state, kind)
        return refusal or resolvers_bulk_mutations._refused(
            "Shopify is busy (test)", "OPERATION_IN_PROGRESS")

    monkeypatch.setattr(resolvers_bulk_mutations, "in_progress_refusal", busy)
    result = await h.sync()
    sent = h.transport.count()
    assert result.errors == [] and result.updated == COUNT
    assert sent["BulkOperationRunMutation"] == 1
    assert sent["CustomerUpdate"] == COUNT
    assert await _emails(h, nos) == [f"new{i}@local.example" for i in range(COUNT)]
    assert _recorded(h) == []


async def test_the_preview_shows_the_updates_and_starts_no_bulk_write(harness):
    h = harness
    h.settings(bulk_write_threshold=THRESHOLD, customer_import="none")
    nos = await _linked(h)
    client = await h.service.client_for(h.code)
    client.sleep = _no_sleep
    h.transport.reset()
    preview = await h.service.sync(h.code, Resource.CUSTOMERS, preview=True)
    assert "BulkOperationRunMutation" not in h.transport.count()
    planned = {c.record for c in preview.changes if c.side == "shopify" and c.action == "update"}
    assert planned == set(nos)
    assert preview.updated == COUNT
    assert await _emails(h, ["U000"]) == ["kim0@local.example"]
    real = await h.sync()
    assert h.transport.count()["BulkOperationRunMutation"] == 1
    assert real.updated == preview.updated
    assert sorted((c.record, c.action) for c in real.changes) == sorted(
        (c.record, c.action) for c in preview.changes)


@pytest.fixture
def hooked(demo_shop, service) -> Harness:
    return bw.hooked_harness(demo_shop, service, THRESHOLD)


@pytest.mark.parametrize(("dies_after", "finished_meanwhile"), [
    ("BulkOperationRunMutation", False),  # the id maybe not recorded: found by its text
    ("BulkOperationRunMutation", True),
    ("BulkOperationStatus", False),       # the id recorded, the operation still running
    ("BulkOperationStatus", True),
])
async def test_a_run_that_died_in_its_bulk_update_is_adopted_by_the_next(
        hooked, dies_after, finished_meanwhile):
    """The run breaks off once the bulk update started (or at its first poll); the next run
    adopts the operation, running or finished: no second bulk write, no update one by one,
    the mirror, agreed values and counts as after a run that did not break."""
    h = hooked
    nos = await _linked(h)
    bw.die_after(h, dies_after)
    with pytest.raises(asyncio.CancelledError):
        await h.sync()
    assert _recorded(h) != []
    if finished_meanwhile:
        await bw.finish_bulk_mutations(h)
        assert await _emails(h, nos) == [f"new{i}@local.example" for i in range(COUNT)]
    again = await h.sync()
    sent = h.transport.count()
    assert again.errors == [] and again.conflicts == 0 and again.updated == COUNT
    assert sent["BulkOperationRunMutation"] == 0 and sent["CustomerUpdate"] == 0, sent
    assert _recorded(h) == []
    assert await _emails(h, nos) == [f"new{i}@local.example" for i in range(COUNT)]
    for i, no in enumerate(nos):
        gid = _gid(h, no)
        assert shopify_customers.get_shopify_customer(h.code, gid).email == (
            f"new{i}@local.example")
        agreed = agreed_store.read_agreed(h.code, [gid])[gid]
        assert agreed.local.get("email") == f"new{i}@local.example"
    third = await h.sync()
    assert (third.updated, third.errors) == (0, [])
    assert not {"BulkOperationRunMutation", "CustomerUpdate"} & set(h.transport.count())
