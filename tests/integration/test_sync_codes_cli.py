"""Issue 17 through `shop-sync --json` on the in-process demo shop: every error and warning of
`sync all` has a stable snake_case `code` (CLI.md "More JSON"), kept in the history (`log`);
with auto-create on, the demo syncs with 0 failures, its customers without an address as
`no_address` warnings, also when they come with their orders (the order's bill-to address).

Controls: before issue 17 errors had no `code`, and the demo's 26 customers without an
address failed ("cannot create: the Shopify customer has no address"), as did every order of
such a customer with no default customer set.
"""

from __future__ import annotations

import pytest
from json_cli import JsonCli

from desktop_app.sync.issue_codes import is_code


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path, memory_keyring) -> JsonCli:
    return JsonCli(capsys, monkeypatch, tmp_path / "data")


def _entries(results: list[dict]) -> list[dict]:
    return [e for r in results for e in (*r["errors"], *r["warnings"])]


def test_every_error_and_warning_of_a_sync_has_a_snake_case_code(cli):
    cli.ok("shop", "add", "DEMO", "--demo", "--bare")
    code, results, err = cli.run("sync", "all")  # no template, no items: orders fail
    assert code == 1, err
    entries = _entries(results)
    assert sum(r["failed"] for r in results) > 50
    assert all(is_code(e["code"]) and e["code"] != "unexpected" for e in entries), {
        e["code"] for e in entries}
    logged = cli.ok("log", "--last", "10")
    stored = [e for run in logged for e in (*run["errors"], *run["warnings"])]
    assert len(stored) == len(entries) and all(is_code(e["code"]) for e in stored)


@pytest.mark.parametrize("customer_import", ["all", "with_orders"])
def test_the_demo_syncs_with_0_failures_and_warns_of_customers_without_address(
        cli, customer_import):
    cli.ok("shop", "add", "DEMO", "--demo", "--bare")
    cli.ok("templates", "add", "RETAIL")
    cli.ok("shop", "set", "DEMO", "auto_create_customers=true", "customer_template=RETAIL",
           "auto_create_items=true", f"customer_import={customer_import}")
    results = cli.ok("sync", "all")
    assert [(r["resource"], r["failed"]) for r in results if r["failed"]] == []
    by_resource = {r["resource"]: r for r in results}
    assert by_resource["orders"]["created"] > 100
    warnings = by_resource["customers"]["warnings"]
    if customer_import == "all":
        assert len(warnings) == 26 and {w["code"] for w in warnings} == {"no_address"}
        assert all(w["field"] == "address" and "RETAIL" in w["message"] for w in warnings)
    assert all(is_code(e["code"]) for e in _entries(results))
