"""Which job runs for which resource (the service dispatches through this table)."""

from __future__ import annotations

from desktop_app.sync.results import Resource


def default_jobs() -> dict:
    """Resource → coroutine function taking a `JobContext`. Missing resources come later."""
    from desktop_app.sync.companies import sync_companies
    from desktop_app.sync.customers import sync_customers
    from desktop_app.sync.orders import sync_orders

    return {
        Resource.CUSTOMERS: sync_customers,
        Resource.COMPANIES: sync_companies,
        Resource.ORDERS: sync_orders,
    }
