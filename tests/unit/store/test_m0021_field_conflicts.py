"""Schema v21 and `store/conflicts.py`: fields of a link changed on both sides (issue 19)."""

from __future__ import annotations

import peewee
import pytest

from desktop_app.errors import NotFoundError
from desktop_app.store import conflicts
from desktop_app.store.database import close_database, open_database, transaction
from desktop_app.store.migrations import MIGRATIONS, runner

GID = "gid://shopify/Customer/1"
STAMP = "2025-01-02 03:04:05.000000"


#: A version 20 file's rows: a shop, a local customer and its link.
V20_ROWS = (
    f"INSERT INTO shop (code, name, settings, created_at) VALUES ('OLD', 'Old shop', '{{}}', "
    f"'{STAMP}')",
    f"INSERT INTO customer (no, name, city, created_at, updated_at) VALUES ('C1', 'Ann Lee', "
    f"'Lyon', '{STAMP}', '{STAMP}')",
    f"INSERT INTO shopify_customer (shop_id, shopify_id, first_name, customer_id, match_reason, "
    f"fetched_at) SELECT s.id, '{GID}', 'Ann', c.id, 'email', '{STAMP}' FROM shop s, customer c",
)


def _v20_database_with_a_link(path) -> None:
    db = peewee.SqliteDatabase(str(path), pragmas={"journal_mode": "wal", "foreign_keys": 1})
    with db:
        runner.migrate(db, path, MIGRATIONS[:20])
        assert db.execute_sql("PRAGMA user_version").fetchone()[0] == 20
        for statement in V20_ROWS:
            db.execute_sql(statement)


def test_upgrade_from_version_20_starts_without_conflicts_and_keeps_one_open_per_field(
        tmp_path):
    path = tmp_path / "v20.sqlite3"
    _v20_database_with_a_link(path)
    open_database(path)
    try:
        assert list(tmp_path.glob("*.v20.bak"))
        assert conflicts.list_conflicts("OLD") == []
        city = conflicts.NewConflict(GID, "C1", "city", "Lyon", "Paris", "Nantes")
        with transaction():
            conflicts.record_conflicts("OLD", [city])
        # Met again by a later run, with Shopify changed once more: the same row, refreshed.
        with transaction():
            conflicts.record_conflicts("OLD", [
                conflicts.NewConflict(GID, "C1", "city", "Lyon", "Nice", "Nantes")])
        (found,) = conflicts.list_conflicts("OLD")
        assert (found.customer_no, found.customer_name, found.field) == ("C1", "Ann Lee", "city")
        assert (found.local, found.shopify, found.agreed) == ("Lyon", "Nice", "Nantes")
        assert found.found_at is not None and found.resolved_at is None
        assert conflicts.open_fields("OLD", [GID, "gid://shopify/Customer/9"]) == {
            GID: {"city"}}
        assert conflicts.open_conflict_records("OLD") == {GID}

        with transaction():
            conflicts.close_conflict(found.id, conflicts.LOCAL)
        closed = conflicts.get_conflict(found.id)
        assert (closed.taken, closed.resolved_at is not None) == ("local", True)
        assert conflicts.list_conflicts("OLD") == []
        assert [c.id for c in conflicts.list_conflicts("OLD", resolved=True)] == [found.id]
        with pytest.raises(NotFoundError):
            conflicts.close_conflict(found.id, conflicts.SHOPIFY)  # closed already
        # Closed, the same field may conflict again: a new row.
        with transaction():
            conflicts.record_conflicts("OLD", [city])
        assert len(conflicts.list_conflicts("OLD", resolved=True)) == 2
        with pytest.raises(NotFoundError):
            conflicts.get_conflict(999)
        with pytest.raises(NotFoundError):
            conflicts.record_conflicts("OLD", [conflicts.NewConflict(GID, "C9", "city", "",
                                                                     "", "")])
    finally:
        close_database()
