"""Schema v8: the customers' trigram search index (`customer_search`), kept by triggers.

The index only narrows a search down; each search must find exactly what the six-column
`LIKE` scan found before it (ASCII case folded, other letters and accents as typed, `%` and
`_` literal, phone digits in the phone).
"""

from __future__ import annotations

import sqlite3

import peewee
import pytest

from desktop_app.store import bulk_customers, customers, shops
from desktop_app.store.database import close_database, open_database
from desktop_app.store.migrations import MIGRATIONS, m0008_customer_search_index, runner
from desktop_app.store.models import Customer

LATEST = len(MIGRATIONS)


def _candidates(db, text: str) -> list[int]:
    phrase = '"' + text.replace('"', '""') + '"'
    return [r[0] for r in db.execute_sql(
        "SELECT rowid FROM customer_search WHERE customer_search MATCH ? ORDER BY rowid",
        (phrase,))]


def _integrity(db) -> None:
    """FTS5's own check that the index holds exactly the rows of `customer` (raises if not)."""
    db.execute_sql("INSERT INTO customer_search (customer_search, rank) "
                   "VALUES ('integrity-check', 1)")


def test_version_8_is_listed_eighth():
    assert m0008_customer_search_index.VERSION == 8 <= LATEST
    assert MIGRATIONS[7] is m0008_customer_search_index


@pytest.mark.parametrize("start", range(0, 8))
def test_upgrade_from_each_earlier_version_indexes_existing_customers(tmp_path, start):
    path = tmp_path / "old.sqlite3"
    db = peewee.SqliteDatabase(str(path), pragmas={"journal_mode": "wal", "foreign_keys": 1})
    db.connect()
    runner.migrate(db, path, MIGRATIONS[:start])
    if start >= 1:  # customers written by an older app, before the index existed
        for no, name, email, phone in (("C1", "Zoë Hartmann", "zoe@example.com", "+4930123456"),
                                       ("C2", "Ana Perez", "ana@example.org", "")):
            db.execute_sql(
                "INSERT INTO customer (no, name, email, phone, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, '2025-01-02 03:04:05.000000', "
                "'2025-01-02 03:04:05.000000')", (no, name, email, phone))
    db.close()

    database = open_database(path)
    try:
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
        assert {"customer_search", "customer_search_insert", "customer_search_delete",
                "customer_search_update"} <= names
        _integrity(database)
        if start >= 1:
            assert len(_candidates(database, "hartmann")) == 1
            assert [c.no for c in customers.list_customers("HARTMANN")] == ["C1"]
            assert [c.no for c in customers.list_customers("30123")] == ["C1"]
            assert customers.count_customers("example.") == 2
            # a customer written after the upgrade is indexed by the triggers
            customers.upsert_customers([{"no": "C3", "name": "New Hartmann"}])
            assert [c.no for c in customers.list_customers("hartmann")] == ["C1", "C3"]
            _integrity(database)
        if start:
            assert list(tmp_path.glob(f"*.v{start}.bak")), "backed up first"
    finally:
        close_database()


def test_every_write_path_keeps_the_index_right(db):
    customers.upsert_customers([{"no": "C1", "name": "Alpha", "email": "a@example.com"},
                              {"no": "C2", "name": "Bravo", "city": "Lyon"}])
    customers.create_customer({"no": "C3", "name": "Charlie", "phone": "+33612345678"})
    bulk_customers.create_customers_batch([{"no": "C4", "name": "Delta Lyonnaise"}])
    _integrity(db)
    assert [c.no for c in customers.list_customers("lyon")] == ["C2", "C4"]

    customers.update_customer("C2", {"city": "Paris", "name": "Bravo Renamed"})
    bulk_customers.update_customers_batch({"C1": {"email": "alpha@shop.example"}})
    _integrity(db)
    assert [c.no for c in customers.list_customers("lyon")] == ["C4"]
    assert [c.no for c in customers.list_customers("renamed")] == ["C2"]
    assert [c.no for c in customers.list_customers("shop.example")] == ["C1"]
    assert customers.list_customers("a@example.com") == []

    shops.create_shop("ONE", domain="one.myshopify.com")
    customers.set_web_upload(["C1"], True)  # a table the index does not hold
    row = Customer.get(Customer.no == "C3")
    row.name = "Charlie Saved"
    row.save()
    Customer.get(Customer.no == "C4").delete_instance()
    _integrity(db)
    assert [c.no for c in customers.list_customers("saved")] == ["C3"]
    assert customers.list_customers("lyonnaise") == []
    assert [c.no for c in customers.list_customers("612 345")] == ["C3"]


