"""Issue 21: the window's rules (plain text, wheel, Esc) call into Python only for the widgets
that need them, not for every event of the application.

An application-wide Python event filter is called for every event of every object: the
event loop's own timers and socket notices, a progress bar's 100 repaints a second. Each
call takes the GIL, and behind a worker thread running the sync's Python each one waited up
to a switch interval: with the two filters of issues 14 and 15 installed on the application,
the window's longest stalls during a 100,000-customer sync were 55-68 ms (goal 50), and
without them 35-45 ms (tests/benchmarks/bench_window_stall.py).

Control: with the rules installed on the application as before (`app.installEventFilter`),
the loop's timers and the progress bar's repaints reach the filter (the first test fails).
"""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QProgressBar, QVBoxLayout, QWidget
from ui_helpers import wait_until

from desktop_app.ui.widgets import window_rules as window_rules_module
from desktop_app.ui.widgets.window_rules import WindowRules, window_rules


class CountingRules(WindowRules):
    """The window's rules, counting their calls by the watched object's class."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.calls: Counter[str] = Counter()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        self.calls[type(watched).__name__] += 1
        return super().eventFilter(watched, event)


@pytest.fixture
def counted(monkeypatch) -> Counter[str]:
    """The application's rules counted (asked for before `window`, which adopts with them)."""
    app = QApplication.instance()
    rules = CountingRules(app)
    monkeypatch.setitem(window_rules_module._rules, id(app), rules)
    yield rules.calls
    rules.deleteLater()


async def test_the_loops_timers_and_a_progress_bar_never_call_the_rules(counted, window):
    calls = counted
    bar = window.findChild(QProgressBar)
    assert bar is not None
    bar.setRange(0, 0)  # busy: it animates, as during a sync
    bar.show()
    fired: list[int] = []
    timers = []
    for i in range(50):
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(lambda i=i: fired.append(i))
        timer.start(0)
        timers.append(timer)
    for _ in range(200):  # 200 callbacks of the asyncio loop: each a Qt timer event
        await asyncio.sleep(0)
    for value in range(30):
        bar.setRange(0, 100)
        bar.setValue(value)
        bar.repaint()
    await wait_until(lambda: len(fired) == 50)
    loop_objects = {name: n for name, n in calls.items()
                    if name in ("_SimpleTimer", "QTimer", "QObject", "QSocketNotifier",
                                "Signaller", "QProgressBar")}
    assert loop_objects == {}, calls

    # The probe works: a label added to the window's page reaches the rules (the page's
    # ChildPolished), which make it plain text before it is shown.
    page = window.tabs.currentWidget()
    label = QLabel("<b>Evil</b>", page)
    label.show()
    await wait_until(label.isVisible)
    assert sum(calls.values()) > 0
    assert label.textFormat() == Qt.TextFormat.PlainText


async def test_widgets_added_later_follow_the_rules_and_leaves_get_no_filter(counted, window):
    calls = counted
    page = window.tabs.currentWidget()
    box = QWidget(page)  # a container made after the window, and a label inside it
    inner = QLabel("<i>shop data</i>", box)
    QVBoxLayout(box).addWidget(inner)
    box.show()
    await wait_until(inner.isVisible)
    assert inner.textFormat() == Qt.TextFormat.PlainText
    calls.clear()
    for _ in range(20):  # a label's own events (its repaints) never call into Python
        inner.repaint()
    box.repaint()
    assert calls["QLabel"] == 0
    assert calls["QWidget"] > 0  # the container's are seen: it may get widgets later
    assert window_rules() is window_rules()  # one per application
    assert isinstance(window_rules(), CountingRules)
