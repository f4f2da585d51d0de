"""The qasync loop the Qt tests run on, and the check that a test leaves no Qt object behind.

Why this exists: Python's cyclic garbage collector runs in whichever thread happens to
allocate when a collection is due, and the Qt tests have plenty of worker threads (qasync's
executor behind `asyncio.to_thread`, the WAL checkpointer). A Qt object that is only kept
alive by a reference cycle is therefore destroyed, sooner or later, on a thread that does
not own it. For an object with running timers Qt can then not unregister them ("QObject::
~QObject: Timers cannot be stopped from another thread", a warning that fails the test that
happens to be running), and the main thread's next `processEvents()` delivers the timer to
the freed object: a segmentation fault in whatever test comes next.

Every async Qt test could leave exactly such an object: its `qasync.QEventLoop`. The timer
object keeps one Qt timer per `call_later` until that timer fires, cancelled or not (the
30 s timeout of every `asyncio.wait_for` that already returned, for example), its handles
point back at the loop, and so the closed loop sat in a cycle, timers running, until some
thread collected it. Which thread did depends on how much every earlier test allocated,
which is why it showed only in some runs of the whole suite in one process.

`new_loop()` gives the tests a loop that destroys its own Qt objects when it is closed, on
the thread that closes it (the main one). `collect_qt_garbage()` is what the autouse guard in
tests/conftest.py runs after each Qt test: it collects the cycles on the main thread, and
names the Qt objects still alive in them, so a test that leaves one fails instead of
crashing a later one at random.
"""

from __future__ import annotations

import asyncio
import gc
from collections import Counter

import qasync
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication


#: How long one `run_until_complete` of a test's loop may run (a test, or the cancelling of
#: the tasks it left): below pytest-timeout's limit, so a stuck loop is named, not killed.
RUN_LIMIT_S = 200


class LoopStuckError(AssertionError):
    """A test's loop ran past `RUN_LIMIT_S`: the tasks still pending are named."""


class ClosingQEventLoop(qasync.QEventLoop):
    """A `qasync.QEventLoop` whose `close()` also destroys the Qt objects it made, and whose
    `run_until_complete` gives up after `RUN_LIMIT_S`, naming the pending tasks.

    Why the limit: a nested Qt loop inside an async test (`QTest.qWait`, `qtbot.waitUntil`)
    runs other tasks' first steps while the test's own task is running; asyncio refuses
    them ("Cannot enter into task ... while another task ... is being executed"), so those
    tasks never start, and the cancelling of the leftover tasks at the end of the test then
    waits for them in Qt's loop for ever, where no SIGALRM reaches Python (a CI run hung so;
    tests/unit/test_async_tests_nest_no_loop.py keeps such waits out of async tests).
    """

    def run_until_complete(self, future):
        stuck: list[bool] = []

        def give_up() -> None:
            stuck.append(True)
            self.stop()

        watchdog = QTimer()
        watchdog.setSingleShot(True)
        watchdog.timeout.connect(give_up)
        watchdog.start(RUN_LIMIT_S * 1000)
        try:
            return super().run_until_complete(future)
        except RuntimeError:
            if not stuck:
                raise
            pending = [repr(t) for t in asyncio.all_tasks(self) if not t.done()]
            raise LoopStuckError(f"the test's loop ran past {RUN_LIMIT_S} s; pending: "
                                 f"{pending}") from None
        finally:
            watchdog.stop()
            shiboken6.delete(watchdog)

    def close(self) -> None:
        if self.is_closed():
            return
        super().close()
        for obj in self.qt_objects():
            if shiboken6.isValid(obj):
                shiboken6.delete(obj)

    def qt_objects(self) -> list[QObject]:
        """The QObjects this loop created: its timer object, the signaller behind
        `call_soon_threadsafe`, and the threads of its default executor (qasync 0.28 keeps
        the last two in private attributes; the `qt_loop` test checks they are found)."""
        found: list[QObject] = [self._timer]
        signaller = getattr(self, "_QEventLoop__call_soon_signaller", None)
        if signaller is not None:
            found.append(signaller)
        executor = getattr(self, "_QEventLoop__default_executor", None)
        found.extend(getattr(executor, "_QThreadExecutor__workers", ()))
        return found


#: How many loops `new_loop()` made: the guard in tests/conftest.py checks the tests that
#: made one.
loops_made = 0


def new_loop() -> ClosingQEventLoop:
    """The loop of one async Qt test (pytest-asyncio's `pytest_asyncio_loop_factories`)."""
    global loops_made
    loops_made += 1
    app = QApplication.instance() or QApplication([])
    return ClosingQEventLoop(app)


def collect_qt_garbage() -> list[str]:
    """Collect the garbage cycles on this thread; name the live Qt objects that were in them.

    Widgets that were already given `deleteLater()` (qtbot does that to the widgets it was
    given) are deleted first, as the next event loop run would. The objects found are freed
    here, on the main thread, either way: the caller decides whether that is a failure.
    Returns "Type × count" strings, most frequent first; empty when there was nothing.
    """
    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    previous = gc.get_debug()
    gc.set_debug(previous | gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        found = Counter(
            f"{type(obj).__module__}.{type(obj).__qualname__}"
            for obj in gc.garbage
            if isinstance(obj, QObject) and shiboken6.isValid(obj)
            and shiboken6.ownedByPython(obj)
        )
    finally:
        gc.garbage.clear()
        gc.set_debug(previous)
    gc.collect()  # the cycles saved above, freed on this thread
    return [f"{name} × {count}" for name, count in found.most_common()]
