"""The setup tables' checked changes (issue 17): customer templates, per-country templates,
tax areas; and schema v14 that adds the tax area codes and the per-country county source."""

from __future__ import annotations

import sqlite3

import pytest

from desktop_app.errors import NotFoundError
from desktop_app.store import customer_templates as ct
from desktop_app.store import shops
from desktop_app.store.database import close_database, open_database
from desktop_app.store.migrations import MIGRATIONS, runner
from desktop_app.store.models import ShopCustomerTemplate
from desktop_app.store.setup_checks import SetupInUseError, SetupValueError
from desktop_app.store.tax_area_codes import (
    TaxAreaCode,
    add_tax_area_code,
    list_tax_area_codes,
    remove_tax_area_code,
)


def test_tax_area_code_model_matches_the_migrated_schema(db):
    info = {row[1]: row for row in db.execute_sql("PRAGMA table_info(tax_area_code)")}
    fields = {f.column_name for f in TaxAreaCode._meta.sorted_fields}
    assert set(info) == fields
    columns = {r[1] for r in db.execute_sql("PRAGMA table_info(shop_customer_template)")}
    assert "county_source" in columns


def test_v14_keeps_every_tax_area_code_already_typed(tmp_path):
    path = tmp_path / "old.sqlite3"
    import peewee

    raw = peewee.SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    raw.connect()
    runner.migrate(raw, path, MIGRATIONS[:13])
    raw.execute_sql("INSERT INTO shop (code, name, settings, created_at) VALUES "
                    "('S', 'S', '{}', '2025-01-01 00:00:00.000000')")
    raw.execute_sql("INSERT INTO customer_template (code, tax_area) VALUES ('T1', 'NY')")
    raw.execute_sql("INSERT INTO shop_customer_template (shop_id, country_code, tax_area) "
                    "VALUES (1, 'US', 'CA')")
    raw.execute_sql("INSERT INTO tax_area (shop_id, country_code, county_code, county_name, "
                    "tax_area_code) VALUES (1, 'US', 'NY', 'New York', 'NY')")
    raw.close()
    open_database(path)
    try:
        assert [r.code for r in list_tax_area_codes()] == ["CA", "NY"]
        assert ct.list_shop_customer_templates("S")[0].county_source == ""
    finally:
        close_database()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_template_code_rules_name_the_field(db):
    with pytest.raises(SetupValueError, match="code: a code is needed"):
        ct.add_template("  ")
    with pytest.raises(SetupValueError, match="longer than 20"):
        ct.add_template("X" * 21)
    with pytest.raises(SetupValueError, match="no spaces"):
        ct.add_template("WHOLE SALE")
    made = ct.add_template("wholesale", {"description": "Trade", "country": "gb"})
    assert (made.code, made.country) == ("WHOLESALE", "GB")
    with pytest.raises(SetupValueError, match="already exists"):
        ct.add_template("WHOLESALE")


@pytest.mark.parametrize(("field", "value", "said"), [
    ("tax_area", "NOPE", "template T: tax_area: there is no tax area 'NOPE'"),
    ("country", "XX", "template T: country: 'XX' is not a two-letter country code"),
    ("currency", "EURO", "template T: currency: 'EURO' is not a three-letter currency"),
    ("category", "robot", "template T: category: 'robot' is not one of"),
    ("tax_liable", "maybe", "template T: tax_liable: 'maybe' is not true or false"),
    ("colour", "red", "template T: colour: unknown field"),
    ("payment_terms", "30 DAYS", "template T: payment_terms: '30 DAYS' may hold only"),
])
def test_template_values_are_refused_naming_record_and_field(db, field, value, said):
    with pytest.raises(SetupValueError) as info:
        ct.add_template("T", {field: value})
    assert str(info.value).startswith(said)
    assert info.value.field == field
    assert info.value.kind  # the window translates by it
    assert ct.list_customer_templates() == []  # nothing saved


def test_template_set_changes_only_what_differs_and_checks_tax_area(db):
    add_tax_area_code("ny", "New York")
    ct.add_template("T")
    saved, changes = ct.set_template("t", {"tax_area": "ny", "tax_liable": "true",
                                           "description": ""})
    assert changes == {"tax_area": ("", "NY"), "tax_liable": (False, True)}
    assert (saved.tax_area, saved.tax_liable) == ("NY", True)
    with pytest.raises(NotFoundError):
        ct.set_template("NONE", {"description": "x"})


