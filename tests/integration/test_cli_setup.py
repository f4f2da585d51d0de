"""`shop-sync templates|country-templates|tax-areas` (issue 17): the setup tables the engine
reads, made from the command line alone on a real data folder, and used by a customers sync
against the in-process demo shop."""

from __future__ import annotations

import pytest
from json_cli import JsonCli

from desktop_app import paths
from desktop_app.cli import main
from desktop_app.store.database import close_database, open_database
from desktop_app.store.models import Customer


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path) -> JsonCli:
    return JsonCli(capsys, monkeypatch, tmp_path / "data")


def _created_customers(cli: JsonCli) -> list[tuple[str, str, str, str]]:
    """(no, template, category, country) of the customers the sync made (template set)."""
    open_database(paths.database_path(cli.data))
    try:
        return [(c.no, c.template, c.category, c.country) for c in
                Customer.select().where(Customer.template != "").order_by(Customer.no)]
    finally:
        close_database()


def test_templates_made_on_the_command_line_create_customers_in_a_sync(cli):
    cli.ok("shop", "add", "S", "--demo")
    assert cli.ok("templates", "list") == []
    made = cli.ok("templates", "add", "wholesale", "description=Trade customers",
                  "category=organisation")
    assert (made["code"], made["category"], made["created"]) == ("WHOLESALE", "organisation",
                                                                 True)
    cli.ok("templates", "add", "GB-RETAIL", "country=GB")
    listed = cli.ok("templates", "list")
    assert [(t["code"], t["description"]) for t in listed] == [
        ("GB-RETAIL", ""), ("WHOLESALE", "Trade customers")]
    cli.ok("country-templates", "set", "gb", "template=gb-retail")
    cli.ok("shop", "set", "S", "auto_create_customers=true", "customer_import=all",
           "customer_template=WHOLESALE")

    code, result, err = cli.run("sync", "customers")
    assert code in (0, 1), err
    created = _created_customers(cli)
    assert result["created"] >= len(created) > 0
    by_template = {t for _no, t, _cat, _cc in created}
    assert by_template == {"WHOLESALE", "GB-RETAIL"}
    assert all(cat == "organisation" for _no, t, cat, _cc in created if t == "WHOLESALE")
    assert all(cc == "GB" for _no, t, _cat, cc in created if t == "GB-RETAIL")
    assert not any("customer template" in e["message"] for e in result["errors"])


def test_refusals_exit_2_with_one_line_naming_record_and_field(cli):
    cli.ok("shop", "add", "S", "--demo")
    cli.ok("templates", "add", "T")
    for args, said in [
        (("templates", "set", "T", "tax_area=NOPE"),
         "template T: tax_area: there is no tax area 'NOPE' (add it first: tax-areas add NOPE)"),
        (("templates", "add", "T"), "template T: code: this template already exists"),
        (("templates", "add", "BAD CODE"), "template BAD CODE: code: 'BAD CODE' may hold only"),
        (("templates", "set", "T", "currency=euro"), "template T: currency: 'EURO' is not"),
        (("country-templates", "set", "GB", "default_customer_no=X9999"),
         "GB country template of shop S: default_customer_no: there is no local customer"),
        (("country-templates", "set", "GB", "colour=red"), "unknown field 'colour'"),
        (("templates", "remove", "NOPE"), "There is no customer template 'NOPE'"),
    ]:
        code, data, err = cli.run(*args)
        assert code == 2, args
        assert data is None
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"shop-sync: {said}"), (args, err)

    cli.ok("tax-areas", "add", "LDN", "description=Greater London")
    cli.ok("templates", "set", "T", "tax_area=ldn")
    cli.ok("country-templates", "set", "GB", "template=T", "tax_area=LDN")
    cli.ok("shop", "set", "S", "customer_template=T")
    code, _data, err = cli.run("templates", "remove", "T")
    assert code == 2
    assert err.strip() == ("shop-sync: Template T is not removed: it is used by the Shop Card "
                           "setting customer_template of shop S; the GB country template of "
                           "shop S")
    code, _data, err = cli.run("tax-areas", "remove", "LDN")
    assert code == 2 and "customer template T; the GB country template of shop S" in err
    areas = cli.ok("tax-areas", "list")
    assert areas == [{"code": "LDN", "description": "Greater London", "used_by": [
        "customer template T", "the GB country template of shop S"]}]
    assert cli.ok("templates", "list")[0]["code"] == "T"  # nothing removed


