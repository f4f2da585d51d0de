"""An exclusive, non-blocking lock on a file, shared by every process of this user.

The app and a scheduled `shop-sync` run must never sync one shop at the same time; a lock on a
file in the data folder says who is syncing. The OS drops the lock when the process dies, so a
killed sync never leaves a shop locked.

The holder writes who it is into the file (process id, what it runs, since when, as one JSON
line), so that a process waiting for the lock can say whom it waits for (`holder()`). The
text is only information: the lock itself is the OS's.

Workstations sharing a PostgreSQL database (issue 22) do not share a data folder: there the
lock is the server's, a session advisory lock keyed by the shop's id (`DatabaseLock`), held
on a connection of its own for the whole run; the server drops it when that connection ends,
so a workstation that crashes or loses the network never leaves the shop locked. Who holds
it (host name, user, process id, what, since) is the holding connection's
`application_name`, which every workstation can read (`pg_stat_activity`). `shop_lock()`
picks the kind for the bound database.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


@dataclass(frozen=True)
class LockHolder:
    """What the holder of a lock wrote about itself."""

    pid: int
    what: str
    since: dt.datetime  # UTC
    host: str = ""  # another workstation's name (a lock of the shared database)
    user: str = ""

    def describe(self) -> str:
        """E.g. "process 4312 (sync customers), since 04:12:07 UTC"; with the workstation
        and user for a lock of the shared database: "process 4312 of anna on TILL-2 (...)"."""
        doing = f" ({self.what})" if self.what else ""
        where = f" of {self.user} on {self.host}" if self.host else ""
        return f"process {self.pid}{where}{doing}, since {self.since:%Y-%m-%d %H:%M:%S} UTC"


def holder_details(holder: LockHolder | None) -> dict[str, object]:
    """The details a `ShopBusyError` carries about who holds the lock (`ui.feedback` words
    them for the merchant): pid, what, since (UTC), and host and user on a shared database;
    none when the holder is unknown."""
    if holder is None:
        return {}
    details: dict[str, object] = {"pid": holder.pid, "what": holder.what, "since": holder.since}
    if holder.host:
        details.update(host=holder.host, user=holder.user)
    return details


class ProcessLock:
    """`try_acquire()` returns False while another process (or open handle) holds the lock."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._fd: int | None = None

    def try_acquire(self, what: str = "") -> bool:
        """Take the lock if free; `what` (e.g. "sync customers") is written for waiters."""
        if self._fd is None:
            self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        if _try_lock(self._fd):
            self._write_holder(what)
            return True
        return False

    def _write_holder(self, what: str) -> None:
        assert self._fd is not None
        line = json.dumps({"pid": os.getpid(), "what": what[:200],
                           "since": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})
        try:
            # Past the first byte: on Windows that byte is the locked range.
            os.ftruncate(self._fd, 1)
            os.lseek(self._fd, 1, os.SEEK_SET)  # (os.pwrite does not exist on Windows)
            os.write(self._fd, b"\n" + line.encode() + b"\n")
        except OSError:  # a full disk: the lock holds all the same, only the note is lost
            pass

    def holder(self) -> LockHolder | None:
        """Who holds the lock, as the holder wrote it; None when unknown."""
        try:
            text = self._path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        for line in text.splitlines():
            try:
                data = json.loads(line)
                return LockHolder(pid=int(data["pid"]), what=str(data.get("what", "")),
                                  since=dt.datetime.fromisoformat(data["since"]))
            except (ValueError, KeyError, TypeError):
                continue
        return None

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            _unlock(self._fd)
        finally:
            os.close(self._fd)
            self._fd = None


class ShopLock(Protocol):
    """What the sync service needs of a lock (`ProcessLock` and `DatabaseLock` offer it)."""

    def try_acquire(self, what: str = "") -> bool: ...

    def holder(self) -> LockHolder | None: ...

    def release(self) -> None: ...


#: The first key of Shop Sync's advisory locks of one shop (the second is the shop's id).
_SHOP_LOCK_CLASS = 0x5353  # "SS"
#: For a shop code with no row (a card being removed): the code's CRC-32 under this class.
_CODE_LOCK_CLASS = 0x5354
_NAME_MARK = "shop-sync-lock"


def _lock_key(shop_code: str) -> tuple[int, int]:
    from desktop_app.store.database import DB

    row = DB.execute_sql('SELECT id FROM "shop" WHERE code = ?', (shop_code,)).fetchone()
    if row is not None:
        return _SHOP_LOCK_CLASS, int(row[0])
    return _CODE_LOCK_CLASS, zlib.crc32(shop_code.encode()) & 0x7FFF_FFFF


