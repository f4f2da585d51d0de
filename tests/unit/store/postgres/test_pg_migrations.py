"""Every migration runs on PostgreSQL too: from an empty database and from each earlier
version, keeping the rows an older app wrote, to a schema with the same tables, columns and
indexes as the SQLite file's (issue 22). Against a real server (tests/postgres.py)."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from postgres import blank

from desktop_app.store import engines
from desktop_app.store.database import close_database, open_database, open_database_url
from desktop_app.store.migrations import MIGRATIONS, runner
from desktop_app.store.models import ALL_MODELS, Customer, Shop

LATEST = len(MIGRATIONS)


def _pg_schema(url: str) -> dict[str, set[str]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public'").fetchall()
    schema: dict[str, set[str]] = {}
    for table, column in rows:
        schema.setdefault(table, set()).add(column)
    return schema


def _pg_indexes(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        return {name for (name,) in conn.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' "
            "AND indexname NOT LIKE '%%_pkey'")}


@pytest.mark.parametrize("start", range(0, LATEST))
def test_upgrade_from_each_earlier_version(pg_server, start):
    url = blank(pg_server)
    db = engines.PostgresDatabase(url)
    db.connect()
    runner.migrate(db, None, MIGRATIONS[:start] if start else ())
    assert runner.postgres_version(db) == start
    if start >= 1:  # rows written by an older app must survive every later step
        db.execute_sql(
            "INSERT INTO shop (code, name, settings, created_at) "
            "VALUES ('OLD', 'Old shop', '{\"auto_create_customers\": true}', "
            "'2025-01-02 03:04:05.000000')")
        db.execute_sql(
            "INSERT INTO customer (no, name, email, created_at, updated_at) "
            "VALUES ('C1', 'Alpha', 'a@example.com', '2025-01-02 03:04:05.000000', "
            "'2025-01-02 03:04:05.000000')")
    db.close()

    opened = open_database_url(url)
    try:
        assert runner.postgres_version(opened) == LATEST
        if start >= 1:
            old = Shop.get(Shop.code == "OLD")
            written = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
            # v2 added the country (empty); the JSON settings and the timestamp read back
            kept = (old.get("auto_create_customers"), old.created_at, old.country)
            assert kept == (True, written, None)
            later = Customer.create(no="C2", name="Beta")  # the key still numbers itself
            assert [c.no for c in Customer.select().order_by(Customer.id)] == ["C1", later.no]
    finally:
        close_database()


def test_the_schema_is_the_sqlite_one(pg_server, tmp_path):
    """Same tables, same columns, same index names (SQLite's FTS5 search index aside)."""
    url = blank(pg_server)
    open_database_url(url)
    close_database()
    lite = open_database(tmp_path / "s.sqlite3")
    try:
        tables = {name for (name,) in lite.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'customer_search%' AND name NOT LIKE 'sqlite_%'")}
        columns = {t: {row[1] for row in lite.execute_sql(f'PRAGMA table_info("{t}")')}
                   for t in tables}
        indexes = {name for (name,) in lite.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}
    finally:
        close_database()
    on_pg = _pg_schema(url)
    assert on_pg.pop("shop_sync_schema") == {"version"}
    assert on_pg == columns
    assert _pg_indexes(url) == indexes


def test_the_models_match_the_migrated_schema(pg_server):
    url = blank(pg_server)
    open_database_url(url)
    close_database()
    schema = _pg_schema(url)
    for model in ALL_MODELS:
        table = model._meta.table_name
        assert schema[table] == {f.column_name for f in model._meta.sorted_fields}, table


def test_reopening_a_current_database_changes_nothing(pg_server):
    url = blank(pg_server)
    open_database_url(url)
    Customer.create(no="C1", name="Alpha")
    close_database()
    result_db = engines.PostgresDatabase(url)
    result_db.connect()
    try:
        result = runner.migrate(result_db, None)
        assert not result.changed and result.to_version == LATEST
    finally:
        result_db.close()


def test_a_failed_step_leaves_the_previous_version(pg_server):
    url = blank(pg_server)
    db = engines.PostgresDatabase(url)
    db.connect()
    try:
        runner.migrate(db, None, MIGRATIONS[:2])

        class Broken:
            VERSION = 3

            @staticmethod
            def upgrade(migrator, database):
                database.execute_sql("CREATE TABLE half_done (id INTEGER)")
                database.execute_sql("SELECT no_such_column FROM shop")

        with pytest.raises(Exception, match="no_such_column"):
            runner.migrate(db, None, (*MIGRATIONS[:2], Broken))
        assert runner.postgres_version(db) == 2
        assert db.execute_sql("SELECT to_regclass('half_done')").fetchone()[0] is None
    finally:
        db.close()
