"""The migration runner and the database file: versions, backups, refusals, permissions."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sqlite3
import stat
from pathlib import Path
from types import SimpleNamespace

import peewee
import pytest

from desktop_app.errors import DatabaseLockedError, DatabaseTooNewError, DiskFullError, StoreError
from desktop_app.store import migrations as migrations_pkg
from desktop_app.store.database import close_database, open_database, transaction
from desktop_app.store.migrations import MIGRATIONS, runner
from desktop_app.store.models import ALL_MODELS, Customer, Shop

LATEST = len(MIGRATIONS)


def _version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _raw_db(path: Path) -> peewee.SqliteDatabase:
    db = peewee.SqliteDatabase(str(path), pragmas={"journal_mode": "wal", "foreign_keys": 1})
    db.connect()
    return db


def test_every_migration_file_is_listed_in_order():
    folder = Path(migrations_pkg.__file__).parent
    numbers = sorted(
        int(m.group(1))
        for f in folder.glob("m*.py")
        if (m := re.fullmatch(r"m(\d{4})_\w+\.py", f.name))
    )
    assert numbers == [m.VERSION for m in MIGRATIONS] == list(range(1, LATEST + 1))


def test_open_new_database_migrates_to_latest_with_owner_only_files(tmp_path):
    path = tmp_path / "new.sqlite3"
    db = open_database(path)
    try:
        assert _version(path) == LATEST
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        Customer.create(no="C1", name="Alpha")  # bound and writable
        for suffix in ("", "-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            assert side.exists(), side
            assert _mode(side) == 0o600, (side, oct(_mode(side)))
        assert not list(tmp_path.glob("*.bak")), "a brand-new file needs no backup"
    finally:
        close_database()


def test_models_match_the_migrated_schema(db):
    for model in ALL_MODELS:
        table = model._meta.table_name
        info = {row[1]: row for row in db.execute_sql(f"PRAGMA table_info({table})")}
        fields = {f.column_name: f for f in model._meta.sorted_fields}
        assert set(info) == set(fields), table
        for column, field in fields.items():
            if field.primary_key:
                continue
            assert bool(info[column][3]) == (not field.null), f"{table}.{column} nullability"


def test_reopening_a_current_database_changes_nothing(tmp_path):
    path = tmp_path / "db.sqlite3"
    open_database(path)
    Customer.create(no="C1", name="Alpha")
    close_database()
    open_database(path)
    try:
        assert Customer.get(Customer.no == "C1").name == "Alpha"
        assert not list(tmp_path.glob("*.bak"))
    finally:
        close_database()


@pytest.mark.parametrize("start", range(0, LATEST))
def test_upgrade_from_each_earlier_version(tmp_path, start):
    path = tmp_path / "old.sqlite3"
    db = _raw_db(path)
    runner.migrate(db, path, MIGRATIONS[:start] if start else ())
    assert db.execute_sql("PRAGMA user_version").fetchone()[0] == start
    if start >= 1:  # rows written by an older app must survive every later step
        db.execute_sql(
            "INSERT INTO shop (code, name, settings, created_at) "
            "VALUES ('OLD', 'Old shop', '{\"auto_create_customers\": true}', "
            "'2025-01-02 03:04:05.000000')"
        )
        db.execute_sql(
            "INSERT INTO customer (no, name, email, created_at, updated_at) "
            "VALUES ('C1', 'Alpha', 'a@example.com', '2025-01-02 03:04:05.000000', "
            "'2025-01-02 03:04:05.000000')"
        )
    db.close()

    open_database(path)
    try:
        assert _version(path) == LATEST
        if start >= 1:
            shop = Shop.get(Shop.code == "OLD")
            assert shop.get("auto_create_customers") is True
            assert shop.created_at == dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
            assert shop.country is None  # added by v2
            assert Customer.get(Customer.no == "C1").email == "a@example.com"
        backups = list(tmp_path.glob("*.bak"))
        assert [b.name for b in backups] == ([f"old.sqlite3.v{start}.bak"] if start else [])
    finally:
        close_database()


def _fake_step(version: int, sql: str, fail: bool = False) -> SimpleNamespace:
    def upgrade(migrator, db):
        db.execute_sql(sql)
        if fail:
            raise RuntimeError("step failed half-way")

    return SimpleNamespace(VERSION=version, upgrade=upgrade)


def test_next_migration_backs_up_first_including_wal_contents(tmp_path):
    """A v1 file with rows still in its WAL is copied whole before the next step runs."""
    path = tmp_path / "shop.sqlite3"
    open_database(path)
    try:
        Customer.create(no="C1", name="Alpha")  # lives in the WAL: the app still has it open
        assert path.with_name(path.name + "-wal").stat().st_size > 0

        step2 = _fake_step(LATEST + 1, "ALTER TABLE customer ADD COLUMN nickname TEXT")
        other = _raw_db(path)
        try:
            result = runner.migrate(other, path, (*MIGRATIONS, step2))
        finally:
            other.close()
    finally:
        close_database()

    assert (result.from_version, result.to_version) == (LATEST, LATEST + 1)
    assert result.backup == tmp_path / f"shop.sqlite3.v{LATEST}.bak"
    assert _mode(result.backup) == 0o600
    copy = sqlite3.connect(result.backup)
    try:
        assert copy.execute("SELECT no, name FROM customer").fetchall() == [("C1", "Alpha")]
        assert copy.execute("PRAGMA user_version").fetchone()[0] == LATEST
        columns = [r[1] for r in copy.execute("PRAGMA table_info(customer)")]
        assert "nickname" not in columns
    finally:
        copy.close()
    assert _version(path) == LATEST + 1


def test_failed_step_is_rolled_back_and_version_kept(tmp_path):
    path = tmp_path / "shop.sqlite3"
    open_database(path)
    close_database()
    bad = _fake_step(LATEST + 1, "CREATE TABLE half_done (x INTEGER)", fail=True)
    db = _raw_db(path)
    try:
        with pytest.raises(RuntimeError, match="half-way"):
            runner.migrate(db, path, (*MIGRATIONS, bad))
        tables = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master")}
        assert "half_done" not in tables
        assert db.execute_sql("PRAGMA user_version").fetchone()[0] == LATEST
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        db.close()


def test_step_leaving_broken_references_is_refused(tmp_path):
    path = tmp_path / "shop.sqlite3"
    open_database(path)
    close_database()
    dangling = _fake_step(
        LATEST + 1,
        "INSERT INTO sync_state (shop_id, resource, updated_at) VALUES (999, 'x', '')",
    )
    db = _raw_db(path)
    try:
        with pytest.raises(StoreError, match="broken references"):
            runner.migrate(db, path, (*MIGRATIONS, dangling))
        assert db.execute_sql("SELECT count(*) FROM sync_state").fetchone()[0] == 0
    finally:
        db.close()


def test_newer_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "future.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.execute(f"PRAGMA user_version = {LATEST + 41}")
    conn.commit()
    conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    names_before = sorted(p.name for p in tmp_path.iterdir())

    with pytest.raises(DatabaseTooNewError) as caught:
        open_database(path)

    message = str(caught.value)
    assert str(LATEST + 41) in message and f"version {LATEST}" in message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == names_before


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a readable"):
        open_database(path)


def test_locked_database_maps_to_database_locked_error(tmp_path):
    path = tmp_path / "shop.sqlite3"
    open_database(path, busy_timeout=0.1)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("INSERT INTO location (code, name) VALUES ('L', 'x')")
        with pytest.raises(DatabaseLockedError, match="in use"):
            with transaction():
                Customer.create(no="C1", name="Alpha")
        holder.execute("ROLLBACK")
    finally:
        holder.close()
        close_database()


def test_full_database_maps_to_disk_full_error(db):
    page_count = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.execute_sql(f"PRAGMA max_page_count = {page_count + 2}")
    with pytest.raises(DiskFullError, match="full"):
        with transaction():
            for n in range(2000):
                Customer.create(no=f"C{n}", name="x" * 90, address="y" * 90)
    assert Customer.select().count() == 0
