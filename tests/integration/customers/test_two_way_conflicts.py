"""Issue 19, two-way customer edits: with both update directions on, a field changed on one
side goes to the other, a field changed on both sides to different values becomes a conflict
(neither side overwritten, the rest of the record still goes through), resolved either way
with `conflicts resolve ID --take local|shopify`; no ping-pong.

`shop-sync --json` on one data folder against a demo shop served on loopback (`demo-shop
serve`): Shopify's side is edited with the demo shop's own `customerUpdate`, the local side
with `customers set`; what the app sent is read from the server's request log, what Shopify
holds with a GraphQL query. `conflicts list` is also run as a real process.

Controls: with `sync.conflicts.two_way` always False (no merge) Shopify's phone overwrites
the local one and no conflict is listed; with `conflicts.agreed_local` recording the local
side as it is, the post code emptied here while the import met the link is never cleared in
Shopify.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from typing import Any

import pytest
from customer_harness import CREATE, READ, UPDATE
from json_cli import JsonCli

from desktop_app.cli import main

pytestmark = pytest.mark.slow  # a served demo shop and three or four real syncs each

TORONTO = {"address1": "10 King St", "city": "Toronto", "zip": "M5H 1A1",
           "countryCode": "CA", "provinceCode": "ON"}


@pytest.fixture
def two_way(capsys, monkeypatch, tmp_path, memory_keyring, demo_server):
    """A shop card DIR, both update directions on, synced once with two Shopify customers
    (created locally from them and linked). Returns (cli, served shop, {email: gid})."""
    shop = demo_server("--seed", "3", "--customers", "0", "--orders", "0")
    s = JsonCli(capsys, monkeypatch, tmp_path / "data", shop.url)
    s.ok("shop", "add", "DIR", "--api-url", shop.url)
    code, _, err = s.run("token", "set", "DIR", stdin="shpat_test\n")
    assert code == 0, err
    gids = {}
    for first, email, phone in (("Ann", "ann@example.com", "+14165550101"),
                                ("Bob", "bob@example.com", "+14165550102")):
        data = s.gql(CREATE, {"input": {"firstName": first, "lastName": "Lee", "email": email,
                                        "phone": phone, "addresses": [TORONTO]}})
        gids[email] = data["customerCreate"]["customer"]["id"]
    s.ok("templates", "add", "RETAIL")
    s.ok("shop", "set", "DIR", "customer_import=all", "auto_create_customers=true",
         "customer_template=RETAIL", "shopify_can_update_customers=true",
         "can_update_shopify_customers=true")
    first = s.ok("sync", "customers")
    assert first["local"]["created"] == 2, first
    time.sleep(1.1)  # Shopify's times are in seconds: later edits are not the sync's echo
    return s, shop, gids


def _local(s: JsonCli, gid: str) -> dict[str, Any]:
    return next(c for c in s.ok("customers", "list") if c["shopify_id"] == gid)


def _local_city(s: JsonCli, no: str) -> str:
    s.ok("customers", "export", str(s.data / "out.csv"))
    rows = (s.data / "out.csv").read_text("utf-8").splitlines()
    header = rows[0].split(",")
    row = next(r.split(",") for r in rows[1:] if r.split(",")[0] == no)
    return row[header.index("city")]


def _shopify(s: JsonCli, gid: str) -> dict[str, Any]:
    return s.gql(READ, {"id": gid})["customer"]


def _mutations(shop) -> list[str]:
    """The mutations the served shop received, in order (the app's by operation name; the
    test's own edits come first and are sliced off by the callers)."""
    return [e["operationName"] or "" for e in shop.request_entries()
            if re.search(r"^\s*mutation\b", e.get("query") or "", re.MULTILINE)]


def test_a_both_sides_edit_is_a_conflict_the_rest_goes_through_and_nothing_ping_pongs(
        two_way):
    s, shop, gids = two_way
    ann = gids["ann@example.com"]
    no = _local(s, ann)["no"]
    # Shopify: a new phone and a new e-mail. Here: another new phone, and the post code
    # emptied (a blank sent on purpose: a clear, as a one-way export sends it).
    edit = s.gql(UPDATE, {"input": {"id": ann, "phone": "+14165550188",
                                    "email": "ann.lee@example.com"}})
    assert edit["customerUpdate"]["userErrors"] == []
    s.ok("customers", "set", no, "phone=+14165550177", "post_code=")

    result = s.ok("sync", "customers")

    # The phone is a conflict: neither side overwritten, said as a warning.
    assert _local(s, ann)["phone"] == "+14165550177"
    assert _shopify(s, ann)["phone"] == "+14165550188"
    (warning,) = [w for w in result["warnings"] if w["code"] == "field_conflict"]
    assert (warning["record"], warning["field"]) == (ann, "phone")
    assert result["conflicts"] == 1  # the status line's "1 conflict to resolve"
    listed = s.ok("conflicts", "list")
    assert [{k: c[k] for k in ("record", "field", "local", "shopify")} for c in listed] == [
        {"record": no, "field": "phone", "local": "+14165550177", "shopify": "+14165550188"}]
    # The rest went through: Shopify's e-mail came down, the local clear went up.
    assert _local(s, ann)["email"] == "ann.lee@example.com"
    assert _shopify(s, ann)["addressesV2"]["nodes"][0]["zip"] in (None, "")
    assert result["local"]["updated"] == 1 and result["shopify"]["updated"] == 1

    # No ping-pong: the next run sends nothing and changes nothing; the conflict stays.
    sent_before = len(_mutations(shop))
    again = s.ok("sync", "customers")
    assert _mutations(shop)[sent_before:] == []
    assert (again["local"], again["shopify"]) == (
        {"created": 0, "updated": 0, "linked": 0}, {"created": 0, "updated": 0, "linked": 0})
    assert [c["id"] for c in s.ok("conflicts", "list")] == [listed[0]["id"]]
    assert again["conflicts"] == 0 and again["warnings"] == []  # said once, when found
    assert _local(s, ann)["phone"] == "+14165550177"
    assert _shopify(s, ann)["phone"] == "+14165550188"

    # In words: the customer, the field and both values.
    assert main(["--data-dir", str(s.data), "conflicts", "list"]) == 0
    line = s.capsys.readouterr().out.strip()
    assert no in line and "phone" in line
    assert "local: +14165550177" in line and "Shopify: +14165550188" in line

    # Listed by a real process too (CLI.md keys).
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-m", "desktop_app.cli", "--data-dir", str(s.data), "conflicts",
         "list", "--shop", "DIR", "--json"], capture_output=True, text=True, timeout=60,
        check=False, env=env)
    assert proc.returncode == 0, proc.stderr
    (row,) = json.loads(proc.stdout)
    assert {"id", "record", "field", "local", "shopify"} <= set(row)

    # Made to agree by hand (the local phone typed as Shopify's): the next sync closes the
    # conflict, sending nothing.
    s.ok("customers", "set", no, "phone=+14165550188")
    sent_before = len(_mutations(shop))
    s.ok("sync", "customers")
    assert _mutations(shop)[sent_before:] == []
    assert s.ok("conflicts", "list") == []
    code, _, err = s.run("conflicts", "resolve", str(row["id"]), "--take", "local")
    assert code == 2 and "resolved already (both sides came to agree)" in err