_ROWS = [
    {"no": "C001", "name": "Émile Zola", "email": "emile@example.fr", "city": "Paris"},
    {"no": "C002", "name": "émile zola", "email": "EMILE@EXAMPLE.FR", "city": "PARIS"},
    {"no": "C003", "name": "Emile Straße", "contact": "ÉMILE", "post_code": "75001"},
    {"no": "C004", "name": "100% pure_joy", "phone": "+12125551234"},
    {"no": "C005", "name": 'Say "hello" Ltd', "email": "say@hello.example"},
    {"no": "C006", "name": "Ünal Öztürk", "city": "İzmir", "phone": "+905321234567"},
    {"no": "C007", "name": "Name12 Surname12", "phone": "+14160001200"},
    {"no": "C008", "name": "Surname120", "email": "x12@a.b", "phone": "+0012345"},
    {"no": "X-12", "name": "Back\\slash", "contact": "a*b:c", "city": "OR AND NOT"},
]
_TERMS = [
    "émile", "Émile", "ÉMILE", "EMILE", "emile", "zola", "ZOLA", "paris", "straße", "STRASSE",
    "100%", "p_re", "pure_", "(212) 555-1234", "555 12", "212", '"hello"', 'y "h', "hello",
    "ünal", "ÜNAL", "öztürk", "izmir", "İzmir", "surname12", "Surname12", "name1", "12",
    "0012", "001", "00 12", "416 000 12", "x-12", "back\\", "\\slash", "a*b", "b:c",
    "or and not", "AND", "NOT", "e", "é", "no-such-customer", "  zola  ", "%", "_", '"',
]


@pytest.mark.parametrize("dense", [False, True])
def test_results_equal_the_scan_without_index(db, monkeypatch, dense):
    customers.upsert_customers(_ROWS)
    if dense:  # every search takes the scan path after the index's pre-count
        monkeypatch.setattr(customers, "_DENSE", 0)

    def every_way(term):
        return ([c.no for c in customers.list_customers(term)],
                [c.no for c in customers.list_customers(term, limit=2, offset=1,
                                                      order_by="name", descending=True)],
                customers.count_customers(term), customers.customer_nos(term))

    with_index = {term: every_way(term) for term in _TERMS}
    used = []
    real = customers._search_candidates
    monkeypatch.setattr(customers, "_search_candidates",
                        lambda *args: used.append(args) and None)
    without = {term: every_way(term) for term in _TERMS}
    monkeypatch.setattr(customers, "_search_candidates", real)
    assert used, "the index path was replaced"
    assert with_index == without
    # LIKE folds ASCII only: accents and other letters match as typed
    assert with_index["émile"][0] == ["C002"]
    assert with_index["Émile"][0] == ["C001", "C003"]  # C003: contact "ÉMILE"
    assert with_index["emile"][0] == ["C001", "C002", "C003"]
    assert with_index["100%"][0] == ["C004"] and with_index["p_re"][0] == []
    assert with_index["(212) 555-1234"][0] == ["C004"]


def test_long_terms_use_the_index_short_ones_scan(db, monkeypatch):
    customers.upsert_customers(_ROWS)
    calls = []
    real = customers._search_candidates
    monkeypatch.setattr(customers, "_search_candidates",
                        lambda *args: calls.append(real(*args)) or calls[-1])
    customers.list_customers("zola")
    customers.list_customers("00 12")  # phone digits "12": too short for trigrams
    customers.list_customers("é")
    assert [c is not None for c in calls] == [True, False, False]
