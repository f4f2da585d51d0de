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
    cli.ok("shop", "add", "S", "--demo", "--bare")
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
    cli.ok("shop", "add", "S", "--demo", "--bare")
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
    cli.ok("shop", "add", "S", "--demo", "--bare")
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
    cli.ok("shop", "add", "S", "--demo", "--bare")
    code = main(["--data-dir", str(cli.data), "templates", "add", "T", "description=Trade"])
    assert code == 0
    assert cli.capsys.readouterr().out == "Template T created.\n"
    main(["--data-dir", str(cli.data), "templates", "list"])
    out = cli.capsys.readouterr().out
    assert out.startswith("T ") and "Trade" in out
    main(["--data-dir", str(cli.data), "country-templates", "list"])
    assert cli.capsys.readouterr().out == "Shop S has no country templates.\n"


def test_a_shipment_method_mapped_on_the_command_line_goes_on_the_documents(cli):
    cli.ok("shop", "add", "S", "--demo", "--bare")
    cli.ok("templates", "add", "RETAIL")
    cli.ok("accounts", "add", "6100")
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


def test_payment_terms_are_mapped_once_shopify_gave_them(cli):
    cli.ok("shop", "add", "S", "--demo", "--bare")
    code, _data, err = cli.run("mappings", "set", "payment-terms", "Net 30", "N30")
    assert code == 2 and "Shopify has no payment terms 'Net 30' (known: none yet: sync the " \
        "companies first)" in err
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
    assert runs[0]["message"] == "mappings set payment-terms net 30 --shop S: local_code 'NET30' -> 'N30'."


def test_locations_are_read_from_the_shop(cli):
    cli.ok("shop", "add", "S", "--demo", "--bare")
    rows = cli.ok("locations", "list")
    assert rows and all(r["shopify_id"].startswith("gid://shopify/Location/") for r in rows)
    assert {"name", "active", "fulfills_online_orders", "country", "local_code"} <= set(rows[0])


def test_a_country_templates_county_source_overrides_the_shop_cards_for_that_country(cli):
    """CA set to `name` while the card says `code`: Canadian customers get the province
    name, the others (US) its code. Control: without the CA row every county is a code."""
    cli.ok("shop", "add", "S", "--demo", "--bare")
    cli.ok("templates", "add", "WEB")
    cli.ok("shop", "set", "S", "auto_create_customers=true", "customer_import=all",
           "customer_template=WEB", "county_source=code")
    saved = cli.ok("country-templates", "set", "CA", "county_source=name")
    assert saved["county_source"] == "name" and saved["template"] == ""
    code, result, err = cli.run("sync", "customers")
    assert code in (0, 1), err
    open_database(paths.database_path(cli.data))
    try:
        counties = {(c.country, c.county) for c in Customer.select() if c.county}
    finally:
        close_database()
    canadian = {county for cc, county in counties if cc == "CA"}
    american = {county for cc, county in counties if cc == "US"}
    assert canadian and american, counties
    assert "Ontario" in canadian or "Quebec" in canadian or "British Columbia" in canadian
    assert all(len(county) > 2 for county in canadian), canadian  # names, not codes
    assert all(len(county) == 2 and county.isupper() for county in american), american


def test_export_reads_a_canadian_county_by_name_when_its_country_row_says_so():
    """Local -> Shopify: with CA on `name`, "Ontario" is sent as ON; a US "NY" stays a code."""
    from desktop_app.records.settings import ShopSettings
    from desktop_app.sync.rules.county_sources import CountySources
    from desktop_app.sync.rules.export import ExportSettings, prepare_customer
    from desktop_app.sync.rules.records import LocalCustomerRow

    sources = CountySources.of("code", {"CA": "name"})
    settings = ExportSettings.from_shop(ShopSettings(county_source="code"), "US",
                                        county_sources=sources)

    def province(country: str, county: str, phone: str) -> str | None:
        prepared = prepare_customer(LocalCustomerRow(
            "C1", name="Ann Lee", address="1 Main St", city="Town", post_code="K1A 0B1",
            county=county, country=country, phone=phone, email="ann@example.com"), settings)
        assert prepared.input is not None and prepared.input.address is not None, prepared
        return prepared.input.address.province_code

    assert province("CA", "Ontario", "613-450-5293") == "ON"
    assert province("US", "NY", "212-555-0100") == "NY"
    code_only = ExportSettings.from_shop(ShopSettings(county_source="code"), "US")
    assert prepare_customer(LocalCustomerRow(
        "C1", name="Ann Lee", address="1 Main St", city="Town", post_code="K1A 0B1",
        county="Ontario", country="CA", phone="613-450-5293", email="ann@example.com"),
        code_only).input is None  # control: the card alone refuses a name


