"""`store.snapshot.throwaway_copy` (issue 19's preview): inside the block the task's writes,
its worker threads' included (each closing "its" connection as the jobs do), go to a copy
that the block's own reads see; another task reads the file meanwhile and never sees them;
after the block the file holds none of them, and the routing is gone.

Control: with the block's body run without `throwaway_copy` (the file itself), the first
test's last assertion fails (the rows are in the file).
"""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from desktop_app.store.database import DB, transaction
from desktop_app.store.models import Location
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
