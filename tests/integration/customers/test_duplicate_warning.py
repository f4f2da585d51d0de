"""Issue 19: a sync that auto-creates a local customer looking like an existing one (same
e-mail or phone, the shop's mapping did not link them) warns with the code
`looks_like_customer`, naming it; the customer is created all the same."""

from __future__ import annotations

from customer_harness import Harness

from desktop_app.store import customers

TORONTO = {"address1": "10 King St", "city": "Toronto", "zip": "M5H 1A1", "countryCode": "CA",
           "provinceCode": "ON"}


async def test_auto_create_warns_that_the_new_customer_looks_like_an_existing_one(harness):
    h: Harness = harness
    h.settings(customer_mapping="always_new", auto_create_customers=True,
               customer_template="WEB")
    h.local("L1", name="Ann Lee", email="Ann@Example.com")
    h.local("L2", name="Bob Roy", phone="+14165550101", country="CA")
    await h.shopify_customer(email="ann@example.com", firstName="Ann", addresses=[TORONTO])
    await h.shopify_customer(email="bob@example.com", phone="+1 416 555 0101",
                             firstName="Bob", addresses=[TORONTO])
    await h.shopify_customer(email="zoe@example.com", firstName="Zoe", addresses=[TORONTO])

    result = await h.sync()

    assert result.created == 3 and customers.count_customers() == 5
    looks = sorted((w.params["customer"], w.params["reason"]) for w in result.warnings
                   if w.code == "looks_like_customer")
    assert looks == [("L1", "same_email"), ("L2", "same_phone")]
    assert all("looks like L" in w.message for w in result.warnings
               if w.code == "looks_like_customer")
