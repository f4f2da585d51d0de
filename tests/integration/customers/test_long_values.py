"""Shopify values longer than a local field are never cut without a word (issue 15,
reliability review finding 12): a customer with 255-character names, street and city
(Shopify's own limit) is created locally with them cut to the local columns, and the run
names each field cut, with the stable code `field_cut`."""

from __future__ import annotations

from desktop_app.store import customers


async def test_cut_fields_are_named_in_the_run(harness):
    harness.settings(auto_create_customers=True, customer_template="WEB")
    long = "Longname" + "x" * 247
    gid = await harness.shopify_customer(
        firstName="Ann" + "a" * 252, lastName=long, email="long.values@example.com",
        addresses=[{"address1": "1 " + "Main Street " * 21, "city": "C" + "ity" * 84,
                    "zip": "M5H 1A1", "countryCode": "CA", "provinceCode": "ON"}])
    result = await harness.sync()
    assert result.failed == 0, result.errors
    cut = {(w.record, w.field): w for w in result.warnings if w.code == "field_cut"}
    assert {(gid, f) for f in ("name", "address", "city")} <= set(cut), result.warnings
    assert "cut to 30 characters" in cut[(gid, "city")].message
    linked = [c for c in customers.list_customers() if c.email == "long.values@example.com"]
    assert len(linked) == 1
    assert len(linked[0].city) == 30 and len(linked[0].name) <= 100
    # The JSON of the run carries them as CLI.md's warnings.
    assert any(w["code"] == "field_cut" and w["field"] == "city"
               for w in result.to_json()["warnings"])
