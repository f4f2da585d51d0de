"""Issue 21: a bulk result's JSON lines are parsed in a worker thread, not on the event loop
(the window stalled while a large export was parsed), in order, and a broken line still names
its number."""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator

import pytest

from desktop_app.errors import BulkOperationError
from desktop_app.shopify import bulk


async def _lines(*lines: str) -> AsyncIterator[str]:
    for line in lines:
        yield line


async def test_lines_are_parsed_off_the_event_loop_in_order(monkeypatch):
    threads: set[int] = set()
    real = json.loads

    def loads(text: str):  # type: ignore[no-untyped-def]
        threads.add(threading.get_ident())
        return real(text)

    monkeypatch.setattr(bulk.json, "loads", loads)
    count = bulk.PARSE_BATCH * 2 + 3
    lines = [json.dumps({"id": f"gid://shopify/Customer/{i}"}) for i in range(count)]
    records = [r async for r in bulk.join_records(_lines(*lines), count)]
    assert [r["id"] for r in records] == [f"gid://shopify/Customer/{i}" for i in range(count)]
    assert threads and threading.get_ident() not in threads


async def test_a_broken_line_in_a_later_batch_names_its_number():
    lines = ['{"id": "a"}'] * (bulk.PARSE_BATCH + 4) + ['{"id": "cut']
    with pytest.raises(BulkOperationError, match=f"Line {bulk.PARSE_BATCH + 5} "):
        [r async for r in bulk.join_records(_lines(*lines))]
