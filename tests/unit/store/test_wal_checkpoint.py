"""WAL checkpoints run in a worker thread, never in the commit that happens to cross SQLite's
1,000-page mark (up to 50 ms more on the event loop with a 100 MB database)."""

from __future__ import annotations

import threading

from desktop_app.store import customers, database
from desktop_app.store.database import DB, transaction


def test_commits_leave_the_checkpoint_to_a_worker_thread(db, monkeypatch):
    assert DB.execute_sql("PRAGMA wal_autocheckpoint").fetchone() == (0,)
    monkeypatch.setattr(database, "CHECKPOINT_INTERVAL", 0.0)
    checkpointer = database._checkpointer
    ran_on: list[int] = []
    original = checkpointer._checkpoint

    def checkpoint() -> None:
        ran_on.append(threading.get_ident())
        original()

    monkeypatch.setattr(checkpointer, "_checkpoint", checkpoint)
    with transaction():
        customers.upsert_customers([{"no": "C1", "name": "Ann"}])
    checkpointer._pending.result(timeout=10)
    assert ran_on and ran_on[0] != threading.get_ident()


def test_a_commit_within_the_interval_starts_no_second_checkpoint(db, monkeypatch):
    monkeypatch.setattr(database, "CHECKPOINT_INTERVAL", 3600.0)
    with transaction():
        customers.upsert_customers([{"no": "C1", "name": "Ann"}])
    assert database._checkpointer._pending is None
