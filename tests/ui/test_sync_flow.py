"""Progress, Cancel, the sync log and error feedback, driven by the real engine and service."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from desktop_app.sync.results import RecordIssue, Resource, SyncResult
from desktop_app.ui import feedback
from desktop_app.ui.models.sync_log_model import Column, Level
from ui_helpers import SignalWaiter, SlowJob, wait_until


@pytest.fixture
def slow_job(jobs):
    job = SlowJob(pages=400, delay=0.01)
    jobs[Resource.CUSTOMERS] = job
    return job


async def test_progress_bar_and_cancel_during_a_long_sync(window, context, slow_job):
    assert not window.progress_bar.isVisible() and not window.cancel_button.isVisible()
    finished = SignalWaiter(context.engine.finished)
    window.tabs.setCurrentWidget(window.customers_tab)
    window.sync_action.trigger()  # F5 on the Customers tab
    await wait_until(lambda: window.progress_bar.maximum() == 400
                     and window.progress_bar.value() >= 3)
    assert window.progress_bar.isVisible() and window.cancel_button.isVisible()
    assert "customers" in window.job_status_label.text() and "DEMO" in window.job_status_label.text()
    assert not window.customers_tab.sync_button.isEnabled()  # one sync per shop from here
    window.cancel_button.click()
    shop, resource, result = await finished.wait()
    assert (shop, resource, result.cancelled) == ("DEMO", "customers", True)
    assert slow_job.cancelled and not slow_job.completed
    await wait_until(lambda: not window.progress_bar.isVisible())
    assert not window.cancel_button.isVisible()
    assert window.customers_tab.sync_button.isEnabled()
    messages = [window.log_panel.model.entry(r).message
                for r in range(window.log_panel.model.rowCount())]
    assert messages == ["Sync started", "Sync cancelled"]
    assert "cancelled" in window.last_sync_label.text()


async def test_unknown_total_shows_a_busy_indicator(window, context, slow_job):
    context.engine.progress.emit("DEMO", "customers", 5, -1)  # no such run: ignored
    assert not window.progress_bar.isVisible() and window.job_status_label.text() == ""
    task = window.customers_tab._on_sync_button_clicked()
    await wait_until(lambda: window.progress_bar.maximum() == 400)
    context.engine.progress.emit("DEMO", "customers", 7, -1)
    assert (window.progress_bar.minimum(), window.progress_bar.maximum()) == (0, 0)
    context.engine.cancel()
    assert await task is None


async def test_log_panel_fills_from_engine_signals(window, context):
    engine = context.engine
    engine.started.emit("DEMO", "customers")
    engine.issue.emit("DEMO", "customers", RecordIssue("C00042", "phone", "Phone has already been taken"))
    engine.finished.emit("DEMO", "customers", SyncResult("customers", created=3, updated=1, failed=1))
    from desktop_app.errors import NetworkError

    engine.failed.emit("DEMO", "orders", NetworkError("timeout after 5 retries"))
    model = window.log_panel.model
    assert model.rowCount() == 4
    issue = model.entry(1)
    assert (issue.shop, issue.resource, issue.record, issue.field, issue.level) == (
        "DEMO", "customers", "C00042", "phone", Level.WARNING)
    index = model.index(1, Column.MESSAGE)
    assert model.data(index) == "Phone has already been taken"
    assert model.data(model.index(1, Column.RESOURCE)) == "Customers"
    # Counted on no side (set by hand): the counts alone, without the 0s (issue 18).
    assert model.entry(2).message == "Sync finished: 3 created, 1 updated, 1 failed"
    assert model.entry(3).message == feedback.message_for(NetworkError("x"))
    assert model.entry(3).level == Level.ERROR
    window.log_panel.problems_check.setChecked(True)
    assert window.log_panel.proxy.rowCount() == 3
    window.log_panel.clear_button.click()
    assert model.rowCount() == 0


async def test_a_real_customer_sync_is_logged_and_reloads_the_table(window, context):
    changed = SignalWaiter(context.engine.changed)
    result = await window.customers_tab.run_sync()
    assert isinstance(result, SyncResult) and not result.cancelled
    assert ("customers",) in changed.calls
    model = window.log_panel.model
    assert model.entry(model.rowCount() - 1).message.startswith("Sync finished:")


@pytest.mark.parametrize(
    "tab_name, resource", [("orders_tab", "orders"), ("gift_cards_tab", "gift-cards")]
)
async def test_orders_and_gift_cards_tabs_run_their_sync(window, context, tab_name, resource):
    # A small demo shop (the built-in one has 150 orders: minutes at the standard plan's rate).
    import json

    from desktop_app.demo_shop import ShopBackend

    backend = ShopBackend.generate(seed=5, customers=6, orders=4)
    state_dir = context.data_dir / "demo"
    state_dir.mkdir(parents=True, exist_ok=True)
    (state_dir / "DEMO.json").write_text(json.dumps(backend.to_json()), "utf-8")
    backend.close()
    tab = getattr(window, tab_name)
    window.tabs.setCurrentWidget(tab)
    assert tab.sync_button.isEnabled()
    done = SignalWaiter(tab.sync_done)
    tab.sync_button.click()
    (result,) = await done.wait()
    assert result is not None and result.resource == resource
    assert tab.last_error is None
    log = window.log_panel.model
    assert log.entry(log.rowCount() - 1).message.startswith("Sync finished:")


async def test_a_failed_sync_reaches_the_merchant_through_feedback(window):
    from desktop_app.store import shops

    shops.create_shop("WEB", domain="web-store.myshopify.com")  # no token stored
    window.reload_shops()
    window.select_shop("WEB")
    tab = window.orders_tab
    window.tabs.setCurrentWidget(tab)
    done = SignalWaiter(tab.sync_done)
    tab.sync_button.click()
    (result,) = await done.wait()
    assert result is None
    assert tab.last_error is not None and "token" in str(tab.last_error)
    box = tab.findChild(QMessageBox, "error_message_box")
    assert box is not None and box.isVisible()
    assert box.text() == feedback.message_for(tab.last_error)
    log = window.log_panel.model
    assert log.entry(log.rowCount() - 1).level == Level.ERROR


class _Emitter(QObject):
    ping = Signal(str, int)
    nothing = Signal()


def test_signals_survive_twenty_thousand_emits(qtbot):
    """Regression guard: PySide6 6.12 on Python 3.11 corrupts None's refcount on every
    emit and void call, and dies with `none_dealloc` (PLATFORM.md)."""
    emitter = _Emitter()
    seen = {"ping": 0, "nothing": 0, "total": 0}

    def on_ping(text: str, number: int) -> None:
        seen["ping"] += 1
        seen["total"] += number

    def on_nothing() -> None:
        seen["nothing"] += 1

    emitter.ping.connect(on_ping)
    emitter.nothing.connect(on_nothing)
    for n in range(20_000):
        emitter.ping.emit("x", n)
        emitter.nothing.emit()
        emitter.setObjectName(None if n % 2 else "e")  # a void method call with None
    assert seen == {"ping": 20_000, "nothing": 20_000, "total": sum(range(20_000))}


async def test_window_takes_twenty_thousand_progress_signals(window, context):
    engine = context.engine
    engine.started.emit("DEMO", "customers")
    for n in range(20_000):
        engine.progress.emit("DEMO", "customers", n, 20_000)
    assert window.progress_bar.value() == 19_999
    assert window.progress_bar.format() == "19999 of 20000"
