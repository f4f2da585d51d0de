"""Helpers for the UI tests (waiting on the qasync loop, a slow job, screenshot checks)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from desktop_app.sync.service import JobContext

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"


class SlowJob:
    """A customers job that reports progress page by page until cancelled (or done)."""

    def __init__(self, pages: int = 400, delay: float = 0.01) -> None:
        self.pages = pages
        self.delay = delay
        self.started = asyncio.Event()
        self.cancelled = False
        self.completed = False

    async def __call__(self, ctx: JobContext) -> None:
        self.started.set()
        try:
            for page in range(self.pages):
                ctx.reporter.progress(page, self.pages)
                await asyncio.sleep(self.delay)
        except asyncio.CancelledError:
            self.cancelled = True
            raise
        ctx.result.created = self.pages
        self.completed = True


#: Generous on purpose: a passing test never waits it out, and CI machines can be loaded
#: (a real sync against the in-process demo shop then takes several seconds).
DEFAULT_TIMEOUT = 30.0


async def wait_until(predicate: Callable[[], object], timeout: float = DEFAULT_TIMEOUT) -> None:
    """Let the loop run until `predicate()` is true; fail after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        await asyncio.sleep(0.005)


class SignalWaiter:
    """Collects a signal's emissions; `await waiter.wait()` for the next (or first) one."""

    def __init__(self, signal) -> None:
        self.calls: list[tuple] = []
        self._future: asyncio.Future | None = None
        signal.connect(self._on_emit)

    def _on_emit(self, *args) -> None:
        self.calls.append(args)
        if self._future is not None and not self._future.done():
            self._future.set_result(args)

    async def wait(self, timeout: float = DEFAULT_TIMEOUT) -> tuple:
        if self.calls:
            return self.calls[-1]
        self._future = asyncio.get_running_loop().create_future()
        return await asyncio.wait_for(self._future, timeout)

