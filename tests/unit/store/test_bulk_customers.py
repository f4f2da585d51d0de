"""store.bulk_customers: the customers import's batch reads and writes.

Most tests run the same steps through the batch functions in one shop and through the
one-at-a-time functions of `store.shopify_customers` in another, then compare what each shop
holds: the batch path must leave exactly the database the per-record path leaves.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from desktop_app.errors import NotFoundError, StoreError
from desktop_app.records.customers import AddressRecord, CustomerRecord
from desktop_app.store import bulk_customers as bulk
from desktop_app.store import customers, shopify_customers, upsert
from desktop_app.store.chunks import CHUNK
from desktop_app.store.database import DB, transaction
from desktop_app.store.models import Customer, ShopifyAddress, ShopifyCustomer
from desktop_app.store.shops import create_shop

UTC = dt.timezone.utc
PARIS = dt.timezone(dt.timedelta(hours=2))


@pytest.fixture
def shops(db):
    """BATCH is written through bulk_customers, ONE one at a time."""
    create_shop("BATCH", domain="batch.myshopify.com")
    create_shop("ONE", domain="one.myshopify.com")


def _gid(n: int) -> str:
    return f"gid://shopify/Customer/{n}"


def _addr(n: int, default: bool = False, **fields: Any) -> AddressRecord:
    fields.setdefault("city", "Paris")
    return AddressRecord(f"gid://shopify/MailingAddress/{n}", is_default=default,
                         country_code="FR", **fields)


def _sc(n: int, *addresses: AddressRecord, **fields: Any) -> CustomerRecord:
    fields.setdefault("first_name", f"Ann{n}")
    fields.setdefault("email", f"ann{n}@example.com")
    fields.setdefault("updated_at", dt.datetime(2026, 1, 1, 12, 0, n % 60, 500, tzinfo=UTC))
    return CustomerRecord(_gid(n), addresses=addresses, **fields)


def _stage_both(records: list[Any]) -> tuple[bulk.StageResult, upsert.UpsertResult]:
    with transaction():
        batch = bulk.stage_shopify_customers_batch("BATCH", records)
    one = shopify_customers.upsert_shopify_customers("ONE", records)
    return batch, one


def _held(shop: str) -> list[shopify_customers.ShopifyCustomerRow]:
    """Every staged customer of a shop with its addresses (ids and fetch times left out)."""
    return [
        shopify_customers.get_shopify_customer(shop, row.shopify_id)
        for row in shopify_customers.list_shopify_customers(shop)
    ]


def _same_result(batch: bulk.StageResult, one: upsert.UpsertResult) -> None:
    assert (batch.created, batch.updated, batch.unchanged) == (
        one.created, one.updated, one.unchanged)
    assert set(batch.changed_keys) == set(one.changed_keys)


# --- staging -------------------------------------------------------------------------------


def test_staging_a_page_leaves_what_upsert_shopify_customers_leaves(shops):
    first = [
        _sc(1, _addr(1, default=True), _addr(2)),
        _sc(2),
        _sc(3, _addr(3, default=True), tags=["vip", "b2b"]),
    ]
    _same_result(*_stage_both(first))
    again = _stage_both(first)
    _same_result(*again)
    assert again[0].changed_keys == ()
    second = [
        _sc(1, _addr(2, city="Lille"), _addr(4)),  # 1 gone, 2 changed, 4 new
        _sc(2, first_name="Bea"),  # own data only
        dataclasses.replace(_sc(3, first_name="Cy"), addresses=None),  # keeps its addresses
        _sc(4, _addr(5, default=True)),  # new
        # same instant, another zone: unchanged
        _sc(5, updated_at=dt.datetime(2026, 1, 1, 14, 0, 5, 500, tzinfo=PARIS)),
    ]
    _same_result(*_stage_both([_sc(5), _sc(6)]))
    # only Shopify's updatedAt moved: changed
    second.append(_sc(6, updated_at=dt.datetime(2026, 2, 1, tzinfo=UTC)))
    batch, one = _stage_both(second)
    _same_result(batch, one)
    assert set(batch.changed_keys) == {_gid(1), _gid(2), _gid(3), _gid(4), _gid(6)}
    assert _held("BATCH") == _held("ONE")
    # per shop: 1 has 2 and 4, 3 keeps 3, 4 has 5
    assert ShopifyAddress.select().count() == 2 * 4


def test_staging_keeps_links_and_review_state_and_reports_them(shops):
    customers.upsert_customers([{"no": "C1", "name": "Ann"}])
    with transaction():
        bulk.stage_shopify_customers_batch("BATCH", [_sc(1), _sc(2)])
    shopify_customers.link_customer("BATCH", "C1", _gid(1), reason="email")
    shopify_customers.set_review_state("BATCH", _gid(2), "error", "no address")
    when = dt.datetime(2026, 3, 1, tzinfo=UTC)
    shopify_customers.mark_updated_by_app("BATCH", _gid(1), when)
    with transaction():
        result = bulk.stage_shopify_customers_batch(
            "BATCH", [_sc(1, state="ENABLED"), _sc(2), _sc(3)])
    assert result.changed_keys == (_gid(1), _gid(3))
    assert result.states[_gid(1)] == shopify_customers.StagedState(
        _gid(1), "C1", "email", "", "", when, "ENABLED")
    assert result.states[_gid(2)].review_state == "error"
    assert result.states[_gid(3)] == shopify_customers.StagedState(_gid(3), None, "", "", "", None, "")
    staged = shopify_customers.get_shopify_customer("BATCH", _gid(1))
    assert (staged.customer_no, staged.match_reason, staged.last_updated_by_app) == (
        "C1", "email", when)


def test_a_gid_twice_in_one_page_is_staged_once_with_the_later_record(shops):
    with transaction():
        result = bulk.stage_shopify_customers_batch(
            "BATCH", [_sc(1, _addr(1), first_name="Old"), _sc(1, _addr(1, city="Nice"),
                                                              first_name="New")])
    assert result.created == 1
    staged = shopify_customers.get_shopify_customer("BATCH", _gid(1))
    assert staged.first_name == "New" and [a.city for a in staged.addresses] == ["Nice"]


def test_staging_refuses_a_record_without_id(shops):
    with pytest.raises(StoreError, match="without an id"), transaction():
        bulk.stage_shopify_customers_batch("BATCH", [{"first_name": "Nobody"}])


def test_pages_larger_than_one_in_list_are_read_and_written_whole(shops):
    count = CHUNK * 2 + 7
    records = [_sc(n, _addr(n, default=True)) for n in range(count)]
    with transaction():
        first = bulk.stage_shopify_customers_batch("BATCH", records)
    assert first.created == count
    page = bulk.read_staged("BATCH", [r.shopify_id for r in records])
    assert len(page.rows) == count
    assert all(len(page.addresses(r.shopify_id)) == 1 for r in records)
    changed = [dataclasses.replace(r, last_name="X") if n % 2 else r
               for n, r in enumerate(records)]
    with transaction():
        second = bulk.stage_shopify_customers_batch("BATCH", changed)
    assert (second.updated, second.unchanged) == (count // 2, count - count // 2)


def test_read_staged_gives_what_get_shopify_customer_gives(shops):
    customers.upsert_customers([{"no": "C1", "name": "Ann"}])
    shopify_customers.upsert_shopify_customers("BATCH", [_sc(1, _addr(1, default=True), _addr(2)),
                                               _sc(2)])
    shopify_customers.link_customer("BATCH", "C1", _gid(1))
    page = bulk.read_staged("BATCH", [_gid(1), _gid(2), _gid(9)])
    assert _gid(9) not in page and page.record(_gid(9)) is None
    for gid in (_gid(1), _gid(2)):
        assert page.record(gid) == shopify_customers.get_shopify_customer("BATCH", gid)
    assert page.state(_gid(1)) == shopify_customers.staged_states("BATCH", [_gid(1)])[_gid(1)]
    with pytest.raises(NotFoundError):
        bulk.read_staged("NOPE", [_gid(1)])


# --- links and review states -------------------------------------------------------------


def test_apply_matches_batch_writes_what_set_match_writes(shops):
    customers.upsert_customers([{"no": "C1", "name": "Ann"}, {"no": "C2", "name": "Bea"}])
    records = [_sc(1), _sc(2), _sc(3)]
    _stage_both(records)
    shopify_customers.set_match("ONE", _gid(1), "C1", reason="email")
    shopify_customers.set_match("ONE", _gid(2), None, review_state="ambiguous", review_note="C1, C2")
    shopify_customers.set_match("ONE", _gid(3), "C2", reason="created")
    shopify_customers.set_review_state("ONE", _gid(3), "error", "bad phone")
    with transaction():
        written = bulk.apply_matches_batch("BATCH", [
            bulk.MatchWrite(_gid(1), "C1", "email"),
            bulk.MatchWrite(_gid(2), None, "", "ambiguous", "C1, C2"),
            bulk.MatchWrite(_gid(3), "C2", "created", "error", "bad phone"),
        ])
    assert written == 3
    assert _held("BATCH") == _held("ONE")


def test_apply_matches_batch_refuses_unknowns_and_writes_nothing(shops):
    customers.upsert_customers([{"no": "C1", "name": "Ann"}])
    _stage_both([_sc(1)])
    bad = [
        ([bulk.MatchWrite(_gid(1), "C1"), bulk.MatchWrite(_gid(1), "NOPE")], NotFoundError),
        ([bulk.MatchWrite(_gid(1), "C1"), bulk.MatchWrite(_gid(9), "C1")], NotFoundError),
        ([bulk.MatchWrite(_gid(1), None, review_state="maybe")], StoreError),
    ]
    for writes, error in bad:
        with pytest.raises(error):
            bulk.apply_matches_batch("BATCH", writes)
    assert shopify_customers.get_shopify_customer("BATCH", _gid(1)).customer_no is None
    assert bulk.apply_matches_batch("BATCH", []) == 0


# --- local customers -----------------------------------------------------------------------


def _local(no: str) -> dict[str, Any]:
    row = Customer.get(Customer.no == no)
    return {k: getattr(row, k) for k in (*customers.CUSTOMER_FIELDS, "email_key")}


def test_created_customers_equal_create_customer_ones(db):
    data = {"name": "Ann Lee", "email": "Ann@Example.com; other@x.com", "phone": "+33612345678",
            "country": "FR", "template": "WEB", "category": "organisation"}
    customers.create_customer({**data, "no": "ONE"})
    with transaction():
        assert bulk.create_customers_batch([bulk.new_customer_values({**data, "no": "BATCH"}),
                                            {"no": "MIN", "name": "Min"}]) == 2
    one, batch = _local("ONE"), _local("BATCH")
    assert {**batch, "no": "ONE"} == one
    assert batch["email_key"] == "ann@example.com"
    created = Customer.get(Customer.no == "BATCH")
    assert created.created_at == created.updated_at
    assert created.created_at.tzinfo is not None
    assert customers.get_customer("MIN").category == "person"


def test_create_customers_batch_refuses_duplicates_and_bad_rows_writing_nothing(db):
    customers.upsert_customers([{"no": "C1", "name": "Ann"}])
    bad = [
        ([{"no": "C2", "name": "Bea"}, {"no": "C1", "name": "Ann again"}],
         upsert.DuplicateError),
        ([{"no": "C2", "name": "Bea"}, {"no": "C2", "name": "Bea twice"}],
         upsert.DuplicateError),
        ([{"no": "C2", "name": "Bea"}, {"no": "C3"}], StoreError),
        ([{"no": "C2", "name": "Bea", "colour": "red"}], StoreError),
        ([{"no": "C2", "name": "Bea", "category": "robot"}], StoreError),
    ]
    for rows, error in bad:
        with pytest.raises(error):
            bulk.create_customers_batch(rows)
    assert customers.count_customers() == 1


def test_update_customers_batch_writes_given_fields_and_moves_updated_at(db):
    customers.upsert_customers([{"no": "C1", "name": "Ann", "email": "a@x.com"},
                              {"no": "C2", "name": "Bea", "city": "Lyon"},
                              {"no": "C3", "name": "Cy"}])
    before = {c.no: c.updated_at for c in Customer.select()}
    with transaction():
        written = bulk.update_customers_batch({
            "C1": {"email": "NEW@x.com", "city": "Nice"},
            "C2": {"name": "Bea Lee"},
            "C3": {},
        })
    assert written == 2
    c1, c2, c3 = (Customer.get(Customer.no == no) for no in ("C1", "C2", "C3"))
    assert (c1.email, c1.email_key, c1.city, c1.name) == ("NEW@x.com", "new@x.com", "Nice", "Ann")
    assert (c2.name, c2.city) == ("Bea Lee", "Lyon")
    assert c1.updated_at > before["C1"] and c2.updated_at > before["C2"]
    assert c3.updated_at == before["C3"]
    with pytest.raises(NotFoundError):
        bulk.update_customers_batch({"C1": {"city": "Caen"}, "NOPE": {"city": "Caen"}})
    assert Customer.get(Customer.no == "C1").city == "Nice"


def test_customer_values_and_ids_leave_unknown_numbers_out(db):
    customers.upsert_customers([{"no": "C1", "name": "Ann"}])
    values = bulk.customer_values(["C1", "NOPE"])
    assert list(values) == ["C1"]
    # Web Upload ticks belong to a shop card (issue 14), not to the customer's values.
    assert values["C1"]["name"] == "Ann" and "web_upload" not in values["C1"]
    assert list(bulk.customer_ids(["NOPE", "C1"])) == ["C1"]


def test_iter_customer_columns_streams_the_named_columns(db):
    customers.upsert_customers([{"no": f"C{n}", "name": f"N{n}", "email": f"{n}@x.com"}
                              for n in range(3)])
    assert list(bulk.iter_customer_columns(["no", "email"])) == [
        ("C0", "0@x.com"), ("C1", "1@x.com"), ("C2", "2@x.com")]
    with pytest.raises(StoreError, match="no field 'id'"):
        list(bulk.iter_customer_columns(["no", "id"]))


# --- the export's reads ----------------------------------------------------------------------


def _export_filter(shop: str, export_all: bool, update_all: bool) -> list[customers.CustomerRow]:
    """The export's former choice: every customer, filtered in Python."""
    chosen = []
    for row in customers.list_customers(shop=shop, limit=None):
        if row.blocked:
            continue
        if row.shopify_id:
            if update_all or row.web_upload:
                chosen.append(row)
        elif export_all or row.web_upload:
            chosen.append(row)
    return chosen


