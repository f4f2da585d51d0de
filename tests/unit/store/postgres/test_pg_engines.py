"""The PostgreSQL engine: opening from a URL, the SQLite spellings it runs, its typed errors
and that no password is ever shown or logged (issue 22). Against a real server started by
tests/postgres.py (skipped only when PostgreSQL is not installed)."""

from __future__ import annotations

import logging
import re
import socket
import threading

import peewee
import psycopg
import pytest
from postgres import blank, emptied

from desktop_app.errors import DatabaseLockedError, DiskFullError
from desktop_app.store import customers, engines
from desktop_app.store.database import (
    DatabaseUnreachableError,
    close_database,
    open_database_url,
    open_store,
    transaction,
)
from desktop_app.store.models import Customer, Shop


def test_sqlite_spellings_become_postgresql_ones():
    to_pg = engines.to_postgres
    assert to_pg("SELECT a FROM t WHERE b = ? AND c LIKE '%x?%'") == (
        "SELECT a FROM t WHERE b = %s AND c ILIKE '%%x?%%'")
    assert to_pg('SELECT "t1"."a" FROM "t" AS "t1" WHERE ("t1"."b" = %s)') == (
        'SELECT "t1"."a" FROM "t" AS "t1" WHERE ("t1"."b" = %s)')  # peewee's own: unchanged
    assert to_pg("SELECT 1 WHERE 'a%%b' = ?") == "SELECT 1 WHERE 'a%%b' = %s"
    assert to_pg("CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, n INTEGER)") == (
        "CREATE TABLE t (id SERIAL PRIMARY KEY, n INTEGER)")
    assert to_pg("CREATE INDEX i ON customer (name COLLATE NOCASE)") == (
        "CREATE INDEX i ON customer (lower(name))")
    assert to_pg("INSERT OR IGNORE INTO g (code) VALUES (?)") == (
        "INSERT INTO g (code) VALUES (%s) ON CONFLICT DO NOTHING")
    assert to_pg("SELECT no FROM c WHERE no GLOB ?") == "SELECT no FROM c WHERE no ~#~ %s"


def test_the_password_never_shows_in_a_url():
    assert engines.redact_url("postgresql://anna:s3cret@db.local:5432/shop") == (
        "postgresql://anna:***@db.local:5432/shop")
    assert engines.redact_url("postgresql://anna@db/shop?password=s3cret&sslmode=require") == (
        "postgresql://anna@db/shop?password=***&sslmode=require")
    assert engines.redact_url("postgresql://db/shop") == "postgresql://db/shop"


def test_the_url_comes_from_the_option_else_the_environment(monkeypatch):
    monkeypatch.delenv(engines.DATABASE_ENV, raising=False)
    assert engines.configured_url(None) is None
    monkeypatch.setenv(engines.DATABASE_ENV, "postgresql://env/db")
    assert engines.configured_url(None) == "postgresql://env/db"
    assert engines.configured_url("postgresql://option/db") == "postgresql://option/db"
    with pytest.raises(ValueError, match="Unsupported"):
        engines.engine_of_url("mysql://anna:s3cret@h/db")
    try:
        engines.engine_of_url("mysql://anna:s3cret@h/db")
    except ValueError as exc:
        assert "s3cret" not in str(exc)


def test_open_store_without_a_url_opens_the_sqlite_file_as_before(tmp_path, monkeypatch):
    monkeypatch.delenv(engines.DATABASE_ENV, raising=False)
    db = open_store(tmp_path / "shop_sync.sqlite3")
    try:
        assert isinstance(db, peewee.SqliteDatabase)
        assert (tmp_path / "shop_sync.sqlite3").exists()
    finally:
        close_database()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # nobody listens there once closed


def test_an_unreachable_server_is_a_typed_error_without_the_password(caplog):
    url = f"postgresql://anna:s3cret-pw@127.0.0.1:{_closed_port()}/shop"
    caplog.set_level(logging.DEBUG)
    with pytest.raises(DatabaseUnreachableError) as raised:
        open_database_url(url)
    message = str(raised.value)
    assert "could not be reached" in message and "127.0.0.1" in message
    assert "s3cret-pw" not in message
    assert "s3cret-pw" not in caplog.text


def test_open_store_takes_the_server_from_the_environment(pg_server, monkeypatch, tmp_path):
    monkeypatch.setenv(engines.DATABASE_ENV, emptied(pg_server))
    db = open_store(tmp_path / "shop_sync.sqlite3")
    try:
        assert engines.is_postgres(db)
        Shop.create(code="S1", name="One")
        assert [s.code for s in Shop.select()] == ["S1"]
        assert not (tmp_path / "shop_sync.sqlite3").exists(), "no local file on a server"
    finally:
        close_database()


