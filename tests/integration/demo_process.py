"""Run `shop-sync demo-shop serve` (or another server command) as a real process on loopback.

`served_demo_shop(...)` starts the command, waits for its `listening on http://...` line and
stops it with SIGTERM (then SIGKILL if it hangs). The process is the real command line, so
the tests talk to it over a socket exactly as the app talks to Shopify.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.shopify.retry import TEST_WAIT_SCALE_ENV

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[2]
#: Seconds to wait for the server's ready line (generating 10,000 customers takes ~1 s).
READY_TIMEOUT_S = 60.0
READY_PREFIX = "listening on "


def shop_sync_command() -> list[str]:
    """How to run `shop-sync` with this interpreter (the venv's console script if present)."""
    script = Path(sys.executable).with_name("shop-sync")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from desktop_app.cli import main; sys.exit(main())"]


def run_cli(env: dict[str, str], data: Path, *args: str, stdin: str | None = None,
            ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[str]:
    """Run `shop-sync --data-dir DATA ARGS...` to its end (2 minutes at most) and check that
    its exit code is one of `ok`."""
    done = subprocess.run([*shop_sync_command(), "--data-dir", str(data), *args], env=env,
                          input=stdin, capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode in ok, (args, done.returncode, done.stderr[-2000:])
    return done


def copy_set_up(template: Path, dest: Path, shop: str, url: str) -> Path:
    """Copy a set-up made once by the command line (TEMPLATE/data, the data folder, and
    TEMPLATE/keyring.json, the test keyring's file, when present) to DEST, and point the copy's
    shop card SHOP at URL (a test's own served shop): DEST/data is then a data folder like one
    the same commands would have made against URL. Returns DEST/data.

    The address is written into the copy's database directly because the command line has no
    command that changes a card's address (`shop set` takes settings only).
    """
    dest.mkdir(parents=True, exist_ok=True)
    data = dest / "data"
    shutil.copytree(template / "data", data)
    if (template / "keyring.json").exists():
        shutil.copy2(template / "keyring.json", dest / "keyring.json")
    with contextlib.closing(sqlite3.connect(data / "shop_sync.sqlite3")) as con, con:
        changed = con.execute("UPDATE shop SET api_url = ? WHERE code = ?",
                              (url.rstrip("/"), shop)).rowcount
    assert changed == 1, f"no shop card {shop} in {template}"
    return data


#: Added to a child's environment: the waits Shop Sync picks by itself (the first wait between
#: bulk status polls, the back-off between attempts) at a twentieth, for runs whose pauses a
#: test does not look at (shopify/retry.py, TEST_WAIT_SCALE_ENV). The demo shop's own hints
#: and every time limit stay.
SHORT_WAITS = {TEST_WAIT_SCALE_ENV: "0.05"}


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for child processes: this one, the checkout on PYTHONPATH, offscreen Qt,
    and SHORT_WAITS (a run killed at a chosen moment, or one whose pauses are what a test
    measures, takes `full_waits` of it)."""
    env = dict(os.environ)
    paths = [str(REPO)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(SHORT_WAITS)
    env.update(extra or {})
    return env


def full_waits(env: dict[str, str]) -> dict[str, str]:
    """`env` without SHORT_WAITS: for a run killed at a moment drawn or aimed at, which must
    land in the step it always landed in."""
    return {name: value for name, value in env.items() if name != TEST_WAIT_SCALE_ENV}


@dataclass
class ServedShop:
    """A running `demo-shop serve` process.

    Attributes:
        url: `http://127.0.0.1:PORT`.
        process: the child process.
        request_log: the `--request-log` file (None when not asked for).
        stderr_lines: everything the server wrote to stderr so far (collected by a thread).
        stdout_lines: everything it wrote to stdout, the ready line included.
    """

    url: str
    process: subprocess.Popen[str]
    request_log: Path | None
    stdout_lines: list[str] = field(default_factory=list)
    stderr_lines: list[str] = field(default_factory=list)

    def request_entries(self) -> list[dict]:
        """The request log's lines, parsed."""
        import json

        if self.request_log is None or not self.request_log.exists():
            return []
        return [json.loads(line) for line in self.request_log.read_text("utf-8").splitlines()]


def _drain(stream, sink: list[str]) -> None:
    for line in stream:
        sink.append(line)


@contextlib.contextmanager
def served_demo_shop(
    *options: str,
    request_log: Path | None = None,
    command: Sequence[str] | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[ServedShop]:
    """Run a demo shop server process for the duration of the `with` block.

    Args:
        options: extra options of `demo-shop serve` (`--customers`, `--fault-rate`...).
        request_log: passed as `--request-log`.
        command: the full command to run instead of `shop-sync demo-shop serve --port 0`
            (it must print the same ready line).
        env: extra environment variables.

    Raises:
        RuntimeError: the process exited or stayed silent before printing its ready line.
    """
    argv = list(command) if command is not None else [
        *shop_sync_command(), "demo-shop", "serve", "--port", "0", *options
    ]
    if request_log is not None:
        argv += ["--request-log", str(request_log)]
    process = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env(env),
        cwd=REPO,
    )
    served = ServedShop("", process, request_log)
    threads: list[threading.Thread] = []
    try:
        assert process.stdout is not None and process.stderr is not None
        err_thread = threading.Thread(
            target=_drain, args=(process.stderr, served.stderr_lines), daemon=True
        )
        err_thread.start()
        threads.append(err_thread)
        ready = _wait_ready(process, served.stdout_lines, served.stderr_lines)
        served.url = ready.removeprefix(READY_PREFIX).strip()
        out_thread = threading.Thread(
            target=_drain, args=(process.stdout, served.stdout_lines), daemon=True
        )
        out_thread.start()
        threads.append(out_thread)
        log.info("demo shop process %s serving on %s", process.pid, served.url)
        yield served
    finally:
        _stop(process)
        for thread in threads:
            thread.join(5.0)  # the pipes reach end-of-file once the process has exited
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def _wait_ready(process: subprocess.Popen[str], sink: list[str], errors: list[str]) -> str:
    """Read stdout until the ready line (on a thread, so a silent child cannot hang us)."""
    found: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            sink.append(line)
            if line.startswith(READY_PREFIX):
                found.append(line)
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(READY_TIMEOUT_S)
    if not found:
        _stop(process)
        raise RuntimeError(
            f"demo shop did not start (exit code {process.poll()}): {''.join(sink)[-500:]}"
            f"{''.join(errors)[-2000:]}"
        )
    return found[0]


def _stop(process: subprocess.Popen[str], grace_s: float = 10.0) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=grace_s)

