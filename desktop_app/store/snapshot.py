"""A throw-away copy of the database for one task: what a sync preview writes to (issue 19).

`throwaway_copy()` copies the bound database (SQLite's online backup, from a read connection
of its own: a consistent snapshot, the file untouched) into memory and, for the block, routes
every store call of the current task to that copy: the coroutines it awaits, the tasks it
starts and the worker threads it hands work to (`asyncio.to_thread` carries the task's
context along). Other tasks and threads (the window's reads, another shop's sync) keep using
the file, and never see what the block wrote. At the end the copy is dropped: whatever the
block did (rows, run records, number series, watermarks, commits of its own) is gone, and the
file holds nothing of it.

Why a copy rather than one transaction rolled back: the jobs commit per page and hand whole
batches to worker threads with connections of their own, which one transaction cannot span,
and a write transaction held for a whole preview would lock every other writer out of the
file (another shop's sync, the window's edits) for minutes.

The routing is peewee's per-thread connection state replaced on the bound database by one
that first asks a context variable (`_ROUTE`): unset, it is the thread's state exactly as
before.
"""

from __future__ import annotations

import asyncio
import contextvars
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import peewee

from desktop_app.store.database import DB


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


_ROUTE: contextvars.ContextVar[_CopyState | None] = contextvars.ContextVar(
    "shop_sync_throwaway_copy", default=None)


class _RoutedState:
    """Stands in for peewee's thread-local connection state: the copy's state inside a
    `throwaway_copy()` block, the thread's own (`base`) everywhere else."""

    def __init__(self, base: object) -> None:
        object.__setattr__(self, "_base", base)

    def _target(self) -> object:
        return _ROUTE.get() or object.__getattribute__(self, "_base")

    def __getattr__(self, name: str) -> object:
        return getattr(self._target(), name)

    def __setattr__(self, name: str, value: object) -> None:
        setattr(self._target(), name, value)

    def reset(self) -> None:
        self._target().reset()  # type: ignore[attr-defined]

    def set_connection(self, conn: object) -> None:
        self._target().set_connection(conn)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class CopyInfo:
    """What making the copy took: its size and the seconds the backup ran."""

    bytes: int
    seconds: float


def _route(db: peewee.SqliteDatabase) -> None:
    """Install the routing state on `db` once (it behaves as before outside a copy)."""
    if not isinstance(db._state, _RoutedState):
        db._state = _RoutedState(db._state)


def _make_copy(db: peewee.SqliteDatabase) -> tuple[_KeptConnection, CopyInfo]:
    started = time.monotonic()
    path = Path(db.database)
    copy = sqlite3.connect(":memory:", factory=_KeptConnection, check_same_thread=False,
                           isolation_level=None)
    try:
        db._add_conn_hooks(copy)  # the same pragmas, functions and collations as the file's
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            source.backup(copy)
        finally:
            source.close()
        size = copy.execute("PRAGMA page_count").fetchone()[0] * copy.execute(
            "PRAGMA page_size").fetchone()[0]
    except BaseException:
        copy.discard()
        raise
    return copy, CopyInfo(size, time.monotonic() - started)


@asynccontextmanager
async def throwaway_copy() -> AsyncIterator[CopyInfo]:
    """Route this task's store calls (and its worker threads') to an in-memory copy of the
    bound database for the block, then drop the copy.

    Raises:
        StoreError: no database is bound (as any store call would).
    """
    db = DB.obj
    if db is None:
        raise peewee.InterfaceError("no database is open")
    _route(db)
    conn, info = await asyncio.to_thread(_make_copy, db)
    state = _CopyState(conn)
    token = _ROUTE.set(state)
    try:
        yield info
    finally:
        _ROUTE.reset(token)
        conn.discard()


def in_throwaway_copy() -> bool:
    """Whether the store calls of this task go to a throw-away copy."""
    return _ROUTE.get() is not None
