"""`shop-sync shop set` refuses a Shop Card setting that names a code nothing local has
(issue 17; ../shared/CLI.md): exit 2 naming the setting and the code, nothing saved; a known
code is saved in its stored spelling; a blank value clears it. The window's Save goes through
the same check (`ShopAdmin`; tests/ui/test_shop_card_codes.py)."""

from __future__ import annotations

import pytest
from json_cli import JsonCli


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path) -> JsonCli:
    session = JsonCli(capsys, monkeypatch, tmp_path / "data")
    session.ok("shop", "add", "S", "--demo", "--bare")
    (tmp_path / "c.csv").write_text("no,name,email,phone,country\n"
                                    "C1,Ann Lee,ann@example.org,,GB\n"
                                    "ORG1,Acme Ltd,buy@acme.example,,GB\n", "utf-8")
    session.ok("customers", "import", str(tmp_path / "c.csv"))
    return session


def _settings(cli: JsonCli) -> dict:
    return cli.ok("shop", "show", "S")


@pytest.mark.parametrize("assignment, kind", [
    ("customer_template=NOPE", "customer template"),
    ("default_customer_no=X9999", "local customer"),
    ("default_company_no=X9999", "local customer"),
    ("return_location=NOWHERE", "local location"),
    ("shipping_charges_account=6100", "G/L account"),
    ("refund_account_non_restock=6310", "G/L account"),
])
def test_an_unknown_code_exits_2_naming_the_setting_and_nothing_is_saved(cli, assignment,
                                                                        kind):
    before = _settings(cli)
    name, _, value = assignment.partition("=")
    code, out, err = cli.run("shop", "set", "S", "customer_import=all", assignment)
    assert code == 2, (out, err)
    assert name in err and f"'{value}'" in err and kind in err, err
    assert _settings(cli) == before  # all or nothing: customer_import unchanged too
    assert before["customer_import"] != "all"


def test_a_known_code_is_saved_and_a_blank_value_clears_it(cli):
    cli.ok("templates", "add", "RETAIL", "description=Retail customers")
    cli.ok("shop", "set", "S", "customer_template=retail", "default_customer_no=C1",
           "default_company_no=ORG1")
    saved = _settings(cli)
    assert (saved["customer_template"], saved["default_customer_no"],
            saved["default_company_no"]) == ("RETAIL", "C1", "ORG1")
    cli.ok("shop", "set", "S", "customer_template=", "default_customer_no=")
    cleared = _settings(cli)
    assert (cleared["customer_template"], cleared["default_customer_no"]) == ("", "")
    assert cleared["default_company_no"] == "ORG1"


def test_a_shop_currency_stays_a_free_code_and_an_account_must_exist(cli):
    # No local table holds currencies: the shop's currency stays accepted. Accounts have one
    # since v17 (control: before it, `shipping_charges_account=6100` was saved as typed).
    cli.ok("shop", "set", "S", "currency_code=CAD")
    code, _out, err = cli.run("shop", "set", "S", "shipping_charges_account=6100")
    assert code == 2 and "there is no G/L account '6100' (add it first: accounts add 6100)" \
        in err, err
    cli.ok("accounts", "add", "6100", "name=Shipping charges")
    cli.ok("shop", "set", "S", "shipping_charges_account=6100")
    saved = _settings(cli)
    assert (saved["currency_code"], saved["shipping_charges_account"]) == ("CAD", "6100")


def test_a_return_location_is_a_location_code_linked_to_a_shopify_location(cli):
    shopify = cli.ok("locations", "list")
    assert shopify, "the demo shop has locations"
    code, _out, err = cli.run("shop", "set", "S", "return_location=RET")
    assert code == 2 and "return_location" in err and "'RET'" in err, err
    cli.ok("locations", "set", shopify[0]["shopify_id"], "RET", "--return")
    cli.ok("shop", "set", "S", "return_location=ret")
    assert _settings(cli)["return_location"] == "RET"
