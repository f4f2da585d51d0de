"""store.queries: shops, customers, items, the Shopify mirror, links, sync state and runs."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import pytest

from desktop_app.errors import NotFoundError, StoreError
from desktop_app.records.customers import AddressRecord, CustomerRecord
from desktop_app.store import queries
from desktop_app.store.models import Customer, ShopifyAddress, SyncError
from desktop_app.store.settings import SettingError

UTC = dt.timezone.utc


@pytest.fixture
def shop(db):
    return queries.create_shop("MAIN", name="Main", domain="main.myshopify.com")


# --- shops -------------------------------------------------------------------------------------


def test_shop_settings_default_then_set(shop):
    assert queries.get_shop("MAIN").get("customer_import") == "with_orders"
    queries.update_shop_settings("MAIN", {"auto_create_customers": "yes", "customer_import": "all"})
    again = queries.get_shop("MAIN")
    assert again.get("auto_create_customers") is True
    assert again.get("customer_import") == "all"
    assert queries.shop_settings("MAIN")["name_source"] == "company"


def test_inconsistent_settings_change_nothing(shop):
    queries.update_shop_settings("MAIN", {"shopify_can_update_customers": True})
    with pytest.raises(SettingError, match="cannot both be on"):
        queries.update_shop_settings(
            "MAIN", {"can_update_shopify_customers": "true", "auto_create_customers": "true"}
        )
    values = queries.shop_settings("MAIN")
    assert values["can_update_shopify_customers"] is False
    assert values["auto_create_customers"] is False


def test_unknown_setting_and_bad_value_are_refused(shop):
    with pytest.raises(SettingError, match="Unknown setting 'colour'"):
        queries.update_shop_settings("MAIN", {"colour": "red"})
    with pytest.raises(SettingError, match="customer_mapping"):
        queries.update_shop_settings("MAIN", {"customer_mapping": "by_magic"})


def test_shop_codes_unique_two_codes_one_store(shop):
    queries.create_shop("MAIN-B2B", domain="main.myshopify.com")
    assert [s.code for s in queries.list_shops()] == ["MAIN", "MAIN-B2B"]
    with pytest.raises(StoreError, match="already exists"):
        queries.create_shop("MAIN")
    with pytest.raises(StoreError, match="1 to 20"):
        queries.create_shop("X" * 21)


def test_get_and_delete_unknown_shop(db):
    with pytest.raises(NotFoundError, match="NOPE"):
        queries.get_shop("NOPE")
    with pytest.raises(NotFoundError):
        queries.delete_shop("NOPE")


def test_save_shop_info_and_delete_cascades(shop):
    queries.save_shop_info(
        "MAIN",
        {"name": "Main Store", "plan": "Basic", "currency": "EUR", "timezone": "Europe/Paris",
         "country": "fr", "api_version": "2026-07", "scopes": ["read_customers", "write_orders"]},
    )
    info = queries.get_shop("MAIN")
    assert (info.shopify_name, info.country, info.scopes) == (
        "Main Store", "FR", ("read_customers", "write_orders"))
    assert info.info_checked_at is not None
    queries.upsert_shopify_customers("MAIN", [CustomerRecord("gid://shopify/Customer/1")])
    run = queries.start_run("MAIN", "customers")
    queries.add_errors(run, [{"record": "r", "field": "f", "message": "m"}])
    queries.delete_shop("MAIN")
    assert queries.list_shops() == []
    assert SyncError.select().count() == 0


# --- customers -----------------------------------------------------------------------------


def _customers(n: int, **extra):
    return [
        {"no": f"C{i:05d}", "name": f"Customer {i}", "email": f"c{i}@example.com",
         "phone": f"+3361234{i:04d}", "city": "Lyon" if i % 2 else "Paris", **extra}
        for i in range(n)
    ]


def test_upsert_customers_creates_updates_and_leaves_identical_rows_alone(db):
    first = queries.upsert_customers(_customers(3))
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    before = queries.get_customer("C00001").updated_at

    rows = _customers(3)
    rows[1]["email"] = "NEW@Example.com; other@example.com"
    second = queries.upsert_customers(rows)
    assert (second.created, second.updated, second.unchanged) == (0, 1, 2)
    assert second.changed_keys == ("C00001",)
    changed = queries.get_customer("C00001")
    assert changed.updated_at > before
    assert queries.get_customer("C00002").updated_at == queries.get_customer("C00002").created_at
    assert [c.no for c in queries.find_customers_by_email("new@example.COM")] == ["C00001"]

    third = queries.upsert_customers(rows)
    assert (third.created, third.updated, third.unchanged) == (0, 0, 3)


def test_upsert_refuses_unknown_field_and_rolls_back(db):
    with pytest.raises(StoreError, match="no field 'colour'"):
        queries.upsert_customers([{"no": "A", "name": "A"}, {"no": "B", "name": "B",
                                                              "colour": "red"}])
    with pytest.raises(StoreError, match="lacks name"):
        queries.upsert_customers([{"no": "A", "name": "A"}, {"no": "B"}])
    assert Customer.select().count() == 0


def test_list_customers_search_filters_and_paging(db):
    queries.upsert_customers(_customers(30))
    queries.upsert_customers([{"no": "X1", "name": "100% pure_joy", "phone": "+12125551234"}])
    assert [c.no for c in queries.list_customers("c7@EXAMPLE")] == ["C00007"]
    assert [c.no for c in queries.list_customers("100%")] == ["X1"]
    assert [c.no for c in queries.list_customers("p_re")] == []  # "_" is literal, not a wildcard
    assert [c.no for c in queries.list_customers("(212) 555-1234")] == ["X1"]
    page = queries.list_customers(limit=5, offset=10)
    assert [c.no for c in page] == [f"C{i:05d}" for i in range(10, 15)]
    assert queries.count_customers("Lyon") == 15
    by_name = queries.list_customers(order_by="name", descending=True, limit=1)
    assert by_name[0].name == "Customer 9"


def test_set_web_upload_returns_unknown_numbers_and_keeps_updated_at(db):
    queries.create_shop("ONE", domain="one.myshopify.com")
    queries.upsert_customers(_customers(5))
    before = queries.get_customer("C00002").updated_at
    unknown = queries.set_web_upload(["C00002", "NOPE", "C00004", "NOPE"], True)
    assert unknown == ["NOPE"]
    assert [c.no for c in queries.list_customers(web_upload_only=True)] == ["C00002", "C00004"]
    assert queries.get_customer("C00002").updated_at == before
    queries.set_web_upload(["C00002"], False)
    assert queries.count_customers(web_upload_only=True) == 1


def test_get_customer_unknown(db):
    with pytest.raises(NotFoundError, match="'Z9'"):
        queries.get_customer("Z9")


def test_create_update_and_next_number(db):
    assert queries.next_customer_no("C") == "C00001"
    queries.create_customer({"no": "C00041", "name": "A"})
    queries.create_customer({"no": "CX", "name": "not numbered"})
    assert queries.next_customer_no("C") == "C00042"
    with pytest.raises(StoreError, match="already exists"):
        queries.create_customer({"no": "C00041", "name": "B"})
    assert queries.update_customer("C00041", {"city": "Nice"}) is True
    assert queries.update_customer("C00041", {"city": "Nice"}) is False
    with pytest.raises(NotFoundError):
        queries.update_customer("NOPE", {"city": "Nice"})


def test_list_customers_is_fast_over_100k_rows(db):
    rows = [
        {"no": f"C{i:06d}", "name": f"Name {i}", "email": f"p{i}@shop{i % 97}.example",
         "phone": f"+3361{i:07d}", "city": f"City {i % 500}"}
        for i in range(100_000)
    ]
    started = time.perf_counter()
    queries.upsert_customers(rows)
    loaded = time.perf_counter() - started

    started = time.perf_counter()
    page = queries.list_customers("shop42.example", limit=200)
    total = queries.count_customers("shop42.example")
    searched = time.perf_counter() - started
    started = time.perf_counter()
    queries.list_customers(limit=200, offset=50_000)
    paged = time.perf_counter() - started
    print(f"100k customers: insert {loaded:.2f}s, search+count {searched * 1000:.0f} ms, "
          f"page {paged * 1000:.0f} ms")
    assert len(page) == 200 and total == 1031
    assert searched < 1.0 and paged < 0.5


# --- items -----------------------------------------------------------------------------------


def test_items_upsert_decimal_and_sku_unique(db):
    result = queries.upsert_items([
        {"no": "I1", "description": "Mug", "sku": "MUG-1", "unit_price": "12.5"},
        {"no": "I2", "description": "Cup", "sku": "", "unit_price": Decimal("0.10")},
        {"no": "I3", "description": "Bowl", "sku": "", "unit_price": "3"},
    ])
    assert result.created == 3
    item = queries.get_item("I1")
    assert item.unit_price == Decimal("12.5") and isinstance(item.unit_price, Decimal)
    assert queries.get_item("I2").unit_price == Decimal("0.1000")
    assert queries.upsert_items([{"no": "I1", "unit_price": "12.50"}]).unchanged == 1
    with pytest.raises(StoreError, match="SKU"):
        queries.upsert_items([{"no": "I2", "sku": "MUG-1"}])
    assert queries.get_item("I2").sku == ""
    assert queries.item_skus() == {"MUG-1": "I1"}
    assert [i.no for i in queries.list_items("mug")] == ["I1"]


# --- Shopify mirror and links ---------------------------------------------------------------


def _sc(n: int, *addresses: AddressRecord, **kw) -> CustomerRecord:
    return CustomerRecord(
        f"gid://shopify/Customer/{n}", first_name="Ann", last_name=f"Lee{n}",
        email=f"ann{n}@example.com", phone="+33612345678",
        updated_at=dt.datetime(2026, 1, 1, tzinfo=UTC), addresses=addresses, **kw,
    )


def _addr(n: int, city: str = "Paris", default: bool = False) -> AddressRecord:
    return AddressRecord(f"gid://shopify/MailingAddress/{n}", is_default=default, city=city,
                         country_code="FR")


def test_upsert_shopify_customers_replaces_addresses_by_id(shop):
    r = queries.upsert_shopify_customers("MAIN", [_sc(1, _addr(1, default=True), _addr(2))])
    assert (r.created, r.updated) == (1, 0)
    r = queries.upsert_shopify_customers("MAIN", [_sc(1, _addr(2, city="Lille"), _addr(3))])
    assert (r.created, r.updated, r.unchanged) == (0, 1, 0)
    staged = queries.get_shopify_customer("MAIN", "gid://shopify/Customer/1")
    assert [(a.shopify_id[-1], a.city) for a in staged.addresses] == [("2", "Lille"), ("3", "Paris")]
    assert ShopifyAddress.select().count() == 2
    again = queries.upsert_shopify_customers("MAIN", [_sc(1, _addr(2, city="Lille"), _addr(3))])
    assert again.unchanged == 1
    kept = queries.upsert_shopify_customers(
        "MAIN", [dict(shopify_id="gid://shopify/Customer/1", first_name="Anne", addresses=None)]
    )
    assert kept.updated == 1 and ShopifyAddress.select().count() == 2


def test_same_shopify_id_in_two_shops_is_two_rows(shop):
    queries.create_shop("OTHER", domain="other.myshopify.com")
    queries.upsert_shopify_customers("MAIN", [_sc(1)])
    queries.upsert_shopify_customers("OTHER", [_sc(1)])
    assert len(queries.list_shopify_customers("MAIN")) == 1
    assert len(queries.list_shopify_customers("OTHER")) == 1


def test_link_refuses_when_linked_elsewhere_and_unlink(shop):
    queries.upsert_customers(_customers(3))
    queries.upsert_shopify_customers("MAIN", [_sc(1), _sc(2)])
    gid1, gid2 = "gid://shopify/Customer/1", "gid://shopify/Customer/2"
    queries.link_customer("MAIN", "C00001", gid1)
    queries.link_customer("MAIN", "C00001", gid1)  # same link again: fine
    queries.link_customer("MAIN", "C00001", gid2, reason="email")  # two Shopify ids, one local
    with pytest.raises(queries.LinkConflictError, match="C00001"):
        queries.link_customer("MAIN", "C00002", gid1)
    with pytest.raises(NotFoundError, match="sync customers first"):
        queries.link_customer("MAIN", "C00002", "gid://shopify/Customer/99")
    assert [(l.shopify_id, l.customer_no, l.match_reason) for l in queries.list_links("MAIN")] == [
        (gid1, "C00001", "manual"), (gid2, "C00001", "email")]
    assert queries.get_customer("C00001", shop="MAIN").shopify_id == gid1
    cli = {r["no"]: r for r in queries.customers_for_cli("MAIN")}
    assert cli["C00001"]["shopify_id"] == gid1 and cli["C00002"]["shopify_id"] is None
    assert {"no", "name", "email", "phone", "country", "shopify_id", "web_upload"} <= set(
        cli["C00001"])
    assert queries.count_customers(shop="MAIN", linked=True) == 1
    assert queries.unlink_customer("MAIN", "C00001") == [gid1, gid2]
    assert queries.list_links("MAIN") == []
    assert queries.unlink_customer("MAIN", "C00001") == []


def test_deleting_a_customer_clears_its_links(shop):
    queries.upsert_customers(_customers(1))
    queries.upsert_shopify_customers("MAIN", [_sc(1)])
    queries.link_customer("MAIN", "C00000", "gid://shopify/Customer/1")
    Customer.get(Customer.no == "C00000").delete_instance()
    assert queries.get_shopify_customer("MAIN", "gid://shopify/Customer/1").customer_no is None


def test_set_match_review_and_find(shop):
    queries.upsert_customers(_customers(2))
    queries.upsert_shopify_customers("MAIN", [_sc(1), _sc(2)])
    queries.set_match("MAIN", "gid://shopify/Customer/1", None, review_state="ambiguous",
                      review_note="C00000, C00001 share the e-mail")
    review = queries.list_shopify_customers("MAIN", review_state="ambiguous")
    assert [r.shopify_id for r in review] == ["gid://shopify/Customer/1"]
    found = queries.find_shopify_customers("MAIN", email="ANN2@example.com")
    assert [r.shopify_id for r in found] == ["gid://shopify/Customer/2"]
    assert len(queries.find_shopify_customers("MAIN", phone="+33612345678")) == 2
    when = dt.datetime(2026, 2, 3, 4, 5, 6, tzinfo=UTC)
    queries.mark_updated_by_app("MAIN", "gid://shopify/Customer/2", when)
    assert queries.get_shopify_customer("MAIN", "gid://shopify/Customer/2").last_updated_by_app == when


# --- sync state and runs ----------------------------------------------------------------------


def test_sync_state_partial_updates(shop):
    assert queries.get_sync_state("MAIN", "customers").watermark is None
    mark = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    queries.set_sync_state("MAIN", "customers", watermark=mark, data={"pages": 3})
    queries.set_sync_state("MAIN", "customers", cursor="abc")
    state = queries.get_sync_state("MAIN", "customers")
    assert state.watermark == mark and state.watermark.tzinfo == UTC
    assert (state.cursor, state.data) == ("abc", {"pages": 3})


def test_naive_datetimes_are_refused(shop):
    with pytest.raises(ValueError, match="naive"):
        queries.set_sync_state("MAIN", "customers", watermark=dt.datetime(2026, 1, 1))


def test_runs_with_errors_newest_first(shop):
    class Result:  # the shape of sync.results.SyncResult
        created, updated, skipped, failed, api_cost, requests = 2, 1, 0, 2, 12.5, 3
        errors = [{"record": "gid://shopify/Customer/9", "field": "phone",
                   "message": "too short"},
                  {"record": "gid://shopify/Customer/8", "field": "country",
                   "message": "unknown"}]

    first = queries.start_run("MAIN", "customers")
    queries.add_errors(first, Result.errors[:1])
    queries.finish_run(first, "partial", Result())
    second = queries.start_run("MAIN", "orders")
    queries.finish_run(second, "ok")
    runs = queries.list_runs(last=5)
    assert [r["id"] for r in runs] == [second, first]
    assert runs[1]["status"] == "partial" and runs[1]["api_cost"] == 12.5
    assert [e["field"] for e in runs[1]["errors"]] == ["phone", "country"]  # no duplicate
    assert queries.list_runs(last=1)[0]["resource"] == "orders"
    headers = queries.list_runs(last=5, with_errors=False)  # the window's "Last sync" label
    assert [(r["id"], r["failed"], r["errors"]) for r in headers] == [
        (second, 0, []), (first, runs[1]["failed"], [])]
    assert queries.unresolved_error_records("MAIN", "customers") == [
        "gid://shopify/Customer/8", "gid://shopify/Customer/9"]
    assert queries.resolve_errors("MAIN", "customers", ["gid://shopify/Customer/9"]) == 1
    assert queries.unresolved_error_records("MAIN", "customers") == ["gid://shopify/Customer/8"]
    with pytest.raises(StoreError, match="status"):
        queries.finish_run(first, "great")


def test_templates_and_tax_areas(shop):
    queries.save_customer_template({"code": "EU", "country": "FR", "tax_area": "EU-VAT"})
    assert queries.get_customer_template("EU").tax_area == "EU-VAT"
    assert queries.get_shop_customer_template("MAIN", "us") is None
    created = queries.get_shop_customer_template("MAIN", "us", create_missing=True)
    assert created == queries.ShopCustomerTemplateRecord("US")
    queries.set_shop_customer_template("MAIN", "US", template_code="US", tax_area="US-TAX")
    assert queries.get_shop_customer_template("MAIN", "US").template_code == "US"
    queries.set_tax_areas("MAIN", [
        {"country_code": "US", "county_code": "NY", "county_name": "New York"},
        {"country_code": "US", "county_code": "NJ", "county_name": "New Jersey"},
    ])
    assert queries.find_tax_area("MAIN", "US", name="new york").county_code == "NY"
    assert queries.find_tax_area("MAIN", "US", name="New J").county_code == "NJ"
    assert queries.find_tax_area("MAIN", "US", code="NJ").county_name == "New Jersey"
    assert queries.find_tax_area("MAIN", "US", code="CA") is None
