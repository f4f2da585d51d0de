"""The cycle collector's full passes held back while the engine syncs (issue 21).

A full (generation 2) pass of CPython's cycle collector walks every tracked object that is not
frozen, holding the GIL whichever thread starts it, so the window's event loop waits for it.
A 100,000-customer sync keeps objects per record for the whole run (the matching index, the
per-record change list of issue 19, the run's errors), and the collector starts a full pass
each time the objects that outlived a young collection grow by a quarter: passes of 700 to
1,330 ms on a loaded machine, the five worst stalls of the window's stall benchmark (measured
with `gc.callbacks`: each of those stalls is one full pass).

While the engine is busy (`SyncEngine.busy_changed`), `FullCollections` raises the
collector's third threshold out of reach: the young generations are still collected (their
passes are short: at most a few thousand objects each), the full passes wait. When the engine
is idle again the thresholds are restored: what the run kept and let go of is freed by
reference counting, and the collector's next full pass walks only what is still alive.
Cyclic garbage of the run waits until then (it is no larger than what the young passes
promote during one run).
"""

from __future__ import annotations

import gc
import logging
from typing import Protocol

log = logging.getLogger(__name__)

#: The third threshold during a run: the count of young passes before a full one.
HELD_BACK = 1 << 30


class BusySignal(Protocol):
    """What the policy listens to: `SyncEngine.busy_changed` (a Qt signal of a bool)."""

    def connect(self, slot: object) -> object: ...


class FullCollections:
    """Holds the collector's full passes back while busy (`set_busy(True)`), restores the
    thresholds it found when idle again. Nesting-safe: only the first busy and the matching
    idle change anything."""

    def __init__(self) -> None:
        self._saved: tuple[int, int, int] | None = None

    @property
    def held_back(self) -> bool:
        return self._saved is not None

    def set_busy(self, busy: bool) -> None:
        if busy and self._saved is None:
            self._saved = gc.get_threshold()
            gc.set_threshold(self._saved[0], self._saved[1], HELD_BACK)
            log.info("cycle collector: full passes held back while syncing")
        elif not busy and self._saved is not None:
            first, second, _ = gc.get_threshold()
            third = self._saved[2]
            gc.set_threshold(first, second, third)
            self._saved = None
            log.info("cycle collector: full passes back (threshold %s)", third)


def full_passes_held_back() -> bool:
    """Whether a `FullCollections` policy holds the full passes back now (the thresholds are
    the process's: whichever policy set them). Then no full pass walks what a run keeps, and
    freezing it out of their way (`CustomerResolver.build_index_frozen`) is pointless."""
    return gc.get_threshold()[2] >= HELD_BACK


def hold_back_during_syncs(busy_changed: BusySignal) -> FullCollections:
    """Hold the collector's full passes back whenever `busy_changed` says the engine is
    busy; returns the policy (keep a reference to it as long as the engine runs)."""
    policy = FullCollections()
    busy_changed.connect(policy.set_busy)
    return policy