def test_resolving_takes_either_side_converges_and_the_next_sync_sends_nothing(two_way):
    s, shop, gids = two_way
    ann, bob = gids["ann@example.com"], gids["bob@example.com"]
    ann_no, bob_no = _local(s, ann)["no"], _local(s, bob)["no"]
    for gid, no, theirs, mine in ((ann, ann_no, "+14165550188", "+14165550177"),
                                  (bob, bob_no, "+14165550288", "+14165550277")):
        s.gql(UPDATE, {"input": {"id": gid, "phone": theirs}})
        s.ok("customers", "set", no, f"phone={mine}")
    s.ok("sync", "customers")
    by_no = {c["record"]: c for c in s.ok("conflicts", "list")}
    assert set(by_no) == {ann_no, bob_no}

    # Ann: Shopify's phone is kept, written here; nothing sent to Shopify.
    sent_before = len(_mutations(shop))
    taken = s.ok("conflicts", "resolve", str(by_no[ann_no]["id"]), "--take", "shopify")
    assert taken["conflict"]["taken"] == "shopify" and taken["local"]["updated"] == 1
    assert _mutations(shop)[sent_before:] == []
    assert _local(s, ann)["phone"] == "+14165550188"
    assert _shopify(s, ann)["phone"] == "+14165550188"

    # Bob: the local phone is kept, sent to Shopify (that field only).
    sent_before = len(_mutations(shop))
    s.ok("conflicts", "resolve", str(by_no[bob_no]["id"]), "--take", "local")
    assert _mutations(shop)[sent_before:] == ["CustomerUpdate"]
    (update,) = [e for e in shop.request_entries()[-5:]
                 if e["operationName"] == "CustomerUpdate"]
    assert set(update["variables"]["input"]) == {"id", "phone"}
    assert _shopify(s, bob)["phone"] == "+14165550277"
    assert _local(s, bob)["phone"] == "+14165550277"
    assert s.ok("conflicts", "list") == []

    # Each resolution is its own run of the history, not an order action (issue 19).
    resolved = s.ok("log", "--resource", "customer-conflicts")
    assert [(r["resource"], r["status"], r["message"], r["shop"]) for r in resolved] == [
        ("customer-conflicts", "ok", f"conflicts resolve {by_no[n]['id']} --take {t}", "DIR")
        for n, t in ((bob_no, "local"), (ann_no, "shopify"))]
    assert resolved[0]["shopify"]["updated"] == 1 and resolved[1]["local"]["updated"] == 1
    assert s.ok("log", "--resource", "order-actions") == []

    # Converged: the next sync sends nothing, changes nothing, finds no conflict.
    sent_before = len(_mutations(shop))
    after = s.ok("sync", "customers")
    assert _mutations(shop)[sent_before:] == []
    assert after["local"]["updated"] == 0 and after["shopify"]["updated"] == 0
    assert [w for w in after["warnings"] if w["code"] == "field_conflict"] == []
    assert s.ok("conflicts", "list") == []

    # Resolved already, or unknown: exit 2, nothing done.
    code, _, err = s.run("conflicts", "resolve", str(by_no[bob_no]["id"]), "--take", "local")
    assert code == 2 and "resolved already" in err
    code, _, err = s.run("conflicts", "resolve", "9999", "--take", "shopify")
    assert code == 2 and "no conflict 9999" in err
