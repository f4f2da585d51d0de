"""Order actions go through the engine like syncs: busy while they run, cancelled by Cancel
(issue 16: the window no longer calls into the service)."""

from __future__ import annotations

import asyncio

import pytest
from ui_helpers import SignalWaiter, wait_until

from desktop_app.errors import AppError
from desktop_app.sync.orders import OrderJob


async def test_an_order_action_is_busy_while_it_runs_and_returns_its_result(context):
    engine = context.engine
    busy = SignalWaiter(engine.busy_changed)
    release = asyncio.Event()
    seen: list[str] = []

    async def action(job: OrderJob) -> None:
        seen.append(job.shop)
        job.ctx.result.updated += 2
        await release.wait()

    task = asyncio.ensure_future(engine.run_action("DEMO", action, "resync"))
    await wait_until(lambda: seen == ["DEMO"])
    assert engine.is_busy("DEMO") and engine.is_busy()
    release.set()
    result = await task
    assert result is not None and result.updated == 2 and not result.cancelled
    assert not engine.is_busy()
    assert [call[0] for call in busy.calls] == [True, False]


async def test_cancel_stops_a_running_order_action(context):
    engine = context.engine
    started = asyncio.Event()
    finished: list[bool] = []

    async def action(_job: OrderJob) -> None:
        started.set()
        await asyncio.sleep(30)
        finished.append(True)

    task = asyncio.ensure_future(engine.run_action("DEMO", action, "cancel"))
    await started.wait()
    engine.cancel("DEMO")
    assert await task is None
    assert not finished and not engine.is_busy()


async def test_a_failed_order_action_reaches_the_caller(context):
    engine = context.engine

    async def action(_job: OrderJob) -> None:
        raise AppError("Shopify did not mark the order as paid")

    with pytest.raises(AppError, match="did not mark"):
        await engine.run_action("DEMO", action, "mark_paid")
    assert not engine.is_busy()


async def test_the_windows_cancel_stops_an_order_action_of_the_orders_tab(window, context):
    # The tab's actions run through the engine: the window shows Cancel while one runs, and
    # Cancel stops it (before issue 16 they ran beside the engine, out of Cancel's reach).
    tab = window.orders_tab
    window.tabs.setCurrentWidget(tab)
    assert tab.shop() == "DEMO"
    started = asyncio.Event()

    async def action(_job: OrderJob) -> None:
        started.set()
        await asyncio.sleep(30)

    done = SignalWaiter(tab.action_done)
    task = asyncio.ensure_future(
        tab.order_actions.run_order_action("resync", action, "Syncing from Shopify…"))
    await started.wait()
    await wait_until(window.cancel_button.isVisible)
    assert not tab.sync_button.isEnabled()  # one run per shop, actions included
    window.cancel_button.click()
    assert await task is None
    assert await done.wait() == ("resync", None)
    assert tab.status_label.text() == "The action was cancelled."
    await wait_until(lambda: not window.cancel_button.isVisible())
    assert tab.sync_button.isEnabled()
