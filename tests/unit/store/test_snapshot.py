"""`store.snapshot.throwaway_copy` (issue 19's preview): inside the block the task's writes,
its worker threads' included (each closing "its" connection as the jobs do), go to a copy
that the block's own reads see; another task reads the file meanwhile and never sees them;
after the block the file holds none of them, and the routing is gone.

Control: with the block's body run without `throwaway_copy` (the file itself), the first
test's last assertion fails (the rows are in the file).

On a PostgreSQL server (issue 22) the block works on a SQLite copy of the server's data, at
the latest schema, its full-text search filled; the server keeps none of its writes, and the
copy's temporary file is gone after the block, after an error and after a cancellation
during the copy. Controls: with the snapshot as it was (SQLite only), the server tests fail
at the start of the block (AttributeError: the server taken for a SQLite file); without
`_drop_when_made`, the cancellation test finds the copy's folder left behind.
"""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from postgres import emptied, pg_server  # noqa: F401 (the fixture)

from desktop_app.store.customers import list_customers
from desktop_app.store.database import DB, close_database, open_database_url, transaction
from desktop_app.store.engines import is_postgres
from desktop_app.store.migrations import MIGRATIONS
from desktop_app.store.models import Customer, Location
from desktop_app.store.snapshot import in_throwaway_copy, throwaway_copy


def _add(code: str) -> None:
    with transaction():
        Location.create(code=code, name=code)


def _add_in_worker(code: str) -> None:
    try:
        _add(code)
    finally:
        DB.close()  # what the jobs' worker threads do with "their" connection


def _codes() -> set[str]:
    return {t.code for t in Location.select()}


def _file_codes(db) -> set[str]:
    with sqlite3.connect(db.database) as conn:
        return {row[0] for row in conn.execute("SELECT code FROM location")}


async def test_writes_inside_go_to_the_copy_and_are_gone_after(db):
    _add("KEPT")
    seen_outside: list[set[str]] = []
    started, written = asyncio.Event(), asyncio.Event()

    async def outside() -> None:  # another task (the window, another shop's sync)
        await started.wait()
        await written.wait()
        seen_outside.append(_codes())
        seen_outside.append(await asyncio.to_thread(_codes))

    watcher = asyncio.ensure_future(outside())
    async with throwaway_copy() as info:
        assert in_throwaway_copy() and info.bytes > 0
        started.set()
        _add("LOOP")
        await asyncio.to_thread(_add_in_worker, "THREAD")
        await asyncio.to_thread(DB.close)
        assert _codes() == {"KEPT", "LOOP", "THREAD"}
        assert await asyncio.to_thread(_codes) == {"KEPT", "LOOP", "THREAD"}
        written.set()
        await watcher
    assert seen_outside == [{"KEPT"}, {"KEPT"}]
    assert not in_throwaway_copy()
    assert _codes() == {"KEPT"} == _file_codes(db)
    _add("AFTER")  # the file is written as before once the block is over
    assert _file_codes(db) == {"KEPT", "AFTER"}


async def test_an_error_inside_drops_the_copy_too(db):
    with pytest.raises(RuntimeError):
        async with throwaway_copy():
            _add("GONE")
            raise RuntimeError("the preview failed")
    assert _codes() == set() == _file_codes(db)


async def _soon(check: Callable[[], bool], seconds: float = 5.0) -> bool:
    """Whether `check()` comes true within `seconds` (polled every few ms)."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.002)
    return True


# --- on a PostgreSQL server (issue 22 x 19): a SQLite copy of the server's data --------------


def _codes_in_worker() -> set[str]:
    try:
        return _codes()
    finally:
        DB.close()


def _server(url: str) -> dict[str, list[tuple]]:
    with psycopg.connect(url) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()  # type: ignore[arg-type]
                for t in ("location", "customer", "sync_run")}


def _copies() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("shop-sync-preview-*"))


@pytest.fixture
def server(pg_server) -> Iterator[str]:  # noqa: F811 (the fixture imported above)
    """The URL of an emptied database of the test server, bound for the test."""
    url = emptied(pg_server)
    open_database_url(url)
    try:
        yield url
    finally:
        close_database()


async def test_writes_inside_go_to_a_sqlite_copy_and_the_server_keeps_none(server):
    _add("KEPT")
    with transaction():
        Customer.create(no="C1", name="Mila Bakker", city="Utrecht")
        Customer.create(no="C2", name="Ethan Wilson", city="Leeds")
    before, copies = _server(server), _copies()
    seen_outside: list[set[str]] = []
    written = asyncio.Event()

    async def outside() -> None:  # another task (the window, another shop's sync)
        await written.wait()
        seen_outside.append(await asyncio.to_thread(_codes_in_worker))

    watcher = asyncio.ensure_future(outside())
    async with throwaway_copy() as info:
        assert in_throwaway_copy() and info.bytes > 0 and not is_postgres(DB)
        (version,) = DB.execute_sql("PRAGMA user_version").fetchone()
        assert version == len(MIGRATIONS)
        assert [c.no for c in list_customers("bakker")] == ["C1"]  # the copy's index
        assert len(_copies() - copies) == 1
        _add("LOOP")
        await asyncio.to_thread(_add_in_worker, "THREAD")
        with transaction():
            Customer.create(no="C3", name="Ann Local")  # an id past the copied ones
        assert _codes() == {"KEPT", "LOOP", "THREAD"}
        assert await asyncio.to_thread(_codes_in_worker) == {"KEPT", "LOOP", "THREAD"}
        written.set()
        await watcher
    assert seen_outside == [{"KEPT"}]
    assert not in_throwaway_copy() and is_postgres(DB)
    assert _codes() == {"KEPT"} and _server(server) == before
    assert _copies() == copies  # the copy's file is gone
    _add("AFTER")  # the server is written as before once the block is over
    with psycopg.connect(server) as conn:
        assert {c for (c,) in conn.execute("SELECT code FROM location")} == {"KEPT", "AFTER"}


async def test_an_error_inside_drops_a_server_copy_too(server):
    copies = _copies()
    with pytest.raises(RuntimeError):
        async with throwaway_copy():
            _add("GONE")
            raise RuntimeError("the preview failed")
    assert _codes() == set() and _copies() == copies


async def test_a_preview_cancelled_while_copying_leaves_no_copy_behind(server):
    copies = _copies()
    entered: list[bool] = []

    async def preview() -> None:
        async with throwaway_copy():
            entered.append(True)

    task = asyncio.ensure_future(preview())
    assert await _soon(lambda: bool(_copies() - copies)), "the copy was not being made"
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert task.cancelled() and entered == []
    # the copying thread finishes, then its copy is dropped
    assert await _soon(lambda: _copies() == copies)
