"""A demo card made by the command line works as the window's first-start demo does.

`shop-sync shop add D --demo` sets the card up through `ShopAdmin.create` (`sync/demo_card.py`),
the same set-up as the window's first start and New shop card dialog: before, the CLI's card
had no customer template and no customer import, and its first `sync all` failed all 103 orders
(102 `no_customer`, 1 `no_company`; exit 1). Control: `ShopAdmin.create` without the set-up
fails the first test at the exit code, listing the `no_customer` failures.
"""

from __future__ import annotations

import json

import pytest
from demo_process import child_env, run_cli

from desktop_app.store import customer_templates, gl_accounts, shops
from desktop_app.sync import demo_card
from desktop_app.sync.shop_admin import ShopAdmin


@pytest.mark.slow  # two CLI processes and a whole sync: about 8 s
def test_a_cli_demo_cards_first_sync_all_fails_nothing(tmp_path):
    env = child_env()
    run_cli(env, tmp_path, "shop", "add", "D", "--demo")

    done = run_cli(env, tmp_path, "--json", "sync", "all", ok=(0, 1))
    results = {r["resource"]: r for r in json.loads(done.stdout)}
    failed = {name: [e["code"] for e in r["errors"]] for name, r in results.items() if r["failed"]}
    assert done.returncode == 0, failed
    assert failed == {}
    assert results["customers"]["created"] == 250  # every Shopify customer, from the template
    assert results["orders"]["created"] == 103
    orders = json.loads(run_cli(env, tmp_path, "--json", "orders", "list").stdout)
    assert len(orders) == 103
    assert [o for o in orders if o["error"] or not o["customer_no"]] == []
    shown = json.loads(run_cli(env, tmp_path, "--json", "shop", "show", "D").stdout)
    assert shown["customer_template"] == "RETAIL" and shown["customer_import"] == "all"


def test_a_demo_card_keeps_the_merchants_own_template_and_accounts(db):
    customer_templates.save_customer_template(
        {"code": "RETAIL", "description": "Our walk-in customers", "category": "organisation"})
    gl_accounts.TABLE.add("6100", "Carriage")
    admin = ShopAdmin(service=None, vault=None)  # creating a card needs neither

    record = admin.create("D2", is_demo=True)

    assert record.is_demo and record.settings["customer_template"] == "RETAIL"
    template = customer_templates.get_customer_template("RETAIL")
    assert (template.description, template.category) == ("Our walk-in customers", "organisation")
    accounts = {a.code: a.name for a in gl_accounts.TABLE.rows()}
    assert accounts["6100"] == "Carriage"
    assert set(accounts) >= set(demo_card.DEMO_ACCOUNTS)
    # A bare demo card (`shop add CODE --demo --bare`) and a card on a real store get none.
    assert admin.create("BARE", is_demo=True, demo_set_up=False
                        ).settings["customer_import"] != "all"
    assert admin.create("REAL", domain="real.myshopify.com").settings["customer_import"] != "all"
    assert shops.get_shop("REAL").settings.get("customer_template", "") == ""