def _holder_name(what: str) -> str:
    """`application_name` of the holding connection: mark|host|user|pid|since|what (63 bytes
    at most: what is cut first)."""
    import getpass

    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 (no user name here: still lock)
        user = "?"
    since = int(dt.datetime.now(dt.UTC).timestamp())
    fields = [_NAME_MARK, socket.gethostname()[:20], user[:12], str(os.getpid()), str(since)]
    text = "|".join(fields + [what.replace("|", " ")])
    return text.encode()[:63].decode(errors="ignore")


def _parse_holder(name: str) -> LockHolder | None:
    parts = name.split("|", 5)
    if len(parts) < 5 or parts[0] != _NAME_MARK:
        return None
    try:
        since = dt.datetime.fromtimestamp(int(parts[4]), dt.UTC)
        return LockHolder(pid=int(parts[3]), what=parts[5] if len(parts) > 5 else "",
                          since=since, host=parts[1], user=parts[2])
    except ValueError:
        return None


class DatabaseLock:
    """A shop's lock in the shared PostgreSQL database (see the module's text)."""

    def __init__(self, url: str, shop_code: str = "", *,
                 key: tuple[int, int] | None = None) -> None:
        """The lock of shop `shop_code`, or of the advisory lock `key` itself (the runs of no
        shop, `sync/local_runs.py`)."""
        self._url = url
        self._shop = shop_code
        self._key: tuple[int, int] | None = key
        self._connection: object | None = None

    def _connect(self, what: str) -> object:
        import psycopg

        from desktop_app.store.engines import CONNECT_TIMEOUT

        return psycopg.connect(self._url, autocommit=True, connect_timeout=CONNECT_TIMEOUT,
                               application_name=_holder_name(what))

    def try_acquire(self, what: str = "") -> bool:
        """Take the lock if no workstation holds it; `what` is shown to those who wait."""
        if self._key is None:
            self._key = _lock_key(self._shop)
        if self._connection is None:
            self._connection = self._connect(what)
        conn = self._connection
        conn.execute(  # type: ignore[attr-defined]
            "SELECT set_config('application_name', %s, false)", (_holder_name(what),))
        taken = conn.execute(  # type: ignore[attr-defined]
            "SELECT pg_try_advisory_lock(%s, %s)", self._key).fetchone()[0]
        return bool(taken)

    def holder(self) -> LockHolder | None:
        """Who holds the lock (any workstation), or None when free or unknown."""
        if self._key is None:
            self._key = _lock_key(self._shop)
        return lock_holder(self._url, self._key)

    def release(self) -> None:
        conn, self._connection = self._connection, None
        if conn is None:
            return
        try:
            # Unlocked here, at once: the end of the session (below) drops it too, but the
            # server may see the connection end a moment later than the next one asks.
            conn.execute("SELECT pg_advisory_unlock_all()")  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 (the server drops the lock with the session anyway)
            pass
        finally:
            try:
                conn.close()  # type: ignore[attr-defined]
            except Exception:  # noqa: BLE001
                pass


def lock_holder(url: str, key: tuple[int, int]) -> LockHolder | None:
    """The holder of advisory lock `key`, read from the server's list of sessions."""
    import psycopg

    from desktop_app.store.engines import CONNECT_TIMEOUT

    with psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT) as conn:
        row = conn.execute(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a "
            "ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
            "AND l.classid = %s AND l.objid = %s AND l.objsubid = 2 LIMIT 1",
            (key[0], key[1])).fetchone()
    return _parse_holder(row[0]) if row else None


def shop_lock(data_dir: Path, shop_code: str) -> ShopLock:
    """The lock that keeps one sync per shop at a time: a file of the data folder, or, on a
    shared PostgreSQL database, the database's (every workstation sees it)."""
    from desktop_app.store.database import DB
    from desktop_app.store.engines import PostgresDatabase

    db = DB.obj
    if isinstance(db, PostgresDatabase):
        return DatabaseLock(db.url, shop_code)
    return ProcessLock(data_dir / f".sync-{shop_code}.lock")


def shop_lock_holder(data_dir: Path, shop_code: str) -> LockHolder | None:
    """Who is syncing shop `shop_code` now (this computer or, on a shared database, any
    workstation), for the window to show; None when nobody is."""
    lock = shop_lock(data_dir, shop_code)
    if isinstance(lock, DatabaseLock):
        return lock.holder()
    if not lock.try_acquire():
        return lock.holder()
    lock.release()
    return None
