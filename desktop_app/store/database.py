"""Opening, migrating and closing the local SQLite database.

`DB` is the proxy every model points at. `open_database()` creates the file owner-only,
turns on WAL and foreign keys, runs the migrations and binds the proxy. Write paths wrap
their work in `transaction()`, which also turns SQLite's "locked" and "full" failures into
the typed errors of `desktop_app.errors`.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import peewee

from desktop_app.errors import DatabaseLockedError, DiskFullError, StoreError

log = logging.getLogger(__name__)

#: The proxy bound by `open_database()`; every model's `Meta.database`.
DB = peewee.DatabaseProxy()

#: How long a writer waits for another connection's lock before giving up.
DEFAULT_BUSY_TIMEOUT = 5.0

_OWNER_ONLY = stat.S_IRUSR | stat.S_IWUSR  # 0600
_SIDE_FILES = ("-wal", "-shm")

_LOCKED_MARKERS = ("database is locked", "database table is locked", "database is busy")
_FULL_MARKERS = ("database or disk is full", "disk is full")


def _db_files(path: Path) -> list[Path]:
    return [path] + [path.with_name(path.name + suffix) for suffix in _SIDE_FILES]


def restrict_permissions(path: Path) -> None:
    """Make the database file and its -wal/-shm companions readable by their owner only."""
    for item in _db_files(path):
        try:
            item.chmod(_OWNER_ONLY)
        except FileNotFoundError:
            continue
        except OSError as exc:  # e.g. a file system without Unix permissions
            log.warning("Could not restrict permissions of %s: %s", item, exc)


@contextmanager
def owner_only_umask() -> Iterator[None]:
    """Create files as 0600 (directories 0700) for the duration of the block.

    The umask is process-wide, so this is used only around opening the database, which
    happens before any worker thread starts.
    """
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def _create_owner_only(path: Path) -> None:
    fd = os.open(path, os.O_CREAT | os.O_RDWR, _OWNER_ONLY)
    os.close(fd)


def classify_error(exc: BaseException) -> StoreError | None:
    """The typed error for a SQLite failure that a user can act on, else None.

    The exception's context chain is searched too: when SQLite rolls a transaction back by
    itself (disk full), peewee's own ROLLBACK then fails with "no transaction is active",
    and the real cause is that error's context.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        typed = _classify_one(current)
        if typed is not None:
            return typed
        current = current.__cause__ or current.__context__
    return None


def _classify_one(exc: BaseException) -> StoreError | None:
    text = str(exc).lower()
    if any(marker in text for marker in _LOCKED_MARKERS):
        return DatabaseLockedError(
            "The database is in use by another Shop Sync window or command and stayed "
            "locked; try again when it has finished."
        )
    if any(marker in text for marker in _FULL_MARKERS):
        return DiskFullError(
            "The disk holding the database is full; free some space and try again. "
            "Nothing was saved by the last operation."
        )
    return None


@contextmanager
def translate_db_errors() -> Iterator[None]:
    """Re-raise SQLite "locked" and "full" failures as DatabaseLockedError / DiskFullError.

    Other database errors pass through unchanged: they are bugs or corruption, not
    something the user can fix by retrying.
    """
    try:
        yield
    except (peewee.OperationalError, sqlite3.OperationalError) as exc:
        typed = classify_error(exc)
        if typed is None:
            raise
        log.warning("Database write failed: %s", exc)
        raise typed from exc


@contextmanager
def transaction() -> Iterator[object]:
    """`DB.atomic()` with `translate_db_errors()` around it, so commit failures map too."""
    with translate_db_errors():
        with DB.atomic() as txn:
            yield txn


def open_database(path: Path, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> peewee.SqliteDatabase:
    """Open (creating if needed) the database at `path`, migrate it and bind `DB` to it.

    Args:
        path: the SQLite file; its folder must exist.
        busy_timeout: seconds a writer waits for another connection's lock.

    Returns:
        The bound `SqliteDatabase` (connected in the calling thread).

    Raises:
        DatabaseTooNewError: the file was written by a newer Shop Sync (left untouched).
        DatabaseLockedError: another program holds the file locked.
        StoreError: the file is not a SQLite database.
    """
    from desktop_app.store.migrations.runner import check_version, migrate

    path = Path(path)
    with owner_only_umask():
        check_version(path)  # read-only: a too-new file is refused before any change
        if not path.exists():
            _create_owner_only(path)
        db = peewee.SqliteDatabase(
            str(path),
            pragmas=(
                ("journal_mode", "wal"),
                ("foreign_keys", 1),
                ("busy_timeout", int(busy_timeout * 1000)),
                ("synchronous", "normal"),
            ),
            timeout=busy_timeout,
            lock_type="IMMEDIATE",
        )
        try:
            with translate_db_errors():
                db.connect(reuse_if_open=True)
                migrate(db, path)
                # Touch the WAL so -wal/-shm exist now and get their permissions fixed below.
                db.execute_sql("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as exc:
            db.close()
            raise _not_a_database(path, exc) from exc
        except peewee.DatabaseError as exc:
            db.close()
            if "not a database" in str(exc) or "malformed" in str(exc):
                raise _not_a_database(path, exc) from exc
            raise
        except BaseException:
            db.close()
            raise
    restrict_permissions(path)
    DB.initialize(db)
    log.debug("Database opened: %s", path)
    return db


def _not_a_database(path: Path, exc: BaseException) -> StoreError:
    return StoreError(f"{path} is not a readable Shop Sync database ({exc})", path=str(path))


def close_database() -> None:
    """Close the bound database (all threads' connections) and unbind `DB`."""
    db = DB.obj
    if db is None:
        return
    try:
        if not db.is_closed():
            db.close()
    finally:
        DB.initialize(None)
    log.debug("Database closed")
