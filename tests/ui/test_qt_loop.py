"""The Qt tests' loop and leftover guard (tests/qt_loop.py): a closed loop keeps no Qt object
alive, the guard sees a Qt object in a garbage cycle, and the crash they prevent is real."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import shiboken6
from PySide6.QtCore import QTimer

from qt_loop import ClosingQEventLoop, collect_qt_garbage, new_loop

TESTS = Path(__file__).resolve().parents[1]

#: A test's loop ends the way pytest-asyncio ends it (a `wait_for` that returned leaves its
#: cancelled timeout behind, as every SignalWaiter.wait() does), the loop is left in a
#: garbage cycle, a worker thread collects it, then the main thread processes events past
#: that timeout (a short one: the crash comes when it is due, the survivor waits it out).
SCENARIO = """
import asyncio, gc, sys, threading, time
sys.path.insert(0, {tests!r})
import qasync
from PySide6.QtWidgets import QApplication
from qt_loop import ClosingQEventLoop

app = QApplication([])
gc.disable()
loop = {loop_class}(app)
loop.run_until_complete(asyncio.wait_for(asyncio.sleep(0.01), 0.3))
loop.close()
loop.cycle = loop
del loop
worker = threading.Thread(target=gc.collect)
worker.start()
worker.join()
gc.enable()
end = time.monotonic() + 1
while time.monotonic() < end:
    app.processEvents()
    time.sleep(0.01)
print("survived")
"""


def _run_scenario(loop_class: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    code = SCENARIO.format(tests=str(TESTS), loop_class=loop_class)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=60)


def test_a_closed_test_loop_survives_collection_on_a_worker_thread():
    done = _run_scenario("ClosingQEventLoop")
    assert done.returncode == 0 and "survived" in done.stdout, done.stderr[-2000:]
    assert "Timers cannot be stopped" not in done.stderr, done.stderr[-2000:]


def test_control_a_plain_qasync_loop_crashes_in_the_same_scenario():
    """Shows the scenario reproduces the crash (if qasync ever cleans up on close, this
    fails: then the ClosingQEventLoop may no longer be needed)."""
    done = _run_scenario("qasync.QEventLoop")
    assert "Timers cannot be stopped from another thread" in done.stderr, done.stderr[-2000:]
    assert done.returncode != 0 and "survived" not in done.stdout, (done.returncode,
                                                                    done.stdout)


def test_close_destroys_the_timer_object_signaller_and_executor_threads(qapp):
    loop = new_loop()
    assert isinstance(loop, ClosingQEventLoop)
    loop.run_until_complete(asyncio.to_thread(lambda: None))
    made = loop.qt_objects()
    # qasync 0.28's private attributes: if a new qasync renames them, this says so.
    assert len(made) == 12, [type(o).__name__ for o in made]  # timer, signaller, 10 threads
    assert all(shiboken6.isValid(o) for o in made)
    loop.close()
    assert not any(shiboken6.isValid(o) for o in made)


def test_the_guard_finds_a_qt_object_kept_only_by_a_cycle_and_frees_it(qapp):
    timer = QTimer()
    timer.start(60_000)
    timer.cycle = timer
    del timer
    assert collect_qt_garbage() == ["PySide6.QtCore.QTimer × 1"]
    assert collect_qt_garbage() == []