def test_values_are_stored_as_in_sqlite(pg_server):
    """Booleans 0/1 and timestamps as SQLite's text, so both engines hold the same data."""
    open_database_url(emptied(pg_server))
    try:
        customer = Customer.create(no="C1", name="Ann", blocked=True)
        row = Customer._meta.database.execute_sql(
            "SELECT blocked, created_at FROM customer WHERE no = ?", ("C1",)).fetchone()
        assert row[0] == 1
        assert isinstance(row[1], str)
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?(\+00:00)?", row[1]), row[1]
        assert Customer.get_by_id(customer.id).created_at.tzinfo is not None
        assert Customer.get(Customer.no == "C1").blocked is True
        assert Customer.select().where(Customer.name ** "ann").count() == 1
        # SQLite's ways of asking, on the server: a bare flag, a case-blind LIKE, GLOB
        Customer.create(no="C00041", name="Bob")
        assert [c.no for c in Customer.select().where(~Customer.blocked)] == ["C00041"]
        assert [c.no for c in customers.list_customers("BOB")] == ["C00041"]
        assert customers.next_customer_no("C") == "C00042"
        assert customers.local_customers_signature()[:2] == (2, Customer.get(no="C00041").id)
    finally:
        close_database()


def test_a_lock_held_by_another_workstation_is_database_locked(pg_server):
    url = emptied(pg_server)
    open_database_url(url, lock_timeout=0.3)
    other = psycopg.connect(url)
    try:
        Customer.create(no="C1", name="Ann")
        other.execute("LOCK TABLE customer IN ACCESS EXCLUSIVE MODE")  # a transaction, held
        with pytest.raises(DatabaseLockedError, match="another workstation"):
            with transaction():
                Customer.update(name="Bea").where(Customer.no == "C1").execute()
        other.rollback()
        with transaction():
            Customer.update(name="Bea").where(Customer.no == "C1").execute()
        assert Customer.get(Customer.no == "C1").name == "Bea"
    finally:
        other.close()
        close_database()


def test_a_database_newer_than_the_app_is_refused_unchanged(pg_server):
    from desktop_app.errors import DatabaseTooNewError
    from desktop_app.store.migrations import MIGRATIONS

    url = blank(pg_server)
    open_database_url(url)
    close_database()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE shop_sync_schema SET version = 99")
    with pytest.raises(DatabaseTooNewError):
        open_database_url(url)
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT version FROM shop_sync_schema").fetchone()[0] == 99
    assert len(MIGRATIONS) < 99


def test_two_workstations_opening_a_new_database_at_once_migrate_it_once(pg_server):
    url = blank(pg_server)
    errors: list[BaseException] = []

    def open_one() -> None:
        db = engines.PostgresDatabase(url)
        try:
            from desktop_app.store.migrations.runner import migrate

            db.connect()
            migrate(db, None)
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=open_one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM shop_sync_schema").fetchone()[0] == 1


@pytest.fixture
def small_tablespace(pg_server):
    """A 2 MB tmpfs as a tablespace of the server: a disk that fills (needs root to mount)."""
    import os
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    folder = Path(tempfile.mkdtemp(prefix="shop-sync-small-disk-"))  # reachable by postgres
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
                          capture_output=True, timeout=30)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr!r}")
    try:
        shutil.chown(folder, "postgres", "postgres")
        pg_server.execute(f"CREATE TABLESPACE small_disk LOCATION '{folder}'")
        yield "small_disk"
    finally:
        try:
            blank(pg_server)  # the tables on it go first
            pg_server.execute("DROP TABLESPACE IF EXISTS small_disk")
        finally:
            subprocess.run(["umount", str(folder)], capture_output=True, timeout=30)
            folder.rmdir()


def test_a_full_disk_on_the_server_is_disk_full(pg_server, small_tablespace):
    url = blank(pg_server)
    open_database_url(url)
    try:
        move = f"ALTER TABLE customer SET TABLESPACE {small_tablespace}"
        Customer._meta.database.execute_sql(move)
        Customer.create(no="KEPT", name="Saved before")
        with pytest.raises(DiskFullError, match="disk holding the database is full"):
            for batch in range(100):  # 2 MB: full long before 100 x 200 rows of 1 KB
                with transaction():
                    Customer.insert_many(
                        [{"no": f"F{batch}-{i}", "name": "x" * 100, "address": "y" * 100,
                          "contact": "z" * 100} for i in range(200)]).execute()
        assert Customer.get(Customer.no == "KEPT").name == "Saved before"
    finally:
        close_database()