def test_export_candidates_are_the_ones_the_full_scan_chose(shops):
    rows = []
    for n in range(16):
        rows.append({"no": f"C{n:02d}", "name": f"N{n}", "blocked": bool(n & 2)})
    customers.upsert_customers(reversed(rows))  # row ids in the opposite order of numbers
    customers.set_web_upload([f"C{n:02d}" for n in range(16) if n & 1], shop="BATCH")
    # Ticks for another shop card are not BATCH's (issue 14).
    customers.set_web_upload([f"C{n:02d}" for n in range(16) if not n & 1], shop="ONE")
    shopify_customers.upsert_shopify_customers("BATCH", [_sc(n) for n in (*range(16), *range(90, 99))])
    shopify_customers.upsert_shopify_customers("ONE", [_sc(n) for n in range(16)])
    for n in range(16):
        if n & 4:
            shopify_customers.link_customer("BATCH", f"C{n:02d}", _gid(n))
            if n & 8:  # a second Shopify customer of the same person: the lowest GID shows
                shopify_customers.link_customer("BATCH", f"C{n:02d}", _gid(90 + n % 8))
        elif n & 8:
            shopify_customers.link_customer("ONE", f"C{n:02d}", _gid(n))  # linked, but in another shop
    for export_all in (False, True):
        for update_all in (False, True):
            got = bulk.export_candidates("BATCH", export_all=export_all, update_all=update_all)
            assert got == _export_filter("BATCH", export_all, update_all), (export_all,
                                                                            update_all)
    assert [r.no for r in bulk.export_candidates("BATCH", export_all=False,
                                                 update_all=False)] == [
        "C01", "C05", "C09", "C13"]


