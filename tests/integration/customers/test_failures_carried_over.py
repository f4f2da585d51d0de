"""Issue 9: a failed customer that nothing could have changed is not decided again at every
run; its failures of the last run are reported again as still failing. A change of the shop's
settings, of the local customers or of the customer itself, and Retry failed, decide it again.
"""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.store import shopify_customers
from desktop_app.store.customers import update_customer
from desktop_app.sync.customer_resolver import CustomerResolver
from desktop_app.sync.results import Resource

TORONTO = {"address1": "10 King St", "city": "Toronto", "zip": "M5H 1A1", "countryCode": "CA",
           "provinceCode": "ON"}


@pytest.fixture
def decided(monkeypatch):
    """The Shopify ids `CustomerResolver.decide` was called for, in order."""
    seen: list[str] = []
    original = CustomerResolver.decide

    def spy(self, record, staged, page, **options):
        seen.append(record.shopify_id)
        return original(self, record, staged, page, **options)

    monkeypatch.setattr(CustomerResolver, "decide", spy)
    return seen


async def _failing_then_settled(h, decided):
    """A customer whose address has a phone that cannot be dialled (auto-create refuses
    it; one without an address is created since issue 17), older than the overlap of the
    incremental reads, and the runs after which its failure is carried over."""
    h.settings(auto_create_customers=True, customer_template="WEB")
    gid = await h.shopify_customer(email="ann@example.com", firstName="Ann",
                                   addresses=[{**TORONTO, "phone": "call me maybe"}])
    h.backend.advance_clock(dt.timedelta(minutes=10))
    await h.shopify_customer(email="bob@example.com", firstName="Bob", addresses=[TORONTO])
    first = await h.sync()  # creates Bob's local customer: nothing stored to carry over
    assert first.created == 1 and first.failed == 1
    second = await h.sync()  # retried, decided against an unchanged store
    assert gid in decided
    assert h.errors(second) == h.errors(first)
    decided.clear()
    return gid, first


async def test_unchanged_failure_is_reported_as_still_failing_without_deciding(
        harness, decided):
    h = harness
    gid, first = await _failing_then_settled(h, decided)

    third = await h.sync()

    assert gid not in decided
    assert third.failed == 1
    assert h.errors(third) == h.errors(first)
    assert "call me maybe" in h.errors(third)[(gid, "phone")]
    # Carried over with the code the last run stored (issue 17).
    assert [e.code for e in third.errors] == ["invalid_phone"]
    assert [e.repeated for e in third.errors] == [True]
    assert shopify_customers.get_shopify_customer(h.code, gid).review_state == "error"
    # ...and the run after it carries it over again.
    fourth = await h.sync()
    assert gid not in decided and h.errors(fourth) == h.errors(first)


async def test_a_settings_change_decides_it_again(harness, decided):
    h = harness
    gid, first = await _failing_then_settled(h, decided)
    h.settings(customer_template="SHOP")

    result = await h.sync()

    assert gid in decided
    assert h.errors(result) == h.errors(first)


async def test_a_new_local_customer_decides_it_again(harness, decided):
    h = harness
    gid, _first = await _failing_then_settled(h, decided)
    h.local("L1", name="Ann Lee", email="ANN@example.com")

    result = await h.sync()

    assert gid in decided
    assert result.failed == 0
    assert shopify_customers.get_shopify_customer(h.code, gid).customer_no == "L1"


async def test_a_changed_local_customer_decides_it_again(harness, decided):
    h = harness
    h.local("L1", name="Someone", email="someone@example.com")
    gid, _first = await _failing_then_settled(h, decided)
    update_customer("L1", {"email": "ann@example.com"})

    result = await h.sync()

    assert gid in decided
    assert result.failed == 0
    assert shopify_customers.get_shopify_customer(h.code, gid).customer_no == "L1"


async def test_a_customer_change_in_shopify_decides_it_again(harness, decided):
    h = harness
    gid, _first = await _failing_then_settled(h, decided)
    await h.add_address(gid, TORONTO, default=True)

    result = await h.sync()

    assert gid in decided
    assert result.failed == 0 and result.created == 1


async def test_a_manual_link_decides_it_again(harness, decided):
    h = harness
    h.local("L1", name="Ann Lee")
    gid, _first = await _failing_then_settled(h, decided)
    shopify_customers.set_match(h.code, gid, "L1", reason="manual")

    result = await h.sync()

    assert gid in decided
    assert result.failed == 0


async def test_retry_failed_decides_it_again(harness, decided):
    h = harness
    gid, first = await _failing_then_settled(h, decided)

    result = await h.service.sync(h.code, Resource.CUSTOMERS, retry_failed=True)

    assert gid in decided
    assert h.errors(result) == h.errors(first)


async def test_an_unchanged_failure_read_again_in_the_overlap_is_carried_over(
        harness, decided):
    # The incremental read starts a minute before the watermark, so the newest customers
    # are read again unchanged: a failed one among them is carried over too.
    h = harness
    h.settings(auto_create_customers=True, customer_template="WEB")
    # No name, no e-mail, no phone, no address: refused (`no_identity`, issue 17).
    gid = await h.shopify_customer(email="ann@example.com")
    h.backend.state.customers[int(gid.rsplit("/", 1)[1])].email = None
    first = await h.sync()
    assert gid in decided and first.failed == 1
    assert [e.code for e in first.errors] == ["no_identity"]
    decided.clear()

    again = await h.sync()

    assert again.requests == 1 and gid not in decided
    assert h.errors(again) == h.errors(first)
    assert [e.repeated for e in again.errors] == [True]
