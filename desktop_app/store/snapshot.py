"""A throw-away copy of the database for one task: what a sync preview writes to (issue 19).

`throwaway_copy()` copies the bound database into a SQLite database of its own and, for the
block, routes every store call of the current task to that copy: the coroutines it awaits,
the tasks it starts and the worker threads it hands work to (`asyncio.to_thread` carries the
task's context along). Other tasks and threads (the window's reads, another shop's sync) keep
using the database, and never see what the block wrote. At the end the copy is dropped:
whatever the block did (rows, run records, number series, watermarks, commits of its own) is
gone, and the database holds nothing of it.

The copy is made one of two ways, by the engine of the bound database:
- a SQLite file: SQLite's online backup, from a read connection of its own (a consistent
  snapshot, the file untouched), into memory;
- a PostgreSQL server (issue 22): a SQLite file in a private temporary folder, migrated to
  the latest schema (the server is migrated to it when opened), then filled by the database
  copy's own table copy (`db_copy.copy_tables`, in one read-only REPEATABLE READ
  transaction on the server, a page of rows at a time), so the memory used does not grow
  with the database. The server receives nothing but reads. The preview then runs on SQLite
  as a one-computer shop does: the same engine code, the same answers.

Why a copy rather than one transaction rolled back: the jobs commit per page and hand whole
batches to worker threads with connections of their own, which one transaction cannot span,
and a write transaction held for a whole preview would lock every other writer out of the
database (another shop's sync, the window's edits) for minutes.

The routing is the models' proxy (`database.DB`, a `database.RoutedProxy`), which first
asks a context variable (`database.COPY_ROUTE`) which database it stands for: unset, it is
the bound database exactly as before.
The copy's peewee database hands the same connection to every thread of the task.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import peewee

from desktop_app.store import db_copy
from desktop_app.store.database import COPY_ROUTE, DB, translate_db_errors


class _KeptConnection(sqlite3.Connection):
    """The copy's one connection: `close()` (a worker thread closing "its" connection when
    its batch is done) leaves it open; `discard()` closes it."""

    def close(self) -> None:
        pass

    def discard(self) -> None:
        super().close()


class _CopyState:
    """peewee's connection state of the copy: one connection for every thread of the task,
    never closed by peewee (`reset` keeps it)."""

    def __init__(self, conn: _KeptConnection) -> None:
        self.conn = conn
        self.closed = False
        self.ctx: list[object] = []
        self.transactions: list[object] = []
        self.commit_callbacks: list[object] = []

    def reset(self) -> None:
        self.closed = False
        self.ctx = []
        self.transactions = []
        self.commit_callbacks = []

    def set_connection(self, conn: object) -> None:  # peewee reconnecting: keep the copy
        self.reset()


#: The copy of a server's data: foreign keys as every database; no fsync, and the rollback
#: journal in memory (a rollback still works; a crash loses only the copy).
_COPY_PRAGMAS = (("foreign_keys", 1), ("synchronous", "off"), ("journal_mode", "memory"))


class _CopyDatabase(peewee.SqliteDatabase):
    """The copy as peewee sees it: the one connection `kept` for every thread, never
    reconnected (its name is ":memory:" whatever holds it: no file of the merchant's), and
    the temporary `folder` of a server's copy (None: in memory)."""

    def __init__(self, kept: _KeptConnection, folder: Path | None) -> None:
        super().__init__(":memory:", pragmas=_COPY_PRAGMAS)
        self._state = _CopyState(kept)
        self.kept = kept
        self.folder = folder


@dataclass(frozen=True)
class CopyInfo:
    """What making the copy took: its size and the seconds the copy ran."""

    bytes: int
    seconds: float


def _backup(db: peewee.SqliteDatabase, copy: _CopyDatabase) -> None:
    """The SQLite file's data and schema into the copy, by SQLite's online backup."""
    db._add_conn_hooks(copy.kept)  # the same pragmas, functions and collations as the file's
    source = sqlite3.connect(f"{Path(db.database).resolve().as_uri()}?mode=ro", uri=True)
    try:
        source.backup(copy.kept)
    finally:
        source.close()


def _copy_rows(db: peewee.Database, copy: _CopyDatabase) -> None:
    """A server's data into the copy: the latest schema, then every table, page by page."""
    from desktop_app.store.migrations.runner import migrate

    copy._add_conn_hooks(copy.kept)
    try:
        with translate_db_errors():
            migrate(copy, None)
            with db_copy.read_snapshot(db), copy.atomic():
                db_copy.copy_tables(db, copy)
    finally:
        db.close()  # this worker thread's connection to the server


def _make_copy(db: peewee.Database) -> tuple[_CopyDatabase, CopyInfo]:
    started = time.monotonic()
    if isinstance(db, peewee.SqliteDatabase):
        folder, where = None, ":memory:"
    else:
        folder = Path(tempfile.mkdtemp(prefix="shop-sync-preview-"))  # owner-only
        where = str(folder / "copy.sqlite3")
    try:
        conn = sqlite3.connect(where, factory=_KeptConnection, check_same_thread=False,
                               isolation_level=None)
    except BaseException:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    copy = _CopyDatabase(conn, folder)
    try:
        if folder is None:
            _backup(db, copy)  # type: ignore[arg-type]
        else:
            _copy_rows(db, copy)
        size = conn.execute("PRAGMA page_count").fetchone()[0] * conn.execute(
            "PRAGMA page_size").fetchone()[0]
    except BaseException:
        _drop(copy)
        raise
    return copy, CopyInfo(size, time.monotonic() - started)


def _drop(copy: _CopyDatabase) -> None:
    copy.kept.discard()
    if copy.folder is not None:
        shutil.rmtree(copy.folder, ignore_errors=True)


def _drop_when_made(making: asyncio.Future[tuple[_CopyDatabase, CopyInfo]]) -> None:
    if not making.cancelled() and making.exception() is None:
        _drop(making.result()[0])


@asynccontextmanager
async def throwaway_copy() -> AsyncIterator[CopyInfo]:
    """Route this task's store calls (and its worker threads') to a SQLite copy of the
    bound database (a file's in memory, a server's in a temporary file) for the block,
    then drop the copy.

    Raises:
        StoreError: no database is bound (as any store call would).
    """
    db = DB.obj
    if db is None:
        raise peewee.InterfaceError("no database is open")
    making = asyncio.ensure_future(asyncio.to_thread(_make_copy, db))
    try:
        copy, info = await asyncio.shield(making)
    except asyncio.CancelledError:  # (a preview cancelled while copying) the thread goes
        making.add_done_callback(_drop_when_made)  # on: its copy is dropped when made
        raise
    token = COPY_ROUTE.set(copy)
    try:
        yield info
    finally:
        COPY_ROUTE.reset(token)
        _drop(copy)


def in_throwaway_copy() -> bool:
    """Whether the store calls of this task go to a throw-away copy."""
    return COPY_ROUTE.get() is not None
