"""One sync per shop across workstations: on a shared PostgreSQL database the shop's lock is
the server's advisory lock, and who holds it is readable by every workstation (issue 22)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from demo_process import REPO, child_env
from postgres import emptied

from desktop_app.store.database import close_database, open_database, open_database_url
from desktop_app.store.shops import create_shop
from desktop_app.sync.process_lock import DatabaseLock, ProcessLock, shop_lock, shop_lock_holder

_HOLD = """
import sys, time
from desktop_app.store.database import open_database_url
from desktop_app.sync.process_lock import shop_lock
open_database_url(sys.argv[1])
lock = shop_lock(None, "WEB")
assert lock.try_acquire("sync customers")
print("held", flush=True)
time.sleep(120)
"""


def test_a_second_workstation_waits_and_sees_who_syncs(pg_server, tmp_path):
    open_database_url(emptied(pg_server))
    try:
        create_shop("WEB", name="Web")
        till, office = tmp_path / "till", tmp_path / "office"  # two workstations' folders
        till.mkdir()
        office.mkdir()
        first, second = shop_lock(till, "WEB"), shop_lock(office, "WEB")
        assert isinstance(first, DatabaseLock)
        assert shop_lock_holder(office, "WEB") is None
        assert first.try_acquire("sync customers")
        try:
            assert not second.try_acquire("sync orders")
            holder = shop_lock_holder(office, "WEB")
            assert holder is not None
            assert (holder.pid, holder.what) == (os.getpid(), "sync customers")
            assert holder.host == socket.gethostname()[:20]
            assert f"on {holder.host}" in holder.describe()
            other = shop_lock(tmp_path, "OTHER")
            assert other.try_acquire()  # another shop: its own lock
            other.release()
        finally:
            first.release()
        assert second.try_acquire("sync orders")
        second.release()
    finally:
        close_database()


def test_a_workstation_that_dies_leaves_the_shop_unlocked(pg_server, tmp_path):
    url = emptied(pg_server)
    open_database_url(url)
    try:
        create_shop("WEB", name="Web")
        holder = subprocess.Popen([sys.executable, "-c", _HOLD, url], env=child_env(),
                                  cwd=REPO, stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
            lock = shop_lock(tmp_path, "WEB")
            assert not lock.try_acquire("sync customers")
            assert shop_lock_holder(tmp_path, "WEB").pid == holder.pid
            holder.send_signal(signal.SIGKILL)
            holder.wait(10)
            deadline = time.monotonic() + 10
            while not lock.try_acquire("sync customers"):
                assert time.monotonic() < deadline, "the dead workstation's lock stayed"
                time.sleep(0.1)
            lock.release()
        finally:
            if holder.poll() is None:
                holder.kill()
                holder.wait(10)
            if holder.stdout is not None:
                holder.stdout.close()
    finally:
        close_database()


def test_on_the_local_file_the_lock_stays_a_file(tmp_path: Path):
    open_database(tmp_path / "shop_sync.sqlite3")
    try:
        assert isinstance(shop_lock(tmp_path, "WEB"), ProcessLock)
    finally:
        close_database()
