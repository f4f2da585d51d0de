"""Issue 21: the first export of many new companies by bulk mutation, against the in-process
demo shop (its real staged uploads, bulk lifecycle and result files).

From the Shop Card's `bulk_write_threshold` new organisations, the export is one bulk export of
Shopify's company external ids and one bulk `companyCreate` mutation, not a search, a create
and a read-back per company; a line's userErrors are that organisation's errors, as one by
one names them; a company Shopify already holds is linked, never made twice; a run that died
in its bulk create is adopted by the next (`bulk_company_creates` in the sync state).
"""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from bulk_writes import die_after, finish_bulk_mutations, sync_with_unreadable_results

from desktop_app.store import companies as store
from desktop_app.store import customers
from desktop_app.store.runs import get_sync_state
from desktop_app.sync.company_bulk_export import BULK_COMPANY_CREATES
from desktop_app.sync.results import Resource

COUNT = 12
THRESHOLD = 5
PER_COMPANY = ("CompanySearch", "CompanyCreate", "CompanyById")


def _organisations(count: int = COUNT, **extra: dict[str, str]) -> list[str]:
    """`count` local organisations ticked for web upload, B000... (e-mail
    `buyer<i>@org.example`); `extra` overrides fields by no."""
    nos = [f"B{i:03d}" for i in range(count)]
    customers.upsert_customers([{
        "no": no, "name": f"Firm {i}", "contact": f"Ann Lee{i}", "email": f"buyer{i}@org.example",
        "address": f"{i} Bank St", "city": "Ottawa", "post_code": "K1P 1J1", "county": "ON",
        "country": "CA", "category": "organisation", "web_upload": True, **extra.get(no, {}),
    } for i, no in enumerate(nos)])
    return nos


def _by_external_id(h) -> Counter[str]:  # type: ignore[no-untyped-def]
    return Counter(c.external_id for c in h.backend.state.companies.values())


async def _sync_in_bulk(h, nos: list[str]):  # type: ignore[no-untyped-def]
    h.settings(bulk_write_threshold=THRESHOLD)
    return await h.sync()


async def test_new_organisations_above_the_threshold_go_as_one_bulk_mutation(harness):
    h = harness
    nos = _organisations()
    store.upsert_ship_to("B003", "DOCK", {"name": "Dock", "address": "9 Dock Rd",
                                          "city": "Toronto", "post_code": "M5H 1A1",
                                          "county": "ON", "country": "CA"})
    result = await _sync_in_bulk(h, nos)
    sent = h.transport.count()
    assert result.errors == [] and result.created == COUNT
    assert sent["BulkOperationRunMutation"] == 1
    assert [v for v in h.transport.variables if "BulkCompanyKeys" in str(v.get("query"))]
    # No search, create or read-back per company: only B003's second location is created
    # (companyCreate takes one) and that company read back once.
    assert (sent["CompanySearch"], sent["CompanyCreate"]) == (0, 0), sent
    assert (sent["CompanyLocationCreate"], sent["CompanyById"]) == (1, 1), sent
    assert _by_external_id(h) == Counter(nos)
    for i, no in enumerate(nos):
        gid = store.company_of_customer(h.code, no)
        company = next(c for c in h.backend.state.companies.values() if c.gid == gid)
        assert (company.name, company.external_id) == (f"Firm {i}", no)
        contact = h.backend.state.customers[company.main_contact.customer_id]
        assert contact.email == f"buyer{i}@org.example"
        staged = store.get_company(h.code, gid)
        assert staged.customer_no == no
        assert [loc.ship_to_code for loc in staged.locations] == (
            ["", "DOCK"] if no == "B003" else [""])
    changes = [c for c in result.changes if c.side == "shopify" and c.action == "create"]
    assert sorted(c.record for c in changes) == nos
    # Linked now: the next run creates nothing, sends no write.
    again = await h.sync()
    assert (again.created, again.failed) == (0, 0)
    assert not {"BulkOperationRunMutation", "CompanyCreate"} & set(h.transport.count())
    assert _by_external_id(h) == Counter(nos)


async def test_below_the_threshold_the_organisations_go_one_by_one(harness):
    h = harness
    nos = _organisations(THRESHOLD - 1)
    result = await _sync_in_bulk(h, nos)
    sent = h.transport.count()
    assert result.errors == [] and result.created == THRESHOLD - 1
    assert sent["BulkOperationRunMutation"] == 0 and sent["CompanyCreate"] == THRESHOLD - 1
    assert _by_external_id(h) == Counter(nos)


