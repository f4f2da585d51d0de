"""run_on_click (ui/async_slots.py): a button's click runs the coroutine on the loop, and its
failure reaches the excepthook as an `asyncSlot`'s does."""

from __future__ import annotations

import asyncio
import sys

from PySide6.QtWidgets import QPushButton

from desktop_app.ui.async_slots import run_on_click


async def test_a_click_runs_the_coroutine_and_reports_its_failure(qtbot, monkeypatch):
    reported: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda _type, error, _tb: reported.append(error))
    ran: list[str] = []

    async def works() -> None:
        ran.append("works")

    async def fails() -> None:
        ran.append("fails")
        raise ValueError("boom")

    good, bad = QPushButton(), QPushButton()
    qtbot.addWidget(good)
    qtbot.addWidget(bad)
    good.clicked.connect(run_on_click(works))
    bad.clicked.connect(run_on_click(fails))
    good.click()
    bad.click()
    await asyncio.sleep(0.05)
    assert ran == ["works", "fails"]
    assert [str(e) for e in reported] == ["boom"]
