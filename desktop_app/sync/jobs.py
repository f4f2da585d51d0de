"""Which job runs for which resource (the service dispatches through this table).

A job's module is imported when that job first runs, not with the table: a `shop-sync sync
customers` process need not load the orders', companies', shipments', invoices' and gift
cards' modules (0.1-0.2 s of CPU per process; tests/unit/test_start_imports.py).
"""

from __future__ import annotations

import importlib

from desktop_app.sync.context import Job, JobContext
from desktop_app.sync.results import Resource


async def sync_orders_and_refunds(ctx: JobContext) -> None:
    """The Orders sync, then credit memos for the refunds it imported (seed 003: returns
    and refunds are imported with their orders)."""
    from desktop_app.sync.orders import sync_orders
    from desktop_app.sync.refunds import process_refunds

    await sync_orders(ctx)
    await process_refunds(ctx)


def _job(module: str, name: str) -> Job:
    """The job `name` of `desktop_app.sync.<module>`, imported when it first runs."""

    async def job(ctx: JobContext) -> None:
        run: Job = getattr(importlib.import_module(f"desktop_app.sync.{module}"), name)
        await run(ctx)

    job.__name__ = job.__qualname__ = name
    return job


def default_jobs() -> dict[Resource, Job]:
    """Resource → coroutine function taking a `JobContext`."""
    return {
        Resource.CUSTOMERS: _job("customers", "sync_customers"),
        Resource.COMPANIES: _job("companies", "sync_companies"),
        Resource.ORDERS: sync_orders_and_refunds,
        Resource.SHIPMENTS: _job("shipments", "sync_shipments"),
        Resource.INVOICES: _job("invoices", "sync_invoices"),
        Resource.GIFT_CARDS: _job("gift_cards", "sync_gift_cards"),
    }
