"""An order action (create-documents, mark-paid, cancel, resync, import...) is set up as a sync
is (issue 16, found by the refactor): it acts for its shop card, so a real card's action never
matches the demo's sample customers (issue 14), and the card's time limits bound it (issue 15).
Before, `SyncService.run_action` did neither."""

from __future__ import annotations

import asyncio
import contextlib
import time

import pytest

from desktop_app.store import runs, shops
from desktop_app.store.models import Customer, Shop
from desktop_app.sync import service as service_module
from desktop_app.sync.customer_resolver import RESOURCE as CUSTOMERS
from desktop_app.sync.customer_resolver import CustomerResolver
from desktop_app.sync.orders import OrderJob
from desktop_app.sync.service import SyncService, SyncTimeLimitError


async def _action(tmp_path, shop: str, action, what: str = "resync"):
    service = SyncService(vault=None, data_dir=tmp_path)
    try:
        return await service.run_action(shop, action, what)
    finally:
        await service.aclose()


def _last_run(shop: str) -> dict:
    found = runs.find_runs(runs.RunFilter(shop=shop, limit=1))
    return runs.as_dict(found[0])


async def test_a_real_cards_order_action_never_matches_the_demos_sample_customers(db, tmp_path):
    shops.create_shop("DEMO", is_demo=True)
    shops.create_shop("REAL", domain="real-store.myshopify.com")
    Customer.create(no="K0001", name="Ann Sample", email="ann@example.org",
                    demo_shop=Shop.get(Shop.code == "DEMO"))
    Customer.create(no="C1", name="Bob Own", email="bob@example.org")
    matched: dict[str, str | None] = {}

    async def guest_orders(job: OrderJob) -> None:
        # What an imported guest order's customer is resolved by (`OrderParties`).
        resolver = CustomerResolver(job.ctx.aside(CUSTOMERS), job.settings)
        for email in ("ann@example.org", "bob@example.org"):
            matched[email] = resolver.resolve_guest(email, "", None)

    await _action(tmp_path, "REAL", guest_orders, "import")
    assert matched["bob@example.org"] == "C1"  # the merchant's own customer is matched
    assert matched["ann@example.org"] != "K0001"  # the demo's sample does not exist for REAL


async def test_an_order_action_past_the_cards_time_limit_is_stopped_and_recorded(
        db, tmp_path, monkeypatch):
    monkeypatch.setattr(service_module, "_MINUTE", 0.2)  # "1 minute" lasts 0.2 s here
    shops.create_shop("MAIN", is_demo=True)
    shops.update_shop_settings("MAIN", {"sync_time_limit": 1})

    async def endless(job: OrderJob) -> None:
        job.ctx.result.updated += 1  # done before the limit
        await asyncio.sleep(3600)

    with pytest.raises(SyncTimeLimitError, match="orders mark-paid action .* stopped after 1"):
        await asyncio.wait_for(_action(tmp_path, "MAIN", endless, "mark-paid"), timeout=10)
    run = _last_run("MAIN")
    assert run["status"] == "failed" and run["updated"] == 1
    assert run["message"].startswith("mark-paid: The orders mark-paid action of shop MAIN")


async def test_the_cards_request_limit_reaches_an_order_actions_client(db, tmp_path):
    shops.create_shop("MAIN", is_demo=True)
    shops.update_shop_settings("MAIN", {"request_time_limit": 7})
    seen = {}

    async def look(job: OrderJob) -> None:
        seen["request"] = job.client.request_deadline
        seen["execute"] = job.client.execute_deadline

    await _action(tmp_path, "MAIN", look)
    assert seen == {"request": 7.0, "execute": 17.5}


@contextlib.asynccontextmanager
async def _drip_server():
    """A shop on loopback that sends its headers, then one byte of the body a second."""
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, asyncio.CancelledError):
            await reader.readuntil(b"\r\n\r\n")
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 100000\r\n\r\n")
            while True:
                writer.write(b" ")
                await writer.drain()
                await asyncio.sleep(1)
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    finally:
        server.close()


async def test_an_order_action_against_a_dripping_shop_ends_within_the_cards_limit(
        db, tmp_path, monkeypatch):
    monkeypatch.setattr(service_module, "_MINUTE", 1.0)  # "1 minute" lasts 1 s here
    monkeypatch.setenv("SHOP_SYNC_TOKEN_SLOW", "shpat_test")
    async with _drip_server() as url:
        shops.create_shop("SLOW", api_url=url)
        shops.update_shop_settings("SLOW", {"sync_time_limit": 1})
        started = time.monotonic()
        with pytest.raises(SyncTimeLimitError):
            await asyncio.wait_for(
                _action(tmp_path, "SLOW", lambda job: job.fetch("gid://shopify/Order/1")),
                timeout=20)  # before: the client's own 150 s (60 s an answer)
        assert time.monotonic() - started < 10
    assert _last_run("SLOW")["status"] == "failed"
