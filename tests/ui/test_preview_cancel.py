"""A running preview (issue 19) is cancelled by its dialog's Cancel button: the engine is free
again and the job saw the cancellation (a slow customers job stands in for the sync).

Control: with the Cancel button not connected, the test waits in vain for the engine.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from test_preview_dialog import SHOP, _open_preview
from ui_helpers import SlowJob, wait_until

from desktop_app.sync.results import Resource


@pytest.fixture
def slow_job():
    return SlowJob(pages=2000, delay=0.01)


@pytest.fixture
def jobs(slow_job) -> dict:
    from desktop_app.sync.jobs import default_jobs

    return {**default_jobs(), Resource.CUSTOMERS: slow_job}


async def test_a_running_preview_is_cancelled_by_its_button(qtbot, slow_job, context, window):
    tab = window.customers_tab
    window.tabs.setCurrentWidget(tab)
    dialog = await _open_preview(qtbot, tab)
    await wait_until(slow_job.started.is_set)
    await wait_until(lambda: "records" in dialog.status_label.text())
    assert context.engine.is_busy(SHOP) and dialog.cancel_button.isEnabled()
    assert not tab.sync_button.isEnabled()  # one run per shop
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: not context.engine.is_busy(SHOP))
    assert slow_job.cancelled and not slow_job.completed
    assert dialog.result is None and "cancelled" in dialog.status_label.text()
    assert dialog.run_button.isEnabled() and not dialog.cancel_button.isEnabled()
    await wait_until(tab.sync_button.isEnabled)