async def test_a_refused_line_fails_that_organisation_as_one_by_one_names_it(harness):
    """Shopify refuses B007's line (its e-mail is already a company contact): the same
    record, field path, message and code as the one-by-one create (test_companies_sync's
    test_user_errors_become_per_record_errors); the other lines are created."""
    h = harness
    await h.company(company={"name": "Acme"},
                    companyContact={"email": "buyer@acme.example"},
                    companyLocation={"name": "Head office"})
    nos = _organisations(**{"B007": {"email": "buyer@acme.example"}})
    result = await _sync_in_bulk(h, nos)
    assert h.transport.count()["BulkOperationRunMutation"] == 1
    assert [(e.record, e.field, e.message, e.code) for e in result.errors] == [
        ("B007", "input.companyContact.email", "Email address has already been taken.",
         "shopify_refused")]
    assert result.created == COUNT - 1
    assert store.company_of_customer(h.code, "B007") is None
    assert _by_external_id(h) == Counter([*(n for n in nos if n != "B007"), None])


async def test_a_company_shopify_already_holds_is_linked_not_created_again(harness):
    """A create whose answer was lost: Shopify has a company with B004's external id; it is
    linked by the one-by-one search, the others are created in bulk."""
    h = harness
    held = await h.company(company={"name": "Firm 4", "externalId": "B004"},
                           companyLocation={"name": "Head office"})
    nos = _organisations()
    result = await _sync_in_bulk(h, nos)
    sent = h.transport.count()
    assert result.errors == []
    assert sent["BulkOperationRunMutation"] == 1 and sent["CompanySearch"] == 1
    assert sent["CompanyCreate"] == 0
    assert _by_external_id(h) == Counter(nos)  # none twice
    assert store.company_of_customer(h.code, "B004") == held["id"]


async def test_the_preview_starts_no_bulk_write_and_plans_the_same_creates(harness):
    h = harness
    nos = _organisations(**{"B005": {"county": "Atlantis"}})
    h.settings(bulk_write_threshold=THRESHOLD)
    client = await h.service.client_for(h.code)
    client.sleep = _no_sleep
    h.transport.operations.clear()
    preview = await h.service.sync(h.code, Resource.COMPANIES, preview=True)
    assert "BulkOperationRunMutation" not in h.transport.count()
    assert h.backend.state.companies == {}
    real = await h.sync()
    assert h.transport.count()["BulkOperationRunMutation"] == 1
    counts = ("created", "updated", "failed")
    assert [getattr(real, k) for k in counts] == [getattr(preview, k) for k in counts]
    assert sorted((c.record, c.action) for c in real.changes) == sorted(
        (c.record, c.action) for c in preview.changes)
    assert len(h.backend.state.companies) == len(nos) - real.failed


async def _no_sleep(_seconds: float) -> None:
    """No throttling waits against the in-process shop."""


@pytest.fixture
def hooked(hooked_harness):  # type: ignore[no-untyped-def]
    hooked_harness.settings(bulk_write_threshold=THRESHOLD)
    return hooked_harness


@pytest.mark.parametrize(("dies_after", "finished_meanwhile"), [
    ("BulkOperationRunMutation", False),  # the id never arrived, still running: by its text
    ("BulkOperationRunMutation", True),   # ... finished before the next run
    ("BulkOperationStatus", False),       # its id recorded, still running
    ("download", False),                  # finished, its result file not read
])
async def test_a_run_that_died_in_its_bulk_create_is_adopted_by_the_next(
        hooked, dies_after, finished_meanwhile):
    h = hooked
    nos = _organisations()
    die_after(h, dies_after)
    with pytest.raises(asyncio.CancelledError):
        await h.sync()
    assert not [no for no in nos if store.company_of_customer(h.code, no)]
    recorded = get_sync_state(h.code, "companies").data[BULK_COMPANY_CREATES]
    assert [entry["nos"] for entry in recorded] == [nos]
    if finished_meanwhile:
        await finish_bulk_mutations(h)
        assert len(h.backend.state.companies) == COUNT
    again = await h.sync()
    sent = h.transport.count()
    assert again.errors == [] and again.created == COUNT
    assert sent["BulkOperationRunMutation"] == 0 and sent["StagedUploadsCreate"] == 0
    assert sent["CompanyCreate"] == 0 and sent["CompanySearch"] == 0
    assert _by_external_id(h) == Counter(nos)  # none twice, none lost
    for no in nos:
        assert store.company_of_customer(h.code, no) is not None
    assert get_sync_state(h.code, "companies").data[BULK_COMPANY_CREATES] == []


async def test_a_batch_that_cannot_be_read_back_is_never_created_again_meanwhile(hooked):
    """The run after a dead one cannot download the dead run's results (the connection
    breaks): its organisations fail "retry_later" and nothing is created for them; the run
    after that links them from the same operation."""
    h = hooked
    nos = _organisations()
    await sync_with_unreadable_results(h, nos)
    assert not {"BulkOperationRunMutation", "CompanyCreate", "CompanySearch"} & set(
        h.transport.count())
    third = await h.sync()
    assert third.errors == [] and third.created == COUNT
    assert _by_external_id(h) == Counter(nos)
