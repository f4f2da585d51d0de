"""The pieces of `store.db_copy` (issue 22): which tables, in which order, and the check
(a digest that reads a value alike from either engine, and names what differs).

Controls: with `derived_tables` returning nothing the order test fails (the full-text
index's shadow tables are listed); with `_canonical` using `repr` the engine test fails;
with the page size ignored (one page) the paging test fails (one SELECT).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import peewee
import pytest

from desktop_app.store import db_copy
from desktop_app.store.models import Customer


def test_tables_come_after_those_they_refer_to_and_derived_ones_are_left_out(db):
    order = db_copy.data_tables(db)
    assert {"customer", "sales_line", "field_conflict", "sync_run"} <= set(order)
    assert not [t for t in order if t.startswith("customer_search")]
    for position, table in enumerate(order):
        for fk in db.get_foreign_keys(table):
            if fk.dest_table != table:
                assert order.index(fk.dest_table) < position, (table, fk.dest_table)


@pytest.mark.parametrize("a, b", [
    (1, True), (1, Decimal("1.0000")), (12.5, Decimal("12.5000")), (0, Decimal("0.0000")),
    ("2026-12-07 10:00:00.000001",
     dt.datetime(2026, 12, 7, 11, 0, 0, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))),
    (b"\x00\xff", memoryview(b"\x00\xff")),
])
def test_a_value_reads_alike_from_either_engine(a, b):
    assert db_copy._canonical(a) == db_copy._canonical(b)


@pytest.mark.parametrize("a, b", [(1, "1"), (None, ""), (None, 0), (Decimal("3.3333"),
                                                                   Decimal("3.3334")),
                                  ("Zoé", "Zoe")])
def test_different_values_read_differently(a, b):
    assert db_copy._canonical(a) != db_copy._canonical(b)


def _twin(db, tmp_path) -> peewee.SqliteDatabase:
    """A second, migrated SQLite database holding a copy of `db`."""
    report = db_copy.copy_database(db, f"sqlite:///{tmp_path}/twin.db")
    assert report.rows == db_copy._count(db, "customer")
    twin = peewee.SqliteDatabase(str(tmp_path / "twin.db"))
    twin.connect()
    return twin


def _customers(n: int) -> None:
    Customer.insert_many([{"no": f"C{i:04}", "name": f"Customer {i}"}
                          for i in range(n)]).execute()


def test_check_compares_page_by_page_and_names_a_missing_row(db, tmp_path, monkeypatch):
    _customers(25)
    twin = _twin(db, tmp_path)
    table = next(t for t in db_copy._plan(db, twin) if t.name == "customer")
    monkeypatch.setattr(db_copy._Table, "page_size", lambda self: 10)
    statements: list[str] = []
    execute = peewee.SqliteDatabase.execute_sql

    def counted(self, sql, params=None):
        statements.append(sql)
        return execute(self, sql, params)

    monkeypatch.setattr(peewee.SqliteDatabase, "execute_sql", counted)
    check = db_copy.check_table(db, twin, table)
    assert check.rows == 25 and len(check.digest) == 64
    assert len([s for s in statements if "LIMIT 10" in s]) == 6  # 3 pages on each side
    twin.execute_sql("DELETE FROM customer WHERE no = 'C0012'")
    twin.execute_sql("INSERT INTO customer (no, name, created_at, updated_at) SELECT 'C9999', "
                     "'Stranger', created_at, updated_at FROM customer WHERE id = 1")
    with pytest.raises(db_copy.CopyMismatchError, match=r"table customer: the row id=13 of "
                       r"the source is not in the target"):
        db_copy.check_table(db, twin, table)
    twin.execute_sql("UPDATE customer SET id = 0 WHERE no = 'C9999'")
    with pytest.raises(db_copy.CopyMismatchError, match=r"table customer: the row id=0 of "
                       r"the target is not in the source"):
        db_copy.check_table(db, twin, table)


def test_the_digest_is_the_same_for_the_same_rows_and_changes_with_one_value(db, tmp_path):
    _customers(3)
    twin = _twin(db, tmp_path)
    table = next(t for t in db_copy._plan(db, twin) if t.name == "customer")
    first = db_copy.check_table(db, twin, table).digest
    assert db_copy.check_table(twin, twin, table).digest == first
    twin.execute_sql("UPDATE customer SET city = 'Lyon' WHERE no = 'C0001'")
    with pytest.raises(db_copy.CopyMismatchError, match=r"row id=2 differs .*\(city\)"):
        db_copy.check_table(db, twin, table)
    assert db_copy.check_table(twin, twin, table).digest != first


def test_the_source_itself_is_refused(db):
    with pytest.raises(db_copy.TargetNotEmptyError, match="the source database itself"):
        db_copy.copy_database(db, f"sqlite:///{db.database}")


def test_a_write_made_during_the_copy_is_not_in_it_and_does_not_tear_it(db, tmp_path):
    """The source is read in one transaction: a customer another connection (the window's
    sync) adds while the copy goes is left out of the copy and its check alike.
    Control: without `_snapshot` the check finds the new row (customer: 4 rows in the
    source, 3 in the target)."""
    import sqlite3

    _customers(3)
    written: list[str] = []

    def progress(phase: str, table: str, done: int, total: int) -> None:
        if (phase, table) == (db_copy.COPIED, "customer") and not written:
            with sqlite3.connect(db.database, timeout=5) as other:
                other.execute("INSERT INTO customer (no, name, created_at, updated_at) SELECT "
                              "'C9999', 'Late', created_at, updated_at FROM customer LIMIT 1")
            written.append(table)

    report = db_copy.copy_database(db, f"sqlite:///{tmp_path}/copy.db", progress=progress)
    assert written == ["customer"]
    assert next(t.rows for t in report.tables if t.table == "customer") == 3
    assert db_copy._count(db, "customer") == 4  # the write went through, after the copy


def test_a_database_of_another_program_is_refused_untouched(db, tmp_path):
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount TEXT)")
        con.execute("INSERT INTO ledger (amount) VALUES ('12.00')")
    other.chmod(0o644)
    before = other.read_bytes()
    with pytest.raises(db_copy.TargetNotEmptyError,
                       match=r"already holds data \(1 row in 1 table: ledger 1\)"):
        db_copy.copy_database(db, f"sqlite:///{other}")
    assert other.read_bytes() == before  # nothing written at all: not its journal mode,
    assert other.stat().st_mode & 0o777 == 0o644  # not its permissions, no migration
