"""Issue 19, two-way on links with no agreed values: a link made by the import's matching, by
hand, or while both update settings were off has no recorded exchange, so no field of it was
ever agreed. On its first two-way run:

- a field both sides hold alike becomes agreed, silently;
- a field blank on one side takes the other side's value (a blank is not a clear: the one-way
  rules' "a field not agreed is written only when not blank");
- a field both sides hold, differently, is a conflict: neither side changes until resolved.

`shop-sync --json` on one data folder against a demo shop served on loopback (`demo-shop
serve`); Shopify's side is read with a GraphQL query, what the app sent from the server's
request log.

Controls: with `conflicts.merge` ignoring `no_base` and `UnagreedHold.hold` doing nothing
(the code before), the first test's preview shows no conflict and plans the local phone and
city overwritten (and the sync did overwrite them, checked before the fix); the second sees
Shopify's e-mail overwritten by the local one.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from customer_harness import CREATE, READ
from json_cli import JsonCli

pytestmark = pytest.mark.slow  # a served demo shop and three or four real syncs each

CSV_HEADER = "no,name,email,phone,address,address_2,city,post_code,county,country\n"


def _shop(capsys, monkeypatch, tmp_path, demo_server) -> tuple[JsonCli, Any, str]:
    """A shop card DIR (import all, nothing created), one Shopify customer, Ann Lee."""
    shop = demo_server("--seed", "3", "--customers", "0", "--orders", "0")
    s = JsonCli(capsys, monkeypatch, tmp_path / "data", shop.url)
    s.ok("shop", "add", "DIR", "--api-url", shop.url)
    code, _, err = s.run("token", "set", "DIR", stdin="shpat_test\n")
    assert code == 0, err
    data = s.gql(CREATE, {"input": {
        "firstName": "Ann", "lastName": "Lee", "email": "ann@example.com",
        "phone": "+14165550188",
        "addresses": [{"address1": "10 King St", "address2": "Suite 5", "city": "Toronto",
                       "countryCode": "CA", "provinceCode": "ON"}]}})
    return s, shop, data["customerCreate"]["customer"]["id"]


def _import_local(s: JsonCli, email: str) -> None:
    """C00001 Ann Lee as typed here: another phone and city, a post code, no address 2."""
    path = s.data.parent / "customers.csv"
    path.write_text(CSV_HEADER + f"C00001,Ann Lee,{email},+14165550177,10 King St,,Ottawa,"
                    "K1A 0B1,ON,CA\n", "utf-8")
    s.ok("customers", "import", str(path))


def _local(s: JsonCli) -> dict[str, str]:
    s.ok("customers", "export", str(s.data / "out.csv"))
    rows = (s.data / "out.csv").read_text("utf-8").splitlines()
    header = rows[0].split(",")
    return dict(zip(header, next(r.split(",") for r in rows[1:]
                                 if r.startswith("C00001,")), strict=True))


def _shopify(s: JsonCli, gid: str) -> dict[str, Any]:
    node = s.gql(READ, {"id": gid})["customer"]
    return {"phone": node["phone"], "email": node["email"],
            **{k: node["addressesV2"]["nodes"][0][k] for k in ("address2", "city", "zip")}}


def _mutations(shop) -> list[str]:
    return [e["operationName"] or "" for e in shop.request_entries()
            if re.search(r"^\s*mutation\b", e.get("query") or "", re.MULTILINE)]


BOTH = ("shopify_can_update_customers=true", "can_update_shopify_customers=true")


def _conflicts(s: JsonCli) -> dict[str, tuple[str, str]]:
    return {c["field"]: (c["local"], c["shopify"]) for c in s.ok("conflicts", "list")}


def _assert_first_two_way_run(s: JsonCli, shop, gid: str, result: dict[str, Any], *,
                              read: bool = True) -> None:
    """Differing filled fields held on both sides, blanks filled, alike agreed. `read`: the
    import read the Shopify customer (else, as one-way, nothing of it comes down until it
    changes in Shopify)."""
    assert _conflicts(s) == {"phone": ("+14165550177", "+14165550188"),
                             "city": ("Ottawa", "Toronto")}
    assert {w["field"] for w in result["warnings"] if w["code"] == "field_conflict"} == {
        "phone", "city"}
    assert result["conflicts"] == 2
    local = _local(s)
    assert (local["phone"], local["city"]) == ("+14165550177", "Ottawa")  # not overwritten
    assert local["address_2"] == ("Suite 5" if read else "")  # blank here: Shopify's
    assert local["email"] == "ann@example.com"  # alike: agreed
    theirs = _shopify(s, gid)
    assert (theirs["phone"], theirs["city"]) == ("+14165550188", "Toronto")  # nor there
    assert theirs["zip"] == "K1A 0B1"  # blank in Shopify: the local one went up
    # No ping-pong: the next run sends nothing, changes nothing, finds nothing new.
    time.sleep(1.1)
    sent = len(_mutations(shop))
    again = s.ok("sync", "customers")
    assert _mutations(shop)[sent:] == []
    assert again["conflicts"] == 0 and again["local"]["updated"] == 0
    assert again["shopify"]["updated"] == 0
    assert set(_conflicts(s)) == {"phone", "city"}


def test_a_link_made_by_matching_on_the_first_two_way_run(
        capsys, monkeypatch, tmp_path, memory_keyring, demo_server):
    s, shop, gid = _shop(capsys, monkeypatch, tmp_path, demo_server)
    _import_local(s, "ann@example.com")  # the import's matching links them by e-mail
    s.ok("shop", "set", "DIR", "customer_import=all", *BOTH)
    # The preview says the same and changes nothing: no conflict stored, nothing sent.
    sent = len(_mutations(shop))
    preview = s.ok("sync", "customers", "--preview")
    assert preview["preview"] is True and preview["conflicts"] == 2
    assert {w["field"] for w in preview["warnings"] if w["code"] == "field_conflict"} == {
        "phone", "city"}
    planned = {(c["side"], c["action"]): set(c["fields"]) for c in preview["changes"]}
    assert planned[("local", "update")] == {"address_2", "contact"}  # blank here
    assert planned[("shopify", "update")] == {"post_code"}  # blank in Shopify
    # (A bulk export's start is a mutation that only reads: it goes through.)
    assert [m for m in _mutations(shop)[sent:] if m != "BulkOperationRunQuery"] == []
    assert s.ok("conflicts", "list") == []
    assert (_local(s)["phone"], _local(s)["address_2"]) == ("+14165550177", "")

    result = s.ok("sync", "customers")

    assert not [w for w in result["warnings"] if w["code"] == "changed_since_preview"]
    assert result["local"]["linked"] == 1
    _assert_first_two_way_run(s, shop, gid, result)
    # Resolved for Shopify's side: written here, nothing sent; then converged.
    (city,) = [c for c in s.ok("conflicts", "list") if c["field"] == "city"]
    sent = len(_mutations(shop))
    s.ok("conflicts", "resolve", str(city["id"]), "--take", "shopify")
    assert _mutations(shop)[sent:] == []
    assert _local(s)["city"] == "Toronto"
    after = s.ok("sync", "customers")
    assert _mutations(shop)[sent:] == [] and after["conflicts"] == 0
    assert set(_conflicts(s)) == {"phone"}


def test_a_link_made_by_hand_while_two_way_was_off_and_not_read_again(
        capsys, monkeypatch, tmp_path, memory_keyring, demo_server):
    s, shop, gid = _shop(capsys, monkeypatch, tmp_path, demo_server)
    _import_local(s, "ann.lee@example.com")  # another e-mail: matching does not link them
    s.ok("shop", "set", "DIR", "customer_import=all")
    first = s.ok("sync", "customers")  # Ann is staged, unlinked; the watermark moves on
    assert first["local"]["linked"] == 0
    s.ok("customers", "link", "C00001", gid)  # by hand: no exchange recorded
    s.ok("shop", "set", "DIR", *BOTH)
    time.sleep(1.1)

    result = s.ok("sync", "customers")  # the import does not read Ann again

    assert _local(s)["email"] == "ann.lee@example.com"
    assert _shopify(s, gid)["email"] == "ann@example.com"
    conflicts = _conflicts(s)
    assert conflicts.pop("email") == ("ann.lee@example.com", "ann@example.com")
    result["warnings"] = [w for w in result["warnings"] if w["field"] != "email"]
    result["conflicts"] -= 1
    for c in s.ok("conflicts", "list"):
        if c["field"] == "email":
            s.ok("conflicts", "resolve", str(c["id"]), "--take", "shopify")
    _assert_first_two_way_run(s, shop, gid, result, read=False)