def test_removing_a_template_in_use_is_refused_naming_each_user(db):
    shops.create_shop("S1", api_url="http://127.0.0.1:1", settings={"customer_template": "T"})
    shops.create_shop("S2", api_url="http://127.0.0.1:2")
    ct.add_template("T")
    ct.set_country_template("S2", "fr", {"template": "T"})
    with pytest.raises(SetupInUseError) as info:
        ct.remove_template("T")
    assert str(info.value) == (
        "Template T is not removed: it is used by the Shop Card setting customer_template "
        "of shop S1; the FR country template of shop S2")
    ct.remove_country_template("S2", "FR")
    shops.update_shop_settings("S1", {"customer_template": ""})
    assert ct.remove_template("T").code == "T"
    assert ct.list_customer_templates() == []


def test_country_template_checks_each_code_it_names(db):
    shops.create_shop("S", api_url="http://127.0.0.1:1")
    with pytest.raises(SetupValueError, match="GB country template of shop S: template: "
                       "there is no customer template 'NOPE'"):
        ct.set_country_template("S", "GB", {"template": "NOPE"})
    with pytest.raises(SetupValueError, match="default_customer_no: there is no local "
                       "customer 'X9999'"):
        ct.set_country_template("S", "GB", {"default_customer_no": "X9999"})
    with pytest.raises(SetupValueError, match="county_source: 'zip' is not one of"):
        ct.set_country_template("S", "GB", {"county_source": "zip"})
    with pytest.raises(SetupValueError, match="shop S: country: 'UK' is not"):
        ct.set_country_template("S", "UK", {})
    assert ShopCustomerTemplate.select().count() == 0
    _customer("C1")
    ct.add_template("RETAIL")
    add_tax_area_code("LDN")
    row, changes = ct.set_country_template("S", "gb", {
        "template": "retail", "default_customer_no": "C1", "tax_area": "ldn",
        "county_source": "Name"})
    assert row == ct.ShopCustomerTemplateRecord("GB", "C1", "RETAIL", "LDN", "name")
    assert set(changes) == {"template", "default_customer_no", "tax_area", "county_source"}
    row, changes = ct.set_country_template("S", "GB", {"tax_area": ""})
    assert (row.template_code, row.tax_area, changes) == ("RETAIL", "", {"tax_area": ("LDN", "")})


def _customer(no: str) -> None:
    from desktop_app.store.models import Customer

    Customer.create(no=no, name="Alpha")


def test_tax_area_in_use_is_not_removed(db):
    shops.create_shop("S", api_url="http://127.0.0.1:1")
    add_tax_area_code("NY")
    ct.set_tax_areas("S", [{"country_code": "US", "county_code": "NY",
                            "county_name": "New York", "tax_area_code": "NY"}])
    with pytest.raises(SetupInUseError, match="used by county US-NY of shop S"):
        remove_tax_area_code("NY")
    record, created = add_tax_area_code("CA", "California")
    assert created and record.description == "California"
    _record, created = add_tax_area_code("ca", "Calif.")
    assert not created
    assert remove_tax_area_code("ca").description == "Calif."
    with pytest.raises(NotFoundError):
        remove_tax_area_code("CA")


def test_shopify_location_model_matches_the_v15_schema(db):
    from desktop_app.store.shopify_locations import ShopifyLocationLink

    info = {row[1] for row in db.execute_sql("PRAGMA table_info(shopify_location)")}
    assert info == {f.column_name for f in ShopifyLocationLink._meta.sorted_fields}
    indexes = {row[1]: row[2] for row in db.execute_sql("PRAGMA index_list(shopify_location)")}
    assert indexes.get("shopify_location_shop_id_shopify_id") == 1  # unique


def test_unknown_fields_are_refused_naming_those_that_can_be_set(db):
    shops.create_shop("S", api_url="http://127.0.0.1:1")
    calls = [
        (lambda: ct.add_template("T", {"description": "x", "colour": "red"}),
         "template T: colour: unknown field (known: description, country, tax_area, "
         "tax_liable, payment_terms, currency, category, customer_posting_group, "
         "gen_bus_posting_group, vat_bus_posting_group)"),
        (lambda: ct.set_country_template("S", "GB", {"tax_area": "", "colour": "red"}),
         "GB country template of shop S: colour: unknown field (known: template, "
         "default_customer_no, tax_area, county_source)"),
        (lambda: ct.set_county("S", "US", "NY", {"name": "New York", "colour": "red"}),
         "county US-NY of shop S: colour: unknown field (known: name, tax_area, tax_liable)"),
    ]
    for call, said in calls:
        with pytest.raises(SetupValueError) as info:
            call()
        assert str(info.value) == said
        assert (info.value.field, info.value.kind) == ("colour", "unknown_field")
