"""Issue 21: no full pass of the cycle collector while the engine syncs (`sync.collector`).

A full pass walks every tracked object and holds the GIL, so the window's event loop waits
for it: 700-1,330 ms each during a 100,000-customer sync on a loaded machine, the worst
stalls of tests/benchmarks/bench_window_stall.py. The window's engine (`SyncEngine`, as
desktop_app/gui.py wires it) runs a sync that keeps objects for its whole run, as a customer
sync keeps its index and change list; `gc.callbacks` sees every pass.

Control: the same sync without the policy makes full passes (asserted below, so the scenario
does trigger them); with the policy it makes none, and the thresholds are back after it.
"""

from __future__ import annotations

import asyncio
import gc

import pytest

from desktop_app.sync.collector import HELD_BACK, hold_back_during_syncs
from desktop_app.sync.engine import SyncEngine
from desktop_app.sync.results import SyncResult

#: Small thresholds (young passes every 100 allocations, a full one due every 25 young ones)
#: so that a few tens of thousands of objects call for full passes, as 100,000 customers do
#: with the default ones.
THRESHOLDS = (100, 5, 5)


class KeepingService:
    """The engine's service: a sync that keeps 60,000 small objects until it ends, and notes
    the collector's third threshold while it runs."""

    def __init__(self) -> None:
        self.thresholds_seen: list[tuple[int, int, int]] = []

    async def sync(self, shop_code, resource, reporter, **options) -> SyncResult:
        kept: list[list[int]] = []
        for _batch in range(30):
            kept.extend([i] for i in range(2_000))
            self.thresholds_seen.append(gc.get_threshold())
            await asyncio.sleep(0)
        return SyncResult(str(resource))


@pytest.fixture
def full_passes():
    """The full passes the collector makes during the test (objects collected by each), from
    a heap where everything older is frozen, with `THRESHOLDS`; all restored after."""
    passes: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "stop" and info["generation"] == 2:
            passes.append(info["collected"])

    saved = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.collect()  # over an empty heap: the collector's count of long-lived objects is ~0 now
    gc.set_threshold(*THRESHOLDS)
    gc.callbacks.append(note)
    yield passes
    gc.callbacks.remove(note)
    gc.set_threshold(*saved)
    gc.unfreeze()


async def test_no_full_collection_while_the_engine_syncs(qtbot, full_passes):
    service = KeepingService()
    engine = SyncEngine(service)  # type: ignore[arg-type]
    policy = hold_back_during_syncs(engine.busy_changed)
    assert await engine.sync("S", "customers") is not None
    assert full_passes == []
    assert {t[2] for t in service.thresholds_seen} == {HELD_BACK}
    assert gc.get_threshold() == THRESHOLDS and not policy.held_back

    # Control: the same sync with no policy (an engine of its own) is interrupted by them.
    bare = KeepingService()
    assert await SyncEngine(bare).sync("S", "customers") is not None  # type: ignore[arg-type]
    assert len(full_passes) >= 1
    assert {t[2] for t in bare.thresholds_seen} == {THRESHOLDS[2]}


def test_the_thresholds_found_are_restored_once_idle_even_when_changed_meanwhile():
    policy = hold_back_during_syncs(_Signal())
    saved = gc.get_threshold()
    try:
        gc.set_threshold(500, 7, 9)
        policy.set_busy(True)
        policy.set_busy(True)  # a second shop starts: nothing more to hold back
        assert gc.get_threshold() == (500, 7, HELD_BACK)
        gc.set_threshold(600, 8, HELD_BACK)  # someone tunes the young generations meanwhile
        policy.set_busy(False)
        assert gc.get_threshold() == (600, 8, 9) and not policy.held_back
        policy.set_busy(False)
        assert gc.get_threshold() == (600, 8, 9)
    finally:
        gc.set_threshold(*saved)


class _Signal:
    def connect(self, slot: object) -> None:
        self.slot = slot
