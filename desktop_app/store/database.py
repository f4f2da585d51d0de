"""Opening, migrating and closing the local SQLite database.

`DB` is the proxy every model points at. `open_database()` creates the file owner-only,
turns on WAL and foreign keys, runs the migrations and binds the proxy. Write paths wrap
their work in `transaction()`, which also turns SQLite's "locked" and "full" failures into
the typed errors of `desktop_app.errors`.

The same module opens a PostgreSQL server instead when a URL names one (`open_store()`,
`store/engines.py`): several workstations then share one database; SQLite stays the default.

WAL checkpoints (copying the log into the database file, with an fsync) run in a worker
thread, not in the commit that crosses SQLite's 1,000-page mark: on a 100 MB database that
commit took up to 50 ms more, on the event loop (issue 9's stall benchmark).
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import peewee

from desktop_app.errors import DatabaseLockedError, DiskFullError, StoreError
from desktop_app.store import engines
from desktop_app.store.gil_share import SharesGil, housekeeping_thread

log = logging.getLogger(__name__)

#: The proxy bound by `open_database()`; every model's `Meta.database`.
DB: "RoutedProxy"


class RoutedProxy(peewee.DatabaseProxy):
    """The models' proxy: the bound database, except inside a preview's throw-away copy
    (`store/snapshot.py`), where `COPY_ROUTE` names the copy for that task and its threads."""

    __slots__ = ()

    @property  # type: ignore[override]
    def obj(self) -> peewee.Database | None:
        copy = COPY_ROUTE.get()
        return copy if copy is not None else _BOUND.__get__(self, peewee.DatabaseProxy)

    @obj.setter
    def obj(self, value: peewee.Database | None) -> None:
        _BOUND.__set__(self, value)

    def __setattr__(self, attr: str, value: object) -> None:
        if attr not in peewee.DatabaseProxy.__slots__:
            raise AttributeError("Cannot set attribute on proxy.")
        object.__setattr__(self, attr, value)


#: The database a task's store calls go to instead of the bound one (None: the bound one).
COPY_ROUTE: contextvars.ContextVar[peewee.Database | None] = contextvars.ContextVar(
    "shop_sync_throwaway_copy", default=None)

#: The proxy's own slot: the bound database.
_BOUND = peewee.DatabaseProxy.obj

DB = RoutedProxy()

class SqliteDatabase(SharesGil, peewee.SqliteDatabase):
    """peewee's SQLite database whose worker threads give the window's loop its turn
    (`store.gil_share`)."""


#: How long a writer waits for another connection's lock before giving up.
DEFAULT_BUSY_TIMEOUT = 5.0

_OWNER_ONLY = stat.S_IRUSR | stat.S_IWUSR  # 0600
_SIDE_FILES = ("-wal", "-shm")

T = TypeVar("T")

#: Seconds between two background WAL checkpoints at most (see `_Checkpointer`).
CHECKPOINT_INTERVAL = 0.5

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


#: PostgreSQL's SQLSTATE codes of the same failures: lock timeout, deadlock; disk full.
_PG_LOCKED_STATES = ("55P03", "40P01")
_PG_FULL_STATES = ("53100",)
#: How psycopg words a server it could not reach (it has no SQLSTATE for that).
_UNREACHABLE_MARKERS = ("connection failed", "could not connect", "connection refused",
                        "connection timeout expired", "server closed the connection",
                        "connection is lost", "the connection is closed")


class DatabaseUnreachableError(StoreError):
    """The database server could not be reached (PostgreSQL: host down, port, network)."""

    code = "database_unreachable"


def _classify_one(exc: BaseException) -> StoreError | None:
    text = str(exc).lower()
    state = getattr(exc, "sqlstate", None)
    if state in _PG_LOCKED_STATES:
        return DatabaseLockedError(
            "The shared database stayed locked by another workstation's Shop Sync; try "
            "again when it has finished."
        )
    if state in _PG_FULL_STATES:
        text = "disk is full"
    if state is None and any(marker in text for marker in _UNREACHABLE_MARKERS):
        return DatabaseUnreachableError(
            "The database server could not be reached; check that it is running and that "
            "this computer can reach it over the network, then try again."
        )
    if any(marker in text for marker in _LOCKED_MARKERS):
        return DatabaseLockedError(
            "The database is in use by another Shop Sync window or command and stayed "
            "locked; try again when it has finished."
        )
    if any(marker in text for marker in _FULL_MARKERS):
        return DiskFullError(
            "The disk holding the database is full; free some space and try again. "
            "What was being written when the disk filled was not saved; what a sync saved "
            "before that stays saved, and the next run goes on from there."
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
    except (peewee.OperationalError, peewee.InterfaceError, sqlite3.OperationalError) as exc:
        typed = classify_error(exc)
        if typed is None:
            raise
        log.warning("Database write failed: %s", _safe_text(exc))
        raise typed from exc


def _safe_text(exc: BaseException) -> str:
    """The error's text without the password of the bound server's URL, if any."""
    db = DB.obj
    text = str(exc)
    return engines.redact_text(text, db.url) if isinstance(db, engines.PostgresDatabase) else text


@contextmanager
def transaction() -> Iterator[object]:
    """`DB.atomic()` with `translate_db_errors()` around it, so commit failures map too.

    After the outermost block commits, a WAL checkpoint may be started in the background.
    """
    with translate_db_errors():
        with DB.atomic() as txn:
            yield txn
    checkpointer = _checkpointer  # None on PostgreSQL
    if checkpointer is not None and DB.obj is not None and DB.transaction_depth() == 0:
        checkpointer.after_commit()


class _Checkpointer:
    """Runs `PRAGMA wal_checkpoint(PASSIVE)` on its own connection in one worker thread.

    The connections of `open_database()` have SQLite's automatic checkpoint turned off;
    instead, a commit through `transaction()` starts one here when none is running and the
    last began at least `CHECKPOINT_INTERVAL` ago. A passive checkpoint never waits for
    locks: readers and the next writer carry on meanwhile. Closing the last connection
    (`close_database()`) checkpoints the rest, as before.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._executor: ThreadPoolExecutor | None = None
        self._connection: sqlite3.Connection | None = None
        self._pending: Future[None] | None = None
        self._last = time.monotonic()
        self._lock = threading.Lock()

    def after_commit(self) -> None:
        with self._lock:
            if self._pending is not None and not self._pending.done():
                return
            now = time.monotonic()
            if now - self._last < CHECKPOINT_INTERVAL:
                return
            self._last = now
            if self._executor is None:
                self._executor = ThreadPoolExecutor(1, thread_name_prefix="wal-checkpoint",
                                                    initializer=housekeeping_thread)
            self._pending = self._executor.submit(self._checkpoint)

    def _checkpoint(self) -> None:
        try:
            if self._connection is None:
                self._connection = sqlite3.connect(str(self._path), check_same_thread=False)
            self._connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as exc:  # the next commit tries again; close checkpoints anyway
            log.warning("Background WAL checkpoint failed: %s", exc)

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is None:
            return
        executor.shutdown(wait=True)
        if self._connection is not None:
            self._connection.close()
            self._connection = None


