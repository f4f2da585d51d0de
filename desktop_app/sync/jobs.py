"""Which job runs for which resource (the service dispatches through this table)."""

from __future__ import annotations

from desktop_app.sync.companies import sync_companies
from desktop_app.sync.context import Job, JobContext
from desktop_app.sync.customers import sync_customers
from desktop_app.sync.gift_cards import sync_gift_cards
from desktop_app.sync.invoices import sync_invoices
from desktop_app.sync.orders import sync_orders
from desktop_app.sync.refunds import process_refunds
from desktop_app.sync.results import Resource
from desktop_app.sync.shipments import sync_shipments


async def sync_orders_and_refunds(ctx: JobContext) -> None:
    """The Orders sync, then credit memos for the refunds it imported (seed 003: returns
    and refunds are imported with their orders)."""
    await sync_orders(ctx)
    await process_refunds(ctx)


def default_jobs() -> dict[Resource, Job]:
    """Resource → coroutine function taking a `JobContext`."""
    return {
        Resource.CUSTOMERS: sync_customers,
        Resource.COMPANIES: sync_companies,
        Resource.ORDERS: sync_orders_and_refunds,
        Resource.SHIPMENTS: sync_shipments,
        Resource.INVOICES: sync_invoices,
        Resource.GIFT_CARDS: sync_gift_cards,
    }
