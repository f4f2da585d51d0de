"""Bring a database file up to the app's schema, one numbered step at a time.

The schema version lives in `PRAGMA user_version`. Before changing an existing database
the runner copies it to `<name>.v<N>.bak` (owner-only) with SQLite's backup API, so rows
still in the WAL are included. Each step runs in its own transaction together with the
version bump, so a failed step leaves the file at the previous version. A file newer than
the app is refused without being modified.

On PostgreSQL (a shared server, `store/engines.py`) the same steps run through
`PostgresqlMigrator`; the version is the one row of `shop_sync_schema` (PostgreSQL has no
`user_version`), no file is copied (the server's backups are its administrator's: each step
is one transaction, DDL included, so a failed step leaves the previous version), and an
advisory lock makes a second workstation starting at the same moment wait, then find the
database migrated.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import peewee
from playhouse.migrate import PostgresqlMigrator, SqliteMigrator

from desktop_app.errors import DatabaseTooNewError, StoreError
from desktop_app.store.engines import install_sqlite_functions, is_postgres

log = logging.getLogger(__name__)


class Migration(Protocol):
    """What a migration module offers."""

    VERSION: int

    def upgrade(self, migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None: ...


@dataclass(frozen=True)
class MigrationResult:
    """What `migrate()` did."""

    from_version: int
    to_version: int
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.to_version != self.from_version


def _default_migrations() -> Sequence[Migration]:
    from desktop_app.store.migrations import MIGRATIONS

    return MIGRATIONS


def _checked(migrations: Sequence[Migration] | None) -> Sequence[Migration]:
    steps = list(_default_migrations() if migrations is None else migrations)
    versions = [m.VERSION for m in steps]
    if versions != list(range(1, len(steps) + 1)):
        raise RuntimeError(f"Migrations must be numbered 1..N without gaps, got {versions}")
    return steps


def latest_version(migrations: Sequence[Migration] | None = None) -> int:
    """The schema version this build of the app writes."""
    return len(_checked(migrations))


def read_version(path: Path) -> int | None:
    """`user_version` of the file, read without changing it; None if there is no file.

    Raises:
        StoreError: the file exists but is not a SQLite database.
    """
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return None
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{path} is not a readable Shop Sync database ({exc})", path=str(path)
        ) from exc


def _too_new(path: Path | None, found: int, latest: int) -> DatabaseTooNewError:
    where = f" {path}" if path else ""
    return DatabaseTooNewError(
        f"The database{where} has schema version {found}, but this version of Shop Sync "
        f"only knows up to version {latest}. Install a newer Shop Sync; the file was left "
        "unchanged.",
        found=found,
        supported=latest,
    )


def check_version(path: Path, migrations: Sequence[Migration] | None = None) -> int | None:
    """Refuse a file written by a newer app, before anything opens it for writing.

    Returns:
        The file's version, or None when there is no file yet.
    """
    found = read_version(path)
    latest = latest_version(migrations)
    if found is not None and found > latest:
        raise _too_new(path, found, latest)
    return found


def backup_path(path: Path, version: int) -> Path:
    """Where the copy taken before migrating from `version` goes."""
    return path.with_name(f"{path.name}.v{version}.bak")


def backup_database(path: Path, version: int) -> Path:
    """Copy the database (WAL contents included) to `<name>.v<version>.bak`, mode 0600."""
    target = backup_path(path, version)
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    os.close(os.open(tmp, os.O_CREAT | os.O_RDWR | os.O_TRUNC, 0o600))
    source = sqlite3.connect(str(path))
    try:
        dest = sqlite3.connect(str(tmp))
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    tmp.chmod(0o600)
    os.replace(tmp, target)
    log.info("Database backed up before migrating: %s", target)
    return target


def _is_empty(db: peewee.SqliteDatabase) -> bool:
    row = db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    return row[0] == 0


def migrate(
    db: peewee.SqliteDatabase,
    path: Path | None,
    migrations: Sequence[Migration] | None = None,
) -> MigrationResult:
    """Apply the missing steps to the connected `db` (stored at `path`, for the backup).

    Foreign key enforcement is off while the steps run (SQLite's procedure for table
    rebuilds); each step ends with `PRAGMA foreign_key_check` so a step cannot leave
    dangling references behind.

    Raises:
        DatabaseTooNewError: the database's version is above the app's.
        StoreError: a step left foreign key violations (the step is rolled back).
    """
    steps = _checked(migrations)
    latest = len(steps)
    if is_postgres(db):
        return _migrate_postgres(db, steps)
    current = int(db.execute_sql("PRAGMA user_version").fetchone()[0])
    if current > latest:
        raise _too_new(path, current, latest)
    if current == latest:
        return MigrationResult(current, current, None)

    backup = None
    if path is not None and (current > 0 or not _is_empty(db)):
        backup = backup_database(Path(path), current)

    fk_on = bool(db.execute_sql("PRAGMA foreign_keys").fetchone()[0])
    db.execute_sql("PRAGMA foreign_keys = OFF")
    migrator = SqliteMigrator(db)
    try:
        for step in steps[current:]:
            with db.atomic():
                step.upgrade(migrator, db)
                problems = db.execute_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise StoreError(
                        f"Migration to version {step.VERSION} left {len(problems)} broken "
                        "references; the database was not changed by it."
                    )
                db.execute_sql(f"PRAGMA user_version = {int(step.VERSION)}")
            log.info("Database migrated to schema version %s", step.VERSION)
    finally:
        if fk_on:
            db.execute_sql("PRAGMA foreign_keys = ON")
    return MigrationResult(current, latest, backup)


#: The advisory lock key held while a workstation migrates a PostgreSQL database.
_MIGRATION_LOCK = 0x5350_0001
_VERSION_TABLE = "shop_sync_schema"


def postgres_version(db: peewee.Database) -> int:
    """The schema version of a PostgreSQL database (0: nothing of Shop Sync yet)."""
    found = db.execute_sql("SELECT to_regclass(?) IS NOT NULL", (_VERSION_TABLE,)).fetchone()[0]
    if not found:
        return 0
    row = db.execute_sql(f"SELECT version FROM {_VERSION_TABLE}").fetchone()
    return int(row[0]) if row else 0


def _migrate_postgres(db: peewee.Database, steps: Sequence[Migration]) -> MigrationResult:
    latest = len(steps)
    # Another workstation's migration is waited for (2 min at most), not the 5 s of a row lock.
    db.execute_sql("SET lock_timeout = '120s'")
    db.execute_sql("SELECT pg_advisory_lock(?)", (_MIGRATION_LOCK,))
    db.execute_sql("RESET lock_timeout")
    try:
        current = postgres_version(db)
        if current > latest:
            raise _too_new(None, current, latest)
        with db.atomic():
            install_sqlite_functions(db)
        if current == latest:
            return MigrationResult(current, current, None)
        migrator = PostgresqlMigrator(db)
        with db.atomic():
            db.execute_sql(f"CREATE TABLE IF NOT EXISTS {_VERSION_TABLE} "
                           "(version INTEGER NOT NULL)")
            if db.execute_sql(f"SELECT count(*) FROM {_VERSION_TABLE}").fetchone()[0] == 0:
                db.execute_sql(f"INSERT INTO {_VERSION_TABLE} (version) VALUES (0)")
        for step in steps[current:]:
            with db.atomic():
                step.upgrade(migrator, db)  # type: ignore[arg-type]
                db.execute_sql(f"UPDATE {_VERSION_TABLE} SET version = ?", (int(step.VERSION),))
            log.info("Database migrated to schema version %s", step.VERSION)
        return MigrationResult(current, latest, None)
    finally:
        db.execute_sql("SELECT pg_advisory_unlock(?)", (_MIGRATION_LOCK,))
