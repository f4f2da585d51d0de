"""An exclusive, non-blocking lock on a file, shared by every process of this user.

The app and a scheduled `shop-sync` run must never sync one shop at the same time; a lock on a
file in the data folder says who is syncing. The OS drops the lock when the process dies, so a
killed sync never leaves a shop locked.

The holder writes who it is into the file (process id, what it runs, since when, as one JSON
line), so that a process waiting for the lock can say whom it waits for (`holder()`). The
text is only information: the lock itself is the OS's.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

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

    def describe(self) -> str:
        """E.g. "process 4312 (sync customers), since 04:12:07 UTC"."""
        doing = f" ({self.what})" if self.what else ""
        return f"process {self.pid}{doing}, since {self.since:%Y-%m-%d %H:%M:%S} UTC"


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
