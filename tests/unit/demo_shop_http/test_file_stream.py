"""The in-process transport's streamed bulk files are closed on every path.

A sync cancelled while the transport opens (or reads) a bulk result file must not leave the
file open: the worker thread that opens or reads it cannot be stopped, so the file it holds is
closed as soon as it is done. Before, the file a cancelled open returned was dropped unclosed
(left to the garbage collector), a cancelled read closed the file on the event loop while the
worker still read it (the loop stood still until the read ended), and a response closed early
kept its file open.
"""

from __future__ import annotations

import asyncio
import io
import threading
import time
from pathlib import Path, PosixPath

import httpx
import pytest

from desktop_app.demo_shop.shop import DemoResponse
from desktop_app.demo_shop.transport import DemoShopTransport

WAIT_S = 10.0
BODY = b"".join(b'{"id":"gid://shopify/Customer/%d"}\n' % n for n in range(20_000))


class _SlowRaw(io.FileIO):
    """A file whose reads wait for `release` once `entered` is set (when `gate` says so)."""

    gate: _Gate

    def readinto(self, buffer):
        if self.gate.hold_reads:
            self.gate.entered.set()
            assert self.gate.release.wait(WAIT_S)
        return super().readinto(buffer)


class _Gate:
    """Holds a worker thread inside `open` (or `read`) until the test releases it."""

    def __init__(self, *, hold_open: bool = False, hold_reads: bool = False) -> None:
        self.hold_open, self.hold_reads = hold_open, hold_reads
        self.entered = threading.Event()
        self.release = threading.Event()
        self.opened: list[io.BufferedReader] = []


class _GatedPath(PosixPath):
    gate: _Gate

    def open(self, mode="r", *args, **kwargs):
        assert mode == "rb"
        if self.gate.hold_open:
            self.gate.entered.set()
            assert self.gate.release.wait(WAIT_S)
        raw = _SlowRaw(str(self), "r")
        raw.gate = self.gate
        handle = io.BufferedReader(raw)
        self.gate.opened.append(handle)
        return handle


class _FileShop:
    """Answers every request with the bulk file at `path` (as the demo shop's /bulk/ does)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    async def handle(self, request) -> DemoResponse:
        return DemoResponse(200, headers={"Content-Type": "application/jsonl"},
                            body_path=self.path)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


@pytest.fixture
def gated(tmp_path: Path):
    """A bulk result file behind a gate; every file it opened is closed at the end."""
    gate = _Gate()
    (tmp_path / "result.jsonl").write_bytes(BODY)
    path = _GatedPath(tmp_path / "result.jsonl")
    path.gate = gate
    yield path, gate
    gate.release.set()
    for handle in gate.opened:
        handle.close()  # what a leak left open, so this test fails by its assert only


def _client(path: Path) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=DemoShopTransport(_FileShop(path)),
                             base_url="http://demo.test")


async def _until(condition) -> None:
    async with asyncio.timeout(WAIT_S):
        while not condition():
            await asyncio.sleep(0.005)


@pytest.mark.parametrize("held", ["open", "read"])
async def test_a_run_cancelled_while_the_file_opens_or_is_read_leaves_it_closed(gated, held):
    path, gate = gated
    gate.hold_open, gate.hold_reads = held == "open", held == "read"
    async with _client(path) as client:
        download = asyncio.create_task(client.get("/bulk/result.jsonl"))
        await _until(gate.entered.is_set)  # the worker thread is inside open() / read()
        cancelled_at = time.monotonic()
        download.cancel()
        with pytest.raises(asyncio.CancelledError):
            await download
        # The task ends at once: the loop does not wait for the worker (closing a file that
        # another thread reads would hold the loop until that read ends).
        assert time.monotonic() - cancelled_at < WAIT_S / 2
        gate.release.set()  # the worker finishes what it was doing...
        await _until(lambda: len(gate.opened) == 1 and gate.opened[0].closed)  # ...and it closes


async def test_a_response_closed_early_closes_its_file(gated):
    path, gate = gated
    async with _client(path) as client, client.stream("GET", "/bulk/result.jsonl") as response:
        first = await anext(response.aiter_raw())
        assert BODY.startswith(first) and first
        assert not gate.opened[0].closed
    assert gate.opened[0].closed  # closed by the response's aclose, not by the collector


async def test_a_file_read_to_its_end_is_whole_and_closed(gated):
    path, gate = gated
    async with _client(path) as client:
        response = await client.get("/bulk/result.jsonl")
    assert response.content == BODY and int(response.headers["Content-Length"]) == len(BODY)
    assert gate.opened[0].closed