def test_staged_phones_lists_the_customers_with_a_phone_and_their_link(shops):
    customers.upsert_customers([{"no": "C1", "name": "Ann"}])
    shopify_customers.upsert_shopify_customers("BATCH", [_sc(1, phone="+33612345678"), _sc(2),
                                               _sc(3, phone="+33600000003", email="")])
    shopify_customers.upsert_shopify_customers("ONE", [_sc(4, phone="+33600000004")])
    shopify_customers.link_customer("BATCH", "C1", _gid(1))
    assert list(bulk.staged_phones("BATCH")) == [
        (_gid(1), "+33612345678", "ann1@example.com", "C1"),
        (_gid(3), "+33600000003", "", None),
    ]


def test_timestamps_are_written_as_the_model_writes_them(shops):
    records = [
        _sc(1, updated_at=dt.datetime(2026, 1, 1, 0, 0, 0, tzinfo=UTC)),
        _sc(2, updated_at=dt.datetime(2026, 1, 1, 2, 0, 0, 7, tzinfo=PARIS)),
        _sc(3, updated_at=None, created_at=dt.datetime(999, 1, 1, tzinfo=UTC)),
    ]
    _stage_both(records)
    raw = {
        shop: DB.execute_sql(
            'SELECT sc.shopify_id, sc.shopify_created_at, sc.shopify_updated_at '
            'FROM "shopify_customer" AS sc JOIN "shop" ON shop.id = sc.shop_id '
            "WHERE shop.code = ? ORDER BY sc.shopify_id", (shop,)).fetchall()
        for shop in ("BATCH", "ONE")
    }
    assert raw["BATCH"] == raw["ONE"]
    assert ShopifyCustomer.select().count() == 6