def test_locations_set_links_local_codes_that_list_shows(cli):
    cli.ok("shop", "add", "S", "--demo", "--bare")
    rows = cli.ok("locations", "list")
    assert all(r["local_code"] == "" and r["in_shopify"] for r in rows)
    first, second = rows[0], rows[1]
    number = first["shopify_id"].rsplit("/", 1)[-1]
    saved = cli.ok("locations", "set", number, "east")
    assert (saved["location_code"], saved["changed"]) == ("EAST", {"old": "", "new": "EAST"})
    cli.ok("locations", "set", second["name"].upper(), "ret", "--return")
    listed = {r["shopify_id"]: r for r in cli.ok("locations", "list")}
    assert (listed[first["shopify_id"]]["local_code"],
            listed[first["shopify_id"]]["return_location_code"]) == ("EAST", "")
    assert (listed[second["shopify_id"]]["local_code"],
            listed[second["shopify_id"]]["return_location_code"]) == ("", "RET")
    runs = cli.ok("log", "--last", "1", "--resource", "local-setup")
    assert runs[0]["message"].endswith(": return location '' -> 'RET'.")

    for args, said in [
        (("locations", "set", "999999", "X"), "Shopify location '999999': the shop has no "
         "such location (known: "),
        (("locations", "set", number, "BAD CODE"), f"Shopify location '{first['name']}' of "
         "shop S: location_code: 'BAD CODE' may hold only"),
    ]:
        code, data, err = cli.run(*args)
        assert code == 2 and data is None, (args, err)
        assert err.strip().startswith(f"shop-sync: {said}"), err
    assert main(["--data-dir", str(cli.data), "locations", "list"]) == 0
    text = cli.capsys.readouterr().out
    assert "-> EAST" in text and "returns RET" in text


def test_counties_give_tax_areas_and_are_checked_like_every_setup_row(cli):
    cli.ok("shop", "add", "S", "--demo", "--bare")
    assert cli.ok("counties", "list") == []
    code, _data, err = cli.run("counties", "set", "CA", "ON", "tax_area=HST")
    assert code == 2 and err.strip().startswith(
        "shop-sync: county CA-ON of shop S: tax_area: there is no tax area 'HST'"), err
    cli.ok("tax-areas", "add", "HST", "description=Harmonized sales tax")
    saved = cli.ok("counties", "set", "ca", "on", "name=Ontario", "tax_area=hst",
                   "tax_liable=yes")
    assert (saved["country"], saved["county"], saved["name"], saved["tax_area"],
            saved["tax_liable"]) == ("CA", "ON", "Ontario", "HST", True)
    for args, said in [
        (("counties", "set", "XX", "ON"), "shop S: country: 'XX' is not a two-letter"),
        (("counties", "set", "CA", "TOOLONGCODE1"), "county CA-TOOLONGCODE1 of shop S: "
         "county_code: 'TOOLONGCODE1' is longer than 10 characters"),
        (("counties", "set", "CA", "ON", "colour=red"), "unknown field 'colour'"),
        (("tax-areas", "remove", "HST"), "Tax area HST is not removed: it is used by county "
         "CA-ON of shop S"),
    ]:
        code, data, err = cli.run(*args)
        assert code == 2 and data is None, (args, err)
        assert err.strip().startswith(f"shop-sync: {said}"), (args, err)
    again = cli.ok("counties", "set", "CA", "ON", "tax_liable=false")
    assert again["changed"] == {"tax_liable": {"old": True, "new": False}}
    assert [r["county"] for r in cli.ok("counties", "list")] == ["ON"]
    assert cli.ok("counties", "remove", "CA", "ON") == {"shop": "S", "removed": "CA-ON"}
    assert cli.ok("counties", "list") == []
    runs = cli.ok("log", "--last", "1", "--resource", "local-setup")
    assert runs[0]["message"] == "counties remove CA ON --shop S: removed."


def test_documents_take_tax_areas_and_shopify_order_numbers_set_up_on_the_command_line(cli):
    """Counties with tax areas, the tax area priority and the order number option, all set
    with the command line, then a demo sync: each Canadian document whose ship-to is in a
    county gets its tax area; every document is numbered as its Shopify order."""
    cli.ok("shop", "add", "S", "--demo", "--bare")
    cli.ok("templates", "add", "RETAIL")
    cli.ok("tax-areas", "add", "HST")
    cli.ok("tax-areas", "add", "QST")
    cli.ok("counties", "set", "CA", "ON", "name=Ontario", "tax_area=HST", "tax_liable=true")
    cli.ok("counties", "set", "CA", "QC", "name=Quebec", "tax_area=QST", "tax_liable=true")
    code, _data, err = cli.run("shop", "set", "S", "tax_area_priority=ship_first")
    assert code == 2 and "tax_area_priority" in err  # a choice, checked
    cli.ok("accounts", "add", "6100")
    cli.ok("shop", "set", "S", "auto_create_items=true", "shipping_charges_account=6100",
           "customer_import=all", "auto_create_customers=true", "customer_template=RETAIL",
           "tax_area_priority=ship_bill_sell", "use_shopify_order_no=true")
    cli.run("sync", "customers")
    cli.run("sync", "orders")
    cli.run("orders", "create-documents", "--all")
    documents = cli.ok("documents", "list")
    made = [d for d in documents if d["shopify_order_id"]]
    assert made
    open_database(paths.database_path(cli.data))
    try:
        from desktop_app.store.order_models import SalesDocument, ShopifyOrder

        names = {o.shopify_id: o.name for o in ShopifyOrder.select()}
        counties = {d.no: (d.ship_to_country, d.ship_to_county) for d in SalesDocument.select()}
    finally:
        close_database()
    assert all(d["no"] == names[d["shopify_order_id"]] for d in made), made[:3]
    expected = {("CA", "ON"): "HST", ("CA", "QC"): "QST"}
    taxed = [d for d in made if counties[d["no"]] in expected]
    assert taxed, "the demo ships to Ontario and Quebec"
    assert all(d["tax_area"] == expected[counties[d["no"]]] and d["tax_liable"]
               for d in taxed)
    assert all(d["tax_area"] is None for d in made if counties[d["no"]][0] not in ("CA", ""))
