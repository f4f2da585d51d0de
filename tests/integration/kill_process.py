"""Run the command line as a real process and SIGKILL it at a chosen moment (the kill tests
of the bulk writes, issue 21)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from demo_process import REPO, full_waits, shop_sync_command


def kill_when(env: dict[str, str], data: Path, args: list[str], seen: Callable[[], bool], *,
              deadline_s: float = 120.0) -> bool:
    """Run `shop-sync --data-dir DATA ARGS...` and SIGKILL it, its whole process group, as
    soon as `seen()` is true; True when it was killed, False when it ended (or `deadline_s`
    passed) first. The run has its pauses as a merchant has them (`full_waits`), so that it
    is still in the step `seen()` aims at when the kill lands."""
    process = subprocess.Popen([*shop_sync_command(), "--data-dir", str(data), *args],
                               env=full_waits(env), cwd=REPO, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + deadline_s
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if seen():
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
                return True
            time.sleep(0.005)
        return False
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
