"""Document numbers come from the shared database: two workstations starting the same new
series at the same moment get different numbers, and neither fails (issue 22)."""

from __future__ import annotations

import threading
import time

from postgres import emptied

from desktop_app.store.database import DB, close_database, open_database_url, transaction
from desktop_app.store.numbers import next_no


def test_a_series_started_twice_at_once_gives_two_numbers(pg_server):
    open_database_url(emptied(pg_server))
    got: dict[str, str] = {}
    failed: list[BaseException] = []
    first_holds = threading.Event()

    def first() -> None:
        try:
            with transaction():
                got["first"] = next_no("XX")
                first_holds.set()
                time.sleep(0.8)  # the document is still being written: its row uncommitted
        except BaseException as exc:  # noqa: BLE001 (reported below)
            failed.append(exc)
        finally:
            first_holds.set()
            DB.close()

    def second() -> None:
        try:
            first_holds.wait(10)
            with transaction():
                got["second"] = next_no("XX")
        except BaseException as exc:  # noqa: BLE001 (reported below)
            failed.append(exc)
        finally:
            DB.close()

    try:
        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert not failed, failed
        assert sorted(got.values()) == ["XX000001", "XX000002"]
    finally:
        close_database()
