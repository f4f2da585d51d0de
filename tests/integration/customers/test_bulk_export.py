"""Issue 21: the first export of many new customers by bulk mutation, against the in-process
demo shop (its real staged uploads, bulk lifecycle and result files).

From the Shop Card's `bulk_write_threshold` new customers, the export is one bulk export of
Shopify's e-mails and phones and one bulk `customerCreate` mutation (the address inside),
not a search, a create, an address create and a read-back per customer; a line's userErrors
are that customer's errors; a customer Shopify already holds is linked, never made twice.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from bulk_write_harness import (
    COUNT,
    THRESHOLD,
    assert_refused_in_bulk,
    die_after,
    finish_bulk_mutations,
    hooked_harness,
    web_customers,
)
from bulk_writes import sync_with_unreadable_results
from customer_harness import Harness, _no_sleep

from desktop_app.store import customers, shopify_customers
from desktop_app.sync import customer_bulk_export
from desktop_app.sync.results import Resource

PER_CUSTOMER = ("CustomerSearch", "CustomerCreate", "CustomerAddressCreate", "CustomerById")


def _locals(h: Harness, count: int = COUNT, **extra: dict[str, str]) -> list[str]:
    return web_customers(h, "N", count, **extra)


def _shopify_by_email(h: Harness) -> Counter[str]:
    return Counter((c.email or "").lower() for c in h.shopify_customers())


async def test_new_customers_above_the_threshold_go_as_one_bulk_mutation(harness):
    h = harness
    h.settings(bulk_write_threshold=THRESHOLD)
    nos = _locals(h)
    result = await h.sync()
    sent = h.transport.count()
    assert result.errors == []
    assert result.created == COUNT and result.shopify.created == COUNT
    assert sent["BulkOperationRunMutation"] == 1
    keys = [v for v in h.transport.variables if "BulkCustomerKeys" in str(v.get("query"))]
    assert len(keys) == 1  # one bulk export of the e-mails and phones Shopify holds
    assert not [name for name in PER_CUSTOMER if sent[name]], sent
    for i, no in enumerate(nos):
        gid = customers.get_customer(no, shop=h.code).shopify_id
        assert gid is not None
        shopify = await h.shopify_read(gid)
        assert shopify["email"] == f"kim{i}@local.example"
        assert shopify["phone"] == f"+1416555{i:04d}"
        assert shopify["defaultAddress"]["id"] == shopify["addressesV2"]["nodes"][0]["id"]
        address = shopify["addressesV2"]["nodes"][0]
        assert (address["address1"], address["city"], address["provinceCode"],
                address["countryCodeV2"]) == ("5 Main St", "Toronto", "ON", "CA")
        staged = shopify_customers.staged_states(h.code, [gid])[gid]
        assert staged.customer_no == no
    links = {link.customer_no: link.match_reason for link in shopify_customers.list_links(h.code)}
    assert set(links.values()) == {"exported"}
    assert _shopify_by_email(h) == Counter(f"kim{i}@local.example" for i in range(COUNT))
    # The mirror holds each created customer with its address: a second run sends nothing.
    again = await h.sync()
    assert again.created == 0 and again.updated == 0 and again.errors == []
    assert not {"BulkOperationRunMutation", "CustomerCreate", "CustomerUpdate",
                "CustomerAddressUpdate"} & set(h.transport.count())


async def test_below_the_threshold_the_customers_go_one_by_one(harness):
    h = harness
    h.settings(bulk_write_threshold=COUNT + 1)
    _locals(h)
    result = await h.sync()
    assert result.created == COUNT and result.errors == []
    sent = h.transport.count()
    assert sent["CustomerCreate"] == COUNT and sent["BulkOperationRunMutation"] == 0


async def test_a_refused_line_fails_that_customer_naming_the_field_the_rest_goes_through(
        harness):
    """Two local customers with one e-mail: Shopify takes the first line and refuses the
    second ("Email has already been taken"); nothing is doubled, nothing else is lost."""
    h = harness
    h.settings(bulk_write_threshold=THRESHOLD)
    nos = _locals(h, **{"N007": {"email": "kim3@local.example"}})
    result = await h.sync()
    assert_refused_in_bulk(h, result, "N007", "email", "taken")
    assert result.created == COUNT - 1
    assert customers.get_customer("N007", shop=h.code).shopify_id is None
    linked = [no for no in nos if customers.get_customer(no, shop=h.code).shopify_id]
    assert linked == [no for no in nos if no != "N007"]
    assert _shopify_by_email(h)["kim3@local.example"] == 1
    state = customer_bulk_export.get_sync_state(h.code, "customers").data
    assert state.get("pending_creates") == [] and state.get("bulk_creates") == []


async def test_a_customer_shopify_already_holds_is_linked_not_created_again(harness):
    h = harness
    h.settings(bulk_write_threshold=THRESHOLD, customer_import="none")
    gid = await h.shopify_customer(email="kim4@local.example", firstName="Kim",
                                   lastName="Lee4")
    _locals(h)
    result = await h.sync()
    assert result.errors == []
    assert customers.get_customer("N004", shop=h.code).shopify_id == gid
    assert h.transport.count()["BulkOperationRunMutation"] == 1
    assert _shopify_by_email(h)["kim4@local.example"] == 1
    assert len(h.shopify_customers()) == COUNT


def test_a_create_userError_field_is_named_as_one_by_one():
    from desktop_app.errors import UserErrorItem

    name = customer_bulk_export.field_name
    assert name(UserErrorItem(("addresses", "0", "country"), "Country is invalid")) == (
        "address.country")
    assert name(UserErrorItem(("email",), "Email has already been taken")) == "email"


async def test_the_preview_says_what_the_bulk_export_then_does(harness):
    """The preview never starts a bulk write (no upload target): it plans the same creates
    one by one; the real run makes them in bulk with the very counts and changes planned
    (a customer Shopify holds linked, one the checks refuse failed, in both)."""
    h = harness
    h.settings(bulk_write_threshold=THRESHOLD, customer_import="none")
    gid = await h.shopify_customer(email="kim4@local.example", firstName="Kim",
                                   lastName="Lee4")
    nos = _locals(h, **{"N007": {"county": "Atlantis"}})
    client = await h.service.client_for(h.code)
    client.sleep = _no_sleep
    h.transport.reset()
    preview = await h.service.sync(h.code, Resource.CUSTOMERS, preview=True)
    assert "BulkOperationRunMutation" not in h.transport.count()
    assert len(h.shopify_customers()) == 1
    planned = {c.record for c in preview.changes if c.side == "shopify" and c.action == "create"}
    assert planned == set(nos) - {"N004", "N007"}
    assert [(e.record, e.field) for e in preview.errors] == [("N007", "county")]
    real = await h.sync()
    assert h.transport.count()["BulkOperationRunMutation"] == 1
    counts = ("created", "updated", "skipped", "failed")
    assert [getattr(real, k) for k in counts] == [getattr(preview, k) for k in counts]
    assert [w for w in real.warnings if w.code == "changed_since_preview"] == []
    assert sorted((c.record, c.side, c.action) for c in real.changes) == sorted(
        (c.record, c.side, c.action) for c in preview.changes)
    assert customers.get_customer("N004", shop=h.code).shopify_id == gid


@pytest.fixture
def hooked(demo_shop, service) -> Harness:
    return hooked_harness(demo_shop, service, THRESHOLD)


@pytest.mark.parametrize(("dies_after", "finished_meanwhile"), [
    # Shopify started it, the answer (its id) never arrived; still unfinished, or finished
    # before the next run (found by its text among the operations since the record)
    ("BulkOperationRunMutation", False),
    ("BulkOperationRunMutation", True),
    ("BulkOperationStatus", False),  # its id recorded, still running
    ("download", False),             # its id recorded, finished, its result file not read
])
async def test_a_run_that_died_in_its_bulk_create_is_adopted_by_the_next(
        hooked, dies_after, finished_meanwhile):
    h = hooked
    nos = _locals(h)
    die_after(h, dies_after)
    with pytest.raises(asyncio.CancelledError):
        await h.sync()
    assert not [no for no in nos if customers.get_customer(no, shop=h.code).shopify_id]
    if finished_meanwhile:
        await finish_bulk_mutations(h)
        assert len(h.shopify_customers()) == COUNT
    made_before = len(h.shopify_customers())
    again = await h.sync()
    sent = h.transport.count()
    assert again.errors == [] and again.created == COUNT
    assert sent["BulkOperationRunMutation"] == 0 and sent["StagedUploadsCreate"] == 0
    assert sent["CustomerCreate"] == 0 and sent["CustomerSearch"] == 0
    assert _shopify_by_email(h) == Counter(f"kim{i}@local.example" for i in range(COUNT))
    assert made_before in (0, COUNT)  # the dead run's operation ran its lines once at most
    for i, no in enumerate(nos):
        gid = customers.get_customer(no, shop=h.code).shopify_id
        assert (await h.shopify_read(gid))["email"] == f"kim{i}@local.example"
    assert {link.match_reason for link in shopify_customers.list_links(h.code)} == {"exported"}
    state = customer_bulk_export.get_sync_state(h.code, "customers").data
    assert state.get("pending_creates") == [] and state.get("bulk_creates") == []


async def test_a_batch_that_cannot_be_read_back_is_never_created_again_meanwhile(hooked):
    """The run after a dead one cannot download the dead run's results (the connection
    breaks): its customers fail "retry_later", nothing is created for them; the run after
    that links them from the same operation."""
    h = hooked
    nos = _locals(h)
    await sync_with_unreadable_results(h, nos)
    assert not {"BulkOperationRunMutation", "CustomerCreate", "CustomerSearch"} & set(
        h.transport.count())
    assert len(h.shopify_customers()) == COUNT
    third = await h.sync()
    assert third.errors == [] and third.created == COUNT
    assert _shopify_by_email(h) == Counter(f"kim{i}@local.example" for i in range(COUNT))
