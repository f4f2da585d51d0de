"""Issue 21: big containers are freed in a worker thread, a slice at a time
(`sync.collector.dispose`), not on the window's event loop.

Freeing a container frees its items in C, holding the GIL: the run's 100,000 record changes
(the result the window's engine returns) and the matching index of 100,000 local customers
held the window's loop 60-160 ms when their last reference went away on it (the stall
benchmark's worst stall at the end of a 100,000-customer sync: 120-158 ms of the loop's own
time, 45 ms with `dispose`).

Controls: without the engine's hand-over the changes are freed on the loop's thread (the
second test fails: all 5,000 deaths on the main thread); without `drop_index`'s, the index's
maps are never handed over (the third fails).
"""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from desktop_app.sync import collector
from desktop_app.sync.collector import (
    DISPOSE_AFTER,
    DISPOSE_CHUNK,
    DISPOSE_PAUSE,
    FullCollections,
    dispose,
    hold_back_during_syncs,
)
from desktop_app.sync.results import SyncResult


class Mortal:
    """An item that notes the thread it dies on."""

    deaths: list[int] = []

    def __del__(self) -> None:
        Mortal.deaths.append(threading.get_ident())


@pytest.fixture(autouse=True)
def no_deaths():
    """No death counted from elsewhere: an earlier test's disposal (an engine's run) is over
    first (bounded: its pause and slices take about a second)."""
    for _ in range(1_000):
        if not collector.disposing():
            break
        time.sleep(0.01)
    assert not collector.disposing()
    Mortal.deaths = []
    yield
    Mortal.deaths = []


def test_dispose_frees_lists_dicts_and_sets_in_its_thread_in_slices(monkeypatch):
    sleeps: list[float] = []
    monkeypatch.setattr(collector.time, "sleep", sleeps.append)
    items = [Mortal() for _ in range(2_500)]
    mapping = {i: Mortal() for i in range(1_500)}
    kept = {i for i in range(10)}
    dispose(items, mapping, kept).result(timeout=10)
    assert items == [] and mapping == {} and kept == set()
    assert len(Mortal.deaths) == 4_000
    assert threading.get_ident() not in Mortal.deaths  # none died on the caller's thread
    assert len(set(Mortal.deaths)) == 1  # the disposer's one thread
    # it waits for the run's end to pass, then pauses after each slice: 3 of the list, 2 of
    # the dict, 1 of the set
    assert sleeps == [DISPOSE_AFTER] + [DISPOSE_PAUSE] * (3 + 2 + 1)
    assert DISPOSE_CHUNK == 1_000 and not collector.disposing()


class ChangesService:
    """The engine's service: a run whose result holds 5,000 changes."""

    async def sync(self, shop_code, resource, reporter, **options) -> SyncResult:
        result = SyncResult(str(resource))
        for _ in range(5_000):
            result.record_change(Mortal())  # type: ignore[arg-type]
        await asyncio.sleep(0)
        return result


async def test_the_engine_hands_a_runs_changes_to_the_disposer(qapp):
    from desktop_app.sync.engine import SyncEngine

    engine = SyncEngine(ChangesService())  # type: ignore[arg-type]
    policy = hold_back_during_syncs(engine.busy_changed)  # the window's (`gui.py`)
    seen: list[int] = []
    engine.finished.connect(lambda _s, _r, result: seen.append(len(result.changes)))
    result = await engine.sync("S", "customers")
    assert seen == [5_000]  # the window's handlers still get them (the history has them too)
    assert result is not None and result.changes == []
    del result
    for _ in range(500):
        if len(Mortal.deaths) == 5_000:
            break
        await asyncio.sleep(0.01)
    assert len(Mortal.deaths) == 5_000
    assert threading.get_ident() not in Mortal.deaths
    policy.give_back()
    engine.deleteLater()


def test_a_customer_runs_index_is_dropped_by_the_disposer(monkeypatch):
    from desktop_app.sync import customer_resolver

    handed: list[tuple] = []
    monkeypatch.setattr(customer_resolver, "dispose", lambda *maps: handed.append(maps))
    policy = FullCollections()  # the window's: full passes held back while it syncs
    policy.set_busy(True)
    try:
        _drop_twice(customer_resolver, handed)
    finally:
        policy.set_busy(False)
    # The command line's way (nothing held back): freed at once, nothing handed over.
    handed.clear()
    _drop_twice(customer_resolver, handed, expected=0)


def _drop_twice(customer_resolver, handed: list[tuple], expected: int = 1) -> None:
    from desktop_app.sync.rules.mapping import LocalIndex

    resolver = customer_resolver.CustomerResolver.__new__(customer_resolver.CustomerResolver)
    index = LocalIndex(nos={"C1"}, by_email={"a@x.test": ("C1",)}, by_phone={},
                       by_bill_to={})
    resolver._index = index
    resolver.drop_index()
    assert not resolver.has_index
    assert handed == [(index.nos, index.by_email, index.by_phone, index.by_bill_to)][:expected]
    resolver.drop_index()  # none left: nothing more handed over
    assert len(handed) == expected


def test_the_full_passes_come_back_only_once_the_disposer_is_done(qtbot, monkeypatch):
    # Given back while the run's containers were still being freed, the first full pass
    # walked them all: 310 ms at 100,000 customers (the stall benchmark).
    monkeypatch.setattr(collector, "DISPOSE_AFTER", 0.4)
    monkeypatch.setattr(collector, "DISPOSE_RETRY_MS", 50)
    policy = FullCollections(give_back_after_ms=50)
    try:
        policy.set_busy(True)
        items = [Mortal() for _ in range(10)]
        done = dispose(items)
        policy.set_busy(False)
        qtbot.wait(200)  # the policy's 50 ms are long past: the disposer still works
        assert policy.held_back and collector.disposing()
        qtbot.waitUntil(lambda: not policy.held_back, timeout=5000)
        assert done.done() and len(Mortal.deaths) == 10
    finally:
        policy.give_back()
