"""The store by subject: shops, customers, items, the Shopify mirror, links, sync state and runs."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import pytest

from desktop_app.errors import NotFoundError, StoreError
from desktop_app.records.customers import AddressRecord, CustomerRecord
from desktop_app.store import (
    customer_templates,
    customers,
    items,
    shop_removal,
    shopify_customers,
    shops,
)
from desktop_app.store.models import Customer, RunError, ShopifyAddress
from desktop_app.store.runs import (
    RunFilter,
    add_errors,
    finish_run,
    get_sync_state,
    resolve_errors,
    run_dicts,
    set_sync_state,
    start_run,
    unresolved_error_records,
)
from desktop_app.store.settings import SettingError

UTC = dt.timezone.utc


@pytest.fixture
def shop(db):
    return shops.create_shop("MAIN", name="Main", domain="main.myshopify.com")


# --- shops -------------------------------------------------------------------------------------


def test_shop_settings_default_then_set(shop):
    assert shops.get_shop("MAIN").get("customer_import") == "with_orders"
    shops.update_shop_settings("MAIN", {"auto_create_customers": "yes", "customer_import": "all"})
    again = shops.get_shop("MAIN")
    assert again.get("auto_create_customers") is True
    assert again.get("customer_import") == "all"
    assert shops.shop_settings("MAIN").name_source == "company"


def test_inconsistent_settings_change_nothing(shop):
    with pytest.raises(SettingError, match="needs 'auto_create_orders'"):
        shops.update_shop_settings(
            "MAIN", {"return_processing": "auto_credit_memo", "auto_create_customers": "true"}
        )
    values = shops.shop_settings("MAIN")
    assert values.return_processing != "auto_credit_memo"
    assert values.auto_create_customers is False


def test_both_customer_update_directions_may_be_on(shop):
    """Issue 19: two-way customer edits (Business Central refused both on at once)."""
    shops.update_shop_settings("MAIN", {"shopify_can_update_customers": True})
    shops.update_shop_settings("MAIN", {"can_update_shopify_customers": "true"})
    values = shops.shop_settings("MAIN")
    assert values.shopify_can_update_customers and values.can_update_shopify_customers


def test_unknown_setting_and_bad_value_are_refused(shop):
    with pytest.raises(SettingError, match="Unknown setting 'colour'"):
        shops.update_shop_settings("MAIN", {"colour": "red"})
    with pytest.raises(SettingError, match="customer_mapping"):
        shops.update_shop_settings("MAIN", {"customer_mapping": "by_magic"})


def test_shop_codes_unique_two_codes_one_store(shop):
    shops.create_shop("MAIN-B2B", domain="main.myshopify.com")
    assert [s.code for s in shops.list_shops()] == ["MAIN", "MAIN-B2B"]
    with pytest.raises(StoreError, match="already exists"):
        shops.create_shop("MAIN")
    with pytest.raises(StoreError, match="1 to 20"):
        shops.create_shop("X" * 21)


def test_get_and_delete_unknown_shop(db):
    with pytest.raises(NotFoundError, match="NOPE"):
        shops.get_shop("NOPE")
    with pytest.raises(NotFoundError):
        shop_removal.delete_shop("NOPE")


def test_save_shop_info_and_delete_cascades(shop):
    shops.save_shop_info(
        "MAIN",
        {"name": "Main Store", "plan": "Basic", "currency": "EUR", "timezone": "Europe/Paris",
         "country": "fr", "api_version": "2026-07", "scopes": ["read_customers", "write_orders"]},
    )
    info = shops.get_shop("MAIN")
    assert (info.shopify_name, info.country, info.scopes) == (
        "Main Store", "FR", ("read_customers", "write_orders"))
    assert info.info_checked_at is not None
    shopify_customers.upsert_shopify_customers("MAIN", [CustomerRecord("gid://shopify/Customer/1")])
    run = start_run("MAIN", "customers")
    add_errors(run, [{"record": "r", "field": "f", "message": "m"}])
    shop_removal.delete_shop("MAIN")
    assert shops.list_shops() == []
    assert RunError.select().count() == 0


# --- customers -----------------------------------------------------------------------------


def _customers(n: int, **extra):
    return [
        {"no": f"C{i:05d}", "name": f"Customer {i}", "email": f"c{i}@example.com",
         "phone": f"+3361234{i:04d}", "city": "Lyon" if i % 2 else "Paris", **extra}
        for i in range(n)
    ]


def test_upsert_customers_creates_updates_and_leaves_identical_rows_alone(db):
    first = customers.upsert_customers(_customers(3))
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    before = customers.get_customer("C00001").updated_at

    rows = _customers(3)
    rows[1]["email"] = "NEW@Example.com; other@example.com"
    second = customers.upsert_customers(rows)
    assert (second.created, second.updated, second.unchanged) == (0, 1, 2)
    assert second.changed_keys == ("C00001",)
    changed = customers.get_customer("C00001")
    assert changed.updated_at > before
    assert customers.get_customer("C00002").updated_at == customers.get_customer("C00002").created_at
    assert [c.no for c in customers.find_customers_by_email("new@example.COM")] == ["C00001"]

    third = customers.upsert_customers(rows)
    assert (third.created, third.updated, third.unchanged) == (0, 0, 3)


def test_upsert_refuses_unknown_field_and_rolls_back(db):
    with pytest.raises(StoreError, match="no field 'colour'"):
        customers.upsert_customers([{"no": "A", "name": "A"}, {"no": "B", "name": "B",
                                                              "colour": "red"}])
    with pytest.raises(StoreError, match="lacks name"):
        customers.upsert_customers([{"no": "A", "name": "A"}, {"no": "B"}])
    assert Customer.select().count() == 0


def test_list_customers_search_filters_and_paging(db):
    customers.upsert_customers(_customers(30))
    customers.upsert_customers([{"no": "X1", "name": "100% pure_joy", "phone": "+12125551234"}])
    assert [c.no for c in customers.list_customers("c7@EXAMPLE")] == ["C00007"]
    assert [c.no for c in customers.list_customers("100%")] == ["X1"]
    assert [c.no for c in customers.list_customers("p_re")] == []  # "_" is literal, not a wildcard
    assert [c.no for c in customers.list_customers("(212) 555-1234")] == ["X1"]
    page = customers.list_customers(limit=5, offset=10)
    assert [c.no for c in page] == [f"C{i:05d}" for i in range(10, 15)]
    assert customers.count_customers("Lyon") == 15
    by_name = customers.list_customers(order_by="name", descending=True, limit=1)
    assert by_name[0].name == "Customer 9"


def test_set_web_upload_returns_unknown_numbers_and_keeps_updated_at(db):
    shops.create_shop("ONE", domain="one.myshopify.com")
    customers.upsert_customers(_customers(5))
    before = customers.get_customer("C00002").updated_at
    unknown = customers.set_web_upload(["C00002", "NOPE", "C00004", "NOPE"], True)
    assert unknown == ["NOPE"]
    assert [c.no for c in customers.list_customers(web_upload_only=True)] == ["C00002", "C00004"]
    assert customers.get_customer("C00002").updated_at == before
    customers.set_web_upload(["C00002"], False)
    assert customers.count_customers(web_upload_only=True) == 1


def test_get_customer_unknown(db):
    with pytest.raises(NotFoundError, match="'Z9'"):
        customers.get_customer("Z9")


def test_create_update_and_next_number(db):
    assert customers.next_customer_no("C") == "C00001"
    customers.create_customer({"no": "C00041", "name": "A"})
    customers.create_customer({"no": "CX", "name": "not numbered"})
    assert customers.next_customer_no("C") == "C00042"
    with pytest.raises(StoreError, match="already exists"):
        customers.create_customer({"no": "C00041", "name": "B"})
    assert customers.update_customer("C00041", {"city": "Nice"}) is True
    assert customers.update_customer("C00041", {"city": "Nice"}) is False
    with pytest.raises(NotFoundError):
        customers.update_customer("NOPE", {"city": "Nice"})


@pytest.mark.parametrize("count", [
    20_000, pytest.param(100_000, marks=[pytest.mark.slow, pytest.mark.heavy]),
])
def test_list_customers_is_fast_over_many_rows(db, count):
    """20,000 rows by default (filling 100,000 takes 17 s, the search index most of it);
    100,000 with the heavy tests (SHOP_SYNC_HEAVY=1)."""
    rows = [
        {"no": f"C{i:06d}", "name": f"Name {i}", "email": f"p{i}@shop{i % 97}.example",
         "phone": f"+3361{i:07d}", "city": f"City {i % 500}"}
        for i in range(count)
    ]
    started = time.perf_counter()
    customers.upsert_customers(rows)
    loaded = time.perf_counter() - started

    started = time.perf_counter()
    page = customers.list_customers("shop42.example", limit=200)
    total = customers.count_customers("shop42.example")
    searched = time.perf_counter() - started
    started = time.perf_counter()
    customers.list_customers(limit=200, offset=count // 2)
    paged = time.perf_counter() - started
    print(f"{count} customers: insert {loaded:.2f}s, search+count {searched * 1000:.0f} ms, "
          f"page {paged * 1000:.0f} ms")
    assert len(page) == 200 and total == len(range(42, count, 97))  # 1,031 of 100,000
    assert searched < 1.0 and paged < 0.5


# --- items -----------------------------------------------------------------------------------


def test_items_upsert_decimal_and_sku_unique(db):
    result = items.upsert_items([
        {"no": "I1", "description": "Mug", "sku": "MUG-1", "unit_price": "12.5"},
        {"no": "I2", "description": "Cup", "sku": "", "unit_price": Decimal("0.10")},
        {"no": "I3", "description": "Bowl", "sku": "", "unit_price": "3"},
    ])
    assert result.created == 3
    item = items.get_item("I1")
    assert item.unit_price == Decimal("12.5") and isinstance(item.unit_price, Decimal)
    assert items.get_item("I2").unit_price == Decimal("0.1000")
    assert items.upsert_items([{"no": "I1", "unit_price": "12.50"}]).unchanged == 1
    with pytest.raises(StoreError, match="SKU"):
        items.upsert_items([{"no": "I2", "sku": "MUG-1"}])
    assert items.get_item("I2").sku == ""
    assert items.item_skus() == {"MUG-1": "I1"}
    assert [i.no for i in items.list_items("mug")] == ["I1"]


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
    r = shopify_customers.upsert_shopify_customers("MAIN", [_sc(1, _addr(1, default=True), _addr(2))])
    assert (r.created, r.updated) == (1, 0)
    r = shopify_customers.upsert_shopify_customers("MAIN", [_sc(1, _addr(2, city="Lille"), _addr(3))])
    assert (r.created, r.updated, r.unchanged) == (0, 1, 0)
    staged = shopify_customers.get_shopify_customer("MAIN", "gid://shopify/Customer/1")
    assert [(a.shopify_id[-1], a.city) for a in staged.addresses] == [("2", "Lille"), ("3", "Paris")]
    assert ShopifyAddress.select().count() == 2
    again = shopify_customers.upsert_shopify_customers("MAIN", [_sc(1, _addr(2, city="Lille"), _addr(3))])
    assert again.unchanged == 1
    kept = shopify_customers.upsert_shopify_customers(
        "MAIN", [dict(shopify_id="gid://shopify/Customer/1", first_name="Anne", addresses=None)]
    )
    assert kept.updated == 1 and ShopifyAddress.select().count() == 2


def test_same_shopify_id_in_two_shops_is_two_rows(shop):
    shops.create_shop("OTHER", domain="other.myshopify.com")
    shopify_customers.upsert_shopify_customers("MAIN", [_sc(1)])
    shopify_customers.upsert_shopify_customers("OTHER", [_sc(1)])
    assert len(shopify_customers.list_shopify_customers("MAIN")) == 1
    assert len(shopify_customers.list_shopify_customers("OTHER")) == 1


def test_link_refuses_when_linked_elsewhere_and_unlink(shop):
    customers.upsert_customers(_customers(3))
    shopify_customers.upsert_shopify_customers("MAIN", [_sc(1), _sc(2)])
    gid1, gid2 = "gid://shopify/Customer/1", "gid://shopify/Customer/2"
    shopify_customers.link_customer("MAIN", "C00001", gid1)
    shopify_customers.link_customer("MAIN", "C00001", gid1)  # same link again: fine
    shopify_customers.link_customer("MAIN", "C00001", gid2, reason="email")  # two Shopify ids, one local
    with pytest.raises(shopify_customers.LinkConflictError, match="C00001"):
        shopify_customers.link_customer("MAIN", "C00002", gid1)
    with pytest.raises(NotFoundError, match="sync customers first"):
        shopify_customers.link_customer("MAIN", "C00002", "gid://shopify/Customer/99")
    assert [(l.shopify_id, l.customer_no, l.match_reason) for l in shopify_customers.list_links("MAIN")] == [
        (gid1, "C00001", "manual"), (gid2, "C00001", "email")]
    assert customers.get_customer("C00001", shop="MAIN").shopify_id == gid1
    cli = {r["no"]: r for r in customers.customers_for_cli("MAIN")}
    assert cli["C00001"]["shopify_id"] == gid1 and cli["C00002"]["shopify_id"] is None
    assert {"no", "name", "email", "phone", "country", "shopify_id", "web_upload"} <= set(
        cli["C00001"])
    assert customers.count_customers(shop="MAIN", linked=True) == 1
    assert shopify_customers.unlink_customer("MAIN", "C00001") == [gid1, gid2]
    assert shopify_customers.list_links("MAIN") == []
    assert shopify_customers.unlink_customer("MAIN", "C00001") == []


def test_deleting_a_customer_clears_its_links(shop):
    customers.upsert_customers(_customers(1))
    shopify_customers.upsert_shopify_customers("MAIN", [_sc(1)])
    shopify_customers.link_customer("MAIN", "C00000", "gid://shopify/Customer/1")
    Customer.get(Customer.no == "C00000").delete_instance()
    assert shopify_customers.get_shopify_customer("MAIN", "gid://shopify/Customer/1").customer_no is None


def test_set_match_review_and_find(shop):
    customers.upsert_customers(_customers(2))
    shopify_customers.upsert_shopify_customers("MAIN", [_sc(1), _sc(2)])
    shopify_customers.set_match("MAIN", "gid://shopify/Customer/1", None, review_state="ambiguous",
                      review_note="C00000, C00001 share the e-mail")
    review = shopify_customers.list_shopify_customers("MAIN", review_state="ambiguous")
    assert [r.shopify_id for r in review] == ["gid://shopify/Customer/1"]
    found = shopify_customers.find_shopify_customers("MAIN", email="ANN2@example.com")
    assert [r.shopify_id for r in found] == ["gid://shopify/Customer/2"]
    assert len(shopify_customers.find_shopify_customers("MAIN", phone="+33612345678")) == 2
    when = dt.datetime(2026, 2, 3, 4, 5, 6, tzinfo=UTC)
    shopify_customers.mark_updated_by_app("MAIN", "gid://shopify/Customer/2", when)
    assert shopify_customers.get_shopify_customer("MAIN", "gid://shopify/Customer/2").last_updated_by_app == when


# --- sync state and runs ----------------------------------------------------------------------


def test_sync_state_partial_updates(shop):
    assert get_sync_state("MAIN", "customers").watermark is None
    mark = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    set_sync_state("MAIN", "customers", watermark=mark, data={"pages": 3})
    set_sync_state("MAIN", "customers", cursor="abc")
    state = get_sync_state("MAIN", "customers")
    assert state.watermark == mark and state.watermark.tzinfo == UTC
    assert (state.cursor, state.data) == ("abc", {"pages": 3})


def test_naive_datetimes_are_refused(shop):
    with pytest.raises(ValueError, match="naive"):
        set_sync_state("MAIN", "customers", watermark=dt.datetime(2026, 1, 1))


def test_runs_with_errors_newest_first(shop):
    class Result:  # the shape of sync.results.SyncResult
        created, updated, skipped, failed, api_cost, requests = 2, 1, 0, 2, 12.5, 3
        errors = [{"record": "gid://shopify/Customer/9", "field": "phone",
                   "message": "too short"},
                  {"record": "gid://shopify/Customer/8", "field": "country",
                   "message": "unknown"}]

    first = start_run("MAIN", "customers")
    add_errors(first, Result.errors[:1])
    finish_run(first, "partial", Result())
    second = start_run("MAIN", "orders")
    finish_run(second, "ok")
    runs = run_dicts(RunFilter(limit=5))
    assert [r["id"] for r in runs] == [second, first]
    assert runs[1]["status"] == "partial" and runs[1]["api_cost"] == 12.5
    assert [e["field"] for e in runs[1]["errors"]] == ["phone", "country"]  # no duplicate
    assert run_dicts(RunFilter(limit=1))[0]["resource"] == "orders"
    headers = run_dicts(RunFilter(limit=5), with_errors=False)  # the window's "Last sync" label
    assert [(r["id"], r["failed"], r["errors"]) for r in headers] == [
        (second, 0, []), (first, runs[1]["failed"], [])]
    assert unresolved_error_records("MAIN", "customers") == [
        "gid://shopify/Customer/8", "gid://shopify/Customer/9"]
    assert resolve_errors("MAIN", "customers", ["gid://shopify/Customer/9"]) == 1
    assert unresolved_error_records("MAIN", "customers") == ["gid://shopify/Customer/8"]
    with pytest.raises(StoreError, match="status"):
        finish_run(first, "great")


def test_templates_and_tax_areas(shop):
    customer_templates.save_customer_template({"code": "EU", "country": "FR", "tax_area": "EU-VAT"})
    assert customer_templates.get_customer_template("EU").tax_area == "EU-VAT"
    assert customer_templates.get_shop_customer_template("MAIN", "us") is None
    created = customer_templates.get_shop_customer_template("MAIN", "us", create_missing=True)
    assert created == customer_templates.ShopCustomerTemplateRecord("US")
    customer_templates.set_shop_customer_template("MAIN", "US", template_code="US", tax_area="US-TAX")
    assert customer_templates.get_shop_customer_template("MAIN", "US").template_code == "US"
    customer_templates.set_tax_areas("MAIN", [
        {"country_code": "US", "county_code": "NY", "county_name": "New York"},
        {"country_code": "US", "county_code": "NJ", "county_name": "New Jersey"},
    ])
    assert customer_templates.find_tax_area("MAIN", "US", name="new york").county_code == "NY"
    assert customer_templates.find_tax_area("MAIN", "US", name="New J").county_code == "NJ"
    assert customer_templates.find_tax_area("MAIN", "US", code="NJ").county_name == "New Jersey"
    assert customer_templates.find_tax_area("MAIN", "US", code="CA") is None