_checkpointer: _Checkpointer | None = None


async def read_in_thread(func: Callable[..., T], /, *args: Any) -> T:
    """Run a store read in a worker thread and return its result to the event loop.

    For reads that would hold the loop longer than the window can wait (about 50 ms): the
    thread reads through its own SQLite connection (WAL lets it read beside the loop's) and
    closes it before returning, so the pool's idle threads hold no connection open.
    """

    def run() -> T:
        try:
            return func(*args)
        finally:
            if DB.obj is not None:  # None: the database was closed (the app quit) meanwhile
                DB.close()

    return await asyncio.to_thread(run)


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
        db = SqliteDatabase(
            str(path),
            pragmas=(
                ("journal_mode", "wal"),
                ("foreign_keys", 1),
                ("busy_timeout", int(busy_timeout * 1000)),
                ("synchronous", "normal"),
                ("wal_autocheckpoint", 0),  # checkpoints run in a worker thread instead
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
    global _checkpointer
    if _checkpointer is not None:  # a database opened over another without closing it
        _checkpointer.close()
    _checkpointer = _Checkpointer(path)
    DB.initialize(db)
    log.debug("Database opened: %s", path)
    return db


def open_store(path: Path, url: str | None = None, *,
               password: str | None = None) -> peewee.Database:
    """Open the database this workstation is configured for and bind `DB` to it.

    `url` (the `--database` option) or else `SHOP_SYNC_DATABASE` names a shared server;
    with neither, the SQLite file `path` of the data folder opens as before. `password`
    (from the keyring) goes to the driver, never into the URL.
    """
    url = engines.configured_url(url)
    if url is None:
        return open_database(path)
    if engines.engine_of_url(url) == engines.SQLITE:
        return open_database(Path(engines.sqlite_path(url)))
    return open_database_url(url, password=password)


def open_database_url(url: str, *, lock_timeout: float = DEFAULT_BUSY_TIMEOUT,
                      password: str | None = None) -> peewee.Database:
    """Connect to the PostgreSQL database of `url`, migrate it and bind `DB` to it.

    Raises:
        DatabaseUnreachableError: the server could not be reached (the message names it
            without the password).
        DatabaseTooNewError: the database was written by a newer Shop Sync (left untouched).
    """
    from desktop_app.store.migrations.runner import migrate

    extra = {"password": password} if password else {}
    db = engines.PostgresDatabase(url, lock_timeout=lock_timeout, **extra)
    try:
        with translate_db_errors():
            db.connect(reuse_if_open=True)
            migrate(db, None)
    except StoreError as exc:
        db.close()
        if isinstance(exc, DatabaseUnreachableError):
            raise DatabaseUnreachableError(
                f"{exc.message} (server: {engines.redact_url(url)})",
                server=engines.server_of_url(url)) from None
        raise
    except BaseException:
        db.close()
        raise
    global _checkpointer
    if _checkpointer is not None:
        _checkpointer.close()
        _checkpointer = None
    DB.initialize(db)
    log.debug("Database opened: %s", engines.redact_url(url))
    return db


def _not_a_database(path: Path, exc: BaseException) -> StoreError:
    return StoreError(f"{path} is not a readable Shop Sync database ({exc})", path=str(path))


def close_database() -> None:
    """Close the bound database (all threads' connections) and unbind `DB`."""
    global _checkpointer
    if _checkpointer is not None:
        _checkpointer.close()  # before the last connection, so that one checkpoints the rest
        _checkpointer = None
    db = DB.obj
    if db is None:
        return
    try:
        if not db.is_closed():
            db.close()
    finally:
        DB.initialize(None)
    log.debug("Database closed")
