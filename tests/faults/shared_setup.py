"""Set-up made once per test run and shared by the run's pytest-xdist workers.

With `-n 3` the fault test files start on different workers at once (they are among the
longest), and each worker built the same session fixtures: the scenario template (11
`shop-sync` processes) and the clean run (a served shop, two syncs, two snapshots: 8 more).
`once_per_run(tmp_path_factory, name, build)` lets the first worker that asks call
`build(folder)` under a file lock, in a folder of the run's base temp folder (xdist gives each
worker `<run's base temp>/popen-gwN`), and keeps the result in a pickle beside it: the other
workers wait for the lock and read the result, which names the same folder. A build that
fails leaves no result: the next worker builds it again, and fails the same way if it must.
Without xdist (or without `fcntl`) each process builds its own, as before.

What is built this way must not be changed by the tests: the template is copied by each
(`Template.scenario`), the clean run's snapshots are only compared.
"""

from __future__ import annotations

import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, TypeVar

try:
    import fcntl
except ImportError:  # Windows: every worker builds its own
    fcntl = None  # type: ignore[assignment]

T = TypeVar("T")
#: Longest wait for another worker's build (a template and a clean run take well under a
#: minute, several on a loaded machine).
LOCK_WAIT_S = 600.0


def once_per_run(tmp_path_factory: Any, name: str, build: Callable[[Path], T]) -> T:
    """`build(folder)`'s result, built by one worker of this run and read by the others."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if fcntl is None or not worker:
        return build(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent / f"shared-{name}"
    shared.mkdir(exist_ok=True)
    result = shared / "result.pickle"
    with (shared / "lock").open("a") as lock:
        _lock(lock, name)
        try:
            if result.exists():
                return pickle.loads(result.read_bytes())
            value = build(shared / f"built-by-{worker}")
            result.write_bytes(pickle.dumps(value))
            return value
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _lock(lock: IO[str], name: str) -> None:
    deadline = time.monotonic() + LOCK_WAIT_S
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"another pytest worker held the {name!r} set-up over {LOCK_WAIT_S:.0f} s"
                ) from None
            time.sleep(0.1)
