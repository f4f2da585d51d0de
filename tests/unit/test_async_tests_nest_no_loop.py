"""No async test spins a nested Qt event loop.

An async Qt test runs inside a task of the qasync loop. `QTest.qWait`, `qtbot.waitUntil` and
their kind run a nested Qt loop from inside that task: any other task whose first step falls
due meanwhile is refused by asyncio (another task is running), never starts, and the
cancelling of leftover tasks at the end of the test waits for it for ever (a CI run hung
so). Inside an async test, wait with `await asyncio.sleep`, `wait_until` or `SignalWaiter`
(tests/ui/ui_helpers.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]

#: Calls that run a nested Qt event loop.
NESTING = {"qWait", "qWaitForWindowExposed", "qWaitForWindowActive", "processEvents",
           "waitUntil", "waitSignal", "waitSignals", "waitExposed", "waitActive",
           "waitCallback", "exec", "exec_"}


def nested_loops_in_async_functions(source: str) -> list[tuple[str, int, str]]:
    """(function, line, call) of every nesting call made directly in an `async def`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            if (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute)
                    and inner.func.attr in NESTING):
                found.append((node.name, inner.lineno, inner.func.attr))
            elif (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute)
                  and inner.func.attr == "wait" and isinstance(inner.func.value, ast.Name)
                  and inner.func.value.id == "qtbot"):
                found.append((node.name, inner.lineno, "qtbot.wait"))
    return found


def test_control_a_qwait_in_an_async_test_is_found() -> None:
    source = ("async def test_x(qtbot):\n    QTest.qWait(50)\n    qtbot.wait(10)\n"
              "def test_sync(qtbot):\n    qtbot.waitUntil(lambda: True)\n")
    assert nested_loops_in_async_functions(source) == [
        ("test_x", 2, "qWait"), ("test_x", 3, "qtbot.wait")]


def test_no_async_test_nests_a_qt_loop() -> None:
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        for name, line, call in nested_loops_in_async_functions(path.read_text("utf-8")):
            found.append(f"{path.relative_to(TESTS)}:{line} {name}: {call}")
    assert found == []
