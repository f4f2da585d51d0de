"""A hostile or broken shop cannot keep a sync running forever (issue 15, reliability
review finding 1).

A real `shop-sync` process syncs a shop card whose address is a small HTTP server on
loopback that (a) sends its headers and then one byte every second, or (b) answers every
request THROTTLED with an impossible bucket reading. With the shop card's time limit at 5 s
per answer, each sync ends with exit 2 and a message in well under a minute (with the
defaults, 60 s an answer, it ends within 150 s: shopify/client.py's EXECUTE_DEADLINE). A
second sync of a shop whose lock another process holds gives up after `--wait` seconds,
naming that process.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from demo_process import copy_set_up, full_waits
from fault_harness import NO_SHOP_URL, Scenario

ABSURD_THROTTLE = json.dumps({
    "errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED"}}],
    "extensions": {"cost": {"requestedQueryCost": 100, "actualQueryCost": None,
                            "throttleStatus": {"maximumAvailable": 1e12,
                                               "currentlyAvailable": -1e12,
                                               "restoreRate": 1e-6}}},
}).encode()


class HostileServer:
    """Answers every HTTP request on 127.0.0.1 the way `mode` says, one thread a client."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.requests = 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(60)
            try:
                while not self.stop.is_set():
                    head = b""
                    while b"\r\n\r\n" not in head:
                        chunk = conn.recv(65536)
                        if not chunk:
                            return
                        head += chunk
                    header, _, body = head.partition(b"\r\n\r\n")
                    length = 0
                    for line in header.split(b"\r\n"):
                        if line.lower().startswith(b"content-length:"):
                            length = int(line.split(b":")[1])
                    while len(body) < length:
                        body += conn.recv(65536)
                    self.requests += 1
                    if self.mode == "drip":
                        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                     b"Content-Length: 100000\r\n\r\n")
                        while not self.stop.is_set():
                            conn.sendall(b" ")
                            time.sleep(1.0)
                        return
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                 b"Content-Length: " + str(len(ABSURD_THROTTLE)).encode()
                                 + b"\r\n\r\n" + ABSURD_THROTTLE)
            except OSError:
                return

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


@pytest.fixture
def hostile(request):
    servers: list[HostileServer] = []

    def start(mode: str) -> HostileServer:
        servers.append(HostileServer(mode))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.fixture(scope="module")
def card(tmp_path_factory) -> Path:
    """A data folder (and keyring file) with a card "S" that has a token and a time limit of
    5 s an answer, made once by the command line; `_scenario` copies it for each test."""
    tmp = tmp_path_factory.mktemp("hostile_card")
    scenario = Scenario(tmp, NO_SHOP_URL)
    scenario.cli("shop", "add", "S", "--api-url", NO_SHOP_URL)
    scenario.cli("token", "set", "S", stdin="shpat_hostile_server_test\n")
    scenario.cli("shop", "set", "S", "request_time_limit=5")
    return tmp


def _scenario(card: Path, tmp_path: Path, url: str) -> Scenario:
    """The card's copy in `tmp_path`, its address `url`; its runs wait between attempts as a
    merchant's do (not fault_harness's SHORT_WAITS): how long they take is what is tested."""
    copy_set_up(card, tmp_path, "S", url)
    scenario = Scenario(tmp_path, url)
    scenario.env = full_waits(scenario.env)
    return scenario


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["drip", "throttle"])
def test_a_hostile_shop_ends_the_sync_with_a_message(tmp_path, card, hostile, mode):
    server = hostile(mode)
    scenario = _scenario(card, tmp_path, server.url)
    started = time.monotonic()
    done = scenario.cli("sync", "orders", ok=(2,), timeout=120)
    elapsed = time.monotonic() - started
    assert elapsed < 40, elapsed  # 5 s an answer, 12.5 s for a request and its retries
    assert server.requests >= 1
    assert "Traceback" not in done.stderr
    assert "within" in done.stderr or "throttl" in done.stderr.lower(), done.stderr
    runs = json.loads(scenario.cli("--json", "log", ok=(0,)).stdout)
    assert runs and runs[0]["status"] == "failed" and runs[0]["message"]  # says why


@pytest.mark.slow
def test_a_sync_waiting_for_another_process_gives_up_naming_it(tmp_path):
    scenario = Scenario(tmp_path, "http://127.0.0.1:9")
    scenario.cli("shop", "add", "S", "--demo")
    lock = scenario.data / ".sync-S.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; "
         "from desktop_app.sync.process_lock import ProcessLock; "
         f"lock = ProcessLock(Path({str(lock)!r})); assert lock.try_acquire('sync orders'); "
         "print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True, env=scenario.env)
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        done = scenario.cli("sync", "customers", "--wait", "1", ok=(2,), timeout=60)
        assert time.monotonic() - started < 20
        assert f"process {holder.pid} (sync orders)" in done.stderr, done.stderr
        assert "Waiting for" in done.stderr and "gave up" in done.stderr
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    # Free again: the same command goes through.
    scenario.cli("sync", "gift-cards", "--wait", "1", ok=(0, 1), timeout=120)
