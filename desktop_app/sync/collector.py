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

The thresholds come back `GIVE_BACK_AFTER_MS` after the engine is idle, not at once: the
first full pass then comes at once too (everything the run promoted counts as new), while the
window handles the run's end (the log's rows, the tabs' reloads) with the run's result and
pages still alive: 100 ms at 30,000 customers in the window's stall benchmark. A moment
later those are freed and the pass walks only what the window keeps. A sync that starts in
between keeps the passes held back.

For as long, the interpreter hands its lock over sooner (`SYNC_SWITCH_INTERVAL`, 1 ms instead
of Python's 5): the window's thread releases the lock at each call into Qt and waits for it
again behind a worker thread running Python (the sync's batches, the run's record, the
window's reads), up to one switch interval each time, some 20-30 times per repaint. At
100,000 customers the benchmark's worst stalls were such waits, the loop's thread itself
using 5-33 ms of CPU in stalls of 136-164 ms.
"""

from __future__ import annotations

import gc
import logging
import sys
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer

log = logging.getLogger(__name__)

#: The third threshold during a run: the count of young passes before a full one.
HELD_BACK = 1 << 30
#: How long after the engine is idle the full passes come back (`FullCollections`).
GIVE_BACK_AFTER_MS = 1500
#: The interpreter's switch interval (seconds) meanwhile (`sys.setswitchinterval`).
SYNC_SWITCH_INTERVAL = 0.001


class BusySignal(Protocol):
    """What the policy listens to: `SyncEngine.busy_changed` (a Qt signal of a bool)."""

    def connect(self, slot: object) -> object: ...


class FullCollections:
    """Holds the collector's full passes back while busy (`set_busy(True)`), with the
    interpreter's switch interval at `SYNC_SWITCH_INTERVAL`; restores the thresholds (and the
    interval) it found `give_back_after_ms` after it is idle again (at once without a Qt
    application, or with 0). Nesting-safe: only the first busy and the matching idle change
    anything; busy again before the thresholds came back cancels their return."""

    def __init__(self, give_back_after_ms: int = 0) -> None:
        self._saved: tuple[int, int, int] | None = None
        self._saved_switch = sys.getswitchinterval()
        self._give_back: QTimer | None = None
        # Qt not loaded (the command line): no application, so no timer; importing Qt only
        # to learn that would cost every command 0.1-0.3 s.
        qt = sys.modules.get("PySide6.QtCore")
        if give_back_after_ms > 0 and qt is not None and qt.QCoreApplication.instance():
            self._give_back = qt.QTimer()
            self._give_back.setSingleShot(True)
            self._give_back.setInterval(give_back_after_ms)
            self._give_back.timeout.connect(self.give_back)

    @property
    def held_back(self) -> bool:
        return self._saved is not None

    def set_busy(self, busy: bool) -> None:
        if self._give_back is not None:
            self._give_back.stop()
        if busy and self._saved is None:
            self._saved = gc.get_threshold()
            gc.set_threshold(self._saved[0], self._saved[1], HELD_BACK)
            self._saved_switch = sys.getswitchinterval()
            sys.setswitchinterval(min(self._saved_switch, SYNC_SWITCH_INTERVAL))
            log.info("cycle collector: full passes held back while syncing")
        elif not busy and self._saved is not None:
            if self._give_back is not None:
                self._give_back.start()
            else:
                self.give_back()

    def give_back(self) -> None:
        """Restore the thresholds now (when idle; the timer of `set_busy(False)` calls it)."""
        if self._saved is not None:
            first, second, _ = gc.get_threshold()
            third = self._saved[2]
            gc.set_threshold(first, second, third)
            sys.setswitchinterval(self._saved_switch)
            self._saved = None
            log.info("cycle collector: full passes back (threshold %s)", third)


def full_passes_held_back() -> bool:
    """Whether a `FullCollections` policy holds the full passes back now (the thresholds are
    the process's: whichever policy set them). Then no full pass walks what a run keeps, and
    freezing it out of their way (`CustomerResolver.build_index_frozen`) is pointless."""
    return gc.get_threshold()[2] >= HELD_BACK


def hold_back_during_syncs(busy_changed: BusySignal,
                           give_back_after_ms: int = GIVE_BACK_AFTER_MS) -> FullCollections:
    """Hold the collector's full passes back whenever `busy_changed` says the engine is
    busy, until `give_back_after_ms` after it is idle; returns the policy (keep a reference
    to it as long as the engine runs)."""
    policy = FullCollections(give_back_after_ms)
    busy_changed.connect(policy.set_busy)
    return policy
