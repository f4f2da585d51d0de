"""Issue 21: while the window syncs, a worker's database calls leave the GIL free now and
then (`store.gil_share`).

A database call releases the GIL in SQLite and takes it back at once; CPython hands the GIL
to a waiting thread only after a switch interval with no hand-over meanwhile, so the window's
thread waited for the end of a worker's burst of statements (30-55 ms stalls at 100,000
customers, tests/benchmarks/bench_window_stall.py; 0 ticks late by 50 ms after). The figures
are the benchmark's; these tests pin the rule: a worker (never the main thread) pauses once
`PAUSE_EVERY` has passed since its last pause, only while sharing is on, at each statement of
both database classes; the window's collector policy turns it on while the engine is busy.

Control: with `SharesGil` left out of `store.database.SqliteDatabase`, the third test fails
(no pause at any statement).
"""

from __future__ import annotations

import threading

import pytest

from desktop_app.store import gil_share
from desktop_app.store.database import DB, SqliteDatabase
from desktop_app.store.engines import PostgresDatabase
from desktop_app.sync.collector import FullCollections


class Clock:
    """`gil_share`'s clock and sleep: time moves only when told; sleeps are noted."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[tuple[str, float]] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append((threading.current_thread().name, seconds))


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(gil_share, "time", clock)
    monkeypatch.setattr(gil_share, "_last", threading.local())
    yield clock
    gil_share.share_with_loop(False)


def _in_worker(function) -> None:
    worker = threading.Thread(target=function, name="worker")
    worker.start()
    worker.join(10)
    assert not worker.is_alive()


def test_a_worker_pauses_once_per_interval_only_while_sharing(clock):
    def work() -> None:
        gil_share.pause_if_due()  # the first call starts the count
        clock.now += gil_share.PAUSE_EVERY / 2
        gil_share.pause_if_due()  # not due yet
        clock.now += gil_share.PAUSE_EVERY
        gil_share.pause_if_due()  # due: one pause
        gil_share.pause_if_due()  # the count starts again
        gil_share.share_with_loop(False)
        clock.now += gil_share.PAUSE_EVERY * 10
        gil_share.pause_if_due()  # not sharing: never

    gil_share.share_with_loop(True)
    _in_worker(work)
    assert clock.sleeps == [("worker", gil_share.PAUSE)]


def test_the_main_thread_never_pauses(clock):
    gil_share.share_with_loop(True)
    for _ in range(3):
        gil_share.pause_if_due()
        clock.now += gil_share.PAUSE_EVERY * 2
    assert clock.sleeps == []


def test_every_statement_of_a_worker_gives_the_loop_its_turn(clock, db):
    assert issubclass(PostgresDatabase, gil_share.SharesGil)
    assert isinstance(DB.obj, SqliteDatabase)

    def work() -> None:
        for _ in range(3):
            DB.execute_sql("SELECT 1").fetchone()
            clock.now += gil_share.PAUSE_EVERY * 1.5
        DB.close()

    gil_share.share_with_loop(True)
    _in_worker(work)
    assert clock.sleeps == [("worker", gil_share.PAUSE)] * 2  # the first one starts the count


def test_the_collector_policy_shares_while_the_engine_is_busy():
    policy = FullCollections()  # no Qt timer: given back at once when idle
    assert not gil_share.sharing()
    policy.set_busy(True)
    try:
        assert gil_share.sharing()
    finally:
        policy.set_busy(False)
    assert not gil_share.sharing()
