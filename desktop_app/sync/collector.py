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
import queue
import sys
import threading
import time
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, Protocol

from desktop_app.store.gil_share import housekeeping_thread, share_with_loop

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
        self._give_back_after_ms = give_back_after_ms
        # Qt not loaded (the command line): no application, so no timer; importing Qt only
        # to learn that would cost every command 0.1-0.3 s.
        qt = sys.modules.get("PySide6.QtCore")
        if give_back_after_ms > 0 and qt is not None and qt.QCoreApplication.instance():
            self._give_back = qt.QTimer()
            self._give_back.setSingleShot(True)
            self._give_back.setInterval(give_back_after_ms)
            self._give_back.timeout.connect(self._give_back_when_freed)

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
            share_with_loop(True)
            log.info("cycle collector: full passes held back while syncing")
        elif not busy and self._saved is not None:
            if self._give_back is not None:
                self._give_back.start(self._give_back_after_ms)
            else:
                self.give_back()

    def _give_back_when_freed(self) -> None:
        """The timer's end: give the full passes back, unless the run's containers are
        still being freed (`dispose`): the first full pass would then walk them all (310 ms
        at 100,000 customers, benchmark); the timer tries again a moment later."""
        if self._give_back is not None and disposing():
            self._give_back.start(DISPOSE_RETRY_MS)
        else:
            self.give_back()

    def give_back(self) -> None:
        """Restore the thresholds now (when idle; the timer of `set_busy(False)` calls it)."""
        if self._saved is not None:
            first, second, _ = gc.get_threshold()
            third = self._saved[2]
            gc.set_threshold(first, second, third)
            sys.setswitchinterval(self._saved_switch)
            share_with_loop(False)
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


# --- big containers freed off the window's thread -----------------------------------------

#: How many items `dispose` frees at a time (about a millisecond of the GIL), and how long
#: it then leaves the GIL to the other threads (seconds).
DISPOSE_CHUNK = 1000
DISPOSE_PAUSE = 0.003
#: How long the disposer waits before it starts (seconds): at a run's end the window words
#: its log and reloads its lists, the database checkpoints; the freeing can wait for them.
DISPOSE_AFTER = 1.0

#: How soon the full passes try to come back again while the disposer works (`give_back`).
DISPOSE_RETRY_MS = 250

_disposals: queue.SimpleQueue[tuple[Future[None], tuple[Any, ...]]] = queue.SimpleQueue()
_disposer: threading.Thread | None = None
_disposer_lock = threading.Lock()
_pending = 0  # disposals submitted and not finished (under `_disposer_lock`)


def disposing() -> bool:
    """Whether `dispose` has containers still to free."""
    with _disposer_lock:
        return _pending > 0


def dispose(*containers: list[object] | dict[object, object] | set[object]) -> Future[None]:
    """Empty `containers` in a worker thread, `DISPOSE_AFTER` from now, `DISPOSE_CHUNK`
    items at a time; returns a future done once they are empty (nothing needs to wait).

    Freeing a container frees its items in C, holding the GIL the whole time: the run's
    list of 100,000 record changes or the matching index of 100,000 local customers took
    the window's event loop 60-160 ms when their last reference went away on it (issue 21's
    stall benchmark), and in any thread the loop waited as long for the GIL. Emptied in
    slices of about a millisecond, with a pause after each in which the GIL is free: the
    loop takes and gives back the GIL at each call between Qt and Python, and behind a
    thread that always wants it, each of those waited up to a switch interval (a 120 ms
    stall with the slices alone). The caller gives up its references: what it passes must
    not be used again (the containers end empty).
    """
    global _disposer, _pending
    done: Future[None] = Future()
    with _disposer_lock:
        if _disposer is None:
            # A daemon thread: a process that ends (a command) does not wait for it.
            _disposer = threading.Thread(target=_dispose_forever, name="dispose", daemon=True)
            _disposer.start()
        _pending += 1
    _disposals.put((done, containers))
    return done


def _dispose_forever() -> None:
    housekeeping_thread()
    while True:
        done, containers = _disposals.get()
        try:
            _empty(containers)
        except Exception:  # never: but the thread must live on for the next ones
            log.exception("a disposal failed")
        finally:
            done.set_result(None)
            del done, containers


def _empty(containers: tuple[list[object] | dict[object, object] | set[object], ...]) -> None:
    global _pending
    try:
        time.sleep(DISPOSE_AFTER)
        for container in containers:
            while container:
                if isinstance(container, list):
                    del container[-DISPOSE_CHUNK:]
                elif isinstance(container, dict):
                    for _ in range(min(DISPOSE_CHUNK, len(container))):
                        container.popitem()
                else:
                    for _ in range(min(DISPOSE_CHUNK, len(container))):
                        container.pop()
                time.sleep(DISPOSE_PAUSE)
    finally:
        with _disposer_lock:
            _pending -= 1
