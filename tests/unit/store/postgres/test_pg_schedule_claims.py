"""Schedules run by one workstation only (issue 22): a due schedule is claimed with one
conditional UPDATE in the shared database, so when the schedulers of two workstations see it
due at the same moment (each reading it on its own connection), exactly one claims it."""

from __future__ import annotations

import datetime as dt
import threading

from postgres import emptied

from desktop_app.store import schedules, shops
from desktop_app.store.database import DB, close_database, open_database_url


def test_two_workstations_claiming_one_due_schedule_run_it_once(pg_server):
    open_database_url(emptied(pg_server))
    try:
        shops.create_shop("WEB", is_demo=True)
        added = schedules.add_schedule("WEB", "customers", 15)
        both_read = threading.Barrier(2, timeout=10)
        claimed: dict[str, bool] = {}
        failed: list[BaseException] = []
        now = dt.datetime(2026, 12, 7, 18, 0, tzinfo=dt.timezone.utc)

        def workstation(name: str) -> None:
            try:
                row = schedules.get_schedule(added.id)  # each on its own connection
                both_read.wait()
                claimed[name] = schedules.claim(row, now, f"scheduler on {name}")
            except BaseException as exc:  # noqa: BLE001 (reported below)
                failed.append(exc)
            finally:
                DB.close()

        threads = [threading.Thread(target=workstation, args=(n,)) for n in ("TILL", "OFFICE")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert not failed, failed
        assert sorted(claimed.values()) == [False, True]
        winner = next(name for name, won in claimed.items() if won)
        assert schedules.get_schedule(added.id).claimed_by == f"scheduler on {winner}"
    finally:
        close_database()