def test_country_templates_list_set_remove_and_every_change_is_a_recorded_run(cli):
    cli.ok("shop", "add", "S", "--demo")
    cli.ok("templates", "add", "T")
    row = cli.ok("country-templates", "set", "fr", "template=T", "county_source=name")
    assert row["changed"] == {"template": {"old": "", "new": "T"},
                              "county_source": {"old": "", "new": "name"}}
    assert cli.ok("country-templates", "list") == [
        {"shop": "S", "country": "FR", "template": "T", "default_customer_no": "",
         "tax_area": "", "county_source": "name"}]
    cli.ok("country-templates", "set", "FR", "county_source=")
    assert cli.ok("country-templates", "list", "--shop", "S")[0]["county_source"] == ""
    cli.ok("country-templates", "remove", "FR")
    assert cli.ok("country-templates", "list") == []
    cli.run("templates", "set", "T", "category=robot")

    runs = cli.ok("log", "--last", "10", "--resource", "local-setup")
    messages = [r["message"] for r in runs]
    assert messages[0] == ("templates set T: template T: category: 'robot' is not one of: "
                           "person, organisation. Nothing was saved.")
    assert runs[0]["status"] == "failed"
    assert [(e["record"], e["field"]) for e in runs[0]["errors"]] == [("template T",
                                                                         "category")]
    assert "country-templates remove FR --shop S: removed." in messages
    assert "templates add T: template T created." in messages


def test_human_output(cli):
    cli.ok("shop", "add", "S", "--demo")
    code = main(["--data-dir", str(cli.data), "templates", "add", "T", "description=Trade"])
    assert code == 0
    assert cli.capsys.readouterr().out == "Template T created.\n"
    main(["--data-dir", str(cli.data), "templates", "list"])
    out = cli.capsys.readouterr().out
    assert out.startswith("T ") and "Trade" in out
    main(["--data-dir", str(cli.data), "country-templates", "list"])
    assert cli.capsys.readouterr().out == "Shop S has no country templates.\n"


def test_a_shipment_method_mapped_on_the_command_line_goes_on_the_documents(cli):
    cli.ok("shop", "add", "S", "--demo")
    cli.ok("templates", "add", "RETAIL")
    cli.ok("shop", "set", "S", "auto_create_items=true", "shipping_charges_account=6100",
           "customer_import=all", "auto_create_customers=true", "customer_template=RETAIL")
    assert cli.ok("mappings", "list") == []
    row = cli.ok("mappings", "set", "shipment-method", "Standard", "std")
    assert (row["kind"], row["shopify_value"], row["local_code"], row["changed"]) == (
        "shipment-method", "Standard", "STD", {"old": "", "new": "STD"})
    cli.run("sync", "customers")
    cli.run("sync", "orders")
    cli.run("orders", "create-documents", "--all")
    open_database(paths.database_path(cli.data))
    try:
        from desktop_app.store.order_models import SalesDocument

        methods = {d.shipment_method for d in SalesDocument.select()}
    finally:
        close_database()
    assert "STD" in methods  # the orders shipped "Standard"
    titles = {r["shopify_value"]: r["local_code"] for r in cli.ok("mappings", "list")
              if r["kind"] == "shipment-method"}
    assert titles["Standard"] == "STD" and len(titles) > 1  # the others wait to be mapped


def test_payment_terms_are_mapped_once_shopify_gave_them_and_payment_methods_refused(cli):
    cli.ok("shop", "add", "S", "--demo")
    code, _data, err = cli.run("mappings", "set", "payment-terms", "Net 30", "N30")
    assert code == 2 and "Shopify has no payment terms 'Net 30' (known: none yet: sync the " \
        "companies first)" in err
    code, _data, err = cli.run("mappings", "set", "payment-method", "manual", "CASH")
    assert code == 2 and "payment methods are not mapped yet" in err
    code, _data, err = cli.run("mappings", "set", "delivery", "x", "Y")
    assert code == 2 and "kind: 'delivery' is not one of" in err
    cli.ok("shop", "set", "S", "company_import=all")
    cli.run("sync", "companies")
    row = cli.ok("mappings", "set", "payment-terms", "net 30", "N30")
    assert (row["shopify_value"], row["local_code"]) == ("Net 30", "N30")
    assert row["shopify_id"].startswith("gid://shopify/PaymentTermsTemplate/")
    terms = {r["shopify_value"]: r["local_code"] for r in cli.ok("mappings", "list")}
    assert terms["Net 30"] == "N30"
    runs = cli.ok("log", "--last", "5", "--resource", "local-setup")
    assert runs[0]["message"] == "mappings set payment-terms net 30 --shop S: 'NET30' -> 'N30'."


def test_locations_are_read_from_the_shop(cli):
    cli.ok("shop", "add", "S", "--demo")
    rows = cli.ok("locations", "list")
    assert rows and all(r["shopify_id"].startswith("gid://shopify/Location/") for r in rows)
    assert {"name", "active", "fulfills_online_orders", "country", "local_code"} <= set(rows[0])
