"""What "sync all" runs, and in which order: one list for the command line and the window.

`shop-sync sync all` and the window's Sync > Sync all both take their resources from here, so
they run the same sequence through the same service (Qt-free: the CLI imports it).
"""

from __future__ import annotations

from typing import Protocol

from desktop_app.sync.results import Resource

#: Every resource a sync exists for, in the order "sync all" runs them: customers before the
#: companies and orders that refer to them, orders before their shipments and invoices.
SYNC_ORDER: tuple[str, ...] = ("customers", "companies", "orders", "shipments", "invoices",
                               "gift-cards")


class _HasJobs(Protocol):
    def has_job(self, resource: Resource | str) -> bool: ...


def sync_all_resources(service: _HasJobs) -> tuple[Resource, ...]:
    """The resources "sync all" runs, in order: those of `SYNC_ORDER` this version can sync."""
    return tuple(Resource(name) for name in SYNC_ORDER if service.has_job(name))
