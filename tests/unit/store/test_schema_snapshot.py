"""The schema never drifts: what each shipped migration step makes, against a snapshot.

`tests/fixtures/store/schema_snapshot.json` holds, for every schema version that has shipped,
a digest of the `sqlite_master` of a fresh file migrated to that version (the SQL text exactly
as stored), and the newest of them in full, to read a difference. A migration that has shipped
must never change: a refactoring of the migrations must leave every version as it was.

A new migration, once it ships, is added to the snapshot: write it again with
`SHOP_SYNC_WRITE_SCHEMA_SNAPSHOT=1 pytest tests/unit/store/test_schema_snapshot.py` and review
the diff (the versions already in the file must not change).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import peewee
import pytest

from desktop_app.store.migrations import MIGRATIONS, runner

SNAPSHOT = Path(__file__).parents[2] / "fixtures" / "store" / "schema_snapshot.json"
_WRITE = os.environ.get("SHOP_SYNC_WRITE_SCHEMA_SNAPSHOT") == "1"


def _master(db: peewee.SqliteDatabase) -> list[list[str | None]]:
    return [list(row) for row in db.execute_sql(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")]


def migrated_schema(path: Path, version: int) -> list[list[str | None]]:
    """`sqlite_master` of a new file taken to `version` by the first `version` steps."""
    db = peewee.SqliteDatabase(str(path), pragmas={"journal_mode": "wal", "foreign_keys": 1})
    db.connect()
    try:
        runner.migrate(db, path, MIGRATIONS[:version])
        return _master(db)
    finally:
        db.close()


def _digest(master: list[list[str | None]]) -> str:
    return hashlib.sha256(json.dumps(master).encode("utf-8")).hexdigest()


def _snapshot(tmp_path: Path) -> dict[str, object]:
    masters = {v: migrated_schema(tmp_path / f"v{v}.sqlite3", v)
               for v in range(1, len(MIGRATIONS) + 1)}
    return {
        "versions": {str(v): _digest(master) for v, master in masters.items()},
        "newest": {"version": len(MIGRATIONS), "sqlite_master": masters[len(MIGRATIONS)]},
    }


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory) -> dict[str, dict[str, object]]:
    if _WRITE:
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        current = _snapshot(tmp_path_factory.mktemp("schema"))
        SNAPSHOT.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n",
                            encoding="utf-8")
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_every_shipped_version_migrates_to_the_same_schema(snapshot, tmp_path):
    newest = snapshot["newest"]
    got = migrated_schema(tmp_path / "newest.sqlite3", newest["version"])
    assert got == newest["sqlite_master"], f"the schema of version {newest['version']} changed"
    for version, digest in snapshot["versions"].items():
        assert int(version) <= len(MIGRATIONS), f"version {version} is no longer shipped"
        got = migrated_schema(tmp_path / f"v{version}.sqlite3", int(version))
        assert _digest(got) == digest, f"the schema of version {version} changed"

